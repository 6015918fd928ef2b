"""Hours left until a moment (the notice deadline, the interview): one function, one rounding.

The dashboard, the flow's pages and the reminder e-mail all count with it, so the
e-mail that says "3 hours left" links to a page that says 3 hours too. To the
nearest hour: a reminder planned 24 hours before the deadline and sent a few
seconds late still says 24. Standard library only (the flow uses it).
"""

from datetime import UTC, datetime

SECONDS_PER_HOUR = 3600


def hours_left(until: datetime, now: datetime) -> int:
    """Whole hours from `now` to `until`, to the nearest hour; 0 once it has passed.

    An exact half hour rounds down: with 30 minutes left, "less than an hour" is the honest word.
    """
    # In UTC: between two datetimes of one zone Python subtracts wall-clock time.
    seconds = (until.astimezone(UTC) - now.astimezone(UTC)).total_seconds()
    whole, rest = divmod(max(seconds, 0), SECONDS_PER_HOUR)
    return int(whole) + (1 if rest > SECONDS_PER_HOUR / 2 else 0)
