"""The notice-or-reschedule flow, as data and pure functions: no request, no database, no clock.

Where the user is follows from the interview alone (its status, the answers saved
on it, whether notice was given, and the notice state at `now`), so a reload, the
back button, another device or a reminder link all land on the same step.

    attend ──yes──────────────────────────────────────────────▶ done
      │ ├──rather_not──▶ rather_not ──yes (go after all)──────▶ done
      │ │                    └──skip──┐
      └─┴──cannot─────────────────────┴──▶ why ──reason──▶ plan ──reschedule/cancel──▶ message
    message ──told them (plan reschedule)──▶ outcome ──new time──▶ attend (a fresh start)
    message ──told them (cancel, withdraw)─▶ done      outcome ──cancelled/attended/missed──▶ done
"""

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from advice.choices import Purpose

from .choices import Attendance, NoticeChannel, NoticeState, Plan, Reason, Status
from .countdown import hours_left


class Step(StrEnum):
    """A flow step; the first six share their values with advice.models.Stage."""

    ATTEND = "attend"
    RATHER_NOT = "rather_not"
    WHY = "why"
    PLAN = "plan"
    MESSAGE = "message"
    OUTCOME = "outcome"
    DONE = "done"


@dataclass(frozen=True)
class FlowState:
    """What the flow needs to know about an interview."""

    status: str = Status.SCHEDULED
    attendance: str = Attendance.UNDECIDED
    reason: str = Reason.NONE
    plan: str = Plan.NONE
    notice_given: bool = False
    notice_state: NoticeState = NoticeState.OPEN
    hours_left: int = 0  # to the notice deadline (countdown.hours_left)
    hours_until_interview: int = 0
    follow_up_due: bool = False

    @classmethod
    def of(cls, interview, now: datetime) -> "FlowState":
        """The state of an interview (anything with the model's fields, notice_state() and an owner) at `now`."""
        return cls(
            status=interview.status,
            attendance=interview.attendance,
            reason=interview.reason,
            plan=interview.plan,
            notice_given=interview.notice_given_at is not None,
            notice_state=interview.notice_state(now),
            hours_left=hours_left(interview.notice_deadline, now),
            hours_until_interview=hours_left(interview.scheduled_at, now),
            follow_up_due=needs_follow_up(
                status=interview.status,
                notice_given_at=interview.notice_given_at,
                now=now,
                after=timedelta(days=interview.owner.follow_up_days),
            ),
        )

    @property
    def past_deadline(self) -> bool:
        return self.notice_state in (NoticeState.CLOSED, NoticeState.PAST)


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    recommended: bool = False


# The outcomes the outcome step offers. "new_time" is a form (a date and a time), the others are buttons.
NEW_TIME = "new_time"
OUTCOME_CANCELLED = "cancelled"
OUTCOME_ATTENDED = "attended"
OUTCOME_MISSED = "missed"

QUESTIONS: dict[Step, str] = {
    Step.ATTEND: "Can you attend?",
    Step.RATHER_NOT: "You'd rather not go. Will you go anyway?",
    Step.WHY: "Why can't you go?",
    Step.PLAN: "Reschedule or cancel?",
    Step.MESSAGE: "Tell them",
    Step.OUTCOME: "What happened?",
    Step.DONE: "All set",
}

CHOICES: dict[Step, tuple[Choice, ...]] = {
    Step.ATTEND: (
        Choice(Attendance.YES, "Yes, I'll go"),
        Choice(Attendance.CANNOT, "No, I can't make it"),
        Choice(Attendance.RATHER_NOT, "I'd rather not go"),
    ),
    Step.RATHER_NOT: (
        Choice(Attendance.YES, "All right, I'll go", recommended=True),
        Choice(Attendance.SKIP, "I still want to skip it"),
    ),
    Step.WHY: tuple(Choice(reason.value, reason.label) for reason in Reason if reason.value),
    Step.PLAN: (
        Choice(Plan.RESCHEDULE, "Ask to reschedule", recommended=True),
        Choice(Plan.CANCEL, "Cancel the interview"),
        Choice(Plan.WITHDRAW, "Withdraw from the process"),
    ),
    Step.MESSAGE: (
        Choice(NoticeChannel.EMAIL, "I've told them by e-mail"),
        Choice(NoticeChannel.PHONE, "I've told them by phone"),
        Choice(NoticeChannel.OTHER, "I've told them another way"),
    ),
    Step.OUTCOME: (
        Choice(NEW_TIME, "We agreed a new time"),
        Choice(OUTCOME_CANCELLED, "It's cancelled"),
        Choice(OUTCOME_ATTENDED, "I went"),
        Choice(OUTCOME_MISSED, "I missed it"),
    ),
    Step.DONE: (),
}

