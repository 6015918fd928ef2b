"""What the user said is kept: the message as they sent it, and their notes of the company's reply."""

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from interviews.choices import EventKind
from interviews.models import InterviewEvent
from interviews.services import interview_add_note, interview_decide, interview_reschedule, notice_give
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 5, 10, 8, 0, tzinfo=UTC)


@pytest.fixture
def interview(time_machine, user):
    time_machine.move_to(NOW, tick=False)
    interview = InterviewFactory(owner=user, company="Acme", scheduled_at=NOW + timedelta(days=4), now=NOW)
    for answer in ({"attendance": "cannot"}, {"reason": "work"}, {"plan": "reschedule"}):
        interview = interview_decide(interview=interview, now=NOW, **answer)
    return interview


@pytest.fixture
def client_logged_in(client, user, interview):
    """Logged in once the clock is at NOW (a session from the real time would have expired by 2030)."""
    client.force_login(user)
    return client


def page_text(response) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))


def tell_them(client, interview, **data):
    return client.post(reverse("interviews:flow_step", args=[interview.pk, "message"]), {"answer": "email", **data})


def test_the_message_as_edited_before_recording_is_shown_on_the_interview_page(client_logged_in, interview):
    response = tell_them(
        client_logged_in,
        interview,
        subject="Moving our Tuesday interview",
        body="Dear Sam,\n\nA client meeting I cannot move has come up.\n\nBest,\nJo",
    )
    assert response.status_code == 302

    notice = InterviewEvent.objects.get(interview=interview, kind=EventKind.NOTICE_GIVEN)
    assert notice.data["message_subject"] == "Moving our Tuesday interview"
    assert notice.data["message_body"] == "Dear Sam,\n\nA client meeting I cannot move has come up.\n\nBest,\nJo"
    page = client_logged_in.get(reverse("interviews:detail", args=[interview.pk]))
    assert "The message you sent: Moving our Tuesday interview" in page_text(page)
    assert "Dear Sam,\n\nA client meeting I cannot move has come up.\n\nBest,\nJo" in html.unescape(
        page.content.decode()
    )


def test_a_line_break_typed_into_the_subject_box_becomes_a_space(client_logged_in, interview):
    tell_them(client_logged_in, interview, subject="Moving our\r\ninterview", body="Hello")
    notice = InterviewEvent.objects.get(interview=interview, kind=EventKind.NOTICE_GIVEN)
    assert notice.data["message_subject"] == "Moving our interview"


def test_a_subject_the_service_refuses_is_shown_back_with_the_users_text_and_nothing_is_recorded(
    client_logged_in, interview
):
    response = tell_them(client_logged_in, interview, subject="Hello\x07there", body="My own words, kept.")
    assert response.status_code == 400
    assert "Keep this to one line" in page_text(response)
    assert "My own words, kept." in response.content.decode()
    interview.refresh_from_db()
    assert interview.notice_given_at is None
    assert not InterviewEvent.objects.filter(interview=interview, kind=EventKind.NOTICE_GIVEN).exists()


def test_a_phone_call_without_a_message_shows_no_message(client_logged_in, interview):
    tell_them(client_logged_in, interview, subject="", body="")
    page = client_logged_in.get(reverse("interviews:detail", args=[interview.pk]))
    assert "data-sent-message" not in page.content.decode()


def test_the_message_stays_in_the_history_after_a_reschedule(interview):
    notice_give(interview=interview, channel="email", at=NOW, subject="Another time?", body="Dear Sam, ...")
    interview_reschedule(interview=interview, new_time=NOW + timedelta(days=9), now=NOW + timedelta(hours=2))
    notice = InterviewEvent.objects.get(interview=interview, kind=EventKind.NOTICE_GIVEN)
    assert (notice.data["message_subject"], notice.data["message_body"]) == ("Another time?", "Dear Sam, ...")


def test_the_companys_reply_added_as_a_note_appears_on_the_timeline(client_logged_in, interview):
    reply = "Sam called back: they'll keep me in mind for the next opening.\nTry again in June."
    response = client_logged_in.post(reverse("interviews:note_add", args=[interview.pk]), {"text": reply})
    assert response.status_code == 302
    assert response["Location"] == reverse("interviews:detail", args=[interview.pk]) + "#history-heading"

    note = InterviewEvent.objects.get(interview=interview, kind=EventKind.NOTE)
    assert note.data == {"text": reply}
    assert note.at == NOW
    page = client_logged_in.get(response["Location"])
    assert 'data-event-kind="note"' in page.content.decode()
    assert reply in html.unescape(page.content.decode())


def test_a_note_can_be_added_whatever_the_interview_status(interview):
    notice_give(interview=interview, channel="phone", at=NOW)
    interview_add_note(interview=interview, text="They said yes to Thursday.", at=NOW)
    assert InterviewEvent.objects.filter(interview=interview, kind=EventKind.NOTE).count() == 1


def test_a_notes_summary_is_one_short_line_of_it(interview):
    note = interview_add_note(interview=interview, text="Line one\nline two " + "x" * 300, at=NOW)
    assert "\n" not in note.summary
    assert note.summary.startswith("Line one line two x")
    assert len(note.summary) <= 120 and note.summary.endswith("…")


@pytest.mark.parametrize(
    ("text", "message"),
    [("   ", "Write the note first."), ("x" * 5001, "Keep a note to 5,000")],
    ids=["blank", "overlong"],
)
def test_a_blank_or_overlong_note_is_refused_on_the_form_and_nothing_changes(
    client_logged_in, interview, text, message
):
    response = client_logged_in.post(reverse("interviews:note_add", args=[interview.pk]), {"text": text})
    assert response.status_code == 400
    assert message in page_text(response)
    assert not InterviewEvent.objects.filter(interview=interview, kind=EventKind.NOTE).exists()


def test_a_refused_notes_message_is_tied_to_its_box_for_screen_readers(client_logged_in, interview):
    response = client_logged_in.post(reverse("interviews:note_add", args=[interview.pk]), {"text": "  "})

    page = response.content.decode()
    box = re.search(r"<textarea[^>]*>", page).group(0)
    assert 'aria-invalid="true"' in box
    assert 'aria-describedby="id_text_helptext id_text_error"' in box
    assert '<label for="id_text" class="form-label requiredField">Add a note' in page
    assert re.search(r'<div id="id_text_error" class="invalid-feedback"><p[^>]*><strong>Write the note first.', page)


def test_nobody_adds_a_note_to_another_users_interview(client, other_user, interview):
    client.force_login(other_user)
    response = client.post(reverse("interviews:note_add", args=[interview.pk]), {"text": "Mine now"})
    assert response.status_code == 404
    assert not InterviewEvent.objects.filter(kind=EventKind.NOTE).exists()
