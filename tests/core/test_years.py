"""The partnership's financial years (kscp.core.years, kscp.core.statistics), shared by the
case-review and training pages: April to March, named by the year they start in, the years a
statistics page offers, and the year it shows when none or a wrong one is chosen."""

import datetime

import pytest
from django.test import RequestFactory

from kscp.core.statistics import StatisticsPage, YearForm, chosen_year, year_choices
from kscp.core.years import (
    YEAR_INVALID,
    default_year,
    financial_year_start,
    year_label,
    year_long_label,
    year_range,
)

D = datetime.date


def test_a_financial_year_runs_from_1_april_to_31_march():
    assert financial_year_start(D(2020, 3, 31)) == 2019
    assert financial_year_start(D(2020, 4, 1)) == 2020
    assert year_range(2019) == (D(2019, 4, 1), D(2020, 3, 31))


def test_a_financial_year_is_written_as_the_annual_statement_writes_it():
    assert year_label(2019) == "2019-20"
    assert year_label(1999) == "1999-00"
    assert year_long_label(2019) == "April 2019 to March 2020"


def test_the_default_year_is_the_latest_that_has_ended():
    assert default_year(D(2026, 3, 31)) == 2024
    assert default_year(D(2026, 4, 1)) == 2025


def test_a_statistics_page_offers_every_year_from_the_earliest_with_records_to_this_one():
    assert year_choices([2019, 2017], D(2020, 6, 1)) == [2020, 2019, 2018, 2017]
    assert year_choices([], D(2020, 6, 1)) == [2020, 2019]


@pytest.mark.parametrize(
    "query, year, error",
    [({}, 2024, None), ({"year": "2022"}, 2022, None), ({"year": "1990"}, 2024, YEAR_INVALID)],
    ids=["none chosen", "one offered", "one not offered"],
)
def test_the_year_chosen_falls_back_to_the_default_year(monkeypatch, query, year, error):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: D(2025, 6, 1))
    form, chosen = chosen_year(RequestFactory().get("/", query), [2022])
    assert chosen == year
    assert form.errors.get("year") == ([error] if error else None)


def test_the_year_form_names_each_year_in_full():
    form = YearForm({"year": "2019"}, years=[2020, 2019])
    assert form.fields["year"].choices == [
        (2020, "April 2020 to March 2021"),
        (2019, "April 2019 to March 2020"),
    ]


def test_a_statistics_page_has_records_only_in_a_year_with_records():
    page = StatisticsPage(year=2019, tables=[], years_with_records=[2019, 2018])
    assert (page.label, page.long_label, page.has_records) == (
        "2019-20",
        "April 2019 to March 2020",
        True,
    )
    assert not StatisticsPage(year=2020, tables=[], years_with_records=[2019]).has_records


def test_a_financial_year_runs_from_midnight_on_1_april_in_uk_time():
    import datetime as dt

    from kscp.core.years import year_instants

    first, after = year_instants(2024)
    utc = dt.UTC
    assert first == dt.datetime(2024, 3, 31, 23, 0, tzinfo=utc)  # 00:00 BST on 1 April
    assert after == dt.datetime(2025, 3, 31, 23, 0, tzinfo=utc)
