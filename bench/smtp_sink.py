"""A local SMTP responder that accepts every message and counts it: a minimal asyncio server in a process of its own.

The bench measures the sender, so the receiver must cost as little as possible: an
aiosmtpd handler spends 1.5-2 ms a message (parsing, session objects, hooks), more
than smtplib spends sending it. This one answers the commands a client sends
(EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) with fixed replies, reads the data
up to the lone dot without looking inside, and keeps only a count. It runs in its
own process: as a thread, it would share the interpreter lock with a sender in the
bench's process (the step-by-step sweep), whose every database wait it would lengthen.
"""

import asyncio
import multiprocessing
import socket

_REPLIES = {
    b"EHLO": b"250-raincheck-bench\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
    b"HELO": b"250 raincheck-bench\r\n",
    b"MAIL": b"250 OK\r\n",
    b"RCPT": b"250 OK\r\n",
    b"RSET": b"250 OK\r\n",
    b"NOOP": b"250 OK\r\n",
}


async def _session(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, received) -> None:
    writer.write(b"220 raincheck-bench ESMTP\r\n")
    try:
        while line := await reader.readline():
            verb = line[:4].upper()
            if verb == b"DATA":
                writer.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                await reader.readuntil(b"\r\n.\r\n")
                with received.get_lock():
                    received.value += 1
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


async def _serve(host: str, port: int, received, ready) -> None:
    # A large read limit: readuntil() holds a whole message (tens of KB) before the dot.
    server = await asyncio.start_server(
        lambda reader, writer: _session(reader, writer, received), host, port, limit=2**24
    )
    ready.set()
    async with server:
        await server.serve_forever()


def _run(host: str, port: int, received, ready) -> None:
    asyncio.run(_serve(host, port, received, ready))


class SmtpSink:
    def __init__(self):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.host = "127.0.0.1"
        # spawn, not fork: the bench's process holds database connections the child must not share.
        context = multiprocessing.get_context("spawn")
        self._received = context.Value("q", 0)
        self._ready = context.Event()
        self._process = context.Process(
            target=_run, args=(self.host, self.port, self._received, self._ready), daemon=True
        )

    def __enter__(self) -> "SmtpSink":
        self._process.start()
        if not self._ready.wait(timeout=30):
            self._process.kill()
            raise RuntimeError("the bench's SMTP responder did not start")
        return self

    def __exit__(self, *exc) -> None:
        self._process.terminate()
        self._process.join(timeout=10)

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def reset(self) -> None:
        with self._received.get_lock():
            self._received.value = 0

    @property
    def received(self) -> int:
        return self._received.value
