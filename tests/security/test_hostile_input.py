"""Hostile input in every form of every page: never a 500, a rejected form changes nothing,
and no markup reaches a page or an e-mail unescaped.

The forms are found, not listed: every URL of the URLconf is opened (as the owner of
interviews in every state, and logged out), and each POST form on it is filled by
Hypothesis, field by field, with either a plausible value or a hostile one, and submitted
as a browser would (the page is loaded first, so a session it sets up is there).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from hypothesis import given, note
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.factories import InterviewFactory, UserFactory
from tests.security.hostile import assert_no_raw_markup, hostile_text, hostile_value
from tests.security.htmlforms import Control, Form, post_forms
from tests.security.routes import Route, all_routes, project_routes, route_urls
from tests.security.world import interviews_in_every_state, rolled_back, state_difference, stored_state

PASSWORD = "correct horse battery"  # tests.factories.UserFactory's
# Answers a successful POST with a page instead of a redirect: the one-click unsubscribe,
# whose POST comes from a mail provider (RFC 8058), not from a browser to redirect, and the
# snooze link's page, whose visitor may not be logged in (a page says where the reminder went).
SUCCESS_WITHOUT_REDIRECT = {"accounts:unsubscribe", "interviews:snooze"}
MISSING = object()  # a field left out of the submission altogether


def plausible_values(owner) -> dict[str, str]:
    """A valid value per field name, for fields whose page leaves them empty."""
    in_ten_days = (timezone.now() + dt.timedelta(days=10)).date().isoformat()
    return {
        "username": owner.email,
        "password": PASSWORD,
        "email": "someone.new@example.com",
        "name": "Some One",
        "password1": "a long enough passphrase",
        "password2": "a long enough passphrase",
        "old_password": PASSWORD,
        "new_password1": "another long passphrase",
        "new_password2": "another long passphrase",
        "time_zone": "Europe/Berlin",
        "company": "Acme",
        "role": "Developer",
        "date": in_ten_days,
        "time": "14:30",
        "duration_minutes": "60",
        "contact_email": "sam@acme.example",
    }


@dataclass
class FormSite:
    """A form found on a page: the URLs that show it (with the form as each showed it),
    who sees it, and whether the page needs loading first
    (it redirected to itself to set up its session, as a password-reset link does)."""

    route: Route
    who: str  # "owner", "anonymous" or "staff"
    signature: tuple
    forms: dict[str, Form] = field(default_factory=dict)
    load_first: bool = False

    def __str__(self) -> str:
        return f"{self.route} (as {self.who}) {self.signature[1]}"


def _signature(form: Form) -> tuple:
    return (
        tuple(sorted({c.name for c in form.fields})),
        tuple(sorted(f"{b.name}={b.value}" for b in form.buttons)),
    )


def _same_route(url: str, other: str) -> bool:
    try:
        return resolve(urlsplit(url).path).url_name == resolve(urlsplit(other).path).url_name
    except Resolver404:
        return False


class Visitors:
    """The people who fill in the forms ("owner", "anonymous", "staff"), with one test client each:
    a new client loads the middleware again (WhiteNoise indexes every static file), so they are reused."""

    def __init__(self, **users):
        self.users = users
        self._clients: dict[str, Client] = {}

    def __getitem__(self, who: str):
        return self.users[who]

    def client(self, who: str) -> Client:
        """The visitor's client, with a fresh session: logged in as them, or logged out."""
        client = self._clients.setdefault(who, Client())
        client.cookies.clear()
        user = self.users[who]
        if user is not None:
            # A fresh copy: logging in stamps last_login on the instance, which would outlive the
            # rolled-back savepoint and invalidate the password-reset links made for the owner.
            client.force_login(type(user).objects.get(pk=user.pk))
        return client


def _open(client, url):
    """GET a page as a browser would, following redirects that stay on the same route
    (a password-reset link redirects to its set-password page)."""
    response = client.get(url)
    while response.status_code == 302 and _same_route(response.url, url):
        url = response.url
        response = client.get(url)
    return response, url


def _own_forms(html: str, url: str) -> list[Form]:
    """The page's POST forms that submit to the page's own route (not the menu's log-out)."""
    return [f for f in post_forms(html, url) if _same_route(f.action, url)]


def find_form_sites(
    users: Visitors, urls_by_route: dict[Route, list[str]], whos=("owner", "anonymous")
) -> list[FormSite]:
    """Open every URL as each kind of visitor and keep the forms that submit to the page's own route."""
    sites: dict[tuple, FormSite] = {}
    for route, urls in urls_by_route.items():
        for url in urls:
            for who in whos:
                with rolled_back():
                    response, final_url = _open(users.client(who), url)
                if response.status_code != 200:
                    continue
                for form in _own_forms(response.content.decode(), final_url):
                    key = (route.name, who, _signature(form))
                    site = sites.setdefault(key, FormSite(route, who, _signature(form)))
                    site.forms[url] = form
                    site.load_first |= final_url != url
    return list(sites.values())


