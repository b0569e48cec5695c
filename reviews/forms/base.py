"""What every form of the case record pages shares, on the partnership's base
(kscp.core.modelforms): built on its model, so the model's own rules (dates in the future,
awareness before the incident, a decision without reasons, completion before the start…)
appear on the fields they concern; dates as GOV.UK date inputs; choices of a few options as
radios."""

from django.db import models
from django.utils.text import capfirst

from kscp.core.forms import GovukDateField
from kscp.core.modelforms import PartnershipModelForm


def _formfield(db_field, **kwargs):
    """Dates as GOV.UK date inputs; links assumed secure; every other field as the model
    says."""
    if isinstance(db_field, models.DateField) and db_field.editable:
        return GovukDateField(label=capfirst(db_field.verbose_name), required=not db_field.blank)
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class CaseForm(PartnershipModelForm):
    """The base of every case record form: dates as GOV.UK date inputs, links assumed
    secure."""

    class Meta:
        formfield_callback = _formfield
