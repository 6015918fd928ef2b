"""Export: the whole record as JSON, the interviews as CSV, formula-safe cells, streamed in flat memory."""

import csv
import datetime as dt
import io
import json
import tracemalloc
from collections.abc import Iterator

import pytest
import time_machine
from django.http import StreamingHttpResponse
from django.urls import reverse

from interviews.exports import neutralise
from interviews.models import Interview, Reminder
from tests.factories import InterviewFactory, UserFactory
from tests.interviews.record_history import DAY, NOW, build_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return UserFactory(time_zone="Europe/Berlin", name="Jo Seeker")


def download(client, owner, name: str) -> str:
    with time_machine.travel(NOW, tick=False):
        client.force_login(owner)
        response = client.get(reverse(name))
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"].startswith("attachment;")
    return b"".join(response.streaming_content).decode("utf-8")


def test_the_json_export_holds_interviews_with_history_reminders_with_state_and_settings(client, owner):
    record = build_record(owner)
    build_record(UserFactory())  # another user's record is not in it

    document = json.loads(download(client, owner, "interviews:export_json"))

    assert document["format"] == "raincheck" and document["version"] == 1
    assert document["account"]["email"] == owner.email
    assert document["account"]["time_zone"] == "Europe/Berlin"
    assert document["account"]["reminder_first_hours"] == owner.reminder_first_hours
    assert len(document["interviews"]) == 8
    alpha = next(i for i in document["interviews"] if i["company"] == "Alpha GmbH")
    assert alpha["key"] == str(record.alpha.external_key)
    assert alpha["status"] == "attended"
    assert [e["kind"] for e in alpha["history"]][:2] == ["created", "decision"]
    notice = next(e for e in alpha["history"] if e["kind"] == "notice_given")
    assert notice["data"]["message_subject"] == "Rescheduling our interview"
    delta = next(i for i in document["interviews"] if i["company"] == "Delta SA")
    assert {r["state"] for r in delta["reminders"]} == {"pending"}
    assert len(delta["reminders"]) == Reminder.objects.filter(interview=record.delta).count() > 0


def test_the_csv_export_has_one_row_per_interview_with_the_history_summarised(client, owner):
    record = build_record(owner)

    rows = list(csv.DictReader(io.StringIO(download(client, owner, "interviews:export_csv").lstrip("\ufeff"))))

    assert len(rows) == 8
    alpha = next(r for r in rows if r["company"] == "Alpha GmbH")
    assert alpha["key"] == str(record.alpha.external_key)
    # Its time in its own zone (Berlin, CET in February), as the minimal import takes it.
    local = record.alpha.scheduled_at.astimezone(record.alpha.zone)
    assert (alpha["date"], alpha["time"]) == (local.date().isoformat(), f"{local:%H:%M}")
    assert alpha["zone"] == "Europe/Berlin"
    lines = alpha["history"].splitlines()
    assert len(lines) == record.alpha.events.count()
    assert "notice_given: Told them by e-mail, 120 h before" in lines[4]
    assert alpha["status"] == "attended"


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://evil")', "+49 30 1234", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_cells_a_spreadsheet_would_run_as_formulas_are_neutralised(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Acme", "2027-03-01", "", "'quoted", "a=b"])
def test_other_cells_are_left_alone(cell):
    assert neutralise(cell) == cell


def test_a_hostile_company_name_reaches_the_csv_as_plain_text(client, owner):
    InterviewFactory(owner=owner, company='=HYPERLINK("http://evil.example","Click")', notes="@SUM(1+1)")

    (row,) = list(csv.DictReader(io.StringIO(download(client, owner, "interviews:export_csv").lstrip("\ufeff"))))

    assert row["company"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert row["notes"] == "'@SUM(1+1)"
    assert row["contact_phone"].startswith("'+")


def _bulk_interviews(owner, count: int, *, first: int = 0) -> None:
    """Many interviews at once (the services would take minutes for 10,000; the export only reads them)."""
    start = NOW + 3 * DAY
    interviews = [
        Interview(
            owner=owner,
            company=f"Company {n}",
            role="Developer",
            scheduled_at=start + dt.timedelta(minutes=n),
            time_zone="Europe/Berlin",
            notes="Bring the portfolio. " * 5,
        )
        for n in range(first, first + count)
    ]
    for interview in interviews:
        interview.notice_deadline = interview.deadline_from_period()
    Interview.objects.bulk_create(interviews, batch_size=1000)


def _stream_peak(client, owner, name: str) -> tuple[int, int, int]:
    """Read the export chunk by chunk; (chunks, bytes, peak Python memory while streaming)."""
    with time_machine.travel(NOW, tick=False):
        client.force_login(owner)
        response = client.get(reverse(name))
        content = response.streaming_content
        assert isinstance(content, Iterator), "the export must be an iterator, read as it is sent"
        chunks = size = 0
        tracemalloc.start()
        try:
            for chunk in content:
                chunks += 1
                size += len(chunk)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    return chunks, size, peak


@pytest.mark.parametrize("name", ["interviews:export_json", "interviews:export_csv"])
def test_10000_interviews_export_as_a_stream_in_flat_memory(client, owner, name):
    _bulk_interviews(owner, 2_000)
    _, small_size, small_peak = _stream_peak(client, owner, name)
    _bulk_interviews(owner, 8_000, first=2_000)

    chunks, size, peak = _stream_peak(client, owner, name)

    assert chunks > 10_000
    assert size > 4.5 * small_size
    # Held in memory at once: about one chunk of interviews (500), whatever the export's length.
    assert peak < 1.3 * small_peak, f"peak {peak:,} bytes for 10,000 interviews, {small_peak:,} for 2,000"
