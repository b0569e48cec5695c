"""The yearly report from draft to published: the business unit writes a narrative section
with a preview, checks the contents checklist and sends the report for sign-off; each lead
safeguarding partner signs it off; the business unit publishes it and downloads the PDF and
the Word document. axe-core checks every page visited."""

import re

import pytest
from playwright.sync_api import expect

from kscp.assurance.models import Report
from tests.assurance.conftest import (  # noqa: F401
    chief_constable,
    council_chief,
    icb_chief,
    partners,
    report,
    stored_files,
)
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def test_a_report_is_written_signed_off_published_and_downloaded(
    sign_in,
    page,
    live_server,
    business_unit,
    report,  # noqa: F811
    partners,  # noqa: F811
):
    page = sign_in("bea_business")
    page.get_by_role("link", name="Yearly reports").click()
    assert_accessible(page)
    page.get_by_role("link", name=report.title).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(report.title)
    assert_accessible(page)

    page.get_by_role("link", name="Change Foreword").click()
    assert_accessible(page)
    page.get_by_label("Text").fill("## A year of change\n\n* Three new sub-groups\n* One CSPR")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#preview h2")).to_have_text("A year of change")
    assert_accessible(page)
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Foreword")
    assert_accessible(page)

    page.get_by_role("link", name="See the checklist in full").click()
    expect(page.locator("#checklist")).to_contain_text("Funding and budget")
    assert_accessible(page)
    page.get_by_role("link", name=f"Back to {report.title}").click()

    page.get_by_role("link", name="Send for sign-off").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send for sign-off").click()
    expect(page.locator("#status")).to_have_text("With partners for sign-off")
    assert_accessible(page)

    for partner in partners:
        page.context.clear_cookies()
        page = sign_in(partner.person.username)
        page.goto(f"{live_server.url}/reports/{report.pk}/")
        page.get_by_role("link", name="Sign the report off").click()
        assert_accessible(page)
        page.get_by_label("Comment (optional)").fill("A fair account of the year")
        page.get_by_role("button", name="Sign off").click()
        expect(page.locator(".govuk-notification-banner").first).to_contain_text("signed")
        assert_accessible(page)

    page.context.clear_cookies()
    page = sign_in("bea_business")
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    expect(page.locator("#status")).to_have_text("Signed off")
    page.get_by_role("link", name="Publish").click()
    assert_accessible(page)
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("#status")).to_have_text("Published")
    assert_accessible(page)
    report_record = Report.objects.get(pk=report.pk)
    assert report_record.is_published and report_record.pdf

    with page.expect_download() as pdf:
        page.get_by_role("link", name="Download the PDF").click()
    assert pdf.value.suggested_filename.endswith(".pdf")
    with page.expect_download() as docx:
        page.get_by_role("link", name="Download the Word document").click()
    assert docx.value.suggested_filename.endswith(".docx")

    page.get_by_role("link", name="Read the whole report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(report.title)
    expect(page.locator("main")).to_contain_text("A year of change")
    assert_accessible(page)
    assert re.search("Three new sub-groups", page.content())


def test_the_budget_and_an_image_are_added_in_the_browser(
    sign_in,
    page,
    live_server,
    business_unit,
    report,  # noqa: F811
    tmp_path,
):
    import io

    from PIL import Image

    picture = tmp_path / "framework.png"
    buffer = io.BytesIO()
    Image.new("RGB", (300, 120), (29, 112, 184)).save(buffer, "PNG")
    picture.write_bytes(buffer.getvalue())

    page = sign_in("bea_business")
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    page.get_by_role("link", name="change the budget lines").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Budget")
    assert_accessible(page)
    page.get_by_role("link", name="Add a budget line").click()
    assert_accessible(page)
    page.get_by_role("button", name="Add the line").click()  # nothing filled in
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the partner or line")
    assert_accessible(page)
    page.get_by_label("Contribution by a partner").check()
    page.get_by_label("Partner or line").fill("Northdale Council")
    page.get_by_label("Amount in pounds").fill("120000")
    page.get_by_role("button", name="Add the line").click()
    expect(page.locator("#budget-contributions")).to_contain_text("£120,000")
    assert_accessible(page)

    page.goto(f"{live_server.url}/reports/{report.pk}/")
    page.get_by_role("link", name="Add an image to Foreword").click()
    assert_accessible(page)
    page.get_by_label("Image").set_input_files(str(picture))
    page.get_by_label("Alternative text").fill("The partnership's structure")
    page.get_by_role("button", name="Add the image").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("image")
    assert_accessible(page)
    page.get_by_role("link", name="Read the whole report").click()
    expect(page.get_by_alt_text("The partnership's structure")).to_be_visible()
    assert_accessible(page)


def test_the_business_unit_keeps_the_checklist_and_maps_a_section_to_an_item(
    sign_in,
    page,
    live_server,
    business_unit,
    report,  # noqa: F811
):
    item = "How the arrangements supported children with disabilities"
    page = sign_in("bea_business")
    page.goto(f"{live_server.url}/reports/{report.pk}/checklist/")
    page.get_by_role("link", name="Change the contents checklist").click()
    expect(page.locator("#checklist-items")).to_contain_text("Funding and budget")
    assert_accessible(page)
    page.get_by_role("link", name="Add a checklist item").click()
    assert_accessible(page)
    page.get_by_role("button", name="Add the item").click()  # nothing typed
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter what the report should contain"
    )
    assert_accessible(page)
    page.get_by_label("What the report should contain").fill(item)
    page.get_by_role("button", name="Add the item").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(item)
    assert_accessible(page)
    page.get_by_role("link", name=f"Back to the checklist of {report.title}").click()
    row = page.locator("#checklist tr", has_text=item)
    expect(row).to_contain_text("Missing")

    page.goto(f"{live_server.url}/reports/{report.pk}/")
    page.get_by_role("link", name="Choose checklist items for Foreword").click()
    assert_accessible(page)
    page.get_by_label(item).check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Foreword")
    expect(page.locator("#checklist tr", has_text=item)).to_contain_text("Foreword")
    assert_accessible(page)
