"""The reminder pipeline in the test process: sweeps at moved clocks, a real SMTP server."""

import logging
import signal
import smtplib
import threading
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models.functions import Now
from django.utils import timezone

from accounts.services import user_unsubscribe
from interviews import tasks
from interviews.choices import Attendance, EventKind, NoticeChannel, Plan, ReminderKind, Status
from interviews.delivery import (
    SKIP_LATE,
    SKIP_MOVED,
    SKIP_NOTICE_GIVEN,
    SKIP_REMINDERS_OFF,
    SKIP_STALE,
    SKIP_UNVERIFIED,
    SWEEP_NAME,
    reminder_claim,
    reminder_mark_sent,
    reminders_claim,
    reminders_due_ids,
    reminders_send_batch,
    reminders_sweep,
    retry_delay,
    send_failure_is_permanent,
    send_failure_text,
)
from interviews.models import Interview, InterviewEvent, Reminder, SweepHeartbeat
from interviews.services import (
    interview_decide,
    interview_record_outcome,
    interview_update,
    notice_give,
)
from tests.factories import UserFactory
from tests.interviews.sweeping import HOUR, T0, add_interview, every, sweep_at, sweep_every, travel

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)
MINUTE = timedelta(minutes=1)


def subjects(server) -> list[str]:
    return [m["Subject"] for m in server.messages]


# --- Which e-mails arrive, and when ------------------------------------------------------


def test_interview_added_30_hours_ahead_gets_exactly_one_email_window_closes_soon(smtp_server, user):
    interview = add_interview(user, starts_in=30 * HOUR, company="Acme")

    sweep_every(T0, T0 + 30 * HOUR, timedelta(minutes=30))

    assert subjects(smtp_server) == ["Acme: 3 hours left to give notice"]
    reminder = interview.reminders.get()
    assert reminder.kind == ReminderKind.CLOSES_SOON
    assert reminder.sent_at == T0 + 3 * HOUR  # the first sweep at or after its due time


def test_interview_added_25_hours_ahead_gets_no_email(smtp_server, user):
    interview = add_interview(user, starts_in=25 * HOUR, company="Acme")

    sweep_every(T0, T0 + 25 * HOUR, timedelta(minutes=30))

    assert smtp_server.messages == []
    assert not interview.reminders.exists()


def test_interview_added_days_ahead_gets_both_reminders_at_their_times(smtp_server, user):
    # Starts in 4 days: deadline T0+3d, "decide now" at T0+2d, "closes soon" at T0+3d-3h.
    interview = add_interview(user, starts_in=4 * DAY, company="Acme")

    sweep_every(T0, T0 + 4 * DAY, HOUR)

    assert subjects(smtp_server) == ["Acme: 24 hours left to give notice", "Acme: 3 hours left to give notice"]
    sent = dict(interview.reminders.values_list("kind", "sent_at"))
    assert sent == {ReminderKind.DECIDE_NOW: T0 + 2 * DAY, ReminderKind.CLOSES_SOON: T0 + 3 * DAY - 3 * HOUR}


def _cancel(interview, now):
    interview_record_outcome(interview=interview, outcome="cancelled", now=now)


def _cancel_with_notice(interview, now):
    interview_decide(interview=interview, now=now, attendance=Attendance.CANNOT)
    interview_decide(interview=interview, now=now, plan=Plan.CANCEL)
    notice_give(interview=interview, channel=NoticeChannel.EMAIL, at=now)


def _reschedule_requested(interview, now):
    interview_decide(interview=interview, now=now, attendance=Attendance.CANNOT)
    interview_decide(interview=interview, now=now, plan=Plan.RESCHEDULE)
    notice_give(interview=interview, channel=NoticeChannel.PHONE, at=now)


def _attend(interview, now):
    interview_decide(interview=interview, now=now, attendance=Attendance.YES)


@pytest.mark.parametrize(
    "change",
    [_cancel, _cancel_with_notice, _reschedule_requested, _attend],
    ids=["cancelled", "cancelled-with-notice", "notice-given-reschedule", "attending"],
)
def test_interview_changed_before_its_reminders_are_due_gets_no_email(smtp_server, user, change):
    interview = add_interview(user, starts_in=4 * DAY)
    with travel(T0 + DAY):
        change(Interview.objects.get(pk=interview.pk), T0 + DAY)

    # Up to the interview's start (a reschedule request's follow-up nudge comes three days after it).
    sweep_every(T0, T0 + 4 * DAY - HOUR, HOUR)

    assert smtp_server.messages == []
    assert not Reminder.objects.filter(interview=interview, sent_at__isnull=False).exists()


