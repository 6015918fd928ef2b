"""The verification link: valid 3 days, signed, tied to the address; resend from the banner."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.tokens import make_unsubscribe_token, make_verification_token, verification_url
from interviews.models import Reminder
from tests.factories import InterviewFactory, UserFactory

pytestmark = pytest.mark.django_db

RESEND = reverse("accounts:verification_resend")


@pytest.fixture
def unverified():
    """An account made before sign-up verified by its link: it keeps the banner and the resend."""
    return UserFactory(email_verified_at=None)


@pytest.fixture
def resend(after_commit):
    def resend(client):
        with after_commit():
            return client.post(RESEND)

    return resend


def verify_path(token: str) -> str:
    return reverse("accounts:verify", args=[token])


def test_verification_url_is_absolute_from_the_site_url(settings, unverified):
    settings.RAINCHECK_SITE_URL = "https://raincheck.example"

    assert verification_url(unverified).startswith("https://raincheck.example/accounts/verify/")


def test_a_valid_link_verifies_without_logging_in(client, unverified):
    response = client.get(verify_path(make_verification_token(unverified)))

    assert response.status_code == 200
    unverified.refresh_from_db()
    assert unverified.email_verified_at is not None


def test_the_page_after_verifying_no_longer_shows_the_banner(client, unverified):
    client.force_login(unverified)

    html = client.get(verify_path(make_verification_token(unverified))).content.decode()

    assert "your address is verified" in html
    assert "Please verify your e-mail address" not in html


def test_a_link_two_days_and_23_hours_old_still_verifies(client, unverified):
    token = make_verification_token(unverified)
    with time_machine.travel(timezone.now() + dt.timedelta(days=2, hours=23)):
        response = client.get(verify_path(token))

    assert response.status_code == 200
    unverified.refresh_from_db()
    assert unverified.email_verified_at is not None


def test_a_tampered_link_shows_a_clear_page_and_changes_nothing(client, unverified):
    token = make_verification_token(unverified)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")

    response = client.get(verify_path(tampered))

    assert response.status_code == 400
    assert "This verification link does not work" in response.content.decode()
    unverified.refresh_from_db()
    assert unverified.email_verified_at is None


def test_garbage_in_place_of_a_token_shows_the_clear_page(client, unverified):
    response = client.get(verify_path("not-a-token:at:all"))

    assert response.status_code == 400
    assert "This verification link does not work" in response.content.decode()


def test_a_link_older_than_three_days_is_refused_as_expired(client, unverified):
    token = make_verification_token(unverified)
    with time_machine.travel(timezone.now() + dt.timedelta(days=3, minutes=1)):
        response = client.get(verify_path(token))

    assert response.status_code == 400
    assert "has expired" in response.content.decode()
    unverified.refresh_from_db()
    assert unverified.email_verified_at is None


def test_a_link_for_an_address_that_changed_since_is_refused(client, unverified):
    token = make_verification_token(unverified)
    unverified.email = "changed@example.com"
    unverified.save()

    response = client.get(verify_path(token))

    assert response.status_code == 400
    unverified.refresh_from_db()
    assert unverified.email_verified_at is None


def test_an_unsubscribe_token_does_not_verify(client, unverified):
    response = client.get(verify_path(make_unsubscribe_token(unverified)))

    assert response.status_code == 400
    unverified.refresh_from_db()
    assert unverified.email_verified_at is None


def test_verifying_changes_only_the_tokens_own_account(client, unverified):
    bystander = UserFactory(email_verified_at=None)
    client.force_login(bystander)

    client.get(verify_path(make_verification_token(unverified)))

    bystander.refresh_from_db()
    unverified.refresh_from_db()
    assert unverified.email_verified_at is not None
    assert bystander.email_verified_at is None


def test_verifying_plans_the_reminders_of_upcoming_interviews(client, unverified):
    interview = InterviewFactory(owner=unverified, scheduled_at=timezone.now() + dt.timedelta(days=5))
    assert not Reminder.objects.filter(interview=interview).exists()

    client.get(verify_path(make_verification_token(unverified)))

    kinds = set(Reminder.objects.filter(interview=interview).pending().values_list("kind", flat=True))
    assert kinds == {"decide_now", "closes_soon"}


def test_verify_is_get_only(client, unverified):
    response = client.post(verify_path(make_verification_token(unverified)))

    assert response.status_code == 405
    unverified.refresh_from_db()
    assert unverified.email_verified_at is None


# --- Resend -----------------------------------------------------------------------


def test_the_banner_asks_an_unverified_user_to_verify(client, unverified):
    client.force_login(unverified)

    html = client.get(reverse("accounts:settings")).content.decode()

    assert "Please verify your e-mail address" in html
    assert f'action="{RESEND}"' in html


def test_resend_sends_a_new_working_link(client, unverified, resend):
    client.force_login(unverified)

    response = resend(client)

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [unverified.email]
    link = re.search(r"http://testserver(/accounts/verify/\S+/)", mail.outbox[0].body).group(1)
    client.logout()
    assert client.get(link).status_code == 200
    unverified.refresh_from_db()
    assert unverified.email_verified_at is not None


def test_resend_twice_within_a_minute_sends_one_email(client, unverified, resend):
    client.force_login(unverified)

    resend(client)
    resend(client)

    assert len(mail.outbox) == 1


def test_resend_after_a_minute_sends_again(client, unverified, resend):
    client.force_login(unverified)
    resend(client)

    with time_machine.travel(timezone.now() + dt.timedelta(seconds=61)):
        resend(client)

    assert len(mail.outbox) == 2


def test_resend_for_a_verified_address_sends_nothing(client_logged_in, resend):
    resend(client_logged_in)

    assert mail.outbox == []


def test_resend_by_get_is_refused(client, unverified):
    client.force_login(unverified)

    response = client.get(RESEND)

    assert response.status_code == 405
    assert mail.outbox == []


def test_resend_needs_a_log_in(client, resend):
    response = resend(client)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert mail.outbox == []


def test_resend_from_two_sessions_within_a_minute_sends_one_email(unverified, resend):
    """The limit is per account, not per session: logging in again does not buy another e-mail."""
    first, second = Client(), Client()
    first.force_login(unverified)
    second.force_login(unverified)

    resend(first)
    resend(second)

    assert len(mail.outbox) == 1
