"""The tables of the "Workforce development" page, this year beside last year: Appendix 2 of
the partnership's annual assurance statement, computed from the training records. Each table
is read with a fixed number of queries, however many records there are.

How records are counted (fixtures/README.md reads the demo data the same way):

- "classroom" training is delivered in a classroom or a virtual classroom; a session counts in
  the year it starts, when it was delivered, and its places when they were attended (the
  agency's sector is the attendee's);
- e-learning completions count in the year their period starts, as the platform exported them;
- a year without any session (or any completion) shows "No data" rather than noughts.
"""

from collections import defaultdict

from django.db.models import Count, F, Q, Subquery, Sum
from django.db.models.functions import Lower
from django.utils import timezone

from kscp.core.models import Agency, Partnership, Sector
from kscp.core.statistics import Column, Table, bar_chart, whole_percent
from kscp.core.years import financial_year_start, in_year, year_label, year_range
from training.models import Attendance, ElearningCompletion, Session
from training.statistics.base import CLASSROOM, NOT_GIVEN, Coverage, two_years

IMPACT_SAMPLE = 5


def elearning_table(partnership: Partnership, cover: Coverage) -> Table:
    counts, platforms = defaultdict(int), defaultdict(set)
    titles = set()
    first, _ = year_range(cover.last)
    _, last_day = year_range(cover.this)
    for title, start, count, platform in ElearningCompletion.objects.filter(
        course__partnership=partnership, period_start__range=(first, last_day)
    ).values_list("course__title", "period_start", "count", "platform"):
        key = (title, financial_year_start(start))
        counts[key] += count
        platforms[key].add(platform)
        titles.add(title)
    years = (cover.last, cover.this)
    rows = []
    for title in sorted(titles, key=str.casefold):
        row = [title]
        for y in years:
            row += [counts.get((title, y)), ", ".join(sorted(platforms.get((title, y), [])))]
        rows.append(row)
    total = ["Total number of completed training"]
    for y in years:
        year_counts = [c for (_, year), c in counts.items() if year == y]
        total += [sum(year_counts) if y in cover.elearning else None, ""]
    return Table(
        slug="elearning",
        caption=f"E-learning completed, {year_label(cover.last)} and {year_label(cover.this)}",
        description="Completions of each e-learning course, as the e-learning platform "
        "exported them, for periods that start in the year, with the platform each figure "
        "came from.",
        columns=[
            Column("E-learning course"),
            Column(f"Completed {year_label(cover.last)}", "count"),
            Column(f"Platform {year_label(cover.last)}"),
            Column(f"Completed {year_label(cover.this)}", "count"),
            Column(f"Platform {year_label(cover.this)}"),
        ],
        rows=[*rows, total] if rows else [],
        empty="No e-learning completions are recorded for either year.",
    )


def _attendance_of(partnership: Partnership):
    """The partnership's attendance, reached through its sessions, so that the database
    walks the partnership's courses and sessions by index rather than every attendance
    record of every partnership."""
    sessions = Session.objects.filter(course__partnership=partnership).values("pk")
    return Attendance.objects.filter(session_id__in=Subquery(sessions))


def _attended(year: int, prefix: str = "") -> Q:
    return Q(
        **{
            f"{prefix}status": Attendance.Status.ATTENDED,
            f"{prefix}session__status": Session.Status.DELIVERED,
            f"{prefix}session__course__delivery__in": CLASSROOM,
        }
    ) & in_year(f"{prefix}session__starts_at__date", year)


def sectors_table(partnership: Partnership, cover: Coverage) -> Table:
    years = (cover.last, cover.this)
    counts = (
        _attendance_of(partnership)
        .filter(_attended(cover.last) | _attended(cover.this))
        .values("agency__sector")
        .annotate(**{f"y{y}": Count("id", filter=_attended(y)) for y in years})
        .order_by()
    )
    found = sorted(
        counts,
        key=lambda row: (-row[f"y{cover.this}"], -row[f"y{cover.last}"], row["agency__sector"]),
    )
    rows = [
        [Sector(row["agency__sector"]).label]
        + [cover.classroom_value(y, row[f"y{y}"]) for y in years]
        for row in found
    ]
    totals = [cover.classroom_value(y, sum(row[f"y{y}"] for row in found)) for y in years]
    return Table(
        slug="sectors",
        caption=f"Classroom places attended by agency sector, {year_label(cover.last)} and "
        f"{year_label(cover.this)}",
        description="Places attended on delivered classroom and virtual classroom sessions, "
        "by the sector of the attendee's agency.",
        columns=[Column("Agency sector"), *two_years(cover, "Places attended")],
        rows=[*rows, ["Grand total", *totals]] if rows else [],
        empty="Nobody attended a classroom session in either year.",
        chart=bar_chart(
            f"classroom places attended in {year_label(cover.this)} by agency sector",
            [(Sector(row["agency__sector"]).label, row[f"y{cover.this}"]) for row in found],
        ),
    )


