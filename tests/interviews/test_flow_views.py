"""The flow over HTTP: every path a user can walk, what each page shows, and what each answer saves."""

import html
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from advice.models import MessageTemplate
from advice.seed import TEMPLATES
from interviews.choices import EventKind
from interviews.models import InterviewEvent
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db

# A Friday morning. The default interview is on Tuesday 14 May 2030 at 10:00 in Berlin (08:00 UTC),
# 96 hours away: its notice deadline is 72 hours away, so the window is open.
NOW = datetime(2030, 5, 10, 8, 0, tzinfo=UTC)
TUESDAY = datetime(2030, 5, 14, 8, 0, tzinfo=UTC)
TUESDAY_TEXT = "Tuesday 14 May 2030 at 10:00 (CEST)"

OPEN_ATTEND_ADVICE = ["Going is usually worth it", "If you can't go, tell them early"]
CLOSED_ATTEND_ADVICE = ["Going is usually worth it", "Past the notice deadline: decide now"]
# The whole case for going, then what to do when skipping anyway.
RATHER_NOT_ADVICE = [
    "Real practice beats rehearsing with friends",
    "Nothing to lose makes you better",
    "The worst that can happen is an offer",
    "People you may want to know later",
    "The best things often happen at the interviews you meant to skip",
    "If you still skip it, say so",
]
REASON_PLAN_ADVICE = {
    "work": "A work conflict: say it simply",
    "family": "A family conflict: no need to explain",
    "other_interview": "Don't mention the other interview",
    "emergency": "An emergency: honest, upfront, no private details",
    "other": "Something else: keep it short",
}
REASON_MESSAGE_ADVICE = {
    "work": [],
    "family": [],
    "other_interview": ["Leave the other interview out of it"],
    "emergency": ["No private details needed"],
    "other": [],
}


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def seeker(clock, user):
    user.name = "Jo Seeker"
    user.save()
    return user


@pytest.fixture
def client(client, seeker):
    client.force_login(seeker)
    return client


def make_interview(owner, **fields):
    defaults = {
        "company": "Acme",
        "role": "Backend developer",
        "scheduled_at": TUESDAY,
        "contact_name": "Sam Hiring",
        "contact_email": "sam@acme.example",
        "contact_phone": "+49 30 1234567",
    }
    return InterviewFactory(owner=owner, **{**defaults, **fields})


def step_url(interview, step):
    return reverse("interviews:flow_step", args=[interview.pk, step])


def answer(client, interview, step, value, **data):
    return client.post(step_url(interview, step), {"answer": value, **data})


def assert_leads_to(response, interview, step):
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == step_url(interview, step)


def advice_titles(response) -> list[str]:
    return [html.unescape(t) for t in re.findall(r'<h3 class="h5 card-title">(.*?)</h3>', response.content.decode())]


def events(interview, kind=None):
    qs = InterviewEvent.objects.filter(interview=interview).order_by("at", "pk")
    return list(qs.filter(kind=kind) if kind else qs)


def text(response) -> str:
    return html.unescape(response.content.decode())


def seeded_message(purpose, **values) -> tuple[str, str]:
    template = next(t for t in TEMPLATES if t["purpose"] == purpose)
    return template["subject"].format(**values), template["body"].format(**values)


ACME_VALUES = {
    "contact_name": "Sam Hiring",
    "company": "Acme",
    "role": "Backend developer",
    "interview_time": TUESDAY_TEXT,
    "your_name": "Jo Seeker",
}


def walk_to_message(client, interview, *, reason="work", plan="reschedule", attendance="cannot"):
    assert_leads_to(answer(client, interview, "attend", attendance), interview, "why")
    assert_leads_to(answer(client, interview, "why", reason), interview, "plan")
    assert_leads_to(answer(client, interview, "plan", plan), interview, "message")


# --- Starting ----------------------------------------------------------------------------


