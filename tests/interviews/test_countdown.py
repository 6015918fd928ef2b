"""Hours left: one rounding for the page, the e-mail and the flow."""

from datetime import UTC, datetime, timedelta

import pytest

from interviews.countdown import hours_left

DEADLINE = datetime(2030, 5, 14, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("left", "hours"),
    [
        (timedelta(hours=2, minutes=40), 3),
        (timedelta(hours=2, minutes=29), 2),
        (timedelta(hours=23, minutes=59, seconds=30), 24),
        (timedelta(minutes=29), 0),
        (timedelta(minutes=30), 0),
        (timedelta(minutes=31), 1),
        (timedelta(hours=1, minutes=30), 1),
        (timedelta(0), 0),
        (-timedelta(hours=5), 0),
    ],
)
def test_hours_left_are_counted_to_the_nearest_hour(left, hours):
    assert hours_left(DEADLINE, DEADLINE - left) == hours


def test_hours_left_count_real_hours_across_a_daylight_saving_change():
    import zoneinfo

    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    # Clocks went forward at 02:00 on 31 March 2030: from 00:00 to 04:00 local is three real hours.
    assert hours_left(datetime(2030, 3, 31, 4, 0, tzinfo=berlin), datetime(2030, 3, 31, 0, 0, tzinfo=berlin)) == 3
