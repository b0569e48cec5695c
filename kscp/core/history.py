"""Records as they stood at a moment, read from their django-simple-history rows: the one
"latest history row of each record at a date" query that reports and charts share."""

import datetime

from django.db.models import Max, QuerySet
from django.utils import timezone


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The last instant of `day` in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def rows_at(history: QuerySet, cutoff: datetime.datetime) -> QuerySet:
    """Of the history rows `history` selects, the last one of each record at `cutoff`,
    leaving out records deleted by then: one query, whatever the length of the history."""
    latest = (
        history.filter(history_date__lte=cutoff)
        .values("id")
        .annotate(last=Max("history_id"))
        .values("last")
    )
    return history.model.objects.filter(history_id__in=latest).exclude(history_type="-")


def states_at(history: QuerySet, cutoff: datetime.datetime) -> dict:
    """`rows_at`, keyed by the record's id."""
    return {row.id: row for row in rows_at(history, cutoff)}