def courses_table(partnership: Partnership, cover: Coverage) -> Table:
    years = (cover.last, cover.this)
    delivered = Q(status=Session.Status.DELIVERED, course__delivery__in=CLASSROOM)
    place = Q(attendances__status=Attendance.Status.ATTENDED)
    counts = (
        Session.objects.filter(course__partnership=partnership)
        .filter(
            delivered
            & (in_year("starts_at__date", cover.last) | in_year("starts_at__date", cover.this))
        )
        .values("course__title")
        .annotate(
            **{
                f"s{y}": Count("id", filter=in_year("starts_at__date", y), distinct=True)
                for y in years
            },
            **{
                f"a{y}": Count("attendances", filter=place & in_year("starts_at__date", y))
                for y in years
            },
        )
        .order_by()
    )
    counts = sorted(counts, key=lambda row: row["course__title"].casefold())
    rows = []
    for row in counts:
        cells = [row["course__title"]]
        for y in years:
            cells += [
                cover.classroom_value(y, row[f"s{y}"]),
                cover.classroom_value(y, row[f"a{y}"]),
            ]
        rows.append(cells)
    total = ["Total"]
    for column in range(1, 5):
        values = [row[column] for row in rows]
        total.append(None if None in values else sum(values))
    ran = {y: sum(1 for row in counts if row[f"s{y}"]) for y in years}
    return Table(
        slug="courses",
        caption=f"Classroom sessions and attendees per course, {year_label(cover.last)} and "
        f"{year_label(cover.this)}",
        description=f"Delivered classroom and virtual classroom sessions of each course, and "
        f"the places attended on them: {ran[cover.this]} courses ran in "
        f"{year_label(cover.this)}, {ran[cover.last]} in {year_label(cover.last)}.",
        columns=[
            Column("Course"),
            *[
                column
                for y in years
                for column in (
                    Column(f"Sessions {year_label(y)}", "count"),
                    Column(f"Attendees {year_label(y)}", "count"),
                )
            ],
        ],
        rows=[*rows, total] if rows else [],
        empty="No classroom session was delivered in either year.",
    )


def agencies_without_attendance_table(partnership: Partnership, cover: Coverage) -> Table:
    agencies = (
        Agency.objects.filter(partnership=partnership)
        .annotate(
            last=Count("attendances", filter=_attended(cover.last, "attendances__")),
            this=Count("attendances", filter=_attended(cover.this, "attendances__")),
        )
        .filter(this=0)
        .order_by(Lower("name"), "name")
    )
    return Table(
        slug="agencies-without-attendance",
        caption=f"Agencies that sent nobody to classroom training in {year_label(cover.this)}",
        description="The partnership's agencies with no place attended on a delivered "
        "classroom or virtual classroom session in the year, and how many places they "
        "attended the year before.",
        columns=[
            Column("Agency"),
            Column("Sector"),
            Column(f"Places attended {year_label(cover.last)}", "count"),
        ],
        rows=[
            [
                agency.name,
                agency.get_sector_display(),
                cover.classroom_value(cover.last, agency.last),
            ]
            for agency in agencies
        ],
        empty=f"Every agency sent someone to classroom training in {year_label(cover.this)}.",
    )


