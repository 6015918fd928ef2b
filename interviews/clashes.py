"""Clashes: two interviews that overlap, or leave less than the user's buffer between them (for travel).

The rule is `too_close()`, on plain instants (so interviews in different zones compare as
the instants they are); the reads below fetch the few interviews a page needs in one
query. Only interviews that will take place count: scheduled or attending ones. A clash
is a warning, never a refusal: two interviews at once is exactly when the user needs the
flow to move one of them.
"""

from bisect import bisect_left
from dataclasses import dataclass
from datetime import datetime, timedelta

from .choices import Status
from .models import Interview

# The statuses of an interview that is still going ahead at its time.
GOING_AHEAD = (Status.SCHEDULED, Status.ATTENDING)

# The form field's limit on a duration: the furthest an interview can reach past its start.
LONGEST_INTERVIEW = timedelta(hours=24)


@dataclass(frozen=True)
class Slot:
    """An interview's time, as plain values."""

    pk: int | None
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Clash:
    """Another interview too close to the one in question, and the gap between them (negative: overlap)."""

    other: Interview
    gap: timedelta

    @property
    def overlaps(self) -> bool:
        return self.gap < timedelta(0)

    @property
    def gap_minutes(self) -> int:
        return int(self.gap.total_seconds() // 60)


def gap_between(a: Slot, b: Slot) -> timedelta:
    """The time from the end of the earlier one to the start of the later; negative when they overlap."""
    first, second = (a, b) if a.starts_at <= b.starts_at else (b, a)
    if second.starts_at < first.ends_at:
        # An overlap: how much of the two intervals is shared (the later one may lie inside the first).
        return -(min(first.ends_at, second.ends_at) - second.starts_at)
    return second.starts_at - first.ends_at


def too_close(a: Slot, b: Slot, *, buffer: timedelta) -> bool:
    """They overlap, or leave less than `buffer` between them. Touching with no buffer is fine."""
    return gap_between(a, b) < buffer


def slot_of(interview: Interview) -> Slot:
    return Slot(pk=interview.pk, starts_at=interview.scheduled_at, ends_at=interview.ends_at)


def buffer_of(user) -> timedelta:
    return timedelta(minutes=user.clash_buffer_minutes)


def _neighbours(owner, *, earliest: datetime, latest: datetime):
    """The owner's interviews going ahead that could come within reach of [earliest, latest]."""
    return (
        Interview.objects.owned_by(owner)
        .filter(status__in=GOING_AHEAD, scheduled_at__lt=latest, scheduled_at__gt=earliest - LONGEST_INTERVIEW)
        .order_by("scheduled_at", "pk")
        # What a clash note names (company, time) and its slot needs: a busy page reads dozens of neighbours.
        .only("company", "scheduled_at", "duration_minutes", "status")
    )


def clashes_with(slot: Slot, *, owner, buffer: timedelta) -> list[Clash]:
    """The owner's other interviews going ahead that are too close to `slot` (one query)."""
    candidates = _neighbours(owner, earliest=slot.starts_at - buffer, latest=slot.ends_at + buffer)
    return [
        Clash(other=other, gap=gap_between(slot, slot_of(other)))
        for other in candidates
        if other.pk != slot.pk and too_close(slot, slot_of(other), buffer=buffer)
    ]


def clashes_by_interview(interviews, *, owner, buffer: timedelta) -> dict[int, list[Clash]]:
    """For a page of interviews, the clashes of each one going ahead, keyed by id (one query).

    The neighbours may be on another page, so they are read around the page's time span.
    """
    going_ahead = [i for i in interviews if i.status in GOING_AHEAD]
    if not going_ahead:
        return {}
    earliest = min(i.scheduled_at for i in going_ahead) - buffer
    latest = max(i.ends_at for i in going_ahead) + buffer
    # Each neighbour's slot once, in order of start (as read): a row is compared only with the neighbours that
    # start within reach of it (from LONGEST_INTERVIEW before it, the lookback of _neighbours, to its end).
    neighbours = [(other, slot_of(other)) for other in _neighbours(owner, earliest=earliest, latest=latest)]
    starts = [other_slot.starts_at for _, other_slot in neighbours]
    found: dict[int, list[Clash]] = {}
    for interview in going_ahead:
        slot = slot_of(interview)
        first = bisect_left(starts, slot.starts_at - buffer - LONGEST_INTERVIEW)
        last = bisect_left(starts, slot.ends_at + buffer)
        for other, other_slot in neighbours[first:last]:
            if other_slot.pk != slot.pk:
                gap = gap_between(slot, other_slot)
                if gap < buffer:  # too_close(slot, other_slot), its gap kept for the note
                    found.setdefault(slot.pk, []).append(Clash(other=other, gap=gap))
    return found


def clashes_at(*, owner, starts_at: datetime, duration_minutes: int, exclude_pk: int | None = None) -> list[Clash]:
    """The clashes an interview at this time would have (adding, editing, importing), by the owner's buffer."""
    slot = Slot(pk=exclude_pk, starts_at=starts_at, ends_at=starts_at + timedelta(minutes=duration_minutes))
    return clashes_with(slot, owner=owner, buffer=buffer_of(owner))
