"""The flow's forms: the message as the user sent it, and the new time the company agreed."""

import zoneinfo

from django import forms

from .forms import local_to_utc


class NewTimeForm(forms.Form):
    """Changes nothing itself: the view hands cleaned_data["scheduled_at"] to interview_reschedule(),
    which decides whether the time is allowed (ahead of now, not years away)."""

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

    def __init__(self, *args, zone: zoneinfo.ZoneInfo, **kwargs):
        self.zone = zone
        super().__init__(*args, **kwargs)
        self.fields["time"].help_text = f"Local time in {zone.key}, the interview's time zone."

    def clean(self):
        cleaned = super().clean()
        day, at = cleaned.get("date"), cleaned.get("time")
        if day is None or at is None:
            return cleaned
        scheduled_at, problem = local_to_utc(day, at, self.zone)
        if problem:
            self.add_error("time", forms.ValidationError(problem, code="ambiguous_or_missing"))
            return cleaned
        cleaned["scheduled_at"] = scheduled_at
        return cleaned


class ToldThemForm(forms.Form):
    """The message as the user sent it, recorded with "I've told them". Both may be blank (a phone call).

    Changes nothing itself: notice_give() decides what it keeps (one-line subject, lengths).
    """

    subject = forms.CharField(required=False, strip=True)
    body = forms.CharField(required=False, strip=True)

    def clean_subject(self) -> str:
        # The subject box wraps on a phone; a line break typed into it is a space in the subject.
        return " ".join(self.cleaned_data["subject"].split())