# The steps whose answer is saved by interview_decide, and the field each one sets.
DECISION_FIELDS: dict[Step, str] = {
    Step.ATTEND: "attendance",
    Step.RATHER_NOT: "attendance",
    Step.WHY: "reason",
    Step.PLAN: "plan",
}

FINISHED = (Status.CANCELLED, Status.ATTENDED, Status.MISSED)

# The steps whose page says to read the advice before answering: it comes before the answers.
ADVICE_FIRST = (Step.RATHER_NOT, Step.MESSAGE)

# A reschedule request with no new time after this long deserves a friendly nudge
# (the default of the owner's follow_up_days, which the nudge e-mail follows too).
FOLLOW_UP_AFTER = timedelta(days=3)


def decision_open(state: FlowState) -> bool:
    """The user can still (re)answer the questions: nothing told, nothing final, not started yet."""
    return (
        state.status in (Status.SCHEDULED, Status.ATTENDING)
        and not state.notice_given
        and state.notice_state != NoticeState.PAST
    )


def notice_can_matter(*, status: str, notice_given: bool) -> bool:
    """Whether the notice countdown means anything: the user has not decided to go, and has not told them yet."""
    return status == Status.SCHEDULED and not notice_given


# Where an interview stands on the dashboard: its status, or this while a decision waits to be told.
DECIDED_NOT_TOLD = "decided_not_told"
STANDING_LABELS: dict[str, str] = {**dict(Status.choices), DECIDED_NOT_TOLD: "Decided, not told yet"}


def standing(*, status: str, plan: str, notice_given: bool, started: bool) -> str:
    """The dashboard's word for an interview: "decided_not_told" once the user chose to reschedule, cancel
    or withdraw and has not told them yet (before the interview starts), otherwise its status."""
    if status == Status.SCHEDULED and plan and not notice_given and not started:
        return DECIDED_NOT_TOLD
    return status


def next_action(standing_now: str) -> str:
    """The label of the dashboard's button into the flow, or "" when nothing is left to do."""
    if standing_now == DECIDED_NOT_TOLD:
        return "Tell them"
    if standing_now in FINISHED:
        return ""
    return "What should I do?"


def current_step(state: FlowState) -> Step:
    """The step the interview is at."""
    if state.status in FINISHED:
        return Step.DONE
    if state.status == Status.RESCHEDULE_REQUESTED or state.notice_given:
        return Step.OUTCOME
    if state.notice_state == NoticeState.PAST:
        # The interview's time has come without notice: record what happened.
        return Step.OUTCOME
    if state.status == Status.ATTENDING or state.attendance == Attendance.YES:
        return Step.DONE
    if state.attendance == Attendance.UNDECIDED:
        return Step.ATTEND
    if state.attendance == Attendance.RATHER_NOT:
        return Step.RATHER_NOT
    if not state.reason:
        return Step.WHY
    if not state.plan:
        return Step.PLAN
    return Step.MESSAGE


def answered_steps(state: FlowState) -> tuple[Step, ...]:
    """The steps on the way to the current one, in order, while the decision is open.

    They can be shown again (the back button) and answered differently.
    """
    if not decision_open(state):
        return (current_step(state),)
    steps = [Step.ATTEND]
    if state.status == Status.ATTENDING or state.attendance == Attendance.YES:
        return (*steps, Step.DONE)
    if state.attendance in (Attendance.RATHER_NOT, Attendance.SKIP):
        steps.append(Step.RATHER_NOT)
    if state.attendance in (Attendance.CANNOT, Attendance.SKIP):
        steps.append(Step.WHY)
        if state.reason:
            steps.append(Step.PLAN)
            if state.plan:
                steps.append(Step.MESSAGE)
    return tuple(steps)


def step_fits(step: Step, state: FlowState) -> bool:
    """Whether a step can be shown for this state; one that doesn't redirects to current_step()."""
    return step == current_step(state) or step in answered_steps(state)


def outcome_possible(outcome: str, *, started: bool) -> bool:
    """ "I went" and "I missed it" only once the interview's time has come; a new time or a cancellation any time."""
    return started or outcome not in (OUTCOME_ATTENDED, OUTCOME_MISSED)


def choices_for(step: Step, state: FlowState) -> tuple[Choice, ...]:
    """The answers a step offers."""
    choices = CHOICES[step]
    if step == Step.OUTCOME:
        started = state.notice_state == NoticeState.PAST
        return tuple(c for c in choices if outcome_possible(c.value, started=started))
    return choices


def choice_for(step: Step, state: FlowState, answer: str) -> Choice | None:
    """The offered choice with this value, or None for anything else (a stale or forged form)."""
    return next((c for c in choices_for(step, state) if c.value == answer), None)


