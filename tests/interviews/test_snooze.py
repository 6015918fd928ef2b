"""The snooze link of a reminder e-mail: logged out it moves one reminder, never past the deadline."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import signing
from django.test import Client
from django.urls import reverse

from interviews.choices import EventKind, ReminderKind
from interviews.models import Reminder
from interviews.notifications import reminder_email
from interviews.services import interview_delete
from interviews.tokens import SNOOZE_SALT, make_snooze_token
from tests.factories import InterviewFactory, UserFactory

UTC = dt.UTC
START = dt.datetime(2030, 5, 10, 10, 0, tzinfo=UTC)
DEADLINE = START - dt.timedelta(hours=24)
HOUR = dt.timedelta(hours=1)
SENT = DEADLINE - 24 * HOUR  # when "decide now" went out


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def sent_reminder(db):
    interview = InterviewFactory(
        owner=UserFactory(time_zone="UTC"), scheduled_at=START, time_zone="UTC", now=START - dt.timedelta(days=9)
    )
    reminder = interview.reminders.get(kind=ReminderKind.DECIDE_NOW)
    Reminder.objects.filter(pk=reminder.pk).update(sent_at=SENT)
    reminder.refresh_from_db()
    return reminder


def at(moment):
    return time_machine.travel(moment, tick=False)


def snooze_url(reminder) -> str:
    """The link as the e-mail sent at SENT carries it (its 90 days count from then)."""
    with at(SENT):
        return reverse("interviews:snooze", args=[make_snooze_token(reminder)])


def pending(interview) -> set:
    return set(Reminder.objects.filter(interview=interview).pending().values_list("kind", "due_at"))


def test_the_reminder_email_carries_the_snooze_link(sent_reminder):
    with at(SENT):
        email = reminder_email(sent_reminder, now=SENT)
    assert f"http://testserver{snooze_url(sent_reminder)}" in email.body


def test_logged_out_the_link_moves_this_reminder_by_an_hour(sent_reminder):
    client = Client(enforce_csrf_checks=True)
    url = snooze_url(sent_reminder)
    with at(SENT + dt.timedelta(minutes=10)):  # ten minutes after the e-mail
        page = client.get(url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
        done = client.post(url, {"by": "hour", "csrfmiddlewaretoken": token})

    moved_to = SENT + dt.timedelta(minutes=10) + HOUR
    assert page.status_code == done.status_code == 200
    assert "Remind me in an hour" in text(page)
    assert "again on Wed 8 May 2030, 11:10" in text(done)
    interview = sent_reminder.interview
    assert pending(interview) == {(ReminderKind.DECIDE_NOW, moved_to), (ReminderKind.CLOSES_SOON, DEADLINE - 3 * HOUR)}
    assert Reminder.objects.get(pk=sent_reminder.pk).sent_at == SENT  # the one sent stays as history
    assert interview.events.filter(kind=EventKind.REMINDERS_CHANGED, summary__startswith="Reminder snoozed").exists()


def test_the_link_moves_it_to_a_chosen_time(sent_reminder):
    with at(SENT + HOUR):
        done = Client().post(snooze_url(sent_reminder), {"by": "time", "date": "2030-05-08", "time": "20:00"})
    assert done.status_code == 200
    assert (ReminderKind.DECIDE_NOW, dt.datetime(2030, 5, 8, 20, 0, tzinfo=UTC)) in pending(sent_reminder.interview)


def test_a_time_after_the_deadline_is_refused_and_nothing_moves(sent_reminder):
    before = pending(sent_reminder.interview)
    with at(SENT + HOUR):
        response = Client().post(snooze_url(sent_reminder), {"by": "time", "date": "2030-05-09", "time": "11:00"})
    assert response.status_code == 400
    assert "Choose a time before the notice deadline" in text(response)
    assert pending(sent_reminder.interview) == before


def test_the_link_is_refused_after_the_deadline(sent_reminder):
    before = pending(sent_reminder.interview)
    with at(DEADLINE + HOUR):
        page = Client().get(snooze_url(sent_reminder))
        post = Client().post(snooze_url(sent_reminder), {"by": "hour"})
    assert "The notice deadline has passed, so this reminder can no longer be moved" in text(page)
    assert "Remind me in an hour" not in text(page)
    assert post.status_code == 400
    assert "The notice deadline has passed" in text(post)
    assert pending(sent_reminder.interview) == before


def test_in_the_last_hour_in_an_hour_is_not_offered(sent_reminder):
    with at(DEADLINE - 30 * dt.timedelta(minutes=1)):
        page = Client().get(snooze_url(sent_reminder))
        post = Client().post(snooze_url(sent_reminder), {"by": "hour"})
    assert "would come too late" in text(page)
    assert post.status_code == 400


def test_a_tampered_link_changes_nothing(sent_reminder):
    with at(SENT):
        token = make_snooze_token(sent_reminder)
    forged = signing.TimestampSigner(salt=SNOOZE_SALT).sign_object({"r": sent_reminder.pk + 1})[:-2] + "xx"
    for bad in (token[:-3] + "abc", forged, "not-a-token"):
        with at(SENT + HOUR):
            response = Client().post(reverse("interviews:snooze", args=[bad]), {"by": "hour"})
        assert response.status_code == 400
        assert "The link is incomplete or was changed" in text(response)
    assert not sent_reminder.interview.reminder_choices.exists()


def test_an_expired_link_says_so(sent_reminder):
    with at(SENT - dt.timedelta(days=100)):
        token = make_snooze_token(sent_reminder)
    with at(SENT + HOUR):
        response = Client().get(reverse("interviews:snooze", args=[token]))
    assert response.status_code == 400
    assert "snooze links are valid for 90 days" in text(response)


def test_a_link_whose_interview_was_deleted_says_so(sent_reminder):
    url = snooze_url(sent_reminder)
    interview_delete(interview=sent_reminder.interview)
    response = Client().get(url)
    assert response.status_code == 400
    assert "no longer exists" in text(response)


def test_a_nonsense_time_gets_a_message_not_an_error(sent_reminder):
    with at(SENT + HOUR):
        response = Client().post(snooze_url(sent_reminder), {"by": "time", "date": "31.02.", "time": "25:99"})
    assert response.status_code == 400
    assert "Enter a date like" in text(response)
