"""Log-in with the e-mail address, log-out by POST, and throttling by django-axes."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
LOGOUT = reverse("accounts:logout")
PASSWORD = "correct horse battery"  # UserFactory's


def logged_in_user_id(client):
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


def attempt(client, email, password):
    return client.post(LOGIN, {"username": email, "password": password})


def test_login_page_asks_for_the_email_address(client):
    response = client.get(LOGIN)

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<label\s+for="id_username"[^>]*>\s*E-mail', html)
    assert 'type="email"' in html
    assert re.search(r'<label\s+for="id_password"[^>]*>\s*Password', html)
    assert html.count("<h1") == 1


def test_login_with_the_right_password_logs_in(client, user):
    response = attempt(client, user.email, PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("interviews:dashboard")
    assert logged_in_user_id(client) == user.pk


def test_login_ignores_the_case_of_the_address(client, user):
    attempt(client, user.email.upper(), PASSWORD)

    assert logged_in_user_id(client) == user.pk


def test_login_follows_a_safe_next_and_refuses_another_site(client, user):
    settings_url = reverse("accounts:settings")
    response = client.post(f"{LOGIN}?next={settings_url}", {"username": user.email, "password": PASSWORD})
    assert response.url == settings_url

    client.logout()
    response = client.post(f"{LOGIN}?next=https://evil.example/", {"username": user.email, "password": PASSWORD})
    assert response.url == reverse("interviews:dashboard")


def test_login_with_a_wrong_password_says_so_and_does_not_log_in(client, user):
    response = attempt(client, user.email, "not the password")

    assert response.status_code == 200
    assert "Please enter a correct e-mail address and password" in response.content.decode()
    assert logged_in_user_id(client) is None


def test_a_logged_in_user_is_sent_from_login_to_the_dashboard(client_logged_in):
    response = client_logged_in.get(LOGIN)

    assert response.status_code == 302
    assert response.url == reverse("interviews:dashboard")


def test_logout_by_post_logs_out(client_logged_in):
    response = client_logged_in.post(LOGOUT)

    assert response.status_code == 302
    assert response.url == LOGIN
    assert logged_in_user_id(client_logged_in) is None


def test_logout_by_get_is_refused_and_keeps_the_session(client_logged_in, user):
    response = client_logged_in.get(LOGOUT)

    assert response.status_code == 405
    assert logged_in_user_id(client_logged_in) == user.pk


def test_logout_without_a_csrf_token_is_refused(user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(LOGOUT)

    assert response.status_code == 403
    assert logged_in_user_id(client) == user.pk


# --- Throttling (django-axes) ------------------------------------------------------


def test_five_failures_lock_the_account_from_that_address_with_429_and_a_message(client, user):
    for _ in range(4):
        assert attempt(client, user.email, "wrong password").status_code == 200

    response = attempt(client, user.email, "wrong password")

    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many failed log-ins" in html
    assert "locked for 15 minutes" in html


def test_a_locked_account_refuses_even_the_right_password(client, user):
    for _ in range(5):
        attempt(client, user.email, "wrong password")

    response = attempt(client, user.email, PASSWORD)

    assert response.status_code == 429
    assert logged_in_user_id(client) is None


def test_the_lock_lifts_after_15_minutes(client, user):
    for _ in range(5):
        attempt(client, user.email, "wrong password")

    with time_machine.travel(timezone.now() + dt.timedelta(minutes=15, seconds=5)):
        response = attempt(client, user.email, PASSWORD)

    assert response.status_code == 302
    assert logged_in_user_id(client) == user.pk


def test_the_lock_holds_just_before_15_minutes(client, user):
    for _ in range(5):
        attempt(client, user.email, "wrong password")

    with time_machine.travel(timezone.now() + dt.timedelta(minutes=14)):
        response = attempt(client, user.email, PASSWORD)

    assert response.status_code == 429


def test_a_successful_login_resets_the_failure_count(client, user):
    for _ in range(4):
        attempt(client, user.email, "wrong password")
    assert attempt(client, user.email, PASSWORD).status_code == 302
    client.post(LOGOUT)

    for _ in range(4):
        assert attempt(client, user.email, "wrong password").status_code == 200
    assert attempt(client, user.email, PASSWORD).status_code == 302


def test_a_lock_on_one_account_leaves_another_account_alone(client, user):
    for _ in range(5):
        attempt(client, user.email, "wrong password")
    other = UserFactory()

    response = attempt(client, other.email, PASSWORD)

    assert response.status_code == 302
    assert logged_in_user_id(client) == other.pk


def test_changing_the_case_of_the_address_does_not_buy_more_attempts(client, user):
    for variant in [user.email, user.email.upper(), user.email.title(), user.email.swapcase()]:
        attempt(client, variant, "wrong password")

    response = attempt(client, user.email.capitalize(), "wrong password")

    assert response.status_code == 429


def test_a_superuser_created_with_capitals_logs_in_at_the_login_page_in_any_case(client):
    # Regression: the manager lower-cased only the domain ("Admin@example.com"), the log-in form
    # the whole address, so createsuperuser's "Admin@Example.com" could never log in.
    admin = User.objects.create_superuser(email="Admin@Example.com", password=PASSWORD)

    for typed in ("Admin@Example.com", "admin@example.com", "ADMIN@EXAMPLE.COM"):
        client.logout()
        response = attempt(client, typed, PASSWORD)
        assert response.status_code == 302, typed
        assert logged_in_user_id(client) == admin.pk
