"""Which reminders an interview should have. Pure: plain values in, plain values out."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from .choices import ReminderKind, Status


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

    @classmethod
    def of(cls, user) -> "ReminderSettings":
        return cls(
            enabled=user.reminders_enabled,
            verified=user.email_verified_at is not None,
            first_hours=user.reminder_first_hours,
            second_hours=user.reminder_second_hours,
        )


def plan_reminders(
    *,
    status: str,
    notice_given: bool,
    notice_deadline: datetime,
    owner: ReminderSettings,
    now: datetime,
) -> list[PlannedReminder]:
    """The reminders an interview should have, as of `now`.

    Only a scheduled interview with no notice given, whose owner has reminders on
    and a verified address, gets any; and only reminders still ahead of `now` (a
    user adding an interview inside the window is in the app and sees the countdown).
    """
    if status != Status.SCHEDULED or notice_given or not owner.enabled or not owner.verified:
        return []
    plan = [
        PlannedReminder(ReminderKind.DECIDE_NOW, notice_deadline - timedelta(hours=owner.first_hours)),
        PlannedReminder(ReminderKind.CLOSES_SOON, notice_deadline - timedelta(hours=owner.second_hours)),
    ]
    return [r for r in plan if r.due_at > now]