def test_the_flow_starts_at_the_step_the_interview_is_at(client, seeker):
    interview = make_interview(seeker)
    assert_leads_to(client.get(reverse("interviews:flow", args=[interview.pk])), interview, "attend")
    answer(client, interview, "attend", "cannot")
    assert_leads_to(client.get(reverse("interviews:flow", args=[interview.pk])), interview, "why")


def test_the_interview_page_has_a_what_should_i_do_button(client, seeker):
    interview = make_interview(seeker)
    page = client.get(reverse("interviews:detail", args=[interview.pk]))
    assert f'href="{reverse("interviews:flow", args=[interview.pk])}"' in page.content.decode()
    assert "What should I do?" in page.content.decode()


# --- Attend --------------------------------------------------------------------------------


def test_attend_yes_marks_the_interview_as_attending(client, seeker):
    interview = make_interview(seeker)
    page = client.get(step_url(interview, "attend"))
    assert page.status_code == 200
    assert advice_titles(page) == OPEN_ATTEND_ADVICE
    assert "72 hours left to give 24 hours' notice" in text(page)
    assert 'data-notice-state="open"' in page.content.decode()

    assert_leads_to(answer(client, interview, "attend", "yes"), interview, "done")

    interview.refresh_from_db()
    assert interview.status == "attending"
    assert interview.attendance == "yes"
    assert (interview.notice_hours, interview.notice_late, interview.notice_given_at) == (None, False, None)
    decision = events(interview, EventKind.DECISION)[-1]
    assert decision.summary == "Going to the interview"
    assert decision.data["status"] == "attending"
    done = client.get(step_url(interview, "done"))
    assert "You're going" in text(done)
    assert "data-purpose" not in done.content.decode()


def test_rather_not_go_then_go_after_all(client, seeker):
    interview = make_interview(seeker)
    assert_leads_to(answer(client, interview, "attend", "rather_not"), interview, "rather_not")
    page = client.get(step_url(interview, "rather_not"))
    assert advice_titles(page) == RATHER_NOT_ADVICE
    assert "All right, I'll go" in text(page)

    assert_leads_to(answer(client, interview, "rather_not", "yes"), interview, "done")

    interview.refresh_from_db()
    assert interview.status == "attending"
    assert [e.summary for e in events(interview, EventKind.DECISION)] == [
        "I'd rather not go",
        "Going to the interview",
    ]
    assert (interview.notice_hours, interview.notice_late) == (None, False)


def test_rather_not_go_then_skip_asks_why_and_drafts_the_message(client, seeker):
    interview = make_interview(seeker)
    answer(client, interview, "attend", "rather_not")
    assert_leads_to(answer(client, interview, "rather_not", "skip"), interview, "why")
    interview.refresh_from_db()
    assert (interview.status, interview.attendance) == ("scheduled", "skip")
    assert events(interview, EventKind.DECISION)[-1].summary == "I'd rather not go, and still want to skip"

    why = client.get(step_url(interview, "why"))
    assert advice_titles(why) == [
        "A short, true reason is enough",
        "Another interview? Keep it to yourself",
        "A real emergency? Be upfront",
    ]
    assert_leads_to(answer(client, interview, "why", "other"), interview, "plan")
    assert_leads_to(answer(client, interview, "plan", "reschedule"), interview, "message")
    message = client.get(step_url(interview, "message"))
    assert message.context["purpose"] == "reschedule_request"
    assert (message.context["subject"], message.context["body"]) == seeded_message("reschedule_request", **ACME_VALUES)


# --- Each reason ---------------------------------------------------------------------------


