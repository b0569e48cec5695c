"""The "Learning from reviews" statistics of a financial year: the annual statement's tables
(tables.py) and the page that shows them (page.py). Import them from here."""

from reviews.statistics.page import (
    LearningFromReviews,
    learning_from_reviews,
    statistics_table,
    year_choices,
    years_with_records,
)
from reviews.statistics.tables import (
    TABLES,
    Column,
    Table,
    cost_and_time_table,
    numbers_table,
    referral_reasons_table,
    themes_table,
)
from reviews.years import default_year

__all__ = [
    "TABLES",
    "Column",
    "LearningFromReviews",
    "Table",
    "cost_and_time_table",
    "default_year",
    "learning_from_reviews",
    "numbers_table",
    "referral_reasons_table",
    "statistics_table",
    "themes_table",
    "year_choices",
    "years_with_records",
]
