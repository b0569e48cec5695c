"""The dashboard's panels on a phone (320 and 390 px): the page is no wider than the screen
(a wide table scrolls in its own region, and the hidden words of its links scroll with it),
and a long agency name wraps in its row rather than widening the table."""

import pytest
from django.urls import reverse

from kscp.core.models import Agency, Sector
from reviews.models import ReviewAction
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

LONG_NAME = (
    "Northdale and Southdale Community Healthcare and Children's Wellbeing Partnership "
    "Foundation Trust"
)
PAGE_WIDTH = "document.documentElement.scrollWidth"
# Each scroll region's width, and how wide its table would be without it.
REGIONS = """() => [...document.querySelectorAll('section .app-table-wrap')].map(
    region => [region.getAttribute('aria-label'), region.clientWidth, region.scrollWidth])"""
NAME_CELL = """name => [...document.querySelectorAll('#review-actions ~ * th[scope=row]')]
    .filter(cell => cell.textContent.trim() === name)
    .map(cell => [cell.getBoundingClientRect().width, cell.getBoundingClientRect().height])"""


@pytest.mark.parametrize("width", [320, 390])
def test_the_panels_are_no_wider_than_a_phone_and_a_long_agency_name_wraps(
    sign_in, live_server, partnership, business_unit, review_action, attendance, width
):
    agency = Agency.objects.create(partnership=partnership, name=LONG_NAME, sector=Sector.HEALTH)
    ReviewAction.objects.create(
        learning_point=review_action.learning_point,
        description="Brief every health visitor on the bruising protocol.",
        owner_agency=agency,
        rag="red",
    )
    page = sign_in("bea_business")
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}{reverse('dashboard')}?year=2025")
    regions = page.evaluate(REGIONS)
    assert any(inner > shown for _, shown, inner in regions), regions  # some table scrolls
    assert page.evaluate(PAGE_WIDTH) <= width
    [(cell_width, cell_height)] = page.evaluate(NAME_CELL, LONG_NAME)
    assert cell_width < width / 2 and cell_height > 100  # wrapped over several lines
    assert_accessible(page)
