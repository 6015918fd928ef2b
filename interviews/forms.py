"""The interview form: the time is entered as a wall-clock time in the interview's own zone."""

import zoneinfo
from datetime import UTC, date, datetime, time

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from accounts.time_zones import TimeZoneField

from .choices import NoticeUnit
from .models import NOTES_MAX_LENGTH, Interview
from .notice import MAX_AMOUNT, NoticePeriod
from .time_display import show_clock, show_day

# Free text a person types: the form says each one's limit before it refuses more.
FREE_TEXT_FIELDS = ("company", "role", "location", "contact_name", "notes", "notice_policy")


def state_max_lengths(form: forms.Form, names: tuple[str, ...]) -> None:
    """Add "At most N characters." to the help text of each named field."""
    for name in names:
        field = form.fields[name]
        limit = f"At most {field.max_length:,} characters."
        field.help_text = f"{field.help_text} {limit}" if field.help_text else limit


def local_to_utc(day: date, at: time, zone: zoneinfo.ZoneInfo) -> tuple[datetime | None, str | None]:
    """The instant a wall-clock time names in `zone`, or a message why it names none or two.

    PEP 495: a wall time that exists once has the same offset for fold=0 and fold=1.
    In the spring-forward gap the offsets differ and the round trip through UTC does
    not come back to the same wall time; in the fall-back hour the offsets differ and
    both round trips do.
    """
    wall = datetime.combine(day, at.replace(second=0, microsecond=0))
    first = wall.replace(tzinfo=zone, fold=0)
    second = wall.replace(tzinfo=zone, fold=1)
    try:
        first.astimezone(UTC), second.astimezone(UTC)
    except OverflowError:
        # Hours from the start of year 1 or the end of 9999 the instant falls outside a datetime.
        return None, f"{show_day(day)} is too far in the past or the future. Check the year."
    if first.utcoffset() == second.utcoffset():
        return first.astimezone(UTC), None
    when = f"{show_clock(wall)} on {show_day(day)}"
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall:
        return None, (
            f"{when} does not exist in {zone.key}: the clocks go forward that night, so that hour is skipped. "
            "Check the time with the company."
        )
    earlier, later = (first, second) if first.astimezone(UTC) < second.astimezone(UTC) else (second, first)
    return None, (
        f"{when} happens twice in {zone.key}: the clocks go back that night. "
        f"Check with the company which one they mean, and enter it in UTC instead: "
        f"{show_clock(earlier.astimezone(UTC))} for the first, {show_clock(later.astimezone(UTC))} for the second."
    )


