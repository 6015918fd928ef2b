"""The main pages with every production switch on, HTTPS redirect included, over HTTPS.

The rest of the suite already runs with DEBUG off (tests/settings.py), but with
the HTTPS redirect off because the test client speaks plain HTTP. Here the
redirect is on and each page is requested as HTTPS, as behind the real proxy:
every page answers as it should and carries the security headers.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _production(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.RAINCHECK_SITE_URL = "https://testserver"


def assert_security_headers(response):
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "default-src 'self'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


ANONYMOUS_PAGES = ["accounts:login", "accounts:signup", "accounts:password_reset"]


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_public_pages_over_https_carry_the_security_headers(client, name):
    response = client.get(reverse(name), secure=True)

    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.parametrize("name", ["dashboard", "create", "detail", "edit", "delete", "flow", "settings"])
def test_logged_in_pages_over_https_carry_the_security_headers(client, user, name):
    interview = InterviewFactory(owner=user)
    client.force_login(user)
    urls = {
        "dashboard": reverse("interviews:dashboard"),
        "create": reverse("interviews:create"),
        "detail": reverse("interviews:detail", args=[interview.pk]),
        "edit": reverse("interviews:edit", args=[interview.pk]),
        "delete": reverse("interviews:delete", args=[interview.pk]),
        "flow": reverse("interviews:flow", args=[interview.pk]),
        "settings": reverse("accounts:settings"),
    }

    response = client.get(urls[name], secure=True)
    if name == "flow":  # the flow's start redirects to the interview's step
        assert response.status_code == 302
        response = client.get(response["Location"], secure=True)

    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.parametrize("path", ["/accounts/login/", "/", "/interviews/new/"])
def test_plain_http_is_redirected_to_the_same_page_over_https(client, path):
    response = client.get(path)

    assert response.status_code == 301
    assert response["Location"] == f"https://testserver{path}"


def test_healthz_answers_over_plain_http_for_the_load_balancer(client):
    response = client.get(reverse("healthz"))

    assert response.status_code in (200, 503)
    assert "failing" in response.json()


def test_log_in_over_https_sets_secure_httponly_lax_session_cookie_with_a_new_key(user):
    client = Client(enforce_csrf_checks=False)
    client.get(reverse("accounts:login"), secure=True)
    client.cookies["sessionid"] = "a-session-key-planted-by-an-attacker"

    response = client.post(
        reverse("accounts:login"),
        {"username": user.email, "password": "correct horse battery"},
        secure=True,
    )

    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie.value != "a-session-key-planted-by-an-attacker"
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 14 * 24 * 3600
    assert response.cookies["csrftoken"]["secure"] is True


def test_log_out_ends_the_session_on_the_server(user):
    from django.contrib.sessions.models import Session

    client = Client()
    client.post(reverse("accounts:login"), {"username": user.email, "password": "correct horse battery"}, secure=True)
    session_key = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=session_key).exists()

    client.post(reverse("accounts:logout"), secure=True)

    assert not Session.objects.filter(session_key=session_key).exists()
    replayed = Client()
    replayed.cookies["sessionid"] = session_key
    response = replayed.get(reverse("interviews:create"), secure=True)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    # At `/` the replayed cookie gets the public landing page, not the dashboard.
    assert "Your interviews" not in replayed.get(reverse("interviews:dashboard"), secure=True).content.decode()
