"""Moving the clock and sweeping for reminders, as beat would, inside the test process."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import time_machine
from django.utils import timezone

from interviews.delivery import DeliveryCounts, reminders_send_batch, reminders_sweep
from tests.factories import InterviewFactory

# A Monday morning; every test's clock starts here.
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def travel(moment: datetime):
    return time_machine.travel(moment, tick=False)


def add_interview(owner, *, at: datetime = T0, starts_in: timedelta, **fields):
    """The owner adds an interview at `at`, starting `starts_in` later."""
    with travel(at):
        return InterviewFactory(owner=owner, scheduled_at=at + starts_in, now=at, **fields)


def sweep_at(moment: datetime) -> DeliveryCounts:
    """One sweep at `moment`, its batches sent inline (what a worker would do with them)."""
    counts = DeliveryCounts()

    def send_inline(ids: list[int]) -> None:
        nonlocal counts
        counts += reminders_send_batch(ids)

    with travel(moment):
        reminders_sweep(timezone.now(), enqueue=send_inline)
    return counts


def every(start: datetime, end: datetime, step: timedelta) -> Iterator[datetime]:
    moment = start
    while moment <= end:
        yield moment
        moment += step


def sweep_every(start: datetime, end: datetime, step: timedelta) -> DeliveryCounts:
    total = DeliveryCounts()
    for moment in every(start, end, step):
        total += sweep_at(moment)
    return total
