"""Delivering reminders: select what is due, claim a batch, send outside any transaction.

DESIGN.md "Reminders: never lost, never doubled". The database is the schedule: a
sweep selects the ids of due reminders and hands them on in batches. A batch claims
its reminders in one statement with the database's clock (only the caller whose
update matched a row sends it), reads them with their interviews and owners in one
query, decides the skips for the whole batch, and sends the rest over one SMTP
connection with no transaction open, writing each `sent_at` as soon as the server
has accepted that message. A worker that dies holding a claim leaves it to expire
after the lease; the next sweep sends it.

Failures: a temporary one (4xx, a refused or dropped connection, a timeout, a send
cut short) is retried with capped exponential back-off for as long as the reminder
is useful (past the notice deadline it is skipped as late); a permanent one (5xx for
the recipient or the message) fails the reminder at once with the server's reply.
"""

import functools
import json
import logging
import smtplib
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.core.mail import get_connection
from django.db import InterfaceError, OperationalError, connection, models, transaction
from django.db.models import Max, Q
from django.db.models.functions import Now
from django.utils import timezone

from config.smtp import send_deadline

from .choices import EventKind, ReminderKind, Status
from .models import PENDING, Interview, InterviewEvent, Reminder, SweepHeartbeat
from .notifications import EmailAdvice, reminder_email
from .reminders import ReminderChoices, plan_for

log = logging.getLogger("raincheck.reminders")

# The SweepHeartbeat row every sweep (beat's or send_due_reminders') writes; /healthz reads it.
SWEEP_NAME = "reminders"
# What a failed delivery raises: the SMTP conversation, or the network under it
# (refused connections and socket timeouts are OSErrors).
SMTP_ERRORS = (smtplib.SMTPException, OSError)
# Pauses before the second, third and fourth try of an outcome write whose database
# connection dropped (a failover, a pgbouncer restart): bounded, then logged as an error.
RECORD_RETRY_PAUSES = (0.1, 0.3, 0.6)
# Seconds a batch keeps, after its last send, for recording it (retries included).
RECORD_RESERVE_SECONDS = sum(RECORD_RETRY_PAUSES) + 0.5
# Seconds allowed for saying goodbye to the SMTP server (QUIT) after a batch or a failure.
CLOSE_SECONDS = 1.0

# Why a claimed reminder was not sent (shown in admin and on the interview's timeline).
SKIP_NOTICE_GIVEN = "notice given: the company was already told"
SKIP_REMINDERS_OFF = "reminders off: the owner switched reminder e-mails off"
SKIP_UNVERIFIED = "unverified: the owner's address is not verified"
SKIP_MOVED = "moved: no longer in the interview's reminder plan"
SKIP_LATE = "late: deadline passed"
SKIP_STALE = "stale: a newer reminder is due"
SKIP_ANSWERED = "answered: a new time or an outcome was recorded"

# Planning "as of the beginning of time" gives every reminder the interview should have,
# including those already due (plan_reminders leaves out the ones behind its `now`).
_BEGINNING = datetime.min.replace(tzinfo=UTC)


@dataclass
class DeliveryCounts:
    """What one batch (or one send_due_reminders run) did."""

    sent: int = 0
    skipped: int = 0
    failed: int = 0  # send attempts that failed (retried later, or failed for good)
    not_claimed: int = 0  # another worker had it, or it was no longer due
    left: int = 0  # claimed, then handed back unsent for the next sweep (out of time)

    def __iadd__(self, other: "DeliveryCounts") -> "DeliveryCounts":
        self.sent += other.sent
        self.skipped += other.skipped
        self.failed += other.failed
        self.not_claimed += other.not_claimed
        self.left += other.left
        return self


def lease() -> timedelta:
    return timedelta(seconds=settings.RAINCHECK_REMINDER_LEASE_SECONDS)


