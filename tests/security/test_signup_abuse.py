"""Nobody can make RainCheck send reminders to a stranger, and the signed links hold.

Reminders go to verified addresses only (planning and delivery both check); the
verification link (3 days) and the one-click unsubscribe link (90 days) are signed,
expire, act only on their own account, and a tampered, foreign or expired one gets a
page that says so, never a 500.
"""

import datetime as dt
import re
from urllib.parse import quote

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import User
from accounts.tokens import make_unsubscribe_token, make_verification_token
from interviews.delivery import SKIP_UNVERIFIED
from interviews.models import Interview, Reminder
from tests.factories import InterviewFactory, UserFactory
from tests.security.hostile import hostile_text
from tests.security.world import rolled_back, state_difference, stored_state

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)
STRANGER = "stranger@example.org"


def travel(moment):
    return time_machine.travel(moment, tick=False)


def reminder_emails():
    return [m for m in mail.outbox if "left to give notice" in m.subject]


def sweep_hourly(start, hours):
    """Run `send_due_reminders` (the cron entry) once an hour, as a deployment would."""
    for hour in range(hours + 1):
        with travel(start + dt.timedelta(hours=hour)):
            call_command("send_due_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115


# --- Reminders only to verified addresses ------------------------------------------------


def test_signing_up_with_a_strangers_address_makes_no_account_and_sends_them_no_reminder(after_commit):
    """Sign-up only e-mails the address a link: without its click there is no account to remind."""
    client = Client()
    with travel(T0):
        with after_commit():
            response = client.post(reverse("accounts:signup"), {"email": STRANGER})
        assert response.status_code == 302
        # The sign-up did not log anyone in: there is nothing to add interviews to.
        response = client.get(reverse("interviews:create"))
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))

    assert not User.objects.filter(email=STRANGER).exists()
    sweep_hourly(T0, hours=5 * 24)
    assert reminder_emails() == []
    assert [m.subject for m in mail.outbox] == ["Finish signing up for RainCheck"]


def test_signing_up_with_a_registered_strangers_address_changes_nothing_on_their_account(after_commit):
    with travel(T0):
        stranger = UserFactory(email=STRANGER, name="The Stranger")
        before = stored_state()
        with after_commit():
            Client().post(reverse("accounts:signup"), {"email": STRANGER.upper()})

    after = stored_state()
    # Only the throttle's record of the notice moved; the account itself is as it was.
    (row_before,), (row_after,) = before["accounts.User"], after["accounts.User"]
    assert {k for k in row_after if row_after[k] != row_before[k]} == {"account_notice_sent_at"}
    assert row_after["account_notice_sent_at"] == T0
    assert not state_difference(
        {**before, "accounts.User": [], "outbox": []}, {**after, "accounts.User": [], "outbox": []}
    )
    assert [m.subject for m in mail.outbox] == ["You have a RainCheck account already"]
    stranger.refresh_from_db()
    assert stranger.check_password("correct horse battery")


def test_verifying_the_address_is_what_starts_the_reminders():
    with travel(T0):
        user = UserFactory(email_verified_at=None)
        InterviewFactory(owner=user, scheduled_at=T0 + dt.timedelta(days=4), now=T0)
        assert not Reminder.objects.filter(interview__owner=user).exists()

        response = Client().get(reverse("accounts:verify", args=[make_verification_token(user)]))
    assert response.status_code == 200

    sweep_hourly(T0, hours=4 * 24)

    assert [m.to for m in reminder_emails()] == [[user.email], [user.email]]


def test_a_reminder_planned_before_the_address_lost_its_verification_is_not_sent():
    with travel(T0):
        user = UserFactory(email_verified_at=T0)
        interview = InterviewFactory(owner=user, scheduled_at=T0 + dt.timedelta(days=4), now=T0)
    assert Reminder.objects.filter(interview=interview).count() == 2
    # E.g. staff cleared the verification in admin: no replan ran, the reminders are still pending.
    User.objects.filter(pk=user.pk).update(email_verified_at=None)

    sweep_hourly(T0, hours=4 * 24)

    assert reminder_emails() == []
    skipped = Reminder.objects.filter(interview=interview)
    assert {r.skip_reason for r in skipped} == {SKIP_UNVERIFIED}
    assert all(r.sent_at is None for r in skipped)


