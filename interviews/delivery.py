"""Delivering reminders: select what is due, claim one at a time, send outside any transaction.

DESIGN.md "Reminders: never lost, never doubled". The database is the schedule: a
sweep selects the ids of due reminders and hands them on in batches; a batch claims
each reminder with a conditional UPDATE just before sending it (only the caller whose
update matched sends), re-reads the interview, sends with no transaction open, and
writes `sent_at` as soon as the SMTP server has accepted the message. A worker that
dies holding a claim leaves it to expire after the lease; the next sweep sends it.
"""

import logging
import smtplib
import time
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .choices import EventKind, Status
from .models import PENDING, InterviewEvent, Reminder, SweepHeartbeat
from .notifications import reminder_email
from .reminders import ReminderSettings, plan_reminders

log = logging.getLogger("raincheck.reminders")

# After this many failed sends a reminder is marked failed and waits for "retry now" in admin.
MAX_ATTEMPTS = 5
# The SweepHeartbeat row every sweep (beat's or send_due_reminders') writes; /healthz reads it.
SWEEP_NAME = "reminders"
# What a failed delivery raises: the SMTP conversation, or the network under it
# (refused connections and socket timeouts are OSErrors).
SMTP_ERRORS = (smtplib.SMTPException, OSError)

# Why a claimed reminder was not sent (shown in admin and on the interview's timeline).
SKIP_NOTICE_GIVEN = "notice given: the company was already told"
SKIP_REMINDERS_OFF = "reminders off: the owner switched reminder e-mails off"
SKIP_UNVERIFIED = "unverified: the owner's address is not verified"
SKIP_MOVED = "moved: no longer in the interview's reminder plan"
SKIP_LATE = "late: deadline passed"
SKIP_STALE = "stale: a newer reminder is due"

# Planning "as of the beginning of time" gives every reminder the interview should have,
# including those already due (plan_reminders leaves out the ones behind its `now`).
_BEGINNING = datetime.min.replace(tzinfo=UTC)


@dataclass
class DeliveryCounts:
    """What one batch (or one send_due_reminders run) did."""

    sent: int = 0
    skipped: int = 0
    failed: int = 0  # send attempts that raised an SMTP error (retried later, or given up)
    not_claimed: int = 0  # another worker had it, or it was no longer due

    def __iadd__(self, other: "DeliveryCounts") -> "DeliveryCounts":
        self.sent += other.sent
        self.skipped += other.skipped
        self.failed += other.failed
        self.not_claimed += other.not_claimed
        return self


def lease() -> timedelta:
    return timedelta(seconds=settings.RAINCHECK_REMINDER_LEASE_SECONDS)


def retry_delay(attempts: int) -> timedelta:
    """Exponential back-off after the n-th failed attempt: base, 2 x base, 4 x base, ..."""
    return timedelta(seconds=settings.RAINCHECK_REMINDER_RETRY_SECONDS * 2 ** (attempts - 1))


# --- Selecting and claiming -----------------------------------------------------


def reminders_due_ids(now: datetime, limit: int | None = None) -> list[int]:
    """Ids of pending reminders due by `now`, not waiting for a retry nor held, oldest first.

    The filter matches the partial index on pending reminders, so an idle sweep stays
    cheap however many reminders were ever sent.
    """
    # Leave out the ones a live worker holds: re-queuing them would only cost a claim
    # that cannot win, and a slow backlog would pile up in the broker sweep after sweep.
    unclaimed = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - lease())
    ids = Reminder.objects.due(now).filter(unclaimed).order_by("due_at", "pk").values_list("pk", flat=True)
    return list(ids[:limit] if limit is not None else ids)


def reminder_claim(reminder_id: int, now: datetime) -> bool:
    """Take the lease on one due reminder; True only for the one caller whose UPDATE matched.

    The WHERE clause re-checks everything the sweep checked, so a reminder sent, skipped,
    waiting for its back-off or held by a live worker since the sweep selected it is left
    alone. A claim older than the lease belongs to a dead worker and may be taken over.
    """
    claimed = (
        Reminder.objects.due(now)
        .filter(pk=reminder_id)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - lease()))
        .update(claimed_at=now)
    )
    return claimed == 1


