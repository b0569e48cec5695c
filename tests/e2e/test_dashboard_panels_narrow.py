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


# Of each chart on the page: which drawing is shown, and the height of its first label's
# first line as drawn on the screen (the words' size).
CHARTS = """() => [...document.querySelectorAll('svg.app-chart')]
    .filter(svg => getComputedStyle(svg).display !== 'none')
    .map(svg => [svg.classList.contains('app-chart--narrow') ? 'narrow' : 'wide',
                 svg.querySelector('.app-chart__label tspan').getBoundingClientRect().height])"""


@pytest.mark.parametrize(("width", "drawing"), [(320, "narrow"), (390, "narrow"), (1024, "wide")])
def test_a_phone_shows_each_chart_with_its_labels_over_the_bars_in_words_large_enough_to_read(
    sign_in, live_server, business_unit, objective, other_objective, width, drawing
):
    page = sign_in("bea_business")
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}{reverse('dashboard')}")
    shown = page.evaluate(CHARTS)
    assert shown and {kind for kind, _ in shown} == {drawing}, shown
    assert min(height for _, height in shown) >= 12, shown  # 14 units drawn at 12 px or more
    assert_fits(page, "dashboard", width)
