"""Business plans: a partnership's priorities for a period, the numbered objectives under
each, and the actions ("work required") under an objective, each with owners, a due month
and a RAG status that owners keep up to date."""

from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import models

from kscp.core.fields import NOTE_MAX_LENGTH, SUMMARY_MAX_LENGTH, LimitedTextField
from kscp.core.models import Group, History, Partnership, TimeStampedModel, User
from kscp.core.tracking import RAG, TrackedItem
from kscp.core.versioning import Versioned

# What a new plan's progress key proposes (Calderdale's key, 2017-2018, with a "complete"):
# words that say what each colour means, not the colour's name again.
DEFAULT_PROGRESS_KEY = {
    "not_started": "Not started",
    "red": "Tasks or outcomes have not been met or the timescale has slipped.",
    "amber": "Timescales have slipped but tasks and outcomes remain on course to be met.",
    "green": "Tasks and outcomes are completed or performance is on target.",
    "blue": "On track.",
    "complete": "Complete: nothing more to do.",
}


OWNER_TEXT_MAX_LENGTH = 300


class Plan(TimeStampedModel, Versioned):
    """A business plan for a period. Its lifecycle is draft → live → closed: the business
    unit writes a draft freely; publishing makes it live, when owners update their items;
    a closed plan is kept as it ended."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        LIVE = "live", "Live"
        CLOSED = "closed", "Closed"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="plans")
    title = models.CharField(max_length=300)
    period = models.CharField(max_length=40, help_text="For example 2019/2021")
    starts_on = models.DateField()
    ends_on = models.DateField()
    version_label = models.CharField(max_length=40, blank=True, help_text="For example V1")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    introduction = LimitedTextField(max_length=SUMMARY_MAX_LENGTH, blank=True)
    started_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_plans",
        help_text="The plan this one was rolled forward from",
    )
    version_history = LimitedTextField(
        max_length=NOTE_MAX_LENGTH,
        blank=True,
        help_text="The document's own version table, as text",
    )
    glossary = LimitedTextField(
        max_length=SUMMARY_MAX_LENGTH, blank=True, help_text="Acronyms the plan uses"
    )
    # The progress key: what each RAG value means in this plan. A blank entry means the
    # plan does not use that value, and owners are not offered it.
    key_not_started = models.CharField(
        "not started means", max_length=300, blank=True, default="Not started"
    )
    key_red = models.CharField("red means", max_length=300, blank=True)
    key_amber = models.CharField("amber means", max_length=300, blank=True)
    key_green = models.CharField("green means", max_length=300, blank=True)
    key_blue = models.CharField("blue means", max_length=300, blank=True)
    key_complete = models.CharField("complete means", max_length=300, blank=True)

    class Meta:
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="plan_period_ordered",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_draft(self) -> bool:
        """Only a draft is written: priorities, objectives and actions added, changed,
        removed and reordered."""
        return self.status == self.Status.DRAFT

    @property
    def is_live(self) -> bool:
        """Owners update the items of a live plan; draft and closed plans change only through
        the business unit."""
        return self.status == self.Status.LIVE

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The plan must end after it starts."})

    def key_words(self, rag: str) -> str:
        return getattr(self, f"key_{rag}")

    @property
    def progress_key(self) -> list[tuple[str, str, str]]:
        """(value, label, meaning) for every RAG value this plan uses, in product order."""
        return [(rag.value, rag.label, self.key_words(rag)) for rag in RAG if self.key_words(rag)]

    def rag_choices(self) -> list[tuple[str, str]]:
        return [
            (value, label if meaning == label else f"{label}: {meaning}")
            for value, label, meaning in self.progress_key
        ]


class Priority(TimeStampedModel, Versioned):
    partnership_path = "plan__partnership"
    history_indexes = [("plan", "history_id")]  # the latest of a plan's (plan_stamps)

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=500)
    aim = LimitedTextField(max_length=NOTE_MAX_LENGTH, blank=True)
    strategic_aim = models.CharField("link to strategic aim", max_length=500, blank=True)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="priority_number_unique"),
        ]

    def __str__(self):
        return f"Priority {self.number}: {self.title}"


def number_sort_key(number: str) -> int:
    """'1.10' sorts after '1.9': each dotted part becomes three decimal digits."""
    key = 0
    parts = (number.split(".") + ["0", "0"])[:3]
    for part in parts:
        digits = "".join(ch for ch in part if ch.isdigit()) or "0"
        key = key * 1000 + min(int(digits), 999)
    return key


def words_before(roles: list[str]) -> list[str]:
    """The words printed before each owner of these roles, in the plan's order: nothing
    before the first, a comma between owners of one role, "with support from" before the
    first supporting owner (Kirklees 4.6: "Sharon Hewitt with support from Elaine
    McShane")."""
    words, role = [], None
    for owner_role in roles:
        if role is None:
            words.append("")
        elif owner_role != role and owner_role == Owner.Role.SUPPORTING:
            words.append(" with support from ")
        else:
            words.append(", ")
        role = owner_role
    return words


def printed_owners(owners: list[tuple[str, str]]) -> str:
    """(name, role) pairs in order, as a plan prints them: "A, B with support from C"."""
    before = words_before([role for _, role in owners])
    return "".join(words + name for words, (name, _) in zip(before, owners, strict=True))


class OwnerName(NamedTuple):
    """An owner as a list of items names it, read as values (plans.dashboard): the name
    Owner gives it, its group (None for a person or words) and its role."""

    name: str
    group_id: int | None
    role: str

    def __str__(self) -> str:
        return self.name


class OwnedItem:
    """An objective or an action: its owners (`owners`, Owner rows) in the plan's order."""

    def owners_in_order(self) -> list[tuple[str, "Owner"]]:
        """Each owner with the words printed before it (words_before). Reads the owners
        prefetched (`owners_prefetch`)."""
        owners = list(self.owners.all())
        return list(zip(words_before([owner.role for owner in owners]), owners, strict=True))

    @property
    def owners_text(self) -> str:
        """The owners as the plan prints them, in its order."""
        return printed_owners([(str(owner), owner.role) for owner in self.owners.all()])


class Objective(OwnedItem, TrackedItem):
    """A numbered line of a plan: what will be done, by whom, by when, and how the
    partnership will know it made a difference for children and young people."""

    partnership_path = "plan__partnership"
    history_indexes = [
        ("plan", "history_id"),  # the latest of a plan's (plan_stamps)
        # a plan's rows up to a day gone by, counted from the index alone (kept_counts_at)
        ("plan", "history_date", "history_id"),
    ]

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="objectives")
    number = models.CharField(max_length=20, help_text="For example 1.1")
    sort_key = models.PositiveBigIntegerField(default=0, editable=False)
    action = LimitedTextField(
        "objective", max_length=NOTE_MAX_LENGTH, help_text="What will be done"
    )
    outcome = LimitedTextField(max_length=NOTE_MAX_LENGTH, blank=True)
    outcome_measure = LimitedTextField(max_length=NOTE_MAX_LENGTH, blank=True)
    difference = LimitedTextField(
        "what difference will it make for children and young people",
        max_length=NOTE_MAX_LENGTH,
        blank=True,
    )
    references = models.CharField(
        max_length=300,
        blank=True,
        help_text="Strategy links, audit and indicator codes, for example WT CYPP, MAA24, PM 1.2",
    )
    reporting_group = models.ForeignKey(
        Group,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_objectives",
        verbose_name="reports to",
    )
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_into",
        help_text="The objective of an earlier plan this one carries forward",
    )

    class Meta:
        ordering = ["plan", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="objective_number_unique"),
        ]

    def __str__(self):
        return f"{self.number} {self.action[:80]}"

    def clean(self):
        super().clean()
        if self.priority_id and self.plan_id and self.priority.plan_id != self.plan_id:
            raise ValidationError({"priority": "The priority must belong to the same plan."})
        if (
            self.reporting_group_id
            and self.plan_id
            and self.reporting_group.partnership_id != self.plan.partnership_id
        ):
            raise ValidationError(
                {"reporting_group": "The group must belong to the plan's partnership."}
            )

    def save(self, *args, **kwargs):
        if self.priority_id and not self.plan_id:
            self.plan_id = self.priority.plan_id
        self.sort_key = number_sort_key(self.number)
        super().save(*args, **kwargs)


