"""The flow's rules, without a database, a request or a clock."""

from datetime import UTC, datetime, timedelta

import pytest

from advice.choices import Purpose, Stage
from interviews import flow
from interviews.choices import NoticeState
from interviews.flow import FlowState, Step

OPEN, CLOSING, CLOSED, PAST = NoticeState.OPEN, NoticeState.CLOSING, NoticeState.CLOSED, NoticeState.PAST
REASONS = ["work", "family", "other_interview", "emergency", "other"]


def state(**kw) -> FlowState:
    return FlowState(**kw)


# --- Where an interview is --------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (state(), Step.ATTEND),
        (state(notice_state=CLOSED), Step.ATTEND),
        (state(status="attending", attendance="yes"), Step.DONE),
        (state(attendance="rather_not"), Step.RATHER_NOT),
        (state(attendance="cannot"), Step.WHY),
        (state(attendance="skip"), Step.WHY),
        (state(attendance="cannot", reason="work"), Step.PLAN),
        (state(attendance="skip", reason="other_interview"), Step.PLAN),
        (state(attendance="cannot", reason="work", plan="reschedule"), Step.MESSAGE),
        (state(attendance="cannot", reason="work", plan="cancel", notice_state=CLOSING), Step.MESSAGE),
        (state(attendance="cannot", reason="work", plan="cancel", notice_state=CLOSED), Step.MESSAGE),
        (
            state(
                status="reschedule_requested", attendance="cannot", reason="work", plan="reschedule", notice_given=True
            ),
            Step.OUTCOME,
        ),
        (state(status="cancelled", attendance="cannot", reason="work", plan="cancel", notice_given=True), Step.DONE),
        (state(status="attended"), Step.DONE),
        (state(status="missed"), Step.DONE),
        (state(status="cancelled"), Step.DONE),
    ],
)
def test_current_step_follows_from_status_and_answers(given, expected):
    assert flow.current_step(given) == expected


@pytest.mark.parametrize(
    "given",
    [state(notice_state=PAST), state(attendance="cannot", reason="work", notice_state=PAST)],
)
def test_an_undecided_interview_whose_time_has_come_asks_what_happened(given):
    assert flow.current_step(given) == Step.OUTCOME


def test_an_attending_interview_whose_time_has_come_asks_what_happened():
    assert flow.current_step(state(status="attending", attendance="yes", notice_state=PAST)) == Step.OUTCOME


def test_a_reschedule_request_stays_at_the_outcome_after_the_interview_time():
    given = state(status="reschedule_requested", plan="reschedule", notice_given=True, notice_state=PAST)
    assert flow.current_step(given) == Step.OUTCOME


# --- Every transition --------------------------------------------------------------------
# (state before, step, answer, state after the service saved it, where the answer leads)

TRANSITION_CASES = [
    (state(), Step.ATTEND, "yes", state(status="attending", attendance="yes"), Step.DONE),
    (state(), Step.ATTEND, "cannot", state(attendance="cannot"), Step.WHY),
    (state(), Step.ATTEND, "rather_not", state(attendance="rather_not"), Step.RATHER_NOT),
    (
        state(attendance="rather_not"),
        Step.RATHER_NOT,
        "yes",
        state(status="attending", attendance="yes"),
        Step.DONE,
    ),
    (state(attendance="rather_not"), Step.RATHER_NOT, "skip", state(attendance="skip"), Step.WHY),
    *[
        (state(attendance="cannot"), Step.WHY, reason, state(attendance="cannot", reason=reason), Step.PLAN)
        for reason in REASONS
    ],
    (
        state(attendance="skip", reason="work"),
        Step.PLAN,
        "reschedule",
        state(attendance="skip", reason="work", plan="reschedule"),
        Step.MESSAGE,
    ),
    (
        state(attendance="cannot", reason="work"),
        Step.PLAN,
        "cancel",
        state(attendance="cannot", reason="work", plan="cancel"),
        Step.MESSAGE,
    ),
    (
        state(attendance="cannot", reason="other"),
        Step.PLAN,
        "withdraw",
        state(attendance="cannot", reason="other", plan="withdraw"),
        Step.MESSAGE,
    ),
    (
        state(
            status="reschedule_requested", attendance="cannot", reason="family", plan="reschedule", notice_given=True
        ),
        Step.OUTCOME,
        "new_time",
        state(),
        Step.ATTEND,
    ),
    *[
        (
            state(status="reschedule_requested", plan="reschedule", notice_given=True, notice_state=PAST),
            Step.OUTCOME,
            outcome,
            state(status=outcome, plan="reschedule", notice_given=True, notice_state=PAST),
            Step.DONE,
        )
        for outcome in ("cancelled", "attended", "missed")
    ],
]