@pytest.mark.parametrize("reason", list(REASON_PLAN_ADVICE))
def test_each_reason_gets_its_advice_and_a_reschedule_request(client, seeker, reason):
    interview = make_interview(seeker)
    answer(client, interview, "attend", "cannot")
    assert_leads_to(answer(client, interview, "why", reason), interview, "plan")
    interview.refresh_from_db()
    assert interview.reason == reason
    assert events(interview, EventKind.DECISION)[-1].data["reason"] == reason

    plan = client.get(step_url(interview, "plan"))
    assert advice_titles(plan) == [
        "Ask to reschedule, even if you're unsure",
        "Cancel only when you're sure",
        "Withdrawing is not the same as cancelling",
        REASON_PLAN_ADVICE[reason],
    ]
    assert "Recommended" in text(plan)

    assert_leads_to(answer(client, interview, "plan", "reschedule"), interview, "message")
    message = client.get(step_url(interview, "message"))
    assert advice_titles(message) == [
        "Say it politely",
        "Send it today",
        "You send it, not RainCheck",
        *REASON_MESSAGE_ADVICE[reason],
    ]
    purpose = "emergency_reschedule" if reason == "emergency" else "reschedule_request"
    subject, body = seeded_message(purpose, **ACME_VALUES)
    assert message.context["purpose"] == purpose
    assert f'data-purpose="{purpose}"' in message.content.decode()
    assert (message.context["subject"], message.context["body"]) == (subject, body)
    assert body.startswith("Dear Sam Hiring,")
    assert f"on {TUESDAY_TEXT}" in body
    assert body.endswith("Kind regards,\nJo Seeker")
    assert "another interview" not in body.lower()
    assert html.escape(body) in message.content.decode()
    assert "You have 72 hours left before the notice deadline" in text(message)
    assert "gives them 96 hours' notice" in text(message)

    assert_leads_to(answer(client, interview, "message", "email", subject=subject, body=body), interview, "outcome")
    interview.refresh_from_db()
    assert interview.status == "reschedule_requested"
    assert interview.notice_given_at == NOW
    assert interview.notice_channel == "email"
    assert interview.notice_hours == Decimal("96.0")
    assert interview.notice_late is False
    notice = events(interview, EventKind.NOTICE_GIVEN)[-1]
    assert notice.data == {
        "channel": "email",
        "hours": "96.0",
        "late": False,
        "notice_period": "24 hours",
        "plan": "reschedule",
        "message_subject": subject,
        "message_body": body,
    }


# --- Reschedule and cancel, before and after the deadline --------------------------------------


def test_the_message_has_a_mail_app_link_and_copy_buttons_for_javascript(client, seeker):
    interview = make_interview(seeker)
    walk_to_message(client, interview)
    page = client.get(step_url(interview, "message"))
    subject, body = seeded_message("reschedule_request", **ACME_VALUES)
    content = page.content.decode()
    assert page.context["mailto_url"].startswith("mailto:sam@acme.example?subject=Request%20to%20reschedule")
    assert "%0D%0A%0D%0A" in page.context["mailto_url"]
    assert f'href="{html.escape(page.context["mailto_url"])}"' in content
    assert re.search(r'<button type="button"[^>]*data-copy-target="draft-body" hidden>', content)
    assert "js/copy.js" in content


def test_cancel_before_the_deadline(client, seeker):
    interview = make_interview(seeker)
    walk_to_message(client, interview, reason="family", plan="cancel")
    message = client.get(step_url(interview, "message"))
    assert message.context["purpose"] == "cancel"
    assert (message.context["subject"], message.context["body"]) == seeded_message("cancel", **ACME_VALUES)
    assert "glad to be considered for a later opening" in message.context["body"]

    assert_leads_to(answer(client, interview, "message", "phone"), interview, "done")
    interview.refresh_from_db()
    assert interview.status == "cancelled"
    assert (interview.notice_channel, interview.notice_hours, interview.notice_late) == (
        "phone",
        Decimal("96.0"),
        False,
    )
    assert events(interview, EventKind.NOTICE_GIVEN)[-1].summary == "Told them by phone, 96 h before"
    done = client.get(step_url(interview, "done"))
    assert "The interview is cancelled" in text(done)
    assert "You told them 96 hours before" in text(done)


