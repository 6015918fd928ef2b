"""The interview pages: dashboard, add, edit, the interview page, delete. Thin: parse, call a service, render."""

import zoneinfo
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from config.ratelimits import rate_limited

from .calendar_links import calendar_links
from .choices import ReminderKind
from .clashes import buffer_of, clashes_at, clashes_by_interview
from .dashboard import ROW_FIELDS, InterviewLinks, clash_notes, dashboard_rows
from .forms import InterviewForm, NoteForm, ReminderTimeForm, add_service_error
from .models import Interview
from .reminders import DEFAULT_KINDS
from .services import (
    interview_add_note,
    interview_create,
    interview_delete,
    interview_time_validate,
    interview_update,
    reminders_adjustable,
)

# Rows per page of the dashboard's upcoming interviews, and of the past page.
DASHBOARD_PAGE_SIZE = 20
# The dashboard shows only the most recent past and cancelled interviews; the past page has them all.
# (Each row costs rendering time: a busy user's dashboard stays at the upcoming ones.)
DASHBOARD_RECENT_PAST = 5


def owned_interview(request, pk: int) -> Interview:
    """The request's user's interview, or a 404: another user's interview does not exist, as far as they can tell.

    Every interview page (these and the flow's) loads its interview here. Its owner is the request's user,
    whose settings (zone, follow-up days) the pages read."""
    interview = get_object_or_404(Interview.objects.owned_by(request.user), pk=pk)
    interview.owner = request.user
    return interview


