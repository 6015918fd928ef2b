"""Pages under gunicorn: the dashboard, an interview page and two flow steps, next to a bare logged-in page.

Two users, one with few interviews and one with many (bulk-created, deadlines
computed as the services compute them). Each page is fetched over HTTP from
gunicorn on the production settings by 1 and by 8 concurrent clients, with a
session cookie made on the bench database. The bare page is bench/urls.py's:
login required, base.html with an empty content block, nothing else; the same
gunicorn serves it (bench/settings.py adds it to the product's URLs). It is
fetched in the same rounds as the others, so a disturbance on the machine hits
both sides of a ratio alike. Beside each latency, the server's CPU per request:
the run time of gunicorn's workers (from /proc, in nanoseconds) over the
requests of that page, so a client-side figure inflated by the machine's other
load shows as such. The query count of every page is taken in this process with
Django's test client against the same database.
"""

import http.client
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from interviews.choices import Attendance, EventKind, NoticeChannel, Plan, Reason, Status
from interviews.models import Interview, InterviewEvent

from .environment import PROJECT_DIR, gunicorn_workers
from .report import Row

HTTPS = {"X-Forwarded-Proto": "https"}
DASHBOARD, DETAIL, FLOW, MESSAGE, BARE = (
    "dashboard",
    "interview page",
    "flow step (can you attend?)",
    "flow step (message)",
    "bare page",
)
MEASURED = (DASHBOARD, DETAIL, FLOW, MESSAGE)
# Requests of each page are taken in this many rounds, the pages taking turns.
ROUNDS = 10
# The budgets, for the user with the most interviews: each page's median within this many times the bare page's.
BUDGETS = {DASHBOARD: 2.0, DETAIL: 1.5, FLOW: 1.5, MESSAGE: 1.5}


class BenchError(RuntimeError):
    pass


# --- Data ----------------------------------------------------------------------------


def _interview(owner: User, n: int, now: datetime) -> Interview:
    """The n-th of a user's interviews: half ahead (2 to 61 days), half behind, in a mix of states."""
    days, hours = n // 2 % 60, n % 24
    if n % 2 == 0:
        scheduled_at = now + timedelta(days=2 + days, hours=hours)
        # A third undecided, a third going, a third decided (reschedule) but not told yet.
        status = Status.ATTENDING if n % 6 == 2 else Status.SCHEDULED
        fields = {
            0: {},
            2: {"attendance": Attendance.YES},
            4: {"attendance": Attendance.CANNOT, "reason": Reason.WORK, "plan": Plan.RESCHEDULE},
        }[n % 6]
    else:
        scheduled_at = now - timedelta(days=1 + days, hours=hours)
        status = (Status.ATTENDED, Status.MISSED, Status.CANCELLED)[n % 3]
        fields = {}
        if status == Status.CANCELLED:
            fields = {
                "attendance": Attendance.CANNOT,
                "reason": Reason.WORK,
                "plan": Plan.CANCEL,
                "notice_given_at": scheduled_at - timedelta(days=2),
                "notice_channel": NoticeChannel.EMAIL,
                "notice_hours": 48,
            }
    interview = Interview(
        owner=owner,
        company=f"Company {n}",
        role="Backend developer",
        scheduled_at=scheduled_at,
        time_zone="America/New_York" if n % 5 == 0 else owner.time_zone,
        location="Video call",
        contact_name="Sam Hiring",
        contact_email="sam@company.example",
        contact_phone="+49 30 1234567",
        notes="Ask about the team.",
        status=status,
        **fields,
    )
    # The site's default period, as the services would store it.
    interview.notice_deadline = interview.deadline_from_period()
    return interview


