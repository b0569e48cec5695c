"""The "Workforce development" page: the financial years it offers, and every table of the
year it shows (training.statistics.tables)."""

from kscp.core.models import Partnership
from kscp.core.statistics import StatisticsPage
from kscp.core.statistics import year_choices as year_choices
from kscp.core.years import financial_year_start
from training.models import ElearningCompletion, Session
from training.statistics.base import Table, coverage
from training.statistics.tables import TABLES


def years_with_records(partnership: Partnership) -> list[int]:
    """The financial years with a session or e-learning completions, latest first; read as
    distinct months, so the work grows with years, not records."""
    months = {
        moment.date()
        for moment in Session.objects.filter(course__partnership=partnership).datetimes(
            "starts_at", "month"
        )
    }
    months |= set(
        ElearningCompletion.objects.filter(course__partnership=partnership).dates(
            "period_start", "month"
        )
    )
    return sorted({financial_year_start(month) for month in months}, reverse=True)


class WorkforceDevelopment(StatisticsPage[Table]):
    """The "Workforce development" page of a financial year."""


def workforce_development(
    *, partnership: Partnership, year: int, records: list[int]
) -> WorkforceDevelopment:
    """Every table of the page for the financial year starting in April of `year`;
    `records`: the years with records, from years_with_records()."""
    tables = []
    if year in records:
        cover = coverage(partnership, year)
        tables = [build(partnership, cover) for build in TABLES.values()]
    return WorkforceDevelopment(year=year, tables=tables, years_with_records=records)


def statistics_table(*, partnership: Partnership, year: int, slug: str) -> Table:
    return TABLES[slug](partnership, coverage(partnership, year))
