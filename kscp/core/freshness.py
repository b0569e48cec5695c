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


def _across(model_meta, field: str):
    """A field across one foreign key ("objective__plan"): the foreign key's name, the
    related model's meta and the column of the field there."""
    link, rest = field.split("__", 1)
    related = model_meta.get_field(link).related_model._meta
    return link, related, related.get_field(rest).column


def _where(meta, model_meta, field: str | None) -> str:
    """The WHERE of rows of `meta` (a model or its history) whose `field` is a value (one
    parameter): a column ("plan"), or one across a foreign key to another model
    ("objective__plan": the actions of a plan's objectives)."""
    if field is None:
        return ""
    quote = connection.ops.quote_name
    if "__" not in field:
        return f" WHERE {quote(meta.get_field(field).column)} = %s"
    link, related, column = _across(model_meta, field)
    inner = f"SELECT {quote(related.pk.column)} FROM {quote(related.db_table)}"
    inner += f" WHERE {quote(column)} = %s"
    return f" WHERE {quote(meta.get_field(link).column)} IN ({inner})"


def _latest(history, model_meta, field: str | None) -> str:
    """The SELECT of the latest history row of the records whose `field` is a value (one
    parameter, or none for every record). Across a foreign key ("objective__plan"), the
    latest of each related record's (one probe of the history's (objective, history_id)
    index each), not the latest of every row of theirs."""
    quote = connection.ops.quote_name
    table, pk = quote(history.db_table), quote(history.pk.column)
    if field is None or "__" not in field:
        return f"(SELECT MAX({pk}) FROM {table}{_where(history, model_meta, field)})"
    link, related, column = _across(model_meta, field)
    each = f"SELECT MAX(h.{pk}) FROM {table} h"
    each += f" WHERE h.{quote(history.get_field(link).column)} = r.{quote(related.pk.column)}"
    return f"(SELECT MAX(({each})) FROM {quote(related.db_table)} r WHERE r.{quote(column)} = %s)"


def latest_history_ids_of(parts, *, with_records: bool = False) -> list:
    """For each (model, field, value) of `parts`, the id of the latest history row of the
    model's records whose `field` is `value` (every record when `field` is None; a field
    across one foreign key, "objective__plan", for the actions of a plan's objectives),
    0 for none, in one query: the latest history of each plan's objectives, say. A record that
    leaves the value (an objective moved to another plan) writes its history row under
    the value it moves to; `with_records` gives for each part, as well, the number and
    the sum of the ids of the records that hold the value now, which such a move
    changes: (latest id, number, sum of ids)."""
    parts = list(parts)
    if not parts:
        return []
    quote = connection.ops.quote_name
    selects, params = [], []
    for model, field, value in parts:
        selects.append(_latest(model.history.model._meta, model._meta, field))
        params.extend([value] if field else [])
        if with_records:
            now = model._meta
            where = _where(now, now, field)
            params.extend([value, value] if field else [])
            table, pk = quote(now.db_table), quote(now.pk.column)
            selects.append(f"(SELECT COUNT(*) FROM {table}{where})")
            selects.append(f"(SELECT SUM({pk}) FROM {table}{where})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(selects), params)
        row = [value or 0 for value in cursor.fetchone()]
    if not with_records:
        return row
    return [tuple(row[n : n + 3]) for n in range(0, len(row), 3)]
