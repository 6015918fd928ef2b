"""The import forms: an .ics file or pasted invitation text, and the choice of one event of several."""

from django import forms

from .invitations import MAX_ICS_BYTES, MAX_TEXT_CHARS


class ImportForm(forms.Form):
    """Changes nothing: the view reads the invitation and shows the add form filled in.

    The file's size is checked here, explicitly (MAX_ICS_BYTES), whatever the site-wide
    upload limits are: this form is one of the few that take a file.
    """

    file = forms.FileField(
        label="Invitation file (.ics)",
        required=False,
        help_text="The .ics attached to the invitation e-mail, or exported from your calendar.",
        widget=forms.ClearableFileInput(attrs={"accept": ".ics,text/calendar"}),
    )
    text = forms.CharField(
        label="Or paste the invitation",
        required=False,
        max_length=MAX_TEXT_CHARS,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="The text of the invitation e-mail (with its date and time), or the text of an .ics file.",
        error_messages={
            "max_length": "This text is too long (%(show_value)s characters). Paste the invitation itself "
            "(up to %(limit_value)s characters), without the thread below it."
        },
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        if upload.size > MAX_ICS_BYTES:
            raise forms.ValidationError(
                "This file is %(size)s KB; an invitation is a few KB. Upload files of up to %(limit)s KB.",
                params={"size": upload.size // 1024, "limit": MAX_ICS_BYTES // 1024},
                code="too_big",
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), cleaned.get("text", "")
        if self.errors:
            return cleaned
        if upload and text.strip():
            raise forms.ValidationError("Upload a file or paste text, not both.", code="both")
        if not upload and not text.strip():
            raise forms.ValidationError("Choose an .ics file, or paste the invitation's text.", code="empty")
        cleaned["file_data"] = upload.read(MAX_ICS_BYTES + 1) if upload else None
        return cleaned


class PickEventForm(forms.Form):
    """Which event of a multi-event invitation to add."""

    def __init__(self, *args, count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"] = forms.TypedChoiceField(
            label="Which one is the interview?",
            choices=[(n, str(n)) for n in range(count)],
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={"required": "Pick one of the events.", "invalid_choice": "Pick one of the events."},
        )
