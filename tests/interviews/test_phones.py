"""Phone numbers: the tel: link dials the number people wrote, in the country of the interview's zone."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from interviews.choices import Plan, Reason
from interviews.phones import phone_parse, region_for_zone, tel_url
from interviews.services import interview_decide
from tests.factories import InterviewFactory


@pytest.mark.parametrize(
    ("text", "zone", "url"),
    [
        ("+49 (0)30 5550101", "", "tel:+49305550101"),  # the trunk zero people keep is dropped
        ("+44 (0)20 7946 0018", "Europe/Berlin", "tel:+442079460018"),
        ("+49 30 5550101 ext. 12", "", "tel:+49305550101;ext=12"),
        ("(212) 555-0123 x 45", "America/New_York", "tel:+12125550123;ext=45"),
        ("030 5550101", "Europe/Berlin", "tel:+49305550101"),  # national: the zone's country
        ("020 7946 0018", "Europe/London", "tel:+442079460018"),
        ("0049 30 5550101", "Europe/Berlin", "tel:+49305550101"),
        ("ask reception", "Europe/Berlin", ""),
        ("12", "Europe/Berlin", ""),
        ("", "Europe/Berlin", ""),
    ],
)
def test_tel_links(text, zone, url):
    assert tel_url(text, time_zone=zone) == url


def test_garbage_is_kept_as_the_user_wrote_it():
    phone = phone_parse("ring the front desk", time_zone="Europe/Berlin")

    assert phone.tel_url == ""
    assert str(phone) == "ring the front desk"


def test_the_region_comes_from_the_tz_databases_zone_table():
    assert region_for_zone("Europe/Berlin") == "DE"
    assert region_for_zone("America/Toronto") == "CA"
    assert region_for_zone("Europe/Kiev") == "UA"  # an old name (a link) still has its country
    assert region_for_zone("UTC") is None


NOW = dt.datetime(2027, 1, 10, 9, 0, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_the_late_path_dials_the_right_number_and_shows_their_local_time(client, user):
    interview = InterviewFactory(
        owner=user,
        scheduled_at=NOW + dt.timedelta(hours=5),
        now=NOW - dt.timedelta(days=3),
        time_zone="America/New_York",
        contact_phone="+1 (212) 555-0123 ext. 12",
    )
    with time_machine.travel(NOW - dt.timedelta(days=2), tick=False):
        interview_decide(interview=interview, now=NOW, attendance="cannot", reason=Reason.WORK, plan=Plan.RESCHEDULE)
    with time_machine.travel(NOW, tick=False):
        client.force_login(user)
        page = client.get(reverse("interviews:flow_step", args=[interview.pk, "message"])).content.decode()

    assert 'href="tel:+12125550123;ext=12"' in page
    assert "It is 04:00 for them (America/New_York)." in page
