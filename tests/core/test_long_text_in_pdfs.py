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

pytestmark = pytest.mark.django_db

# 600 characters without a space (the plan PDF prints 600 of a text), and a link of 300.
LONG_WORD = ("Multiagencysafeguarding" * 27)[:600]
LONG_URL = "https://www.example.org/evidence/" + "/".join(
    f"section-{n}-of-the-multi-agency-audit" for n in range(1, 9)
)


# Less than the narrowest average width of a character of the fonts used, in ems: a piece
# of text reaches at least this far across the page for each of its characters.
NARROWEST_EM = 0.35


def placed_text(data: bytes) -> list[tuple[int, float, float, str]]:
    """Every piece of text of the PDF: its page, how far across the page it reaches at the
    least, the page's width, and the text."""
    pieces = []
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages, start=1):
        width = float(page.mediabox.width)

        def visit(text, cm, tm, font, size, number=number, width=width):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                em = size * abs(tm[0] * cm[0])
                pieces.append((number, x + len(text.rstrip()) * NARROWEST_EM * em, width, text))

        page.extract_text(visitor_text=visit)
    return pieces


def page_texts(data: bytes) -> list[str]:
    """Each page's text with every space and line break taken out: a word wrapped across
    lines reads whole."""
    return ["".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def link_targets(data: bytes) -> set[str]:
    targets = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                targets.add(action["/URI"])
    return targets


def assert_on_the_page(data: bytes, *row_words: str):
    """The long word and the long link are whole on one page, with the row's other columns
    (`row_words`), and no text reaches beyond the page's right edge."""
    (page,) = [text for text in page_texts(data) if LONG_WORD in text]
    assert "".join(LONG_URL.split()) in page
    for word in row_words:
        assert "".join(word.split()) in page, word
    beyond = [(n, round(x), text[:30]) for n, x, width, text in placed_text(data) if x > width]
    assert not beyond, beyond


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
