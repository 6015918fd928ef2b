"""The e-mails about an account itself: finishing sign-up, "you have an account", verification, password reset.

Each builder returns the message (plain text and HTML, absolute signed links); the
services in services.py decide whether it may go and send it from a task.
"""

import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import User
from .tokens import (
    SIGNUP_MAX_AGE,
    VERIFICATION_MAX_AGE,
    login_url,
    password_reset_url,
    signup_url,
    verification_url,
)

log = logging.getLogger("raincheck.accounts")

VERIFY_SUBJECT = "Verify your e-mail address for RainCheck"
SIGNUP_SUBJECT = "Finish signing up for RainCheck"
ACCOUNT_EXISTS_SUBJECT = "You have a RainCheck account already"


def _message(*, subject: str, template: str, context: dict, to: str) -> EmailMultiAlternatives:
    context = {**context, "site_url": settings.RAINCHECK_SITE_URL}
    message = EmailMultiAlternatives(subject=subject, body=render_to_string(f"emails/{template}.txt", context), to=[to])
    message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    return message


def signup_email(email: str) -> EmailMultiAlternatives:
    """To an address without an account: the signed link that finishes sign-up."""
    return _message(
        subject=SIGNUP_SUBJECT,
        template="signup",
        context={"email": email, "signup_url": signup_url(email), "valid_days": SIGNUP_MAX_AGE.days},
        to=email,
    )


def account_exists_email(user: User) -> EmailMultiAlternatives:
    """To the owner of an address someone tried to sign up with: log in or reset the password."""
    return _message(
        subject=ACCOUNT_EXISTS_SUBJECT,
        template="account_exists",
        context={"user": user, "login_url": login_url(), "password_reset_url": password_reset_url()},
        to=user.email,
    )


def verification_email(user: User) -> EmailMultiAlternatives:
    """The verification e-mail of an account made before sign-up verified by its link."""
    return _message(
        subject=VERIFY_SUBJECT,
        template="verify_email",
        context={"user": user, "verify_url": verification_url(user), "valid_days": VERIFICATION_MAX_AGE.days},
        to=user.email,
    )


def password_reset_email(user: User) -> EmailMultiAlternatives:
    """Django's reset link (works once, expires after PASSWORD_RESET_TIMEOUT), from our templates."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("accounts:password_reset_confirm", args=[uid, default_token_generator.make_token(user)])
    context = {"user": user, "email": user.email, "reset_url": f"{settings.RAINCHECK_SITE_URL}{path}"}
    subject = render_to_string("emails/password_reset_subject.txt", context).strip()
    return _message(subject=subject, template="password_reset", context=context, to=user.email)


def email_send(message: EmailMultiAlternatives, *, user_id: int | None = None) -> bool:
    """Send one account e-mail. Returns False, after logging why, when the mail server refused it.

    Called from a task, outside any transaction: a slow or failing SMTP server holds no lock.
    """
    try:
        message.send()
    except Exception as exc:
        # Any failure of the outside world (refused connection, timeout, SMTP error) ends here.
        # Only the error's type is logged: SMTP errors can quote the address.
        log.warning("account e-mail not sent: %s", type(exc).__name__, extra={"user_id": user_id})
        return False
    return True
