"""RainCheck in the user's calendar: the private feed and its link, an interview's .ics, import, clashes.

Thin like the other views: the feed and the .ics are built by calendar_feed.py, an
invitation is read by invitations.py, the link is made and revoked by accounts.services,
and a clash's "move this one" answers the flow through interview_decide.
"""

import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.services import calendar_feed_owner, calendar_feed_renew, calendar_feed_revoke
from config.middleware import accepts_file_uploads

from . import calendar_feed, flow
from .choices import Attendance, Reason
from .clashes import clashes_at
from .dashboard import InterviewLinks, clash_notes
from .flow import FlowState, Step
from .forms import InterviewForm, local_to_utc
from .forms_calendar import ImportForm, PickEventForm
from .invitations import Invitation, InvitationError, describe_start, read_invitation
from .services import InterviewError, interview_decide, interview_time_validate
from .views import owned_interview

# The events of a multi-event invitation, kept while the user picks one (nothing is saved yet).
SESSION_INVITATIONS = "calendar_import_invitations"


# --- The feed ---------------------------------------------------------------------------


@require_GET
def calendar_feed_view(request, token: str):
    """The user's interviews as iCalendar, for a calendar app to subscribe to. The token is the authorisation.

    A poll whose ETag still matches costs the token lookup and one aggregate query.
    """
    owner = calendar_feed_owner(token)
    if owner is None:
        raise Http404("No such calendar feed.")
    now = timezone.now()
    etag, changed = calendar_feed.feed_version(owner, now=now)
    last_modified = int(changed.timestamp()) if changed else None
    response = get_conditional_response(request, etag=quote_etag(etag), last_modified=last_modified)
    if response is None:
        body = calendar_feed.feed_calendar(calendar_feed.feed_rows(owner, now=now), name="RainCheck interviews")
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="raincheck.ics"'
    response["ETag"] = quote_etag(etag)
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    # Calendar apps revalidate with the ETag; nothing in between may keep a copy of private data.
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response


def feed_url(request, token: str) -> str:
    return request.build_absolute_uri(reverse("interviews:calendar_feed", args=[token]))


@login_required
@require_POST
def calendar_link_new(request):
    """Make a new feed link and show it, once: only its hash is kept."""
    token = calendar_feed_renew(user=request.user, now=timezone.now())
    response = render(request, "calendar/feed_link.html", {"feed_url": feed_url(request, token)})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def calendar_link_off(request):
    if calendar_feed_revoke(user=request.user):
        messages.success(request, "Your calendar link is off. Calendars subscribed to it get nothing from now on.")
    else:
        messages.info(request, "You had no calendar link.")
    return redirect("accounts:settings")


# --- One interview ---------------------------------------------------------------------


@login_required
@require_GET
def interview_ics(request, pk: int):
    interview = owned_interview(request, pk)
    body = calendar_feed.interview_calendar(
        interview,
        now=timezone.now(),
        link=calendar_feed.interview_url(interview),
        sequence=calendar_feed.reschedule_count(interview),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="interview-{interview.pk}.ics"'
    return response


# --- Import ---------------------------------------------------------------------------


def _prefilled_form(request, invitation: Invitation):
    """The add form filled from the invitation; it posts to the normal add view, which saves."""
    initial = invitation.form_initial(default_time_zone=request.user.time_zone)
    form = InterviewForm(
        initial=initial,
        default_time_zone=request.user.time_zone,
        default_notice_period=request.user.default_notice_period(),
    )
    clashes, confirmed_for = _clashes_of_initial(request.user, initial)
    return render(
        request,
        "interviews/form.html",
        {
            "form": form,
            "interview": None,
            "form_action": reverse("interviews:create"),
            "imported": True,
            "unread": invitation.unread(),
            "clashes": clash_notes(clashes, zone=timezone.get_current_timezone(), links=InterviewLinks()),
            "clash_confirmed_for": confirmed_for,
        },
    )


def _clashes_of_initial(owner, initial: dict) -> tuple[list, str]:
    """The clashes of the invitation's time, and that time (the form's "Add it anyway" confirms it)."""
    if "date" not in initial or "time" not in initial:
        return [], ""
    starts_at, _ = local_to_utc(initial["date"], initial["time"], zoneinfo.ZoneInfo(initial["time_zone"]))
    if starts_at is None:
        return [], ""
    try:
        interview_time_validate(scheduled_at=starts_at, now=timezone.now())
    except ValidationError:
        return [], ""  # the add view will say what is wrong with the time
    clashes = clashes_at(owner=owner, starts_at=starts_at, duration_minutes=initial["duration_minutes"])
    return clashes, starts_at.isoformat() if clashes else ""


@accepts_file_uploads
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def interview_import(request):
    """Upload an .ics or paste an invitation; one event opens the add form filled in, several a choice."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitations = read_invitation(
                file_data=form.cleaned_data["file_data"], text=form.cleaned_data["text"], now=timezone.now()
            )
        except InvitationError as error:
            form.add_error(None, str(error))
        else:
            if len(invitations) == 1:
                return _prefilled_form(request, invitations[0])
            request.session[SESSION_INVITATIONS] = [i.serialise() for i in invitations]
            return _pick_page(request, invitations, PickEventForm(count=len(invitations)))
    return render(request, "interviews/import.html", {"form": form})


def _pick_page(request, invitations: list[Invitation], form):
    zone = request.user.time_zone
    events = [
        {"index": n, "title": i.title or i.company or "An event", "when": describe_start(i, default_time_zone=zone)}
        for n, i in enumerate(invitations)
    ]
    return render(request, "interviews/import_pick.html", {"events": events, "form": form})


@login_required
@require_POST
def interview_import_pick(request):
    stored = request.session.get(SESSION_INVITATIONS) or []
    if not stored:
        messages.info(request, "That invitation is no longer at hand. Upload it again, please.")
        return redirect("interviews:import")
    invitations = [Invitation.deserialise(data) for data in stored]
    form = PickEventForm(request.POST, count=len(invitations))
    if not form.is_valid():
        return _pick_page(request, invitations, form)
    return _prefilled_form(request, invitations[form.cleaned_data["event"]])


# --- Clashes ---------------------------------------------------------------------------


@login_required
@require_POST
def clash_move(request, pk: int):
    """ "Ask to move this one": the flow's answers "I can't go" and "another interview", then its next step."""
    interview = owned_interview(request, pk)
    now = timezone.now()
    if not flow.decision_open(FlowState.of(interview, now)):
        messages.info(request, "This interview's decision is closed already. Here is where things stand.")
        return redirect("interviews:flow", pk=interview.pk)
    try:
        interview_decide(interview=interview, now=now, attendance=Attendance.CANNOT, reason=Reason.OTHER_INTERVIEW)
    except (InterviewError, ValidationError) as error:
        messages.error(request, error.messages[0] if isinstance(error, ValidationError) else str(error))
        return redirect("interviews:flow", pk=interview.pk)
    messages.info(
        request,
        "Reason noted: another interview. Don't mention it to them: the draft says a conflict has come up.",
    )
    return redirect("interviews:flow_step", pk=interview.pk, step=Step.PLAN.value)
