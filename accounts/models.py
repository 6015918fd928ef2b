from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower

from .email_addresses import DUPLICATE_EMAIL_MESSAGE, normalize_email
from .one_line import validate_one_line
from .time_zones import validate_time_zone


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
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def display_name(self) -> str:
        return self.name or self.email.split("@")[0]

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.display_name
