"""What the business unit posts to each reviews page that writes: a plausible, valid payload
per page (the business unit's post saves it), how to tell that it was saved, and a snapshot of
every reviews table to show that a refused post changed nothing.

Payloads name records of tests/reviews/conftest.py's `case_records`."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse

from reviews.models import (
    Dissemination,
    LearningPoint,
    Notification,
    RapidReview,
    ReferralReason,
    Review,
    ReviewAction,
    Theme,
)
from tests.form_data import date_fields, dates, month_fields

D = datetime.date

NEW_REFERENCE = "NSCP-2025/26-09"
CHANGED_SUMMARY = "A neutral summary, revised after the strategy meeting."
PANEL_RESPONSE = "The Panel agreed with the decision."
STARTED_TITLE = "Child C"
ADDED_TITLE = "Sudden unexpected death in infancy"
CHANGED_POINT = "Health visitors should see the baby at every contact."
NEW_ACTION = "Audit the use of the bruising protocol."
CHANGED_ACTION = "Brief every response officer and call handler on the bruising protocol."
UPDATE_PROGRESS = "Half the officers briefed"


def reviews_tables() -> dict[str, list[dict]]:
    """Every row of every reviews table: records, their history and their many-to-many
    choices (and the history of those)."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_app_config("reviews").get_models(include_auto_created=True)
    }


def _theme(partnership, name="Information exchange") -> Theme:
    return Theme.objects.get(partnership=partnership, name=name)


def _fresh(record):
    return type(record).objects.get(pk=record.pk)


# --- payloads ----------------------------------------------------------------------------


def notification_data(r: dict) -> dict:
    return {
        "reference": NEW_REFERENCE,
        "nature": Notification.Nature.DEATH,
        "referral_reason": ReferralReason.objects.get(
            partnership=r["partnership"], name="Neglect"
        ).pk,
        "age_band": Notification.AgeBand.UNDER_1,
        "agencies": [r["agency"].pk, r["police"].pk],
        "summary": "A sudden unexpected death of an infant.",
        "panel_notification_required": "on",
        **dates(
            incident_on=D(2025, 9, 1), la_aware_on=D(2025, 9, 2), panel_notified_on=D(2025, 9, 4)
        ),
    }


def notification_edit_data(r: dict) -> dict:
    notification = r["notification"]
    return {
        **notification_data(r),
        "reference": notification.reference,
        "summary": CHANGED_SUMMARY,
        "version": notification.version,
        **dates(
            incident_on=notification.incident_on,
            la_aware_on=notification.la_aware_on,
            panel_notified_on=notification.panel_notified_on,
        ),
    }


def rapid_review_add_data(r: dict) -> dict:
    """For the notification awaiting its rapid review (aware on 2 September 2025)."""
    return {
        "decision": RapidReview.Decision.LOCAL_CSPR,
        "rationale": "Agencies could have shared information sooner.",
        "panel_response": "",
        "chair": r["business_unit"].pk,
        **dates(
            meeting_on=D(2025, 9, 15), completed_on=D(2025, 9, 18), sent_to_panel_on=D(2025, 9, 19)
        ),
    }


def rapid_review_edit_data(r: dict) -> dict:
    rapid_review = r["rapid_review"]
    return {
        "decision": rapid_review.decision,
        "rationale": rapid_review.rationale,
        "panel_response": PANEL_RESPONSE,
        "chair": r["business_unit"].pk,
        "version": rapid_review.version,
        **dates(
            meeting_on=rapid_review.meeting_on,
            completed_on=rapid_review.completed_on,
            sent_to_panel_on=rapid_review.sent_to_panel_on,
        ),
    }


def review_start_data(r: dict) -> dict:
    return {
        "title": STARTED_TITLE,
        "kind": Review.Kind.LOCAL,
        "stage": Review.Stage.SCOPING,
        "themes": [_theme(r["partnership"]).pk],
        **dates(decided_on=D(2025, 9, 18)),
    }


def review_add_data(r: dict) -> dict:
    return {
        "title": ADDED_TITLE,
        "kind": Review.Kind.NATIONAL,
        "stage": Review.Stage.IN_PROGRESS,
        "cost": "0",
        "themes": [_theme(r["partnership"]).pk],
        **dates(decided_on=D(2025, 4, 10)),
    }


def review_edit_data(r: dict) -> dict:
    review = r["review"]
    return {
        "title": review.title,
        "kind": review.kind,
        "stage": Review.Stage.DRAFT,
        "lead_reviewer": review.lead_reviewer,
        "lead_reviewer_independent": "on",
        "cost": "",
        "publication_url": "",
        "summary": "",
        "themes": [_theme(r["partnership"]).pk],
        "version": review.version,
        **dates(
            decided_on=review.decided_on,
            started_on=review.started_on,
            target_on=None,
            completed_on=None,
            published_on=None,
        ),
    }


