"""The user admin: e-mail as the login, reminder settings editable, plan kept in step."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from interviews.models import Reminder
from tests.factories import InterviewFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def change_data(user, **overrides):
    data = {
        "email": user.email,
        "name": user.name,
        "time_zone": user.time_zone,
        "email_verified_at_0": "2030-01-01" if user.email_verified_at else "",
        "email_verified_at_1": "10:00:00" if user.email_verified_at else "",
        "reminders_enabled": "on" if user.reminders_enabled else "",
        "reminder_first_hours": user.reminder_first_hours,
        "reminder_second_hours": user.reminder_second_hours,
        "is_active": "on",
        "date_joined_0": "2030-01-01",
        "date_joined_1": "10:00:00",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}


def test_user_list_and_search_by_email(admin_client, user):
    response = admin_client.get(reverse("admin:accounts_user_changelist"), {"q": user.email})

    assert response.status_code == 200
    assert user.email in response.content.decode()


def test_unverified_filter_lists_only_unverified_users(admin_client, user):
    unverified = UserFactory(email_verified_at=None)

    response = admin_client.get(reverse("admin:accounts_user_changelist"), {"email_verified_at__isempty": "1"})

    html = response.content.decode()
    assert unverified.email in html
    assert user.email not in html


def test_add_user_with_email_and_password(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "Added@Example.com",
            "name": "Added Person",
            "time_zone": "Europe/Paris",
            "password1": "an admin chosen passphrase",
            "password2": "an admin chosen passphrase",
        },
    )

    assert response.status_code == 302
    added = User.objects.get(email="added@example.com")
    assert added.check_password("an admin chosen passphrase")
    assert added.time_zone == "Europe/Paris"


def test_change_page_shows_the_reminder_settings(admin_client, user):
    response = admin_client.get(reverse("admin:accounts_user_change", args=[user.pk]))

    html = response.content.decode()
    for field in ["reminders_enabled", "reminder_first_hours", "reminder_second_hours", "email_verified_at"]:
        assert f'name="{field}' in html, field
    assert 'name="username"' not in html


def test_switching_reminders_off_in_admin_removes_pending_reminders(admin_client, user):
    interview = InterviewFactory(owner=user, scheduled_at=timezone.now() + dt.timedelta(days=4))
    assert Reminder.objects.filter(interview=interview).pending().count() == 2

    response = admin_client.post(
        reverse("admin:accounts_user_change", args=[user.pk]), change_data(user, reminders_enabled="")
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.reminders_enabled is False
    assert Reminder.objects.filter(interview=interview).pending().count() == 0
