"""/healthz: can this instance serve pages, queue work, and are reminders going out?

A load balancer or monitor polls it without logging in. It answers 200 when
the database and the broker answer, the last reminder sweep (beat's or
send_due_reminders') finished within three sweep intervals, and no pending
reminder is overdue by more than three sweep intervals (an SMTP outage, or a
backlog the workers do not keep up with); else 503 with the names of the
failing parts. The body names parts only: the errors go to the log, not to
whoever asks.
"""

import logging
import os
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from kombu import Connection

from interviews.delivery import SWEEP_NAME, reminders_overdue
from interviews.models import SweepHeartbeat

log = logging.getLogger("raincheck.health")

# A sweep older than this many intervals means beat (or cron) has stopped; a reminder due
# longer ago than that and still pending means e-mails are not going out.
SWEEP_INTERVALS_ALLOWED = 3
# Seconds the broker may take to answer.
BROKER_TIMEOUT = 2


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        log.warning("health: the database does not answer", exc_info=True)
        return False
    return True


def broker_answers() -> bool:
    """Connect to the broker once (no retry loop): filesystem:// and redis:// alike."""
    broker = Connection(
        settings.CELERY_BROKER_URL,
        transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        connect_timeout=BROKER_TIMEOUT,
    )
    try:
        broker.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT)
        if broker.transport_cls == "filesystem":
            # The filesystem transport "connects" to anything: check that its folders take messages.
            options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
            for key in ("data_folder_in", "data_folder_out"):
                if not os.access(options[key], os.W_OK):
                    raise OSError(f"broker folder not writable: {options[key]}")
    except Exception:
        log.warning("health: the broker does not answer", exc_info=True)
        return False
    finally:
        broker.release()
    return True


def sweep_age(now: datetime) -> timedelta | None:
    """How long ago the last reminder sweep finished; None if none ever did."""
    finished_at = SweepHeartbeat.objects.filter(name=SWEEP_NAME).values_list("finished_at", flat=True).first()
    return None if finished_at is None else now - finished_at


@never_cache
@require_safe
def healthz(request):
    now = timezone.now()
    checks = {"database": database_answers(), "broker": broker_answers()}
    allowed = timedelta(seconds=SWEEP_INTERVALS_ALLOWED * settings.RAINCHECK_REMINDER_SWEEP_SECONDS)
    age = overdue = None
    if checks["database"]:
        try:
            with transaction.atomic():  # a failed query must not break the rest of the request
                age = sweep_age(now)
                overdue = reminders_overdue(now, by=allowed)
        except DatabaseError:
            # It answers, but not with RainCheck's tables (not migrated?): the database is failing too.
            log.warning("health: cannot read the sweep heartbeat", exc_info=True)
            checks["database"] = False
    checks["sweep"] = age is not None and age <= allowed
    checks["reminders"] = overdue == 0
    failing = [name for name, ok in checks.items() if not ok]
    body = {
        "status": "fail" if failing else "ok",
        "failing": failing,
        "checks": {name: "ok" if ok else "fail" for name, ok in checks.items()},
        "sweep_age_seconds": None if age is None else round(age.total_seconds(), 1),
        "sweep_max_age_seconds": allowed.total_seconds(),
        "reminders_overdue": overdue,
    }
    if failing:
        log.warning("health: failing", extra={"failing": failing})
    return JsonResponse(body, status=503 if failing else 200)
