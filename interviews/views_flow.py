"""The notice-or-reschedule flow's pages: one URL per step. Thin: the rules live in flow.py and services.py.

Every request works out where the interview is from its saved state (flow.current_step),
so a step that no longer fits, on GET or POST, redirects to the one that does.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from advice.choices import Purpose, Stage
from advice.models import Advice
from advice.rendering import fill_message, message_values
from advice.selectors import advice_for_step, message_template_for

from . import flow
from .choices import ReminderKind, Status
from .clashes import clashes_at
from .flow import FlowState, Step
from .forms import add_service_error
from .forms_flow import NewTimeForm, ToldThemForm
from .links import mailto_url, tel_url
from .models import Interview
from .services import (
    InterviewError,
    interview_decide,
    interview_record_outcome,
    interview_reschedule,
    notice_give,
)
from .time_display import show_interview_time
from .views import owned_interview

BAD_ANSWER = "That answer isn't one of the choices on this page. Please pick one of the buttons below."


def _to_step(interview: Interview, step: Step) -> HttpResponse:
    return redirect("interviews:flow_step", pk=interview.pk, step=step.value)


@login_required
@require_http_methods(["GET", "HEAD"])
def flow_start(request, pk: int):
    """ "What should I do?": straight to the step the interview is at."""
    interview = owned_interview(request, pk)
    return _to_step(interview, flow.current_step(FlowState.of(interview, timezone.now())))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def flow_step(request, pk: int, step: str):
    interview = owned_interview(request, pk)
    now = timezone.now()
    state = FlowState.of(interview, now)
    try:
        step = Step(step)
    except ValueError:
        return _to_step(interview, flow.current_step(state))
    if not flow.step_fits(step, state):
        if request.method == "POST":
            messages.info(request, "That question no longer applies. Here is where things stand now.")
        return _to_step(interview, flow.current_step(state))
    if request.method == "POST":
        return _answer(request, interview, step, state, now)
    return _render_step(request, interview, step, state, now)


def _answer(request, interview: Interview, step: Step, state: FlowState, now) -> HttpResponse:
    """Save one answer through its service, then go where it leads."""
    answer = request.POST.get("answer", "")
    if flow.choice_for(step, state, answer) is None:
        return _render_step(request, interview, step, state, now, error=BAD_ANSWER, status=400)
    try:
        if step in flow.DECISION_FIELDS:
            interview_decide(interview=interview, now=now, **{flow.DECISION_FIELDS[step]: answer})
        elif step == Step.MESSAGE:
            told = ToldThemForm(request.POST)
            if not _give_notice(interview, answer, told, now):
                return _render_step(request, interview, step, state, now, status=400, told=told)
            messages.success(request, _notice_summary(interview))
        elif answer == flow.NEW_TIME:
            new_time_form = NewTimeForm(request.POST, zone=interview.zone)
            if not new_time_form.is_valid() or not _reschedule(interview, new_time_form, now):
                return _render_step(request, interview, step, state, now, new_time_form=new_time_form)
            messages.success(
                request,
                f"Moved to {show_interview_time(interview.scheduled_at, interview.zone)}. "
                "A new time is a fresh start: can you attend?",
            )
            for clash in clashes_at(
                owner=request.user,
                starts_at=interview.scheduled_at,
                duration_minutes=interview.duration_minutes,
                exclude_pk=interview.pk,
            ):
                messages.warning(
                    request,
                    f"The new time is too close to your interview with {clash.other.company}. "
                    "The dashboard offers to move one of them.",
                )
        else:
            interview_record_outcome(interview=interview, outcome=answer, now=now)
    except (InterviewError, ValidationError) as error:
        # The state changed under us (another tab, another device): say why and show where things are.
        messages.error(request, error.messages[0] if isinstance(error, ValidationError) else str(error))
        fresh = owned_interview(request, interview.pk)
        return _to_step(fresh, flow.current_step(FlowState.of(fresh, now)))
    return _to_step(interview, flow.next_step(step, FlowState.of(interview, now)))


def _give_notice(interview: Interview, channel: str, told: ToldThemForm, now) -> bool:
    """Record notice with the message as sent; text the service refuses is shown on the form, nothing is saved."""
    if not told.is_valid():
        return False
    try:
        notice_give(
            interview=interview,
            channel=channel,
            at=now,
            subject=told.cleaned_data["subject"],
            body=told.cleaned_data["body"],
        )
    except ValidationError as error:
        add_service_error(told, error)
        return False
    return True


def _reschedule(interview: Interview, form: NewTimeForm, now) -> bool:
    """Move to the agreed time; a time the service refuses (in the past, years away) is shown on the form."""
    try:
        interview_reschedule(interview=interview, new_time=form.cleaned_data["scheduled_at"], now=now)
    except ValidationError as error:
        add_service_error(form, error)
        return False
    return True


def _notice_summary(interview: Interview) -> str:
    late = " That is late notice, but far better than none." if interview.notice_late else ""
    return f"Noted: you told them {interview.notice_hours_text} hours before the interview.{late}"


def _render_step(
    request,
    interview: Interview,
    step: Step,
    state: FlowState,
    now,
    *,
    error="",
    status=200,
    new_time_form=None,
    told: ToldThemForm | None = None,
) -> HttpResponse:
    page = flow.step_page(step, state)
    context = {**_page_context(interview, page, now), "step": step, "error": error}
    if step != Step.DONE:
        context["advice_items"] = _advice(step.value, state, interview)
        context["advice_first"] = step in flow.ADVICE_FIRST
    if step == Step.OUTCOME and state.follow_up_due:
        context["advice_items"] += _advice(Stage.FOLLOW_UP, state, interview)
    if step == Step.MESSAGE:
        context.update(_draft(request, interview, page.purpose))
        if told is not None:
            # What the user wrote, as they wrote it, with what was wrong with it.
            context.update(
                _draft_boxes(told.data.get("subject", ""), told.data.get("body", ""), to=interview.contact_email)
            )
            context["message_errors"] = [message for errors in told.errors.values() for message in errors]
    if step == Step.OUTCOME:
        context["new_time_form"] = new_time_form or NewTimeForm(zone=interview.zone)
    return render(request, f"interviews/flow/{step.value}.html", context, status=status)


def _advice(stage: str, state: FlowState, interview: Interview) -> list[Advice]:
    return list(advice_for_step(stage=stage, notice_state=state.notice_state.value, reason=interview.reason))


def _page_context(interview: Interview, page: flow.StepPage, now) -> dict:
    """What every flow page shows: the interview, its notice window and the flow's word on the step."""
    return {
        "interview": interview,
        "now": now,
        "page": page,
        "question": page.question,
        "choices": page.choices,
        "button_choices": page.button_choices,
        "previous_step": page.previous_step,
        "past_deadline": page.past_deadline,
        "interview_started": page.interview_started,
        "hours_left": page.hours_left,
        "hours_until_interview": page.hours_until_interview,
        "follow_up_due": page.follow_up_due,
        "tel_url": tel_url(interview.contact_phone, time_zone=interview.time_zone),
    }


