"""The financial year (April to March) that the partnership's records are counted in, named by
the year in which it starts, and how the annual statement writes it; and the filter of a list
by financial year. Case reviews count by the dates they hold, training by the day (in the
partnership's time zone) that a session starts."""

import datetime

import django_filters
from django.db.models import Case, IntegerField, Q, QuerySet, When
from django.db.models.functions import ExtractYear
from django.utils import timezone

# What a list's filter or a statistics page says when the year chosen is not one offered.
YEAR_INVALID = "Select a financial year from the list"


def financial_year_start(day: datetime.date) -> int:
    """The year in which the financial year (April to March) holding `day` starts."""
    return day.year if day.month >= 4 else day.year - 1


def year_range(year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the financial year starting in April of `year`."""
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)


def year_instants(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The first instant of the financial year starting in April of `year` and the first of
    the next, in the partnership's time zone: compare a date and time with these, rather than
    converting every row to a date, and the database can use the column as it is."""
    start, end = year_range(year)
    zone = timezone.get_current_timezone()
    first = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min), zone)
    after = timezone.make_aware(
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min), zone
    )
    return first, after


def in_year(field_name: str, year: int) -> Q:
    """Records whose `field_name` falls in the financial year starting in April of `year`. A
    date-time field (one ending `__date`) is compared with the year's first instants
    (year_instants), not converted to a date row by row, so the database can use it as it is."""
    if field_name.endswith("__date"):
        first, after = year_instants(year)
        column = field_name.removesuffix("__date")
        return Q(**{f"{column}__gte": first, f"{column}__lt": after})
    return Q(**{f"{field_name}__range": year_range(year)})


def year_label(year: int) -> str:
    """The financial year starting in April of `year`, as the annual statement writes it:
    "2019-20"."""
    return f"{year}-{(year + 1) % 100:02d}"


def year_long_label(year: int) -> str:
    return f"April {year} to March {year + 1}"


def default_year(today: datetime.date) -> int:
    """The latest financial year that has ended: the one an annual statement reports on."""
    return financial_year_start(today) - 1


def financial_years(queryset: QuerySet, field_name: str) -> list[int]:
    """The financial years in which the records' date (or date and time, read in the
    partnership's time zone) `field_name` falls, newest first: one query."""
    year = ExtractYear(field_name)
    starts = queryset.annotate(
        financial_year=Case(
            When(**{f"{field_name}__month__gte": 4}, then=year),
            default=year - 1,
            output_field=IntegerField(),
        )
    )
    return list(
        starts.order_by("-financial_year").values_list("financial_year", flat=True).distinct()
    )


class FinancialYearFilter(django_filters.ChoiceFilter):
    """Records whose date falls in the financial year starting in April of the chosen year.
    For a date and time, pass `lookup_expr="date__range"`: its day in the partnership's time
    zone counts."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "range")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        if self.lookup_expr == "date__range":
            first, after = year_instants(int(value))
            return qs.filter(**{f"{self.field_name}__gte": first, f"{self.field_name}__lt": after})
        return qs.filter(**{f"{self.field_name}__{self.lookup_expr}": year_range(int(value))})

    def offer_years_of(self, queryset: QuerySet) -> None:
        """Offer the financial years in which the records of `queryset` fall."""
        years = financial_years(queryset, self.field_name)
        self.extra["choices"] = [(str(y), year_label(y)) for y in years]
