"""The timeline of a tracked item (an objective, an action, a review action): each change of
RAG status, progress or evidence, who made it and when, read from the item's history."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from kscp.core.models import User
from kscp.core.tracking import TrackedItem


@dataclass
class HistoryEntry:
    """One change in an item's timeline: who, when, RAG before and after, progress text."""

    when: datetime.datetime
    who: User | None
    subject: str
    rag_before: str | None
    rag_after: str
    progress: str
    progress_changed: bool
    evidence: str
    evidence_changed: bool
    created: bool
    changes: list[str] = field(default_factory=list)


def history_entries(records: Iterable, subject_of: Callable) -> list[HistoryEntry]:
    """The entries of history records of one or more items of the same model; saves that
    changed neither RAG, progress nor evidence (an edit of the wording, say) are left out."""
    entries = []
    by_item: dict[int, list] = {}
    for record in records:
        by_item.setdefault(record.id, []).append(record)
    for item_records in by_item.values():
        item_records.sort(key=lambda r: r.history_date)
        previous_records = [None, *item_records[:-1]]
        for previous, record in zip(previous_records, item_records, strict=True):
            if previous is not None and (
                previous.rag == record.rag
                and previous.progress == record.progress
                and previous.evidence == record.evidence
            ):
                continue
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=record.history_user,
                    subject=subject_of(record),
                    rag_before=previous.rag if previous else None,
                    rag_after=record.rag,
                    progress=record.progress,
                    progress_changed=previous is None or previous.progress != record.progress,
                    evidence=record.evidence,
                    evidence_changed=previous is None or previous.evidence != record.evidence,
                    created=previous is None,
                )
            )
    return entries


def newest_first(entries: list[HistoryEntry]) -> list[HistoryEntry]:
    return sorted(entries, key=lambda e: e.when, reverse=True)


def tracked_item_timeline(item: TrackedItem, subject: str) -> list[HistoryEntry]:
    """One item's changes, newest first, in one query however long its history."""
    records = item.history.select_related("history_user")
    return newest_first(history_entries(records, lambda r: subject))
