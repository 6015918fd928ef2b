"""Deleting an account: the password, a confirmation page, nothing of the user left, no reminder after, an e-mail."""

import datetime as dt

import pytest
from axes.models import AccessAttempt, AccessLog
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.services import calendar_feed_renew, user_delete
from interviews.delivery import reminder_claim, reminders_send_batch
from interviews.models import Interview, InterviewEvent, Reminder
from tests.factories import InterviewFactory, UserFactory
from tests.interviews.record_history import build_record

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


@pytest.fixture
def owner():
    return UserFactory(email="leaving@example.com", name="Lee Leaving")


def _rows_of(user_pk: int, email: str) -> dict[str, int]:
    return {
        "user": User.objects.filter(pk=user_pk).count(),
        "interviews": Interview.objects.filter(owner_id=user_pk).count(),
        "history": InterviewEvent.objects.filter(interview__owner_id=user_pk).count(),
        "reminders": Reminder.objects.filter(interview__owner_id=user_pk).count(),
        "sessions": sum(1 for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user_pk)),
        "log-in records": AccessLog.objects.filter(username=email).count()
        + AccessAttempt.objects.filter(username=email).count(),
    }


def _rows_pointing_at(user_pk: int) -> dict[str, int]:
    """Rows of any installed model with a foreign key to the user (a model added later is covered too)."""
    found = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.many_to_one and field.concrete and field.related_model is User:
                count = model.objects.filter(**{field.name: user_pk}).count()
                if count:
                    found[f"{model._meta.label}.{field.name}"] = count
    return found


def test_the_settings_page_links_to_the_confirmation_page(client, owner):
    client.force_login(owner)

    page = client.get(reverse("accounts:settings")).content.decode()
    confirmation = client.get(reverse("accounts:delete")).content.decode()

    assert f'href="{reverse("accounts:delete")}"' in page
    assert "Delete your account" in confirmation and 'name="password"' in confirmation


def test_a_wrong_password_deletes_nothing(client, owner):
    InterviewFactory(owner=owner)
    client.force_login(owner)

    response = client.post(reverse("accounts:delete"), {"password": "not it"})

    assert response.status_code == 200
    assert "That is not your password. Nothing was deleted." in response.content.decode()
    assert User.objects.filter(pk=owner.pk).exists() and Interview.objects.filter(owner=owner).exists()


def test_deletion_leaves_no_row_of_the_user_behind_and_ends_every_session(
    client, owner, django_capture_on_commit_callbacks
):
    build_record(owner)
    calendar_feed_renew(user=owner, now=timezone.now())
    AccessLog.objects.create(username=owner.email, ip_address="127.0.0.1", user_agent="test")
    other_device = Client()
    other_device.force_login(owner)
    bystander = UserFactory()
    build_record(bystander)
    before = _rows_of(owner.pk, owner.email)
    assert all(before[k] for k in ("user", "interviews", "history", "reminders", "log-in records"))
    client.force_login(owner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:delete"), {"password": PASSWORD})

    assert response.status_code == 302 and response.url == reverse("accounts:login")
    assert _rows_of(owner.pk, owner.email) == dict.fromkeys(before, 0)
    assert _rows_pointing_at(owner.pk) == {}
    assert other_device.get(reverse("accounts:settings")).status_code == 302  # logged out there too
    assert Interview.objects.owned_by(bystander).count() == 8  # someone else's record stays
    (confirmation,) = mail.outbox
    assert confirmation.to == ["leaving@example.com"]
    assert "is deleted" in confirmation.subject


def test_the_confirmation_is_sent_only_after_the_commit(owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        user_delete(user=owner, now=timezone.now())

    assert mail.outbox == []
    assert len(callbacks) == 1


def test_no_pending_reminder_is_sent_after_deletion(owner):
    interview = InterviewFactory(owner=owner, scheduled_at=timezone.now() + dt.timedelta(days=5))
    due = list(Reminder.objects.filter(interview=interview).pending().values_list("pk", flat=True))
    assert due

    user_delete(user=owner, now=timezone.now())
    counts = reminders_send_batch(due, now_fn=lambda: timezone.now() + dt.timedelta(days=10))

    assert counts.sent == 0
    assert not [m for m in mail.outbox if m.to == [owner.email] and "deleted" not in m.subject]


def test_a_batch_that_had_claimed_a_reminder_finds_it_gone(owner):
    interview = InterviewFactory(owner=owner, scheduled_at=timezone.now() + dt.timedelta(days=5))
    reminder = Reminder.objects.filter(interview=interview).pending().first()
    later = reminder.due_at + dt.timedelta(minutes=1)
    assert reminder_claim(reminder.pk, later)

    user_delete(user=owner, now=timezone.now())
    counts = reminders_send_batch([reminder.pk], now_fn=lambda: later)

    assert counts.sent == 0
    assert not Reminder.objects.filter(pk=reminder.pk).exists()
