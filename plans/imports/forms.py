"""The forms of a plan's import: the file (with the choice to keep owners who are no group or
person as text), and the choice of which of the file's columns holds which of the plan's."""

from django import forms
from django.core.exceptions import ValidationError

from kscp.core.forms import NamedErrorsForm, name_field_errors
from kscp.core.imports import FILE_EMPTY, shown
from plans.imports.columns import PLAN_COLUMNS

FILE_REQUIRED = "Select the plan’s Word document, Excel workbook or CSV file"
COLUMN_CHOSEN_TWICE = "{column} is chosen for more than one of the file’s columns: {headers}"
KEEP_TEXT_LABEL = "Keep owners who are not a group or person of the partnership as the text"
KEEP_TEXT_HINT = (
    "Otherwise each is listed as a problem, for you to add them to the partnership first"
)
LEAVE_OUT = "Leave this column out"
SAMPLE_ROWS = 3


class PlanUploadForm(NamedErrorsForm):
    file = forms.FileField(
        label="Upload the plan",
        error_messages={"required": FILE_REQUIRED, "invalid": FILE_REQUIRED, "empty": FILE_EMPTY},
    )
    keep_text = forms.BooleanField(label=KEEP_TEXT_LABEL, help_text=KEEP_TEXT_HINT, required=False)


def column_name(index: int, header: str) -> str:
    letters = ""
    number = index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return f"Column {letters}: {shown(header, 80)}" if header else f"Column {letters}"


class ColumnsForm(NamedErrorsForm):
    """One GOV.UK select for each of the file's columns, proposing the plan's column its
    header names."""

    def __init__(self, *args, header: list, rows: list, mapping: dict, keep_text: bool, **kw):
        super().__init__(*args, **kw)
        choices = [("", LEAVE_OUT)] + [(c.field, c.label) for c in PLAN_COLUMNS]
        chosen = {int(index): field for field, index in mapping.items()}
        self.header = header
        for index, text in enumerate(header):
            samples = [
                shown(cells[index], 60)
                for _, cells in rows[:SAMPLE_ROWS]
                if index < len(cells) and cells[index]
            ]
            hint = "For example: " + " · ".join(samples) if samples else "Empty in the first rows"
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=column_name(index, text),
                choices=choices,
                required=False,
                help_text=hint,
                initial=chosen.get(index, ""),
            )
        self.fields["keep_text"] = forms.BooleanField(
            label=KEEP_TEXT_LABEL, help_text=KEEP_TEXT_HINT, required=False, initial=keep_text
        )
        name_field_errors(self)

    def clean(self):
        cleaned = super().clean()
        by_field: dict[str, list[int]] = {}
        for index in range(len(self.header)):
            field = cleaned.get(f"column_{index}")
            if field:
                by_field.setdefault(field, []).append(index)
        labels = {c.field: c.label for c in PLAN_COLUMNS}
        for field, indexes in by_field.items():
            if len(indexes) > 1:
                headers = " and ".join(column_name(i, self.header[i]) for i in indexes)
                message = COLUMN_CHOSEN_TWICE.format(column=labels[field], headers=headers)
                for index in indexes:
                    self.add_error(f"column_{index}", ValidationError(message))
        cleaned["mapping"] = {field: indexes[0] for field, indexes in by_field.items()}
        return cleaned
