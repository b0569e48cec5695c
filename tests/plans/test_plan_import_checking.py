"""The cells of a plan's file as the check reads them: months written the ways plans write
them, recurring timescales, RAG words and the plan's own key words, step labels; a new file
replaces the plan's file left waiting."""

import datetime

import pytest

from kscp.core.imports import FileRefused, Table
from plans.imports import services
from plans.imports.checking import ACTION_CELL_UNUSED, check_plan, parse_month
from plans.imports.columns import auto_mapping
from plans.imports.owners import OwnerMatcher
from plans.models import PlanImport
from tests.plans.plan_files import sheet_cells, xlsx_upload
from tests.plans.test_plan_import_pages import objective_row

pytestmark = pytest.mark.django_db
MARCH_2020 = datetime.date(2020, 3, 1)


@pytest.mark.parametrize(
    "written",
    [
        "March 2020",
        "Mar 2020",
        "Mar-20",
        "03/2020",
        "2020-03",
        "31/03/2020",
        "2020-03-31",
        "31 March 2020",
        "march 2020.",
    ],
)
def test_a_month_is_read_however_plans_write_it(written):
    assert parse_month(written) == MARCH_2020


def test_september_is_read_whether_abbreviated_or_not():
    assert parse_month("Sept 2019") == parse_month("September 2019") == datetime.date(2019, 9, 1)


def check(draft_plan, rows, header=None):
    cells = sheet_cells(rows)
    table = Table(header=cells[0], rows=list(enumerate(cells[1:], start=2)))
    matcher = OwnerMatcher([], [])
    return check_plan(
        table, auto_mapping(cells[0]), plan=draft_plan, matcher=matcher, keep_text=True
    )


def test_timescales_words_and_the_plans_key_are_read(draft_plan):
    checked = check(
        draft_plan,
        [
            objective_row("1.1", due="Each year in March", rag="On track"),
            objective_row("1.2", due="December 2027\nAugust December 2027", rag="R"),
            objective_row("1.3", due="", rag="complete"),
        ],
    )
    objectives = checked["objectives"]
    assert [(o["due_on"], o["due_text"], o["rag"]) for o in objectives] == [
        (None, "Each year in March", "green"),  # the plan's key: green means "On track"
        ("2027-12-01", "August December 2027", "red"),
        (None, "", "complete"),
    ]


def test_an_action_row_with_an_objectives_cells_is_refused(draft_plan):
    action = {"number": "1.1", "step": "a)", "text": "A step", "outcome_measure": "Measured"}
    with pytest.raises(FileRefused) as refused:
        check(draft_plan, [objective_row("1.1"), action])
    assert refused.value.messages == [ACTION_CELL_UNUSED.format(row=3, column="outcome measure")]


def test_a_new_file_replaces_the_plans_file_left_waiting(business_unit, draft_plan):
    rows = [objective_row(owners="")]
    for _ in range(2):
        services.plan_import_upload(
            plan=draft_plan,
            user=business_unit,
            upload=xlsx_upload(sheet_cells(rows)),
            keep_text=False,
        )
    old, new = PlanImport.objects.order_by("pk")
    assert (old.status, old.rows) == (PlanImport.Status.DISCARDED, [])
    assert new.status == PlanImport.Status.CHECKED
    assert len(new.rows) == 1
