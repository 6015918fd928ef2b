"""A run of some parts of the bench rewrites their rows and keeps the others', saying which run measured them."""

from bench.report import Row, generated_section, kept_section, write_report

EARLIER = "Run of 2026-11-29 10:44 UTC, 4.7 min: PostgreSQL 15.20."
LATER = "Run of 2026-12-01 09:00 UTC (pages only), 2.0 min: SQLite and PostgreSQL."


def page_row(figure: str) -> Row:
    return Row("pages", "dashboard latency", "1,000 interviews", figure, "bare | page", "2.5x", "<= 2x", False)


def sweep_row() -> Row:
    return Row("sweep", "send_due_reminders", "1,000 due reminders", "62 msg/s", "bare: 634 msg/s", "0.10x", "", None)


def test_a_pages_only_run_replaces_the_page_rows_and_keeps_the_sweep_rows_under_their_run(tmp_path):
    report = tmp_path / "performance.md"
    write_report(report, generated_section(run_line=EARLIER, rows=[page_row("median 40 ms"), sweep_row()]))

    section = kept_section(report, run_line=LATER, rows=[page_row("median 20 ms")])

    assert section == generated_section(
        run_line=f"{LATER}\nRows of sweep, kept from: {EARLIER}", rows=[page_row("median 20 ms"), sweep_row()]
    )


def test_rows_kept_twice_still_name_the_run_that_measured_them(tmp_path):
    report = tmp_path / "performance.md"
    write_report(report, generated_section(run_line=EARLIER, rows=[page_row("median 40 ms"), sweep_row()]))
    write_report(report, kept_section(report, run_line=LATER, rows=[page_row("median 20 ms")]))

    section = kept_section(report, run_line="Run of 2026-12-02.", rows=[page_row("median 10 ms")])

    assert section.splitlines()[1:3] == ["Run of 2026-12-02.", f"Rows of sweep, kept from: {EARLIER}"]
