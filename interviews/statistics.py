"""A user's statistics: interviews by outcome, notice on time and its hours, reschedules that worked, the weeks ahead.

Read-only, from ORM aggregates in a fixed number of queries however many interviews
there are (five; the tests compare 5 and 200 interviews). Notice and reschedules
are counted from the history (InterviewEvent), not from the interviews' own fields:
a reschedule clears those, and the history keeps every time notice was given.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Q, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, TruncWeek
from django.utils import formats

from .choices import EventKind, Plan, Status
from .models import Interview, InterviewEvent

# The upcoming load covers this many weeks, this one included.
UPCOMING_WEEKS = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: int

    def share_of(self, largest: int) -> float:
        return self.value / largest if largest else 0.0


@dataclass(frozen=True)
class Chart:
    """A bar chart and the table beside it: the same rows."""

    slug: str
    title: str
    bars: list[Bar]
    value_heading: str = "Interviews"
    label_heading: str = "Outcome"
    summary: str = ""

    @property
    def largest(self) -> int:
        return max((bar.value for bar in self.bars), default=0)

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)


@dataclass(frozen=True)
class NoticeStatistics:
    given: int
    late: int
    median_hours: Decimal | None

    @property
    def on_time(self) -> int:
        return self.given - self.late


@dataclass(frozen=True)
class RescheduleStatistics:
    requested: int
    new_time: int
    median_answer_hours: Decimal | None

    @property
    def waiting_or_declined(self) -> int:
        return self.requested - self.new_time


@dataclass(frozen=True)
class Statistics:
    interviews: int
    by_outcome: Chart
    notice: NoticeStatistics
    notice_chart: Chart
    reschedules: RescheduleStatistics
    reschedule_chart: Chart
    upcoming: Chart

    @property
    def empty(self) -> bool:
        return self.interviews == 0


def median(values: list[Decimal]) -> Decimal | None:
    """The middle value of sorted `values` (the mean of the two middle ones for an even count)."""
    if not values:
        return None
    middle = len(values) // 2
    if len(values) % 2:
        return values[middle]
    return ((values[middle - 1] + values[middle]) / 2).quantize(Decimal("0.1"))


def hours_text(value: Decimal) -> str:
    """84.0 → "84", 23.5 → "23.5": hours as people write them (as Interview.notice_hours_text)."""
    return format(value.normalize(), "f")


def _notice_summary(notice: NoticeStatistics) -> str:
    if not notice.given:
        return "You have not had to tell a company you cannot come. When you do, RainCheck counts the notice you gave."
    times = "once" if notice.given == 1 else f"{notice.given} times"
    text = f"You gave notice {times}, {notice.on_time} on time"
    if notice.median_hours is None:
        return text + "."
    return f"{text}; the median notice was {hours_text(notice.median_hours)} h."


def _reschedule_summary(reschedules: RescheduleStatistics) -> str:
    if not reschedules.requested:
        return "You have not asked a company to reschedule yet."
    asked = "request" if reschedules.requested == 1 else "requests"
    text = f"Of {reschedules.requested} {asked} to reschedule, {reschedules.new_time} got a new time"
    if reschedules.median_answer_hours is None:
        return text + "."
    return f"{text}; the median answer came {hours_text(reschedules.median_answer_hours)} h after you asked."


def _hours_between(start: datetime, end: datetime) -> Decimal:
    return (Decimal((end - start).total_seconds()) / Decimal(3600)).quantize(Decimal("0.1"))


def _by_outcome(interviews) -> Chart:
    counts = dict(interviews.order_by().values_list("status").annotate(n=Count("pk")))
    return Chart(
        slug="outcomes",
        title="Interviews by outcome",
        bars=[Bar(status.label, counts.get(status.value, 0)) for status in Status],
    )


def _notice(events) -> NoticeStatistics:
    notices = events.filter(kind=EventKind.NOTICE_GIVEN)
    counts = notices.aggregate(given=Count("pk"), late=Count("pk", filter=Q(data__late=True)))
    given = counts["given"]
    hours = None
    if given:
        # The median without loading every row: order by the hours and read the middle one or two.
        as_number = Cast(KeyTextTransform("hours", "data"), DecimalField(max_digits=9, decimal_places=1))
        middle = [
            Decimal(value)
            for value in notices.annotate(h=as_number)
            .order_by("h", "pk")
            .values_list("h", flat=True)[(given - 1) // 2 : given // 2 + 1]
        ]
        # One middle value for an odd count, two for an even one: their mean is the median.
        hours = (sum(middle) / len(middle)).quantize(Decimal("0.1")) if middle else None
    return NoticeStatistics(given=given, late=counts["late"], median_hours=hours)


def _reschedules(events) -> RescheduleStatistics:
    # A new time agreed after a reschedule request is the RESCHEDULED event that interview_reschedule
    # writes with the status it left ("reschedule_requested"); moving the time on the edit form
    # writes one without a status.
    answer = (
        InterviewEvent.objects.filter(
            interview=OuterRef("interview"),
            kind=EventKind.RESCHEDULED,
            at__gte=OuterRef("at"),
            data__status=Status.RESCHEDULE_REQUESTED,
        )
        .order_by("at", "pk")
        .values("at")[:1]
    )
    requests = list(
        events.filter(kind=EventKind.NOTICE_GIVEN, data__plan=Plan.RESCHEDULE)
        .annotate(answered_at=Subquery(answer))
        .values_list("at", "answered_at")
    )
    waits = sorted(_hours_between(asked, answered) for asked, answered in requests if answered is not None)
    return RescheduleStatistics(requested=len(requests), new_time=len(waits), median_answer_hours=median(waits))


def week_start(moment: datetime, zone: zoneinfo.ZoneInfo) -> date:
    """The Monday of the week `moment` falls in, in `zone`."""
    day = moment.astimezone(zone).date()
    return day - timedelta(days=day.weekday())


def _upcoming(interviews, *, now: datetime, zone: zoneinfo.ZoneInfo) -> Chart:
    first = week_start(now, zone)
    weeks = [first + timedelta(weeks=n) for n in range(UPCOMING_WEEKS)]
    end = datetime.combine(first + timedelta(weeks=UPCOMING_WEEKS), datetime.min.time(), tzinfo=zone)
    rows = (
        interviews.filter(scheduled_at__gt=now, scheduled_at__lt=end)
        .exclude(status=Status.CANCELLED)
        .annotate(week=TruncWeek("scheduled_at", tzinfo=zone))
        .order_by()
        .values_list("week")
        .annotate(n=Count("pk"))
    )
    counts = {}
    for week, n in rows:
        day = week.astimezone(zone).date() if isinstance(week, datetime) else week
        counts[day] = counts.get(day, 0) + n
    return Chart(
        slug="upcoming",
        title=f"Upcoming interviews, the next {UPCOMING_WEEKS} weeks",
        bars=[Bar(f"Week of {formats.date_format(week, 'j M')}", counts.get(week, 0)) for week in weeks],
        label_heading="Week",
    )


def record_statistics(*, user, now: datetime) -> Statistics:
    """Everything the statistics page shows, for `user` as of `now`, in a fixed number of queries."""
    zone = zoneinfo.ZoneInfo(user.time_zone)
    interviews = Interview.objects.owned_by(user)
    events = InterviewEvent.objects.filter(interview__in=interviews)
    by_outcome = _by_outcome(interviews)
    notice = _notice(events)
    reschedules = _reschedules(events)
    return Statistics(
        interviews=by_outcome.total,
        by_outcome=by_outcome,
        notice=notice,
        notice_chart=Chart(
            slug="notice",
            title="Notice given on time and late",
            bars=[Bar("On time", notice.on_time), Bar("Late", notice.late)],
            value_heading="Times",
            label_heading="Notice",
            summary=_notice_summary(notice),
        ),
        reschedules=reschedules,
        reschedule_chart=Chart(
            slug="reschedules",
            title="Reschedule requests",
            bars=[Bar("Got a new time", reschedules.new_time), Bar("No new time", reschedules.waiting_or_declined)],
            value_heading="Requests",
            label_heading="Answer",
            summary=_reschedule_summary(reschedules),
        ),
        upcoming=_upcoming(interviews, now=now, zone=zone),
    )
