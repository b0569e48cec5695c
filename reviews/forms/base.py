"""What every form of the case record pages shares: built on its model, so the model's own
rules (dates in the future, awareness before the incident, a decision without reasons,
completion before the start…) appear on the fields they concern; dates as GOV.UK date inputs;
choices of a few options as radios."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst

from kscp.forms import GovukDateField

CHOICE_NOT_OFFERED = "Select the {label} from the list offered"


def _formfield(db_field, **kwargs):
    """Dates as GOV.UK date inputs; links assumed secure; every other field as the model
    says."""
    if isinstance(db_field, models.DateField) and db_field.editable:
        return GovukDateField(label=capfirst(db_field.verbose_name), required=not db_field.blank)
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class CaseForm(forms.ModelForm):
    """Radios never offer the empty "---------" choice: leaving them unselected says it."""

    class Meta:
        formfield_callback = _formfield

    choice_names: dict[str, str] = {}  # how a choice's error names it, when not its label

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField) and field.label:
                # A record not offered here (another partnership's, say) is refused in words.
                what = self.choice_names.get(name, field.label[:1].lower() + field.label[1:])
                message = CHOICE_NOT_OFFERED.format(label=what)
                field.error_messages["invalid_choice"] = message
                field.error_messages["invalid_pk_value"] = message
            if isinstance(field.widget, forms.RadioSelect) and not isinstance(
                field.widget, forms.CheckboxSelectMultiple
            ):
                if isinstance(field, forms.ModelChoiceField):
                    # Setting choices would freeze the queryset before the partnership's
                    # records are chosen: leave it live, without the empty choice.
                    field.empty_label = None
                else:
                    field.choices = [(v, label) for v, label in field.choices if v != ""]

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's refusal on the fields it names, or above the form."""
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        else:
            for message in error.messages:
                self.add_error(None, message)