class Action(OwnedItem, TrackedItem):
    """A step under an objective ("work required"), with its own lead and timescale."""

    partnership_path = "objective__plan__partnership"
    # the latest of an objective's (plan_stamps with actions, by the plan's objectives)
    history_indexes = [("objective", "history_id")]

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="actions")
    label = models.CharField(max_length=10, help_text="For example a), b) or 1")
    position = models.PositiveSmallIntegerField(default=1)
    description = LimitedTextField("work required", max_length=NOTE_MAX_LENGTH)

    class Meta:
        ordering = ["objective", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "position"], name="action_position_unique"
            ),
        ]

    def __str__(self):
        return f"{self.objective.number} {self.label} {self.description[:60]}"

    @property
    def plan(self):
        return self.objective.plan


class PlanImport(TimeStampedModel):
    """A plan's file (a Word document, a workbook or a CSV file) uploaded to write a draft:
    its cells are kept between the upload, the choice of columns, the check and the preview;
    then the plan it describes is created in the draft entirely, or the file is discarded."""

    partnership_path = "plan__partnership"

    class Status(models.TextChoices):
        UPLOADED = "uploaded", "Uploaded, its columns to choose"
        CHECKED = "checked", "Checked, waiting to be imported"
        IMPORTED = "imported", "Imported"
        DISCARDED = "discarded", "Discarded"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="imports")
    filename = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="plan_imports"
    )
    header = models.JSONField(default=list, help_text="The file's header row")
    rows = models.JSONField(default=list, help_text="The file's rows: [where, [cells]]")
    mapping = models.JSONField(default=dict, help_text="The plan's column → the file's column")
    keep_text = models.BooleanField("keep owners who are no group or person as text", default=False)
    checked = models.JSONField(default=dict, help_text="The plan as it will be created")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UPLOADED)
    imported_at = models.DateTimeField(null=True, blank=True)
    # The cells are the plan's own text, kept in the plan once imported: not in history too.
    own_history = True
    history = History(excluded_fields=["header", "rows", "checked"])

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename} for {self.plan}"