def _field_strategy(control: Control, default: str, plausible: dict) -> st.SearchStrategy:
    if control.kind == "hidden" and control.name == "csrfmiddlewaretoken":
        return st.just(default)
    good = default or plausible.get(control.name, "")
    return st.one_of(st.just(good), st.just(good), hostile_value(control), st.just(MISSING))


@st.composite
def submissions(draw, form: Form, plausible: dict) -> dict:
    """One submission of the form: each field plausible, hostile or missing; one of its buttons."""
    data = {}
    seen = set()
    for control in form.fields:
        if control.name in seen:
            continue
        seen.add(control.name)
        group = [c for c in form.fields if c.name == control.name]
        if control.kind in ("radio", "checkbox"):
            control = Control(control.name, control.kind, options=[c.value or "on" for c in group])
            default = next((c.value or "on" for c in group if c.checked), "")
        else:
            default = form.defaults().get(control.name, "")
            default = default[0] if isinstance(default, list) else default
        value = draw(_field_strategy(control, default, plausible))
        if value is not MISSING and not (control.kind in ("radio", "checkbox") and value == ""):
            data[control.name] = value
    if form.buttons:
        button = draw(st.sampled_from(form.buttons))
        data[button.name] = draw(st.one_of(st.just(button.value), st.just(button.value), hostile_text))
    return data


def _pages_to_check(response, who, url) -> list[str]:
    """Where an accepted value shows up next: the redirect target, and (the owner's) dashboard and interview."""
    pages = [response.url]
    if who == "owner":
        pages.append(reverse("interviews:dashboard"))
        match = resolve(urlsplit(url).path)
        if "pk" in match.kwargs:
            pages.append(reverse("interviews:detail", kwargs={"pk": match.kwargs["pk"]}))
    return pages


def _check_outbox(sent_before: int, where: str) -> None:
    for message in mail.outbox[sent_before:]:
        assert_no_raw_markup(message.subject, f"the subject of an e-mail sent by {where}")
        assert "\n" not in message.subject and "\r" not in message.subject, f"a newline in a subject sent by {where}"
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                assert_no_raw_markup(content, f"the HTML of an e-mail sent by {where}")


def submit_hostile(site: FormSite, users: Visitors, data_strategy) -> None:
    plausible = plausible_values(users["owner"])

    @hypothesis_settings(database=None)
    @given(data=st.data())
    def run(data):
        url = data.draw(st.sampled_from(sorted(site.forms)), label="url")
        # Each example meets the form, not the rate limit a run of examples would reach
        # (tests/security/test_request_limits.py tests the limits).
        cache.clear()
        with rolled_back():
            client = users.client(site.who)
            form = site.forms[url]
            if site.load_first:
                page, page_url = _open(client, url)
                forms = [f for f in _own_forms(page.content.decode(), page_url) if _signature(f) == site.signature]
                assert forms, f"{url} no longer shows the form {site.signature} ({page.status_code})"
                form = forms[0]
            submission = data.draw(data_strategy(form, plausible), label="submission")
            before, sent_before = stored_state(), len(mail.outbox)

            response = client.post(form.action, submission)  # a view's exception fails the test here

            where = f"POST {form.action} ({site})"
            note(f"{where} -> {response.status_code}")
            assert response.status_code < 500, where
            assert_no_raw_markup(response.content.decode(errors="replace"), where)
            _check_outbox(sent_before, where)
            if response.status_code not in (301, 302, 303):
                if site.route.name not in SUCCESS_WITHOUT_REDIRECT:
                    changed = state_difference(before, stored_state())
                    assert not changed, f"{where} refused the input ({response.status_code}) but changed: {changed}"
                return
            for page_url in _pages_to_check(response, site.who, url):
                shown = client.get(page_url)
                assert shown.status_code < 500, f"GET {page_url} after {where}"
                assert_no_raw_markup(shown.content.decode(errors="replace"), f"{page_url} after {where}")

    run()


# The forms the walk must find, so the test cannot pass by finding none.
EXPECTED_FORMS = {
    "accounts:signup",
    "accounts:signup_finish",
    "accounts:login",
    "accounts:settings",
    "accounts:password_change",
    "accounts:password_reset",
    "accounts:password_reset_confirm",
    "accounts:unsubscribe",
    "interviews:snooze",
    "interviews:create",
    "interviews:edit",
    "interviews:delete",
    "interviews:flow_step",
}


EXPECTED_FLOW_STEPS = {"attend", "rather_not", "why", "plan", "message", "outcome"}


@pytest.fixture
def users(owner):
    UserFactory(email="someone.else@example.com")  # sign-up and e-mail changes meet a taken address too
    staff = UserFactory(is_staff=True, is_superuser=True)
    return Visitors(owner=owner, anonymous=None, staff=staff)


