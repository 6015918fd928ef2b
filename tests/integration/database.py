"""The test database that the integration tests share with the processes they start.

An in-memory SQLite database lives in one process only, so when integration
tests are among the collected tests and the backend is SQLite, the test database
becomes a file (on tmpfs where there is one, so the rest of the suite stays
fast). A test database name that is a file already is left alone; the processes
get the test database's DATABASE_URL (processes.test_database_url).
"""

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator


def _in_memory(name) -> bool:
    return not name or name == ":memory:" or str(name).startswith("file:memorydb")


def _scratch_dir() -> str:
    shm = "/dev/shm"  # noqa: S108 (a private directory is made inside it)
    base = shm if os.path.isdir(shm) and os.access(shm, os.W_OK) else None
    return tempfile.mkdtemp(prefix="raincheck-testdb-", dir=base)


@contextlib.contextmanager
def file_based_sqlite_test_database(items) -> Iterator[None]:
    """Make the SQLite test database a file if any collected test is marked `integration`."""
    from django.db import connection

    test_settings = connection.settings_dict.setdefault("TEST", {})
    wanted = any(item.get_closest_marker("integration") for item in items)
    if connection.vendor != "sqlite" or not wanted or not _in_memory(test_settings.get("NAME")):
        yield
        return
    directory = _scratch_dir()
    test_settings["NAME"] = os.path.join(directory, "test_raincheck.sqlite3")
    try:
        yield
    finally:
        shutil.rmtree(directory, ignore_errors=True)