def next_step(step: Step, after: FlowState) -> Step:
    """Where an answer given at `step` leads, from the state it was saved into.

    The next step on the way (so an earlier answer changed leads on through the later
    ones, kept where they still fit), or, at the end of the way, where the interview is.
    Telling them ends a cancel, and leads to the outcome of a reschedule.
    """
    answered = answered_steps(after)
    if step in answered and answered.index(step) + 1 < len(answered):
        return answered[answered.index(step) + 1]
    return current_step(after)


# --- Saving an answer --------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """The answers saved on an interview."""

    attendance: str = Attendance.UNDECIDED
    reason: str = Reason.NONE
    plan: str = Plan.NONE

    @property
    def status(self) -> str:
        """ "I can attend" is the status attending; every other answer keeps the interview scheduled."""
        return Status.ATTENDING if self.attendance == Attendance.YES else Status.SCHEDULED


def decide(decision: Decision, *, field: str, answer: str) -> Decision:
    """The saved answers after one more: an answer clears the later answers it makes meaningless.

    "I can attend", "I can't" and "I'd rather not" clear the reason and the plan; "I still want
    to skip" keeps them; a new reason clears the plan (a plan follows from the reason); a plan
    clears nothing.
    """
    if field == "attendance":
        if answer == Attendance.SKIP:
            # Said after the go-anyway advice: the reason and plan given before still stand.
            return replace(decision, attendance=answer)
        return Decision(attendance=answer)
    if field == "reason":
        return replace(decision, reason=answer, plan=Plan.NONE)
    if field == "plan":
        return replace(decision, plan=answer)
    raise ValueError(f"Not a decision field: {field!r}")


def template_purpose(*, plan: str, reason: str, past_deadline: bool) -> Purpose:
    """Which message template the message step drafts from (DESIGN.md's purpose table).

    The draft never claims an emergency the user did not choose: only the reason "emergency"
    gets the emergency drafts; every other reason is a conflict that could not be moved
    (another interview included, which no draft ever names). Withdrawing is its own draft,
    whatever the reason and the hour.
    """
    emergency = reason == Reason.EMERGENCY
    if plan == Plan.RESCHEDULE:
        if emergency:
            return Purpose.EMERGENCY_RESCHEDULE
        return Purpose.LATE_RESCHEDULE if past_deadline else Purpose.RESCHEDULE_REQUEST
    if plan == Plan.CANCEL:
        if emergency:
            return Purpose.EMERGENCY_CANCEL
        return Purpose.LATE_CANCEL if past_deadline else Purpose.CANCEL
    if plan == Plan.WITHDRAW:
        return Purpose.WITHDRAW
    raise ValueError(f"No message without a plan (got {plan!r})")


def needs_follow_up(
    *, status: str, notice_given_at: datetime | None, now: datetime, after: timedelta = FOLLOW_UP_AFTER
) -> bool:
    """A reschedule was requested `after` ago or more (the owner's follow-up days), and no new time is agreed."""
    return status == Status.RESCHEDULE_REQUESTED and notice_given_at is not None and now - notice_given_at >= after


# --- What a step's page shows --------------------------------------------------------------


@dataclass(frozen=True)
class StepPage:
    """Everything the flow says about one step's page: its question, its answers, the way back, its draft."""

    step: Step
    question: str
    choices: tuple[Choice, ...]
    previous_step: Step | None
    purpose: Purpose | None  # the template the message step drafts from
    past_deadline: bool
    interview_started: bool
    hours_left: int
    hours_until_interview: int
    follow_up_due: bool

    @property
    def button_choices(self) -> tuple[Choice, ...]:
        """The outcome step's answers that are a button (a new time is a small form of its own)."""
        return tuple(c for c in self.choices if c.value != NEW_TIME)


def previous_step(step: Step, state: FlowState) -> Step | None:
    """The step before this one on the way the user took, for the back link."""
    answered = answered_steps(state)
    if step in answered and answered.index(step) > 0:
        return answered[answered.index(step) - 1]
    return None


def step_page(step: Step, state: FlowState) -> StepPage:
    return StepPage(
        step=step,
        question=QUESTIONS[step],
        choices=choices_for(step, state),
        previous_step=previous_step(step, state),
        purpose=template_purpose(plan=state.plan, reason=state.reason, past_deadline=state.past_deadline)
        if step == Step.MESSAGE
        else None,
        past_deadline=state.past_deadline,
        interview_started=state.notice_state == NoticeState.PAST,
        hours_left=state.hours_left,
        hours_until_interview=state.hours_until_interview,
        follow_up_due=state.follow_up_due,
    )
