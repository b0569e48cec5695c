"""The business unit imports its Word plan into an empty draft: the first file names an owner
who is not of the partnership, reported by row and column; the corrected file is previewed,
imported, an objective edited, the plan published; the lead then sees their objectives.
axe-core checks every page visited."""

import re

import pytest
from playwright.sync_api import expect

from plans.models import Objective, Plan
from tests.e2e.conftest import assert_accessible
from tests.plans.plan_files import docx_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def word_plan(first_owner: str) -> bytes:
    priority = {
        "priority": 1,
        "priority_title": "Neglect",
        "aim": "Children are safe from neglect",
        "strategic_aim": "Learning is promoted and embedded",
    }
    rows = [
        {
            **priority,
            "number": "1.1",
            "text": "Launch the neglect strategy",
            "due": "September 2027",
            "owners": first_owner,
            "rag": "Not started",
        },
        {
            "number": "1.1",
            "step": "a)",
            "text": "Write the strategy",
            "due": "June 2027",
            "owners": "Lena Lead",
            "rag": "Not started",
        },
        {
            **priority,
            "number": "1.2",
            "text": "Audit neglect cases",
            "due": "March 2028",
            "owners": "Learning Sub-group",
            "rag": "Not started",
        },
    ]
    return docx_bytes("Northdale Business Plan 2027/2029", rows)


def test_business_unit_imports_the_word_plan_fixes_an_error_and_publishes_it(
    sign_in, page, business_unit, lead, group, draft_plan, tmp_path
):
    bad, good = tmp_path / "plan.docx", tmp_path / "plan-corrected.docx"
    bad.write_bytes(word_plan("Learning Subgroup of Elsewhere"))
    good.write_bytes(word_plan("learning  SUB-GROUP"))

    page = sign_in("bea_business")
    page.goto(page.url.rstrip("/") + f"/plans/{draft_plan.pk}/contents/")
    assert_accessible(page)
    page.get_by_role("link", name="Import the plan from a Word or Excel file").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Import the plan from a file")
    assert_accessible(page)

    page.get_by_label("Upload the plan").set_input_files(str(bad))
    page.get_by_role("button", name="Check the file").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Row 2 of the priority 1 table, who responsible: “Learning Subgroup of Elsewhere” is "
        "not a group or person of the partnership: add them or keep the text"
    )
    assert_accessible(page)
    assert not Objective.objects.filter(plan=draft_plan).exists()

    page.get_by_label("Upload the plan").set_input_files(str(good))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Check the plan before importing it"
    )
    expect(page.get_by_role("heading", name="Priority 1: Neglect")).to_be_visible()
    expect(page.locator("table")).to_contain_text("Launch the neglect strategy")
    expect(page.locator("table")).to_contain_text("Lena Lead")
    assert_accessible(page)
    page.get_by_role("button", name="Import the plan into the draft").click()
    expect(page.get_by_text("plan-corrected.docx has been imported")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Change objective 1.2").click()
    assert_accessible(page)
    page.get_by_label("Objective", exact=True).fill("Audit neglect cases every quarter")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Your changes to objective 1.2 have been saved")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Publish the plan").click()
    expect(page.get_by_role("heading", name="Who will be able to update what")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Publish the plan").click()
    expect(page.get_by_text("The plan is live")).to_be_visible()
    assert_accessible(page)
    assert Plan.objects.get(pk=draft_plan.pk).status == Plan.Status.LIVE

    page.get_by_role("button", name="Sign out").click()
    page = sign_in("lena_lead")
    expect(page.get_by_text("Audit neglect cases every quarter")).to_be_visible()
    expect(page.get_by_role("link", name="Update objective 1.1")).to_be_visible()
    assert_accessible(page)
