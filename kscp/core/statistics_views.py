"""The one statistics page and its CSV downloads, for any page an app registers
(kscp.core.statistics.Statistics): each app's URLs pass their own as `statistics`.

The year shown is chosen with `?year=2019` for April 2019 to March 2020, else the latest
financial year that has ended; a CSV of a year not offered, or of a table the page does not
have, answers 404."""

from django.http import Http404
from django.shortcuts import render
from django.utils.text import slugify

from kscp.core.exports import csv_response
from kscp.core.statistics import Statistics, chosen_year
from kscp.core.years import year_label


def statistics_page(request, *, statistics: Statistics):
    statistics.require_reader(request.user)
    partnership = request.user.partnership
    records = statistics.years_with_records(partnership)
    form, year = chosen_year(request, records)
    context = {
        "form": form,
        "page": statistics.page(partnership, year=year, records=records),
        "statistics": statistics,
    }
    if statistics.header_context:
        context |= statistics.header_context(request)
    return render(request, "kscp/statistics.html", context)


def statistics_csv(request, table: str, *, statistics: Statistics):
    """One table of the page, for the year the page shows, as CSV."""
    statistics.require_reader(request.user)
    if table not in statistics.tables:
        raise Http404
    partnership = request.user.partnership
    form, year = chosen_year(request, statistics.years_with_records(partnership))
    if form.errors:
        raise Http404
    found = statistics.table(partnership, year=year, slug=table)
    filename = slugify(f"{partnership.short_name} {statistics.title} {year_label(year)} {table}")
    return csv_response(filename, found.header, found.rows)
