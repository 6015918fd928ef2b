"""The idle sweep: nothing due, over a small and a large reminders table.

The reminders are bulk-inserted in SQL (generate_series on PostgreSQL, a recursive
CTE on SQLite): nine in ten sent in the past (history), one in ten pending and due
from a day ahead on, so nothing is due while the bench runs. The table is analysed
after each insert, as autovacuum would. Timed in this process: the sweep's query
(interviews.delivery.reminders_due_ids) and the whole sweep (reminders_sweep, what
send_due_reminders and beat's task run: the query, then the heartbeat); and the
whole send_due_reminders process. The query plan of the due-reminders query shows
whether the partial index reminder_pending_due serves it.
"""

import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

from django.db import connection
from django.utils import timezone

from accounts.models import User
from interviews.choices import ReminderKind, Status
from interviews.delivery import reminders_due_ids, reminders_sweep
from interviews.models import Interview, Reminder

from .environment import PROJECT_DIR, BenchDatabase
from .processes import run_measured
from .report import Row

INDEX = "reminder_pending_due"
# Interviews the reminders are spread over.
INTERVIEWS = 1000
# "The same cost": the larger table's idle sweep within this many times the smaller's.
SAME_COST = 1.5


class BenchError(RuntimeError):
    pass


def seed_interviews(now) -> int:
    owner = User.objects.create_user(email="idle@bench.example", time_zone="UTC", email_verified_at=now)
    interviews = [
        Interview(
            owner=owner,
            company=f"Company {n}",
            scheduled_at=now - timedelta(days=30, minutes=n),
            time_zone="UTC",
            status=Status.ATTENDED,
        )
        for n in range(INTERVIEWS)
    ]
    for interview in interviews:
        interview.notice_deadline = interview.deadline_from_period()  # the site's default period
    Interview.objects.bulk_create(interviews, batch_size=1000)
    return owner.pk


def insert_reminders(first: int, last: int, *, owner_id: int, now, postgres: bool) -> None:
    """Reminders number first..last: every tenth pending, due a day and n seconds ahead; the rest sent n seconds ago."""
    reminder, interview = Reminder._meta.db_table, Interview._meta.db_table
    columns = "interview_id, kind, due_at, attempts, last_error, sent_at, skip_reason, created_at"
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute(
                f"""
                INSERT INTO {reminder} ({columns})
                SELECT ids.a[1 + g %% ids.n], %(kind)s,
                       CASE WHEN g %% 10 = 0 THEN %(now)s + interval '1 day' + g * interval '1 second'
                            ELSE %(now)s - g * interval '1 second' END,
                       CASE WHEN g %% 10 = 0 THEN 0 ELSE 1 END, '',
                       CASE WHEN g %% 10 = 0 THEN NULL ELSE %(now)s - g * interval '1 second' END,
                       '', %(now)s
                FROM generate_series(%(first)s, %(last)s) AS g,
                     (SELECT array_agg(id ORDER BY id) AS a, count(*)::int AS n
                      FROM {interview} WHERE owner_id = %(owner)s) AS ids
                """,  # noqa: S608 (table names from the models)
                {"kind": ReminderKind.DECIDE_NOW, "now": now, "first": first, "last": last, "owner": owner_id},
            )
            cursor.execute(f"ANALYZE {reminder}")
            return
        cursor.execute("DROP TABLE IF EXISTS temp.bench_ids")
        cursor.execute("CREATE TEMP TABLE bench_ids (idx INTEGER PRIMARY KEY, id INTEGER)")
        cursor.execute(
            f"INSERT INTO bench_ids (idx, id) SELECT row_number() OVER (ORDER BY id) - 1, id FROM {interview}"  # noqa: S608
            " WHERE owner_id = %s",
            [owner_id],
        )
        stamp = now.strftime("%Y-%m-%d %H:%M:%S")
        cursor.execute(
            f"""
            WITH RECURSIVE g(n) AS (SELECT %s UNION ALL SELECT n + 1 FROM g WHERE n < %s)
            INSERT INTO {reminder} ({columns})
            SELECT bench_ids.id, %s,
                   CASE WHEN n %% 10 = 0 THEN datetime(%s, '+1 day', '+' || n || ' seconds')
                        ELSE datetime(%s, '-' || n || ' seconds') END,
                   CASE WHEN n %% 10 = 0 THEN 0 ELSE 1 END, '',
                   CASE WHEN n %% 10 = 0 THEN NULL ELSE datetime(%s, '-' || n || ' seconds') END,
                   '', %s
            FROM g JOIN bench_ids ON bench_ids.idx = g.n %% (SELECT count(*) FROM bench_ids)
            """,  # noqa: S608
            [first, last, ReminderKind.DECIDE_NOW, stamp, stamp, stamp, stamp],
        )
        cursor.execute("ANALYZE")


