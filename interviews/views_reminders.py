"""Shaping one interview's reminders: off, back on, one of your own, another follow-up nudge, and the snooze link.

Thin: parse, call one service, redirect or render. The interview page's forms are
POSTs with CSRF behind log-in. The snooze page is reached from a reminder e-mail by a
signed link (interviews.tokens) without a log-in; its POST still carries the page's
CSRF token, and it can only move the one reminder the link names.
"""

import zoneinfo
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.tokens import TokenInvalid

from .choices import ReminderKind
from .forms import ReminderTimeForm
from .models import Reminder
from .services import (
    InterviewError,
    follow_up_nudge_again,
    reminder_add,
    reminder_snooze,
    reminder_turn_off,
    reminder_turn_on,
    reminders_adjustable,
)
from .time_display import show_time
from .tokens import read_snooze_token
from .views import detail_context, owned_interview

# "Remind me in an hour", from the moment the user asks.
SNOOZE_STEP = timedelta(hours=1)


def _to_detail(interview):
    return redirect(f"{reverse('interviews:detail', args=[interview.pk])}#reminders")


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
@require_POST
def reminder_add_view(request, pk: int):
    """Add a reminder of your own at a chosen time before the deadline."""
    interview = owned_interview(request, pk)
    now = timezone.now()
    form = ReminderTimeForm(request.POST, zone=zoneinfo.ZoneInfo(request.user.time_zone))
    if form.is_valid():
        try:
            reminder_add(interview=interview, at=form.cleaned_data["remind_at"], now=now)
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, "Reminder added.")
            return _to_detail(interview)
    context = detail_context(interview, now=now, reminder_form=form)
    return render(request, "interviews/detail.html", context, status=400)


@login_required
@require_POST
def reminder_off_view(request, pk: int, reminder_id: int):
    """Switch one planned reminder off for this interview."""
    interview = owned_interview(request, pk)
    reminder = get_object_or_404(interview.reminders.pending(), pk=reminder_id)
    reminder.interview = interview
    reminder_turn_off(reminder=reminder, now=timezone.now())
    messages.success(request, f"Switched off: {reminder.get_kind_display().lower()} for this interview.")
    return _to_detail(interview)


@login_required
@require_POST
def reminder_on_view(request, pk: int):
    """Switch a kind of reminder switched off for this interview back on."""
    interview = owned_interview(request, pk)
    kind = request.POST.get("kind", "")
    if kind not in ReminderKind.values or kind == ReminderKind.EXTRA:
        messages.error(request, "That is not a reminder you can switch back on.")
    elif reminder_turn_on(interview=interview, kind=kind, now=timezone.now()):
        messages.success(request, f"Switched back on: {ReminderKind(kind).label.lower()}.")
    return _to_detail(interview)


@login_required
@require_POST
def follow_up_again_view(request, pk: int):
    """Ask for another follow-up nudge, the follow-up days from now."""
    interview = owned_interview(request, pk)
    try:
        follow_up_nudge_again(interview=interview, now=timezone.now())
    except InterviewError as error:
        messages.error(request, str(error))
        return redirect("interviews:flow", pk=interview.pk)
    days = request.user.follow_up_days
    plural = "s" if days != 1 else ""
    messages.success(request, f"RainCheck will nudge you again in {days} day{plural} if no new time comes.")
    return redirect("interviews:flow_follow_up", pk=interview.pk)


# --- The snooze link ----------------------------------------------------------------------


def _snooze_page(request, reminder: Reminder, *, now, form=None, error="", status=200):
    interview = reminder.interview
    zone = zoneinfo.ZoneInfo(interview.owner.time_zone)
    return render(
        request,
        "interviews/snooze.html",
        {
            "reminder": reminder,
            "interview": interview,
            "open": reminders_adjustable(interview) and now < interview.notice_deadline,
            "deadline_time": show_time(interview.notice_deadline, zone),
            "interview_time": show_time(interview.scheduled_at, zone),
            "in_an_hour": show_time(now + SNOOZE_STEP, zone),
            "hour_fits": now + SNOOZE_STEP < interview.notice_deadline,
            "form": form or ReminderTimeForm(zone=zone),
            "error": error,
            "now": now,
        },
        status=status,
    )


@never_cache  # a token page: no cache keeps it (config.middleware)
@require_http_methods(["GET", "HEAD", "POST"])
def snooze(request, token: str):
    """The reminder e-mail's "remind me later": a confirmation page, whose POST moves this one reminder."""
    try:
        reminder = read_snooze_token(token)
    except TokenInvalid as exc:
        context = {"expired": exc.expired, "gone": getattr(exc, "gone", False)}
        return render(request, "interviews/snooze_failed.html", context, status=400)
    now = timezone.now()
    if request.method != "POST":
        return _snooze_page(request, reminder, now=now)
    zone = zoneinfo.ZoneInfo(reminder.interview.owner.time_zone)
    form = None
    if request.POST.get("by") == "hour":
        to = now + SNOOZE_STEP
    else:
        form = ReminderTimeForm(request.POST, zone=zone)
        if not form.is_valid():
            return _snooze_page(request, reminder, now=now, form=form, status=400)
        to = form.cleaned_data["remind_at"]
    try:
        moved = reminder_snooze(reminder=reminder, to=to, now=now)
    except ValidationError as error:
        return _snooze_page(request, reminder, now=now, form=form, error=_error_text(error), status=400)
    return render(
        request,
        "interviews/snooze_done.html",
        {"interview": reminder.interview, "due_time": show_time(moved.due_at, zone)},
    )
