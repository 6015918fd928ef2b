"""Showing a time: Django's date formats, the zone's abbreviation unless it is the viewer's own zone."""

import zoneinfo
from datetime import UTC, datetime

from interviews.time_display import show_interview_time, show_time

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
MOMENT = datetime(2026, 3, 3, 13, 0, tzinfo=UTC)


def test_a_time_in_another_zone_carries_its_abbreviation():
    assert show_time(MOMENT, BERLIN, viewer_zone=NEW_YORK) == "Tue 3 Mar 2026, 14:00 CET"


def test_a_time_in_the_viewers_own_zone_does_not():
    assert show_time(MOMENT, BERLIN, viewer_zone=BERLIN) == "Tue 3 Mar 2026, 14:00"


def test_without_a_viewer_the_abbreviation_is_always_shown():
    assert show_time(MOMENT, NEW_YORK) == "Tue 3 Mar 2026, 08:00 EST"


def test_the_interview_time_reads_as_the_company_gave_it_in_its_zone():
    assert show_interview_time(datetime(2030, 5, 14, 8, 0, tzinfo=UTC), BERLIN) == "Tuesday 14 May 2030 at 10:00 (CEST)"


def test_day_and_month_names_follow_the_active_language():
    from django.utils import translation

    with translation.override("de"):
        assert show_time(MOMENT, BERLIN).startswith("Di 3 Mär 2026")


def test_the_short_formatter_writes_what_djangos_date_format_writes():
    from datetime import timedelta

    from django.utils import formats, translation

    from interviews.time_display import SHORT, SHORT_NO_YEAR, show_short

    # Every weekday and month, midnight and single-digit days and minutes, in two languages.
    moments = [datetime(2030, 1, 1, 0, 5, tzinfo=UTC) + timedelta(days=n * 11, hours=n * 5) for n in range(60)]
    for language in ("en", "de"):
        with translation.override(language):
            for moment in moments:
                local = moment.astimezone(BERLIN)
                assert show_short(local) == formats.date_format(local, SHORT)
                assert show_short(local, year=False) == formats.date_format(local, SHORT_NO_YEAR)
