"""Sign-up: logged in at once, a verification e-mail whose link verifies the address."""

import datetime as dt
import re
import socket
from urllib.parse import urlsplit

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from interviews.models import Reminder
from tests.factories import InterviewFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = reverse("accounts:signup")


def signup_data(**overrides):
    data = {
        "email": "New.Person@Example.com",
        "name": "Nia Newcomer",
        "password1": "a long enough passphrase",
        "password2": "a long enough passphrase",
        "time_zone": "Europe/Berlin",
    }
    data.update(overrides)
    return data


def verification_link(message) -> str:
    return re.search(r"https?://\S+/accounts/verify/\S+/", message.body).group(0)


def test_signup_page_shows_labelled_form_with_utc_default_and_zone_list(client):
    response = client.get(SIGNUP)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and html.count("<h1") == 1
    for field_id, label in [
        ("id_email", "E-mail"),
        ("id_password1", "Password"),
        ("id_password2", "Password again"),
        ("id_time_zone", "Time zone"),
    ]:
        assert re.search(rf'<label\s+for="{field_id}"[^>]*>\s*{label}', html), field_id
    assert re.search(r'id="id_time_zone"[^>]*value="UTC"|value="UTC"[^>]*id="id_time_zone"', html)
    assert '<option value="America/New_York">' in html
    assert "js/timezone.js" in html
    assert "data-browser-time-zone" in html


def test_signup_logs_in_and_sends_the_verification_email(client):
    response = client.post(SIGNUP, signup_data())

    assert response.status_code == 302
    assert response.url == reverse("interviews:dashboard")
    user = User.objects.get()
    assert user.email == "new.person@example.com"
    assert user.name == "Nia Newcomer"
    assert user.time_zone == "Europe/Berlin"
    assert user.email_verified_at is None
    assert user.check_password("a long enough passphrase")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.com"]
    assert "Verify" in message.subject
    html_body, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    link = verification_link(message)
    assert link.startswith("http://testserver/accounts/verify/")
    assert link in html_body


def test_the_link_in_the_verification_email_verifies_the_address_and_plans_reminders(client):
    client.post(SIGNUP, signup_data())
    user = User.objects.get()
    interview = InterviewFactory(owner=user, scheduled_at=timezone.now() + dt.timedelta(days=4))
    assert not Reminder.objects.filter(interview=interview).exists()  # unverified: no reminders yet
    client.logout()

    response = client.get(urlsplit(verification_link(mail.outbox[0])).path)

    assert response.status_code == 200
    assert "your address is verified" in response.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is not None
    assert Reminder.objects.filter(interview=interview).pending().count() == 2


def test_a_second_visit_of_the_verification_link_keeps_the_first_verification_time(client):
    client.post(SIGNUP, signup_data())
    path = urlsplit(verification_link(mail.outbox[0])).path
    client.get(path)
    first = User.objects.get().email_verified_at

    response = client.get(path)

    assert response.status_code == 200
    assert "verified already" in response.content.decode()
    assert User.objects.get().email_verified_at == first


def test_signup_pre_selected_zone_is_replaced_by_what_the_user_submits(client):
    client.post(SIGNUP, signup_data(time_zone="america/new_york"))

    assert User.objects.get().time_zone == "America/New_York"


def test_signup_with_an_unknown_time_zone_is_refused(client):
    response = client.post(SIGNUP, signup_data(time_zone="Mars/Olympus_Mons"))

    assert response.status_code == 200
    assert "is not a time zone we know" in response.content.decode()
    assert not User.objects.exists()
    assert mail.outbox == []


def test_signup_with_a_taken_address_in_other_case_is_refused(client):
    UserFactory(email="new.person@example.com")

    response = client.post(SIGNUP, signup_data(email="NEW.person@example.com"))

    assert "exists already" in response.content.decode()
    assert User.objects.count() == 1
    assert mail.outbox == []


def test_signup_with_two_different_passwords_is_refused(client):
    response = client.post(SIGNUP, signup_data(password2="another long passphrase"))

    assert "The two passwords differ" in response.content.decode()
    assert not User.objects.exists()


def test_signup_refuses_a_newline_in_the_name(client):
    response = client.post(SIGNUP, signup_data(name="Nia\nBcc: someone@example.com"))

    assert "without line breaks" in response.content.decode()
    assert not User.objects.exists()


def test_a_64_character_password_is_accepted(client):
    password = "correct horse battery staple and a few more words to reach 64!!!"
    assert len(password) == 64

    client.post(SIGNUP, signup_data(password1=password, password2=password))

    assert User.objects.get().check_password(password)


def test_a_very_long_passphrase_without_digits_or_symbols_is_accepted(client):
    password = "the rain in spain falls mainly on the plain " * 4

    client.post(SIGNUP, signup_data(password1=password, password2=password))

    assert User.objects.get().check_password(password)


@pytest.mark.parametrize(
    ("password", "message"),
    [("password", "too common"), ("k7#Qz!", "at least 8 characters")],
)
def test_a_common_or_short_password_is_refused(client, password, message):
    response = client.post(SIGNUP, signup_data(password1=password, password2=password))

    assert message in response.content.decode()
    assert not User.objects.exists()


def test_a_logged_in_user_is_sent_from_signup_to_the_dashboard(client_logged_in):
    response = client_logged_in.get(SIGNUP)

    assert response.status_code == 302
    assert response.url == reverse("interviews:dashboard")


def test_signup_succeeds_when_the_mail_server_is_down_and_says_so(client, settings):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False

    response = client.post(SIGNUP, signup_data())

    assert response.status_code == 302
    user = User.objects.get()
    assert int(client.session["_auth_user_id"]) == user.pk
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("could not send the verification e-mail" in m for m in shown)
