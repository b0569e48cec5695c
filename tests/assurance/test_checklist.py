"""The contents checklist: each statutory item is covered, thin or missing by the sections
mapped to it."""

import pytest
from django.urls import reverse

from kscp.assurance import selectors, services
from kscp.assurance.selectors import COVERED, MISSING, THIN, THIN_BELOW_WORDS

pytestmark = pytest.mark.django_db


def coverage(report):
    return {row.item.key: row.coverage for row in selectors.checklist(report)}


def write(section, user, words):
    services.section_update(
        section=section,
        user=user,
        title=section.title,
        body="word " * words,
        version=section.version,
    )


def test_an_item_whose_sections_are_empty_is_missing(report):
    assert coverage(report)["voice"] == MISSING
    assert coverage(report)["funding"] == MISSING


def test_an_item_with_a_generated_section_is_covered(report):
    assert coverage(report)["progress"] == COVERED
    assert coverage(report)["recommendations"] == COVERED


def test_a_few_words_cover_an_item_thinly_and_enough_words_cover_it(report, business_unit):
    budget = report.sections.get(title="Appendix 1: Budget")
    write(budget, business_unit, THIN_BELOW_WORDS - 1)
    assert coverage(report)["funding"] == THIN
    budget.refresh_from_db()
    write(budget, business_unit, THIN_BELOW_WORDS)
    assert coverage(report)["funding"] == COVERED


def test_an_item_mapped_to_no_section_is_missing(report):
    report.sections.get(title="Appendix 1: Budget").covers.clear()
    assert coverage(report)["funding"] == MISSING


def test_the_budget_section_covers_funding_once_it_has_lines(report, business_unit):
    report.sections.get(title="Appendix 1: Budget").covers.clear()
    services.budget_line_add(
        report=report, user=business_unit, kind="contribution", label="Council", amount=10
    )
    assert coverage(report)["funding"] == COVERED


def test_the_checklist_page_shows_each_item_with_its_coverage(client, report, business_unit):
    client.force_login(business_unit)
    response = client.get(reverse("assurance:checklist", args=[report.pk]))
    text = response.content.decode()
    assert "Funding and budget" in text
    assert "Appendix 1: Budget" in text
    assert "Missing" in text and "Covered" in text


def test_the_business_unit_adds_an_item_in_the_admin_and_maps_a_section_to_it(
    client, report, business_unit
):
    from kscp.assurance.models import ChecklistItem

    client.force_login(business_unit)
    text = "How the arrangements supported children with disabilities"
    response = client.post(
        reverse("admin:assurance_checklistitem_add"),
        {"partnership": report.partnership_id, "position": "20", "text": text, "key": ""},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    item = ChecklistItem.objects.get(text=text)
    rows = {row.item.text: row for row in selectors.checklist(report)}
    assert rows[text].coverage == MISSING and rows[text].sections == []
    foreword = report.sections.get(title="Foreword")
    change = client.get(reverse("admin:assurance_section_change", args=[foreword.pk]))
    data = {
        key: value
        for key, value in change.context["adminform"].form.initial.items()
        if value is not None
    }
    data["covers"] = [*foreword.covers.values_list("pk", flat=True), item.pk]
    response = client.post(reverse("admin:assurance_section_change", args=[foreword.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    foreword.refresh_from_db()
    write(foreword, business_unit, THIN_BELOW_WORDS)
    rows = {row.item.text: row for row in selectors.checklist(report)}
    assert rows[text].coverage == COVERED and rows[text].sections == [foreword]
    page = client.get(reverse("assurance:checklist", args=[report.pk])).content.decode()
    assert text in page
