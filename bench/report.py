"""The bench's one table, and docs/performance.md around it."""

import re
from dataclasses import dataclass
from pathlib import Path

BEGIN = "<!-- bench:begin -->"
END = "<!-- bench:end -->"
HEADER = (
    "# Performance\n\n"
    '`make bench` measures the budgets of DESIGN.md "Performance" on the machine that runs it and rewrites\n'
    "the part of this file between the `bench` markers. Absolute times depend on the machine; the ratios are\n"
    "what the budgets are about.\n\n"
)

COLUMNS = ("area", "what", "setting", "figure", "baseline", "ratio", "budget", "holds")


@dataclass
class Row:
    area: str
    what: str
    setting: str
    figure: str
    baseline: str = ""
    ratio: str = ""
    budget: str = ""
    holds: bool | None = None  # None: a figure with no budget of its own

    def cells(self) -> list[str]:
        verdict = "" if self.holds is None else ("yes" if self.holds else "**no**")
        return [self.area, self.what, self.setting, self.figure, self.baseline, self.ratio, self.budget, verdict]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ") or " "


def markdown_table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "| " + " | ".join("---" for _ in COLUMNS) + " |"]
    lines += ["| " + " | ".join(_cell(c) for c in row.cells()) + " |" for row in rows]
    return "\n".join(lines)


def verdict_summary(rows: list[Row]) -> str:
    judged = [row for row in rows if row.holds is not None]
    missed = [row for row in judged if not row.holds]
    if not missed:
        return f"Every budget holds ({len(judged)} checks)."
    names = "; ".join(f"{row.what} ({row.setting})" for row in missed)
    return f"{len(judged) - len(missed)} of {len(judged)} checks hold. Not holding: {names}."


def generated_section(*, run_line: str, rows: list[Row]) -> str:
    return f"{BEGIN}\n{run_line}\n\n{markdown_table(rows)}\n\n{verdict_summary(rows)}\n{END}"


def _parse_row(line: str) -> Row:
    cells = [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line.strip()[1:-1])]
    verdict = cells.pop()
    return Row(*cells, holds={"yes": True, "**no**": False}.get(verdict))


def kept_section(path: Path, *, run_line: str, rows: list[Row]) -> str:
    """The section of a run of some parts: its rows, and the rows of the other areas as the file had them.

    Kept rows are named under the line of the run that measured them ("Rows of sweep,
    kept from: Run of ..."), so the table never passes an old figure off as new.
    """
    text = path.read_text() if path.exists() else ""
    match = re.search(re.escape(BEGIN) + r"\n(.*?)\n" + re.escape(END), text, re.DOTALL)
    if match is None:
        return generated_section(run_line=run_line, rows=rows)
    old = match.group(1).splitlines()
    areas = {row.area for row in rows}
    table = [_parse_row(line) for line in old if line.startswith("| ")][2:]
    kept = [row for row in table if row.area not in areas]
    # Which earlier run measured each area: its own "Rows of ..." line, else the earlier run's line.
    origin = {}
    for line in old:
        if line.startswith("Rows of "):
            named, source = line.removeprefix("Rows of ").split(", kept from: ", 1)
            origin.update(dict.fromkeys(named.split(" and "), source))
    earlier_run = next((line for line in old if line.startswith("Run of ")), "an earlier run")
    sources = {}
    for row in kept:
        sources.setdefault(origin.get(row.area, earlier_run), []).append(row.area)
    lines = [run_line]
    lines += [f"Rows of {' and '.join(dict.fromkeys(named))}, kept from: {source}" for source, named in sources.items()]
    return generated_section(run_line="\n".join(lines), rows=rows + kept)


def write_report(path: Path, section: str) -> None:
    """Replace the generated section of `path`, keeping what is written around it by hand."""
    text = path.read_text() if path.exists() else ""
    if BEGIN in text and END in text:
        pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.DOTALL)
        text = pattern.sub(lambda _: section, text, count=1)
    else:
        text = HEADER + section + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