def add_service_error(form: forms.Form, error: ValidationError, *, time_field: str = "date") -> None:
    """Put a service's ValidationError on a form: a field's error on that field (the time's on `time_field`),
    anything else at the top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        name = time_field if name == "scheduled_at" else name
        form.add_error(name if name in form.fields else None, errors)


class InterviewForm(forms.Form):
    """Add or edit an interview. Changes nothing itself: the view hands interview_fields() to a service.

    `instance` is the interview being edited
    (None when adding); `default_time_zone` is the owner's zone, the default for a new one.
    """

    company = forms.CharField(
        max_length=200, error_messages={"required": "Enter the company's name."}, help_text="Who is interviewing you."
    )
    role = forms.CharField(max_length=200, required=False)
    date = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Enter the date of the interview.", "invalid": "Enter a date like 2027-03-29."},
    )
    time = forms.TimeField(
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="Local time, in the time zone next to it.",
        error_messages={"required": "Enter the time the interview starts.", "invalid": "Enter a time like 14:30."},
    )
    time_zone = TimeZoneField(
        help_text="Where the interview's time is given, e.g. Europe/Berlin. Start typing to search.",
        error_messages={"required": "Enter the interview's time zone, e.g. Europe/Berlin."},
    )
    duration_minutes = forms.IntegerField(
        label="Duration (minutes)",
        min_value=1,
        max_value=24 * 60,
        initial=60,
        error_messages={"required": "Enter how long the interview lasts, in minutes."},
    )
    location = forms.CharField(label="Location or meeting link", max_length=500, required=False)
    contact_name = forms.CharField(label="Contact name", max_length=200, required=False)
    contact_email = forms.EmailField(
        label="Contact e-mail",
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter a valid e-mail address, like sam@company.example."},
    )
    contact_phone = forms.CharField(label="Contact phone", max_length=40, required=False)
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=NOTES_MAX_LENGTH,
        help_text="Only you see them.",
    )
    notice_period_amount = forms.IntegerField(
        label="Notice period",
        required=False,
        min_value=1,
        max_value=MAX_AMOUNT[NoticeUnit.HOURS],
        error_messages={
            "min_value": "Enter a notice period of at least 1.",
            "max_value": "Enter at most %(limit_value)s. Check the number with the company.",
        },
    )
    notice_period_unit = forms.ChoiceField(
        label="Counted in",
        choices=NoticeUnit.choices,
        required=False,
        help_text="Business days skip Saturdays and Sundays, in the interview's time zone.",
    )
    notice_policy = forms.CharField(
        label="Their notice policy (optional)",
        max_length=300,
        required=False,
        help_text="In their words, e.g. “the booking link stops working 48 h before”. Shown while you decide.",
    )

    def __init__(
        self,
        *args,
        instance: Interview | None = None,
        default_time_zone: str = "UTC",
        default_notice_period: NoticePeriod | None = None,
        **kw,
    ):
        self.instance = instance
        self.default_notice_period = default_notice_period or NoticePeriod(settings.RAINCHECK_NOTICE_HOURS)
        if instance is not None:
            local = instance.local_scheduled_at
            kw.setdefault(
                "initial",
                {
                    "company": instance.company,
                    "role": instance.role,
                    "date": local.date(),
                    "time": local.time().replace(second=0, microsecond=0),
                    "time_zone": instance.time_zone,
                    "duration_minutes": instance.duration_minutes,
                    "location": instance.location,
                    "contact_name": instance.contact_name,
                    "contact_email": instance.contact_email,
                    "contact_phone": instance.contact_phone,
                    "notes": instance.notes,
                    "notice_period_amount": instance.notice_period_amount,
                    "notice_period_unit": instance.notice_period_unit,
                    "notice_policy": instance.notice_policy,
                },
            )
        else:
            period = self.default_notice_period
            # An imported invitation's values (views_calendar) come with the owner's default period too.
            kw["initial"] = {
                "time_zone": default_time_zone,
                "duration_minutes": 60,
                "notice_period_amount": period.amount,
                "notice_period_unit": period.unit,
                **kw.get("initial", {}),
            }
        super().__init__(*args, **kw)
        self.fields["notice_period_amount"].help_text = (
            "How much notice the company asks for if you cancel or reschedule; your deadline follows from it. "
            f"Empty: your default, {self.default_notice_period}."
        )
        state_max_lengths(self, FREE_TEXT_FIELDS)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template writes the <form>, its CSRF token and its buttons
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "company",
            "role",
            Row(
                Column("date", css_class="col-sm-6 col-lg-3"),
                Column("time", css_class="col-sm-6 col-lg-3"),
                Column("time_zone", css_class="col-lg-6"),
            ),
            "duration_minutes",
            "location",
            Fieldset(
                "Their notice period",
                Row(
                    Column("notice_period_amount", css_class="col-sm-6"),
                    Column("notice_period_unit", css_class="col-sm-6"),
                ),
                "notice_policy",
            ),
            Fieldset("Contact", "contact_name", "contact_email", "contact_phone"),
            "notes",
        )

    def _unchanged_time(self, day: date, at: time, zone_name: str) -> bool:
        """The form shows the stored time to the minute; sending it back unchanged keeps the stored instant."""
        if self.instance is None or zone_name != self.instance.time_zone:
            return False
        shown = self.instance.local_scheduled_at.replace(second=0, microsecond=0, tzinfo=None)
        return shown == datetime.combine(day, at.replace(second=0, microsecond=0))

    def clean(self):
        cleaned = super().clean()
        day, at, zone_name = cleaned.get("date"), cleaned.get("time"), cleaned.get("time_zone")
        if day is None or at is None or zone_name is None:
            return cleaned
        if self._unchanged_time(day, at, zone_name):
            # Editing a past interview keeps its time.
            cleaned["scheduled_at"] = self.instance.scheduled_at
            return cleaned
        scheduled_at, problem = local_to_utc(day, at, zoneinfo.ZoneInfo(zone_name))
        if problem:
            self.add_error("time", forms.ValidationError(problem, code="ambiguous_or_missing"))
            return cleaned
        # Whether the time is allowed (ahead of now, not years away) is the service's rule.
        cleaned["scheduled_at"] = scheduled_at
        return cleaned

    def _notice_period(self) -> dict:
        """The period given, or (left empty) the owner's default; a unit left empty is hours."""
        amount, unit = self.cleaned_data["notice_period_amount"], self.cleaned_data["notice_period_unit"]
        period = self.default_notice_period if amount is None else NoticePeriod(amount, unit or NoticeUnit.HOURS)
        return {"notice_period_amount": period.amount, "notice_period_unit": period.unit}

    def interview_fields(self) -> dict:
        """The cleaned values, named as the services take them."""
        data = self.cleaned_data
        return {
            "company": data["company"],
            "role": data["role"],
            "scheduled_at": data["scheduled_at"],
            "time_zone": data["time_zone"],
            "duration_minutes": data["duration_minutes"],
            "location": data["location"],
            "contact_name": data["contact_name"],
            "contact_email": data["contact_email"],
            "contact_phone": data["contact_phone"],
            "notes": data["notes"],
            **self._notice_period(),
            "notice_policy": data["notice_policy"],
        }


