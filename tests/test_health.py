"""/healthz: 200 when the database, the broker and the reminder sweep are fine; 503 naming what is not."""

import socket
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from interviews.models import SweepHeartbeat
from tests.services import require_redis

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


def free_port() -> int:
    """A local TCP port where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def swept(ago: timedelta) -> None:
    SweepHeartbeat.objects.update_or_create(name="reminders", defaults={"finished_at": NOW - ago})


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def _sweep_every_minute(settings):
    settings.RAINCHECK_REMINDER_SWEEP_SECONDS = 60


def test_healthz_is_ok_when_database_broker_and_sweep_are_fine(client):
    swept(timedelta(seconds=30))

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["failing"] == []
    assert body["checks"] == {"database": "ok", "broker": "ok", "sweep": "ok", "reminders": "ok"}
    assert body["sweep_age_seconds"] == 30


def test_healthz_needs_no_login_and_is_not_cached(client):
    swept(timedelta(seconds=1))

    response = client.get("/healthz")

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]


def test_healthz_still_ok_at_exactly_three_sweep_intervals(client):
    swept(timedelta(seconds=180))

    assert client.get(reverse("healthz")).status_code == 200


def test_healthz_names_the_sweep_one_second_past_three_intervals(client):
    swept(timedelta(seconds=181))

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["status"] == "fail"
    assert response.json()["failing"] == ["sweep"]


def test_healthz_names_the_sweep_when_none_ever_finished(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["failing"] == ["sweep"]
    assert response.json()["sweep_age_seconds"] is None


def test_healthz_allows_three_of_the_configured_intervals(client, settings):
    settings.RAINCHECK_REMINDER_SWEEP_SECONDS = 5
    swept(timedelta(seconds=16))

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["failing"] == ["sweep"]


def test_healthz_names_the_broker_when_redis_does_not_listen(client, settings):
    swept(timedelta(seconds=10))
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["failing"] == ["broker"]
    assert response.json()["checks"]["broker"] == "fail"


def test_healthz_names_the_broker_when_its_folder_is_gone(client, settings, tmp_path):
    swept(timedelta(seconds=10))
    settings.CELERY_BROKER_URL = "filesystem://"
    missing = str(tmp_path / "no-such-folder")
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": missing, "data_folder_out": missing}

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["failing"] == ["broker"]


def test_healthz_is_ok_with_redis_as_the_broker(client, settings):
    settings.CELERY_BROKER_URL = require_redis()
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    swept(timedelta(seconds=10))

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json()["checks"]["broker"] == "ok"


def test_healthz_reports_two_failing_parts_together(client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["failing"] == ["broker", "sweep"]


def test_healthz_names_the_database_when_its_tables_are_missing(client):
    from django.db import connection

    with connection.cursor() as cursor:  # undone when the test's transaction rolls back
        cursor.execute("ALTER TABLE interviews_sweepheartbeat RENAME TO not_migrated")

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["failing"] == ["database", "sweep", "reminders"]


def test_healthz_is_ok_right_after_a_reminder_sweep(client):
    from interviews.delivery import reminders_sweep

    reminders_sweep(NOW, enqueue=lambda ids: None)

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json()["sweep_age_seconds"] == 0
