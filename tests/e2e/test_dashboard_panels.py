"""The dashboard's panels of the whole partnership in a browser: case reviews against their
timescales, review actions by agency and training reach pass axe-core, as does the period
chooser refusing a year, and a number opens the list it counts."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_business_unit_reads_the_panels_and_follows_a_number(
    sign_in, live_server, business_unit, review_action, attendance
):
    page = sign_in("bea_business")
    page.get_by_role("link", name="Dashboard").click()
    page.get_by_label("Financial year").select_option("2025")
    page.get_by_role("button", name="Show").click()
    for heading in ("Case reviews against statutory timescales", "Review actions by agency"):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_role("heading", name="Training reach", exact=False)).to_be_visible()
    assert_accessible(page)
    page.get_by_text("The 1 agency that sent nobody").click()
    assert_accessible(page)
    page.get_by_role("link", name="1 open actions: Northdale Police").click()
    expect(page.get_by_text("1 action match the filters")).to_be_visible()
    assert_accessible(page)


def test_a_year_not_offered_is_refused_accessibly(sign_in, live_server, business_unit):
    page = sign_in("bea_business")
    page.goto(f"{live_server.url}{reverse('dashboard')}?year=1999")
    expect(page.get_by_role("alert")).to_contain_text("Select a financial year from the list")
    assert_accessible(page)
