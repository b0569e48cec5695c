import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_lead_sets_an_objective_to_amber_from_the_home_page(sign_in, objective, other_objective):
    page = sign_in("lena_lead")
    assert_accessible(page)
    expect(page.get_by_role("heading", name="Your objectives and actions")).to_be_visible()

    page.get_by_role("link", name="Update objective 1.1").click()
    expect(page.get_by_role("heading", name=re.compile("Update objective 1.1"))).to_be_visible()
    assert_accessible(page)

    # Amber without a comment is refused with an error summary that links to the field.
    page.get_by_label("Amber").check()
    page.get_by_role("button", name="Save update").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.get_by_role("link", name=re.compile("Enter a progress comment"))).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Progress").fill("Terminology agreed; training slipped to March.")
    page.get_by_role("button", name="Save update").click()

    expect(page.get_by_text("Your update to objective 1.1 has been saved")).to_be_visible()
    history = page.locator(".app-timeline")
    expect(history.get_by_text("Lena Lead")).to_be_visible()
    expect(history.get_by_text("Terminology agreed; training slipped to March.")).to_be_visible()
    expect(history.locator(".govuk-tag--orange").first).to_have_text("Amber")
    assert_accessible(page)


def test_lead_filters_the_plan_and_browses_groups(sign_in, objective, other_objective, plan):
    page = sign_in("lena_lead")
    page.get_by_role("link", name=plan.title).click()
    assert_accessible(page)
    page.get_by_label("Search").fill("case evaluations")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("1 objective match the filters")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Groups").click()
    assert_accessible(page)
    page.get_by_role("link", name="Learning Sub-group").click()
    expect(page.get_by_role("heading", name="What the group owns")).to_be_visible()
    assert_accessible(page)


def test_executive_reads_an_objective_without_an_update_button(
    sign_in, objective, action, executive
):
    page = sign_in("eve_executive")
    assert_accessible(page)
    page.get_by_role("link", name=objective.plan.title).click()
    page.get_by_role("link", name=re.compile("^1.1")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Objective 1.1")
    main = page.locator("main")  # the service navigation offers executives "Update rounds"
    expect(main.get_by_role("link", name=re.compile("Update"))).to_have_count(0)
    expect(main.get_by_role("button", name=re.compile("Update"))).to_have_count(0)
    assert_accessible(page)


def test_executive_previews_and_downloads_the_plan_pdf(sign_in, objective, executive, plan):
    page = sign_in("eve_executive")
    page.get_by_role("link", name=plan.title).click()
    assert_accessible(page)
    page.get_by_role("button", name="Print preview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(plan.title)
    expect(page.get_by_text("Summary of progress by priority")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_executive_follows_a_dashboard_number_to_the_filtered_list(
    sign_in, objective, other_objective, executive, plan
):
    page = sign_in("eve_executive")
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="RAG status by priority")).to_be_visible()
    assert_accessible(page)
    page.get_by_text("Show the figures as a table").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="2 overdue").click()
    expect(page.get_by_text("2 objectives match the filters")).to_be_visible()
    expect(page.get_by_label("Only overdue objectives")).to_be_checked()
    assert_accessible(page)