@pytest.mark.parametrize(("before", "step", "answer", "after", "leads_to"), TRANSITION_CASES)
def test_each_answer_leads_to_the_step_the_saved_state_is_at(before, step, answer, after, leads_to):
    assert flow.current_step(before) == step
    assert flow.choice_for(step, before, answer) is not None
    assert flow.next_step(step, after) == leads_to
    assert flow.current_step(after) == leads_to


def test_every_answer_the_flow_offers_is_walked_by_a_case():
    walked = {(step, answer) for _before, step, answer, _after, _to in TRANSITION_CASES}
    offered = {
        (step, choice.value)
        for step, choices in flow.CHOICES.items()
        if step != Step.MESSAGE  # telling them: the two cases below
        for choice in choices
    }
    assert walked == offered


def test_changing_an_earlier_answer_leads_on_through_the_later_ones_kept():
    # Back at "rather not" from the message step, "I still want to skip" keeps reason and plan:
    # the next page is the reason (already answered), not the end of the way.
    after = state(attendance="skip", reason="work", plan="reschedule")
    assert flow.next_step(Step.RATHER_NOT, after) == Step.WHY


@pytest.mark.parametrize("channel", ["email", "phone", "other"])
def test_telling_them_about_a_reschedule_leads_to_the_outcome(channel):
    before = state(attendance="cannot", reason="work", plan="reschedule")
    after = state(
        status="reschedule_requested", attendance="cannot", reason="work", plan="reschedule", notice_given=True
    )
    assert flow.choice_for(Step.MESSAGE, before, channel) is not None
    assert flow.next_step(Step.MESSAGE, after) == Step.OUTCOME
    assert flow.current_step(before) == Step.MESSAGE
    assert flow.current_step(after) == Step.OUTCOME


@pytest.mark.parametrize("plan", ["cancel", "withdraw"])
def test_telling_them_about_a_cancellation_or_a_withdrawal_is_the_end(plan):
    after = state(status="cancelled", attendance="cannot", reason="work", plan=plan, notice_given=True)
    assert flow.next_step(Step.MESSAGE, after) == Step.DONE
    assert flow.current_step(after) == Step.DONE


@pytest.mark.parametrize(
    ("step", "answer"),
    [
        (Step.ATTEND, "maybe"),
        (Step.ATTEND, ""),
        (Step.ATTEND, "skip"),
        (Step.RATHER_NOT, "cannot"),
        (Step.WHY, "boredom"),
        (Step.PLAN, "ghost"),
        (Step.MESSAGE, ""),
        (Step.MESSAGE, "pigeon"),
        (Step.OUTCOME, "scheduled"),
        (Step.DONE, "yes"),
    ],
)
def test_an_answer_a_step_does_not_offer_is_refused(step, answer):
    assert flow.choice_for(step, state(notice_state=PAST), answer) is None


def test_the_plan_step_recommends_rescheduling():
    recommended = [c.value for c in flow.CHOICES[Step.PLAN] if c.recommended]
    assert recommended == ["reschedule"]


def test_the_why_step_offers_every_reason():
    assert [c.value for c in flow.CHOICES[Step.WHY]] == REASONS


# --- Saving an answer ------------------------------------------------------------------


NOTHING = flow.Decision()
CANNOT_WORK_RESCHEDULE = flow.Decision(attendance="cannot", reason="work", plan="reschedule")
SKIP_WORK_RESCHEDULE = flow.Decision(attendance="skip", reason="work", plan="reschedule")


@pytest.mark.parametrize(
    ("before", "field", "answer", "after"),
    [
        (NOTHING, "attendance", "cannot", flow.Decision(attendance="cannot")),
        (CANNOT_WORK_RESCHEDULE, "attendance", "yes", flow.Decision(attendance="yes")),
        (CANNOT_WORK_RESCHEDULE, "attendance", "cannot", flow.Decision(attendance="cannot")),
        (SKIP_WORK_RESCHEDULE, "attendance", "rather_not", flow.Decision(attendance="rather_not")),
        (SKIP_WORK_RESCHEDULE, "attendance", "", flow.Decision()),
        # "I still want to skip", said again after the go-anyway advice: reason and plan still stand.
        (SKIP_WORK_RESCHEDULE, "attendance", "skip", SKIP_WORK_RESCHEDULE),
        (CANNOT_WORK_RESCHEDULE, "reason", "family", flow.Decision(attendance="cannot", reason="family")),
        (CANNOT_WORK_RESCHEDULE, "plan", "cancel", flow.Decision(attendance="cannot", reason="work", plan="cancel")),
    ],
)
def test_an_answer_clears_the_later_answers_it_makes_meaningless(before, field, answer, after):
    assert flow.decide(before, field=field, answer=answer) == after


