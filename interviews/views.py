"""The interview pages: dashboard, add, edit, the interview page, delete. Thin: parse, call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from config.ratelimits import rate_limited

from .dashboard import InterviewLinks, dashboard_rows
from .forms import InterviewForm, NoteForm, add_service_error
from .models import Interview
from .services import interview_add_note, interview_create, interview_delete, interview_update

# Rows per page on each of the dashboard's two lists.
DASHBOARD_PAGE_SIZE = 20


def owned_interview(request, pk: int) -> Interview:
    """The request's user's interview, or a 404: another user's interview does not exist, as far as they can tell.

    Every interview page (these and the flow's) loads its interview here."""
    return get_object_or_404(Interview.objects.owned_by(request.user), pk=pk)


@require_http_methods(["GET", "HEAD"])
def dashboard(request):
    """`/`: the dashboard once logged in; for a logged-out visitor, what RainCheck does (sign up, log in)."""
    if not request.user.is_authenticated:
        return render(request, "interviews/landing.html")
    now = timezone.now()
    interviews = Interview.objects.owned_by(request.user)
    upcoming = Paginator(interviews.upcoming(now), DASHBOARD_PAGE_SIZE).get_page(request.GET.get("upcoming_page"))
    past = Paginator(interviews.past(now), DASHBOARD_PAGE_SIZE).get_page(request.GET.get("past_page"))
    rows = {"now": now, "zone": timezone.get_current_timezone(), "links": InterviewLinks()}
    return render(
        request,
        "interviews/dashboard.html",
        {
            "upcoming": upcoming,
            "upcoming_rows": dashboard_rows(upcoming.object_list, **rows),
            "past": past,
            "past_rows": dashboard_rows(past.object_list, **rows),
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
    form = InterviewForm(request.POST or None, default_time_zone=request.user.time_zone)
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
    form = InterviewForm(request.POST or None, instance=interview)
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
    return _render_detail(request, owned_interview(request, pk), NoteForm())


def _render_detail(request, interview: Interview, note_form: NoteForm, *, status: int = 200):
    return render(
        request,
        "interviews/detail.html",
        {"interview": interview, "events": interview.events.all(), "now": timezone.now(), "note_form": note_form},
        status=status,
    )


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
    return _render_detail(request, interview, form, status=400)


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
