"""The journey of a case: the business unit records a serious incident notification, the rapid
review and its decision to hold a local CSPR, starts the review, adds a recommendation and an
action for the police; the police representative signs in and updates the action to Amber.
axe-core checks every page visited."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def fill_date(page, field, day: datetime.date):
    page.locator(f"#id_{field}_day").fill(str(day.day))
    page.locator(f"#id_{field}_month").fill(str(day.month))
    page.locator(f"#id_{field}_year").fill(str(day.year))


def test_business_unit_takes_a_case_to_an_agency_action_that_the_agency_updates(
    sign_in, page, live_server, business_unit, police, agency_rep
):
    today = datetime.date.today()
    aware_on = today - datetime.timedelta(days=30)

    page = sign_in("bea_business")
    page.get_by_role("link", name="Case reviews", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Case reviews")
    assert_accessible(page)

    # The notification: a wrong order of dates is refused first.
    page.get_by_role("link", name="Record a notification").click()
    assert_accessible(page)
    page.get_by_label("Reference").fill("NSCP-2026/27-07")
    fill_date(page, "incident_on", aware_on)
    fill_date(page, "la_aware_on", aware_on - datetime.timedelta(days=3))
    page.get_by_label("Serious harm").check()
    page.get_by_label("Referral reason").select_option(label="Physical abuse")
    page.get_by_label("5 to 10").check()
    page.get_by_label("Northdale Police").check()
    page.get_by_label("Summary").fill("A serious injury; two agencies knew the family.")
    page.get_by_role("button", name="Save the notification").click()
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    fill_date(page, "incident_on", aware_on - datetime.timedelta(days=1))
    fill_date(page, "la_aware_on", aware_on)
    fill_date(page, "panel_notified_on", aware_on + datetime.timedelta(days=2))
    page.get_by_role("button", name="Save the notification").click()
    expect(page.get_by_text("Notification NSCP-2026/27-07 has been recorded")).to_be_visible()
    expect(page.locator("#panel-clock")).to_contain_text("Notified on")
    assert_accessible(page)

    # The rapid review decides on a local CSPR; a decision without reasons is refused.
    page.get_by_role("link", name="Record the rapid review").click()
    assert_accessible(page)
    fill_date(page, "meeting_on", aware_on + datetime.timedelta(days=10))
    fill_date(page, "completed_on", aware_on + datetime.timedelta(days=12))
    page.get_by_label("Hold a local child safeguarding practice review").check()
    page.get_by_role("button", name="Save the rapid review").click()
    expect(page.get_by_role("link", name="Enter the reasons for the decision")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Reasons for the decision").fill(
        "Agencies could have shared what they knew sooner."
    )
    page.get_by_role("button", name="Save the rapid review").click()
    saved = page.get_by_text("The rapid review of NSCP-2026/27-07 has been recorded")
    expect(saved).to_be_visible()
    assert_accessible(page)

    # The review, prefilled from the decision.
    page.get_by_role("link", name="Start the review").click()
    assert_accessible(page)
    expect(page.get_by_label("Local child safeguarding practice review")).to_be_checked()
    page.get_by_role("button", name="Start the review").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("NSCP-2026/27-07")
    expect(page.get_by_role("heading", name="Stages")).to_be_visible()
    assert_accessible(page)

    # A recommendation, and an action on it for the police.
    page.get_by_role("link", name="Add a recommendation or learning point").click()
    assert_accessible(page)
    page.get_by_label("What it says").fill(
        "Agencies share concerns about injuries to children without delay."
    )
    page.get_by_label("Multi-agency").check()
    page.get_by_label("Theme").select_option(label="Information exchange")
    page.get_by_role("button", name="Save and add").click()
    expect(page.locator("#learning-point-1")).to_contain_text("Information exchange")
    assert_accessible(page)

    page.get_by_role("link", name="Add an action for recommendation 1").click()
    assert_accessible(page)
    page.get_by_label("What the action is").fill("Brief every response officer on sharing.")
    page.get_by_label("Agency that owns the action").select_option(label="Northdale Police")
    page.locator("#id_due_on_month").fill("3")
    page.locator("#id_due_on_year").fill(str(today.year + 1))
    page.get_by_role("button", name="Save the action").click()
    expect(page.locator("#learning-point-1")).to_contain_text("Northdale Police")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    # The police representative sees the action, but no case records.
    page = sign_in("pat_police")
    expect(page.get_by_role("link", name="Case reviews", exact=True)).to_have_count(0)
    page.get_by_role("link", name="Review actions").click()
    expect(
        page.get_by_role("link", name="Brief every response officer on sharing.", exact=True)
    ).to_be_visible()
    expect(page.get_by_text("NSCP-2026/27-07")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Update")).click()
    assert_accessible(page)

    page.get_by_label("Amber").check()
    page.get_by_role("button", name="Save update").click()
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    page.get_by_label("Progress").fill("Half the teams briefed; the rest in the new year.")
    page.get_by_role("button", name="Save update").click()
    expect(page.get_by_text("has been saved")).to_be_visible()
    history = page.locator(".app-timeline")
    expect(history.get_by_text("Pat Police")).to_be_visible()
    expect(history.locator(".govuk-tag--orange").first).to_have_text("Amber")
    assert_accessible(page)
