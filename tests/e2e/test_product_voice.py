"""The product's voice in a real browser: the honest late draft for a work conflict, kept as sent; the case for
going read before deciding on a phone; the countdown ticking without a reload; the landing page."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.a11y import assert_accessible
from tests.e2e.conftest import PHONE, field, log_in

pytestmark = pytest.mark.e2e


def add_interview(user, *, starts_in: dt.timedelta, added_ago: dt.timedelta = dt.timedelta(days=2), **fields):
    from interviews.services import interview_create

    now = timezone.now()
    values = {
        "role": "Analyst",
        "time_zone": "Europe/Berlin",
        "contact_name": "Alfred Hiring",
        "contact_email": "alfred@wayne.example",
        "contact_phone": "+49 30 5550199",
        **fields,
    }
    return interview_create(owner=user, now=now - added_ago, scheduled_at=now + starts_in, **values)


def test_late_with_a_work_conflict_the_draft_is_honest_and_kept_as_sent(page, make_user):
    user = make_user(name="Jo Seeker", time_zone="Europe/Berlin")
    # The notice deadline passed 4 hours ago.
    interview = add_interview(user, starts_in=dt.timedelta(hours=20), company="Wayne Enterprises")
    log_in(page, user.email)
    page.goto(f"/interviews/{interview.pk}/flow/")
    page.get_by_role("button", name="No, I can't make it").click()
    page.get_by_role("button", name="A work conflict").click()
    page.get_by_role("button", name="Ask to reschedule").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tell them")
    expect(page.get_by_text("Drafted for you: late reschedule (past the deadline, a conflict).")).to_be_visible()
    subject, body = field(page, "Subject"), field(page, "Message")
    expect(subject).to_have_value(re.compile(r"^Sorry for the short notice: our interview on "))
    expect(body).to_have_value(re.compile(r"A conflict has come up that I could not move"))
    expect(body).to_have_value(re.compile(r"still very interested"))
    expect(body).not_to_have_value(re.compile(r"emergency|urgent|another interview", re.I))
    # Past the deadline the advice says to call, and that a real emergency is understood.
    call_now = page.get_by_role("article").filter(has_text="Call them now: a phone call beats an e-mail")
    expect(call_now).to_contain_text("people understand")
    # The whole message is in view: its box is as tall as its text.
    assert body.evaluate("box => box.scrollHeight <= box.clientHeight + 2")

    body.fill(body.input_value().replace("Kind regards,", "Thank you again, and kind regards,"))
    page.get_by_role("button", name="I've told them by phone").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What happened?")

    page.goto(f"/interviews/{interview.pk}/")
    sent = page.locator("[data-sent-message]")
    expect(sent).to_contain_text("Sorry for the short notice: our interview on")
    expect(sent).to_contain_text("Thank you again, and kind regards,")
    field(page, "Add a note").fill("Alfred called back: they'll keep me in mind for the next opening.")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_text("Added your note to the history.")).to_be_visible()
    expect(page.locator('[data-event-kind="note"]')).to_contain_text("they'll keep me in mind")
    assert_accessible(page, "interview page with a sent message and a note")


def test_on_a_phone_the_case_for_going_comes_before_the_answers(phone_page, make_user):
    from interviews.services import interview_decide

    user = make_user(time_zone="Europe/Berlin")
    interview = add_interview(user, starts_in=dt.timedelta(days=6), company="Umbrella Inc", added_ago=dt.timedelta(0))
    interview_decide(interview=interview, now=timezone.now(), attendance="rather_not")
    log_in(phone_page, user.email)
    phone_page.goto(f"/interviews/{interview.pk}/flow/rather_not/")

    assert phone_page.viewport_size == PHONE
    advice = phone_page.get_by_role("heading", name="Why going anyway is often worth it")
    first_card = phone_page.get_by_role("heading", name="Real practice beats rehearsing with friends")
    last_card = phone_page.get_by_role(
        "heading", name="The best things often happen at the interviews you meant to skip"
    )
    go = phone_page.get_by_role("button", name="All right, I'll go")
    skip = phone_page.get_by_role("button", name="I still want to skip it")
    for locator in (advice, first_card, last_card, go, skip):
        expect(locator).to_be_visible()
    buttons_top = min(go.bounding_box()["y"], skip.bounding_box()["y"])
    assert advice.bounding_box()["y"] < first_card.bounding_box()["y"] < last_card.bounding_box()["y"] < buttons_top


def test_the_dashboard_countdown_ticks_without_a_reload(new_context, make_user):
    user = make_user(time_zone="Europe/Berlin")
    # The deadline is 5 hours away (the window is closing).
    add_interview(user, starts_in=dt.timedelta(hours=29), company="Soylent", added_ago=dt.timedelta(days=1))

    page = new_context().new_page()
    page.clock.install()  # the page's own timers, driven by its real JavaScript, on a clock the test can move
    log_in(page, user.email)
    page.goto("/")
    countdown = page.get_by_role("row").filter(has_text="Soylent").locator("[data-countdown-deadline]")
    expect(countdown).to_have_text(re.compile(r"^4 h 5\d min left to give notice$"))
    before = countdown.text_content()

    page.clock.fast_forward("10:00")  # ten minutes
    expect(countdown).not_to_have_text(before)
    expect(countdown).to_have_text(re.compile(r"^4 h [45]\d min left to give notice$"))
    page.clock.fast_forward("05:00:00")  # past the deadline
    expect(countdown).to_have_text("Notice window closed")

    # Without JavaScript the server's text stays.
    plain = new_context(java_script_enabled=False).new_page()
    log_in(plain, user.email)
    plain.goto("/")
    row = plain.get_by_role("row").filter(has_text="Soylent")
    expect(row.locator("[data-countdown-deadline]")).to_have_text("5 h left to give notice")


def test_a_logged_out_visitor_lands_on_what_raincheck_does(page):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Can't make an interview?")
    expect(page.get_by_text("or the notice the company asks for")).to_be_visible()
    assert_accessible(page, "landing page")
    page.get_by_role("link", name="Sign up free").click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))
    page.goto("/")
    page.get_by_role("main").get_by_role("link", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in to RainCheck")
