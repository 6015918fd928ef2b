"""Thin Celery tasks for the account e-mails: each calls one service of accounts.services.

They take the address or the account's id, never a message, so the request that
schedules one does the same work whatever the address.
"""

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(name="accounts.tasks.signup_email_task")
def signup_email_task(email: str) -> None:
    """The sign-up link, or the "you have an account" notice to a registered address."""
    services.signup_email_deliver(email=email, now=timezone.now())


@shared_task(name="accounts.tasks.verification_email_task")
def verification_email_task(user_id: int) -> None:
    """The verification link of an account made before sign-up by link."""
    services.verification_email_deliver(user_id=user_id, now=timezone.now())


@shared_task(name="accounts.tasks.password_reset_email_task")
def password_reset_email_task(email: str) -> None:
    """A reset link to every account with this address (at most one per account in five minutes)."""
    services.password_reset_deliver(email=email, now=timezone.now())
