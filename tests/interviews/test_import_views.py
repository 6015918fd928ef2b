"""Importing an invitation through the pages: nothing is saved until the user adds the prefilled form."""

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from interviews.models import Interview

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "invitations"
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
IMPORT = reverse("interviews:import")


@pytest.fixture
def client_logged_in(client, user):
    with time_machine.travel(NOW, tick=False):
        client.force_login(user)
        yield client


def upload(name: str, data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else (SAMPLES / name).read_bytes(), "text/calendar")


def value_of(page: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', page
    )
    return match.group(1) if match else ""


def test_an_uploaded_ics_opens_the_add_form_filled_in_and_saves_nothing(client_logged_in):
    response = client_logged_in.post(IMPORT, {"file": upload("outlook.ics")})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Filled in from the invitation" in page
    assert f'action="{reverse("interviews:create")}"' in page
    assert value_of(page, "company") == "Globex"
    assert value_of(page, "date") == "2026-03-31"
    assert value_of(page, "time") == "14:00"
    assert value_of(page, "time_zone") == "Europe/Berlin"
    assert value_of(page, "duration_minutes") == "45"
    assert not Interview.objects.exists()


def test_the_prefilled_form_saved_through_the_add_view_makes_the_interview(client_logged_in, user):
    page = client_logged_in.post(IMPORT, {"file": upload("google.ics")}).content.decode()
    fields = ("company", "role", "date", "time", "time_zone", "duration_minutes", "location", "contact_name")
    data = {name: value_of(page, name) for name in (*fields, "contact_email", "contact_phone")}

    response = client_logged_in.post(reverse("interviews:create"), data)

    assert response.status_code == 302
    interview = Interview.objects.get(owner=user)
    assert interview.scheduled_at == dt.datetime(2026, 3, 31, 12, 0, tzinfo=dt.UTC)
    assert interview.company == "Acme Robotics"
    assert interview.location == "https://meet.google.com/abc-defg-hij"


def test_pasted_email_text_fills_the_form(client_logged_in):
    response = client_logged_in.post(IMPORT, {"text": (SAMPLES / "zoom_email.txt").read_text()})

    page = response.content.decode()
    assert value_of(page, "time_zone") == "America/New_York"
    assert value_of(page, "company") == "Initech"
    assert "It did not say: the duration (an hour is filled in)." in page


def test_several_events_ask_which_one_then_fill_the_form_with_it(client_logged_in):
    choose = client_logged_in.post(IMPORT, {"file": upload("zoom_two_rounds.ics")})
    assert "The invitation has 2 events" in choose.content.decode()

    response = client_logged_in.post(reverse("interviews:import_pick"), {"event": "1"})

    page = response.content.decode()
    assert value_of(page, "date") == "2026-03-12"
    assert value_of(page, "time") == "14:00"
    assert not Interview.objects.exists()


def test_a_forged_pick_is_asked_again(client_logged_in):
    client_logged_in.post(IMPORT, {"file": upload("zoom_two_rounds.ics")})

    response = client_logged_in.post(reverse("interviews:import_pick"), {"event": "7"})

    assert "Pick one of the events." in response.content.decode()


def test_an_all_day_event_is_refused_on_the_form(client_logged_in):
    response = client_logged_in.post(IMPORT, {"file": upload("allday.ics")})

    assert response.status_code == 200
    assert "An interview needs a start time" in response.content.decode()


def test_a_file_over_the_limit_is_refused_on_the_form(client_logged_in):
    response = client_logged_in.post(IMPORT, {"file": upload("big.ics", b"BEGIN:VCALENDAR\r\n" + b"x" * 1_100_000)})

    assert response.status_code == 200
    assert "Upload files of up to 1024 KB" in response.content.decode()
    assert not Interview.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:nope\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        b"\x89PNG\r\n\x1a\n binary",
        b"BEGIN:VCALENDAR\r\n" + b"BEGIN:VALARM\r\n" * 3000,
    ],
)
def test_a_hostile_file_gets_a_message_never_a_500(client_logged_in, data):
    response = client_logged_in.post(IMPORT, {"file": upload("evil.ics", data)})

    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()
    assert not Interview.objects.exists()


def test_nothing_to_read_says_what_to_give(client_logged_in):
    response = client_logged_in.post(IMPORT, {"text": "  "})

    assert escape("Choose an .ics file, or paste the invitation's text.") in response.content.decode()


def test_pasted_text_over_the_limit_gets_a_message_on_the_form(client_logged_in):
    response = client_logged_in.post(IMPORT, {"text": "When: Tuesday 31 March 2026 14:00\n" + "x" * 60_000})

    assert response.status_code == 200
    assert "This text is too long" in response.content.decode()