class Owner(TimeStampedModel):
    """One owner of an objective or of an action, at its place in the plan's order: a group
    or a person of the partnership, or, for an owner who is neither, the words the plan
    prints ("KSCB Chair"). A lead owns the item; a supporting owner ("with support from") is
    printed after the leads. Both update the item (plans/access.py). Written only through
    `plans.services.owners_set`, which keeps every change in history."""

    class Role(models.TextChoices):
        LEAD = "lead", "Lead"
        SUPPORTING = "supporting", "In support"

    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, null=True, blank=True, related_name="owners"
    )
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, null=True, blank=True, related_name="owners"
    )
    position = models.PositiveSmallIntegerField()
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.LEAD)
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, null=True, blank=True, related_name="ownerships"
    )
    person = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="ownerships"
    )
    text = models.CharField(
        "other owner",
        max_length=OWNER_TEXT_MAX_LENGTH,
        blank=True,
        help_text="Only for an owner who is not a known person or group",
    )

    class Meta:
        ordering = ["position"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(objective__isnull=False, action__isnull=True)
                    | models.Q(objective__isnull=True, action__isnull=False)
                ),
                name="owner_of_one_item",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(group__isnull=False, person__isnull=True, text="")
                    | models.Q(group__isnull=True, person__isnull=False, text="")
                    | (models.Q(group__isnull=True, person__isnull=True) & ~models.Q(text=""))
                ),
                name="owner_is_one_group_person_or_text",
            ),
            models.UniqueConstraint(
                fields=["objective", "position"],
                condition=models.Q(objective__isnull=False),
                name="owner_objective_position_unique",
            ),
            models.UniqueConstraint(
                fields=["action", "position"],
                condition=models.Q(action__isnull=False),
                name="owner_action_position_unique",
            ),
        ]

    def __str__(self):
        if self.group_id:
            return self.group.name
        if self.person_id:
            return str(self.person)
        return self.text

    @property
    def is_supporting(self) -> bool:
        return self.role == self.Role.SUPPORTING

    @property
    def item(self):
        return self.objective if self.objective_id else self.action


VERSION_SUMMARY_MAX_LENGTH = 1_000


class PlanVersion(TimeStampedModel):
    """A version of a live plan (Calderdale's V1 … V8): its number, when and by whom it was
    published, the business unit's summary of what changed, and the changes since the
    version before, computed from history when it was published and kept as they were
    (`changes`: [{"number": "1.1", "what": "added" | "removed" | "changed",
    "details": ["RAG status: Amber → Green", …]}, …])."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    summary = LimitedTextField("what changed", max_length=VERSION_SUMMARY_MAX_LENGTH)
    changes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique"),
        ]

    def __str__(self):
        return f"{self.plan} {self.label}"

    @property
    def label(self) -> str:
        return f"V{self.number}"


def version_number(label: str) -> int:
    """The number of a version label ("V8" → 8; none → 0)."""
    digits = "".join(ch for ch in label if ch.isdigit())
    return int(digits) if digits else 0


def owners_prefetch(lookup: str = "owners") -> models.Prefetch:
    """The owners of objectives or actions in the plan's order, with their groups and people:
    one query for all the items however many."""
    return models.Prefetch(lookup, queryset=Owner.objects.select_related("group", "person"))
