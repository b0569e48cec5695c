"""The business unit imports a plan into an empty draft through its pages: the upload, the
choice of columns for a sheet of its own, the problems of a file named by row and column
with nothing saved, the preview, the import, the discard; the preview's queries do not grow
with the file."""

import pytest
from django.urls import reverse

from kscp.core.models import Group
from plans.imports import checking, services
from plans.imports.columns import PLAN_COLUMNS
from plans.imports.forms import COLUMN_CHOSEN_TWICE
from plans.models import Objective, Plan, PlanImport, Priority
from plans.views.imports import FILE_PROBLEMS, IMPORT_DISCARDED, PLAN_IMPORTED
from plans.views.writing import PLAN_CREATED_TO_IMPORT
from tests.helpers import queries
from tests.pages import markup_problems, page_tree
from tests.plans.plan_files import docx_upload, sheet_cells, xlsx_upload
from tests.plans.test_plan_writing import plan_data

pytestmark = pytest.mark.django_db


def objective_row(number="1.1", **changes):
    row = {
        "priority": 1,
        "priority_title": "Neglect",
        "aim": "Children are safe from neglect",
        "strategic_aim": "Learning is promoted",
        "number": number,
        "text": f"Objective {number}",
        "due": "March 2028",
        "owners": "QA sg",
        "rag": "Not started",
    }
    return {**row, **changes}


@pytest.fixture
def qa_group(partnership):
    return Group.objects.create(
        partnership=partnership,
        name="Quality Assurance Sub-group",
        short_name="QA sg",
        kind=Group.Kind.SUB_GROUP,
    )


@pytest.fixture
def bu_client(client, business_unit):
    client.force_login(business_unit)
    return client


def upload(client, plan, file, keep_text=False):
    data = {"file": file}
    if keep_text:
        data["keep_text"] = "on"
    return client.post(reverse("plans:plan_import", args=[plan.pk]), data)


def test_the_upload_page_offers_the_template_and_the_file(bu_client, draft_plan):
    response = bu_client.get(reverse("plans:plan_import", args=[draft_plan.pk]))
    assert markup_problems(page_tree(response)) == []
    assert reverse("plans:plan_import_template").encode() in response.content
    template = bu_client.get(reverse("plans:plan_import_template"))
    assert template["Content-Disposition"].endswith('"business-plan-template.xlsx"')
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(template.content)).active
    assert [cell.value for cell in sheet[1]] == [column.label for column in PLAN_COLUMNS]


def test_the_empty_drafts_contents_page_links_to_the_import(bu_client, draft_plan):
    response = bu_client.get(reverse("plans:plan_contents", args=[draft_plan.pk]))
    assert reverse("plans:plan_import", args=[draft_plan.pk]).encode() in response.content


def test_a_file_with_every_kind_of_problem_is_refused_whole_naming_row_and_column(
    bu_client, draft_plan, qa_group
):
    rows = [
        objective_row("1.1", owners="QA sg"),
        objective_row("1.2", owners="Nobody We Know"),
        objective_row("1.3", due="Sprung 2028"),
        objective_row("1.2"),
        objective_row("1.4", rag="Blue"),
        objective_row("1.5", text='=HYPERLINK("http://x")'),
    ]
    response = upload(bu_client, draft_plan, xlsx_upload(sheet_cells(rows)))
    problems = response.context["problems"]
    assert problems == [
        checking.UNKNOWN_OWNER.format(row=3, column="who responsible", value="Nobody We Know"),
        checking.BAD_DATE.format(row=4, column="date for completion", value="Sprung 2028"),
        checking.DUPLICATE_NUMBER.format(row=5, value="1.2", first=3),
        checking.RAG_NOT_IN_KEY.format(
            row=6, value="Blue", words="Not started, Red, Amber, Green, Complete"
        ),
        # Refused as a formula, the cell is not also said to be empty.
        checking.CELL_FORMULA.format(row=7, column="objective", value='=HYPERLINK("http://x")'),
    ]
    assert FILE_PROBLEMS.format(count="5").encode() in response.content
    assert not PlanImport.objects.exists()
    assert not Priority.objects.filter(plan=draft_plan).exists()


def test_a_word_plan_with_every_kind_of_problem_is_refused_whole_naming_row_and_column(
    bu_client, draft_plan, qa_group
):
    rows = [
        objective_row("1.1", owners="QA sg"),
        objective_row("1.2", owners="Nobody We Know"),
        objective_row("1.3", due="Sprung 2028"),
        objective_row("1.2"),
        objective_row("1.4", rag="Blue"),
        objective_row("1.5", text='=HYPERLINK("http://x")'),
    ]
    response = upload(bu_client, draft_plan, docx_upload("Plan", rows))

    def row(n):
        return f"{n} of the priority 1 table"

    assert response.context["problems"] == [
        checking.UNKNOWN_OWNER.format(row=row(3), column="who responsible", value="Nobody We Know"),
        checking.BAD_DATE.format(row=row(4), column="date for completion", value="Sprung 2028"),
        checking.DUPLICATE_NUMBER.format(row=row(5), value="1.2", first=row(3)),
        checking.RAG_NOT_IN_KEY.format(
            row=row(6), value="Blue", words="Not started, Red, Amber, Green, Complete"
        ),
        checking.CELL_FORMULA.format(
            row=row(7), column="objective", value='=HYPERLINK("http://x")'
        ),
    ]
    assert not PlanImport.objects.exists()
    assert not Priority.objects.filter(plan=draft_plan).exists()


