"""Clashes: the rule at its boundaries, and what the forms, the dashboard and the "move this one" button do."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interviews.choices import Attendance, Reason, Status
from interviews.clashes import Slot, gap_between, too_close
from interviews.models import Interview
from tests.factories import InterviewFactory, UserFactory

UTC = dt.UTC
NOW = dt.datetime(2027, 1, 10, 9, 0, tzinfo=UTC)
T = dt.datetime(2027, 1, 20, 10, 0, tzinfo=UTC)
HOUR = dt.timedelta(hours=1)
MINUTE = dt.timedelta(minutes=1)


def slot(start: dt.datetime, minutes: int = 60) -> Slot:
    return Slot(pk=None, starts_at=start, ends_at=start + dt.timedelta(minutes=minutes))


# --- The rule -------------------------------------------------------------------------------


def test_touching_interviews_do_not_clash_without_a_buffer():
    assert not too_close(slot(T), slot(T + HOUR), buffer=dt.timedelta(0))


def test_touching_interviews_clash_with_a_buffer():
    assert too_close(slot(T), slot(T + HOUR), buffer=60 * MINUTE)


def test_one_minute_of_overlap_is_a_clash_even_without_a_buffer():
    assert too_close(slot(T), slot(T + HOUR - MINUTE), buffer=dt.timedelta(0))
    assert gap_between(slot(T), slot(T + HOUR - MINUTE)) == -MINUTE


def test_a_gap_of_exactly_the_buffer_is_fine_and_a_minute_less_is_not():
    assert not too_close(slot(T), slot(T + 2 * HOUR), buffer=60 * MINUTE)
    assert too_close(slot(T), slot(T + 2 * HOUR - MINUTE), buffer=60 * MINUTE)


def test_order_does_not_matter_and_one_inside_the_other_overlaps():
    long, inside = slot(T, minutes=180), slot(T + HOUR, minutes=30)
    assert too_close(inside, long, buffer=dt.timedelta(0))
    assert gap_between(inside, long) == gap_between(long, inside) == -30 * MINUTE


def test_interviews_in_different_zones_compare_as_instants():
    # 10:00 in Berlin (09:00 UTC) and 09:30 in London (09:30 UTC): they overlap.
    berlin = dt.datetime(2027, 1, 20, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin"))
    london = dt.datetime(2027, 1, 20, 9, 30, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
    assert too_close(slot(berlin), slot(london), buffer=dt.timedelta(0))
    # 10:00 in New York is 16:00 in Berlin: far apart, although the wall clocks say 10:00 both.
    new_york = dt.datetime(2027, 1, 20, 10, 0, tzinfo=zoneinfo.ZoneInfo("America/New_York"))
    assert not too_close(slot(berlin), slot(new_york), buffer=60 * MINUTE)


# --- The pages ------------------------------------------------------------------------------


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def client_logged_in(client, user, frozen):
    client.force_login(user)
    return client


def at(owner, start, **kwargs) -> Interview:
    return InterviewFactory(owner=owner, scheduled_at=start, now=NOW - dt.timedelta(days=1), **kwargs)


def form_data(start: dt.datetime, zone: str = "Europe/Berlin", **overrides) -> dict:
    local = start.astimezone(zoneinfo.ZoneInfo(zone))
    data = {
        "company": "Globex",
        "date": local.date().isoformat(),
        "time": local.strftime("%H:%M"),
        "time_zone": zone,
        "duration_minutes": "60",
    }
    return {**data, **overrides}


@pytest.mark.django_db
def test_adding_a_clashing_interview_says_so_and_saves_only_when_confirmed(client_logged_in, user):
    at(user, T, company="Acme")
    clashing = form_data(T + 30 * MINUTE, zone="Europe/London")

    warned = client_logged_in.post(reverse("interviews:create"), clashing)

    page = warned.content.decode()
    assert warned.status_code == 200
    assert "overlaps" in page and "Acme" in page
    assert "Add it anyway" in page
    assert Interview.objects.filter(company="Globex").count() == 0

    confirmed = {**clashing, "clash_confirmed": (T + 30 * MINUTE).isoformat()}
    assert client_logged_in.post(reverse("interviews:create"), confirmed).status_code == 302
    assert Interview.objects.filter(company="Globex").count() == 1


@pytest.mark.django_db
def test_a_confirmation_for_another_time_asks_again(client_logged_in, user):
    at(user, T)
    data = {**form_data(T + 30 * MINUTE), "clash_confirmed": (T + 90 * MINUTE).isoformat()}

    response = client_logged_in.post(reverse("interviews:create"), data)

    assert response.status_code == 200
    assert not Interview.objects.filter(company="Globex").exists()


@pytest.mark.django_db
def test_an_interview_outside_the_buffer_is_added_at_once(client_logged_in, user):
    at(user, T)

    response = client_logged_in.post(reverse("interviews:create"), form_data(T + 2 * HOUR))

    assert response.status_code == 302


@pytest.mark.django_db
def test_the_buffer_is_the_users_setting(client_logged_in, user):
    user.clash_buffer_minutes = 0
    user.save()
    at(user, T)

    assert client_logged_in.post(reverse("interviews:create"), form_data(T + HOUR)).status_code == 302


@pytest.mark.django_db
def test_editing_into_a_clash_says_so(client_logged_in, user):
    at(user, T, company="Acme")
    other = at(user, T + dt.timedelta(days=1), company="Globex")

    response = client_logged_in.post(reverse("interviews:edit", args=[other.pk]), form_data(T + 15 * MINUTE))

    assert "Save anyway" in response.content.decode()
    other.refresh_from_db()
    assert other.scheduled_at == T + dt.timedelta(days=1)


@pytest.mark.django_db
def test_editing_something_else_of_a_clashing_interview_is_not_asked(client_logged_in, user):
    at(user, T)
    other = at(user, T + 30 * MINUTE)

    response = client_logged_in.post(
        reverse("interviews:edit", args=[other.pk]), form_data(T + 30 * MINUTE, notes="Bring the portfolio")
    )

    assert response.status_code == 302


@pytest.mark.django_db
def test_the_dashboard_flags_both_interviews_of_a_clash(client_logged_in, user):
    first, second = at(user, T, company="Acme"), at(user, T + 90 * MINUTE, company="Globex")
    far = at(user, T + dt.timedelta(days=2), company="Initech")

    page = client_logged_in.get(reverse("interviews:dashboard")).content.decode()

    def row(interview):
        start = page.index(f'data-interview="{interview.pk}"')
        return " ".join(page[start : page.index("</tr>", start)].split())

    assert "only 30 minutes from your interview with Globex" in row(first)
    assert "only 30 minutes from your interview with Acme" in row(second)
    assert reverse("interviews:clash_move", args=[second.pk]) in row(first)
    assert "data-clashes" not in row(far)


@pytest.mark.django_db
def test_a_company_name_with_markup_in_a_clash_note_is_shown_as_text(client_logged_in, user):
    at(user, T, company='<img src=x onerror="alert(1)">')
    at(user, T + 30 * MINUTE, company="Tom & Jerry's")

    page = client_logged_in.get(reverse("interviews:dashboard")).content.decode()

    assert "<img src=x" not in page
    assert "your interview with &lt;img src=x onerror=&quot;alert(1)&quot;&gt; (" in page
    assert "Ask Tom &amp; Jerry&#x27;s to move" in page


@pytest.mark.django_db
def test_the_dashboard_finds_a_long_interview_that_started_hours_before(client_logged_in, user):
    # An all-day assessment from the day before, still running at the next one's start; and one that ended in time.
    assessment = at(user, T - dt.timedelta(hours=20), company="Assessment", duration_minutes=21 * 60)
    at(user, T - dt.timedelta(hours=23), company="Earlier", duration_minutes=60)
    later = at(user, T, company="Acme")

    page = client_logged_in.get(reverse("interviews:dashboard")).content.decode()
    start = page.index(f'data-interview="{later.pk}"')
    row = " ".join(page[start : page.index("</tr>", start)].split())

    assert "overlaps your interview with Assessment" in row
    assert "Earlier" not in row
    assert assessment.ends_at > later.scheduled_at


@pytest.mark.django_db
def test_a_cancelled_interview_clashes_with_nothing(client_logged_in, user):
    cancelled = at(user, T)
    cancelled.status = Status.CANCELLED
    cancelled.save()

    assert client_logged_in.post(reverse("interviews:create"), form_data(T)).status_code == 302


@pytest.mark.django_db
def test_move_this_one_starts_the_flow_with_the_reason_another_interview(client_logged_in, user):
    interview = at(user, T)

    response = client_logged_in.post(reverse("interviews:clash_move", args=[interview.pk]))

    assert response.url == reverse("interviews:flow_step", args=[interview.pk, "plan"])
    interview.refresh_from_db()
    assert (interview.attendance, interview.reason) == (Attendance.CANNOT, Reason.OTHER_INTERVIEW)
    assert interview.events.filter(kind="decision").exists()
    page = client_logged_in.get(response.url).content.decode()
    assert "Don&#x27;t mention the other interview" in page  # the plan step's advice for this reason


@pytest.mark.django_db
def test_move_is_post_only_and_scoped_to_the_owner(client_logged_in, user, other_user):
    theirs = at(other_user, T)

    assert client_logged_in.get(reverse("interviews:clash_move", args=[theirs.pk])).status_code == 405
    assert client_logged_in.post(reverse("interviews:clash_move", args=[theirs.pk])).status_code == 404


@pytest.mark.django_db
def test_dashboard_query_count_with_clashes_is_the_same_for_5_and_200(client, frozen):
    few, lots = UserFactory(), UserFactory()
    for owner, count in ((few, 5), (lots, 200)):
        for n in range(count):
            at(owner, T + dt.timedelta(minutes=45 * n))  # every one clashes with its neighbours

    counts = []
    for owner in (few, lots):
        client.force_login(owner)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("interviews:dashboard")).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
