"""The account services, called directly (as the reminder e-mails and admin do)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from accounts.services import user_unsubscribe, user_update_settings, user_verify_email

pytestmark = pytest.mark.django_db


def test_update_settings_reports_what_changed(user):
    changed = user_update_settings(user=user, now=timezone.now(), name="New Name", time_zone=user.time_zone)

    assert changed == ["name"]
    assert User.objects.get(pk=user.pk).name == "New Name"


def test_update_settings_refuses_a_field_that_is_not_a_setting(user):
    with pytest.raises(TypeError):
        user_update_settings(user=user, now=timezone.now(), is_staff=True)

    assert User.objects.get(pk=user.pk).is_staff is False


def test_update_settings_refuses_an_unknown_zone_or_offset_and_saves_nothing(user):
    with pytest.raises(ValidationError):
        user_update_settings(user=user, now=timezone.now(), name="Changed", time_zone="Nowhere/Special")
    assert user.name != "Changed"
    with pytest.raises(ValidationError):
        user_update_settings(user=user, now=timezone.now(), reminder_second_hours=5)

    stored = User.objects.get(pk=user.pk)
    assert (stored.name, stored.time_zone, stored.reminder_second_hours) == (user.name, "Europe/Berlin", 3)
    assert (user.time_zone, user.reminder_second_hours) == ("Europe/Berlin", 3)  # the object is left as it was


def test_unsubscribe_reports_whether_reminders_were_on(user):
    assert user_unsubscribe(user=user, now=timezone.now()) is True
    assert user_unsubscribe(user=user, now=timezone.now()) is False
    assert User.objects.get(pk=user.pk).reminders_enabled is False


def test_verify_email_is_idempotent(user):
    first = user.email_verified_at

    assert user_verify_email(user=user, now=timezone.now()) is False
    assert User.objects.get(pk=user.pk).email_verified_at == first
