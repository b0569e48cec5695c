"""The owners of objectives and actions over time, read from their history rows: as they
stood on a day (for the plan "as at" a date) and each change in words (for an item's
timeline). `plans.services.owners_set` dates all the rows of one change alike."""

import datetime
from dataclasses import dataclass
from itertools import groupby

from kscp.core.history import rows_at
from kscp.core.timeline import History, TimelineEntry
from plans.models import Owner, printed_owners

NO_OWNERS = "none"
REMOVED_OWNER = "a removed group or person"


def _name(record) -> str:
    if record.group_id:
        return record.group.name if record.group else REMOVED_OWNER
    if record.person_id:
        person = record.person
        return (person.get_full_name() or person.username) if person else REMOVED_OWNER
    return record.text


def _words(records) -> str:
    ordered = sorted(records, key=lambda r: r.position)
    return printed_owners([(_name(r), r.role) for r in ordered])


def owners_at(*, objective_ids, action_ids, cutoff: datetime.datetime) -> dict:
    """The owners' words of each objective (key ("objective", id)) and action (("action",
    id)) as they stood at `cutoff`: one query however many."""
    history = Owner.history.filter(objective_id__in=list(objective_ids)) | Owner.history.filter(
        action_id__in=list(action_ids)
    )
    rows = rows_at(history, cutoff).select_related("group", "person")
    found: dict[tuple, list] = {}
    for row in rows:
        key = ("objective", row.objective_id) if row.objective_id else ("action", row.action_id)
        found.setdefault(key, []).append(row)
    return {key: _words(records) for key, records in found.items()}


@dataclass(kw_only=True)
class OwnerHistory(History):
    """Each change of an item's owners, in words: "Owners: Sharon Hewitt → Sharon Hewitt with
    support from Elaine McShane". The records are Owner history rows of one or more items;
    `subject_of(record)` names the item."""

    def entries(self) -> list[TimelineEntry]:
        def item(record):
            if record.objective_id:
                return ("objective", record.objective_id)
            return ("action", record.action_id)

        records = sorted(self.records, key=lambda r: (item(r), r.history_date, r.history_id))
        entries = []
        for _, item_records in groupby(records, key=item):
            alive: dict[int, object] = {}
            before = None
            for _, batch in groupby(item_records, key=lambda r: r.history_date):
                batch = list(batch)
                for record in batch:
                    if record.history_type == "-":
                        alive.pop(record.id, None)
                    else:
                        alive[record.id] = record
                after = _words(alive.values()) or NO_OWNERS
                if after != before:
                    words = f"Owners: {after}" if before is None else f"Owners: {before} → {after}"
                    entries.append(self.said(batch[-1], [words]))
                before = after
        return entries
