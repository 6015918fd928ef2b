"""The interviews app's choices: statuses, answers, channels, kinds.

Standard library and Django's TextChoices only, so the pure modules (flow.py,
reminders.py) can use them without loading the ORM's models.
"""

from enum import StrEnum

from django.db.models import TextChoices


class Status(TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    ATTENDING = "attending", "Attending"
    RESCHEDULE_REQUESTED = "reschedule_requested", "Reschedule requested"
    CANCELLED = "cancelled", "Cancelled"
    ATTENDED = "attended", "Attended"
    MISSED = "missed", "Missed"


class Attendance(TextChoices):
    """The first answer of the flow: can the user attend?"""

    UNDECIDED = "", "Not answered"
    YES = "yes", "I can attend"
    CANNOT = "cannot", "I can't attend"
    RATHER_NOT = "rather_not", "I'd rather not go"
    SKIP = "skip", "I'd rather not go, and still want to skip"


class Reason(TextChoices):
    NONE = "", "Not given"
    WORK = "work", "A work conflict"
    FAMILY = "family", "A family conflict"
    OTHER_INTERVIEW = "other_interview", "Another interview"
    EMERGENCY = "emergency", "An emergency"
    OTHER = "other", "Something else"


class Plan(TextChoices):
    NONE = "", "Not chosen"
    RESCHEDULE = "reschedule", "Ask to reschedule"
    CANCEL = "cancel", "Cancel"
    # Cancelling this interview keeps the door open; withdrawing leaves the process altogether.
    WITHDRAW = "withdraw", "Withdraw from the process"


class NoticeChannel(TextChoices):
    NONE = "", "Not given"
    EMAIL = "email", "E-mail"
    PHONE = "phone", "Phone"
    OTHER = "other", "Other"


class NoticeState(StrEnum):
    """Derived from the clock, never stored. See notice_state()."""

    OPEN = "open"
    CLOSING = "closing"
    CLOSED = "closed"
    PAST = "past"


class EventKind(TextChoices):
    CREATED = "created", "Added"
    EDITED = "edited", "Edited"
    RESCHEDULED = "rescheduled", "Moved to a new time"
    DECISION = "decision", "Decision"
    NOTICE_GIVEN = "notice_given", "Notice given"
    REMINDER_SENT = "reminder_sent", "Reminder sent"
    REMINDER_SKIPPED = "reminder_skipped", "Reminder skipped"
    REMINDER_FAILED = "reminder_failed", "Reminder failed"
    REMINDERS_CHANGED = "reminders_changed", "Reminders changed"
    OUTCOME = "outcome", "Outcome"
    NOTE = "note", "Note"


class NoticeUnit(TextChoices):
    """How a company counts its notice period."""

    HOURS = "hours", "hours"
    BUSINESS_DAYS = "business_days", "business days"


class ReminderKind(TextChoices):
    DECIDE_NOW = "decide_now", "Decide now"
    CLOSES_SOON = "closes_soon", "Window closes soon"
    EXTRA = "extra", "Your own reminder"
    FOLLOW_UP = "follow_up", "Follow up"
