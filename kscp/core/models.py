"""The partnership's structure: who it is, which agencies and people belong to it, and the
groups through which it governs its work. Every other record hangs from a Partnership."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from simple_history.manager import HistoryDescriptor
from simple_history.models import HistoricalRecords

from kscp.core.fields import (
    DOCUMENT_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    LimitedTextField,
)
from kscp.core.versioning import Versioned


class History(HistoricalRecords):
    """A record's history (django-simple-history), without rows that say nothing new.

    A restore (`loaddata`) writes none: the backup holds the history already. simple-history
    skips a raw save, but not the setting of the loaded record's many-to-many fields that
    follows it, and those rows took the ids the backup's own rows need. A save of fields the
    history leaves out (a sign-in's `last_login`) writes none either."""

    def post_save(self, instance, created, using=None, **kwargs):
        if kwargs.get("raw"):
            # The deserialiser sets the many-to-many fields of this same instance next.
            instance.skip_history_when_saving = True
            return
        update_fields = kwargs.get("update_fields")
        if update_fields and not self.keeps_any(instance, update_fields):
            return
        super().post_save(instance, created, using=using, **kwargs)

    def keeps_any(self, instance, field_names) -> bool:
        return any(field.name in field_names for field in self.fields_included(instance))

    def get_meta_options(self, model):
        """With an index for each of the model's `history_indexes` (field names of its
        history rows), for reading the latest history of a plan's objectives, say."""
        options = super().get_meta_options(model)
        extra = [models.Index(fields=fields) for fields in getattr(model, "history_indexes", ())]
        if extra:
            options["indexes"] = (*options.get("indexes", ()), *extra)
        return options

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        made = sender.__dict__.get(self.manager_name)
        if type(made) is HistoryDescriptor:
            setattr(
                sender,
                self.manager_name,
                KeptHistoryDescriptor(
                    made.model, manager=made.manager_class, queryset=made.queryset_class
                ),
            )


class KeptHistoryDescriptor(HistoryDescriptor):
    """`Model.history`, its manager class made once: simple-history's descriptor makes a
    new class at every read (0.15 ms, and a dashboard reads it some thirty times)."""

    @cached_property
    def manager(self):
        return self.manager_class.from_queryset(self.queryset_class)

    def __get__(self, instance, owner):
        return self.manager(self.model, instance)


class InheritedHistory(History):
    """History for every subclass, unless the subclass declares its own `history` (to track
    its many-to-many fields, say) and sets `own_history = True`."""

    def finalize(self, sender, **kwargs):
        if self.cls is not sender and getattr(sender, "own_history", False):
            return
        super().finalize(sender, **kwargs)


class TimeStampedModel(models.Model):
    """Base for every record the partnership keeps: when it was made and last changed, and a
    history row for every change."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = InheritedHistory(inherit=True)

    class Meta:
        abstract = True


class Partnership(TimeStampedModel, Versioned):
    """A Local Safeguarding Children Partnership (or, before 2019, a Board)."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=20, help_text="For example KSCP")
    slug = models.SlugField(unique=True)
    cspr_publication_months = models.PositiveSmallIntegerField(
        "months to publish a local CSPR",
        default=6,
        help_text="A local child safeguarding practice review is published within this many "
        "months of the decision to hold it",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cspr_publication_months__gte=1), name="cspr_months_positive"
            ),
        ]

    def __str__(self):
        return self.name


class Sector(models.TextChoices):
    """The sectors of the annual statement's classroom-training table, plus Police."""

    LOCAL_AUTHORITY = "local_authority", "Local authority"
    EDUCATION = "education", "Education"
    VOLUNTARY = "voluntary", "Voluntary / Charity"
    HEALTH = "health", "Health"
    POLICE = "police", "Police"
    PRIVATE = "private", "Private sector"
    HOUSING = "housing", "Housing"
    JUSTICE = "justice", "Justice / Offending / Public protection"
    OTHER_LOCAL_AUTHORITY = "other_local_authority", "Outside the local authority area"
    CAREERS = "careers", "Careers"
    DRUG_ALCOHOL = "drug_alcohol", "Drug and alcohol services"
    EMPLOYMENT = "employment", "Employment"
    RELIGIOUS = "religious", "Religious"
    OTHER = "other", "Other"