def test_every_form_survives_hostile_input(users):
    owner = users["owner"]
    interview_ids = [i.pk for i in interviews_in_every_state(owner, timezone.now())]
    routes = {r: route_urls(r, user=owner, owned_ids=interview_ids) for r in project_routes()}
    sites = find_form_sites(users, routes)
    missing = EXPECTED_FORMS - {s.route.name for s in sites}
    assert not missing, f"forms not found on any page: {missing}"
    steps = {resolve(urlsplit(url).path).kwargs["step"] for s in sites for url in s.forms if "step" in s.route.kwargs}
    assert steps >= EXPECTED_FLOW_STEPS, f"flow steps whose form was not found: {EXPECTED_FLOW_STEPS - steps}"

    for site in sites:
        submit_hostile(site, users, submissions)


def test_staff_forms_in_admin_survive_hostile_input(users):
    """The message template and advice forms (their previews render what staff typed)."""
    from advice.models import Advice, MessageTemplate

    admin_routes = {r.name: r for r in all_routes() if r.is_admin}
    template, advice = MessageTemplate.objects.first(), Advice.objects.first()
    assert template is not None and advice is not None, "seeded content is missing"
    urls = {
        admin_routes["admin:advice_messagetemplate_add"]: [reverse("admin:advice_messagetemplate_add")],
        admin_routes["admin:advice_messagetemplate_change"]: [
            reverse("admin:advice_messagetemplate_change", args=[template.pk])
        ],
        admin_routes["admin:advice_advice_add"]: [reverse("admin:advice_advice_add")],
        admin_routes["admin:advice_advice_change"]: [reverse("admin:advice_advice_change", args=[advice.pk])],
    }
    sites = find_form_sites(users, urls, whos=("staff",))
    assert {s.route.name for s in sites} == {r.name for r in urls}, "admin forms not found"

    for site in sites:
        submit_hostile(site, users, submissions)


TEXT_KINDS = ("text", "email", "password", "search", "tel", "url", "textarea")
NUL_MESSAGE = "Null characters are not allowed."


def test_a_nul_byte_in_any_text_field_gets_a_clear_message(users):
    """PostgreSQL refuses NUL in text, so the forms must catch it first, and say so."""
    owner = users["owner"]
    interview_ids = [i.pk for i in interviews_in_every_state(owner, timezone.now())]
    routes = {r: route_urls(r, user=owner, owned_ids=interview_ids) for r in project_routes()}
    plausible = plausible_values(owner)

    failures, checked = [], 0
    for site in find_form_sites(users, routes):
        url, form = next(iter(site.forms.items()))
        for control in (c for c in form.fields if c.kind in TEXT_KINDS):
            with rolled_back():
                client = users.client(site.who)
                if site.load_first:
                    page, page_url = _open(client, url)
                    form = next(
                        f for f in _own_forms(page.content.decode(), page_url) if _signature(f) == site.signature
                    )
                data = {k: (v or plausible.get(k, "")) for k, v in form.defaults().items()}
                data[control.name] = "nul\x00byte"
                if form.buttons:
                    data[form.buttons[0].name] = form.buttons[0].value
                before = stored_state()
                response = client.post(form.action, data)
                checked += 1
                where = f"{site}: NUL in {control.name}"
                if response.status_code in (301, 302, 303):
                    stored = repr(stored_state())
                    if "\\x00" in stored:
                        failures.append(f"{where}: accepted and stored")
                elif NUL_MESSAGE not in response.content.decode():
                    failures.append(f"{where}: refused ({response.status_code}) without saying why")
                elif state_difference(before, stored_state()):
                    failures.append(f"{where}: refused but changed {state_difference(before, stored_state())}")
    assert checked > 10
    assert not failures, "\n".join(failures)


# What the interview form lets through: one line (no control character), within the field's length.
one_line = hostile_text.map(
    lambda s: "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in s)[:200]
)


@given(
    company=one_line.filter(lambda s: s.strip()),
    role=one_line,
    contact_name=one_line,
    location=one_line,
    owner_name=one_line.map(lambda s: s[:150]),
)
def test_a_reminder_email_never_carries_unescaped_markup(owner, company, role, contact_name, location, owner_name):
    from icalendar import Calendar

    from interviews.notifications import reminder_email

    now = timezone.now()
    with rolled_back():
        owner.name = owner_name
        owner.save(update_fields=["name"])
        interview = InterviewFactory(
            owner=owner,
            company=company,
            role=role,
            contact_name=contact_name,
            location=location,
            scheduled_at=now + dt.timedelta(days=5),
            now=now,
        )
        reminder = interview.reminders.order_by("due_at").first()
        assert reminder is not None, "a verified owner's interview in five days has reminders"

        message = reminder_email(reminder, now=reminder.due_at)
        raw = message.message()  # serialising the headers must not fail or fold in a new header

        html = next(content for content, mimetype in message.alternatives if mimetype == "text/html")
        assert_no_raw_markup(html, "the reminder e-mail's HTML")
        assert "\n" not in message.subject and "\r" not in message.subject
        assert raw["To"] == owner.email
        assert "Bcc" not in raw and "Cc" not in raw
        ics = next(content for name, content, _ in message.attachments if name.endswith(".ics"))
        event = Calendar.from_ical(ics).walk("VEVENT")[0]
        assert " ".join(company.split()) in str(event["SUMMARY"])  # the calendar keeps the name, on one line
