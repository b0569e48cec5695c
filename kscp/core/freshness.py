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
    if not models:
        return {}
    quote = connection.ops.quote_name
    parts = []
    for model in models:
        history = model.history.model
        parts.append(
            f"(SELECT MAX({quote(history._meta.pk.column)}) FROM {quote(history._meta.db_table)})"
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return {model: value or 0 for model, value in zip(models, row, strict=True)}
