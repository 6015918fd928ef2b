"""Real Celery workers, beats and send_due_reminders runs for the pipeline tests.

Each process starts in its own session (so its process group holds the prefork
children too), writes its output to a log file, and is always stopped by the
fixture that owns the runner: SIGTERM, then SIGKILL of the whole group after a
timeout, also when the test fails.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

PROJECT_DIR = Path(__file__).resolve().parents[2]


def test_database_url() -> str:
    """DATABASE_URL of the test database this test runs on, for processes to open it too."""
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(settings["NAME"])
        if name == ":memory:" or name.startswith("file:") or not os.path.isabs(name):
            raise RuntimeError(
                f"The SQLite test database is {name!r}, which other processes cannot open; "
                "the integration tests need a file (see tests/integration/database.py)."
            )
        return f"sqlite:///{name}"
    if connection.vendor == "postgresql":
        user = quote(settings.get("USER") or "", safe="")
        password = settings.get("PASSWORD") or ""
        auth = f"{user}:{quote(password, safe='')}@" if password else (f"{user}@" if user else "")
        host = settings.get("HOST") or ""
        port = f":{settings['PORT']}" if settings.get("PORT") else ""
        return f"postgres://{auth}{host}{port}/{quote(settings['NAME'], safe='')}"
    raise RuntimeError(f"No DATABASE_URL for the {connection.vendor} backend")


def pipeline_environment(*, broker_url: str, email_url: str, var_dir: Path, **overrides: str) -> dict[str, str]:
    """The environment of every process under test: production settings, the test database, seconds not minutes.

    Timing: a sweep every second; one send may take RAINCHECK_EMAIL_TIMEOUT (2.5 s, its
    whole conversation) and a batch RAINCHECK_TASK_TIME_LIMIT (6 s; soft limit 5.4 s),
    all under the 8 s lease, so a live worker never loses its claim while a dead one's
    claims expire within the test. Retries back off 1, 2, then 4 s at most.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        # Settings of the test process that must not leak into the app's own.
        if not key.startswith(("DJANGO_", "RAINCHECK_", "CELERY_", "PYTEST_"))
        and key not in ("DATABASE_URL", "EMAIL_URL")
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_SECRET_KEY": "integration-tests-not-a-secret",
            "DJANGO_ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
            "DATABASE_URL": test_database_url(),
            "CELERY_BROKER_URL": broker_url,
            "EMAIL_URL": email_url,
            "RAINCHECK_VAR_DIR": str(var_dir),
            "RAINCHECK_SITE_URL": "http://testserver",
            "RAINCHECK_MANIFEST_STATIC": "0",
            "RAINCHECK_REMINDER_SWEEP_SECONDS": "1",
            "RAINCHECK_REMINDER_LEASE_SECONDS": "8",
            "RAINCHECK_REMINDER_RETRY_SECONDS": "1",
            "RAINCHECK_REMINDER_RETRY_MAX_SECONDS": "4",
            "RAINCHECK_TASK_TIME_LIMIT": "6",
            "RAINCHECK_EMAIL_TIMEOUT": "2.5",
            "RAINCHECK_LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(overrides)
    return env


@dataclass
class RunningProcess:
    name: str
    popen: subprocess.Popen
    log_path: Path

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return not _exited(self)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log().splitlines()[-lines:])


