"""Thin Celery tasks for the reminder pipeline: each calls one function of interviews.delivery.

No ETA or countdown anywhere: the database is the schedule, and beat only says "sweep now".
"""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.utils import timezone

from . import delivery

log = logging.getLogger("raincheck.reminders")


@shared_task(name="interviews.tasks.reminders_sweep")
def reminders_sweep() -> None:
    """Beat's entry: hand the due reminders to the batch task, a task per batch of ids."""
    delivery.reminders_sweep(timezone.now(), enqueue=lambda ids: reminders_send_batch_task.delay(ids))


@shared_task(name="interviews.tasks.reminders_send_batch_task")
def reminders_send_batch_task(ids: list[int]) -> None:
    """Send one batch over one SMTP connection.

    At the soft time limit the batch stops where it is: reminders not yet claimed go to
    the next sweep, and one claimed mid-send is taken over when its lease expires.
    """
    try:
        delivery.reminders_send_batch(ids)
    except SoftTimeLimitExceeded:
        log.warning("reminder batch stopped at its time limit", extra={"batch_size": len(ids)})
