"""Reading an invitation (an .ics file, or the text of an invitation e-mail) into values for the add form.

Nothing here writes: the import view shows the add form filled with these values, and
the user checks and saves it through the normal add view and its service. What could not
be read is named, so the form can say what to check.

An .ics is read with `icalendar`. Its TZID may be an IANA name, a Windows zone name
("W. Europe Standard Time", as Outlook and Exchange write), an Outlook display name
("(UTC+01:00) Amsterdam, Berlin, ...") or a path ending in an IANA name; a time in UTC
(as Google writes) is shown in the user's zone. The wall-clock time is kept as written in
its zone, so the form's own checks (the spring-forward gap, the fall-back hour, the past)
apply to it as to a typed time. E-mail text is read with `dateparser` and a few patterns
for the lines invitations have ("When:", "Time:", a meeting link, the organiser).

Hostile input (huge, malformed, thousands of events or parts, endless folding) ends in an
InvitationError with a message for the user, never in an exception the view cannot show.
"""

import functools
import re
import zoneinfo
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import dateparser
from icalendar import Calendar
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from accounts.time_zones import time_zone_names

from .phones import zoneinfo_table

# An invitation is a few kilobytes; a file bigger than this is not one (the upload form's limit too).
MAX_ICS_BYTES = 1024 * 1024
# Pasted e-mail text: a long invitation with its footer fits many times over, and even in
# four-byte characters it stays under the site's DATA_UPLOAD_MAX_MEMORY_SIZE (256 KB).
MAX_TEXT_CHARS = 50_000
# A file with more events than this is a calendar export, not an invitation.
MAX_EVENTS = 50
# Components of any kind (events, alarms, time zones and their rules): bounds the parser's work.
MAX_COMPONENTS = 500
# The longest interview the form accepts, in minutes.
MAX_DURATION_MINUTES = 24 * 60

# Hosts of meeting links, so a link to the company's website is not taken for the meeting.
MEETING_HOSTS = (
    "zoom.us",
    "zoom.com",
    "teams.microsoft.com",
    "teams.live.com",
    "meet.google.com",
    "webex.com",
    "whereby.com",
    "gotomeeting.com",
    "meet.jit.si",
    "chime.aws",
    "bluejeans.com",
)
# A LOCATION that only names the meeting service: the link says more.
GENERIC_LOCATIONS = re.compile(
    r"^(?:microsoft teams(?: meeting)?|teams|zoom(?: meeting)?|google meet|online|video call|webex)$", re.I
)
# E-mail domains that say nothing about the company (free mail, calendar and meeting services).
GENERIC_DOMAINS = frozenset(
    {
        "gmail",
        "googlemail",
        "google",
        "outlook",
        "hotmail",
        "live",
        "msn",
        "microsoft",
        "office365",
        "yahoo",
        "icloud",
        "me",
        "mac",
        "gmx",
        "web",
        "proton",
        "protonmail",
        "zoom",
        "calendly",
        "greenhouse",
        "lever",
        "workday",
        "ashbyhq",
        "teams",
        "example",
    }
)
# Zone abbreviations people write in e-mails, and a zone with the same rules. Ambiguous ones
# (IST, BST in some places) are left out: better "check the time zone" than a wrong guess.
ABBREVIATIONS = {
    "CET": "Europe/Berlin",
    "CEST": "Europe/Berlin",
    "MEZ": "Europe/Berlin",
    "MESZ": "Europe/Berlin",
    "WET": "Europe/Lisbon",
    "WEST": "Europe/Lisbon",
    "EET": "Europe/Helsinki",
    "EEST": "Europe/Helsinki",
    "EST": "America/New_York",
    "EDT": "America/New_York",
    "ET": "America/New_York",
    "CST": "America/Chicago",
    "CDT": "America/Chicago",
    "CT": "America/Chicago",
    "MST": "America/Denver",
    "MDT": "America/Denver",
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    "PT": "America/Los_Angeles",
    "JST": "Asia/Tokyo",
    "AEST": "Australia/Sydney",
    "AEDT": "Australia/Sydney",
}

# Zone names in words, as Zoom and Outlook write them ("Eastern Time (US and Canada)").
NAMED_ZONES = {
    "eastern time": "America/New_York",
    "central time": "America/Chicago",
    "mountain time": "America/Denver",
    "pacific time": "America/Los_Angeles",
    "central european time": "Europe/Berlin",
    "central european summer time": "Europe/Berlin",
    "greenwich mean time": "Europe/London",
    "british summer time": "Europe/London",
}

