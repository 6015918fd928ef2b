"""The interview pages, through their URLs: what a user sees and what a request changes."""

import datetime as dt
import re
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from interviews.choices import Attendance, EventKind, NoticeChannel, Plan, Reason
from interviews.models import Interview, InterviewEvent
from interviews.services import interview_decide, notice_give
from tests.factories import InterviewFactory, UserFactory

UTC = dt.UTC
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
NOW = dt.datetime(2027, 1, 10, 9, 0, tzinfo=UTC)  # 10:00 in Berlin (CET, UTC+1)
SECOND = dt.timedelta(seconds=1)
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def client_logged_in(client, user, frozen):
    """Logged in at NOW, so the session is fresh for the frozen clock."""
    client.force_login(user)
    return client


def interview_at(owner, start: dt.datetime, **kwargs) -> Interview:
    """An interview created a month before `start` (so any time, even a past one, can be arranged)."""
    return InterviewFactory(owner=owner, scheduled_at=start, now=start - dt.timedelta(days=30), **kwargs)


def html(response) -> str:
    return response.content.decode()


def section(response, name: str) -> str:
    """The dashboard's "upcoming" or "past" section."""
    page = html(response)
    start = page.index(f'<section id="{name}"')
    return page[start : page.index("</section>", start)]


def row(response, interview: Interview) -> str:
    page = html(response)
    start = page.index(f'data-interview="{interview.pk}"')
    return page[start : page.index("</tr>", start)]


def companies_in(fragment: str) -> list[str]:
    return re.findall(r'<a href="/interviews/\d+/">([^<]+)</a>', fragment)


def snapshot() -> tuple:
    """Everything the pages can write: interviews (all fields) and their history."""
    return (
        list(Interview.objects.order_by("pk").values()),
        list(InterviewEvent.objects.order_by("pk").values_list("pk", "kind")),
    )


# --- Access -------------------------------------------------------------------------


