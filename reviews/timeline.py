"""The timeline of a review, read from history: who changed what and when, for the review
itself (its stage above all), its learning points, the agencies' actions and the
dissemination. A fixed number of queries, however long the history."""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Subquery
from django.utils import formats

from kscp.core.models import User
from kscp.core.tracking import RAG
from reviews.models import (
    Dissemination,
    LearningPoint,
    Notification,
    RapidReview,
    Review,
    ReviewAction,
    Theme,
)


def long_date(value: datetime.date | None) -> str:
    return formats.date_format(value, "j F Y") if value else ""


@dataclass
class TimelineEntry:
    """One change of a review or of its learning, actions or dissemination."""

    when: datetime.datetime
    who: User | None
    subject: str
    changes: list[str] = field(default_factory=list)


def _shown(model, name: str, value) -> str:
    model_field = model._meta.get_field(name)
    if value in (None, ""):
        return "not set"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.date):
        return long_date(value)
    return str(value)


def _changes(model, previous, record, fields: dict[str, str], words_only=()) -> list[str]:
    """What changed between two history records of the same item, in words: "Stage: In
    progress → Draft report"; long texts and links only say that they changed."""
    changes = []
    for name, label in fields.items():
        attname = model._meta.get_field(name).attname
        before, after = getattr(previous, attname), getattr(record, attname)
        if before == after:
            continue
        if name in words_only:
            changes.append(f"{label} changed")
        else:
            changes.append(f"{label}: {_shown(model, name, before)} → {_shown(model, name, after)}")
    return changes


def _entries(records, subject_of, describe_new, model, fields, words_only=()):
    """Timeline entries of the history records of one model's items: one for each item's
    creation, each save that changed a field named in `fields`, and each removal."""
    by_item: dict[int, list] = {}
    for record in records:
        by_item.setdefault(record.id, []).append(record)
    entries = []
    for item_records in by_item.values():
        item_records.sort(key=lambda r: r.history_date)
        previous = None
        for record in item_records:
            if record.history_type == "-":
                changes = ["Removed"]
            elif previous is None:
                changes = describe_new(record)
            else:
                changes = _changes(model, previous, record, fields, words_only)
            if changes:
                entries.append(
                    TimelineEntry(
                        record.history_date, record.history_user, subject_of(record), changes
                    )
                )
            previous = record
    return entries


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


def _theme_changes(review: Review, review_records: list) -> dict[int, list[str]]:
    """For each history record of the review, the themes added or removed since the one
    before: two queries."""
    through = apps.get_model("reviews", "HistoricalReview_themes")
    chosen: dict[int, set[int]] = {record.history_id: set() for record in review_records}
    for history_id, theme_id in through.objects.filter(history__id=review.pk).values_list(
        "history_id", "theme_id"
    ):
        chosen.setdefault(history_id, set()).add(theme_id)
    every = set().union(*chosen.values()) if chosen else set()
    names = dict(Theme.objects.filter(pk__in=every).values_list("pk", "name"))
    changes: dict[int, list[str]] = {}
    previous = None
    for record in sorted(review_records, key=lambda r: r.history_date):
        now = chosen.get(record.history_id, set())
        if previous is not None:
            words = [f"Theme added: {names.get(pk, 'a removed theme')}" for pk in now - previous]
            words += [f"Theme removed: {names.get(pk, 'a removed theme')}" for pk in previous - now]
            changes[record.history_id] = sorted(words)
        previous = now
    return changes


def review_timeline(review: Review, actions_by_id: dict[int, ReviewAction]) -> list:
    """Who changed what and when: the review's own fields (its stage above all), its
    learning points, the agencies' actions and the dissemination, newest first. Seven
    queries, however long the history."""
    review_records = list(review.history.select_related("history_user"))
    theme_changes = _theme_changes(review, review_records)

    def review_created(record):
        return [f"Review recorded at stage {_shown(Review, 'stage', record.stage)}"]

    entries = _entries(
        review_records,
        lambda record: "Review",
        review_created,
        Review,
        REVIEW_FIELDS,
        words_only=("summary", "publication_url"),
    )
    for record in review_records:
        themes = theme_changes.get(record.history_id)
        if themes:
            entries.append(
                TimelineEntry(record.history_date, record.history_user, "Review", themes)
            )

    point_records = list(
        LearningPoint.history.filter(review_id=review.pk).select_related("history_user")
    )
    numbers = {}
    for record in sorted(point_records, key=lambda r: r.history_date):
        numbers[record.id] = (record.number, record.is_recommendation)

    def point_subject(record):
        number, is_recommendation = numbers[record.id]
        return f"{'Recommendation' if is_recommendation else 'Learning point'} {number}"

    entries += _entries(
        point_records,
        point_subject,
        lambda record: ["Added"],
        LearningPoint,
        LEARNING_POINT_FIELDS,
        words_only=("text", "theme", "objective"),
    )

    action_records = ReviewAction.history.filter(
        learning_point_id__in=Subquery(
            LearningPoint.history.filter(review_id=review.pk).values("id")
        )
    ).select_related("history_user")

    def action_subject(record):
        action = actions_by_id.get(record.id)
        owner = action.owner_display if action else "an owner since removed"
        point = numbers.get(record.learning_point_id)
        of_point = (
            f" ({'recommendation' if point[1] else 'learning point'} {point[0]})" if point else ""
        )
        return f"Action for {owner}{of_point}"

    def action_created(record):
        return [
            f"Added as {RAG(record.rag).label}, due {_shown(ReviewAction, 'due_on', record.due_on)}"
        ]

    entries += _entries(
        action_records,
        action_subject,
        action_created,
        ReviewAction,
        ACTION_FIELDS,
        words_only=("progress", "evidence", "description", "owner_agency", "owner_group"),
    )

    entries += _entries(
        Dissemination.history.filter(review_id=review.pk).select_related("history_user"),
        lambda record: f"Dissemination: {_shown(Dissemination, 'method', record.method)}",
        lambda record: [f"Recorded for {long_date(record.held_on)}"],
        Dissemination,
        DISSEMINATION_FIELDS,
        words_only=("audience", "notes"),
    )
    return sorted(entries, key=lambda e: e.when, reverse=True)


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
    entries = _entries(
        notification.history.select_related("history_user"),
        lambda record: "Notification",
        lambda record: ["Notification recorded"],
        Notification,
        NOTIFICATION_FIELDS,
        words_only=("summary", "referral_reason"),
    )
    entries += _entries(
        RapidReview.history.filter(notification_id=notification.pk).select_related("history_user"),
        lambda record: "Rapid review",
        lambda record: [
            f"Rapid review recorded, due {_shown(RapidReview, 'deadline', record.deadline)}"
        ],
        RapidReview,
        RAPID_REVIEW_FIELDS,
        words_only=("rationale", "panel_response", "chair"),
    )
    return sorted(entries, key=lambda e: e.when, reverse=True)
