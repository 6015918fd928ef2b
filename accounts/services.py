"""Every write to an account: sign-up, verification, settings, unsubscribe."""

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from interviews.services import reminders_replan_for_user

from .models import CalendarFeed, User
from .time_zones import canonical_time_zone

# What the settings page may change.
SETTINGS_FIELDS = frozenset(
    {"name", "time_zone", "reminders_enabled", "reminder_first_hours", "reminder_second_hours", "clash_buffer_minutes"}
)
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


# --- The calendar feed's secret link --------------------------------------------------

# The URL is "<key>.<secret>": the key finds the row, the secret proves the link is the current one.
FEED_KEY_SEPARATOR = "."
# Compared against when no row has the key, so an unknown key costs the same hash and comparison as a wrong secret.
_NO_FEED_HASH = hashlib.sha256(b"no such calendar feed").hexdigest()


def _secret_hash(secret: str) -> str:
    # The secret is 256 random bits, so a plain SHA-256 is enough: there is nothing to brute-force.
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def calendar_feed_renew(*, user: User, now: datetime) -> str:
    """Make the user's feed link (a new one replaces the old, which stops working at once).

    Returns the token for the URL; it is not stored and cannot be shown again.
    """
    CalendarFeed.objects.filter(user=user).delete()
    key = secrets.token_urlsafe(12)
    secret = secrets.token_urlsafe(32)
    CalendarFeed.objects.create(user=user, key=key, secret_hash=_secret_hash(secret), created_at=now)
    return f"{key}{FEED_KEY_SEPARATOR}{secret}"


def calendar_feed_revoke(*, user: User) -> bool:
    """Turn the feed link off. Returns False when there was none."""
    deleted, _ = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)


def calendar_feed_owner(token: str) -> User | None:
    """The user whose current feed link this is, or None.

    The same work either way (one query, one hash, one constant-time comparison), so the
    answer's timing does not tell an unknown key from an old or another user's secret.
    """
    key, _, secret = token.partition(FEED_KEY_SEPARATOR)
    feed = CalendarFeed.objects.select_related("user").filter(key=key[:32]).first()
    stored = feed.secret_hash if feed is not None else _NO_FEED_HASH
    matches = hmac.compare_digest(_secret_hash(secret), stored)
    return feed.user if feed is not None and matches and feed.user.is_active else None
