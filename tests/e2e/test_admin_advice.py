"""A staff member rewrites an advice text in admin, and the flow shows the new words."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import field, log_in

pytestmark = pytest.mark.e2e


def test_staff_edit_of_an_advice_text_shows_on_the_flow_page(page, make_user):
    from advice.models import Advice
    from tests.factories import InterviewFactory

    staff = make_user(email="editor@example.com", is_staff=True, is_superuser=True)
    interview = InterviewFactory(owner=staff, company="Acme", scheduled_at=timezone.now() + dt.timedelta(days=3))
    log_in(page, staff.email)

    # The flow's first step, before the edit.
    page.goto(f"/interviews/{interview.pk}/flow/")
    expect(page.get_by_role("heading", name="Going is usually worth it")).to_be_visible()
    expect(page.get_by_text("free, real practice")).to_be_visible()

    # Into admin from the navigation, to the advice list, and the article.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Admin").click()
    page.get_by_role("row", name="Advice").get_by_role("link", name="Advice", exact=True).click()
    page.get_by_role("link", name="Going is usually worth it").click()
    expect(page.get_by_role("heading", name="Change advice")).to_be_visible()
    field(page, "Title:").fill("Go anyway: it is free practice")
    field(page, "Body:").fill(
        "An interview you are unsure about is **a rehearsal with a real audience**.\n\n"
        "<script>document.title = 'hacked'</script>"
    )
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()

    # The same step now says it in the new words, Markdown rendered and the script gone.
    page.goto(f"/interviews/{interview.pk}/flow/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Can you attend?")
    expect(page.get_by_role("heading", name="Go anyway: it is free practice")).to_be_visible()
    expect(page.get_by_role("heading", name="Going is usually worth it")).to_have_count(0)
    expect(page.locator("strong").filter(has_text="a rehearsal with a real audience")).to_be_visible()
    expect(page.get_by_text("free, real practice")).to_have_count(0)
    expect(page).not_to_have_title("hacked")
    expect(page.get_by_role("main").locator("script")).to_have_count(0)
    assert Advice.objects.filter(title="Go anyway: it is free practice").exists()
