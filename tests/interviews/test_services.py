"""The services: each write is one transaction that also writes its history event."""

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from interviews.choices import Attendance, EventKind, NoticeChannel, Plan, Reason, Status
from interviews.models import Interview, InterviewEvent
from interviews.services import (
    NoticeAlreadyGiven,
    interview_create,
    interview_decide,
    interview_delete,
    interview_record_outcome,
    interview_reschedule,
    interview_update,
    notice_give,
)
from tests.factories import InterviewFactory

UTC = dt.UTC
NOW = dt.datetime(2027, 5, 3, 9, 0, tzinfo=UTC)
START = dt.datetime(2027, 5, 10, 14, 0, tzinfo=UTC)


def kinds(interview: Interview) -> list[str]:
    return list(InterviewEvent.objects.filter(interview=interview).values_list("kind", flat=True))


@pytest.fixture
def interview(user):
    return InterviewFactory(owner=user, scheduled_at=START, now=NOW)


def test_create_sets_the_deadline_and_writes_the_created_event(user):
    created = interview_create(
        owner=user, now=NOW, company="Initech", scheduled_at=START, time_zone="Europe/Berlin", role="QA"
    )

    stored = Interview.objects.get(pk=created.pk)
    assert stored.notice_deadline == START - dt.timedelta(hours=24)
    assert stored.status == Status.SCHEDULED
    event = InterviewEvent.objects.get(interview=stored)
    assert event.kind == EventKind.CREATED
    assert event.at == NOW
    # The timeline speaks the interview's zone: 14:00 UTC is 16:00 in Berlin in May.
    assert "16:00" in event.summary


def test_create_refuses_a_blank_company_and_writes_nothing(user):
    with pytest.raises(ValidationError):
        interview_create(owner=user, now=NOW, company="", scheduled_at=START, time_zone="Europe/Berlin")

    assert Interview.objects.count() == 0
    assert InterviewEvent.objects.count() == 0


def test_update_of_the_time_moves_the_deadline_and_writes_rescheduled(interview):
    later = START + dt.timedelta(days=2, hours=3)

    interview_update(interview=interview, now=NOW, scheduled_at=later)

    stored = Interview.objects.get(pk=interview.pk)
    assert stored.scheduled_at == later
    assert stored.notice_deadline == later - dt.timedelta(hours=24)
    event = InterviewEvent.objects.filter(interview=interview).last()
    assert event.kind == EventKind.RESCHEDULED
    assert event.data == {"old": START.isoformat(), "new": later.isoformat()}
    assert kinds(interview) == [EventKind.CREATED, EventKind.RESCHEDULED]


def test_update_of_details_only_writes_one_edited_event_and_keeps_the_deadline(interview):
    interview_update(interview=interview, now=NOW, company="Globex", notes="Bring a portfolio")

    stored = Interview.objects.get(pk=interview.pk)
    assert stored.company == "Globex"
    assert stored.notice_deadline == START - dt.timedelta(hours=24)
    assert kinds(interview) == [EventKind.CREATED, EventKind.EDITED]
    assert "company" in InterviewEvent.objects.filter(interview=interview).last().summary


def test_update_with_nothing_changed_writes_no_event(interview):
    interview_update(interview=interview, now=NOW, company=interview.company, scheduled_at=START)

    assert kinds(interview) == [EventKind.CREATED]


def test_update_of_the_time_keeps_the_decision(interview):
    interview_decide(interview=interview, now=NOW, attendance=Attendance.CANNOT)
    interview_decide(interview=interview, now=NOW, reason=Reason.WORK)

    interview_update(interview=interview, now=NOW, scheduled_at=START + dt.timedelta(hours=5))

    stored = Interview.objects.get(pk=interview.pk)
    assert (stored.attendance, stored.reason) == (Attendance.CANNOT, Reason.WORK)


def _give_notice(interview: Interview, *, plan: str, at: dt.datetime) -> Interview:
    interview_decide(interview=interview, now=at, attendance=Attendance.CANNOT)
    interview_decide(interview=interview, now=at, reason=Reason.FAMILY)
    interview_decide(interview=interview, now=at, plan=plan)
    return notice_give(interview=interview, channel=NoticeChannel.EMAIL, at=at)


def test_reschedule_clears_the_decision_and_notice_and_keeps_history(interview):
    _give_notice(interview, plan=Plan.RESCHEDULE, at=NOW)
    new_time = START + dt.timedelta(days=7)

    interview_reschedule(interview=interview, new_time=new_time, now=NOW + dt.timedelta(hours=2))

    stored = Interview.objects.get(pk=interview.pk)
    assert stored.scheduled_at == new_time
    assert stored.notice_deadline == new_time - dt.timedelta(hours=24)
    assert stored.status == Status.SCHEDULED
    assert (stored.attendance, stored.reason, stored.plan) == ("", "", "")
    assert (stored.notice_given_at, stored.notice_channel, stored.notice_hours, stored.notice_late) == (
        None,
        "",
        None,
        False,
    )
    assert kinds(interview) == [
        EventKind.CREATED,
        EventKind.DECISION,
        EventKind.DECISION,
        EventKind.DECISION,
        EventKind.NOTICE_GIVEN,
        EventKind.RESCHEDULED,
    ]
    moved = InterviewEvent.objects.filter(interview=interview).last()
    assert moved.data["notice_given_at"] == NOW.isoformat()
    assert moved.data["plan"] == Plan.RESCHEDULE
    assert moved.data["reason"] == Reason.FAMILY


