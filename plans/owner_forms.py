"""The owners of an objective or an action, chosen in the order the plan prints them: for each
place, a group or a person of the partnership, or the words of an owner who is neither, and
whether they lead or are in support ("with support from"). A form that has them returns
`owners` in `cleaned_data`, the ordered list `plans.services.owners_set` writes."""

from django import forms
from django.db.models import Q

from kscp.core.forms import name_field_errors
from kscp.core.models import Group, User
from plans.models import OWNER_TEXT_MAX_LENGTH, Owner

OWNER_ROWS_MIN = 4  # Kirklees 1.1 names four groups
OWNER_ROWS_SPARE = 2  # places left empty after an item's owners, to add more
OWNER_ROWS_MAX = 12

OWNER_BOTH = "Owner {n}: select a group or person, or type another owner, not both"
OWNER_NOT_OFFERED = "Owner {n}: select a group or person from the list offered"
OWNER_TWICE = "Owner {n}: {name} is already owner {first}"
OWNER_ROLE_WITHOUT_OWNER = "Owner {n}: select or type the owner, or leave their part empty"
OWNER_SUPPORT_BEFORE_LEAD = (
    "Owner {n} leads: put the leads first, then the owners in support, as the plan prints "
    "them ('Sharon Hewitt with support from Elaine McShane')"
)
OWNER_NO_LEAD = "Owner {n} must lead: owners in support follow a lead"
ROLE_NOT_OFFERED = "Owner {n}: select lead or in support"
OWNER_TEXT_TOO_LONG = "Owner {n}: the other owner must be %(limit_value)d characters or fewer"
OWNER_TEXT_NULL = "Owner {n}: the other owner must not contain null characters"


def _person_label(person: User) -> str:
    return person.get_full_name() or person.username


def _key(owner: Owner) -> str:
    if owner.group_id:
        return f"group-{owner.group_id}"
    if owner.person_id:
        return f"person-{owner.person_id}"
    return ""


class OwnersFormMixin:
    """Adds the owner places to a form (`add_owner_fields`) after the field named `after`,
    and reads them back in `clean_owners`, called from the form's `clean`."""

    def add_owner_fields(self, *, partnership_id: int, owners: list[Owner], after: str):
        groups = Group.objects.filter(partnership_id=partnership_id).order_by("name")
        owned_people = [o.person_id for o in owners if o.person_id]
        # Active people, and those who own the item already though no longer active.
        people = User.objects.filter(partnership_id=partnership_id).filter(
            Q(is_active=True) | Q(pk__in=owned_people)
        )
        self._owner_targets = {f"group-{g.pk}": g for g in groups}
        self._owner_targets |= {
            f"person-{p.pk}": p for p in people.order_by("last_name", "first_name")
        }
        choices = [
            ("", "No owner"),
            ("Groups", [(k, t.name) for k, t in self._owner_targets.items() if k[0] == "g"]),
            (
                "People",
                [(k, _person_label(t)) for k, t in self._owner_targets.items() if k[0] == "p"],
            ),
        ]
        self.owner_rows = min(max(OWNER_ROWS_MIN, len(owners) + OWNER_ROWS_SPARE), OWNER_ROWS_MAX)
        added = []
        for n in range(1, self.owner_rows + 1):
            owner = owners[n - 1] if n <= len(owners) else None
            self.fields[f"owner_{n}"] = forms.ChoiceField(
                label=f"Owner {n}",
                choices=choices,
                required=False,
                help_text="In the order the plan prints them: the leads first" if n == 1 else "",
                error_messages={"invalid_choice": OWNER_NOT_OFFERED.format(n=n)},
            )
            self.fields[f"owner_{n}_text"] = forms.CharField(
                label=f"Owner {n}, if not a group or person of the partnership",
                max_length=OWNER_TEXT_MAX_LENGTH,
                required=False,
                help_text="As the plan prints it, for example KSCB Chair" if n == 1 else "",
            )
            self.fields[f"owner_{n}_role"] = forms.ChoiceField(
                label=f"Owner {n} leads or is in support",
                choices=Owner.Role.choices,
                required=False,
                error_messages={"invalid_choice": ROLE_NOT_OFFERED.format(n=n)},
            )
            if owner is not None:
                self.initial[f"owner_{n}"] = _key(owner)
                self.initial[f"owner_{n}_text"] = owner.text
                self.initial[f"owner_{n}_role"] = owner.role
            added += [f"owner_{n}", f"owner_{n}_text", f"owner_{n}_role"]
        # Their messages name the owner's place: "Owner 2: …" where the place's label is long.
        for n in range(1, self.owner_rows + 1):
            self.fields[f"owner_{n}_text"].error_messages.update(
                {
                    "max_length": OWNER_TEXT_TOO_LONG.format(n=n),
                    "null_characters_not_allowed": OWNER_TEXT_NULL.format(n=n),
                }
            )
        name_field_errors(self)
        order = [name for name in self.fields if name not in added]
        place = order.index(after) + 1
        self.order_fields(order[:place] + added + order[place:])

    def clean_owners(self) -> None:
        """Replace the places in `cleaned_data` by `owners`: (group, person or words, role)
        in order, empty places left out."""
        data = self.cleaned_data
        owners, seen = [], {}
        for n in range(1, self.owner_rows + 1):
            key = data.pop(f"owner_{n}", "") or ""
            text = (data.pop(f"owner_{n}_text", "") or "").strip()
            role = data.pop(f"owner_{n}_role", "") or ""
            if f"owner_{n}" in self.errors:
                continue
            if key and text:
                self.add_error(f"owner_{n}_text", OWNER_BOTH.format(n=n))
                continue
            if not key and not text:
                if role and role != Owner.Role.LEAD:
                    self.add_error(f"owner_{n}_role", OWNER_ROLE_WITHOUT_OWNER.format(n=n))
                continue
            target = self._owner_targets[key] if key else text
            name = _person_label(target) if isinstance(target, User) else str(target)
            identity = key or text.casefold()
            if identity in seen:
                self.add_error(
                    f"owner_{n}", OWNER_TWICE.format(n=n, name=name, first=seen[identity])
                )
                continue
            seen[identity] = n
            owners.append((target, role or Owner.Role.LEAD, n))
        roles = [role for _, role, _ in owners]
        if roles and roles[0] != Owner.Role.LEAD:
            first = owners[0][2]
            self.add_error(f"owner_{first}_role", OWNER_NO_LEAD.format(n=first))
        elif Owner.Role.SUPPORTING in roles:
            first_support = roles.index(Owner.Role.SUPPORTING)
            for _, role, n in owners[first_support:]:
                if role == Owner.Role.LEAD:
                    self.add_error(f"owner_{n}_role", OWNER_SUPPORT_BEFORE_LEAD.format(n=n))
                    break
        data["owners"] = [(target, role) for target, role, _ in owners]
