"""Building the reminder e-mail: text and HTML bodies, an .ics of the interview, list headers.

Nothing here sends or writes: delivery.reminders_send_batch sends what this builds.
Every time is shown in the owner's zone (and in the interview's, when that differs),
every link is absolute (RAINCHECK_SITE_URL), and the Message-ID depends only on the
reminder, so a resend after a crash can be recognised downstream.
"""

import uuid
import zoneinfo
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.one_line import folded
from accounts.tokens import settings_url, unsubscribe_url
from advice.choices import Stage
from advice.models import Advice

from . import calendar_feed
from .choices import ReminderKind
from .countdown import hours_left
from .models import Interview, Reminder
from .time_display import show_time
from .tokens import snooze_url


def reminder_message_id(reminder: Reminder) -> str:
    """The same for every send of one reminder."""
    return f"<reminder-{reminder.pk}@{calendar_feed.site_domain()}>"


def hours_left_text(deadline: datetime, now: datetime) -> str:
    """Time left to give notice, counted as the pages count it: "3 hours", "1 hour", "less than an hour"."""
    hours = hours_left(deadline, now)
    if hours < 1:
        return "less than an hour"
    return "1 hour" if hours == 1 else f"{hours} hours"


def reminder_subject(interview: Interview, now: datetime) -> str:
    """E.g. "Acme: 24 hours left to give notice"."""
    return f"{folded(interview.company)}: {hours_left_text(interview.notice_deadline, now)} left to give notice"


def flow_url(interview: Interview) -> str:
    """The interview's flow, which redirects to the step it has reached (through log-in when needed)."""
    return f"{settings.RAINCHECK_SITE_URL}{reverse('interviews:flow', args=[interview.pk])}"


class ReminderMessage(EmailMultiAlternatives):
    """The reminder e-mail, with its MIME boundaries chosen up front.

    Left unset, Python's generator picks each boundary and then searches the whole text
    for it with a freshly compiled pattern, per part, per e-mail: about a quarter of the
    time serialising the message takes. 128 random bits cannot occur in the text by accident.
    """

    def message(self, **kwargs):
        message = super().message(**kwargs)
        for part in message.walk():
            if part.is_multipart():
                part.set_boundary(f"=_{uuid.uuid4().hex}")
        return message


def follow_up_subject(interview: Interview) -> str:
    """E.g. "Acme: no new time yet? Follow up"."""
    return f"{folded(interview.company)}: no new time yet? Follow up"


def follow_up_url(interview: Interview) -> str:
    """The follow-up draft page (through log-in when needed)."""
    return f"{settings.RAINCHECK_SITE_URL}{reverse('interviews:flow_follow_up', args=[interview.pk])}"


def _message(reminder: Reminder, *, subject: str, template: str, context: dict) -> ReminderMessage:
    """An e-mail to the interview's owner, with the list headers every reminder carries."""
    owner = reminder.interview.owner
    unsubscribe = unsubscribe_url(owner)
    context = {
        **context,
        "owner": owner,
        "interview": reminder.interview,
        "unsubscribe_url": unsubscribe,
        "settings_url": settings_url(),
        "site_url": settings.RAINCHECK_SITE_URL,
    }
    message = ReminderMessage(
        subject=subject,
        body=render_to_string(f"emails/{template}.txt", context),
        to=[owner.email],
        headers={
            "Message-ID": reminder_message_id(reminder),
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    return message


def follow_up_email(reminder: Reminder, *, now: datetime) -> ReminderMessage:
    """The follow-up nudge: a reschedule request has had no answer for the owner's follow-up days."""
    interview = reminder.interview
    owner_zone = zoneinfo.ZoneInfo(interview.owner.time_zone)
    asked_at = interview.notice_given_at
    context = {
        "asked_at": show_time(asked_at, owner_zone) if asked_at else "",
        "days_waiting": max(1, (now - asked_at).days) if asked_at else 0,
        "interview_time": show_time(interview.scheduled_at, owner_zone),
        "follow_up_url": follow_up_url(interview),
        "outcome_url": flow_url(interview),
    }
    return _message(reminder, subject=follow_up_subject(interview), template="follow_up", context=context)


class EmailAdvice:
    """The reminder e-mails' advice (the Advice model's e-mail stage), read once per notice state.

    Staff edit it in admin like every other piece of advice; a batch of reminders builds many
    e-mails, so it holds one of these and reads the advice once, not once per e-mail.
    """

    def __init__(self) -> None:
        self._by_state: dict[str, list[Advice]] = {}

    def for_state(self, notice_state: str) -> list[Advice]:
        if notice_state not in self._by_state:
            self._by_state[notice_state] = list(Advice.objects.for_step(stage=Stage.EMAIL, notice_state=notice_state))
        return self._by_state[notice_state]


def reminder_email(reminder: Reminder, *, now: datetime, advice: EmailAdvice | None = None) -> ReminderMessage:
    """The reminder e-mail as it will be sent at `now`, to the interview's owner (the nudge has its own)."""
    if reminder.kind == ReminderKind.FOLLOW_UP:
        return follow_up_email(reminder, now=now)
    interview = reminder.interview
    owner_zone = zoneinfo.ZoneInfo(interview.owner.time_zone)
    other_zone = interview.zone if interview.time_zone != interview.owner.time_zone else None
    link = flow_url(interview)
    context = {
        "closes_soon": reminder.kind == ReminderKind.CLOSES_SOON,
        "advice_items": (advice or EmailAdvice()).for_state(interview.notice_state(now).value),
        "hours_left": hours_left_text(interview.notice_deadline, now),
        "interview_time": show_time(interview.scheduled_at, owner_zone),
        "interview_time_there": show_time(interview.scheduled_at, other_zone) if other_zone else "",
        "deadline_time": show_time(interview.notice_deadline, owner_zone),
        "deadline_time_there": show_time(interview.notice_deadline, other_zone) if other_zone else "",
        "owner_zone": interview.owner.time_zone,
        "interview_zone": interview.time_zone,
        "flow_url": link,
        "snooze_url": snooze_url(reminder),
    }
    message = _message(reminder, subject=reminder_subject(interview, now), template="reminder", context=context)
    message.attach("interview.ics", calendar_feed.interview_calendar(interview, now=now, link=link), "text/calendar")
    return message