def test_reschedule_after_the_deadline_says_call_now(client, seeker):
    interview = make_interview(seeker, scheduled_at=NOW + timedelta(hours=10))
    attend = client.get(step_url(interview, "attend"))
    assert advice_titles(attend) == CLOSED_ATTEND_ADVICE
    assert "The notice deadline has passed. The interview starts in 10 hours." in text(attend)
    assert 'data-notice-state="closed"' in attend.content.decode()

    walk_to_message(client, interview, reason="emergency")
    plan = client.get(step_url(interview, "plan"))
    assert "Past the deadline, ask anyway" in advice_titles(plan)

    message = client.get(step_url(interview, "message"))
    assert advice_titles(message) == [
        "Say it politely",
        "Call them now: a phone call beats an e-mail",
        "You send it, not RainCheck",
        "No private details needed",
    ]
    content = message.content.decode()
    assert "data-call-now" in content
    assert "Call them now: a phone call beats an e-mail." in text(message)
    assert 'href="tel:+49301234567"' in content
    values = {**ACME_VALUES, "interview_time": "Friday 10 May 2030 at 20:00 (CEST)"}
    assert message.context["purpose"] == "emergency_reschedule"
    assert (message.context["subject"], message.context["body"]) == seeded_message("emergency_reschedule", **values)
    assert "an emergency has come up" in message.context["body"]

    assert_leads_to(answer(client, interview, "message", "phone"), interview, "outcome")
    interview.refresh_from_db()
    assert interview.status == "reschedule_requested"
    assert (interview.notice_hours, interview.notice_late) == (Decimal("10.0"), True)
    notice = events(interview, EventKind.NOTICE_GIVEN)[-1]
    assert notice.data["late"] is True
    assert notice.summary == "Told them by phone, 10 h before (late notice)"
    outcome = client.get(step_url(interview, "outcome"))
    assert "late notice, but far better than none" in text(outcome)


def test_cancel_after_the_deadline(client, seeker):
    interview = make_interview(seeker, scheduled_at=NOW + timedelta(hours=5))
    walk_to_message(client, interview, reason="other_interview", plan="cancel")
    message = client.get(step_url(interview, "message"))
    values = {**ACME_VALUES, "interview_time": "Friday 10 May 2030 at 15:00 (CEST)"}
    assert message.context["purpose"] == "late_cancel"
    assert (message.context["subject"], message.context["body"]) == seeded_message("late_cancel", **values)
    assert "Leave the other interview out of it" in advice_titles(message)

    assert_leads_to(answer(client, interview, "message", "other"), interview, "done")
    interview.refresh_from_db()
    assert interview.status == "cancelled"
    assert (interview.notice_channel, interview.notice_hours, interview.notice_late) == ("other", Decimal("5.0"), True)


def test_the_draft_turns_late_when_the_deadline_passes_mid_flow(client, seeker, clock):
    interview = make_interview(seeker)
    walk_to_message(client, interview)
    assert client.get(step_url(interview, "message")).context["purpose"] == "reschedule_request"

    clock.move_to(TUESDAY - timedelta(hours=23), tick=False)
    message = client.get(step_url(interview, "message"))
    assert message.context["purpose"] == "late_reschedule"
    assert "data-call-now" in message.content.decode()
    answer(client, interview, "message", "email")
    interview.refresh_from_db()
    assert (interview.notice_hours, interview.notice_late) == (Decimal("23.0"), True)


def test_the_closing_window_counts_down_the_last_hours(client, seeker):
    interview = make_interview(seeker, scheduled_at=NOW + timedelta(hours=28))
    page = client.get(step_url(interview, "attend"))
    assert 'data-notice-state="closing"' in page.content.decode()
    assert "4 hours left to give 24 hours' notice" in text(page)
    assert advice_titles(page) == OPEN_ATTEND_ADVICE


