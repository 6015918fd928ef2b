"""Reading invitations: .ics files in the shapes Google, Outlook and Zoom write, pasted e-mails, hostile files.

The samples in invitations/ are written by hand in the shapes those services produce
(Google: UTC times and a Meet link; Outlook/Exchange: a Windows zone name with its
VTIMEZONE and a Teams link; Zoom: an IANA TZID, two rounds in one file).
"""

import datetime as dt
import zoneinfo
from pathlib import Path

import pytest

from interviews.invitations import InvitationError, read_email_text, read_ics, zone_from_text

SAMPLES = Path(__file__).parent / "invitations"
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)  # early March: still winter time in Europe and the US
BERLIN = "Europe/Berlin"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def instant(initial: dict) -> dt.datetime:
    wall = dt.datetime.combine(initial["date"], initial["time"])
    return wall.replace(tzinfo=zoneinfo.ZoneInfo(initial["time_zone"])).astimezone(dt.UTC)


def test_google_invitation_in_utc_is_shown_in_the_users_zone_across_the_clock_change():
    (invitation,) = read_ics(sample("google.ics"))
    initial = invitation.form_initial(default_time_zone=BERLIN)

    # 12:00 UTC on 31 March is 14:00 in Berlin: summer time has begun since the invitation was sent.
    assert (initial["date"], initial["time"], initial["time_zone"]) == (dt.date(2026, 3, 31), dt.time(14, 0), BERLIN)
    assert instant(initial) == dt.datetime(2026, 3, 31, 12, 0, tzinfo=dt.UTC)
    assert initial["company"] == "Acme Robotics"
    assert initial["role"] == "Backend developer"
    assert initial["duration_minutes"] == 60
    assert initial["location"] == "https://meet.google.com/abc-defg-hij"
    assert (initial["contact_name"], initial["contact_email"]) == ("Sam Hiring", "sam.hiring@acme-robotics.example")
    assert initial["contact_phone"] == "+49 (0)30 5550101 ext. 12"


def test_outlook_invitation_with_a_windows_zone_name_keeps_the_time_in_its_zone():
    (invitation,) = read_ics(sample("outlook.ics"))
    initial = invitation.form_initial(default_time_zone="America/New_York")

    assert initial["time_zone"] == BERLIN  # "W. Europe Standard Time"
    assert (initial["date"], initial["time"]) == (dt.date(2026, 3, 31), dt.time(14, 0))
    assert instant(initial) == dt.datetime(2026, 3, 31, 12, 0, tzinfo=dt.UTC)
    assert initial["duration_minutes"] == 45
    assert (initial["company"], initial["role"]) == ("Globex", "Data engineer")
    # The LOCATION says only "Microsoft Teams Meeting": the meeting link is more use.
    assert initial["location"].startswith("https://teams.microsoft.com/l/meetup-join/")
    assert initial["contact_name"] == "Kim Recruiter"
    assert invitation.unread() == []


def test_zoom_file_with_two_rounds_gives_two_events_to_pick_from():
    first, second = read_ics(sample("zoom_two_rounds.ics"))

    assert first.form_initial(default_time_zone=BERLIN)["time_zone"] == "America/New_York"
    assert (first.start, second.start) == (dt.datetime(2026, 3, 10, 10, 0), dt.datetime(2026, 3, 12, 14, 0))
    assert first.duration_minutes == 30
    assert first.location == "https://us02web.zoom.us/j/81234567890?pwd=QWERTY123"
    assert first.company == "Initech"


def test_an_all_day_event_is_refused_because_an_interview_needs_a_time():
    with pytest.raises(InvitationError, match="all-day event. An interview needs a start time"):
        read_ics(sample("allday.ics"))


@pytest.mark.parametrize(
    ("tzid", "zone"),
    [
        ("W. Europe Standard Time", "Europe/Berlin"),
        ("Eastern Standard Time", "America/New_York"),
        ("GMT Standard Time", "Europe/London"),
        ("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", "Europe/Amsterdam"),
        ("/mozilla.org/20050126_1/Europe/Paris", "Europe/Paris"),
        ("Asia/Tokyo", "Asia/Tokyo"),
        ("Customized Time Zone", ""),
    ],
)
def test_zone_names_as_calendars_write_them(tzid, zone):
    assert zone_from_text(tzid) == zone


def test_a_zone_only_the_file_defines_keeps_the_instant_and_asks_to_check_the_zone():
    ics = sample("outlook.ics").replace(b"W. Europe Standard Time", b"Customized Time Zone")

    (invitation,) = read_ics(ics)

    initial = invitation.form_initial(default_time_zone="Europe/London")
    assert initial["time_zone"] == "Europe/London"
    assert "the time zone (your own is filled in)" in invitation.unread()


# --- Pasted e-mail text ---------------------------------------------------------------------


