"""Import of interviews: RainCheck's own CSV or JSON export, or a CSV with a few columns from anywhere.

Three steps, so nothing is saved until the user has seen what will be:

1. `parse_upload()` reads the file into plain rows (JSON-serialisable, kept in the
   session between preview and confirmation) and names what is wrong with each.
2. `import_preview()` runs every row through the services inside a transaction that
   is rolled back, so each row's error is the one the real import would meet.
3. `import_rows()` does the same for real, in one transaction: all rows or none.

Every interview is created by `interview_create` (every rule of the form applies:
one-line names, a known zone, a time that exists, not in the past when it was
added), then, for a row of an export, `interview_restore` puts back its status,
decision, notice and history. Reminders are planned as of the real `now`.

A stable key per interview (`Interview.external_key`, unique per owner) makes a
second import of the same file create nothing: an export carries each interview's
key; a row without one gets a key made from its company, role, date, time and zone.

The minimal CSV: the columns company, date, time and zone (role and the export's other
columns may be added); the date as 2027-03-29, the time as 14:30, the zone as an IANA
name such as Europe/Berlin.
"""

import csv
import io
import json
import uuid
import zoneinfo
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.time_zones import canonical_time_zone

from .choices import EventKind
from .exports import CSV_COLUMNS, FORMAT_NAME, FORMULA_STARTS, JSON_FIELDS
from .forms import local_to_utc
from .models import Interview, InterviewEvent
from .notice import notice_is_late
from .services import interview_create, notice_hours_between, reminders_replan
from .time_display import show_time

# A file larger than this is refused before it is read (2 MB holds thousands of interviews).
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
# Rows checked and imported at once.
MAX_ROWS = 2000

MINIMAL_COLUMNS = ("company", "date", "time", "zone")
# Keys derived from a row's contents live in their own namespace (a uuid5 of the row's words).
ROW_KEY_NAMESPACE = uuid.UUID("9b0e4c5e-58a4-4c4e-9a57-2a1f0f3c8e61")
HISTORY_KINDS = frozenset(EventKind.values)

STATE_FIELDS = ("status", "attendance", "reason", "plan", "notice_given_at", "notice_channel")


class UploadError(Exception):
    """The file as a whole cannot be imported; the message says why, for the user."""


class RowError(Exception):
    """One row cannot be imported; the message names the field."""


@dataclass
class Row:
    """One interview to import, in plain values (the session keeps these between preview and confirmation)."""

    line: int
    key: str = ""
    company: str = ""
    details: dict = field(default_factory=dict)
    added_at: str | None = None
    state: dict | None = None
    history: list | None = None
    error: str = ""
    outcome: str = ""  # after a preview or an import: "new", "already" or "error"

    def as_dict(self) -> dict:
        return dict(self.__dict__)

    @property
    def when(self) -> str:
        """The interview's time in its own zone, as the preview shows it."""
        try:
            moment = datetime.fromisoformat(self.details["scheduled_at"])
            return show_time(moment, zoneinfo.ZoneInfo(self.details["time_zone"]))
        except (KeyError, TypeError, ValueError):
            return ""

    @classmethod
    def from_dict(cls, data: dict) -> "Row":
        return cls(**data)


# --- Reading the file ----------------------------------------------------------


