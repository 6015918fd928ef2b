"""The notice deadline and the notice state, at DESIGN.md's boundaries and across daylight-saving changes."""

import datetime as dt
import zoneinfo

import pytest

from interviews.choices import NoticeState
from interviews.models import Interview, notice_state
from tests.factories import InterviewFactory

UTC = dt.UTC
SECOND = dt.timedelta(seconds=1)
START = dt.datetime(2027, 6, 15, 12, 0, tzinfo=UTC)
DEADLINE = START - dt.timedelta(hours=24)
CLOSING_FROM = DEADLINE - dt.timedelta(hours=6)

BOUNDARIES = [
    # open | closing at deadline - 6 h
    (CLOSING_FROM - SECOND, NoticeState.OPEN),
    (CLOSING_FROM, NoticeState.CLOSING),
    (CLOSING_FROM + SECOND, NoticeState.CLOSING),
    # closing | closed at the deadline
    (DEADLINE - SECOND, NoticeState.CLOSING),
    (DEADLINE, NoticeState.CLOSED),
    (DEADLINE + SECOND, NoticeState.CLOSED),
    # closed | past at the interview's start
    (START - SECOND, NoticeState.CLOSED),
    (START, NoticeState.PAST),
    (START + SECOND, NoticeState.PAST),
]


@pytest.fixture
def interview(user):
    return InterviewFactory(owner=user, scheduled_at=START, now=START - dt.timedelta(days=10))


def test_deadline_is_stored_24_hours_before_the_start(interview):
    interview.refresh_from_db()
    assert interview.notice_deadline == DEADLINE


@pytest.mark.parametrize(("now", "expected"), BOUNDARIES, ids=lambda v: str(v))
def test_notice_state_at_each_boundary(interview, now, expected):
    assert interview.notice_state(now) == expected
    assert notice_state(deadline=interview.notice_deadline, scheduled_at=interview.scheduled_at, now=now) == expected


@pytest.mark.parametrize(
    ("now", "hours"),
    [
        (DEADLINE - dt.timedelta(hours=30), 30),
        (DEADLINE - dt.timedelta(hours=1, seconds=1), 1),
        (DEADLINE - dt.timedelta(minutes=59), 1),
        (DEADLINE - dt.timedelta(minutes=29), 0),
        (DEADLINE + dt.timedelta(hours=3), 0),
    ],
)
def test_hours_left_to_give_notice_counts_to_the_nearest_hour_and_stops_at_zero(interview, now, hours):
    assert interview.hours_left_to_give_notice(now) == hours


def local(zone: str, *args, fold: int = 0) -> dt.datetime:
    return dt.datetime(*args, tzinfo=zoneinfo.ZoneInfo(zone), fold=fold)


# An interview at 10:00 local on the day the clocks change: the deadline is 24 real hours
# earlier, so on the wall clock of the day before it reads 09:00 (spring) or 11:00 (autumn).
DST_CASES = [
    pytest.param("Europe/Berlin", (2027, 3, 28, 10, 0), (2027, 3, 27, 9, 0), id="berlin-spring-forward"),
    pytest.param("Europe/Berlin", (2027, 10, 31, 10, 0), (2027, 10, 30, 11, 0), id="berlin-fall-back"),
    pytest.param("America/New_York", (2027, 3, 14, 10, 0), (2027, 3, 13, 9, 0), id="new-york-spring-forward"),
    pytest.param("America/New_York", (2027, 11, 7, 10, 0), (2027, 11, 6, 11, 0), id="new-york-fall-back"),
]


@pytest.mark.parametrize(("zone", "start", "deadline"), DST_CASES)
def test_deadline_across_a_daylight_saving_change_is_24_real_hours_earlier(user, zone, start, deadline):
    scheduled_at = local(zone, *start)
    created = InterviewFactory(
        owner=user, time_zone=zone, scheduled_at=scheduled_at, now=scheduled_at - dt.timedelta(days=5)
    )

    stored = Interview.objects.get(pk=created.pk)

    assert stored.scheduled_at - stored.notice_deadline == dt.timedelta(hours=24)
    assert stored.notice_deadline.astimezone(zoneinfo.ZoneInfo(zone)).replace(tzinfo=None) == dt.datetime(*deadline)


@pytest.mark.parametrize(("zone", "start", "deadline"), DST_CASES)
def test_notice_state_across_a_daylight_saving_change_follows_real_hours(user, zone, start, deadline):
    scheduled_at = local(zone, *start)
    interview = InterviewFactory(
        owner=user, time_zone=zone, scheduled_at=scheduled_at, now=scheduled_at - dt.timedelta(days=5)
    )
    real_deadline = local(zone, *deadline)

    assert interview.notice_state(real_deadline - SECOND) == NoticeState.CLOSING
    assert interview.notice_state(real_deadline) == NoticeState.CLOSED
    assert interview.notice_state(real_deadline - dt.timedelta(hours=6)) == NoticeState.CLOSING
    assert interview.notice_state(real_deadline - dt.timedelta(hours=6) - SECOND) == NoticeState.OPEN
    # The same wall-clock time the day before (10:00) is an hour off the real deadline:
    # after it in spring (already closed), before it in autumn (still closing).
    ten_the_day_before = local(zone, *deadline[:3], 10, 0)
    spring = deadline[3] == 9
    assert interview.notice_state(ten_the_day_before) == (NoticeState.CLOSED if spring else NoticeState.CLOSING)
