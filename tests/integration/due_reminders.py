"""Reminders that are due now, made the way the app makes them, and what each e-mail must say.

Real processes cannot travel in time, so the interviews are planned as of a day
ago (every service takes `now`): each interview starts 34 h 10 min from now, so
its notice deadline is 10 h 10 min ahead; its "decide now" reminder (24 h before
the deadline) fell due 13 h 50 min ago and is still worth sending, and its
"window closes soon" reminder (3 h before the deadline) is 7 h ahead. Exactly one
e-mail per interview is due, and none may be sent for the other reminder.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from interviews.choices import ReminderKind
from interviews.models import Reminder
from tests.factories import InterviewFactory, UserFactory
from tests.integration.mail_server import RecordingSMTPServer
from tests.integration.waiting import wait_until

SITE_URL = "http://testserver"  # RAINCHECK_SITE_URL of the processes under test
# Zones with whole, half and negative offsets, and both hemispheres' summer time.
ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Sydney",
    "UTC",
    "America/Sao_Paulo",
    "Pacific/Auckland",
    "Asia/Tokyo",
)
LEAD_TIME = timedelta(hours=34, minutes=10)


@dataclass(frozen=True)
class ExpectedEmail:
    reminder_id: int
    to: str
    subject: str
    link: str
    local_time: str  # the interview's start as the owner reads it, e.g. "Tue 3 Mar 2026, 14:00 CET"


def local_time_text(moment: datetime, zone_name: str) -> str:
    local = moment.astimezone(zoneinfo.ZoneInfo(zone_name))
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M} {local.tzname()}"


def make_due_reminders(*, users: int, interviews: int) -> dict[str, ExpectedEmail]:
    """`interviews` interviews spread over `users` users, each with one due reminder; keyed by Message-ID."""
    now = timezone.now()
    planned_at = now - timedelta(days=1)
    owners = [UserFactory(time_zone=ZONES[n % len(ZONES)]) for n in range(users)]
    expected = {}
    for n in range(interviews):
        owner = owners[n % users]
        interview = InterviewFactory(
            owner=owner,
            company=f"Company {n:03d}",
            # Minutes apart, so the local times differ from one interview to the next.
            scheduled_at=now + LEAD_TIME + timedelta(minutes=n % 20),
            now=planned_at,
        )
        reminder = interview.reminders.get(kind=ReminderKind.DECIDE_NOW)
        assert reminder.due_at <= now < interview.notice_deadline
        expected[f"<reminder-{reminder.pk}@testserver>"] = ExpectedEmail(
            reminder_id=reminder.pk,
            to=owner.email,
            # 10 h 10-30 min before the deadline, during a test of a few minutes: "10 hours".
            subject=f"{interview.company}: 10 hours left to give notice",
            link=f"{SITE_URL}/interviews/{interview.pk}/flow/",
            local_time=local_time_text(interview.scheduled_at, owner.time_zone),
        )
    assert Reminder.objects.due(timezone.now()).count() == interviews
    return expected


def all_sent(expected: dict[str, ExpectedEmail]) -> bool:
    """Every expected reminder is recorded as sent."""
    ids = [e.reminder_id for e in expected.values()]
    return Reminder.objects.filter(pk__in=ids, sent_at__isnull=False).count() == len(ids)


def delivery_progress(mail_server: RecordingSMTPServer, expected: dict[str, ExpectedEmail]) -> str:
    received = mail_server.counts_by_message_id()
    ids = [e.reminder_id for e in expected.values()]
    reminders = Reminder.objects.filter(pk__in=ids)
    return (
        f"{len(set(received) & set(expected))} of {len(expected)} received, "
        f"{sum(received.values())} messages in all; "
        f"{reminders.filter(sent_at__isnull=False).count()} marked sent, "
        f"{reminders.filter(skipped_at__isnull=False).count()} skipped, "
        f"{reminders.filter(failed_at__isnull=False).count()} failed, "
        f"{reminders.filter(attempts__gt=0).count()} with failed attempts"
    )


def assert_each_arrived(
    mail_server: RecordingSMTPServer, expected: dict[str, ExpectedEmail], *, max_duplicates: int = 0
) -> dict[str, int]:
    """Each expected e-mail arrived, with the right recipient, subject, link and local time; nothing else did.

    Returns the duplicates (Message-ID -> extra copies), at most `max_duplicates` in all.
    """
    received = mail_server.counts_by_message_id()
    missing = sorted(set(expected) - set(received))
    unexpected = sorted(set(received) - set(expected))
    assert not missing, f"{len(missing)} of {len(expected)} reminders never arrived, e.g. {missing[:5]}"
    assert not unexpected, f"{len(unexpected)} unexpected messages arrived, e.g. {unexpected[:5]}"
    duplicates = mail_server.duplicates()
    assert sum(duplicates.values()) <= max_duplicates, (
        f"{len(duplicates)} reminders delivered more than once ({sum(duplicates.values())} extra copies), "
        f"e.g. {dict(list(duplicates.items())[:5])}"
    )

    for message_id, message in mail_server.by_message_id().items():
        want = expected[message_id]
        assert message.recipients == (want.to,), f"{message_id} went to {message.recipients}, not {want.to}"
        assert message.to == want.to
        assert message.subject == want.subject
        text = message.body("plain")
        assert want.link in text, f"{message_id}: no link to {want.link} in:\n{text}"
        assert want.local_time in text, f"{message_id}: no local time {want.local_time!r} in:\n{text}"
        assert want.link in message.body("html")
    return duplicates


def assert_nothing_else_sent(expected: dict[str, ExpectedEmail]) -> None:
    """The reminders that were not due (each interview's "window closes soon") are still pending and unsent."""
    ids = [e.reminder_id for e in expected.values()]
    others = Reminder.objects.exclude(pk__in=ids)
    assert others.count() == len(ids)
    assert not others.filter(sent_at__isnull=False).exists()
    assert others.pending().count() == len(ids)


def wait_all_delivered(mail_server: RecordingSMTPServer, expected: dict[str, ExpectedEmail], *, timeout: float) -> None:
    """Bounded wait until every expected reminder is marked sent, reporting progress on time-out."""
    wait_until(
        lambda: all_sent(expected),
        timeout=timeout,
        interval=0.25,
        message="not every due reminder was delivered",
        progress=lambda: delivery_progress(mail_server, expected),
    )
