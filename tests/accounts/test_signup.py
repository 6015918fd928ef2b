"""Sign-up: the address first, the same "check your inbox" page for every address, then a signed link.

For a new address the link opens the form that finishes sign-up (name, password, time
zone), makes the account with the address verified and logs in; for a registered
address the e-mail tells its owner and links to log-in and password reset.
"""

import datetime as dt
import re
import socket
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.tokens import make_signup_token
from interviews.models import Reminder
from tests.factories import InterviewFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = reverse("accounts:signup")
SENT = reverse("accounts:signup_sent")
NEW = "new.person@example.com"


def finish_data(**overrides):
    data = {
        "name": "Nia Newcomer",
        "password1": "a long enough passphrase",
        "password2": "a long enough passphrase",
        "time_zone": "Europe/Berlin",
    }
    data.update(overrides)
    return data


def finish_path(email=NEW) -> str:
    return reverse("accounts:signup_finish", args=[make_signup_token(email)])


def link_in(message, path_prefix: str) -> str:
    return re.search(rf"https?://\S+{path_prefix}\S+/", message.body).group(0)


def main_content(response) -> str:
    html = response.content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html[html.index("<main") :])


@pytest.fixture
def sign_up(client, after_commit):
    def sign_up(email, client=client):
        with after_commit():
            return client.post(SIGNUP, {"email": email}, follow=True)

    return sign_up


# --- The first step: only the address ---------------------------------------------------


def test_signup_page_asks_only_for_the_address(client):
    response = client.get(SIGNUP)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert re.search(r'<label\s+for="id_email"[^>]*>\s*E-mail', html)
    assert 'name="password1"' not in html and 'name="time_zone"' not in html


def test_a_new_address_gets_the_check_your_inbox_page_and_a_link_but_no_account_yet(sign_up):
    response = sign_up("New.Person@Example.com")

    assert response.redirect_chain == [(SENT, 302)]
    assert "Check your inbox" in response.content.decode()
    assert not User.objects.exists()
    (message,) = mail.outbox
    assert message.to == [NEW]
    assert "Finish signing up" in message.subject
    link = link_in(message, "/accounts/signup/finish/")
    assert link.startswith("http://testserver/accounts/signup/finish/")
    assert link in message.alternatives[0][0]


def test_a_registered_and_a_new_address_get_the_same_page(sign_up):
    UserFactory(email="taken@example.com")

    registered = sign_up("TAKEN@example.com")
    new = sign_up(NEW)

    assert registered.redirect_chain == new.redirect_chain == [(SENT, 302)]
    assert main_content(registered) == main_content(new)
    assert User.objects.count() == 1


def test_the_owner_of_a_registered_address_is_told_and_offered_log_in_and_reset(sign_up):
    owner = UserFactory(email="taken@example.com")

    sign_up("taken@example.com")

    (message,) = mail.outbox
    assert message.to == [owner.email]
    assert "account already" in message.subject
    assert "http://testserver/accounts/login/" in message.body
    assert "http://testserver/accounts/password/reset/" in message.body
    assert "/accounts/signup/finish/" not in message.body
    owner.refresh_from_db()
    assert owner.check_password("correct horse battery")  # nothing about the account changed


def test_the_signup_email_leaves_the_request_through_a_task_after_the_commit(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="taken@example.com")

    for email in ("taken@example.com", NEW):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            client.post(SIGNUP, {"email": email})

        # The request itself sends nothing and does the same for both: one task after the commit.
        assert mail.outbox == []
        assert len(callbacks) == 1


def test_asking_again_and_again_sends_one_email_in_five_minutes(sign_up):
    UserFactory(email="taken@example.com")
    for _ in range(4):
        sign_up(NEW, client=Client())
        sign_up("taken@example.com", client=Client())

    assert sorted(m.to[0] for m in mail.outbox) == ["new.person@example.com", "taken@example.com"]

    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5, seconds=1)):
        sign_up(NEW, client=Client())
        sign_up("taken@example.com", client=Client())
    assert len(mail.outbox) == 4


def test_in_development_the_page_says_emails_appear_on_the_console(client, settings):
    settings.DEBUG = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

    assert "appear on the console" in client.get(SENT).content.decode()


def test_in_production_the_page_does_not_mention_the_console(client):
    assert "console" not in client.get(SENT).content.decode()


def test_signup_with_a_malformed_address_is_refused_on_the_form(client):
    response = client.post(SIGNUP, {"email": "not an address"})

    assert response.status_code == 200
    assert "Enter a valid email address" in response.content.decode()
    assert mail.outbox == []


def test_a_logged_in_user_is_sent_from_signup_to_the_dashboard(client_logged_in):
    response = client_logged_in.get(SIGNUP)

    assert response.status_code == 302
    assert response.url == reverse("interviews:dashboard")


def test_the_signup_page_still_answers_when_the_mail_server_is_down(sign_up, settings):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False

    response = sign_up(NEW)

    assert response.redirect_chain == [(SENT, 302)]
    # The failed send gave the address its turn back: the next request sends at once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sign_up(NEW, client=Client())
    assert [m.to for m in mail.outbox] == [[NEW]]


# --- The second step: the link's form ----------------------------------------------------


