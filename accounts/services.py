"""Every write to an account: sign-up, verification, settings, unsubscribe."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from interviews.services import reminders_replan_for_user

from .models import User
from .time_zones import canonical_time_zone

# What the settings page may change.
SETTINGS_FIELDS = frozenset({"name", "time_zone", "reminders_enabled", "reminder_first_hours", "reminder_second_hours"})
# The settings that decide which reminders a user's interviews get.
REMINDER_FIELDS = frozenset({"reminders_enabled", "reminder_first_hours", "reminder_second_hours"})
# Everything of an account that reminder planning reads (reminders.ReminderSettings.of).
PLANNING_FIELDS = REMINDER_FIELDS | {"email_verified_at"}


def user_sign_up(*, email: str, password: str, name: str = "", time_zone: str = "UTC") -> User:
    """Create an account. Its address is unverified, so it gets no reminders until verified.

    An address taken already (in any case) is an IntegrityError from the table's unique constraint;
    the savepoint keeps a caller's transaction usable after it.
    """
    with transaction.atomic():
        return User.objects.create_user(email=email, password=password, name=name, time_zone=time_zone)


# At most one verification e-mail a minute per account, however many sessions ask:
# anyone can sign up with a stranger's address, and must not be able to flood it.
VERIFICATION_RESEND_INTERVAL = timedelta(seconds=60)


def verification_send_claim(*, user: User, now: datetime) -> bool:
    """Take the account's turn to be sent a verification e-mail; False if one went out within the interval.

    A conditional UPDATE, so two requests at once (two sessions, two tabs) cannot both win.
    """
    recent = Q(verification_sent_at__gt=now - VERIFICATION_RESEND_INTERVAL)
    won = User.objects.filter(pk=user.pk).exclude(recent).update(verification_sent_at=now) == 1
    if won:
        user.verification_sent_at = now
    return won


def verification_send_release(*, user: User) -> None:
    """The e-mail could not be sent: let the user ask again at once."""
    User.objects.filter(pk=user.pk).update(verification_sent_at=None)
    user.verification_sent_at = None


@transaction.atomic
def user_verify_email(*, user: User, now: datetime) -> bool:
    """Mark the address verified and plan the reminders it now qualifies for.

    Returns False (and changes nothing) when it was verified already.
    """
    if user.email_verified_at is not None:
        return False
    user.email_verified_at = now
    user.save(update_fields=["email_verified_at"])
    reminders_replan_for_user(user=user, now=now)
    return True


@transaction.atomic
def user_update_settings(*, user: User, now: datetime, **fields) -> list[str]:
    """Save the given settings; a change to the reminder settings replans every upcoming interview.

    Returns the names of the fields that changed.
    """
    unknown = set(fields) - SETTINGS_FIELDS
    if unknown:
        raise TypeError(f"not a user setting: {', '.join(sorted(unknown))}")
    if "time_zone" in fields:
        # "europe/berlin" is Europe/Berlin; an unknown name is left for the model's validator to refuse.
        fields["time_zone"] = canonical_time_zone(fields["time_zone"]) or fields["time_zone"]
    changed = [name for name, value in fields.items() if getattr(user, name) != value]
    if not changed:
        return []
    before = {name: getattr(user, name) for name in changed}
    for name in changed:
        setattr(user, name, fields[name])
    # Every rule of the fields (one-line name, known zone, offered offsets), for every caller.
    try:
        user.clean_fields(exclude=[f.name for f in User._meta.concrete_fields if f.name not in changed])
    except ValidationError:
        for name, value in before.items():
            setattr(user, name, value)
        raise
    user.save(update_fields=changed)
    if REMINDER_FIELDS.intersection(changed):
        reminders_replan_for_user(user=user, now=now)
    return changed


def user_replan_after_edit(*, user: User, changed: Iterable[str], now: datetime) -> bool:
    """After an edit outside the settings page (admin): replan the interviews if planning's inputs changed.

    Returns whether it replanned.
    """
    if not PLANNING_FIELDS.intersection(changed):
        return False
    reminders_replan_for_user(user=user, now=now)
    return True


def user_unsubscribe(*, user: User, now: datetime) -> bool:
    """Switch reminder e-mails off (the one-click unsubscribe). Returns False when they were off already."""
    return bool(user_update_settings(user=user, now=now, reminders_enabled=False))
