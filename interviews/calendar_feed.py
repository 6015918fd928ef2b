"""Interviews as iCalendar: the user's private feed, and the .ics of one interview (download and e-mail).

One builder for both, with `icalendar`. Every interview is an event in its own zone (a
VTIMEZONE for each zone used), with a stable UID, a SEQUENCE that grows each time it is
moved or cancelled (calendars replace an event only for a higher SEQUENCE), LAST-MODIFIED
and DTSTAMP from the interview's last change, so the same data gives the same bytes (and
the same ETag). The feed adds a short "Notice deadline" event at each deadline, with an
alarm: Google and Apple drop alarms from subscribed feeds but keep events, so the
deadline shows either way. A cancelled interview stays in the feed as STATUS:CANCELLED so
that calendars which have it remove it.
"""

import functools
import hashlib
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from icalendar import Alarm, Calendar, Event, Timezone, vDuration

from accounts.one_line import folded

from .choices import EventKind, Status
from .models import Interview
from .time_display import show_time

# How often a calendar app should fetch the feed again (REFRESH-INTERVAL, X-PUBLISHED-TTL).
# Apps poll on their own schedule anyway (Google: up to a day); the ETag keeps each poll cheap.
FEED_REFRESH = timedelta(hours=1)
# The feed keeps the interviews of the last month too, so a calendar does not lose the weeks it shows.
FEED_KEEPS_PAST = timedelta(days=30)
# The deadline event is short: a marker in the day, not a block of busy time.
DEADLINE_EVENT_LENGTH = timedelta(minutes=15)
# Its alarm, for the calendars that keep alarms: time enough to decide and write.
DEADLINE_ALARM_BEFORE = timedelta(hours=1)
# Part of the ETag: a change to what the feed says about the same data changes it.
# 2: the deadline text names the interview's own notice period; 3: VTIMEZONEs over whole years.
FEED_FORMAT_VERSION = "3"

PRODID = "-//RainCheck//Interviews//EN"


def site_domain() -> str:
    return urlsplit(settings.RAINCHECK_SITE_URL).hostname or "raincheck.localhost"


def interview_uid(interview: Interview) -> str:
    return f"interview-{interview.pk}@{site_domain()}"


def deadline_uid(interview: Interview) -> str:
    return f"notice-deadline-{interview.pk}@{site_domain()}"


def interview_url(interview: Interview) -> str:
    """The interview's page, absolute."""
    return f"{settings.RAINCHECK_SITE_URL}{reverse('interviews:detail', args=[interview.pk])}"


def _local(moment: datetime, interview: Interview) -> datetime:
    # UTC stays UTC ("Z"); any other zone is written with its TZID and a VTIMEZONE.
    return moment.astimezone(UTC) if interview.time_zone == "UTC" else moment.astimezone(interview.zone)


def _shown(moment: datetime, interview: Interview) -> str:
    """ "Tue 3 Mar 2026, 14:00 CET (Europe/Berlin)": read in any calendar, so always with its zone."""
    return f"{show_time(moment, interview.zone)} ({interview.time_zone})"


def sequence_of(interview: Interview, *, reschedules: int) -> int:
    """SEQUENCE: one more for each move, and one more once cancelled (RFC 5546 counts both)."""
    return reschedules + (1 if interview.status == Status.CANCELLED else 0)


def _contact(interview: Interview) -> str:
    return ", ".join(p for p in (interview.contact_name, interview.contact_email, interview.contact_phone) if p)


def _deadline_still_matters(interview: Interview) -> bool:
    return interview.status in (Status.SCHEDULED, Status.ATTENDING) and interview.notice_given_at is None


def interview_event(
    interview: Interview, *, link: str, stamp: datetime, sequence: int | None, alarm_at_deadline: bool
) -> Event:
    """The interview itself, in its own zone, with its location, contact and a link back."""
    event = Event()
    event.add("uid", interview_uid(interview))
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("last-modified", interview.updated_at.astimezone(UTC))
    if sequence is not None:
        event.add("sequence", sequence)
    event.add("dtstart", _local(interview.scheduled_at, interview))
    event.add("dtend", _local(interview.ends_at, interview))
    event.add("summary", f"Interview: {folded(str(interview))}")
    if interview.location:
        event.add("location", interview.location)
    contact = _contact(interview)
    if contact:
        event.add("contact", contact)
    lines = []
    if contact:
        lines.append(f"Contact: {contact}")
    if _deadline_still_matters(interview):
        lines.append(
            f"If you cannot attend, give notice by {_shown(interview.notice_deadline, interview)} "
            f"({interview.notice_period_text} before it starts: their notice period)."
        )
    lines.append(f"In RainCheck: {link}")
    event.add("description", "\n".join(lines))
    event.add("url", link)
    status = {Status.CANCELLED: "CANCELLED", Status.RESCHEDULE_REQUESTED: "TENTATIVE"}.get(interview.status)
    event.add("status", status or "CONFIRMED")
    event.add("transp", "OPAQUE")
    if alarm_at_deadline and _deadline_still_matters(interview):
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Notice deadline for {folded(interview.company)}: tell them now if you cannot go")
        alarm.add("trigger", interview.notice_deadline.astimezone(UTC))
        event.add_component(alarm)
    return event


