"""The notice period and its deadline, without a database: 24 h, 48 h and business days, weekends and DST."""

import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest

from interviews.choices import NoticeState, NoticeUnit
from interviews.models import notice_state
from interviews.notice import NoticePeriod, notice_deadline, notice_is_late, notice_period_problem

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
HOURS_24 = NoticePeriod(24)
HOURS_48 = NoticePeriod(48)
BUSINESS_DAYS_2 = NoticePeriod(2, NoticeUnit.BUSINESS_DAYS)


def deadline(start: datetime, period: NoticePeriod, zone=BERLIN) -> datetime:
    return notice_deadline(scheduled_at=start, period=period, zone=zone)


# Monday 9 March 2026, 10:00 in Berlin (CET): the weekend before it has no daylight-saving change.
MONDAY = datetime(2026, 3, 9, 10, 0, tzinfo=BERLIN)


def test_24_hours_before_a_monday_is_sunday_at_the_same_time():
    assert deadline(MONDAY, HOURS_24) == datetime(2026, 3, 8, 10, 0, tzinfo=BERLIN)


def test_48_hours_before_a_monday_is_saturday_at_the_same_time():
    assert deadline(MONDAY, HOURS_48) == datetime(2026, 3, 7, 10, 0, tzinfo=BERLIN)


def test_2_business_days_before_a_monday_skip_the_weekend_to_thursday():
    assert deadline(MONDAY, BUSINESS_DAYS_2) == datetime(2026, 3, 5, 10, 0, tzinfo=BERLIN)


def test_business_days_before_a_weekend_interview_count_from_friday():
    saturday = datetime(2026, 3, 14, 10, 0, tzinfo=BERLIN)
    assert deadline(saturday, NoticePeriod(1, NoticeUnit.BUSINESS_DAYS)) == datetime(2026, 3, 13, 10, 0, tzinfo=BERLIN)


# Berlin springs forward on Sunday 29 March 2026 (02:00 CET -> 03:00 CEST).
TUESDAY_AFTER_DST = datetime(2026, 3, 31, 10, 0, tzinfo=BERLIN)


def test_hours_across_a_dst_change_are_real_hours():
    # 72 real hours before Tuesday 10:00 CEST is Saturday 09:00 CET: the skipped hour is not notice.
    result = deadline(TUESDAY_AFTER_DST, NoticePeriod(72))
    assert result == TUESDAY_AFTER_DST.astimezone(UTC) - timedelta(hours=72)
    assert result.astimezone(BERLIN).replace(tzinfo=None) == datetime(2026, 3, 28, 9, 0)


def test_business_days_across_a_dst_change_keep_the_wall_clock_time():
    # Friday 10:00 CET: the same time on the company's clock, one real hour fewer than 4 days.
    result = deadline(TUESDAY_AFTER_DST, BUSINESS_DAYS_2)
    assert result.astimezone(BERLIN).replace(tzinfo=None) == datetime(2026, 3, 27, 10, 0)
    assert TUESDAY_AFTER_DST - result == timedelta(days=4, hours=-1)


def test_a_business_day_deadline_in_a_dst_gap_is_the_earlier_instant():
    # Israel springs forward on Friday 27 March 2026, 02:00 -> 03:00: 02:30 that day does not exist.
    jerusalem = zoneinfo.ZoneInfo("Asia/Jerusalem")
    start = datetime(2026, 3, 31, 2, 30, tzinfo=jerusalem)  # Tuesday
    assert deadline(start, BUSINESS_DAYS_2, jerusalem) == datetime(2026, 3, 26, 23, 30, tzinfo=UTC)  # 01:30 IST


def test_a_business_day_deadline_in_a_dst_fold_is_the_earlier_instant():
    # Egypt falls back at midnight after Thursday 29 October 2026: 23:30 that Thursday happens twice.
    cairo = zoneinfo.ZoneInfo("Africa/Cairo")
    start = datetime(2026, 11, 2, 23, 30, tzinfo=cairo)  # Monday
    assert deadline(start, BUSINESS_DAYS_2, cairo) == datetime(2026, 10, 29, 20, 30, tzinfo=UTC)  # the first, EEST


@pytest.mark.parametrize(
    ("period", "open_until", "closed_from"),
    [
        (HOURS_24, datetime(2026, 3, 8, 4, 0, tzinfo=BERLIN), datetime(2026, 3, 8, 10, 0, tzinfo=BERLIN)),
        (HOURS_48, datetime(2026, 3, 7, 4, 0, tzinfo=BERLIN), datetime(2026, 3, 7, 10, 0, tzinfo=BERLIN)),
        (BUSINESS_DAYS_2, datetime(2026, 3, 5, 4, 0, tzinfo=BERLIN), datetime(2026, 3, 5, 10, 0, tzinfo=BERLIN)),
    ],
    ids=["24h", "48h", "2-business-days"],
)
def test_notice_states_follow_the_period(period, open_until, closed_from):
    due = deadline(MONDAY, period)

    def state(now):
        return notice_state(deadline=due, scheduled_at=MONDAY, now=now)

    second = timedelta(seconds=1)
    assert state(open_until - second) == NoticeState.OPEN
    assert state(open_until) == NoticeState.CLOSING
    assert state(closed_from - second) == NoticeState.CLOSING
    assert state(closed_from) == NoticeState.CLOSED
    assert state(MONDAY) == NoticeState.PAST


def test_notice_at_the_deadline_is_in_time_and_a_second_later_is_late():
    due = deadline(MONDAY, HOURS_48)
    assert not notice_is_late(given_at=due, deadline=due)
    assert notice_is_late(given_at=due + timedelta(seconds=1), deadline=due)


@pytest.mark.parametrize(
    ("period", "text", "notice"),
    [
        (NoticePeriod(48), "48 hours", "48 hours' notice"),
        (NoticePeriod(1), "1 hour", "1 hour's notice"),
        (BUSINESS_DAYS_2, "2 business days", "2 business days' notice"),
        (NoticePeriod(1, NoticeUnit.BUSINESS_DAYS), "1 business day", "1 business day's notice"),
    ],
)
def test_a_period_reads_as_people_write_it(period, text, notice):
    assert (str(period), period.notice) == (text, notice)


@pytest.mark.parametrize(
    ("amount", "unit", "ok"),
    [(1, "hours", True), (336, "hours", True), (337, "hours", False), (0, "hours", False), (10, "business_days", True)]
    + [(11, "business_days", False), (2, "weeks", False)],
)
def test_periods_beyond_the_limits_are_refused(amount, unit, ok):
    assert (notice_period_problem(amount, unit) == "") is ok
