"""The "Workforce development" page: Appendix 2 of the annual statement for a financial year,
this year beside last year, each table with a CSV download. Seen by those who read every
agency's attendance (the business unit, the learning and development sub-group, executive
members and the scrutineer); everyone else of the partnership gets 403.

The year shown is chosen as on every statistics page (kscp.core.statistics): `?year=2019` for
April 2019 to March 2020, else the latest financial year that has ended."""

from django.http import Http404
from django.shortcuts import render
from django.utils.text import slugify

from kscp.core.exports import csv_response
from kscp.core.statistics import chosen_year
from training import access, statistics


def statistics_page(request):
    access.require_all_attendance(request.user)
    partnership = request.user.partnership
    records = statistics.years_with_records(partnership)
    form, year = chosen_year(request, records)
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
    form, year = chosen_year(request, statistics.years_with_records(partnership))
    if form.errors:
        raise Http404
    found = statistics.statistics_table(partnership=partnership, year=year, slug=table)
    filename = slugify(
        f"{partnership.short_name} workforce development {statistics.year_label(year)} {table}"
    )
    return csv_response(filename, found.header, found.rows)
