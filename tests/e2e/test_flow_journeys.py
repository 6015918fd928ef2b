"""Journeys through the notice-or-reschedule flow from the dashboard's "What should I do?": reschedule to a
new agreed time and its history, cancel, and the late path. (test_flow.py: mail-app link, no JavaScript.)"""

import datetime as dt
import re
import zoneinfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import field, log_in

pytestmark = pytest.mark.e2e

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
CLIPBOARD = ["clipboard-read", "clipboard-write"]


def step_heading(page):
    return page.get_by_role("heading", level=1)


def notice_summary(page):
    return page.get_by_role("region", name="The interview")


def answer(page, label: str) -> None:
    page.get_by_role("button", name=label).click()


def start_flow(page, company: str) -> None:
    """From the dashboard, the interview's "What should I do?" button."""
    page.goto("/")
    page.get_by_role("link", name=f"What should I do? ({company})").click()


def clipboard_text(page) -> str:
    return page.evaluate("() => navigator.clipboard.readText()")


def test_reschedule_from_what_should_i_do_to_a_new_time(new_context, make_user):
    from interviews.choices import Status
    from interviews.models import Interview
    from tests.factories import InterviewFactory

    user = make_user(name="Jo Seeker", time_zone="Europe/Berlin")
    interview = InterviewFactory(
        owner=user,
        company="Acme",
        role="Backend developer",
        contact_name="Sam Hiring",
        contact_email="sam@acme.example",
        scheduled_at=timezone.now() + dt.timedelta(days=3),
    )
    page = new_context(permissions=CLIPBOARD).new_page()
    log_in(page, user.email)
    start_flow(page, "Acme")

    # 1. Can you attend? With the notice window open and the hours left.
    expect(step_heading(page)).to_have_text("Can you attend?")
    expect(notice_summary(page)).to_contain_text("Notice window: Open")
    expect(notice_summary(page)).to_contain_text(re.compile(r"\d+ hours left to give 24 hours' notice"))
    expect(page.get_by_role("heading", name="Going is usually worth it")).to_be_visible()
    answer(page, "No, I can't make it")

    # 2. Why? Another interview: the advice says not to mention it.
    expect(step_heading(page)).to_have_text("Why can't you go?")
    answer(page, "Another interview")

    # 3. Reschedule (recommended) or cancel?
    expect(step_heading(page)).to_have_text("Reschedule or cancel?")
    expect(page.get_by_role("heading", name="Don't mention the other interview")).to_be_visible()
    expect(page.get_by_role("button", name="Ask to reschedule")).to_contain_text("Recommended")
    answer(page, "Ask to reschedule")

    # 4. The message: drafted from the reschedule template, addressed and signed.
    expect(step_heading(page)).to_have_text("Tell them")
    expect(page.get_by_text(re.compile(r"You have \d+ hours? left before the notice deadline"))).to_be_visible()
    expect(page.get_by_text("Drafted for you: reschedule request (before the deadline).")).to_be_visible()
    expect(field(page, "To")).to_have_value("sam@acme.example")
    expect(field(page, "Subject")).to_have_value(re.compile(r"^Request to reschedule our interview on "))
    body = field(page, "Message")
    expect(body).to_have_value(re.compile(r"^Dear Sam Hiring,"))
    expect(body).to_have_value(re.compile(r"Backend developer position at Acme"))
    expect(body).to_have_value(re.compile(r"Kind regards,\nJo Seeker$"))
    expect(page.get_by_role("heading", name="Leave the other interview out of it")).to_be_visible()

    # The person makes it their own, copies it, and the clipboard holds exactly that.
    body.fill(body.input_value().replace("Kind regards,", "Warm regards,"))
    page.get_by_role("button", name="Copy message").click()
    expect(page.get_by_role("status").filter(has_text="Copied")).to_have_text("Copied. Paste it into your e-mail.")
    copied = clipboard_text(page)
    assert copied.startswith("Dear Sam Hiring,")
    assert copied.endswith("Warm regards,\nJo Seeker")

    answer(page, "I've told them by e-mail")

    # 5. Outcome: told, waiting for an answer.
    expect(
        page.get_by_text(re.compile(r"Noted: you told them \d+(\.\d)? hours before the interview\."))
    ).to_be_visible()
    expect(step_heading(page)).to_have_text("What happened?")
    expect(page.get_by_role("main")).to_contain_text(re.compile(r"You asked to reschedule on [^()]+\(e-mail\)"))
    interview.refresh_from_db()
    assert interview.status == Status.RESCHEDULE_REQUESTED

    # They agreed a new time: a week later at 11:15, Berlin time.
    new_day = timezone.now().astimezone(BERLIN).date() + dt.timedelta(days=7)
    field(page, "New date").fill(new_day.isoformat())
    field(page, "New time").fill("11:15")
    page.get_by_role("button", name="Save the new time").click()
    new_time = dt.datetime.combine(new_day, dt.time(11, 15), tzinfo=BERLIN)
    expect(page.get_by_text(f"Moved to {new_time:%A} {new_time.day} {new_time:%B %Y} at 11:15")).to_be_visible()
    # A new time is a fresh start.
    expect(step_heading(page)).to_have_text("Can you attend?")

    # The interview page tells the whole story.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Acme").click()
    expect(page.get_by_role("main")).to_contain_text(f"{new_time:%A} {new_time.day} {new_time:%B %Y}, 11:15")
    expect(page.get_by_role("main")).to_contain_text("Scheduled")
    history = page.get_by_role("region", name="History").get_by_role("listitem")
    expect(history).to_have_count(6)
    expect(history.nth(0)).to_contain_text("Added:")
    expect(history.nth(1)).to_contain_text("I can't attend")
    expect(history.nth(2)).to_contain_text("Reason: another interview")
    expect(history.nth(3)).to_contain_text("Plan: ask to reschedule")
    expect(history.nth(4)).to_contain_text(re.compile(r"Told them by e-mail, \d+(\.\d)? h before"))
    expect(history.nth(5)).to_contain_text("New time agreed:")
    assert Interview.objects.get().scheduled_at == new_time


