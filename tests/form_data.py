"""What the case record forms post: GOV.UK date inputs send a day, a month and a year."""

import datetime


def date_fields(name: str, day: datetime.date | None) -> dict:
    if day is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def month_fields(name: str, day: datetime.date | None) -> dict:
    if day is None:
        return {f"{name}_month": "", f"{name}_year": ""}
    return {f"{name}_month": day.month, f"{name}_year": day.year}


def dates(**days) -> dict:
    data = {}
    for name, day in days.items():
        data.update(date_fields(name, day))
    return data
