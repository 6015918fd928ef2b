from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, UserChangeForm
from django.contrib.auth.forms import BaseUserCreationForm as DjangoBaseUserCreationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from interviews.choices import NoticeUnit
from interviews.notice import MAX_AMOUNT

from .email_addresses import normalize_email
from .models import MAX_FOLLOW_UP_DAYS, User
from .one_line import validate_one_line
from .time_zones import TimeZoneField

# Long passphrases are welcome; a megabyte "password" only costs the hasher time.
PASSWORD_MAX_LENGTH = 1024


class AccountEmailField(forms.EmailField):
    """An account's address, normalised (email_addresses.normalize_email) before it is validated or looked up.

    Whether it is taken is the table's unique constraint's call, not a query here.
    """

    def to_python(self, value):
        return normalize_email(super().to_python(value))


# --- Sign-up and log-in -----------------------------------------------------------


class SignUpForm(forms.Form):
    """The first step: only the address. The answer is the same whether or not it has an account."""

    email = AccountEmailField(
        label="E-mail",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        help_text="We e-mail you a link to finish signing up. You log in with this address, and reminders go to it.",
    )


class FinishSignUpForm(forms.Form):
    """The second step, behind the signed link: name, password and time zone for the address it was sent to."""

    name = forms.CharField(
        label="Name",
        max_length=150,
        required=False,
        validators=[validate_one_line],
        widget=forms.TextInput(attrs={"autocomplete": "name", "autofocus": True}),
        help_text="How you sign your messages to companies. At most 150 characters.",
    )
    password1 = forms.CharField(
        label="Password",
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters and not a common password. Long passphrases are welcome.",
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="The same password, to catch a typo.",
    )
    time_zone = TimeZoneField(initial="UTC")

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        if not self.is_bound:
            # static/js/timezone.js replaces UTC with the browser's zone on a fresh form only.
            self.fields["time_zone"].widget.attrs["data-browser-time-zone"] = ""

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "The two passwords differ. Type the same password twice.")
        elif password1:
            candidate = User(email=self.email, name=cleaned.get("name", ""))
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
        return normalize_email(self.cleaned_data["username"])


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

    follow_up_days = forms.IntegerField(
        label="Follow-up nudge after (days)",
        required=False,
        min_value=1,
        max_value=MAX_FOLLOW_UP_DAYS,
        error_messages={
            "min_value": "Enter at least 1 day.",
            "max_value": "Enter at most %(limit_value)s days.",
        },
        help_text="After you ask to reschedule, one e-mail nudges you to follow up if no new time comes by then. "
        "Empty: as it is.",
    )
    notice_period_amount = forms.IntegerField(
        label="Default notice period",
        required=False,
        min_value=1,
        max_value=MAX_AMOUNT[NoticeUnit.HOURS],
        error_messages={
            "min_value": "Enter a notice period of at least 1, or leave it empty.",
            "max_value": "Enter at most %(limit_value)s.",
        },
    )
    notice_period_unit = forms.ChoiceField(label="Counted in", choices=NoticeUnit.choices, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notice_period_amount"].help_text = (
            "New interviews start with this notice period; change it per interview when a company asks for other. "
            f"Empty: the site's default, {settings.RAINCHECK_NOTICE_HOURS} hours."
        )

    def settings_values(self) -> dict:
        """The cleaned values as user_update_settings takes them: a unit left empty is hours, no follow-up days
        given keeps the current ones."""
        values = {
            **self.cleaned_data,
            "notice_period_unit": self.cleaned_data["notice_period_unit"] or NoticeUnit.HOURS,
        }
        if values["follow_up_days"] is None:
            del values["follow_up_days"]
        return values

    @classmethod
    def for_user(cls, user: User, data=None) -> "SettingsForm":
        initial = {name: getattr(user, name) for name in cls.base_fields}
        return cls(data=data, initial=initial)


# --- Admin ----------------------------------------------------------------------


class AdminUserCreationForm(DjangoBaseUserCreationForm):
    """Admin's "add user" form: e-mail and password."""

    email = AccountEmailField(label="E-mail address", max_length=254)
    time_zone = TimeZoneField(initial="UTC")

    class Meta:
        model = User
        fields = ("email", "name", "time_zone")


class AdminUserChangeForm(UserChangeForm):
    email = AccountEmailField(label="E-mail address", max_length=254)
    time_zone = TimeZoneField()

    class Meta:
        model = User
        fields = "__all__"
