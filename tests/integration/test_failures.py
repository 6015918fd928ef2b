"""The reminder pipeline survives what goes wrong in production: nothing lost, nothing doubled.

A worker killed mid-batch, a flushed broker, an SMTP server that is down for a
while. The lease (8 s) and back-off (1 s, doubling) are seconds here, so the
recovery happens within the test; every wait is bounded.
"""

from datetime import timedelta

import pytest
from django.db.models import Min

from interviews.models import Reminder
from tests.integration.due_reminders import (
    all_sent,
    assert_each_arrived,
    assert_nothing_else_sent,
    delivery_progress,
    make_due_reminders,
    wait_all_delivered,
)
from tests.integration.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_worker_killed_mid_batch_leaves_nothing_undelivered(redis_processes, mail_server):
    expected = make_due_reminders(users=3, interviews=30)
    ids = [e.reminder_id for e in expected.values()]
    lease = timedelta(seconds=float(redis_processes.env["RAINCHECK_REMINDER_LEASE_SECONDS"]))
    # Slow acceptance, so the kill lands while a message is being sent; small batches stay
    # well inside the task time limit.
    mail_server.slow_down(0.4)
    redis_processes.env["RAINCHECK_REMINDER_BATCH_SIZE"] = "10"
    doomed = redis_processes.worker("doomed", concurrency=1)
    redis_processes.wait_ready(doomed)
    redis_processes.beat("beat")

    wait_until(
        lambda: mail_server.count() >= 3 and mail_server.in_flight >= 1,
        timeout=30,
        message="the doomed worker did not get into its batch",
        progress=lambda: delivery_progress(mail_server, expected),
    )
    # The worker and its prefork child (the one sending) die at once, mid-send.
    redis_processes.kill(doomed)
    held = dict(
        Reminder.objects.filter(pk__in=ids, sent_at__isnull=True, claimed_at__isnull=False).values_list(
            "pk", "claimed_at"
        )
    )
    assert held, "the kill should have caught a reminder claimed and not yet sent"
    assert 3 <= mail_server.count() < len(expected), "the kill should land mid-batch"

    mail_server.slow_down(0)
    redis_processes.worker("rescuer", concurrency=1)
    wait_all_delivered(mail_server, expected, timeout=60)
    redis_processes.stop_all()

    # One killed worker process was sending: at most one e-mail may have gone twice.
    assert_each_arrived(mail_server, expected, max_duplicates=1)
    assert_nothing_else_sent(expected)
    for pk, claimed_at in held.items():
        sent_at = Reminder.objects.get(pk=pk).sent_at
        assert sent_at >= claimed_at + lease, "a dead worker's claim was taken over before its lease ran out"


def test_reminders_still_delivered_after_the_broker_is_flushed(redis_processes, redis_broker, mail_server):
    expected = make_due_reminders(users=5, interviews=60)
    mail_server.slow_down(0.1)
    redis_processes.env["RAINCHECK_REMINDER_BATCH_SIZE"] = "5"
    worker = redis_processes.worker("worker", concurrency=1)
    redis_processes.wait_ready(worker)
    redis_processes.beat("beat")

    # One batch running, more waiting in Redis for the worker: then the broker forgets them all.
    def batches_queued() -> int:
        return redis_broker.queued("interviews.tasks.reminders_send_batch_task")

    wait_until(
        lambda: mail_server.count() >= 3 and batches_queued() >= 2,
        timeout=30,
        message="no batches queued behind the running one",
        progress=lambda: f"{batches_queued()} batches queued; " + delivery_progress(mail_server, expected),
    )
    redis_broker.flush()
    assert not all_sent(expected)

    mail_server.slow_down(0)
    wait_all_delivered(mail_server, expected, timeout=60)
    redis_processes.stop_all()

    assert_each_arrived(mail_server, expected)
    assert_nothing_else_sent(expected)


def test_smtp_outage_longer_than_the_old_retry_budget_then_everything_delivered(redis_processes, mail_server):
    # The old budget: five attempts, 1 + 2 + 4 + 8 = 15 s here, then failed for good. Now the
    # back-off stops growing at 4 s and tries go on while the deadline (10 hours) is ahead.
    expected = make_due_reminders(users=3, interviews=20)
    ids = [e.reminder_id for e in expected.values()]
    reminders = Reminder.objects.filter(pk__in=ids)
    mail_server.stop()
    redis_processes.worker("worker", concurrency=1)
    redis_processes.beat("beat")

    # Tries at +0, 1, 3, 7, 11, 15 s...: the sixth is past the old budget.
    wait_until(
        lambda: reminders.filter(attempts__gte=6).count() == len(ids),
        timeout=45,
        message="the sends were not retried past the old budget while the SMTP server was down",
        progress=lambda: delivery_progress(mail_server, expected),
    )
    assert not reminders.filter(sent_at__isnull=False).exists()
    assert not reminders.filter(failed_at__isnull=False).exists()
    assert all(error.startswith("ConnectionRefusedError") for error in reminders.values_list("last_error", flat=True))

    mail_server.start()
    wait_all_delivered(mail_server, expected, timeout=30)
    redis_processes.stop_all()

    assert_each_arrived(mail_server, expected)
    assert_nothing_else_sent(expected)
    assert reminders.aggregate(least=Min("attempts"))["least"] >= 6
    assert not reminders.filter(failed_at__isnull=False).exists()
    assert not reminders.exclude(last_error="").exists()


def test_batch_longer_than_its_time_limit_stops_before_the_limit_cuts_it_off(filesystem_processes, mail_server):
    # A slow SMTP server: 12 reminders in one batch need 6 s, the batch task's soft limit is 5.4 s;
    # a batch hands back what it cannot send in time, and the next sweep takes it.
    expected = make_due_reminders(users=2, interviews=12)
    mail_server.slow_down(0.5)
    filesystem_processes.env["RAINCHECK_REMINDER_BATCH_SIZE"] = "12"
    worker = filesystem_processes.worker("worker", concurrency=1)
    filesystem_processes.beat("beat")

    wait_all_delivered(mail_server, expected, timeout=60)
    filesystem_processes.stop_all()

    # Cut off mid-send, a batch leaves its reminder claimed: late by a lease, or sent twice
    # when the limit lands between the server's acceptance and the sent_at write.
    assert "Soft time limit" not in worker.log(), worker.tail()
    assert_each_arrived(mail_server, expected)
    assert_nothing_else_sent(expected)
