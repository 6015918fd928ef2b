"""Presentation for the record pages: hours as people write them, times in the viewer's zone."""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django import template

from interviews.statistics import hours_text
from interviews.time_display import show_time

register = template.Library()


@register.filter
def hours(value: Decimal | None) -> str:
    """84.0 → "84", 23.5 → "23.5"."""
    return "" if value is None else hours_text(Decimal(value))


# The charts' geometry, in SVG user units (the SVG scales to its column's width).
CHART_WIDTH = 360
ROW_HEIGHT = 24
BAR_START = 150  # left of it, the label
BAR_SPACE = 170  # the largest bar's length; its value is written after it


@dataclass(frozen=True)
class ChartRow:
    label: str
    value: int
    y: int
    width: float
    value_x: float


@register.filter
def chart_rows(chart) -> list[ChartRow]:
    """Where each bar of a statistics.Chart goes. A bar of 1 among hundreds is still 2 units long."""
    rows = []
    for n, bar in enumerate(chart.bars):
        width = max(round(bar.share_of(chart.largest) * BAR_SPACE, 1), 2.0) if bar.value else 0
        rows.append(ChartRow(bar.label, bar.value, n * ROW_HEIGHT, width, BAR_START + width + 4))
    return rows


@register.filter
def chart_height(chart) -> int:
    return len(chart.bars) * ROW_HEIGHT


@register.filter
def in_zone(moment: datetime | None, zone_name: str) -> str:
    """ "Tue 3 Mar 2026, 14:00 CET": always with the zone's abbreviation (a printed report travels)."""
    if moment is None:
        return ""
    return show_time(moment, zoneinfo.ZoneInfo(zone_name))
