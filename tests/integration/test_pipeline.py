"""The reminder pipeline with real processes: every due reminder arrives exactly once.

Real Celery workers and beat (on Redis, or on the filesystem broker as `make run`
uses it), send_due_reminders from cron, and a real SMTP server that counts what it
receives by Message-ID. Sweeps run every second; every wait is bounded.
"""

import re

import pytest

from tests.integration.due_reminders import (
    all_sent,
    assert_each_arrived,
    assert_nothing_else_sent,
    delivery_progress,
    make_due_reminders,
    wait_all_delivered,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_worker_and_beat_on_redis_deliver_each_reminder_once(redis_processes, mail_server):
    expected = make_due_reminders(users=20, interviews=200)

    redis_processes.worker("worker", concurrency=2)
    redis_processes.beat("beat")
    wait_all_delivered(mail_server, expected, timeout=90)
    # A warm shutdown finishes whatever is in flight before the count.
    redis_processes.stop_all()

    assert_each_arrived(mail_server, expected)
    assert_nothing_else_sent(expected)


def test_worker_and_beat_on_the_filesystem_broker_deliver_each_reminder_once(filesystem_processes, mail_server):
    expected = make_due_reminders(users=20, interviews=200)

    filesystem_processes.worker("worker", concurrency=2)
    filesystem_processes.beat("beat")
    wait_all_delivered(mail_server, expected, timeout=90)
    filesystem_processes.stop_all()

    assert_each_arrived(mail_server, expected)
    assert_nothing_else_sent(expected)


@pytest.mark.requires_postgres
@pytest.mark.django_db(transaction=True)
def test_three_send_due_reminders_at_once_deliver_each_reminder_once(filesystem_processes, mail_server):
    expected = make_due_reminders(users=50, interviews=500)

    runs = [filesystem_processes.send_due_reminders(f"cron-{n}") for n in range(3)]
    for run in runs:
        assert filesystem_processes.wait_exit(run, timeout=120) == 0, run.tail()

    assert all_sent(expected), delivery_progress(mail_server, expected)
    assert_each_arrived(mail_server, expected)
    # Each run reports what it sent: together exactly the 500, and the work really was shared.
    sent = [int(re.search(r"\d+ due: (\d+) sent", run.log()).group(1)) for run in runs]
    assert sum(sent) == 500, [run.tail(3) for run in runs]
    assert sum(1 for n in sent if n) >= 2, f"the runs did not overlap: {sent}"


@pytest.mark.requires_postgres
@pytest.mark.django_db(transaction=True)
def test_two_beats_and_three_workers_deliver_each_reminder_once(redis_processes, mail_server):
    expected = make_due_reminders(users=30, interviews=300)

    workers = [redis_processes.worker(f"worker{n}", concurrency=1) for n in range(3)]
    redis_processes.beat("beat1")
    redis_processes.beat("beat2")
    wait_all_delivered(mail_server, expected, timeout=120)
    redis_processes.stop_all()

    assert_each_arrived(mail_server, expected)
    assert_nothing_else_sent(expected)
    busy = [w.name for w in workers if "reminder sent" in w.log()]
    assert len(busy) >= 2, f"only {busy} sent anything: the workers did not share the work"
