import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kscp.core.fields import PROGRESS_MAX_LENGTH, text_too_long
from kscp.core.services import COMMENT_REQUIRED, tracked_item_update
from kscp.core.updating import UPDATE_SAVED
from kscp.core.versioning import StaleUpdateError
from tests.helpers import objective_admin_form_data
from tests.pages import character_counts

pytestmark = pytest.mark.django_db


def post_update(client, objective, **data):
    payload = {"rag": "green", "progress": "", "evidence": "", "version": objective.version}
    payload.update(data)
    return client.post(reverse("plans:objective_update", args=[objective.pk]), payload)


def test_lead_sets_amber_with_a_comment_and_sees_a_confirmation(client, lead, objective):
    client.force_login(lead)
    response = post_update(client, objective, rag="amber", progress="Slipped to March")
    assert response.status_code == 302
    assert response.url == reverse("plans:objective", args=[objective.pk])
    page = client.get(response.url)
    assert UPDATE_SAVED.format(subject="objective 1.1") in page.content.decode()
    objective.refresh_from_db()
    assert (objective.rag, objective.progress, objective.version) == (
        "amber",
        "Slipped to March",
        2,
    )


def test_each_update_is_a_history_entry_with_who_and_the_rag_before_and_after(
    client, lead, objective
):
    client.force_login(lead)
    post_update(client, objective, rag="amber", progress="Slipped to March")
    latest = objective.history.first()
    assert latest.history_user == lead
    assert latest.prev_record.rag == "not_started"
    assert latest.rag == "amber"
    page = client.get(reverse("plans:objective", args=[objective.pk])).content.decode()
    assert "Lena Lead" in page
    assert "Slipped to March" in page


@pytest.mark.parametrize("rag", ["red", "amber"])
def test_red_or_amber_without_a_progress_comment_is_refused(client, lead, objective, rag):
    client.force_login(lead)
    response = post_update(client, objective, rag=rag, progress="   ")
    assert response.status_code == 200
    assert response.context["form"].errors["progress"] == [COMMENT_REQUIRED]
    content = response.content.decode()
    assert "<title>Error: " in content
    assert 'href="#id_progress"' in content  # the error summary links to the field
    objective.refresh_from_db()
    assert objective.rag == "not_started"


def test_green_needs_no_comment(client, lead, objective):
    client.force_login(lead)
    assert post_update(client, objective, rag="green").status_code == 302


def test_an_unknown_rag_value_is_refused(client, lead, objective):
    client.force_login(lead)
    response = post_update(client, objective, rag="purple")
    assert "rag" in response.context["form"].errors
    objective.refresh_from_db()
    assert objective.version == 1


def test_a_rag_value_outside_the_plans_progress_key_is_refused(client, lead, objective):
    # The plan of the fixture has no blue in its key.
    client.force_login(lead)
    response = post_update(client, objective, rag="blue", progress="x")
    assert response.context["form"].errors["rag"] == ["Select a status from the progress key"]


def test_rag_radios_are_labelled_with_the_plans_key(client, lead, objective):
    client.force_login(lead)
    content = client.get(reverse("plans:objective_update", args=[objective.pk])).content.decode()
    assert "Some slippage" in content  # the plan's words for amber
    assert 'value="blue"' not in content


