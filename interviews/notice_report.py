"""Proof of notice: every time the user told a company they could not come, as a printable page or CSV.

For an employment agency or anyone who asks: which interview, when and how the
company was told, how many hours ahead, the message as sent and the company's reply.
Read from the history, which keeps each notice across a reschedule (the interview's
own notice fields are cleared by one): the NOTICE_GIVEN event carries the channel, the
hours and the message sent (`message_subject`, `message_body`); the company's reply
is a note (kind "note", `data["text"]`) written after it, before the next notice.
Two queries, whatever the number of interviews.
"""

import csv
import zoneinfo
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from .choices import EventKind, NoticeChannel
from .exports import neutralise
from .models import Interview, InterviewEvent
from .time_display import show_time


@dataclass
class Reply:
    at: datetime
    text: str


@dataclass
class NoticeEntry:
    interview: Interview
    given_at: datetime
    channel: str
    hours: Decimal | None
    late: bool
    interview_time: datetime
    message_subject: str = ""
    message_body: str = ""
    replies: list[Reply] = field(default_factory=list)

    @property
    def channel_label(self) -> str:
        try:
            return NoticeChannel(self.channel).label
        except ValueError:
            return self.channel


@dataclass(frozen=True)
class Period:
    """Whole days in the user's zone, both included; None for an open end."""

    start: date | None = None
    end: date | None = None

    def bounds(self, zone: zoneinfo.ZoneInfo) -> tuple[datetime | None, datetime | None]:
        start = datetime.combine(self.start, time.min, tzinfo=zone) if self.start else None
        end = datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone) if self.end else None
        return start, end


def _hours(value) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


ALL_TIME = Period()


def notice_entries(*, user, interview: Interview | None = None, period: Period = ALL_TIME) -> list[NoticeEntry]:
    """Every notice the user gave (of one interview, or in a period of days in their zone), oldest first."""
    notices = InterviewEvent.objects.filter(
        interview__in=Interview.objects.owned_by(user), kind=EventKind.NOTICE_GIVEN
    ).select_related("interview")
    if interview is not None:
        notices = notices.filter(interview=interview)
    start, end = period.bounds(zoneinfo.ZoneInfo(user.time_zone))
    if start is not None:
        notices = notices.filter(at__gte=start)
    if end is not None:
        notices = notices.filter(at__lt=end)
    notices = list(notices.order_by("at", "pk"))
    if not notices:
        return []
    # What came after each notice: the next notice ends its replies; a new time tells the time it replaced.
    around = InterviewEvent.objects.filter(
        interview_id__in={n.interview_id for n in notices},
        kind__in=[EventKind.NOTICE_GIVEN, EventKind.RESCHEDULED, EventKind.NOTE],
    ).order_by("interview_id", "at", "pk")
    later: dict[int, list[InterviewEvent]] = {}
    for event in around:
        later.setdefault(event.interview_id, []).append(event)

    entries = []
    for notice in notices:
        entry = NoticeEntry(
            interview=notice.interview,
            given_at=notice.at,
            channel=str(notice.data.get("channel", "")),
            hours=_hours(notice.data.get("hours")),
            late=notice.data.get("late") is True,
            interview_time=notice.interview.scheduled_at,
            message_subject=str(notice.data.get("message_subject", "")),
            message_body=str(notice.data.get("message_body", "")),
        )
        following = [e for e in later[notice.interview_id] if (e.at, e.pk) > (notice.at, notice.pk)]
        moved = False
        for event in following:
            if event.kind == EventKind.NOTICE_GIVEN:
                break
            if event.kind == EventKind.NOTE:
                entry.replies.append(Reply(event.at, str(event.data.get("text") or event.summary)))
            elif event.kind == EventKind.RESCHEDULED and not moved and event.data.get("old"):
                with suppress(TypeError, ValueError):
                    entry.interview_time = datetime.fromisoformat(event.data["old"])
                moved = True
        entries.append(entry)
    return entries


REPORT_COLUMNS = (
    "company",
    "role",
    "interview_time",
    "notice_given_at",
    "channel",
    "hours_of_notice",
    "on_time",
    "message_subject",
    "message_body",
    "company_reply",
    "time_zone",
)


class _Line:
    def write(self, text: str) -> str:
        return text


def _report_time(moment: datetime, zone: zoneinfo.ZoneInfo) -> str:
    return show_time(moment, zone)


def report_csv(entries: list[NoticeEntry], *, zone_name: str) -> Iterator[str]:
    """The report as CSV rows; times in the user's zone, named in each row."""
    zone = zoneinfo.ZoneInfo(zone_name)
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(REPORT_COLUMNS)
    for entry in entries:
        cells = [
            entry.interview.company,
            entry.interview.role,
            _report_time(entry.interview_time, zone),
            _report_time(entry.given_at, zone),
            entry.channel_label,
            format(entry.hours.normalize(), "f") if entry.hours is not None else "",
            "no, late" if entry.late else "yes",
            entry.message_subject,
            entry.message_body,
            "\n\n".join(f"{_report_time(reply.at, zone)}: {reply.text}" for reply in entry.replies),
            zone_name,
        ]
        yield writer.writerow([neutralise(cell) for cell in cells])
