"""axe-core on the pages that refuse: the plan "as it stood on" a future date (400), the
sign-in page counting down the tries left, and the lockout page (issue 14)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_plan_as_it_stood_on_a_future_date_is_refused_accessibly(
    sign_in, live_server, business_unit, plan, objective
):
    page = sign_in(business_unit.username)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    url = reverse("plans:plan_pdf", args=[plan.pk])
    query = f"as_at_day={tomorrow.day}&as_at_month={tomorrow.month}&as_at_year={tomorrow.year}"
    response = page.goto(f"{live_server.url}{url}?{query}")
    assert response.status == 400
    assert "must be today or in the past" in page.content()
    assert_accessible(page)


def test_the_tries_left_warning_and_the_lockout_page_are_accessible(
    page, live_server, settings, lead
):
    page.goto(f"{live_server.url}/")

    def wrong_password():
        page.get_by_label("Username").fill(lead.username)
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()

    for _ in range(settings.AXES_FAILURE_LIMIT - 3):
        wrong_password()
    assert "You can try" in page.content()
    assert_accessible(page)
    for _ in range(3):  # the last three tries
        wrong_password()
    assert "locked" in page.content()
    assert_accessible(page)
