"""Export of a user's whole record: JSON (everything, to keep or to import again) and CSV (one row per interview).

Both are generators of text chunks for a StreamingHttpResponse: interviews are read
a chunk at a time (by key set, three queries a chunk: the interviews, their history,
their reminders), so 10,000 interviews export in the memory of one chunk. Not
prefetch_related(): it links each event back to its interview, and those reference
cycles wait for the garbage collector, so memory would grow with the export.
Every time is ISO 8601 with its offset; the CSV's date and time are the
interview's own wall-clock time in its zone, as the minimal import takes them.

A spreadsheet runs a cell that starts with = + - or @ (or a tab or carriage return,
which some strip first) as a formula: such cells get a leading apostrophe, which the
import takes off again.
"""

import csv
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from .models import Interview, InterviewEvent, Reminder

FORMAT_NAME = "raincheck"
FORMAT_VERSION = 1

# Interviews read per query; their history and reminders come in one query each per chunk.
CHUNK_SIZE = 500

# The CSV's columns, in order. The import takes these, or the minimal set in imports.py.
CSV_COLUMNS = (
    "key",
    "company",
    "role",
    "date",
    "time",
    "zone",
    "starts_at",
    "duration_minutes",
    "notice_period_amount",
    "notice_period_unit",
    "notice_policy",
    "location",
    "contact_name",
    "contact_email",
    "contact_phone",
    "notes",
    "status",
    "attendance",
    "reason",
    "plan",
    "notice_given_at",
    "notice_channel",
    "notice_hours",
    "notice_late",
    "added_at",
    "history",
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A cell a spreadsheet would run as a formula, made plain text with a leading apostrophe."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


@dataclass
class _Exported:
    interview: Interview
    events: list[InterviewEvent]
    reminders: list[Reminder]


def _interviews(user) -> Iterator[_Exported]:
    """The user's interviews in time order, each with its history and reminders, a chunk at a time."""
    interviews = Interview.objects.owned_by(user).order_by("scheduled_at", "pk")
    after = Q()
    while True:
        chunk = list(interviews.filter(after)[:CHUNK_SIZE])
        if not chunk:
            return
        ids = [interview.pk for interview in chunk]
        events, reminders = defaultdict(list), defaultdict(list)
        for event in InterviewEvent.objects.filter(interview_id__in=ids).order_by("at", "pk"):
            events[event.interview_id].append(event)
        for reminder in Reminder.objects.filter(interview_id__in=ids).order_by("due_at", "pk"):
            reminders[reminder.interview_id].append(reminder)
        for interview in chunk:
            yield _Exported(interview, events[interview.pk], reminders[interview.pk])
        last = chunk[-1]
        after = Q(scheduled_at__gt=last.scheduled_at) | Q(scheduled_at=last.scheduled_at, pk__gt=last.pk)


def _reminder_state(reminder) -> str:
    if reminder.sent_at:
        return "sent"
    if reminder.skipped_at:
        return "skipped"
    if reminder.failed_at:
        return "failed"
    return "pending"


# Fields both formats write as they are stored, in this order.
AS_STORED_FIELDS = (
    "notice_period_unit",
    "notice_policy",
    "location",
    "contact_name",
    "contact_email",
    "contact_phone",
    "notes",
    "status",
    "attendance",
    "reason",
    "plan",
)

# The keys of an interview in the JSON export, in order (the JSON import takes these and no other).
JSON_FIELDS = (
    "key",
    "company",
    "role",
    "starts_at",
    "time_zone",
    "duration_minutes",
    "notice_period_amount",
    *AS_STORED_FIELDS,
    "notice_deadline",
    "notice_given_at",
    "notice_channel",
    "notice_hours",
    "notice_late",
    "added_at",
    "updated_at",
    "history",
    "reminders",
)


def _as_stored(interview: Interview) -> dict[str, str]:
    return {name: getattr(interview, name) for name in AS_STORED_FIELDS}


def interview_record(exported: _Exported) -> dict:
    """One interview as the JSON export writes it (and the JSON import reads it)."""
    interview = exported.interview
    return {
        "key": str(interview.external_key),
        "company": interview.company,
        "role": interview.role,
        "starts_at": _iso(interview.scheduled_at),
        "time_zone": interview.time_zone,
        "duration_minutes": interview.duration_minutes,
        "notice_period_amount": interview.notice_period_amount,
        **_as_stored(interview),
        "notice_deadline": _iso(interview.notice_deadline),
        "notice_given_at": _iso(interview.notice_given_at),
        "notice_channel": interview.notice_channel,
        "notice_hours": interview.notice_hours_text or None,
        "notice_late": interview.notice_late,
        "added_at": _iso(interview.created_at),
        "updated_at": _iso(interview.updated_at),
        "history": [
            {"at": _iso(event.at), "kind": event.kind, "summary": event.summary, "data": event.data}
            for event in exported.events
        ],
        "reminders": [
            {
                "kind": reminder.kind,
                "due_at": _iso(reminder.due_at),
                "state": _reminder_state(reminder),
                "sent_at": _iso(reminder.sent_at),
                "skipped_at": _iso(reminder.skipped_at),
                "skip_reason": reminder.skip_reason,
                "failed_at": _iso(reminder.failed_at),
                "attempts": reminder.attempts,
            }
            for reminder in exported.reminders
        ],
    }


def account_record(user) -> dict:
    return {
        "email": user.email,
        "name": user.name,
        "time_zone": user.time_zone,
        "email_verified_at": _iso(user.email_verified_at),
        "reminders_enabled": user.reminders_enabled,
        "reminder_first_hours": user.reminder_first_hours,
        "reminder_second_hours": user.reminder_second_hours,
        "date_joined": _iso(user.date_joined),
    }


def export_json(*, user, now: datetime) -> Iterator[str]:
    """The whole record as one JSON document, written an interview at a time."""
    head = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "exported_at": now.isoformat()}
    yield json.dumps(head, ensure_ascii=False)[:-1]  # the object stays open for the account and interviews
    yield ', "account": ' + json.dumps(account_record(user), ensure_ascii=False) + ', "interviews": ['
    for n, exported in enumerate(_interviews(user)):
        yield ("," if n else "") + "\n" + json.dumps(interview_record(exported), ensure_ascii=False)
    yield "\n]}\n"


