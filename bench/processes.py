"""Run one process to its end and measure it: wall time and its own maximum resident set size.

A child's ru_maxrss starts from the resident size of the process it was forked from:
a command started straight from the bench (Django loaded, data in memory) would report
the bench's size. So the command is started by a small launcher, this module run as
`python -m bench.processes REPORT -- COMMAND...`, which waits for it with os.wait4 (that
child's own rusage) and writes the figures to REPORT.
"""

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Measured:
    seconds: float
    max_rss_kb: int
    returncode: int
    output: str

    @property
    def max_rss_mb(self) -> float:
        return self.max_rss_kb / 1024


def run_measured(command: list[str], *, env: dict[str, str], cwd: Path, log_path: Path) -> Measured:
    """Run `command` (stdout kept, stderr to log_path) through the launcher."""
    report = log_path.with_suffix(".rusage.json")
    launcher = [sys.executable, "-m", "bench.processes", str(report), "--", *command]
    with log_path.open("wb") as log:
        done = subprocess.run(launcher, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=log, check=False)
    if not report.exists():
        raise RuntimeError(f"the launcher failed (exit {done.returncode}); see {log_path}")
    figures = json.loads(report.read_text())
    return Measured(figures["seconds"], figures["max_rss_kb"], figures["returncode"], done.stdout.decode())


def _launch(report: str, command: list[str]) -> int:
    start = time.perf_counter()
    pid = os.posix_spawnp(command[0], command, os.environ)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    returncode = os.waitstatus_to_exitcode(status)
    Path(report).write_text(json.dumps({"seconds": seconds, "max_rss_kb": usage.ru_maxrss, "returncode": returncode}))
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        sys.exit("usage: python -m bench.processes REPORT -- COMMAND...")
    sys.exit(_launch(sys.argv[1], sys.argv[3:]))
