"""recompute_notice_deadlines: each deadline follows its interview's own period; the site setting is only a default."""

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from interviews.choices import EventKind, NoticeUnit, ReminderKind
from interviews.models import Interview, Reminder
from tests.factories import InterviewFactory, UserFactory


def test_changing_the_site_notice_hours_changes_only_the_default_of_new_interviews(db, settings):
    owner = UserFactory()
    start = timezone.now() + dt.timedelta(days=5)
    existing = InterviewFactory(owner=owner, scheduled_at=start)

    settings.RAINCHECK_NOTICE_HOURS = 48
    out = StringIO()
    call_command("recompute_notice_deadlines", stdout=out)
    added = InterviewFactory(owner=owner, scheduled_at=start)

    existing.refresh_from_db()
    assert (existing.notice_period_text, existing.notice_deadline) == ("24 hours", start - dt.timedelta(hours=24))
    assert "0 interview deadline(s) recomputed" in out.getvalue()
    assert (added.notice_period_text, added.notice_deadline) == ("48 hours", start - dt.timedelta(hours=48))


def test_a_stale_deadline_is_recomputed_from_the_interviews_own_period_and_its_reminders_follow(db):
    owner = UserFactory(time_zone="UTC")
    start = dt.datetime(2030, 5, 14, 10, 0, tzinfo=dt.UTC)  # a Tuesday
    interview = InterviewFactory(
        owner=owner,
        scheduled_at=start,
        time_zone="UTC",
        notice_period_amount=2,
        notice_period_unit=NoticeUnit.BUSINESS_DAYS,
        now=start - dt.timedelta(days=10),
    )
    # Written outside the services (say, by hand in a database shell): 24 hours instead of 2 business days.
    Interview.objects.filter(pk=interview.pk).update(notice_deadline=start - dt.timedelta(hours=24))

    out = StringIO()
    call_command("recompute_notice_deadlines", stdout=out)

    interview.refresh_from_db()
    friday = dt.datetime(2030, 5, 10, 10, 0, tzinfo=dt.UTC)
    assert interview.notice_deadline == friday
    assert "1 interview deadline(s) recomputed" in out.getvalue()
    due = dict(Reminder.objects.filter(interview=interview).pending().values_list("kind", "due_at"))
    assert due == {
        ReminderKind.DECIDE_NOW: friday - dt.timedelta(hours=24),
        ReminderKind.CLOSES_SOON: friday - dt.timedelta(hours=3),
    }
    assert interview.events.filter(kind=EventKind.EDITED, summary__contains="2 business days").exists()


def test_a_second_run_changes_nothing(db):
    InterviewFactory(notice_period_amount=48)
    call_command("recompute_notice_deadlines", stdout=StringIO())
    out = StringIO()
    call_command("recompute_notice_deadlines", stdout=out)
    assert "0 interview deadline(s) recomputed" in out.getvalue()