class ProcessRunner:
    """Starts the processes of one test and stops every one of them at the end."""

    def __init__(self, log_dir: Path, env: dict[str, str]):
        self.log_dir = log_dir
        self.env = env
        self.started: list[RunningProcess] = []
        log_dir.mkdir(parents=True, exist_ok=True)

    def start(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> RunningProcess:
        log_path = self.log_dir / f"{name}.log"
        with open(log_path, "ab") as log:
            popen = subprocess.Popen(
                argv,
                cwd=PROJECT_DIR,
                env={**self.env, **(env or {})},
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                # Its own process group: the prefork children go with it, and a
                # SIGKILL of the group leaves nothing behind.
                start_new_session=True,
            )
        process = RunningProcess(name=name, popen=popen, log_path=log_path)
        self.started.append(process)
        return process

    def worker(
        self, name: str, *, concurrency: int = 1, env: dict[str, str] | None = None, clock_skew: float = 0
    ) -> RunningProcess:
        """A Celery worker with the prefork pool, as in production; its clock `clock_skew` seconds off."""
        skew = ["-m", "tests.integration.skewed_clock", str(clock_skew)] if clock_skew else []
        return self.start(
            name,
            [
                sys.executable,
                *skew,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=prefork",
                f"--concurrency={concurrency}",
                f"--hostname={name}@%h",
                # No gossip or mingle: nothing here depends on them and they slow start-up.
                "--without-gossip",
                "--without-mingle",
                "-l",
                "INFO",
            ],
            env,
        )

    def beat(self, name: str, *, env: dict[str, str] | None = None) -> RunningProcess:
        """Celery beat with its own schedule file and pid file."""
        return self.start(
            name,
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "beat",
                f"--schedule={self.log_dir / f'{name}-schedule'}",
                f"--pidfile={self.log_dir / f'{name}.pid'}",
                "-l",
                "INFO",
            ],
            env,
        )

    def send_due_reminders(self, name: str, *, env: dict[str, str] | None = None) -> RunningProcess:
        """One run of the cron command."""
        return self.start(name, [sys.executable, "manage.py", "send_due_reminders"], env)

    def wait_ready(self, process: RunningProcess, *, timeout: float = 30) -> None:
        """Until a worker says "ready." (it consumes from then on)."""
        from tests.integration.waiting import wait_until

        wait_until(
            lambda: " ready." in process.log() or not process.alive(),
            timeout=timeout,
            message=f"{process.name} did not become ready",
            progress=process.tail,
        )
        assert process.alive(), f"{process.name} exited during start-up:\n{process.tail()}"

    def wait_exit(self, process: RunningProcess, *, timeout: float) -> int:
        """Until a process that ends by itself (send_due_reminders) has ended; its exit code."""
        if not _wait_exited(process, timeout):
            raise AssertionError(f"{process.name} still running after {timeout:g} s:\n{process.tail()}")
        return process.popen.wait()

    def kill(self, process: RunningProcess) -> None:
        """SIGKILL the whole process group (the worker and its pool children), then reap the leader."""
        _signal_group(process, signal.SIGKILL)
        _wait_exited(process, 10)

    def stop(self, process: RunningProcess, *, timeout: float = 10) -> None:
        """SIGTERM (warm shutdown), then SIGKILL whatever is left of the group after `timeout`."""
        _signal_leader(process, signal.SIGTERM)
        self._finish(process, time.monotonic() + timeout)

    def stop_all(self) -> None:
        """Stop every process this runner started: all asked at once, then each waited for."""
        for process in self.started:
            _signal_leader(process, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for process in self.started:
            self._finish(process, deadline)

    def _finish(self, process: RunningProcess, deadline: float) -> None:
        _wait_exited(process, max(0.0, deadline - time.monotonic()))
        # Whatever is left of the group: everything, if the leader ignored SIGTERM;
        # orphaned pool children, if it died without taking them along.
        _signal_group(process, signal.SIGKILL)
        _wait_exited(process, 10)
        if process.popen.returncode is None:
            process.popen.wait(timeout=1)

    def report(self, lines: int = 40) -> str:
        """The tail of every log, for the failure report."""
        return "\n".join(
            f"----- {p.name} (pid {p.pid}, exit {p.popen.returncode}) -----\n{p.tail(lines)}" for p in self.started
        )


def _exited(process: RunningProcess) -> bool:
    """Whether the leader has exited, without reaping it.

    An unreaped (zombie) leader keeps its process group id reserved, so the group
    can still be signalled safely; once reaped, the id could belong to someone else.
    """
    if process.popen.returncode is not None:
        return True
    try:
        return os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


def _wait_exited(process: RunningProcess, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not _exited(process):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True


def _signal_leader(process: RunningProcess, sig: int) -> None:
    if not _exited(process):
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, sig)


def _signal_group(process: RunningProcess, sig: int) -> None:
    """Signal the process group, only while its leader is unreaped (see _exited)."""
    if process.popen.returncode is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)
