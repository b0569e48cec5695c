"""A plan's lifecycle, draft → live → closed: publishing is confirmed on a page that says who
will be able to update what; a live plan's owners update it, a closed plan's do not."""

import pytest
from django.urls import reverse

from kscp.core.versioning import STALE_UPDATE
from plans import services
from plans.models import Objective, Plan
from plans.views.writing import PLAN_CLOSED, PLAN_PUBLISHED
from tests.helpers import add_owner, form_errors

pytestmark = pytest.mark.django_db


def test_publish_page_says_who_will_update_what(
    client, business_unit, draft_action, draft_priority, lead
):
    audit = Objective.objects.create(
        plan=draft_priority.plan,
        priority=draft_priority,
        number="1.2",
        action="Commission the audit",
    )
    add_owner(audit, "Audit lead")
    client.force_login(business_unit)
    response = client.get(reverse("plans:plan_publish", args=[draft_priority.plan_id]))
    summary = response.context["summary"]
    names = {updater.name: updater for updater in summary.updaters}
    group = names["Learning Sub-group"]
    assert group.people == ["Lena Lead"]
    assert group.items == ["objective 1.1"]
    assert names["Lena Lead"].items == ["action a) of 1.1"]
    assert summary.unowned == ["objective 1.2"]
    page = response.content.decode()
    assert "Only the business unit will be able to update objective 1.2" in page


def test_publishing_makes_the_plan_live_for_its_owners(
    client, business_unit, lead, draft_objective
):
    plan = draft_objective.plan
    client.force_login(lead)
    assert (
        client.get(reverse("plans:objective_update", args=[draft_objective.pk])).status_code == 403
    )
    client.force_login(business_unit)
    response = client.post(
        reverse("plans:plan_publish", args=[plan.pk]), {"version": plan.version}, follow=True
    )
    assert PLAN_PUBLISHED in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == Plan.Status.LIVE
    client.force_login(lead)
    assert (
        client.get(reverse("plans:objective_update", args=[draft_objective.pk])).status_code == 200
    )


def test_a_plan_without_objectives_is_not_published(client, business_unit, draft_plan):
    client.force_login(business_unit)
    response = client.post(
        reverse("plans:plan_publish", args=[draft_plan.pk]), {"version": draft_plan.version}
    )
    assert form_errors(response)["__all__"] == [services.PLAN_WITHOUT_OBJECTIVES]
    draft_plan.refresh_from_db()
    assert draft_plan.is_draft


def test_publishing_from_a_page_opened_before_a_change_is_refused(
    client, business_unit, draft_objective
):
    plan = draft_objective.plan
    opened = plan.version
    services.plan_update(plan=plan, user=business_unit, version=opened, title="Renamed")
    client.force_login(business_unit)
    response = client.post(reverse("plans:plan_publish", args=[plan.pk]), {"version": opened})
    (refusal,) = form_errors(response)["__all__"]
    assert refusal.startswith(STALE_UPDATE.split("{who}")[0])
    plan.refresh_from_db()
    assert plan.is_draft


def test_closing_a_live_plan_stops_owners_updating(client, business_unit, lead, plan, objective):
    client.force_login(business_unit)
    assert "Close the plan" in client.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    response = client.post(
        reverse("plans:plan_close", args=[plan.pk]), {"version": plan.version}, follow=True
    )
    assert PLAN_CLOSED in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == Plan.Status.CLOSED
    client.force_login(lead)
    assert client.get(reverse("plans:objective_update", args=[objective.pk])).status_code == 403
    # A closed plan is not closed again, nor published.
    client.force_login(business_unit)
    assert client.get(reverse("plans:plan_close", args=[plan.pk])).status_code == 403
    assert client.get(reverse("plans:plan_publish", args=[plan.pk])).status_code == 403


def test_plan_page_offers_the_draft_to_the_business_unit_only(
    client, business_unit, lead, draft_plan
):
    url = reverse("plans:plan", args=[draft_plan.pk])
    client.force_login(business_unit)
    assert reverse("plans:plan_contents", args=[draft_plan.pk]) in client.get(url).content.decode()
    client.force_login(lead)
    assert (
        reverse("plans:plan_contents", args=[draft_plan.pk]) not in client.get(url).content.decode()
    )


def test_home_page_offers_the_business_unit_to_create_a_plan(client, business_unit, lead):
    client.force_login(business_unit)
    assert reverse("plans:plan_add") in client.get(reverse("home")).content.decode()
    client.force_login(lead)
    assert reverse("plans:plan_add") not in client.get(reverse("home")).content.decode()


def test_as_stood_on_and_due_before_are_govuk_date_inputs(client, business_unit, plan):
    client.force_login(business_unit)
    page = client.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    for name in ("as_at_day", "as_at_month", "as_at_year", "due_before_month", "due_before_year"):
        assert f'name="{name}"' in page
    assert 'name="due_before_day"' not in page
    assert 'type="date"' not in page and 'type="month"' not in page