def due_query_plan(now) -> list[str]:
    return Reminder.objects.due(now).order_by("due_at", "pk").values_list("pk", flat=True).explain().splitlines()


def median_seconds(action, repeats: int) -> float:
    """Median time of `action`, in this process (after two unmeasured runs)."""
    samples = []
    for attempt in range(repeats + 2):
        start = time.perf_counter()
        action()
        if attempt >= 2:
            samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def select_nothing() -> None:
    """The sweep's query, the part that could grow with the table."""
    if due := reminders_due_ids(timezone.now()):
        raise BenchError(f"an idle sweep found {len(due)} due reminders")


def sweep_nothing() -> None:
    """The whole sweep: the query, then the heartbeat row written and committed."""

    def nothing_may_be_due(ids):
        raise BenchError(f"an idle sweep found {len(ids)} due reminders")

    reminders_sweep(timezone.now(), enqueue=nothing_may_be_due)


def command_seconds(repeats: int, *, env: dict, workdir: Path) -> float:
    samples = []
    for attempt in range(repeats):
        log = workdir / f"idle-command-{attempt}.log"
        measured = run_measured(
            [sys.executable, "manage.py", "send_due_reminders"], env=env, cwd=PROJECT_DIR, log_path=log
        )
        if measured.returncode != 0 or not measured.output.startswith("0 due"):
            raise BenchError(f"idle send_due_reminders: exit {measured.returncode}: {measured.output}")
        samples.append(measured.seconds)
    return statistics.median(samples)


def run(
    *,
    sizes: tuple[int, int],
    repeats: int,
    command_repeats: int,
    env: dict,
    workdir: Path,
    database: BenchDatabase,
    say,
) -> list[Row]:
    now = timezone.now()
    Reminder.objects.all().delete()
    owner_id = seed_interviews(now)
    selection, in_process, command, plans = {}, {}, {}, {}
    inserted = 0
    for size in sizes:
        say(f"idle sweep: {size:,} reminders")
        insert_reminders(inserted + 1, size, owner_id=owner_id, now=now, postgres=database.is_postgres)
        inserted = size
        total = Reminder.objects.count()
        if total != size:
            raise BenchError(f"expected {size} reminders, found {total}")
        plans[size] = due_query_plan(timezone.now())
        selection[size] = median_seconds(select_nothing, repeats)
        in_process[size] = median_seconds(sweep_nothing, repeats)
        command[size] = command_seconds(command_repeats, env=env, workdir=workdir)

    small, large = sizes
    rows = []
    # Judged: the query, the only part of a sweep that could grow with the table. The heartbeat's
    # commit waits for the disk, the same at any size but noisy; the whole process is mostly
    # Python and Django starting. Both are shown.
    for what, seconds, unit, scale, note, judged in (
        ("idle sweep: the due-reminders query", selection, "ms", 1000, f"median of {repeats}", True),
        ("idle sweep: query and heartbeat", in_process, "ms", 1000, f"median of {repeats}", False),
        ("idle send_due_reminders process", command, "s", 1, f"median of {command_repeats}, start-up included", False),
    ):
        growth = seconds[large] / seconds[small]
        rows.append(
            Row(
                area="idle sweep",
                what=what,
                setting=f"{large:,} vs {small:,} reminders, nothing due",
                figure=f"{seconds[large] * scale:.2f} {unit} ({note})",
                baseline=f"{small:,} reminders: {seconds[small] * scale:.2f} {unit}",
                ratio=f"{growth:.2f}x",
                budget=f"the same (<= {SAME_COST:g}x)" if judged else "",
                holds=(growth <= SAME_COST) if judged else None,
            )
        )
    plan = plans[large]
    index_line = next((line.strip().removeprefix("->").strip() for line in plan if INDEX in line), None)
    scan_line = next((line.strip() for line in plan if "scan" in line.lower()), plan[0].strip())
    rows.append(
        Row(
            area="idle sweep",
            what=f"plan of the due query ({database.engine} EXPLAIN)",
            setting=f"{large:,} reminders",
            figure=f"`{index_line or scan_line}`",
            budget=f"uses {INDEX}",
            holds=index_line is not None,
        )
    )
    return rows