def learning_add_data(r: dict) -> dict:
    return {
        "number": "2",
        "is_recommendation": "True",
        "text": CHANGED_POINT,
        "scope": LearningPoint.Scope.SINGLE_AGENCY,
        "theme": _theme(r["partnership"]).pk,
        "objective": "",
    }


def learning_edit_data(r: dict) -> dict:
    learning_point = r["learning_point"]
    return {
        **learning_add_data(r),
        "number": str(learning_point.number),
        "version": learning_point.version,
    }


def action_add_data(r: dict) -> dict:
    return {
        "description": NEW_ACTION,
        "owner_agency": r["police"].pk,
        "owner_group": "",
        **month_fields("due_on", D(2026, 6, 1)),
    }


def action_edit_data(r: dict) -> dict:
    return {
        **action_add_data(r),
        "description": CHANGED_ACTION,
        "version": r["review_action"].version,
    }


def action_update_data(r: dict) -> dict:
    return {
        "rag": "amber",
        "progress": UPDATE_PROGRESS,
        "evidence": "",
        "version": r["review_action"].version,
    }


def dissemination_data(r: dict) -> dict:
    return {
        "method": Dissemination.Method.SEMINAR,
        "audience": "Designated safeguarding leads",
        "reached": "45",
        "notes": "",
        **date_fields("held_on", D(2025, 11, 5)),
    }


def dissemination_edit_data(r: dict) -> dict:
    return {
        **dissemination_data(r),
        "method": Dissemination.Method.BRIEFING,
        "reached": "130",
        "version": r["dissemination"].version,
    }


# --- the pages ---------------------------------------------------------------------------


@dataclass
class Write:
    """A page that writes: the record its <pk> points at (None: no argument), the payload
    posted to it, and whether that payload was saved."""

    target: str | None
    data: Callable[[dict], dict]
    saved: Callable[[dict], bool]

    def url(self, name: str, records: dict) -> str:
        args = [records[self.target].pk] if self.target else []
        return reverse(name, args=args)


WRITES = {
    "reviews:notification_add": Write(
        None,
        notification_data,
        lambda r: Notification.objects.filter(
            partnership=r["partnership"], reference=NEW_REFERENCE
        ).exists(),
    ),
    "reviews:notification_edit": Write(
        "notification",
        notification_edit_data,
        lambda r: _fresh(r["notification"]).summary == CHANGED_SUMMARY,
    ),
    "reviews:rapid_review_add": Write(
        "undecided_notification",
        rapid_review_add_data,
        lambda r: RapidReview.objects.filter(notification=r["undecided_notification"]).exists(),
    ),
    "reviews:rapid_review_edit": Write(
        "rapid_review",
        rapid_review_edit_data,
        lambda r: _fresh(r["rapid_review"]).panel_response == PANEL_RESPONSE,
    ),
    "reviews:review_start": Write(
        "decided_notification",
        review_start_data,
        lambda r: Review.objects.filter(
            notification=r["decided_notification"], title=STARTED_TITLE
        ).exists(),
    ),
    "reviews:review_add": Write(
        None,
        review_add_data,
        lambda r: Review.objects.filter(partnership=r["partnership"], title=ADDED_TITLE).exists(),
    ),
    "reviews:review_edit": Write(
        "review",
        review_edit_data,
        lambda r: _fresh(r["review"]).stage == Review.Stage.DRAFT,
    ),
    "reviews:learning_add": Write(
        "review",
        learning_add_data,
        lambda r: r["review"].learning_points.filter(number=2).exists(),
    ),
    "reviews:learning_edit": Write(
        "learning_point",
        learning_edit_data,
        lambda r: _fresh(r["learning_point"]).text == CHANGED_POINT,
    ),
    "reviews:action_add": Write(
        "learning_point",
        action_add_data,
        lambda r: ReviewAction.objects.filter(description=NEW_ACTION).exists(),
    ),
    "reviews:action_edit": Write(
        "review_action",
        action_edit_data,
        lambda r: _fresh(r["review_action"]).description == CHANGED_ACTION,
    ),
    "reviews:action_update": Write(
        "review_action",
        action_update_data,
        lambda r: _fresh(r["review_action"]).progress == UPDATE_PROGRESS,
    ),
    "reviews:dissemination_add": Write(
        "review",
        dissemination_data,
        lambda r: r["review"].disseminations.filter(method=Dissemination.Method.SEMINAR).exists(),
    ),
    "reviews:dissemination_edit": Write(
        "dissemination",
        dissemination_edit_data,
        lambda r: _fresh(r["dissemination"]).reached == 130,
    ),
}
