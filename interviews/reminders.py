"""Which reminders an interview should have. Pure: plain values in, plain values out."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .choices import ReminderKind, Status

# The kinds every scheduled interview gets, before its notice deadline.
DEFAULT_KINDS = (ReminderKind.DECIDE_NOW, ReminderKind.CLOSES_SOON)


@dataclass(frozen=True)
class PlannedReminder:
    kind: str
    due_at: datetime


@dataclass(frozen=True)
class ReminderSettings:
    """The owner's side of planning."""

    enabled: bool
    verified: bool
    first_hours: int = 24  # "decide now": hours before the notice deadline
    second_hours: int = 3  # "window closes soon": hours before the notice deadline
    follow_up_days: int = 3  # the nudge: days after a reschedule request with no new time

    @classmethod
    def of(cls, user) -> "ReminderSettings":
        return cls(
            enabled=user.reminders_enabled,
            verified=user.email_verified_at is not None,
            first_hours=user.reminder_first_hours,
            second_hours=user.reminder_second_hours,
            follow_up_days=user.follow_up_days,
        )


@dataclass(frozen=True)
class ReminderChoices:
    """What the user changed in one interview's plan (models.ReminderChoice rows, as plain values).

    `off`: kinds switched off; `moved`: a default kind's time (before the deadline) after a
    snooze; `extra`: the user's own reminders, each as a time before the deadline.
    """

    off: frozenset[str] = frozenset()
    moved: Mapping[str, timedelta] = field(default_factory=dict)
    extra: tuple[timedelta, ...] = ()

    @classmethod
    def of(cls, rows: Iterable) -> "ReminderChoices":
        """From anything with ReminderChoice's fields (kind, off, minutes_before_deadline)."""
        off, moved, extra = set(), {}, []
        for row in rows:
            before = None if row.minutes_before_deadline is None else timedelta(minutes=row.minutes_before_deadline)
            if row.off:
                off.add(row.kind)
            elif row.kind == ReminderKind.EXTRA:
                extra.append(before)
            else:
                moved[row.kind] = before
        return cls(off=frozenset(off), moved=moved, extra=tuple(sorted(extra, reverse=True)))


NO_CHOICES = ReminderChoices()


def plan_reminders(
    *,
    status: str,
    notice_given: bool,
    notice_deadline: datetime,
    owner: ReminderSettings,
    now: datetime,
    choices: ReminderChoices = NO_CHOICES,
    notice_given_at: datetime | None = None,
    follow_up_again_from: datetime | None = None,
) -> list[PlannedReminder]:
    """The reminders an interview should have, as of `now`.

    Only an owner with reminders on and a verified address gets any, and only reminders
    still ahead of `now` (a user adding an interview inside the window is in the app and
    sees the countdown). A scheduled interview with no notice given gets the default
    kinds (unless switched off, at their moved time if snoozed) and the user's own. An
    interview whose reschedule request has no answer yet gets one follow-up nudge,
    `follow_up_days` after the request, or after the user asked for another.
    """
    if not owner.enabled or not owner.verified:
        return []
    plan = []
    if status == Status.SCHEDULED and not notice_given:
        offsets = {ReminderKind.DECIDE_NOW: owner.first_hours, ReminderKind.CLOSES_SOON: owner.second_hours}
        for kind in DEFAULT_KINDS:
            if kind not in choices.off:
                before = choices.moved.get(kind, timedelta(hours=offsets[kind]))
                plan.append(PlannedReminder(kind, notice_deadline - before))
        plan += [PlannedReminder(ReminderKind.EXTRA, notice_deadline - before) for before in choices.extra]
    elif status == Status.RESCHEDULE_REQUESTED and notice_given_at is not None:
        if ReminderKind.FOLLOW_UP not in choices.off:
            since = max(notice_given_at, follow_up_again_from or notice_given_at)
            plan.append(PlannedReminder(ReminderKind.FOLLOW_UP, since + timedelta(days=owner.follow_up_days)))
    return [r for r in plan if r.due_at > now]


def plan_for(interview, *, choices: ReminderChoices, now: datetime) -> list[PlannedReminder]:
    """The plan of an interview (anything with the model's fields and an owner) and its choices."""
    return plan_reminders(
        status=interview.status,
        notice_given=interview.notice_given_at is not None,
        notice_deadline=interview.notice_deadline,
        owner=ReminderSettings.of(interview.owner),
        now=now,
        choices=choices,
        notice_given_at=interview.notice_given_at,
        follow_up_again_from=interview.follow_up_again_from,
    )
