"""The notice-or-reschedule flow, as data and pure functions: no request, no database, no clock.

Where the user is follows from the interview alone (its status, the answers saved
on it, whether notice was given, and the notice state at `now`), so a reload, the
back button, another device or a reminder link all land on the same step.

    attend ──yes──────────────────────────────────────────────▶ done
      │ ├──rather_not──▶ rather_not ──yes (go after all)──────▶ done
      │ │                    └──skip──┐
      └─┴──cannot─────────────────────┴──▶ why ──reason──▶ plan ──reschedule/cancel──▶ message
    message ──told them (plan reschedule)──▶ outcome ──new time──▶ attend (a fresh start)
    message ──told them (plan cancel)──────▶ done      outcome ──cancelled/attended/missed──▶ done
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from urllib.parse import quote

from advice.models import Purpose

from . import phones
from .models import Attendance, NoticeChannel, NoticeState, Plan, Reason, Status


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

    @classmethod
    def of(cls, interview, now: datetime) -> "FlowState":
        return cls(
            status=interview.status,
            attendance=interview.attendance,
            reason=interview.reason,
            plan=interview.plan,
            notice_given=interview.notice_given_at is not None,
            notice_state=interview.notice_state(now),
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

# Where each answer leads. The message step's answer leads on by the plan (see next_step_after).
TRANSITIONS: dict[tuple[Step, str], Step] = {
    (Step.ATTEND, Attendance.YES): Step.DONE,
    (Step.ATTEND, Attendance.CANNOT): Step.WHY,
    (Step.ATTEND, Attendance.RATHER_NOT): Step.RATHER_NOT,
    (Step.RATHER_NOT, Attendance.YES): Step.DONE,
    (Step.RATHER_NOT, Attendance.SKIP): Step.WHY,
    **{(Step.WHY, choice.value): Step.PLAN for choice in CHOICES[Step.WHY]},
    (Step.PLAN, Plan.RESCHEDULE): Step.MESSAGE,
    (Step.PLAN, Plan.CANCEL): Step.MESSAGE,
    # A new time is a new chance to decide.
    (Step.OUTCOME, NEW_TIME): Step.ATTEND,
    (Step.OUTCOME, OUTCOME_CANCELLED): Step.DONE,
    (Step.OUTCOME, OUTCOME_ATTENDED): Step.DONE,
    (Step.OUTCOME, OUTCOME_MISSED): Step.DONE,
}

# The steps whose answer is saved by interview_decide, and the field each one sets.
DECISION_FIELDS: dict[Step, str] = {
    Step.ATTEND: "attendance",
    Step.RATHER_NOT: "attendance",
    Step.WHY: "reason",
    Step.PLAN: "plan",
}

FINISHED = (Status.CANCELLED, Status.ATTENDED, Status.MISSED)

# A reschedule request with no new time after this long deserves a friendly nudge.
FOLLOW_UP_AFTER = timedelta(days=3)


def decision_open(state: FlowState) -> bool:
    """The user can still (re)answer the questions: nothing told, nothing final, not started yet."""
    return (
        state.status in (Status.SCHEDULED, Status.ATTENDING)
        and not state.notice_given
        and state.notice_state != NoticeState.PAST
    )


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


def choices_for(step: Step, state: FlowState) -> tuple[Choice, ...]:
    """The answers a step offers. "I went" and "I missed it" only once the interview's time has come."""
    choices = CHOICES[step]
    if step == Step.OUTCOME and state.notice_state != NoticeState.PAST:
        return tuple(c for c in choices if c.value not in (OUTCOME_ATTENDED, OUTCOME_MISSED))
    return choices


def choice_for(step: Step, state: FlowState, answer: str) -> Choice | None:
    """The offered choice with this value, or None for anything else (a stale or forged form)."""
    return next((c for c in choices_for(step, state) if c.value == answer), None)


def next_step_after(step: Step, answer: str, *, plan: str = "") -> Step:
    """Where an answer leads. Telling them leads to the outcome of a reschedule, or is the end of a cancel."""
    if step == Step.MESSAGE:
        if answer not in NoticeChannel.values or not answer:
            raise ValueError(f"Not an answer of the message step: {answer!r}")
        return Step.OUTCOME if plan == Plan.RESCHEDULE else Step.DONE
    try:
        return TRANSITIONS[(step, answer)]
    except KeyError:
        raise ValueError(f"Not an answer of the {step} step: {answer!r}") from None


def decision_for(step: Step, answer: str) -> dict[str, str]:
    """The keyword arguments for interview_decide() that save this answer."""
    return {DECISION_FIELDS[step]: answer}


def template_purpose(*, plan: str, past_deadline: bool) -> Purpose:
    """Which message template the message step drafts from (DESIGN.md's purpose table)."""
    if plan == Plan.RESCHEDULE:
        return Purpose.LATE_RESCHEDULE if past_deadline else Purpose.RESCHEDULE_REQUEST
    if plan == Plan.CANCEL:
        return Purpose.LATE_CANCEL if past_deadline else Purpose.CANCEL
    raise ValueError(f"No message without a plan (got {plan!r})")


def needs_follow_up(*, status: str, notice_given_at: datetime | None, now: datetime) -> bool:
    """A reschedule was requested three days ago or more, and no new time has been agreed."""
    return (
        status == Status.RESCHEDULE_REQUESTED
        and notice_given_at is not None
        and now - notice_given_at >= FOLLOW_UP_AFTER
    )


def format_interview_time(local: datetime) -> str:
    """ "Tuesday 14 May 2030 at 10:00 (CEST)": the time as the company gave it, in the interview's zone."""
    return f"{local:%A} {local.day} {local:%B %Y} at {local:%H:%M} ({local:%Z})"


def message_values(
    *, contact_name: str, company: str, role: str, local_time: datetime, your_name: str
) -> dict[str, str]:
    """The placeholder values of a message, with wording that reads well when a field is blank."""
    return {
        "contact_name": contact_name.strip() or "Hiring Team",
        "company": company.strip(),
        "role": role.strip() or "advertised",
        "interview_time": format_interview_time(local_time),
        "your_name": your_name.strip(),
    }


# --- The message step's links ------------------------------------------------------------


def mailto_url(*, to: str, subject: str, body: str) -> str:
    """A mailto: link (RFC 6068) that opens the draft in the user's mail app: every part percent-encoded,
    spaces as %20 (not +), line breaks as CRLF."""
    crlf = body.replace("\r\n", "\n").replace("\n", "\r\n")
    return f"mailto:{quote(to, safe='@')}?subject={quote(subject, safe='')}&body={quote(crlf, safe='')}"


def tel_url(phone: str, *, time_zone: str = "") -> str:
    """A tel: link that dials the number as written ("+49 (0)30 5550101 ext. 12" -> "tel:+49305550101;ext=12"),
    with the interview zone's country for a number without "+", or "" for text that is not a number."""
    return phones.tel_url(phone, time_zone=time_zone)
