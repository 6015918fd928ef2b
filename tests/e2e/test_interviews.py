"""Journeys of the interview pages: add one in another zone, see it on the dashboard, edit it, delete one."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import field, log_in

pytestmark = pytest.mark.e2e

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def dashboard_time(moment: dt.datetime) -> str:
    """How the dashboard writes a time: "Mon 8 Dec 2026, 16:00"."""
    return f"{moment:%a} {moment.day} {moment:%b %Y, %H:%M}"


def long_time(moment: dt.datetime) -> str:
    """How the interview page writes a time: "Monday 8 December 2026, 16:00"."""
    return f"{moment:%A} {moment.day} {moment:%B %Y, %H:%M}"


def notice_badge(scope):
    """The notice-window badge: "Open" on screen, "Notice window: Open" to a screen reader."""
    return scope.get_by_text(re.compile(r"^Notice window: \w+$"))


def row_of(page, company: str):
    return page.get_by_role("row").filter(has=page.get_by_role("link", name=company, exact=True))


def test_add_an_interview_in_another_zone_and_see_it_on_the_dashboard(page, make_user):
    from interviews.models import Interview

    user = make_user(email="kim@example.com", time_zone="Europe/Berlin")
    log_in(page, user.email)
    expect(page.get_by_role("heading", name="No interviews yet")).to_be_visible()
    page.get_by_role("main").get_by_role("link", name="Add interview").first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Add interview")
    # The user's zone is the default.
    expect(field(page, "Time zone")).to_have_value("Europe/Berlin")
    field(page, "Company").fill("Globex")
    field(page, "Role").fill("Data engineer")
    yesterday = timezone.now().astimezone(NEW_YORK).date() - dt.timedelta(days=1)
    field(page, "Date").fill(yesterday.isoformat())
    field(page, "Time").fill("10:00")
    field(page, "Time zone").fill("America/New_York")
    field(page, "Contact name").fill("Pat Recruiter")
    field(page, "Contact phone").fill("+1 212 555 0100")
    page.get_by_role("button", name="Add interview").click()

    # A time in the past is refused with a message, and nothing is added.
    expect(page.get_by_text("This time is in the past.")).to_be_visible()
    assert not Interview.objects.exists()

    day = timezone.now().astimezone(NEW_YORK).date() + dt.timedelta(days=10)
    field(page, "Date").fill(day.isoformat())
    page.get_by_role("button", name="Add interview").click()

    # The interview page: the company's time in New York, and the same moment in Berlin.
    in_new_york = dt.datetime.combine(day, dt.time(10, 0), tzinfo=NEW_YORK)
    in_berlin = in_new_york.astimezone(BERLIN)
    expect(page.get_by_text("Added your interview with Globex.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Globex")
    main = page.get_by_role("main")
    expect(main).to_contain_text(f"{long_time(in_new_york)} {in_new_york:%Z} (America/New_York)")
    expect(main).to_contain_text(f"{long_time(in_berlin)} {in_berlin:%Z} in your zone (Europe/Berlin)")
    expect(main).to_contain_text("Scheduled")
    history = page.get_by_role("region", name="History")
    expect(history).to_contain_text("Added:")

    # The dashboard: in the user's zone, with the notice window open.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your interviews")
    expect(page.get_by_text("Times are in your time zone, Europe/Berlin.")).to_be_visible()
    row = row_of(page, "Globex")
    expect(row).to_contain_text(dashboard_time(in_berlin))
    expect(row).to_contain_text("Data engineer")
    expect(notice_badge(row)).to_have_text("Notice window: Open")
    expect(row).to_contain_text("h left to give notice")
    expect(row).to_contain_text("Scheduled")
    interview = Interview.objects.get()
    assert interview.scheduled_at == in_new_york
    assert interview.time_zone == "America/New_York"


def test_badges_follow_the_notice_window(page, make_user):
    from tests.factories import InterviewFactory

    user = make_user(time_zone="Europe/Berlin")
    now = timezone.now()
    InterviewFactory(owner=user, company="Open Ltd", scheduled_at=now + dt.timedelta(days=4))
    # 28 h ahead: the deadline is 4 h away, inside the last 6 h.
    InterviewFactory(owner=user, company="Closing Ltd", scheduled_at=now + dt.timedelta(hours=28))
    # 20 h ahead: the deadline passed 4 h ago.
    InterviewFactory(owner=user, company="Closed Ltd", scheduled_at=now + dt.timedelta(hours=20))
    # Added a week ago for two days ago: past.
    InterviewFactory(
        owner=user, company="Past Ltd", scheduled_at=now - dt.timedelta(days=2), now=now - dt.timedelta(days=7)
    )
    log_in(page, user.email)

    upcoming = page.get_by_role("region", name="Upcoming")
    # Ordered by notice deadline: the most urgent first.
    rows = upcoming.get_by_role("row").filter(has=page.get_by_role("cell"))
    expect(rows.get_by_role("link", name="Ltd", exact=False).filter(has_not_text="What should")).to_have_text(
        ["Closed Ltd", "Closing Ltd", "Open Ltd"]
    )
    past = page.get_by_role("region", name="Past")
    expect(past.get_by_role("link", name="Past Ltd", exact=True)).to_be_visible()
    expect(notice_badge(row_of(page, "Open Ltd"))).to_have_text("Notice window: Open")
    expect(notice_badge(row_of(page, "Closing Ltd"))).to_have_text("Notice window: Closing")
    # Under a day the countdown (static/js/countdown.js) is in hours and minutes.
    expect(row_of(page, "Closing Ltd")).to_contain_text("3 h 59 min left to give notice")
    expect(notice_badge(row_of(page, "Closed Ltd"))).to_have_text("Notice window: Closed")
    expect(row_of(page, "Closed Ltd")).to_contain_text("Notice window closed")


def test_edit_the_time_and_delete(page, make_user):
    from interviews.models import Interview
    from tests.factories import InterviewFactory

    user = make_user(time_zone="Europe/Berlin")
    day = timezone.now().astimezone(BERLIN).date() + dt.timedelta(days=6)
    InterviewFactory(
        owner=user,
        company="Initech",
        scheduled_at=dt.datetime.combine(day, dt.time(9, 0), tzinfo=BERLIN),
        time_zone="Europe/Berlin",
    )
    log_in(page, user.email)
    page.get_by_role("link", name="Initech", exact=True).click()
    page.get_by_role("link", name="Edit").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Edit interview with Initech")
    expect(field(page, "Time")).to_have_value("09:00")
    field(page, "Time").fill("14:30")
    page.get_by_role("button", name="Save changes").click()

    expect(page.get_by_text("Saved your changes.")).to_be_visible()
    new_time = dt.datetime.combine(day, dt.time(14, 30), tzinfo=BERLIN)
    expect(page.get_by_role("main")).to_contain_text(long_time(new_time))
    expect(page.get_by_role("region", name="History")).to_contain_text("Time changed from")

    page.get_by_role("link", name="Delete").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete the interview with Initech?")
    page.get_by_role("button", name="Delete interview").click()
    expect(page.get_by_text("Deleted your interview with Initech.")).to_be_visible()
    expect(page.get_by_role("heading", name="No interviews yet")).to_be_visible()
    assert not Interview.objects.exists()