def retry_delay(attempts: int) -> timedelta:
    """Back-off after the n-th failed attempt: base, 2 x base, 4 x base, ..., never more than the cap."""
    base = settings.RAINCHECK_REMINDER_RETRY_SECONDS
    cap = settings.RAINCHECK_REMINDER_RETRY_MAX_SECONDS
    # The exponent is bounded too: 2 ** 1000 seconds is no delay a float can hold.
    return timedelta(seconds=min(cap, base * 2 ** min(attempts - 1, 40)))


# --- Classifying failures -----------------------------------------------------------


def send_failure_is_permanent(error: BaseException) -> bool:
    """True for a 5xx reply about this recipient or this message: sending it again cannot help.

    Everything else is temporary and retried: 4xx replies, refused and dropped connections,
    timeouts, a send cut short, and 5xx replies about our side (the sender, authentication),
    which an operator can fix while the reminder is still useful.
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return bool(error.recipients) and all(500 <= code < 600 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPDataError):
        return 500 <= error.smtp_code < 600
    return False


def _reply_text(reply) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)


def send_failure_text(error: BaseException) -> str:
    """What went wrong, as stored in `last_error`: the server's reply where there is one."""
    name = type(error).__name__
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        replies = "; ".join(f"{code} {_reply_text(reply)}" for code, reply in error.recipients.values())
        return f"{name}: {replies}"[:1000]
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{name}: {error.smtp_code} {_reply_text(error.smtp_error)}"[:1000]
    return f"{name}: {error}"[:1000] if str(error) else name


# --- Selecting and claiming -----------------------------------------------------


def _unclaimed() -> Q:
    """Nobody holds it: never claimed, released, or claimed longer ago than the lease (by the database's clock)."""
    return Q(claimed_at__isnull=True) | Q(claimed_at__lt=Now() - lease())


def reminders_due_ids(now: datetime, limit: int | None = None) -> list[int]:
    """Ids of pending reminders due by `now`, not waiting for a retry nor held, oldest first.

    The filter matches the partial index on pending reminders, so an idle sweep stays
    cheap however many reminders were ever sent.
    """
    # Leave out the ones a live worker holds: re-queuing them would only cost a claim
    # that cannot win, and a slow backlog would pile up in the broker sweep after sweep.
    ids = Reminder.objects.due(now).filter(_unclaimed()).order_by("due_at", "pk").values_list("pk", flat=True)
    return list(ids[:limit] if limit is not None else ids)


# PostgreSQL claims in one statement: concurrent claims of a row queue on its lock, and the
# loser re-checks the WHERE clause against the winner's claimed_at, so it matches nothing.
_CLAIM_POSTGRES = """
UPDATE {table} SET claimed_at = STATEMENT_TIMESTAMP()
WHERE id = ANY(%(ids)s)
  AND sent_at IS NULL AND skipped_at IS NULL AND failed_at IS NULL
  AND due_at <= %(now)s AND (next_attempt_at IS NULL OR next_attempt_at <= %(now)s)
  AND (claimed_at IS NULL OR claimed_at < STATEMENT_TIMESTAMP() - %(lease)s)
RETURNING id
"""


def reminders_claim(ids: Iterable[int], now: datetime) -> list[int]:
    """Take the lease on those of `ids` still due and unheld; the ids this caller won.

    The claim re-checks everything the sweep checked, so a reminder sent, skipped, waiting
    for its back-off or held by a live worker since the sweep selected it is left alone.
    Who holds a reminder is decided by the database's clock (Now()), never a worker's: a
    worker whose clock is ahead cannot take over a live claim. Whether it is due is the
    caller's `now` (a skewed clock sends early or late by the skew, never twice).
    """
    ids = list(ids)
    if not ids:
        return []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                _CLAIM_POSTGRES.format(table=Reminder._meta.db_table), {"ids": ids, "now": now, "lease": lease()}
            )
            return [row[0] for row in cursor.fetchall()]
    # SQLite: select, then update, in one transaction that holds the write lock from its
    # BEGIN (transaction_mode IMMEDIATE), so no other claim can come between the two.
    with transaction.atomic():
        claimed = list(Reminder.objects.due(now).filter(_unclaimed(), pk__in=ids).values_list("pk", flat=True))
        if claimed:
            Reminder.objects.filter(pk__in=claimed).update(claimed_at=Now())
    return claimed


