"""People leave: a person made inactive is no longer offered as the chair of a new rapid
review, but stays the chair of the rapid reviews they chaired, so that changing one of those
keeps its chair (as a retired referral reason stays on its notifications)."""

import pytest
from django.urls import reverse

from reviews.forms.cases import RapidReviewForm
from tests.reviews.case_posts import rapid_review_edit_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def chaired_by_someone_who_left(rapid_review, executive):
    rapid_review.chair = executive
    rapid_review.save()
    executive.is_active = False
    executive.save()
    return rapid_review


def test_someone_who_left_is_not_offered_as_the_chair_of_a_new_rapid_review(
    undecided_notification, executive
):
    executive.is_active = False
    executive.save()
    form = RapidReviewForm(notification=undecided_notification)
    assert executive not in form.fields["chair"].queryset


def test_the_chair_who_left_stays_offered_to_the_rapid_review_they_chaired(
    chaired_by_someone_who_left, executive
):
    form = RapidReviewForm(
        instance=chaired_by_someone_who_left,
        notification=chaired_by_someone_who_left.notification,
    )
    assert executive in form.fields["chair"].queryset


def test_changing_a_rapid_review_keeps_its_chair_who_left(
    client, business_unit, case_records, chaired_by_someone_who_left, executive
):
    client.force_login(business_unit)
    url = reverse("reviews:rapid_review_edit", args=[chaired_by_someone_who_left.pk])
    html = client.get(url).content.decode()
    assert f'<option value="{executive.pk}" selected>' in html
    data = {**rapid_review_edit_data(case_records), "chair": executive.pk}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    chaired_by_someone_who_left.refresh_from_db()
    assert chaired_by_someone_who_left.chair == executive
