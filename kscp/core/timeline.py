"""The history timeline of every record, read from its django-simple-history rows: who
changed what and when. One entry and one partial (kscp/includes/timeline.html) for all:

- a tracked item's history (an objective, an action, a review action) tells each change of
  RAG status, progress or evidence, the RAG before and after;
- a field history tells a record's changed fields in words ("Stage: In progress → Draft
  report"), in the labels the app gives, and its creation and removal;
- a related-set history tells what was added to or removed from a many-to-many field.

The app builds the histories of one or more records and merges them into one timeline,
newest first, with one query for each history, however long."""

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db import models
from django.utils import formats

from kscp.core.models import User
from kscp.core.tracking import NO_CHANGE_REASON, TrackedItem


def long_date(value: datetime.date | None) -> str:
    return formats.date_format(value, "j F Y") if value else ""


@dataclass
class TimelineEntry:
    """One change in a timeline. `changes` says it in words; a tracked item's change also
    has the RAG after (and before, unless `created`) and its new progress and evidence."""

    when: datetime.datetime
    who: User | None
    subject: str
    changes: list[str] = field(default_factory=list)
    rag_before: str | None = None
    rag_after: str | None = None
    created: bool = False
    progress: str = ""
    evidence: str = ""
    no_change: bool = False  # the owner confirmed that nothing had changed


def with_previous(records: Iterable) -> Iterator[tuple]:
    """Each history record with the one before it of the same item (None for the first)."""
    by_item: dict[int, list] = {}
    for record in records:
        by_item.setdefault(record.id, []).append(record)
    for item_records in by_item.values():
        item_records.sort(key=lambda r: r.history_date)
        yield from zip([None, *item_records[:-1]], item_records, strict=True)


@dataclass(kw_only=True)
class History:
    """The history records of one or more items of one model; `subject_of(record)` names
    the item in the timeline ("Review", "Action a)")."""

    records: Iterable
    subject_of: Callable[..., str]

    def entries(self) -> list[TimelineEntry]:
        found = (self.entry(previous, record) for previous, record in with_previous(self.records))
        return [entry for entry in found if entry is not None]

    def entry(self, previous, record) -> TimelineEntry | None:
        """The entry of `record` after `previous` (None for the item's first record), or
        None when nothing the timeline tells changed."""
        raise NotImplementedError

    def said(self, record, changes: list[str], **tracked) -> TimelineEntry:
        subject = self.subject_of(record)
        return TimelineEntry(record.history_date, record.history_user, subject, changes, **tracked)


@dataclass(kw_only=True)
class TrackedHistory(History):
    """Tracked items' changes of RAG, progress and evidence; saves that changed none of
    them (an edit of the wording, say) are left out."""

    def entry(self, previous, record) -> TimelineEntry | None:
        def changed(name):
            return previous is None or getattr(previous, name) != getattr(record, name)

        if not (changed("rag") or changed("progress") or changed("evidence")):
            if getattr(record, "history_change_reason", None) != NO_CHANGE_REASON:
                return None
            return self.said(
                record,
                [NO_CHANGE_REASON],
                rag_before=record.rag,
                rag_after=record.rag,
                no_change=True,
            )
        return self.said(
            record,
            [],
            rag_before=previous.rag if previous else None,
            rag_after=record.rag,
            created=previous is None,
            progress=record.progress if changed("progress") else "",
            evidence=record.evidence if changed("evidence") else "",
        )


def shown(model: type[models.Model], name: str, value) -> str:
    """A field's value in words: a choice's label, "yes"/"no", a long date, "not set"."""
    model_field = model._meta.get_field(name)
    if value in (None, ""):
        return "not set"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.date):
        return long_date(value)
    return str(value)


@dataclass(kw_only=True)
class FieldHistory(History):
    """Records' changes of the fields in `fields` (name → label), old → new; those in
    `words_only` (long texts, links) only say that they changed. `describe_new(record)`
    says the creation in words; a removal says "Removed"."""

    model: type[models.Model]
    fields: dict[str, str]
    describe_new: Callable[..., list[str]]
    words_only: tuple[str, ...] = ()

    def entry(self, previous, record) -> TimelineEntry | None:
        if record.history_type == "-":
            changes = ["Removed"]
        elif previous is None:
            changes = self.describe_new(record)
        else:
            changes = self.changes(previous, record)
        return self.said(record, changes) if changes else None

    def changes(self, previous, record) -> list[str]:
        words = []
        for name, label in self.fields.items():
            attname = self.model._meta.get_field(name).attname
            before, after = getattr(previous, attname), getattr(record, attname)
            if before == after:
                continue
            if name in self.words_only:
                words.append(f"{label} changed")
            else:
                words.append(
                    f"{label}: {shown(self.model, name, before)} → {shown(self.model, name, after)}"
                )
        return words


@dataclass(kw_only=True)
class RelatedSetHistory(History):
    """What each save added to or removed from the many-to-many field `name` of `model`,
    tracked by simple-history (`m2m_fields`): "Theme added: Neglect". Two queries."""

    model: type[models.Model]
    name: str
    label: str

    def entries(self) -> list[TimelineEntry]:
        records = list(self.records)
        chosen = self._chosen(records)
        related = self.model._meta.get_field(self.name).related_model
        every = set().union(*chosen.values())
        names = {pk: str(obj) for pk, obj in related.objects.in_bulk(every).items()}
        entries = []
        for previous, record in with_previous(records):
            if previous is not None:
                words = self._words(chosen[previous.history_id], chosen[record.history_id], names)
                if words:
                    entries.append(self.said(record, words))
        return entries

    def _chosen(self, records: list) -> dict[int, set[int]]:
        """For each history record, the primary keys in the set after that save."""
        m2m_field = self.model._meta.get_field(self.name)
        through = getattr(self.model.history.model, self.name).model
        column = f"{m2m_field.m2m_reverse_field_name()}_id"
        chosen: dict[int, set[int]] = {record.history_id: set() for record in records}
        rows = through.objects.filter(history__id__in={record.id for record in records})
        for history_id, pk in rows.values_list("history_id", column):
            chosen.setdefault(history_id, set()).add(pk)
        return chosen

    def _words(self, before: set[int], after: set[int], names: dict[int, str]) -> list[str]:
        gone = f"a removed {self.label.lower()}"
        words = [f"{self.label} added: {names.get(pk, gone)}" for pk in after - before]
        words += [f"{self.label} removed: {names.get(pk, gone)}" for pk in before - after]
        return sorted(words)


def merged(*histories: History) -> list[TimelineEntry]:
    """The entries of several histories in one timeline, newest first."""
    entries = [entry for history in histories for entry in history.entries()]
    return sorted(entries, key=lambda e: e.when, reverse=True)


def tracked_item_timeline(item: TrackedItem, subject: str) -> list[TimelineEntry]:
    """One item's changes, newest first, in one query however long its history."""
    records = item.history.select_related("history_user")
    return merged(TrackedHistory(records=records, subject_of=lambda record: subject))