def seed_owner(count: int, now: datetime) -> User:
    """A verified user with `count` interviews, each with its 'added' event."""
    owner = User.objects.create_user(
        email=f"pages-{count}@bench.example",
        name=f"Owner of {count}",
        time_zone="Europe/Berlin",
        email_verified_at=now,
    )
    interviews = Interview.objects.bulk_create([_interview(owner, n, now) for n in range(count)], batch_size=500)
    InterviewEvent.objects.bulk_create(
        [
            InterviewEvent(
                interview=interview,
                kind=EventKind.CREATED,
                at=min(now, interview.scheduled_at) - timedelta(days=7),
                summary=f"Added: {interview.scheduled_at:%a %d %b %Y, %H:%M}",
            )
            for interview in interviews
        ],
        batch_size=500,
    )
    return owner


def page_paths(owner: User, now: datetime) -> dict[str, str]:
    """The pages to fetch: interviews well ahead, one at its first question and one at its message."""
    ahead = (
        Interview.objects.owned_by(owner)
        .upcoming(now)
        .filter(status=Status.SCHEDULED, notice_deadline__gt=now + timedelta(hours=12))
    )
    undecided = ahead.filter(attendance=Attendance.UNDECIDED).first()
    decided = ahead.filter(plan=Plan.RESCHEDULE).first()
    return {
        DASHBOARD: reverse("interviews:dashboard"),
        DETAIL: reverse("interviews:detail", args=[undecided.pk]),
        FLOW: reverse("interviews:flow_step", args=[undecided.pk, "attend"]),
        MESSAGE: reverse("interviews:flow_step", args=[decided.pk, "message"]),
        BARE: reverse("bench_bare"),
    }


def logged_in_client(owner: User) -> Client:
    client = Client(headers=HTTPS)
    client.force_login(owner)
    return client


def query_counts(owner: User, paths: dict[str, str]) -> dict[str, int]:
    """SQL queries of each page, in this process, after one warm-up request."""
    client = logged_in_client(owner)
    counts = {}
    for name, path in paths.items():
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            raise BenchError(f"{name} ({path}) answered {response.status_code} in-process")
        counts[name] = len(queries)
    return counts


# --- The server and the clients --------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class WebServer:
    """gunicorn with config/gunicorn.conf.py, as the Procfile starts it."""

    def __init__(self, env: dict[str, str], log_path: Path):
        self.port = free_port()
        self.env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "WebServer":
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "config/gunicorn.conf.py"],
            cwd=PROJECT_DIR,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                if fetch(self.port, reverse("accounts:login"), cookie="") == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise BenchError(f"gunicorn did not answer within 90 s:\n{self.log_tail()}")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()

    def log_tail(self) -> str:
        return self.log_path.read_text(errors="replace")[-3000:]

    def workers_cpu(self) -> dict[int, float]:
        """Seconds of CPU each gunicorn worker (a child of the master) has run so far."""
        master = self.process.pid
        times = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == master:  # the field after the state: the parent's pid
                    times[int(stat.parent.name)] = process_cpu(stat.parent)
            except (OSError, IndexError, ValueError):
                continue  # a process that ended while being read
        return times


def process_cpu(proc: Path) -> float:
    """A process's CPU time in seconds: the sum of its threads' run time in nanoseconds (schedstat)."""
    return sum(int((task / "schedstat").read_text().split()[0]) for task in (proc / "task").iterdir()) / 1e9


