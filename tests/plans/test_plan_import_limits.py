"""What a plan's file may not be: too big (refused before its body is read), too many rows, a
formula in a cell, a workbook or Word document that would unpack into far more than was
uploaded (a zip bomb), another kind of file, a document without tables, tables with other
columns. Each is refused whole and nothing is kept."""

import io
import zipfile
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import Workbook

from kscp.core import imports as core_imports
from plans.imports import services, words
from plans.imports.checking import CELL_FORMULA
from plans.models import PlanImport
from tests.plans.plan_files import DOCX_TYPE, XLSX_TYPE, docx_bytes, sheet_cells, xlsx_upload
from tests.plans.test_plan_import_pages import objective_row

pytestmark = pytest.mark.django_db
KB = 1024


def refusal(plan, user, upload, **options) -> list[str]:
    with pytest.raises(core_imports.FileRefused) as refused:
        services.plan_import_upload(plan=plan, user=user, upload=upload, keep_text=True)
    assert not PlanImport.objects.exists()
    return refused.value.messages


def padded(data: bytes, part: str, padding: int, name: str, kind: str) -> SimpleUploadedFile:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == part:
                content = content.replace(b"</w:body>", b" " * padding + b"</w:body>")
                content = content.replace(b"</worksheet>", b" " * padding + b"</worksheet>")
            target.writestr(info.filename, content)
    return SimpleUploadedFile(name, buffer.getvalue(), kind)


@override_settings(PLAN_IMPORT_MAX_BYTES=10 * KB)
def test_a_file_over_the_limit_is_refused_before_its_body_is_read(
    client, business_unit, draft_plan
):
    client.force_login(business_unit)
    big = SimpleUploadedFile("plan.csv", b"x" * (200 * KB), "text/csv")
    with mock.patch("plans.imports.services.plan_import_upload") as upload:
        response = client.post(reverse("plans:plan_import", args=[draft_plan.pk]), {"file": big})
    upload.assert_not_called()
    assert response.context["file_error"] == core_imports.FILE_TOO_BIG.format(limit="10 KB")


@override_settings(PLAN_IMPORT_MAX_BYTES=10 * KB)
def test_a_file_over_the_limit_is_refused_by_the_service_too(business_unit, draft_plan):
    big = SimpleUploadedFile("plan.docx", b"x" * (11 * KB), DOCX_TYPE)
    assert refusal(draft_plan, business_unit, big) == [
        core_imports.FILE_TOO_BIG.format(limit="10 KB")
    ]


def test_more_rows_than_the_limit_are_refused(business_unit, draft_plan):
    rows = [objective_row(f"1.{n}", owners="") for n in range(1, 12)]
    with mock.patch.object(services, "MAX_ROWS", 10):
        assert refusal(draft_plan, business_unit, xlsx_upload(sheet_cells(rows))) == [
            core_imports.TOO_MANY_ROWS.format(limit=10)
        ]
        word = SimpleUploadedFile("plan.docx", docx_bytes("Plan", rows), DOCX_TYPE)
        assert refusal(draft_plan, business_unit, word) == [
            core_imports.TOO_MANY_ROWS.format(limit=10)
        ]


def test_a_formula_in_a_workbook_is_refused_not_calculated(business_unit, draft_plan):
    workbook = Workbook()
    sheet = workbook.active
    cells = sheet_cells([objective_row(owners="")])
    for row in cells:
        sheet.append(row)
    sheet["G2"] = '=CONCAT("Audit"," cases")'
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("plan.xlsx", buffer.getvalue(), XLSX_TYPE)
    assert refusal(draft_plan, business_unit, upload)[0] == CELL_FORMULA.format(
        row=2, column="objective", value='=CONCAT("Audit"," cases")'
    )


def test_a_workbook_that_unpacks_into_too_much_is_refused_before_it_is_opened(
    business_unit, draft_plan
):
    data = xlsx_upload(sheet_cells([objective_row(owners="")])).read()
    bomb = padded(
        data, "xl/worksheets/sheet1.xml", core_imports.MAX_UNPACKED_BYTES, "p.xlsx", XLSX_TYPE
    )
    assert bomb.size < 100 * KB
    with mock.patch("kscp.core.imports.reading.load_workbook") as load_workbook:
        assert refusal(draft_plan, business_unit, bomb) == [
            core_imports.FILE_UNPACKS_TOO_BIG.format(limit="25 MB")
        ]
    load_workbook.assert_not_called()


def test_a_word_document_that_unpacks_into_too_much_is_refused_before_it_is_opened(
    business_unit, draft_plan
):
    data = docx_bytes("Plan", [objective_row(owners="")])
    bomb = padded(data, "word/document.xml", core_imports.MAX_UNPACKED_BYTES, "p.docx", DOCX_TYPE)
    assert bomb.size < 100 * KB
    with mock.patch.object(words, "Document") as document:
        assert refusal(draft_plan, business_unit, bomb) == [
            core_imports.FILE_UNPACKS_TOO_BIG.format(limit="25 MB")
        ]
    document.assert_not_called()


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("plan.pdf", b"%PDF-1.4", services.FILE_KIND),
        ("plan.docx", b"not a zip at all", words.FILE_NOT_DOCX),
        ("plan.docx", b"", core_imports.FILE_EMPTY),
    ],
)
def test_a_file_that_is_no_plan_is_refused(business_unit, draft_plan, name, content, problem):
    upload = SimpleUploadedFile(name, content, "application/octet-stream")
    assert refusal(draft_plan, business_unit, upload) == [problem]


def test_a_document_without_tables_or_with_differing_tables_is_refused(business_unit, draft_plan):
    from docx import Document

    document = Document()
    document.add_paragraph("Priority 1: Neglect")
    buffer = io.BytesIO()
    document.save(buffer)
    empty = SimpleUploadedFile("plan.docx", buffer.getvalue(), DOCX_TYPE)
    assert refusal(draft_plan, business_unit, empty) == [words.NO_TABLES]
    rows = [objective_row("1.1", owners=""), objective_row("2.1", priority=2, owners="")]
    first = docx_bytes("Plan", rows[:1])
    both = Document(io.BytesIO(first))
    both.add_paragraph("Priority 2: Exploitation")
    table = both.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Number", "Action"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "2.1", "Map exploitation"
    buffer = io.BytesIO()
    both.save(buffer)
    upload = SimpleUploadedFile("plan.docx", buffer.getvalue(), DOCX_TYPE)
    assert refusal(draft_plan, business_unit, upload) == [
        words.TABLES_DIFFER.format(table="priority 2 table")
    ]
