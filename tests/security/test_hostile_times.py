"""Dates and times from year 1 to year 9999, in every kind of zone, on the interview forms.

Never a 500; a time that cannot be (impossible date, the end of the calendar, an
unknown zone, a daylight-saving gap) is refused with a message and stores nothing; a
time that is accepted is stored as the instant the user meant and every page shows it.
"""

import datetime as dt
import zoneinfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from interviews.models import Interview
from interviews.services import MAX_YEARS_AHEAD
from tests.factories import InterviewFactory
from tests.security.hostile import hostile_dates, hostile_times, hostile_zones
from tests.security.world import rolled_back, state_difference, stored_state

# Zones at the edges: the largest offsets either side, odd offsets, and daylight saving.
EDGE_ZONES = [
    "UTC",
    "Pacific/Kiritimati",  # UTC+14
    "Etc/GMT+12",  # UTC-12
    "Asia/Kathmandu",  # UTC+5:45
    "America/St_Johns",  # UTC-3:30, daylight saving
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",  # a half-hour daylight-saving shift
]


def _post_time(client, url, day, at, zone, company="Acme"):
    return client.post(url, {"company": company, "date": day, "time": at, "time_zone": zone, "duration_minutes": "60"})


@pytest.fixture
def owner_client(owner):
    client = Client()
    client.force_login(owner)
    return client


@pytest.mark.parametrize(
    ("day", "at", "zone", "message"),
    [
        ("2027-02-30", "10:00", "Europe/Berlin", "Enter a date like 2027-03-29."),
        ("2027-13-01", "10:00", "Europe/Berlin", "Enter a date like 2027-03-29."),
        ("2027-03-01", "24:00", "Europe/Berlin", "Enter a time like 14:30."),
        ("2027-03-01", "10:00", "Mars/Olympus_Mons", "is not a time zone we know"),
        ("2027-03-28", "02:30", "Europe/Berlin", "does not exist in Europe/Berlin"),
        ("9999-12-31", "23:30", "America/New_York", "Check the year"),
        ("0001-01-01", "00:30", "Asia/Tokyo", "too far in the past or the future"),
        ("1970-01-01", "00:00", "UTC", "This time is in the past."),
    ],
)
@pytest.mark.parametrize("form", ["create", "edit"])
def test_a_time_that_cannot_be_is_refused_with_a_message(owner, owner_client, form, day, at, zone, message):
    interview = InterviewFactory(owner=owner)
    url = reverse("interviews:create") if form == "create" else reverse("interviews:edit", args=[interview.pk])
    before = stored_state()

    response = _post_time(owner_client, url, day, at, zone)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not state_difference(before, stored_state())


@pytest.mark.parametrize(
    ("day", "at", "zone"),
    [
        ("9999-12-31", "12:00", "UTC"),  # late on 9999-12-31 UTC is 10000-01-01 east of UTC: no page could show it
        ("9999-12-31", "23:59", "Etc/GMT+12"),
        ("2100-06-01", "10:00", "Europe/Berlin"),
    ],
)
@pytest.mark.parametrize("form", ["create", "edit"])
def test_a_date_decades_ahead_is_refused_as_a_typo(owner, owner_client, form, day, at, zone):
    interview = InterviewFactory(owner=owner)
    url = reverse("interviews:create") if form == "create" else reverse("interviews:edit", args=[interview.pk])
    before = stored_state()

    response = _post_time(owner_client, url, day, at, zone)

    assert response.status_code == 200
    assert "Check the year" in response.content.decode()
    assert not state_difference(before, stored_state())


def test_a_date_years_ahead_is_stored_and_shown_in_every_zone(owner, owner_client):
    day = (timezone.now() + dt.timedelta(days=4 * 365)).date().isoformat()
    response = _post_time(owner_client, reverse("interviews:create"), day, "23:59", "Etc/GMT+12")
    assert response.status_code == 302
    interview = Interview.objects.owned_by(owner).get()

    for zone in ("Pacific/Kiritimati", "Etc/GMT+12"):
        owner.time_zone = zone
        owner.save(update_fields=["time_zone"])
        for url in (
            reverse("interviews:dashboard"),
            reverse("interviews:detail", args=[interview.pk]),
            reverse("interviews:flow", args=[interview.pk]),
        ):
            assert owner_client.get(url, follow=True).status_code == 200


def _expected_instant(day: dt.date, at: dt.time, zone: str) -> dt.datetime | None:
    """The instant a wall time names, if it names exactly one."""
    wall = dt.datetime.combine(day, at.replace(second=0, microsecond=0))
    first = wall.replace(tzinfo=zoneinfo.ZoneInfo(zone), fold=0)
    second = wall.replace(tzinfo=zoneinfo.ZoneInfo(zone), fold=1)
    try:
        if first.utcoffset() != second.utcoffset():
            return None
        return first.astimezone(dt.UTC)
    except OverflowError:
        return None


# Any day, with the first and last days of the calendar (where zone offsets overflow) often.
any_day = st.one_of(
    st.sampled_from([dt.date(1, 1, 1), dt.date(1, 1, 2), dt.date(9999, 12, 30), dt.date(9999, 12, 31)]),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
)


@given(
    day=any_day,
    at=st.times(),
    zone=st.sampled_from(EDGE_ZONES),
    form=st.sampled_from(["create", "edit"]),
)
def test_any_date_and_time_in_any_zone_is_stored_as_meant_or_refused(owner, owner_client, day, at, zone, form):
    now = timezone.now()
    client = owner_client
    with rolled_back():
        interview = InterviewFactory(owner=owner, now=now)
        url = reverse("interviews:create") if form == "create" else reverse("interviews:edit", args=[interview.pk])
        before = stored_state()

        response = _post_time(client, url, day.isoformat(), at.strftime("%H:%M"), zone)

        expected = _expected_instant(day, at, zone)
        if response.status_code == 302:
            saved = Interview.objects.owned_by(owner).latest("updated_at")
            assert saved.scheduled_at == expected
            assert expected > now
            assert client.get(response.url).status_code == 200
            # Shown in the furthest zone east too (the owner may move there later).
            type(owner).objects.filter(pk=owner.pk).update(time_zone="Pacific/Kiritimati")
            assert client.get(reverse("interviews:dashboard")).status_code == 200
            assert client.get(response.url).status_code == 200
        else:
            assert response.status_code == 200
            assert not state_difference(before, stored_state())
            too_far = day.year > now.year + MAX_YEARS_AHEAD
            assert expected is None or expected <= now + dt.timedelta(minutes=1) or too_far


@given(day=hostile_dates, at=hostile_times, zone=hostile_zones)
def test_hostile_date_time_and_zone_text_is_refused_or_stored_as_meant(owner, owner_client, day, at, zone):
    client = owner_client
    with rolled_back():
        before = stored_state()

        response = _post_time(client, reverse("interviews:create"), day, at, zone)

        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert not state_difference(before, stored_state())
        else:
            saved = Interview.objects.owned_by(owner).get()
            assert saved.time_zone in zoneinfo.available_timezones()
            assert saved.scheduled_at > timezone.now() - dt.timedelta(minutes=1)