def test_a_stale_save_is_refused_showing_the_other_change_and_keeping_the_text(
    client, lead, business_unit, objective
):
    stale_version = objective.version
    tracked_item_update(
        item=objective,
        user=business_unit,
        rag="red",
        progress="Funding withdrawn",
        evidence="",
        version=stale_version,
    )
    client.force_login(lead)
    response = post_update(
        client, objective, rag="green", progress="My careful update", version=stale_version
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Your changes have not been saved" in content
    assert "Bea Business" in content
    assert "Funding withdrawn" in content  # the other change
    assert "My careful update" in content  # the editor's text is kept
    objective.refresh_from_db()
    assert (objective.rag, objective.progress) == ("red", "Funding withdrawn")
    # A second, informed save replaces the other change.
    form_version = response.context["form"].data["version"]
    assert int(form_version) == objective.version
    response = post_update(
        client, objective, rag="green", progress="My careful update", version=form_version
    )
    assert response.status_code == 302
    objective.refresh_from_db()
    assert (objective.rag, objective.progress) == ("green", "My careful update")


def test_the_service_refuses_a_stale_version(objective, lead):
    tracked_item_update(item=objective, user=lead, rag="green", progress="", evidence="", version=1)
    with pytest.raises(StaleUpdateError):
        tracked_item_update(
            item=objective, user=lead, rag="red", progress="late", evidence="", version=1
        )


def test_the_service_refuses_red_without_a_comment(objective, lead):
    with pytest.raises(ValidationError):
        tracked_item_update(
            item=objective, user=lead, rag="red", progress="", evidence="", version=1
        )
    objective.refresh_from_db()
    assert objective.version == 1


def test_lead_updates_an_action_they_lead(client, lead, action):
    client.force_login(lead)
    response = client.post(
        reverse("plans:action_update", args=[action.pk]),
        {
            "rag": "complete",
            "progress": "Agreed at the June meeting",
            "evidence": "Minutes",
            "version": action.version,
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.rag, action.evidence) == ("complete", "Minutes")
    page = client.get(reverse("plans:objective", args=[action.objective_id])).content.decode()
    assert "Action a)" in page  # the action's change appears in the objective's history


def test_the_owner_of_an_objective_may_update_its_actions(client, lead, objective):
    from plans.models import Action
    from tests.helpers import add_owner

    action = Action.objects.create(
        objective=objective,
        label="b)",
        position=2,
        description="Someone else's step",
    )
    add_owner(action, "Audit lead")
    client.force_login(lead)
    assert client.get(reverse("plans:action_update", args=[action.pk])).status_code == 200


def test_executive_sees_no_update_button(client, executive, objective, action):
    client.force_login(executive)
    content = client.get(reverse("plans:objective", args=[objective.pk])).content.decode()
    assert "Update status and progress" not in content
    assert reverse("plans:action_update", args=[action.pk]) not in content


def test_two_copies_saved_from_the_same_version_cannot_both_win(objective):
    from plans.models import Objective

    first, second = Objective.objects.get(pk=objective.pk), Objective.objects.get(pk=objective.pk)
    first.progress = "First"
    first.save()
    second.progress = "Second"
    with pytest.raises(StaleUpdateError):
        second.save()
    objective.refresh_from_db()
    assert (objective.progress, objective.version) == ("First", 2)


def test_a_change_made_in_the_admin_also_refuses_a_stale_form(
    client, lead, business_unit, objective
):
    stale_version = objective.version
    client.force_login(business_unit)
    data = objective_admin_form_data(client, objective, rag="red", progress="Set in the admin")
    response = client.post(reverse("admin:plans_objective_change", args=[objective.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    client.force_login(lead)
    response = post_update(client, objective, rag="green", version=stale_version)
    assert "Set in the admin" in response.content.decode()
    objective.refresh_from_db()
    assert objective.progress == "Set in the admin"


@pytest.mark.parametrize("status", ["draft", "closed"])
def test_owners_update_only_live_plans_but_the_business_unit_any(
    client, lead, business_unit, objective, status
):
    objective.plan.status = status
    objective.plan.save()
    url = reverse("plans:objective_update", args=[objective.pk])
    client.force_login(lead)
    assert client.get(url).status_code == 403
    client.force_login(business_unit)
    assert client.get(url).status_code == 200


def test_a_move_to_red_needs_new_words_not_the_old_progress_text(client, lead, objective):
    from kscp.core.services import NEW_COMMENT_REQUIRED

    client.force_login(lead)
    post_update(client, objective, rag="green", progress="All on track")
    objective.refresh_from_db()
    response = post_update(client, objective, rag="red", progress="All on track")
    assert response.context["form"].errors["progress"] == [NEW_COMMENT_REQUIRED]
    objective.refresh_from_db()
    assert objective.rag == "green"
    assert post_update(client, objective, rag="red", progress="Funding cut").status_code == 302


def test_a_missing_version_is_explained(client, lead, objective):
    from kscp.core.updating import OUT_OF_DATE

    client.force_login(lead)
    response = post_update(client, objective, version="")
    assert OUT_OF_DATE in response.content.decode()


def test_progress_over_10000_characters_is_refused_naming_the_field_and_nothing_is_saved(
    client, lead, objective
):
    client.force_login(lead)
    response = post_update(client, objective, rag="amber", progress="x" * 10_001)
    assert response.context["form"].errors["progress"] == [
        text_too_long("Progress", PROGRESS_MAX_LENGTH)
    ]
    assert "Progress must be 10,000 characters or fewer" in response.content.decode()
    objective.refresh_from_db()
    assert (objective.rag, objective.progress, objective.version) == ("not_started", "", 1)


def test_progress_of_exactly_10000_characters_is_saved(client, lead, objective):
    client.force_login(lead)
    assert post_update(client, objective, progress="x" * 10_000).status_code == 302
    objective.refresh_from_db()
    assert len(objective.progress) == 10_000


def test_the_update_page_counts_the_characters_of_progress_and_evidence(client, lead, objective):
    client.force_login(lead)
    response = client.get(reverse("plans:objective_update", args=[objective.pk]))
    assert character_counts(response) == {
        "id_progress": ("10000", "You can enter up to 10,000 characters"),
        "id_evidence": ("10000", "You can enter up to 10,000 characters"),
    }


def test_each_line_break_counts_as_one_character_as_the_character_count_shows(
    client, lead, objective
):
    client.force_login(lead)
    paragraphs = ("x" * 99 + "\r\n") * 100  # 10,000 characters as counted, 10,100 as sent
    assert post_update(client, objective, evidence=paragraphs).status_code == 302
    objective.refresh_from_db()
    assert objective.evidence == ("x" * 99 + "\n") * 99 + "x" * 99
