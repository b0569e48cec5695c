import datetime

import pytest
from django.urls import reverse

from kscp.core.services import tracked_item_update
from plans.dashboard import quarter_ends
from plans.models import Objective
from tests.helpers import add_owner, queries_afresh
from tests.rounds.conftest import closed_round

pytestmark = pytest.mark.django_db


def test_quarter_ends_cover_the_period_and_stop_at_its_end():
    assert quarter_ends(datetime.date(2019, 4, 1), datetime.date(2020, 1, 15)) == [
        datetime.date(2019, 6, 30),
        datetime.date(2019, 9, 30),
        datetime.date(2019, 12, 31),
        datetime.date(2020, 1, 15),
    ]


def add_objectives(plan, priority, group, start, count, rag="red", due=datetime.date(2025, 1, 1)):
    for n in range(start, start + count):
        objective = Objective.objects.create(
            plan=plan,
            priority=priority,
            number=f"7.{n}",
            action=f"Objective {n}",
            rag=rag,
            due_on=due,
        )
        add_owner(objective, group)


def figures(chart):
    """Each row of a chart as (label, {series modifier: count}), noughts left out."""
    return [
        (row.label, {s.modifier: n for s, n in zip(chart.series, row.counts, strict=True) if n})
        for row in chart.rows
    ]


def test_the_dashboard_counts_and_links(client, executive, plan, priority, group, objective):
    add_objectives(plan, priority, group, 1, 3)
    Objective.objects.filter(number="7.1").update(
        updated_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    )
    client.force_login(executive)
    response = client.get(reverse("dashboard"))
    content = response.content.decode()
    board = response.context["board"]  # the first plan's panel drawn
    assert board.total == 4
    assert board.overdue_count == 4  # the fixture's 1.1 is due January 2026
    assert board.stale_count == 1
    assert [(g.name, g.overdue) for g in board.groups] == [("Learning Sub-group", 4)]
    base = f"/plans/{plan.pk}/?"
    assert f"{base}priority={priority.pk}&amp;rag=red#objectives" in content
    assert f"{base}overdue=on&amp;owner_group={group.pk}#objectives" in content
    assert f"{base}stale=on#objectives" in content
    assert 'role="img"' in content and "<title id=" in content


def test_a_number_on_the_dashboard_opens_the_list_that_makes_it_up(
    client, executive, plan, priority, group, objective
):
    add_objectives(plan, priority, group, 1, 3)
    client.force_login(executive)
    listing = client.get(
        reverse("plans:plan", args=[plan.pk]), {"priority": priority.pk, "rag": "red"}
    )
    assert listing.context["page"].paginator.count == 3
    stale = client.get(reverse("plans:plan", args=[plan.pk]), {"stale": "on"})
    assert stale.context["page"].paginator.count == 0


def test_progress_over_time_reads_history_at_each_quarter_end(
    client, executive, lead, plan, objective
):
    objective.history.update(history_date=datetime.datetime(2025, 5, 1, tzinfo=datetime.UTC))
    tracked_item_update(
        item=objective,
        user=lead,
        rag="amber",
        progress="Slipped",
        evidence="",
        version=objective.version,
    )
    client.force_login(executive)
    board = client.get(reverse("dashboard")).context["board"]
    assert figures(board.quarter_chart)[0] == ("Quarter to 30 Jun 2025", {"not_started": 1})
    assert figures(board.quarter_chart)[-1][1] == {"amber": 1}


def test_filtering_by_group(client, executive, plan, priority, group, other_group, objective):
    add_objectives(plan, priority, other_group, 1, 2)
    client.force_login(executive)
    board = client.get(reverse("dashboard"), {"group": other_group.pk}).context["board"]
    assert board.total == 2


def dashboard_queries(client):
    return queries_afresh(client, reverse("dashboard"))


def test_dashboard_queries_do_not_grow_with_objectives_or_history(
    client, executive, lead, plan, priority, group, objective, business_unit
):
    client.force_login(executive)
    add_objectives(plan, priority, group, 1, 5)
    closed_round(plan.partnership, [plan], business_unit, "Q1", datetime.date(2026, 7, 3))
    small = dashboard_queries(client)
    add_objectives(plan, priority, group, 100, 80, rag="amber")
    for n in (2, 3, 4):
        closed_round(plan.partnership, [plan], business_unit, f"Q{n}", datetime.date(2026, n, 3))
    for n in range(15):
        tracked_item_update(
            item=objective,
            user=lead,
            rag="green",
            progress=f"Update {n}",
            evidence="",
            version=objective.version,
        )
    large = dashboard_queries(client)
    print(f"dashboard queries: {small} small, {large} large")
    assert small == large


def test_quarter_figures_link_to_the_plan_as_it_stood_only_for_report_readers(
    client, executive, lead, plan, objective
):
    client.force_login(executive)
    assert (
        f"/plans/{plan.pk}/print/?as_at_day=" in client.get(reverse("dashboard")).content.decode()
    )
    client.force_login(lead)
    assert f"/plans/{plan.pk}/print/" not in client.get(reverse("dashboard")).content.decode()


def test_the_filters_offer_the_live_plans_and_groups_and_mark_those_chosen(
    client, executive, plan, group, other_group, objective
):
    client.force_login(executive)
    page = client.get(reverse("dashboard"), {"plan": plan.pk, "group": group.pk}).content.decode()
    assert f'<option value="{plan.pk}" selected>{plan.title}</option>' in page
    assert f'<option value="{group.pk}" selected>{group.name}</option>' in page
    assert f'<option value="{other_group.pk}">{other_group.name}</option>' in page
    kept = client.get(reverse("dashboard")).content.decode()
    assert f'<option value="{plan.pk}">{plan.title}</option>' in kept


def test_the_overdue_objectives_name_their_owners_as_the_objectives_page_does(
    client, executive, plan, objective, lead, other_lead
):
    """The dashboard reads the owners as values: a group linked, a person by full name or
    by username, words, and "with support from", as the objective's own page names them."""
    other_lead.first_name = other_lead.last_name = ""  # named by username
    other_lead.save()
    add_owner(objective, lead)
    add_owner(objective, other_lead, role="supporting")
    add_owner(objective, "KSCB Chair & <Independent Scrutineer>", role="supporting")
    client.force_login(executive)
    dashboard = client.get(reverse("dashboard")).content.decode()
    page = client.get(reverse("plans:objective", args=[objective.pk])).content.decode()
    named = (
        f'<a class="govuk-link" href="/groups/{objective.owners.first().group_id}/">'
        "Learning Sub-group</a>, Lena Lead with support from oscar_otherlead, "
        "KSCB Chair &amp; &lt;Independent Scrutineer&gt;"
    )
    assert named in dashboard and named in page