# --- Deciding -----------------------------------------------------------------------


def reminder_skip_reason(reminder: Reminder, now: datetime) -> str:
    """Why this claimed reminder must not be sent now, or "" when it should be.

    Read after the claim, from fresh rows: the interview may have been cancelled, decided,
    given notice or moved, and the owner may have changed their settings, since it was planned.
    """
    interview = reminder.interview
    owner = interview.owner
    if interview.status != Status.SCHEDULED:
        return f"not scheduled: the interview is {interview.get_status_display().lower()}"
    if interview.notice_given_at is not None:
        return SKIP_NOTICE_GIVEN
    if not owner.reminders_enabled:
        return SKIP_REMINDERS_OFF
    if owner.email_verified_at is None:
        return SKIP_UNVERIFIED
    planned = plan_reminders(
        status=interview.status,
        notice_given=False,
        notice_deadline=interview.notice_deadline,
        owner=ReminderSettings.of(owner),
        now=_BEGINNING,
    )
    if (reminder.kind, reminder.due_at) not in {(p.kind, p.due_at) for p in planned}:
        return SKIP_MOVED
    if now >= interview.notice_deadline:
        return SKIP_LATE
    newer = Reminder.objects.filter(
        interview_id=interview.pk,
        due_at__gt=reminder.due_at,
        due_at__lte=now,
        skipped_at__isnull=True,
        failed_at__isnull=True,
    )
    if newer.exists():
        return SKIP_STALE
    return ""


# --- Recording the outcome --------------------------------------------------------------


def _log_extra(reminder: Reminder, **more) -> dict:
    # Ids only: no addresses, names or company names in the logs.
    return {"reminder_id": reminder.pk, "interview_id": reminder.interview_id, "kind": reminder.kind, **more}


def reminder_mark_sent(reminder: Reminder, now: datetime) -> None:
    """The SMTP server accepted the message: record it at once, with a history event."""
    with transaction.atomic():
        updated = Reminder.objects.filter(pk=reminder.pk).update(sent_at=now, last_error="")
        if updated:
            InterviewEvent.objects.create(
                interview_id=reminder.interview_id,
                kind=EventKind.REMINDER_SENT,
                at=now,
                summary=f"Reminder e-mailed: {reminder.get_kind_display().lower()}",
                data={"reminder": reminder.pk, "kind": reminder.kind},
            )
    log.info("reminder sent", extra=_log_extra(reminder))


def reminder_skip(reminder: Reminder, reason: str, now: datetime) -> None:
    """Record that a claimed reminder will not be sent, and why."""
    with transaction.atomic():
        updated = Reminder.objects.filter(PENDING, pk=reminder.pk).update(skipped_at=now, skip_reason=reason[:200])
        if updated:
            InterviewEvent.objects.create(
                interview_id=reminder.interview_id,
                kind=EventKind.REMINDER_SKIPPED,
                at=now,
                summary=f"Reminder not sent ({reminder.get_kind_display().lower()}): {reason}",
                data={"reminder": reminder.pk, "kind": reminder.kind, "reason": reason},
            )
    log.info("reminder skipped", extra=_log_extra(reminder, reason=reason))


def reminder_send_failed(reminder: Reminder, error: BaseException, now: datetime) -> None:
    """An SMTP error: count the attempt, release the claim, back off; give up after MAX_ATTEMPTS.

    The claim is released so the retry waits for the back-off, not for the lease.
    """
    attempts = reminder.attempts + 1
    gave_up = attempts >= MAX_ATTEMPTS
    fields = {
        "attempts": attempts,
        "last_error": f"{type(error).__name__}: {error}"[:1000],
        "claimed_at": None,
        "next_attempt_at": None if gave_up else now + retry_delay(attempts),
        "failed_at": now if gave_up else None,
    }
    with transaction.atomic():
        updated = Reminder.objects.filter(PENDING, pk=reminder.pk).update(**fields)
        if updated and gave_up:
            InterviewEvent.objects.create(
                interview_id=reminder.interview_id,
                kind=EventKind.REMINDER_FAILED,
                at=now,
                summary=f"Reminder could not be e-mailed after {attempts} attempts",
                data={"reminder": reminder.pk, "kind": reminder.kind},
            )
    # The exception's class only: its text may name the recipient.
    extra = _log_extra(reminder, attempts=attempts, error=type(error).__name__)
    if gave_up:
        log.error("reminder failed", extra=extra)
    else:
        log.warning("reminder send failed, will retry", extra={**extra, "retry_at": fields["next_attempt_at"]})