def reminder_claim(reminder_id: int, now: datetime) -> bool:
    """Claim one reminder; True only for the one caller whose update matched."""
    return reminders_claim([reminder_id], now) == [reminder_id]


# --- Deciding -----------------------------------------------------------------------


def reminder_skip_reason(reminder: Reminder, now: datetime, *, newest_due: datetime | None = None) -> str:
    """Why this claimed reminder must not be sent now, or "" when it should be.

    Read after the claim, from fresh rows: the interview may have been cancelled, decided,
    given notice or moved, and the owner may have changed their settings, since it was planned.
    `newest_due` is the due time of the interview's newest due reminder not skipped or failed.
    """
    interview = reminder.interview
    owner = interview.owner
    follow_up = reminder.kind == ReminderKind.FOLLOW_UP
    if follow_up and interview.status != Status.RESCHEDULE_REQUESTED:
        return SKIP_ANSWERED
    if not follow_up and interview.status != Status.SCHEDULED:
        return f"not scheduled: the interview is {interview.get_status_display().lower()}"
    if not follow_up and interview.notice_given_at is not None:
        return SKIP_NOTICE_GIVEN
    if not owner.reminders_enabled:
        return SKIP_REMINDERS_OFF
    if owner.email_verified_at is None:
        return SKIP_UNVERIFIED
    # The user's choices (reminders switched off, snoozed, their own) were prefetched with the batch.
    planned = plan_for(interview, choices=ReminderChoices.of(interview.reminder_choices.all()), now=_BEGINNING)
    if (reminder.kind, reminder.due_at) not in {(p.kind, p.due_at) for p in planned}:
        return SKIP_MOVED
    # A nudge to follow up is about the request, not the notice window: the deadline does not apply.
    if not follow_up and now >= interview.notice_deadline:
        return SKIP_LATE
    if newest_due is not None and newest_due > reminder.due_at:
        return SKIP_STALE
    return ""


def reminder_skip_reasons(reminders: list[Reminder], now: datetime) -> dict[int, str]:
    """reminder id -> why it is skipped, for a whole batch, with one query (for the newest due of each interview)."""
    newest = dict(
        Reminder.objects.filter(
            interview_id__in={r.interview_id for r in reminders},
            due_at__lte=now,
            skipped_at__isnull=True,
            failed_at__isnull=True,
        )
        .values("interview_id")
        .annotate(newest=Max("due_at"))
        .values_list("interview_id", "newest")
    )
    reasons = {}
    for reminder in reminders:
        reason = reminder_skip_reason(reminder, now, newest_due=newest.get(reminder.interview_id))
        if reason:
            reasons[reminder.pk] = reason
    return reasons


# --- Recording the outcome --------------------------------------------------------------


def _log_extra(reminder: Reminder, **more) -> dict:
    # Ids only: no addresses, names or company names in the logs.
    return {"reminder_id": reminder.pk, "interview_id": reminder.interview_id, "kind": reminder.kind, **more}


def _durably(write: Callable[[], object], *, what: str, reminder_ids: list[int]):
    """Run one outcome write; if the database connection dropped, reconnect and run it again (bounded).

    Each write is idempotent (it only changes rows still in the state it expects), so a
    retry after a commit whose answer was lost changes nothing twice. Returns the write's
    value, or None when every try failed: that is logged as an error naming the reminders,
    whose claims then expire after the lease (a sent one is sent again then).
    """
    for pause in (*RECORD_RETRY_PAUSES, None):
        try:
            return write()
        except (OperationalError, InterfaceError) as error:
            if pause is None:
                log.error(
                    f"reminder outcome not recorded: {what}",
                    extra={"reminder_ids": reminder_ids, "error": type(error).__name__},
                )
                return None
            log.warning(
                f"database connection lost recording {what}; reconnecting",
                extra={"reminder_ids": reminder_ids, "error": type(error).__name__},
            )
            # Drop the broken connection: the next query opens a fresh one.
            connection.close()
            time.sleep(pause)
    return None


