"""Time zones: the one list, its validator, and the one form field (with its widget) for every zone input.

A zone is an IANA name. Names are matched regardless of case and stored as the tz
database spells them ("europe/berlin" becomes "Europe/Berlin"), on the settings page,
the interview form and in the services alike.
"""

import functools
import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join

# In the tz database but not a place anyone's interview is in: "Factory" (a placeholder whose
# abbreviation reads "-00") and "localtime" (the server's own zone, whatever that is).
NOT_OFFERED = frozenset({"Factory", "localtime"})


@functools.cache
def time_zone_names() -> tuple[str, ...]:
    """Every zone a user can pick, sorted. available_timezones() walks the disk (about 50 ms): once per process."""
    return tuple(sorted(zoneinfo.available_timezones() - NOT_OFFERED))


@functools.cache
def _by_lower_name() -> dict[str, str]:
    return {name.lower(): name for name in time_zone_names()}


def canonical_time_zone(name: str) -> str | None:
    """The zone's name as the tz database spells it, or None when it names no zone we offer."""
    return _by_lower_name().get(name.strip().lower())


UNKNOWN_ZONE_MESSAGE = (
    "“%(value)s” is not a time zone we know. Pick one from the list, like Europe/Berlin or America/New_York."
)


def validate_time_zone(value: str) -> None:
    """The model's validator: only a canonical name from the list is stored."""
    if value not in _by_lower_name().values():
        raise ValidationError(UNKNOWN_ZONE_MESSAGE, code="unknown_time_zone", params={"value": value[:64]})


class TimeZoneInput(forms.TextInput):
    """A text input with a <datalist> of every zone: the browser filters it as you type; no JavaScript needed."""

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def render(self, name, value, attrs=None, renderer=None):
        list_id = f"{(attrs or {}).get('id') or 'id_' + name}_zones"
        attrs = {**(attrs or {}), "list": list_id}
        options = format_html_join("", '<option value="{}"></option>', ((zone,) for zone in time_zone_names()))
        return format_html(
            '{}<datalist id="{}">{}</datalist>', super().render(name, value, attrs, renderer), list_id, options
        )


class TimeZoneField(forms.CharField):
    """An IANA zone name such as Europe/Berlin, matched regardless of case, cleaned to its canonical spelling."""

    widget = TimeZoneInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("label", "Time zone")
        kwargs.setdefault(
            "help_text", "Start typing a city, e.g. “Berlin” or “New_York”, and pick the zone from the list."
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        name = canonical_time_zone(value)
        if name is None:
            raise ValidationError(UNKNOWN_ZONE_MESSAGE, code="unknown_time_zone", params={"value": value[:64]})
        return name
