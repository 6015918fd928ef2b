"""Interview admin: filters by status and notice state, search, read-only history, edits through the service."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from interviews.choices import EventKind
from interviews.models import Interview
from interviews.services import interview_record_outcome
from tests.factories import InterviewFactory, UserFactory

UTC = dt.UTC
NOW = dt.datetime(2027, 1, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def staff_client(client, db):
    with time_machine.travel(NOW, tick=False):
        client.force_login(UserFactory(is_staff=True, is_superuser=True, time_zone="UTC"))
        yield client


@pytest.fixture
def by_state(staff_client):
    """One interview in each notice state, as of NOW."""
    owner = UserFactory(email="owner@example.com")

    def at(hours: float, company: str) -> Interview:
        start = NOW + dt.timedelta(hours=hours)
        return InterviewFactory(owner=owner, company=company, scheduled_at=start, now=start - dt.timedelta(days=30))

    return {
        "open": at(24 + 7, "Open Co"),
        "closing": at(24 + 5, "Closing Co"),
        "closed": at(10, "Closed Co"),
        "past": at(-10, "Past Co"),
    }


def listed(response) -> list[str]:
    return sorted(re.findall(r'<th class="field-company"><a href="[^"]+">([^<]+)</a>', response.content.decode()))


@pytest.mark.parametrize("state", ["open", "closing", "closed", "past"])
def test_filter_by_notice_state(staff_client, by_state, state):
    response = staff_client.get(reverse("admin:interviews_interview_changelist"), {"notice_state": state})

    assert response.status_code == 200
    assert listed(response) == [by_state[state].company]


def test_filter_by_status(staff_client, by_state):
    interview_record_outcome(interview=by_state["past"], outcome="attended", now=NOW)

    response = staff_client.get(reverse("admin:interviews_interview_changelist"), {"status__exact": "attended"})

    assert listed(response) == ["Past Co"]


@pytest.mark.parametrize(("query", "found"), [("Closing", ["Closing Co"]), ("owner@example", None)])
def test_search_by_company_role_and_owner_email(staff_client, by_state, query, found):
    InterviewFactory(owner=UserFactory(email="someone@else.example"), company="Elsewhere")

    response = staff_client.get(reverse("admin:interviews_interview_changelist"), {"q": query})

    assert listed(response) == (found or sorted(i.company for i in by_state.values()))


def test_history_inline_is_read_only_and_deadline_is_not_editable(staff_client, by_state):
    interview = by_state["open"]

    page = staff_client.get(reverse("admin:interviews_interview_change", args=[interview.pk])).content.decode()

    assert "Added:" in page  # the CREATED event's summary is shown
    assert 'name="events-0-summary"' not in page
    assert 'name="notice_deadline"' not in page
    assert 'name="scheduled_at_0"' in page


def test_admin_edit_goes_through_the_service(staff_client, by_state):
    interview = by_state["open"]
    url = reverse("admin:interviews_interview_change", args=[interview.pk])
    new_start = dt.datetime(2027, 1, 20, 12, 0, tzinfo=UTC)
    # Admin shows times in the staff member's zone, UTC here.
    data = _edit_data(interview, scheduled_at_0="2027-01-20", scheduled_at_1="12:00:00")

    response = staff_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    interview.refresh_from_db()
    assert interview.scheduled_at == new_start
    assert interview.notice_deadline == new_start - dt.timedelta(hours=24)
    assert list(interview.events.values_list("kind", flat=True)) == [EventKind.CREATED, EventKind.RESCHEDULED]


def test_interviews_are_not_added_in_admin(staff_client):
    response = staff_client.get(reverse("admin:interviews_interview_add"))

    assert response.status_code == 403


def _edit_data(interview: Interview, **changes) -> dict:
    data = {
        "company": interview.company,
        "role": interview.role,
        "scheduled_at_0": interview.scheduled_at.strftime("%Y-%m-%d"),
        "scheduled_at_1": interview.scheduled_at.strftime("%H:%M:%S"),
        "time_zone": interview.time_zone,
        "duration_minutes": interview.duration_minutes,
        "location": interview.location,
        "contact_name": interview.contact_name,
        "contact_email": interview.contact_email,
        "contact_phone": interview.contact_phone,
        "notes": "",
        "events-TOTAL_FORMS": "1",
        "events-INITIAL_FORMS": "1",
        "events-MIN_NUM_FORMS": "0",
        "events-MAX_NUM_FORMS": "1000",
        "events-0-id": interview.events.get().pk,
        "events-0-interview": interview.pk,
    }
    return {**data, **changes}


@pytest.mark.parametrize(
    ("day", "at", "message"),
    [
        ("9999-12-31", "23:30:00", "Check the year"),
        ("0001-01-01", "00:10:00", "This time is in the past"),
        ("2026-12-01", "12:00:00", "This time is in the past"),
        ("2033-01-01", "12:00:00", "Check the year"),
    ],
)
def test_an_admin_edit_to_a_time_the_service_refuses_is_a_form_error(staff_client, by_state, day, at, message):
    interview = by_state["open"]
    url = reverse("admin:interviews_interview_change", args=[interview.pk])

    response = staff_client.post(url, _edit_data(interview, scheduled_at_0=day, scheduled_at_1=at))

    assert response.status_code == 200
    assert message in response.content.decode()
    stored = Interview.objects.get(pk=interview.pk)
    assert (stored.scheduled_at, stored.notice_deadline) == (interview.scheduled_at, interview.notice_deadline)
    assert list(stored.events.values_list("kind", flat=True)) == [EventKind.CREATED]


def test_an_admin_edit_with_a_line_break_in_the_company_is_a_form_error(staff_client, by_state):
    interview = by_state["open"]
    url = reverse("admin:interviews_interview_change", args=[interview.pk])

    response = staff_client.post(url, _edit_data(interview, company="Open Co\u2028Bcc: x@evil.example"))

    assert response.status_code == 200
    assert "Keep this to one line" in response.content.decode()
    assert Interview.objects.get(pk=interview.pk).company == "Open Co"


def test_an_admin_edit_takes_a_lower_case_zone_as_its_canonical_name(staff_client, by_state):
    interview = by_state["open"]
    url = reverse("admin:interviews_interview_change", args=[interview.pk])

    response = staff_client.post(url, _edit_data(interview, time_zone="america/new_york"))

    assert response.status_code == 302
    assert Interview.objects.get(pk=interview.pk).time_zone == "America/New_York"
