"""The "Learning from reviews" page, registered with the core's statistics page
(kscp.core.statistics): the financial years it offers, every table of the year it shows
(reviews.statistics.tables), and who sees it: those who see case records; everyone else gets
404. It opens with the heading and tabs of the case-review pages."""

from kscp.core.models import Partnership
from kscp.core.statistics import Statistics
from kscp.core.years import financial_year_start
from reviews import access
from reviews.models import Notification, RapidReview, Review
from reviews.statistics.tables import TABLES


def years_with_records(partnership: Partnership) -> list[int]:
    """The financial years in which a notification, a rapid review or a review counts,
    latest first; read as distinct months, so the work grows with years, not records."""
    months = set(Notification.objects.filter(partnership=partnership).dates("la_aware_on", "month"))
    months |= set(
        RapidReview.objects.filter(notification__partnership=partnership).dates(
            "meeting_on", "month"
        )
    )
    months |= set(Review.objects.filter(partnership=partnership).dates("decided_on", "month"))
    return sorted({financial_year_start(month) for month in months}, reverse=True)


def header_context(request) -> dict:
    """The case-review pages' header offers the business unit its buttons."""
    user = request.user
    return {"can_record": access.can_manage_cases(user, user.partnership_id)}


LEARNING_FROM_REVIEWS = Statistics(
    title="Learning from reviews",
    section="Case reviews",
    url_name="reviews:statistics",
    intro="The tables of the annual assurance statement for a financial year, computed from "
    "the partnership's case-review records.",
    nothing_recorded="No serious incident referrals, rapid reviews or reviews are recorded",
    tables=TABLES,
    years_with_records=years_with_records,
    require_reader=access.require_cases,
    header="reviews/includes/list_header.html",
    header_context=header_context,
)
