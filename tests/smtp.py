"""A real SMTP server (aiosmtpd) inside the test process, receiving what RainCheck sends.

The `smtp_server` fixture starts it on 127.0.0.1 with a free port and points Django's
SMTP backend at it. The server can be told to refuse connections (it stops
listening) or to answer the next messages with an error reply, and to accept again.
"""

import asyncio
import email
import email.policy
import socket
import threading
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class RecordingHandler:
    """Stores every accepted message; answers DATA with queued error replies first, if any."""

    def __init__(self):
        self.lock = threading.Lock()
        self.messages: list[EmailMessage] = []
        self.raw: list[bytes] = []
        self.recipients: list[list[str]] = []
        self.connections: set[tuple] = set()
        self.replies: list[str] = []
        self.always_refuse: str | None = None
        self.refuse_rcpt: str | None = None
        self.reply_delay = 0.0
        self.on_data = None  # called (in the server's thread) as each message arrives, before the reply

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # noqa: N802 (aiosmtpd's name)
        if self.reply_delay:
            await asyncio.sleep(self.reply_delay)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's name)
        if self.reply_delay:
            await asyncio.sleep(self.reply_delay)
        with self.lock:
            if self.refuse_rcpt:
                return self.refuse_rcpt
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.on_data is not None:
            self.on_data()
        with self.lock:
            self.connections.add(session.peer)
            if self.replies:
                return self.replies.pop(0)
            if self.always_refuse:
                return self.always_refuse
            message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
            self.messages.append(message)
            self.raw.append(envelope.original_content)
            self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self):
        self.host = HOST
        self.port = free_port()
        self.handler = RecordingHandler()
        self._controller: Controller | None = None

    # --- running -------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._controller is not None

    def start(self) -> None:
        # A stopped Controller closed its event loop: every start gets a new one, on the same port.
        self._controller = Controller(self.handler, hostname=self.host, port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    # --- behaviour ---------------------------------------------------------------------

    def refuse_connections(self) -> None:
        """Stop listening: connecting fails with "connection refused"."""
        self.stop()

    def refuse_messages(self, reply: str = "451 4.3.0 Try again later", times: int | None = None) -> None:
        """Answer DATA with `reply`: the next `times` messages, or every message until accept()."""
        with self.handler.lock:
            if times is None:
                self.handler.always_refuse = reply
            else:
                self.handler.replies.extend([reply] * times)

    def refuse_recipients(self, reply: str = "550 5.1.1 No such user") -> None:
        """Answer every RCPT TO with `reply`, until accept()."""
        with self.handler.lock:
            self.handler.refuse_rcpt = reply

    def slow_replies(self, seconds: float) -> None:
        """Wait this long before answering MAIL FROM and RCPT TO (each reply, not the whole send)."""
        self.handler.reply_delay = seconds

    def accept(self) -> None:
        """Listen (again) and accept every message."""
        with self.handler.lock:
            self.handler.refuse_rcpt = None
            self.handler.always_refuse = None
            self.handler.replies.clear()
        if not self.running:
            self.start()

    # --- what arrived --------------------------------------------------------------------

    @property
    def messages(self) -> list[EmailMessage]:
        with self.handler.lock:
            return list(self.handler.messages)

    @property
    def raw_messages(self) -> list[bytes]:
        """The bytes as they came over the wire (re-serialising a parsed message may re-encode headers)."""
        with self.handler.lock:
            return list(self.handler.raw)

    @property
    def recipients(self) -> list[list[str]]:
        with self.handler.lock:
            return list(self.handler.recipients)

    @property
    def connection_count(self) -> int:
        """Distinct client connections that got as far as sending a message."""
        with self.handler.lock:
            return len(self.handler.connections)


@pytest.fixture
def smtp_server(settings):
    """A running SMTP server, with Django's SMTP backend pointed at it."""
    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "config.smtp.EmailBackend"
    settings.EMAIL_HOST = server.host
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    try:
        yield server
    finally:
        server.stop()
