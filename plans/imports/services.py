"""Writes of a plan's import. The file is read whole and kept (PlanImport) while the business
unit chooses its columns and sees the plan it describes; nothing of the plan changes until
the import, which creates every priority, objective and action in the draft in one
transaction, or none. Only an empty draft is imported into."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kscp.core.imports import FILE_TYPE, FileRefused, Table, read_upload
from kscp.core.models import Group, User
from plans.imports.checking import check_plan
from plans.imports.columns import auto_mapping, cell_text
from plans.imports.owners import GROUP, PERSON, Owner, OwnerMatcher, apply_owners
from plans.imports.words import read_docx
from plans.models import Action, Objective, Plan, PlanImport, Priority
from plans.services import owners_set

MAX_ROWS = 2000
KINDS = (".docx", ".xlsx", ".csv")
FILE_KIND = (
    "The file must be a Word document, an Excel workbook or a CSV file (.docx, .xlsx or .csv)"
)
PLAN_NOT_EMPTY = (
    "The draft already has priorities or objectives: a plan is imported only into an empty "
    "draft. Create a new draft for it, or remove what this one has"
)
PLAN_NOT_DRAFT = "Only a draft plan is imported into: this plan is {status}"
IMPORT_DONE = "{filename} has already been imported"
IMPORT_DISCARDED = "{filename} was discarded: upload the file again to import it"
IMPORT_NOT_CHECKED = "Choose the file’s columns and check it before importing it"
OWNER_GONE = (
    "Nothing was imported: row {row}, who responsible: “{name}” is no longer a group or "
    "person of the partnership. Upload the file again"
)
GROUP_GONE = (
    "Nothing was imported: row {row}, reports to: the group is no longer one of the "
    "partnership’s. Upload the file again"
)


def max_upload_bytes() -> int:
    return settings.PLAN_IMPORT_MAX_BYTES


def _require_empty_draft(plan: Plan) -> None:
    if not plan.is_draft:
        raise ValidationError(PLAN_NOT_DRAFT.format(status=plan.get_status_display().lower()))
    if plan.priorities.exists() or plan.objectives.exists():
        raise ValidationError(PLAN_NOT_EMPTY)


def owner_matcher(partnership_id: int) -> OwnerMatcher:
    return OwnerMatcher(
        Group.objects.filter(partnership_id=partnership_id),
        User.objects.filter(partnership_id=partnership_id, is_active=True),
    )


def read_plan_file(upload):
    """The file's header and rows, whatever its kind; its size first."""
    name = (upload.name or "").lower()
    if not name.endswith(KINDS):
        raise FileRefused([FILE_KIND])
    if name.endswith(".docx"):
        return read_docx(upload, max_bytes=max_upload_bytes(), max_rows=MAX_ROWS)
    try:
        return read_upload(upload, max_bytes=max_upload_bytes(), max_rows=MAX_ROWS)
    except FileRefused as refusal:
        if refusal.messages == [FILE_TYPE]:
            raise FileRefused([FILE_KIND]) from refusal
        raise


def needs_columns_chosen(header: list, mapping: dict) -> bool:
    """Whether the business unit chooses the columns: a column the plan needs is not found,
    or a column of the file with a header is not one of the plan's."""
    if any(field not in mapping for field in ("number", "text")):
        return True
    used = set(mapping.values())
    return any(cell_text(text) and index not in used for index, text in enumerate(header))


def _check(batch: PlanImport) -> dict:
    table_rows = [(where, cells) for where, cells in batch.rows]
    return check_plan(
        Table(header=batch.header, rows=table_rows),
        {field: int(index) for field, index in batch.mapping.items()},
        plan=batch.plan,
        matcher=owner_matcher(batch.plan.partnership_id),
        keep_text=batch.keep_text,
    )


def _save(batch: PlanImport, *, user: User | None, **fields) -> PlanImport:
    for name, value in fields.items():
        setattr(batch, name, value)
    batch._history_user = user
    batch.full_clean(exclude=["header", "rows", "checked", "mapping"])
    batch.save()
    return batch


@transaction.atomic
def plan_import_upload(*, plan: Plan, user: User, upload, keep_text: bool) -> PlanImport:
    """Read the file and keep its cells. When its headers name the plan's columns, it is
    checked at once: a file with problems is refused (FileRefused naming every one) and
    nothing is kept; otherwise it waits for its columns to be chosen."""
    _require_empty_draft(plan)
    table = read_plan_file(upload)
    header = [cell_text(text) for text in table.header]
    rows = [[where, [cell_text(cell) for cell in cells]] for where, cells in table.rows]
    batch = PlanImport(
        plan=plan,
        filename=upload.name[-255:],
        uploaded_by=user,
        header=header,
        rows=rows,
        mapping=auto_mapping(header),
        keep_text=keep_text,
    )
    if needs_columns_chosen(header, batch.mapping):
        return _save(_replacing(batch, user=user), user=user)
    checked = _check(batch)  # raises FileRefused: nothing is kept
    batch = _replacing(batch, user=user)
    return _save(batch, user=user, checked=checked, status=PlanImport.Status.CHECKED)