def test_moved_interview_gets_its_new_plan_and_nothing_for_the_old_one(smtp_server, user):
    interview = add_interview(user, starts_in=4 * DAY, company="Acme")
    with travel(T0 + DAY):
        interview_update(interview=Interview.objects.get(pk=interview.pk), now=T0 + DAY, scheduled_at=T0 + 6 * DAY)

    # Past the old plan's times (T0+2d, T0+3d-3h) and through the new one's (T0+4d, T0+5d-3h).
    sweep_every(T0, T0 + 6 * DAY, HOUR)

    sent = sorted(Reminder.objects.filter(interview=interview, sent_at__isnull=False).values_list("due_at", "sent_at"))
    assert sent == [(T0 + 4 * DAY, T0 + 4 * DAY), (T0 + 5 * DAY - 3 * HOUR, T0 + 5 * DAY - 3 * HOUR)]
    assert len(smtp_server.messages) == 2


def test_reminder_of_an_interview_cancelled_after_the_sweep_selected_it_is_not_sent(smtp_server, user):
    interview = add_interview(user, starts_in=30 * HOUR)
    selected = []
    with travel(T0 + 3 * HOUR):
        reminders_sweep(timezone.now(), enqueue=selected.append)
        _cancel(Interview.objects.get(pk=interview.pk), timezone.now())
        counts = reminders_send_batch(selected[0])

    assert (counts.sent, counts.not_claimed) == (0, 1)
    assert smtp_server.messages == []


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            lambda i: Interview.objects.filter(pk=i.pk).update(status=Status.CANCELLED),
            "not scheduled: the interview is cancelled",
        ),
        (
            lambda i: Interview.objects.filter(pk=i.pk).update(status=Status.ATTENDING),
            "not scheduled: the interview is attending",
        ),
        (lambda i: Interview.objects.filter(pk=i.pk).update(notice_given_at=T0), SKIP_NOTICE_GIVEN),
        (
            lambda i: Interview.objects.filter(pk=i.pk).update(
                scheduled_at=i.scheduled_at + DAY, notice_deadline=i.notice_deadline + DAY
            ),
            SKIP_MOVED,
        ),
        (lambda i: type(i.owner).objects.filter(pk=i.owner_id).update(reminder_second_hours=1), SKIP_MOVED),
        (lambda i: type(i.owner).objects.filter(pk=i.owner_id).update(reminders_enabled=False), SKIP_REMINDERS_OFF),
        (lambda i: type(i.owner).objects.filter(pk=i.owner_id).update(email_verified_at=None), SKIP_UNVERIFIED),
    ],
    ids=["cancelled", "attending", "notice-given", "moved", "offsets-changed", "reminders-off", "unverified"],
)
def test_reminder_found_out_of_date_after_its_claim_is_skipped_with_the_reason(smtp_server, user, change, reason):
    # The row changed under a pending reminder without a replan: what a batch can find between
    # its claim and its send. It re-reads and skips, and the timeline says why.
    interview = add_interview(user, starts_in=30 * HOUR)
    change(interview)

    counts = sweep_at(T0 + 3 * HOUR)

    assert (counts.sent, counts.skipped) == (0, 1)
    assert smtp_server.messages == []
    reminder = interview.reminders.get()
    assert reminder.skipped_at == T0 + 3 * HOUR
    assert reminder.skip_reason == reason
    event = InterviewEvent.objects.get(interview=interview, kind=EventKind.REMINDER_SKIPPED)
    assert reason in event.summary


def test_unverified_owner_gets_nothing(smtp_server):
    owner = UserFactory(email_verified_at=None)
    add_interview(owner, starts_in=4 * DAY)

    sweep_every(T0, T0 + 4 * DAY, HOUR)

    assert smtp_server.messages == []


def test_owner_with_reminders_off_gets_nothing(smtp_server):
    owner = UserFactory(reminders_enabled=False)
    add_interview(owner, starts_in=4 * DAY)

    sweep_every(T0, T0 + 4 * DAY, HOUR)

    assert smtp_server.messages == []


def test_owner_who_switches_reminders_off_gets_nothing_more(smtp_server, user):
    add_interview(user, starts_in=4 * DAY)
    sweep_every(T0, T0 + 2 * DAY, HOUR)  # "decide now" goes out
    with travel(T0 + 2 * DAY + HOUR):
        user_unsubscribe(user=user, now=T0 + 2 * DAY + HOUR)

    sweep_every(T0 + 2 * DAY + HOUR, T0 + 4 * DAY, HOUR)

    assert len(smtp_server.messages) == 1


# --- Late and stale -----------------------------------------------------------------------


