"""A new version of a live plan (V1 → V2, as Calderdale's version history): the business unit
says what changed; the version records its number, date, who, and the objectives and actions
added, removed and changed since the version before, read from history; the plan page and its
PDF show the version history."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from kscp.core.services import tracked_item_update
from kscp.core.versioning import STALE_UPDATE
from plans import services, versions
from plans.forms import VERSION_SUMMARY_REQUIRED
from plans.models import Objective, Plan, PlanVersion
from plans.reports import plan_report, render_plan_pdf
from plans.services import owners_set
from plans.views.writing import VERSION_PUBLISHED
from tests.helpers import form_errors
from tests.plans.test_plan_pdf import pdf_text

pytestmark = pytest.mark.django_db


def back_date(*models_, days=2):
    when = timezone.now() - datetime.timedelta(days=days)
    for model in models_:
        model.history.update(history_date=when)


@pytest.fixture
def live_since_two_days(plan, objective, other_objective, action):
    """The plan and its objectives as they were when it went live, two days ago."""
    from plans.models import Action, Owner

    back_date(Plan, Objective, Action, Owner)
    return plan


def publish(plan, user, summary="Updated from the sub-groups"):
    plan.refresh_from_db()
    return services.plan_version_publish(
        plan=plan, user=user, version=plan.version, summary=summary
    )


def test_a_new_version_records_what_changed_since_the_plan_went_live(
    live_since_two_days, objective, other_objective, priority, lead, business_unit, other_group
):
    plan = live_since_two_days
    tracked_item_update(
        item=objective, user=lead, rag="amber", progress="Slipped", evidence="", version=1
    )
    owners_set(item=objective, owners=[(other_group, "lead")], user=business_unit)
    Objective.objects.filter(pk=other_objective.pk).delete()
    Objective.objects.create(plan=plan, priority=priority, number="1.3", action="New work")
    version = publish(plan, business_unit)
    assert (version.number, version.label, version.published_by) == (2, "V2", business_unit)
    assert version.summary == "Updated from the sub-groups"
    assert version.changes == [
        {
            "number": "1.1",
            "what": "changed",
            "details": [
                "RAG status: Not started → Amber",
                "Progress changed",
                "Owners: Learning Sub-group → Effectiveness Sub-group",
            ],
        },
        {"number": "1.2", "what": "removed", "details": []},
        {"number": "1.3", "what": "added", "details": []},
    ]
    plan.refresh_from_db()
    assert plan.version_label == "V2"


def test_the_next_version_counts_changes_since_the_version_before(
    live_since_two_days, objective, lead, business_unit
):
    plan = live_since_two_days
    first = publish(plan, business_unit)
    assert first.changes == []
    tracked_item_update(
        item=objective, user=lead, rag="green", progress="Done", evidence="", version=1
    )
    second = publish(plan, business_unit, "After the March board")
    assert (second.number, [c["number"] for c in second.changes]) == (3, ["1.1"])
    assert list(plan.versions.values_list("number", flat=True)) == [3, 2]


def test_a_plan_labelled_v8_goes_on_to_v9(plan, business_unit):
    plan.version_label = "V8"
    plan.save()
    assert versions.next_version_number(plan) == 9
    assert publish(plan, business_unit).label == "V9"


def test_a_live_plan_without_a_label_is_its_first_version(plan, business_unit):
    plan.version_label = ""
    plan.save()
    assert publish(plan, business_unit).label == "V2"


@pytest.mark.parametrize("status", [Plan.Status.DRAFT, Plan.Status.CLOSED])
def test_only_a_live_plan_has_new_versions(plan, business_unit, status):
    plan.status = status
    plan.save()
    with pytest.raises(ValidationError) as error:
        publish(plan, business_unit)
    assert error.value.messages == [
        services.PLAN_NOT_LIVE_TO_VERSION.format(status=status.label.lower())
    ]
    assert not PlanVersion.objects.exists()


def test_a_version_number_is_unique_in_its_plan(plan, business_unit):
    publish(plan, business_unit)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanVersion.objects.create(
            plan=plan, number=2, published_at=timezone.now(), summary="Again"
        )


def test_the_confirmation_page_lists_the_changes_and_publishing_needs_a_summary(
    client, live_since_two_days, objective, lead, business_unit
):
    plan = live_since_two_days
    tracked_item_update(
        item=objective, user=lead, rag="red", progress="Stuck", evidence="", version=1
    )
    client.force_login(business_unit)
    url = reverse("plans:plan_new_version", args=[plan.pk])
    page = client.get(url).content.decode()
    assert "Publish version V2 of the plan" in page
    assert "Objective 1.1 changed: RAG status: Not started → Red; Progress changed" in page
    refused = client.post(url, {"summary": "  ", "version": plan.version})
    assert form_errors(refused)["summary"] == [VERSION_SUMMARY_REQUIRED]
    too_long = client.post(url, {"summary": "x" * 1001, "version": plan.version})
    assert "1,000 characters or fewer" in form_errors(too_long)["summary"][0]
    assert not plan.versions.exists()
    response = client.post(
        url, {"summary": "Updated from the sub-groups", "version": plan.version}, follow=True
    )
    html = response.content.decode()
    assert VERSION_PUBLISHED.format(label="V2") in html
    assert 'id="versions"' in html and "Updated from the sub-groups" in html
    assert "Objective 1.1 changed: RAG status: Not started → Red; Progress changed" in html


def test_a_stale_confirmation_page_publishes_nothing(client, plan, business_unit):
    client.force_login(business_unit)
    url = reverse("plans:plan_new_version", args=[plan.pk])
    opened = plan.version
    plan.introduction = "Changed meanwhile"
    plan.save()
    response = client.post(url, {"summary": "Updated", "version": opened})
    assert STALE_UPDATE.split(":")[0] in response.content.decode()
    assert not plan.versions.exists()


def test_a_draft_plan_offers_no_new_version(client, draft_plan, business_unit):
    client.force_login(business_unit)
    url = reverse("plans:plan_new_version", args=[draft_plan.pk])
    assert client.get(url).status_code == 403
    page = client.get(reverse("plans:plan", args=[draft_plan.pk])).content.decode()
    assert url not in page


def test_the_pdf_shows_the_version_history_as_at_its_date(
    live_since_two_days, objective, lead, business_unit
):
    plan = live_since_two_days
    tracked_item_update(
        item=objective, user=lead, rag="green", progress="Done", evidence="", version=1
    )
    publish(plan, business_unit, "Updated from the Learning Sub-group")
    text = " ".join(pdf_text(render_plan_pdf(plan_report(plan, timezone.localdate()))).split())
    assert "Version history" in text
    assert "V2" in text and "Updated from the Learning Sub-group" in text
    assert "Objective 1.1 changed: RAG status: Not started → Green" in text
    earlier = plan_report(plan, timezone.localdate() - datetime.timedelta(days=1))
    assert earlier.versions == []


def test_a_new_version_records_the_actions_added_removed_and_changed(
    live_since_two_days, objective, other_objective, action, lead, business_unit, other_group
):
    plan = live_since_two_days
    from plans.models import Action, Owner

    removed = Action.objects.create(objective=other_objective, label="a)", description="Audit")
    back_date(Plan, Objective, Action, Owner)
    tracked_item_update(
        item=action, user=lead, rag="amber", progress="Slow", evidence="", version=1
    )
    action.refresh_from_db()
    action.description = "Agree the new words with the schools"
    action.save()
    owners_set(item=action, owners=[(other_group, "lead")], user=business_unit)
    Action.objects.create(objective=objective, label="b)", position=2, description="Train staff")
    removed.delete()
    version = publish(plan, business_unit)
    assert version.changes == [
        {
            "number": "1.1 a)",
            "what": "changed",
            "details": [
                "Work required changed",
                "RAG status: Not started → Amber",
                "Progress changed",
                f"Owners: {lead.get_full_name() or lead.username} → Effectiveness Sub-group",
            ],
            "item": "action",
        },
        {"number": "1.1 b)", "what": "added", "details": [], "item": "action"},
        {"number": "1.2 a)", "what": "removed", "details": [], "item": "action"},
    ]


def test_the_actions_of_an_objective_added_or_removed_go_with_it(
    live_since_two_days, priority, other_objective, business_unit
):
    from plans.models import Action, Owner

    plan = live_since_two_days
    Action.objects.create(objective=other_objective, label="a)", description="Audit")
    back_date(Plan, Objective, Action, Owner)
    other_objective.delete()
    new = Objective.objects.create(plan=plan, priority=priority, number="1.3", action="New work")
    Action.objects.create(objective=new, label="a)", description="Start it")
    assert publish(plan, business_unit).changes == [
        {"number": "1.2", "what": "removed", "details": []},
        {"number": "1.3", "what": "added", "details": []},
    ]


def test_the_changes_of_actions_take_the_same_queries_however_many(
    live_since_two_days, objective, priority
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from plans.models import Action

    plan = live_since_two_days
    since = versions.since_last_version(plan)
    with CaptureQueriesContext(connection) as few:
        versions.changes_since(plan, since)
    for n in range(2, 12):
        Action.objects.create(objective=objective, label=f"{n})", position=n, description="More")
        Objective.objects.create(plan=plan, priority=priority, number=f"1.{n + 1}", action="X")
    Action.objects.filter(objective=objective, position=1).update(rag="red")
    with CaptureQueriesContext(connection) as many:
        changes = versions.changes_since(plan, since)
    assert len(changes) == 21
    assert len(many) == len(few)


def test_the_changes_of_actions_are_shown_on_the_pages_and_in_the_pdf(
    client, live_since_two_days, action, lead, business_unit
):
    plan = live_since_two_days
    tracked_item_update(item=action, user=lead, rag="red", progress="Stuck", evidence="", version=1)
    said = "Action 1.1 a) changed: RAG status: Not started → Red; Progress changed"
    client.force_login(business_unit)
    url = reverse("plans:plan_new_version", args=[plan.pk])
    assert said in client.get(url).content.decode()
    response = client.post(
        url, {"summary": "After the board", "version": plan.version}, follow=True
    )
    html = response.content.decode()
    assert said in html and "1 objective or action added, removed or changed" in html
    text = " ".join(pdf_text(render_plan_pdf(plan_report(plan, timezone.localdate()))).split())
    assert said in text
