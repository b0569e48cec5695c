"""The learning of a review, the actions agencies own for it, and how it was shared: added and
changed by the business unit from the review page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kscp.core.forms import DATE_INCOMPLETE
from kscp.core.services import tracked_item_update
from plans.models import Objective
from reviews import services
from reviews.forms.learning import (
    AUDIENCE_REQUIRED,
    METHOD_REQUIRED,
    NUMBER_TAKEN,
    SCOPE_REQUIRED,
    TEXT_REQUIRED,
    LearningPointForm,
)
from reviews.models import (
    AGENCY_OTHER_PARTNERSHIP,
    OWNER_REQUIRED,
    Dissemination,
    LearningPoint,
    ReviewAction,
    Theme,
)
from reviews.views.learning import (
    ACTION_RECORDED,
    ACTION_SAVED,
    DISSEMINATION_RECORDED,
    LEARNING_POINT_RECORDED,
    LEARNING_POINT_SAVED,
)
from tests.form_data import date_fields, month_fields
from tests.helpers import assert_refused_as_stale

pytestmark = pytest.mark.django_db


def point_data(review, **changes):
    theme = Theme.objects.get(partnership=review.partnership, name="Information exchange")
    data = {
        "number": "2",
        "is_recommendation": "True",
        "text": "Health visitors should see the baby at every contact.",
        "scope": LearningPoint.Scope.SINGLE_AGENCY,
        "theme": theme.pk,
        "objective": "",
    }
    data.update(changes)
    return data


def action_data(**changes):
    data = {
        "description": "Audit the use of the bruising protocol.",
        "owner_agency": "",
        "owner_group": "",
        **month_fields("due_on", datetime.date(2026, 6, 1)),
    }
    data.update(changes)
    return data


def dissemination_data(**changes):
    data = {
        "method": Dissemination.Method.SEMINAR,
        "audience": "Designated safeguarding leads",
        "reached": "45",
        "notes": "",
        **date_fields("held_on", datetime.date(2025, 11, 5)),
    }
    data.update(changes)
    return data


# --- learning points ---------------------------------------------------------------------


def test_a_new_learning_point_starts_with_the_next_number(client, business_unit, learning_point):
    client.force_login(business_unit)
    form = client.get(reverse("reviews:learning_add", args=[learning_point.review_id])).context[
        "form"
    ]
    assert form.initial["number"] == 2


def test_business_unit_adds_a_recommendation(client, business_unit, review, learning_point):
    client.force_login(business_unit)
    response = client.post(
        reverse("reviews:learning_add", args=[review.pk]), point_data(review), follow=True
    )
    point = review.learning_points.get(number=2)
    assert response.redirect_chain[-1][0] == (
        reverse("reviews:review", args=[review.pk]) + "#learning-point-2"
    )
    assert LEARNING_POINT_RECORDED.format(point="Recommendation 2") in response.content.decode()
    assert point.is_recommendation
    assert point.history.latest().history_user == business_unit


def test_a_learning_point_is_not_a_recommendation(client, business_unit, review):
    client.force_login(business_unit)
    client.post(
        reverse("reviews:learning_add", args=[review.pk]),
        point_data(review, is_recommendation="False"),
    )
    assert review.learning_points.get(number=2).is_recommendation is False


def test_a_number_is_used_once_in_a_review(client, business_unit, review, learning_point):
    client.force_login(business_unit)
    response = client.post(
        reverse("reviews:learning_add", args=[review.pk]), point_data(review, number="1")
    )
    assert response.context["form"].errors["number"] == [NUMBER_TAKEN.format(number=1)]


def test_a_learning_point_needs_its_text_and_scope(client, business_unit, review):
    client.force_login(business_unit)
    response = client.post(
        reverse("reviews:learning_add", args=[review.pk]), point_data(review, text="", scope="")
    )
    errors = response.context["form"].errors
    assert errors["text"] == [TEXT_REQUIRED]
    assert errors["scope"] == [SCOPE_REQUIRED]


def test_the_objective_is_chosen_from_the_partnerships_plans_labelled_by_plan(
    review, objective, plan
):
    form = LearningPointForm(review=review)
    field = form.fields["objective"]
    assert list(field.queryset) == list(Objective.objects.filter(plan=plan))
    assert field.label_from_instance(objective).startswith(f"{plan.title}: 1.1")


def test_business_unit_links_a_recommendation_to_the_objective_it_feeds(
    client, business_unit, review, learning_point, objective
):
    client.force_login(business_unit)
    url = reverse("reviews:learning_edit", args=[learning_point.pk])
    response = client.post(
        url,
        point_data(review, number="1", objective=objective.pk, version=learning_point.version),
        follow=True,
    )
    learning_point.refresh_from_db()
    assert learning_point.objective == objective
    html = response.content.decode()
    assert LEARNING_POINT_SAVED.format(point="recommendation 1") in html
    assert reverse("plans:objective", args=[objective.pk]) in html


# --- review actions ----------------------------------------------------------------------


def test_business_unit_adds_an_action_for_an_agency(client, business_unit, learning_point, police):
    client.force_login(business_unit)
    response = client.post(
        reverse("reviews:action_add", args=[learning_point.pk]),
        action_data(owner_agency=police.pk),
        follow=True,
    )
    action = learning_point.actions.get(description="Audit the use of the bruising protocol.")
    assert ACTION_RECORDED.format(owner="Northdale Police") in response.content.decode()
    assert action.due_on == datetime.date(2026, 6, 1)
    assert action.due_display == "June 2026"
    assert action.rag == "not_started"
    assert action.history.latest().history_user == business_unit


def test_an_action_for_a_group_needs_no_agency(client, business_unit, learning_point, group):
    client.force_login(business_unit)
    response = client.post(
        reverse("reviews:action_add", args=[learning_point.pk]), action_data(owner_group=group.pk)
    )
    assert response.status_code == 302
    assert learning_point.actions.get(owner_group=group).owner_agency is None


def test_an_action_needs_an_owner(client, business_unit, learning_point):
    client.force_login(business_unit)
    response = client.post(reverse("reviews:action_add", args=[learning_point.pk]), action_data())
    assert response.context["form"].errors["owner_agency"] == [OWNER_REQUIRED]
    assert not ReviewAction.objects.exists()


def test_a_due_month_needs_its_year(client, business_unit, learning_point, police):
    client.force_login(business_unit)
    data = action_data(owner_agency=police.pk, due_on_year="")
    response = client.post(reverse("reviews:action_add", args=[learning_point.pk]), data)
    assert response.context["form"].errors["due_on"] == [
        DATE_INCOMPLETE.format(label="Month the action is due", missing="year")
    ]


def test_business_unit_changes_what_an_action_is(client, business_unit, review_action, group):
    client.force_login(business_unit)
    url = reverse("reviews:action_edit", args=[review_action.pk])
    form = client.get(url).context["form"]
    data = action_data(
        description="Brief every officer.",
        owner_agency=review_action.owner_agency_id,
        owner_group=group.pk,
        version=form.initial["version"],
    )
    response = client.post(url, data, follow=True)
    owner = f"Northdale Police and {group.name}"
    assert ACTION_SAVED.format(owner=owner) in response.content.decode()
    review_action.refresh_from_db()
    assert review_action.description == "Brief every officer."
    assert review_action.owner_group == group
    assert review_action.history.latest().history_user == business_unit


def test_changing_an_action_updated_meanwhile_keeps_the_owners_update(
    client, business_unit, agency_rep, review_action, police
):
    client.force_login(business_unit)
    url = reverse("reviews:action_edit", args=[review_action.pk])
    opened_at = client.get(url).context["form"].initial["version"]
    tracked_item_update(
        item=review_action,
        user=agency_rep,
        rag="amber",
        progress="Half the officers briefed",
        evidence="",
        version=review_action.version,
    )
    data = action_data(description="Changed", owner_agency=police.pk, version=opened_at)
    response = client.post(url, data)
    assert response.status_code == 200
    assert_refused_as_stale(response, who=agency_rep, noun="action")
    review_action.refresh_from_db()
    assert review_action.rag == "amber"
    assert review_action.description != "Changed"
    # The form now carries the current version: saving again is a knowing choice.
    again = client.post(url, response.context["form"].data)
    assert again.status_code == 302
    review_action.refresh_from_db()
    assert review_action.description == "Changed"
    assert review_action.rag == "amber"


def test_the_action_owner_cannot_change_what_the_action_is(client, agency_rep, review_action):
    client.force_login(agency_rep)
    url = reverse("reviews:action_edit", args=[review_action.pk])
    response = client.post(url, action_data(description="Nothing", version=review_action.version))
    assert response.status_code == 403
    review_action.refresh_from_db()
    assert review_action.description != "Nothing"


# --- dissemination -----------------------------------------------------------------------


def test_business_unit_records_how_the_learning_was_shared(client, business_unit, review):
    client.force_login(business_unit)
    response = client.post(
        reverse("reviews:dissemination_add", args=[review.pk]), dissemination_data(), follow=True
    )
    dissemination = review.disseminations.get()
    assert response.redirect_chain[-1][0] == (
        reverse("reviews:review", args=[review.pk]) + "#dissemination"
    )
    assert DISSEMINATION_RECORDED.format(method="seminar") in response.content.decode()
    assert dissemination.reached == 45
    assert dissemination.history.latest().history_user == business_unit


def test_a_dissemination_needs_its_method_and_audience(client, business_unit, review):
    client.force_login(business_unit)
    response = client.post(
        reverse("reviews:dissemination_add", args=[review.pk]),
        dissemination_data(method="", audience=""),
    )
    errors = response.context["form"].errors
    assert errors["method"] == [METHOD_REQUIRED]
    assert errors["audience"] == [AUDIENCE_REQUIRED]


def test_learning_cannot_have_been_shared_in_the_future(client, business_unit, review):
    client.force_login(business_unit)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("reviews:dissemination_add", args=[review.pk]),
        dissemination_data(**date_fields("held_on", tomorrow)),
    )
    assert response.context["form"].errors["held_on"] == [
        "The date the learning was shared cannot be in the future"
    ]


def test_business_unit_changes_a_dissemination(client, business_unit, dissemination):
    client.force_login(business_unit)
    url = reverse("reviews:dissemination_edit", args=[dissemination.pk])
    response = client.post(
        url, dissemination_data(method="briefing", reached="130", version=dissemination.version)
    )
    assert response.status_code == 302
    dissemination.refresh_from_db()
    assert dissemination.reached == 130
    assert dissemination.history.latest().history_user == business_unit


# --- who may write -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["executive", "scrutineer", "reviewer"])
def test_readers_cannot_add_learning_actions_or_dissemination(
    client, request, review_group, review, learning_point, police, persona
):
    client.force_login(request.getfixturevalue(persona))
    posts = [
        (reverse("reviews:learning_add", args=[review.pk]), point_data(review)),
        (
            reverse("reviews:action_add", args=[learning_point.pk]),
            action_data(owner_agency=police.pk),
        ),
        (reverse("reviews:dissemination_add", args=[review.pk]), dissemination_data()),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403
    assert review.learning_points.count() == 1
    assert not ReviewAction.objects.exists()
    assert not review.disseminations.exists()


@pytest.mark.parametrize("persona", ["lead", "member", "agency_rep", "outsider"])
def test_people_who_do_not_see_case_records_get_404(client, request, review, persona):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("reviews:learning_add", args=[review.pk])
    assert client.post(url, point_data(review)).status_code == 404


def test_services_refuse_an_owner_of_another_partnership(
    business_unit, learning_point, other_partnership
):
    from django.core.exceptions import ValidationError

    from kscp.core.models import Agency, Sector

    elsewhere = Agency.objects.create(
        partnership=other_partnership, name="Southdale Police", sector=Sector.POLICE
    )
    with pytest.raises(ValidationError) as error:
        services.review_action_create(
            learning_point=learning_point,
            user=business_unit,
            description="Anything",
            owner_agency=elsewhere,
        )
    assert error.value.message_dict["owner_agency"] == [AGENCY_OTHER_PARTNERSHIP]