def test_after_a_day_down_only_the_newest_due_reminder_is_sent_and_a_passed_deadline_is_skipped(smtp_server, user):
    # Both reminders of this one fall due while the app is down; its deadline (T0+2d) has not passed.
    both_due = add_interview(user, starts_in=3 * DAY, company="Both due")
    # This one's only reminder falls due at T0+9h and its deadline passes at T0+12h.
    deadline_passed = add_interview(user, starts_in=36 * HOUR, company="Too late")

    counts = sweep_at(T0 + 2 * DAY - 2 * HOUR)  # the first sweep after the outage

    assert subjects(smtp_server) == ["Both due: 2 hours left to give notice"]
    newest = both_due.reminders.get(kind=ReminderKind.CLOSES_SOON)
    older = both_due.reminders.get(kind=ReminderKind.DECIDE_NOW)
    assert newest.sent_at is not None
    assert older.sent_at is None
    assert older.skip_reason == SKIP_STALE
    late = deadline_passed.reminders.get()
    assert late.sent_at is None
    assert late.skip_reason == SKIP_LATE
    assert (counts.sent, counts.skipped) == (1, 2)


def test_reminder_found_late_is_still_sent_while_the_deadline_is_ahead(smtp_server, user):
    interview = add_interview(user, starts_in=30 * HOUR, company="Acme")  # due T0+3h, deadline T0+6h

    sweep_at(T0 + 5 * HOUR + 30 * MINUTE)

    assert subjects(smtp_server) == ["Acme: less than an hour left to give notice"]
    assert interview.reminders.get().sent_at == T0 + 5 * HOUR + 30 * MINUTE


def test_reminder_found_at_the_deadline_is_skipped_as_late(smtp_server, user):
    interview = add_interview(user, starts_in=30 * HOUR)

    sweep_at(T0 + 6 * HOUR)

    assert smtp_server.messages == []
    assert interview.reminders.get().skip_reason == SKIP_LATE


# --- SMTP failures --------------------------------------------------------------------------


def test_refused_connection_is_recorded_and_retried_after_the_back_off_not_the_lease(smtp_server, user, settings):
    settings.RAINCHECK_REMINDER_RETRY_SECONDS = 60
    settings.RAINCHECK_REMINDER_LEASE_SECONDS = 600
    interview = add_interview(user, starts_in=30 * HOUR, company="Acme")
    due = T0 + 3 * HOUR
    smtp_server.refuse_connections()

    counts = sweep_at(due)

    reminder = interview.reminders.get()
    assert counts.failed == 1
    assert reminder.attempts == 1
    assert "ConnectionRefusedError" in reminder.last_error
    assert reminder.claimed_at is None  # released: the retry does not wait for the lease
    assert reminder.next_attempt_at == due + timedelta(seconds=60)

    sweep_at(due + 59 * timedelta(seconds=1))  # inside the back-off: not tried
    assert Reminder.objects.get(pk=reminder.pk).attempts == 1

    sweep_at(due + timedelta(seconds=60))  # back-off over, still refusing: second attempt, doubled wait
    reminder.refresh_from_db()
    assert reminder.attempts == 2
    assert reminder.next_attempt_at == due + timedelta(seconds=60 + 120)

    smtp_server.accept()
    sweep_at(due + timedelta(seconds=60 + 120))  # three minutes after the first try, far inside the lease

    reminder.refresh_from_db()
    assert reminder.sent_at == due + timedelta(seconds=180)
    assert subjects(smtp_server) == ["Acme: 3 hours left to give notice"]


def test_refused_message_is_recorded_with_the_server_reply(smtp_server, user):
    interview = add_interview(user, starts_in=30 * HOUR)
    smtp_server.refuse_messages("451 4.3.0 Mailbox busy, try later")

    sweep_at(T0 + 3 * HOUR)

    reminder = interview.reminders.get()
    assert reminder.attempts == 1
    assert "Mailbox busy" in reminder.last_error
    assert reminder.sent_at is None and reminder.claimed_at is None


def test_an_outage_is_retried_at_the_capped_back_off_until_the_deadline_then_skipped_as_late(
    smtp_server, user, settings
):
    settings.RAINCHECK_REMINDER_RETRY_SECONDS = 60
    settings.RAINCHECK_REMINDER_RETRY_MAX_SECONDS = 600
    interview = add_interview(user, starts_in=30 * HOUR)  # due T0+3h, deadline T0+6h
    due = T0 + 3 * HOUR
    smtp_server.refuse_connections()

    # Waits of 1, 2, 4, 8, then 10 minutes (the cap) for as long as the deadline is ahead.
    sweep_every(due, interview.notice_deadline + 15 * MINUTE, MINUTE)

    reminder = interview.reminders.get()
    tried_at = [due + m * MINUTE for m in (0, 1, 3, 7, 15, 25)]
    tried_at += [tried_at[-1] + n * 10 * MINUTE for n in range(1, 17) if tried_at[-1] + n * 10 * MINUTE < T0 + 6 * HOUR]
    assert reminder.attempts == len(tried_at)  # far more than the five of an old budget
    assert reminder.failed_at is None
    assert reminder.skipped_at is not None and reminder.skip_reason == SKIP_LATE
    assert "ConnectionRefusedError" in reminder.last_error
    assert not InterviewEvent.objects.filter(interview=interview, kind=EventKind.REMINDER_FAILED).exists()
    assert smtp_server.messages == []


