"""Links that open a calendar's "new event" page filled with the interview: no account connection needed.

Google Calendar's and Outlook's are the documented "template" and "deeplink compose" URLs;
times go in UTC, so the calendar shows them in whatever zone the user has set there.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode

from .calendar_feed import interview_url
from .models import Interview

GOOGLE = "https://calendar.google.com/calendar/render"
OUTLOOK_PERSONAL = "https://outlook.live.com/calendar/0/deeplink/compose"
OUTLOOK_WORK = "https://outlook.office.com/calendar/0/deeplink/compose"


@dataclass(frozen=True)
class CalendarLinks:
    google: str
    outlook: str
    outlook_work: str


def _details(interview: Interview) -> str:
    lines = [p for p in (interview.role, interview.contact_name, interview.contact_email, interview.contact_phone) if p]
    lines.append(f"In RainCheck: {interview_url(interview)}")
    return "\n".join(lines)


def _utc(moment: datetime, fmt: str) -> str:
    return moment.astimezone(UTC).strftime(fmt)


def google_url(interview: Interview) -> str:
    dates = f"{_utc(interview.scheduled_at, '%Y%m%dT%H%M%SZ')}/{_utc(interview.ends_at, '%Y%m%dT%H%M%SZ')}"
    query = {
        "action": "TEMPLATE",
        "text": f"Interview: {interview}",
        "dates": dates,
        "details": _details(interview),
        "location": interview.location,
        "ctz": interview.time_zone,
    }
    return f"{GOOGLE}?{urlencode(query)}"


def outlook_url(interview: Interview, *, base: str = OUTLOOK_PERSONAL) -> str:
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": f"Interview: {interview}",
        "startdt": _utc(interview.scheduled_at, "%Y-%m-%dT%H:%M:%SZ"),
        "enddt": _utc(interview.ends_at, "%Y-%m-%dT%H:%M:%SZ"),
        "body": _details(interview),
        "location": interview.location,
    }
    return f"{base}?{urlencode(query)}"


def calendar_links(interview: Interview) -> CalendarLinks:
    return CalendarLinks(
        google=google_url(interview),
        outlook=outlook_url(interview),
        outlook_work=outlook_url(interview, base=OUTLOOK_WORK),
    )
