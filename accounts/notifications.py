"""The e-mails about an account itself: the verification link, the confirmation of its deletion."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from .models import User
from .tokens import VERIFICATION_MAX_AGE, verification_url

log = logging.getLogger("raincheck.accounts")

VERIFY_SUBJECT = "Verify your e-mail address for RainCheck"


def verification_email(user: User) -> EmailMultiAlternatives:
    """The verification e-mail: plain text and HTML, with an absolute, signed link."""
    context = {
        "user": user,
        "verify_url": verification_url(user),
        "valid_days": VERIFICATION_MAX_AGE.days,
        "site_url": settings.RAINCHECK_SITE_URL,
    }
    message = EmailMultiAlternatives(
        subject=VERIFY_SUBJECT,
        body=render_to_string("emails/verify_email.txt", context),
        to=[user.email],
    )
    message.attach_alternative(render_to_string("emails/verify_email.html", context), "text/html")
    return message


def verification_email_send(*, user: User) -> bool:
    """Send the verification e-mail. Returns False, after logging why, when the mail server refused it.

    Called outside any transaction: a slow or failing SMTP server must not hold a lock
    or undo the sign-up; the user can ask for the link again from the banner.
    """
    try:
        verification_email(user).send()
    except Exception as exc:
        # Any failure of the outside world (refused connection, timeout, SMTP error) ends here.
        # Only the error's type is logged: SMTP errors can quote the address.
        log.warning("verification e-mail not sent: %s", type(exc).__name__, extra={"user_id": user.pk})
        return False
    return True


ACCOUNT_DELETED_SUBJECT = "Your RainCheck account is deleted"


def account_deleted_email_send(*, email: str, name: str) -> bool:
    """Confirm a deletion to the address the account had (sent after the commit: the account is gone)."""
    context = {"name": name, "email": email, "site_url": settings.RAINCHECK_SITE_URL}
    message = EmailMultiAlternatives(
        subject=ACCOUNT_DELETED_SUBJECT, body=render_to_string("emails/account_deleted.txt", context), to=[email]
    )
    try:
        message.send()
    except Exception as exc:
        # The account is gone either way; only the error's type is logged (SMTP errors quote addresses).
        log.warning("account deletion e-mail not sent: %s", type(exc).__name__)
        return False
    return True
