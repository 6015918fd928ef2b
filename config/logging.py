"""Structured logs: one JSON object a line, with the request id and user id.

No other personal data goes in: no e-mail addresses, names or message text.
Web requests get a fresh id (or a sane X-Request-ID); Celery tasks use their
task id as the request id (see bind_task_context), so one grep follows a
request or a task through every line it logged.
"""

import contextvars
import json
import logging
import time
import uuid

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
user_id_var: contextvars.ContextVar[int | None] = contextvars.ContextVar("user_id", default=None)

log = logging.getLogger("raincheck.request")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = getattr(record, "request_id", None) or request_id_var.get()
        record.user_id = getattr(record, "user_id", None) or user_id_var.get()
        return True


# Celery passes a task's context as extra={"data": ...}, arguments and return
# value included; only these keys of it are logged (tasks take ids, but what a
# task returns or fails on is not ours to put in a log line).
CELERY_DATA_KEYS = {"id": "task_id", "name": "task_name", "runtime": "runtime", "hostname": "hostname"}
# Extras never written: the request object (its repr carries the full path).
DROPPED_EXTRAS = {"request"}


class JsonFormatter(logging.Formatter):
    # Attributes every LogRecord has; anything else was passed in `extra`.
    _standard = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id", "user_id"}
    converter = time.gmtime  # times in UTC, marked Z

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": f"{self.formatTime(record, '%Y-%m-%dT%H:%M:%S')}.{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
            "user_id": getattr(record, "user_id", None),
        }
        for key, value in vars(record).items():
            if key in self._standard or key.startswith("_") or key in DROPPED_EXTRAS:
                continue
            if key == "data" and isinstance(value, dict):
                data.update({out: value[name] for name, out in CELERY_DATA_KEYS.items() if name in value})
                continue
            data[key] = value
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data, default=str)


def loggable_path(request) -> str:
    """The path, with signed tokens (verification, unsubscribe, password reset) blanked out.

    A token in a log would let whoever reads the log act for its user.
    """
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name, value in match.kwargs.items():
            if "token" in name and isinstance(value, str) and value:
                path = path.replace(value, "[token]")
    return path


class RequestIdMiddleware:
    """Tag every log record of a request with an id (kept from X-Request-ID when sane)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if incoming.isalnum() and len(incoming) <= 64 else uuid.uuid4().hex
        request.request_id = rid
        token = request_id_var.set(rid)
        user_token = user_id_var.set(None)
        try:
            response = self.get_response(request)
            user = getattr(request, "user", None)
            user_id = user.pk if user is not None and user.is_authenticated else None
            user_id_var.set(user_id)
            response["X-Request-ID"] = rid
            log.info(
                "request",
                extra={
                    "method": request.method,
                    "path": loggable_path(request),
                    "status": response.status_code,
                    "user_id": user_id,
                },
            )
            return response
        finally:
            request_id_var.reset(token)
            user_id_var.reset(user_token)


def axes_client_str(username, ip_address, user_agent, path_info, request) -> str:
    """How django-axes names a client in its log lines: no e-mail address, IP or user agent.

    The lock-out records themselves (admin: Axes) keep those; the log keeps the request id.
    """
    return f"a client on {path_info}"


# --- Celery tasks -------------------------------------------------------------------


def bind_task_context(task_id=None, **kwargs) -> None:
    """task_prerun: every record a task logs carries its task id as the request id."""
    request_id_var.set(task_id or "-")
    user_id_var.set(None)


def clear_task_context(**kwargs) -> None:
    """task_postrun: the worker process goes on to other tasks; forget this one's id."""
    request_id_var.set("-")
    user_id_var.set(None)