def test_the_outage_ends_before_the_deadline_and_the_reminder_is_sent(smtp_server, user, settings):
    settings.RAINCHECK_REMINDER_RETRY_SECONDS = 60
    settings.RAINCHECK_REMINDER_RETRY_MAX_SECONDS = 600
    interview = add_interview(user, starts_in=30 * HOUR, company="Acme")
    due = T0 + 3 * HOUR
    smtp_server.refuse_connections()
    sweep_every(due, due + 2 * HOUR, MINUTE)  # two hours down: 16 attempts, none given up

    smtp_server.accept()
    sweep_every(due + 2 * HOUR + MINUTE, due + 2 * HOUR + 11 * MINUTE, MINUTE)

    reminder = interview.reminders.get()
    assert reminder.sent_at is not None and reminder.failed_at is None
    assert [m["Subject"] for m in smtp_server.messages] == ["Acme: 1 hour left to give notice"]


def test_recipient_refused_with_a_5xx_fails_at_once_with_the_server_reply(smtp_server, user):
    interview = add_interview(user, starts_in=30 * HOUR)
    smtp_server.refuse_recipients("550 5.1.1 No such mailbox here")

    counts = sweep_at(T0 + 3 * HOUR)

    reminder = interview.reminders.get()
    assert counts.failed == 1
    assert reminder.failed_at == T0 + 3 * HOUR
    assert reminder.attempts == 1
    assert reminder.next_attempt_at is None and reminder.claimed_at is None
    assert "550" in reminder.last_error and "No such mailbox here" in reminder.last_error
    event = InterviewEvent.objects.get(interview=interview, kind=EventKind.REMINDER_FAILED)
    assert "No such mailbox here" in event.summary
    assert sweep_at(T0 + 4 * HOUR).failed == 0  # never tried again by itself


def test_message_refused_with_a_5xx_fails_at_once(smtp_server, user):
    interview = add_interview(user, starts_in=30 * HOUR)
    smtp_server.refuse_messages("554 5.7.1 Message rejected as spam")

    sweep_at(T0 + 3 * HOUR)

    reminder = interview.reminders.get()
    assert reminder.failed_at == T0 + 3 * HOUR
    assert "554 5.7.1 Message rejected as spam" in reminder.last_error


def test_a_connection_broken_by_the_server_is_reopened_for_the_next_reminder(smtp_server):
    owners = UserFactory.create_batch(2)
    for owner in owners:
        add_interview(owner, starts_in=30 * HOUR)
    # 421: the server closes the connection after refusing the first message.
    smtp_server.refuse_messages("421 4.3.2 Shutting down", times=1)

    counts = sweep_at(T0 + 3 * HOUR)

    assert (counts.sent, counts.failed) == (1, 1)
    assert smtp_server.connection_count == 2
    assert len(smtp_server.messages) == 1


def test_one_batch_sends_over_one_connection(smtp_server):
    for owner in UserFactory.create_batch(3):
        add_interview(owner, starts_in=30 * HOUR)

    counts = sweep_at(T0 + 3 * HOUR)

    assert counts.sent == 3
    assert len(smtp_server.messages) == 3
    assert smtp_server.connection_count == 1


def test_a_batch_with_nothing_to_send_does_not_connect(smtp_server, user):
    add_interview(user, starts_in=30 * HOUR)
    smtp_server.refuse_connections()  # any connection attempt would be recorded as a failure

    counts = sweep_at(T0 + 6 * HOUR)  # deadline passed: skipped

    assert (counts.skipped, counts.failed) == (1, 0)


# --- Claims and the lease ------------------------------------------------------------------


def test_two_claims_of_the_same_reminder_only_one_wins(user):
    interview = add_interview(user, starts_in=30 * HOUR)
    reminder = interview.reminders.get()
    now = T0 + 3 * HOUR

    assert reminder_claim(reminder.pk, now) is True
    assert reminder_claim(reminder.pk, now) is False
    assert reminder_claim(reminder.pk, now + timedelta(seconds=1)) is False


def test_a_reminder_not_yet_due_or_backing_off_cannot_be_claimed(user):
    interview = add_interview(user, starts_in=30 * HOUR)
    reminder = interview.reminders.get()

    assert reminder_claim(reminder.pk, T0 + 2 * HOUR) is False
    Reminder.objects.filter(pk=reminder.pk).update(next_attempt_at=T0 + 4 * HOUR)
    assert reminder_claim(reminder.pk, T0 + 3 * HOUR) is False
    assert reminder_claim(reminder.pk, T0 + 4 * HOUR) is True


