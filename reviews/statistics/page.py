"""The "Learning from reviews" page: the financial years it offers, and every table of the
year it shows (reviews.statistics.tables)."""

import datetime
from dataclasses import dataclass

from kscp.models import Partnership
from reviews.models import Notification, RapidReview, Review
from reviews.statistics.tables import TABLES, Table
from reviews.years import default_year, financial_year_start, year_label, year_long_label


def years_with_records(partnership: Partnership) -> list[int]:
    """The financial years in which a notification, a rapid review or a review counts,
    latest first; read as distinct months, so the work grows with years, not records."""
    months = set(Notification.objects.filter(partnership=partnership).dates("la_aware_on", "month"))
    months |= set(
        RapidReview.objects.filter(notification__partnership=partnership).dates(
            "meeting_on", "month"
        )
    )
    months |= set(Review.objects.filter(partnership=partnership).dates("decided_on", "month"))
    return sorted({financial_year_start(month) for month in months}, reverse=True)


def year_choices(records: list[int], today: datetime.date) -> list[int]:
    """Every financial year from the earliest with records to the current one, latest first."""
    current = financial_year_start(today)
    earliest = min([*records, default_year(today)])
    return list(range(current, earliest - 1, -1))


@dataclass
class LearningFromReviews:
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


def learning_from_reviews(
    *, partnership: Partnership, year: int, records: list[int]
) -> LearningFromReviews:
    """Every table of the page for the financial year starting in April of `year`;
    `records`: the years with records, from years_with_records()."""
    tables = [build(partnership, year) for build in TABLES.values()] if year in records else []
    return LearningFromReviews(year=year, tables=tables, years_with_records=records)


def statistics_table(*, partnership: Partnership, year: int, slug: str) -> Table:
    return TABLES[slug](partnership, year)
