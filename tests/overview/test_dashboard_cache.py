"""The dashboard each person saw is kept and shown again while nothing has changed: a saved
update, an added or removed record, another person, another choice or the next day makes a
new one at once."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from kscp.core.freshness import data_stamp
from kscp.core.services import tracked_item_update
from kscp.overview import dashboard as dashboard_module
from kscp.overview.dashboard import read_models
from plans.models import Objective, Plan, Priority
from reviews.models import Notification
from tests.helpers import queries
from tests.reviews import conftest as reviews

pytestmark = pytest.mark.django_db

notification = reviews.notification

URL = reverse("dashboard")
CASE_PANEL = "Case reviews against statutory timescales"
YEAR_2025 = f"{URL}?year=2025"  # the notification's financial year


def red_figures(page: str) -> int:
    """The objectives the dashboard's tables count as Red ("Not on track"), every table."""
    cells = re.findall(r'<td data-label="Red[^"]*" class="[^"]*">(?:<a [^>]*>)?(\d+)', page)
    return sum(int(cell) for cell in cells)


def main(response) -> str:
    """The page's main content (the layout around it carries a new nonce each time)."""
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def test_the_second_view_is_the_kept_page_in_a_few_queries(client, business_unit, objective):
    client.force_login(business_unit)
    first = main(client.get(URL))
    made = queries(client, URL)  # kept now: not made again
    again = main(client.get(URL))
    assert made <= 5
    assert first == again
    assert "Northdale Business Plan 2025/2027" in again


def test_a_saved_update_shows_at_once(client, business_unit, lead, objective):
    client.force_login(business_unit)
    before = client.get(URL).content.decode()
    assert red_figures(before) == 0
    tracked_item_update(
        item=objective,
        user=lead,
        rag="red",
        progress="Slipped: the audit moved to spring.",
        evidence="",
        version=objective.version,
    )
    after = client.get(URL).content.decode()
    assert red_figures(after) > 0


def test_a_removed_objective_is_gone_at_once(client, business_unit, objective, other_objective):
    client.force_login(business_unit)
    assert "2 objectives" in client.get(URL).content.decode()
    Objective.objects.get(pk=other_objective.pk).delete()
    assert "1 objectives" in client.get(URL).content.decode()


def test_each_person_has_their_own(client, business_unit, lead, plan, objective):
    quarter_link = f'href="{reverse("plans:plan_print", args=[plan.pk])}?as_at_day='
    client.force_login(business_unit)
    page = client.get(URL).content.decode()
    assert CASE_PANEL in page and quarter_link in page
    client.force_login(lead)  # who sees no case records and downloads no plan reports
    page = client.get(URL).content.decode()
    assert CASE_PANEL not in page and quarter_link not in page


def test_each_choice_has_its_own(client, business_unit, group, objective, other_objective):
    client.force_login(business_unit)
    everyone = client.get(URL).content.decode()
    chosen = client.get(f"{URL}?group={group.pk}").content.decode()
    assert "2 objectives" in everyone and "1 objectives" in chosen


def test_the_next_day_makes_a_new_one(client, business_unit, objective, monkeypatch):
    client.force_login(business_unit)
    client.get(URL)
    assert queries(client, URL) <= 5
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(dashboard_module.timezone, "localdate", lambda: tomorrow)
    plans = counting(monkeypatch, dashboard_module, "plan_dashboards")
    assert queries(client, URL) > 10
    assert len(plans) == 1  # the plan's panel too: what is overdue moves with the day


def test_the_stamp_moves_with_every_change_and_not_with_a_sign_in(client, business_unit, objective):
    models = read_models()
    stamp = data_stamp(models)
    client.force_login(business_unit)  # signs in: last_login saved
    assert data_stamp(models) == stamp  # a sign-in changes no record people read
    objective.outcome_measure = "Shared understanding, checked by audit"
    objective.save()
    changed = data_stamp(models)
    assert changed != stamp
    objective.delete()
    assert data_stamp(models) != changed


def counting(monkeypatch, module, name) -> list:
    """Each call of module.name, recorded."""
    calls, real = [], getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_an_updated_objective_makes_the_plans_again_and_keeps_the_case_and_training_panels(
    client, business_unit, lead, objective, notification, monkeypatch
):
    client.force_login(business_unit)
    client.get(YEAR_2025)
    plans = counting(monkeypatch, dashboard_module, "plan_dashboards")
    rounds = counting(monkeypatch, dashboard_module, "rounds_panel")
    panels = counting(monkeypatch, dashboard_module.panels, "partnership_panels")
    tracked_item_update(
        item=objective, user=lead, rag="red", progress="Slipped", evidence="", version=1
    )
    page = client.get(YEAR_2025).content.decode()
    assert (len(plans), len(rounds), len(panels)) == (1, 0, 0)  # no round open: as it was
    assert red_figures(page) > 0
    assert CASE_PANEL in page and "1 serious incident notification</a>" in page


