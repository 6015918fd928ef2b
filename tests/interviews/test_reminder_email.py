"""The reminder e-mail as the SMTP server receives it, and where its links lead."""

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from accounts.models import User
from advice.models import Advice
from interviews.choices import Attendance
from interviews.models import Interview, Reminder
from interviews.services import interview_decide
from tests.advice.test_admin import advice_form
from tests.factories import UserFactory
from tests.interviews.sweeping import HOUR, T0, add_interview, sweep_at, travel

pytestmark = pytest.mark.django_db

# T0 + 30 h: Tuesday 3 March 2026, 15:00 UTC (16:00 in Berlin, 10:00 in New York).
STARTS_IN = 30 * HOUR
SENT_AT = T0 + 3 * HOUR
PASSWORD = "correct horse battery"  # tests.factories.UserFactory's


def received_reminder(server, owner, **interview_fields):
    """Add an interview 30 h ahead, sweep when its reminder is due, return (interview, message)."""
    interview = add_interview(owner, starts_in=STARTS_IN, **interview_fields)
    sweep_at(SENT_AT)
    assert len(server.messages) == 1
    return interview, server.messages[0]


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def calendar_of(message) -> Calendar:
    attachments = [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]
    assert len(attachments) == 1
    assert attachments[0].get_filename() == "interview.ics"
    return Calendar.from_ical(attachments[0].get_content())


def test_goes_to_the_owner_with_the_company_and_hours_left_in_the_subject(smtp_server, user):
    _, message = received_reminder(smtp_server, user, company="Acme")

    assert smtp_server.recipients == [[user.email]]
    assert message["To"] == user.email
    assert message["Subject"] == "Acme: 3 hours left to give notice"


def test_shows_times_in_the_owners_zone(smtp_server):
    owner = UserFactory(time_zone="Europe/Berlin")
    _, message = received_reminder(smtp_server, owner)

    for body in (text_of(message), html_of(message)):
        assert "Tue 3 Mar 2026, 16:00 CET" in body  # the interview
        assert "Mon 2 Mar 2026, 16:00 CET" in body  # the notice deadline
        assert "15:00" not in body  # never UTC


def test_shows_the_interviews_own_zone_too_when_it_differs(smtp_server):
    owner = UserFactory(time_zone="Europe/Berlin")
    _, message = received_reminder(smtp_server, owner, time_zone="America/New_York")

    body = text_of(message)
    assert "Tue 3 Mar 2026, 16:00 CET (Tue 3 Mar 2026, 10:00 EST in America/New_York)" in body
    assert "Mon 2 Mar 2026, 16:00 CET (Mon 2 Mar 2026, 10:00 EST in America/New_York)" in body


def test_a_company_name_with_accents_and_ampersand_survives_the_subject(smtp_server, user):
    _, message = received_reminder(smtp_server, user, company="Müller & Söhne")

    assert message["Subject"] == "Müller & Söhne: 3 hours left to give notice"
    assert "Müller &amp; Söhne" in html_of(message)


def _flow_path(message, interview) -> str:
    links = set(re.findall(r"https?://[^\s\"<>]+/flow/", text_of(message)))
    assert links == set(re.findall(r"https?://[^\s\"<>]+/flow/", html_of(message)))
    (link,) = links
    assert link.startswith("http://testserver/")  # absolute, from RAINCHECK_SITE_URL
    path = urlsplit(link).path
    assert path == reverse("interviews:flow", args=[interview.pk])
    return path


def test_link_leads_through_log_in_to_the_interviews_first_flow_step(smtp_server, user):
    interview, message = received_reminder(smtp_server, user)
    path = _flow_path(message, interview)
    client = Client()

    with travel(SENT_AT + HOUR):  # the user opens the e-mail an hour later
        to_login = client.get(path)
        assert to_login.status_code == 302
        login = urlsplit(to_login.url)
        assert login.path == reverse("accounts:login")
        assert f"next={path}" in login.query.replace("%2F", "/")
        landed = client.post(to_login.url, {"username": user.email, "password": PASSWORD}, follow=True)

    assert landed.status_code == 200
    assert landed.request["PATH_INFO"] == reverse("interviews:flow_step", args=[interview.pk, "attend"])
    assert interview.company in landed.content.decode()


