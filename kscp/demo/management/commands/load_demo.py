"""Load the demo data of fixtures/ (the records of the source documents) into a migrated
database. Records are found by natural key and left alone once they exist, so running the
command twice changes nothing."""

import datetime
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from kscp.core.loading import as_month, as_text
from kscp.core.models import Agency, Group, Membership, Partnership, User
from plans.models import Action, Objective, Plan, Priority
from reviews.loading import ReviewLoader
from training.loading import load_training

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


class Loader(ReviewLoader):
    """Finds or creates each record of the fixture files: the structure (partnership,
    agencies, people, groups) and business plans here, case reviews in ReviewLoader."""

    def __init__(self, stdout=None):
        self.created = 0
        self.stdout = stdout

    def _get_or_create(
        self, model, lookup: dict, defaults: dict, recorded_at=None, validate: bool = False
    ):
        """Find the record by its natural key, or create it. `recorded_at` dates its first
        history row: the day the source document stood as transcribed, so that reports
        "as at" a date read the document's state, not the day the demo was loaded.
        `validate`: check the new record in full first, so bad fixture data fails loudly."""
        obj = model.objects.filter(**lookup).first()
        if obj is not None:
            return obj, False
        obj = model(**lookup, **defaults)
        if validate:
            try:
                obj.full_clean()
            except ValidationError as exc:
                key = ", ".join(str(value) for value in lookup.values())
                raise CommandError(f"{model.__name__} {key}: {exc.message_dict}") from exc
        if recorded_at is not None:
            obj._history_date = recorded_at
        obj.save()
        self.created += 1
        return obj, True

    # --- structure -----------------------------------------------------------------------

    def load_structure(self, data: dict) -> Partnership:
        spec = data["partnership"]
        partnership, _ = self._get_or_create(
            Partnership,
            {"slug": spec["slug"]},
            {"name": spec["name"], "short_name": spec.get("short_name", "")},
        )
        for agency in data.get("agencies") or []:
            self._get_or_create(
                Agency,
                {"partnership": partnership, "name": agency["name"]},
                {"sector": agency["sector"], "is_statutory_partner": bool(agency.get("statutory"))},
            )
        self.load_people(partnership, data.get("people") or [])
        self.load_groups(partnership, data.get("groups") or [])
        return partnership

    def load_people(self, partnership: Partnership, people: list[dict]) -> None:
        agencies = {a.name: a for a in partnership.agencies.all()}
        for person in people:
            agency_name = person.get("agency")
            if agency_name and agency_name not in agencies:
                raise CommandError(f"{person['username']}: unknown agency {agency_name!r}")
            user, created = self._get_or_create(
                User,
                {"username": person["username"]},
                {
                    "partnership": partnership,
                    "first_name": as_text(person.get("first_name")),
                    "last_name": as_text(person.get("last_name")),
                    "job_title": as_text(person.get("job_title")),
                    "agency": agencies.get(agency_name),
                    "role": person.get("role") or User.Role.MEMBER,
                    "email": f"{person['username']}@example.org",
                },
            )
            if created:
                if settings.DEMO_PASSWORD and person.get("demo_login"):
                    user.set_password(settings.DEMO_PASSWORD)
                else:
                    user.set_unusable_password()
                user.save()

    def load_groups(self, partnership: Partnership, groups: list[dict]) -> None:
        people = {u.username: u for u in User.objects.filter(partnership=partnership)}

        def person(username):
            if not username:
                return None
            if username not in people:
                raise CommandError(f"unknown person {username!r}")
            return people[username]

        by_name = {}
        for spec in groups:
            quorum = spec.get("quorum") or {}
            group, _ = self._get_or_create(
                Group,
                {"partnership": partnership, "name": spec["name"]},
                {
                    "short_name": as_text(spec.get("short_name")),
                    "kind": spec["kind"],
                    "chair": person(spec.get("chair")),
                    "vice_chair": person(spec.get("vice_chair")),
                    "purpose": as_text(spec.get("purpose")),
                    "terms_of_reference": as_text(spec.get("terms_of_reference")),
                    "meeting_frequency": as_text(spec.get("meeting_frequency")),
                    "quorum_min_members": quorum.get("min_members"),
                    "quorum_min_agencies": quorum.get("min_agencies"),
                    "quorum_chair_required": bool(quorum.get("chair_required")),
                    "reviews_cases": bool(spec.get("reviews_cases")),
                    "manages_training": bool(spec.get("manages_training")),
                },
            )
            for flag in ("reviews_cases", "manages_training"):
                if spec.get(flag) and not getattr(group, flag):
                    # A database loaded before the key existed gains it; nothing else changes.
                    setattr(group, flag, True)
                    group.save(update_fields=[flag])
            by_name[spec["name"]] = group
            for member in spec.get("members") or []:
                self._get_or_create(
                    Membership,
                    {"group": group, "person": person(member["person"])},
                    {
                        "role": member.get("role") or Membership.Role.MEMBER,
                        "represents": as_text(member.get("represents")),
                    },
                )
        # Parents once every group exists, so a file may list a child before its parent.
        for spec in groups:
            group = by_name[spec["name"]]
            parent_name = spec.get("parent")
            if parent_name and group.parent_id is None:
                group.parent = self.group(partnership, parent_name)
                group.save(update_fields=["parent"])

    def group(self, partnership: Partnership, name: str | None) -> Group | None:
        if not name:
            return None
        try:
            return Group.objects.get(partnership=partnership, name=name)
        except Group.DoesNotExist as exc:
            raise CommandError(f"{partnership.short_name}: unknown group {name!r}") from exc

    def person(self, partnership: Partnership, username: str | None) -> User | None:
        if not username:
            return None
        try:
            return User.objects.get(partnership=partnership, username=username)
        except User.DoesNotExist as exc:
            raise CommandError(f"{partnership.short_name}: unknown person {username!r}") from exc

    # --- plans ---------------------------------------------------------------------------

    def load_plan(self, partnership: Partnership, data: dict) -> Plan:
        self.load_people(partnership, data.get("people") or [])
        self.load_groups(partnership, data.get("groups") or [])
        spec = data["plan"]
        key = spec.get("progress_key") or {}
        recorded_on = spec.get("recorded_on") or spec["starts_on"]
        self.recorded_at = timezone.make_aware(
            datetime.datetime.combine(recorded_on, datetime.time(12))
        )
        plan, created = self._get_or_create(
            Plan,
            {"partnership": partnership, "title": spec["title"]},
            recorded_at=self.recorded_at,
            defaults={
                "period": as_text(spec["period"]),
                "starts_on": spec["starts_on"],
                "ends_on": spec["ends_on"],
                "version_label": as_text(spec.get("version_label")),
                "status": spec.get("status") or Plan.Status.DRAFT,
                "introduction": as_text(spec.get("introduction")),
                "version_history": as_text(spec.get("version_history")),
                "glossary": as_text(spec.get("glossary")),
                **{
                    f"key_{rag}": as_text(key.get(rag))
                    for rag in ("not_started", "red", "amber", "green", "blue", "complete")
                },
            },
        )
        if not created:
            return plan
        self._load_priorities(partnership, plan, data)
        # The records were last changed when the document stood, not when they were loaded.
        dated = {"created_at": self.recorded_at, "updated_at": self.recorded_at}
        Objective.objects.filter(plan=plan).update(**dated)
        Action.objects.filter(objective__plan=plan).update(**dated)
        return plan

    def _load_priorities(self, partnership, plan, data) -> None:
        for priority_spec in data["priorities"]:
            priority, _ = self._get_or_create(
                Priority,
                {"plan": plan, "number": priority_spec["number"]},
                recorded_at=self.recorded_at,
                defaults={
                    "title": as_text(priority_spec.get("title")),
                    "aim": as_text(priority_spec.get("aim")),
                    "strategic_aim": as_text(priority_spec.get("strategic_aim")),
                },
            )
            for objective_spec in priority_spec.get("objectives") or []:
                self.load_objective(partnership, plan, priority, objective_spec)

    def load_objective(self, partnership, plan, priority, spec) -> None:
        owners = spec.get("owners") or {}
        objective, _ = self._get_or_create(
            Objective,
            {"plan": plan, "number": str(spec["number"])},
            recorded_at=self.recorded_at,
            defaults={
                "priority": priority,
                "action": as_text(spec.get("action")),
                "outcome": as_text(spec.get("outcome")),
                "outcome_measure": as_text(spec.get("outcome_measure")),
                "difference": as_text(spec.get("difference")),
                "references": as_text(spec.get("references")),
                "due_on": as_month(spec.get("due")),
                "due_text": as_text(spec.get("due_text")),
                "owner_text": as_text(owners.get("text")),
                "reporting_group": self.group(partnership, spec.get("reporting_group")),
                "rag": spec.get("rag") or "not_started",
                "progress": as_text(spec.get("progress")),
                "evidence": as_text(spec.get("evidence")),
            },
        )
        objective.owner_groups.set([self.group(partnership, g) for g in owners.get("groups") or []])
        objective.owner_people.set(
            [self.person(partnership, p) for p in owners.get("people") or []]
        )
        for position, action_spec in enumerate(spec.get("actions") or [], start=1):
            lead = action_spec.get("lead") or {}
            self._get_or_create(
                Action,
                {"objective": objective, "position": position},
                recorded_at=self.recorded_at,
                defaults={
                    "label": as_text(action_spec.get("label")) or str(position),
                    "description": as_text(action_spec.get("description")),
                    "lead_group": self.group(partnership, lead.get("group")),
                    "lead_person": self.person(partnership, lead.get("person")),
                    "lead_text": as_text(lead.get("text")),
                    "due_on": as_month(action_spec.get("due")),
                    "due_text": as_text(action_spec.get("due_text")),
                    "rag": action_spec.get("rag") or "not_started",
                    "progress": as_text(action_spec.get("progress")),
                },
            )


