"""The generated sections the statutory guidance asks for beyond the figures: the areas of
little or no progress include objectives not updated in the period; the priorities for the
next period come from the plan of the next period; the workforce section evaluates training
by confidence before and after, not only attendance; the glossary lists the acronyms always
listed as well as those used."""

import datetime
import io

import docx
import pytest
from django.urls import reverse
from django.utils import timezone

from kscp.assurance import generators, rendering
from kscp.assurance.models import Acronym, Section
from kscp.core.tracking import RAG
from plans.models import Plan, Priority
from reviews.models import ReviewAction
from tests.reviews.conftest import (  # noqa: F401
    learning_point,
    notification,
    rapid_review,
    review,
    review_action,
)
from tests.training.conftest import course, session  # noqa: F401

pytestmark = pytest.mark.django_db


def dated(record, day: datetime.date) -> None:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    record.history.update(history_date=moment)


def html_of(report, generator) -> str:
    return generators.generated_html(report.sections.get(generator=generator), report)


def test_an_objective_not_updated_in_the_period_is_an_area_of_little_progress(
    report, objective, other_objective
):
    objective.rag, objective.progress = RAG.GREEN, "Going well in 2024"
    objective.save()
    dated(objective, datetime.date(2025, 3, 1))  # before the period: not updated in it
    other_objective.rag, other_objective.progress = RAG.GREEN, "Going well this year"
    other_objective.save()
    dated(other_objective, datetime.date(2025, 9, 1))
    progress = generators.plan_progress(report)
    assert [o.number for o in progress.little_progress] == ["1.1"]
    assert progress.not_updated == 1
    html = html_of(report, Section.Generator.PLAN_PROGRESS)
    assert "Going well in 2024" in html and generators.NOT_UPDATED in html
    assert "1 March 2025" in html
    assert "Going well this year" not in html


def test_a_red_objective_updated_in_the_period_is_listed_without_the_not_updated_note(
    report, objective, other_objective
):
    objective.rag, objective.progress = RAG.RED, "Staff shortages"
    objective.save()
    other_objective.rag = RAG.COMPLETE
    other_objective.save()
    dated(objective, datetime.date(2025, 6, 1))
    dated(other_objective, datetime.date(2024, 6, 1))  # complete: never an area
    progress = generators.plan_progress(report)
    assert [o.number for o in progress.little_progress] == ["1.1"]
    assert progress.little_progress[0].updated_in_period
    assert generators.NOT_UPDATED not in html_of(report, Section.Generator.PLAN_PROGRESS)


def test_the_next_priorities_are_those_of_the_plan_of_the_next_period(report, partnership, plan):
    plan.ends_on = datetime.date(2026, 3, 31)
    plan.save()
    following = Plan.objects.create(
        partnership=partnership,
        title="Northdale Business Plan 2026/2028",
        period="2026/2028",
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2028, 3, 31),
        status=Plan.Status.DRAFT,
    )
    Priority.objects.create(plan=following, number=2, title="Domestic abuse", aim="Fewer")
    Priority.objects.create(plan=following, number=1, title="Exploitation", aim="Safer")
    assert generators.next_plan(report) == following
    html = html_of(report, Section.Generator.NEXT_PRIORITIES)
    assert "Northdale Business Plan 2026/2028" in html
    assert html.index("1. Exploitation") < html.index("2. Domestic abuse")


def next_period_plan(partnership, plan, status):
    plan.ends_on = datetime.date(2026, 3, 31)
    plan.save()
    following = Plan.objects.create(
        partnership=partnership,
        title="Northdale Business Plan 2026/2028",
        period="2026/2028",
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2028, 3, 31),
        status=status,
    )
    Priority.objects.create(plan=following, number=1, title="Exploitation", aim="Safer")
    return following


def test_each_next_priority_links_to_the_next_plans_priorities(report, partnership, plan):
    following = next_period_plan(partnership, plan, Plan.Status.LIVE)
    html = html_of(report, Section.Generator.NEXT_PRIORITIES)
    link = f'<a href="{reverse("plans:plan", args=[following.pk])}#priorities">1. Exploitation</a>'
    assert link in html


