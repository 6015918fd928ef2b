"""Password reset by e-mail (never revealing whether an address has an account) and password change."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RESET = reverse("accounts:password_reset")
CHANGE = reverse("accounts:password_change")
OLD = "correct horse battery"  # UserFactory's
NEW = "a brand new passphrase for raincheck"


def reset_link(message) -> str:
    return re.search(r"https?://\S+/accounts/password/reset/\S+/\S+/", message.body).group(0)


@pytest.fixture
def ask_reset(client, after_commit):
    """POST the reset form and run the task it leaves for after the commit."""

    def ask_reset(email, client=client, **kwargs):
        with after_commit():
            return client.post(RESET, {"email": email}, **kwargs)

    return ask_reset


def set_new_password(client, message, password=NEW):
    form_page = client.get(urlsplit(reset_link(message)).path, follow=True)
    return client.post(form_page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})


@pytest.mark.parametrize("url_name", ["password_reset", "password_reset_done", "password_reset_complete"])
def test_password_reset_pages_work_logged_out(client, url_name):
    response = client.get(reverse(f"accounts:{url_name}"))

    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1


def test_reset_for_a_known_address_sends_a_link_that_sets_a_new_password(client, user, ask_reset):
    response = ask_reset(user.email.upper())

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    link = reset_link(message)
    assert link.startswith("http://testserver/")
    assert link in message.alternatives[0][0]

    # Django swaps the token for a session marker and redirects to the form.
    form_page = client.get(urlsplit(link).path, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    assert done.url == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW)


def test_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client, user, ask_reset):
    known = ask_reset(user.email, follow=True)
    mail.outbox.clear()

    unknown = ask_reset("nobody-here@example.com", follow=True)

    assert mail.outbox == []
    assert unknown.redirect_chain == known.redirect_chain
    assert unknown.status_code == known.status_code == 200

    def main(response):
        html = response.content.decode()
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html[html.index("<main") :])

    assert main(unknown) == main(known)


def test_a_used_reset_link_is_refused_clearly(client, user, ask_reset):
    ask_reset(user.email)
    path = urlsplit(reset_link(mail.outbox[0])).path
    set_new_password(client, mail.outbox[0])

    again = client.get(path, follow=True)

    assert "This reset link does not work" in again.content.decode()


def test_reset_refuses_a_common_new_password(client, user, ask_reset):
    ask_reset(user.email)
    form_page = client.get(urlsplit(reset_link(mail.outbox[0])).path, follow=True)

    response = client.post(form_page.redirect_chain[-1][0], {"new_password1": "password", "new_password2": "password"})

    assert "too common" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(OLD)


# --- Abuse: a reset cannot be used to flood an inbox or to tell accounts apart --------------


def test_ten_reset_requests_for_one_address_send_one_email(user, ask_reset):
    for _ in range(10):
        ask_reset(user.email, client=Client())

    assert [m.to for m in mail.outbox] == [[user.email]]


def test_a_reset_request_five_minutes_later_sends_again(user, ask_reset):
    ask_reset(user.email)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5, seconds=1)):
        ask_reset(user.email, client=Client())

    assert len(mail.outbox) == 2


def test_the_reset_email_is_not_sent_inside_the_request(client, user, django_capture_on_commit_callbacks):
    """The request only queues a task after its commit, for any address: its time cannot tell them apart."""
    for email in (user.email, "nobody-here@example.com"):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = client.post(RESET, {"email": email})

        assert response.status_code == 302
        assert mail.outbox == []
        assert len(callbacks) == 1

    callbacks[0]()  # the unknown address's task, run as the worker would: nothing to send
    assert mail.outbox == []


def test_the_reset_limit_is_per_account_not_per_address_typed(user, ask_reset):
    other = UserFactory()
    ask_reset(user.email.upper())
    ask_reset(user.email)
    ask_reset(other.email)

    assert sorted(m.to[0] for m in mail.outbox) == sorted([user.email, other.email])


def test_a_successful_reset_lifts_the_log_in_lock_out(user, ask_reset):
    attacker = Client()
    for _ in range(5):
        attacker.post(reverse("accounts:login"), {"username": user.email, "password": "a wrong guess"})
    locked = Client().post(reverse("accounts:login"), {"username": user.email, "password": OLD})
    assert locked.status_code == 429
    assert "choosing a new password lifts the lock" in locked.content.decode()

    owner = Client()
    ask_reset(user.email, client=owner)
    set_new_password(owner, mail.outbox[0])

    assert not AccessAttempt.objects.filter(username=user.email).exists()
    response = Client().post(reverse("accounts:login"), {"username": user.email, "password": NEW})
    assert response.status_code == 302


# --- Password change ---------------------------------------------------------------------


def test_password_change_with_the_old_password(client_logged_in, user):
    assert client_logged_in.get(CHANGE).status_code == 200

    response = client_logged_in.post(CHANGE, {"old_password": OLD, "new_password1": NEW, "new_password2": NEW})

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change_done")
    user.refresh_from_db()
    assert user.check_password(NEW)
    # Still logged in on this device.
    assert int(client_logged_in.session["_auth_user_id"]) == user.pk


def test_password_change_with_a_wrong_old_password_changes_nothing(client_logged_in, user):
    response = client_logged_in.post(
        CHANGE, {"old_password": "a wrong guess", "new_password1": NEW, "new_password2": NEW}
    )

    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(OLD)


def test_password_change_accepts_64_characters_and_refuses_password(client_logged_in, user):
    refused = client_logged_in.post(
        CHANGE, {"old_password": OLD, "new_password1": "password", "new_password2": "password"}
    )
    assert "too common" in refused.content.decode()

    long_password = "x" * 30 + " long enough and then some more words " + "y" * 30
    client_logged_in.post(CHANGE, {"old_password": OLD, "new_password1": long_password, "new_password2": long_password})

    assert User.objects.get(pk=user.pk).check_password(long_password)


def test_password_change_needs_a_log_in(client):
    response = client.get(CHANGE)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
