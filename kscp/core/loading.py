"""How the demo loaders read the values of the fixture files (fixtures/*/*.yaml)."""

import datetime


def as_month(value) -> datetime.date | None:
    """A due month, written "2020-06" or as a date, as the first day of the month."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value.replace(day=1)
    year, month = str(value).split("-")[:2]
    return datetime.date(int(year), int(month), 1)


def as_text(value) -> str:
    """A text field: empty when the file leaves it out."""
    return "" if value is None else str(value).strip()