def test_without_a_phone_number_the_late_message_says_how_to_add_one(client, seeker):
    interview = make_interview(seeker, scheduled_at=NOW + timedelta(hours=10), contact_phone="")
    walk_to_message(client, interview)
    page = client.get(step_url(interview, "message"))
    assert "tel:" not in page.content.decode()
    assert "There is no phone number saved for this interview" in text(page)
    assert reverse("interviews:edit", args=[interview.pk]) in page.content.decode()


def test_the_interview_time_is_written_in_the_interviews_own_zone(client, seeker):
    interview = make_interview(seeker, time_zone="America/New_York", role="")
    walk_to_message(client, interview)
    body = client.get(step_url(interview, "message")).context["body"]
    assert "Tuesday 14 May 2030 at 04:00 (EDT)" in body
    assert "the advertised position at Acme" in body


def test_with_no_active_template_the_user_writes_their_own(client, seeker):
    MessageTemplate.objects.filter(purpose="reschedule_request").update(active=False)
    interview = make_interview(seeker)
    walk_to_message(client, interview)
    page = client.get(step_url(interview, "message"))
    assert page.status_code == 200
    assert "There is no message template for this right now" in text(page)
    assert page.context["body"] == ""


# --- Outcome --------------------------------------------------------------------------------


def _requested(client, seeker, **fields):
    interview = make_interview(seeker, **fields)
    walk_to_message(client, interview)
    answer(client, interview, "message", "email")
    interview.refresh_from_db()
    return interview


def test_a_new_agreed_time_moves_the_interview_and_starts_afresh(client, seeker):
    interview = _requested(client, seeker)
    response = answer(client, interview, "outcome", "new_time", date="2030-05-20", time="14:30")
    assert_leads_to(response, interview, "attend")
    interview.refresh_from_db()
    assert interview.scheduled_at == datetime(2030, 5, 20, 12, 30, tzinfo=UTC)
    assert interview.notice_deadline == datetime(2030, 5, 19, 12, 30, tzinfo=UTC)
    assert interview.status == "scheduled"
    assert (interview.attendance, interview.reason, interview.plan) == ("", "", "")
    assert (interview.notice_given_at, interview.notice_channel, interview.notice_hours) == (None, "", None)
    moved = events(interview, EventKind.RESCHEDULED)[-1]
    assert moved.data["old"] == TUESDAY.isoformat()
    assert (moved.data["reason"], moved.data["plan"], moved.data["notice_channel"]) == ("work", "reschedule", "email")
    attend = client.get(step_url(interview, "attend"))
    assert "Moved to Monday 20 May 2030 at 14:30 (CEST)" in text(attend)


@pytest.mark.parametrize(
    ("date", "time", "message"),
    [
        ("2030-05-01", "10:00", "This time is in the past"),
        ("2031-03-30", "02:30", "does not exist in Europe/Berlin"),
        ("2030-10-27", "02:30", "happens twice in Europe/Berlin"),
        ("", "10:00", "Enter the new date."),
        ("2030-05-20", "half past", "Enter a time like 14:30."),
        ("0001-01-01", "00:10", "Check the year"),
        ("9999-12-31", "23:59", "Check the year"),
    ],
)
def test_a_new_time_that_cannot_be_is_refused_and_nothing_changes(client, seeker, date, time, message):
    interview = _requested(client, seeker)
    before = len(events(interview))
    response = answer(client, interview, "outcome", "new_time", date=date, time=time)
    assert response.status_code == 200
    assert message in text(response)
    interview.refresh_from_db()
    assert (interview.scheduled_at, interview.status) == (TUESDAY, "reschedule_requested")
    assert len(events(interview)) == before


def test_the_company_cancelled(client, seeker):
    interview = _requested(client, seeker)
    page = client.get(step_url(interview, "outcome"))
    assert advice_titles(page) == [
        "A new time? Take it graciously",
        "If they go on without you",
    ]
    assert [c.value for c in page.context["choices"]] == ["new_time", "cancelled"]
    assert_leads_to(answer(client, interview, "outcome", "cancelled"), interview, "done")
    interview.refresh_from_db()
    assert interview.status == "cancelled"
    assert events(interview, EventKind.OUTCOME)[-1].data == {"status": "cancelled", "previous": "reschedule_requested"}


