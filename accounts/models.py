from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from interviews.choices import NoticeUnit
from interviews.notice import MAX_AMOUNT, NoticePeriod

from .email_addresses import DUPLICATE_EMAIL_MESSAGE, normalize_email
from .one_line import validate_one_line
from .time_zones import validate_time_zone

# The longest wait before a follow-up nudge a user may choose.
MAX_FOLLOW_UP_DAYS = 14


def _default_notice_period_valid() -> Q:
    """No default of their own, or a period interviews accept (interviews.notice.MAX_AMOUNT)."""
    condition = Q(notice_period_amount__isnull=True)
    for unit, most in MAX_AMOUNT.items():
        condition |= Q(notice_period_unit=unit, notice_period_amount__gte=1, notice_period_amount__lte=most)
    return condition


class UserManager(BaseUserManager):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email):
        # Django's lower-cases only the domain: "Admin@Example.com" would then never match the log-in form's
        # lower-cased address.
        return normalize_email(email or "")

    def get_by_natural_key(self, username):
        return self.get(email=normalize_email(username or ""))

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A job seeker (or a staff member). The e-mail address is the login."""

    # Offsets, in hours before the notice deadline, a user may pick for each reminder.
    FIRST_REMINDER_CHOICES = [(48, "48 hours before"), (24, "24 hours before"), (12, "12 hours before")]
    SECOND_REMINDER_CHOICES = [(6, "6 hours before"), (3, "3 hours before"), (1, "1 hour before")]

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(
        "e-mail address",
        unique=True,
        error_messages={"unique": DUPLICATE_EMAIL_MESSAGE},
        help_text="Stored in lower case: the log-in accepts it in any case.",
    )
    name = models.CharField(
        max_length=150, blank=True, validators=[validate_one_line], help_text="How you sign your messages."
    )
    time_zone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text="Times are shown in this zone, and new interviews default to it.",
    )
    email_verified_at = models.DateTimeField(
        null=True, blank=True, help_text="Reminders go only to a verified address."
    )
    verification_sent_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the last verification e-mail went out (throttling)."
    )
    password_reset_sent_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the last password reset e-mail went out (throttling)."
    )
    account_notice_sent_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the last “you have an account already” e-mail (a sign-up with this address) went out.",
    )
    reminders_enabled = models.BooleanField(
        "reminder e-mails", default=True, help_text="E-mail me before a notice window closes."
    )
    reminder_first_hours = models.PositiveSmallIntegerField(
        "first reminder",
        choices=FIRST_REMINDER_CHOICES,
        default=24,
        help_text="“Decide now”: hours before the notice deadline.",
    )
    reminder_second_hours = models.PositiveSmallIntegerField(
        "second reminder",
        choices=SECOND_REMINDER_CHOICES,
        default=3,
        help_text="“Window closes soon”: hours before the notice deadline.",
    )
    clash_buffer_minutes = models.PositiveSmallIntegerField(
        "time between interviews (minutes)",
        default=60,
        validators=[MaxValueValidator(24 * 60)],
        help_text="Interviews closer together than this are flagged as a clash (time to travel and breathe).",
    )

    notice_period_amount = models.PositiveSmallIntegerField(
        "default notice period",
        null=True,
        blank=True,
        help_text="For new interviews, in notice_period_unit; empty: the site's RAINCHECK_NOTICE_HOURS hours.",
    )
    notice_period_unit = models.CharField(
        "default notice period unit", max_length=16, choices=NoticeUnit.choices, default=NoticeUnit.HOURS
    )
    follow_up_days = models.PositiveSmallIntegerField(
        "follow-up nudge after (days)",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_FOLLOW_UP_DAYS)],
        help_text="Days after a reschedule request with no new time before RainCheck nudges you to follow up.",
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        constraints = [
            # The addresses are stored lower-cased already; this keeps "Jo@x" and "jo@x" from ever being two
            # accounts, whoever writes the row.
            models.UniqueConstraint(
                Lower("email"), name="user_email_unique_ignoring_case", violation_error_message=DUPLICATE_EMAIL_MESSAGE
            ),
            models.CheckConstraint(condition=_default_notice_period_valid(), name="user_notice_period_valid"),
            models.CheckConstraint(
                condition=Q(follow_up_days__gte=1, follow_up_days__lte=MAX_FOLLOW_UP_DAYS),
                name="user_follow_up_days_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def display_name(self) -> str:
        return self.name or self.email.split("@")[0]

    def default_notice_period(self) -> NoticePeriod:
        """The notice period a new interview starts with: the user's own default, else the site's."""
        if self.notice_period_amount is None:
            return NoticePeriod(settings.RAINCHECK_NOTICE_HOURS, NoticeUnit.HOURS)
        return NoticePeriod(self.notice_period_amount, self.notice_period_unit)

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.display_name


class CalendarFeed(models.Model):
    """A user's private calendar feed. The URL carries `key` and a secret; only the secret's hash is stored.

    One per user: making a new link replaces the row, so the old link stops working at once.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="calendar_feed")
    key = models.CharField(max_length=32, unique=True, help_text="The public half of the feed's URL.")
    secret_hash = models.CharField(max_length=64, help_text="SHA-256 of the URL's secret half, in hex.")
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
