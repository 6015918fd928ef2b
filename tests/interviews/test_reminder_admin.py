"""Staff see reminders in admin, filter the failed ones and retry them."""

from datetime import timedelta

import pytest
from django.db.models.functions import Now
from django.urls import reverse

from accounts.models import User
from interviews.models import Reminder
from tests.interviews.sweeping import HOUR, T0, add_interview, sweep_at, sweep_every, travel

pytestmark = pytest.mark.django_db

MINUTE = timedelta(minutes=1)
CHANGELIST = "admin:interviews_reminder_changelist"


@pytest.fixture
def staff_client(client):
    staff = User.objects.create_superuser(email="staff@raincheck.example", password="staff password 1")
    client.force_login(staff)
    return client


def listed(client, **params) -> list[Reminder]:
    response = client.get(reverse(CHANGELIST), params)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_failed_reminder_is_listed_in_admin_and_retry_now_sends_it_on_the_next_sweep(smtp_server, user, staff_client):
    interview = add_interview(user, starts_in=30 * HOUR, company="Acme")
    due = T0 + 3 * HOUR
    smtp_server.refuse_recipients("550 5.1.1 Mailbox unavailable")
    sweep_at(due)  # a permanent refusal: failed at once
    reminder = interview.reminders.get()
    assert reminder.failed_at is not None

    with travel(due + 30 * MINUTE):
        assert listed(staff_client, status="failed") == [reminder]
        page = staff_client.get(reverse(CHANGELIST), {"status": "failed"}).content.decode()
        assert user.email in page and "550 5.1.1 Mailbox unavailable" in page
        response = staff_client.post(
            reverse(CHANGELIST) + "?status=failed", {"action": "retry_now", "_selected_action": [reminder.pk]}
        )
    assert response.status_code == 302

    smtp_server.accept()
    counts = sweep_at(due + 31 * MINUTE)

    assert counts.sent == 1
    reminder.refresh_from_db()
    assert reminder.sent_at == due + 31 * MINUTE
    assert reminder.failed_at is None
    assert [m["Subject"] for m in smtp_server.messages] == ["Acme: 2 hours left to give notice"]


def test_a_reminder_retrying_after_an_outage_shows_attempts_last_error_and_next_try(smtp_server, user, staff_client):
    interview = add_interview(user, starts_in=30 * HOUR)
    due = T0 + 3 * HOUR
    smtp_server.refuse_connections()
    sweep_every(due, due + 3 * MINUTE, MINUTE)  # tries at +0, +1 and +3 minutes; the next at +7

    with travel(due + 4 * MINUTE):
        assert listed(staff_client, status="retrying") == [interview.reminders.get()]
        page = staff_client.get(reverse(CHANGELIST), {"status": "retrying"}).content.decode()
    assert "pending (retrying after 3 failed attempts)" in page
    assert "ConnectionRefusedError" in page
    assert "12:07" in page  # the next try, due + 7 minutes (the admin shows UTC)


def test_retry_now_leaves_a_reminder_being_sent_alone_and_says_so(smtp_server, user, staff_client):
    reminder = add_interview(user, starts_in=30 * HOUR).reminders.get()
    # A worker holds it (claimed a moment ago), after an earlier failure.
    Reminder.objects.filter(pk=reminder.pk).update(claimed_at=Now(), attempts=2, next_attempt_at=T0 + 3 * HOUR)

    with travel(T0 + 3 * HOUR):
        assert "being sent" in staff_client.get(reverse(CHANGELIST)).content.decode()
        response = staff_client.post(
            reverse(CHANGELIST), {"action": "retry_now", "_selected_action": [reminder.pk]}, follow=True
        )

    assert "1 being sent right now by a worker: left alone" in response.content.decode()
    held = Reminder.objects.get(pk=reminder.pk)
    assert held.claimed_at is not None
    assert held.attempts == 2


def test_status_filter_separates_pending_sent_skipped_and_failed(smtp_server, user, staff_client):
    sent = add_interview(user, starts_in=30 * HOUR).reminders.get()  # due T0+3h
    skipped = add_interview(user, starts_in=27 * HOUR + 15 * MINUTE).reminders.get()  # due T0+15m, late at T0+3h15m
    pending = add_interview(user, starts_in=4 * 24 * HOUR).reminders.order_by("due_at").all()
    failed = add_interview(user, starts_in=29 * HOUR).reminders.get()  # due T0+2h
    Reminder.objects.filter(pk=failed.pk).update(failed_at=T0, attempts=5, last_error="SMTPDataError: 451")
    sweep_at(T0 + 3 * HOUR + 30 * MINUTE)

    with travel(T0 + 3 * HOUR + 30 * MINUTE):
        assert listed(staff_client, status="sent") == [sent]
        assert listed(staff_client, status="skipped") == [skipped]
        assert listed(staff_client, status="failed") == [failed]
        assert set(listed(staff_client, status="pending")) == set(pending)
        assert len(listed(staff_client)) == 5


def test_retry_now_leaves_sent_reminders_alone(smtp_server, user, staff_client):
    reminder = add_interview(user, starts_in=30 * HOUR).reminders.get()
    sweep_at(T0 + 3 * HOUR)

    with travel(T0 + 4 * HOUR):
        staff_client.post(reverse(CHANGELIST), {"action": "retry_now", "_selected_action": [reminder.pk]})
    sweep_at(T0 + 5 * HOUR)

    assert len(smtp_server.messages) == 1
    reminder.refresh_from_db()
    assert reminder.sent_at == T0 + 3 * HOUR


def test_reminder_page_shows_the_state_read_only(user, staff_client):
    reminder = add_interview(user, starts_in=30 * HOUR).reminders.get()

    response = staff_client.get(reverse("admin:interviews_reminder_change", args=[reminder.pk]))

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert list(form.fields) == []  # nothing editable: the pipeline owns these columns
    assert staff_client.get(reverse("admin:interviews_reminder_add")).status_code == 403