@pytest.mark.parametrize("outcome", ["attended", "missed"])
def test_after_the_interview_time_what_happened_is_recorded(client, seeker, clock, outcome):
    interview = make_interview(seeker)
    answer(client, interview, "attend", "yes")
    clock.move_to(TUESDAY + timedelta(hours=2), tick=False)
    assert_leads_to(client.get(reverse("interviews:flow", args=[interview.pk])), interview, "outcome")
    page = client.get(step_url(interview, "outcome"))
    assert "The interview time has passed. What happened?" in text(page)
    assert_leads_to(answer(client, interview, "outcome", outcome), interview, "done")
    interview.refresh_from_db()
    assert interview.status == outcome
    assert events(interview, EventKind.OUTCOME)[-1].summary == f"Outcome: {outcome}"


def test_went_or_missed_cannot_be_recorded_before_the_interview(client, seeker):
    interview = _requested(client, seeker)
    response = answer(client, interview, "outcome", "attended")
    assert response.status_code == 400
    interview.refresh_from_db()
    assert interview.status == "reschedule_requested"


# --- Follow up -------------------------------------------------------------------------------


def test_three_days_without_a_new_time_asks_for_a_follow_up(client, seeker, clock):
    interview = _requested(client, seeker, scheduled_at=NOW + timedelta(days=10))
    clock.move_to(NOW + timedelta(days=3), tick=False)

    outcome = client.get(step_url(interview, "outcome"))
    follow_up_url = reverse("interviews:flow_follow_up", args=[interview.pk])
    assert "data-follow-up-due" in outcome.content.decode()
    assert f'href="{follow_up_url}"' in outcome.content.decode()
    for page in ("interviews:dashboard", "interviews:detail"):
        args = [interview.pk] if page == "interviews:detail" else []
        content = client.get(reverse(page, args=args)).content.decode()
        assert f'href="{follow_up_url}"' in content, page
        assert "Follow up" in content, page

    page = client.get(follow_up_url)
    values = {**ACME_VALUES, "interview_time": "Monday 20 May 2030 at 10:00 (CEST)"}
    assert page.context["purpose"] == "follow_up"
    assert (page.context["subject"], page.context["body"]) == seeded_message("follow_up", **values)
    assert "I'm following up on my message" in page.context["body"]
    assert page.context["mailto_url"].startswith("mailto:sam@acme.example?subject=Following%20up")
    assert re.search(r'data-copy-target="draft-body" hidden', page.content.decode())


def test_no_follow_up_nudge_before_three_days(client, seeker, clock):
    interview = _requested(client, seeker, scheduled_at=NOW + timedelta(days=10))
    clock.move_to(NOW + timedelta(days=3) - timedelta(minutes=1), tick=False)
    follow_up_url = reverse("interviews:flow_follow_up", args=[interview.pk])
    assert "data-follow-up-due" not in client.get(step_url(interview, "outcome")).content.decode()
    assert f'href="{follow_up_url}"' not in client.get(reverse("interviews:dashboard")).content.decode()


def test_no_follow_up_page_without_an_open_request(client, seeker):
    interview = make_interview(seeker)
    response = client.get(reverse("interviews:flow_follow_up", args=[interview.pk]))
    assert_leads_to(response, interview, "attend")


# --- Steps that no longer fit -----------------------------------------------------------------


def test_a_step_not_yet_reached_redirects_to_the_current_one(client, seeker):
    interview = make_interview(seeker)
    for step in ("rather_not", "why", "plan", "message", "outcome", "done"):
        assert_leads_to(client.get(step_url(interview, step)), interview, "attend")


def test_an_unknown_step_redirects_to_the_current_one(client, seeker):
    interview = make_interview(seeker)
    assert_leads_to(client.get(f"/interviews/{interview.pk}/flow/teleport/"), interview, "attend")


