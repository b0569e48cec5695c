"""The financial year (April to March) that case-review records are counted in, named by the
year in which it starts, and how the annual statement writes it."""

import datetime

# What a list's filter or the statistics page says when the year chosen is not one offered.
YEAR_INVALID = "Select a financial year from the list"


def financial_year_start(day: datetime.date) -> int:
    """The year in which the financial year (April to March) holding `day` starts."""
    return day.year if day.month >= 4 else day.year - 1


def year_range(year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the financial year starting in April of `year`."""
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)


def year_label(year: int) -> str:
    """The financial year starting in April of `year`, as the annual statement writes it:
    "2019-20"."""
    return f"{year}-{(year + 1) % 100:02d}"


def year_long_label(year: int) -> str:
    return f"April {year} to March {year + 1}"


def default_year(today: datetime.date) -> int:
    """The latest financial year that has ended: the one an annual statement reports on."""
    return financial_year_start(today) - 1