def _text(value, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RowError(f"{name}: expected text")
    return value


def _unneutralise(cell: str) -> str:
    """Undo the export's guard against formulas ("'=SUM(…)" is the text "=SUM(…)")."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def _moment(value, name: str) -> datetime | None:
    text = _text(value, name).strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise RowError(f"{name}: “{text[:40]}” is not a date and time like 2027-03-29T14:30:00+02:00") from None
    if moment.tzinfo is None:
        raise RowError(f"{name}: “{text[:40]}” has no UTC offset (like +02:00)")
    try:
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        raise RowError(f"{name}: “{text[:40]}” is too far in the past or the future") from None


def _zone(value) -> str:
    name = _text(value, "zone").strip()
    if not name:
        raise RowError("zone: missing; give an IANA time zone such as Europe/Berlin")
    canonical = canonical_time_zone(name)
    if canonical is None:
        raise RowError(f"zone: “{name[:64]}” is not a time zone we know (try Europe/Berlin or America/New_York)")
    return canonical


def _local_time(day_text: str, time_text: str, zone_name: str) -> datetime:
    try:
        day = date.fromisoformat(day_text.strip())
    except ValueError:
        raise RowError(f"date: “{day_text[:40]}” is not a date like 2027-03-29") from None
    try:
        at = time.fromisoformat(time_text.strip())
    except ValueError:
        raise RowError(f"time: “{time_text[:40]}” is not a time like 14:30") from None
    scheduled_at, problem = local_to_utc(day, at, zoneinfo.ZoneInfo(zone_name))
    if problem:
        raise RowError(f"time: {problem}")
    return scheduled_at


def _duration(value) -> int:
    if value in (None, ""):
        return 60
    try:
        minutes = int(str(value).strip())
    except ValueError:
        raise RowError(f"duration_minutes: “{str(value)[:20]}” is not a whole number of minutes") from None
    if not 1 <= minutes <= 24 * 60:
        raise RowError("duration_minutes: between 1 and 1440 minutes")
    return minutes


def _key(value, details: dict) -> str:
    text = _text(value, "key").strip()
    if text:
        try:
            return str(uuid.UUID(text))
        except ValueError:
            raise RowError(f"key: “{text[:40]}” is not a key RainCheck wrote; leave the column empty") from None
    words = "\x1f".join(
        str(details.get(name, "")).strip().lower() for name in ("company", "role", "scheduled_at", "time_zone")
    )
    return str(uuid.uuid5(ROW_KEY_NAMESPACE, words))


def _history_from_cell(cell: str) -> list[dict]:
    """The CSV's history column: one line per event, "2027-03-01T10:00:00+00:00 kind: summary"."""
    events = []
    for number, line in enumerate(cell.splitlines(), start=1):
        if not line.strip():
            continue
        stamp, _, rest = line.partition(" ")
        kind, _, summary = rest.partition(": ")
        events.append({"at": stamp, "kind": kind, "summary": summary, "data": {}, "line": number})
    return events


def _details(raw: dict, scheduled_at: datetime, zone_name: str) -> dict:
    return {
        "company": _text(raw.get("company"), "company").strip(),
        "role": _text(raw.get("role"), "role").strip(),
        "scheduled_at": scheduled_at.isoformat(),
        "time_zone": zone_name,
        "duration_minutes": _duration(raw.get("duration_minutes")),
        "location": _text(raw.get("location"), "location"),
        "contact_name": _text(raw.get("contact_name"), "contact_name").strip(),
        "contact_email": _text(raw.get("contact_email"), "contact_email").strip(),
        "contact_phone": _text(raw.get("contact_phone"), "contact_phone").strip(),
        "notes": _text(raw.get("notes"), "notes"),
        **_notice_period(raw),
    }


def _notice_period(raw: dict) -> dict:
    """The company's notice period, when the file names one (else the services use the owner's default)."""
    amount = raw.get("notice_period_amount")
    if amount in (None, ""):
        return {}
    try:
        amount = int(str(amount).strip())
    except ValueError:
        raise RowError(f"notice_period_amount: “{str(amount)[:20]}” is not a whole number") from None
    return {
        "notice_period_amount": amount,
        "notice_period_unit": _text(raw.get("notice_period_unit"), "notice_period_unit").strip() or None,
        "notice_policy": _text(raw.get("notice_policy"), "notice_policy"),
    }


def _state(raw: dict) -> dict | None:
    if not _text(raw.get("status"), "status").strip():
        return None
    given_at = _moment(raw.get("notice_given_at"), "notice_given_at")
    return {
        "status": raw.get("status", "").strip(),
        "attendance": _text(raw.get("attendance"), "attendance").strip(),
        "reason": _text(raw.get("reason"), "reason").strip(),
        "plan": _text(raw.get("plan"), "plan").strip(),
        "notice_given_at": given_at.isoformat() if given_at else None,
        "notice_channel": _text(raw.get("notice_channel"), "notice_channel").strip(),
    }


def _row(line: int, raw: dict, *, history: list | None) -> Row:
    row = Row(line=line, company=str(raw.get("company") or "")[:200])
    try:
        zone_name = _zone(raw.get("zone"))
        starts_at = _moment(raw.get("starts_at"), "starts_at")
        if starts_at is None:
            scheduled_at = _local_time(_text(raw.get("date"), "date"), _text(raw.get("time"), "time"), zone_name)
        else:
            # An export's exact instant: unambiguous even in the hour the clocks go back.
            scheduled_at = starts_at
        row.details = _details(raw, scheduled_at, zone_name)
        row.key = _key(raw.get("key"), row.details)
        added_at = _moment(raw.get("added_at"), "added_at")
        row.added_at = added_at.isoformat() if added_at else None
        row.state = _state(raw)
        row.history = history
    except RowError as error:
        row.error = str(error)
    return row


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadError("The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again.") from None


def parse_csv(text: str) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise UploadError("The file is empty.") from None
    except csv.Error:
        raise UploadError("This is not a CSV file we can read.") from None
    missing = [name for name in MINIMAL_COLUMNS if name not in header]
    unknown = [name for name in header if name not in CSV_COLUMNS]
    if unknown:
        raise UploadError(
            f"Unknown column{'s' if len(unknown) > 1 else ''}: {', '.join(repr(n[:40]) for n in unknown[:5])}. "
            f"Use the columns of RainCheck's export, or at least {', '.join(MINIMAL_COLUMNS)}."
        )
    if missing:
        raise UploadError(f"Missing column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}.")
    if len(set(header)) != len(header):
        raise UploadError("A column appears twice in the first line.")
    rows = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise UploadError(f"The file has more than {MAX_ROWS} interviews. Split it and import each part.")
            line = reader.line_num
            if len(cells) != len(header):
                rows.append(Row(line=line, error=f"{len(cells)} cells where the first line names {len(header)}"))
                continue
            raw = {name: _unneutralise(cell) for name, cell in zip(header, cells, strict=True)}
            history = _history_from_cell(raw["history"]) if raw.get("history", "").strip() else None
            rows.append(_row(line, raw, history=history))
    except csv.Error:
        raise UploadError(f"Line {reader.line_num} of the file is not valid CSV.") from None
    if not rows:
        raise UploadError("The file has no interviews in it.")
    return rows


def parse_json(text: str) -> list[Row]:
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        raise UploadError("This is not a JSON file we can read.") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise UploadError("This JSON file is not a RainCheck export.")
    interviews = document.get("interviews")
    if not isinstance(interviews, list):
        raise UploadError("This RainCheck export has no list of interviews.")
    if len(interviews) > MAX_ROWS:
        raise UploadError(f"The file has more than {MAX_ROWS} interviews. Split it and import each part.")
    rows = []
    for number, item in enumerate(interviews, start=1):
        if not isinstance(item, dict):
            rows.append(Row(line=number, error="not an interview (expected an object)"))
            continue
        unknown = sorted(set(item).difference(JSON_FIELDS))
        if unknown:
            rows.append(Row(line=number, error=f"unknown field “{unknown[0][:40]}”"))
            continue
        history = item.get("history")
        if history is not None and not isinstance(history, list):
            rows.append(Row(line=number, error="history: expected a list of events"))
            continue
        raw = {**item, "zone": item.get("time_zone")}
        rows.append(_row(number, raw, history=history))
    if not rows:
        raise UploadError("The file has no interviews in it.")
    return rows


def parse_upload(name: str, content: bytes) -> list[Row]:
    """The rows of an uploaded CSV or JSON file. Raises UploadError for a file that cannot be read at all."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise UploadError(f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")
    text = _decode(content)
    if name.lower().endswith(".json") or text.lstrip().startswith("{"):
        return parse_json(text)
    return parse_csv(text)


# --- Writing -----------------------------------------------------------------


def _validation_text(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return " ".join(error.messages)


def _event(interview: Interview, raw, number: int) -> InterviewEvent:
    if not isinstance(raw, dict):
        raise RowError(f"history event {number}: expected an object")
    where = f"history event {number}"
    kind = _text(raw.get("kind"), f"{where} kind").strip()
    if kind not in HISTORY_KINDS:
        raise RowError(f"{where}: “{kind[:40]}” is not a kind of event RainCheck records")
    at = _moment(raw.get("at"), f"{where} time")
    if at is None:
        raise RowError(f"{where}: the time is missing")
    summary = " ".join(_text(raw.get("summary"), f"{where} summary").split())[:300]
    data = raw.get("data") or {}
    if not isinstance(data, dict):
        raise RowError(f"{where}: its details must be an object")
    if kind == EventKind.NOTICE_GIVEN:
        # The statistics count these: hours must be a number and "late" a yes or no.
        if "hours" in data:
            try:
                Decimal(str(data["hours"]))
            except InvalidOperation:
                raise RowError(f"{where}: hours of notice “{str(data['hours'])[:20]}” is not a number") from None
            data["hours"] = str(Decimal(str(data["hours"])).quantize(Decimal("0.1")))
        if "late" in data and not isinstance(data["late"], bool):
            raise RowError(f"{where}: “late” must be true or false")
    return InterviewEvent(interview=interview, kind=kind, at=at, summary=summary, data=data)


@transaction.atomic
def interview_restore(*, interview: Interview, state: dict | None, history: list | None, now: datetime) -> Interview:
    """Put back what an export recorded of an interview created by interview_create: status, decision,
    notice and history. The hours of notice and lateness are worked out again, never taken from the file.
    """
    if state is not None:
        for name in STATE_FIELDS:
            value = state.get(name)
            setattr(interview, name, datetime.fromisoformat(value) if name == "notice_given_at" and value else value)
        if interview.notice_given_at is not None:
            if not interview.notice_channel:
                raise ValidationError({"notice_channel": "say how notice was given (email, phone or other)"})
            given_at = interview.notice_given_at
            interview.notice_hours = notice_hours_between(at=given_at, scheduled_at=interview.scheduled_at)
            interview.notice_late = notice_is_late(given_at=given_at, deadline=interview.notice_deadline)
        interview.full_clean()
        interview.save()
    if history:
        events = [_event(interview, raw, number) for number, raw in enumerate(history, start=1)]
        # The recorded history replaces the "Added" line interview_create has just written.
        interview.events.all().delete()
        InterviewEvent.objects.bulk_create(events)
    reminders_replan(interview=interview, now=now)
    return interview


def _added_at(row: Row, now: datetime) -> datetime:
    """When the interview was added: its history's "Added" line, else the export's added_at, else now.

    interview_create checks the time against it: an exported interview that is past now was
    ahead of its owner when they added it; a row with no history must be ahead of now.
    """
    for raw in row.history or []:
        if isinstance(raw, dict) and raw.get("kind") == EventKind.CREATED:
            with suppress(RowError):
                at = _moment(raw.get("at"), "history")
                if at is not None:
                    return min(at, now)
    return min(datetime.fromisoformat(row.added_at), now) if row.added_at else now


def _import_one(*, owner, row: Row, now: datetime) -> Interview:
    details = dict(row.details)
    details["scheduled_at"] = datetime.fromisoformat(details["scheduled_at"])
    interview = interview_create(owner=owner, now=_added_at(row, now), **details)
    interview.external_key = uuid.UUID(row.key)
    interview.save(update_fields=["external_key"])
    if row.state is not None or row.history:
        interview_restore(interview=interview, state=row.state, history=row.history, now=now)
    return interview


@dataclass
class Preview:
    rows: list[Row]
    new: list[Row]
    already: list[Row]
    errors: list[Row]

    @property
    def can_import(self) -> bool:
        return bool(self.new) and not self.errors


def _run(*, owner, rows: list[Row], now: datetime, keep: bool) -> Preview:
    keys = [row.key for row in rows if row.key]
    stored = Interview.objects.owned_by(owner).filter(external_key__in=keys).values_list("external_key", flat=True)
    existing = {str(key) for key in stored}
    new, already, errors, seen = [], [], [], {}
    with transaction.atomic():
        for row in rows:
            if not row.error and row.key in seen:
                row.error = f"the same interview as line {seen[row.key]}"
            if row.error:
                row.outcome = "error"
                errors.append(row)
                continue
            seen[row.key] = row.line
            if row.key in existing:
                row.outcome = "already"
                already.append(row)
                continue
            try:
                with transaction.atomic():
                    _import_one(owner=owner, row=row, now=now)
            except (ValidationError, RowError, IntegrityError, ValueError, TypeError) as error:
                if isinstance(error, ValidationError):
                    row.error = _validation_text(error)
                elif isinstance(error, IntegrityError):
                    row.error = "imported already, just now"
                else:
                    row.error = str(error) or "this row cannot be imported"
                row.outcome = "error"
                errors.append(row)
                continue
            row.outcome = "new"
            new.append(row)
        if not keep or errors:
            transaction.set_rollback(True)
    return Preview(rows=rows, new=new, already=already, errors=errors)


def import_preview(*, owner, rows: list[Row], now: datetime) -> Preview:
    """What importing `rows` would do, row by row, with each row's error; saves nothing."""
    return _run(owner=owner, rows=rows, now=now, keep=False)


def import_rows(*, owner, rows: list[Row], now: datetime) -> Preview:
    """Import every new row, or (if any row fails) none: the Preview says which happened."""
    return _run(owner=owner, rows=rows, now=now, keep=True)
