"""Every main page, checked in the browser: axe-core, structure and focus on a desktop; size on a phone.

One test per device walks all pages and reports every page that fails, not just the first.
"""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.a11y import assert_accessible, assert_fits_phone, assert_focus_visible
from tests.e2e.conftest import PHONE, log_in
from tests.e2e.pages import build_scenario, main_pages

pytestmark = pytest.mark.e2e


@pytest.fixture
def scenario(transactional_db):
    return build_scenario()


def browse_every_page(new_context, scenario, check, **context_options) -> None:
    """Open every main page as its visitor (one context each) and run `check` on it; fail with all failures."""
    visitors = {"": None, "user": scenario.user, "newcomer": scenario.newcomer}
    tabs = {}
    for who, visitor in visitors.items():
        tabs[who] = new_context(**context_options).new_page()
        if visitor is not None:
            log_in(tabs[who], visitor.email)

    failures = []
    for main_page in main_pages(scenario):
        page = tabs[main_page.who]
        try:
            response = page.goto(main_page.url)
            assert response is not None and response.ok, f"answered {response.status if response else 'nothing'}"
            expected_path = main_page.lands_on or main_page.url
            assert urlsplit(page.url).path == expected_path, f"landed on {page.url}, expected {expected_path}"
            check(page, main_page.name)
        except AssertionError as failure:
            failures.append(f"--- {main_page.name} ({main_page.url}):\n{failure}")
    assert not failures, f"{len(failures)} page(s) failed:\n" + "\n".join(failures)


def test_every_main_page_is_accessible(new_context, scenario):
    """No serious or critical axe violation, a title, one h1, labelled controls, focus that shows."""

    def check(page, name):
        assert_accessible(page, name)
        assert_focus_visible(page, name)

    browse_every_page(new_context, scenario, check)


def test_every_main_page_fits_a_phone(new_context, scenario):
    """At 390×844: no sideways scrolling; buttons, inputs and navigation links at least 44px tall."""

    def check(page, name):
        assert_fits_phone(page, name)
        if name in ("dashboard", "login"):
            # The navigation folds into a menu on a phone: its links must be as easy to tap.
            page.get_by_role("button", name="Toggle navigation").click()
            expect(page.get_by_role("navigation", name="Main").get_by_role("link").last).to_be_visible()
            assert_fits_phone(page, f"{name}, menu open")

    browse_every_page(new_context, scenario, check, viewport=PHONE, is_mobile=True, has_touch=True)
