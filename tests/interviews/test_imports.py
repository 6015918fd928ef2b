"""Import: preview with each row's error, nothing saved before "Import", every row through the services,
no duplicates on a second import, and the export round-trips to the same interviews and history."""

import csv
import io
import json

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from interviews.exports import export_csv, export_json
from interviews.imports import MAX_UPLOAD_BYTES
from interviews.models import Interview, InterviewEvent, Reminder
from interviews.statistics import record_statistics
from tests.factories import InterviewFactory, UserFactory
from tests.interviews.record_history import NOW, build_record
from tests.security.world import state_difference, stored_state

pytestmark = pytest.mark.django_db

MINIMAL = (
    "company,role,date,time,zone\n"
    "Acme,Developer,2027-03-20,14:30,Europe/Berlin\n"
    "Beta,,2027-04-02,09:00,America/New_York\n"
)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def owner():
    return UserFactory(time_zone="Europe/Berlin")


@pytest.fixture
def logged_in(client, owner, frozen):
    client.force_login(owner)
    return client


def outcome(page: str, company_start: str) -> str:
    """The "what happens" cell of the preview row whose company starts with `company_start`."""
    import re

    for row in re.findall(r"<tr data-import-line.*?</tr>", page, re.S):
        cells = re.findall(r"<td>(.*?)</td>", row, re.S)
        if cells[1].startswith(company_start):
            return " ".join(re.sub(r"<[^>]+>", "", cells[3]).split())
    raise AssertionError(f"no preview row for {company_start}")


def upload(client, content: str | bytes, name: str = "interviews.csv"):
    data = content.encode() if isinstance(content, str) else content
    return client.post(reverse("interviews:record_import"), {"file": SimpleUploadedFile(name, data)})


def confirm(client):
    return client.post(reverse("interviews:record_import_confirm"), {"import": ""})


def snapshot(user) -> list[tuple]:
    """What a user sees of their interviews and history, independent of database ids and keys."""
    rows = []
    for interview in Interview.objects.owned_by(user).order_by("scheduled_at", "company"):
        rows.append(
            (
                interview.company,
                interview.role,
                interview.scheduled_at,
                interview.time_zone,
                interview.notice_period_text,
                interview.notice_deadline,
                interview.notes,
                interview.status,
                interview.plan,
                interview.notice_given_at,
                interview.notice_channel,
                interview.notice_hours,
                interview.notice_late,
                tuple((e.at, e.kind, e.summary) for e in interview.events.order_by("at", "pk")),
            )
        )
    return rows