# Recording a send: the update (only while unsent), returning whether the interview still
# was as the e-mail was built ({as_built}: its fields, see _as_built, compared null-safely).
# Written as SQL, bound afresh for each e-mail, since the ORM would compile the same three
# querysets for every one: most of what recording cost.
_MARK_SENT = """
UPDATE {reminders} SET sent_at = %s, last_error = ''
WHERE id = %s AND sent_at IS NULL
RETURNING interview_id,
          EXISTS (SELECT 1 FROM {interviews} WHERE id = {reminders}.interview_id AND {as_built}) AS unchanged
"""
# PostgreSQL writes the history event in the same statement: one round trip and one commit.
_MARK_SENT_WITH_EVENT_POSTGRES = """
WITH sent AS ({mark_sent})
INSERT INTO {events} (interview_id, kind, at, summary, data)
SELECT interview_id, %s, %s,
       CASE WHEN unchanged THEN %s ELSE %s END,
       CASE WHEN unchanged THEN %s::jsonb ELSE %s::jsonb END
FROM sent
RETURNING (data -> 'interview_changed')::boolean
"""

OUTCOME_SENT = "sent"
OUTCOME_SENT_CHANGED = "sent, the interview changed meanwhile"
OUTCOME_ALREADY = "already recorded or deleted"


def _as_built(reminder: Reminder) -> dict[str, object]:
    """The interview's fields the e-mail depended on, as it was built (None: empty).

    Any other value once the server has accepted it means the interview changed during
    the send (cancelled, given notice, moved, answered).
    """
    interview = reminder.interview
    if reminder.kind == ReminderKind.FOLLOW_UP:
        # A nudge applies while the request it follows up on is still unanswered.
        return {"status": Status.RESCHEDULE_REQUESTED, "notice_given_at": interview.notice_given_at}
    return {"status": Status.SCHEDULED, "notice_given_at": None, "notice_deadline": interview.notice_deadline}


@functools.cache
def _mark_sent_sql(vendor: str, fields: tuple[str, ...]) -> str:
    """The SQL recording a send, for the interview `fields` the e-mail depended on: written once per shape.

    On PostgreSQL the update and the history event (one statement); on SQLite the update alone.
    """
    same = "IS NOT DISTINCT FROM" if vendor == "postgresql" else "IS"  # SQLite's IS is null-safe
    mark_sent = _MARK_SENT.format(
        reminders=Reminder._meta.db_table,
        interviews=Interview._meta.db_table,
        as_built=" AND ".join(f"{Interview._meta.get_field(name).column} {same} %s" for name in fields),
    )
    if vendor != "postgresql":
        return mark_sent
    return _MARK_SENT_WITH_EVENT_POSTGRES.format(mark_sent=mark_sent, events=InterviewEvent._meta.db_table)


