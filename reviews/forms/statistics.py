"""The form of the "Learning from reviews" page: the financial year it shows."""

from django import forms

from reviews.years import YEAR_INVALID, year_long_label


class YearForm(forms.Form):
    year = forms.TypedChoiceField(
        label="Financial year",
        help_text="The page opens on the latest financial year that has ended",
        coerce=int,
        error_messages={"invalid_choice": YEAR_INVALID, "required": YEAR_INVALID},
    )

    def __init__(self, data, *, years: list[int]):
        super().__init__(data)
        self.fields["year"].choices = [(y, year_long_label(y)) for y in years]