def test_claim_of_a_dead_worker_is_taken_over_by_the_next_sweep_after_the_lease(smtp_server, user, settings):
    settings.RAINCHECK_REMINDER_LEASE_SECONDS = 600
    interview = add_interview(user, starts_in=30 * HOUR)
    now = T0 + 3 * HOUR + 20 * MINUTE
    # A worker claimed it and died before sending: the claim is older than the lease.
    Reminder.objects.filter(interview=interview).update(claimed_at=Now() - timedelta(seconds=601))

    counts = sweep_at(now)

    assert counts.sent == 1
    assert len(smtp_server.messages) == 1


def test_claim_within_the_lease_is_left_to_its_worker(smtp_server, user, settings):
    settings.RAINCHECK_REMINDER_LEASE_SECONDS = 600
    interview = add_interview(user, starts_in=30 * HOUR)
    now = T0 + 3 * HOUR + 5 * MINUTE
    # Claimed five minutes ago by the database's clock, the one claims are judged by.
    Reminder.objects.filter(interview=interview).update(claimed_at=Now() - timedelta(seconds=300))

    counts = sweep_at(now)
    held = reminders_send_batch([interview.reminders.get().pk], now_fn=lambda: now)

    # The sweep does not even hand it on, and a batch that has it anyway cannot claim it.
    assert (counts.sent, counts.not_claimed) == (0, 0)
    assert (held.sent, held.not_claimed) == (0, 1)
    assert smtp_server.messages == []
    assert interview.reminders.get().sent_at is None


def test_two_sweeps_at_once_send_each_reminder_once(smtp_server):
    for owner in UserFactory.create_batch(3):
        add_interview(owner, starts_in=30 * HOUR)
    first, second = [], []
    with travel(T0 + 3 * HOUR):
        reminders_sweep(timezone.now(), enqueue=first.append)
        reminders_sweep(timezone.now(), enqueue=second.append)  # a second beat, before any worker ran
        counts = [reminders_send_batch(batch) for batch in first + second]

    assert [c.sent for c in counts] == [3, 0]
    assert len(smtp_server.messages) == 3


@pytest.mark.requires_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_on_postgres_only_one_wins():
    owner = UserFactory()
    interview = add_interview(owner, starts_in=30 * HOUR)
    reminder_id = interview.reminders.get().pk
    now = T0 + 3 * HOUR
    start = threading.Barrier(8)
    results = []

    def claim():
        try:
            start.wait()
            results.append(reminder_claim(reminder_id, now))
        finally:
            connection.close()

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == [False] * 7 + [True]


def test_the_claim_and_its_lease_go_by_the_database_clock_not_the_workers(user, settings):
    settings.RAINCHECK_REMINDER_LEASE_SECONDS = 600
    interview = add_interview(user, starts_in=30 * HOUR)
    reminder = interview.reminders.get()
    due = T0 + 3 * HOUR

    assert reminder_claim(reminder.pk, due) is True
    # A worker whose clock runs a day ahead still sees a claim taken a moment ago, by the database's clock.
    assert reminder_claim(reminder.pk, due + DAY) is False
    assert reminders_due_ids(due + DAY) == []
    claimed_at = Reminder.objects.get(pk=reminder.pk).claimed_at
    assert abs(claimed_at - due) > DAY  # the tests' clock is moved to 2026-03-02; the database's is not
    # Ten minutes later by the database's clock, the lease is over and another worker may take it.
    Reminder.objects.filter(pk=reminder.pk).update(claimed_at=Now() - timedelta(seconds=601))
    assert reminder_claim(reminder.pk, due) is True


def test_a_batch_claims_its_reminders_in_one_statement(smtp_server):
    from django.test.utils import CaptureQueriesContext

    for owner in UserFactory.create_batch(5):
        add_interview(owner, starts_in=30 * HOUR)
    ids = list(Reminder.objects.values_list("pk", flat=True))

    with travel(T0 + 3 * HOUR), CaptureQueriesContext(connection) as captured:
        claimed = reminders_claim(ids + [ids[0]], timezone.now())

    assert sorted(claimed) == sorted(ids)
    statements = [q["sql"] for q in captured if "SAVEPOINT" not in q["sql"]]
    # UPDATE ... RETURNING on PostgreSQL; on SQLite a SELECT and an UPDATE under one write lock.
    assert len(statements) == (1 if connection.vendor == "postgresql" else 2), statements
    with travel(T0 + 3 * HOUR):
        assert reminders_claim(ids, timezone.now()) == []  # all held now