class _Line:
    """csv.writer writes to this, and the generator yields what it wrote."""

    def write(self, text: str) -> str:
        return text


def history_summary(events: list[InterviewEvent]) -> str:
    """The history in one cell: a line per event, "time kind: summary" (the CSV import reads it back)."""
    return "\n".join(f"{event.at.isoformat()} {event.kind}: {event.summary}" for event in events)


def csv_row(exported: _Exported) -> list[str]:
    interview = exported.interview
    local = interview.local_scheduled_at
    values = {
        "key": str(interview.external_key),
        "company": interview.company,
        "role": interview.role,
        "date": local.date().isoformat(),
        "time": local.strftime("%H:%M"),
        "zone": interview.time_zone,
        "starts_at": interview.scheduled_at.isoformat(),
        "duration_minutes": str(interview.duration_minutes),
        "notice_period_amount": str(interview.notice_period_amount),
        **_as_stored(interview),
        "notice_given_at": _iso(interview.notice_given_at) or "",
        "notice_channel": interview.notice_channel,
        "notice_hours": interview.notice_hours_text,
        "notice_late": "yes" if interview.notice_late else "",
        "added_at": interview.created_at.isoformat(),
        "history": history_summary(exported.events),
    }
    return [neutralise(values[column]) for column in CSV_COLUMNS]


def export_csv(*, user) -> Iterator[str]:
    """The interviews as CSV, one row each, the history summarised in its last column."""
    writer = csv.writer(_Line())
    # The byte-order mark tells spreadsheet programs the file is UTF-8 (the import ignores it).
    yield "\ufeff" + writer.writerow(CSV_COLUMNS)
    for exported in _interviews(user):
        yield writer.writerow(csv_row(exported))