URL_PATTERN = re.compile(r"https?://[^\s<>\"')\]]+", re.I)
EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_LINE = re.compile(
    r"^\s*(?:phone|tel(?:ephone)?|telefon|mobile|call)\s*[:.]?\s*(?P<number>\+?[\d\s()./-]{6,}(?:\s*(?:ext\.?|x|extension)\s*\d+)?)",
    re.I | re.M,
)


class InvitationError(Exception):
    """The invitation could not be read; the message says why, for the user."""


@dataclass
class Invitation:
    """What an invitation says about an interview. `start` is a wall time in `time_zone`, or an instant.

    `start` naive: the time as written, in `time_zone` ("" when the invitation gave no zone: the
    user's). `start` aware: the instant (a time in UTC, or a zone only the file defines), shown
    in `time_zone` or the user's zone.
    """

    title: str = ""
    company: str = ""
    role: str = ""
    start: datetime | None = None
    time_zone: str = ""
    duration_minutes: int | None = None
    location: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    notes: list[str] = field(default_factory=list)

    def local_start(self, default_time_zone: str) -> tuple[datetime | None, str]:
        """The wall-clock start and the zone the form shows it in."""
        zone_name = self.time_zone or default_time_zone
        if self.start is None:
            return None, zone_name
        if self.start.tzinfo is None:
            return self.start, zone_name
        return self.start.astimezone(zoneinfo.ZoneInfo(zone_name)).replace(tzinfo=None), zone_name

    def form_initial(self, *, default_time_zone: str) -> dict:
        """The add form's initial values (only what was read; the form's defaults fill the rest)."""
        local, zone_name = self.local_start(default_time_zone)
        initial = {
            "company": self.company,
            "role": self.role,
            "time_zone": zone_name,
            "duration_minutes": self.duration_minutes or 60,
            "location": self.location,
            "contact_name": self.contact_name,
            "contact_email": self.contact_email,
            "contact_phone": self.contact_phone,
        }
        if local is not None:
            initial["date"] = local.date()
            initial["time"] = local.time().replace(second=0, microsecond=0)
        return {name: value for name, value in initial.items() if value not in ("", None)}

    def unread(self) -> list[str]:
        """What the invitation did not say, for "check these" above the form."""
        missing = []
        if not self.company:
            missing.append("the company")
        if self.start is None:
            missing.append("the date and time")
        if not self.time_zone:
            missing.append("the time zone (your own is filled in)")
        if self.duration_minutes is None:
            missing.append("the duration (an hour is filled in)")
        return missing

    def serialise(self) -> dict:
        """Plain values, to keep in the session while the user picks one of several events."""
        return {
            **{name: getattr(self, name) for name in self.__dataclass_fields__ if name != "start"},
            "start": self.start.isoformat() if self.start else None,
        }

    @classmethod
    def deserialise(cls, data: dict) -> "Invitation":
        values = {name: data.get(name) for name in cls.__dataclass_fields__ if name in data}
        values["start"] = datetime.fromisoformat(data["start"]) if data.get("start") else None
        values["notes"] = list(data.get("notes") or [])
        return cls(**values)


# --- Time zones ------------------------------------------------------------------------


@functools.cache
def _zone_names() -> frozenset[str]:
    return frozenset(time_zone_names())


@functools.cache
def _zones_by_city() -> dict[str, str]:
    """ "berlin" -> "Europe/Berlin", "new york" -> "America/New_York": the canonical zones of zone.tab."""
    cities: dict[str, str] = {}
    for line in zoneinfo_table("zone.tab").splitlines():
        parts = line.split("\t")
        if line.startswith("#") or len(parts) < 3 or parts[2] not in _zone_names():
            continue
        city = parts[2].rsplit("/", 1)[-1].replace("_", " ").lower()
        cities.setdefault(city, parts[2])
    return cities


@functools.cache
def _windows_names() -> dict[str, str]:
    return {name.lower(): zone for name, zone in WINDOWS_TO_OLSON.items() if zone in _zone_names()}


def _city_zone(text: str) -> str:
    words = re.findall(r"[A-Za-zÀ-ÿ]+", text)
    cities = _zones_by_city()
    for i in range(len(words)):
        for n in (3, 2, 1):
            candidate = " ".join(words[i : i + n]).lower()
            if len(words[i : i + n]) == n and candidate in cities:
                return cities[candidate]
    return ""