def test_batch_reads_and_decides_in_queries_that_do_not_grow_with_its_size(smtp_server):
    from django.test.utils import CaptureQueriesContext

    def queries_for(count: int) -> int:
        for owner in UserFactory.create_batch(count):
            add_interview(owner, starts_in=30 * HOUR)
        ids = list(Reminder.objects.filter(sent_at__isnull=True).values_list("pk", flat=True))
        with travel(T0 + 3 * HOUR), CaptureQueriesContext(connection) as captured:
            assert reminders_send_batch(ids).sent == count
        # The test runs in a transaction, so each commit is a savepoint here: not counted.
        statements = [q["sql"] for q in captured if "SAVEPOINT" not in q["sql"]]
        # Per e-mail: the sent record, its update and its event: one statement on PostgreSQL,
        # two on SQLite. The rest is the batch's.
        per_email = 1 if connection.vendor == "postgresql" else 2
        return len(statements) - per_email * count

    assert queries_for(2) == queries_for(20)


def test_replanning_leaves_a_claimed_reminder_in_place(user):
    interview = add_interview(user, starts_in=30 * HOUR)
    reminder = interview.reminders.get()
    now = T0 + 3 * HOUR
    assert reminder_claim(reminder.pk, now)

    with travel(now):
        _cancel(Interview.objects.get(pk=interview.pk), now)

    assert Reminder.objects.filter(pk=reminder.pk).exists()


def test_replanning_still_deletes_an_unclaimed_reminder_that_no_longer_fits(user):
    interview = add_interview(user, starts_in=30 * HOUR)

    with travel(T0 + HOUR):
        _cancel(Interview.objects.get(pk=interview.pk), T0 + HOUR)

    assert not interview.reminders.exists()


@pytest.mark.parametrize(
    "change",
    [_cancel, lambda i, now: interview_update(interview=i, now=now, scheduled_at=i.scheduled_at + DAY)],
    ids=["cancelled", "moved"],
)
def test_interview_changed_while_its_reminder_was_being_sent_is_recorded_as_sent_meanwhile(smtp_server, user, change):
    interview = add_interview(user, starts_in=30 * HOUR)
    now = T0 + 3 * HOUR
    reminder = interview.reminders.get()
    assert reminder_claim(reminder.pk, now)
    # The batch read it, the server is accepting it, and the user changes the interview meanwhile.
    as_read = Reminder.objects.select_related("interview__owner").get(pk=reminder.pk)
    with travel(now):
        change(Interview.objects.select_related("owner").get(pk=interview.pk), now)

    reminder_mark_sent(as_read, now)

    assert Reminder.objects.get(pk=reminder.pk).sent_at == now
    event = InterviewEvent.objects.get(interview=interview, kind=EventKind.REMINDER_SENT)
    assert "as the interview was being changed" in event.summary
    assert event.data["interview_changed"] is True


def test_a_reminder_recorded_sent_twice_gets_one_event(smtp_server, user):
    # A retry of the write after a commit whose answer was lost changes nothing the second time.
    interview = add_interview(user, starts_in=30 * HOUR)
    reminder = Reminder.objects.select_related("interview__owner").get(interview=interview)

    reminder_mark_sent(reminder, T0 + 3 * HOUR)
    reminder_mark_sent(reminder, T0 + 3 * HOUR + MINUTE)

    assert Reminder.objects.get(pk=reminder.pk).sent_at == T0 + 3 * HOUR
    assert InterviewEvent.objects.filter(interview=interview, kind=EventKind.REMINDER_SENT).count() == 1


def test_a_database_connection_lost_while_the_email_is_built_is_retried_not_failed(smtp_server, user, monkeypatch):
    # The e-mail's advice is read on first use; the connection drops just then (a failover).
    # The real termination runs in tests/integration/test_delivery_hazards.py; here it comes on cue.
    from django.db import OperationalError

    from interviews.notifications import EmailAdvice

    interview = add_interview(user, starts_in=30 * HOUR, company="Acme")
    read_advice = EmailAdvice.for_state
    drops = iter([True])

    def dropped_once(self, notice_state):
        if next(drops, False):
            raise OperationalError("terminating connection due to administrator command")
        return read_advice(self, notice_state)

    monkeypatch.setattr(EmailAdvice, "for_state", dropped_once)

    assert sweep_at(T0 + 3 * HOUR).failed == 1
    reminder = interview.reminders.get()
    assert (reminder.failed_at, reminder.attempts, smtp_server.messages) == (None, 1, [])
    assert reminder.next_attempt_at == T0 + 3 * HOUR + retry_delay(1)

    sweep_at(reminder.next_attempt_at)

    assert subjects(smtp_server) == ["Acme: 3 hours left to give notice"]


# --- One deadline per send; a send cut by the time limit ------------------------------------


def test_a_server_slow_enough_to_outlast_the_send_deadline_is_a_temporary_failure(smtp_server, user, settings):
    # Each reply comes within the timeout (0.35 s of 0.5 s), the conversation does not.
    settings.EMAIL_TIMEOUT = 0.5
    interview = add_interview(user, starts_in=30 * HOUR)
    smtp_server.slow_replies(0.35)

    counts = sweep_at(T0 + 3 * HOUR)

    reminder = interview.reminders.get()
    assert counts.failed == 1
    assert reminder.attempts == 1
    assert "timed out" in reminder.last_error or "deadline" in reminder.last_error
    assert reminder.claimed_at is None and reminder.next_attempt_at is not None
    assert smtp_server.messages == []