def test_a_corrected_file_is_previewed_then_imported(bu_client, draft_plan, qa_group):
    bad = docx_upload("Plan", [objective_row("1.1", owners="Nobody We Know")])
    response = upload(bu_client, draft_plan, bad)
    assert response.context["problems"] == [
        checking.UNKNOWN_OWNER.format(
            row="2 of the priority 1 table", column="who responsible", value="Nobody We Know"
        )
    ]
    good = docx_upload(
        "Plan",
        [
            objective_row("1.1", owners="QA sg"),
            {
                "number": "1.1",
                "step": "a)",
                "text": "First step",
                "due": "May 2027",
                "owners": "QA sg",
                "rag": "Not started",
            },
        ],
    )
    response = upload(bu_client, draft_plan, good)
    batch = PlanImport.objects.get()
    assert response.url == reverse("plans:plan_import_preview", args=[batch.pk])
    preview = bu_client.get(response.url)
    assert markup_problems(page_tree(preview)) == []
    assert b"Quality Assurance Sub-group" in preview.content
    assert "the file says “QA sg”".encode() in preview.content
    assert not Objective.objects.filter(plan=draft_plan).exists()
    done = bu_client.post(reverse("plans:plan_import_confirm", args=[batch.pk]), follow=True)
    message = PLAN_IMPORTED.format(filename="plan.docx", priorities=1, objectives=1, actions=1)
    assert message.encode() in done.content
    objective = Objective.objects.get(plan=draft_plan)
    assert [o.group for o in objective.owners.all()] == [qa_group]
    assert [o.group for o in objective.actions.get().owners.all()] == [qa_group]
    again = bu_client.post(reverse("plans:plan_import_confirm", args=[batch.pk]))
    assert again.status_code == 302
    assert Objective.objects.filter(plan=draft_plan).count() == 1


def test_owners_not_known_are_kept_as_text_when_asked(bu_client, draft_plan):
    file = xlsx_upload(sheet_cells([objective_row(owners="Independent person")]))
    upload(bu_client, draft_plan, file, keep_text=True)
    batch = PlanImport.objects.get()
    bu_client.post(reverse("plans:plan_import_confirm", args=[batch.pk]))
    assert Objective.objects.get(plan=draft_plan).owners_text == "Independent person"


def test_a_sheet_of_its_own_has_its_columns_chosen(bu_client, draft_plan, qa_group):
    cells = [
        ["Ref", "What we will do", "Lead", "Colour"],
        ["1.1", "Audit neglect cases", "QA sg", "Amber"],
    ]
    response = upload(bu_client, draft_plan, xlsx_upload(cells))
    batch = PlanImport.objects.get()
    assert response.url == reverse("plans:plan_import_columns", args=[batch.pk])
    page = bu_client.get(response.url)
    assert markup_problems(page_tree(page)) == []
    form = page.context["form"]
    assert form["column_0"].initial == "number"
    assert form["column_1"].initial == ""
    twice = bu_client.post(
        response.url, {"column_0": "number", "column_1": "text", "column_2": "text"}
    )
    assert COLUMN_CHOSEN_TWICE.split(" is ")[0].format(column="Objective") in str(
        twice.context["form"].errors
    )
    refused = bu_client.post(response.url, {"column_0": "number", "column_1": "text"})
    assert refused.context["problems"] == [checking.PRIORITY_TITLE_MISSING.format(row=2, number=1)]
    chosen = {"column_0": "number", "column_1": "text", "column_2": "owners", "column_3": "rag"}
    cells[1].insert(0, "Neglect")
    cells[0].insert(0, "Priority title")
    # The first file's choice is kept, with its problem; a new file is uploaded and chosen.
    batch.refresh_from_db()
    assert batch.mapping == {"number": 0, "text": 1}
    upload(bu_client, draft_plan, xlsx_upload(cells))
    batch = PlanImport.objects.latest("pk")
    url = reverse("plans:plan_import_columns", args=[batch.pk])
    chosen = {f"column_{i + 1}": field for i, field in enumerate(chosen.values())}
    chosen["column_0"] = "priority_title"
    assert bu_client.post(url, chosen).url == reverse("plans:plan_import_preview", args=[batch.pk])
    bu_client.post(reverse("plans:plan_import_confirm", args=[batch.pk]))
    objective = Objective.objects.get(plan=draft_plan)
    assert (objective.action, objective.rag) == ("Audit neglect cases", "amber")
    assert [o.group for o in objective.owners.all()] == [qa_group]


