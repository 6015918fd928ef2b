"""A local SMTP responder that accepts every message and counts it: a minimal asyncio server in a thread.

The bench measures the sender, so the receiver must cost as little as possible: an
aiosmtpd handler spends 1.5-2 ms a message (parsing, session objects, hooks), more
than smtplib spends sending it. This one answers the commands a client sends
(EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) with fixed replies, reads the data
up to the lone dot without looking inside, and keeps only a count.
"""

import asyncio
import socket
import threading

_REPLIES = {
    b"EHLO": b"250-raincheck-bench\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
    b"HELO": b"250 raincheck-bench\r\n",
    b"MAIL": b"250 OK\r\n",
    b"RCPT": b"250 OK\r\n",
    b"RSET": b"250 OK\r\n",
    b"NOOP": b"250 OK\r\n",
}


class SmtpSink:
    def __init__(self):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.host = "127.0.0.1"
        self._lock = threading.Lock()
        self._messages = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server = None

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"220 raincheck-bench ESMTP\r\n")
        try:
            while line := await reader.readline():
                verb = line[:4].upper()
                if verb == b"DATA":
                    writer.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    await reader.readuntil(b"\r\n.\r\n")
                    with self._lock:
                        self._messages += 1
                    writer.write(b"250 OK: queued\r\n")
                elif verb == b"QUIT":
                    writer.write(b"221 Bye\r\n")
                    break
                else:
                    writer.write(_REPLIES.get(verb, b"502 Command not implemented\r\n"))
                await writer.drain()
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    async def _start(self) -> None:
        # A large read limit: readuntil() holds a whole message (tens of KB) before the dot.
        self._server = await asyncio.start_server(self._session, self.host, self.port, limit=2**24)

    def __enter__(self) -> "SmtpSink":
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=10)
        return self

    def __exit__(self, *exc) -> None:
        async def stop():
            self._server.close()
            await self._server.wait_closed()

        asyncio.run_coroutine_threadsafe(stop(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def reset(self) -> None:
        with self._lock:
            self._messages = 0

    @property
    def received(self) -> int:
        with self._lock:
            return self._messages