def test_zoom_invitation_text():
    invitation = read_email_text(sample("zoom_email.txt").decode(), now=NOW)
    initial = invitation.form_initial(default_time_zone=BERLIN)

    assert (initial["date"], initial["time"], initial["time_zone"]) == (
        dt.date(2026, 3, 10),
        dt.time(10, 0),
        "America/New_York",
    )
    assert (initial["company"], initial["role"]) == ("Initech", "Support engineer")
    assert initial["location"] == "https://us02web.zoom.us/j/81234567890?pwd=QWERTY123"
    assert invitation.unread() == ["the duration (an hour is filled in)"]


def test_google_invitation_email_with_the_zone_on_its_own_line():
    invitation = read_email_text(sample("google_email.txt").decode(), now=NOW)
    initial = invitation.form_initial(default_time_zone="UTC")

    assert (initial["date"], initial["time"], initial["time_zone"]) == (dt.date(2026, 3, 31), dt.time(14, 0), BERLIN)
    assert instant(initial) == dt.datetime(2026, 3, 31, 12, 0, tzinfo=dt.UTC)  # summer time by then
    assert initial["duration_minutes"] == 60
    assert (initial["company"], initial["role"]) == ("Acme Robotics", "Backend developer")
    # The organiser, not the user's own address that Google's footer names.
    assert (initial["contact_name"], initial["contact_email"]) == ("Sam Hiring", "sam.hiring@acme-robotics.example")
    assert initial["contact_phone"] == "030 5550101"


def test_teams_invitation_email_with_outlooks_zone_display_name():
    invitation = read_email_text(sample("teams_email.txt").decode(), now=NOW)

    assert invitation.start == dt.datetime(2026, 3, 31, 14, 0)
    assert invitation.time_zone == "Europe/Amsterdam"
    assert invitation.duration_minutes == 45
    assert invitation.location.startswith("https://teams.microsoft.com/l/meetup-join/")
    assert (invitation.contact_name, invitation.contact_email) == ("Kim Recruiter", "kim.recruiter@globex.example")


def test_text_without_a_time_says_what_to_paste():
    with pytest.raises(InvitationError, match="could not find the interview's date and time"):
        read_email_text("Hi Jo, thanks for applying. We will be in touch.", now=NOW)


# --- Hostile files ----------------------------------------------------------------------------


def test_a_huge_file_is_refused_before_it_is_parsed():
    huge = b"BEGIN:VCALENDAR\r\n" + b"X-PAD:" + b"a" * (1024 * 1024) + b"\r\nEND:VCALENDAR\r\n"

    with pytest.raises(InvitationError, match="RainCheck reads files of up to 1024 KB"):
        read_ics(huge)


def test_a_file_of_thousands_of_events_is_refused_as_a_whole_calendar():
    event = b"BEGIN:VEVENT\r\nDTSTART:20260331T120000Z\r\nSUMMARY:Interview with Acme\r\nEND:VEVENT\r\n"
    many = b"BEGIN:VCALENDAR\r\n" + event * 2000 + b"END:VCALENDAR\r\n"

    with pytest.raises(InvitationError, match="has 2000 events; it looks like a whole calendar"):
        read_ics(many)


def test_deeply_nested_components_are_refused():
    nested = b"BEGIN:VCALENDAR\r\n" + b"BEGIN:VEVENT\r\n" + b"BEGIN:VALARM\r\n" * 5000 + b"END:VCALENDAR\r\n"

    with pytest.raises(InvitationError, match="too many parts"):
        read_ics(nested)


def test_endless_folding_is_read_or_refused_with_a_message():
    folded = b"\r\n ".join([b"SUMMARY:Interview with Acme"] + [b"x"] * 100_000)
    ics = sample("google.ics").replace(b"SUMMARY:Interview with Acme Robotics: Backend developer", folded)

    try:
        (invitation,) = read_ics(ics[: 1024 * 1024])
    except InvitationError as error:
        assert str(error)
    else:
        assert invitation.title.startswith("Interview with Acme")
        assert len(invitation.company) <= 200


@pytest.mark.parametrize(
    "data",
    [
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:not-a-date\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;TZID=Europe/Berlin:20261301T250000\r\nEND:VEVENT\r\n",
        b"BEGIN:VCALENDAR\r\nEND:VEVENT\r\n",
        b"BEGIN:VCALENDAR\r\n\x00\xff\xfe garbage",
        b"BEGIN:VCALENDAR\r\n:::\r\n;;;=\r\nEND:VCALENDAR\r\n",
        b"just some bytes",
        b"",
    ],
)
def test_malformed_files_give_a_message(data):
    with pytest.raises(InvitationError) as raised:
        read_ics(data)
    assert str(raised.value)


def test_a_calendar_without_events_says_so():
    with pytest.raises(InvitationError, match="no event in it"):
        read_ics(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")


def test_a_cancellation_is_not_an_interview_to_add():
    with pytest.raises(InvitationError, match="cancels a meeting"):
        read_ics(sample("outlook.ics").replace(b"METHOD:REQUEST", b"METHOD:CANCEL"))
