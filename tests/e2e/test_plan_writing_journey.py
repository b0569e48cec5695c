"""The business unit writes its next plan in the product: creates the draft, adds a priority,
an objective (a missing text refused first, the field named; a lead and an owner in support)
and an action, publishes it after reading who will update what, then publishes version V2
saying what changed; the lead then sees the objective among theirs. axe-core checks
every page visited."""

import re

import pytest
from playwright.sync_api import expect

from plans.models import Plan
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Northdale Business Plan 2027/2029"


def test_business_unit_writes_and_publishes_a_plan_and_the_lead_sees_their_objective(
    sign_in, page, business_unit, lead, group
):
    page = sign_in("bea_business")
    page.get_by_role("link", name="Create a plan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Create a plan")
    assert_accessible(page)
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Period", exact=True).fill("2027/2029")
    page.locator("#id_starts_on_month").fill("4")
    page.locator("#id_starts_on_year").fill("2027")
    page.locator("#id_ends_on_month").fill("3")
    page.locator("#id_ends_on_year").fill("2029")
    page.get_by_role("button", name="Create the draft plan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Write the plan: {TITLE}")
    assert_accessible(page)

    page.get_by_role("link", name="Add a priority").first.click()
    assert_accessible(page)
    page.get_by_label("Title", exact=True).fill("Neglect")
    page.get_by_role("button", name="Save the priority").click()
    expect(page.get_by_text("Priority 1 has been added")).to_be_visible()

    page.get_by_role("link", name="Add an objective to priority 1").click()
    assert_accessible(page)
    page.get_by_label("Owner 1", exact=True).select_option(label="Learning Sub-group")
    page.get_by_label("Owner 2", exact=True).select_option(label="Lena Lead")
    page.get_by_label("Owner 2 leads or is in support").select_option(label="In support")
    page.locator("#id_due_on_month").fill("9")
    page.locator("#id_due_on_year").fill("2027")
    page.get_by_role("button", name="Save the objective").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what will be done")
    assert_accessible(page)
    page.get_by_label("Objective", exact=True).fill("Launch the neglect strategy")
    page.get_by_role("button", name="Save the objective").click()
    expect(page.get_by_text("Objective 1.1 has been added")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Add an action to objective 1.1").click()
    assert_accessible(page)
    page.get_by_label("Work required").fill("Write the strategy")
    page.get_by_role("button", name="Save the action").click()
    expect(page.get_by_text("Action a) of objective 1.1 has been added")).to_be_visible()

    page.get_by_role("link", name="Publish the plan").click()
    expect(page.get_by_role("heading", name="Who will be able to update what")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Learning Sub-group")
    expect(page.locator(".govuk-summary-list")).to_contain_text("objective 1.1")
    assert_accessible(page)
    page.get_by_role("button", name="Publish the plan").click()
    expect(page.get_by_text("The plan is live")).to_be_visible()
    assert_accessible(page)
    assert Plan.objects.get(title=TITLE).status == Plan.Status.LIVE
    expect(page.get_by_text("Learning Sub-group with support from Lena Lead")).to_be_visible()

    # A new version of the live plan, saying what changed.
    page.get_by_role("link", name="Publish a new version").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Publish version V2")
    assert_accessible(page)
    page.get_by_role("button", name="Publish version V2").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what changed")
    assert_accessible(page)
    page.get_by_label("What changed in this version").fill("Owners confirmed at the board")
    page.get_by_role("button", name="Publish version V2").click()
    expect(page.get_by_text("Version V2 of the plan has been published")).to_be_visible()
    expect(page.locator("#versions")).to_be_visible()
    expect(page.get_by_text("Owners confirmed at the board")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    page = sign_in("lena_lead")
    expect(page.get_by_text("Launch the neglect strategy")).to_be_visible()
    expect(page.get_by_role("link", name="Update objective 1.1")).to_be_visible()
    assert_accessible(page)
