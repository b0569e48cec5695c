"""The "Workforce development" statistics of a financial year: what the tables are made of
(base.py), the tables of Appendix 2 of the annual statement (tables.py) and the page that
shows them (page.py). Import them from here."""

from kscp.core.years import default_year, year_label, year_long_label
from training.statistics.base import CHART_WIDTH, CLASSROOM, Column, Coverage, Table, coverage
from training.statistics.page import (
    WorkforceDevelopment,
    statistics_table,
    workforce_development,
    year_choices,
    years_with_records,
)
from training.statistics.tables import (
    IMPACT_SAMPLE,
    TABLES,
    agencies_without_attendance_table,
    cancelled_table,
    courses_table,
    elearning_table,
    impact_table,
    sectors_table,
)

__all__ = [
    "CHART_WIDTH",
    "CLASSROOM",
    "IMPACT_SAMPLE",
    "TABLES",
    "Column",
    "Coverage",
    "Table",
    "WorkforceDevelopment",
    "agencies_without_attendance_table",
    "cancelled_table",
    "courses_table",
    "coverage",
    "default_year",
    "elearning_table",
    "impact_table",
    "sectors_table",
    "statistics_table",
    "workforce_development",
    "year_choices",
    "year_label",
    "year_long_label",
    "years_with_records",
]
