"""The baseline: send pre-rendered messages over one SMTP connection with smtplib, nothing else.

Run as its own process (`python -m bench.bare_smtp FILE HOST PORT`), so its maximum
resident set size is its own. FILE holds the messages the sweep will send, each a JSON
line (sender, recipients, size) followed by exactly that many bytes of the message;
they are read one at a time, as a mail queue would hand them over.
"""

import json
import smtplib
import sys
from collections.abc import Iterator
from typing import BinaryIO


def read_messages(stream: BinaryIO) -> Iterator[tuple[str, list[str], bytes]]:
    while header := stream.readline():
        envelope = json.loads(header)
        yield envelope["from"], envelope["to"], stream.read(envelope["size"])


def write_message(stream: BinaryIO, sender: str, recipients: list[str], data: bytes) -> None:
    stream.write(json.dumps({"from": sender, "to": recipients, "size": len(data)}).encode() + b"\n")
    stream.write(data)


def main(path: str, host: str, port: int) -> int:
    sent = 0
    with open(path, "rb") as stream, smtplib.SMTP(host, port, timeout=30) as smtp:
        for sender, recipients, data in read_messages(stream):
            smtp.sendmail(sender, recipients, data)
            sent += 1
    print(f"{sent} sent")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
