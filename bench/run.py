"""`make bench`: measure DESIGN.md's performance budgets, print one table, write docs/performance.md.

    python -m bench.run [--tiny] [--database auto|sqlite|both|postgres://... ...] [--only PART ...] [--output PATH]

The database is a fresh one of the bench's own: the local PostgreSQL when it answers
(postgres://postgres@127.0.0.1:5432/raincheck_bench, created and dropped here), SQLite
otherwise. `both` (what `make bench` asks for) is SQLite and the local PostgreSQL; given
several databases (`--database sqlite --database postgres://...`), the bench measures on
each in turn, each in a process of its own, and the table names the database of each row.
--tiny runs every part on a few rows and requests (the smoke test uses it);
--only pages|sweep|idle runs some parts (their table is printed, and written only to an
--output given explicitly, so a partial run never replaces docs/performance.md's table;
there, the rows of the parts not run are kept, under the line of the run that made them).
Progress goes to stderr; the table, to stdout and to the output file.
"""

import argparse
import json
import logging
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from .environment import (
    LOCAL_POSTGRES,
    PROJECT_DIR,
    choose_database,
    cpu_model,
    database_version,
    gunicorn_workers,
    production_environment,
)
from .report import Row, generated_section, kept_section, markdown_table, verdict_summary, write_report


@dataclass(frozen=True)
class Sizes:
    interviews: tuple[int, int]  # the two users' interview counts
    requests: int  # requests of each page, per user and concurrency
    clients: tuple[int, ...]  # concurrent clients
    sweep: tuple[int, int]  # due reminders sent
    phases: int  # due reminders sent once more in process, each step timed
    idle: tuple[int, int]  # reminders in the table, none due
    idle_repeats: int  # in-process idle sweeps per size (median)
    command_repeats: int  # idle send_due_reminders processes per size (median)
    web_workers: int | None  # gunicorn workers; None: config/gunicorn.conf.py's default


PARTS = ("pages", "sweep", "idle")
# --database both: the one-machine database and production's.
BOTH = ["sqlite", LOCAL_POSTGRES]
FULL = Sizes((10, 1_000), 200, (1, 8), (1_000, 10_000), 200, (1_000, 1_000_000), 100, 3, None)
TINY = Sizes((6, 12), 10, (1, 8), (5, 20), 10, (20, 100), 3, 1, 2)


def say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def log_to_file(path: Path) -> None:
    """This process's own log lines (the in-process sweeps and test-client requests) go to a file, not the table."""
    stream = path.open("a")
    loggers = [logging.getLogger(), *(logging.getLogger(name) for name in list(logging.root.manager.loggerDict))]
    for logger in loggers:
        for handler in logger.handlers:
            if isinstance(handler, logging.StreamHandler) and not isinstance(handler, logging.FileHandler):
                handler.setStream(stream)


@dataclass
class Measured:
    """One database's run: what it ran on, and its rows."""

    engine: str
    version: str
    web_workers: int
    rows: list[Row]

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> "Measured":
        data = json.loads(text)
        return cls(**{**data, "rows": [Row(**row) for row in data["rows"]]})


def measure_on(choice: str, parts: list[str], sizes: Sizes) -> Measured:
    """Every part asked for, on a fresh database of `choice`, in this process (Django is set up for it)."""
    workdir = Path(tempfile.mkdtemp(prefix="raincheck-bench-"))
    database = choose_database(choice, workdir)
    say(f"database: {database.why}; using {database.engine}")
    env = production_environment(workdir=workdir, database=database, web_workers=sizes.web_workers)
    database.create()
    finished = False
    try:
        for key in [k for k in os.environ if k not in env]:
            del os.environ[key]
        os.environ.update(env)  # this process reads the same settings as the ones it starts
        collectstatic = subprocess.Popen(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=PROJECT_DIR, env=env
        )
        import django

        django.setup()
        log_to_file(workdir / "bench.log")
        from django.core.management import call_command

        say("migrating the bench database")
        call_command("migrate", verbosity=0)
        if collectstatic.wait() != 0:
            raise SystemExit("bench: collectstatic failed")
        database.version = database_version(database)

        from . import idle, pages, sweep

        rows = []
        if "pages" in parts:
            rows += pages.run(
                interview_counts=sizes.interviews,
                requests=sizes.requests,
                clients=sizes.clients,
                env=env,
                workdir=workdir,
                say=say,
            )
        if "sweep" in parts:
            rows += sweep.run(sizes=sizes.sweep, phases_sample=sizes.phases, env=env, workdir=workdir, say=say)
        if "idle" in parts:
            rows += idle.run(
                sizes=sizes.idle,
                repeats=sizes.idle_repeats,
                command_repeats=sizes.command_repeats,
                env=env,
                workdir=workdir,
                database=database,
                say=say,
            )
        finished = True
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        database.drop()
        if finished:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            say(f"logs kept in {workdir}")
    return Measured(database.engine, database.version, gunicorn_workers(env), rows)


