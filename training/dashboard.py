"""The training reach panel of the executive dashboard (kscp.overview.panels composes it): for
a financial year beside the year before, the classroom places attended by agency sector, the
agencies that sent nobody, the sessions cancelled for low nominations and the share of
attendees whose confidence rose. The figures are the "Workforce development" page's own
tables (training.statistics), counted the same way, and are shown to those who may read
that page. Six queries, however many sessions, places, agencies or sectors there are."""

from dataclasses import dataclass, replace

from django.urls import reverse

from kscp.core.charts import Row, Series, paired_chart
from kscp.core.models import Partnership, User
from kscp.core.statistics import Table
from kscp.core.years import year_label
from training import access
from training.statistics.base import Coverage, coverage
from training.statistics.tables import (
    agencies_without_attendance_table,
    cancelled_table,
    evaluation_table,
    sectors_table,
)


@dataclass(frozen=True)
class Evaluation:
    """The attendees of the year who rated their confidence before and after a course, and
    how many rated it higher after (the evaluation table's "All courses" row)."""

    rated: int
    improved: int
    percent: int


@dataclass
class TrainingReachPanel:
    cover: Coverage
    sectors: Table  # with its chart: the year's places by sector
    without_attendance: Table
    cancelled: Table
    cancelled_this: int
    cancelled_last: int
    evaluation: Evaluation | None
    statistics_url: str  # "" when the page would refuse the year (training_reach_panel)

    @property
    def label(self) -> str:
        return year_label(self.cover.this)

    @property
    def last_label(self) -> str:
        return year_label(self.cover.last)

    @property
    def has_classroom(self) -> bool:
        """Whether the year has classroom sessions: without any, no agency is counted as
        sending nobody."""
        return self.cover.this in self.cover.classroom

    def table_url(self, table: Table) -> str:
        return f"{self.statistics_url}#table-{table.slug}"

    @property
    def sectors_url(self) -> str:
        return self.table_url(self.sectors)

    @property
    def without_attendance_url(self) -> str:
        return self.table_url(self.without_attendance)

    @property
    def cancelled_url(self) -> str:
        return self.table_url(self.cancelled)


def places_by_sector(partnership: Partnership, cover: Coverage) -> Table:
    """The panel's chart and its table: the Workforce development page's places by sector,
    both years in the table, and charted side by side, each bar with its figure (a year
    without classroom records is left out of the chart, as its table column says "no
    data")."""
    table = sectors_table(partnership, cover)
    years = [
        (index, year)
        for index, year in enumerate((cover.this, cover.last))
        if year in cover.classroom
    ]
    series = [
        Series(year_label(year), "current" if year == cover.this else "previous")
        for _, year in years
    ]
    rows = [
        Row(row[0], tuple(row[2 - index] or 0 for index, _ in years))
        for row in table.rows
        if row[0] != "Grand total"
    ]
    chart = paired_chart(
        "classroom places attended by agency sector, "
        + " against ".join(year_label(year) for _, year in years),
        series,
        rows,
    )
    return replace(table, chart=chart)


def _evaluation(partnership: Partnership, cover: Coverage) -> Evaluation | None:
    table = evaluation_table(partnership, cover)
    if not table.rows:
        return None
    _, rated, _, _, improved, percent = table.rows[-1]  # "All courses"
    return Evaluation(rated=rated, improved=improved, percent=percent)


def training_reach_panel(user: User, year: int) -> TrainingReachPanel | None:
    """The training reach of the financial year starting in April of `year`, beside the
    year before; None for those who may not read every agency's attendance."""
    if not access.can_read_all_attendance(user, user.partnership_id):
        return None
    partnership = user.partnership
    cover = coverage(partnership, year)
    cancelled = cancelled_table(partnership, cover)
    total = cancelled.rows[-1] if cancelled.rows else ["Total", 0, 0, ""]
    return TrainingReachPanel(
        cover=cover,
        sectors=places_by_sector(partnership, cover),
        without_attendance=agencies_without_attendance_table(partnership, cover),
        cancelled=cancelled,
        cancelled_last=total[1],
        cancelled_this=total[2],
        evaluation=_evaluation(partnership, cover),
        statistics_url=statistics_url(cover),
    )


def statistics_url(cover: Coverage) -> str:
    """The Workforce development page of the year, when it holds records of the year or
    the one before: that page offers every year from its earliest with records, so a year
    the dashboard offers for its case records alone, earlier than any training, would be
    refused there; without records of either year it would show nothing the panel does not."""
    if not (cover.classroom or cover.elearning):
        return ""
    return f"{reverse('training:statistics')}?year={cover.this}"
