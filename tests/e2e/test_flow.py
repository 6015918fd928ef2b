"""The flow in a real browser: walking it by its buttons, copying the draft, and the same journey without JavaScript."""

import datetime as dt
import re
from urllib.parse import unquote

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import field, log_in

pytestmark = pytest.mark.e2e


def add_interview(user, **fields):
    from tests.factories import InterviewFactory

    defaults = {"company": "Initech", "role": "Analyst", "contact_name": "Bill Lumbergh"}
    defaults["contact_email"] = "bill@initech.example"
    defaults["scheduled_at"] = timezone.now() + dt.timedelta(days=4)
    return InterviewFactory(owner=user, **{**defaults, **fields})


def walk_to_the_message(page, interview):
    page.goto(f"/interviews/{interview.pk}/flow/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Can you attend?")
    page.get_by_role("button", name="No, I can't make it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Why can't you go?")
    page.get_by_role("button", name="Another interview").click()
    expect(page.get_by_role("heading", name="Don't mention the other interview")).to_be_visible()
    page.get_by_role("button", name=re.compile(r"^Ask to reschedule")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell them")


def test_walk_the_flow_copy_the_draft_and_record_notice(new_context, make_user):
    from interviews.models import Interview

    user = make_user(name="Milton Waddams")
    interview = add_interview(user)
    context = new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    log_in(page, user.email)
    walk_to_the_message(page, interview)

    body = field(page, "Message")
    expect(body).to_have_value(re.compile(r"^Dear Bill Lumbergh,"))
    page.get_by_role("button", name="Copy message").click()
    expect(page.get_by_text("Copied. Paste it into your e-mail.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == body.input_value()

    # The mail-app link follows the user's edits.
    body.fill("Dear Bill,\nSomething came up.\nMilton")
    href = page.get_by_role("link", name="Open in mail app").get_attribute("href")
    assert href.startswith("mailto:bill@initech.example?subject=Request%20to%20reschedule")
    assert unquote(href.split("&body=", 1)[1]) == "Dear Bill,\r\nSomething came up.\r\nMilton"

    page.get_by_role("button", name="I've told them by e-mail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What happened?")
    expect(
        page.get_by_text(re.compile(r"Noted: you told them \d+(\.\d)? hours before the interview\."))
    ).to_be_visible()
    interview = Interview.objects.get(pk=interview.pk)
    assert (interview.status, interview.notice_channel, interview.notice_late) == (
        "reschedule_requested",
        "email",
        False,
    )


def test_the_flow_works_without_javascript(new_context, make_user):
    from interviews.models import Interview

    user = make_user()
    interview = add_interview(user)
    page = new_context(java_script_enabled=False).new_page()
    log_in(page, user.email)
    walk_to_the_message(page, interview)

    expect(page.get_by_role("button", name="Copy message")).to_be_hidden()
    expect(page.get_by_role("link", name="Open in mail app")).to_have_attribute("href", re.compile(r"^mailto:"))
    page.get_by_role("button", name="I've told them by phone").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What happened?")

    new_day = (timezone.now() + dt.timedelta(days=9)).astimezone(interview.zone).date()
    field(page, "New date").fill(new_day.isoformat())
    field(page, "New time").fill("11:00")
    page.get_by_role("button", name="Save the new time").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Can you attend?")
    page.get_by_role("button", name="Yes, I'll go").click()
    expect(page.get_by_text("You're going.")).to_be_visible()
    interview = Interview.objects.get(pk=interview.pk)
    assert interview.status == "attending"
    assert interview.local_scheduled_at.date() == new_day
