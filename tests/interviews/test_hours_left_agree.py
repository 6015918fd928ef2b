"""The reminder e-mail and the pages it links to count the hours left the same way."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from interviews.choices import ReminderKind
from interviews.models import Reminder
from interviews.notifications import reminder_email
from tests.factories import InterviewFactory

UTC = dt.UTC
START = dt.datetime(2030, 5, 14, 12, 0, tzinfo=UTC)
DEADLINE = START - dt.timedelta(hours=24)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("left", "hours"), [(dt.timedelta(hours=2, minutes=40), 3), (dt.timedelta(hours=2, minutes=20), 2)]
)
def test_at_2_h_40_min_the_email_and_the_pages_it_links_to_agree(client, user, left, hours):
    # Regression: the e-mail rounded (2 h 40 min: "3 hours"), the pages floored ("2 hours").
    interview = InterviewFactory(owner=user, scheduled_at=START, now=START - dt.timedelta(days=7))
    now = DEADLINE - left
    reminder = Reminder.objects.create(interview=interview, kind=ReminderKind.CLOSES_SOON, due_at=now)

    email = reminder_email(reminder, now=now)
    with time_machine.travel(now, tick=False):
        client.force_login(user)
        flow_page = client.get(reverse("interviews:flow_step", args=[interview.pk, "attend"])).content.decode()
        dashboard = client.get(reverse("interviews:dashboard")).content.decode()

    assert email.subject == f"{interview.company}: {hours} hours left to give notice"
    assert f"{hours} hours left to give 24 hours' notice" in " ".join(flow_page.split())
    assert f"{hours} h left to give notice" in dashboard
