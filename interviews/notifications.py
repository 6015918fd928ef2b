"""Building the reminder e-mail: text and HTML bodies, an .ics of the interview, list headers.

Nothing here sends or writes: delivery.reminders_send_batch sends what this builds.
Every time is shown in the owner's zone (and in the interview's, when that differs),
every link is absolute (RAINCHECK_SITE_URL), and the Message-ID depends only on the
reminder, so a resend after a crash can be recognised downstream.
"""

import zoneinfo
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from icalendar import Alarm, Calendar, Event

from accounts.tokens import settings_url, unsubscribe_url
from advice.choices import Stage
from advice.models import Advice

from .choices import ReminderKind
from .countdown import hours_left
from .models import Interview, Reminder
from .time_display import show_time


def _site_domain() -> str:
    return urlsplit(settings.RAINCHECK_SITE_URL).hostname or "raincheck.localhost"


def reminder_message_id(reminder: Reminder) -> str:
    """The same for every send of one reminder."""
    return f"<reminder-{reminder.pk}@{_site_domain()}>"


def _one_line(text: str) -> str:
    # Header text: the services refuse a line break (accounts.one_line); this keeps a header intact
    # even for a row written before that rule or by hand.
    return " ".join(text.split())


def hours_left_text(deadline: datetime, now: datetime) -> str:
    """Time left to give notice, counted as the pages count it: "3 hours", "1 hour", "less than an hour"."""
    hours = hours_left(deadline, now)
    if hours < 1:
        return "less than an hour"
    return "1 hour" if hours == 1 else f"{hours} hours"


def reminder_subject(interview: Interview, now: datetime) -> str:
    """E.g. "Acme: 24 hours left to give notice"."""
    return f"{_one_line(interview.company)}: {hours_left_text(interview.notice_deadline, now)} left to give notice"


def flow_url(interview: Interview) -> str:
    """The interview's flow, which redirects to the step it has reached (through log-in when needed)."""
    return f"{settings.RAINCHECK_SITE_URL}{reverse('interviews:flow', args=[interview.pk])}"


def interview_calendar(interview: Interview, *, now: datetime, link: str) -> bytes:
    """An iCalendar file of the interview, with an alarm at the notice deadline."""
    owner_zone = zoneinfo.ZoneInfo(interview.owner.time_zone)
    deadline = show_time(interview.notice_deadline, owner_zone)
    calendar = Calendar()
    calendar.add("prodid", "-//RainCheck//Interview reminder//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"interview-{interview.pk}@{_site_domain()}")
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", interview.scheduled_at.astimezone(UTC))
    event.add("dtend", interview.ends_at.astimezone(UTC))
    event.add("summary", f"Interview: {_one_line(str(interview))}")
    if interview.location:
        event.add("location", interview.location)
    event.add(
        "description",
        f"If you cannot attend, give notice by {deadline} ({settings.RAINCHECK_NOTICE_HOURS} hours before it starts).\n"
        f"Decide and draft the message in RainCheck: {link}",
    )
    event.add("url", link)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Notice deadline for {_one_line(interview.company)}: tell them now if you cannot go")
    alarm.add("trigger", interview.notice_deadline.astimezone(UTC))
    event.add_component(alarm)
    calendar.add_component(event)
    return calendar.to_ical()


def reminder_email(reminder: Reminder, *, now: datetime) -> EmailMultiAlternatives:
    """The reminder e-mail as it will be sent at `now`, to the interview's owner."""
    interview = reminder.interview
    owner = interview.owner
    owner_zone = zoneinfo.ZoneInfo(owner.time_zone)
    other_zone = interview.zone if interview.time_zone != owner.time_zone else None
    link = flow_url(interview)
    unsubscribe = unsubscribe_url(owner)
    context = {
        "owner": owner,
        "interview": interview,
        "closes_soon": reminder.kind == ReminderKind.CLOSES_SOON,
        # Staff edit it in admin like every other piece of advice: the e-mail stage, by notice state.
        "advice_items": list(
            Advice.objects.for_step(stage=Stage.EMAIL, notice_state=interview.notice_state(now).value)
        ),
        "hours_left": hours_left_text(interview.notice_deadline, now),
        "interview_time": show_time(interview.scheduled_at, owner_zone),
        "interview_time_there": show_time(interview.scheduled_at, other_zone) if other_zone else "",
        "deadline_time": show_time(interview.notice_deadline, owner_zone),
        "deadline_time_there": show_time(interview.notice_deadline, other_zone) if other_zone else "",
        "owner_zone": owner.time_zone,
        "interview_zone": interview.time_zone,
        "flow_url": link,
        "unsubscribe_url": unsubscribe,
        "settings_url": settings_url(),
        "site_url": settings.RAINCHECK_SITE_URL,
    }
    message = EmailMultiAlternatives(
        subject=reminder_subject(interview, now),
        body=render_to_string("emails/reminder.txt", context),
        to=[owner.email],
        headers={
            "Message-ID": reminder_message_id(reminder),
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(render_to_string("emails/reminder.html", context), "text/html")
    message.attach("interview.ics", interview_calendar(interview, now=now, link=link), "text/calendar")
    return message
