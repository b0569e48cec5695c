"""The loader of a yearly report fixture (fixtures/<slug>/report-*.yaml, see
fixtures/README.md): the partnership's acronyms and lead safeguarding partners, the
contents checklist, and one report with its sections. Registered with the core's demo
loading (kscp.assurance.apps); records are found by natural key and left alone once they
exist, so loading twice changes nothing."""

import datetime

from django.core.management.base import CommandError
from django.db import transaction

from kscp.assurance import contents
from kscp.assurance.models import (
    Acronym,
    ChecklistItem,
    Report,
    SafeguardingPartner,
    Section,
    twelve_months_from,
)
from kscp.core.loading import Loader, as_text
from kscp.core.models import Partnership

UNKNOWN_CHECKLIST_KEY = "{report}: section {title!r} covers an unknown checklist item {key!r}"


@transaction.atomic
def load_report(partnership: Partnership, data: dict, loader: Loader | None = None) -> int:
    loader = Loader() if loader is None else loader
    start = loader.created
    for acronym in data.get("acronyms") or []:
        loader.get_or_create(
            Acronym,
            {"partnership": partnership, "term": acronym["term"]},
            {
                "meaning": as_text(acronym["meaning"]),
                "always_listed": bool(acronym.get("always_listed")),
            },
            validate=True,
        )
    for partner in data.get("safeguarding_partners") or []:
        loader.get_or_create(
            SafeguardingPartner,
            {"partnership": partnership, "kind": partner["kind"]},
            {
                "person": loader.person(partnership, partner["person"]),
                "office": as_text(partner.get("office")),
            },
            validate=True,
        )
    items = _checklist(loader, partnership)
    if data.get("report"):
        _load_one_report(loader, partnership, data["report"], items)
    return loader.created - start


def _checklist(loader: Loader, partnership: Partnership) -> dict[str, ChecklistItem]:
    """The statutory contents checklist, seeded the first time; the business unit's edits
    stand."""
    if not ChecklistItem.objects.filter(partnership=partnership).exists():
        for position, (key, text) in enumerate(contents.CHECKLIST, start=1):
            loader.get_or_create(
                ChecklistItem,
                {"partnership": partnership, "text": text},
                {"key": key, "position": position},
            )
    return {item.key: item for item in ChecklistItem.objects.filter(partnership=partnership)}


def _load_one_report(loader: Loader, partnership: Partnership, spec: dict, items: dict) -> None:
    period_start = spec["period_start"]
    if not isinstance(period_start, datetime.date):
        period_start = datetime.date.fromisoformat(str(period_start))
    recorded_by = loader.person(partnership, spec.get("recorded_by"))
    report, _ = loader.get_or_create(
        Report,
        {"partnership": partnership, "period_start": period_start},
        {"title": as_text(spec["title"]), "period_end": twelve_months_from(period_start)},
        validate=True,
    )
    for position, entry in enumerate(spec.get("sections") or [], start=1):
        kind = entry.get("kind") or (
            Section.Kind.GENERATED if entry.get("generator") else Section.Kind.NARRATIVE
        )
        keys = entry.get("covers") or []
        unknown = [key for key in keys if key not in items]
        if unknown:
            raise CommandError(
                UNKNOWN_CHECKLIST_KEY.format(report=report, title=entry["title"], key=unknown[0])
            )
        section, created = loader.get_or_create(
            Section,
            {"report": report, "title": as_text(entry["title"])},
            {
                "position": position,
                "kind": kind,
                "generator": entry.get("generator") or "",
                "body": as_text(entry.get("body")),
            },
            validate=True,
        )
        if created:
            section.covers.set([items[key] for key in keys])
    if recorded_by is not None:
        _name_in_history(report, recorded_by)


def _name_in_history(report: Report, user) -> None:
    """The first history rows of the report and its sections name the business unit
    officer who wrote them up, as if they had typed them in."""
    report.history.filter(history_user__isnull=True).update(history_user=user)
    Section.history.filter(report_id=report.pk, history_user__isnull=True).update(history_user=user)
