"""When the records a page reads last changed, for caching what the page computes from
them: every save and deletion of a record writes a history row (django-simple-history), so
the latest history row of each model read says whether anything the page shows has changed.
One query, however many models or rows."""

from django.db import connection


def data_stamp(models) -> str:
    """The id of the latest history row of each of `models`, in one query: a string that
    changes whenever one of their records is added, changed or deleted through the ORM (a
    raw load or a queryset update writes no history and does not change it)."""
    return ".".join(str(value) for value in latest_history_ids(models).values())


def latest_history_ids(models) -> dict:
    """The id of the latest history row of each of `models` (0 for none), in one query."""
    models = list(models)
    found = latest_history_ids_of([(model, None, None) for model in models])
    return dict(zip(models, found, strict=True))


def latest_history_ids_of(parts) -> list[int]:
    """For each (model, field, value) of `parts`, the id of the latest history row of the
    model's records whose `field` is `value` (every record when `field` is None), 0 for
    none, in one query: the latest history of each plan's objectives, say. A row written
    as a record left that value (an objective moved to another plan) counts for the value
    it moved to."""
    parts = list(parts)
    if not parts:
        return []
    quote = connection.ops.quote_name
    selects, params = [], []
    for model, field, value in parts:
        history = model.history.model._meta
        select = f"SELECT MAX({quote(history.pk.column)}) FROM {quote(history.db_table)}"
        if field is not None:
            select += f" WHERE {quote(history.get_field(field).column)} = %s"
            params.append(value)
        selects.append(f"({select})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(selects), params)
        row = cursor.fetchone()
    return [value or 0 for value in row]
