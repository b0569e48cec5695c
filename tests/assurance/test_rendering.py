"""Narrative sections are rendered from Markdown and sanitised, so nothing typed reaches the
page or the PDF as markup; generated sections are computed from the records for the period,
the plan as it stood at the period's end."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from kscp.assurance import rendering, services
from kscp.assurance.models import Acronym, Section
from kscp.core.tracking import RAG

pytestmark = pytest.mark.django_db

HOSTILE = (
    "## Our year\n\nWe did <script>alert('x')</script> well.\n\n"
    "[Click me](javascript:alert(1)) and <img src=x onerror=alert(2)>\n\n"
    "| Agency | Places |\n|---|---|\n| Police | 12 |\n"
)


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def hostile_foreword(foreword, business_unit):
    services.section_update(
        section=foreword,
        user=business_unit,
        title="Foreword",
        body=HOSTILE,
        version=foreword.version,
    )
    return foreword


def test_markdown_keeps_headings_and_tables_and_drops_scripts_and_javascript_links():
    html = str(rendering.markdown_html(HOSTILE))
    assert "<h2>Our year</h2>" in html
    assert "<td>Police</td>" in html
    assert "<script" not in html and "alert('x')" not in html
    assert "javascript:" not in html
    assert "onerror" not in html and "<img" not in html


def test_no_script_or_javascript_link_reaches_the_report_page(
    client, hostile_foreword, report, business_unit
):
    client.force_login(business_unit)
    page = client.get(reverse("assurance:report_print", args=[report.pk])).content.decode()
    assert "Our year" in page
    assert "<script>alert" not in page and "javascript:" not in page and "onerror" not in page


def test_no_script_reaches_the_pdf(hostile_foreword, report):
    text = pdf_text(rendering.report_pdf(report))
    assert "Our year" in text
    assert "alert" not in text and "javascript" not in text


def test_the_preview_shows_the_sanitised_text_without_saving(client, foreword, business_unit):
    client.force_login(business_unit)
    response = client.post(
        reverse("assurance:section_edit", args=[foreword.pk]),
        {"title": "Foreword", "body": HOSTILE, "version": foreword.version, "preview": "1"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert '<div class="govuk-inset-text app-report-preview" id="preview"' in page
    assert "<h2>Our year</h2>" in page and "<script>alert" not in page
    foreword.refresh_from_db()
    assert foreword.body == ""


def test_plan_progress_reads_the_plan_as_it_stood_at_the_period_end(
    report, plan, objective, other_objective, lead
):
    objective.rag, objective.progress = RAG.RED, "Training delayed by staffing"
    objective.save()
    # After the period's end, the objective moved on: the report does not see it.
    later = objective.history.latest()
    later_row = objective.history.model.objects.get(pk=later.pk)
    objective.rag, objective.progress = RAG.COMPLETE, "Done"
    objective.save()
    objective.history.filter(history_id__gt=later_row.history_id).update(
        history_date=timezone.make_aware(datetime.datetime(2026, 5, 1))
    )
    objective.history.filter(history_id__lte=later_row.history_id).update(
        history_date=timezone.make_aware(datetime.datetime(2025, 5, 1))
    )
    other_objective.history.update(history_date=timezone.make_aware(datetime.datetime(2025, 5, 1)))
    section = report.sections.get(generator=Section.Generator.PLAN_PROGRESS)
    html = rendering.generators.generated_html(section, report)
    assert "Training delayed by staffing" in html
    assert "Done" not in html
    assert "Areas with little or no progress" in html


def test_learning_from_reviews_shows_the_case_review_tables_of_the_year(report, review):
    section = report.sections.get(generator=Section.Generator.REVIEWS)
    html = rendering.generators.generated_html(section, report)
    assert 'id="reviews-numbers"' in html


def test_recommendations_list_the_agency_actions(report, review_action):
    point = review_action.learning_point
    point.is_recommendation = True
    point.save()
    section = report.sections.get(generator=Section.Generator.RECOMMENDATIONS)
    html = rendering.generators.generated_html(section, report)
    assert review_action.description in html
    assert "recommendation 1" in html


def test_the_glossary_lists_only_the_acronyms_the_report_uses(report, foreword, business_unit):
    Acronym.objects.create(
        partnership=report.partnership, term="CSPR", meaning="Child Safeguarding Practice Review"
    )
    Acronym.objects.create(
        partnership=report.partnership, term="MASH", meaning="Multi-Agency Safeguarding Hub"
    )
    services.section_update(
        section=foreword,
        user=business_unit,
        title="Foreword",
        body="One CSPR this year.",
        version=foreword.version,
    )
    sections = {
        item.section.generator: str(item.html) for item in rendering.rendered_sections(report)
    }
    assert "Child Safeguarding Practice Review" in sections["glossary"]
    assert "MASH" not in sections["glossary"]


def test_the_pdf_has_a_contents_page_whose_numbers_point_at_the_sections(report, business_unit):
    pdf = rendering.report_pdf(report)
    reader = PdfReader(io.BytesIO(pdf))
    pages = [page.extract_text() for page in reader.pages]
    contents = pages[1]
    assert "Contents" in contents
    assert reader.metadata.title == report.title
    for n, section in enumerate(report.sections.all(), start=1):
        found = re.search(rf"{n}\. {re.escape(section.title)}[ .]*?(\d+)\s*$", contents, re.M)
        assert found, f"{section.title} is not on the contents page"
        page = int(found.group(1))
        assert page > 2
        assert f"{n}. {section.title}" in pages[page - 1]
    assert f"Page 1 of {len(pages)}" in pages[0]


def test_a_table_line_before_a_markdown_table_is_its_caption_and_headers_are_scoped():
    html = rendering.markdown_html(
        "Table: Places by sector\n\n| Sector | Places |\n|---|--:|\n| Police | 12 |"
    )
    assert "<table><caption>Places by sector</caption>" in html
    assert '<th scope="col">Sector</th>' in html
    assert "Table:" not in html


def test_the_pdf_is_tagged_in_english_with_the_partnership_and_page_numbers_on_every_page(report):
    reader = PdfReader(io.BytesIO(rendering.report_pdf(report)))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert reader.metadata.title == report.title
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    for n, text in enumerate(pages, start=1):
        assert f"Page {n} of {len(pages)}" in text
        assert report.partnership.name in text
    # The running header, from the contents page on: the partnership and the title.
    assert all(text.count(report.partnership.name) >= 2 for text in pages[1:])
    assert all(report.title in text for text in pages[1:])
