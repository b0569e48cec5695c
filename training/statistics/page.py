"""The "Workforce development" page: the financial years it offers, and every table of the
year it shows (training.statistics.tables)."""

import datetime
from dataclasses import dataclass

from kscp.models import Partnership
from reviews.years import default_year, financial_year_start, year_label, year_long_label
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


def year_choices(records: list[int], today: datetime.date) -> list[int]:
    """Every financial year from the earliest with records to the current one, latest first."""
    current = financial_year_start(today)
    earliest = min([*records, default_year(today)])
    return list(range(current, earliest - 1, -1))


@dataclass
class WorkforceDevelopment:
    year: int
    tables: list[Table]
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