def cancelled_table(partnership: Partnership, cover: Coverage) -> Table:
    counts, dates = defaultdict(lambda: defaultdict(int)), defaultdict(list)
    for title, starts in (
        Session.objects.filter(
            course__partnership=partnership,
            status=Session.Status.CANCELLED,
            cancellation_reason=Session.CancellationReason.LOW_NOMINATIONS,
        )
        .filter(in_year("starts_at__date", cover.last) | in_year("starts_at__date", cover.this))
        .values_list("course__title", "starts_at")
        .order_by("starts_at")
    ):
        day = timezone.localdate(starts)
        counts[title][financial_year_start(day)] += 1
        if financial_year_start(day) == cover.this:
            dates[title].append(f"{day:%-d %B %Y}")
    years = (cover.last, cover.this)
    rows = [
        [title, *(counts[title][y] for y in years), "; ".join(dates[title])]
        for title in sorted(counts, key=str.casefold)
    ]
    total = ["Total", *(sum(row[n] for row in rows) for n in (1, 2)), ""]
    return Table(
        slug="cancelled",
        caption=f"Sessions cancelled for low nominations, {year_label(cover.last)} and "
        f"{year_label(cover.this)}",
        description="Sessions of each course cancelled because too few people were nominated.",
        columns=[
            Column("Course"),
            *two_years(cover, "Cancelled"),
            Column(f"Dates in {year_label(cover.this)}"),
        ],
        rows=[*rows, total] if rows else [],
        empty="No session was cancelled for low nominations in either year.",
    )


def impact_table(partnership: Partnership, cover: Coverage) -> Table:
    comments = (
        _attendance_of(partnership)
        .filter(in_year("session__starts_at__date", cover.this))
        .filter(status=Attendance.Status.ATTENDED)
        .exclude(impact_comment="")
        .values_list(
            "session__course__title",
            "session__starts_at",
            "agency__sector",
            "confidence_before",
            "confidence_after",
            "impact_comment",
        )
        .order_by("-session__starts_at", "-pk")[:IMPACT_SAMPLE]
    )
    return Table(
        slug="impact",
        caption=f"Examples of impact comments from practitioners, {year_label(cover.this)}",
        description=f"Up to {IMPACT_SAMPLE} comments on the impact on practice that attendees "
        "gave in their evaluations, the most recent first, with their confidence before and "
        "after the course, from 1 (not at all confident) to 5 (very confident).",
        columns=[
            Column("Course"),
            Column("Session", "date"),
            Column("Agency sector"),
            Column("Confidence before", "rating", NOT_GIVEN),
            Column("Confidence after", "rating", NOT_GIVEN),
            Column("Impact on practice"),
        ],
        rows=[
            [title, timezone.localdate(starts), Sector(sector).label, before, after, comment]
            for title, starts, sector, before, after, comment in comments
        ],
        empty=f"No attendee left a comment on the impact on practice in {year_label(cover.this)}.",
    )


def evaluation_table(partnership: Partnership, cover: Coverage) -> Table:
    """Impact beyond attendance: for each course of the year, the attendees who rated their
    confidence before and after it, the average of each, and how many rated it higher after."""
    rated = (
        _attendance_of(partnership)
        .filter(_attended(cover.this))
        .filter(confidence_before__isnull=False, confidence_after__isnull=False)
        .values("session__course__title")
        .annotate(
            rated=Count("pk"),
            before=Sum("confidence_before"),
            after=Sum("confidence_after"),
            improved=Count("pk", filter=Q(confidence_after__gt=F("confidence_before"))),
        )
        .order_by(Lower("session__course__title"))
    )
    rows = [
        (r["session__course__title"], r["rated"], r["before"], r["after"], r["improved"])
        for r in rated
    ]

    def row(title, count, before, after, improved):
        return [
            title,
            count,
            round(before / count, 1),
            round(after / count, 1),
            improved,
            whole_percent(improved, count),
        ]

    shown = [row(*r) for r in rows]
    if rows:
        shown.append(row("All courses", *(sum(r[n] for r in rows) for n in range(1, 5))))
    return Table(
        slug="evaluation",
        caption=f"Confidence before and after classroom training, {year_label(cover.this)}",
        description="For each course, the attendees who rated their confidence before and "
        "after it in their evaluation, from 1 (not at all confident) to 5 (very confident): "
        "the average before and after, and how many, and what share, rated it higher after.",
        columns=[
            Column("Course"),
            Column("Attendees who rated", "count"),
            Column("Average confidence before", "rating"),
            Column("Average confidence after", "rating"),
            Column("Rated higher after", "count"),
            Column("Share improving (%)", "count"),
        ],
        rows=shown,
        empty=f"No attendee rated their confidence before and after a course in "
        f"{year_label(cover.this)}.",
    )


TABLES = {
    "elearning": elearning_table,
    "sectors": sectors_table,
    "courses": courses_table,
    "agencies-without-attendance": agencies_without_attendance_table,
    "cancelled": cancelled_table,
    "impact": impact_table,
    "evaluation": evaluation_table,
}
