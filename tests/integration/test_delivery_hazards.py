"""What once doubled or lost reminders without any process crashing, with real processes.

One test per case the first version got wrong (issue "Reminder delivery, second
version"): PostgreSQL connections terminated mid-delivery, an SMTP server slow
enough to outlast the soft time limit, a worker whose clock is off, "retry now" on
a reminder being sent, an interview cancelled or moved while its e-mail is in the
SMTP conversation, and an SMTP outage longer than the old retry budget. Each counts
what the SMTP server accepted by Message-ID: every due reminder arrives, and none
twice (no process is killed here).
"""

import threading
from datetime import timedelta

import psycopg
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from interviews.choices import EventKind
from interviews.models import Interview, InterviewEvent, Reminder
from interviews.services import interview_record_outcome, interview_update
from tests.integration.due_reminders import (
    assert_each_arrived,
    assert_nothing_else_sent,
    delivery_progress,
    make_due_reminders,
    wait_all_delivered,
)
from tests.integration.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def being_sent(ids: list[int]):
    """Reminders claimed and not yet recorded as sent."""
    return Reminder.objects.filter(pk__in=ids, sent_at__isnull=True, claimed_at__isnull=False)


class ConnectionKiller:
    """Terminates every other PostgreSQL connection to the test database, again and again (a failover)."""

    def __init__(self, every: float):
        self.every = every
        self.terminated = 0
        self._stop = threading.Event()
        params = connection.get_connection_params()
        self._params = {k: v for k, v in params.items() if k not in ("cursor_factory", "context")}
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (self._spared,) = cursor.fetchone()  # this test's own connection
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with psycopg.connect(**self._params, autocommit=True) as killer:
            while not self._stop.wait(self.every):
                rows = killer.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid NOT IN (pg_backend_pid(), %s)",
                    [self._spared],
                ).fetchall()
                self.terminated += len(rows)

    def __enter__(self) -> "ConnectionKiller":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=10)


@pytest.mark.requires_postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_connections_terminated_during_delivery_double_nothing(redis_processes, mail_server):
    expected = make_due_reminders(users=20, interviews=300)
    # A little time per message, so the terminations land between acceptance and record.
    mail_server.slow_down(0.01)
    redis_processes.env["RAINCHECK_REMINDER_BATCH_SIZE"] = "20"
    for n in range(2):
        redis_processes.wait_ready(redis_processes.worker(f"worker{n}", concurrency=2))
    redis_processes.beat("beat")

    with ConnectionKiller(every=0.4) as killer:
        wait_until(
            lambda: mail_server.count() >= len(expected) // 2,
            timeout=90,
            message="half the reminders did not arrive under the terminations",
            progress=lambda: delivery_progress(mail_server, expected),
        )
    mail_server.slow_down(0)
    wait_all_delivered(mail_server, expected, timeout=60)
    redis_processes.stop_all()

    assert killer.terminated >= 10, killer.terminated
    assert_each_arrived(mail_server, expected)
    assert_nothing_else_sent(expected)


def test_smtp_server_slow_enough_to_outlast_the_soft_limit_costs_attempts_not_duplicates(redis_processes, mail_server):
    # Each of EHLO, MAIL and RCPT answered after 2 s: every reply under the 2.5 s timeout, the
    # conversation (6 s and more) over the batch's 5.4 s soft limit. One send's deadline is 2.5 s.
    expected = make_due_reminders(users=2, interviews=4)
    ids = [e.reminder_id for e in expected.values()]
    reminders = Reminder.objects.filter(pk__in=ids)
    mail_server.slow_replies(2)
    worker = redis_processes.worker("worker", concurrency=2)
    redis_processes.beat("beat")

    wait_until(
        lambda: reminders.filter(attempts__gte=1).count() == len(ids),
        timeout=45,
        message="the slow sends were not counted as failed attempts",
        progress=lambda: delivery_progress(mail_server, expected),
    )
    assert mail_server.count() == 0  # each send ended at its deadline, before any DATA
    # Each cut send released its claim with a back-off: none is left held until the lease.
    assert not reminders.filter(attempts__gte=1, next_attempt_at__isnull=True).exists()
    assert not reminders.filter(failed_at__isnull=False).exists()
    assert "Soft time limit" not in worker.log(), worker.tail()

    mail_server.slow_replies(0)
    wait_all_delivered(mail_server, expected, timeout=60)
    redis_processes.stop_all()

    assert "Soft time limit" not in worker.log(), worker.tail()
    assert_each_arrived(mail_server, expected)
    assert_nothing_else_sent(expected)


