"""Long text in every PDF: a 600-character word and a long pasted link in progress text wrap
inside their column, so that every column of the row (the RAG status, the owner) is still on
the page, and the link is a link. The PDFs: the business plan and the yearly report."""

import datetime
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from kscp.assurance import rendering
from kscp.core.tracking import RAG
from plans.reports import plan_report, render_plan_pdf
from tests.assurance.conftest import report  # noqa: F401
from tests.helpers import LONG_URL, LONG_WORD, assert_on_the_page, link_targets

pytestmark = pytest.mark.django_db


def test_a_long_word_and_link_in_progress_keep_the_plan_pdfs_rag_and_owner_on_the_page(
    plan, objective, other_objective
):
    objective.rag, objective.progress, objective.evidence = RAG.RED, LONG_WORD, LONG_URL
    objective.save()
    other_objective.rag = RAG.GREEN
    other_objective.save()
    pdf = render_plan_pdf(plan_report(plan, datetime.date.today()))
    assert_on_the_page(pdf, "1.1", "Change our terminology", "Learning Sub-group", "Red")
    assert LONG_URL in link_targets(pdf)


def test_a_long_word_and_link_in_progress_keep_the_yearly_reports_columns_on_the_page(
    report,  # noqa: F811
    objective,
):
    objective.rag, objective.progress = RAG.AMBER, f"{LONG_WORD} See {LONG_URL}"
    objective.save()
    moment = timezone.make_aware(datetime.datetime(2025, 9, 1, 12))
    objective.history.update(history_date=moment)
    pdf = rendering.report_pdf(report)
    assert_on_the_page(pdf, "1.1 Change our terminology", "Amber", "1 September 2025")
    assert LONG_URL in link_targets(pdf)


def test_html_in_progress_stays_text_and_only_web_addresses_become_links(
    plan, objective, other_objective
):
    objective.progress = f"<b>Bold</b> <script>alert(1)</script> javascript:alert(1) {LONG_URL}"
    objective.save()
    pdf = render_plan_pdf(plan_report(plan, datetime.date.today()))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "<b>Bold</b> <script>alert(1)</script> javascript:alert(1)" in " ".join(text.split())
    assert link_targets(pdf) == {LONG_URL}
