"""The dashboard's panels on a phone (320 and 390 px): the page is no wider than the screen
(each table row is a card, and the hidden words of its links stay inside it), and a long
agency name wraps in its card rather than widening the table."""

import pytest
from django.urls import reverse

from kscp.core.models import Agency, Sector
from reviews.models import ReviewAction
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_phone_widths import assert_fits

pytestmark = pytest.mark.django_db(transaction=True)

LONG_NAME = (
    "Northdale and Southdale Community Healthcare and Children's Wellbeing Partnership "
    "Foundation Trust"
)
# The panels' tables, and whether each is drawn as cards (its rows as blocks).
CARDS = """() => [...document.querySelectorAll('section table.app-table--cards')].map(
    table => getComputedStyle(table.querySelector('tbody tr')).display)"""
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
    cards = page.evaluate(CARDS)
    assert cards and set(cards) == {"block"}, cards
    assert_fits(page, "dashboard", width)
    [(cell_width, cell_height)] = page.evaluate(NAME_CELL, LONG_NAME)
    assert cell_width <= width and cell_height > 40  # wrapped over several lines
    assert_accessible(page)
