"""Records as they stood at a moment, read from their django-simple-history rows: the one
"latest history row of each record at a date" query that reports and charts share, and its
counts at many dates in one query."""

import datetime
from collections.abc import Sequence

from django.db.models import Count, Max, Q, QuerySet
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


def counts_at(
    history: QuerySet, cutoffs: Sequence[datetime.datetime], fields: Sequence[str]
) -> dict[tuple, list[int]]:
    """How many of the records `history` selects stood with each value of `fields` at each
    of `cutoffs`, as `rows_at` reads them (deleted records left out): {(values of fields):
    [count at each cutoff, in their order]}. One query, whatever the number of cutoffs,
    records or history rows: each cutoff is a count over the rows that were the latest of
    their record then, aggregated by the database."""
    if not cutoffs:
        return {}

    def latest(cutoff):
        return (
            history.filter(history_date__lte=cutoff)
            .values("id")
            .annotate(last=Max("history_id"))
            .values("last")
        )

    at = {
        f"at_{n}": Count("history_id", filter=Q(history_id__in=latest(cutoff)))
        for n, cutoff in enumerate(cutoffs)
    }
    rows = (
        history.filter(history_date__lte=max(cutoffs))
        .exclude(history_type="-")
        .values(*fields)
        .annotate(**at)
        .order_by()
    )
    return {
        tuple(row[name] for name in fields): [row[f"at_{n}"] for n in range(len(cutoffs))]
        for row in rows
    }