def test_a_send_cut_by_the_soft_time_limit_counts_as_a_failed_attempt_and_releases_the_claim(
    smtp_server, user, settings
):
    from celery.exceptions import SoftTimeLimitExceeded

    settings.EMAIL_TIMEOUT = 5
    interview = add_interview(user, starts_in=30 * HOUR)
    smtp_server.slow_replies(1)

    def soft_time_limit(signum, frame):  # what Celery's pool does to a task at its soft limit
        raise SoftTimeLimitExceeded()

    previous = signal.signal(signal.SIGALRM, soft_time_limit)
    signal.setitimer(signal.ITIMER_REAL, 0.3)
    try:
        with pytest.raises(SoftTimeLimitExceeded):
            sweep_at(T0 + 3 * HOUR)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

    reminder = interview.reminders.get()
    assert reminder.attempts == 1
    assert reminder.last_error.startswith("SoftTimeLimitExceeded")
    assert reminder.claimed_at is None
    assert reminder.next_attempt_at == T0 + 3 * HOUR + timedelta(seconds=settings.RAINCHECK_REMINDER_RETRY_SECONDS)
    smtp_server.slow_replies(0)
    assert sweep_at(reminder.next_attempt_at).sent == 1


def test_a_batch_out_of_time_hands_the_rest_back_unclaimed_with_no_attempt_counted(smtp_server, settings):
    settings.EMAIL_TIMEOUT = 1
    for owner in UserFactory.create_batch(3):
        add_interview(owner, starts_in=30 * HOUR)
    ids = list(Reminder.objects.values_list("pk", flat=True))

    with travel(T0 + 3 * HOUR):
        # The soft limit is near: time for the first send, not for a second.
        counts = reminders_send_batch(ids, stop_at=time.monotonic() + 1.5)

    assert (counts.sent, counts.left) == (1, 2)
    left = Reminder.objects.filter(sent_at__isnull=True)
    assert left.count() == 2
    assert not left.filter(claimed_at__isnull=False).exists()
    assert not left.filter(attempts__gt=0).exists()
    assert sweep_at(T0 + 3 * HOUR + MINUTE).sent == 2


# --- Recording "sent" over a dropped database connection (PostgreSQL) --------------------------


@pytest.mark.requires_postgres
@pytest.mark.django_db(transaction=True)
def test_sent_is_recorded_even_when_the_database_connection_drops_during_the_send(smtp_server, caplog):
    import psycopg

    owner = UserFactory()
    interview = add_interview(owner, starts_in=30 * HOUR)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    dsn = connection.get_connection_params()
    dsn.pop("cursor_factory", None)
    dsn.pop("context", None)

    def drop_the_workers_connection():  # a failover, as the server accepts the message
        with psycopg.connect(**dsn, autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", [pid])

    smtp_server.handler.on_data = drop_the_workers_connection
    logger = logging.getLogger("raincheck")
    logger.addHandler(caplog.handler)
    try:
        counts = sweep_at(T0 + 3 * HOUR)
    finally:
        logger.removeHandler(caplog.handler)

    assert counts.sent == 1
    assert len(smtp_server.messages) == 1
    assert interview.reminders.get().sent_at == T0 + 3 * HOUR
    assert "database connection lost recording sent; reconnecting" in caplog.text


# --- Classifying failures, and the back-off ----------------------------------------------------


@pytest.mark.parametrize(
    ("error", "permanent"),
    [
        (smtplib.SMTPRecipientsRefused({"a@example.com": (550, b"5.1.1 No such user")}), True),
        (smtplib.SMTPRecipientsRefused({"a@example.com": (450, b"4.2.1 Mailbox busy")}), False),
        (smtplib.SMTPDataError(554, b"5.7.1 Rejected"), True),
        (smtplib.SMTPDataError(451, b"4.3.0 Try later"), False),
        (smtplib.SMTPDataError(421, b"4.3.2 Shutting down"), False),
        (smtplib.SMTPSenderRefused(553, b"5.7.1 Sender not allowed", "reminders@raincheck.example"), False),
        (smtplib.SMTPAuthenticationError(535, b"5.7.8 Bad credentials"), False),
        (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), False),
        (ConnectionRefusedError(111, "Connection refused"), False),
        (TimeoutError("timed out"), False),
    ],
    ids=[
        "recipient-5xx",
        "recipient-4xx",
        "message-5xx",
        "message-4xx",
        "421",
        "sender-5xx",
        "auth-5xx",
        "dropped",
        "refused",
        "timeout",
    ],
)
def test_only_a_5xx_for_the_recipient_or_the_message_is_permanent(error, permanent):
    assert send_failure_is_permanent(error) is permanent