def test_adding_an_interview_needs_a_log_in(client, db):
    response = client.get(reverse("interviews:create"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_logged_out_visitor_at_the_root_reads_what_raincheck_does(client, db):
    response = client.get("/")

    assert response.status_code == 200
    page = html(response)
    assert page.count("<h1") == 1
    assert "notice deadline" in page
    assert f'href="{reverse("accounts:signup")}"' in page
    assert f'href="{reverse("accounts:login")}"' in page
    assert "Your interviews" not in page


def test_a_logged_in_user_at_the_root_gets_the_dashboard_and_log_in_stays_at_its_url(client_logged_in):
    assert "Your interviews" in html(client_logged_in.get("/"))
    client_logged_in.logout()
    assert "Log in to RainCheck" in html(client_logged_in.get(reverse("accounts:login")))
    assert reverse("accounts:login") == "/accounts/login/"


@pytest.mark.parametrize("name", ["detail", "edit", "delete"])
def test_interview_pages_need_a_log_in(client, user, name):
    interview = InterviewFactory(owner=user)

    response = client.get(reverse(f"interviews:{name}", args=[interview.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("name", "method"),
    [("detail", "get"), ("edit", "get"), ("edit", "post"), ("delete", "get"), ("delete", "post")],
)
def test_another_users_interview_is_not_found(client_logged_in, other_user, name, method):
    theirs = InterviewFactory(owner=other_user, company="Their Company")
    before = snapshot()

    response = getattr(client_logged_in, method)(
        reverse(f"interviews:{name}", args=[theirs.pk]),
        data=form_data(company="Mine now") if method == "post" else None,
    )

    assert response.status_code == 404
    assert "Their Company" not in html(response)
    assert snapshot() == before


def test_an_interview_number_too_big_for_the_database_is_not_found(client_logged_in):
    response = client_logged_in.get(f"/interviews/{2**70}/")

    assert response.status_code == 404


# --- Dashboard ----------------------------------------------------------------------


def test_empty_dashboard_leads_to_add_interview(client_logged_in, frozen):
    response = client_logged_in.get(reverse("interviews:dashboard"))

    assert response.status_code == 200
    page = html(response)
    assert "No interviews yet" in page
    assert f'class="btn btn-primary" href="{reverse("interviews:create")}">Add interview</a>' in page
    assert 'id="upcoming"' not in page


def test_dashboard_lists_upcoming_by_notice_deadline_and_past_below(client_logged_in, user, frozen):
    interview_at(user, NOW + dt.timedelta(days=9), company="Ninth")
    interview_at(user, NOW + dt.timedelta(days=2), company="Second")
    interview_at(user, NOW + dt.timedelta(days=5), company="Fifth")
    interview_at(user, NOW - dt.timedelta(days=3), company="Three days ago")
    interview_at(user, NOW - dt.timedelta(days=1), company="Yesterday")
    interview_at(UserFactory(), NOW + dt.timedelta(days=1), company="Someone else's")

    response = client_logged_in.get(reverse("interviews:dashboard"))

    assert companies_in(section(response, "upcoming")) == ["Second", "Fifth", "Ninth"]
    assert companies_in(section(response, "past")) == ["Yesterday", "Three days ago"]
    assert "Someone else" not in html(response)
    assert html(response).index('id="upcoming"') < html(response).index('id="past"')


def test_dashboard_badges_and_hours_left(client_logged_in, user, frozen):
    open_ = interview_at(user, NOW + dt.timedelta(hours=24 + 50, minutes=30), company="Open Ltd")
    closing = interview_at(user, NOW + dt.timedelta(hours=24 + 3, minutes=10), company="Closing Ltd")
    closed = interview_at(user, NOW + dt.timedelta(hours=20), company="Closed Ltd")

    response = client_logged_in.get(reverse("interviews:dashboard"))

    assert 'data-notice-state="open"' in row(response, open_)
    assert "50 h left to give notice" in row(response, open_)
    assert 'data-notice-state="closing"' in row(response, closing)
    assert "3 h left to give notice" in row(response, closing)
    assert 'data-notice-state="closed"' in row(response, closed)
    assert "Notice window closed" in row(response, closed)
    assert "left to give notice" not in row(response, closed)


def test_dashboard_shows_times_in_the_users_zone(client, db, frozen):
    start = dt.datetime(2027, 1, 20, 14, 30, tzinfo=UTC)
    berliner = UserFactory(time_zone="Europe/Berlin")
    new_yorker = UserFactory(time_zone="America/New_York")
    in_berlin = interview_at(berliner, start, time_zone="America/New_York")
    in_new_york = interview_at(new_yorker, start, time_zone="Europe/Berlin")

    client.force_login(berliner)
    berlin_row = row(client.get(reverse("interviews:dashboard")), in_berlin)
    client.force_login(new_yorker)
    new_york_row = row(client.get(reverse("interviews:dashboard")), in_new_york)

    assert "Wed 20 Jan 2027, 15:30" in berlin_row  # UTC+1
    assert "Deadline Tue 19 Jan, 15:30" in berlin_row
    assert "Wed 20 Jan 2027, 09:30" in new_york_row  # UTC-5
    assert "Deadline Tue 19 Jan, 09:30" in new_york_row


START = dt.datetime(2027, 1, 15, 12, 0, tzinfo=UTC)  # within the session's days of NOW
DEADLINE = START - dt.timedelta(hours=24)


@pytest.mark.parametrize(
    ("now", "state", "text"),
    [
        (DEADLINE - 6 * HOUR - SECOND, "open", "6 h left to give notice"),
        (DEADLINE - 6 * HOUR, "closing", "6 h left to give notice"),
        (DEADLINE - SECOND, "closing", "Less than 1 h left to give notice"),
        (DEADLINE, "closed", "Notice window closed"),
        (START - SECOND, "closed", "Notice window closed"),
    ],
    ids=["open-1s", "closing-at", "closing-1s", "closed-at", "closed-until-start"],
)
def test_dashboard_badge_at_the_boundaries(client_logged_in, user, now, state, text):
    interview = interview_at(user, START)

    with time_machine.travel(now, tick=False):
        response = client_logged_in.get(reverse("interviews:dashboard"))

    assert f'data-notice-state="{state}"' in row(response, interview)
    assert text in row(response, interview)


def test_interview_moves_to_past_at_its_start(client_logged_in, user):
    interview = interview_at(user, START)

    with time_machine.travel(START, tick=False):
        response = client_logged_in.get(reverse("interviews:dashboard"))

    assert companies_in(section(response, "upcoming")) == []
    assert companies_in(section(response, "past")) == [interview.company]


def test_dashboard_rows_offer_what_should_i_do(client_logged_in, user, frozen):
    interview = interview_at(user, NOW + dt.timedelta(days=3))

    response = client_logged_in.get(reverse("interviews:dashboard"))

    flow_url = reverse("interviews:flow", args=[interview.pk])
    assert f'href="{flow_url}">What should I do?' in row(response, interview)


@pytest.fixture
def many(user, frozen):
    """25 upcoming and 23 past interviews."""
    upcoming = [interview_at(user, NOW + dt.timedelta(days=2, hours=n), company=f"Up {n:02}") for n in range(25)]
    past = [interview_at(user, NOW - dt.timedelta(days=1, hours=n), company=f"Past {n:02}") for n in range(23)]
    return upcoming, past


def test_upcoming_is_paginated_and_the_dashboard_shows_the_five_most_recent_past(client_logged_in, many):
    first = client_logged_in.get(reverse("interviews:dashboard"))
    assert companies_in(section(first, "upcoming")) == [f"Up {n:02}" for n in range(20)]
    assert "Page 1 of 2" in section(first, "upcoming")
    assert companies_in(section(first, "past")) == [f"Past {n:02}" for n in range(5)]
    link = f'<a href="{reverse("interviews:past")}">All your past and cancelled interviews</a>'
    assert link in section(first, "past")

    second_upcoming = client_logged_in.get(reverse("interviews:dashboard"), {"upcoming_page": 2})
    assert companies_in(section(second_upcoming, "upcoming")) == [f"Up {n:02}" for n in range(20, 25)]
    assert companies_in(section(second_upcoming, "past")) == [f"Past {n:02}" for n in range(5)]


def test_the_past_page_lists_every_past_interview_a_page_at_a_time(client_logged_in, many):
    first = client_logged_in.get(reverse("interviews:past"))
    assert companies_in(section(first, "past")) == [f"Past {n:02}" for n in range(20)]
    assert "Page 1 of 2" in section(first, "past")
    assert 'href="?page=2#past">Next' in section(first, "past")

    second = client_logged_in.get(reverse("interviews:past"), {"page": 2})
    assert companies_in(section(second, "past")) == ["Past 20", "Past 21", "Past 22"]
    assert "Up 00" not in html(second)


def test_no_link_to_the_past_page_while_the_dashboard_shows_every_past_interview(client_logged_in, user, frozen):
    interview_at(user, NOW - dt.timedelta(days=1), company="Yesterday")

    response = client_logged_in.get(reverse("interviews:dashboard"))

    assert companies_in(section(response, "past")) == ["Yesterday"]
    assert reverse("interviews:past") not in html(response)


@pytest.mark.parametrize(("past", "linked"), [(5, False), (6, True)])
def test_the_past_page_is_linked_once_the_dashboard_cannot_show_every_past_interview(
    client_logged_in, user, frozen, past, linked
):
    for n in range(past):
        interview_at(user, NOW - dt.timedelta(days=1 + n), company=f"Past {n}")

    response = client_logged_in.get(reverse("interviews:dashboard"))

    assert companies_in(section(response, "past")) == [f"Past {n}" for n in range(5)]
    assert (reverse("interviews:past") in section(response, "past")) is linked


def test_the_past_page_shows_only_the_users_own_interviews(client_logged_in, user, frozen):
    interview_at(user, NOW - dt.timedelta(days=2), company="Mine")
    interview_at(UserFactory(), NOW - dt.timedelta(days=1), company="Someone else's")

    response = client_logged_in.get(reverse("interviews:past"))

    assert companies_in(section(response, "past")) == ["Mine"]
    assert "Someone else" not in html(response)


def test_the_past_page_without_past_interviews_says_so(client_logged_in, user, frozen):
    interview_at(user, NOW + dt.timedelta(days=2), company="Ahead")

    response = client_logged_in.get(reverse("interviews:past"))

    assert response.status_code == 200
    assert "No past or cancelled interviews yet." in html(response)
    assert "Ahead" not in html(response)


def test_the_past_page_needs_a_log_in(client, db):
    response = client.get(reverse("interviews:past"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("page", ["abc", "999", "-1"])
def test_a_bad_past_page_number_shows_a_page_not_an_error(client_logged_in, many, page):
    response = client_logged_in.get(reverse("interviews:past"), {"page": page})

    assert response.status_code == 200
    assert companies_in(section(response, "past"))


@pytest.mark.parametrize(("page", "shown"), [("abc", "Up 00"), ("999", "Up 20"), ("-1", "Up 20")])
def test_a_bad_page_number_shows_a_page_not_an_error(client_logged_in, many, page, shown):
    response = client_logged_in.get(reverse("interviews:dashboard"), {"upcoming_page": page})

    assert response.status_code == 200
    assert companies_in(section(response, "upcoming"))[0] == shown


def page_queries(client, name: str = "interviews:dashboard") -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["interviews:dashboard", "interviews:past"])
def test_list_query_count_does_not_grow_with_interviews(client, db, frozen, name):
    few, lots = UserFactory(), UserFactory()
    for owner, count in ((few, 5), (lots, 200)):
        for n in range(count):
            offset = dt.timedelta(days=1 + n % 40, hours=n)
            interview_at(owner, NOW + offset if n % 2 else NOW - offset)

    client.force_login(few)
    with_few = page_queries(client, name)
    client.force_login(lots)
    with_lots = page_queries(client, name)

    assert with_few == with_lots


# --- Add ----------------------------------------------------------------------------


def form_data(**overrides) -> dict:
    data = {
        "company": "Initech",
        "role": "Backend developer",
        "date": "2027-01-20",
        "time": "14:30",
        "time_zone": "Europe/Berlin",
        "duration_minutes": "45",
        "location": "https://meet.example/abc",
        "contact_name": "Sam Hiring",
        "contact_email": "sam@initech.example",
        "contact_phone": "+49 30 1234567",
        "notes": "Ask about the team.\nBring the portfolio.",
    }
    data.update(overrides)
    return data


def test_add_form_defaults_to_the_users_zone_with_a_searchable_list(client, db, frozen):
    new_yorker = UserFactory(time_zone="America/New_York")
    client.force_login(new_yorker)

    response = client.get(reverse("interviews:create"))

    page = html(response)
    assert re.search(
        r'<input type="text" name="time_zone" value="America/New_York"[^>]*list="id_time_zone_zones"', page
    )
    assert '<datalist id="id_time_zone_zones">' in page
    assert '<option value="Pacific/Auckland">' in page
    assert re.search(r'<label\s+for="id_time"', page)
    assert re.search(r'<label\s+for="id_time_zone"', page)
    # The zone sits right after the time, in the same row.
    assert page.index('name="date"') < page.index('name="time"') < page.index('name="time_zone"')


def test_add_interview(client_logged_in, user, frozen):
    response = client_logged_in.post(reverse("interviews:create"), form_data())

    interview = Interview.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("interviews:detail", args=[interview.pk])
    assert interview.owner == user
    assert interview.scheduled_at == dt.datetime(2027, 1, 20, 13, 30, tzinfo=UTC)  # 14:30 CET
    assert interview.notice_deadline == dt.datetime(2027, 1, 19, 13, 30, tzinfo=UTC)
    assert interview.time_zone == "Europe/Berlin"
    assert (interview.duration_minutes, interview.contact_email) == (45, "sam@initech.example")
    assert list(interview.events.values_list("kind", flat=True)) == [EventKind.CREATED]


def test_add_interview_in_another_zone_than_the_users(client_logged_in, frozen):
    client_logged_in.post(reverse("interviews:create"), form_data(time_zone="America/New_York", time="09:00"))

    assert Interview.objects.get().scheduled_at == dt.datetime(2027, 1, 20, 14, 0, tzinfo=UTC)  # 09:00 EST


def test_add_interview_on_a_dst_day_outside_the_gap(client_logged_in, frozen):
    client_logged_in.post(reverse("interviews:create"), form_data(date="2027-03-28", time="03:00"))

    assert Interview.objects.get().scheduled_at == dt.datetime(2027, 3, 28, 1, 0, tzinfo=UTC)  # 03:00 CEST


BAD_INPUT = [
    pytest.param({"date": "2027-01-09"}, "date", "This time is in the past.", id="past-day"),
    pytest.param({"date": "2027-01-10", "time": "09:59"}, "date", "This time is in the past.", id="past-minute"),
    pytest.param(
        {"date": "2027-03-28", "time": "02:30"},
        "time",
        "02:30 on 28 March 2027 does not exist in Europe/Berlin",
        id="berlin-gap",
    ),
    pytest.param(
        {"date": "2027-10-31", "time": "02:30"},
        "time",
        "02:30 on 31 October 2027 happens twice in Europe/Berlin",
        id="berlin-fold",
    ),
    pytest.param(
        {"date": "2027-03-14", "time": "02:30", "time_zone": "America/New_York"},
        "time",
        "02:30 on 14 March 2027 does not exist in America/New_York",
        id="new-york-gap",
    ),
    pytest.param(
        {"date": "2027-11-07", "time": "01:30", "time_zone": "America/New_York"},
        "time",
        "01:30 on 7 November 2027 happens twice in America/New_York",
        id="new-york-fold",
    ),
    pytest.param({"time_zone": "Mars/Olympus"}, "time_zone", "“Mars/Olympus” is not a time zone we know.", id="zone"),
    pytest.param({"time_zone": ""}, "time_zone", "Enter the interview's time zone", id="no-zone"),
    pytest.param({"company": ""}, "company", "Enter the company's name.", id="blank-company"),
    pytest.param({"company": "   "}, "company", "Enter the company's name.", id="spaces-company"),
    pytest.param({"company": "Initech\nBcc: x@evil.example"}, "company", "Keep this to one line", id="company-lf"),
    pytest.param({"company": "Initech\rBcc: x@evil.example"}, "company", "Keep this to one line", id="company-cr"),
    pytest.param({"role": "Dev\nBcc: x@evil.example"}, "role", "Keep this to one line", id="role-lf"),
    pytest.param({"role": "Dev\r\nOps"}, "role", "Keep this to one line", id="role-crlf"),
    pytest.param({"contact_name": "Sam\nHiring"}, "contact_name", "Keep this to one line", id="contact-lf"),
    pytest.param({"contact_name": "Sam\rHiring"}, "contact_name", "Keep this to one line", id="contact-cr"),
    pytest.param({"contact_email": "sam@"}, "contact_email", "Enter a valid e-mail address", id="email"),
    pytest.param(
        {"contact_email": "sam@initech.example\nBcc: x@evil.example"},
        "contact_email",
        "Enter a valid e-mail address",
        id="email-newline",
    ),
    pytest.param({"date": "20.01.2027"}, "date", "Enter a date like 2027-03-29.", id="date-format"),
    pytest.param({"time": "25:00"}, "time", "Enter a time like 14:30.", id="time-format"),
    pytest.param({"duration_minutes": "0"}, "duration_minutes", "greater than or equal to 1", id="duration"),
]


@pytest.mark.parametrize(("overrides", "field", "message"), BAD_INPUT)
def test_add_with_bad_input_shows_the_message_and_writes_nothing(client_logged_in, frozen, overrides, field, message):
    before = snapshot()

    response = client_logged_in.post(reverse("interviews:create"), form_data(**overrides))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert escape(message) in html(response)
    assert snapshot() == before


def test_the_fold_message_says_which_utc_times_to_enter(client_logged_in, frozen):
    response = client_logged_in.post(reverse("interviews:create"), form_data(date="2027-10-31", time="02:30"))

    (message,) = response.context["form"].errors["time"]
    assert "enter it in UTC instead: 00:30 for the first, 01:30 for the second" in message


def test_the_utc_time_the_fold_message_suggests_is_accepted(client_logged_in, frozen):
    client_logged_in.post(reverse("interviews:create"), form_data(date="2027-10-31", time="01:30", time_zone="UTC"))

    assert Interview.objects.get().scheduled_at.astimezone(BERLIN).strftime("%H:%M %Z") == "02:30 CET"


# --- Edit ---------------------------------------------------------------------------


@pytest.fixture
def upcoming(user, frozen):
    return interview_at(user, dt.datetime(2027, 1, 20, 13, 30, 17, 123456, tzinfo=UTC), company="Initech")


def test_edit_form_shows_the_local_time_in_the_interviews_zone(client_logged_in, user, frozen):
    interview = interview_at(user, dt.datetime(2027, 1, 20, 14, 0, tzinfo=UTC), time_zone="America/New_York")

    page = html(client_logged_in.get(reverse("interviews:edit", args=[interview.pk])))

    assert 'name="date" value="2027-01-20"' in page
    assert 'name="time" value="09:00"' in page
    assert 'name="time_zone" value="America/New_York"' in page


def test_edit_the_time_moves_the_deadline(client_logged_in, upcoming):
    response = client_logged_in.post(
        reverse("interviews:edit", args=[upcoming.pk]), form_data(date="2027-01-22", time="10:00")
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("interviews:detail", args=[upcoming.pk])
    upcoming.refresh_from_db()
    assert upcoming.scheduled_at == dt.datetime(2027, 1, 22, 9, 0, tzinfo=UTC)
    assert upcoming.notice_deadline == dt.datetime(2027, 1, 21, 9, 0, tzinfo=UTC)
    assert EventKind.RESCHEDULED in upcoming.events.values_list("kind", flat=True)


def test_edit_details_keeps_the_exact_time(client_logged_in, upcoming):
    stored_time = upcoming.scheduled_at

    client_logged_in.post(reverse("interviews:edit", args=[upcoming.pk]), form_data(company="Initrode"))

    upcoming.refresh_from_db()
    assert upcoming.company == "Initrode"
    assert upcoming.scheduled_at == stored_time  # to the microsecond, though the form shows minutes
    assert list(upcoming.events.values_list("kind", flat=True)) == [EventKind.CREATED, EventKind.EDITED]


def test_editing_a_past_interview_keeps_its_time(client_logged_in, user, frozen):
    past = interview_at(user, dt.datetime(2027, 1, 5, 8, 0, 30, tzinfo=UTC))

    response = client_logged_in.post(
        reverse("interviews:edit", args=[past.pk]),
        form_data(date="2027-01-05", time="09:00", notes="They were lovely."),
    )

    assert response.status_code == 302
    past.refresh_from_db()
    assert past.notes == "They were lovely."
    assert past.scheduled_at == dt.datetime(2027, 1, 5, 8, 0, 30, tzinfo=UTC)


def test_a_past_interview_cannot_move_to_another_past_time(client_logged_in, user, frozen):
    past = interview_at(user, dt.datetime(2027, 1, 5, 8, 0, tzinfo=UTC))
    before = snapshot()

    response = client_logged_in.post(reverse("interviews:edit", args=[past.pk]), form_data(date="2027-01-04"))

    assert "A past interview keeps its time" in " ".join(response.context["form"].errors["date"])
    assert snapshot() == before


def test_an_upcoming_interview_cannot_move_into_the_past(client_logged_in, upcoming):
    before = snapshot()

    response = client_logged_in.post(
        reverse("interviews:edit", args=[upcoming.pk]), form_data(date="2027-01-10", time="09:00")
    )

    assert response.status_code == 200
    assert "An upcoming interview cannot be moved into the past." in html(response)
    assert snapshot() == before


@pytest.mark.parametrize(("overrides", "field", "message"), [p for p in BAD_INPUT if "past" not in p.id])
def test_edit_with_bad_input_shows_the_message_and_changes_nothing(
    client_logged_in, upcoming, overrides, field, message
):
    before = snapshot()

    response = client_logged_in.post(reverse("interviews:edit", args=[upcoming.pk]), form_data(**overrides))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert escape(message) in html(response)
    assert snapshot() == before


# --- Interview page and delete ------------------------------------------------------


def test_interview_page_shows_details_times_notice_and_history(client_logged_in, user, frozen):
    interview = interview_at(
        user, dt.datetime(2027, 1, 20, 14, 0, tzinfo=UTC), time_zone="America/New_York", company="Initech"
    )
    client_logged_in.post(
        reverse("interviews:edit", args=[interview.pk]),
        form_data(time_zone="America/New_York", date="2027-01-21", time="10:00"),
    )

    response = client_logged_in.get(reverse("interviews:detail", args=[interview.pk]))

    page = html(response)
    assert "<h1" in page and page.count("<h1") == 1
    assert "Thursday 21 January 2027, 10:00 EST (America/New_York)" in page
    assert "Thursday 21 January 2027, 16:00 CET in your zone (Europe/Berlin)" in page
    assert "Wednesday 20 January 2027, 10:00 EST (America/New_York)" in page  # the notice deadline
    assert 'data-notice-state="open"' in page
    assert "246 h left to give notice" in page
    timeline = page[page.index('<ol class="timeline">') :]
    assert timeline.index('data-event-kind="created"') < timeline.index('data-event-kind="rescheduled"')
    assert "Time changed from Wed 20 Jan 2027, 09:00 EST to Thu 21 Jan 2027, 10:00 EST" in timeline
    assert f'href="{reverse("interviews:edit", args=[interview.pk])}"' in page
    assert f'href="{reverse("interviews:delete", args=[interview.pk])}"' in page
    assert f'href="{reverse("interviews:flow", args=[interview.pk])}">What should I do?' in page


def test_delete_asks_for_confirmation_first(client_logged_in, user, frozen):
    interview = interview_at(user, NOW + dt.timedelta(days=3), company="Initech")

    response = client_logged_in.get(reverse("interviews:delete", args=[interview.pk]))

    assert response.status_code == 200
    assert "Delete the interview with Initech?" in html(response)
    assert '<form method="post"' in html(response)
    assert Interview.objects.filter(pk=interview.pk).exists()


def test_delete_on_post_removes_the_interview_and_its_history(client_logged_in, user, frozen):
    interview = interview_at(user, NOW + dt.timedelta(days=3), company="Initech")
    kept = interview_at(user, NOW + dt.timedelta(days=4), company="Kept")

    response = client_logged_in.post(reverse("interviews:delete", args=[interview.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("interviews:dashboard")
    assert list(Interview.objects.values_list("company", flat=True)) == ["Kept"]
    assert not InterviewEvent.objects.filter(interview_id=interview.pk).exists()
    assert InterviewEvent.objects.filter(interview=kept).exists()
    assert "Deleted your interview with Initech." in html(client_logged_in.get(response["Location"]))


@pytest.mark.parametrize(("asked_ago", "shown"), [(dt.timedelta(days=3), True), (dt.timedelta(days=3) - SECOND, False)])
def test_a_reschedule_request_waiting_three_days_offers_a_follow_up(client_logged_in, user, asked_ago, shown):
    interview = interview_at(user, NOW + dt.timedelta(days=5))
    asked_at = NOW - asked_ago
    for answer in ({"attendance": Attendance.CANNOT}, {"reason": Reason.WORK}, {"plan": Plan.RESCHEDULE}):
        interview_decide(interview=interview, now=asked_at, **answer)
    notice_give(interview=interview, channel=NoticeChannel.EMAIL, at=asked_at)
    follow_up = f'href="{reverse("interviews:flow_follow_up", args=[interview.pk])}">Follow up'

    dashboard = client_logged_in.get(reverse("interviews:dashboard"))
    detail = client_logged_in.get(reverse("interviews:detail", args=[interview.pk]))

    assert (follow_up in row(dashboard, interview)) is shown
    assert (follow_up in html(detail)) is shown