def test_a_worker_whose_clock_runs_40_seconds_ahead_takes_over_no_live_claim(redis_processes, mail_server):
    # A backlog in the broker: sweeps every second queue the same unclaimed ids again and again,
    # so both workers get batches the other is sending. The lease is 8 s, the skew 40 s.
    expected = make_due_reminders(users=10, interviews=40)
    mail_server.slow_down(0.05)
    redis_processes.env["RAINCHECK_REMINDER_BATCH_SIZE"] = "10"
    fast = redis_processes.worker("skewed", concurrency=2, clock_skew=40)
    on_time = redis_processes.worker("on-time", concurrency=2)
    redis_processes.wait_ready(fast)
    redis_processes.wait_ready(on_time)
    redis_processes.beat("beat")

    # The skewed worker drops beat's sweeps as expired (its clock says they are 40 s old), so
    # only the other one sweeps: slower, not wrong. A generous bound for a loaded machine.
    wait_all_delivered(mail_server, expected, timeout=150)
    redis_processes.stop_all()

    assert_each_arrived(mail_server, expected)
    assert_nothing_else_sent(expected)
    assert "reminder sent" in fast.log() and "reminder sent" in on_time.log(), "both workers should have sent"
    # The skewed worker's records say so: its clock really was ahead.
    assert Reminder.objects.filter(sent_at__gt=timezone.now() + timedelta(seconds=20)).exists()


def test_retry_now_on_a_reminder_being_sent_is_refused_and_nothing_doubles(redis_processes, mail_server, client):
    expected = make_due_reminders(users=2, interviews=6)
    ids = [e.reminder_id for e in expected.values()]
    # Each acceptance takes 1.5 s (under the 2.5 s send deadline); a batch is one reminder.
    mail_server.slow_down(1.5)
    redis_processes.env["RAINCHECK_REMINDER_BATCH_SIZE"] = "1"
    redis_processes.wait_ready(redis_processes.worker("worker", concurrency=2))
    redis_processes.beat("beat")
    staff = User.objects.create_superuser(email="staff@raincheck.example", password="staff password 1")
    client.force_login(staff)

    held = wait_until(
        lambda: mail_server.in_flight >= 1 and list(being_sent(ids).values_list("pk", flat=True)),
        timeout=30,
        message="no reminder got into its SMTP conversation",
        progress=lambda: delivery_progress(mail_server, expected),
    )
    response = client.post(
        reverse("admin:interviews_reminder_changelist"),
        {"action": "retry_now", "_selected_action": held},
        follow=True,
    )
    assert f"{len(held)} being sent right now by a worker: left alone" in response.content.decode()

    mail_server.slow_down(0)
    wait_all_delivered(mail_server, expected, timeout=60)
    redis_processes.stop_all()

    assert_each_arrived(mail_server, expected)
    assert_nothing_else_sent(expected)


def test_interview_cancelled_or_moved_while_its_email_is_sent_keeps_the_record(filesystem_processes, mail_server):
    expected = make_due_reminders(users=2, interviews=2)
    ids = [e.reminder_id for e in expected.values()]
    mail_server.slow_down(1.5)
    filesystem_processes.env["RAINCHECK_REMINDER_BATCH_SIZE"] = "1"
    filesystem_processes.worker("worker", concurrency=1)
    filesystem_processes.beat("beat")

    def cancel(interview: Interview) -> None:
        interview_record_outcome(interview=interview, outcome="cancelled", now=timezone.now())

    def move(interview: Interview) -> None:
        interview_update(
            interview=interview, now=timezone.now(), scheduled_at=interview.scheduled_at + timedelta(days=1)
        )

    changed = {}
    for change in (cancel, move):
        (reminder_id,) = wait_until(
            lambda: mail_server.in_flight == 1
            and list(being_sent(ids).exclude(pk__in=changed).values_list("pk", flat=True)),
            timeout=30,
            message="the next reminder did not get into its SMTP conversation",
            progress=lambda: delivery_progress(mail_server, expected),
        )
        # While the server holds the message: the user cancels (then moves) the interview.
        change(Interview.objects.select_related("owner").get(reminders__pk=reminder_id))
        changed[reminder_id] = change.__name__
    wait_all_delivered(mail_server, expected, timeout=30)
    filesystem_processes.stop_all()

    # Both e-mails went (they were in the conversation), once each, and both records remain.
    assert_each_arrived(mail_server, expected)
    for reminder_id in changed:
        reminder = Reminder.objects.get(pk=reminder_id)
        assert reminder.sent_at is not None
        event = InterviewEvent.objects.get(interview_id=reminder.interview_id, kind=EventKind.REMINDER_SENT)
        assert "as the interview was being changed" in event.summary, event.summary
    # Nothing else was sent: the cancelled interview has no reminder left to send, the moved one's are ahead.
    assert not Reminder.objects.exclude(pk__in=ids).filter(sent_at__isnull=False).exists()
    assert not Reminder.objects.pending().filter(due_at__lte=timezone.now()).exists()
