"""Journeys of an account: sign up by the e-mailed link, log out and in, verify an older account, settings."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.a11y import assert_accessible
from tests.e2e.conftest import PASSWORD, field, log_in

pytestmark = pytest.mark.e2e


def link_in(message, live_server) -> str:
    """The first link to this site in an e-mail's plain-text body."""
    match = re.search(re.escape(live_server.url) + r"/\S+", message.body)
    assert match, f"no link to {live_server.url} in:\n{message.body}"
    return match.group(0)


def test_sign_up_by_link_log_out_and_log_in(new_context, live_server):
    from accounts.models import User

    # A person in Berlin: the form behind the link picks up the browser's zone.
    page = new_context(timezone_id="Europe/Berlin").new_page()
    page.goto("/")
    # Not logged in: the landing page says what RainCheck is, and leads to log in or sign up.
    expect(page.get_by_role("link", name="Sign up free")).to_be_visible()
    page.get_by_role("main").get_by_role("link", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in to RainCheck")
    assert_accessible(page, "log-in page")
    page.get_by_role("link", name="Create an account").click()

    # The first step takes only the address.
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your RainCheck account")
    assert_accessible(page, "sign-up page")
    field(page, "E-mail").fill("Robin@Example.com")
    page.get_by_role("button", name="Send me the link").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    assert_accessible(page, "check-your-inbox page")
    assert not User.objects.exists()

    # The e-mail: one, to the address given, with the link that finishes sign-up.
    (message,) = mail.outbox
    assert message.to == ["robin@example.com"]
    assert "Finish signing up" in message.subject
    page.goto(link_in(message, live_server))

    expect(page.get_by_role("heading", level=1)).to_have_text("Finish signing up")
    expect(page.get_by_role("main")).to_contain_text("robin@example.com")
    expect(field(page, "Time zone")).to_have_value("Europe/Berlin")
    assert_accessible(page, "finish-sign-up page")
    field(page, "Name").fill("Robin Seeker")
    field(page, "Password").fill("a long rainy passphrase")
    field(page, "Password again").fill("a long rainy passphrase with a typo")
    page.get_by_role("button", name="Create my account").click()

    # A typo in the second password: told so, nothing created.
    expect(page.get_by_text("The two passwords differ.")).to_be_visible()
    assert not User.objects.exists()
    field(page, "Password").fill("a long rainy passphrase")
    field(page, "Password again").fill("a long rainy passphrase")
    page.get_by_role("button", name="Create my account").click()

    # In at once, the address verified by the click: no banner.
    expect(page.get_by_role("heading", level=1)).to_have_text("Your interviews")
    expect(page.get_by_text("Welcome to RainCheck!")).to_be_visible()
    expect(page.get_by_text("Please verify your e-mail address")).to_have_count(0)
    expect(page.get_by_role("heading", name="No interviews yet")).to_be_visible()
    user = User.objects.get()
    assert (user.email, user.name, user.time_zone, user.email_verified) == (
        "robin@example.com",
        "Robin Seeker",
        "Europe/Berlin",
        True,
    )

    # Log out: back at the log-in page, told so, and the dashboard is closed to them.
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in to RainCheck")
    page.goto("/")
    expect(page.get_by_role("link", name="Sign up free")).to_be_visible()
    page.get_by_role("main").get_by_role("link", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in to RainCheck")

    # Signing up again with the address: the same page, and the e-mail says there is an account.
    page.goto("/accounts/signup/")
    field(page, "E-mail").fill("robin@example.com")
    page.get_by_role("button", name="Send me the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    notice = mail.outbox[-1]
    assert "account already" in notice.subject and notice.to == ["robin@example.com"]
    page.goto(link_in(notice, live_server))
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in to RainCheck")

    # A wrong password is refused with a message; the right one lets them in.
    field(page, "E-mail").fill("robin@example.com")
    field(page, "Password").fill("not my passphrase")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Please enter a correct e-mail address and password.")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
    log_in(page, "ROBIN@example.com", "a long rainy passphrase")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your interviews")


def test_an_account_made_before_sign_up_by_link_verifies_from_its_banner(page, make_user, live_server):
    user = make_user(email="early@example.com", email_verified_at=None)
    log_in(page, user.email, PASSWORD)

    banner = page.get_by_role("status").filter(has_text="Please verify your e-mail address")
    expect(banner).to_contain_text("early@example.com")
    banner.get_by_role("button", name="Send the link again").click()
    expect(page.get_by_text("A link is on its way to early@example.com")).to_be_visible()

    (message,) = mail.outbox
    assert "Verify your e-mail address" in message.subject
    page.goto(link_in(message, live_server))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: your address is verified")
    expect(page.get_by_text("Please verify your e-mail address")).to_have_count(0)
    user.refresh_from_db()
    assert user.email_verified


def test_change_reminder_settings(page, make_user):
    user = make_user(email="sam@example.com", reminder_first_hours=24, reminder_second_hours=3)
    log_in(page, user.email, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Settings")
    expect(page.get_by_text("Signed in as sam@example.com (verified)")).to_be_visible()
    assert_accessible(page, "settings page")
    reminders = page.get_by_label("E-mail me reminders before a notice window closes")
    expect(reminders).to_be_checked()
    first = field(page, "First reminder (“decide now”)")
    second = field(page, "Second reminder (“window closes soon”)")
    first.select_option(label="12 hours before")
    second.select_option(label="1 hour before")
    page.get_by_role("button", name="Save settings").click()

    expect(page.get_by_text("Settings saved.")).to_be_visible()
    page.reload()
    expect(first).to_have_value("12")
    expect(second).to_have_value("1")
    user.refresh_from_db()
    assert (user.reminder_first_hours, user.reminder_second_hours, user.reminders_enabled) == (12, 1, True)

    # Switching reminders off sticks too.
    reminders.uncheck()
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()
    expect(reminders).not_to_be_checked()
    user.refresh_from_db()
    assert user.reminders_enabled is False
