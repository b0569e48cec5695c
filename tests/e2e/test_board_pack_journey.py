"""The board pack in the browser: the business unit opens the board pack from the service
navigation, prepares the pack for today's meeting with the dates offered, reads it as a page,
downloads its PDF, finds it under "Previous board packs" and removes it from there. axe-core
checks every page visited."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from kscp.core.services import tracked_item_update
from kscp.rounds.models import BoardPack
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_business_unit_prepares_reads_and_downloads_a_board_pack(
    sign_in,
    live_server,
    business_unit,
    lead,
    objective,
    review_action,  # noqa: F811
):
    tracked_item_update(
        item=objective, user=lead, rag="red", progress="The audit slipped to March",
        evidence="", version=objective.version,
    )  # fmt: skip
    page = sign_in("bea_business")
    page.get_by_role("link", name="Board pack").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Board pack")
    expect(page.locator("main")).to_contain_text("No board pack has been prepared yet.")
    assert_accessible(page)

    page.get_by_role("button", name="Prepare the board pack").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Board pack: meeting of")
    main = page.locator("main")
    expect(main).to_contain_text("Change our terminology")
    expect(main).to_contain_text("The audit slipped to March")
    expect(main).to_contain_text("Northdale Police")
    assert_accessible(page)
    assert BoardPack.objects.get().prepared_by == business_unit
    page.set_viewport_size({"width": 320, "height": 800})  # a phone: nothing wider than it
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 800})

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as file:
        reader = PdfReader(io.BytesIO(file.read()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "The audit slipped to March" in text

    page.get_by_role("link", name="Back to board packs").click()
    expect(page.get_by_role("heading", name="Previous board packs")).to_be_visible()
    expect(page.get_by_role("link", name="Download as PDF")).to_have_count(1)
    assert_accessible(page)

    # A pack prepared for the wrong date is removed from the list, once confirmed.
    page.get_by_role("link", name="Remove the board pack for").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Remove the board pack for")
    assert_accessible(page)
    page.get_by_role("button", name="Remove the board pack").click()
    expect(page.locator("main")).to_contain_text("was removed from the list")
    expect(page.locator("main")).to_contain_text("No board pack has been prepared yet.")
    assert_accessible(page)
    assert not BoardPack.objects.exists()
