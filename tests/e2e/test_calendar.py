"""Journeys into the user's calendar: subscribe to the feed from settings, and import an invitation file."""

import datetime as dt
import re
import urllib.request
import zoneinfo

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from tests.e2e.conftest import field, log_in

pytestmark = pytest.mark.e2e

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def test_copy_the_calendar_link_from_settings_and_subscribe(new_context, make_user):
    from tests.factories import InterviewFactory

    user = make_user(email="cal@example.com", time_zone="Europe/Berlin")
    interview = InterviewFactory(owner=user, company="Acme", scheduled_at=timezone.now() + dt.timedelta(days=4))
    context = new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    log_in(page, user.email)

    page.goto("/accounts/settings/")
    expect(page.get_by_text("Google up to once a day")).to_be_visible()
    page.get_by_role("button", name="Make a calendar link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your calendar link")
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_text("Copied. Paste it into your calendar app.")).to_be_visible()
    url = page.evaluate("navigator.clipboard.readText()")

    # A calendar app fetches it without the user's cookies.
    with urllib.request.urlopen(url) as response:  # noqa: S310 (the live server's own http URL)
        assert response.headers["Content-Type"].startswith("text/calendar")
        calendar = Calendar.from_ical(response.read())
    uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
    assert f"interview-{interview.pk}@localhost" in uids
    assert f"notice-deadline-{interview.pk}@localhost" in uids

    # The settings page no longer shows the link, only that it is on.
    page.goto("/accounts/settings/")
    expect(page.get_by_text(re.compile("Your calendar link is on"))).to_be_visible()
    assert url not in page.content()


def outlook_invitation(local_start: dt.datetime) -> bytes:
    start = local_start.strftime("%Y%m%dT%H%M%S")
    end = (local_start + dt.timedelta(minutes=45)).strftime("%Y%m%dT%H%M%S")
    lines = [
        "BEGIN:VCALENDAR",
        "METHOD:REQUEST",
        "PRODID:Microsoft Exchange Server 2010",
        "VERSION:2.0",
        "BEGIN:VEVENT",
        'ORGANIZER;CN="Kim Recruiter":mailto:kim.recruiter@globex.example',
        "SUMMARY;LANGUAGE=en-US:Globex – Data engineer interview",
        f"DTSTART;TZID=W. Europe Standard Time:{start}",
        f"DTEND;TZID=W. Europe Standard Time:{end}",
        "UID:040000008200E00074C5B7101A82E008",
        "LOCATION;LANGUAGE=en-US:Microsoft Teams Meeting",
        "X-MICROSOFT-SKYPETEAMSMEETINGURL:https://teams.microsoft.com/l/meetup-join/19%3ameeting_e2e",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def test_upload_an_invitation_check_the_form_and_find_the_interview_on_the_dashboard(page, make_user):
    from interviews.models import Interview

    user = make_user(email="import@example.com", time_zone="America/New_York")
    local_start = (timezone.now().astimezone(BERLIN) + dt.timedelta(days=10)).replace(
        hour=14, minute=0, second=0, microsecond=0, tzinfo=None
    )
    log_in(page, user.email)

    page.get_by_role("link", name="Import an invitation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import an interview")
    field(page, "Invitation file (.ics)").set_input_files(
        {"name": "invite.ics", "mimeType": "text/calendar", "buffer": outlook_invitation(local_start)}
    )
    page.get_by_role("button", name="Read the invitation").click()

    expect(page.get_by_text("Filled in from the invitation.")).to_be_visible()
    expect(field(page, "Company")).to_have_value("Globex")
    expect(field(page, "Time zone")).to_have_value("Europe/Berlin")
    expect(field(page, "Time")).to_have_value("14:00")
    assert not Interview.objects.exists()
    page.get_by_role("button", name="Add interview").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Globex")
    page.get_by_role("link", name="RainCheck").first.click()
    expect(page.get_by_role("row").filter(has=page.get_by_role("link", name="Globex", exact=True))).to_be_visible()
    saved = Interview.objects.get(owner=user)
    assert saved.scheduled_at == local_start.replace(tzinfo=BERLIN).astimezone(dt.UTC)
    assert saved.location.startswith("https://teams.microsoft.com/")
