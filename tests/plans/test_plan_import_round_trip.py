"""Acceptance: the three seed plans, as the demo loads them, written out as a Word document
and as a workbook, import back into new drafts equal to them cell by cell (numbers, texts,
months and timescales, owners, reporting groups, RAG, progress and evidence, actions)."""

import pytest

from plans.imports import services
from plans.models import Plan, PlanImport
from tests.plans.plan_files import (
    csv_upload,
    docx_upload,
    plan_contents,
    plan_rows,
    sheet_cells,
    xlsx_upload,
)

SEED_PLANS = [
    "Kirklees Safeguarding Children Partnership Business Plan 2019/2021",
    "Kirklees Safeguarding Children Board Business Plan 2010-2013",
    "Calderdale Safeguarding Children Board Business Plan 2017-2018",
]
KEY_FIELDS = [f"key_{rag}" for rag in ("not_started", "red", "amber", "green", "blue", "complete")]


def empty_draft_like(plan: Plan) -> Plan:
    return Plan.objects.create(
        partnership=plan.partnership,
        title=f"{plan.title} (imported)",
        period=plan.period,
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        **{field: getattr(plan, field) for field in KEY_FIELDS},
    )


def imported(plan: Plan, upload) -> Plan:
    draft = empty_draft_like(plan)
    user = plan.partnership.people.filter(role="business_unit").first()
    batch = services.plan_import_upload(plan=draft, user=user, upload=upload, keep_text=True)
    assert batch.status == PlanImport.Status.CHECKED, batch.header
    services.plan_import_confirm(batch=batch, user=user)
    return draft


@pytest.mark.parametrize("title", SEED_PLANS)
@pytest.mark.parametrize("kind", ["xlsx", "docx", "csv"])
def test_a_seed_plan_written_out_imports_back_equal_cell_by_cell(demo_data, title, kind):
    plan = Plan.objects.get(title=title)
    rows = plan_rows(plan)
    if kind == "docx":
        upload = docx_upload(plan.title, rows)
    elif kind == "csv":
        upload = csv_upload(sheet_cells(rows))
    else:
        upload = xlsx_upload(sheet_cells(rows))
    draft = imported(plan, upload)
    original, copy = plan_contents(plan), plan_contents(draft)
    assert copy["priorities"] == original["priorities"]
    for theirs, ours in zip(original["objectives"], copy["objectives"], strict=True):
        assert ours == theirs
    assert draft.status == Plan.Status.DRAFT
