"""A local SMTP server (aiosmtpd, in a thread) that accepts every message and counts it."""

import socket
import threading

from aiosmtpd.controller import Controller


class CountingHandler:
    def __init__(self):
        self.lock = threading.Lock()
        self.messages = 0
        self.bytes = 0

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages += 1
            self.bytes += len(envelope.original_content or b"")
        return "250 Message accepted for delivery"


class SmtpSink:
    def __init__(self):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.host = "127.0.0.1"
        self.handler = CountingHandler()
        self._controller = Controller(self.handler, hostname=self.host, port=self.port)

    def __enter__(self) -> "SmtpSink":
        self._controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self._controller.stop()

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def reset(self) -> None:
        with self.handler.lock:
            self.handler.messages = 0
            self.handler.bytes = 0

    @property
    def received(self) -> int:
        with self.handler.lock:
            return self.handler.messages
