"""The flow's one form: the new time the company agreed, entered in the interview's own zone."""

import zoneinfo
from datetime import datetime

from django import forms

from .forms import local_to_utc

# A new time further ahead than this is a typo in the year, not an interview.
MAX_YEARS_AHEAD = 5


class NewTimeForm(forms.Form):
    """Changes nothing itself: the view hands cleaned_data["scheduled_at"] to interview_reschedule()."""

    date = forms.DateField(
        label="New date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Enter the new date.", "invalid": "Enter a date like 2027-03-29."},
    )
    time = forms.TimeField(
        label="New time",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": "Enter the new time.", "invalid": "Enter a time like 14:30."},
    )

    def __init__(self, *args, now: datetime, zone: zoneinfo.ZoneInfo, **kwargs):
        self.now = now
        self.zone = zone
        super().__init__(*args, **kwargs)
        self.fields["time"].help_text = f"Local time in {zone.key}, the interview's time zone."

    def clean(self):
        cleaned = super().clean()
        day, at = cleaned.get("date"), cleaned.get("time")
        if day is None or at is None:
            return cleaned
        if not (self.now.year - 1 <= day.year <= self.now.year + MAX_YEARS_AHEAD):
            # Also keeps the conversion to UTC away from the ends of the calendar (year 1, year 9999).
            self.add_error("date", forms.ValidationError("Check the year of the new date.", code="year"))
            return cleaned
        scheduled_at, problem = local_to_utc(day, at, self.zone)
        if problem:
            self.add_error("time", forms.ValidationError(problem, code="ambiguous_or_missing"))
            return cleaned
        if scheduled_at <= self.now:
            self.add_error(
                "date", forms.ValidationError("This time is in the past. Enter the new time they offered.", code="past")
            )
            return cleaned
        cleaned["scheduled_at"] = scheduled_at
        return cleaned