def test_the_link_opens_a_labelled_form_with_a_utc_default_and_the_zone_list(client):
    response = client.get(finish_path())

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert NEW in html
    for field_id, label in [
        ("id_name", "Name"),
        ("id_password1", "Password"),
        ("id_password2", "Password again"),
        ("id_time_zone", "Time zone"),
    ]:
        assert re.search(rf'<label\s+for="{field_id}"[^>]*>\s*{label}', html), field_id
    assert re.search(r'id="id_time_zone"[^>]*value="UTC"|value="UTC"[^>]*id="id_time_zone"', html)
    assert '<option value="America/New_York">' in html
    assert "js/timezone.js" in html
    assert "data-browser-time-zone" in html
    assert "no-store" in response["Cache-Control"]


def test_the_emailed_link_finishes_sign_up_verified_and_logs_in(client, sign_up):
    sign_up("New.Person@Example.com")
    path = urlsplit(link_in(mail.outbox[0], "/accounts/signup/finish/")).path

    response = client.post(path, finish_data())

    assert response.status_code == 302
    assert response.url == reverse("interviews:dashboard")
    user = User.objects.get()
    assert user.email == NEW
    assert user.name == "Nia Newcomer"
    assert user.time_zone == "Europe/Berlin"
    assert user.email_verified_at is not None
    assert user.check_password("a long enough passphrase")
    assert int(client.session["_auth_user_id"]) == user.pk
    page = client.get(response.url).content.decode()
    assert "Welcome to RainCheck" in page
    assert "Please verify your e-mail address" not in page


def test_an_account_made_by_the_link_gets_reminders_from_its_first_interview(client):
    client.post(finish_path(), finish_data())
    user = User.objects.get()

    interview = InterviewFactory(owner=user, scheduled_at=timezone.now() + dt.timedelta(days=4))

    assert Reminder.objects.filter(interview=interview).pending().count() == 2


def test_the_link_after_the_account_was_made_says_so_and_makes_no_second_one(client):
    client.post(finish_path(), finish_data())
    client.logout()

    page = client.get(finish_path())
    again = client.post(finish_path(), finish_data(name="Someone Else"))

    assert "You have an account already" in page.content.decode()
    assert "You have an account already" in again.content.decode()
    assert User.objects.get().name == "Nia Newcomer"


def test_the_link_works_for_three_days(client):
    token_path = finish_path()
    with time_machine.travel(timezone.now() + dt.timedelta(days=3) - dt.timedelta(minutes=1)):
        response = client.post(token_path, finish_data())

    assert response.status_code == 302
    assert User.objects.filter(email=NEW).exists()


def test_an_expired_link_gets_a_clear_page_and_makes_no_account(client):
    token_path = finish_path()
    with time_machine.travel(timezone.now() + dt.timedelta(days=3, minutes=1)):
        responses = [client.get(token_path), client.post(token_path, finish_data())]

    for response in responses:
        assert response.status_code == 400
        assert "sign-up links are valid for 3 days" in response.content.decode()
    assert not User.objects.exists()


def test_a_tampered_link_gets_a_clear_page_and_makes_no_account(client):
    token = make_signup_token(NEW)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")

    response = client.post(reverse("accounts:signup_finish", args=[tampered]), finish_data())

    assert response.status_code == 400
    assert "This sign-up link does not work" in response.content.decode()
    assert not User.objects.exists()


def test_the_pre_selected_zone_is_replaced_by_what_the_user_submits(client):
    client.post(finish_path(), finish_data(time_zone="america/new_york"))

    assert User.objects.get().time_zone == "America/New_York"


def test_an_unknown_time_zone_is_refused(client):
    response = client.post(finish_path(), finish_data(time_zone="Mars/Olympus_Mons"))

    assert response.status_code == 200
    assert "is not a time zone we know" in response.content.decode()
    assert not User.objects.exists()


def test_two_different_passwords_are_refused(client):
    response = client.post(finish_path(), finish_data(password2="another long passphrase"))

    assert "The two passwords differ" in response.content.decode()
    assert not User.objects.exists()


def test_a_newline_in_the_name_is_refused(client):
    response = client.post(finish_path(), finish_data(name="Nia\nBcc: someone@example.com"))

    assert "without line breaks" in response.content.decode()
    assert not User.objects.exists()


def test_a_64_character_password_is_accepted(client):
    password = "correct horse battery staple and a few more words to reach 64!!!"
    assert len(password) == 64

    client.post(finish_path(), finish_data(password1=password, password2=password))

    assert User.objects.get().check_password(password)


def test_a_very_long_passphrase_without_digits_or_symbols_is_accepted(client):
    password = "the rain in spain falls mainly on the plain " * 4

    client.post(finish_path(), finish_data(password1=password, password2=password))

    assert User.objects.get().check_password(password)


@pytest.mark.parametrize(
    ("password", "message"),
    [("password", "too common"), ("k7#Qz!", "at least 8 characters"), ("new.person", "too similar")],
)
def test_a_common_short_or_address_like_password_is_refused(client, password, message):
    response = client.post(finish_path(), finish_data(password1=password, password2=password))

    assert message in response.content.decode()
    assert not User.objects.exists()


def test_a_logged_in_user_opening_a_link_keeps_their_session_and_makes_no_account(client_logged_in, user):
    response = client_logged_in.post(finish_path(), finish_data())

    assert response.status_code == 302
    assert int(client_logged_in.session["_auth_user_id"]) == user.pk
    assert not User.objects.filter(email=NEW).exists()
