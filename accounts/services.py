"""Every write to an account: sign-up, verification, password reset, settings, unsubscribe; and the
account e-mails, throttled per account and sent from tasks."""

import hashlib
import hmac
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.utils import reset as axes_reset
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q

from interviews.services import notice_period_validate, reminders_replan_for_user

from .models import CalendarFeed, User
from .notifications import (
    account_exists_email,
    email_send,
    password_reset_email,
    signup_email,
    verification_email,
)
from .time_zones import canonical_time_zone

# What the settings page may change.
SETTINGS_FIELDS = frozenset(
    {
        "name",
        "time_zone",
        "reminders_enabled",
        "reminder_first_hours",
        "reminder_second_hours",
        "follow_up_days",
        "notice_period_amount",
        "notice_period_unit",
        "clash_buffer_minutes",
    }
)
# The settings that decide which reminders a user's interviews get.
REMINDER_FIELDS = frozenset({"reminders_enabled", "reminder_first_hours", "reminder_second_hours", "follow_up_days"})
# Everything of an account that reminder planning reads (reminders.ReminderSettings.of).
PLANNING_FIELDS = REMINDER_FIELDS | {"email_verified_at"}


class AddressTaken(Exception):
    """An account with this address exists already (a second sign-up link opened, or a race)."""


def address_has_account(*, email: str) -> bool:
    """Only for the holder of a sign-up link (it went to that address): never shown to anyone else."""
    return User.objects.filter(email__iexact=email).exists()


def user_sign_up(*, email: str, password: str, name: str = "", time_zone: str = "UTC", now: datetime) -> User:
    """Create an account from a sign-up link. Opening the link proved the address, so it is verified."""
    if User.objects.filter(email__iexact=email).exists():
        raise AddressTaken(email)
    try:
        with transaction.atomic():
            return User.objects.create_user(
                email=email, password=password, name=name, time_zone=time_zone, email_verified_at=now
            )
    except IntegrityError as exc:
        # Two tabs finishing the same sign-up at one moment: the second finds the address taken.
        raise AddressTaken(email) from exc


# --- Account e-mails: requested in the request, sent by a task ------------------------
#
# Anyone can type a stranger's address into sign-up or password reset. So each kind of
# e-mail goes to an account at most once per interval however many requests ask (a
# conditional UPDATE of the account's "sent at" column, which two workers cannot both win),
# and the request only schedules a task after its commit: it does the same work for every
# address, so neither its answer nor its time says whether the address has an account.


@dataclass(frozen=True)
class EmailThrottle:
    """At most one e-mail of a kind per account and interval; `field` records the last one."""

    field: str
    interval: timedelta


VERIFICATION_THROTTLE = EmailThrottle("verification_sent_at", timedelta(seconds=60))
PASSWORD_RESET_THROTTLE = EmailThrottle("password_reset_sent_at", timedelta(minutes=5))
ACCOUNT_NOTICE_THROTTLE = EmailThrottle("account_notice_sent_at", timedelta(minutes=5))
# A sign-up link to an address without an account: no row to claim on, so the claim is a cache key.
SIGNUP_LINK_INTERVAL = timedelta(minutes=5)


def account_email_claim(*, user: User, throttle: EmailThrottle, now: datetime) -> bool:
    """Take the account's turn for an e-mail of this kind; False if one went out within the interval."""
    recent = Q(**{f"{throttle.field}__gt": now - throttle.interval})
    won = User.objects.filter(pk=user.pk).exclude(recent).update(**{throttle.field: now}) == 1
    if won:
        setattr(user, throttle.field, now)
    return won


def account_email_release(*, user: User, throttle: EmailThrottle) -> None:
    """The e-mail could not be sent: the next request may try again at once."""
    User.objects.filter(pk=user.pk).update(**{throttle.field: None})
    setattr(user, throttle.field, None)


def account_email_send(
    *, user: User, throttle: EmailThrottle, build: Callable[[User], EmailMessage], now: datetime
) -> bool:
    """Claim the account's turn, send the e-mail `build` makes, and give the turn back if sending failed.

    Returns whether an e-mail went out. Runs in a task, never inside a transaction.
    """
    if not account_email_claim(user=user, throttle=throttle, now=now):
        return False
    if email_send(build(user), user_id=user.pk):
        return True
    account_email_release(user=user, throttle=throttle)
    return False


def _after_commit(task, *args) -> None:
    # robust: a broker that is down must not turn the page into a 500 (the failure is logged;
    # the user can ask again).
    transaction.on_commit(lambda: task.delay(*args), robust=True)


def signup_request(*, email: str) -> None:
    """Someone asked to sign up with this address: e-mail it a link (from a task), whatever the address."""
    from .tasks import signup_email_task

    _after_commit(signup_email_task, email)


def signup_email_deliver(*, email: str, now: datetime) -> bool:
    """The sign-up e-mail: a link that finishes sign-up, or, for a registered address, a notice to its owner.

    Returns whether an e-mail went out.
    """
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        if not user.is_active:
            return False
        return account_email_send(user=user, throttle=ACCOUNT_NOTICE_THROTTLE, build=account_exists_email, now=now)
    key = "raincheck:signup-link:" + hashlib.sha256(email.encode()).hexdigest()
    if not cache.add(key, True, timeout=SIGNUP_LINK_INTERVAL.total_seconds()):
        return False
    if email_send(signup_email(email)):
        return True
    cache.delete(key)
    return False


def verification_request(*, user: User) -> None:
    """Send the account's verification link again (from a task; at most one a minute)."""
    from .tasks import verification_email_task

    _after_commit(verification_email_task, user.pk)


def verification_email_deliver(*, user_id: int, now: datetime) -> bool:
    """The verification e-mail, unless the address is verified by now or one went out within a minute."""
    user = User.objects.filter(pk=user_id, is_active=True, email_verified_at__isnull=True).first()
    if user is None:
        return False
    return account_email_send(user=user, throttle=VERIFICATION_THROTTLE, build=verification_email, now=now)


def password_reset_request(*, email: str) -> None:
    """Someone asked for a reset link for this address: send it (from a task) if it has an account."""
    from .tasks import password_reset_email_task

    _after_commit(password_reset_email_task, email)


def password_reset_deliver(*, email: str, now: datetime) -> int:
    """Reset e-mails to the active accounts with this address and a password, at most one per account in
    five minutes. Returns how many went out."""
    users = [u for u in User.objects.filter(email__iexact=email, is_active=True) if u.has_usable_password()]
    return sum(
        account_email_send(user=user, throttle=PASSWORD_RESET_THROTTLE, build=password_reset_email, now=now)
        for user in users
    )


def password_reset_complete(*, user: User) -> None:
    """A new password was set from a reset link: lift the account's log-in lock-out too.

    The lock-out page sends a locked-out user to password reset; without this the new
    password would still be refused for the rest of the 15 minutes.
    """
    axes_reset(username=user.email)


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

    The default notice period applies to interviews added from now on (each interview keeps its own);
    an empty amount is the site's default. Returns the names of the fields that changed.
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
    # Every rule of the fields (one-line name, known zone, offered offsets, the period), for every caller.
    try:
        user.clean_fields(exclude=[f.name for f in User._meta.concrete_fields if f.name not in changed])
        if user.notice_period_amount is not None:
            notice_period_validate(amount=user.notice_period_amount, unit=user.notice_period_unit)
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
