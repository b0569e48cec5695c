"""The admin swept as the URL sweep sweeps the pages (issue 14, item 10): the other
partnership's business unit (the outsider) posts every admin's bulk delete, and every
list_editable list, with the ids of our partnership's records, and posts an inline form of a
record of its own carrying one of ours; people who do not set up the partnership post the
same. Nothing changes: no row of any table, history included."""

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
