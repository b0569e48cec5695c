"""The business unit sets up its own partnership in the admin, and only its own."""

import pytest
from django.urls import reverse

from kscp.core.admin import USERNAME_TAKEN_HERE, USERNAME_UNAVAILABLE
from kscp.core.forms import date_out_of_range
from kscp.core.models import Group
from kscp.core.services import tracked_item_update
from kscp.core.versioning import STALE_ADMIN_FORM
from plans.models import Objective
from tests.helpers import objective_admin_form_data

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
    owners = next(
        i for i in response.context["inline_admin_formsets"] if i.formset.prefix == "owners"
    )
    groups = owners.formset.forms[0].fields["group"].queryset
    assert objective.owners.get().group in groups
    assert foreign_group not in groups


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
    from kscp.core.models import User

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


@pytest.fixture
def foreign_plan(outsider):
    import datetime

    from plans.models import Plan

    return Plan.objects.create(
        partnership=outsider.partnership,
        title="Secret foreign plan",
        period="x",
        starts_on=datetime.date(2025, 4, 1),
        ends_on=datetime.date(2026, 3, 31),
    )


def test_history_of_another_partnerships_record_is_not_found(client, business_unit, foreign_plan):
    client.force_login(business_unit)
    record = foreign_plan.history.first()
    assert (
        client.get(reverse("admin:plans_plan_history", args=[foreign_plan.pk])).status_code == 404
    )
    url = reverse("admin:plans_plan_simple_history", args=[foreign_plan.pk, record.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"title": "Taken"}).status_code == 404
    foreign_plan.refresh_from_db()
    assert (foreign_plan.title, foreign_plan.partnership_id) == (
        "Secret foreign plan",
        foreign_plan.partnership_id,
    )


def test_a_past_version_is_never_saved_back(client, business_unit, plan):
    client.force_login(business_unit)
    record = plan.history.first()
    url = reverse("admin:plans_plan_simple_history", args=[plan.pk, record.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"title": "Reverted"}).status_code == 404


def test_list_filters_name_only_the_partnerships_plans_and_groups(
    client, business_unit, objective, foreign_plan, foreign_group
):
    client.force_login(business_unit)
    objectives = client.get(reverse("admin:plans_objective_changelist")).content.decode()
    assert "Secret foreign plan" not in objectives
    memberships = client.get(reverse("admin:kscp_membership_changelist")).content.decode()
    assert foreign_group.name not in memberships


def test_business_unit_cannot_touch_a_superuser_of_its_partnership(client, business_unit):
    from kscp.core.models import User

    admin_user = User.objects.create_superuser(
        "service.admin", "a@example.org", "x-x-x-x-x-1", partnership=business_unit.partnership
    )
    client.force_login(business_unit)
    assert client.get(reverse("admin:kscp_user_change", args=[admin_user.pk])).status_code == 302
    url = reverse("admin:auth_user_password_change", args=[admin_user.pk])
    assert client.get(url).status_code == 404
    assert "service.admin" not in client.get(reverse("admin:kscp_user_changelist")).content.decode()


def test_role_changes_of_people_are_kept_in_history(client, business_unit, lead):
    lead.role = "business_unit"
    lead.save()
    assert [h.role for h in lead.history.order_by("history_id")] == ["member", "business_unit"]
    client.force_login(business_unit)
    assert client.get(reverse("admin:kscp_user_history", args=[lead.pk])).status_code == 200


def assert_stale_admin_refusal(refusal: str, *, record: str, who) -> None:
    """The refusal names the record and who changed it; the time is the rest."""
    before, after = STALE_ADMIN_FORM.split("{when}")
    assert refusal.startswith(before.format(record=record, who=who))
    assert refusal.endswith(after)


def test_a_stale_admin_form_does_not_overwrite_an_owners_update(
    client, business_unit, lead, objective
):
    client.force_login(business_unit)
    data = objective_admin_form_data(client, objective, progress="")
    tracked_item_update(
        item=objective,
        user=lead,
        rag="amber",
        progress="Lead's update",
        evidence="",
        version=objective.version,
    )
    response = client.post(reverse("admin:plans_objective_change", args=[objective.pk]), data)
    assert response.status_code == 200
    (refusal,) = response.context["adminform"].form.non_field_errors()
    assert_stale_admin_refusal(refusal, record=f"Objective {objective}", who=lead)
    objective.refresh_from_db()
    assert (objective.rag, objective.progress) == ("amber", "Lead's update")


def test_the_admin_page_of_an_objective_does_not_overwrite_an_owners_update_of_its_action(
    client, business_unit, lead, objective, action
):
    """The business unit opens the objective's admin page, with its actions inline; the
    owner then updates action 1; the business unit saves the page changing only the outcome
    measure: refused, naming the action, and the owner's progress stands."""
    client.force_login(business_unit)
    data = objective_admin_form_data(
        client, objective, with_actions=True, outcome_measure="Fewer repeat referrals"
    )
    tracked_item_update(
        item=action, user=lead, rag="green", progress="Owner's words", evidence="", version=1
    )
    response = client.post(reverse("admin:plans_objective_change", args=[objective.pk]), data)
    assert response.status_code == 200
    (inline,) = [
        i for i in response.context["inline_admin_formsets"] if i.formset.prefix == "actions"
    ]
    (refusal,) = [e for form in inline.formset.forms for e in form.non_field_errors()]
    assert_stale_admin_refusal(refusal, record=f"Action {action}", who=lead)
    action.refresh_from_db()
    objective.refresh_from_db()
    assert (action.rag, action.progress) == ("green", "Owner's words")
    assert objective.outcome_measure == "Shared understanding"