def measure_in_child(choice: str, argv: list[str]) -> Measured:
    """One database's run in a process of its own (a process sets Django up for one database only)."""
    with tempfile.TemporaryDirectory(prefix="raincheck-bench-rows-") as folder:
        rows_file = Path(folder) / "rows.json"
        child = [sys.executable, "-m", "bench.run", *argv, "--database", choice, "--rows-to", str(rows_file)]
        if subprocess.run(child, cwd=PROJECT_DIR).returncode != 0:
            raise SystemExit(f"bench: the run on {choice} failed")
        return Measured.from_json(rows_file.read_text())


def on_several(runs: list[Measured]) -> list[Row]:
    """Every run's rows in one table, area by area, each row naming its database."""
    areas = list(dict.fromkeys(row.area for run in runs for row in run.rows))
    return [
        Row(**{**asdict(row), "setting": f"{run.engine}, {row.setting}"})
        for area in areas
        for run in runs
        for row in run.rows
        if row.area == area
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="a few rows and requests: checks that it runs")
    parser.add_argument(
        "--database", action="append", help="auto (default), sqlite, both, or a postgres:// URL (repeatable)"
    )
    parser.add_argument("--only", action="append", choices=PARTS, help="run only this part (repeatable)")
    parser.add_argument("--output", type=Path, default=None, help="default: docs/performance.md, on a full run")
    parser.add_argument("--rows-to", type=Path, help=argparse.SUPPRESS)  # a child of --database both
    args = parser.parse_args(argv)
    parts = args.only or list(PARTS)
    output = args.output or (None if args.only else PROJECT_DIR / "docs" / "performance.md")
    sizes = TINY if args.tiny else FULL
    started = time.monotonic()
    load_before = os.getloadavg()[0]

    choices = [c for choice in args.database or ["auto"] for c in (BOTH if choice == "both" else [choice])]
    if len(choices) > 1:
        common = [*(["--tiny"] if args.tiny else []), *(f"--only={part}" for part in args.only or [])]
        runs = [measure_in_child(choice, common) for choice in choices]
        rows = on_several(runs)
    else:
        runs = [measure_on(choices[0], parts, sizes)]
        rows = runs[0].rows
        if args.rows_to:
            args.rows_to.write_text(runs[0].to_json())
            return 0

    minutes = (time.monotonic() - started) / 60
    run_line = (
        f"Run of {datetime.now(UTC):%Y-%m-%d %H:%M} UTC{' (tiny sizes)' if args.tiny else ''}"
        f"{' (' + ', '.join(parts) + ' only)' if args.only else ''}, {minutes:.1f} min: "
        f"{os.cpu_count()} cores ({cpu_model()}), Python {platform.python_version()}, "
        f"{' and '.join(f'{run.engine} {run.version}' for run in runs)}, gunicorn {runs[0].web_workers} sync workers; "
        f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after."
    )
    print(f"\n{run_line}\n\n{markdown_table(rows)}\n\n{verdict_summary(rows)}")
    if output is not None:
        section = generated_section(run_line=run_line, rows=rows)
        if args.only:
            section = kept_section(output, run_line=run_line, rows=rows)
        write_report(output, section)
        say(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