def test_link_resumes_the_flow_where_the_user_left_it(smtp_server, user):
    interview = add_interview(user, starts_in=STARTS_IN)
    with travel(T0 + HOUR):
        interview_decide(interview=Interview.objects.get(pk=interview.pk), now=T0 + HOUR, attendance=Attendance.CANNOT)
    sweep_at(SENT_AT)
    path = _flow_path(smtp_server.messages[0], interview)
    client = Client()

    with travel(SENT_AT + HOUR):
        client.force_login(user)
        landed = client.get(path, follow=True)

    assert landed.request["PATH_INFO"] == reverse("interviews:flow_step", args=[interview.pk, "why"])


def test_carries_a_valid_ics_of_the_interview_with_an_alarm_at_the_deadline(smtp_server, user):
    interview, message = received_reminder(smtp_server, user, company="Acme", location="Hauptstraße 1, Berlin")

    calendar = calendar_of(message)
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"interview-{interview.pk}@testserver"
    assert event.decoded("DTSTART") == datetime(2026, 3, 3, 15, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2026, 3, 3, 16, 0, tzinfo=UTC)
    assert "Acme" in str(event["SUMMARY"])
    assert str(event["LOCATION"]) == "Hauptstraße 1, Berlin"
    assert "Mon 2 Mar 2026, 16:00 CET" in str(event["DESCRIPTION"])
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == interview.notice_deadline


def test_ics_keeps_long_text_with_commas_semicolons_and_accents_exactly(smtp_server, user):
    location = "Büro 4; Hauptstraße 1, 10115 Berlin, Hinterhaus – 3. Stock, bei Müller\\Schmidt; " * 3
    _, message = received_reminder(smtp_server, user, company="Café Ölmühle, GmbH; Köln", location=location.strip())

    raw = next(p for p in message.iter_attachments() if p.get_content_type() == "text/calendar").get_content()
    raw = raw.encode() if isinstance(raw, str) else raw
    assert all(len(line) <= 75 for line in raw.split(b"\r\n")), "a content line longer than 75 octets"
    (event,) = calendar_of(message).walk("VEVENT")
    assert str(event["LOCATION"]) == location.strip()
    assert "Café Ölmühle, GmbH; Köln" in str(event["SUMMARY"])
    assert "\n" in str(event["DESCRIPTION"])  # two lines, as written


def test_message_id_is_built_from_the_reminder_and_repeated_on_a_resend(smtp_server, user, settings):
    interview, message = received_reminder(smtp_server, user)
    reminder = interview.reminders.get()
    assert message["Message-ID"] == f"<reminder-{reminder.pk}@testserver>"

    # A worker crashed between the server's acceptance and writing sent_at; its lease ran out.
    lease = timedelta(seconds=settings.RAINCHECK_REMINDER_LEASE_SECONDS)
    Reminder.objects.filter(pk=reminder.pk).update(sent_at=None, claimed_at=SENT_AT)
    sweep_at(SENT_AT + lease + timedelta(seconds=1))

    assert [m["Message-ID"] for m in smtp_server.messages] == [message["Message-ID"]] * 2


def test_footer_links_to_the_reminder_settings(smtp_server, user):
    _, message = received_reminder(smtp_server, user)

    settings_link = "http://testserver" + reverse("accounts:settings")
    assert settings_link in text_of(message)
    assert f'href="{settings_link}"' in html_of(message)


def _unsubscribe_path(message) -> str:
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # A long header is folded onto a continuation line; unfolding leaves leading white space.
    match = re.fullmatch(r"<(http://testserver/[^>]+)>", message["List-Unsubscribe"].strip())
    assert match, message["List-Unsubscribe"]
    assert match.group(1) in text_of(message)  # the same link, visible in the footer
    return urlsplit(match.group(1)).path


