"""Signed links that act without a log-in: finishing sign-up, e-mail verification and one-click unsubscribe.

(interviews.tokens signs the reminder e-mail's snooze link with the same two functions.)

Each kind has its own salt, so a token of one kind is refused by the others. A
sign-up token names only the address it was sent to (there is no account yet):
opening it proves the address is the reader's. A verification token names the
account and its address: once the address changes, older links stop working.
Tokens carry no secret; the signature (SECRET_KEY) and the timestamp make them
unforgeable and let them expire.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import User

VERIFICATION_SALT = "raincheck.accounts.verify-email"
VERIFICATION_MAX_AGE = timedelta(days=3)

SIGNUP_SALT = "raincheck.accounts.signup"
SIGNUP_MAX_AGE = timedelta(days=3)

UNSUBSCRIBE_SALT = "raincheck.accounts.unsubscribe"
UNSUBSCRIBE_MAX_AGE = timedelta(days=90)


class TokenInvalid(Exception):
    """The link was altered, is of another kind, or its account or address no longer matches."""

    expired = False


class TokenExpired(TokenInvalid):
    """The link was genuine but is older than its kind allows."""

    expired = True


def sign_payload(payload: dict, *, salt: str) -> str:
    """A URL-safe token of `payload`, signed with SECRET_KEY and `salt` (one salt per kind of link), timestamped."""
    return signing.TimestampSigner(salt=salt).sign_object(payload)


def read_payload(token: str, *, salt: str, max_age: timedelta) -> dict:
    """The payload of a token of this kind; TokenExpired past `max_age`, TokenInvalid if altered or of another kind."""
    try:
        payload = signing.TimestampSigner(salt=salt).unsign_object(token, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise TokenExpired(str(exc)) from exc
    except (signing.BadSignature, ValueError, UnicodeDecodeError) as exc:
        # ValueError/UnicodeDecodeError: a correctly signed but undecodable payload cannot
        # happen with our own tokens, but a link mangled by a mail client must still be a clear page.
        raise TokenInvalid(str(exc)) from exc
    if not isinstance(payload, dict):
        raise TokenInvalid("unexpected payload")
    return payload


def _user(pk) -> User:
    if not isinstance(pk, int):
        raise TokenInvalid("unexpected payload")
    try:
        return User.objects.get(pk=pk, is_active=True)
    except User.DoesNotExist as exc:
        raise TokenInvalid("no such account") from exc


def absolute_url(path: str) -> str:
    return f"{settings.RAINCHECK_SITE_URL}{path}"


# --- Finishing sign-up ---------------------------------------------------------


def make_signup_token(email: str) -> str:
    return sign_payload({"e": email}, salt=SIGNUP_SALT)


def read_signup_token(token: str) -> str:
    """The address the sign-up link was sent to; TokenInvalid/TokenExpired otherwise."""
    payload = read_payload(token, salt=SIGNUP_SALT, max_age=SIGNUP_MAX_AGE)
    email = payload.get("e")
    if not isinstance(email, str) or not email:
        raise TokenInvalid("unexpected payload")
    return email


def signup_url(email: str) -> str:
    return absolute_url(reverse("accounts:signup_finish", args=[make_signup_token(email)]))


# --- Verification -------------------------------------------------------------


def make_verification_token(user: User) -> str:
    return sign_payload({"u": user.pk, "e": user.email}, salt=VERIFICATION_SALT)


def read_verification_token(token: str) -> User:
    """The account whose current address the token was issued for; TokenInvalid/TokenExpired otherwise."""
    payload = read_payload(token, salt=VERIFICATION_SALT, max_age=VERIFICATION_MAX_AGE)
    user = _user(payload.get("u"))
    if payload.get("e") != user.email:
        raise TokenInvalid("the address changed since the link was sent")
    return user


def verification_url(user: User) -> str:
    return absolute_url(reverse("accounts:verify", args=[make_verification_token(user)]))


# --- Unsubscribe ----------------------------------------------------------------


def make_unsubscribe_token(user: User) -> str:
    return sign_payload({"u": user.pk}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> User:
    """The account the token was issued for; TokenInvalid/TokenExpired otherwise."""
    payload = read_payload(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    return _user(payload.get("u"))


def unsubscribe_url(user: User) -> str:
    return absolute_url(reverse("accounts:unsubscribe", args=[make_unsubscribe_token(user)]))


def login_url() -> str:
    return absolute_url(reverse("accounts:login"))


def password_reset_url() -> str:
    """The page that asks for an address to send a reset link to."""
    return absolute_url(reverse("accounts:password_reset"))


def settings_url() -> str:
    """The reminder settings page (behind log-in), for e-mail footers."""
    return absolute_url(reverse("accounts:settings"))