def test_notice_given_more_than_24h_before_is_on_time_with_its_hours(interview):
    at = START - dt.timedelta(hours=30, minutes=15)

    _give_notice(interview, plan=Plan.RESCHEDULE, at=at)

    stored = Interview.objects.get(pk=interview.pk)
    assert stored.notice_given_at == at
    assert stored.notice_hours == Decimal("30.2")
    assert stored.notice_late is False
    assert stored.status == Status.RESCHEDULE_REQUESTED
    event = InterviewEvent.objects.filter(interview=interview).last()
    assert event.kind == EventKind.NOTICE_GIVEN
    assert "late" not in event.summary


def test_notice_given_inside_24h_is_flagged_late(interview):
    at = START - dt.timedelta(hours=23, minutes=59, seconds=59)

    _give_notice(interview, plan=Plan.CANCEL, at=at)

    stored = Interview.objects.get(pk=interview.pk)
    assert stored.notice_late is True
    assert stored.notice_hours == Decimal("23.9")
    assert stored.status == Status.CANCELLED
    assert "late notice" in InterviewEvent.objects.filter(interview=interview).last().summary


def test_notice_given_exactly_24h_before_is_not_late(interview):
    _give_notice(interview, plan=Plan.CANCEL, at=START - dt.timedelta(hours=24))

    stored = Interview.objects.get(pk=interview.pk)
    assert stored.notice_late is False
    assert stored.notice_hours == Decimal("24.0")


def test_notice_hours_count_real_hours_across_a_daylight_saving_change(user):
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    start = dt.datetime(2027, 3, 28, 10, 0, tzinfo=berlin)  # the clocks went forward at 02:00
    interview = InterviewFactory(owner=user, time_zone="Europe/Berlin", scheduled_at=start, now=NOW - dt.timedelta(60))
    at = dt.datetime(2027, 3, 27, 10, 0, tzinfo=berlin)  # same wall time the day before: 23 real hours

    _give_notice(interview, plan=Plan.CANCEL, at=at)

    stored = Interview.objects.get(pk=interview.pk)
    assert stored.notice_hours == Decimal("23.0")
    assert stored.notice_late is True


def test_notice_is_given_once_per_scheduled_time(interview):
    _give_notice(interview, plan=Plan.CANCEL, at=NOW)

    with pytest.raises(NoticeAlreadyGiven):
        notice_give(interview=interview, channel=NoticeChannel.PHONE, at=NOW + dt.timedelta(hours=1))

    stored = Interview.objects.get(pk=interview.pk)
    assert stored.notice_channel == NoticeChannel.EMAIL
    assert kinds(interview).count(EventKind.NOTICE_GIVEN) == 1


SERVICE_CALLS = pytest.mark.parametrize(
    ("act", "kind"),
    [
        (lambda i: interview_update(interview=i, now=NOW, scheduled_at=START + dt.timedelta(hours=1)), "rescheduled"),
        (lambda i: interview_update(interview=i, now=NOW, company="Globex"), "edited"),
        (lambda i: interview_reschedule(interview=i, new_time=START + dt.timedelta(days=1), now=NOW), "rescheduled"),
        (lambda i: interview_decide(interview=i, now=NOW, attendance=Attendance.YES), "decision"),
        (lambda i: interview_record_outcome(interview=i, outcome="cancelled", now=NOW), "outcome"),
    ],
    ids=["update-time", "update-details", "reschedule", "decide", "outcome"],
)


@SERVICE_CALLS
def test_each_service_writes_exactly_one_event(interview, act, kind):
    act(interview)

    assert kinds(interview) == [EventKind.CREATED, kind]


def test_delete_removes_the_interview_with_its_history(interview):
    interview_delete(interview=interview)

    assert not Interview.objects.filter(pk=interview.pk).exists()
    assert InterviewEvent.objects.count() == 0


def test_notice_cannot_be_given_twice_from_two_stale_copies(interview):
    """Two tabs loaded the interview before either recorded notice: only the first counts."""
    interview_decide(interview=interview, now=NOW, attendance=Attendance.CANNOT)
    interview_decide(interview=interview, now=NOW, reason=Reason.WORK)
    interview_decide(interview=interview, now=NOW, plan=Plan.CANCEL)
    tab_one = Interview.objects.get(pk=interview.pk)
    tab_two = Interview.objects.get(pk=interview.pk)

    notice_give(interview=tab_one, channel=NoticeChannel.EMAIL, at=NOW)
    with pytest.raises(NoticeAlreadyGiven):
        notice_give(interview=tab_two, channel=NoticeChannel.PHONE, at=NOW)

    assert Interview.objects.get(pk=interview.pk).notice_channel == NoticeChannel.EMAIL
    assert kinds(interview).count(EventKind.NOTICE_GIVEN) == 1
