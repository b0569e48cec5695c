"""A person's home page: what they, their agency or the groups whose items they update are
responsible for, from every app, in one set of sections by when it is due. The plans and the
reviews apps each say what the person owns (their selectors); this module only puts the two
together, so the page reads with a fixed number of queries however much there is."""

import datetime

from django.utils import timezone

from kscp.core.models import User
from kscp.core.tracking import DueSections, due_sections
from plans import selectors as plan_selectors
from plans.models import Action, Objective
from reviews import list_selectors as review_selectors

YOUR_ITEMS_HEADER = [
    "When",
    "Kind",
    "Plan or review",
    "Number",
    "What",
    "Due",
    "RAG status",
    "Progress",
    "Evidence",
]

# Agency representatives see the recommendation a review action answers, never the case:
# the list names no review.
CASE_REVIEW = "Case review"


def your_items(user: User, today: datetime.date | None = None) -> DueSections:
    """The objectives and actions of live plans, and the review actions, that the person
    owns, by when they are due."""
    today = today or timezone.localdate()
    items = [*plan_selectors.owned_items(user), *review_selectors.owned_review_actions(user)]
    return due_sections(items, today)


def _point_name(point) -> str:
    kind = "Recommendation" if point.is_recommendation else "Learning point"
    return f"{kind} {point.number}"


def export_rows(sections: DueSections):
    """One row per item of every section, for the CSV and XLSX downloads."""
    for _, heading, items in sections.sections:
        for item in items:
            if isinstance(item, Objective):
                kind, where, number, what = "Objective", item.plan.title, item.number, item.action
            elif isinstance(item, Action):
                kind, where, number, what = (
                    "Action",
                    item.objective.plan.title,
                    f"{item.objective.number} {item.label}",
                    item.description,
                )
            else:
                kind, where, number, what = (
                    "Review action",
                    CASE_REVIEW,
                    _point_name(item.learning_point),
                    item.description,
                )
            yield [
                heading,
                kind,
                where,
                number,
                what,
                item.due_display,
                item.get_rag_display(),
                item.progress,
                item.evidence,
            ]
