"""What every statistics page of a financial year shares ("Learning from reviews", "Workforce
development"): the years it offers, the form choosing one, and the page of the year chosen.

The year is chosen with `?year=2019` (April 2019 to March 2020); without it a page shows the
latest financial year that has ended, the one an annual statement reports on."""

import datetime
from dataclasses import dataclass
from typing import Generic, TypeVar

from django import forms
from django.utils import timezone

from kscp.core.years import (
    YEAR_INVALID,
    default_year,
    financial_year_start,
    year_label,
    year_long_label,
)

T = TypeVar("T")


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


def year_choices(records: list[int], today: datetime.date) -> list[int]:
    """Every financial year from the earliest with records to the current one, latest first."""
    current = financial_year_start(today)
    earliest = min([*records, default_year(today)])
    return list(range(current, earliest - 1, -1))


def chosen_year(request, records: list[int]) -> tuple[YearForm, int]:
    """The year form as submitted and the year it chooses: the default year when nothing
    (or something invalid) is chosen. `records`: the years with records, latest first."""
    today = timezone.localdate()
    fallback = default_year(today)
    data = request.GET if "year" in request.GET else {"year": fallback}
    form = YearForm(data, years=year_choices(records, today))
    return form, form.cleaned_data["year"] if form.is_valid() else fallback


@dataclass
class StatisticsPage(Generic[T]):
    """The tables of the financial year starting in April of `year` (none when it has no
    records), and the years that have records."""

    year: int
    tables: list[T]
    years_with_records: list[int]

    @property
    def label(self) -> str:
        return year_label(self.year)

    @property
    def long_label(self) -> str:
        return year_long_label(self.year)

    @property
    def has_records(self) -> bool:
        return self.year in self.years_with_records