def _sql_value(value):
    """A parameter as the ORM would store it (SQLite keeps datetimes as text in UTC)."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value.value if isinstance(value, models.Choices) else value


def reminder_mark_sent(reminder: Reminder, now: datetime) -> None:
    """The SMTP server accepted the message: record it at once (one transaction), with a history event.

    If the interview was cancelled, given notice or moved while the e-mail was in the SMTP
    conversation (replanning leaves a claimed reminder in place), it is still recorded as
    sent, since it went, and the event says the interview changed meanwhile. A second
    record of the same send (a retry after a commit whose answer was lost) changes nothing.
    """
    as_built = _as_built(reminder)
    mark_sent_params = [_sql_value(now), reminder.pk, *map(_sql_value, as_built.values())]
    kind = reminder.get_kind_display().lower()
    summaries = {
        OUTCOME_SENT: f"Reminder e-mailed: {kind}",
        OUTCOME_SENT_CHANGED: f"Reminder e-mailed: {kind}, as the interview was being changed (it no longer applies)",
    }

    def data(outcome: str) -> dict:
        return {"reminder": reminder.pk, "kind": reminder.kind, "interview_changed": outcome != OUTCOME_SENT}

    def write_postgres() -> str:
        params = [
            *mark_sent_params,
            EventKind.REMINDER_SENT.value,
            now,
            summaries[OUTCOME_SENT],
            summaries[OUTCOME_SENT_CHANGED],
            json.dumps(data(OUTCOME_SENT)),
            json.dumps(data(OUTCOME_SENT_CHANGED)),
        ]
        with connection.cursor() as cursor:
            cursor.execute(_mark_sent_sql("postgresql", tuple(as_built)), params)
            row = cursor.fetchone()
        if row is None:
            return OUTCOME_ALREADY
        return OUTCOME_SENT_CHANGED if row[0] else OUTCOME_SENT

    def write_sqlite() -> str:
        # In this process: two statements in one transaction cost no round trip.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(_mark_sent_sql("sqlite", tuple(as_built)), mark_sent_params)
                row = cursor.fetchone()
            if row is None:
                return OUTCOME_ALREADY
            outcome = OUTCOME_SENT if row[1] else OUTCOME_SENT_CHANGED
            InterviewEvent.objects.create(
                interview_id=reminder.interview_id,
                kind=EventKind.REMINDER_SENT,
                at=now,
                summary=summaries[outcome],
                data=data(outcome),
            )
            return outcome

    write = write_postgres if connection.vendor == "postgresql" else write_sqlite
    outcome = _durably(write, what="sent", reminder_ids=[reminder.pk])
    if outcome is not None:
        log.info("reminder sent", extra=_log_extra(reminder, outcome=outcome))


def reminders_skip(skips: list[tuple[Reminder, str]], now: datetime) -> None:
    """Record that these claimed reminders will not be sent, and why: one transaction for the batch."""
    by_reason = defaultdict(list)
    for reminder, reason in skips:
        by_reason[reason].append(reminder)

    def write() -> None:
        with transaction.atomic():
            events = []
            for reason, reminders in by_reason.items():
                ids = [r.pk for r in reminders]
                Reminder.objects.filter(PENDING, pk__in=ids).update(skipped_at=now, skip_reason=reason[:200])
                events += [
                    InterviewEvent(
                        interview_id=r.interview_id,
                        kind=EventKind.REMINDER_SKIPPED,
                        at=now,
                        summary=f"Reminder not sent ({r.get_kind_display().lower()}): {reason}",
                        data={"reminder": r.pk, "kind": r.kind, "reason": reason},
                    )
                    for r in reminders
                ]
            InterviewEvent.objects.bulk_create(events)

    _durably(write, what="skipped", reminder_ids=[r.pk for r, _ in skips])
    for reminder, reason in skips:
        log.info("reminder skipped", extra=_log_extra(reminder, reason=reason))


def reminder_skip(reminder: Reminder, reason: str, now: datetime) -> None:
    reminders_skip([(reminder, reason)], now)


def reminder_send_failed(reminder: Reminder, error: BaseException, now: datetime) -> None:
    """A failed send: count the attempt and release the claim, then back off, or fail at once if permanent.

    The claim is released so the retry waits for the back-off, not for the lease. Temporary
    failures are retried until the notice deadline passes (the next claim then skips it as late).
    """
    attempts = reminder.attempts + 1
    permanent = send_failure_is_permanent(error)
    fields = {
        "attempts": attempts,
        "last_error": send_failure_text(error),
        "claimed_at": None,
        "next_attempt_at": None if permanent else now + retry_delay(attempts),
        "failed_at": now if permanent else None,
    }

    def write() -> None:
        with transaction.atomic():
            updated = Reminder.objects.filter(PENDING, pk=reminder.pk).update(**fields)
            if updated and permanent:
                InterviewEvent.objects.create(
                    interview_id=reminder.interview_id,
                    kind=EventKind.REMINDER_FAILED,
                    at=now,
                    summary=f"Reminder could not be e-mailed: {fields['last_error'][:200]}",
                    data={"reminder": reminder.pk, "kind": reminder.kind},
                )

    _durably(write, what="failed attempt", reminder_ids=[reminder.pk])
    # The exception's class only: its text may name the recipient.
    extra = _log_extra(reminder, attempts=attempts, error=type(error).__name__)
    if permanent:
        log.error("reminder failed: the server refused it for good", extra=extra)
    else:
        log.warning("reminder send failed, will retry", extra={**extra, "retry_at": fields["next_attempt_at"]})


def reminders_release(ids: list[int]) -> None:
    """Hand claimed, unsent reminders back (no attempt counted): the next sweep takes them.

    Only this batch can hold them: a batch stops sending well within the lease.
    """
    if ids:
        _durably(
            lambda: Reminder.objects.filter(PENDING, pk__in=ids, claimed_at__isnull=False).update(claimed_at=None),
            what="released",
            reminder_ids=ids,
        )
        log.info("reminders handed back for the next sweep", extra={"reminder_ids": ids})


class RetryNow(StrEnum):
    """What admin's "retry now" did with one reminder."""

    QUEUED = "queued"  # due again on the next sweep
    BEING_SENT = "being sent"  # a live claim: the worker holding it decides
    DONE = "done"  # sent or skipped: nothing to retry


