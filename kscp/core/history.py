"""Records as they stood at a moment, read from their django-simple-history rows: the one
"latest history row of each record at a date" query that reports and charts share, its
counts at many dates in two, and those counts kept for dates gone by."""

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Sequence

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models import Count, Max, Q, QuerySet, Sum
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


IN_BATCH = 10_000  # history ids a query names at most (SQLite takes 32,766 parameters)


def counts_at(
    history: QuerySet, cutoffs: Sequence[datetime.datetime], field: str, *, by: str
) -> dict[tuple, list[int]]:
    """How many of the records `history` selects stood with each value of `field` at each
    of `cutoffs`, as `rows_at` reads them (deleted records left out), per value of `by` (a
    field no record changes, such as the plan): {(by, field): [count at each cutoff, in
    their order]}. Two queries, whatever the number of cutoffs or history rows: the last
    history row of each record at every cutoff, found in one pass over its history; then
    those rows' values (a further query for each IN_BATCH rows of them)."""
    if not cutoffs:
        return {}
    latest = {
        f"at_{n}": Max("history_id", filter=Q(history_date__lte=c)) for n, c in enumerate(cutoffs)
    }
    records = list(history.values("id", by).annotate(**latest).order_by().values_list(by, *latest))
    ids = sorted({row_id for record in records for row_id in record[1:] if row_id is not None})
    values = {}
    for start in range(0, len(ids), IN_BATCH):
        values.update(
            history.model.objects.filter(history_id__in=ids[start : start + IN_BATCH])
            .exclude(history_type="-")
            .values_list("history_id", field)
        )
    counts: dict[tuple, list[int]] = defaultdict(lambda: [0] * len(cutoffs))
    for key, *at in records:
        for n, row_id in enumerate(at):
            if row_id in values:
                counts[key, values[row_id]][n] += 1
    return dict(counts)


KEPT_SECONDS = 24 * 60 * 60


def kept_counts_at(
    history: QuerySet, cutoffs: Sequence[datetime.datetime], field: str, *, by: str, among
) -> dict[tuple, list[int]]:
    """`counts_at` of the records `history` selects whose `by` is one of `among` (plans),
    for cutoffs gone by, kept in the cache for each of `among` on its own: whichever
    plans are counted together, a plan counted once is not counted again. What stood at a
    past moment changes only if history rows dated up to it are written or removed
    afterwards (a load of dated records, say), so each one's counts are kept under the
    query and the number, latest id and sum of ids of its rows up to the last cutoff (one
    query for all): any such row written or removed makes that one counted again, with
    any others out of date (counts_at's two queries). The records `history` selects must
    be named in its query (ids), not by a subquery whose rows may change (an owner
    group's objectives): the key would not see them change. A cutoff still to come is
    counted afresh, not kept."""
    among = list(among)
    if not cutoffs or not among:
        return {}
    try:
        scope = str(history.query)
    except EmptyResultSet:  # history of no record: nothing to count
        return {}
    chosen = history.filter(**{f"{by}__in": among})
    if max(cutoffs) >= timezone.now():
        return counts_at(chosen, cutoffs, field, by=by)
    rows = {
        row.pop(by): sorted(row.items())
        for row in chosen.filter(history_date__lte=max(cutoffs))
        .values(by)
        .annotate(n=Count("history_id"), last=Max("history_id"), ids=Sum("history_id"))
        .order_by()
    }
    days = [c.isoformat() for c in cutoffs]
    keys = {}
    for value in among:
        state = [scope, field, by, value, days, rows.get(value)]
        keys[value] = "counts_at:" + hashlib.sha256(repr(state).encode()).hexdigest()
    kept = cache.get_many(list(keys.values()))
    missing = [value for value in among if keys[value] not in kept]
    if missing:
        counted = counts_at(history.filter(**{f"{by}__in": missing}), cutoffs, field, by=by)
        made = {
            keys[value]: {key: n for key, n in counted.items() if key[0] == value}
            for value in missing
        }
        cache.set_many(made, KEPT_SECONDS)
        kept.update(made)
    return {key: n for value in among for key, n in kept[keys[value]].items()}
