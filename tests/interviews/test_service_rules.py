"""Every domain rule of an interview, enforced by the service that writes (not only by a form)."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from interviews.choices import EventKind, Status
from interviews.models import NOTES_MAX_LENGTH, Interview, InterviewEvent
from interviews.services import (
    interview_create,
    interview_record_outcome,
    interview_reschedule,
    interview_update,
)
from tests.factories import InterviewFactory

UTC = dt.UTC
NOW = dt.datetime(2027, 5, 3, 9, 0, tzinfo=UTC)
START = dt.datetime(2027, 5, 10, 14, 0, tzinfo=UTC)
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


@pytest.fixture
def interview(user):
    return InterviewFactory(owner=user, scheduled_at=START, now=NOW)


def refused(error: pytest.ExceptionInfo, field: str) -> str:
    """The message the service gave for `field`."""
    return " ".join(error.value.message_dict[field])


def stored(interview: Interview) -> tuple:
    fresh = Interview.objects.get(pk=interview.pk)
    return fresh.company, fresh.scheduled_at, fresh.notice_deadline, fresh.time_zone, fresh.status


def create(user, **fields):
    return interview_create(
        owner=user, now=NOW, **{"company": "Initech", "scheduled_at": START, "time_zone": "UTC", **fields}
    )


# --- The time: ahead of now, within five years, inside the calendar -----------------------------

TIMES_REFUSED = [
    pytest.param(NOW - dt.timedelta(minutes=1), "in the past", id="past"),
    pytest.param(NOW, "in the past", id="now"),
    pytest.param(dt.datetime(2033, 1, 1, tzinfo=UTC), "Check the year", id="six-years-ahead"),
    pytest.param(dt.datetime(9999, 12, 31, 23, 30, tzinfo=NEW_YORK), "too far", id="past-year-9999-in-utc"),
    pytest.param(dt.datetime(9999, 12, 31, 12, 0, tzinfo=UTC), "Check the year", id="year-9999"),
    pytest.param(dt.datetime(1, 1, 1, 0, 30, tzinfo=TOKYO), "too far", id="before-year-1-in-utc"),
    pytest.param(dt.datetime(1, 1, 2, 0, 0, tzinfo=UTC), "in the past", id="year-1"),
]


@pytest.mark.parametrize(("when", "message"), TIMES_REFUSED)
def test_create_refuses_a_time_that_cannot_be(user, when, message):
    with pytest.raises(ValidationError) as error:
        create(user, scheduled_at=when)

    assert message in refused(error, "scheduled_at")
    assert not Interview.objects.exists()


MOVES = pytest.mark.parametrize(
    "move",
    [
        lambda i, when: interview_update(interview=i, now=NOW, scheduled_at=when),
        lambda i, when: interview_reschedule(interview=i, new_time=when, now=NOW),
    ],
    ids=["update", "reschedule"],
)


@MOVES
@pytest.mark.parametrize(("when", "message"), TIMES_REFUSED)
def test_moving_to_a_time_that_cannot_be_is_refused_and_changes_nothing(interview, move, when, message):
    before = stored(interview)

    with pytest.raises(ValidationError) as error:
        move(interview, when)

    assert message in refused(error, "scheduled_at")
    assert stored(interview) == before
    assert interview.scheduled_at == START  # the caller's copy is left as it was too
    assert list(interview.events.values_list("kind", flat=True)) == [EventKind.CREATED]


def test_update_into_the_past_is_refused_by_the_service_itself(interview):
    # Regression: only the form refused it; interview_update moved an upcoming interview into the past.
    with pytest.raises(ValidationError) as error:
        interview_update(interview=interview, now=NOW, scheduled_at=NOW - dt.timedelta(days=1))

    assert refused(error, "scheduled_at") == (
        "This time is in the past. An upcoming interview cannot be moved into the past."
    )
    assert stored(interview)[1] == START


def test_a_past_interview_edited_otherwise_keeps_its_time(interview):
    later = START + dt.timedelta(days=1)

    interview_update(interview=interview, now=later, company="Globex", scheduled_at=START)

    assert stored(interview)[:2] == ("Globex", START)


# --- Outcomes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("outcome", ["attended", "missed"])
def test_attended_or_missed_is_refused_before_the_interview_has_started(interview, outcome):
    # Regression: "attended" was recorded three days early; the guard was only in the flow and the view.
    with pytest.raises(ValidationError):
        interview_record_outcome(interview=interview, outcome=outcome, now=START - dt.timedelta(days=3))

    assert stored(interview)[4] == Status.SCHEDULED
    assert not InterviewEvent.objects.filter(interview=interview, kind=EventKind.OUTCOME).exists()


@pytest.mark.parametrize("outcome", ["attended", "missed"])
def test_attended_or_missed_is_recorded_once_the_interview_has_started(interview, outcome):
    interview_record_outcome(interview=interview, outcome=outcome, now=START)

    assert stored(interview)[4] == outcome


def test_a_cancellation_can_be_recorded_before_the_interview(interview):
    interview_record_outcome(interview=interview, outcome="cancelled", now=NOW)

    assert stored(interview)[4] == Status.CANCELLED


# --- One line of text -------------------------------------------------------------------------

LINE_BREAKS = ["\n", "\r", "\v", "\f", "\x85", "\u2028", "\u2029", "\t", "\x00", "\x1b"]


@pytest.mark.parametrize("field", ["company", "role", "contact_name"])
@pytest.mark.parametrize("breaker", LINE_BREAKS, ids=[f"U+{ord(c):04X}" for c in LINE_BREAKS])
def test_create_refuses_more_than_one_line_in_header_text(user, field, breaker):
    with pytest.raises(ValidationError) as error:
        create(user, **{field: f"Acme{breaker}Bcc: x@evil.example"})

    assert "one line" in refused(error, field)
    assert not Interview.objects.exists()


@pytest.mark.parametrize("breaker", LINE_BREAKS, ids=[f"U+{ord(c):04X}" for c in LINE_BREAKS])
def test_update_refuses_more_than_one_line_and_changes_nothing(interview, breaker):
    before = stored(interview)

    with pytest.raises(ValidationError) as error:
        interview_update(
            interview=interview, now=NOW, company=f"Acme{breaker}Bcc", scheduled_at=START + dt.timedelta(1)
        )

    assert "one line" in refused(error, "company")
    assert stored(interview) == before
    assert interview.scheduled_at == START


# --- Time zones -------------------------------------------------------------------------------


def test_create_takes_a_zone_in_any_case_as_its_canonical_name(user):
    assert create(user, time_zone="europe/berlin").time_zone == "Europe/Berlin"


def test_update_takes_a_zone_in_any_case_as_its_canonical_name(interview):
    interview_update(interview=interview, now=NOW, time_zone="AMERICA/NEW_YORK")

    assert stored(interview)[3] == "America/New_York"


@pytest.mark.parametrize("zone", ["Mars/Olympus", "Factory", "localtime", ""])
def test_a_zone_that_is_not_offered_is_refused(user, zone):
    with pytest.raises(ValidationError) as error:
        create(user, time_zone=zone)

    assert "time_zone" in error.value.message_dict


def test_notes_longer_than_the_limit_are_refused_by_the_service_itself(interview):
    interview_update(interview=interview, now=NOW, notes="short")

    with pytest.raises(ValidationError) as refused:
        interview_update(interview=interview, now=NOW, notes="x" * (NOTES_MAX_LENGTH + 1))

    assert "notes" in refused.value.message_dict
    interview.refresh_from_db()
    assert interview.notes == "short"
