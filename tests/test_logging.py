"""Structured logs: JSON lines with a request id (the task id in tasks), the user id, and no other personal data."""

import json
import logging
import os
import subprocess
import sys

import pytest
from celery import signals
from django.urls import reverse

from config.logging import JsonFormatter, RequestIdFilter, loggable_path


@pytest.fixture
def log_lines():
    """Records of the "raincheck" and "celery" loggers, formatted as the stderr handler formats them."""
    lines = []

    class Capture(logging.Handler):
        def emit(self, record):
            lines.append(json.loads(self.format(record)))

    handler = Capture()
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    loggers = [logging.getLogger("raincheck"), logging.getLogger("celery")]
    for logger in loggers:
        logger.addHandler(handler)
    yield lines
    for logger in loggers:
        logger.removeHandler(handler)


def test_request_log_line_has_request_id_user_id_and_no_email(client, user, log_lines):
    client.force_login(user)

    response = client.get("/healthz", headers={"X-Request-ID": "abc123"})

    line = next(entry for entry in log_lines if entry["message"] == "request")
    assert response["X-Request-ID"] == "abc123"
    assert line["request_id"] == "abc123"
    assert line["user_id"] == user.pk
    assert line["path"] == "/healthz"
    assert line["status"] == response.status_code
    assert user.email not in json.dumps(log_lines)


def test_an_unsafe_incoming_request_id_is_replaced(client, db, log_lines):
    response = client.get("/healthz", headers={"X-Request-ID": "x\nforged line"})

    assert response["X-Request-ID"].isalnum()
    assert response["X-Request-ID"] != "x\nforged line"


def test_tokens_in_paths_are_blanked_out(rf):
    request = rf.get("/accounts/verify/sekrit-token-value/")
    request.resolver_match = type("Match", (), {"kwargs": {"token": "sekrit-token-value"}})()

    assert loggable_path(request) == "/accounts/verify/[token]/"


def test_task_log_lines_carry_the_task_id_and_not_the_arguments(log_lines):
    signals.task_prerun.send(sender=None, task_id="task-42", task=None, args=(), kwargs={})
    try:
        logging.getLogger("raincheck.reminders").info("sent", extra={"reminder_id": 7})
        logging.getLogger("celery.app.trace").info(
            "Task %(name)s[%(id)s] succeeded in %(runtime)ss",
            {"id": "task-42", "name": "interviews.tasks.x", "runtime": 0.5, "return_value": "someone@example.com"},
            extra={
                "data": {
                    "id": "task-42",
                    "name": "interviews.tasks.x",
                    "runtime": 0.5,
                    "args": "('someone@example.com',)",
                    "return_value": "someone@example.com",
                }
            },
        )
    finally:
        signals.task_postrun.send(sender=None, task_id="task-42", task=None, args=(), kwargs={})
    logging.getLogger("raincheck.reminders").info("after the task")

    sent, succeeded, after = log_lines
    assert sent["request_id"] == "task-42"
    assert sent["reminder_id"] == 7
    assert succeeded["request_id"] == "task-42"
    assert succeeded["task_name"] == "interviews.tasks.x"
    assert "someone@example.com" not in json.dumps(succeeded)
    assert after["request_id"] == "-"


def test_celery_success_line_leaves_out_the_return_value():
    from celery.app import trace

    import config.celery  # noqa: F401 (sets the format)

    assert "return_value" not in trace.LOG_SUCCESS


def test_errors_go_to_stderr_as_json(tmp_path):
    script = (
        "import django, logging; django.setup()\n"
        "try:\n    raise ValueError('boom')\n"
        "except ValueError:\n    logging.getLogger('raincheck.test').exception('it failed')\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "RAINCHECK_VAR_DIR": str(tmp_path)}

    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)

    assert done.stdout == ""
    line = json.loads(done.stderr.strip().splitlines()[-1])
    assert line["level"] == "ERROR"
    assert line["message"] == "it failed"
    assert "ValueError: boom" in line["exc"]


def test_failed_log_ins_are_logged_without_the_address_typed_or_the_ip(client, user, caplog):
    for _ in range(6):
        client.post(reverse("accounts:login"), {"username": user.email, "password": "wrong"}, REMOTE_ADDR="203.0.113.9")

    lines = [JsonFormatter().format(record) for record in caplog.records if record.name.startswith("axes")]
    assert any("AXES: Locking out a client on /accounts/login/" in line for line in lines)
    assert not any(user.email in line or "203.0.113.9" in line for line in lines)