def _replacing(batch: PlanImport, *, user: User) -> PlanImport:
    """The new file replaces the plan's files left waiting: they are discarded."""
    waiting = PlanImport.objects.filter(
        plan=batch.plan, status__in=[PlanImport.Status.UPLOADED, PlanImport.Status.CHECKED]
    ).select_for_update()
    for old in waiting:
        _save(old, user=user, status=PlanImport.Status.DISCARDED, header=[], rows=[], checked={})
    return batch


def _require_open(batch: PlanImport) -> None:
    if batch.status == PlanImport.Status.IMPORTED:
        raise ValidationError(IMPORT_DONE.format(filename=batch.filename))
    if batch.status == PlanImport.Status.DISCARDED:
        raise ValidationError(IMPORT_DISCARDED.format(filename=batch.filename))


def plan_import_choose_columns(
    *, batch: PlanImport, user: User, mapping: dict[str, int], keep_text: bool
) -> PlanImport:
    """Check the file with the columns chosen. The choice is kept either way: a file with
    problems stays waiting (FileRefused naming every one), a clean one is ready to import."""
    with transaction.atomic():
        batch = PlanImport.objects.select_for_update().select_related("plan").get(pk=batch.pk)
        _require_open(batch)
        _require_empty_draft(batch.plan)
        _save(
            batch,
            user=user,
            mapping=mapping,
            keep_text=keep_text,
            checked={},
            status=PlanImport.Status.UPLOADED,
        )
    checked = _check(batch)
    with transaction.atomic():
        return _save(batch, user=user, checked=checked, status=PlanImport.Status.CHECKED)


@transaction.atomic
def plan_import_confirm(*, batch: PlanImport, user: User) -> Plan:
    """Create the checked plan in its draft: every priority, objective and action, or none.
    The draft must still be empty and every owner still of the partnership."""
    batch = PlanImport.objects.select_for_update().get(pk=batch.pk)
    _require_open(batch)
    if batch.status != PlanImport.Status.CHECKED:
        raise ValidationError(IMPORT_NOT_CHECKED)
    plan = Plan.objects.select_for_update().get(pk=batch.plan_id)
    _require_empty_draft(plan)
    partnership_id = plan.partnership_id
    groups = Group.objects.filter(partnership_id=partnership_id).in_bulk()
    people = User.objects.filter(partnership_id=partnership_id).in_bulk()
    priorities = {}
    for spec in batch.checked["priorities"]:
        priorities[spec["number"]] = _create(
            Priority(plan=plan),
            user=user,
            fields={
                "number": spec["number"],
                "title": spec["priority_title"],
                "aim": spec["aim"],
                "strategic_aim": spec["strategic_aim"],
            },
        )
    for spec in batch.checked["objectives"]:
        owners = _owners(spec, groups, people)
        if spec["reporting_group"] and spec["reporting_group"] not in groups:
            raise ValidationError(GROUP_GONE.format(row=spec["row"]))
        objective = Objective(plan=plan, priority=priorities[spec["priority"]])
        fields = {
            "number": spec["number"],
            **{
                name: spec[name]
                for name in (
                    "action",
                    "outcome",
                    "outcome_measure",
                    "difference",
                    "references",
                    "due_text",
                    "rag",
                    "progress",
                    "evidence",
                )
            },
            "due_on": _month(spec["due_on"]),
            "reporting_group": groups.get(spec["reporting_group"]),
        }
        _create(objective, user=user, fields=fields)
        owners_set(
            item=objective, owners=apply_owners(owners, groups=groups, people=people), user=user
        )
        for position, action_spec in enumerate(spec["actions"], start=1):
            action = Action(objective=objective, position=position)
            owners = apply_owners(
                _owners(action_spec, groups, people), groups=groups, people=people
            )
            fields = {
                "label": action_spec["label"],
                "description": action_spec["description"],
                "due_on": _month(action_spec["due_on"]),
                "due_text": action_spec["due_text"],
                "rag": action_spec["rag"],
                "progress": action_spec["progress"],
            }
            _create(action, user=user, fields=fields)
            owners_set(item=action, owners=owners, user=user)
    _save(
        batch,
        user=user,
        status=PlanImport.Status.IMPORTED,
        imported_at=timezone.now(),
        header=[],
        rows=[],
    )
    return plan


# Checked once for the whole file instead of a query a row: the plan, priority, objective,
# groups and people were fetched just now, of the plan's partnership, and the numbers are
# unique in the file and the draft was empty (the database enforces both too).
CHECKED_ONCE = ["plan", "priority", "objective", "reporting_group"]


def _create(record, *, user: User, fields: dict):
    for name, value in fields.items():
        setattr(record, name, value)
    record._history_user = user
    record.full_clean(exclude=CHECKED_ONCE, validate_constraints=False)
    record.save()
    return record


def _owners(spec: dict, groups: dict, people: dict) -> list[Owner]:
    owners = [Owner.from_json(owner) for owner in spec["owners"]]
    for owner in owners:
        known = groups if owner.kind == GROUP else people if owner.kind == PERSON else None
        if known is not None and owner.pk not in known:
            raise ValidationError(OWNER_GONE.format(row=spec["row"], name=owner.name))
    return owners


def _month(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


@transaction.atomic
def plan_import_discard(*, batch: PlanImport, user: User) -> None:
    batch = PlanImport.objects.select_for_update().get(pk=batch.pk)
    _require_open(batch)
    _save(batch, user=user, status=PlanImport.Status.DISCARDED, header=[], rows=[], checked={})