class Agency(TimeStampedModel, Versioned):
    """A member organisation of the partnership."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="agencies")
    name = models.CharField(max_length=200)
    sector = models.CharField(max_length=30, choices=Sector.choices)
    is_statutory_partner = models.BooleanField(
        "statutory partner",
        default=False,
        help_text="The local authority, the clinical commissioning group and the police",
    )
    aliases = LimitedTextField(
        max_length=NOTE_MAX_LENGTH,
        blank=True,
        help_text="Other names the agency goes by in booking systems and spreadsheets, one a "
        "line, for example KMC for Kirklees Council",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="agency_name_unique"),
        ]

    def __str__(self):
        return self.name


class User(AbstractUser, Versioned):
    """A person who works with the partnership. `role` says what they may do across it;
    memberships say which groups they sit on."""

    class Role(models.TextChoices):
        BUSINESS_UNIT = "business_unit", "Business unit"
        EXECUTIVE = "executive", "Executive member"
        SCRUTINEER = "scrutineer", "Independent scrutineer"
        MEMBER = "member", "Lead or member"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    job_title = models.CharField(max_length=200, blank=True)
    aliases = LimitedTextField(
        "other names",
        max_length=NOTE_MAX_LENGTH,
        blank=True,
        help_text="Other names plans call the person by, one a line, for example Jim "
        "Griffiths for James Griffiths: an imported plan's owners match them",
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    receives_reminders = models.BooleanField(
        "e-mail me reminders",
        default=True,
        help_text="Update rounds' opening e-mails and reminders; escalations after a deadline "
        "and account e-mails always go",
    )
    # Changes of role, agency and partnership are changes of privilege: keep them.
    history = History(excluded_fields=["password", "last_login"])
    # A sign-in (Django's `update_last_login`) and a password set, reset or upgraded by
    # Django save these alone: not edits of the person, so no version is claimed.
    bookkeeping_fields = frozenset({"last_login", "password"})

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return self.named(self.first_name, self.last_name, self.username)

    @staticmethod
    def named(first_name: str, last_name: str, username: str) -> str:
        """How a person is named: in full, or by username (for lists read as values)."""
        return f"{first_name} {last_name}".strip() or username

    def save(self, *args, **kwargs):
        # The business unit sets the partnership up in the admin; nobody else may enter it.
        self.is_staff = self.is_superuser or self.role == self.Role.BUSINESS_UNIT
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.agency_id and self.agency.partnership_id != self.partnership_id:
            raise ValidationError({"agency": "The agency must belong to the person's partnership."})

    @property
    def is_business_unit(self):
        return self.role == self.Role.BUSINESS_UNIT


class Group(TimeStampedModel, Versioned):
    """A governance body: the partnership board, its executive, sub-groups, task-and-finish
    groups and panels, each reporting to a parent."""

    class Kind(models.TextChoices):
        BOARD = "board", "Partnership board"
        EXECUTIVE = "executive", "Executive"
        SUB_GROUP = "sub_group", "Sub-group"
        TASK_AND_FINISH = "task_and_finish", "Task and finish group"
        PANEL = "panel", "Panel"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(max_length=200)
    short_name = models.CharField(
        max_length=40, blank=True, help_text="How plans refer to it, for example QA sg"
    )
    aliases = LimitedTextField(
        "other names",
        max_length=NOTE_MAX_LENGTH,
        blank=True,
        help_text="Other names plans call the group by, one a line, for example Practice "
        "review sub group: an imported plan's owners match them",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="reports to",
    )
    chair = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="chaired_groups"
    )
    vice_chair = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="vice_chaired_groups"
    )
    purpose = LimitedTextField(max_length=SUMMARY_MAX_LENGTH, blank=True)
    terms_of_reference = LimitedTextField(max_length=DOCUMENT_MAX_LENGTH, blank=True)
    meeting_frequency = models.CharField(max_length=200, blank=True)
    quorum_min_members = models.PositiveSmallIntegerField(null=True, blank=True)
    quorum_min_agencies = models.PositiveSmallIntegerField(null=True, blank=True)
    quorum_chair_required = models.BooleanField(
        "chair or vice-chair required for quorum", default=False
    )
    reviews_cases = models.BooleanField(
        "reviews cases",
        default=False,
        help_text="The practice review sub-group: its members see case-review records",
    )
    manages_training = models.BooleanField(
        "manages training",
        default=False,
        help_text="The learning and development sub-group: its members manage courses, "
        "sessions, registers and imports",
    )
    is_active = models.BooleanField(
        "still meets",
        default=True,
        help_text="Untick for a group that no longer meets (a board's workstream, say): it "
        "stays with its plans and history, but lists and filters leave it out unless asked",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="group_name_unique"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="group_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.parent_id and self.parent.partnership_id != self.partnership_id:
            errors["parent"] = "A group can only report to a group of the same partnership."
        ancestor, seen = self.parent, set()
        while ancestor is not None and self.pk and ancestor.pk not in seen:
            if ancestor.pk == self.pk:
                errors["parent"] = "A group cannot report to itself or to a group beneath it."
                break
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
        for field in ("chair", "vice_chair"):
            person = getattr(self, field)
            if person is not None and person.partnership_id != self.partnership_id:
                errors[field] = "The chair must be a person of the same partnership."
        if self.chair_id and self.chair_id == self.vice_chair_id:
            errors["vice_chair"] = "The vice-chair must be a different person from the chair."
        if errors:
            raise ValidationError(errors)

    @property
    def quorum_description(self):
        parts = []
        if self.quorum_min_members:
            parts.append(f"{self.quorum_min_members} members")
        if self.quorum_min_agencies:
            parts.append(f"from {self.quorum_min_agencies} agencies")
        text = " ".join(parts)
        if self.quorum_chair_required:
            text = (
                f"{text}, including the chair or vice-chair" if text else "The chair or vice-chair"
            )
        return text[:1].upper() + text[1:] if text else ""


class Membership(TimeStampedModel, Versioned):
    """A person's seat on a group. Leads may update what the group owns; members read it."""

    partnership_path = "group__partnership"

    class Role(models.TextChoices):
        LEAD = "lead", "Lead (may update the group's objectives)"
        MEMBER = "member", "Member"

        @property
        def can_edit(self):
            return self == Membership.Role.LEAD

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    represents = models.CharField(
        max_length=200, blank=True, help_text="The role they sit in, for example Designated Nurse"
    )

    class Meta:
        ordering = ["group__name", "person__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], name="membership_unique"),
        ]

    def __str__(self):
        return f"{self.person} — {self.group}"

    @property
    def can_edit(self):
        return Membership.Role(self.role).can_edit

    def clean(self):
        super().clean()
        if (
            self.group_id
            and self.person_id
            and self.group.partnership_id != self.person.partnership_id
        ):
            raise ValidationError("Only people of the group's partnership can be members.")