def one_click(path: str):
    """What a mail provider does with List-Unsubscribe-Post (RFC 8058): no session, no CSRF token."""
    return Client(enforce_csrf_checks=True).post(
        path, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )


def test_one_click_unsubscribe_switches_reminders_off_without_logging_in(smtp_server):
    owner = UserFactory()
    add_interview(owner, starts_in=4 * 24 * HOUR)  # more reminders to come
    sweep_at(T0 + 2 * 24 * HOUR)  # "decide now"
    (message,) = smtp_server.messages

    with travel(T0 + 2 * 24 * HOUR + HOUR):
        response = one_click(_unsubscribe_path(message))

    assert response.status_code == 200
    assert User.objects.get(pk=owner.pk).reminders_enabled is False
    sweep_at(T0 + 3 * 24 * HOUR)  # past "closes soon"
    assert len(smtp_server.messages) == 1


def test_list_unsubscribe_goes_over_the_wire_as_a_plain_url(smtp_server, user):
    # Mail providers read the header raw: an RFC 2047 encoded word would hide the URL from them.
    received_reminder(smtp_server, user)

    (raw,) = smtp_server.raw_messages
    assert re.search(rb"\r\nList-Unsubscribe:\s+<http://testserver/accounts/unsubscribe/[^>\s]+/>\r\n", raw)
    assert b"\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in raw


def test_unsubscribe_link_with_a_tampered_signature_is_refused(smtp_server, user):
    _, message = received_reminder(smtp_server, user)
    path = _unsubscribe_path(message)
    token = path.rstrip("/").rsplit("/", 1)[1]
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    with travel(SENT_AT + HOUR):
        response = one_click(path.replace(token, tampered))

    assert response.status_code == 400
    assert User.objects.get(pk=user.pk).reminders_enabled is True


# --- What the e-mail advises: the Advice model's e-mail stage, as staff left it ---------------------


def plain_text_of(message) -> str:
    """The text part with the wire's CRLF line ends as the template wrote them."""
    return text_of(message).replace("\r\n", "\n")


def test_the_window_closes_soon_e_mail_carries_the_seeded_advice_for_a_closing_window(smtp_server, user):
    _, message = received_reminder(smtp_server, user, company="Acme")  # 3 hours left: closing
    body = plain_text_of(message)
    assert "If you can't go, tell them now\nA phone call beats an e-mail" in body
    assert "Can you make it?" not in body
    assert "<h2" in html_of(message) and "If you can&#x27;t go, tell them now" in html_of(message)


def test_the_decide_now_e_mail_carries_the_advice_for_an_open_window(smtp_server, user):
    add_interview(user, starts_in=72 * HOUR, company="Acme")  # deadline T0 + 48 h, decide-now due at T0 + 24 h
    sweep_at(T0 + 24 * HOUR)
    body = plain_text_of(smtp_server.messages[-1])
    assert "Can you make it?\nGoing is usually worth it" in body
    assert "tell them now" not in body


def test_a_staff_edit_of_the_e_mail_advice_appears_in_the_next_reminder(smtp_server, user, client):
    advice = Advice.objects.get(stage="email", title="If you can't go, tell them now")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        reverse("admin:advice_advice_change", args=[advice.pk]),
        advice_form(advice, title="Pick up the phone", body="Call them **today**, then write."),
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    _, message = received_reminder(smtp_server, user, company="Acme")
    assert "Pick up the phone\nCall them **today**, then write." in plain_text_of(message)
    assert "<p>Call them <strong>today</strong>, then write.</p>" in html_of(message)
    assert "If you can't go, tell them now" not in plain_text_of(message)


def test_sentences_after_the_greeting_start_with_a_capital(smtp_server):
    owner = UserFactory(name="Alex")
    _, message = received_reminder(smtp_server, owner, company="Acme")
    assert plain_text_of(message).startswith(
        "Hello Alex,\n\nThe notice window for your interview with Acme closes soon"
    )
    assert "<p>The notice window for your interview" in html_of(message)
