"""Each interview's own notice period, through the services and the pages: deadline, reminders, late notice, texts."""

import datetime as dt
import re
from unittest import mock

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from interviews.choices import Attendance, EventKind, NoticeChannel, NoticeUnit, Plan, ReminderKind
from interviews.models import Interview, Reminder
from interviews.services import interview_decide, interview_reschedule, interview_update, notice_give
from tests.factories import InterviewFactory, UserFactory

UTC = dt.UTC
# Monday 10:00 UTC; the interviews are in UTC so the weekend is plain to see.
START = dt.datetime(2030, 5, 13, 10, 0, tzinfo=UTC)
ADDED = START - dt.timedelta(days=14)


def add(owner=None, **kwargs) -> Interview:
    owner = owner or UserFactory(time_zone="UTC")
    return InterviewFactory(owner=owner, scheduled_at=START, time_zone="UTC", now=ADDED, **kwargs)


def pending(interview) -> dict:
    return dict(Reminder.objects.filter(interview=interview).pending().values_list("kind", "due_at"))


@pytest.mark.parametrize(
    ("fields", "deadline"),
    [
        ({}, START - dt.timedelta(hours=24)),
        ({"notice_period_amount": 48}, dt.datetime(2030, 5, 11, 10, 0, tzinfo=UTC)),  # Saturday
        (
            {"notice_period_amount": 2, "notice_period_unit": NoticeUnit.BUSINESS_DAYS},
            dt.datetime(2030, 5, 9, 10, 0, tzinfo=UTC),
        ),
    ],
    ids=["24h", "48h", "2-business-days"],
)
def test_the_stored_deadline_follows_the_interviews_own_period(db, fields, deadline):
    interview = add(**fields)

    assert Interview.objects.get(pk=interview.pk).notice_deadline == deadline
    assert pending(interview) == {
        ReminderKind.DECIDE_NOW: deadline - dt.timedelta(hours=24),
        ReminderKind.CLOSES_SOON: deadline - dt.timedelta(hours=3),
    }


def test_a_new_interview_takes_the_owners_default_which_takes_the_sites(db, settings):
    settings.RAINCHECK_NOTICE_HOURS = 36
    assert add().notice_period_text == "36 hours"
    careful = UserFactory(time_zone="UTC", notice_period_amount=3, notice_period_unit=NoticeUnit.BUSINESS_DAYS)
    assert add(owner=careful).notice_period_text == "3 business days"


def test_a_period_beyond_the_limits_is_refused_and_nothing_is_written(db):
    owner = UserFactory(time_zone="UTC")
    with pytest.raises(ValidationError) as error:
        add(owner=owner, notice_period_amount=11, notice_period_unit=NoticeUnit.BUSINESS_DAYS)
    assert "at most 10 business days" in str(error.value.message_dict["notice_period_amount"])
    assert not Interview.objects.exists()


def test_a_period_change_moves_the_deadline_and_replans_in_the_same_transaction(db):
    interview = add()
    with time_machine.travel(ADDED, tick=False):
        interview_update(interview=interview, now=ADDED, notice_period_amount=48)

    deadline = dt.datetime(2030, 5, 11, 10, 0, tzinfo=UTC)
    assert Interview.objects.get(pk=interview.pk).notice_deadline == deadline
    assert pending(interview)[ReminderKind.DECIDE_NOW] == deadline - dt.timedelta(hours=24)
    assert interview.events.filter(
        kind=EventKind.EDITED, summary__startswith="Notice period changed from 24 hours to 48 hours"
    ).exists()


def test_a_replan_that_fails_leaves_the_period_and_deadline_as_they_were(db):
    interview = add()
    with (
        mock.patch("interviews.services.plan_for", side_effect=RuntimeError("planning broke")),
        pytest.raises(RuntimeError),
    ):
        interview_update(interview=interview, now=ADDED, notice_period_amount=48)

    stored = Interview.objects.get(pk=interview.pk)
    assert (stored.notice_period_amount, stored.notice_deadline) == (24, START - dt.timedelta(hours=24))
    assert not stored.events.filter(summary__startswith="Notice period changed").exists()


def test_a_business_day_deadline_moves_with_the_zone_it_is_counted_in(db):
    interview = add(notice_period_amount=1, notice_period_unit=NoticeUnit.BUSINESS_DAYS)
    interview_update(interview=interview, now=ADDED, time_zone="Pacific/Auckland")

    # Monday 10:00 UTC is Monday 22:00 in Auckland: one business day back is Friday 22:00 there.
    assert interview.notice_deadline == dt.datetime(2030, 5, 10, 10, 0, tzinfo=UTC)


def test_a_new_time_keeps_the_period(db):
    interview = add(notice_period_amount=2, notice_period_unit=NoticeUnit.BUSINESS_DAYS)
    interview_reschedule(interview=interview, new_time=START + dt.timedelta(days=1), now=ADDED)
    assert interview.notice_deadline == dt.datetime(2030, 5, 10, 10, 0, tzinfo=UTC)  # Tuesday -> Friday


def _tell_them(interview, at):
    interview_decide(interview=interview, now=at, attendance=Attendance.CANNOT)
    interview_decide(interview=interview, now=at, plan=Plan.RESCHEDULE)
    return notice_give(interview=interview, channel=NoticeChannel.EMAIL, at=at)


