"""The settings page: name, time zone, reminder e-mails and their two offsets."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from interviews.models import Reminder
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db

SETTINGS = reverse("accounts:settings")


def settings_data(user, **overrides):
    data = {
        "name": user.name,
        "time_zone": user.time_zone,
        "reminders_enabled": "on" if user.reminders_enabled else "",
        "reminder_first_hours": user.reminder_first_hours,
        "reminder_second_hours": user.reminder_second_hours,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}


def stored(user):
    return User.objects.values("name", "time_zone", "reminders_enabled", "reminder_first_hours").get(pk=user.pk)


def test_settings_page_shows_the_current_values_with_labels(client_logged_in, user):
    response = client_logged_in.get(SETTINGS)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert f'value="{user.name}"' in html
    assert re.search(r'name="time_zone" value="Europe/Berlin"', html)
    assert '<datalist id="id_time_zone_zones">' in html
    assert re.search(r'name="reminders_enabled"[^>]*checked', html)
    for field in ["name", "time_zone", "reminders_enabled", "reminder_first_hours", "reminder_second_hours"]:
        assert re.search(rf'<label\s+for="id_{field}"', html), field


def test_settings_save_every_field(client_logged_in, user):
    response = client_logged_in.post(
        SETTINGS,
        settings_data(
            user,
            name="Jo Renamed",
            time_zone="America/New_York",
            reminders_enabled="",
            reminder_first_hours=48,
            reminder_second_hours=1,
        ),
    )

    assert response.status_code == 302
    assert response.url == SETTINGS
    user.refresh_from_db()
    assert (user.name, user.time_zone, user.reminders_enabled) == ("Jo Renamed", "America/New_York", False)
    assert (user.reminder_first_hours, user.reminder_second_hours) == (48, 1)
    assert "Settings saved." in client_logged_in.get(SETTINGS).content.decode()


def test_a_zone_typed_in_another_case_is_stored_by_its_proper_name(client_logged_in, user):
    client_logged_in.post(SETTINGS, settings_data(user, time_zone="  asia/kolkata "))

    user.refresh_from_db()
    assert user.time_zone == "Asia/Kolkata"


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "Berlin", "Europe/Berlin/Mitte", "../../etc/passwd", "x" * 300])
def test_an_unknown_time_zone_is_refused_and_nothing_is_saved(client_logged_in, user, zone):
    before = stored(user)

    response = client_logged_in.post(SETTINGS, settings_data(user, name="Should Not Stick", time_zone=zone))

    assert response.status_code == 200
    html = response.content.decode()
    assert "is not a time zone we know" in html or "at most 64 characters" in html
    assert stored(user) == before


def test_an_offset_outside_the_choices_is_refused(client_logged_in, user):
    before = stored(user)

    response = client_logged_in.post(SETTINGS, settings_data(user, reminder_first_hours=7))

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert stored(user) == before


def test_a_newline_in_the_name_is_refused(client_logged_in, user):
    before = stored(user)

    response = client_logged_in.post(SETTINGS, settings_data(user, name="Jo\r\nBcc: x@example.com"))

    assert "without line breaks" in response.content.decode()
    assert stored(user) == before


def test_switching_reminders_off_removes_pending_reminders_and_on_brings_them_back(client_logged_in, user):
    interview = InterviewFactory(owner=user, scheduled_at=timezone.now() + dt.timedelta(days=4))
    assert Reminder.objects.filter(interview=interview).pending().count() == 2

    client_logged_in.post(SETTINGS, settings_data(user, reminders_enabled=""))
    assert Reminder.objects.filter(interview=interview).pending().count() == 0

    user.refresh_from_db()
    client_logged_in.post(SETTINGS, settings_data(user, reminders_enabled="on"))
    assert Reminder.objects.filter(interview=interview).pending().count() == 2


def test_new_offsets_move_the_pending_reminders(client_logged_in, user):
    interview = InterviewFactory(owner=user, scheduled_at=timezone.now() + dt.timedelta(days=5))

    client_logged_in.post(SETTINGS, settings_data(user, reminder_first_hours=48, reminder_second_hours=1))

    due = dict(Reminder.objects.filter(interview=interview).pending().values_list("kind", "due_at"))
    assert due == {
        "decide_now": interview.notice_deadline - dt.timedelta(hours=48),
        "closes_soon": interview.notice_deadline - dt.timedelta(hours=1),
    }


def test_settings_change_only_the_logged_in_users_reminders(client_logged_in, user, other_user):
    theirs = InterviewFactory(owner=other_user, scheduled_at=timezone.now() + dt.timedelta(days=4))

    client_logged_in.post(SETTINGS, settings_data(user, reminders_enabled=""))

    assert Reminder.objects.filter(interview=theirs).pending().count() == 2
    other_user.refresh_from_db()
    assert other_user.reminders_enabled is True


def test_settings_need_a_log_in(client):
    response = client.get(SETTINGS)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
