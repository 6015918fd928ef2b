"""A real SMTP server (aiosmtpd) in the test process that records every message it accepts.

It counts messages by Message-ID, so a reminder delivered twice shows up as a
duplicate; it can be made slow (a pause before each acceptance, so a worker can
be killed mid-batch) and stopped and started again on the same port (an outage).
"""

import asyncio
import email
import email.policy
import socket
import threading
from collections import Counter
from dataclasses import dataclass
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class ReceivedMessage:
    """One message as the server accepted it."""

    mail_from: str
    recipients: tuple[str, ...]
    message: EmailMessage

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"] or "").strip()

    @property
    def to(self) -> str:
        return str(self.message["To"] or "")

    @property
    def subject(self) -> str:
        return str(self.message["Subject"] or "")

    def body(self, subtype: str = "plain") -> str:
        """The text (or, with "html", the HTML) part, decoded."""
        part = self.message.get_body(preferencelist=(subtype,))
        return part.get_content() if part is not None else ""


class _Recorder:
    """aiosmtpd handler: accept every message after `server.delay` seconds and record it.

    With `server.reply_delay`, EHLO, MAIL FROM and RCPT TO are each answered that much
    later: every reply within a client's timeout, the whole conversation longer.
    """

    def __init__(self, server: "RecordingSMTPServer"):
        self.server = server

    async def handle_EHLO(self, smtp, session, envelope, hostname, responses):  # noqa: N802 (aiosmtpd's name)
        if self.server.reply_delay:
            await asyncio.sleep(self.server.reply_delay)
        session.host_name = hostname
        return responses

    async def handle_MAIL(self, smtp, session, envelope, address, mail_options):  # noqa: N802
        if self.server.reply_delay:
            await asyncio.sleep(self.server.reply_delay)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, smtp, session, envelope, address, rcpt_options):  # noqa: N802
        if self.server.reply_delay:
            await asyncio.sleep(self.server.reply_delay)
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, smtp, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.server._data_started()
        try:
            if self.server.delay:
                # The client is waiting for the acceptance here: a worker killed now
                # never learns that its message was accepted.
                await asyncio.sleep(self.server.delay)
            raw = envelope.original_content or envelope.content
            message = email.message_from_bytes(raw, policy=email.policy.default)
            self.server._record(
                ReceivedMessage(mail_from=envelope.mail_from, recipients=tuple(envelope.rcpt_tos), message=message)
            )
        finally:
            self.server._data_finished()
        return "250 Message accepted for delivery"


class RecordingSMTPServer:
    """An SMTP server on 127.0.0.1:<port> in a thread of the test process."""

    def __init__(self, host: str = "127.0.0.1", port: int | None = None):
        self.host = host
        self.port = port or free_port(host)
        self.delay = 0.0
        self.reply_delay = 0.0
        self._lock = threading.Lock()
        self._messages: list[ReceivedMessage] = []
        self._in_flight = 0
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        """EMAIL_URL for the processes under test."""
        return f"smtp://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._controller is not None

    def start(self) -> None:
        """Listen (again) on the same port."""
        if self._controller is None:
            controller = Controller(_Recorder(self), hostname=self.host, port=self.port, ready_timeout=10)
            controller.start()
            self._controller = controller

    def stop(self) -> None:
        """Stop listening and drop open connections: clients now get "connection refused"."""
        if self._controller is not None:
            controller, self._controller = self._controller, None
            controller.stop()

    def slow_down(self, seconds: float) -> None:
        """Pause this long before accepting each message (0 for full speed)."""
        self.delay = seconds

    def slow_replies(self, seconds: float) -> None:
        """Pause this long before answering each of EHLO, MAIL FROM and RCPT TO (0 for full speed)."""
        self.reply_delay = seconds

    # --- what arrived -----------------------------------------------------------

    def _data_started(self) -> None:
        with self._lock:
            self._in_flight += 1

    def _data_finished(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def _record(self, message: ReceivedMessage) -> None:
        with self._lock:
            self._messages.append(message)

    @property
    def in_flight(self) -> int:
        """Messages whose data has arrived but which are not accepted yet."""
        with self._lock:
            return self._in_flight

    @property
    def messages(self) -> list[ReceivedMessage]:
        with self._lock:
            return list(self._messages)

    def count(self) -> int:
        with self._lock:
            return len(self._messages)

    def counts_by_message_id(self) -> Counter:
        return Counter(m.message_id for m in self.messages)

    def duplicates(self) -> dict[str, int]:
        """Message-ID -> extra copies, for every message accepted more than once."""
        return {mid: n - 1 for mid, n in self.counts_by_message_id().items() if n > 1}

    def by_message_id(self) -> dict[str, ReceivedMessage]:
        """The first copy of each message."""
        first: dict[str, ReceivedMessage] = {}
        for m in self.messages:
            first.setdefault(m.message_id, m)
        return first
