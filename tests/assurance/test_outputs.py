"""The report's Word document and the report_pdf command: the same sections as the page,
with nothing a user typed reaching them as markup."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from kscp.assurance import services
from tests.assurance.test_rendering import HOSTILE

pytestmark = pytest.mark.django_db


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def test_the_word_document_has_every_section_headings_and_tables_and_no_script(
    client, report, foreword, business_unit
):
    services.section_update(
        section=foreword,
        user=business_unit,
        title="Foreword",
        body=HOSTILE,
        version=foreword.version,
    )
    client.force_login(business_unit)
    response = client.get(reverse("assurance:report_docx", args=[report.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(response.content))
    assert document.core_properties.title == report.title
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for n, section in enumerate(report.sections.all(), start=1):
        assert f"{n}. {section.title}" in headings
    assert "Our year" in headings
    text = docx_text(response.content)
    assert "Police" in text and "12" in text
    assert "alert" not in text and "javascript" not in text and "<script" not in text


def test_report_pdf_writes_the_report_of_the_year(tmp_path, report, partnership):
    output = tmp_path / "report.pdf"
    call_command("report_pdf", partnership=partnership.slug, period=2025, output=str(output))
    text = "".join(page.extract_text() for page in PdfReader(output).pages)
    assert report.title in text


def test_report_pdf_says_when_there_is_no_report(tmp_path, partnership):
    with pytest.raises(CommandError, match="no yearly report"):
        call_command(
            "report_pdf", partnership=partnership.slug, period=2019, output=str(tmp_path / "x.pdf")
        )
