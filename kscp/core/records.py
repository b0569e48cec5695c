"""How every app's services save a record: the fields set, the whole record validated, then
saved with its many-to-many choices, and its history naming who made the change."""

from kscp.core.models import User


def record_save(record, *, user: User | None, fields: dict, m2m: dict | None = None):
    """Set `fields` on the record, validate it in full, save it and its many-to-many
    choices; the history rows name `user`."""
    for name, value in fields.items():
        record._meta.get_field(name)  # refuses a name the model does not have
        setattr(record, name, value)
    record._history_user = user
    record.full_clean()
    record.save()
    for name, values in (m2m or {}).items():
        getattr(record, name).set(values)
    return record