def _draft(request, interview: Interview, purpose: Purpose) -> dict:
    """The message drafted from the newest active template of a purpose, filled with the interview's values."""
    template = message_template_for(purpose)
    values = message_values(
        contact_name=interview.contact_name,
        company=interview.company,
        role=interview.role,
        interview_time=show_interview_time(interview.scheduled_at, interview.zone),
        your_name=request.user.display_name,
    )
    subject, body = fill_message(template, values) if template else ("", "")
    return {"purpose": purpose, "template": template, **_draft_boxes(subject, body, to=interview.contact_email)}


# Characters per line the draft's boxes are sized for: a desktop's column, roughly.
SUBJECT_LINE = 60
BODY_LINE = 72


def _rows(text: str, *, width: int, least: int, most: int) -> int:
    """Rows enough to show the text without scrolling (where CSS field-sizing does not size the box itself)."""
    lines = text.replace("\r\n", "\n").split("\n")
    return max(least, min(most, sum(max(1, -(-len(line) // width)) for line in lines)))


def _draft_boxes(subject: str, body: str, *, to: str) -> dict:
    """The draft's text in its boxes, each sized to it, and the mail-app link that opens it."""
    return {
        "subject": subject,
        "body": body,
        "mailto_url": mailto_url(to=to, subject=subject, body=body),
        "subject_rows": _rows(subject, width=SUBJECT_LINE, least=1, most=4),
        "body_rows": _rows(body, width=BODY_LINE, least=6, most=40) + 1,
    }


@login_required
@require_http_methods(["GET", "HEAD"])
def flow_follow_up(request, pk: int):
    """The follow-up draft for a reschedule request that has no new time yet."""
    interview = owned_interview(request, pk)
    now = timezone.now()
    state = FlowState.of(interview, now)
    if interview.status != Status.RESCHEDULE_REQUESTED:
        messages.info(request, "There is no open reschedule request to follow up on.")
        return _to_step(interview, flow.current_step(state))
    context = {
        **_page_context(interview, flow.step_page(Step.OUTCOME, state), now),
        **_draft(request, interview, Purpose.FOLLOW_UP),
        "advice_items": _advice(Stage.FOLLOW_UP, state, interview),
        "planned_nudge": interview.reminders.pending().filter(kind=ReminderKind.FOLLOW_UP).order_by("due_at").first(),
    }
    return render(request, "interviews/flow/follow_up.html", context)
