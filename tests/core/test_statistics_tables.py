"""The core's statistics tables and page (kscp.core.statistics, kscp.core.statistics_views),
as any app registers them: how a missing figure reads, the bars of a chart scaled to the
largest (kscp.core.charts), the table said in a sentence when it has no rows, and the CSV of
a table holding its raw values. The page registered here is made up; the apps' own pages are
tested with their records in tests/reviews and tests/training."""

import dataclasses
import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from kscp.core.charts import BARS_WIDTH
from kscp.core.statistics import (
    NO_DATA,
    Column,
    Statistics,
    Table,
    bar_chart,
)
from kscp.core.statistics_views import statistics_csv, statistics_page
from tests.pages import parse, read_csv, texts

pytestmark = pytest.mark.django_db


def test_a_missing_figure_says_no_data_and_missing_text_says_nothing():
    assert Column("Places", "count").display(None) == NO_DATA
    assert Column("Cost", "money").display(None) == NO_DATA
    assert Column("Session", "date").display(None) == NO_DATA
    assert Column("Confidence", "rating", "Not given").display(None) == "Not given"
    assert Column("Platform").display(None) == ""


def test_figures_read_as_the_annual_statement_writes_them():
    assert Column("Completed", "count").display(7102) == "7,102"
    assert Column("Cost", "money").display(9200) == "£9,200"
    assert Column("Days", "days").display(1250) == "1,250"
    assert Column("Session", "date").display(datetime.date(2020, 1, 3)) == "3 January 2020"
    assert Column("Course").display("Neglect") == "Neglect"


def test_only_figures_are_numeric_and_each_cell_says_whether_it_is():
    table = Table(
        slug="t",
        caption="T",
        description="",
        columns=[Column("Course"), Column("Session", "date"), Column("Places", "count")],
        rows=[["Neglect", None, None]],
    )
    assert table.display_rows() == [[("Neglect", False), (NO_DATA, False), (NO_DATA, True)]]
    assert table.header == ["Course", "Session", "Places"]
    assert table.labelled_rows() == [
        [("Neglect", False, "Course"), (NO_DATA, False, "Session"), (NO_DATA, True, "Places")]
    ]


def test_a_table_without_rows_is_said_in_its_sentence_when_it_has_one():
    columns = [Column("Course")]
    assert not Table("t", "T", "", columns, empty="Nothing this year.").shown
    assert Table("t", "T", "", columns).shown
    assert Table("t", "T", "", columns, rows=[["A"]], empty="Nothing this year.").shown


def test_the_longest_bar_takes_the_full_width_and_the_others_their_share():
    chart = bar_chart("places by sector", [("Health", 40), ("Education", 10), ("Police", 0)])
    assert [(row.label, row.counts) for row in chart.rows] == [
        ("Health", (40,)),
        ("Education", (10,)),
        ("Police", (0,)),
    ]
    assert [[s.width for s in bar.segments] for bar in chart.bars] == [
        [BARS_WIDTH],
        [BARS_WIDTH / 4],
        [],
    ]
    assert [bar.figures[0].text for bar in chart.bars] == ["40", "10", "0"]
    tops = [bar.label[0].y for bar in chart.bars]
    assert tops == sorted(tops) and chart.height > tops[-1]
    education = chart.bars[1]
    assert education.figures[0].x > education.segments[0].x + education.segments[0].width
    assert [item.lines[0].text for item in chart.legend] == ["Places by sector"]


def test_a_chart_of_noughts_draws_no_bar_and_divides_by_nothing():
    chart = bar_chart("places by sector", [("Health", 0), ("Education", 0)])
    assert [bar.segments for bar in chart.bars] == [[], []]
    assert bar_chart("places by sector", []).bars == []


# --- a page registered with the core -------------------------------------------------------


def _places(partnership, year):
    return Table(
        slug="places",
        caption=f"Places in {year}",
        description="Places by sector.",
        columns=[Column("Sector"), Column("Last year", "count"), Column("This year", "count")],
        rows=[["=Health", None, 40], ["Education", 5, 10]],
        chart=bar_chart(f"places in {year} by sector", [("Health", 40), ("Education", 10)]),
    )