def deadline_event(interview: Interview, *, link: str, stamp: datetime, sequence: int) -> Event:
    """ "Notice deadline: Acme", a short event at the deadline with an alarm before it.

    Cancelled once the deadline no longer matters (notice given, or the interview is off).
    """
    company = folded(interview.company)
    event = Event()
    event.add("uid", deadline_uid(interview))
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("last-modified", interview.updated_at.astimezone(UTC))
    event.add("sequence", sequence + (0 if _deadline_still_matters(interview) else 1))
    event.add("dtstart", _local(interview.notice_deadline, interview))
    event.add("dtend", _local(interview.notice_deadline + DEADLINE_EVENT_LENGTH, interview))
    event.add("summary", f"Notice deadline: {company}")
    event.add(
        "description",
        f"Your interview with {company} is at {_shown(interview.scheduled_at, interview)}. "
        f"If you cannot go, tell them before this deadline.\nDecide and draft the message in RainCheck: {link}",
    )
    event.add("url", link)
    event.add("status", "CONFIRMED" if _deadline_still_matters(interview) else "CANCELLED")
    event.add("transp", "TRANSPARENT")
    if _deadline_still_matters(interview):
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Notice deadline for {company} in an hour: decide now if you cannot go")
        alarm.add("trigger", -DEADLINE_ALARM_BEFORE)
        event.add_component(alarm)
    return event


def _calendar(*, method: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


@functools.lru_cache(maxsize=256)
def _time_zone(tzid: str, first_year: int, last_year: int) -> Timezone | None:
    """The VTIMEZONE of `tzid` from 1 January of `first_year` to 31 December of `last_year`.

    Worked out from the zone database once per zone and span, not once per calendar: it is
    most of what building an interview's .ics costs, and every reminder e-mail carries one.
    Never changed once built, so calendars can share it.
    """
    try:
        return Timezone.from_tzid(tzid, first_date=date(first_year, 1, 1), last_date=date(last_year, 12, 31))
    except ValueError:  # a zone the zone database does not know: the TZID alone, as icalendar does
        return None


def _with_time_zones(calendar: Calendar, moments: list[datetime]) -> bytes:
    """The calendar with a VTIMEZONE for each zone its events use, over whole years around them (kept small)."""
    if moments:
        # A year either side, rounded out to whole years so that interviews share their VTIMEZONE.
        first_year, last_year = min(moments).year - 1, max(moments).year + 1
        zones = (_time_zone(tzid, first_year, last_year) for tzid in sorted(calendar.get_missing_tzids()))
        calendar.subcomponents[0:0] = [zone for zone in zones if zone is not None]
    return calendar.to_ical()


def interview_calendar(interview: Interview, *, now: datetime, link: str, sequence: int | None = None) -> bytes:
    """The .ics of one interview (the download and the reminder e-mail), with an alarm at its deadline."""
    calendar = _calendar(method="PUBLISH")
    calendar.add_component(interview_event(interview, link=link, stamp=now, sequence=sequence, alarm_at_deadline=True))
    return _with_time_zones(calendar, [interview.notice_deadline, interview.ends_at])


# --- The feed ----------------------------------------------------------------------


def feed_interviews(owner, *, now: datetime) -> QuerySet:
    """What the feed shows: the owner's upcoming interviews and those of the last month."""
    return Interview.objects.owned_by(owner).filter(scheduled_at__gt=now - FEED_KEEPS_PAST)


def feed_version(owner, *, now: datetime) -> tuple[str, datetime | None]:
    """The feed's ETag and Last-Modified from one aggregate query (what a polling calendar costs).

    Any change to an interview moves its updated_at; one leaving the feed (deleted, or too
    old) lowers the count; anything else the feed shows is part of the tag.
    """
    summary = feed_interviews(owner, now=now).aggregate(count=Count("pk"), changed=Max("updated_at"))
    changed = summary["changed"]
    parts = [
        FEED_FORMAT_VERSION,
        str(summary["count"]),
        changed.isoformat() if changed else "-",
        settings.RAINCHECK_SITE_URL,
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32], changed


def feed_calendar(interviews: Iterable[Interview], *, name: str) -> bytes:
    """The feed: each interview and its deadline. `interviews` carry `reschedules` (see feed_rows)."""
    calendar = _calendar()
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    refresh = vDuration(FEED_REFRESH)
    refresh.params["VALUE"] = "DURATION"
    calendar.add("refresh-interval", refresh)
    calendar.add("x-published-ttl", vDuration(FEED_REFRESH))
    moments = []
    for interview in interviews:
        link = interview_url(interview)
        sequence = sequence_of(interview, reschedules=interview.reschedules)
        stamp = interview.updated_at
        calendar.add_component(
            interview_event(interview, link=link, stamp=stamp, sequence=sequence, alarm_at_deadline=False)
        )
        calendar.add_component(deadline_event(interview, link=link, stamp=stamp, sequence=sequence))
        moments += [interview.notice_deadline, interview.ends_at]
    return _with_time_zones(calendar, moments)


def feed_rows(owner, *, now: datetime) -> QuerySet:
    """The feed's interviews with their count of moves, in one query."""
    return (
        feed_interviews(owner, now=now)
        .annotate(reschedules=Count("events", filter=Q(events__kind=EventKind.RESCHEDULED)))
        .order_by("scheduled_at", "pk")
    )


def reschedule_count(interview: Interview) -> int:
    return interview.events.filter(kind=EventKind.RESCHEDULED).count()
