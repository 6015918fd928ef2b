"""Forms of the record pages: the period of a proof-of-notice report, and the file to import."""

from django import forms

from .imports import MAX_UPLOAD_BYTES


class ReportPeriodForm(forms.Form):
    """Days in the user's time zone, both included; either may be left empty."""

    start = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a date like 2027-03-01."},
    )
    end = forms.DateField(
        label="To",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a date like 2027-03-31."},
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "The end of the period is before its start.")
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV or JSON file",
        help_text=(
            "RainCheck's own export (CSV or JSON), or a CSV with the columns company, role, date, time and zone, "
            f"up to {MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
        ),
        error_messages={"required": "Choose a file to import.", "empty": "The file is empty."},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.json,text/csv,application/json"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                "The file is larger than %(mb)s MB. Import it in parts.",
                params={"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
                code="too_large",
            )
        return upload
