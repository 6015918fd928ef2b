"""Bounded waiting for real processes: poll a condition, fail with a clear message on timeout."""

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class WaitTimeout(AssertionError):
    """The condition did not hold within the time allowed."""


def wait_until(
    predicate: Callable[[], T],
    *,
    timeout: float,
    interval: float = 0.1,
    message: str,
    progress: Callable[[], str] | None = None,
) -> T:
    """Return the predicate's first truthy value; raise WaitTimeout after `timeout` seconds.

    `progress` describes the state at the timeout (what arrived, what is missing),
    so a failure says how far things got rather than only that they did not finish.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            detail = f": {progress()}" if progress else ""
            raise WaitTimeout(f"{message} (not within {timeout:g} s){detail}")
        time.sleep(interval)
