"""The interview pages: dashboard, add, edit, the interview page, delete. Thin: parse, call a service, render."""

import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from config.ratelimits import rate_limited

from .choices import ReminderKind
from .forms import InterviewForm, ReminderTimeForm, add_service_error
from .models import Interview
from .reminders import DEFAULT_KINDS
from .services import interview_create, interview_delete, interview_update, reminders_adjustable

# Rows per page on each of the dashboard's two lists.
DASHBOARD_PAGE_SIZE = 20


def owned_interview(request, pk: int) -> Interview:
    """The request's user's interview, or a 404: another user's interview does not exist, as far as they can tell.

    Every interview page (these and the flow's) loads its interview here. Its owner is the request's user,
    whose settings (zone, follow-up days) the pages read."""
    interview = get_object_or_404(Interview.objects.owned_by(request.user), pk=pk)
    interview.owner = request.user
    return interview


@login_required
@require_http_methods(["GET", "HEAD"])
def dashboard(request):
    now = timezone.now()
    # The owner's follow-up days decide each row's follow-up button: one join, no query per row.
    interviews = Interview.objects.owned_by(request.user).select_related("owner")
    upcoming = Paginator(interviews.upcoming(now), DASHBOARD_PAGE_SIZE).get_page(request.GET.get("upcoming_page"))
    past = Paginator(interviews.past(now), DASHBOARD_PAGE_SIZE).get_page(request.GET.get("past_page"))
    return render(
        request,
        "interviews/dashboard.html",
        {
            "now": now,
            "upcoming": upcoming,
            "past": past,
            "empty": upcoming.paginator.count == 0 and past.paginator.count == 0,
        },
    )


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
    if request.method == "POST" and form.is_valid():
        interview = _save(form, lambda: interview_create(owner=request.user, now=now, **form.interview_fields()))
        if interview is not None:
            messages.success(request, f"Added your interview with {interview.company}.")
            return redirect("interviews:detail", pk=interview.pk)
    return render(request, "interviews/form.html", {"form": form, "interview": None})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def interview_edit(request, pk: int):
    interview = owned_interview(request, pk)
    now = timezone.now()
    form = InterviewForm(
        request.POST or None, instance=interview, default_notice_period=request.user.default_notice_period()
    )
    if request.method == "POST" and form.is_valid():
        saved = _save(form, lambda: interview_update(interview=interview, now=now, **form.interview_fields()))
        if saved is not None:
            messages.success(request, "Saved your changes.")
            return redirect("interviews:detail", pk=saved.pk)
        # The service may have changed the instance in memory before refusing: show the stored one.
        interview = owned_interview(request, pk)
    return render(request, "interviews/form.html", {"form": form, "interview": interview})


@login_required
@require_http_methods(["GET", "HEAD"])
def interview_detail(request, pk: int):
    interview = owned_interview(request, pk)
    return render(request, "interviews/detail.html", detail_context(interview, now=timezone.now()))


def detail_context(interview: Interview, *, now, reminder_form: ReminderTimeForm | None = None) -> dict:
    """The interview page: its details, its planned reminders and what the user switched off, its history."""
    switched_off = [c.kind for c in interview.reminder_choices.all() if c.off]
    return {
        "interview": interview,
        "events": interview.events.all(),
        "now": now,
        "planned_reminders": interview.reminders.pending().order_by("due_at", "pk"),
        "reminders_adjustable": reminders_adjustable(interview),
        "switched_off": [ReminderKind(k) for k in (*DEFAULT_KINDS, ReminderKind.FOLLOW_UP) if k in switched_off],
        "reminder_form": reminder_form or ReminderTimeForm(zone=zoneinfo.ZoneInfo(interview.owner.time_zone)),
    }


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
