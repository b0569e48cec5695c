"""How much free text a record holds. Every text people type is limited by its purpose, in
the model as well as in the forms: one unbounded progress text (a megabyte was accepted)
stalled the plan PDF for a minute."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.text import capfirst

from kscp.core.forms import GovukTextareaField

# By purpose: what the text is for says how long it may be.
NOTE_MAX_LENGTH = 2_000  # a note, a comment or a short statement: a paragraph or two
SUMMARY_MAX_LENGTH = 5_000  # a summary, a description, reasons: a few paragraphs
PROGRESS_MAX_LENGTH = 10_000  # the progress and the evidence of a tracked item
DOCUMENT_MAX_LENGTH = 20_000  # a document kept whole, such as a group's terms of reference
# In print (the plan PDF), each text of an item: its first 600 characters (about 90 words;
# the longest text of the source plans is 422), with a pointer to the item's page; a plan
# with every text at its longest then prints in a bounded number of pages
# (tests/plans/test_plan_pdf.py).
PRINT_MAX_LENGTH = 600
SEARCH_MAX_LENGTH = 200  # words searched for in a list's filter
PASSWORD_MAX_LENGTH = 128  # a passphrase; longer is not more secure, only slower to hash

TEXT_TOO_LONG = "{label} must be {limit:,} characters or fewer"


def text_too_long(label: str, limit: int) -> str:
    """GOV.UK's character count error: "Progress must be 10,000 characters or fewer"."""
    return TEXT_TOO_LONG.format(label=label, limit=limit)


class LimitedTextField(models.TextField):
    """A TextField whose `max_length` binds the model too (full_clean refuses a longer text),
    not only its forms; the model and its forms, the admin's included, name the field in
    the error (a form by its label)."""

    def __init__(self, *args, max_length: int, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        self.error_messages.setdefault(
            "max_length", text_too_long(capfirst(self.verbose_name), self.max_length)
        )

    def formfield(self, **kwargs):
        field = super().formfield(**{"form_class": GovukTextareaField, **kwargs})
        field.error_messages.setdefault(
            "max_length", text_too_long(str(field.label), self.max_length)
        )
        return field


def limit_length(field, limit: int, label: str | None = None):
    """Bound a form field that no model field bounds (a password, a search box), with the
    GOV.UK error naming it."""
    field.max_length = limit
    field.validators.append(MaxLengthValidator(limit))
    field.widget.attrs["maxlength"] = str(limit)
    field.error_messages["max_length"] = text_too_long(label or str(field.label), limit)
    return field
