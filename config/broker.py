"""kombu's filesystem transport (the embedded broker of `make run`), with messages written atomically.

kombu creates a message file and then writes into it. A worker that lists the
folder in between moves the still-empty file away, fails to parse it and stops
with "Unrecoverable error: JSONDecodeError" (celery/kombu#1551), taking the task
with it; the integration tests hit this with beat and a worker side by side.
Here each message is written under a name that no reader picks up (readers look
for ".<queue>.msg") and renamed into place, which is atomic within one folder.
"""

import os
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        """Put `payload` onto `queue`: readers see the whole message or nothing."""
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        partial = os.path.join(self.data_folder_out, f"partial-{uuid.uuid4()}")
        try:
            with open(partial, "wb") as f:
                f.write(str_to_bytes(dumps(payload)))
            os.replace(partial, os.path.join(self.data_folder_out, name))
        except OSError as exc:
            raise ChannelError(f"Cannot add message {name!r} to {self.data_folder_out!r}") from exc


class Transport(filesystem.Transport):
    Channel = Channel
