"""The timeline of a review and of a notification, in the wording of case records: the
labels of their fields and the subjects of the records merged into each timeline. The core
(kscp.core.timeline) reads the history and says what changed. A fixed number of queries,
however long the history."""

from django.db.models import Subquery

from kscp.core.timeline import (
    FieldHistory,
    RelatedSetHistory,
    TimelineEntry,
    long_date,
    merged,
    shown,
)
from kscp.core.tracking import RAG
from reviews.models import (
    Dissemination,
    LearningPoint,
    Notification,
    RapidReview,
    Review,
    ReviewAction,
)

REVIEW_FIELDS = {
    "title": "Title",
    "kind": "Kind",
    "stage": "Stage",
    "decided_on": "Decided",
    "lead_reviewer": "Lead reviewer",
    "lead_reviewer_independent": "Independent lead reviewer",
    "cost": "Cost (£)",
    "started_on": "Start date",
    "target_on": "Target date",
    "completed_on": "Completion date",
    "published_on": "Publication date",
    "publication_url": "Link to the report",
    "summary": "Summary",
}
LEARNING_POINT_FIELDS = {
    "number": "Number",
    "is_recommendation": "Recommendation",
    "text": "Text",
    "scope": "Scope",
    "theme": "Theme",
    "objective": "Business-plan objective",
}
ACTION_FIELDS = {
    "rag": "Status",
    "progress": "Progress",
    "evidence": "Evidence",
    "description": "Action",
    "owner_agency": "Owner agency",
    "owner_group": "Owner group",
    "due_on": "Due",
}
DISSEMINATION_FIELDS = {
    "method": "Method",
    "held_on": "Date",
    "audience": "To whom",
    "reached": "Reached",
    "notes": "Notes",
}


def review_timeline(review: Review, actions_by_id: dict[int, ReviewAction]) -> list:
    """Who changed what and when: the review's own fields (its stage above all) and themes,
    its learning points, the agencies' actions and the dissemination, newest first. At
    most six queries (five without themes), however long the history."""
    review_records = list(review.history.select_related("history_user"))
    point_records = list(
        LearningPoint.history.filter(review_id=review.pk).select_related("history_user")
    )
    numbers = _point_numbers(point_records)
    return merged(
        *_review_histories(review_records),
        _learning_point_history(point_records, numbers),
        _action_history(review, numbers, actions_by_id),
        _dissemination_history(review),
    )


def _review_histories(records: list) -> tuple[FieldHistory, RelatedSetHistory]:
    fields = FieldHistory(
        records=records,
        subject_of=lambda record: "Review",
        describe_new=lambda record: [
            f"Review recorded at stage {shown(Review, 'stage', record.stage)}"
        ],
        model=Review,
        fields=REVIEW_FIELDS,
        words_only=("summary", "publication_url"),
    )
    themes = RelatedSetHistory(
        records=records,
        subject_of=lambda record: "Review",
        model=Review,
        name="themes",
        label="Theme",
    )
    return fields, themes


def _point_numbers(point_records: list) -> dict[int, tuple[int, bool]]:
    """Each learning point's latest number and whether it is a recommendation."""
    numbers = {}
    for record in sorted(point_records, key=lambda r: r.history_date):
        numbers[record.id] = (record.number, record.is_recommendation)
    return numbers


def _point_name(number: int, is_recommendation: bool) -> str:
    return f"{'recommendation' if is_recommendation else 'learning point'} {number}"


def _learning_point_history(point_records: list, numbers: dict) -> FieldHistory:
    def subject(record):
        number, is_recommendation = numbers[record.id]
        return _point_name(number, is_recommendation).capitalize()

    return FieldHistory(
        records=point_records,
        subject_of=subject,
        describe_new=lambda record: ["Added"],
        model=LearningPoint,
        fields=LEARNING_POINT_FIELDS,
        words_only=("text", "theme", "objective"),
    )


def _action_history(review: Review, numbers: dict, actions_by_id: dict) -> FieldHistory:
    records = ReviewAction.history.filter(
        learning_point_id__in=Subquery(
            LearningPoint.history.filter(review_id=review.pk).values("id")
        )
    ).select_related("history_user")

    def subject(record):
        action = actions_by_id.get(record.id)
        owner = action.owner_display if action else "an owner since removed"
        point = numbers.get(record.learning_point_id)
        return f"Action for {owner}" + (f" ({_point_name(*point)})" if point else "")

    def created(record):
        due = shown(ReviewAction, "due_on", record.due_on)
        return [f"Added as {RAG(record.rag).label}, due {due}"]

    return FieldHistory(
        records=records,
        subject_of=subject,
        describe_new=created,
        model=ReviewAction,
        fields=ACTION_FIELDS,
        words_only=("progress", "evidence", "description", "owner_agency", "owner_group"),
    )


def _dissemination_history(review: Review) -> FieldHistory:
    return FieldHistory(
        records=Dissemination.history.filter(review_id=review.pk).select_related("history_user"),
        subject_of=lambda record: f"Dissemination: {shown(Dissemination, 'method', record.method)}",
        describe_new=lambda record: [f"Recorded for {long_date(record.held_on)}"],
        model=Dissemination,
        fields=DISSEMINATION_FIELDS,
        words_only=("audience", "notes"),
    )


NOTIFICATION_FIELDS = {
    "reference": "Reference",
    "incident_on": "Date of the incident",
    "la_aware_on": "Local authority aware",
    "panel_notification_required": "The Panel must be notified",
    "panel_notified_on": "Notified to the Panel",
    "nature": "Nature",
    "referral_reason": "Referral reason",
    "age_band": "Age band",
    "summary": "Summary",
}
RAPID_REVIEW_FIELDS = {
    "meeting_on": "Meeting date",
    "completed_on": "Date completed",
    "chair": "Chair",
    "decision": "Decision",
    "rationale": "Reasons for the decision",
    "sent_to_panel_on": "Sent to the Panel",
    "panel_response": "The Panel's response",
    "deadline": "Deadline",
}


def notification_timeline(notification: Notification) -> list[TimelineEntry]:
    """Who changed what and when, of the notification and of its rapid review, newest first.
    Two queries, however long the history."""
    rapid_reviews = RapidReview.history.filter(notification_id=notification.pk)
    return merged(
        FieldHistory(
            records=notification.history.select_related("history_user"),
            subject_of=lambda record: "Notification",
            describe_new=lambda record: ["Notification recorded"],
            model=Notification,
            fields=NOTIFICATION_FIELDS,
            words_only=("summary", "referral_reason"),
        ),
        FieldHistory(
            records=rapid_reviews.select_related("history_user"),
            subject_of=lambda record: "Rapid review",
            describe_new=lambda record: [
                f"Rapid review recorded, due {shown(RapidReview, 'deadline', record.deadline)}"
            ],
            model=RapidReview,
            fields=RAPID_REVIEW_FIELDS,
            words_only=("rationale", "panel_response", "chair"),
        ),
    )