@require_http_methods(["GET", "HEAD"])
def dashboard(request):
    """`/`: the dashboard once logged in; for a logged-out visitor, what RainCheck does (sign up, log in)."""
    if not request.user.is_authenticated:
        return render(request, "interviews/landing.html")
    now = timezone.now()
    interviews = Interview.objects.owned_by(request.user).only(*ROW_FIELDS)
    upcoming = Paginator(interviews.upcoming(now), DASHBOARD_PAGE_SIZE).get_page(request.GET.get("upcoming_page"))
    # One more than it shows: whether there are others for the past page to show, without counting them all.
    recent_past = list(interviews.past(now)[: DASHBOARD_RECENT_PAST + 1])
    rows = _row_values(request, now)
    clashes = clashes_by_interview(list(upcoming), owner=request.user, buffer=buffer_of(request.user))
    return render(
        request,
        "interviews/dashboard.html",
        {
            "upcoming": upcoming,
            "upcoming_rows": dashboard_rows(upcoming.object_list, clashes=clashes, **rows),
            "past_rows": dashboard_rows(recent_past[:DASHBOARD_RECENT_PAST], **rows),
            "more_past": len(recent_past) > DASHBOARD_RECENT_PAST,
            "empty": upcoming.paginator.count == 0 and not recent_past,
            # Each clash note has two small forms: their CSRF field written once, not a {% csrf_token %} each.
            "csrf_input": csrf_input(request),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def past_interviews(request):
    """`/past/`: every past and cancelled interview, most recent first, a page at a time."""
    now = timezone.now()
    interviews = Interview.objects.owned_by(request.user).only(*ROW_FIELDS).past(now)
    past = Paginator(interviews, DASHBOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = dashboard_rows(past.object_list, **_row_values(request, now))
    return render(request, "interviews/past.html", {"past": past, "past_rows": rows})


def _row_values(request, now) -> dict:
    """What every row of the two lists needs besides its interview: the owner's zone and follow-up days."""
    return {
        "now": now,
        "zone": timezone.get_current_timezone(),
        "links": InterviewLinks(),
        "follow_up_after": timedelta(days=request.user.follow_up_days),
    }


def _unconfirmed_clashes(request, form: InterviewForm, *, now, interview: Interview | None = None) -> list:
    """Interviews too close to the new time that the user has not seen yet: the form says so first.

    "Save anyway" sends back the time the warning was for; a different time asks again.
    An edit that leaves the time and duration alone is not asked.
    """
    data = form.cleaned_data
    if interview is not None and (data["scheduled_at"], data["duration_minutes"]) == (
        interview.scheduled_at,
        interview.duration_minutes,
    ):
        return []
    try:
        interview_time_validate(
            scheduled_at=data["scheduled_at"], now=now, moving_from=interview.scheduled_at if interview else None
        )
    except ValidationError:
        return []  # a time the service refuses: its message says why, a clash warning would not help
    clashes = clashes_at(
        owner=request.user,
        starts_at=data["scheduled_at"],
        duration_minutes=data["duration_minutes"],
        exclude_pk=interview.pk if interview else None,
    )
    if request.POST.get("clash_confirmed") == data["scheduled_at"].isoformat():
        return []
    return clashes


def _form_context(form: InterviewForm, interview: Interview | None, clashes: list) -> dict:
    confirmed_for = form.cleaned_data["scheduled_at"].isoformat() if clashes else ""
    notes = clash_notes(clashes, zone=timezone.get_current_timezone(), links=InterviewLinks())
    return {"form": form, "interview": interview, "clashes": notes, "clash_confirmed_for": confirmed_for}


def _save(form: InterviewForm, save) -> Interview | None:
    """Run the service; a rule it refuses becomes an error on the form, never a 500."""
    try:
        return save()
    except ValidationError as error:
        add_service_error(form, error)
        return None


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limited("interview_create")
def interview_add(request):
    now = timezone.now()
    form = InterviewForm(
        request.POST or None,
        default_time_zone=request.user.time_zone,
        default_notice_period=request.user.default_notice_period(),
    )
    clashes = []
    if request.method == "POST" and form.is_valid():
        clashes = _unconfirmed_clashes(request, form, now=now)
        if not clashes:
            interview = _save(form, lambda: interview_create(owner=request.user, now=now, **form.interview_fields()))
            if interview is not None:
                messages.success(request, f"Added your interview with {interview.company}.")
                return redirect("interviews:detail", pk=interview.pk)
    return render(request, "interviews/form.html", _form_context(form, None, clashes))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def interview_edit(request, pk: int):
    interview = owned_interview(request, pk)
    now = timezone.now()
    form = InterviewForm(
        request.POST or None, instance=interview, default_notice_period=request.user.default_notice_period()
    )
    clashes = []
    if request.method == "POST" and form.is_valid():
        clashes = _unconfirmed_clashes(request, form, now=now, interview=interview)
        if not clashes:
            saved = _save(form, lambda: interview_update(interview=interview, now=now, **form.interview_fields()))
            if saved is not None:
                messages.success(request, "Saved your changes.")
                return redirect("interviews:detail", pk=saved.pk)
            # The service may have changed the instance in memory before refusing: show the stored one.
            interview = owned_interview(request, pk)
    return render(request, "interviews/form.html", _form_context(form, interview, clashes))


@login_required
@require_http_methods(["GET", "HEAD"])
def interview_detail(request, pk: int):
    interview = owned_interview(request, pk)
    now = timezone.now()
    return render(request, "interviews/detail.html", detail_context(interview, now=now))


def detail_context(
    interview: Interview, *, now, reminder_form: ReminderTimeForm | None = None, note_form: NoteForm | None = None
) -> dict:
    """The interview page: its details, clashes, calendar links, planned reminders and what the user
    switched off, its history. Its owner is the request's user (owned_interview)."""
    owner = interview.owner
    clashes = {}
    if interview.scheduled_at > now:
        clashes = clashes_by_interview([interview], owner=owner, buffer=buffer_of(owner))
    switched_off = [c.kind for c in interview.reminder_choices.all() if c.off]
    return {
        "interview": interview,
        "events": interview.events.all(),
        "now": now,
        "clashes": clash_notes(
            clashes.get(interview.pk, []), zone=timezone.get_current_timezone(), links=InterviewLinks()
        ),
        "calendar_links": calendar_links(interview),
        "planned_reminders": interview.reminders.pending().order_by("due_at", "pk"),
        "reminders_adjustable": reminders_adjustable(interview),
        "switched_off": [ReminderKind(k) for k in (*DEFAULT_KINDS, ReminderKind.FOLLOW_UP) if k in switched_off],
        "reminder_form": reminder_form or ReminderTimeForm(zone=zoneinfo.ZoneInfo(owner.time_zone)),
        "note_form": note_form or NoteForm(),
    }


@login_required
@require_http_methods(["POST"])
def interview_note_add(request, pk: int):
    """A note on the timeline, at any time; a blank or overlong one is shown back on the form."""
    interview = owned_interview(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            interview_add_note(interview=interview, text=form.cleaned_data["text"], at=timezone.now())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Added your note to the history.")
            return redirect(reverse("interviews:detail", args=[interview.pk]) + "#history-heading")
    return render(
        request, "interviews/detail.html", detail_context(interview, now=timezone.now(), note_form=form), status=400
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def interview_confirm_delete(request, pk: int):
    interview = owned_interview(request, pk)
    if request.method == "POST":
        company = interview.company
        interview_delete(interview=interview)
        messages.success(request, f"Deleted your interview with {company}.")
        return redirect("interviews:dashboard")
    return render(request, "interviews/confirm_delete.html", {"interview": interview})
