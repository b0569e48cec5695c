import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_lead_sees_every_page(client, lead, objective, other_objective, action):
    client.force_login(lead)
    for url in [
        reverse("home"),
        reverse("plans:plan", args=[objective.plan_id]),
        reverse("plans:objective", args=[objective.pk]),
        reverse("plans:objective_update", args=[objective.pk]),
        reverse("plans:action_update", args=[action.pk]),
        reverse("groups"),
        reverse("group", args=[objective.owners.get().group_id]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
