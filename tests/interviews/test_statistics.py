"""The statistics page: each figure on a built history, fixed queries, charts with their tables, an empty state."""

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interviews.statistics import record_statistics
from tests.factories import InterviewFactory, UserFactory
from tests.interviews.record_history import DAY, HOUR, NOW, build_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return UserFactory(time_zone="Europe/Berlin")


@pytest.fixture
def stats(owner):
    build_record(owner)
    build_record(UserFactory())  # someone else's record counts for nothing here
    return record_statistics(user=owner, now=NOW)


def bars(chart) -> dict[str, int]:
    return {bar.label: bar.value for bar in chart.bars}


def test_interviews_by_outcome(stats):
    assert stats.interviews == 8
    assert bars(stats.by_outcome) == {
        "Scheduled": 3,
        "Attending": 0,
        "Reschedule requested": 1,
        "Cancelled": 2,
        "Attended": 1,
        "Missed": 1,
    }


def test_notice_on_time_and_late_from_the_history(stats):
    # Alpha's notice was cleared from the interview by its reschedule; the history still counts it.
    assert (stats.notice.given, stats.notice.on_time, stats.notice.late) == (4, 3, 1)


def test_median_hours_of_notice(stats):
    # 10, 48, 120 and 225 hours: the mean of the middle two.
    assert stats.notice.median_hours == Decimal("84.0")


def test_median_hours_of_notice_with_an_odd_count(owner):
    record = build_record(owner)
    record.eta.events.filter(kind="notice_given").delete()

    assert record_statistics(user=owner, now=NOW).notice.median_hours == Decimal("48.0")


def test_reschedule_requests_that_got_a_new_time_and_how_long_the_answer_took(stats):
    assert (stats.reschedules.requested, stats.reschedules.new_time) == (2, 1)
    assert stats.reschedules.waiting_or_declined == 1
    assert stats.reschedules.median_answer_hours == Decimal("24.0")


def test_moving_the_time_on_the_edit_form_is_not_an_answer_to_a_request(owner):
    from interviews.services import interview_update

    record = build_record(owner)
    interview_update(interview=record.gamma, now=NOW, scheduled_at=NOW + 5 * DAY)

    assert record_statistics(user=owner, now=NOW).reschedules.new_time == 1


def test_upcoming_load_per_week_in_the_users_zone(stats):
    weeks = bars(stats.upcoming)
    assert list(weeks)[:3] == ["Week of 1 Mar", "Week of 8 Mar", "Week of 15 Mar"]
    # Gamma and Delta this week; Epsilon and Zeta next week; Eta is cancelled and not counted.
    assert weeks["Week of 1 Mar"] == 2
    assert weeks["Week of 8 Mar"] == 2
    assert sum(weeks.values()) == 4
    assert len(weeks) == 8


def test_an_interview_late_on_sunday_in_berlin_falls_in_that_week(owner):
    # Sunday 7 March 23:30 in Berlin is Sunday 22:30 UTC: still the week of 1 March there.
    InterviewFactory(owner=owner, scheduled_at=dt.datetime(2027, 3, 7, 22, 30, tzinfo=dt.UTC), now=NOW)

    weeks = bars(record_statistics(user=owner, now=NOW).upcoming)

    assert weeks["Week of 1 Mar"] == 1


def _page_queries(client, owner) -> int:
    client.force_login(owner)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("interviews:statistics"))
    assert response.status_code == 200
    return len(queries)


def _told_interviews(owner, count: int) -> None:
    from interviews.choices import NoticeChannel, Plan
    from tests.interviews.record_history import _tell

    for n in range(count):
        start = NOW + (n % 50 + 2) * DAY + n * dt.timedelta(minutes=1)
        interview = InterviewFactory(owner=owner, scheduled_at=start, now=NOW - 10 * DAY)
        if n % 2:
            _tell(interview, plan=Plan.RESCHEDULE, channel=NoticeChannel.EMAIL, at=NOW - HOUR)


def test_the_page_makes_the_same_number_of_queries_for_5_and_200_interviews(client):
    few, many = UserFactory(), UserFactory()
    _told_interviews(few, 5)
    _told_interviews(many, 200)

    with time_machine.travel(NOW, tick=False):
        assert _page_queries(client, few) == _page_queries(client, many)


def test_the_page_shows_each_chart_with_its_numbers_in_a_table(client, owner):
    build_record(owner)

    with time_machine.travel(NOW, tick=False):
        client.force_login(owner)
        page = client.get(reverse("interviews:statistics")).content.decode()

    for slug in ("outcomes", "notice", "reschedules", "upcoming"):
        assert re.search(rf'<svg[^>]*role="img"[^>]*aria-labelledby="chart-{slug}-title"', page), slug
        assert f'id="table-{slug}"' in page, slug
    assert re.search(r"<th[^>]*>Attended</th>\s*<td[^>]*>1</td>", page)
    assert "84 h" in page  # the median hours of notice
    assert "24 h" in page  # the median time to a new time


def test_the_page_has_a_friendly_empty_state(client, owner):
    client.force_login(owner)

    page = client.get(reverse("interviews:statistics")).content.decode()

    assert "No statistics yet" in page
    assert reverse("interviews:create") in page
    assert "<svg" not in page


def test_statistics_is_in_the_navigation(client, owner):
    client.force_login(owner)

    page = client.get(reverse("interviews:dashboard")).content.decode()

    assert f'href="{reverse("interviews:statistics")}"' in page
