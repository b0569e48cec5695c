"""The case-review panels of the executive dashboard (kscp.overview.panels composes them):

- case reviews against their statutory timescales, for those who see case records: the
  notifications of a financial year (by the day the local authority became aware, as the
  notifications list's year filter counts them), where their Panel notification and rapid
  review clocks stand, the same for the publication of the year's local CSPRs (by the
  decision to hold them), and the CSPRs still in progress, whatever their year;
- the open review actions by agency and RAG status, and how many are overdue: the actions
  the review actions list shows the person (every agency's to those who see case records,
  their own agency's and groups' to the others).

Every number links to the list that shows exactly the records it counts. Each panel reads a
fixed number of queries, however many records, agencies or actions there are."""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse

from kscp.core.models import User
from kscp.core.tracking import RAG, overdue_q
from kscp.core.years import in_year
from reviews import access, list_selectors
from reviews.clocks import (
    PANEL_NOTIFICATION_WORKING_DAYS,
    RAPID_REVIEW_WORKING_DAYS,
    ClockState,
    panel_clock_q,
    publication_clock_q,
    rapid_review_clock_q,
)
from reviews.filters import NO_AGENCY
from reviews.models import REVIEW_ACTION_PROGRESS_KEY, Notification, Review

LISTED = 10  # CSPRs in progress listed; the rest are a link away
# In progress: not yet published or closed (Review.is_open), as the reviews list's stage
# filter selects them.
OPEN_STAGES = [s for s in Review.Stage if s not in (Review.Stage.PUBLISHED, Review.Stage.CLOSED)]
OPEN_RAGS = [
    (value, label) for value, label, _ in REVIEW_ACTION_PROGRESS_KEY if value != RAG.COMPLETE
]
YOUR_ACTIONS = "Your agency's and groups' actions"


@dataclass(frozen=True)
class Figure:
    """A number of the dashboard and the list that shows the records it counts ("" when
    there are none to show)."""

    number: int
    link: str = ""


def _link(url_name: str, anchor: str, number: int, **query) -> Figure:
    if not number:
        return Figure(0)
    return Figure(number, f"{reverse(url_name)}?{urlencode(query, doseq=True)}#{anchor}")


# --- case reviews against statutory timescales -------------------------------------------


@dataclass
class Timescale:
    """One statutory clock of the year's records, counted in each state (ClockState)."""

    label: str
    figures: list[tuple[str, Figure]]  # (state label, figure)


@dataclass
class CaseReviewsPanel:
    year: int
    notifications: Figure
    timescales: list[Timescale]
    in_progress: list[Review]  # each with its `publication` clock and stage tag class
    in_progress_count: Figure
    states: list[str] = field(default_factory=lambda: [label for _, label in ClockState.choices])

    @property
    def has_clocks(self) -> bool:
        """Whether any clock of the year's records is counted."""
        return any(figure.number for t in self.timescales for _, figure in t.figures)


def _states(prefix: str, clock_q, today: datetime.date) -> dict:
    return {f"{prefix}_{state}": Count("pk", filter=clock_q(state, today)) for state in ClockState}