def test_a_new_notification_makes_the_panels_again_and_keeps_the_plans(
    client, business_unit, objective, notification, monkeypatch
):
    client.force_login(business_unit)
    assert "1 serious incident notification</a>" in client.get(YEAR_2025).content.decode()
    plans = counting(monkeypatch, dashboard_module, "plan_dashboards")
    rounds = counting(monkeypatch, dashboard_module, "rounds_panel")
    panels = counting(monkeypatch, dashboard_module.panels, "partnership_panels")
    Notification.objects.create(
        partnership=notification.partnership,
        reference="NSCP-2025/26-02",
        incident_on=datetime.date(2025, 9, 1),
        la_aware_on=datetime.date(2025, 9, 2),
        nature=notification.nature,
        referral_reason=notification.referral_reason,
        age_band=notification.age_band,
        summary="An invented case: a second notification.",
    )
    page = client.get(YEAR_2025).content.decode()
    assert (len(plans), len(rounds), len(panels)) == (0, 0, 1)
    assert "2 serious incident notifications</a>" in page
    assert "Northdale Business Plan 2025/2027" in page and 'id="plan"' in page


def test_an_update_makes_its_own_plans_panel_again_and_keeps_the_other_plans(
    client, business_unit, lead, plan, objective, other_live_plan, monkeypatch
):
    client.force_login(business_unit)
    first = client.get(URL).content.decode()
    assert first.count('<section aria-labelledby="plan-') == 2
    made = counting(monkeypatch, dashboard_module, "plan_dashboards")
    tracked_item_update(
        item=objective, user=lead, rag="red", progress="Slipped", evidence="", version=1
    )
    page = client.get(URL).content.decode()
    assert [[p.pk for p in call[0]] for call in made] == [[plan.pk]]
    assert red_figures(page) > red_figures(first)
    other = f'<section aria-labelledby="plan-{other_live_plan.pk}">'
    assert section(page, other) == section(first, other)  # kept as it was
    Priority.objects.create(plan=other_live_plan, number=2, title="A priority added")
    page = client.get(URL).content.decode()
    assert [[p.pk for p in call[0]] for call in made] == [[plan.pk], [other_live_plan.pk]]
    assert "2. A priority added" in section(page, other)


def section(page: str, start: str) -> str:
    """A plan's panel on the page, from its opening tag."""
    at = page.index(start)
    return page[at : page.index("</section>", at)]


@pytest.fixture
def other_live_plan(plan, priority):
    other = Plan.objects.create(
        partnership=plan.partnership,
        title="Northdale Neglect Strategy 2025/2027",
        period="2025/2027",
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        version_label="V1",
        status=Plan.Status.LIVE,
        key_red="Red",
        key_amber="Amber",
        key_green="Green",
        key_complete="Complete",
    )
    first = Priority.objects.create(plan=other, number=1, title="Neglect is seen early")
    Objective.objects.create(
        plan=other, priority=first, number="1.1", action="Train on the neglect toolkit"
    )
    return other


def test_an_objective_moved_to_another_plan_leaves_the_first_plans_panel_at_once(
    client, business_unit, plan, objective, other_objective, other_live_plan
):
    client.force_login(business_unit)
    first = f'<section aria-labelledby="plan-{plan.pk}">'
    assert "2 objectives" in section(client.get(URL).content.decode(), first)
    moved = Objective.objects.get(pk=other_objective.pk)
    moved.plan, moved.priority = other_live_plan, other_live_plan.priorities.get()
    moved.save()  # as the admin's form may: its history row is the other plan's
    page = client.get(URL).content.decode()
    assert "1 objectives" in section(page, first)
    assert "2 objectives" in section(page, f'<section aria-labelledby="plan-{other_live_plan.pk}">')


def test_the_plans_kept_for_one_person_serve_another_who_may_open_the_same(
    client, business_unit, executive, lead, plan, objective, monkeypatch
):
    """The plans' and rounds' parts differ only by what a person may open from them: an
    executive member, who may open the plan as it stood as the business unit may, is
    shown the plans' panels kept for the business unit; a lead, who may not, their own."""
    client.force_login(business_unit)
    client.get(URL)
    plans = counting(monkeypatch, dashboard_module, "plan_dashboards")
    client.force_login(executive)
    page = client.get(URL).content.decode()
    assert not plans and "1 objectives" in page
    assert CASE_PANEL in page  # the executive's own panels
    client.force_login(lead)
    page = client.get(URL).content.decode()
    assert len(plans) == 1 and "1 objectives" in page and CASE_PANEL not in page
