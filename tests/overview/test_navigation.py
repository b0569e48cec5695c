"""The service navigation (kscp.overview.navigation): which entries each person is offered,
and which one the page is under."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def labels(response):
    return [entry.label for entry in response.context["service_navigation"]]


def entry(response, label):
    return next(e for e in response.context["service_navigation"] if e.label == label)


def test_a_member_is_offered_neither_case_reviews_nor_set_up(client, member):
    client.force_login(member)
    response = client.get(reverse("home"))
    assert labels(response) == ["Home", "Dashboard", "Groups", "Training", "Yearly reports"]
    assert entry(response, "Home").current


def test_the_business_unit_is_offered_case_reviews_and_review_actions(client, business_unit):
    business_unit.is_staff = True
    business_unit.save()
    client.force_login(business_unit)
    response = client.get(reverse("reviews:list"))
    assert labels(response) == [
        "Home",
        "Dashboard",
        "Groups",
        "Case reviews",
        "Review actions",
        "Training",
        "Update rounds",
        "Board pack",
        "Yearly reports",
        "Set up",
    ]
    cases = entry(response, "Case reviews")
    assert cases.active and cases.current
    assert not entry(response, "Review actions").active


def test_a_group_page_is_under_groups_without_being_it(client, member, group):
    client.force_login(member)
    response = client.get(reverse("group", args=[group.pk]))
    groups = entry(response, "Groups")
    assert groups.active and not groups.current


def test_an_agency_representative_is_offered_their_review_actions(
    client, agency_rep, review_action
):
    client.force_login(agency_rep)
    response = client.get(reverse("reviews:agency_actions"))
    assert "Case reviews" not in labels(response)
    actions = entry(response, "Review actions")
    assert actions.active and actions.current


def test_signed_out_pages_draw_no_navigation(client):
    response = client.get(reverse("login"))
    assert list(response.context["service_navigation"]) == []


def test_a_round_page_is_under_update_rounds(client, business_unit, update_round):
    client.force_login(business_unit)
    response = client.get(reverse("rounds:round", args=[update_round.pk]))
    rounds = entry(response, "Update rounds")
    assert rounds.active and not rounds.current


def test_the_board_pack_is_offered_to_its_readers_only(client, executive, lead):
    client.force_login(executive)
    response = client.get(reverse("board_pack"))
    pack = entry(response, "Board pack")
    assert pack.active and pack.current
    client.force_login(lead)
    assert "Board pack" not in labels(client.get(reverse("home")))
