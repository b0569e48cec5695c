"""The "Workforce development" page: Appendix 2 of the annual statement for a financial year,
this year beside last year, each table with a CSV download. Seen by those who read every
agency's attendance (the business unit, the learning and development sub-group, executive
members and the scrutineer); everyone else of the partnership gets 403.

The year is chosen with `?year=2019` (April 2019 to March 2020); without it the page shows
the latest financial year that has ended, the one an annual statement reports on."""

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from kscp.exports import csv_response
from reviews.years import YEAR_INVALID
from training import access, statistics


class YearForm(forms.Form):
    year = forms.TypedChoiceField(
        label="Financial year",
        help_text="The page opens on the latest financial year that has ended",
        coerce=int,
        error_messages={"invalid_choice": YEAR_INVALID, "required": YEAR_INVALID},
    )

    def __init__(self, data, *, years: list[int]):
        super().__init__(data)
        self.fields["year"].choices = [(y, statistics.year_long_label(y)) for y in years]


def _chosen_year(request, records: list[int]) -> tuple[YearForm, int]:
    """The year form as submitted and the year it chooses: the default year when nothing
    (or something invalid) is chosen."""
    today = timezone.localdate()
    fallback = statistics.default_year(today)
    data = request.GET if "year" in request.GET else {"year": fallback}
    form = YearForm(data, years=statistics.year_choices(records, today))
    return form, form.cleaned_data["year"] if form.is_valid() else fallback


def statistics_page(request):
    access.require_all_attendance(request.user)
    partnership = request.user.partnership
    records = statistics.years_with_records(partnership)
    form, year = _chosen_year(request, records)
    page = statistics.workforce_development(partnership=partnership, year=year, records=records)
    return render(
        request,
        "training/statistics.html",
        {
            "form": form,
            "page": page,
            "record_years": [(y, statistics.year_long_label(y)) for y in records],
            "chart_width": statistics.CHART_WIDTH,
        },
    )


def statistics_csv(request, table):
    """One table of the page, for the year the page shows, as CSV."""
    access.require_all_attendance(request.user)
    if table not in statistics.TABLES:
        raise Http404
    partnership = request.user.partnership
    form, year = _chosen_year(request, statistics.years_with_records(partnership))
    if form.errors:
        raise Http404
    found = statistics.statistics_table(partnership=partnership, year=year, slug=table)
    filename = slugify(
        f"{partnership.short_name} workforce development {statistics.year_label(year)} {table}"
    )
    return csv_response(filename, found.header, found.rows)
