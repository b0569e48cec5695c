"""The dashboard's panels of the whole partnership (kscp/overview/panels.py): the financial
year chosen in the dashboard's form (the current one by default; the years offered are those
with records of the panels the person sees; a year not offered is refused naming the field),
and the queries of the panels, which do not grow with the records, agencies or sectors."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kscp.core.models import Agency, Sector
from kscp.core.years import YEAR_INVALID
from kscp.overview.panels import PERIOD_HINT
from reviews.dashboard import case_reviews_panel, review_actions_panel
from reviews.models import (
    LearningPoint,
    Notification,
    RapidReview,
    ReferralReason,
    Review,
    ReviewAction,
)
from training.dashboard import training_reach_panel
from training.models import Attendance, Session

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2025, 12, 17)  # the financial year 2025-26
SEPTEMBER = D(2025, 9, 1)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return TODAY


def add_notifications(partnership, start, count, aware=SEPTEMBER):
    reason = ReferralReason.objects.get(partnership=partnership, name="Neglect")
    for n in range(start, start + count):
        notification = Notification.objects.create(
            partnership=partnership,
            reference=f"REF-{n}",
            incident_on=aware,
            la_aware_on=aware,
            panel_notified_on=aware if n % 2 else None,
            nature=Notification.Nature.DEATH,
            referral_reason=reason,
            age_band=Notification.AgeBand.UNKNOWN,
        )
        if n % 3:
            RapidReview.objects.create(notification=notification)


def add_cases(partnership, start, count, agencies):
    """`count` CSPRs in progress, each with a recommendation and an action of every agency."""
    for n in range(start, start + count):
        review = Review.objects.create(
            partnership=partnership,
            kind=Review.Kind.CSPR,
            title=f"Child {n}",
            decided_on=D(2025, 5, 1),
        )
        point = LearningPoint.objects.create(
            review=review, number=1, text="Share concerns", scope="multi_agency"
        )
        for m, agency in enumerate(agencies):
            ReviewAction.objects.create(
                learning_point=point,
                description="Act on it",
                owner_agency=agency,
                rag=["red", "amber", "green", "not_started", "complete"][(n + m) % 5],
                due_on=D(2025, 1 + (n + m) % 12, 1),
            )


def add_agencies(partnership, start, count):
    sectors = list(Sector)
    return [
        Agency.objects.create(
            partnership=partnership, name=f"Agency {n}", sector=sectors[n % len(sectors)]
        )
        for n in range(start, start + count)
    ]


def add_sessions(course, agencies, start, count):
    for n in range(start, start + count):
        starts = timezone.make_aware(datetime.datetime(2024 + n % 2, 5 + n % 6, 1 + n % 27, 10))
        cancelled = n % 4 == 0
        session = Session.objects.create(
            course=course,
            starts_at=starts,
            capacity=20,
            status=Session.Status.CANCELLED if cancelled else Session.Status.DELIVERED,
            cancellation_reason=Session.CancellationReason.LOW_NOMINATIONS if cancelled else "",
        )
        if not cancelled:
            for m, agency in enumerate(agencies):
                Attendance.objects.create(
                    session=session,
                    agency=agency,
                    status=Attendance.Status.ATTENDED,
                    confidence_before=1 + m % 5,
                    confidence_after=1 + (m + n) % 5,
                )


def panel_queries(user) -> dict[str, int]:
    """The queries each panel takes on its own (the person's permissions already read)."""
    found = {}
    for name, build in (
        ("case reviews", lambda: case_reviews_panel(user, 2025, TODAY)),
        ("review actions", lambda: review_actions_panel(user, TODAY)),
        ("training reach", lambda: training_reach_panel(user, 2025)),
    ):
        build()
        with CaptureQueriesContext(connection) as queries:
            assert build() is not None
        found[name] = len(queries)
    return found


def dashboard_queries(client) -> int:
    """The queries of the dashboard made afresh (nothing of an earlier view kept)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert response.context["case_reviews"] and response.context["training_reach"]
    return len(queries)


def test_the_panels_queries_do_not_grow_with_records_agencies_or_sectors(
    client, business_unit, partnership, course
):
    client.force_login(business_unit)
    agencies = add_agencies(partnership, 1, 2)
    add_notifications(partnership, 1, 2)
    add_cases(partnership, 1, 1, agencies)
    add_sessions(course, agencies, 1, 2)
    small = dashboard_queries(client)
    small_panels = panel_queries(business_unit)
    more = add_agencies(partnership, 10, 12)  # every sector
    add_notifications(partnership, 100, 30)
    add_cases(partnership, 100, 14, agencies + more)
    add_sessions(course, agencies + more, 100, 16)
    large = dashboard_queries(client)
    large_panels = panel_queries(business_unit)
    print(f"dashboard queries with the panels: {small} small, {large} large; {large_panels}")
    assert small == large
    assert small_panels == large_panels


def options(response) -> list[int]:
    return [value for value, _ in response.context["period_form"].fields["year"].choices]


def test_the_dashboard_opens_on_the_current_financial_year(client, business_unit):
    client.force_login(business_unit)
    response = client.get(reverse("dashboard"))
    assert response.context["period"] == 2025
    assert options(response) == [2025]
    content = response.content.decode()
    assert '<option value="2025" selected>April 2025 to March 2026</option>' in content
    assert PERIOD_HINT in content


def test_the_years_offered_are_those_with_records_of_the_panels_shown(
    client, business_unit, reviewer, review_group, trainer, training_group, partnership, course
):
    add_notifications(partnership, 1, 1, aware=D(2022, 6, 1))
    add_sessions(course, [], 3, 1)  # August 2025
    add_sessions(course, [], 2, 1)  # July 2024
    client.force_login(business_unit)
    assert options(client.get(reverse("dashboard"))) == [2025, 2024, 2022]
    client.force_login(reviewer)  # sees case records, not every agency's attendance
    assert options(client.get(reverse("dashboard"))) == [2025, 2022]
    client.force_login(trainer)  # reads every agency's attendance, sees no case record
    assert options(client.get(reverse("dashboard"))) == [2025, 2024]


def test_who_sees_no_panel_of_a_year_is_offered_no_year_and_refused_none(
    client, lead, partnership, course, agency
):
    """The plan panels and the review actions open now do not change with the year."""
    add_notifications(partnership, 1, 1, aware=D(2022, 6, 1))
    client.force_login(lead)  # sees neither case records nor every agency's attendance
    response = client.get(reverse("dashboard"), {"year": "1999"})
    assert response.context["period_form"] is None
    content = response.content.decode()
    assert 'name="year"' not in content and PERIOD_HINT not in content
    assert "Error:" not in content and 'class="govuk-error-summary"' not in content


def test_a_chosen_year_is_shown_by_every_panel(client, business_unit, partnership, course, agency):
    add_notifications(partnership, 1, 3, aware=D(2024, 6, 3))
    add_sessions(course, [agency], 2, 1)  # June 2024
    client.force_login(business_unit)
    response = client.get(reverse("dashboard"), {"year": "2024"})
    assert response.context["period"] == 2024
    assert response.context["case_reviews"].notifications.number == 3
    assert response.context["training_reach"].cover.this == 2024
    content = response.content.decode()
    assert '<option value="2024" selected>' in content
    assert "3 serious incident notifications</a> in 2024-25." in content


@pytest.mark.parametrize("year", ["1999", "next", ""])
def test_a_year_not_offered_is_refused_naming_the_field_and_the_current_year_shown(
    client, business_unit, year
):
    client.force_login(business_unit)
    response = client.get(reverse("dashboard"), {"year": year})
    assert response.status_code == 200
    assert response.context["period"] == 2025
    assert response.context["period_form"].errors["year"] == [YEAR_INVALID]
    content = response.content.decode()
    assert "<title>Error: Dashboard" in content
    assert 'class="govuk-error-summary"' in content
    assert f'<a href="#id_year">{YEAR_INVALID}</a>' in content
    assert 'id="id_year-error"' in content
