"""The report's pages read a fixed number of queries, whatever the number of objectives,
recommendations and actions behind them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plans.models import Objective
from reviews.models import LearningPoint, ReviewAction
from tests.rounds.conftest import closed_round
from training.models import Attendance, Course, Session

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_training(partnership, agency, n):
    """n delivered classroom sessions in the period, each attended by two people of the
    agency (the workforce section's tables, chart and evaluation)."""
    course = Course.objects.create(
        partnership=partnership,
        title=f"Course {Course.objects.count() + 1}",
        delivery=Course.Delivery.CLASSROOM,
        level=Course.Level.CORE,
    )
    for i in range(n):
        starts = timezone.make_aware(datetime.datetime(2025, 10, 7 + i % 20, 9, 30))
        session = Session.objects.create(
            course=course,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=3),
            capacity=20,
            status=Session.Status.DELIVERED,
        )
        for person in ("Ada", "Pat"):
            Attendance.objects.create(
                session=session,
                name=f"{person} Example {i}",
                agency=agency,
                status=Attendance.Status.ATTENDED,
                confidence_before=2,
                confidence_after=4,
            )


def add_records(plan, priority, review, agency, n):
    add_training(plan.partnership, agency, n)
    first = Objective.objects.filter(plan=plan).count()
    for i in range(first, first + n):
        Objective.objects.create(plan=plan, priority=priority, number=f"9.{i}", action=f"Extra {i}")
    start = review.learning_points.count()
    for i in range(n):
        point = LearningPoint.objects.create(
            review=review,
            number=start + i + 1,
            text=f"Recommendation {i}",
            is_recommendation=True,
            scope=LearningPoint.Scope.MULTI_AGENCY,
        )
        ReviewAction.objects.create(
            learning_point=point, description=f"Do {i}", owner_agency=agency
        )


@pytest.mark.parametrize("name", ["assurance:report_print", "assurance:report"])
def test_report_pages_take_the_same_queries_with_more_records(
    client, business_unit, report, plan, priority, objective, review_action, agency, name
):
    client.force_login(business_unit)
    url = reverse(name, args=[report.pk])
    review = review_action.learning_point.review
    add_records(plan, priority, review, agency, 2)
    closed_round(report.partnership, [plan], business_unit, "Q1", report.period_start)
    client.get(url)  # the first visit records the partnership's report settings
    few = queries(client, url)
    add_records(plan, priority, review, agency, 20)
    for n in (2, 3, 4):  # update rounds closed in the period, quoted from their figures
        day = report.period_start + datetime.timedelta(days=91 * (n - 1))
        closed_round(report.partnership, [plan], business_unit, f"Q{n}", day)
    assert queries(client, url) == few
    if name == "assurance:report_print":  # the training added is in the report
        page = client.get(url).content.decode()
        assert "Course 1" in page and "Course 2" in page
