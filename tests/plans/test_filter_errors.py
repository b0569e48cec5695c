"""A filter given a value it does not offer says so in words naming the filter, never
Django's "Select a valid choice…" (issue 14, item 16)."""

import datetime

import pytest
from django.urls import reverse

from kscp.core.forms import django_default_messages
from plans.filters import DUE_BEFORE_INVALID, PRIORITY_INVALID, ObjectiveFilter
from reviews.filters import NotificationFilter, ReviewActionFilter, ReviewFilter
from training.filters import AttendanceFilter, CourseFilter

pytestmark = pytest.mark.django_db

DJANGO_CHOICE = "Select a valid choice"


def test_an_unknown_priority_is_refused_naming_the_filter(client, lead, plan, objective):
    client.force_login(lead)
    response = client.get(reverse("plans:plan", args=[plan.pk]), {"priority": "9999"})
    assert response.status_code == 200
    content = response.content.decode()
    assert DJANGO_CHOICE not in content
    assert PRIORITY_INVALID in content
    assert 'class="govuk-error-summary"' in content
    # The other filters still apply; the unknown one is left out.
    assert objective in response.context["page"].object_list


@pytest.mark.parametrize(
    "query",
    [
        {"owner_group": "9999"},
        {"rag": "purple"},
        {"sort": "colour"},
        {"due_before_month": "soon", "due_before_year": "2020"},
    ],
)
def test_every_filter_of_the_plan_names_itself(client, lead, plan, query):
    client.force_login(lead)
    content = client.get(reverse("plans:plan", args=[plan.pk]), query).content.decode()
    assert DJANGO_CHOICE not in content
    assert "Enter a valid date" not in content
    assert 'class="govuk-error-summary"' in content


def test_a_nonsense_month_names_the_due_before_filter(client, lead, plan):
    client.force_login(lead)
    response = client.get(
        reverse("plans:plan", args=[plan.pk]),
        {"due_before_month": "soon", "due_before_year": "2020"},
    )
    assert DUE_BEFORE_INVALID in response.content.decode()


def test_no_filter_of_any_list_keeps_a_message_of_djangos_own(partnership, plan):
    today = datetime.date(2026, 11, 22)
    filtersets = [
        ObjectiveFilter({}, plan=plan),
        NotificationFilter({}, partnership_id=partnership.pk, today=today),
        ReviewFilter({}, partnership_id=partnership.pk, today=today),
        ReviewActionFilter({}, partnership_id=partnership.pk, everyone=True, today=today),
        CourseFilter({}, partnership_id=partnership.pk),
        AttendanceFilter({}, partnership_id=partnership.pk, everyone=True),
    ]
    generic = []
    for filterset in filtersets:
        for name, field in filterset.form.fields.items():
            defaults = django_default_messages(field)
            for code in ("invalid_choice", "invalid_list", "invalid", "invalid_pk_value"):
                message = field.error_messages.get(code)
                if message is not None and message == defaults.get(code):
                    generic.append((type(filterset).__name__, name, code))
    assert generic == []
