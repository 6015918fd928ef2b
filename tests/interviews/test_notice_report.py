"""Proof of notice: each notice with when and how, the hours, the message sent and the reply, in the user's zone."""

import csv
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from tests.factories import UserFactory
from tests.interviews.record_history import NOW, build_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return UserFactory(time_zone="Europe/Berlin", name="Jo Seeker")


@pytest.fixture
def record(owner):
    return build_record(owner)


@pytest.fixture
def logged_in(client, owner):
    with time_machine.travel(NOW, tick=False):
        client.force_login(owner)
        yield client


def test_the_report_lists_every_notice_with_its_message_and_the_reply(logged_in, record):
    page = logged_in.get(reverse("interviews:notice_report")).content.decode()

    for company in ("Alpha GmbH", "Beta AG", "Gamma Ltd", "Eta Inc"):
        assert company in page
    assert "Delta SA" not in page  # no notice given
    assert "Rescheduling our interview" in page
    assert "I am sorry, a work conflict came up." in page
    assert "Sam: no problem, how about ten days later?" in page
    assert "120 h" in page and "(late: under the notice period)" in page
    assert "All times are in Europe/Berlin" in page


def test_times_are_in_the_users_zone_with_the_zone_named(logged_in, record):
    page = logged_in.get(reverse("interviews:notice_report")).content.decode()

    # Alpha was first set for 9 Feb 2027 10:00 in Berlin (CET), told 120 h before: 4 Feb, 10:00 CET.
    assert "Tue 9 Feb 2027, 10:00 CET" in page  # the time it had when notice was given, before the reschedule
    assert "Thu 4 Feb 2027, 10:00 CET" in page


def test_a_period_shows_only_the_notices_given_in_it(logged_in, record):
    page = logged_in.get(reverse("interviews:notice_report"), {"start": "2027-02-20", "end": "2027-03-01"}).content
    page = page.decode()

    assert "Beta AG" in page and "Gamma Ltd" in page and "Eta Inc" in page
    assert "Alpha GmbH" not in page


def test_a_period_that_ends_before_it_starts_is_explained(logged_in, record):
    response = logged_in.get(reverse("interviews:notice_report"), {"start": "2027-03-01", "end": "2027-02-01"})

    assert response.status_code == 200
    assert "The end of the period is before its start." in response.content.decode()


def test_the_report_as_csv(logged_in, record):
    response = logged_in.get(reverse("interviews:notice_report_csv"), {"start": "2027-02-01"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff"))))

    assert [r["company"] for r in rows] == ["Alpha GmbH", "Beta AG", "Eta Inc", "Gamma Ltd"]  # in time order
    alpha = rows[0]
    assert alpha["notice_given_at"] == "Thu 4 Feb 2027, 10:00 CET"
    assert (alpha["channel"], alpha["hours_of_notice"], alpha["on_time"]) == ("E-mail", "120", "yes")
    assert alpha["message_subject"] == "Rescheduling our interview"
    assert "no problem" in alpha["company_reply"]
    assert alpha["time_zone"] == "Europe/Berlin"
    assert rows[1]["on_time"] == "no, late"


def test_one_interviews_report_has_its_history(logged_in, record):
    page = logged_in.get(reverse("interviews:interview_notice_report", args=[record.alpha.pk])).content.decode()

    assert "Proof of notice: Alpha GmbH" in page
    assert "History of this interview" in page
    assert "Beta AG" not in page
    for event in record.alpha.events.all():
        assert escape(event.summary) in page


def test_one_interviews_report_as_csv(logged_in, record):
    response = logged_in.get(reverse("interviews:interview_notice_report_csv", args=[record.beta.pk]))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff"))))

    assert [(r["company"], r["channel"], r["hours_of_notice"]) for r in rows] == [("Beta AG", "Phone", "10")]


def test_another_users_interview_report_is_a_404(logged_in, other_user):
    theirs = build_record(other_user).alpha

    assert logged_in.get(reverse("interviews:interview_notice_report", args=[theirs.pk])).status_code == 404
    assert logged_in.get(reverse("interviews:interview_notice_report_csv", args=[theirs.pk])).status_code == 404
    assert "Alpha GmbH" not in logged_in.get(reverse("interviews:notice_report")).content.decode()


def test_the_report_prints_without_navigation_and_buttons(logged_in, record):
    page = logged_in.get(reverse("interviews:notice_report")).content.decode()

    assert 'href="/static/css/print.css" media="print"' in page
    assert 'class="d-print-none' in page
