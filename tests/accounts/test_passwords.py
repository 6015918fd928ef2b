"""Password reset by e-mail (never revealing whether an address has an account) and password change."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

RESET = reverse("accounts:password_reset")
CHANGE = reverse("accounts:password_change")
OLD = "correct horse battery"  # UserFactory's
NEW = "a brand new passphrase for raincheck"


def reset_link(message) -> str:
    return re.search(r"https?://\S+/accounts/password/reset/\S+/\S+/", message.body).group(0)


@pytest.mark.parametrize("url_name", ["password_reset", "password_reset_done", "password_reset_complete"])
def test_password_reset_pages_work_logged_out(client, url_name):
    response = client.get(reverse(f"accounts:{url_name}"))

    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1


def test_reset_for_a_known_address_sends_a_link_that_sets_a_new_password(client, user):
    response = client.post(RESET, {"email": user.email.upper()})

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


def test_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client, user):
    known = client.post(RESET, {"email": user.email}, follow=True)
    mail.outbox.clear()

    unknown = client.post(RESET, {"email": "nobody-here@example.com"}, follow=True)

    assert mail.outbox == []
    assert unknown.redirect_chain == known.redirect_chain
    assert unknown.status_code == known.status_code == 200

    def main(response):
        html = response.content.decode()
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html[html.index("<main") :])

    assert main(unknown) == main(known)


def test_a_used_reset_link_is_refused_clearly(client, user):
    client.post(RESET, {"email": user.email})
    path = urlsplit(reset_link(mail.outbox[0])).path
    form_page = client.get(path, follow=True)
    client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})

    again = client.get(path, follow=True)

    assert "This reset link does not work" in again.content.decode()


def test_reset_refuses_a_common_new_password(client, user):
    client.post(RESET, {"email": user.email})
    form_page = client.get(urlsplit(reset_link(mail.outbox[0])).path, follow=True)

    response = client.post(form_page.redirect_chain[-1][0], {"new_password1": "password", "new_password2": "password"})

    assert "too common" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(OLD)


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
