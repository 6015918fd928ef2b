"""Notes are personal: staff do not read them in admin's lists, only on an interview they open."""

import pytest
from django.urls import reverse

from interviews.models import Reminder
from tests.factories import InterviewFactory, UserFactory
from tests.interviews.record_history import add_note

pytestmark = pytest.mark.django_db

SECRET = "Salary they offered: 95k, recruiter is my cousin"


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def interview():
    interview = InterviewFactory(notes=SECRET)
    add_note(interview, text=SECRET, at=interview.created_at)
    return interview


@pytest.mark.parametrize(
    "changelist", ["admin:interviews_interview_changelist", "admin:interviews_reminder_changelist"]
)
def test_the_lists_do_not_show_notes(staff_client, interview, changelist):
    assert Reminder.objects.filter(interview=interview).exists()

    page = staff_client.get(reverse(changelist)).content.decode()

    assert interview.company in page
    assert "95k" not in page


def test_searching_the_list_does_not_look_into_notes(staff_client, interview):
    page = staff_client.get(reverse("admin:interviews_interview_changelist"), {"q": "cousin"}).content.decode()

    assert interview.company not in page


def test_opening_an_interview_shows_its_notes(staff_client, interview):
    page = staff_client.get(reverse("admin:interviews_interview_change", args=[interview.pk])).content.decode()

    assert "95k" in page