def test_the_admin_page_of_an_objective_saves_its_actions_when_nobody_changed_them(
    client, business_unit, objective, action
):
    client.force_login(business_unit)
    data = objective_admin_form_data(
        client, objective, with_actions=True, **{"actions-0-progress": "From the admin"}
    )
    response = client.post(reverse("admin:plans_objective_change", args=[objective.pk]), data)
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.progress, action.version) == ("From the admin", 2)


def _add_person(client, username):
    return client.post(
        reverse("admin:kscp_user_add"),
        {
            "username": username,
            "usable_password": "false",
            "first_name": "New",
            "last_name": "Officer",
            "role": "member",
        },
    )


def test_the_admin_does_not_confirm_a_username_of_another_partnership(
    client, business_unit, outsider
):
    client.force_login(business_unit)
    response = _add_person(client, outsider.username.upper())
    errors = response.context["adminform"].form.errors["username"]
    assert errors == [USERNAME_UNAVAILABLE]
    assert "exists" not in response.content.decode()
    # The same words as for a username nobody has that the service keeps for itself: they
    # say nothing of whether the other partnership has it.
    assert outsider.partnership.short_name not in USERNAME_UNAVAILABLE


def test_a_username_of_ones_own_partnership_names_who_has_it(client, business_unit, lead):
    client.force_login(business_unit)
    response = _add_person(client, lead.username)
    assert response.context["adminform"].form.errors["username"] == [
        USERNAME_TAKEN_HERE.format(name="Lena Lead")
    ]


def test_renaming_a_person_to_another_partnerships_username_is_refused_the_same_way(
    client, business_unit, lead, outsider
):
    client.force_login(business_unit)
    url = reverse("admin:kscp_user_change", args=[lead.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update({"username": outsider.username, "role": lead.role, "agency": lead.agency_id})
    data.pop("partnership", None)
    data.pop("last_login", None)
    data.pop("date_joined", None)
    response = client.post(url, data)
    assert response.context["adminform"].form.errors["username"] == [USERNAME_UNAVAILABLE]
    lead.refresh_from_db()
    assert lead.username == "lena_lead"


def test_a_date_before_2000_typed_in_the_admin_is_refused_naming_the_field(
    client, business_unit, plan
):
    client.force_login(business_unit)
    response = client.post(
        reverse("admin:plans_plan_add"),
        {
            "title": "A plan of long ago",
            "period": "1000/1002",
            "starts_on": "01/04/1000",
            "ends_on": "31/03/2027",
            "status": "draft",
        },
    )
    errors = response.context["adminform"].form.errors
    assert errors["starts_on"] == [date_out_of_range("Starts on")]
    assert "ends_on" not in errors


def test_every_admin_form_and_inline_of_a_versioned_record_is_version_checked(
    rf, business_unit, plan, objective, action
):
    """Issue 14, item 1, for every admin: the form and each inline form of a versioned record
    refuse a stale save, and the page carries the version opened (a hidden field in its
    fieldsets, without which the admin would not render it)."""
    from django.contrib import admin
    from django.contrib.admin.utils import flatten_fieldsets

    from kscp.core.versioning import VersionCheckedAdminForm, Versioned

    request = rf.get("/admin/")
    request.user = business_unit
    forms_checked = inlines_checked = 0
    for model, model_admin in admin.site._registry.items():
        if issubclass(model, Versioned):
            obj = model._default_manager.first()
            form = model_admin.get_form(request, obj)
            assert issubclass(form, VersionCheckedAdminForm), model._meta.label
            fields = flatten_fieldsets(model_admin.get_fieldsets(request, obj))
            assert "seen_version" in fields, model._meta.label
            forms_checked += 1
        for inline in model_admin.get_inline_instances(request):
            if issubclass(inline.model, Versioned):
                formset = inline.get_formset(request)
                assert issubclass(formset.form, VersionCheckedAdminForm), inline
                assert "seen_version" in flatten_fieldsets(inline.get_fieldsets(request)), inline
                inlines_checked += 1
    assert forms_checked >= 8
    assert inlines_checked >= 2  # the plan's priorities, the objective's actions


def _as_the_page_posts(response) -> dict:
    """What a browser posts from an admin change page: the fields its fieldsets render."""
    adminform = response.context["adminform"]
    form = adminform.form
    data = {}
    for fieldset in adminform:
        for line in fieldset:
            for field in line:
                name = field.field.name if hasattr(field.field, "name") else None
                if name and name in form.fields:
                    value = form[name].value()
                    if value not in (None, False):
                        data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


def test_the_business_unit_saves_a_plan_in_the_admin_and_a_stale_page_is_refused(
    client, business_unit, lead, plan
):
    client.force_login(business_unit)
    url = reverse("admin:plans_plan_change", args=[plan.pk])
    opened = _as_the_page_posts(client.get(url))
    assert opened["seen_version"] == plan.version

    response = client.post(url, {**opened, "title": "Northdale Business Plan, revised"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.title == "Northdale Business Plan, revised"

    stale = client.post(url, {**opened, "title": "From a page opened before"})
    assert stale.status_code == 200
    (refusal,) = stale.context["adminform"].form.non_field_errors()
    assert_stale_admin_refusal(refusal, record=f"Plan {plan}", who=business_unit)
    plan.refresh_from_db()
    assert plan.title == "Northdale Business Plan, revised"
