"""The follow-up nudge: one e-mail of its own kind, the owner's days after a reschedule request with no new time."""

from datetime import timedelta

import pytest
from django.urls import reverse

from interviews.choices import Attendance, EventKind, NoticeChannel, Plan, ReminderKind, Status
from interviews.delivery import SKIP_ANSWERED, reminder_mark_sent, reminders_claim, reminders_send_batch
from interviews.models import Interview, Reminder
from interviews.services import (
    follow_up_nudge_again,
    interview_decide,
    interview_record_outcome,
    interview_reschedule,
    notice_give,
)
from tests.interviews.sweeping import HOUR, T0, add_interview, sweep_every, travel

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)
ASKED = T0 + DAY


def ask_to_reschedule(user, *, follow_up_days=3) -> Interview:
    user.follow_up_days = follow_up_days
    user.save(update_fields=["follow_up_days"])
    interview = add_interview(user, starts_in=6 * DAY, company="Acme")
    with travel(ASKED):
        interview_decide(interview=interview, now=ASKED, attendance=Attendance.CANNOT)
        interview_decide(interview=interview, now=ASKED, plan=Plan.RESCHEDULE)
        notice_give(interview=interview, channel=NoticeChannel.EMAIL, at=ASKED)
    return interview


def nudges(interview):
    return Reminder.objects.filter(interview=interview, kind=ReminderKind.FOLLOW_UP)


def test_the_request_plans_one_nudge_after_the_owners_days(user):
    interview = ask_to_reschedule(user, follow_up_days=5)

    assert list(Reminder.objects.filter(interview=interview).pending().values_list("kind", "due_at")) == [
        (ReminderKind.FOLLOW_UP, ASKED + 5 * DAY)
    ]


def test_the_nudge_is_delivered_once_with_its_own_text_and_link(smtp_server, user):
    interview = ask_to_reschedule(user)

    sweep_every(ASKED, ASKED + 10 * DAY, 6 * HOUR)

    assert [m["Subject"] for m in smtp_server.messages] == ["Acme: no new time yet? Follow up"]
    body = smtp_server.messages[0].get_body(("plain",)).get_content()
    assert "3 days ago, and no new time is recorded yet" in body
    assert f"http://testserver{reverse('interviews:flow_follow_up', args=[interview.pk])}" in body
    assert "snooze" not in body.lower()
    assert nudges(interview).get().sent_at == ASKED + 3 * DAY
    assert interview.events.filter(kind=EventKind.REMINDER_SENT, summary="Reminder e-mailed: follow up").exists()


def test_a_nudge_answered_while_it_was_being_sent_is_recorded_as_sent_meanwhile(user):
    interview = ask_to_reschedule(user)
    nudge_at = ASKED + 3 * DAY
    nudge = nudges(interview).get()
    assert reminders_claim([nudge.pk], nudge_at) == [nudge.pk]
    # The batch built the nudge; the company's new time is recorded while the server accepts it.
    as_built = Reminder.objects.select_related("interview__owner").get(pk=nudge.pk)
    with travel(nudge_at):
        interview_reschedule(interview=Interview.objects.get(pk=interview.pk), new_time=T0 + 20 * DAY, now=nudge_at)

    reminder_mark_sent(as_built, nudge_at)

    assert Reminder.objects.get(pk=nudge.pk).sent_at == nudge_at
    event = interview.events.get(kind=EventKind.REMINDER_SENT)
    assert event.summary == "Reminder e-mailed: follow up, as the interview was being changed (it no longer applies)"
    assert event.data["interview_changed"] is True


def test_a_new_time_before_the_nudge_removes_it(smtp_server, user):
    interview = ask_to_reschedule(user)
    with travel(ASKED + DAY):
        interview_reschedule(interview=interview, new_time=T0 + 20 * DAY, now=ASKED + DAY)

    sweep_every(ASKED, ASKED + 5 * DAY, 6 * HOUR)

    assert not nudges(interview).exists()
    assert "no new time yet" not in " ".join(m["Subject"] for m in smtp_server.messages)


def test_an_outcome_before_the_nudge_removes_it(user):
    interview = ask_to_reschedule(user)
    with travel(ASKED + DAY):
        interview_record_outcome(interview=interview, outcome="cancelled", now=ASKED + DAY)
    assert not nudges(interview).exists()


def test_a_nudge_claimed_before_the_new_time_arrived_is_skipped_not_sent(smtp_server, user):
    interview = ask_to_reschedule(user)
    nudge = nudges(interview).get()
    due = ASKED + 3 * DAY
    with travel(due):
        assert reminders_claim([nudge.pk], due) == [nudge.pk]
        interview_reschedule(interview=interview, new_time=T0 + 20 * DAY, now=due)  # leaves the claimed one
        # The worker holding it died; its lease ran out, and the next batch takes it.
        Reminder.objects.filter(pk=nudge.pk).update(claimed_at=None)
        reminders_send_batch([nudge.pk])

    nudge.refresh_from_db()
    assert (nudge.sent_at, nudge.skip_reason) == (None, SKIP_ANSWERED)
    assert smtp_server.messages == []


def test_asking_for_another_nudge_plans_one_more(smtp_server, user):
    interview = ask_to_reschedule(user)
    sweep_every(ASKED, ASKED + 4 * DAY, 6 * HOUR)
    again = ASKED + 4 * DAY
    with travel(again):
        follow_up_nudge_again(interview=Interview.objects.get(pk=interview.pk), now=again)

    sweep_every(again, again + 10 * DAY, 6 * HOUR)

    assert [r.sent_at for r in nudges(interview).order_by("due_at")] == [ASKED + 3 * DAY, again + 3 * DAY]
    assert len(smtp_server.messages) == 2


def test_the_follow_up_page_has_the_button_for_another_nudge(client, user):
    interview = ask_to_reschedule(user)
    with travel(ASKED + 4 * DAY):
        client.force_login(user)
        page = client.get(reverse("interviews:flow_follow_up", args=[interview.pk])).content.decode()
        response = client.post(reverse("interviews:follow_up_again", args=[interview.pk]))

    assert "Nudge me again in 3 days" in page
    assert response.status_code == 302
    assert nudges(interview).pending().get().due_at == ASKED + 7 * DAY
    assert Interview.objects.get(pk=interview.pk).status == Status.RESCHEDULE_REQUESTED