def test_asking_again_and_again_sends_at_most_one_verification_email_a_minute(after_commit):
    user = UserFactory(email_verified_at=None)
    client = Client()

    with travel(T0):
        client.force_login(user)
        for _ in range(5):
            with after_commit():
                client.post(reverse("accounts:verification_resend"))
    with travel(T0 + dt.timedelta(seconds=61)), after_commit():
        client.post(reverse("accounts:verification_resend"))

    assert [m.to for m in mail.outbox] == [[user.email], [user.email]]


# --- The verification link ------------------------------------------------------------------


def _verify(token, client=None):
    return (client or Client()).get(reverse("accounts:verify", args=[token]))


def test_the_verification_link_works_for_3_days():
    with travel(T0):
        user = UserFactory(email_verified_at=None)
        token = make_verification_token(user)

    with travel(T0 + dt.timedelta(days=3) - dt.timedelta(minutes=1)):
        response = _verify(token)

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.email_verified_at is not None


def test_an_expired_verification_link_gets_a_clear_page_and_verifies_nothing():
    with travel(T0):
        user = UserFactory(email_verified_at=None)
        token = make_verification_token(user)

    with travel(T0 + dt.timedelta(days=3, minutes=1)):
        response = _verify(token)

    assert response.status_code == 400
    assert "The link has expired: verification links are valid for 3 days." in response.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is None


def _tampered(token: str) -> list[str]:
    """The token with its payload, its timestamp or its signature changed, and cut short."""
    payload, stamp, signature = token.split(":")
    flip = {"A": "B", "B": "A"}
    return [
        f"{payload[:-1]}{flip.get(payload[-1], 'A')}:{stamp}:{signature}",
        f"{payload}:{stamp[:-1]}{flip.get(stamp[-1], 'A')}:{signature}",
        f"{payload}:{stamp}:{signature[:-1]}{flip.get(signature[-1], 'A')}",
        token[: len(token) // 2],
        f"{payload}::{signature}",
    ]


def test_a_tampered_verification_link_gets_a_clear_page_and_verifies_nothing():
    user = UserFactory(email_verified_at=None)
    for token in _tampered(make_verification_token(user)):
        response = _verify(token)

        assert response.status_code == 400, token
        assert "The link is incomplete or was changed" in response.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_a_verification_link_verifies_only_its_own_account_and_address():
    user, other = UserFactory(email_verified_at=None), UserFactory(email_verified_at=None)
    token = make_verification_token(user)
    # The address changes after the link was sent: the old link no longer verifies anything.
    User.objects.filter(pk=user.pk).update(email="new.address@example.com")

    assert _verify(token).status_code == 400
    # An unsubscribe token is signed for another purpose.
    assert _verify(make_unsubscribe_token(other)).status_code == 400
    assert not User.objects.filter(email_verified_at__isnull=False, pk__in=[user.pk, other.pk]).exists()


def test_the_link_in_the_signup_email_is_signed_absolute_and_opens_only_for_its_address(client, after_commit):
    with after_commit():
        client.post(reverse("accounts:signup"), {"email": "fresh@example.com"})
    (message,) = mail.outbox
    link = re.search(r"http://testserver(/accounts/signup/finish/([^/\s]+)/)", message.body)
    assert link is not None, "no absolute sign-up link in the e-mail"
    assert len(link.group(2).split(":")) == 3  # payload, timestamp, signature

    Client().post(
        link.group(1),
        {"password1": "a long enough passphrase", "password2": "a long enough passphrase", "time_zone": "UTC"},
    )

    (user,) = User.objects.all()
    assert user.email == "fresh@example.com"
    assert user.email_verified_at is not None


def test_the_link_in_the_verification_email_is_signed_and_absolute(client, after_commit):
    user = UserFactory(email_verified_at=None)
    client.force_login(user)
    with after_commit():
        client.post(reverse("accounts:verification_resend"))
    (message,) = mail.outbox
    link = re.search(r"http://testserver(/accounts/verify/([^/\s]+)/)", message.body)
    assert link is not None, "no absolute verification link in the e-mail"
    assert len(link.group(2).split(":")) == 3  # payload, timestamp, signature
    assert Client().get(link.group(1)).status_code == 200
    user.refresh_from_db()
    assert user.email_verified_at is not None


# --- The unsubscribe link -----------------------------------------------------------------


def _unsubscribe(token, method="post"):
    # RFC 8058: the mail provider POSTs without cookies or a CSRF token.
    client = Client(enforce_csrf_checks=True)
    url = reverse("accounts:unsubscribe", args=[token])
    if method == "post":
        return client.post(url, {"List-Unsubscribe": "One-Click"})
    return client.get(url)


def test_one_click_unsubscribe_works_for_90_days_without_log_in_or_csrf():
    with travel(T0):
        user = UserFactory(reminders_enabled=True)
        bystander = UserFactory(reminders_enabled=True)
        interview = InterviewFactory(owner=user, scheduled_at=T0 + dt.timedelta(days=100), now=T0)
        token = make_unsubscribe_token(user)
    assert Reminder.objects.filter(interview=interview).pending().exists()

    with travel(T0 + dt.timedelta(days=90) - dt.timedelta(minutes=1)):
        response = _unsubscribe(token)

    assert response.status_code == 200
    user.refresh_from_db()
    bystander.refresh_from_db()
    assert user.reminders_enabled is False
    assert bystander.reminders_enabled is True, "the link switched off someone else's reminders"
    assert not Reminder.objects.filter(interview=interview).pending().exists()


def test_the_unsubscribe_page_by_get_only_asks_and_changes_nothing():
    user = UserFactory(reminders_enabled=True)
    response = _unsubscribe(make_unsubscribe_token(user), method="get")

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.reminders_enabled is True


def test_an_expired_unsubscribe_link_gets_a_clear_page_and_changes_nothing():
    with travel(T0):
        user = UserFactory(reminders_enabled=True)
        token = make_unsubscribe_token(user)

    with travel(T0 + dt.timedelta(days=90, minutes=1)):
        responses = [_unsubscribe(token), _unsubscribe(token, method="get")]

    for response in responses:
        assert response.status_code == 400
        assert "The link has expired: unsubscribe links are valid for 90 days." in response.content.decode()
    user.refresh_from_db()
    assert user.reminders_enabled is True


def test_a_tampered_or_foreign_unsubscribe_link_gets_a_clear_page_and_changes_nothing():
    user = UserFactory(reminders_enabled=True)
    tokens = [*_tampered(make_unsubscribe_token(user)), make_verification_token(user)]
    for token in tokens:
        response = _unsubscribe(token)

        assert response.status_code == 400, token
        assert "The link is incomplete or was changed, so nothing was changed." in response.content.decode()
    user.refresh_from_db()
    assert user.reminders_enabled is True


def test_an_unsubscribe_link_of_a_deleted_account_gets_a_clear_page():
    user = UserFactory()
    token = make_unsubscribe_token(user)
    user.delete()

    response = _unsubscribe(token)

    assert response.status_code == 400


# --- Any garbage in the token ----------------------------------------------------------


token_text = st.one_of(
    hostile_text,
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=2000),
    st.from_regex(r"[A-Za-z0-9_\-]{1,60}:[A-Za-z0-9]{1,8}:[A-Za-z0-9_\-]{1,60}", fullmatch=True),
).filter(lambda t: t.strip("/") != "")


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


