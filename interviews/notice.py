"""A company's notice period and the deadline it sets: pure, standard library and choices only.

A period is counted in hours ("48 hours": real hours, in UTC, so a daylight-saving
change in between neither adds nor takes an hour) or in business days ("2 business
days": back on the interview's local calendar, skipping Saturdays and Sundays, to
the same wall-clock time). The stored `Interview.notice_deadline` is
`notice_deadline(...)` of the interview's own period, set by the services.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from .choices import NoticeUnit

# The longest period each unit accepts: beyond these a number is more likely a typo
# (hours typed as minutes) than a company's policy.
MAX_AMOUNT = {NoticeUnit.HOURS: 336, NoticeUnit.BUSINESS_DAYS: 10}
SATURDAY = 5


@dataclass(frozen=True)
class NoticePeriod:
    amount: int
    unit: str = NoticeUnit.HOURS

    def __str__(self) -> str:
        """ "48 hours", "1 hour", "2 business days", "1 business day"."""
        if self.unit == NoticeUnit.BUSINESS_DAYS:
            return f"{self.amount} business day{'' if self.amount == 1 else 's'}"
        return f"{self.amount} hour{'' if self.amount == 1 else 's'}"

    @property
    def notice(self) -> str:
        """ "48 hours' notice", "1 hour's notice", "2 business days' notice"."""
        possessive = "'s" if self.amount == 1 else "'"
        return f"{self}{possessive} notice"


def notice_period_problem(amount: int, unit: str) -> str:
    """Why this is not a notice period RainCheck can count with, or "" when it is."""
    if unit not in MAX_AMOUNT:
        return "Choose hours or business days."
    if amount < 1:
        return "Enter a notice period of at least 1."
    if amount > MAX_AMOUNT[unit]:
        return f"Enter at most {MAX_AMOUNT[unit]} {NoticeUnit(unit).label}. Check the number with the company."
    return ""


def _back_business_days(day, count: int):
    while count:
        day -= timedelta(days=1)
        if day.weekday() < SATURDAY:
            count -= 1
    return day


def notice_deadline(*, scheduled_at: datetime, period: NoticePeriod, zone: zoneinfo.ZoneInfo) -> datetime:
    """The moment notice is due, in UTC: `period` before `scheduled_at`.

    Business days keep the wall-clock time of the interview in its zone. If that time
    does not exist on the deadline's day (the spring-forward gap) or exists twice (the
    fall-back hour), the earlier instant is the deadline: never less notice than asked.
    """
    start = scheduled_at.astimezone(UTC)
    if period.unit == NoticeUnit.HOURS:
        # In UTC: between two datetimes of one zone Python subtracts wall-clock time.
        return start - timedelta(hours=period.amount)
    local = start.astimezone(zone)
    wall = datetime.combine(_back_business_days(local.date(), period.amount), local.time())
    return min(wall.replace(tzinfo=zone, fold=fold).astimezone(UTC) for fold in (0, 1))


def notice_is_late(*, given_at: datetime, deadline: datetime) -> bool:
    """Less notice than the company's period: told after the deadline (told at it is just in time)."""
    return given_at.astimezone(UTC) > deadline.astimezone(UTC)
