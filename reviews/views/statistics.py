"""The "Learning from reviews" page: the annual statement's tables for a financial year, each
with a CSV download. Seen by those who see case records; everyone else gets 404.

The year shown is chosen as on every statistics page (kscp.core.statistics): `?year=2019` for
April 2019 to March 2020, else the latest financial year that has ended."""

from django.http import Http404
from django.shortcuts import render
from django.utils.text import slugify

from kscp.core import policy
from kscp.core.exports import csv_response
from kscp.core.statistics import chosen_year
from kscp.core.years import YEAR_INVALID as YEAR_INVALID  # re-exported: the tests assert it
from kscp.core.years import year_label, year_long_label
from reviews import access, statistics


def statistics_page(request):
    access.require_cases(request.user)
    partnership = request.user.partnership
    records = statistics.years_with_records(partnership)
    form, year = chosen_year(request, records)
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
    form, year = chosen_year(request, statistics.years_with_records(partnership))
    if form.errors:
        raise Http404
    found = statistics.statistics_table(partnership=partnership, year=year, slug=table)
    filename = slugify(f"{partnership.short_name} learning from reviews {year_label(year)} {table}")
    return csv_response(filename, found.header, found.rows)
