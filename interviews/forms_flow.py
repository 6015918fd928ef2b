"""The flow's forms: the message as the user sent it, and the new time the company agreed."""

from django import forms

from .forms import WallClockForm, date_and_time_fields


class NewTimeForm(WallClockForm):
    """Changes nothing itself: the view hands cleaned_data["scheduled_at"] to interview_reschedule(),
    which decides whether the time is allowed (ahead of now, not years away)."""

    instant_name = "scheduled_at"
    zone_help = "Local time in {zone}, the interview's time zone."
    date, time = date_and_time_fields(date_label="New date", time_label="New time", what="new")


class ToldThemForm(forms.Form):
    """The message as the user sent it, recorded with "I've told them". Both may be blank (a phone call).

    Changes nothing itself: notice_give() decides what it keeps (one-line subject, lengths).
    """

    subject = forms.CharField(required=False, strip=True)
    body = forms.CharField(required=False, strip=True)

    def clean_subject(self) -> str:
        # The subject box wraps on a phone; a line break typed into it is a space in the subject.
        return " ".join(self.cleaned_data["subject"].split())
