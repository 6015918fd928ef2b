"""The follow-up nudge through real processes: planned by the services, delivered by worker and beat."""

from datetime import timedelta

import pytest
from django.utils import timezone

from interviews.choices import Attendance, NoticeChannel, Plan, ReminderKind
from interviews.models import Reminder
from interviews.services import interview_decide, interview_reschedule, notice_give
from tests.factories import InterviewFactory, UserFactory
from tests.integration.due_reminders import SITE_URL
from tests.integration.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _asked_to_reschedule(owner, company, *, asked_at):
    interview = InterviewFactory(
        owner=owner, company=company, scheduled_at=asked_at + timedelta(days=2), now=asked_at - timedelta(days=1)
    )
    interview_decide(interview=interview, now=asked_at, attendance=Attendance.CANNOT)
    interview_decide(interview=interview, now=asked_at, plan=Plan.RESCHEDULE)
    return notice_give(interview=interview, channel=NoticeChannel.EMAIL, at=asked_at)


def test_worker_and_beat_deliver_the_nudge_and_none_for_a_request_answered_in_time(filesystem_processes, mail_server):
    owner = UserFactory()
    asked_at = timezone.now() - timedelta(days=3, hours=1)  # the nudge fell due an hour ago
    waiting = _asked_to_reschedule(owner, "Waiting Ltd", asked_at=asked_at)
    answered = _asked_to_reschedule(owner, "Answered Ltd", asked_at=asked_at)
    interview_reschedule(
        interview=answered, new_time=timezone.now() + timedelta(days=9), now=asked_at + timedelta(days=1)
    )
    nudge = Reminder.objects.get(interview=waiting, kind=ReminderKind.FOLLOW_UP)

    filesystem_processes.worker("worker", concurrency=1)
    filesystem_processes.beat("beat")
    wait_until(
        lambda: Reminder.objects.filter(pk=nudge.pk, sent_at__isnull=False).exists(),
        timeout=60,
        message="the follow-up nudge was not delivered",
        progress=lambda: f"{mail_server.count()} messages received",
    )
    filesystem_processes.stop_all()

    (message,) = mail_server.messages
    assert (message.to, message.subject) == (owner.email, "Waiting Ltd: no new time yet? Follow up")
    assert f"{SITE_URL}/interviews/{waiting.pk}/follow-up/" in message.body("plain")
    assert not Reminder.objects.filter(interview=answered, kind=ReminderKind.FOLLOW_UP).exists()
