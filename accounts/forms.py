"""Forms of the account pages. They validate and clean; the services in services.py write."""

import functools
import zoneinfo

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, UserChangeForm
from django.contrib.auth.forms import BaseUserCreationForm as DjangoBaseUserCreationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.html import format_html, format_html_join

from .models import User

TIME_ZONE_LIST_ID = "time-zone-names"
DUPLICATE_EMAIL_MESSAGE = "An account with this e-mail address exists already. Log in, or reset your password."


@functools.cache
def time_zone_names() -> tuple[str, ...]:
    """Every IANA zone name this machine knows, sorted (the same list the model validates against)."""
    return tuple(sorted(zoneinfo.available_timezones()))


@functools.cache
def _time_zones_by_lower_name() -> dict[str, str]:
    return {name.lower(): name for name in time_zone_names()}


def normalise_email(value: str) -> str:
    """Addresses are stored and looked up in lower case, so "Jo@Example.com" logs in as "jo@example.com"."""
    return value.strip().lower()


def validate_one_line(value: str) -> None:
    if any(ch in value for ch in "\r\n\t\v\f\x85\u2028\u2029"):
        raise ValidationError("Use a single line, without line breaks or tabs.")


class TimeZoneInput(forms.TextInput):
    """A text input with a <datalist> of every zone: the browser filters it as you type; no JS needed."""

    def __init__(self, attrs=None):
        defaults = {"list": TIME_ZONE_LIST_ID, "autocomplete": "off", "spellcheck": "false"}
        super().__init__({**defaults, **(attrs or {})})

    def render(self, name, value, attrs=None, renderer=None):
        options = format_html_join("", '<option value="{}"></option>', ((zone,) for zone in time_zone_names()))
        datalist = format_html('<datalist id="{}">{}</datalist>', TIME_ZONE_LIST_ID, options)
        return super().render(name, value, attrs, renderer) + datalist


class TimeZoneField(forms.CharField):
    """An IANA zone name such as Europe/Berlin, matched regardless of case."""

    widget = TimeZoneInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("label", "Time zone")
        kwargs.setdefault(
            "help_text", "Start typing a city, e.g. “Berlin” or “New_York”, and pick your zone from the list."
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        name = _time_zones_by_lower_name().get(value.strip().lower())
        if name is None:
            raise ValidationError(
                "“%(value)s” is not a time zone we know. Pick one from the list, for example Europe/Berlin or UTC.",
                code="unknown_time_zone",
                params={"value": value[:64]},
            )
        return name


# --- Sign-up and log-in -----------------------------------------------------------


class SignUpForm(forms.Form):
    email = forms.EmailField(
        label="E-mail",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        help_text="You log in with it, and reminders go to it once you have verified it.",
    )
    name = forms.CharField(
        label="Name",
        max_length=150,
        required=False,
        validators=[validate_one_line],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text="How you sign your messages to companies.",
    )
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters and not a common password. Long passphrases are welcome.",
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="The same password, to catch a typo.",
    )
    time_zone = TimeZoneField(initial="UTC")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # static/js/timezone.js replaces UTC with the browser's zone on a fresh form only.
            self.fields["time_zone"].widget.attrs["data-browser-time-zone"] = ""

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(DUPLICATE_EMAIL_MESSAGE, code="duplicate_email")
        return email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "The two passwords differ. Type the same password twice.")
        elif password1:
            candidate = User(email=cleaned.get("email", ""), name=cleaned.get("name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class EmailAuthenticationForm(AuthenticationForm):
    """Django's log-in form with the e-mail address as the user name."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "E-mail"
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "email", "autofocus": True, "maxlength": self.fields["username"].max_length}
        )
        # Django's form sets only the widget's maxlength: a longer "address" went on to authenticate()
        # and django-axes' 255-character column, a 500 on PostgreSQL.
        self.fields["username"].validators.append(MaxLengthValidator(self.fields["username"].max_length))

    def clean_username(self):
        return normalise_email(self.cleaned_data["username"])


# --- Settings -------------------------------------------------------------------


class SettingsForm(forms.Form):
    """The settings page. A plain form, so validating it never touches the user object."""

    name = forms.CharField(
        label="Name",
        max_length=150,
        required=False,
        validators=[validate_one_line],
        help_text="How you sign your messages to companies.",
    )
    time_zone = TimeZoneField()
    reminders_enabled = forms.BooleanField(
        label="E-mail me reminders before a notice window closes",
        required=False,
    )
    reminder_first_hours = forms.TypedChoiceField(
        label="First reminder (“decide now”)",
        choices=User.FIRST_REMINDER_CHOICES,
        coerce=int,
        help_text="Hours before the notice deadline, which is 24 hours before the interview.",
    )
    reminder_second_hours = forms.TypedChoiceField(
        label="Second reminder (“window closes soon”)",
        choices=User.SECOND_REMINDER_CHOICES,
        coerce=int,
        help_text="Hours before the notice deadline.",
    )
    clash_buffer_minutes = forms.IntegerField(
        label="Time you need between two interviews (minutes)",
        min_value=0,
        max_value=24 * 60,
        required=False,
        help_text="Interviews closer together than this are flagged as a clash. 0 flags only overlaps.",
    )

    def clean_clash_buffer_minutes(self) -> int:
        # Left blank (or not sent by an older page): keep the current value.
        value = self.cleaned_data["clash_buffer_minutes"]
        return self.initial.get("clash_buffer_minutes", 60) if value is None else value

    @classmethod
    def for_user(cls, user: User, data=None) -> "SettingsForm":
        initial = {name: getattr(user, name) for name in cls.base_fields}
        return cls(data=data, initial=initial)


# --- Admin ----------------------------------------------------------------------


class AdminUserCreationForm(DjangoBaseUserCreationForm):
    """Admin's "add user" form: e-mail and password."""

    class Meta:
        model = User
        fields = ("email", "name", "time_zone")

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError("An account with this e-mail address exists already.", code="duplicate_email")
        return email


class AdminUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise ValidationError("An account with this e-mail address exists already.", code="duplicate_email")
        return email
