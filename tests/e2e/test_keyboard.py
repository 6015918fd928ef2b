"""One person, keyboard only (Tab, Shift+Tab, typing, Enter, Space; no clicks): log in, add an interview,
and walk the flow from "What should I do?" to "I'll go"."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.a11y import focused_element
from tests.e2e.conftest import PASSWORD

pytestmark = pytest.mark.e2e

# The focused element's name as a person hears it: its label, its aria-label, or its text.
_FOCUSED_NAME_JS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return "";
    const label = el.labels && el.labels.length ? el.labels[0].textContent : "";
    return (el.getAttribute('aria-label') || label || el.textContent || el.value || "").replace(/\\s+/g, " ").trim();
}"""


def focused_name(page) -> str:
    return page.evaluate(_FOCUSED_NAME_JS)


def tab_to(page, name: str | re.Pattern, *, limit: int = 60) -> None:
    """Press Tab until the element with this name has focus, and check that the focus shows."""
    matches = name.search if isinstance(name, re.Pattern) else (lambda text: text == name)
    passed = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        current = focused_name(page)
        if matches(current):
            info = focused_element(page)
            assert info["visible"], f"focus on {current!r} does not show: {info}"
            return
        passed.append(current)
    raise AssertionError(f"Tab never reached {name!r}; it went through: {passed}")


def same_day_and_month_after(start: dt.date) -> dt.date:
    """The first date from `start` whose day and month are one number (7 July): typed as digits it reads
    the same whether the browser's date field puts the day first (en-GB) or the month first (en-US)."""
    for year in (start.year, start.year + 1):
        for month in range(1, 13):
            candidate = dt.date(year, month, month)
            if candidate >= start:
                return candidate
    raise AssertionError("unreachable")


def test_keyboard_only_log_in_add_an_interview_and_decide(new_context, make_user):
    from interviews.choices import Status
    from interviews.models import Interview

    make_user(email="kai@example.com", time_zone="Europe/Berlin")
    page = new_context().new_page()
    page.goto("/accounts/login/")

    # The e-mail field has focus on arrival; Enter submits.
    assert focused_name(page).startswith("E-mail")
    page.keyboard.type("kai@example.com")
    tab_to(page, re.compile(r"^Password"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your interviews")

    # The first Tab shows the skip link.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()

    # Add an interview: every field reached and filled from the keyboard.
    tab_to(page, "Add interview")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add interview")
    tab_to(page, re.compile(r"^Company"))
    page.keyboard.type("Keyboard & Co")
    day = same_day_and_month_after(timezone.now().date() + dt.timedelta(days=3))
    tab_to(page, re.compile(r"^Date"))
    page.keyboard.type(day.strftime("%d%m%Y"))
    tab_to(page, re.compile(r"^Time\*?$"))
    # Hours and minutes; "AM" fills the third part where the browser shows a 12-hour clock.
    page.keyboard.type("0930AM")
    tab_to(page, "Add interview")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Added your interview with Keyboard & Co.")).to_be_visible()
    interview = Interview.objects.get()
    local = interview.local_scheduled_at
    assert (local.date(), local.hour, local.minute, interview.time_zone) == (day, 9, 30, "Europe/Berlin")

    # "What should I do?" on the interview page, then the flow by Space and Enter.
    tab_to(page, "What should I do?")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Can you attend?")
    tab_to(page, "I'd rather not go")
    page.keyboard.press("Space")
    expect(page.get_by_role("heading", level=1)).to_have_text("You'd rather not go. Will you go anyway?")
    expect(page.get_by_role("heading", name="The worst that can happen is an offer")).to_be_visible()
    tab_to(page, re.compile(r"^All right, I'll go"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("All set")
    expect(page.get_by_text("You're going. Good luck")).to_be_visible()
    interview.refresh_from_db()
    assert interview.status == Status.ATTENDING

    # And back to the dashboard, where it shows as attending.
    tab_to(page, "Dashboard")
    page.keyboard.press("Enter")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Keyboard & Co", exact=True))
    expect(row).to_contain_text("Attending")
