"""Log-in throttling (django-axes) and the password rules, as an attacker meets them.

A (user, client address) pair is locked after 5 failures for 15 minutes, with a
429 and a page that says so; another address keeps working for the same account;
behind RAINCHECK_TRUSTED_PROXIES proxies the client's address in X-Forwarded-For
is the one that counts, and a forged X-Forwarded-For does not buy fresh attempts.
"""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.tokens import make_signup_token

LOGIN = reverse("accounts:login")
SIGNUP = reverse("accounts:signup")
PASSWORD = "correct horse battery"  # tests.factories.UserFactory's
BASE_DIR = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def attempt(client, email, password, **headers):
    return client.post(LOGIN, {"username": email, "password": password}, **headers)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail_five_times(client, email, **headers):
    for n in range(1, 6):
        response = attempt(client, email, "wrong password", **headers)
        expected = 429 if n == 5 else 200
        assert response.status_code == expected, f"failure {n}: {response.status_code}"


# --- The lock ------------------------------------------------------------------------


def test_five_failures_lock_the_pair_with_429_and_a_clear_page(client, user):
    fail_five_times(client, user.email)

    response = attempt(client, user.email, PASSWORD)

    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed log-ins" in page
    assert "15 minutes" in page
    assert not logged_in(client)


def test_the_lock_still_holds_after_14_minutes(client, user):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail_five_times(client, user.email)

    with time_machine.travel(start + dt.timedelta(minutes=14, seconds=50), tick=False):
        assert attempt(client, user.email, PASSWORD).status_code == 429


def test_the_lock_lifts_after_15_minutes(client, user):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail_five_times(client, user.email)

    with time_machine.travel(start + dt.timedelta(minutes=15, seconds=1), tick=False):
        response = attempt(client, user.email, PASSWORD)

    assert response.status_code == 302
    assert logged_in(client)


def test_trying_again_while_locked_restarts_the_15_minutes(client, user):
    """The page says "wait 15 minutes, then try again": an attempt during the lock counts from itself."""
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail_five_times(client, user.email)
    with time_machine.travel(start + dt.timedelta(minutes=10), tick=False):
        assert attempt(client, user.email, "guess").status_code == 429

    with time_machine.travel(start + dt.timedelta(minutes=20), tick=False):
        assert attempt(client, user.email, PASSWORD).status_code == 429
    with time_machine.travel(start + dt.timedelta(minutes=35, seconds=1), tick=False):
        assert attempt(client, user.email, PASSWORD).status_code == 302


def test_another_address_still_logs_in_to_a_locked_account(user):
    attacker, owner = Client(REMOTE_ADDR="203.0.113.66"), Client(REMOTE_ADDR="198.51.100.7")
    fail_five_times(attacker, user.email)

    assert attempt(owner, user.email, PASSWORD).status_code == 302
    assert logged_in(owner)
    assert attempt(attacker, user.email, PASSWORD).status_code == 429


def test_a_success_resets_the_count(client, user):
    for _ in range(4):
        assert attempt(client, user.email, "wrong password").status_code == 200
    assert attempt(client, user.email, PASSWORD).status_code == 302
    client.logout()

    # Four more failures are again four of five, not nine.
    for _ in range(4):
        assert attempt(client, user.email, "wrong password").status_code == 200
    assert attempt(client, user.email, PASSWORD).status_code == 302


def test_a_locked_pair_gets_no_hint_whether_the_password_was_right(client, user):
    fail_five_times(client, user.email)

    right = attempt(client, user.email, PASSWORD)
    wrong = attempt(client, user.email, "still wrong")

    assert right.status_code == wrong.status_code == 429
    assert right.content == wrong.content


def test_an_overlong_address_is_refused_by_the_form_not_the_database(client, user):
    """Longer than an address can be (254): refused before authentication and django-axes' 255-character log."""
    from axes.models import AccessAttempt

    for email in ("x" * 250 + "@example.com", "y" * 5000):
        response = attempt(client, email, PASSWORD)

        assert response.status_code == 200
        assert "Ensure this value has at most 254 characters" in response.content.decode()
    assert not AccessAttempt.objects.exists()
    assert not logged_in(client)


# --- Behind proxies -------------------------------------------------------------------


def settings_under(env: dict) -> dict:
    """The proxy and axes settings config/settings.py produces under these environment variables."""
    code = (
        "import json; from config import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in dir(s) if k.startswith(('AXES_', 'RAINCHECK_TRUSTED'))}))"
    )
    run_env = {**os.environ, "DJANGO_SECRET_KEY": "x", "DJANGO_ALLOWED_HOSTS": "testserver", **env}
    out = subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, env=run_env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture
def one_trusted_proxy(settings):
    """Settings as an operator gets them with RAINCHECK_TRUSTED_PROXIES=1."""
    produced = settings_under({"RAINCHECK_TRUSTED_PROXIES": "1"})
    for name, value in produced.items():
        setattr(settings, name, value)
    return produced