def _cancelled(partnership, year):
    return Table(
        slug="cancelled",
        caption="Cancelled sessions",
        description="Sessions cancelled.",
        columns=[Column("Course"), Column("Cancelled", "count")],
        empty="No session was cancelled.",
    )


def _refuse_everyone(user):
    raise PermissionDenied


MADE_UP = Statistics(
    title="Made up statistics",
    section="Somewhere",
    url_name="training:statistics",
    intro="Tables for the test.",
    nothing_recorded="Nothing is recorded",
    tables={"places": _places, "cancelled": _cancelled},
    years_with_records=lambda partnership: [2024],
    require_reader=lambda user: None,
)


def get(user, query=None):
    request = RequestFactory().get("/", query or {})
    request.user = user
    return request


def test_the_page_shows_no_data_the_chart_with_its_figures_and_an_empty_tables_sentence(
    business_unit,
):
    response = statistics_page(get(business_unit, {"year": 2024}), statistics=MADE_UP)
    body = response.content.decode()
    assert "<title>Somewhere: made up statistics, 2024-25 – " in body
    assert texts(parse(response), "places")[1:] == [
        ["=Health", NO_DATA, "40"],
        ["Education", "5", "10"],
    ]
    svg = re.search(r"<svg[^>]*>.*?</svg>", body, re.S).group(0)
    assert 'aria-label="Bar chart: places in 2024 by sector.' in svg
    assert re.findall(r'text-anchor="end"><tspan [^>]*>([^<]+)</tspan>', svg) == [
        "Health",
        "Education",
    ]
    assert re.findall(r'class="app-chart__figure">([^<]+)</text>', svg) == ["40", "10"]
    bars = re.findall(r'<rect [^>]*width="([\d.]+)"[^>]*class="app-chart__bar ', svg)
    assert bars == [str(float(BARS_WIDTH)), str(BARS_WIDTH / 4)]
    assert "No session was cancelled." in body
    assert "cancelled" not in parse(response).tables
    assert "/training/statistics/cancelled.csv?year=2024" in body


def test_a_year_without_records_lists_the_years_that_have_them(business_unit):
    response = statistics_page(get(business_unit, {"year": 2025}), statistics=MADE_UP)
    body = response.content.decode()
    assert "Nothing is recorded for April 2025 to March 2026." in body
    assert 'href="?year=2024"' in body
    assert not parse(response).tables


def test_the_csv_holds_raw_values_with_no_figure_empty_and_formulas_neutralised(business_unit):
    response = statistics_csv(get(business_unit, {"year": 2024}), "places", statistics=MADE_UP)
    assert "nscp-made-up-statistics-2024-25-places.csv" in response["Content-Disposition"]
    assert read_csv(response) == [
        ["Sector", "Last year", "This year"],
        ["'=Health", "", "40"],
        ["Education", "5", "10"],
    ]


@pytest.mark.parametrize(
    "table, year", [("salaries", "2024"), ("places", "1990")], ids=["unknown table", "bad year"]
)
def test_a_csv_of_an_unknown_table_or_a_year_not_offered_answers_404(business_unit, table, year):
    with pytest.raises(Http404):
        statistics_csv(get(business_unit, {"year": year}), table, statistics=MADE_UP)


def test_the_page_and_its_csvs_ask_the_app_who_may_see_them(business_unit):
    refusing = dataclasses.replace(MADE_UP, require_reader=_refuse_everyone)
    with pytest.raises(PermissionDenied):
        statistics_page(get(business_unit), statistics=refusing)
    with pytest.raises(PermissionDenied):
        statistics_csv(get(business_unit, {"year": 2024}), "places", statistics=refusing)


def test_the_tables_of_a_year_are_built_from_what_its_basis_reads_once(partnership):
    read = []

    def basis(partnership, year):
        read.append(year)
        return f"basis of {year}"

    def table(partnership, given):
        return Table(slug="t", caption=given, description="", columns=[Column("Basis")])

    statistics = dataclasses.replace(MADE_UP, tables={"a": table, "b": table}, basis=basis)
    page = statistics.page(partnership, year=2024, records=[2024])
    assert [t.caption for t in page.tables] == ["basis of 2024", "basis of 2024"]
    assert read == [2024]
    assert statistics.page(partnership, year=2023, records=[2024]).tables == []
    assert read == [2024]  # a year without records reads nothing
