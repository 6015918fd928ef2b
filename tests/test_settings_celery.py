"""Celery and SMTP limits stay under the reminder lease, or start-up stops naming the variable.

Each case starts a fresh Python process with a clean environment, as an operator's would be.
"""

import json
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

DUMP = """
import json
import django
django.setup()
from config.celery import app
c = app.conf
print(json.dumps({
    "serializer": c.task_serializer,
    "accept": c.accept_content,
    "acks_late": c.task_acks_late,
    "reject_on_worker_lost": c.task_reject_on_worker_lost,
    "prefetch": c.worker_prefetch_multiplier,
    "time_limit": c.task_time_limit,
    "soft_time_limit": c.task_soft_time_limit,
    "soft_shutdown": c.worker_soft_shutdown_timeout,
    "cancel_on_connection_loss": c.worker_cancel_long_running_tasks_on_connection_loss,
    "visibility_timeout": c.broker_transport_options.get("visibility_timeout"),
    "beat": c.beat_schedule,
    "email_timeout": django.conf.settings.EMAIL_TIMEOUT,
}))
"""


def start(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", DUMP], env=env, cwd=BASE_DIR, capture_output=True, text=True, timeout=120
    )


def celery_settings(env: dict) -> dict:
    done = start(env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_default_celery_settings_make_tasks_safe_to_lose(production_env):
    conf = celery_settings(production_env)

    assert conf["serializer"] == "json" and conf["accept"] == ["json"]
    assert conf["acks_late"] is True
    assert conf["reject_on_worker_lost"] is True
    assert conf["prefetch"] == 1
    assert conf["soft_shutdown"] > 0
    assert conf["cancel_on_connection_loss"] is True
    # Task and SMTP limits well under the 600 s lease; the soft limit before the hard one.
    assert conf["time_limit"] == 300
    assert 0 < conf["soft_time_limit"] < conf["time_limit"]
    assert conf["email_timeout"] == 30
    (entry,) = conf["beat"].values()
    assert entry["task"] == "interviews.tasks.reminders_sweep"
    assert entry["schedule"] == 60
    assert entry["options"] == {"expires": 60}  # a missed sweep is dropped, never an ETA


def test_task_limits_stay_under_the_visibility_timeout_on_redis(production_env):
    conf = celery_settings({**production_env, "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0"})

    assert conf["time_limit"] < conf["visibility_timeout"]


def test_a_short_lease_shortens_the_default_limits(production_env):
    conf = celery_settings(
        {**production_env, "RAINCHECK_REMINDER_LEASE_SECONDS": "8", "RAINCHECK_REMINDER_SWEEP_SECONDS": "1"}
    )

    assert conf["time_limit"] == 4
    assert 0 < conf["soft_time_limit"] < 4
    assert conf["email_timeout"] == conf["soft_time_limit"] / 2
    (entry,) = conf["beat"].values()
    assert entry["schedule"] == 1


def test_a_time_limit_at_or_above_the_lease_stops_start_up_naming_the_variable(production_env):
    done = start({**production_env, "RAINCHECK_REMINDER_LEASE_SECONDS": "600", "RAINCHECK_TASK_TIME_LIMIT": "600"})

    assert done.returncode != 0
    assert "RAINCHECK_TASK_TIME_LIMIT must be positive and below RAINCHECK_REMINDER_LEASE_SECONDS" in done.stderr


def test_a_send_deadline_that_does_not_fit_under_the_soft_time_limit_stops_start_up(production_env):
    # Soft limit 5.4 s: one send may take at most 2.7 s of it.
    done = start({**production_env, "RAINCHECK_TASK_TIME_LIMIT": "6", "RAINCHECK_EMAIL_TIMEOUT": "3"})

    assert done.returncode != 0
    assert "RAINCHECK_EMAIL_TIMEOUT must be positive and at most half the task's soft time limit" in done.stderr
    assert (
        celery_settings({**production_env, "RAINCHECK_TASK_TIME_LIMIT": "6", "RAINCHECK_EMAIL_TIMEOUT": "2.5"})[
            "email_timeout"
        ]
        == 2.5
    )


def test_smtp_urls_use_the_backend_with_a_send_deadline(production_env):
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.EMAIL_BACKEND)",
        ],
        env={**production_env, "EMAIL_URL": "smtp://mail.example:25"},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.stdout.strip() == "config.smtp.EmailBackend", done.stderr
