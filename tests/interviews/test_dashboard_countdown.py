"""The dashboard counts down to the notice deadline only where giving notice can still matter."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from interviews.choices import Attendance, NoticeChannel, Plan, Reason
from interviews.services import interview_decide, notice_give
from tests.factories import InterviewFactory

UTC = dt.UTC
NOW = dt.datetime(2030, 5, 3, 9, 0, tzinfo=UTC)


def row(client, interview) -> str:
    with time_machine.travel(NOW, tick=False):
        client.force_login(interview.owner)
        page = client.get(reverse("interviews:dashboard")).content.decode()
    match = re.search(rf'<tr data-interview="{interview.pk}">(.*?)</tr>', page, re.S)
    assert match, page
    return " ".join(match.group(1).split())


@pytest.fixture
def interview(user):
    return InterviewFactory(owner=user, scheduled_at=NOW + dt.timedelta(days=12), now=NOW - dt.timedelta(days=1))


@pytest.mark.django_db
def test_an_undecided_interview_counts_down_to_the_deadline(client, interview):
    assert "264 h left to give notice" in row(client, interview)
    assert "Deadline" in row(client, interview)


@pytest.mark.django_db
def test_a_decided_interview_not_yet_told_still_counts_down(client, interview):
    interview_decide(interview=interview, now=NOW, attendance=Attendance.CANNOT, reason=Reason.WORK, plan=Plan.CANCEL)

    assert "264 h left to give notice" in row(client, interview)


@pytest.mark.django_db
def test_an_interview_the_user_will_attend_says_so_instead_of_counting_down(client, interview):
    interview_decide(interview=interview, now=NOW, attendance=Attendance.YES)

    shown = row(client, interview)
    assert "You're going" in shown or "You&#x27;re going" in shown
    assert "left to give notice" not in shown
    assert "Deadline" not in shown


@pytest.mark.django_db
def test_an_interview_whose_company_was_told_says_notice_given(client, interview):
    interview_decide(
        interview=interview, now=NOW, attendance=Attendance.CANNOT, reason=Reason.WORK, plan=Plan.RESCHEDULE
    )
    notice_give(interview=interview, channel=NoticeChannel.EMAIL, at=NOW)

    shown = row(client, interview)
    assert "Notice given" in shown
    assert "left to give notice" not in shown