PROXY = {"REMOTE_ADDR": "10.0.0.2"}  # every request arrives from the proxy


def test_the_trusted_proxies_variable_reaches_the_settings():
    assert settings_under({})["RAINCHECK_TRUSTED_PROXIES"] == 0
    produced = settings_under({"RAINCHECK_TRUSTED_PROXIES": "2"})
    assert produced["RAINCHECK_TRUSTED_PROXIES"] == 2
    assert produced["AXES_CLIENT_IP_CALLABLE"] == "config.proxies.client_ip_address"


def test_a_negative_number_of_trusted_proxies_stops_start_up():
    code = "import config.settings"
    run_env = {**os.environ, "DJANGO_SECRET_KEY": "x", "DJANGO_ALLOWED_HOSTS": "t", "RAINCHECK_TRUSTED_PROXIES": "-1"}
    out = subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, env=run_env, capture_output=True, text=True)
    assert out.returncode != 0
    assert "RAINCHECK_TRUSTED_PROXIES" in out.stderr


def test_behind_one_proxy_the_forwarded_client_address_is_locked(one_trusted_proxy, user):
    attacker = Client(**PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66")
    colleague = Client(**PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    fail_five_times(attacker, user.email)

    # Same proxy, another client behind it: not locked.
    assert attempt(colleague, user.email, PASSWORD).status_code == 302
    # The locked client stays locked.
    assert attempt(attacker, user.email, PASSWORD).status_code == 429

    from axes.models import AccessAttempt

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.66"}


def test_behind_one_proxy_a_forged_forwarded_header_buys_no_fresh_attempts(one_trusted_proxy, user):
    # The proxy appends the address it saw to whatever X-Forwarded-For the client sent.
    attacker = Client(**PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66")
    fail_five_times(attacker, user.email)

    for forged in ("1.2.3.4", "5.6.7.8, 9.9.9.9", "garbage"):
        spoofing = Client(**PROXY, HTTP_X_FORWARDED_FOR=f"{forged}, 203.0.113.66")
        assert attempt(spoofing, user.email, PASSWORD).status_code == 429, forged


def test_behind_two_proxies_the_address_the_outer_one_saw_is_locked(settings, user):
    settings.RAINCHECK_TRUSTED_PROXIES = 2
    # The outer proxy (10.0.0.1) wrote the client's address, the inner one wrote the outer one's.
    attacker = Client(**PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66, 10.0.0.1")
    fail_five_times(attacker, user.email)

    colleague = Client(**PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7, 10.0.0.1")
    assert attempt(colleague, user.email, PASSWORD).status_code == 302
    spoofing = Client(**PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.66, 10.0.0.1")
    assert attempt(spoofing, user.email, PASSWORD).status_code == 429


def test_without_trusted_proxies_a_forwarded_header_is_ignored(user):
    fail_five_times(Client(REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR="1.1.1.1"), user.email)

    # A made-up X-Forwarded-For from the same address does not escape the lock.
    spoofing = Client(REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR="8.8.8.8")
    assert attempt(spoofing, user.email, PASSWORD).status_code == 429


# --- Password rules (sign-up) ------------------------------------------------------------


def sign_up(password: str, email: str = "new@example.com"):
    """Finish sign-up from the e-mailed link (the only place a password is chosen at sign-up)."""
    client = Client()
    response = client.post(
        reverse("accounts:signup_finish", args=[make_signup_token(email)]),
        {"name": "New Person", "password1": password, "password2": password, "time_zone": "UTC"},
    )
    return response, User.objects.filter(email=email).exists()


def test_a_password_under_8_characters_is_refused():
    response, created = sign_up("Xq7#pLm")  # 7 characters

    assert response.status_code == 200
    assert "at least 8 characters" in response.content.decode()
    assert not created


def test_a_common_password_is_refused():
    response, created = sign_up("password123")

    assert response.status_code == 200
    assert "too common" in response.content.decode()
    assert not created


@pytest.mark.parametrize(
    "password",
    [
        "correcthorsebatterystaple",  # lowercase only: no composition rules
        "zebra lantern quietly",  # 8+ characters with spaces
        "abcdefgh" * 8,  # 64 characters
        "Long passphrase, kept whole: " + "x" * 71,  # 100 characters
    ],
    ids=["lowercase-only", "with-spaces", "64-chars", "100-chars"],
)
def test_long_or_plain_passwords_are_accepted_and_work(password):
    response, created = sign_up(password)

    assert response.status_code == 302
    assert created
    user = User.objects.get(email="new@example.com")
    assert user.check_password(password)  # kept whole: not truncated


def test_a_100_character_password_logs_in(client):
    password = "p" * 100
    sign_up(password)

    assert attempt(client, "new@example.com", password).status_code == 302
    assert attempt(Client(), "new@example.com", password[:-1]).status_code == 200
