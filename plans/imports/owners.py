"""Who is responsible, as a plan prints it ("Safeguarding Effectiveness Group", "Sharon Hewitt
with support from Elaine McShane", "QA sg", "Jim Griffiths"), read into an ordered list of
owners: each a group or person of the partnership, matched by name, short name or other name
without regard to case, spacing or punctuation, or the printed text when it is neither.

The list keeps the plan's order and says which owners lead and which support ("X with support
from Y": X leads, Y supports). `apply_owners` is the one place that writes owners onto an
objective or an action."""

import re
from dataclasses import asdict, dataclass

from kscp.core.imports import NameMatcher

GROUP, PERSON, TEXT = "group", "person", "text"
# "X with support from Y", "X supported by Y", "X with the support of Y"
SUPPORT = re.compile(
    r"\s*\b(?:with\s+(?:the\s+)?support\s+(?:from|of)|supported\s+by)\b\s*", re.IGNORECASE
)
# Where a cell's owners are split when the whole of a part is no one's name: line breaks and
# semicolons always; commas, slashes, ampersands and "and" only if every piece is a name.
LINES = re.compile(r"[\n;]+")
PIECES = re.compile(r"\s*(?:,|/|&|\+|\band\b)\s*", re.IGNORECASE)
THE = re.compile(r"^the\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Owner:
    """One owner as the plan names it: `name` as printed, `kind` group, person or text, `pk`
    of the group or person matched, `lead` False for a supporting owner."""

    name: str
    kind: str
    pk: int | None = None
    lead: bool = True

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Owner":
        return cls(**data)


def group_names(group) -> list[str]:
    return [group.name, group.short_name, *group.aliases.splitlines()]


def person_names(person) -> list[str]:
    return [person.get_full_name(), person.username, *person.aliases.splitlines()]


class OwnerMatcher:
    """The partnership's groups and people, found by any of their names."""

    def __init__(self, groups, people):
        self.groups = NameMatcher(groups, group_names)
        self.people = NameMatcher(people, person_names)

    def find(self, text: str) -> list[tuple[str, object]]:
        found = [(GROUP, g) for g in self.groups.find(text)]
        found += [(PERSON, p) for p in self.people.find(text)]
        if not found and THE.match(text):
            return self.find(THE.sub("", text))
        return found

    def find_group(self, text: str) -> list:
        return self.groups.find(text) or self.groups.find(THE.sub("", text))


@dataclass
class ReadOwners:
    owners: list[Owner]
    unknown: list[str]  # parts that are no group or person, as printed
    ambiguous: list[tuple[str, list]]  # (part, the records it could be)


def read_owners(cell: str, matcher: OwnerMatcher) -> ReadOwners:
    """The owners a "who responsible" cell names, in its order, without repeats."""
    result = ReadOwners([], [], [])
    seen = set()

    def add(owner: Owner):
        if (owner.kind, owner.pk or owner.name) not in seen:
            seen.add((owner.kind, owner.pk or owner.name))
            result.owners.append(owner)

    for line in LINES.split(cell):
        parts = SUPPORT.split(line.strip())
        for position, part in enumerate(parts):
            part = part.strip()
            if not part.strip(" ,.;"):
                continue
            lead = position == 0
            matched = _matched(part, matcher)
            if matched is None:
                add(Owner(part, TEXT, lead=lead))
                result.unknown.append(part)
                continue
            for name, found in matched:
                if len(found) > 1:
                    result.ambiguous.append((name, [record for _, record in found]))
                kind, record = found[0]
                add(Owner(name, kind, record.pk, lead))
    return result


def _matched(part: str, matcher: OwnerMatcher):
    """[(name, matches)] for the part as one name, or for each of its pieces if every piece
    is a name, or for names written one after the other ("PM sg QA sg", "Phil Cross
    Safeguarding Effectiveness Group") if the whole part is made of them; None when it is
    no one's."""
    whole = matcher.find(part)
    if whole:
        return [(part, whole)]
    pieces = [piece for piece in PIECES.split(part) if piece.strip()]
    if len(pieces) > 1:
        found = [(piece, matcher.find(piece)) for piece in pieces]
        if all(matches for _, matches in found):
            return found
    return _run_together(part, matcher)


MAX_WORDS = 40


def _run_together(part: str, matcher: OwnerMatcher):
    """The part as names one after another, each as long as it can be, covering every word;
    None if it cannot be read so."""
    words = part.split()
    if len(words) < 2 or len(words) > MAX_WORDS:
        return None
    # best[i]: the names that make up words[i:], fewest first; None when none do.
    best: list = [None] * len(words) + [[]]
    for start in range(len(words) - 1, -1, -1):
        for end in range(len(words), start, -1):
            if best[end] is None or (start == 0 and end == len(words)):
                continue
            name = " ".join(words[start:end])
            found = matcher.find(name)
            if found:
                candidate = [(name, found), *best[end]]
                if best[start] is None or len(candidate) < len(best[start]):
                    best[start] = candidate
    return best[0]


def apply_owners(owners: list[Owner], *, groups: dict, people: dict) -> list[tuple]:
    """The owners as `plans.services.owners_set` takes them, the one write of owners: (group,
    person or the printed words, "lead" or "supporting") in the file's order, the leads
    first. `groups` and `people` are the partnership's, by id."""
    known = {GROUP: groups, PERSON: people}
    wanted = [
        (known[owner.kind][owner.pk] if owner.kind in known else owner.name, _role(owner))
        for owner in owners
    ]
    return sorted(wanted, key=lambda pair: pair[1] != "lead")


def _role(owner: Owner) -> str:
    return "lead" if owner.lead else "supporting"
