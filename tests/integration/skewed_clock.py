"""Run a Python module with this process's wall clock (and its forked children's) moved by some seconds.

    python -m tests.integration.skewed_clock SECONDS -m MODULE [ARGS...]

A worker on a machine whose clock is off, for the tests: time-machine moves what
time.time() and datetime.now() say (the clock keeps ticking), and prefork children
inherit it. The database server's clock is not moved.
"""

import runpy
import sys
from datetime import timedelta

import time_machine


def main() -> None:
    seconds, flag, module, *args = sys.argv[1:]
    if flag != "-m":
        raise SystemExit(__doc__)
    time_machine.travel(timedelta(seconds=float(seconds)), tick=True).start()
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