def test_a_minimal_csv_is_previewed_and_saved_only_on_confirmation(logged_in, owner):
    response = upload(logged_in, MINIMAL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "2 new interviews" in page and "Will be added" in page
    assert not Interview.objects.owned_by(owner).exists()

    response = confirm(logged_in)

    assert response.status_code == 302
    acme = Interview.objects.owned_by(owner).get(company="Acme")
    assert acme.local_scheduled_at.strftime("%Y-%m-%d %H:%M") == "2027-03-20 14:30"
    assert acme.time_zone == "Europe/Berlin"
    # Through the service: the history's first line and the reminders are there.
    assert acme.events.get().kind == "created"
    assert Reminder.objects.filter(interview=acme).pending().count() == 2


def test_importing_the_same_file_again_adds_nothing(logged_in, owner):
    upload(logged_in, MINIMAL)
    confirm(logged_in)

    page = upload(logged_in, MINIMAL).content.decode()

    assert "0 new interviews; 2 already in your record" in page
    assert "Import 0" not in page and 'name="import"' not in page
    assert Interview.objects.owned_by(owner).count() == 2


def test_cancel_drops_the_waiting_rows(logged_in, owner):
    upload(logged_in, MINIMAL)

    logged_in.post(reverse("interviews:record_import_confirm"), {"cancel": ""})
    response = confirm(logged_in)

    assert response.status_code == 302
    assert not Interview.objects.owned_by(owner).exists()


def test_confirming_with_nothing_waiting_says_so(logged_in):
    response = confirm(logged_in)

    assert response.status_code == 302
    assert response.url == reverse("interviews:record_import")


HOSTILE = (
    "company,role,date,time,zone\n"
    '"=HYPERLINK(""http://evil.example"")",@SUM(1),2027-03-20,14:30,Europe/Berlin\n'
    "Gap Co,,2027-03-28,02:30,Europe/Berlin\n"
    "Bad date,,2027-02-30,10:00,Europe/Berlin\n"
    "Bad time,,2027-03-20,25:00,Europe/Berlin\n"
    "Bad zone,,2027-03-20,10:00,Mars/Olympus\n"
    '"Two\nlines",,2027-03-20,10:00,Europe/Berlin\n'
    "Past Co,,2020-01-01,10:00,Europe/Berlin\n"
)


def test_a_hostile_csv_names_each_rows_error_and_saves_nothing(logged_in, owner):
    before = stored_state()

    page = upload(logged_in, HOSTILE).content.decode()

    assert "cannot be imported, so nothing will be" in page
    # A formula is only text: it is imported as such (and neutralised again on export).
    assert outcome(page, "=HYPERLINK") == "Will be added"
    assert "does not exist in Europe/Berlin" in outcome(page, "Gap Co")  # the spring-forward gap
    assert "“2027-02-30” is not a date" in outcome(page, "Bad date")
    assert "“25:00” is not a time" in outcome(page, "Bad time")
    assert "“Mars/Olympus” is not a time zone we know" in outcome(page, "Bad zone")
    assert outcome(page, "Two").startswith("Error: company:")  # the service's one-line rule
    assert "in the past" in outcome(page, "Past Co")  # the service's rule for a new interview
    assert 'name="import"' not in page
    assert not state_difference(before, stored_state())
    assert confirm(logged_in).status_code == 302
    assert not Interview.objects.owned_by(owner).exists()


def test_columns_that_are_not_ours_refuse_the_file(logged_in, owner, other_user):
    theirs = InterviewFactory(owner=other_user, now=NOW)
    content = f"id,owner,company,date,time,zone\n{theirs.pk},{other_user.pk},Hijack,2027-03-20,10:00,UTC\n"

    page = upload(logged_in, content).content.decode()

    assert "Unknown columns: &#x27;id&#x27;, &#x27;owner&#x27;" in page
    assert Interview.objects.get(pk=theirs.pk).company == theirs.company
    assert not Interview.objects.owned_by(owner).exists()


def test_a_file_missing_a_column_is_refused(logged_in):
    page = upload(logged_in, "company,date,time\nAcme,2027-03-20,10:00\n").content.decode()

    assert "Missing column: zone." in page


def test_a_file_over_2_mb_is_refused_with_a_message(logged_in, owner):
    big = MINIMAL + ("Acme,Developer,2027-03-20,14:30,Europe/Berlin," + "x" * 1000 + "\n") * (10 * 1024)

    assert len(big) > 10 * 1024 * 1024
    page = upload(logged_in, big).content.decode()

    assert f"larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB" in page
    assert not Interview.objects.owned_by(owner).exists()


def test_a_file_that_is_not_text_is_refused(logged_in):
    page = upload(logged_in, b"\xff\xfe\x00binary").content.decode()

    assert "not UTF-8 text" in page


def test_another_users_key_never_touches_their_interview(logged_in, owner, other_user):
    theirs = InterviewFactory(owner=other_user, company="Theirs", now=NOW)
    content = f"key,company,date,time,zone\n{theirs.external_key},Mine now,2027-03-20,10:00,UTC\n"

    upload(logged_in, content)
    confirm(logged_in)

    assert Interview.objects.get(pk=theirs.pk).company == "Theirs"
    assert Interview.objects.owned_by(owner).get().company == "Mine now"


def _round_trip(client, source_owner, export) -> UserFactory:
    """Export `source_owner`'s record and import it into a new account; the new account."""
    content = "".join(export(user=source_owner))
    newcomer = UserFactory(time_zone=source_owner.time_zone)
    client.force_login(newcomer)
    name = "record.json" if content.lstrip().startswith("{") else "record.csv"
    response = upload(client, content.encode(), name)
    assert response.status_code == 200 and 'name="import"' in response.content.decode(), response.content.decode()
    assert confirm(client).status_code == 302
    return newcomer


def test_the_json_export_round_trips_to_the_same_interviews_history_and_statistics(client, owner, frozen):
    build_record(owner)

    newcomer = _round_trip(client, owner, lambda user: export_json(user=user, now=NOW))

    assert snapshot(newcomer) == snapshot(owner)
    assert record_statistics(user=newcomer, now=NOW) == record_statistics(user=owner, now=NOW)
    # The message as sent came along on its notice event.
    assert InterviewEvent.objects.filter(
        interview__owner=newcomer, data__message_subject="Rescheduling our interview"
    ).exists()


def test_the_csv_export_round_trips_to_the_same_interviews_and_history(client, owner, frozen):
    build_record(owner)

    newcomer = _round_trip(client, owner, export_csv)

    assert snapshot(newcomer) == snapshot(owner)


def test_a_round_trip_plans_reminders_only_ahead_of_now(client, owner, frozen):
    record = build_record(owner)

    newcomer = _round_trip(client, owner, lambda user: export_json(user=user, now=NOW))

    imported = Reminder.objects.filter(interview__owner=newcomer).pending()
    assert imported.count() == Reminder.objects.filter(interview__owner=owner, due_at__gt=NOW).pending().count() > 0
    assert not imported.filter(due_at__lte=NOW).exists()
    assert not Reminder.objects.filter(interview__owner=newcomer, interview__company=record.beta.company).exists()


def test_importing_ones_own_export_adds_nothing(client, owner, frozen):
    build_record(owner)
    content = "".join(export_json(user=owner, now=NOW))
    client.force_login(owner)

    page = upload(client, content.encode(), "record.json").content.decode()

    assert "0 new interviews; 8 already in your record" in page


def test_a_json_row_with_a_bad_history_event_is_named(logged_in, owner):
    document = json.loads("".join(export_json(user=owner, now=NOW)))
    document["interviews"] = [
        {
            "company": "Acme",
            "starts_at": "2027-03-20T10:00:00+00:00",
            "time_zone": "UTC",
            "status": "scheduled",
            "history": [
                {"at": "2027-03-01T10:00:00+00:00", "kind": "notice_given", "summary": "x", "data": {"hours": "lots"}}
            ],
        },
        {"company": "Beta", "starts_at": "2027-03-20T10:00:00+00:00", "time_zone": "UTC", "owner": 1},
    ]

    page = upload(logged_in, json.dumps(document), "record.json").content.decode()

    assert "hours of notice “lots” is not a number" in page
    assert "unknown field “owner”" in page
    assert not Interview.objects.owned_by(owner).exists()


def test_a_csv_export_survives_a_spreadsheet_that_kept_the_formula_guard(logged_in, owner):
    InterviewFactory(owner=owner, company="=1+2", notes="-bring CV", now=NOW)
    content = "".join(export_csv(user=owner))
    rows = list(csv.DictReader(io.StringIO(content.lstrip("\ufeff"))))
    assert rows[0]["company"] == "'=1+2"
    newcomer = UserFactory()
    logged_in.force_login(newcomer)

    upload(logged_in, content)
    confirm(logged_in)

    imported = Interview.objects.owned_by(newcomer).get()
    assert (imported.company, imported.notes) == ("=1+2", "-bring CV")
