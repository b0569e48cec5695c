"""The business unit's pages of the contents checklist: the list kept as guidance changes
(an item added, changed, removed; each change version-checked), and the items each section
covers, which the report's checklist page then shows covered, thin or missing."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kscp.assurance import selectors, services
from kscp.assurance.models import ChecklistItem, Section
from kscp.assurance.selectors import COVERED, MISSING
from kscp.assurance.views import checklist
from tests.assurance.test_sign_off import messages_of
from tests.helpers import form_errors

pytestmark = pytest.mark.django_db

DISABILITY = "How the arrangements supported children with disabilities"


def item(report, key):
    return ChecklistItem.objects.get(partnership=report.partnership, key=key)


def coverage(report):
    return {row.item.text: row.coverage for row in selectors.checklist(report)}


def test_the_report_checklist_leads_the_business_unit_to_the_list(client, report, business_unit):
    client.force_login(business_unit)
    page = client.get(reverse("assurance:checklist", args=[report.pk])).content.decode()
    url = reverse("assurance:checklist_items") + f"?report={report.pk}"
    assert f'href="{url}">Change the contents checklist' in page
    listing = client.get(url).content.decode()
    assert "Funding and budget" in listing
    assert reverse("assurance:checklist", args=[report.pk]) in listing  # the back link


def test_an_executive_member_is_not_offered_the_change(client, report, executive):
    client.force_login(executive)
    page = client.get(reverse("assurance:checklist", args=[report.pk])).content.decode()
    assert "Change the contents checklist" not in page
    assert client.get(reverse("assurance:checklist_items")).status_code == 403


def test_another_partnerships_report_is_no_back_link(client, report, outsider):
    client.force_login(outsider)
    page = client.get(reverse("assurance:checklist_items") + f"?report={report.pk}")
    assert report.title not in page.content.decode()


def test_an_item_added_is_on_the_list_and_missing_from_the_report(client, report, business_unit):
    client.force_login(business_unit)
    response = client.post(
        reverse("assurance:checklist_item_add") + f"?report={report.pk}",
        {"text": f"  {DISABILITY}  "},
        follow=True,
    )
    assert checklist.ITEM_ADDED.format(text=DISABILITY) in messages_of(response)
    assert response.redirect_chain[-1][0].endswith(f"?report={report.pk}")
    added = ChecklistItem.objects.get(text=DISABILITY)
    assert added.position == ChecklistItem.objects.count()
    assert added.history.first().history_user == business_unit
    assert coverage(report)[DISABILITY] == MISSING


def test_an_empty_item_is_refused_naming_the_field(client, business_unit):
    client.force_login(business_unit)
    response = client.post(reverse("assurance:checklist_item_add"), {"text": "  "})
    assert form_errors(response)["text"] == ["Enter what the report should contain"]


def test_a_long_item_is_refused_with_the_character_count(client, business_unit):
    client.force_login(business_unit)
    page = client.get(reverse("assurance:checklist_item_add")).content.decode()
    assert 'data-module="govuk-character-count" data-maxlength="300"' in page
    response = client.post(reverse("assurance:checklist_item_add"), {"text": "x" * 301})
    assert form_errors(response)["text"] == [
        "What the report should contain must be 300 characters or fewer"
    ]


def test_an_item_the_list_has_is_refused_on_its_field(client, report, business_unit):
    client.force_login(business_unit)
    response = client.post(reverse("assurance:checklist_item_add"), {"text": "funding AND budget"})
    assert form_errors(response)["text"] == [
        services.CHECKLIST_ITEM_TAKEN.format(text="funding AND budget")
    ]


def test_the_list_is_bounded(report, business_unit):
    for n in range(services.CHECKLIST_MAX_ITEMS - ChecklistItem.objects.count()):
        services.checklist_item_add(
            partnership=report.partnership, user=business_unit, text=f"Item {n}"
        )
    with pytest.raises(ValidationError) as refused:
        services.checklist_item_add(
            partnership=report.partnership, user=business_unit, text="One too many"
        )
    assert refused.value.messages == [
        services.CHECKLIST_FULL.format(count=services.CHECKLIST_MAX_ITEMS)
    ]


def test_an_item_changed_reads_anew_on_the_report(client, report, business_unit):
    funding = item(report, "funding")
    client.force_login(business_unit)
    response = client.post(
        reverse("assurance:checklist_item_edit", args=[funding.pk]),
        {"text": "Funding, budget and value for money", "version": funding.version},
        follow=True,
    )
    assert (
        "Your changes to the checklist item Funding, budget and value for money have been "
        "saved" in messages_of(response)
    )
    assert "Funding, budget and value for money" in coverage(report)


def test_a_stale_change_of_an_item_is_refused(client, report, business_unit, executive):
    funding = item(report, "funding")
    opened = funding.version
    services.checklist_item_update(item=funding, user=business_unit, text="Funding", version=opened)
    client.force_login(business_unit)
    response = client.post(
        reverse("assurance:checklist_item_edit", args=[funding.pk]),
        {"text": "Budget", "version": opened},
    )
    (refusal,) = form_errors(response)["__all__"]
    assert refusal.startswith(
        "Your changes have not been saved: you saved a change to this checklist item"
    )
    funding.refresh_from_db()
    assert funding.text == "Funding"


def test_removing_an_item_asks_first_and_refuses_a_stale_removal(client, report, business_unit):
    funding = item(report, "funding")
    client.force_login(business_unit)
    url = reverse("assurance:checklist_item_remove", args=[funding.pk])
    page = client.get(url).content.decode()
    assert "Remove the checklist item" in page and "the 2 sections that cover it" in page
    assert client.post(url, {"version": funding.version + 5}).status_code == 200
    assert ChecklistItem.objects.filter(pk=funding.pk).exists()
    response = client.post(url, {"version": funding.version}, follow=True)
    assert checklist.ITEM_REMOVED.format(text="Funding and budget") in messages_of(response)
    assert "Funding and budget" not in coverage(report)
    assert not report.sections.get(title="Appendix 1: Budget").covers.exists()


def test_another_partnerships_item_is_not_found(client, report, outsider):
    client.force_login(outsider)
    url = reverse("assurance:checklist_item_edit", args=[item(report, "funding").pk])
    assert client.get(url).status_code == 404


def test_mapping_a_section_to_an_item_changes_the_report_coverage(client, report, business_unit):
    voice = item(report, "voice")
    assert coverage(report)[voice.text] == MISSING
    progress = report.sections.get(generator=Section.Generator.PLAN_PROGRESS)
    client.force_login(business_unit)
    url = reverse("assurance:section_covers", args=[progress.pk])
    page = client.get(url).content.decode()
    assert 'class="govuk-checkboxes__input"' in page and voice.text in page
    chosen = [str(pk) for pk in progress.covers.values_list("pk", flat=True)]
    response = client.post(
        url, {"covers": [*chosen, str(voice.pk)], "version": progress.version}, follow=True
    )
    assert checklist.COVERS_SAVED.format(title=progress.title) in messages_of(response)
    assert coverage(report)[voice.text] == COVERED
    checklist_page = response.content.decode()
    assert "Business plan progress" in checklist_page


def test_unmapping_every_section_leaves_an_item_missing(client, report, business_unit):
    progress = report.sections.get(generator=Section.Generator.PLAN_PROGRESS)
    little = item(report, "progress")
    assert coverage(report)[little.text] == COVERED
    client.force_login(business_unit)
    client.post(
        reverse("assurance:section_covers", args=[progress.pk]), {"version": progress.version}
    )
    assert coverage(report)[little.text] == MISSING


def test_a_stale_mapping_is_refused(client, report, business_unit):
    section = report.sections.get(title="Foreword")
    opened = section.version
    services.section_covers_update(section=section, user=business_unit, covers=[],
                                   version=opened)  # fmt: skip
    client.force_login(business_unit)
    response = client.post(
        reverse("assurance:section_covers", args=[section.pk]),
        {"covers": [str(item(report, "voice").pk)], "version": opened},
    )
    (refusal,) = form_errors(response)["__all__"]
    assert refusal.startswith("Your changes have not been saved")
    assert not section.covers.exists()


def test_another_partnerships_item_is_not_offered(client, report, business_unit, outsider):
    theirs = services.checklist_item_add(
        partnership=outsider.partnership, user=outsider, text="Their own item"
    )
    section = report.sections.get(title="Foreword")
    client.force_login(business_unit)
    response = client.post(
        reverse("assurance:section_covers", args=[section.pk]),
        {"covers": [str(theirs.pk)], "version": section.version},
    )
    assert form_errors(response)["covers"] == ["Select the checklist items from the list offered"]
    assert not section.covers.filter(pk=theirs.pk).exists()


def test_the_list_page_takes_the_same_queries_with_more_items(client, report, business_unit):
    from tests.helpers import queries

    client.force_login(business_unit)
    url = reverse("assurance:checklist_items") + f"?report={report.pk}"
    few = queries(client, url)
    for n in range(10):
        services.checklist_item_add(
            partnership=report.partnership, user=business_unit, text=f"Item {n}"
        )
    assert queries(client, url) == few


def test_the_mapping_page_takes_the_same_queries_with_more_items(client, report, business_unit):
    from tests.helpers import queries

    client.force_login(business_unit)
    url = reverse("assurance:section_covers", args=[report.sections.first().pk])
    few = queries(client, url)
    for n in range(10):
        services.checklist_item_add(
            partnership=report.partnership, user=business_unit, text=f"Item {n}"
        )
    assert queries(client, url) == few
