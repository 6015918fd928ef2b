"""`make bench` on tiny sizes: it runs end to end and writes the table with every figure.

The figures themselves mean nothing at these sizes; that every part runs (gunicorn,
send_due_reminders, the bare smtplib and Django loops, the idle sweep and its plan) and reports does.
On the suite's PostgreSQL run the bench uses a PostgreSQL database of its own on the
same server (created and dropped by the bench), otherwise SQLite.
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from tests.services import is_postgres

pytestmark = pytest.mark.integration

PROJECT_DIR = Path(__file__).resolve().parents[2]
HAND_WRITTEN = "## Reading\n\nWritten by hand: the bench keeps this.\n"


def bench_database() -> str:
    if not is_postgres():
        return "sqlite"
    server = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(server._replace(path=f"/raincheck_bench_smoke_{os.getpid()}"))


def table_rows(text: str) -> list[list[str]]:
    lines = [line for line in text.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in lines[2:]]


def test_bench_runs_on_tiny_sizes_and_reports_every_figure(tmp_path):
    output = tmp_path / "performance.md"
    output.write_text("# Performance\n\n<!-- bench:begin -->\nold table\n<!-- bench:end -->\n\n" + HAND_WRITTEN)
    database = bench_database()

    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--tiny", "--database", database, "--output", str(output)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert done.returncode == 0, done.stderr[-4000:]
    engine = "SQLite" if database == "sqlite" else "PostgreSQL"
    assert f"using {engine}" in done.stderr
    written = output.read_text()
    assert "old table" not in written
    assert written.endswith(HAND_WRITTEN)  # the reading around the generated part stays
    rows = table_rows(written)
    assert rows == table_rows(done.stdout)  # the same one table, printed and written
    figures = {(row[1], row[2]): row for row in rows}

    pages = ("dashboard", "interview page", "flow step (can you attend?)", "flow step (message)")
    for page in pages:
        for setting in ("6 interviews, 1 client", "6 interviews, 8 clients", "12 interviews, 8 clients"):
            row = figures[f"{page} latency", setting]
            assert row[3].startswith("median ") and ", p95 " in row[3] and " ms, CPU " in row[3]
            assert row[4].startswith("bare page: median ") and ", CPU " in row[4]
            assert "x median" in row[5] and "x p95" in row[5] and "x CPU" in row[5]
        assert figures[f"{page} SQL queries", "6 vs 12 interviews"][7] == "yes"
    for page, budget in zip(pages, ("2x", "1.5x", "1.5x", "1.5x"), strict=True):
        for clients in ("1 client", "8 clients"):
            row = figures[f"{page} latency", f"12 interviews, {clients}"]
            assert row[6] == f"median <= {budget} bare" and row[7] in ("yes", "**no**")
    assert figures["bare page SQL queries", "6 vs 12 interviews"][3] == "2 vs 2"  # the session and the user
    for count in (5, 20):
        for versus, baseline in (("bare Django", "bare Django loop"), ("bare smtplib", "bare smtplib loop")):
            row = figures[f"send_due_reminders vs {versus}", f"{count} due reminders"]
            assert "msg/s" in row[3] and "max RSS" in row[3]
            assert row[4].startswith(baseline) and "max RSS" in row[4]
            assert row[5].endswith("x rate")
    assert figures["send_due_reminders peak memory", "5 -> 20 due reminders"][3].endswith("MB")
    steps = figures["where an e-mail's time goes: reminders_send_batch, in process", "10 due reminders, ms per e-mail"]
    for step in ("claim", "read", "checks", "render", "serialise and SMTP", "record sent", "; total"):
        assert step in steps[3]
    assert figures["idle sweep: the due-reminders query", "100 vs 20 reminders, nothing due"][6].startswith("the same")
    assert ("idle sweep: query and heartbeat", "100 vs 20 reminders, nothing due") in figures
    assert ("idle send_due_reminders process", "100 vs 20 reminders, nothing due") in figures
    plan = figures[f"plan of the due query ({engine} EXPLAIN)", "100 reminders"]
    assert plan[3].startswith("`") and plan[3] != "``"
    assert f", {engine} " in written  # the machine line names the database

    if engine == "PostgreSQL":
        server = urlunsplit(urlsplit(database)._replace(path="/postgres"))
        with psycopg.connect(server) as conn:
            left = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [urlsplit(database).path[1:]])
            assert left.fetchone() is None  # the bench dropped its database