def test_cancel_with_the_drafted_message_copied(new_context, make_user):
    from interviews.choices import Status
    from tests.factories import InterviewFactory

    user = make_user(name="Jo Seeker")
    interview = InterviewFactory(
        owner=user, company="Globex", contact_name="", scheduled_at=timezone.now() + dt.timedelta(days=5)
    )
    page = new_context(permissions=CLIPBOARD).new_page()
    log_in(page, user.email)
    start_flow(page, "Globex")

    answer(page, "No, I can't make it")
    answer(page, "A work conflict")
    expect(page.get_by_role("heading", name="A work conflict: say it simply")).to_be_visible()
    answer(page, "Cancel the interview")

    expect(step_heading(page)).to_have_text("Tell them")
    expect(page.get_by_text("Drafted for you: cancel (before the deadline).")).to_be_visible()
    expect(field(page, "Subject")).to_have_value(re.compile(r"^Cancelling our interview on "))
    # No contact name saved: the greeting still reads well.
    expect(field(page, "Message")).to_have_value(re.compile(r"^Dear Hiring Team,"))
    # Cancelling keeps the door open; withdrawing from the process is a choice of its own.
    expect(field(page, "Message")).to_have_value(re.compile(r"glad to be considered for a later opening"))
    expect(field(page, "Message")).not_to_have_value(re.compile(r"withdraw"))
    page.get_by_role("button", name="Copy subject").click()
    expect(page.get_by_text("Copied. Paste it into your e-mail.")).to_be_visible()
    assert clipboard_text(page).startswith("Cancelling our interview on ")

    answer(page, "I've told them by phone")
    expect(step_heading(page)).to_have_text("All set")
    expect(page.get_by_text("The interview is cancelled.")).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"You told them \d+(\.\d)? hours before\. That was the right thing"))
    ).to_be_visible()
    interview.refresh_from_db()
    assert (interview.status, interview.notice_channel, interview.notice_late) == (Status.CANCELLED, "phone", False)

    page.goto("/")
    # Cancelled: out of "Upcoming", with nothing left to do.
    cancelled = page.get_by_role("region", name="Past and cancelled")
    row = cancelled.get_by_role("row").filter(has=page.get_by_role("link", name="Globex", exact=True))
    expect(row).to_contain_text("Cancelled")
    expect(page.get_by_role("region", name="Upcoming").get_by_role("link", name="Globex", exact=True)).to_have_count(0)
    expect(row.get_by_role("link", name=re.compile("What should I do"))).to_have_count(0)


def test_late_past_the_deadline_says_call_them_now(page, make_user):
    from interviews.choices import Status
    from interviews.services import interview_create

    user = make_user(name="Jo Seeker", time_zone="Europe/Berlin")
    now = timezone.now()
    # Added two days ago for 20 hours from now: the notice deadline passed 4 hours ago.
    interview = interview_create(
        owner=user,
        now=now - dt.timedelta(days=2),
        company="Wayne Enterprises",
        role="Analyst",
        scheduled_at=now + dt.timedelta(hours=20),
        time_zone="Europe/Berlin",
        contact_name="Alfred Hiring",
        contact_email="alfred@wayne.example",
        contact_phone="+49 (30) 555-0199",
    )
    log_in(page, user.email)
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Wayne Enterprises", exact=True))
    expect(row).to_contain_text("Notice window closed")
    start_flow(page, "Wayne Enterprises")

    expect(step_heading(page)).to_have_text("Can you attend?")
    expect(notice_summary(page)).to_contain_text("Notice window: Closed")
    # 19 h 59 min and some seconds, to the nearest hour (countdown.hours_left).
    expect(notice_summary(page)).to_contain_text("The notice deadline has passed. The interview starts in 20 hours.")
    expect(page.get_by_role("heading", name="Past the notice deadline: decide now")).to_be_visible()
    answer(page, "No, I can't make it")
    answer(page, "An emergency")
    expect(page.get_by_role("heading", name="Past the deadline, ask anyway")).to_be_visible()
    answer(page, "Ask to reschedule")

    # The message step leads with the phone.
    expect(step_heading(page)).to_have_text("Tell them")
    call_now = page.get_by_role("alert").filter(has_text="The notice deadline has passed.")
    expect(call_now).to_contain_text("Call them now: a phone call beats an e-mail.")
    call = call_now.get_by_role("link", name="Call Alfred Hiring: +49 (30) 555-0199")
    expect(call).to_have_attribute("href", "tel:+49305550199")
    # The emergency is the user's own answer: only then does the draft say so.
    expect(page.get_by_text("Drafted for you: reschedule after an emergency.")).to_be_visible()
    expect(field(page, "Subject")).to_have_value(re.compile(r"^Our interview on "))
    expect(field(page, "Message")).to_have_value(re.compile(r"an emergency has come up"))
    expect(page.get_by_role("heading", name="No private details needed")).to_be_visible()

    answer(page, "I've told them by phone")
    expect(page.get_by_text("That is late notice, but far better than none.")).to_be_visible()
    expect(step_heading(page)).to_have_text("What happened?")
    expect(notice_summary(page)).to_contain_text(
        re.compile(r"You told them 1\d(\.\d)? hours before the interview \(late notice\)")
    )
    interview.refresh_from_db()
    assert (interview.status, interview.notice_late) == (Status.RESCHEDULE_REQUESTED, True)
