"""Load the case reviews of a partnership's fixture file (fixtures/<partnership>/reviews.yaml)
for the load_demo command, in the shape of every demo loader (kscp.core.loading):
notifications with their rapid reviews, then reviews with their learning points, actions and
disseminations. Every record is validated in full before it is saved, and found by its
natural key once it exists, so loading twice changes nothing."""

from django.core.management.base import CommandError
from django.db import transaction

from kscp.core.loading import Loader, as_month, as_text
from kscp.core.models import Agency, Partnership
from plans.models import Objective
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


@transaction.atomic
def load_reviews(partnership: Partnership, data: dict, loader: Loader | None = None) -> int:
    """After the plans: a learning point may name the business-plan objective it feeds."""
    loader = Loader() if loader is None else loader
    start = loader.created
    reviews = _ReviewLoader(partnership, loader)
    notifications = {}
    for spec in data.get("notifications") or []:
        notification = reviews.notification(spec)
        notifications[notification.reference] = notification
    for spec in data.get("reviews") or []:
        reviews.review(spec, notifications)
    return loader.created - start


class _ReviewLoader:
    def __init__(self, partnership: Partnership, loader: Loader):
        self.partnership = partnership
        self.loader = loader
        self._reasons = {r.name: r for r in ReferralReason.objects.filter(partnership=partnership)}
        self._themes = {t.name: t for t in Theme.objects.filter(partnership=partnership)}
        self._agencies = {a.name: a for a in Agency.objects.filter(partnership=partnership)}

    def _get_or_create(self, model, lookup: dict, defaults: dict):
        return self.loader.get_or_create(model, lookup, defaults, validate=True)

    def _named(self, table: dict, name: str | None, what: str):
        if not name:
            return None
        if name not in table:
            raise CommandError(f"unknown {what} {name!r}")
        return table[name]

    def notification(self, spec: dict) -> Notification:
        notification, created = self._get_or_create(
            Notification,
            {"partnership": self.partnership, "reference": spec["reference"]},
            defaults={
                "incident_on": spec["incident_on"],
                "la_aware_on": spec["la_aware_on"],
                "panel_notified_on": spec.get("panel_notified_on"),
                "panel_notification_required": spec.get("panel_notification_required", True),
                "nature": spec["nature"],
                "referral_reason": self._named(
                    self._reasons, spec["referral_reason"], "referral reason"
                ),
                "age_band": str(spec["age_band"]),
                "summary": as_text(spec.get("summary")),
            },
        )
        if created:
            notification.agencies.set(
                [self._named(self._agencies, name, "agency") for name in spec.get("agencies") or []]
            )
        if spec.get("rapid_review"):
            self.rapid_review(notification, spec["rapid_review"])
        return notification

    def rapid_review(self, notification: Notification, rapid: dict) -> None:
        self._get_or_create(
            RapidReview,
            {"notification": notification},
            defaults={
                "meeting_on": rapid.get("meeting_on"),
                "completed_on": rapid.get("completed_on"),
                "chair": self.loader.person(self.partnership, rapid.get("chair")),
                "decision": rapid.get("decision") or "",
                "rationale": as_text(rapid.get("rationale")),
                "sent_to_panel_on": rapid.get("sent_to_panel_on"),
                "panel_response": as_text(rapid.get("panel_response")),
            },
        )

    def review(self, spec: dict, notifications: dict) -> None:
        reference = spec.get("notification")
        if reference and reference not in notifications:
            raise CommandError(f"{spec['title']}: unknown notification {reference!r}")
        review, created = self._get_or_create(
            Review,
            {"partnership": self.partnership, "title": spec["title"]},
            defaults={
                "notification": notifications.get(reference),
                "kind": spec["kind"],
                "stage": spec.get("stage") or Review.Stage.SCOPING,
                "summary": as_text(spec.get("summary")),
                "decided_on": spec["decided_on"],
                "lead_reviewer": as_text(spec.get("lead_reviewer")),
                "lead_reviewer_independent": bool(spec.get("lead_reviewer_independent")),
                "cost": spec.get("cost"),
                "started_on": spec.get("started_on"),
                "target_on": spec.get("target_on"),
                "completed_on": spec.get("completed_on"),
                "published_on": spec.get("published_on"),
                "publication_url": as_text(spec.get("publication_url")),
            },
        )
        if created:
            review.themes.set(
                [self._named(self._themes, name, "theme") for name in spec.get("themes") or []]
            )
        for point_spec in spec.get("learning_points") or []:
            self.learning_point(review, point_spec)
        for shared in spec.get("disseminations") or []:
            self.dissemination(review, shared)

    def dissemination(self, review: Review, shared: dict) -> None:
        self._get_or_create(
            Dissemination,
            {"review": review, "method": shared["method"], "held_on": shared["held_on"]},
            defaults={
                "audience": as_text(shared.get("audience")),
                "reached": shared.get("reached"),
                "notes": as_text(shared.get("notes")),
            },
        )

    def learning_point(self, review: Review, spec: dict) -> None:
        objective = None
        if spec.get("objective"):
            ref = spec["objective"]
            objective = Objective.objects.filter(
                plan__partnership=self.partnership,
                plan__title=ref["plan"],
                number=str(ref["number"]),
            ).first()
            if objective is None:
                raise CommandError(f"{review}: unknown objective {ref!r}")
        point, _ = self._get_or_create(
            LearningPoint,
            {"review": review, "number": spec["number"]},
            defaults={
                "is_recommendation": spec.get("recommendation", True),
                "text": as_text(spec["text"]),
                "scope": spec["scope"],
                "theme": self._named(self._themes, spec.get("theme"), "theme"),
                "objective": objective,
            },
        )
        for action in spec.get("actions") or []:
            self.review_action(point, action)

    def review_action(self, point: LearningPoint, action: dict) -> None:
        self._get_or_create(
            ReviewAction,
            {"learning_point": point, "description": as_text(action["description"])},
            defaults={
                "owner_agency": self._named(self._agencies, action.get("owner_agency"), "agency"),
                "owner_group": self.loader.group(self.partnership, action.get("owner_group")),
                "due_on": as_month(action.get("due")),
                "due_text": as_text(action.get("due_text")),
                "rag": action.get("rag") or "not_started",
                "progress": as_text(action.get("progress")),
                "evidence": as_text(action.get("evidence")),
            },
        )
