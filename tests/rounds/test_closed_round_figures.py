"""A closed round's stored figures, as the round page, the executive dashboard and the yearly
report quote them: "86% of items updated for the Quarter 3 2026/27 round, closed 15 January
2027", read from what was stored at closing, never recomputed."""

import datetime

import pytest
from django.urls import reverse

from kscp.assurance import generators
from kscp.assurance.models import Section
from kscp.rounds.selectors import closed_rounds_between, last_closed_rounds
from tests.assurance import conftest as assurance
from tests.helpers import queries_afresh
from tests.rounds.conftest import closed_round, update

pytestmark = pytest.mark.django_db

report = assurance.report  # Northdale's yearly report for April 2025 to March 2026


@pytest.fixture
def quarter_3(partnership, plan, round_items, business_unit, lead, objective, action):
    """1.1 and its action a) updated: 2 of the plan's 4 items (50%)."""
    update(objective, lead)
    update(action, lead)
    return closed_round(
        partnership, [plan], business_unit, "Quarter 3 2026/27", datetime.date(2027, 1, 15)
    )


def test_the_round_page_of_a_closed_round_shows_the_stored_figures_not_todays(
    client, business_unit, quarter_3, other_objective, other_lead
):
    update(other_objective, other_lead)  # after closing: stored figures do not move
    client.force_login(business_unit)
    response = client.get(reverse("rounds:round", args=[quarter_3.pk]))
    by_plan = response.context["figures"]["by_plan"]
    assert [(f.done, f.total, f.percent) for f in by_plan] == [(2, 4, 50)]
    assert "2 of 4 items updated (50%), as stored when the round closed" in (
        response.content.decode()
    )


def test_the_dashboard_quotes_the_last_closed_rounds_of_each_plan(
    client, executive, quarter_3, plan
):
    client.force_login(executive)
    page = client.get(reverse("dashboard")).content.decode()
    assert "50% of items updated for the" in page
    assert "Quarter 3 2026/27</a> round, closed 15 January 2027 (2 of 4)" in page


def test_a_round_closed_after_the_dashboard_was_seen_is_quoted_at_once(
    client, executive, partnership, plan, round_items, business_unit, lead, objective
):
    client.force_login(executive)
    before = client.get(reverse("dashboard")).content.decode()
    assert "No update round has closed yet." in before
    assert "Last closed update rounds" not in before
    update(objective, lead)
    closed_round(partnership, [plan], business_unit, "Quarter 4", datetime.date(2027, 4, 9))
    after = client.get(reverse("dashboard")).content.decode()
    assert "Last closed update rounds" in after  # the plan's panel
    assert "Quarter 4</a> round, closed 9 April 2027 (1 of 4)" in after
    assert "Quarter 4</a>, closed 9 April 2027: 1 of 4 items updated (25%)" in after  # rounds


def test_the_dashboard_links_rounds_only_for_those_who_read_them(client, lead, quarter_3, plan):
    client.force_login(lead)
    page = client.get(reverse("dashboard")).content.decode()
    assert "50% of items updated for the Quarter 3 2026/27 round, closed 15 January 2027" in page
    assert reverse("rounds:round", args=[quarter_3.pk]) not in page


def test_a_plan_quotes_its_own_figure_of_a_round_of_several_plans_even_renamed(
    partnership, plan, second_live_plan, business_unit, lead, objective, round_items
):
    update(objective, lead)
    closed_round(
        partnership, [plan, second_live_plan], business_unit, "Q4", datetime.date(2027, 4, 9)
    )
    plan.title = "A new title for the plan"
    plan.save()
    found = last_closed_rounds([plan, second_live_plan])
    assert [(c.round.name, c.done, c.total) for c in found[plan.pk]] == [("Q4", 1, 4)]
    assert found[second_live_plan.pk] == []  # it had no items in the round: nothing to quote


def test_the_dashboard_quotes_three_rounds_newest_first(
    partnership, plan, round_items, business_unit
):
    for month in range(1, 6):
        closed_round(partnership, [plan], business_unit, f"R{month}", datetime.date(2026, month, 2))
    assert [c.round.name for c in last_closed_rounds([plan])[plan.pk]] == ["R5", "R4", "R3"]


def test_an_open_round_is_not_quoted(partnership, plan, round_items, update_round):
    assert last_closed_rounds([plan]) == {plan.pk: []}
    assert closed_rounds_between(partnership.pk, update_round.opens_on, update_round.deadline) == []


def test_the_yearly_report_quotes_the_rounds_closed_in_its_period(
    report,
    partnership,
    plan,
    round_items,
    business_unit,
    lead,
    objective,
):
    update(objective, lead)
    closed_round(partnership, [plan], business_unit, "Before", datetime.date(2025, 3, 31))
    closed_round(
        partnership, [plan], business_unit, "Quarter 2 2025/26", datetime.date(2025, 10, 3)
    )
    closed_round(
        partnership, [plan], business_unit, "Quarter 4 2025/26", datetime.date(2026, 3, 31)
    )
    closed_round(partnership, [plan], business_unit, "After", datetime.date(2026, 4, 1))
    section = report.sections.get(generator=Section.Generator.PLAN_PROGRESS)
    html = generators.generated_html(section, report)
    assert "in 2 rounds closed in the period" in html
    assert "25% of items updated for the Quarter 2 2025/26 round, closed 3 October 2025" in html
    assert html.index("Quarter 2 2025/26") < html.index("Quarter 4 2025/26 round, closed 31 March")
    assert "Before" not in html and "After round" not in html


def test_the_yearly_report_quotes_the_stored_figures_not_todays(
    report,
    partnership,
    plan,
    round_items,
    business_unit,
    lead,
    objective,
):
    closed_round(
        partnership, [plan], business_unit, "Quarter 2 2025/26", datetime.date(2025, 10, 3)
    )
    update(objective, lead)  # an update now does not change a closed round's figure
    section = report.sections.get(generator=Section.Generator.PLAN_PROGRESS)
    html = generators.generated_html(section, report)
    assert "0% of items updated for the Quarter 2 2025/26 round" in html


def test_quoting_closed_rounds_takes_the_same_queries_however_many(
    client, executive, partnership, plan, second_live_plan, round_items, business_unit
):
    client.force_login(executive)
    closed_round(partnership, [plan], business_unit, "R0", datetime.date(2026, 1, 2))
    few = queries_afresh(client, reverse("dashboard"))
    for n in range(1, 8):
        plans = [plan, second_live_plan] if n % 2 else [plan]
        closed_round(partnership, plans, business_unit, f"R{n}", datetime.date(2026, 1, 2 + n))
    assert queries_afresh(client, reverse("dashboard")) == few


def test_a_half_per_cent_is_rounded_up_as_people_count():
    from kscp.rounds.selectors import Figure

    assert Figure("", 4, 32).percent == 13
    assert Figure("", 1, 8).percent == 13
    assert Figure("", 1, 3).percent == 33
    assert Figure("", 2, 3).percent == 67
    assert Figure("", 0, 0).percent == 0
    assert Figure("", 43, 43).percent == 100
