"""The private calendar feed, its link, and one interview's .ics and calendar links, read back with icalendar."""

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from accounts.models import CalendarFeed
from accounts.services import calendar_feed_owner, calendar_feed_renew
from interviews.choices import NoticeChannel, Plan, Reason
from interviews.services import interview_decide, interview_record_outcome, interview_reschedule, notice_give
from tests.factories import InterviewFactory, UserFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC
NOW = dt.datetime(2027, 1, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def feed_path(token: str) -> str:
    return reverse("interviews:calendar_feed", args=[token])


def fetch(client, token: str, **headers):
    return client.get(feed_path(token), headers=headers)


def parsed(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def events_by_uid(calendar: Calendar) -> dict:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def at(owner, start, **kwargs):
    return InterviewFactory(owner=owner, scheduled_at=start, now=NOW - dt.timedelta(days=30), **kwargs)


def test_the_feed_has_each_interview_in_its_zone_and_a_deadline_event_with_an_alarm(client, user, frozen):
    interview = at(
        user,
        dt.datetime(2027, 1, 20, 13, 0, tzinfo=UTC),
        company="Acme",
        time_zone="America/New_York",
        location="https://meet.example/acme",
        contact_name="Sam Hiring",
        contact_phone="+1 212 555 0123",
    )
    token = calendar_feed_renew(user=user, now=NOW)

    calendar = parsed(fetch(client, token))

    events = events_by_uid(calendar)
    event = events[f"interview-{interview.pk}@testserver"]
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event.decoded("DTSTART") == dt.datetime(2027, 1, 20, 13, 0, tzinfo=UTC)
    assert event.decoded("DTSTART").hour == 8  # 08:00 in New York
    assert str(event["LOCATION"]) == "https://meet.example/acme"
    assert "Sam Hiring" in str(event["CONTACT"])
    assert str(event["URL"]) == f"http://testserver/interviews/{interview.pk}/"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]

    deadline = events[f"notice-deadline-{interview.pk}@testserver"]
    assert str(deadline["SUMMARY"]) == "Notice deadline: Acme"
    assert deadline.decoded("DTSTART") == interview.notice_deadline
    (alarm,) = deadline.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -dt.timedelta(hours=1)
    assert str(deadline["STATUS"]) == "CONFIRMED"


def test_the_feed_asks_to_be_refreshed_hourly(client, user, frozen):
    response = fetch(client, calendar_feed_renew(user=user, now=NOW))

    lines = response.content.decode().splitlines()
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in lines
    assert "X-PUBLISHED-TTL:PT1H" in lines
    assert str(parsed(response)["X-PUBLISHED-TTL"]) == "PT1H"


def test_a_moved_interview_keeps_its_uid_and_its_sequence_grows(client, user, frozen):
    interview = at(user, NOW + dt.timedelta(days=5))
    token = calendar_feed_renew(user=user, now=NOW)
    uid = f"interview-{interview.pk}@testserver"
    before = events_by_uid(parsed(fetch(client, token)))[uid]

    frozen.shift(dt.timedelta(minutes=5))
    interview_reschedule(interview=interview, new_time=NOW + dt.timedelta(days=6), now=NOW)
    after = events_by_uid(parsed(fetch(client, token)))[uid]

    assert after.decoded("SEQUENCE") == before.decoded("SEQUENCE") + 1
    assert after.decoded("DTSTART") == NOW + dt.timedelta(days=6)
    assert after.decoded("LAST-MODIFIED") > before.decoded("LAST-MODIFIED")


def test_a_cancelled_interview_is_cancelled_in_the_feed_with_its_deadline(client, user, frozen):
    interview = at(user, NOW + dt.timedelta(days=5))
    interview_decide(interview=interview, now=NOW, attendance="cannot", reason=Reason.WORK, plan=Plan.CANCEL)
    notice_give(interview=interview, channel=NoticeChannel.EMAIL, at=NOW)
    events = events_by_uid(parsed(fetch(client, calendar_feed_renew(user=user, now=NOW))))

    event = events[f"interview-{interview.pk}@testserver"]
    assert str(event["STATUS"]) == "CANCELLED"
    assert event.decoded("SEQUENCE") == 1
    deadline = events[f"notice-deadline-{interview.pk}@testserver"]
    assert str(deadline["STATUS"]) == "CANCELLED"
    assert deadline.walk("VALARM") == []


def test_the_feed_shows_only_its_owners_interviews(client, user, other_user, frozen):
    mine = at(user, NOW + dt.timedelta(days=2))
    at(other_user, NOW + dt.timedelta(days=2))

    events = events_by_uid(parsed(fetch(client, calendar_feed_renew(user=user, now=NOW))))

    assert set(events) == {f"interview-{mine.pk}@testserver", f"notice-deadline-{mine.pk}@testserver"}


def test_an_old_token_is_a_404_once_a_new_link_is_made(client, user, frozen):
    old = calendar_feed_renew(user=user, now=NOW)
    new = calendar_feed_renew(user=user, now=NOW)

    assert fetch(client, old).status_code == 404
    assert fetch(client, new).status_code == 200


def test_another_users_secret_with_my_key_is_a_404(client, user, other_user, frozen):
    mine = calendar_feed_renew(user=user, now=NOW)
    theirs = calendar_feed_renew(user=other_user, now=NOW)
    forged = f"{mine.split('.')[0]}.{theirs.split('.')[1]}"

    assert fetch(client, forged).status_code == 404
    assert fetch(client, "nonsense").status_code == 404
    assert fetch(client, theirs).status_code == 200


def test_a_revoked_link_is_a_404(client, user, frozen):
    token = calendar_feed_renew(user=user, now=NOW)
    client.force_login(user)

    client.post(reverse("interviews:calendar_link_off"))

    assert not CalendarFeed.objects.filter(user=user).exists()
    assert fetch(client, token).status_code == 404


def test_unknown_and_old_tokens_do_the_same_work(user, other_user, django_assert_num_queries):
    """No early way out: an unknown key and a wrong secret cost one query, one hash and one comparison."""
    old = calendar_feed_renew(user=user, now=NOW)
    calendar_feed_renew(user=user, now=NOW)
    unknown = "k" * 16 + "." + "s" * 43

    for token in (old, unknown):
        with django_assert_num_queries(1):
            assert calendar_feed_owner(token) is None


def test_feed_query_count_is_the_same_for_5_and_200_interviews(client, frozen):
    few, lots = UserFactory(), UserFactory()
    for owner, count in ((few, 5), (lots, 200)):
        for n in range(count):
            at(owner, NOW + dt.timedelta(days=1 + n % 30, hours=n % 24))
    tokens = {few: calendar_feed_renew(user=few, now=NOW), lots: calendar_feed_renew(user=lots, now=NOW)}

    counts = {}
    for owner, token in tokens.items():
        with CaptureQueriesContext(connection) as queries:
            response = fetch(client, token)
        assert len(events_by_uid(parsed(response))) == 2 * owner.interviews.count()
        counts[owner] = len(queries)

    assert counts[few] == counts[lots]


def test_if_none_match_answers_304_with_one_cheap_query_after_the_lookup(client, user, frozen):
    at(user, NOW + dt.timedelta(days=2))
    token = calendar_feed_renew(user=user, now=NOW)
    first = fetch(client, token)
    assert first["ETag"] and first["Last-Modified"]

    with CaptureQueriesContext(connection) as queries:
        again = fetch(client, token, if_none_match=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""
    assert len(queries) == 2  # the token's row, and the aggregate behind the ETag


def test_a_change_gives_a_new_etag_and_a_full_answer(client, user, frozen):
    interview = at(user, NOW + dt.timedelta(days=2))
    token = calendar_feed_renew(user=user, now=NOW)
    first = fetch(client, token)

    frozen.shift(dt.timedelta(minutes=1))
    interview_record_outcome(interview=interview, outcome="cancelled", now=NOW)
    again = fetch(client, token, if_none_match=first["ETag"])

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]


def test_the_same_data_gives_the_same_bytes(client, user, frozen):
    at(user, NOW + dt.timedelta(days=2), time_zone="Asia/Tokyo")
    token = calendar_feed_renew(user=user, now=NOW)

    first = fetch(client, token).content
    frozen.shift(dt.timedelta(minutes=10))

    assert fetch(client, token).content == first


# --- The link on the settings page ------------------------------------------------------


def test_settings_say_calendars_refresh_on_their_own_schedule(client, user):
    client.force_login(user)
    page = client.get(reverse("accounts:settings")).content.decode()

    assert "Make a calendar link" in page
    assert "Google up to once a day" in page
    assert "reminder e-mail stays the guaranteed channel" in page


def test_the_new_link_is_shown_once_and_only_its_hash_is_stored(client, user):
    client.force_login(user)

    response = client.post(reverse("interviews:calendar_link_new"))

    page = response.content.decode()
    (url,) = re.findall(r'value="(http://testserver/calendar/[^"]+\.ics)"', page)
    token = urlsplit(url).path.removeprefix("/calendar/").removesuffix(".ics")
    feed = CalendarFeed.objects.get(user=user)
    assert token.split(".")[1] not in feed.secret_hash
    assert "no-store" in response["Cache-Control"]
    assert client.get(urlsplit(url).path).status_code == 200
    settings_page = client.get(reverse("accounts:settings")).content.decode()
    assert token not in settings_page
    assert "Make a new link" in settings_page


# --- One interview ------------------------------------------------------------------------


def test_the_interview_page_offers_the_ics_and_calendar_links(client, user, frozen):
    interview = at(user, dt.datetime(2027, 2, 1, 14, 0, tzinfo=UTC), company="Acme", time_zone="Europe/London")
    client.force_login(user)

    page = client.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    ics = client.get(reverse("interviews:ics", args=[interview.pk]))

    assert "Download .ics" in page
    (event,) = Calendar.from_ical(ics.content).walk("VEVENT")
    assert ics["Content-Disposition"].startswith("attachment;")
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    (google,) = re.findall(r'href="(https://calendar\.google\.com/[^"]+)"', page)
    query = parse_qs(urlsplit(google.replace("&amp;", "&")).query)
    assert query["dates"] == ["20270201T140000Z/20270201T150000Z"]
    assert query["ctz"] == ["Europe/London"]
    assert "Acme" in query["text"][0]
    assert "outlook.live.com" in page


@pytest.mark.parametrize(
    "start",
    [dt.datetime(2027, 2, 15, 12, 0, tzinfo=UTC), dt.datetime(2027, 7, 1, 12, 0, tzinfo=UTC)],
    ids=["winter-time", "summer-time"],
)
def test_the_ics_carries_the_zone_rules_a_calendar_without_a_zone_database_needs(client, user, frozen, start):
    # A VTIMEZONE is worked out once and shared; each .ics must still hold the rules of its own dates.
    interview = at(user, start, time_zone="America/New_York")
    client.force_login(user)

    calendar = Calendar.from_ical(client.get(reverse("interviews:ics", args=[interview.pk])).content)

    (zone,) = calendar.walk("VTIMEZONE")
    rules = zone.to_tz()  # the file's own rules, not the zone database's
    (event,) = calendar.walk("VEVENT")
    local = event.decoded("DTSTART").replace(tzinfo=None)
    assert local.replace(tzinfo=rules) == start
    assert local.replace(tzinfo=rules).utcoffset() == start.astimezone(interview.zone).utcoffset()


def test_another_users_ics_is_a_404(client, user, other_user, frozen):
    theirs = at(other_user, NOW + dt.timedelta(days=2))
    client.force_login(user)

    assert client.get(reverse("interviews:ics", args=[theirs.pk])).status_code == 404
