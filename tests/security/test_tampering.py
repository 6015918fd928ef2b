"""Requests a browser would never send: extra form fields, foreign redirects, probing for accounts."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import User
from accounts.tokens import make_signup_token
from interviews.choices import Status
from interviews.models import Interview
from tests.factories import InterviewFactory
from tests.security.hostile import hostile_text
from tests.security.routes import project_routes, route_urls
from tests.security.world import interviews_in_every_state, rolled_back

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"  # tests.factories.UserFactory's


# --- Fields the form does not offer ---------------------------------------------------


def test_an_interview_form_ignores_fields_it_does_not_offer(owner, intruder):
    client = Client()
    client.force_login(owner)
    interview = InterviewFactory(owner=owner)
    smuggled = {
        "owner": intruder.pk,
        "owner_id": intruder.pk,
        "status": Status.CANCELLED,
        "notice_given_at": "2020-01-01T00:00",
        "notice_deadline": "2099-01-01T00:00",
        "notice_late": "on",
        "plan": "cancel",
    }
    local = interview.local_scheduled_at
    fields = {
        "company": "Renamed",
        "date": local.date().isoformat(),
        "time": local.strftime("%H:%M"),
        "time_zone": interview.time_zone,
        "duration_minutes": "60",
    }

    assert client.post(reverse("interviews:edit", args=[interview.pk]), {**fields, **smuggled}).status_code == 302
    # A day later, so the new one does not clash with the first (a clash asks to confirm first).
    next_day = {**fields, "date": (local + dt.timedelta(days=1)).date().isoformat()}
    assert client.post(reverse("interviews:create"), {**next_day, **smuggled}).status_code == 302

    assert not Interview.objects.filter(owner=intruder).exists()
    for saved in Interview.objects.filter(owner=owner):
        assert saved.company == "Renamed"
        assert saved.status == Status.SCHEDULED
        assert saved.notice_given_at is None and not saved.notice_late and saved.plan == ""
        assert saved.notice_deadline == saved.scheduled_at - dt.timedelta(hours=24)


def test_the_settings_form_cannot_verify_an_address_or_grant_staff(owner):
    User.objects.filter(pk=owner.pk).update(email_verified_at=None)
    client = Client()
    client.force_login(owner)
    smuggled = {
        "email": "someone.else@example.com",
        "email_verified_at": "2020-01-01T00:00",
        "is_staff": "on",
        "is_superuser": "on",
        "is_active": "on",
    }

    response = client.post(
        reverse("accounts:settings"),
        {
            "name": "Olive",
            "time_zone": "UTC",
            "reminders_enabled": "on",
            "reminder_first_hours": "24",
            "reminder_second_hours": "3",
            **smuggled,
        },
    )

    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.name == "Olive"
    assert owner.email != "someone.else@example.com"
    assert owner.email_verified_at is None
    assert not owner.is_staff and not owner.is_superuser


def test_sign_up_cannot_create_a_staff_account_or_choose_its_verification_time():
    response = Client().post(
        reverse("accounts:signup_finish", args=[make_signup_token("newcomer@example.com")]),
        {
            "email": "someone.else@example.com",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
            "time_zone": "UTC",
            "email_verified_at": "2020-01-01T00:00",
            "is_staff": "on",
            "is_superuser": "on",
        },
    )

    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "newcomer@example.com"  # the link's address, not the posted one
    assert user.email_verified_at > timezone.now() - dt.timedelta(minutes=1)  # verified by the click, now
    assert not user.is_staff and not user.is_superuser


# --- Redirects stay on the site -----------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "///evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "https:evil.example",
        "http://testserver@evil.example/",
        "javascript:alert(1)",
        "  https://evil.example/",
        "/%2F%2Fevil.example",
    ],
)
def test_log_in_never_redirects_to_another_site(user, target):
    response = Client().post(
        f"{reverse('accounts:login')}?next={target}", {"username": user.email, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.url.startswith("/") and not response.url.startswith(("//", "/\\"))


# --- Password reset does not tell who has an account ----------------------------------------


def test_password_reset_answers_the_same_for_an_address_with_and_without_an_account(user, after_commit):
    answers = []
    for email in (user.email, "nobody.here@example.com"):
        with after_commit():
            response = Client().post(reverse("accounts:password_reset"), {"email": email}, follow=True)
        answers.append((response.status_code, response.redirect_chain, response.content))

    assert answers[0] == answers[1]
    assert [m.to for m in mail.outbox] == [[user.email]]


# --- Query strings ------------------------------------------------------------------------

QUERY_NAMES = ["next", "page", "upcoming_page", "past_page", "step", "answer", "q", "token", "pk", "o", "p"]


@given(data=st.data())
def test_hostile_query_strings_never_break_a_page(owner, client, data):
    """Every page of the URLconf, opened with made-up query parameters, answers without a 500."""
    with rolled_back():
        interviews = interviews_in_every_state(owner, timezone.now())
        client.cookies.clear()
        if data.draw(st.booleans(), label="logged in"):
            client.force_login(owner)
        routes = [r for r in project_routes() if r.name != "accounts:verify"]  # its GET verifies, by design
        route = data.draw(st.sampled_from(routes), label="route")
        url = data.draw(st.sampled_from(route_urls(route, user=owner, owned_ids=[i.pk for i in interviews])))
        params = data.draw(
            st.dictionaries(st.sampled_from(QUERY_NAMES), hostile_text, min_size=1, max_size=3), label="query"
        )

        response = client.get(url, params)

        assert response.status_code < 500


def test_hostile_page_numbers_on_the_dashboard_show_a_page(owner):
    client = Client()
    client.force_login(owner)
    for _ in range(3):
        InterviewFactory(owner=owner)
    for value in ("-1", "0", "999999999999999999999", "1e3", "last", "\x00", "1; DROP TABLE x", "²"):
        response = client.get(reverse("interviews:dashboard"), {"upcoming_page": value, "past_page": value})
        assert response.status_code == 200, value