@pytest.mark.parametrize(("attendance", "status"), [("yes", "attending"), ("cannot", "scheduled"), ("", "scheduled")])
def test_i_can_attend_is_the_status_attending(attendance, status):
    assert flow.Decision(attendance=attendance).status == status


def test_a_decision_field_the_flow_does_not_have_is_refused():
    with pytest.raises(ValueError):
        flow.decide(NOTHING, field="status", answer="attended")


# --- Which steps may be shown -----------------------------------------------------------


def test_earlier_answered_steps_can_be_revisited_while_the_decision_is_open():
    at_message = state(attendance="skip", reason="work", plan="reschedule")
    fitting = [step for step in Step if flow.step_fits(step, at_message)]
    assert fitting == [Step.ATTEND, Step.RATHER_NOT, Step.WHY, Step.PLAN, Step.MESSAGE]


def test_steps_not_yet_reached_do_not_fit():
    at_why = state(attendance="cannot")
    assert [step for step in Step if flow.step_fits(step, at_why)] == [Step.ATTEND, Step.WHY]


def test_the_rather_not_step_does_not_fit_someone_who_simply_cannot_go():
    assert not flow.step_fits(Step.RATHER_NOT, state(attendance="cannot", reason="work"))


def test_someone_who_is_going_can_change_their_mind():
    going = state(status="attending", attendance="yes")
    assert [step for step in Step if flow.step_fits(step, going)] == [Step.ATTEND, Step.DONE]


def test_once_notice_is_given_only_the_outcome_fits():
    told = state(
        status="reschedule_requested", attendance="cannot", reason="work", plan="reschedule", notice_given=True
    )
    assert [step for step in Step if flow.step_fits(step, told)] == [Step.OUTCOME]


def test_after_the_interview_time_the_questions_no_longer_fit():
    past = state(attendance="cannot", reason="work", plan="reschedule", notice_state=PAST)
    assert [step for step in Step if flow.step_fits(step, past)] == [Step.OUTCOME]


def test_a_finished_interview_only_shows_that_it_is_done():
    for status in ("cancelled", "attended", "missed"):
        assert [step for step in Step if flow.step_fits(step, state(status=status))] == [Step.DONE]


def test_the_current_step_always_fits():
    for case in TRANSITION_CASES:
        for s in (case[0], case[3]):
            assert flow.step_fits(flow.current_step(s), s)


# --- Outcome choices ----------------------------------------------------------------------


def test_before_the_interview_time_the_outcome_is_a_new_time_or_a_cancellation():
    told = state(status="reschedule_requested", plan="reschedule", notice_given=True, notice_state=CLOSED)
    assert [c.value for c in flow.choices_for(Step.OUTCOME, told)] == ["new_time", "cancelled"]
    assert flow.choice_for(Step.OUTCOME, told, "attended") is None


def test_after_the_interview_time_attended_and_missed_are_offered_too():
    past = state(status="reschedule_requested", plan="reschedule", notice_given=True, notice_state=PAST)
    assert [c.value for c in flow.choices_for(Step.OUTCOME, past)] == ["new_time", "cancelled", "attended", "missed"]


# --- Which message template ---------------------------------------------------------------


CONFLICTS = ["work", "family", "other_interview", "other"]

# Every reason x plan x before/after the deadline, and the draft it gets (DESIGN.md's purpose table).
PURPOSE_CASES = (
    [("reschedule", reason, False, Purpose.RESCHEDULE_REQUEST) for reason in CONFLICTS]
    + [("reschedule", reason, True, Purpose.LATE_RESCHEDULE) for reason in CONFLICTS]
    + [("reschedule", "emergency", past, Purpose.EMERGENCY_RESCHEDULE) for past in (False, True)]
    + [("cancel", reason, False, Purpose.CANCEL) for reason in CONFLICTS]
    + [("cancel", reason, True, Purpose.LATE_CANCEL) for reason in CONFLICTS]
    + [("cancel", "emergency", past, Purpose.EMERGENCY_CANCEL) for past in (False, True)]
    + [("withdraw", reason, past, Purpose.WITHDRAW) for reason in REASONS for past in (False, True)]
)