def case_reviews_panel(user: User, year: int, today: datetime.date) -> CaseReviewsPanel | None:
    """The statutory timescales of the year's case records; None for those who may not see
    case records. Four queries."""
    if not access.can_see_cases(user, user.partnership_id):
        return None
    notifications = (
        Notification.objects.filter(partnership_id=user.partnership_id)
        .filter(in_year("la_aware_on", year))
        .aggregate(
            total=Count("pk"),
            **_states("panel", panel_clock_q, today),
            **_states("rapid", rapid_review_clock_q, today),
        )
    )
    reviews = (
        Review.objects.filter(partnership_id=user.partnership_id)
        .filter(in_year("decided_on", year))
        .aggregate(**_states("publication", publication_clock_q, today))
    )

    def timescale(label, counts, prefix, url_name, anchor, param):
        return Timescale(
            label=label,
            figures=[
                (
                    state.label,
                    _link(
                        url_name,
                        anchor,
                        counts[f"{prefix}_{state}"],
                        year=year,
                        **{param: state.value},
                    ),
                )
                for state in ClockState
            ],
        )

    months = user.partnership.cspr_publication_months
    in_progress = Review.objects.filter(
        partnership_id=user.partnership_id, kind=Review.Kind.CSPR, stage__in=OPEN_STAGES
    )
    return CaseReviewsPanel(
        year=year,
        notifications=_link("reviews:list", "notifications", notifications["total"], year=year),
        timescales=[
            timescale(
                f"Panel notified within {PANEL_NOTIFICATION_WORKING_DAYS} working days",
                notifications,
                "panel",
                "reviews:list",
                "notifications",
                "panel_clock",
            ),
            timescale(
                f"Rapid review completed within {RAPID_REVIEW_WORKING_DAYS} working days",
                notifications,
                "rapid",
                "reviews:list",
                "notifications",
                "rapid_review_clock",
            ),
            timescale(
                f"Local CSPR published within {months} months",
                reviews,
                "publication",
                "reviews:review_list",
                "reviews",
                "publication_clock",
            ),
        ],
        in_progress=list_selectors.with_review_clocks(
            in_progress.order_by("publication_deadline", "title", "pk")[:LISTED], today
        ),
        in_progress_count=_link(
            "reviews:review_list",
            "reviews",
            in_progress.count(),
            kind=Review.Kind.CSPR.value,
            stage=[stage.value for stage in OPEN_STAGES],
        ),
    )


# --- review actions by agency --------------------------------------------------------------


@dataclass
class AgencyActions:
    """One owner agency's open review actions by RAG status, and how many are overdue."""

    name: str
    counts: list[tuple[str, str, Figure]]  # (RAG value, label, figure)
    open: Figure
    overdue: Figure


@dataclass
class ReviewActionsPanel:
    everyone: bool  # every agency's actions, or the person's own agency's and groups'
    rows: list[AgencyActions]
    rags: list[tuple[str, str]] = field(default_factory=lambda: OPEN_RAGS)


def _agency_actions(name: str, row: dict, query: dict) -> AgencyActions:
    def figure(number, **more):
        return _link("reviews:agency_actions", "actions", number, **query, **more)

    return AgencyActions(
        name=name,
        counts=[(value, label, figure(row[f"n_{value}"], rag=value)) for value, label in OPEN_RAGS],
        open=figure(
            sum(row[f"n_{value}"] for value, _ in OPEN_RAGS), rag=[v for v, _ in OPEN_RAGS]
        ),
        overdue=figure(row["n_overdue"], overdue="on"),
    )


def review_actions_panel(user: User, today: datetime.date) -> ReviewActionsPanel | None:
    """The open review actions the review actions list shows the person, by owner agency
    (one row of their own to those who see only their agency's and groups'); None for those
    to whom the service offers no review actions. One query, and one more to find whether
    an owner has any."""
    if not list_selectors.case_review_navigation(user)["actions"]:
        return None
    everyone = list_selectors.sees_every_review_action(user)
    actions = list_selectors.review_action_list(user=user, data=None, today=today).qs
    counts = {f"n_{value}": Count("pk", filter=Q(rag=value)) for value, _ in OPEN_RAGS}
    counts["n_overdue"] = Count("pk", filter=overdue_q(today))
    actions = actions.exclude(rag=RAG.COMPLETE).order_by()
    if not everyone:
        row = actions.aggregate(**counts)
        rows = [_agency_actions(YOUR_ACTIONS, row, {})] if any(row.values()) else []
        return ReviewActionsPanel(everyone=False, rows=rows)
    found = actions.values("owner_agency_id", "owner_agency__name").annotate(**counts)
    ordered = sorted(
        found,
        key=lambda row: (row["owner_agency_id"] is None, (row["owner_agency__name"] or "").lower()),
    )
    return ReviewActionsPanel(
        everyone=True,
        rows=[
            _agency_actions(
                row["owner_agency__name"] or NO_AGENCY,
                row,
                {"agency": row["owner_agency_id"] or "null"},
            )
            for row in ordered
        ],
    )
