"""What the tables of the "Workforce development" page share beyond the core's columns and
tables (kscp.core.statistics): which kind of delivery counts as classroom, and which of the two
years shown have records of each kind."""

from dataclasses import dataclass

from django.db.models import Count

from kscp.core.models import Partnership
from kscp.core.statistics import Column
from kscp.core.years import in_year, year_label
from training.models import Course, ElearningCompletion, Session

CLASSROOM = (Course.Delivery.CLASSROOM, Course.Delivery.VIRTUAL)
NOT_GIVEN = "Not given"


@dataclass(frozen=True)
class Coverage:
    """Which of the two years have records of each kind: a year without any shows no
    figures rather than noughts."""

    this: int
    classroom: frozenset
    elearning: frozenset

    @property
    def last(self) -> int:
        return self.this - 1

    def classroom_value(self, year: int, value):
        return value if year in self.classroom else None


def coverage(partnership: Partnership, year: int) -> Coverage:
    years = (year - 1, year)
    sessions = Session.objects.filter(
        course__partnership=partnership, course__delivery__in=CLASSROOM
    ).aggregate(**{f"y{y}": Count("id", filter=in_year("starts_at__date", y)) for y in years})
    completions = ElearningCompletion.objects.filter(course__partnership=partnership).aggregate(
        **{f"y{y}": Count("id", filter=in_year("period_start", y)) for y in years}
    )
    return Coverage(
        this=year,
        classroom=frozenset(y for y in years if sessions[f"y{y}"]),
        elearning=frozenset(y for y in years if completions[f"y{y}"]),
    )


def two_years(cover: Coverage, heading: str, kind: str = "count") -> list[Column]:
    return [Column(f"{heading} {year_label(y)}", kind) for y in (cover.last, cover.this)]
