"""A reminder e-mail, as a real SMTP server received it, brings its reader back to the right step."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def plain_text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link_after(text: str, intro: str, live_server) -> str:
    """The link on the line after `intro` in the e-mail's text."""
    match = re.search(re.escape(intro) + r"\s*\n(" + re.escape(live_server.url) + r"/\S+)", text)
    assert match, f"no link to {live_server.url} after {intro!r} in:\n{text}"
    return match.group(1)


def test_reminder_link_leads_through_log_in_to_the_step_they_left(new_context, make_user, smtp_server, live_server):
    from interviews.choices import Attendance, Reason
    from interviews.delivery import reminders_send_batch, reminders_sweep
    from interviews.models import Reminder
    from interviews.services import interview_create, interview_decide

    user = make_user(email="jo@example.com", name="Jo Seeker", time_zone="Europe/Berlin")
    now = timezone.now()
    # Added two hours ago for tomorrow: the notice deadline is two hours away, and the
    # "window closes soon" reminder (3 h before it) fell due an hour ago.
    added = now - dt.timedelta(hours=2)
    interview = interview_create(
        owner=user,
        now=added,
        company="Acme",
        role="Backend developer",
        scheduled_at=now + dt.timedelta(hours=26),
        time_zone="Europe/Berlin",
        contact_name="Sam Hiring",
        contact_phone="+49 30 1234567",
    )
    # Half an hour later they had started the flow: they cannot go, because of family.
    interview = interview_decide(
        interview=interview, now=added + dt.timedelta(minutes=30), attendance=Attendance.CANNOT
    )
    interview = interview_decide(interview=interview, now=added + dt.timedelta(minutes=31), reason=Reason.FAMILY)

    # The sweep, as beat and a worker would run it, sends through the SMTP server.
    reminders_sweep(timezone.now(), enqueue=reminders_send_batch)
    assert smtp_server.recipients == [["jo@example.com"]]
    message = smtp_server.messages[0]
    assert message["Subject"] == "Acme: 2 hours left to give notice"
    text = plain_text(message)
    assert "The notice window for your interview with Acme closes soon" in text
    assert Reminder.objects.get().sent_at is not None

    # Opened on another device, logged out: first the log-in page, then straight to the step they left.
    page = new_context().new_page()
    page.goto(link_after(text, "Decide, and get a polite message drafted for you:", live_server))
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in to RainCheck")
    log_in(page, "jo@example.com")
    expect(page).to_have_url(re.compile(rf"/interviews/{interview.pk}/flow/plan/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Reschedule or cancel?")
    expect(page.get_by_role("region", name="The interview")).to_contain_text("Notice window: Closing")
    expect(page.get_by_role("heading", name="A family conflict: no need to explain")).to_be_visible()

    # The one-click unsubscribe link works without logging in.
    stranger = new_context().new_page()
    stranger.goto(link_after(text, "Stop reminder e-mails with one click:", live_server))
    expect(stranger.get_by_role("heading", level=1)).to_have_text("Stop reminder e-mails?")
    stranger.get_by_role("button", name="Switch reminder e-mails off").click()
    expect(stranger.get_by_role("heading", level=1)).to_have_text("Reminder e-mails are off")
    expect(stranger.get_by_role("main")).to_contain_text("RainCheck will send no more reminders to jo@example.com")
    user.refresh_from_db()
    assert user.reminders_enabled is False
