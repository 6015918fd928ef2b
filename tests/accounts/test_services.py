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


def test_update_settings_takes_a_zone_in_any_case_as_its_canonical_name(user):
    user_update_settings(user=user, now=timezone.now(), time_zone="america/new_york")

    assert User.objects.get(pk=user.pk).time_zone == "America/New_York"


@pytest.mark.parametrize("breaker", ["\n", "\r", "\v", "\f", "\x85", "\u2028", "\u2029"])
def test_update_settings_refuses_a_name_of_more_than_one_line(user, breaker):
    with pytest.raises(ValidationError) as error:
        user_update_settings(user=user, now=timezone.now(), name=f"Jo{breaker}Bcc: x@evil.example")

    assert "name" in error.value.message_dict
    assert User.objects.get(pk=user.pk).name == user.name


def test_an_address_is_stored_in_lower_case_whole():
    created = User.objects.create_user(email="  Admin@Example.COM ", password="x")

    assert User.objects.get(pk=created.pk).email == "admin@example.com"


def test_two_accounts_cannot_share_an_address_in_any_case():
    from django.db import IntegrityError, transaction

    User.objects.create_user(email="jo@example.com", password="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(email="JO@example.com")])  # even past the manager's normalisation


def test_an_edit_outside_the_settings_page_replans_only_when_planning_inputs_changed(user):
    from accounts.services import user_replan_after_edit

    assert user_replan_after_edit(user=user, changed=["name", "is_staff"], now=timezone.now()) is False
    assert user_replan_after_edit(user=user, changed=["email_verified_at"], now=timezone.now()) is True
