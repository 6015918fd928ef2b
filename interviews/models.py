"""Interviews, their history and their reminders."""

import uuid
import zoneinfo
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.one_line import validate_one_line
from accounts.time_zones import validate_time_zone

from .choices import (
    Attendance,
    EventKind,
    NoticeChannel,
    NoticeState,
    NoticeUnit,
    Plan,
    Reason,
    ReminderKind,
    Status,
)
from .countdown import hours_left
from .notice import MAX_AMOUNT, NoticePeriod, notice_deadline

# The notice window is "closing" for this long before the deadline.
CLOSING_WINDOW = timedelta(hours=6)


def site_notice_hours() -> int:
    """RAINCHECK_NOTICE_HOURS: the notice period of a user who has not set their own default."""
    return settings.RAINCHECK_NOTICE_HOURS


def notice_period_valid(amount: str, unit: str) -> Q:
    """The check constraint of a stored period (notice.MAX_AMOUNT), for the interview's and the user's fields."""
    condition = Q()
    for each, most in MAX_AMOUNT.items():
        condition |= Q(**{unit: each, f"{amount}__gte": 1, f"{amount}__lte": most})
    return condition


def notice_state(*, deadline: datetime, scheduled_at: datetime, now: datetime) -> NoticeState:
    """open < deadline-6h <= closing < deadline <= closed < scheduled_at <= past."""
    if now >= scheduled_at:
        return NoticeState.PAST
    if now >= deadline:
        return NoticeState.CLOSED
    if now >= deadline - CLOSING_WINDOW:
        return NoticeState.CLOSING
    return NoticeState.OPEN


class InterviewQuerySet(models.QuerySet):
    def owned_by(self, user) -> "InterviewQuerySet":
        """Every read of an interview goes through this: a user sees only their own."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner=user)

    def upcoming(self, now: datetime) -> "InterviewQuerySet":
        """Still ahead and still on: a cancelled interview has nothing upcoming about it."""
        return self.filter(scheduled_at__gt=now).exclude(status=Status.CANCELLED).order_by("notice_deadline", "pk")

    def past(self, now: datetime) -> "InterviewQuerySet":
        """Started, or cancelled whatever its time: the rest of upcoming()."""
        return self.filter(Q(scheduled_at__lte=now) | Q(status=Status.CANCELLED)).order_by("-scheduled_at", "-pk")


# Notes are a reminder to oneself, not a document: a few pages at most (a 2.4 MB paste was accepted);
# the services refuse more, the form says so.
NOTES_MAX_LENGTH = 5_000


class Interview(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interviews")
    company = models.CharField(max_length=200, validators=[validate_one_line])
    role = models.CharField(max_length=200, blank=True, validators=[validate_one_line])
    scheduled_at = models.DateTimeField(help_text="When the interview starts (stored in UTC).")
    time_zone = models.CharField(
        max_length=64, validators=[validate_time_zone], help_text="The zone the interview's time is given in."
    )
    duration_minutes = models.PositiveSmallIntegerField("duration (minutes)", default=60)
    location = models.CharField("location or meeting link", max_length=500, blank=True)
    contact_name = models.CharField(max_length=200, blank=True, validators=[validate_one_line])
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    notes = models.TextField(blank=True)
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.SCHEDULED)
    attendance = models.CharField(max_length=16, choices=Attendance.choices, blank=True, default="")
    reason = models.CharField(max_length=24, choices=Reason.choices, blank=True, default="")
    plan = models.CharField(max_length=16, choices=Plan.choices, blank=True, default="")
    notice_deadline = models.DateTimeField(
        editable=False,
        help_text="scheduled_at minus the notice period; set by the services, never by hand.",
    )
    notice_given_at = models.DateTimeField(null=True, blank=True)
    notice_channel = models.CharField(max_length=8, choices=NoticeChannel.choices, blank=True, default="")
    notice_hours = models.DecimalField(
        max_digits=9, decimal_places=1, null=True, blank=True, help_text="Hours between notice and the interview."
    )
    notice_late = models.BooleanField(default=False, help_text="Notice was given inside the notice period.")
    notice_period_amount = models.PositiveSmallIntegerField(
        "notice period",
        default=site_notice_hours,
        help_text="How much notice the company asks for, in notice_period_unit; the deadline follows from it.",
    )
    notice_period_unit = models.CharField(
        "notice period unit", max_length=16, choices=NoticeUnit.choices, default=NoticeUnit.HOURS
    )
    notice_policy = models.CharField(
        "their notice policy",
        max_length=300,
        blank=True,
        validators=[validate_one_line],
        help_text="The company's rule in its own words, e.g. “the booking link stops working 48 h before”.",
    )
    follow_up_again_from = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="The user asked for another follow-up nudge, counted from this time (cleared by a new time).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    external_key = models.UUIDField(
        default=uuid.uuid4,
        editable=False,
        help_text="Stable across export and import: re-importing a file finds the interviews it created.",
    )

    objects = InterviewQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["owner", "notice_deadline"], name="interview_owner_deadline"),
            models.Index(fields=["owner", "scheduled_at"], name="interview_owner_scheduled"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(notice_deadline__lt=models.F("scheduled_at")), name="interview_deadline_before_start"
            ),
            models.CheckConstraint(
                condition=notice_period_valid("notice_period_amount", "notice_period_unit"),
                name="interview_notice_period_valid",
            ),
            # An import creates an interview only once per key (per owner: two people may import one file).
            models.UniqueConstraint(fields=["owner", "external_key"], name="interview_unique_external_key"),
        ]

    def __str__(self) -> str:
        return f"{self.company} – {self.role}" if self.role else self.company

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_scheduled_at(self) -> datetime:
        return self.scheduled_at.astimezone(self.zone)

    @property
    def ends_at(self) -> datetime:
        return self.scheduled_at + timedelta(minutes=self.duration_minutes)

    @property
    def notice_period(self) -> NoticePeriod:
        return NoticePeriod(self.notice_period_amount, self.notice_period_unit)

    @property
    def notice_period_text(self) -> str:
        """ "48 hours", "2 business days"."""
        return str(self.notice_period)

    @property
    def notice_period_notice(self) -> str:
        """ "48 hours' notice", "2 business days' notice"."""
        return self.notice_period.notice

    def deadline_from_period(self) -> datetime:
        """The notice deadline its time, zone and period give (what the services store in notice_deadline)."""
        return notice_deadline(scheduled_at=self.scheduled_at, period=self.notice_period, zone=self.zone)

    def notice_state(self, now: datetime) -> NoticeState:
        return notice_state(deadline=self.notice_deadline, scheduled_at=self.scheduled_at, now=now)

    def hours_left_to_give_notice(self, now: datetime) -> int:
        """Hours until the notice deadline, as countdown.hours_left counts them (0 once it has passed)."""
        return hours_left(self.notice_deadline, now)

    @property
    def notice_given(self) -> bool:
        return self.notice_given_at is not None

    @property
    def notice_hours_text(self) -> str:
        """The hours of notice as people write them: "336", "23.5"."""
        if self.notice_hours is None:
            return ""
        return format(self.notice_hours.normalize(), "f")


class InterviewEvent(models.Model):
    """Append-only history of an interview, shown as its timeline."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=24, choices=EventKind.choices)
    at = models.DateTimeField(help_text="When it happened.")
    summary = models.CharField(max_length=300, help_text="One line shown on the timeline.")
    data = models.JSONField(default=dict, blank=True, help_text="Details: old and new values.")

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["interview", "at"], name="event_interview_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.summary}"