def reminder_retry_now(reminder: Reminder) -> RetryNow:
    """For admin's "retry now": make a failed (or backing-off) reminder due again, attempts from zero.

    A reminder a worker holds is left alone (clearing its claim would let a second worker
    send it as well); the last error stays as a record; a sent or skipped one is left alone.
    """
    open_ = Reminder.objects.filter(pk=reminder.pk, sent_at__isnull=True, skipped_at__isnull=True)
    if open_.filter(_unclaimed()).update(failed_at=None, next_attempt_at=None, attempts=0, claimed_at=None):
        log.info("reminder retry requested", extra=_log_extra(reminder))
        return RetryNow.QUEUED
    return RetryNow.BEING_SENT if open_.exists() else RetryNow.DONE


def reminders_being_sent(queryset):
    """Those of `queryset` that a worker holds right now (a claim within the lease, by the database's clock)."""
    return queryset.filter(claimed_at__gte=Now() - lease())


def reminders_overdue(now: datetime, *, by: timedelta) -> int:
    """How many pending reminders were due more than `by` ago (an SMTP outage, a stuck backlog)."""
    return Reminder.objects.pending().filter(due_at__lt=now - by).count()


# --- Sending ----------------------------------------------------------------------------


class _Mailer:
    """One SMTP connection for a batch: opened for the first e-mail that goes, reopened after an error."""

    def __init__(self):
        self.backend = None

    def send(self, message) -> None:
        if self.backend is None:
            self.backend = get_connection(fail_silently=False)
        self.backend.open()
        if self.backend.send_messages([message]) != 1:
            raise smtplib.SMTPException("the server did not accept the message")

    def close(self) -> None:
        # A broken connection may fail to say goodbye; the next send opens a new one.
        if self.backend is not None:
            with suppress(*SMTP_ERRORS), send_deadline(CLOSE_SECONDS):
                self.backend.close()


