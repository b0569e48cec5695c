"""What every form of the training pages shares: model forms whose radios leave out the
empty choice and whose choices of records refuse another partnership's in words, and a time
of day typed as hours and minutes."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError

CHOICE_NOT_OFFERED = "Select the {label} from the list offered"

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


class TrainingForm(forms.ModelForm):
    """Radios never offer the empty "---------" choice: leaving them unselected says it. A
    record not offered (another partnership's, say) is refused in words."""

    choice_names: dict[str, str] = {}  # how a choice's error names it, when not its label

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField) and field.label:
                what = self.choice_names.get(name, field.label[:1].lower() + field.label[1:])
                message = CHOICE_NOT_OFFERED.format(label=what)
                field.error_messages["invalid_choice"] = message
                field.error_messages["invalid_pk_value"] = message
            # Checkboxes are radios to Django: left alone, for listing a model field's
            # choices here would fix them before the form narrows its queryset to the
            # partnership's records.
            radios = isinstance(field.widget, forms.RadioSelect) and not isinstance(
                field.widget, forms.CheckboxSelectMultiple
            )
            if radios and isinstance(field, forms.ModelChoiceField):
                field.empty_label = None
            elif radios:
                field.choices = [(value, label) for value, label in field.choices if value != ""]

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's refusal on the fields it names, or above the form."""
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        else:
            for message in error.messages:
                self.add_error(None, message)