# A reminder is pending while it is neither sent, nor skipped, nor failed: the one spelling of it
# (the queryset's pending(), the partial index, delivery's conditional updates).
PENDING = Q(sent_at__isnull=True, skipped_at__isnull=True, failed_at__isnull=True)


class ReminderQuerySet(models.QuerySet):
    def pending(self) -> "ReminderQuerySet":
        return self.filter(PENDING)

    def due(self, now: datetime) -> "ReminderQuerySet":
        """Pending, due, and not waiting for a retry."""
        return (
            self.pending().filter(due_at__lte=now).filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        )


class Reminder(models.Model):
    """One e-mail to send before a notice deadline. The database is the schedule."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    due_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="The lease of the worker sending it.")
    next_attempt_at = models.DateTimeField(null=True, blank=True, help_text="Not before this, after a failure.")
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    skipped_at = models.DateTimeField(null=True, blank=True)
    skip_reason = models.CharField(max_length=200, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["interview", "kind", "due_at"], name="reminder_unique_per_time"),
        ]
        indexes = [
            # The sweep's query: pending reminders by due time. Partial, so an idle
            # sweep costs the same however many reminders were ever sent.
            models.Index(fields=["due_at"], condition=PENDING, name="reminder_pending_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.interview_id} at {self.due_at:%Y-%m-%d %H:%M}"


class ReminderChoice(models.Model):
    """The user's change to one interview's reminder plan, which every replan reads (reminders.ReminderChoices).

    One per default kind: switched off (`off`), or moved by a snooze (an offset). Any number of
    the user's own reminders (kind extra), each at its own offset. Offsets count back from the
    notice deadline, so a new time or notice period moves them with it.
    """

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="reminder_choices")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    off = models.BooleanField(default=False, help_text="This kind of reminder is switched off for this interview.")
    minutes_before_deadline = models.PositiveIntegerField(
        null=True, blank=True, help_text="When the reminder is due, counted back from the notice deadline."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "kind"], condition=~Q(kind=ReminderKind.EXTRA), name="reminder_choice_one_per_kind"
            ),
            models.UniqueConstraint(
                fields=["interview", "kind", "minutes_before_deadline"], name="reminder_choice_unique_offset"
            ),
            # Off has no time; a time is at least a minute before the deadline. Extras are never "off"
            # (removing one deletes it), and the follow-up nudge is counted from the request, not the deadline.
            models.CheckConstraint(
                condition=(
                    (Q(off=True, minutes_before_deadline__isnull=True) & ~Q(kind=ReminderKind.EXTRA))
                    | (Q(off=False, minutes_before_deadline__gte=1) & ~Q(kind=ReminderKind.FOLLOW_UP))
                ),
                name="reminder_choice_off_or_offset",
            ),
        ]

    def __str__(self) -> str:
        change = "off" if self.off else f"{self.minutes_before_deadline} min before the deadline"
        return f"{self.get_kind_display()} for {self.interview_id}: {change}"


class SweepHeartbeat(models.Model):
    """When a reminder sweep last finished (beat's or send_due_reminders'), for /healthz."""

    name = models.CharField(max_length=40, unique=True)
    finished_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.finished_at}"
