"""Loading the demo data of fixtures/ (the records of the source documents): what the loaders
share, and the loader of the partnership's structure (agencies, people, groups and their
members). Each app has one loader of the same shape, which load_demo calls in this order:
kscp.core.loading.load_structure, plans.loading.load_plans, reviews.loading.load_reviews and
training.loading.load_training:

    load_<records>(partnership, data, loader=None) -> int

An app of the composition layer, which load_demo may not import, registers its loader with
`register_loader` from its AppConfig.ready(); load_demo loads those files last.

`data` is one parsed fixture file of the partnership (fixtures/<slug>/*.yaml). Records are
found by their natural key and left alone once they exist, so loading twice changes nothing.
`loader` counts the records made (a new Loader when none is given); the function returns how
many it made. A file that does not load is refused whole."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction

from kscp.core.models import Agency, Group, Membership, Partnership, User

# (file pattern, loader) of the apps that register theirs, loaded after the others.
_REGISTERED: list[tuple[str, object]] = []


def register_loader(pattern: str, load) -> None:
    """Have load_demo load fixtures/<slug>/<pattern> with `load`, after the other files."""
    if (pattern, load) not in _REGISTERED:
        _REGISTERED.append((pattern, load))


def registered_loaders() -> list[tuple[str, object]]:
    return list(_REGISTERED)


def as_month(value) -> datetime.date | None:
    """A due month, written "2020-06" or as a date, as the first day of the month."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value.replace(day=1)
    year, month = str(value).split("-")[:2]
    return datetime.date(int(year), int(month), 1)


def as_text(value) -> str:
    """A text field: empty when the file leaves it out."""
    return "" if value is None else str(value).strip()


class Loader:
    """Finds or creates the records of the fixture files, counting those it creates."""

    def __init__(self):
        self.created = 0

    def get_or_create(
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

    def partnership(self, spec: dict) -> Partnership:
        """The partnership a structure file names (its `partnership:`)."""
        partnership, _ = self.get_or_create(
            Partnership,
            {"slug": spec["slug"]},
            {"name": spec["name"], "short_name": spec.get("short_name", "")},
        )
        return partnership

    def group(self, partnership: Partnership, name: str | None) -> Group | None:
        return _named(Group, "group", partnership, name=name) if name else None

    def person(self, partnership: Partnership, username: str | None) -> User | None:
        return _named(User, "person", partnership, username=username) if username else None


def _named(model, what: str, partnership: Partnership, **key):
    try:
        return model.objects.get(partnership=partnership, **key)
    except model.DoesNotExist as exc:
        (name,) = key.values()
        raise CommandError(f"{partnership.short_name}: unknown {what} {name!r}") from exc


@transaction.atomic
def load_structure(partnership: Partnership, data: dict, loader: Loader | None = None) -> int:
    """The agencies, people and groups of a structure file (or of a plan file, which may
    bring the people and groups of its time)."""
    loader = Loader() if loader is None else loader
    start = loader.created
    for agency in data.get("agencies") or []:
        loader.get_or_create(
            Agency,
            {"partnership": partnership, "name": agency["name"]},
            {"sector": agency["sector"], "is_statutory_partner": bool(agency.get("statutory"))},
        )
    _load_people(loader, partnership, data.get("people") or [])
    _load_groups(loader, partnership, data.get("groups") or [])
    return loader.created - start


def _load_people(loader: Loader, partnership: Partnership, people: list[dict]) -> None:
    agencies = {a.name: a for a in partnership.agencies.all()}
    for person in people:
        agency_name = person.get("agency")
        if agency_name and agency_name not in agencies:
            raise CommandError(f"{person['username']}: unknown agency {agency_name!r}")
        user, created = loader.get_or_create(
            User,
            {"username": person["username"]},
            {
                "partnership": partnership,
                "first_name": as_text(person.get("first_name")),
                "last_name": as_text(person.get("last_name")),
                "job_title": as_text(person.get("job_title")),
                "aliases": "\n".join(person.get("aliases") or []),
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


def _load_groups(loader: Loader, partnership: Partnership, groups: list[dict]) -> None:
    people = {u.username: u for u in User.objects.filter(partnership=partnership)}

    def person(username):
        if not username:
            return None
        if username not in people:
            raise CommandError(f"unknown person {username!r}")
        return people[username]

    by_name = {}
    for spec in groups:
        group = _load_group(loader, partnership, spec, person)
        by_name[spec["name"]] = group
        for member in spec.get("members") or []:
            loader.get_or_create(
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
            group.parent = loader.group(partnership, parent_name)
            group.save(update_fields=["parent"])


def _load_group(loader: Loader, partnership: Partnership, spec: dict, person) -> Group:
    quorum = spec.get("quorum") or {}
    group, _ = loader.get_or_create(
        Group,
        {"partnership": partnership, "name": spec["name"]},
        {
            "short_name": as_text(spec.get("short_name")),
            "aliases": "\n".join(spec.get("aliases") or []),
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
            "is_active": spec.get("active", True),
        },
    )
    for flag in ("reviews_cases", "manages_training"):
        if spec.get(flag) and not getattr(group, flag):
            # A database loaded before the key existed gains it; nothing else changes.
            setattr(group, flag, True)
            group.save(update_fields=[flag])
    if spec.get("active", True) is False and group.is_active:
        # As the flags: a database loaded before groups could stop meeting learns it.
        group.is_active = False
        group.save(update_fields=["is_active"])
    return group
