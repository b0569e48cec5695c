"""Training evaluated by its effect, not only its attendance: the confidence attendees gave
before and after each course, averaged, and the share who rated it higher after."""

import pytest

from training.models import Attendance
from training.statistics.base import coverage
from training.statistics.tables import evaluation_table

pytestmark = pytest.mark.django_db


def rate(session, agency, before, after, status=Attendance.Status.ATTENDED):
    return Attendance.objects.create(
        session=session,
        name=f"Attendee {before}{after}",
        agency=agency,
        status=status,
        confidence_before=before,
        confidence_after=after,
    )


def test_the_evaluation_table_averages_confidence_and_counts_who_improved(
    partnership, session, agency
):
    rate(session, agency, 2, 4)
    rate(session, agency, 3, 3)
    rate(session, agency, 1, 5)
    rate(session, agency, 4, 2)
    rate(session, agency, 1, 5, status=Attendance.Status.DID_NOT_ATTEND)  # not counted
    Attendance.objects.create(session=session, name="Unrated", agency=agency, status="attended")
    table = evaluation_table(partnership, coverage(partnership, 2025))
    course = session.course.title
    # 4 rated: before (2+3+1+4)/4 = 2.5, after (4+3+5+2)/4 = 3.5, 2 improved = 50%.
    assert table.rows == [[course, 4, 2.5, 3.5, 2, 50], ["All courses", 4, 2.5, 3.5, 2, 50]]
    assert [text for text, _ in table.display_rows()[0]] == [course, "4", "2.5", "3.5", "2", "50"]


def test_a_year_without_ratings_says_so(partnership, session, agency):
    table = evaluation_table(partnership, coverage(partnership, 2025))
    assert table.rows == []
    assert table.empty == "No attendee rated their confidence before and after a course in 2025-26."