def reminder_retry_now(reminder: Reminder) -> bool:
    """For admin's "retry now": make a failed (or backing-off) reminder due again, with 5 fresh attempts.

    The last error stays as a record; a sent or skipped reminder is left alone.
    """
    updated = Reminder.objects.filter(pk=reminder.pk, sent_at__isnull=True, skipped_at__isnull=True).update(
        failed_at=None, next_attempt_at=None, attempts=0, claimed_at=None
    )
    if updated:
        log.info("reminder retry requested", extra=_log_extra(reminder))
    return updated == 1


# --- Sending ----------------------------------------------------------------------------


def _close_quietly(connection) -> None:
    # A broken connection may fail to say goodbye; the next send opens a new one.
    with suppress(*SMTP_ERRORS):
        connection.close()


def reminders_send_batch(
    ids: Iterable[int], now_fn: Callable[[], datetime] = timezone.now, *, stop_at: float | None = None
) -> DeliveryCounts:
    """Claim, check and send each reminder in turn, over one SMTP connection.

    The connection opens when the first e-mail must go (a batch of skips never connects)
    and reopens after an error. No transaction is open while talking to the server.
    From `stop_at` (a time.monotonic() value) on, nothing more is claimed and the rest
    is left to the next sweep: a batch ends on its own before its task's time limit
    interrupts a send, which would leave the reminder claimed (late by a lease) or,
    landing after the server's acceptance, send it twice.
    """
    counts = DeliveryCounts()
    connection = None
    ids = list(ids)
    try:
        for position, reminder_id in enumerate(ids):
            if stop_at is not None and time.monotonic() >= stop_at:
                log.warning(
                    "reminder batch out of time, the rest go with the next sweep", extra={"left": len(ids) - position}
                )
                break
            now = now_fn()
            if not reminder_claim(reminder_id, now):
                counts.not_claimed += 1
                continue
            reminder = Reminder.objects.select_related("interview__owner").filter(pk=reminder_id).first()
            if reminder is None:  # deleted with its interview since the claim
                counts.not_claimed += 1
                continue
            reason = reminder_skip_reason(reminder, now)
            if reason:
                reminder_skip(reminder, reason, now)
                counts.skipped += 1
                continue
            message = reminder_email(reminder, now=now)
            if connection is None:
                connection = get_connection(fail_silently=False)
            accepted = False
            try:
                connection.open()
                if connection.send_messages([message]) != 1:
                    raise smtplib.SMTPException("the server did not accept the message")
                accepted = True
            except SMTP_ERRORS as exc:
                _close_quietly(connection)
                reminder_send_failed(reminder, exc, now_fn())
                counts.failed += 1
                continue
            finally:
                if accepted:
                    # In a finally, so that a time limit striking just after the server's
                    # acceptance still leaves the record: the next sweep must not resend it.
                    reminder_mark_sent(reminder, now_fn())
            counts.sent += 1
    finally:
        if connection is not None:
            _close_quietly(connection)
    return counts


def reminders_sweep(now: datetime, enqueue: Callable[[list[int]], object]) -> int:
    """Hand the due reminders on in batches of ids, then record that a sweep finished.

    `enqueue` is the Celery batch task's delay (beat) or the batch run inline
    (send_due_reminders). Returns how many reminders were due.
    """
    ids = reminders_due_ids(now)
    size = settings.RAINCHECK_REMINDER_BATCH_SIZE
    for start in range(0, len(ids), size):
        enqueue(ids[start : start + size])
    SweepHeartbeat.objects.update_or_create(name=SWEEP_NAME, defaults={"finished_at": now})
    log.info("reminder sweep", extra={"due": len(ids), "batches": -(-len(ids) // size)})
    return len(ids)
