"""The "Workforce development" page, registered with the core's statistics page
(kscp.core.statistics): the financial years it offers, every table of the year it shows
(training.statistics.tables), and who sees it: those who read every agency's attendance (the
business unit, the learning and development sub-group, executive members and the scrutineer);
everyone else of the partnership gets 403."""

from kscp.core.models import Partnership
from kscp.core.statistics import Statistics
from kscp.core.years import financial_year_start
from training import access
from training.models import ElearningCompletion, Session
from training.statistics.base import coverage
from training.statistics.tables import TABLES


def years_with_records(partnership: Partnership) -> list[int]:
    """The financial years with a session or e-learning completions, latest first; read as
    distinct months, so the work grows with years, not records."""
    months = {
        moment.date()
        for moment in Session.objects.filter(course__partnership=partnership).datetimes(
            "starts_at", "month"
        )
    }
    months |= set(
        ElearningCompletion.objects.filter(course__partnership=partnership).dates(
            "period_start", "month"
        )
    )
    return sorted({financial_year_start(month) for month in months}, reverse=True)


WORKFORCE_DEVELOPMENT = Statistics(
    title="Workforce development",
    section="Training",
    url_name="training:statistics",
    intro="The training tables of the annual assurance statement for a financial year, this "
    "year beside last year, computed from the partnership's training records.",
    counting="Classroom training counts classroom and virtual classroom courses. A session "
    "counts in the year it starts, once it has been delivered; its places count when they were "
    "attended, under the sector of the attendee's agency. E-learning completions count in the "
    'year their period starts. "No data" means the partnership has no records of that kind '
    "for the year.",
    nothing_recorded="No training sessions or e-learning completions are recorded",
    tables=TABLES,
    basis=coverage,  # which of the two years shown have records of each kind
    years_with_records=years_with_records,
    require_reader=access.require_all_attendance,
    breadcrumbs=(("Training", "training:catalogue"),),
    table_class="govuk-table--small-text-until-tablet",
)