def test_a_discarded_file_imports_nothing(bu_client, draft_plan, qa_group):
    upload(bu_client, draft_plan, xlsx_upload(sheet_cells([objective_row(owners="QA sg")])))
    batch = PlanImport.objects.get()
    response = bu_client.post(reverse("plans:plan_import_discard", args=[batch.pk]), follow=True)
    assert IMPORT_DISCARDED.format(filename="plan.xlsx").encode() in response.content
    bu_client.post(reverse("plans:plan_import_confirm", args=[batch.pk]))
    assert not Objective.objects.filter(plan=draft_plan).exists()


def test_a_draft_with_priorities_is_not_imported_into(bu_client, draft_plan, draft_priority):
    response = upload(bu_client, draft_plan, xlsx_upload(sheet_cells([objective_row()])))
    assert response.context["problems"][0].startswith("The draft already has priorities")


def test_the_previews_queries_do_not_grow_with_the_rows(bu_client, draft_plan, qa_group):
    def preview_queries(count):
        PlanImport.objects.all().delete()
        rows = [
            objective_row(f"{p}.{n}", priority=p, owners="QA sg\nIndependent person")
            for p in range(1, 4)
            for n in range(1, count + 1)
        ]
        upload(bu_client, draft_plan, xlsx_upload(sheet_cells(rows)), keep_text=True)
        batch = PlanImport.objects.get()
        return queries(bu_client, reverse("plans:plan_import_preview", args=[batch.pk]))

    assert preview_queries(2) == preview_queries(40)


def test_a_group_removed_since_the_preview_refuses_the_whole_import(
    bu_client, draft_plan, qa_group
):
    rows = [objective_row("1.1", owners=""), objective_row("1.2", owners="QA sg")]
    upload(bu_client, draft_plan, xlsx_upload(sheet_cells(rows)))
    batch = PlanImport.objects.get()
    qa_group.delete()
    response = bu_client.post(reverse("plans:plan_import_confirm", args=[batch.pk]), follow=True)
    message = services.OWNER_GONE.format(row=3, name="QA sg")
    assert message.encode() in response.content
    assert not Priority.objects.filter(plan=draft_plan).exists()
    assert PlanImport.objects.get().status == PlanImport.Status.CHECKED


def test_a_draft_written_since_the_preview_is_not_imported_into(bu_client, draft_plan, qa_group):
    upload(bu_client, draft_plan, xlsx_upload(sheet_cells([objective_row()])))
    batch = PlanImport.objects.get()
    Priority.objects.create(plan=draft_plan, number=7, title="Added meanwhile")
    bu_client.post(reverse("plans:plan_import_confirm", args=[batch.pk]))
    assert list(Priority.objects.filter(plan=draft_plan).values_list("number", flat=True)) == [7]
    assert not Objective.objects.filter(plan=draft_plan).exists()


def test_a_new_draft_is_created_to_import_a_file_into(bu_client):
    page = bu_client.get(reverse("plans:plan_add"))
    assert b"Create the draft and import it from a file" in page.content
    response = bu_client.post(reverse("plans:plan_add"), {**plan_data(), "then": "import"})
    plan = Plan.objects.get(title=plan_data()["title"])
    assert response.url == reverse("plans:plan_import", args=[plan.pk])
    message = PLAN_CREATED_TO_IMPORT.format(title=plan.title)
    assert message in bu_client.get(response.url).content.decode()


def test_a_word_plan_whose_columns_differ_has_them_chosen(bu_client, draft_plan, qa_group):
    """As the 2019 plan prints its header: "Objective" over the numbers, nothing over the
    objectives, and "Lead officer" where the template says who responsible."""
    header = {"number": "Objective", "text": "", "owners": "Lead officer"}
    word = docx_upload(
        "Plan",
        [objective_row("1.1", owners="QA sg")],
        fields=["number", "text", "owners"],
        header=header,
    )
    response = upload(bu_client, draft_plan, word)
    batch = PlanImport.objects.get()
    assert response.url == reverse("plans:plan_import_columns", args=[batch.pk])
    form = bu_client.get(response.url).context["form"]
    # The priority's heading, aim and link come first, then the table's own columns.
    assert [form[f"column_{i}"].initial for i in range(7)] == [
        "priority",
        "priority_title",
        "aim",
        "strategic_aim",
        "text",
        "",
        "",
    ]
    chosen = {f"column_{i}": form[f"column_{i}"].initial for i in range(4)}
    chosen.update({"column_4": "number", "column_5": "text", "column_6": "owners"})
    assert bu_client.post(response.url, chosen).url == reverse(
        "plans:plan_import_preview", args=[batch.pk]
    )
    bu_client.post(reverse("plans:plan_import_confirm", args=[batch.pk]))
    objective = Objective.objects.get(plan=draft_plan)
    assert (objective.number, objective.action) == ("1.1", "Objective 1.1")
    assert objective.priority.title == "Neglect"
    assert [o.group for o in objective.owners.all()] == [qa_group]