def test_failure_text_keeps_the_servers_reply():
    error = smtplib.SMTPRecipientsRefused({"a@example.com": (550, b"5.1.1 No such user")})

    assert send_failure_text(error) == "SMTPRecipientsRefused: 550 5.1.1 No such user"
    assert send_failure_text(smtplib.SMTPDataError(451, b"4.3.0 Later")) == "SMTPDataError: 451 4.3.0 Later"


def test_back_off_doubles_from_the_base_up_to_the_cap(settings):
    settings.RAINCHECK_REMINDER_RETRY_SECONDS = 60
    settings.RAINCHECK_REMINDER_RETRY_MAX_SECONDS = 900

    delays = [retry_delay(n).total_seconds() for n in range(1, 8)]

    assert delays == [60, 120, 240, 480, 900, 900, 900]
    assert retry_delay(10_000) == timedelta(seconds=900)  # no overflow however long the outage


# --- Sweeps: beat's task and the command -------------------------------------------------------


@pytest.fixture
def celery_eager(settings):
    """Run tasks in-process, as RAINCHECK_CELERY_EAGER=1 does (Celery reads Django's settings live)."""
    settings.CELERY_TASK_ALWAYS_EAGER = True


def test_beat_sweep_task_sends_due_reminders_and_records_the_heartbeat(smtp_server, user, celery_eager):
    add_interview(user, starts_in=30 * HOUR, company="Acme")

    with travel(T0 + 3 * HOUR):
        tasks.reminders_sweep.delay()

    assert subjects(smtp_server) == ["Acme: 3 hours left to give notice"]
    assert SweepHeartbeat.objects.get(name=SWEEP_NAME).finished_at == T0 + 3 * HOUR


def test_every_beat_sweep_records_the_heartbeat_even_with_nothing_due(db, celery_eager):
    for moment in every(T0, T0 + 2 * MINUTE, MINUTE):
        with travel(moment):
            tasks.reminders_sweep.delay()
        assert SweepHeartbeat.objects.get(name=SWEEP_NAME).finished_at == moment


def test_send_due_reminders_sends_prints_a_summary_and_records_the_heartbeat(smtp_server):
    owners = UserFactory.create_batch(2)
    add_interview(owners[0], starts_in=30 * HOUR)  # due at T0+3h, deadline T0+6h: late
    add_interview(owners[1], starts_in=3 * DAY)  # both reminders due by T0+2d-2h: the older is skipped
    out = StringIO()

    with travel(T0 + 2 * DAY - 2 * HOUR):
        call_command("send_due_reminders", stdout=out)

    # The first interview's deadline passed at T0+6h: skipped as late.
    assert out.getvalue().startswith("3 due: 1 sent, 2 skipped, 0 failed")
    assert len(smtp_server.messages) == 1
    assert SweepHeartbeat.objects.get(name=SWEEP_NAME).finished_at == T0 + 2 * DAY - 2 * HOUR


def test_send_due_reminders_records_the_heartbeat_with_nothing_due(db):
    out = StringIO()
    with travel(T0):
        call_command("send_due_reminders", stdout=out)

    assert out.getvalue().startswith("0 due: 0 sent, 0 skipped, 0 failed")
    assert SweepHeartbeat.objects.get(name=SWEEP_NAME).finished_at == T0


def test_sweep_hands_on_ids_in_batches_of_the_batch_size(user, settings):
    settings.RAINCHECK_REMINDER_BATCH_SIZE = 2
    for owner in UserFactory.create_batch(5):
        add_interview(owner, starts_in=30 * HOUR)
    batches = []

    with travel(T0 + 3 * HOUR):
        due = reminders_sweep(timezone.now(), enqueue=batches.append)

    assert due == 5
    assert [len(b) for b in batches] == [2, 2, 1]
    assert all(isinstance(i, int) for b in batches for i in b)  # ids only: JSON-serialisable


# --- Logs -------------------------------------------------------------------------------


def test_each_reminder_is_logged_with_its_id_and_no_address(smtp_server, user, caplog):
    sent = add_interview(user, starts_in=30 * HOUR).reminders.get()
    skipped = add_interview(user, starts_in=36 * HOUR).reminders.get()  # deadline passes at T0+12h
    logger = logging.getLogger("raincheck")
    logger.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.INFO, logger="raincheck"):
            sweep_at(T0 + 3 * HOUR)
            sweep_at(T0 + 12 * HOUR)
    finally:
        logger.removeHandler(caplog.handler)

    by_message = {(r.getMessage(), getattr(r, "reminder_id", None)) for r in caplog.records}
    assert ("reminder sent", sent.pk) in by_message
    assert ("reminder skipped", skipped.pk) in by_message
    assert user.email not in caplog.text
    assert all(user.email not in str(vars(r)) for r in caplog.records)
