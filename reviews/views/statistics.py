"""The "Learning from reviews" page: the annual statement's tables for a financial year, each
with a CSV download. Seen by those who see case records; everyone else gets 404.

The year is chosen with `?year=2019` (April 2019 to March 2020); without it the page shows
the latest financial year that has ended, the one an annual statement reports on."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from kscp import policy
from kscp.exports import csv_response
from reviews import access, statistics
from reviews.forms import YearForm
from reviews.years import YEAR_INVALID as YEAR_INVALID  # re-exported: the tests assert it
from reviews.years import default_year, year_label, year_long_label


def _chosen_year(request, records: list[int]) -> tuple[YearForm, int]:
    """The year form as submitted and the year it chooses: the default year when nothing
    (or something invalid) is chosen."""
    today = timezone.localdate()
    fallback = default_year(today)
    data = request.GET if "year" in request.GET else {"year": fallback}
    form = YearForm(data, years=statistics.year_choices(records, today))
    return form, form.cleaned_data["year"] if form.is_valid() else fallback


def statistics_page(request):
    access.require_cases(request.user)
    partnership = request.user.partnership
    records = statistics.years_with_records(partnership)
    form, year = _chosen_year(request, records)
    page = statistics.learning_from_reviews(partnership=partnership, year=year, records=records)
    return render(
        request,
        "reviews/statistics.html",
        {
            "form": form,
            "page": page,
            "record_years": [(y, year_long_label(y)) for y in records],
            # The case-review pages' header offers the business unit its buttons.
            "can_record": policy.can_manage_cases(request.user, partnership.pk),
        },
    )


def statistics_csv(request, table):
    """One table of the page, for the year the page shows, as CSV."""
    access.require_cases(request.user)
    if table not in statistics.TABLES:
        raise Http404
    partnership = request.user.partnership
    form, year = _chosen_year(request, statistics.years_with_records(partnership))
    if form.errors:
        raise Http404
    found = statistics.statistics_table(partnership=partnership, year=year, slug=table)
    filename = slugify(f"{partnership.short_name} learning from reviews {year_label(year)} {table}")
    return csv_response(filename, found.header, found.rows)
