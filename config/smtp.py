"""Django's SMTP backend, with one overall deadline for a whole send when the caller sets one.

smtplib's timeout applies to each socket operation: a server that answers every
command just under the timeout can keep one e-mail's conversation (greeting, EHLO,
MAIL, RCPT, DATA, the message) going for six timeouts, far past a Celery task's
soft time limit. Inside `send_deadline(seconds)`, every connect, write and read of
the conversation waits at most until that moment, so the whole send ends on time
(as a timeout, which the caller counts as a temporary failure). Outside it, the
backend is Django's as it is.
"""

import smtplib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.mail.backends import smtp

_deadline: ContextVar[float | None] = ContextVar("smtp_send_deadline", default=None)


@contextmanager
def send_deadline(seconds: float) -> Iterator[None]:
    """Everything the SMTP backend does inside this block ends within `seconds`."""
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def _wait_allowed(timeout: float | None) -> float | None:
    """The socket timeout for the next operation: the per-operation timeout, or less near the deadline."""
    deadline = _deadline.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("the send's deadline has passed")
    return left if timeout is None else min(timeout, left)


class _Deadline:
    """Mixed into smtplib's classes: the deadline applies before each connect, write and read."""

    def _get_socket(self, host, port, timeout):
        return super()._get_socket(host, port, _wait_allowed(timeout))

    def _apply_deadline(self) -> None:
        # settimeout() costs system calls: only when the wait allowed changes (near the deadline).
        allowed = _wait_allowed(self.timeout)
        if self.sock is not None and allowed != self.sock.gettimeout():
            self.sock.settimeout(allowed)

    def send(self, s):
        self._apply_deadline()
        return super().send(s)

    def getreply(self):
        self._apply_deadline()
        return super().getreply()


class DeadlineSMTP(_Deadline, smtplib.SMTP):
    pass


class DeadlineSMTPSSL(_Deadline, smtplib.SMTP_SSL):
    pass


class EmailBackend(smtp.EmailBackend):
    """settings.EMAIL_BACKEND for smtp:// URLs: Django's backend on the deadline-aware smtplib classes."""

    @property
    def connection_class(self):
        return DeadlineSMTPSSL if self.use_ssl else DeadlineSMTP
