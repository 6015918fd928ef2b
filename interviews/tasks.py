"""Thin Celery tasks for the reminder pipeline: each calls one function of interviews.delivery.

No ETA or countdown anywhere: the database is the schedule, and beat only says "sweep now".
"""

import logging
import time

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils import timezone

from . import delivery

log = logging.getLogger("raincheck.reminders")


@shared_task(name="interviews.tasks.reminders_sweep")
def reminders_sweep() -> None:
    """Beat's entry: hand the due reminders to the batch task, a task per batch of ids."""
    delivery.reminders_sweep(timezone.now(), enqueue=lambda ids: reminders_send_batch_task.delay(ids))


def _batch_deadline() -> float | None:
    """When a batch stops claiming: one more send (up to the SMTP timeout) still fits under the soft limit."""
    soft_limit = settings.CELERY_TASK_SOFT_TIME_LIMIT
    if not soft_limit:
        return None
    return time.monotonic() + max(soft_limit - settings.EMAIL_TIMEOUT, soft_limit / 2)


@shared_task(name="interviews.tasks.reminders_send_batch_task")
def reminders_send_batch_task(ids: list[int]) -> None:
    """Send one batch over one SMTP connection.

    The batch stops claiming early enough to finish its last send under the soft time
    limit; the rest go to the next sweep. Should the limit strike anyway (a send hanging
    past the SMTP timeout), the reminder claimed mid-send is taken over when its lease expires.
    """
    try:
        delivery.reminders_send_batch(ids, stop_at=_batch_deadline())
    except SoftTimeLimitExceeded:
        log.warning("reminder batch stopped at its time limit", extra={"batch_size": len(ids)})