def test_the_purpose_cases_cover_every_reason_plan_and_side_of_the_deadline():
    combinations = {(plan, reason, past) for plan, reason, past, _ in PURPOSE_CASES}
    assert combinations == {
        (p, r, past) for p in ("reschedule", "cancel", "withdraw") for r in REASONS for past in (False, True)
    }


@pytest.mark.parametrize(("plan", "reason", "past_deadline", "purpose"), PURPOSE_CASES)
def test_the_template_follows_the_plan_the_reason_and_the_deadline(plan, reason, past_deadline, purpose):
    assert flow.template_purpose(plan=plan, reason=reason, past_deadline=past_deadline) == purpose


@pytest.mark.parametrize("past_deadline", [False, True])
@pytest.mark.parametrize("plan", ["reschedule", "cancel", "withdraw"])
@pytest.mark.parametrize("reason", CONFLICTS)
def test_only_an_emergency_gets_an_emergency_draft(reason, plan, past_deadline):
    purpose = flow.template_purpose(plan=plan, reason=reason, past_deadline=past_deadline)
    assert "emergency" not in purpose


def test_there_is_no_template_without_a_plan():
    with pytest.raises(ValueError):
        flow.template_purpose(plan="", reason="work", past_deadline=False)


@pytest.mark.parametrize(("notice_state", "past"), [(OPEN, False), (CLOSING, False), (CLOSED, True), (PAST, True)])
def test_past_the_deadline_means_the_window_is_closed(notice_state, past):
    assert state(notice_state=notice_state).past_deadline is past


# --- Follow up --------------------------------------------------------------------------

TOLD = datetime(2030, 5, 1, 9, 0, tzinfo=UTC)


def test_a_reschedule_request_three_days_old_needs_a_follow_up():
    assert flow.needs_follow_up(status="reschedule_requested", notice_given_at=TOLD, now=TOLD + timedelta(days=3))


def test_a_reschedule_request_just_under_three_days_old_does_not():
    now = TOLD + timedelta(days=3) - timedelta(seconds=1)
    assert not flow.needs_follow_up(status="reschedule_requested", notice_given_at=TOLD, now=now)


@pytest.mark.parametrize("status", ["scheduled", "attending", "cancelled", "attended", "missed"])
def test_only_an_open_reschedule_request_needs_a_follow_up(status):
    assert not flow.needs_follow_up(status=status, notice_given_at=TOLD, now=TOLD + timedelta(days=10))


def test_no_follow_up_without_a_request():
    assert not flow.needs_follow_up(status="reschedule_requested", notice_given_at=None, now=TOLD)


def test_every_question_step_has_an_advice_stage_of_the_same_name():
    assert {s.value for s in Step if s != Step.DONE} <= set(Stage.values)


# --- One page -------------------------------------------------------------------------------


def test_the_message_page_has_its_question_its_way_back_and_its_template():
    page = flow.step_page(Step.MESSAGE, state(attendance="cannot", reason="work", plan="cancel", notice_state=CLOSED))
    assert page.question == "Tell them"
    assert [c.value for c in page.choices] == ["email", "phone", "other"]
    assert page.previous_step == Step.PLAN
    assert page.purpose == Purpose.LATE_CANCEL
    assert page.past_deadline


def test_the_first_question_has_no_way_back_and_no_template():
    page = flow.step_page(Step.ATTEND, state(hours_left=40))
    assert page.previous_step is None
    assert page.purpose is None
    assert page.hours_left == 40


def test_the_outcome_page_shows_a_new_time_as_a_form_and_the_rest_as_buttons():
    page = flow.step_page(Step.OUTCOME, state(status="reschedule_requested", notice_given=True, notice_state=PAST))
    assert [c.value for c in page.button_choices] == ["cancelled", "attended", "missed"]
    assert page.interview_started


@pytest.mark.parametrize(
    ("outcome", "started", "possible"),
    [
        ("attended", False, False),
        ("missed", False, False),
        ("attended", True, True),
        ("missed", True, True),
        ("cancelled", False, True),
        ("new_time", False, True),
    ],
)
def test_attended_and_missed_only_once_the_interview_has_started(outcome, started, possible):
    assert flow.outcome_possible(outcome, started=started) is possible