def _send_one(
    reminder: Reminder, mailer: _Mailer, now_fn: Callable[[], datetime], counts: DeliveryCounts, advice: EmailAdvice
) -> None:
    try:
        message = reminder_email(reminder, now=now_fn(), advice=advice)
    except (OperationalError, InterfaceError) as error:
        # The database went away while the e-mail was built (its advice is read on first use):
        # a temporary failure like a dropped SMTP connection, retried after the back-off.
        reminder_send_failed(reminder, error, now_fn())
        counts.failed += 1
        return
    except Exception as error:
        # A bug building this one e-mail (say, a bad template) must not hold up the rest of the batch.
        log.exception("reminder e-mail could not be built", extra=_log_extra(reminder))
        error = smtplib.SMTPDataError(554, f"could not build the e-mail: {type(error).__name__}")
        reminder_send_failed(reminder, error, now_fn())
        counts.failed += 1
        return
    try:
        # One deadline for the whole conversation, under the task's soft time limit (settings check it).
        with send_deadline(settings.EMAIL_TIMEOUT):
            mailer.send(message)
    except SMTP_ERRORS as error:
        mailer.close()
        reminder_send_failed(reminder, error, now_fn())
        counts.failed += 1
        return
    except BaseException as error:
        # Cut short mid-send (the task's time limit, a shutdown): a failed attempt like any other,
        # recorded before the exception goes on, so the claim is released with a back-off.
        mailer.close()
        reminder_send_failed(reminder, error, now_fn())
        counts.failed += 1
        raise
    try:
        reminder_mark_sent(reminder, now_fn())
    except BaseException:
        # Interrupted while recording: the e-mail went, so record it before going on.
        reminder_mark_sent(reminder, now_fn())
        raise
    counts.sent += 1


def reminders_send_batch(
    ids: Iterable[int], now_fn: Callable[[], datetime] = timezone.now, *, stop_at: float | None = None
) -> DeliveryCounts:
    """Claim a batch in one statement, read it in one query, skip what must not go, send the rest.

    The sends go over one SMTP connection (opened when the first e-mail must go, so a batch
    of skips never connects), with no transaction open, each recorded as soon as the server
    accepts it. After the first, a send starts only if it can end (its deadline, then its
    record) before `stop_at` (a time.monotonic() value: the task's soft time limit) and
    within the lease; whatever is left, or interrupted, is handed back for the next sweep.
    """
    counts = DeliveryCounts()
    ids = list(dict.fromkeys(ids))
    started = time.monotonic()
    claimed = reminders_claim(ids, now_fn())
    counts.not_claimed = len(ids) - len(claimed)
    if not claimed:
        return counts
    # Never hold a claim past the lease, whoever calls (send_due_reminders has no time limit).
    must_end = started + lease().total_seconds()
    if stop_at is not None:
        must_end = min(must_end, stop_at)
    settled: set[int] = set()
    mailer = _Mailer()
    try:
        reminders = list(
            Reminder.objects.select_related("interview__owner")
            .prefetch_related("interview__reminder_choices")
            .filter(pk__in=claimed)
            .order_by("due_at", "pk")
        )
        deleted = set(claimed) - {r.pk for r in reminders}  # with their interview, since the claim
        counts.not_claimed += len(deleted)
        settled.update(deleted)
        now = now_fn()
        reasons = reminder_skip_reasons(reminders, now)
        if reasons:
            reminders_skip([(r, reasons[r.pk]) for r in reminders if r.pk in reasons], now)
            counts.skipped += len(reasons)
            settled.update(reasons)
        to_send = [r for r in reminders if r.pk not in reasons]
        advice = EmailAdvice()  # read once for the batch, as staff last saved it
        for position, reminder in enumerate(to_send):
            if position and time.monotonic() + settings.EMAIL_TIMEOUT + RECORD_RESERVE_SECONDS > must_end:
                log.warning(
                    "reminder batch out of time, the rest go with the next sweep",
                    extra={"left": len(to_send) - position},
                )
                break
            settled.add(reminder.pk)  # from here on, _send_one records what became of it
            _send_one(reminder, mailer, now_fn, counts, advice)
    finally:
        mailer.close()
        left = [pk for pk in claimed if pk not in settled]
        counts.left += len(left)
        reminders_release(left)
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
