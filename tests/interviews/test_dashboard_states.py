"""The dashboard says where each interview stands: a badge per status, "Tell them" for a decision not told yet,
cancelled interviews out of "Upcoming", the follow-up only three days after the request."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from interviews.services import interview_decide, interview_record_outcome, notice_give
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC
NOW = dt.datetime(2030, 5, 3, 9, 0, tzinfo=UTC)


def dashboard(client, owner, at=NOW) -> str:
    with time_machine.travel(at, tick=False):
        client.force_login(owner)
        return client.get(reverse("interviews:dashboard")).content.decode()


def section(page: str, name: str) -> str:
    start = page.index(f'<section id="{name}"')
    return page[start : page.index("</section>", start)]


def row(page: str, interview) -> str:
    match = re.search(rf'<tr data-interview="{interview.pk}">(.*?)</tr>', page, re.S)
    assert match, f"interview {interview.pk} is not on the dashboard"
    return " ".join(match.group(1).split())


def badge(row_html: str) -> tuple[str, str]:
    standing, label = re.search(
        r'<span class="badge [^"]*" data-standing="([a-z_]+)">([^<]+)</span>', row_html
    ).groups()
    return standing, label


def add(owner, *, days=5, **answers):
    scheduled_at = NOW + dt.timedelta(days=days)
    added = min(NOW, scheduled_at) - dt.timedelta(days=1)
    interview = InterviewFactory(owner=owner, scheduled_at=scheduled_at, now=added)
    for field, value in answers.items():
        interview = interview_decide(interview=interview, now=NOW - dt.timedelta(hours=2), **{field: value})
    return interview


def told(interview, *, at=NOW - dt.timedelta(hours=1)):
    return notice_give(interview=interview, channel="email", at=at, subject="Another time?", body="Dear Sam")


def test_each_status_has_its_badge_and_its_action(client, user):
    undecided = add(user)
    going = add(user, attendance="yes")
    decided = add(user, attendance="cannot", reason="work", plan="cancel")
    requested = told(add(user, attendance="cannot", reason="family", plan="reschedule"))
    cancelled = told(add(user, attendance="cannot", reason="work", plan="cancel"))
    withdrawn = told(add(user, attendance="cannot", reason="other", plan="withdraw"))
    attended = add(user, days=-2)
    interview_record_outcome(interview=attended, outcome="attended", now=NOW)
    missed = add(user, days=-3)
    interview_record_outcome(interview=missed, outcome="missed", now=NOW)

    page = dashboard(client, user)

    expected = {
        undecided: ("scheduled", "Scheduled", "What should I do?"),
        going: ("attending", "Attending", "What should I do?"),
        decided: ("decided_not_told", "Decided, not told yet", "Tell them"),
        requested: ("reschedule_requested", "Reschedule requested", "What should I do?"),
        cancelled: ("cancelled", "Cancelled", None),
        withdrawn: ("cancelled", "Cancelled", None),
        attended: ("attended", "Attended", None),
        missed: ("missed", "Missed", None),
    }
    for interview, (standing, label, action) in expected.items():
        shown = row(page, interview)
        assert badge(shown) == (standing, label), interview.company
        flow_link = f'href="{reverse("interviews:flow", args=[interview.pk])}"'
        if action:
            assert f'{flow_link}>{action}<span class="visually-hidden"> ({interview.company})' in shown
        else:
            assert flow_link not in shown, interview.company


def test_tell_them_leads_to_the_message_step(client, user):
    decided = add(user, attendance="cannot", reason="work", plan="reschedule")
    with time_machine.travel(NOW, tick=False):
        client.force_login(user)
        response = client.get(reverse("interviews:flow", args=[decided.pk]))
    assert response["Location"] == reverse("interviews:flow_step", args=[decided.pk, "message"])


def test_a_decision_not_told_by_the_time_the_interview_started_is_no_longer_waiting_to_be_told(client, user):
    decided = add(user, days=1, attendance="cannot", reason="work", plan="cancel")
    page = dashboard(client, user, at=NOW + dt.timedelta(days=1, hours=1))
    assert badge(row(section(page, "past"), decided)) == ("scheduled", "Scheduled")


def test_a_cancelled_interview_leaves_upcoming_for_past_and_cancelled(client, user):
    cancelled = told(add(user, days=9, attendance="cannot", reason="work", plan="cancel"))
    upcoming = add(user, days=4)

    page = dashboard(client, user)

    assert f'data-interview="{cancelled.pk}"' not in section(page, "upcoming")
    assert f'data-interview="{upcoming.pk}"' in section(page, "upcoming")
    assert "Past and cancelled" in section(page, "past")
    assert f'data-interview="{cancelled.pk}"' in section(page, "past")


def test_follow_up_appears_only_three_days_after_the_request(client, user):
    requested = told(add(user, days=9, attendance="cannot", reason="work", plan="reschedule"), at=NOW)
    follow_up = reverse("interviews:flow_follow_up", args=[requested.pk])

    assert follow_up not in row(dashboard(client, user, at=NOW + dt.timedelta(minutes=5)), requested)
    assert follow_up not in row(dashboard(client, user, at=NOW + dt.timedelta(days=3, seconds=-1)), requested)
    assert follow_up in row(dashboard(client, user, at=NOW + dt.timedelta(days=3)), requested)


def test_the_follow_up_advice_waits_for_three_days_too(client, user):
    requested = told(add(user, days=9, attendance="cannot", reason="work", plan="reschedule"), at=NOW)
    outcome = reverse("interviews:flow_step", args=[requested.pk, "outcome"])
    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
        client.force_login(user)
        soon = client.get(outcome).content.decode()
    with time_machine.travel(NOW + dt.timedelta(days=3), tick=False):
        client.force_login(user)
        later = client.get(outcome).content.decode()
    assert "No answer after three days? Follow up once" not in soon
    assert "No answer after three days? Follow up once" in later


def test_the_countdown_carries_its_deadline_for_the_browser_only_where_notice_can_matter(client, user):
    undecided = add(user)
    going = add(user, attendance="yes")
    page = dashboard(client, user)

    deadline = undecided.notice_deadline.astimezone(dt.timezone(dt.timedelta(hours=2))).isoformat()
    assert f'data-countdown-deadline="{deadline}"' in row(page, undecided)
    assert "96 h left to give notice" in row(page, undecided)  # the server's text, kept without JavaScript
    assert "data-countdown-deadline" not in row(page, going)
    assert "/static/js/countdown" in page