class EmailDue(models.Model):
    """Something a person is due to be told by e-mail: an update round opening, a reminder,
    an escalation, a case-review clock. The database allows one per person, topic ("round:12"),
    kind ("opening", "reminder-5", "escalation") and date, so that two runs of the sender, or
    two at once on different servers, never record it twice. The dues of a person are sent
    together in one e-mail (`email`), at most one a day."""

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="emails_due")
    topic = models.CharField(max_length=100)
    kind = models.CharField(max_length=40)
    due_on = models.DateField()
    stream = models.CharField(
        max_length=20, default="digest", help_text="Which of the person's daily e-mails it joins"
    )
    email = models.ForeignKey(
        "OutgoingEmail", on_delete=models.SET_NULL, null=True, blank=True, related_name="dues"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = "e-mail due"
        verbose_name_plural = "e-mails due"
        constraints = [
            models.UniqueConstraint(
                fields=["person", "topic", "kind", "due_on"], name="email_due_once"
            ),
        ]
        indexes = [models.Index(fields=["topic", "kind"])]

    def __str__(self):
        return f"{self.kind} of {self.topic} to {self.person} ({self.due_on})"


class OutgoingEmail(models.Model):
    """One e-mail to a person: the digest of what they are due to be told that day (at most
    one a day in each `stream`), with whether it went, and why not. A failed send is tried
    again by the next run."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        NOT_NEEDED = "not_needed", "Not needed: nothing was left to say"

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="emails")
    day = models.DateField()
    stream = models.CharField(max_length=20, default="digest")
    to = models.EmailField(blank=True)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "pk"]
        verbose_name = "e-mail"
        constraints = [
            models.UniqueConstraint(fields=["person", "day", "stream"], name="one_email_a_day"),
        ]

    def __str__(self):
        return f"{self.subject or self.stream} to {self.person} ({self.day})"