def test_the_linked_plan_page_has_the_priorities_anchor(
    client, report, partnership, plan, business_unit
):
    following = next_period_plan(partnership, plan, Plan.Status.LIVE)
    client.force_login(business_unit)
    page = client.get(reverse("plans:plan", args=[following.pk])).content.decode()
    assert 'id="priorities"' in page


def test_a_draft_next_plan_is_named_without_a_link(report, partnership, plan):
    """Its readers may not see a draft plan: its priorities are text."""
    next_period_plan(partnership, plan, Plan.Status.DRAFT)
    html = html_of(report, Section.Generator.NEXT_PRIORITIES)
    assert "1. Exploitation" in html
    assert "<a " not in html


def test_the_word_document_keeps_the_linked_priority_as_text(report, partnership, plan):
    from kscp.assurance import word

    next_period_plan(partnership, plan, Plan.Status.LIVE)
    document = docx.Document(io.BytesIO(word.report_docx(report)))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "1. Exploitation" in cells


def test_without_a_plan_for_the_next_period_the_section_says_so(report, plan):
    plan.ends_on = datetime.date(2026, 3, 31)
    plan.save()
    assert generators.next_plan(report) is None
    assert generators.NO_NEXT_PLAN in html_of(report, Section.Generator.NEXT_PRIORITIES)


def test_the_workforce_section_shows_the_evaluation_of_training(report, session, agency):  # noqa: F811
    session.attendances.create(
        name="Ada", agency=agency, status="attended", confidence_before=2, confidence_after=4
    )
    html = html_of(report, Section.Generator.WORKFORCE)
    assert 'id="workforce-evaluation"' in html
    assert "Share improving (%)" in html


def test_an_acronym_always_listed_is_in_the_glossary_unused(report):
    Acronym.objects.create(
        partnership=report.partnership, term="MAPPA", meaning="Multi-Agency", always_listed=True
    )
    Acronym.objects.create(partnership=report.partnership, term="MASH", meaning="Hub")
    sections = {i.section.generator: str(i.html) for i in rendering.rendered_sections(report)}
    assert "MAPPA" in sections["glossary"] and "MASH" not in sections["glossary"]


def test_plan_progress_counts_the_objectives_completed_by_the_period_end(
    report, objective, other_objective
):
    objective.rag = RAG.COMPLETE
    objective.save()
    other_objective.rag = RAG.GREEN
    other_objective.save()
    dated(objective, datetime.date(2025, 9, 1))
    dated(other_objective, datetime.date(2025, 9, 1))
    assert generators.plan_progress(report).completed == 1
    html = html_of(report, Section.Generator.PLAN_PROGRESS)
    assert "2 objectives, 1 completed." in html


def test_recommendations_count_the_actions_completed(report, review_action, police):  # noqa: F811
    point = review_action.learning_point
    point.is_recommendation = True
    point.save()
    review_action.rag = RAG.COMPLETE
    review_action.save()
    ReviewAction.objects.create(
        learning_point=point,
        description="Audit the bruising referrals",
        owner_agency=police,
        due_on=datetime.date(2026, 3, 1),
        rag=RAG.AMBER,
    )
    found = generators.recommendations(report)
    assert (len(found.points), found.actions, found.completed) == (1, 2, 1)
    html = html_of(report, Section.Generator.RECOMMENDATIONS)
    assert "1 recommendation of reviews active in the period, with 2 agency actions, 1 " in html
    assert "Audit the bruising referrals" in html


def test_the_pdf_keeps_the_linked_priority_and_its_link(report, partnership, plan):
    from pypdf import PdfReader

    following = next_period_plan(partnership, plan, Plan.Status.LIVE)
    reader = PdfReader(io.BytesIO(rendering.report_pdf(report)))
    assert "1. Exploitation" in " ".join(page.extract_text() for page in reader.pages)
    links = [
        annotation.get_object()["/A"].get("/URI", "")
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if annotation.get_object().get("/A")
    ]
    assert any(uri.endswith(f"/plans/{following.pk}/#priorities") for uri in links)
