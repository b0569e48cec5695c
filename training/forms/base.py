"""What every form of the training pages shares: model forms on the partnership's base
(kscp.core.modelforms), whose radios leave out the empty choice and whose choices of records refuse
another partnership's in words; and a time of day typed as hours and minutes."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError

from kscp.core.modelforms import PartnershipModelForm

TIME_PATTERN = re.compile(r"^(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)$")


class TimeTextField(forms.Field):
    """A time of day typed as hours and minutes ("09:30", "14.00"), as GOV.UK suggests for
    times: a short text input with a hint, not a time picker."""

    def __init__(self, *, invalid: str, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"class": "govuk-input--width-5", "spellcheck": "false", "size": 5}
            ),
        )
        super().__init__(**kwargs)
        self.error_messages["invalid"] = invalid

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        match = TIME_PATTERN.match(value)
        if not match:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return datetime.time(int(match["hour"]), int(match["minute"]))

    def prepare_value(self, value):
        return value.strftime("%H:%M") if isinstance(value, datetime.time) else value


class TrainingForm(PartnershipModelForm):
    """The base of every model form of the training pages."""