def zone_from_text(text: str) -> str:
    """The IANA zone a TZID or an e-mail's time line names, or "" when it names none we can tell."""
    text = (text or "").strip().strip('"')
    if not text:
        return ""
    if text in _zone_names():
        return text
    for candidate in re.findall(r"[A-Za-z]+(?:/[A-Za-z0-9_+-]+)+", text):
        parts = candidate.split("/")
        # "/mozilla.org/20050126_1/Europe/Berlin" and the like: the longest tail that is a zone.
        for start in range(len(parts)):
            tail = "/".join(parts[start:])
            if tail in _zone_names() and "/" in tail:
                return tail
    windows = _windows_names().get(text.lower())
    if windows:
        return windows
    if re.fullmatch(r"(?:UTC|GMT|Z|Coordinated Universal Time|Etc/UTC)", text, re.I):
        return "UTC"
    city = _city_zone(text)
    if city:
        return city
    lowered = " ".join(re.findall(r"[a-z]+", text.lower()))
    for name, zone in NAMED_ZONES.items():
        if re.search(rf"\b{name}\b", lowered):
            return zone
    for word in re.findall(r"\b[A-Z]{2,5}\b", text):
        if word in ABBREVIATIONS:
            return ABBREVIATIONS[word]
    return ""


# --- Titles, companies, links -----------------------------------------------------------

_SEP = r"\s*[:\u2013\u2014|-]\s*"
TITLE_PATTERNS = (
    # "Interview: Backend developer at Acme"
    re.compile(rf"^interview{_SEP}(?P<role>.+?)\s+(?:at|@|with)\s+(?P<company>.+)$", re.I),
    # "Interview with Acme", "Interview with Acme: Backend developer", "Backend developer interview at Acme"
    re.compile(
        rf"^(?:(?P<role>.+?)\s+)?interview\s+(?:with|at|@|bei)\s+(?P<company>.+?)(?:(?:{_SEP}|\s+for\s+)(?P<role2>.+))?$",
        re.I,
    ),
    # "Acme – Backend developer interview"
    re.compile(rf"^(?P<company>.+?){_SEP}(?P<role>.+?)\s+interview$", re.I),
    # "Acme interview: Backend developer"
    re.compile(rf"^(?P<company>.+?)\s+interview{_SEP}(?P<role>.+)$", re.I),
    # "Acme interview"
    re.compile(r"^(?P<company>.+?)\s+interview$", re.I),
)
TITLE_PREFIXES = re.compile(r"^(?:(?:updated\s+)?invitation|einladung|fwd?|re|aw|wg)\s*:\s*", re.I)
# Google's subject: "Invitation: Interview with Acme @ Tue 31 Mar 2026 14:00 - 15:00 (CEST) (jo@example.com)"
GOOGLE_SUBJECT_TAIL = re.compile(r"\s+@\s+\w{3}\s+\d.*$")


def clean_title(title: str) -> str:
    title = " ".join(title.split())
    while TITLE_PREFIXES.match(title):
        title = TITLE_PREFIXES.sub("", title, count=1)
    return GOOGLE_SUBJECT_TAIL.sub("", title).strip()


def company_and_role(title: str) -> tuple[str, str]:
    """ "Interview with Acme: Backend developer" -> ("Acme", "Backend developer"); ("", "") when unclear."""
    title = clean_title(title)
    for pattern in TITLE_PATTERNS:
        match = pattern.match(title)
        if match:
            groups = match.groupdict()
            role = groups.get("role") or groups.get("role2") or ""
            return groups["company"].strip(" -–—:|"), role.strip(" -–—:|")
    return "", ""


def company_from_email(address: str) -> str:
    """ "sam@acme-robotics.example" -> "Acme Robotics"; "" for free-mail and calendar services."""
    domain = address.rpartition("@")[2].lower()
    labels = [label for label in domain.split(".") if label]
    if len(labels) < 2:
        return ""
    name = labels[-2] if len(labels[-2]) > 3 or len(labels) < 3 else labels[-3]
    if name in GENERIC_DOMAINS:
        return ""
    return name.replace("-", " ").title()


def meeting_link(text: str) -> str:
    for url in URL_PATTERN.findall(text or ""):
        host = re.sub(r"^https?://", "", url, flags=re.I).split("/", 1)[0].lower()
        if any(host == h or host.endswith("." + h) for h in MEETING_HOSTS):
            return url.rstrip(".,;")
    return ""


