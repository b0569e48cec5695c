"""The "Learning from reviews" page: the financial years it offers, and every table of the
year it shows (reviews.statistics.tables)."""

from kscp.core.models import Partnership
from kscp.core.statistics import StatisticsPage
from kscp.core.statistics import year_choices as year_choices
from kscp.core.years import financial_year_start
from reviews.models import Notification, RapidReview, Review
from reviews.statistics.tables import TABLES, Table


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


class LearningFromReviews(StatisticsPage[Table]):
    """The "Learning from reviews" page of a financial year."""


def learning_from_reviews(
    *, partnership: Partnership, year: int, records: list[int]
) -> LearningFromReviews:
    """Every table of the page for the financial year starting in April of `year`;
    `records`: the years with records, from years_with_records()."""
    tables = [build(partnership, year) for build in TABLES.values()] if year in records else []
    return LearningFromReviews(year=year, tables=tables, years_with_records=records)


def statistics_table(*, partnership: Partnership, year: int, slug: str) -> Table:
    return TABLES[slug](partnership, year)
