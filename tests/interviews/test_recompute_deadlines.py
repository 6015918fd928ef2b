"""recompute_notice_deadlines: after the notice period changes, stored deadlines and reminders follow."""

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from interviews.choices import EventKind, ReminderKind
from interviews.models import Reminder
from tests.factories import InterviewFactory, UserFactory


def test_changing_the_notice_period_moves_deadlines_and_reminders(db, settings):
    owner = UserFactory()
    start = timezone.now() + dt.timedelta(days=5)
    interview = InterviewFactory(owner=owner, scheduled_at=start)
    assert interview.notice_deadline == start - dt.timedelta(hours=24)

    settings.RAINCHECK_NOTICE_HOURS = 48
    out = StringIO()
    call_command("recompute_notice_deadlines", stdout=out)

    interview.refresh_from_db()
    assert interview.notice_deadline == start - dt.timedelta(hours=48)
    assert "1 interview(s) moved to a 48-hour notice period." in out.getvalue()
    due = dict(Reminder.objects.filter(interview=interview).pending().values_list("kind", "due_at"))
    assert due == {
        ReminderKind.DECIDE_NOW: start - dt.timedelta(hours=48 + 24),
        ReminderKind.CLOSES_SOON: start - dt.timedelta(hours=48 + 3),
    }
    assert interview.events.filter(kind=EventKind.EDITED, summary__contains="notice period changed").exists()


def test_a_second_run_changes_nothing(db, settings):
    InterviewFactory()
    settings.RAINCHECK_NOTICE_HOURS = 12
    call_command("recompute_notice_deadlines", stdout=StringIO())
    out = StringIO()
    call_command("recompute_notice_deadlines", stdout=out)
    assert "0 interview(s) moved" in out.getvalue()
