"""The record pages in the browser: statistics with charts and tables on a desktop and a phone, the printable proof."""

import pytest
from playwright.sync_api import expect

from tests.e2e.a11y import assert_accessible, assert_fits_phone, assert_focus_visible
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def seeker(make_user):
    from tests.interviews.record_history import build_record

    user = make_user(email="jo@example.com", name="Jo Seeker", time_zone="Europe/Berlin")
    build_record(user)
    return user


def _statistics(page, seeker):
    log_in(page, seeker.email)
    page.goto("/stats/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Statistics")
    charts = page.locator("svg.record-chart[role=img]")
    expect(charts).to_have_count(4)
    for slug in ("outcomes", "notice", "reschedules", "upcoming"):
        chart = page.locator(f'svg[data-chart="{slug}"]')
        expect(chart).to_be_visible()
        assert chart.bounding_box()["height"] > 20, f"the {slug} chart is drawn"
        expect(page.locator(f"#table-{slug}")).to_be_visible()
    expect(page.locator("#table-outcomes").get_by_role("row", name="Attended 1")).to_be_visible()


def test_statistics_on_a_desktop(page, seeker):
    _statistics(page, seeker)

    assert_accessible(page, "statistics")
    assert_focus_visible(page, "statistics")


def test_statistics_on_a_phone(phone_page, seeker):
    _statistics(phone_page, seeker)

    assert_accessible(phone_page, "statistics on a phone")
    assert_fits_phone(phone_page, "statistics on a phone")


def test_statistics_empty_state(page, make_user):
    newcomer = make_user(email="new@example.com")
    log_in(page, newcomer.email)
    page.goto("/stats/")

    expect(page.get_by_role("heading", name="No statistics yet")).to_be_visible()
    expect(page.get_by_role("link", name="Add an interview")).to_be_visible()
    assert_accessible(page, "empty statistics")


def test_the_proof_of_notice_prints_without_navigation(page, seeker):
    log_in(page, seeker.email)
    page.goto("/stats/")
    page.get_by_role("link", name="Proof of notice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proof of notice")
    assert_accessible(page, "proof of notice")

    page.emulate_media(media="print")

    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("button", name="Show this period")).to_be_hidden()
    expect(page.locator(".report-entry")).to_have_count(4)
    expect(page.get_by_text("Rescheduling our interview")).to_be_visible()
    expect(page.get_by_text("All times are in Europe/Berlin")).to_be_visible()
    assert page.pdf(format="A4")[:4] == b"%PDF"
