"""Showing a time to a person: every time RainCheck writes out (texts, history, e-mails, messages) comes from here.

The formats are Django's `date` formats, rendered by django.utils.formats, whose day and
month names go through Django's translations: a later German or Spanish interface gets
them without touching the callers. A time carries its zone's abbreviation ("CET")
unless it is shown in the viewer's own zone.
"""

import functools
import zoneinfo
from datetime import date, datetime, time

from django.utils import formats
from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR
from django.utils.translation import get_language, gettext

# "Tue 3 Mar 2026, 14:00": timelines, e-mails, lists.
SHORT = "D j M Y, H:i"
# "Tue 3 Mar, 14:00": a deadline on the dashboard, beside the interview's own time.
SHORT_NO_YEAR = "D j M, H:i"
# "Tuesday 14 May 2030": the day, as a message to a company names it.
LONG_DAY = "l j F Y"
# "14 May 2030", "10:00": a day and a wall-clock time on their own (the form's messages).
DAY = "j F Y"
CLOCK = "H:i"


def show_day(day: date) -> str:
    return formats.date_format(day, DAY)


def show_clock(moment: datetime | time) -> str:
    """The wall-clock time as it reads (no conversion: the caller has the right zone already)."""
    return formats.time_format(moment, CLOCK)


def show_short(local: datetime, *, year: bool = True) -> str:
    """SHORT (or SHORT_NO_YEAR) of a time already in the zone it is shown in.

    The same text as formats.date_format(local, SHORT), with the same translated names,
    without parsing the format each time: the dashboard writes two a row, and Django's
    formatter was a tenth of its time. tests/interviews/test_time_display.py holds the two
    together.
    """
    weekdays, months = _short_names(get_language())
    day = f"{weekdays[local.weekday()]} {local.day} {months[local.month]}"
    clock = f"{local.hour:02d}:{local.minute:02d}"
    return f"{day} {local.year:04d}, {clock}" if year else f"{day}, {clock}"


@functools.lru_cache(maxsize=16)
def _short_names(language: str | None) -> tuple[tuple[str, ...], dict[int, str]]:
    """The abbreviated day and month names in a language, translated once (show_short wrote them per call)."""
    return tuple(str(WEEKDAYS_ABBR[n]) for n in range(7)), {n: str(MONTHS_3[n]).title() for n in MONTHS_3}


def show_time(moment: datetime, zone: zoneinfo.ZoneInfo, *, viewer_zone: zoneinfo.ZoneInfo | None = None) -> str:
    """ "Tue 3 Mar 2026, 14:00 CET": `moment` in `zone`, without the abbreviation only in the viewer's own zone.

    With no viewer_zone (an e-mail, read anywhere) the abbreviation is always there.
    """
    local = moment.astimezone(zone)
    text = show_short(local)
    if viewer_zone is not None and viewer_zone.key == zone.key:
        return text
    return f"{text} {local.tzname()}"


def show_interview_time(moment: datetime, zone: zoneinfo.ZoneInfo) -> str:
    """ "Tuesday 14 May 2030 at 10:00 (CEST)": the time as the company gave it, in the interview's zone."""
    local = moment.astimezone(zone)
    return gettext("%(day)s at %(clock)s (%(zone)s)") % {
        "day": formats.date_format(local, LONG_DAY),
        "clock": formats.date_format(local, CLOCK),
        "zone": local.tzname(),
    }
