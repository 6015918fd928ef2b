"""One-click unsubscribe (RFC 8058): signed, 90 days, no log-in, changes only its own account."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.tokens import make_unsubscribe_token, make_verification_token, settings_url, unsubscribe_url
from interviews.models import Reminder
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db

ONE_CLICK = "List-Unsubscribe=One-Click"


@pytest.fixture
def provider():
    """A mail provider's server: no session, no cookies, and CSRF checks enforced as in production."""
    return Client(enforce_csrf_checks=True)


def path_for(token: str) -> str:
    return reverse("accounts:unsubscribe", args=[token])


def one_click(client, token):
    return client.post(path_for(token), ONE_CLICK, content_type="application/x-www-form-urlencoded")


def reminders_on(user) -> bool:
    return User.objects.get(pk=user.pk).reminders_enabled


def test_links_are_absolute_from_the_site_url(settings, user):
    settings.RAINCHECK_SITE_URL = "https://raincheck.example"

    assert unsubscribe_url(user).startswith("https://raincheck.example/accounts/unsubscribe/")
    assert settings_url() == "https://raincheck.example/accounts/settings/"


def test_the_link_opened_in_a_browser_asks_before_changing_anything(client, user):
    response = client.get(path_for(make_unsubscribe_token(user)))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Stop reminder e-mails?" in html
    assert 'method="post"' in html
    assert reminders_on(user)


def test_the_button_on_the_page_switches_reminders_off(client, user):
    response = client.post(path_for(make_unsubscribe_token(user)))

    assert response.status_code == 200
    assert "Reminder e-mails are off" in response.content.decode()
    assert not reminders_on(user)


def test_one_click_post_without_log_in_or_csrf_switches_reminders_off(provider, user):
    interview = InterviewFactory(owner=user, scheduled_at=timezone.now() + dt.timedelta(days=4))
    assert Reminder.objects.filter(interview=interview).pending().count() == 2

    response = one_click(provider, make_unsubscribe_token(user))

    assert response.status_code == 200
    assert not reminders_on(user)
    assert Reminder.objects.filter(interview=interview).pending().count() == 0


def test_one_click_changes_only_the_tokens_own_account(provider, user, other_user):
    theirs = InterviewFactory(owner=other_user, scheduled_at=timezone.now() + dt.timedelta(days=4))

    one_click(provider, make_unsubscribe_token(user))

    assert not reminders_on(user)
    assert reminders_on(other_user)
    assert Reminder.objects.filter(interview=theirs).pending().count() == 2


def test_unsubscribing_twice_is_harmless(provider, user):
    token = make_unsubscribe_token(user)
    one_click(provider, token)

    response = one_click(provider, token)

    assert response.status_code == 200
    assert not reminders_on(user)


def test_a_tampered_token_changes_nothing(provider, user):
    token = make_unsubscribe_token(user)
    payload, timestamp, signature = token.rsplit(":", 2)
    tampered = f"{payload}:{timestamp}:{signature[::-1]}"

    response = one_click(provider, tampered)

    assert response.status_code == 400
    assert "This unsubscribe link does not work" in response.content.decode()
    assert reminders_on(user)


def test_a_token_pointed_at_another_account_is_refused(provider, user, other_user):
    # Swap in another account's payload while keeping this token's signature.
    mine = make_unsubscribe_token(user).split(":", 1)
    theirs = make_unsubscribe_token(other_user).split(":", 1)

    response = one_click(provider, f"{theirs[0]}:{mine[1]}")

    assert response.status_code == 400
    assert reminders_on(user) and reminders_on(other_user)


def test_a_verification_token_does_not_unsubscribe(provider, user):
    response = one_click(provider, make_verification_token(user))

    assert response.status_code == 400
    assert reminders_on(user)


def test_a_token_older_than_90_days_is_refused_as_expired(provider, user):
    token = make_unsubscribe_token(user)

    with time_machine.travel(timezone.now() + dt.timedelta(days=90, minutes=1)):
        response = one_click(provider, token)

    assert response.status_code == 400
    assert "has expired" in response.content.decode()
    assert reminders_on(user)


def test_a_token_89_days_old_still_works(provider, user):
    token = make_unsubscribe_token(user)

    with time_machine.travel(timezone.now() + dt.timedelta(days=89)):
        one_click(provider, token)

    assert not reminders_on(user)


def test_an_expired_link_opened_in_a_browser_shows_the_clear_page(client, user):
    token = make_unsubscribe_token(user)

    with time_machine.travel(timezone.now() + dt.timedelta(days=91)):
        response = client.get(path_for(token))

    assert response.status_code == 400
    assert "has expired" in response.content.decode()


def test_a_token_of_a_deleted_account_is_refused(provider, user):
    token = make_unsubscribe_token(user)
    user.delete()

    response = one_click(provider, token)

    assert response.status_code == 400


def test_other_methods_are_refused(provider, user):
    response = provider.put(path_for(make_unsubscribe_token(user)))

    assert response.status_code == 405
    assert reminders_on(user)