class WallClockForm(forms.Form):
    """A date and a time on the clock of one zone, read as the instant they name (a time that
    does not exist or exists twice in that zone is refused with the reason).

    Changes nothing itself; whether the instant is allowed is the service's rule. Subclasses name
    the instant (`instant_name`), word the fields and say which zone the time is in (`zone_help`).
    """

    instant_name = "at"
    zone_help = "Time zone: {zone}."

    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))

    def __init__(self, *args, zone: zoneinfo.ZoneInfo, **kwargs):
        self.zone = zone
        super().__init__(*args, **kwargs)
        self.fields["time"].help_text = self.zone_help.format(zone=zone.key)

    def clean(self):
        cleaned = super().clean()
        day, at = cleaned.get("date"), cleaned.get("time")
        if day is None or at is None:
            return cleaned
        instant, problem = local_to_utc(day, at, self.zone)
        if problem:
            self.add_error("time", forms.ValidationError(problem, code="ambiguous_or_missing"))
            return cleaned
        cleaned[self.instant_name] = instant
        return cleaned


def date_and_time_fields(*, date_label: str, time_label: str, what: str) -> tuple[forms.DateField, forms.TimeField]:
    """The date and time fields of a WallClockForm, worded for what is being entered."""
    day = forms.DateField(
        label=date_label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": f"Enter the {what} date.", "invalid": "Enter a date like 2027-03-29."},
    )
    clock = forms.TimeField(
        label=time_label,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": f"Enter the {what} time.", "invalid": "Enter a time like 14:30."},
    )
    return day, clock


class ReminderTimeForm(WallClockForm):
    """A time for a reminder e-mail (the interview page's "add one", the snooze page's "at a time"), entered
    in the user's own zone. Whether it is allowed (ahead of now, before the deadline) is the service's rule."""

    instant_name = "remind_at"
    zone_help = "Your time zone, {zone}."
    date, time = date_and_time_fields(date_label="Date", time_label="Time", what="reminder's")


class NoteForm(forms.Form):
    """A note on the interview's timeline: the company's reply, or anything worth keeping.

    Changes nothing itself: the view hands the text to interview_add_note(), which decides what it keeps.
    """

    text = forms.CharField(
        label="Add a note",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Their reply, a call, anything worth keeping: “They'll keep me in mind for the next opening.”",
        error_messages={"required": "Write the note first."},
    )
