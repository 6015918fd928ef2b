"""The snooze link of a reminder e-mail: signed, valid 90 days, no log-in needed (like unsubscribe).

The token names one reminder and nothing else; the page it opens can only move that
reminder's kind for its interview (services.reminder_snooze), never past the deadline.
"""

from datetime import timedelta

from django.urls import reverse

from accounts.tokens import TokenInvalid, absolute_url, read_payload, sign_payload

from .models import Reminder

SNOOZE_SALT = "raincheck.interviews.snooze"
SNOOZE_MAX_AGE = timedelta(days=90)


class ReminderGone(TokenInvalid):
    """A genuine link whose reminder no longer exists (its interview was deleted) or whose account was closed."""

    gone = True


def make_snooze_token(reminder: Reminder) -> str:
    return sign_payload({"r": reminder.pk}, salt=SNOOZE_SALT)


def read_snooze_token(token: str) -> Reminder:
    """The reminder the link was sent for, with its interview and owner; TokenInvalid/TokenExpired/ReminderGone."""
    pk = read_payload(token, salt=SNOOZE_SALT, max_age=SNOOZE_MAX_AGE).get("r")
    if not isinstance(pk, int):
        raise TokenInvalid("unexpected payload")
    try:
        return Reminder.objects.select_related("interview__owner").get(pk=pk, interview__owner__is_active=True)
    except Reminder.DoesNotExist as exc:
        raise ReminderGone("no such reminder") from exc


def snooze_url(reminder: Reminder) -> str:
    return absolute_url(reverse("interviews:snooze", args=[make_snooze_token(reminder)]))
