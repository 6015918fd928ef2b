"""Requests Django cannot read, oversized ones, and an attacker's volume: a clear page, never a 500.

A body in a charset other than UTF-8, a broken multipart body, a file where no form
takes one, or a body over DATA_UPLOAD_MAX_MEMORY_SIZE gets the site's 400 page and
one log line without a traceback; sign-up, password reset and new interviews are
limited per client address, with a 429 page that says so.
"""

import datetime as dt
import logging

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import path, reverse
from django.utils import timezone

from accounts.models import User
from config.middleware import accepts_file_uploads
from config.urls import urlpatterns as project_urlpatterns
from interviews.models import Interview

pytestmark = pytest.mark.django_db

LOGGED_OUT_FORMS = ["accounts:login", "accounts:signup", "accounts:password_reset"]
BOUNDARY = "raincheckboundary"


@accepts_file_uploads
def upload(request):
    return HttpResponse(f"{len(request.FILES)} files")


def boom(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [*project_urlpatterns, path("upload/", upload), path("boom/", boom)]


@pytest.fixture
def log_records():
    """Every record any logger emits during the test (the project's loggers do not propagate)."""
    records = []

    class Capture(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Capture(level=logging.DEBUG)
    loggers = [logging.getLogger(name) for name in ("", "raincheck", "django", "django.request", "django.security")]
    for logger in loggers:
        logger.addHandler(handler)
    yield records
    for logger in loggers:
        logger.removeHandler(handler)


def no_traceback(records) -> bool:
    return not any(r.exc_info or r.levelno >= logging.ERROR for r in records)


def csrf_client(user=None) -> tuple[Client, str]:
    """A browser-like client with its CSRF cookie, and the token its forms would carry."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    client.get(reverse("accounts:login") if user is None else reverse("interviews:create"))
    return client, client.cookies["csrftoken"].value


def multipart(*parts: str) -> bytes:
    body = "".join(f"--{BOUNDARY}\r\n{part}\r\n" for part in parts) + f"--{BOUNDARY}--\r\n"
    return body.encode()


def field(name: str, value: str) -> str:
    return f'Content-Disposition: form-data; name="{name}"\r\n\r\n{value}'


def a_file(name: str, size: int) -> str:
    return (
        f'Content-Disposition: form-data; name="{name}"; filename="big.bin"\r\n'
        f"Content-Type: application/octet-stream\r\n\r\n{'x' * size}"
    )


def assert_own_400_page(response):
    assert response.status_code == 400
    html = response.content.decode()
    assert "That request could not be handled" in html
    assert "RainCheck" in html and "Nothing was changed" in html


# --- Bodies Django cannot read ---------------------------------------------------------------


@pytest.mark.parametrize("url_name", LOGGED_OUT_FORMS)
def test_a_latin_1_form_post_is_a_400_page_with_no_traceback_logged(url_name, log_records):
    client, token = csrf_client()
    body = f"csrfmiddlewaretoken={token}&email=caf%E9%40example.com&username=caf%E9&password=x"

    response = client.generic(
        "POST", reverse(url_name), body, content_type="application/x-www-form-urlencoded; charset=latin-1"
    )

    assert_own_400_page(response)
    assert "could not be read" in response.content.decode()
    assert no_traceback(log_records)
    assert not User.objects.exclude(email__startswith="user").exists()


def test_a_latin_1_post_of_a_logged_in_form_is_a_400_and_adds_nothing(user, log_records):
    client, token = csrf_client(user)

    response = client.generic(
        "POST",
        reverse("interviews:create"),
        f"csrfmiddlewaretoken={token}&company=Caf%E9",
        content_type="application/x-www-form-urlencoded; charset=latin-1",
    )

    assert_own_400_page(response)
    assert no_traceback(log_records)
    assert not Interview.objects.exists()


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    "body",
    [
        b'--raincheckboundary\r\nContent-Disposition: form-data; name="a"\r\n\r\nno end',
        b"--raincheckboundary\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--raincheckboundary--\r\n",
        b"not multipart at all",
    ],
    ids=["unterminated", "no-field-name", "garbage"],
)
def test_a_malformed_multipart_body_is_a_400_with_no_traceback(body, log_records):
    client = Client(raise_request_exception=False)

    response = client.generic("POST", "/upload/", body, content_type=f"multipart/form-data; boundary={BOUNDARY}")

    assert response.status_code in (200, 400)  # Django reads some broken bodies as empty forms
    if response.status_code == 400:
        assert_own_400_page(response)
    assert no_traceback(log_records)


@pytest.mark.urls(__name__)
def test_a_multipart_body_without_a_boundary_is_a_400(log_records):
    response = Client(raise_request_exception=False).generic(
        "POST", "/upload/", b"--x\r\n", content_type="multipart/form-data"
    )

    assert_own_400_page(response)
    assert no_traceback(log_records)


def test_a_file_sent_to_a_form_that_takes_none_is_refused_before_it_is_stored(client, log_records, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # anything bigger would go to a temporary file
    body = multipart(field("email", "someone@example.com"), a_file("attachment", 50_000))

    response = client.generic(
        "POST", reverse("accounts:signup"), body, content_type=f"multipart/form-data; boundary={BOUNDARY}"
    )

    assert_own_400_page(response)
    assert "does not take files" in response.content.decode()
    assert no_traceback(log_records)


@pytest.mark.urls(__name__)
def test_a_view_that_takes_files_still_gets_them():
    body = multipart(field("note", "hi"), a_file("upload", 10))

    response = Client().generic("POST", "/upload/", body, content_type=f"multipart/form-data; boundary={BOUNDARY}")

    assert response.content == b"1 files"


def test_multipart_without_a_file_is_read_as_a_form(client):
    # Django's test client (and some tools) send every form as multipart.
    response = client.post(reverse("accounts:signup"), {"email": "someone@example.com"})

    assert response.status_code == 302


def test_a_body_over_the_size_limit_is_a_400_and_saves_nothing(user, log_records, settings):
    client = Client()
    client.force_login(user)

    response = client.post(
        reverse("interviews:create"),
        {"company": "Acme", "notes": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)},
        content_type="application/x-www-form-urlencoded",
    )

    assert_own_400_page(response)
    assert "larger than any RainCheck form takes" in response.content.decode()
    assert no_traceback(log_records)
    assert not Interview.objects.exists()


# --- The site's own error pages ----------------------------------------------------------------


def test_a_missing_page_is_the_sites_own_404(client):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.urls(__name__)
def test_a_bug_in_a_view_is_the_sites_own_500_page(client):
    response = Client(raise_request_exception=False).get("/boom/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_a_post_without_a_csrf_token_gets_the_sites_own_page():
    response = Client(enforce_csrf_checks=True).post(reverse("accounts:signup"), {"email": "a@example.com"})

    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()


# --- Volume: per-client rate limits ----------------------------------------------------------------


def test_the_eleventh_sign_up_in_an_hour_from_one_client_gets_a_clear_429(after_commit):
    client = Client()
    with after_commit():
        statuses = [
            client.post(reverse("accounts:signup"), {"email": f"n{i}@example.com"}).status_code for i in range(11)
        ]

    assert statuses == [302] * 10 + [429]
    response = client.post(reverse("accounts:signup"), {"email": "more@example.com"})
    assert "too many sign-up requests" in response.content.decode()
    assert "try again in an hour" in response.content.decode()
    assert response["Retry-After"] == "3600"
    # Another client is not held back.
    other = Client(REMOTE_ADDR="203.0.113.7")
    assert other.post(reverse("accounts:signup"), {"email": "other@example.com"}).status_code == 302


def test_the_eleventh_reset_request_in_an_hour_gets_a_429(user):
    client = Client()
    statuses = [client.post(reverse("accounts:password_reset"), {"email": user.email}).status_code for _ in range(11)]

    assert statuses == [302] * 10 + [429]


def test_new_interviews_are_limited_per_client(user, settings):
    settings.RAINCHECK_RATE_LIMITS = {**settings.RAINCHECK_RATE_LIMITS, "interview_create": (3, 3600)}
    client = Client()
    client.force_login(user)
    data = {"company": "Acme", "time": "10:00", "time_zone": "UTC", "duration_minutes": "60"}
    # A day apart, so none clashes with the one before (a clash asks to confirm first).
    days = [(timezone.now() + dt.timedelta(days=10 + n)).date().isoformat() for n in range(4)]

    statuses = [client.post(reverse("interviews:create"), {**data, "date": day}).status_code for day in days]

    assert statuses == [302, 302, 302, 429]
    assert Interview.objects.count() == 3
    assert client.get(reverse("interviews:create")).status_code == 200  # the form itself still opens


def test_behind_a_proxy_the_limit_counts_the_forwarded_client(settings):
    settings.RAINCHECK_TRUSTED_PROXIES = 1
    settings.RAINCHECK_RATE_LIMITS = {**settings.RAINCHECK_RATE_LIMITS, "signup": (1, 3600)}
    proxy = Client(REMOTE_ADDR="10.0.0.1")

    first = proxy.post(reverse("accounts:signup"), {"email": "a@example.com"}, HTTP_X_FORWARDED_FOR="198.51.100.1")
    same = proxy.post(
        reverse("accounts:signup"), {"email": "b@example.com"}, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.1"
    )
    other = proxy.post(reverse("accounts:signup"), {"email": "c@example.com"}, HTTP_X_FORWARDED_FOR="198.51.100.2")

    assert (first.status_code, same.status_code, other.status_code) == (302, 429, 302)