def test_a_post_to_a_step_that_no_longer_fits_changes_nothing(client, seeker):
    interview = make_interview(seeker)
    answer(client, interview, "attend", "yes")
    before = len(events(interview))
    response = answer(client, interview, "why", "work")
    assert_leads_to(response, interview, "done")
    interview.refresh_from_db()
    assert (interview.status, interview.reason) == ("attending", "")
    assert len(events(interview)) == before
    assert "That question no longer applies" in text(client.get(response["Location"]))


def test_after_telling_them_the_questions_redirect_to_the_outcome(client, seeker):
    interview = _requested(client, seeker)
    for step in ("attend", "why", "plan", "message"):
        assert_leads_to(client.get(step_url(interview, step)), interview, "outcome")
    assert_leads_to(answer(client, interview, "message", "phone"), interview, "outcome")
    assert len(events(interview, EventKind.NOTICE_GIVEN)) == 1


def test_the_back_button_lets_an_earlier_answer_change(client, seeker):
    interview = make_interview(seeker)
    walk_to_message(client, interview, reason="work")
    page = client.get(step_url(interview, "plan"))
    assert page.status_code == 200
    assert f'href="{step_url(interview, "why")}"' in page.content.decode()
    assert_leads_to(answer(client, interview, "attend", "rather_not"), interview, "rather_not")
    interview.refresh_from_db()
    assert (interview.attendance, interview.reason, interview.plan) == ("rather_not", "", "")
    assert_leads_to(client.get(step_url(interview, "message")), interview, "rather_not")


# --- Bad answers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "value"),
    [("attend", "maybe"), ("attend", ""), ("attend", "skip"), ("why", "boredom"), ("plan", "ghost")],
)
def test_an_answer_that_is_not_offered_shows_the_step_again_and_changes_nothing(client, seeker, step, value):
    interview = make_interview(seeker)
    answer(client, interview, "attend", "cannot")
    answer(client, interview, "why", "work")
    interview.refresh_from_db()
    before = (interview.status, interview.attendance, interview.reason, interview.plan, len(events(interview)))
    response = answer(client, interview, step, value)
    assert response.status_code == 400
    assert "That answer isn't one of the choices on this page" in text(response)
    interview.refresh_from_db()
    assert (interview.status, interview.attendance, interview.reason, interview.plan, len(events(interview))) == before


def test_an_unknown_channel_records_no_notice(client, seeker):
    interview = make_interview(seeker)
    walk_to_message(client, interview)
    response = answer(client, interview, "message", "pigeon")
    assert response.status_code == 400
    assert response.context["body"]
    interview.refresh_from_db()
    assert (interview.status, interview.notice_given_at) == ("scheduled", None)


def test_a_post_without_an_answer_is_a_clear_message(client, seeker):
    interview = make_interview(seeker)
    response = client.post(step_url(interview, "attend"), {})
    assert response.status_code == 400
    assert "Please pick one of the buttons below" in text(response)


# --- Who may see it ------------------------------------------------------------------------------


def test_another_users_flow_is_not_found(client, seeker, other_user):
    theirs = make_interview(other_user)
    urls = [reverse("interviews:flow", args=[theirs.pk]), reverse("interviews:flow_follow_up", args=[theirs.pk])]
    urls += [step_url(theirs, step) for step in ("attend", "why", "message", "outcome", "done", "nonsense")]
    for url in urls:
        assert client.get(url).status_code == 404, url
    for step, value in [("attend", "cannot"), ("attend", "yes"), ("outcome", "cancelled")]:
        assert answer(client, theirs, step, value).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.status, theirs.attendance) == ("scheduled", "")


def test_the_flow_needs_a_log_in(client, seeker):
    interview = make_interview(seeker)
    client.logout()
    response = client.get(step_url(interview, "attend"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert client.post(step_url(interview, "attend"), {"answer": "yes"}).status_code == 302
    interview.refresh_from_db()
    assert interview.status == "scheduled"
