"""The forms that upload a file to import: a booking system's export of a session's
attendees, and an e-learning platform's export of completions with the platform named."""

from django import forms
from django.core.exceptions import ValidationError

from kscp.core.forms import NamedErrorsForm
from training import imports

FILE_REQUIRED = "Select a CSV file or an Excel workbook to import"
PLATFORM_REQUIRED = "Enter the e-learning platform the figures come from"
PLATFORM_TOO_LONG = "The platform must be 100 characters or fewer"
PLATFORM_FORMULA = "The platform cannot start with = + - or @"
PLATFORM_HINT = (
    "Kirklees, for example: ‘Previous training system’ for figures until 31 July 2019, "
    "‘New e-learning platform’ for figures from 1 August 2019"
)


class UploadForm(NamedErrorsForm):
    file = forms.FileField(
        label="Upload a file",
        error_messages={"required": FILE_REQUIRED, "invalid": FILE_REQUIRED},
    )
    file.error_messages["empty"] = imports.FILE_EMPTY


class ElearningUploadForm(NamedErrorsForm):
    platform = forms.CharField(
        label="E-learning platform",
        help_text=PLATFORM_HINT,
        max_length=100,
        error_messages={"required": PLATFORM_REQUIRED, "max_length": PLATFORM_TOO_LONG},
    )
    file = UploadForm.base_fields["file"]

    def clean_platform(self):
        platform = " ".join(self.cleaned_data["platform"].split())
        if platform.startswith(imports.FORMULA_STARTS):
            raise ValidationError(PLATFORM_FORMULA)
        return platform
