"""The admin swept as the URL sweep sweeps the pages (issue 14, item 10): the other
partnership's business unit (the outsider) posts every admin's bulk delete, and every
list_editable list, with the ids of our partnership's records, and posts an inline form of a
record of its own carrying one of ours; people who do not set up the partnership post the
same. Nothing changes: no row of any table, history included."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from kscp.core.admin import partnership_path
from tests.overview import test_access_sweep as sweep
from tests.overview.test_access_sweep import every_row, rolled_back

# The sweep's personas and records, as fixtures of this module.
personas, records, other_partnership_people = (
    sweep.personas,
    sweep.records,
    sweep.other_partnership_people,
)
import_batch, plan_import, report, scheduled_session, section_image = (
    sweep.import_batch,
    sweep.plan_import,
    sweep.report,
    sweep.scheduled_session,
    sweep.section_image,
)

APPS = {"kscp", "plans", "reviews", "training", "rounds", "assurance"}
OUR_ADMINS = sorted(
    (
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in APPS
    ),
    key=lambda pair: pair[0]._meta.label,
)


def ours(model, partnership):
    """The ids of our partnership's rows of `model`."""
    path = partnership_path(model)
    assert path, f"{model._meta.label} has an admin but no partnership path"
    return list(
        model._default_manager.filter(**{path: partnership.pk}).values_list("pk", flat=True)
    )


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["outsider", "lead", "executive", "scrutineer"])
def test_a_bulk_delete_or_list_edit_of_our_records_changes_nothing(
    client, personas, records, partnership, subtests, persona
):
    client.force_login(personas[persona])
    swept = 0
    for model, model_admin in OUR_ADMINS:
        ids = ours(model, partnership)
        if not ids:
            continue
        swept += 1
        with subtests.test(model=model._meta.label, action="delete_selected"), rolled_back():
            before = every_row()
            response = client.post(
                changelist(model),
                {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
            )
            assert response.status_code in (200, 302, 400, 403, 404)
            assert every_row() == before
        if model_admin.list_editable:
            with subtests.test(model=model._meta.label, action="list_editable"), rolled_back():
                before = every_row()
                data = {
                    "form-TOTAL_FORMS": "1",
                    "form-INITIAL_FORMS": "1",
                    "form-0-id": str(ids[0]),
                    "_save": "Save",
                }
                for field in model_admin.list_editable:
                    data[f"form-0-{field}"] = "99" if field == "position" else ""
                response = client.post(changelist(model), data)
                assert response.status_code in (200, 302, 400, 403, 404)
                assert every_row() == before
    assert swept >= 14


@pytest.mark.django_db
def test_an_inline_form_carrying_one_of_our_records_changes_nothing(
    client, outsider, other_partnership, group, lead
):
    """The outsider's own group, posted with an inline membership whose id is one of our
    group's memberships: ours stays as it was."""
    from kscp.core.models import Group, Membership

    theirs = Group.objects.create(
        partnership=other_partnership, name="Southdale Sub-group", kind=Group.Kind.SUB_GROUP
    )
    membership = Membership.objects.get(group=group, person=lead)
    client.force_login(outsider)
    url = reverse("admin:kscp_group_change", args=[theirs.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        {
            "name": theirs.name,
            "kind": theirs.kind,
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-id": str(membership.pk),
            "memberships-0-group": str(theirs.pk),
            "memberships-0-person": str(outsider.pk),
            "memberships-0-role": Membership.Role.MEMBER,
            "memberships-0-represents": "Southdale",
        }
    )
    before = every_row()
    response = client.post(url, data)
    assert response.status_code in (200, 302)
    membership.refresh_from_db()
    assert (membership.group_id, membership.person_id) == (group.pk, lead.pk)
    assert Membership.objects.filter(group=theirs).count() == 0
    assert {k: v for k, v in every_row().items() if "membership" in k} == {
        k: v for k, v in before.items() if "membership" in k
    }


def change_page_data(client, url) -> dict:
    """What the change page posts as opened: the record's fields and every inline's
    management form, with no inline rows (a case adds the row it is about)."""
    change = client.get(url)
    assert change.status_code == 200
    form = change.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else value
    for inline in change.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data


def with_row(data: dict, prefix: str, row: dict) -> dict:
    """`data` with one initial inline row under `prefix`."""
    return {
        **data,
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "1",
        **{f"{prefix}-0-{name}": value for name, value in row.items()},
    }


def as_stored(record) -> dict:
    from django.forms.models import model_to_dict

    record.refresh_from_db()
    return model_to_dict(record)


@pytest.fixture
def their_plan_items(other_partnership):
    """The outsider's own plan, priority, objective and action, each with an owner."""
    from plans.models import Action, Objective, Plan, Priority
    from tests.helpers import add_owner

    plan = Plan.objects.create(
        partnership=other_partnership,
        title="Southdale Business Plan",
        period="2025/2027",
        starts_on=datetime.date(2025, 4, 1),
        ends_on=datetime.date(2027, 3, 31),
        status=Plan.Status.DRAFT,
    )
    priority = Priority.objects.create(plan=plan, number=1, title="Southdale's first")
    objective = Objective.objects.create(
        plan=plan, priority=priority, number="1.1", action="Southdale's objective"
    )
    add_owner(objective, "Southdale lead")
    action = Action.objects.create(
        objective=objective, label="a)", position=1, description="Southdale's action"
    )
    add_owner(action, "Southdale officer")
    return {"plan": plan, "priority": priority, "objective": objective, "action": action}


INLINE_CASES = ["plan priorities", "objective owners", "objective actions", "action owners"]


@pytest.mark.django_db
@pytest.mark.parametrize("case", INLINE_CASES)
def test_a_plan_inline_row_carrying_one_of_our_records_changes_nothing(
    client, outsider, plan, priority, objective, action, their_plan_items, case
):
    """The outsider posts their own plan, objective or action with an inline row (a
    priority, an owner, an action) whose id is one of ours, its version included: ours stays
    as it was and no row of that kind changes. The same post with their own record's id
    saves, so the refusal is the inline's."""
    theirs = their_plan_items
    parent_name, prefix = case.split()
    parent = theirs[parent_name]
    if prefix == "priorities":
        ours_, their_own = priority, theirs["priority"]
        row = {"plan": parent.pk, "number": "7", "title": "Moved", "aim": "Moved"}
    elif prefix == "actions":
        ours_, their_own = action, theirs["action"]
        row = {
            "objective": parent.pk,
            "position": "1",
            "label": "z)",
            "description": "Moved",
            "rag": "red",
            "progress": "Overwritten",
        }
    else:
        ours_ = (objective if parent_name == "objective" else action).owners.get()
        their_own = parent.owners.get()
        row = {parent_name: parent.pk, "position": "1", "role": "lead", "text": "Moved"}
    if hasattr(ours_, "version"):
        row["seen_version"] = str(ours_.version)
    url = reverse(f"admin:plans_{parent_name}_change", args=[parent.pk])
    client.force_login(outsider)
    data = change_page_data(client, url)
    table = ours_._meta.db_table

    # The same post with their own record's id saves it: the form is otherwise valid.
    their_stored = as_stored(their_own)
    with rolled_back():
        own_row = {**row, "id": str(their_own.pk)}
        if hasattr(their_own, "version"):
            own_row["seen_version"] = str(their_own.version)
        saved = client.post(url, with_row(data, prefix, own_row))
        assert saved.status_code == 302, saved.context and saved.context["errors"]
        assert as_stored(their_own) != their_stored

    stored, before = as_stored(ours_), every_row()
    response = client.post(url, with_row(data, prefix, {**row, "id": str(ours_.pk)}))

    # Django's inline formset skips a row whose id is not of the parent (302) or refuses it.
    assert response.status_code in (200, 302, 400, 403, 404)
    assert as_stored(ours_) == stored
    assert {k: v for k, v in every_row().items() if k.endswith(table)} == {
        k: v for k, v in before.items() if k.endswith(table)
    }