@given(token=token_text, route=st.sampled_from(["accounts:verify", "accounts:unsubscribe"]))
def test_any_token_gets_a_clear_page_and_changes_nothing(csrf_client, token, route):
    client = csrf_client
    with rolled_back():
        user = UserFactory(email_verified_at=None, reminders_enabled=True)
        InterviewFactory(owner=user)
        before = stored_state()
        path = reverse(route, args=["TOKEN"]).replace("TOKEN", quote(token, safe=""))

        responses = [client.get(path)]
        if route == "accounts:unsubscribe":
            responses.append(client.post(path))

        for response in responses:
            assert response.status_code in (400, 404), response.status_code
        assert not state_difference(before, stored_state())


def test_a_token_from_another_site_key_is_refused(settings):
    user = UserFactory(email_verified_at=None)
    settings.SECRET_KEY = "another-installation-entirely"
    forged = make_verification_token(user)
    settings.SECRET_KEY = "tests-only-not-a-secret"

    assert _verify(forged).status_code == 400
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_no_interview_or_account_data_leaks_to_a_stranger_through_the_links():
    """The pages behind a valid link show nothing of the account's interviews."""
    user = UserFactory(email_verified_at=None)
    InterviewFactory(owner=user, company="Secret Employer GmbH")
    assert Interview.objects.filter(company="Secret Employer GmbH").exists()

    pages = [
        _verify(make_verification_token(user)).content.decode(),
        _unsubscribe(make_unsubscribe_token(user), method="get").content.decode(),
        _unsubscribe(make_unsubscribe_token(user)).content.decode(),
    ]

    for page in pages:
        assert "Secret Employer" not in page
