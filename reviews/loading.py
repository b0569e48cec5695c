"""Load the case reviews of a partnership's fixture file (fixtures/<partnership>/reviews.yaml)
for the load_demo command: notifications with their rapid reviews, then reviews with their
learning points, actions and disseminations. Every record is validated in full before it is
saved, and found by its natural key once it exists, so loading twice changes nothing."""

from django.core.management.base import CommandError

from kscp.core.loading import as_month, as_text
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


class ReviewLoader:
    """The case-review part of the demo Loader (kscp.demo.management.commands.load_demo), which
    provides _get_or_create, group and person."""

    def load_reviews(self, partnership: Partnership, data: dict) -> None:
        """Notifications with their rapid reviews, then reviews with their learning points,
        actions and disseminations. Every record is validated in full before it is saved."""
        self._reasons = {r.name: r for r in ReferralReason.objects.filter(partnership=partnership)}
        self._themes = {t.name: t for t in Theme.objects.filter(partnership=partnership)}
        self._agencies = {a.name: a for a in Agency.objects.filter(partnership=partnership)}
        notifications = {}
        for spec in data.get("notifications") or []:
            notification = self.load_notification(partnership, spec)
            notifications[notification.reference] = notification
        for spec in data.get("reviews") or []:
            self.load_review(partnership, spec, notifications)

    def _named(self, table: dict, name: str | None, what: str):
        if not name:
            return None
        if name not in table:
            raise CommandError(f"unknown {what} {name!r}")
        return table[name]

    def load_notification(self, partnership: Partnership, spec: dict) -> Notification:
        notification, created = self._get_or_create(
            Notification,
            {"partnership": partnership, "reference": spec["reference"]},
            validate=True,
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
        rapid = spec.get("rapid_review")
        if rapid:
            self._get_or_create(
                RapidReview,
                {"notification": notification},
                validate=True,
                defaults={
                    "meeting_on": rapid.get("meeting_on"),
                    "completed_on": rapid.get("completed_on"),
                    "chair": self.person(partnership, rapid.get("chair")),
                    "decision": rapid.get("decision") or "",
                    "rationale": as_text(rapid.get("rationale")),
                    "sent_to_panel_on": rapid.get("sent_to_panel_on"),
                    "panel_response": as_text(rapid.get("panel_response")),
                },
            )
        return notification

    def load_review(self, partnership: Partnership, spec: dict, notifications: dict) -> None:
        reference = spec.get("notification")
        if reference and reference not in notifications:
            raise CommandError(f"{spec['title']}: unknown notification {reference!r}")
        review, created = self._get_or_create(
            Review,
            {"partnership": partnership, "title": spec["title"]},
            validate=True,
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
            self.load_learning_point(partnership, review, point_spec)
        for shared in spec.get("disseminations") or []:
            self._get_or_create(
                Dissemination,
                {"review": review, "method": shared["method"], "held_on": shared["held_on"]},
                validate=True,
                defaults={
                    "audience": as_text(shared.get("audience")),
                    "reached": shared.get("reached"),
                    "notes": as_text(shared.get("notes")),
                },
            )

    def load_learning_point(self, partnership: Partnership, review: Review, spec: dict) -> None:
        objective = None
        if spec.get("objective"):
            ref = spec["objective"]
            objective = Objective.objects.filter(
                plan__partnership=partnership, plan__title=ref["plan"], number=str(ref["number"])
            ).first()
            if objective is None:
                raise CommandError(f"{review}: unknown objective {ref!r}")
        point, _ = self._get_or_create(
            LearningPoint,
            {"review": review, "number": spec["number"]},
            validate=True,
            defaults={
                "is_recommendation": spec.get("recommendation", True),
                "text": as_text(spec["text"]),
                "scope": spec["scope"],
                "theme": self._named(self._themes, spec.get("theme"), "theme"),
                "objective": objective,
            },
        )
        for action in spec.get("actions") or []:
            self._get_or_create(
                ReviewAction,
                {"learning_point": point, "description": as_text(action["description"])},
                validate=True,
                defaults={
                    "owner_agency": self._named(
                        self._agencies, action.get("owner_agency"), "agency"
                    ),
                    "owner_group": self.group(partnership, action.get("owner_group")),
                    "due_on": as_month(action.get("due")),
                    "due_text": as_text(action.get("due_text")),
                    "rag": action.get("rag") or "not_started",
                    "progress": as_text(action.get("progress")),
                    "evidence": as_text(action.get("evidence")),
                },
            )
