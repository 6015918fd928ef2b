"""Reminders per interview: the page lists them, the user switches one off or adds one, and replanning keeps it."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from interviews.choices import EventKind, ReminderKind
from interviews.models import Reminder
from interviews.services import interview_update, reminder_add, reminder_turn_off, reminder_turn_on
from tests.factories import InterviewFactory, UserFactory

UTC = dt.UTC
NOW = dt.datetime(2030, 5, 1, 9, 0, tzinfo=UTC)
START = dt.datetime(2030, 5, 10, 10, 0, tzinfo=UTC)
DEADLINE = START - dt.timedelta(hours=24)
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def interview(db):
    return InterviewFactory(owner=UserFactory(time_zone="UTC"), scheduled_at=START, time_zone="UTC", now=NOW)


def planned(interview) -> set:
    return set(Reminder.objects.filter(interview=interview).pending().values_list("kind", "due_at"))


def test_a_switched_off_reminder_and_an_own_one_survive_a_new_time(interview):
    reminder_turn_off(reminder=interview.reminders.get(kind=ReminderKind.DECIDE_NOW), now=NOW)
    reminder_add(interview=interview, at=DEADLINE - 10 * HOUR, now=NOW)

    interview_update(interview=interview, now=NOW, scheduled_at=START + 48 * HOUR)

    new_deadline = DEADLINE + 48 * HOUR
    assert planned(interview) == {
        (ReminderKind.CLOSES_SOON, new_deadline - 3 * HOUR),
        (ReminderKind.EXTRA, new_deadline - 10 * HOUR),  # kept its distance to the deadline
    }


def test_a_kind_turned_back_on_is_planned_again(interview):
    reminder_turn_off(reminder=interview.reminders.get(kind=ReminderKind.CLOSES_SOON), now=NOW)
    assert reminder_turn_on(interview=interview, kind=ReminderKind.CLOSES_SOON, now=NOW) is True
    assert (ReminderKind.CLOSES_SOON, DEADLINE - 3 * HOUR) in planned(interview)
    assert reminder_turn_on(interview=interview, kind=ReminderKind.CLOSES_SOON, now=NOW) is False


def test_removing_an_own_reminder_deletes_it_for_good(interview):
    reminder_add(interview=interview, at=DEADLINE - 10 * HOUR, now=NOW)
    reminder_turn_off(reminder=interview.reminders.get(kind=ReminderKind.EXTRA), now=NOW)

    interview_update(interview=interview, now=NOW, notice_period_amount=30)
    assert {kind for kind, _ in planned(interview)} == {ReminderKind.DECIDE_NOW, ReminderKind.CLOSES_SOON}
    assert interview.events.filter(kind=EventKind.REMINDERS_CHANGED, summary__startswith="Reminder removed").exists()


@pytest.mark.parametrize(
    ("at", "message"),
    [
        (NOW - HOUR, "That time has passed already"),
        (DEADLINE, "Choose a time before the notice deadline"),
        (DEADLINE + HOUR, "Choose a time before the notice deadline"),
    ],
    ids=["past", "at-the-deadline", "after-the-deadline"],
)
def test_an_own_reminder_must_be_ahead_and_before_the_deadline(interview, at, message):
    with pytest.raises(ValidationError) as error:
        reminder_add(interview=interview, at=at, now=NOW)
    assert message in " ".join(error.value.messages)
    assert not interview.reminder_choices.exists()


def test_two_own_reminders_at_one_time_are_refused(interview):
    reminder_add(interview=interview, at=DEADLINE - 10 * HOUR, now=NOW)
    with pytest.raises(ValidationError, match="already"):
        reminder_add(interview=interview, at=DEADLINE - 10 * HOUR, now=NOW)


# --- The interview page ------------------------------------------------------------------------


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def page_client(client, interview):
    with time_machine.travel(NOW, tick=False):
        client.force_login(interview.owner)
        yield client


def test_the_interview_page_lists_the_planned_reminders(page_client, interview):
    page = text(page_client.get(reverse("interviews:detail", args=[interview.pk])))
    assert "Reminders Decide now: Wed 8 May 2030, 10:00 Turn off" in page
    assert "Window closes soon: Thu 9 May 2030, 07:00 Turn off" in page


def test_switching_one_off_and_adding_one_on_the_page(page_client, interview):
    decide = interview.reminders.get(kind=ReminderKind.DECIDE_NOW)
    off = page_client.post(reverse("interviews:reminder_off", args=[interview.pk, decide.pk]))
    added = page_client.post(
        reverse("interviews:reminder_add", args=[interview.pk]), {"date": "2030-05-05", "time": "18:00"}
    )
    page = text(page_client.get(reverse("interviews:detail", args=[interview.pk])))

    assert off.status_code == added.status_code == 302
    assert planned(interview) == {
        (ReminderKind.CLOSES_SOON, DEADLINE - 3 * HOUR),
        (ReminderKind.EXTRA, dt.datetime(2030, 5, 5, 18, 0, tzinfo=UTC)),
    }
    assert "Switched off for this interview: Decide now Turn back on" in page
    assert "Your own reminder: Sun 5 May 2030, 18:00 Remove" in page


def test_an_own_reminder_after_the_deadline_is_refused_on_the_page(page_client, interview):
    response = page_client.post(
        reverse("interviews:reminder_add", args=[interview.pk]), {"date": "2030-05-09", "time": "12:00"}
    )
    assert response.status_code == 400
    assert "Choose a time before the notice deadline" in text(response)
    assert not interview.reminder_choices.exists()


def test_another_users_reminder_cannot_be_switched_off(page_client, interview):
    stranger = InterviewFactory(owner=UserFactory(), scheduled_at=START, now=NOW)
    theirs = stranger.reminders.first()
    response = page_client.post(reverse("interviews:reminder_off", args=[interview.pk, theirs.pk]))
    assert response.status_code == 404
    assert not stranger.reminder_choices.exists()
