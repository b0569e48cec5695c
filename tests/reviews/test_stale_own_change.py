"""A stale save by the editor themself names them as "you" on every form page (issue 14,
item 15); the update page of tracked items is tested in tests/core/test_update_form_words.py."""

import pytest
from django.urls import reverse

from reviews.models import Review
from tests.helpers import form_errors
from tests.reviews.test_review_page import review_data

pytestmark = pytest.mark.django_db


def test_a_form_page_names_the_editor_as_you_too(client, business_unit, review):
    """The one form page of other records (here a review) says "you" as well."""
    client.force_login(business_unit)
    url = reverse("reviews:review_edit", args=[review.pk])
    first = client.post(url, review_data(review, lead_reviewer="First reviewer"))
    assert first.status_code == 302
    again = client.post(url, review_data(review, lead_reviewer="Second reviewer"))
    (refusal,) = form_errors(again)["__all__"]
    assert refusal.startswith("Your changes have not been saved: you saved a change to this")
    assert "The change you saved on another page" in again.content.decode()
    assert Review.objects.get(pk=review.pk).lead_reviewer == "First reviewer"
