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


def _soft_limit_at() -> float | None:
    """When the soft time limit strikes this task (a time.monotonic() value), if there is one."""
    soft_limit = settings.CELERY_TASK_SOFT_TIME_LIMIT
    return time.monotonic() + soft_limit if soft_limit else None


@shared_task(name="interviews.tasks.reminders_send_batch_task")
def reminders_send_batch_task(ids: list[int]) -> None:
    """Send one batch over one SMTP connection.

    A send starts only if its whole conversation (one deadline, RAINCHECK_EMAIL_TIMEOUT)
    and its record fit before the soft time limit; the rest go back for the next sweep.
    Should the limit strike anyway (say, a slow database), the send it cuts counts as a
    failed attempt and its claim is released with a back-off, like any other failure.
    """
    try:
        delivery.reminders_send_batch(ids, stop_at=_soft_limit_at())
    except SoftTimeLimitExceeded:
        log.warning("reminder batch stopped at its time limit", extra={"batch_size": len(ids)})