def _location(location: str, link: str) -> str:
    location = " ".join((location or "").split())
    if not link or URL_PATTERN.search(location):
        return location[:500]
    if not location or GENERIC_LOCATIONS.match(location):
        return link[:500]
    return f"{location} ({link})"[:500]


def _phone(text: str) -> str:
    match = PHONE_LINE.search(text or "")
    return " ".join(match.group("number").split())[:40] if match else ""


def _fill_company(invitation: Invitation) -> None:
    invitation.company, invitation.role = company_and_role(invitation.title)
    if not invitation.company and invitation.contact_email:
        invitation.company = company_from_email(invitation.contact_email)
    invitation.company = invitation.company[:200]
    invitation.role = invitation.role[:200]


def _duration(start: datetime, end: datetime) -> int | None:
    if (start.tzinfo is None) != (end.tzinfo is None):
        return None
    minutes = int((end - start).total_seconds() // 60)
    return minutes if 0 < minutes <= MAX_DURATION_MINUTES else None


# --- .ics ------------------------------------------------------------------------------


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_ics(data: bytes | str) -> list[Invitation]:
    """The events of an .ics invitation that have a start time; at least one, else InvitationError."""
    size = len(data.encode() if isinstance(data, str) else data)
    if size > MAX_ICS_BYTES:
        raise InvitationError(
            f"This file is {size // 1024} KB; an invitation is a few KB. "
            f"RainCheck reads files of up to {MAX_ICS_BYTES // 1024} KB."
        )
    text = _decode(data)
    if not re.match(r"\s*BEGIN:VCALENDAR", text, re.I):
        raise InvitationError("This is not a calendar file: an .ics invitation starts with “BEGIN:VCALENDAR”.")
    # Counted before parsing, so a file of a million parts is refused without building them.
    events = len(re.findall(r"^BEGIN:VEVENT", text, re.I | re.M))
    if events > MAX_EVENTS:
        raise InvitationError(
            f"This file has {events} events; it looks like a whole calendar. "
            f"Import an invitation (up to {MAX_EVENTS} events) instead."
        )
    if len(re.findall(r"^BEGIN:", text, re.I | re.M)) > MAX_COMPONENTS:
        raise InvitationError("This calendar file has too many parts to be an invitation.")
    try:
        calendar = Calendar.from_ical(text)
        found = [_invitation_of(event, calendar) for event in calendar.walk("VEVENT")]
    except RecursionError:
        raise InvitationError("This calendar file is nested too deeply to be read.") from None
    except Exception:
        # icalendar raises ValueError for most bad input, but KeyError, IndexError or TypeError
        # for some; whichever it is, the user's answer is the same.
        raise InvitationError(
            "This calendar file could not be read: it is damaged or not in the iCalendar format."
        ) from None
    if str(calendar.get("METHOD", "")).upper() == "CANCEL":
        raise InvitationError("This file cancels a meeting; there is no interview in it to add.")
    if not found:
        raise InvitationError("This calendar file has no event in it.")
    timed = [invitation for invitation in found if invitation is not None]
    if not timed:
        raise InvitationError(
            "This is an all-day event. An interview needs a start time: add it by hand with the time they gave you."
        )
    return timed


def _invitation_of(event, calendar) -> Invitation | None:
    """One VEVENT, or None for an all-day one (or one without a start)."""
    start_prop = event.get("DTSTART")
    if start_prop is None:
        return None
    start = start_prop.dt
    if not isinstance(start, datetime):
        return None
    invitation = Invitation(title=" ".join(str(event.get("SUMMARY", "")).split())[:300])
    tzid = str(start_prop.params.get("TZID", ""))
    zone_name = zone_from_text(tzid) if tzid else ""
    if zone_name:
        invitation.start, invitation.time_zone = start.replace(tzinfo=None), zone_name
    elif start.tzinfo is not None:
        # UTC (Google writes "Z"), or a zone only the file defines: the instant is known.
        invitation.start = start.astimezone(UTC)
        invitation.time_zone = zone_from_text(str(calendar.get("X-WR-TIMEZONE", "")))
    else:
        # Floating time: no zone given at all. The user's zone is the best reading.
        invitation.start = start
    end_prop = event.get("DTEND")
    if end_prop is not None and isinstance(end_prop.dt, datetime):
        invitation.duration_minutes = _duration(start, end_prop.dt)
    elif event.get("DURATION") is not None:
        duration = event.decoded("DURATION")
        if isinstance(duration, timedelta):
            invitation.duration_minutes = _duration(datetime(2000, 1, 1), datetime(2000, 1, 1) + duration)
    description = str(event.get("DESCRIPTION", ""))
    link = next(
        (
            str(event[name])
            for name in ("X-MICROSOFT-SKYPETEAMSMEETINGURL", "X-GOOGLE-CONFERENCE", "CONFERENCE")
            if event.get(name) is not None and URL_PATTERN.match(str(event[name]))
        ),
        "",
    ) or meeting_link(f"{event.get('URL', '')} {description}")
    invitation.location = _location(str(event.get("LOCATION", "")), link)
    organizer = event.get("ORGANIZER")
    if organizer is not None:
        address = re.sub(r"^mailto:", "", str(organizer), flags=re.I).strip()
        if EMAIL_PATTERN.fullmatch(address) and not address.lower().startswith("calendar-notification@"):
            invitation.contact_email = address[:254]
        invitation.contact_name = " ".join(str(organizer.params.get("CN", "")).split()).strip('"')[:200]
        if invitation.contact_name == invitation.contact_email:
            invitation.contact_name = ""
    invitation.contact_phone = _phone(description)
    _fill_company(invitation)
    return invitation


# --- E-mail text -----------------------------------------------------------------------

LABELLED = re.compile(r"^\s*(?P<label>[A-Za-zÄÖÜäöü ]{2,20})\s*:\s*(?P<value>.*\S)\s*$")
WHEN_LABELS = {"when", "time", "date", "date and time", "date & time", "wann", "zeit", "datum", "termin"}
WHERE_LABELS = {"where", "location", "place", "ort", "address"}
TITLE_LABELS = {"subject", "topic", "title", "betreff", "meeting", "thema"}
ORGANISER_LABELS = {"organizer", "organiser", "from", "host", "organisator", "von", "contact"}
ZONE_LABELS = {"time zone", "timezone", "zeitzone"}
COMPANY_LABELS = {"company", "firma", "unternehmen"}
ROLE_LABELS = {"role", "position", "job", "stelle"}
# A time of day: "14:00", "2:00 PM", "2pm", "14.00 Uhr".
TIME_OF_DAY = re.compile(r"\b\d{1,2}(?:[:.]\d{2})\s*(?:am|pm|uhr)?\b|\b\d{1,2}\s*(?:am|pm)\b", re.I)
RANGE_SPLIT = re.compile(r"\s*(?:\u2013|\u2014|\s-\s|(?<=\d\d)-(?=\d{1,2}[:.]\d\d)|\bto\b|\bbis\b)\s*", re.I)
DATEPARSER_SETTINGS = {"PREFER_DATES_FROM": "future", "RETURN_AS_TIMEZONE_AWARE": False, "DATE_ORDER": "DMY"}


def _labelled(lines: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in lines:
        match = LABELLED.match(line)
        if match and not match.group("value").startswith("//"):
            found.setdefault(match.group("label").strip().lower(), match.group("value").strip())
    return found


def _first(labelled: dict[str, str], labels: set[str]) -> str:
    return next((labelled[label] for label in labelled if label in labels), "")


def _parse_when(text: str, now: datetime) -> tuple[datetime | None, int | None, str]:
    """ "Tuesday 31 Mar 2026 ⋅ 14:00 – 15:00 (Central European Time - Berlin)" -> (start, 60, zone)."""
    zone_name = ""
    for hint in re.findall(r"\(([^()]*)\)", text):
        zone_name = zone_name or zone_from_text(hint)
    core = re.sub(r"\([^()]*\)", " ", text).replace("\u22c5", " ").replace("·", " ")
    parts = RANGE_SPLIT.split(core, maxsplit=1)
    start_text = parts[0]
    end_text = parts[1] if len(parts) > 1 else ""
    if not zone_name:
        # Zoom writes the zone after the time: "Mar 31, 2026 02:00 PM Amsterdam, Berlin, Rome".
        match = TIME_OF_DAY.search(start_text)
        tail = start_text[match.end() :] if match else ""
        zone_name = zone_from_text(tail) or zone_from_text(end_text)
        if match and tail.strip():
            start_text = start_text[: match.end()]
    end_match = TIME_OF_DAY.search(end_text)
    end_text = end_text[: end_match.end()] if end_match else ""
    settings = {**DATEPARSER_SETTINGS, "RELATIVE_BASE": now.replace(tzinfo=None)}
    start = dateparser.parse(start_text.strip()[:200], languages=["en", "de"], settings=settings)
    if start is None or not TIME_OF_DAY.search(start_text):
        return None, None, zone_name
    duration = None
    if end_text:
        end_time = dateparser.parse(end_text.strip(), languages=["en", "de"], settings=settings)
        if end_time is not None:
            end = datetime.combine(start.date(), end_time.time())
            duration = _duration(start, end)
    return start.replace(second=0, microsecond=0), duration, zone_name


def _organiser_block(lines: list[str]) -> str:
    """Google's e-mail: a line "Organiser", then the name and the address on the lines after it."""
    for index, line in enumerate(lines):
        if line.lower() in ORGANISER_LABELS:
            return " ".join(lines[index + 1 : index + 3])
    return ""


def read_email_text(text: str, *, now: datetime) -> Invitation:
    """The interview an invitation e-mail (pasted as text) describes. Raises InvitationError if no time is in it."""
    if len(text) > MAX_TEXT_CHARS:
        raise InvitationError(
            f"This text is {len(text):,} characters long. Paste the invitation itself "
            f"(up to {MAX_TEXT_CHARS:,} characters), without the thread below it."
        )
    lines = [" ".join(line.replace("\xa0", " ").split()) for line in text.replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    labelled = _labelled(lines)
    invitation = Invitation()
    invitation.title = _first(labelled, TITLE_LABELS) or (lines[0] if lines else "")
    invitation.title = invitation.title[:300]
    when = _first(labelled, WHEN_LABELS)
    zone_line = ""
    if not when:
        # Google's e-mail: the time on a line of its own, the zone on the next ("Central European Time - Berlin").
        index = next((i for i, line in enumerate(lines[1:], 1) if TIME_OF_DAY.search(line)), None)
        if index is not None:
            when = lines[index]
            zone_line = lines[index + 1] if index + 1 < len(lines) else ""
    start, duration, zone_name = _parse_when(when, now) if when else (None, None, "")
    if not zone_name and zone_line and not LABELLED.match(zone_line) and not URL_PATTERN.search(zone_line):
        zone_name = zone_from_text(zone_line)
    if start is None:
        raise InvitationError(
            "RainCheck could not find the interview's date and time in this text. "
            "Paste the part of the invitation with the time (e.g. “When: Tuesday 31 March 2026, 14:00”), "
            "or upload the .ics file attached to it."
        )
    invitation.start = start
    invitation.duration_minutes = duration
    invitation.time_zone = zone_from_text(_first(labelled, ZONE_LABELS)) or zone_name
    link = meeting_link(text)
    invitation.location = _location(_first(labelled, WHERE_LABELS), link)
    organiser = _first(labelled, ORGANISER_LABELS) or _organiser_block(lines)
    # Only the organiser's address: any other in the text may be the user's own (Google's "Reply for ...").
    email = EMAIL_PATTERN.search(organiser)
    if email:
        invitation.contact_email = email.group(0)[:254]
    name = re.sub(r"<[^>]*>|\(.*?\)|[\w.+-]+@[\w.-]+|mailto:", " ", organiser)
    invitation.contact_name = " ".join(name.replace('"', " ").split()).strip(" -,")[:200]
    invitation.contact_phone = _phone(text)
    invitation.company = _first(labelled, COMPANY_LABELS)[:200]
    invitation.role = _first(labelled, ROLE_LABELS)[:200]
    if not invitation.company:
        _fill_company(invitation)
    return invitation


def read_invitation(*, file_data: bytes | None = None, text: str = "", now: datetime) -> list[Invitation]:
    """An uploaded .ics, or pasted text (an .ics's text, or an e-mail's): the interviews in it."""
    if file_data is not None:
        return read_ics(file_data)
    if re.match(r"\s*BEGIN:VCALENDAR", text, re.I):
        return read_ics(text)
    return [read_email_text(text, now=now)]


def describe_start(invitation: Invitation, *, default_time_zone: str) -> str:
    """ "Tue 31 Mar 2026, 14:00 (Europe/Berlin)": how the pick list shows an event."""
    local, zone_name = invitation.local_start(default_time_zone)
    if local is None:
        return "no time given"
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M} ({zone_name})"
