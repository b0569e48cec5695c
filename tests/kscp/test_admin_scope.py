"""The business unit sets up its own partnership in the admin, and only its own."""

import pytest
from django.urls import reverse

from kscp.models import Group
from plans.models import Objective

pytestmark = pytest.mark.django_db


@pytest.fixture
def foreign_group(outsider):
    return Group.objects.create(
        partnership=outsider.partnership, name="Foreign panel", kind=Group.Kind.PANEL
    )


def test_business_unit_sees_only_its_partnerships_groups(
    client, business_unit, group, foreign_group
):
    client.force_login(business_unit)
    content = client.get(reverse("admin:kscp_group_changelist")).content.decode()
    assert group.name in content
    assert foreign_group.name not in content
    url = reverse("admin:kscp_group_change", args=[foreign_group.pk])
    assert client.get(url).status_code == 302  # the admin's answer to an unknown object


def test_business_unit_adds_a_group_to_its_own_partnership(client, business_unit):
    client.force_login(business_unit)
    response = client.post(
        reverse("admin:kscp_group_add"),
        {
            "name": "Neglect task and finish group",
            "kind": "task_and_finish",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Group.objects.get(name="Neglect task and finish group")
    assert created.partnership == business_unit.partnership


def test_objective_owner_choices_are_limited_to_the_partnership(
    client, business_unit, objective, foreign_group
):
    client.force_login(business_unit)
    response = client.get(reverse("admin:plans_objective_change", args=[objective.pk]))
    owner_groups = response.context["adminform"].form.fields["owner_groups"].queryset
    assert foreign_group not in owner_groups


def test_history_of_an_objective_is_visible_in_the_admin(client, business_unit, objective):
    client.force_login(business_unit)
    response = client.get(reverse("admin:plans_objective_history", args=[objective.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["lead", "executive", "scrutineer"])
def test_only_the_business_unit_enters_the_admin(client, request, persona, objective):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("admin:plans_objective_changelist"))
    assert response.status_code == 302
    assert Objective.objects.count() == 1


def test_business_unit_adds_a_person_to_its_own_partnership_without_superuser_powers(
    client, business_unit, agency
):
    client.force_login(business_unit)
    response = client.post(
        reverse("admin:kscp_user_add"),
        {
            "username": "new.officer",
            "usable_password": "false",
            "first_name": "New",
            "last_name": "Officer",
            "email": "new@example.org",
            "job_title": "Officer",
            "agency": agency.pk,
            "role": "member",
            "is_superuser": "on",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    from kscp.models import User

    person = User.objects.get(username="new.officer")
    assert person.partnership == business_unit.partnership
    assert not person.is_superuser and not person.is_staff
    assert not person.has_usable_password()


def test_business_unit_cannot_open_a_person_of_another_partnership(client, business_unit, outsider):
    client.force_login(business_unit)
    response = client.get(reverse("admin:kscp_user_change", args=[outsider.pk]))
    assert response.status_code == 302
    response = client.get(reverse("admin:auth_user_password_change", args=[outsider.pk]))
    assert response.status_code == 404


def test_a_duplicate_objective_number_is_a_validation_error_not_a_crash(
    client, business_unit, objective
):
    client.force_login(business_unit)
    response = client.post(
        reverse("admin:plans_objective_add"),
        {
            "plan": objective.plan_id,
            "priority": objective.priority_id,
            "number": "1.1",
            "action": "Again",
            "rag": "not_started",
            "actions-TOTAL_FORMS": "0",
            "actions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "already exists" in str(response.context["adminform"].form.errors)