def test_notice_is_late_by_the_interviews_own_period(db):
    thirty_hours_before = START - dt.timedelta(hours=30)
    assert _tell_them(add(notice_period_amount=48), thirty_hours_before).notice_late is True
    assert _tell_them(add(notice_period_amount=24), thirty_hours_before).notice_late is False
    # Friday 10:00 is after a 2-business-day deadline (Thursday 10:00), though 72 hours ahead.
    friday = dt.datetime(2030, 5, 10, 10, 0, tzinfo=UTC)
    late = _tell_them(add(notice_period_amount=2, notice_period_unit=NoticeUnit.BUSINESS_DAYS), friday)
    assert late.notice_late is True
    assert "(late notice)" in late.events.get(kind=EventKind.NOTICE_GIVEN).summary


# --- The pages -------------------------------------------------------------------------------


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_the_form_takes_a_period_in_business_days_and_a_policy_note(client, db):
    owner = UserFactory(time_zone="UTC")
    with time_machine.travel(ADDED, tick=False):
        client.force_login(owner)  # in the travelled clock, so the session is fresh
        form = client.get(reverse("interviews:create"))
        response = client.post(
            reverse("interviews:create"),
            {
                "company": "Initech",
                "date": "2030-05-13",
                "time": "10:00",
                "time_zone": "UTC",
                "duration_minutes": "60",
                "notice_period_amount": "2",
                "notice_period_unit": "business_days",
                "notice_policy": "Their booking link stops working 2 business days before",
            },
        )

    assert 'name="notice_period_amount" value="24"' in form.content.decode()  # the site's default
    interview = Interview.objects.get()
    assert response.status_code == 302
    assert interview.notice_deadline == dt.datetime(2030, 5, 9, 10, 0, tzinfo=UTC)
    assert interview.notice_policy == "Their booking link stops working 2 business days before"


def test_the_form_shows_the_services_refusal_of_a_period_on_its_field(client, db):
    owner = UserFactory(time_zone="UTC")
    with time_machine.travel(ADDED, tick=False):
        client.force_login(owner)  # in the travelled clock, so the session is fresh
        response = client.post(
            reverse("interviews:create"),
            {
                "company": "Initech",
                "date": "2030-05-13",
                "time": "10:00",
                "time_zone": "UTC",
                "duration_minutes": "60",
                "notice_period_amount": "12",
                "notice_period_unit": "business_days",
            },
        )
    assert response.status_code == 200
    assert "Enter at most 10 business days" in text(response)
    assert not Interview.objects.exists()


def test_the_flow_and_the_interview_page_say_the_interviews_own_period_and_policy(client, db):
    interview = add(notice_period_amount=48, notice_policy="The booking link stops working 48 h before")
    with time_machine.travel(START - dt.timedelta(hours=60), tick=False):
        client.force_login(interview.owner)
        flow_page = text(client.get(reverse("interviews:flow_step", args=[interview.pk, "attend"])))
        detail = text(client.get(reverse("interviews:detail", args=[interview.pk])))

    assert "12 hours left to give 48 hours' notice" in flow_page
    assert "Their policy: The booking link stops working 48 h before" in flow_page
    assert "Notice period 48 hours" in detail


def test_the_dashboard_badge_follows_the_period(client, db):
    owner = UserFactory(time_zone="UTC")
    usual = add(owner=owner, company="Usual")
    strict = add(owner=owner, company="Strict", notice_period_amount=2, notice_period_unit=NoticeUnit.BUSINESS_DAYS)
    with time_machine.travel(START - dt.timedelta(days=3), tick=False):  # Friday 10:00
        client.force_login(owner)
        page = client.get(reverse("interviews:dashboard")).content.decode()

    def badge(interview):
        row = page[page.index(f'data-interview="{interview.pk}"') :]
        return re.search(r'data-notice-state="(\w+)"', row).group(1)

    assert (badge(usual), badge(strict)) == ("open", "closed")


def test_the_reminder_email_and_its_calendar_say_the_interviews_own_period(db):
    from interviews.notifications import reminder_email

    interview = add(
        notice_period_amount=2, notice_period_unit=NoticeUnit.BUSINESS_DAYS, notice_policy="No-shows banned"
    )
    reminder = interview.reminders.get(kind=ReminderKind.DECIDE_NOW)
    email = reminder_email(reminder, now=reminder.due_at)

    assert "Notice period:  2 business days (No-shows banned)" in email.body
    ics = email.attachments[0][1]
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert "(2 business days before it starts: their notice period)" in ics.replace("\r\n ", "")


def test_the_settings_page_sets_the_default_period_and_the_follow_up_days(client, db):
    owner = UserFactory(time_zone="UTC")
    client.force_login(owner)
    response = client.post(
        reverse("accounts:settings"),
        {
            "time_zone": "UTC",
            "reminders_enabled": "on",
            "reminder_first_hours": "24",
            "reminder_second_hours": "3",
            "follow_up_days": "5",
            "notice_period_amount": "2",
            "notice_period_unit": "business_days",
        },
    )
    owner.refresh_from_db()
    assert response.status_code == 302
    assert (str(owner.default_notice_period()), owner.follow_up_days) == ("2 business days", 5)

    refused = client.post(
        reverse("accounts:settings"),
        {"time_zone": "UTC", "reminder_first_hours": "24", "reminder_second_hours": "3"}
        | {"notice_period_amount": "20", "notice_period_unit": "business_days"},
    )
    owner.refresh_from_db()
    assert refused.status_code == 200
    assert "Enter at most 10 business days" in text(refused)
    assert str(owner.default_notice_period()) == "2 business days"