def cpu_spent(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU the workers ran between two readings (a worker started in between counts from zero)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def fetch(port: int, path: str, cookie: str) -> int:
    """One GET on a new connection (gunicorn's sync workers close it after each response)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        headers = dict(HTTPS)
        if cookie:
            headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={cookie}"
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def timed_fetch(port: int, path: str, cookie: str) -> float:
    start = time.perf_counter()
    status = fetch(port, path, cookie)
    elapsed = time.perf_counter() - start
    if status != 200:  # a redirect to the log-in page would measure the wrong page
        raise BenchError(f"GET {path} answered {status}")
    return elapsed


def latencies(port: int, path: str, cookie: str, *, total: int, clients: int) -> list[float]:
    """`total` requests, `clients` of them in flight at any time."""
    with ThreadPoolExecutor(max_workers=clients) as pool:
        return list(pool.map(lambda _: timed_fetch(port, path, cookie), range(total)))


@dataclass
class Latency:
    median: float
    p95: float
    cpu: float  # the server's CPU seconds per request

    @classmethod
    def of(cls, samples: list[float], cpu_seconds: float) -> "Latency":
        return cls(
            statistics.median(samples),
            statistics.quantiles(samples, n=20, method="inclusive")[-1],
            cpu_seconds / len(samples),
        )

    def text(self) -> str:
        return f"median {self.median * 1000:.1f} ms, p95 {self.p95 * 1000:.1f} ms, CPU {self.cpu * 1000:.1f} ms"


def measure_user(
    server: WebServer, paths: dict[str, str], cookie: str, *, requests: int, clients: int
) -> dict[str, Latency]:
    samples: dict[str, list[float]] = {name: [] for name in paths}
    cpu: dict[str, float] = dict.fromkeys(paths, 0.0)
    per_round = [requests // ROUNDS + (1 if r < requests % ROUNDS else 0) for r in range(ROUNDS)]
    for count in per_round:
        for name, path in paths.items():
            before = server.workers_cpu()
            samples[name] += latencies(server.port, path, cookie, total=count, clients=clients)
            cpu[name] += cpu_spent(before, server.workers_cpu())
    return {name: Latency.of(values, cpu[name]) for name, values in samples.items()}


def cpu_ratio(page: Latency, bare: Latency) -> str:
    return f"{page.cpu / bare.cpu:.2f}x" if bare.cpu else "n/a"


# --- The part --------------------------------------------------------------------------------


def _n(count: int) -> str:
    return f"{count:,}"


def run(
    *, interview_counts: tuple[int, int], requests: int, clients: tuple[int, ...], env: dict, workdir: Path, say
) -> list[Row]:
    now = timezone.now()
    few, many = interview_counts
    owners = {}
    for count in interview_counts:
        say(f"pages: a user with {_n(count)} interviews")
        owners[count] = seed_owner(count, now)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics after a bulk load, as autovacuum keeps them
    paths = {count: page_paths(owner, now) for count, owner in owners.items()}
    cookies = {
        count: logged_in_client(owner).cookies[settings.SESSION_COOKIE_NAME].value for count, owner in owners.items()
    }
    counts = {count: query_counts(owner, paths[count]) for count, owner in owners.items()}

    results: dict[tuple[int, int], dict[str, Latency]] = {}
    workers = gunicorn_workers(env)
    with WebServer(env, workdir / "gunicorn.log") as server:
        for count in interview_counts:  # every worker loads its templates and opens its connection
            for path in paths[count].values():
                latencies(server.port, path, cookies[count], total=2 * workers, clients=min(workers, max(clients)))
        for count in interview_counts:
            for concurrency in clients:
                say(f"pages: {_n(count)} interviews, {concurrency} client(s), {requests} requests per page")
                results[count, concurrency] = measure_user(
                    server, paths[count], cookies[count], requests=requests, clients=concurrency
                )

    rows = []
    for name in MEASURED:
        for count in interview_counts:
            for concurrency in clients:
                page, bare = results[count, concurrency][name], results[count, concurrency][BARE]
                budget = BUDGETS[name] if count == many else None
                ratio = page.median / bare.median
                rows.append(
                    Row(
                        area="pages",
                        what=f"{name} latency",
                        setting=f"{_n(count)} interviews, {concurrency} client{'s' if concurrency > 1 else ''}",
                        figure=page.text(),
                        baseline=f"{BARE}: {bare.text()}",
                        ratio=f"{ratio:.2f}x median, {page.p95 / bare.p95:.2f}x p95, {cpu_ratio(page, bare)} CPU",
                        budget=f"median <= {budget:g}x bare" if budget else "",
                        holds=(ratio <= budget) if budget else None,
                    )
                )
    for name in (*MEASURED, BARE):
        rows.append(
            Row(
                area="pages",
                what=f"{name} SQL queries",
                setting=f"{_n(few)} vs {_n(many)} interviews",
                figure=f"{counts[few][name]} vs {counts[many][name]}",
                budget="the same",
                holds=counts[few][name] == counts[many][name],
            )
        )
    return rows
