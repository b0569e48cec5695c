"""The update page says what its progress field holds, and a stale save by the editor
themself names them as "you" (issue 14, item 15)."""

import pytest
from django.urls import reverse

from kscp.core.services import tracked_item_update
from kscp.core.updating import PROGRESS_HINT_EMPTY, PROGRESS_HINT_PREFILLED
from kscp.core.versioning import STALE_OWN_UPDATE, STALE_UPDATE
from tests.helpers import form_errors

pytestmark = pytest.mark.django_db


def update_url(objective):
    return reverse("plans:objective_update", args=[objective.pk])


def post_update(client, objective, *, version, progress):
    data = {"rag": "green", "progress": progress, "evidence": "", "version": version}
    return client.post(update_url(objective), data)


def test_the_progress_field_starts_with_the_last_text_and_its_hint_says_so(client, lead, objective):
    tracked_item_update(
        item=objective,
        user=lead,
        rag="green",
        progress="Terminology agreed at the March meeting",
        evidence="",
        version=objective.version,
    )
    client.force_login(lead)
    response = client.get(update_url(objective))
    form = response.context["form"]
    assert form.initial["progress"] == "Terminology agreed at the March meeting"
    hint = form.fields["progress"].help_text
    assert hint.startswith(PROGRESS_HINT_PREFILLED.split("{when}")[0])
    assert "What has happened since the last update" not in response.content.decode()


def test_an_item_without_progress_yet_has_a_hint_that_says_nothing_of_a_last_update(
    client, lead, objective
):
    client.force_login(lead)
    form = client.get(update_url(objective)).context["form"]
    assert form.initial["progress"] == ""
    assert form.fields["progress"].help_text == PROGRESS_HINT_EMPTY


def test_a_second_save_after_the_back_button_says_you_saved_it_on_another_page(
    client, lead, objective
):
    client.force_login(lead)
    opened = objective.version
    assert post_update(client, objective, version=opened, progress="First save").status_code == 302
    # Back to the page as it was opened, and saved again.
    response = post_update(client, objective, version=opened, progress="Second save")
    (refusal,) = form_errors(response)["__all__"]
    before, after = STALE_OWN_UPDATE.format(noun="objective", when="{when}").split("{when}")
    assert refusal.startswith(before) and refusal.endswith(after)
    content = response.content.decode()
    assert "Lena Lead saved a change" not in content
    assert "The change you saved on another page" in content


def test_another_persons_change_still_names_them(client, lead, business_unit, objective):
    opened = objective.version
    tracked_item_update(
        item=objective,
        user=business_unit,
        rag="amber",
        progress="Slipping",
        evidence="",
        version=opened,
    )
    client.force_login(lead)
    response = post_update(client, objective, version=opened, progress="Mine")
    (refusal,) = form_errors(response)["__all__"]
    assert refusal.startswith(
        STALE_UPDATE.split("{when}")[0].format(who="Bea Business", noun="objective")
    )
    assert "The change saved by Bea Business" in response.content.decode()
