"""What the tables of the "Workforce development" page are made of: columns, rows, the bars of
a chart, and which of the two years shown have records of each kind."""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from kscp.core.models import Partnership
from kscp.core.years import year_instants, year_label, year_range
from training.models import Course, ElearningCompletion, Session

CLASSROOM = (Course.Delivery.CLASSROOM, Course.Delivery.VIRTUAL)
NO_DATA = "No data"
NOT_GIVEN = "Not given"
CHART_WIDTH = 300  # the bars; the labels take 290 more on the left, the figures 60 on the right


@dataclass(frozen=True)
class Column:
    heading: str
    kind: str = "text"  # text | count | rating | date
    empty: str = NO_DATA

    @property
    def numeric(self) -> bool:
        return self.kind in ("count", "rating")


@dataclass
class Bar:
    label: str
    count: int
    y: int
    width: float


@dataclass
class Table:
    """One table of the page and of its CSV download: the first cell of each row is the
    row's heading; cells hold raw values, None when there is no figure."""

    slug: str
    caption: str
    description: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    empty: str = ""  # said instead of the table when it has no rows
    chart: list[Bar] = field(default_factory=list)

    def display_rows(self) -> list[list[tuple[str, bool]]]:
        """Each cell as the page shows it, with whether it is numeric."""
        return [
            [
                (_display(value, column), column.numeric)
                for value, column in zip(row, self.columns, strict=True)
            ]
            for row in self.rows
        ]

    @property
    def header(self) -> list[str]:
        return [column.heading for column in self.columns]

    @property
    def chart_height(self) -> int:
        return len(self.chart) * 28 + 10


def _display(value, column: Column) -> str:
    if value is None:
        return column.empty if column.kind != "text" else ""
    if column.kind == "date":
        return f"{value:%-d %B %Y}"
    if column.numeric:
        return f"{value:,}"
    return str(value)


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


def in_year(field_name: str, year: int) -> Q:
    """In the financial year starting in April of `year`. A date-time field (one ending
    `__date`) is compared with the year's first and last instants in the partnership's time
    zone, not converted to a date row by row, so the database can use it as it is."""
    if field_name.endswith("__date"):
        first, after = year_instants(year)
        column = field_name.removesuffix("__date")
        return Q(**{f"{column}__gte": first, f"{column}__lt": after})
    return Q(**{f"{field_name}__range": year_range(year)})


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