def demo_logins() -> list[User]:
    usernames = set()
    for path in sorted(FIXTURES_DIR.glob("*/*.yaml")):
        data = yaml.safe_load(path.read_text())
        usernames |= {p["username"] for p in data.get("people") or [] if p.get("demo_login")}
    return list(
        User.objects.filter(username__in=usernames)
        .select_related("partnership")
        .order_by("partnership__name", "role", "username")
    )


class Command(BaseCommand):
    help = "Load the demo partnerships: structure, business plans and case reviews (fixtures/)."

    @transaction.atomic
    def handle(self, *args, **options):
        loader = Loader()
        partnerships = {}
        for path in sorted(FIXTURES_DIR.glob("*/structure.yaml")):
            partnerships[path.parent.name] = loader.load_structure(yaml.safe_load(path.read_text()))
        for path in sorted(FIXTURES_DIR.glob("*/plan-*.yaml")):
            slug = path.parent.name
            if slug not in partnerships:
                raise CommandError(f"{path}: no structure.yaml for partnership {slug!r}")
            loader.load_plan(partnerships[slug], yaml.safe_load(path.read_text()))
        # Reviews last: a recommendation may name the business-plan objective it feeds.
        for path in sorted(FIXTURES_DIR.glob("*/reviews.yaml")):
            slug = path.parent.name
            if slug not in partnerships:
                raise CommandError(f"{path}: no structure.yaml for partnership {slug!r}")
            loader.load_reviews(partnerships[slug], yaml.safe_load(path.read_text()))
        for path in sorted(FIXTURES_DIR.glob("*/training.yaml")):
            slug = path.parent.name
            if slug not in partnerships:
                raise CommandError(f"{path}: no structure.yaml for partnership {slug!r}")
            load_training(partnerships[slug], yaml.safe_load(path.read_text()), loader)
        self.stdout.write(f"Demo data loaded: {loader.created} records created.")
