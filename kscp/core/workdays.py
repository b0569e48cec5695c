"""Working days for statutory clocks: weekdays that are not bank holidays in England.

Bank holidays come from the `holidays` library (its England calendar includes substitute
days, such as Boxing Day observed on Monday 28 December 2020), not from a list of our own.
"""

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start`: day 1 is the first working day after it,
    so a deadline never falls on a weekend or a bank holiday."""
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier.
    So `working_days_between(today, deadline)` is the working days left (0 on the day)."""
    if end == start:
        return 0
    sign = 1 if end > start else -1
    low, high = sorted((start, end))
    count = 0
    day = low
    while day < high:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return sign * count


def subtract_working_days(end: datetime.date, days: int) -> datetime.date:
    """The date `days` working days before `end`: the day a reminder "N working days before
    the deadline" is due."""
    day = end
    remaining = days
    while remaining > 0:
        day -= datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day
