"""A company's own notice period on a new interview, and a reminder snoozed from the e-mail that arrived."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import field, log_in
from tests.e2e.test_reminder_link import link_after, plain_text

pytestmark = pytest.mark.e2e

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def test_a_48_hour_policy_sets_the_dashboard_badge_and_the_flow_texts(page, make_user):
    user = make_user(email="kim@example.com", time_zone="Europe/Berlin")
    log_in(page, user.email)
    page.goto("/interviews/new/")
    # 50 hours ahead: with the usual 24 hours the window would be open; 48 hours leave two.
    start = (timezone.now() + dt.timedelta(hours=50)).astimezone(BERLIN)
    field(page, "Company").fill("Strict GmbH")
    field(page, "Date").fill(start.date().isoformat())
    field(page, "Time").fill(f"{start:%H:%M}")
    expect(field(page, "Notice period")).to_have_value("24")
    field(page, "Notice period").fill("48")
    field(page, "Their notice policy (optional)").fill("The booking link stops working 48 h before")
    page.get_by_role("button", name="Add interview").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Strict GmbH")
    page.get_by_role("link", name="Dashboard").first.click()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Strict GmbH", exact=True))
    expect(row.get_by_text(re.compile(r"^Notice window: \w+$"))).to_have_text("Notice window: Closing")

    row.get_by_role("link", name=re.compile("What should I do?")).click()
    summary = page.get_by_role("region", name="The interview")
    expect(summary).to_contain_text(re.compile(r"[12] hours? left to give 48 hours' notice"))
    expect(summary).to_contain_text("Their policy: The booking link stops working 48 h before")


def test_snooze_from_a_received_reminder_email_logged_out(new_context, make_user, smtp_server, live_server):
    from interviews.choices import ReminderKind
    from interviews.delivery import reminders_send_batch, reminders_sweep
    from interviews.models import Reminder
    from interviews.services import interview_create

    user = make_user(email="jo@example.com", name="Jo Seeker", time_zone="Europe/Berlin")
    now = timezone.now()
    # Added an hour ago, 48 h ahead: "decide now" (24 h before the deadline) fell due 25 minutes ago.
    interview = interview_create(
        owner=user,
        now=now - dt.timedelta(hours=1),
        company="Acme",
        scheduled_at=now + dt.timedelta(hours=47, minutes=35),
        time_zone="Europe/Berlin",
    )
    reminders_sweep(timezone.now(), enqueue=reminders_send_batch)
    assert smtp_server.recipients == [["jo@example.com"]]
    text = plain_text(smtp_server.messages[0])

    stranger = new_context().new_page()  # another device, logged out
    stranger.goto(link_after(text, "Not now? Remind me later (no log-in needed):", live_server))
    expect(stranger.get_by_role("heading", level=1)).to_have_text("Remind me later")
    clicked = timezone.now()
    stranger.get_by_role("button", name=re.compile("Remind me in an hour")).click()
    expect(stranger.get_by_role("heading", level=1)).to_have_text("Reminder moved")

    moved = Reminder.objects.get(interview=interview, kind=ReminderKind.DECIDE_NOW, sent_at__isnull=True)
    assert clicked + dt.timedelta(minutes=59) < moved.due_at < timezone.now() + dt.timedelta(hours=1, minutes=1)
    local = moved.due_at.astimezone(BERLIN)
    expect(stranger.get_by_role("main")).to_contain_text(f"again on {local:%a} {local.day} {local:%b %Y, %H:%M}")
