"""The yearly report (the annual assurance statement): what the safeguarding partners and
their agencies did under the arrangements in a 12-month period and how effective they were
(Children Act 2004 s16G). Its sections are written in the browser (narrative) or computed
from the records for the period (generated); a contents checklist from the statutory
guidance says what it covers; the lead safeguarding partners sign it off; once published it
is frozen."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from kscp.core.fields import DOCUMENT_MAX_LENGTH, NOTE_MAX_LENGTH, LimitedTextField
from kscp.core.models import Partnership, TimeStampedModel, User
from kscp.core.versioning import Versioned

PERIOD_NOT_TWELVE_MONTHS = "The period must be 12 months: it ends the day before it starts again"


class ReportSettings(TimeStampedModel, Versioned):
    """The partnership's rules for its yearly report; both numbers change with guidance."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="report_settings"
    )
    publish_within_months = models.PositiveSmallIntegerField(
        "months to publish the report",
        default=3,
        help_text="The report is published within this many months of the period's end",
    )
    send_within_days = models.PositiveSmallIntegerField(
        "days to send the report to the Panel and the DfE",
        default=7,
        help_text="The published report is sent to the national Panel and the Department for "
        "Education within this many days",
    )

    class Meta:
        verbose_name = "report settings"
        verbose_name_plural = "report settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(publish_within_months__gte=1), name="report_publish_months_positive"
            ),
            models.CheckConstraint(
                condition=Q(send_within_days__gte=1), name="report_send_days_positive"
            ),
        ]

    def __str__(self):
        return f"Report settings of {self.partnership}"


class SafeguardingPartner(TimeStampedModel, Versioned):
    """A lead safeguarding partner of the partnership (Working Together): the person who
    signs the yearly report off for the local authority, the police or the integrated care
    board (or their delegate)."""

    partnership_path = "partnership"

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        POLICE = "police", "Police"
        HEALTH = "health", "Integrated care board"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="safeguarding_partners"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    person = models.ForeignKey(User, on_delete=models.PROTECT, related_name="partner_roles")
    office = models.CharField(
        max_length=200, blank=True, help_text="For example Chief Executive, Kirklees Council"
    )

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "kind"], name="one_safeguarding_partner_per_kind"
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_kind_display()})"

    def clean(self):
        super().clean()
        if self.person_id and self.person.partnership_id != self.partnership_id:
            raise ValidationError({"person": "The person must belong to the partnership."})


class ChecklistItem(TimeStampedModel, Versioned):
    """One thing the statutory guidance says the yearly report should contain; the business
    unit keeps the list as guidance changes."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="report_checklist"
    )
    position = models.PositiveSmallIntegerField(default=0)
    key = models.SlugField(
        max_length=40, blank=True, help_text="Which template sections cover it by default"
    )
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "text"], name="checklist_text_unique"),
        ]

    def __str__(self):
        return self.text


class Acronym(TimeStampedModel):
    """An acronym the partnership's documents use; the report's glossary lists those that
    appear in it."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="acronyms")
    term = models.CharField(max_length=40)
    meaning = models.CharField(max_length=300)
    always_listed = models.BooleanField(
        "always in the glossary",
        default=False,
        help_text="Listed in every report's glossary, even one that does not use it (a "
        "document's glossary transcribed whole)",
    )

    class Meta:
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "term"], name="acronym_unique"),
        ]

    def __str__(self):
        return self.term


class Report(TimeStampedModel, Versioned):
    """The yearly report of a partnership for a 12-month period."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        WITH_PARTNERS = "with_partners", "With partners for sign-off"
        SIGNED_OFF = "signed_off", "Signed off"
        PUBLISHED = "published", "Published"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="reports")
    title = models.CharField(max_length=300)
    period_start = models.DateField("period starts")
    period_end = models.DateField("period ends")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_on = models.DateField("publication date", null=True, blank=True)
    sent_to_panel_on = models.DateField("sent to the national Panel on", null=True, blank=True)
    sent_to_dfe_on = models.DateField(
        "sent to the Department for Education on", null=True, blank=True
    )
    scrutiny_evaluation = LimitedTextField(
        "independent scrutineer's evaluation", max_length=NOTE_MAX_LENGTH * 2, blank=True
    )
    evaluation_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pdf = models.FileField(upload_to="reports/", blank=True, editable=False)

    class Meta:
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "period_start"], name="one_report_per_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=models.F("period_start")),
                name="report_period_ordered",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.period_start and self.period_end:
            if self.period_end != twelve_months_from(self.period_start):
                raise ValidationError({"period_end": PERIOD_NOT_TWELVE_MONTHS})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def year(self) -> int:
        """The financial year its figures count in: the one holding the period's start."""
        start = self.period_start
        return start.year if start.month >= 4 else start.year - 1

    @property
    def period_label(self) -> str:
        return f"{self.period_start:%B %Y} to {self.period_end:%B %Y}"


def twelve_months_from(start: datetime.date) -> datetime.date:
    return start + relativedelta(years=1, days=-1)


class Section(TimeStampedModel, Versioned):
    """A section of the report, in order: narrative written in the browser (Markdown), the
    independent scrutiny (written by the scrutineer), or generated from the records."""

    class Kind(models.TextChoices):
        NARRATIVE = "narrative", "Narrative"
        SCRUTINY = "scrutiny", "Independent scrutiny"
        GENERATED = "generated", "Generated from the records"

    class Generator(models.TextChoices):
        PLAN_PROGRESS = "plan_progress", "Business plan progress"
        REVIEWS = "reviews", "Learning from reviews"
        RECOMMENDATIONS = "recommendations", "Decisions and actions on review recommendations"
        WORKFORCE = "workforce", "Workforce development"
        NEXT_PRIORITIES = "next_priorities", "Priorities of the next plan"
        BUDGET = "budget", "Budget"
        GLOSSARY = "glossary", "Glossary"

    partnership_path = "report__partnership"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NARRATIVE)
    generator = models.CharField(max_length=30, choices=Generator.choices, blank=True)
    body = LimitedTextField(
        max_length=DOCUMENT_MAX_LENGTH,
        blank=True,
        help_text="Markdown: ## for a heading, * for a list item, | for a table",
    )
    covers = models.ManyToManyField(ChecklistItem, blank=True, related_name="sections")
    # A published report's generated sections, as they were computed when it was published.
    frozen_html = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="generated", generator__gt="")
                | (~Q(kind="generated") & Q(generator="")),
                name="section_generator_only_for_generated",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_generated(self) -> bool:
        return self.kind == self.Kind.GENERATED

    @property
    def anchor(self) -> str:
        return f"section-{self.pk}"


class SectionImage(TimeStampedModel):
    """An image of a narrative section (a diagram, a chart of the partnership's own), shown
    after its text in the page, the PDF and the Word document, with its alternative text for
    those who cannot see it. Only PNG and JPEG, checked by their content."""

    class Format(models.TextChoices):
        PNG = "image/png", "PNG"
        JPEG = "image/jpeg", "JPEG"

    partnership_path = "section__report__partnership"

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="images")
    image = models.FileField(upload_to="report-images/", editable=False)
    content_type = models.CharField(max_length=20, choices=Format.choices, editable=False)
    alt_text = models.CharField(
        "alternative text",
        max_length=300,
        help_text="What the image shows, for those who cannot see it: read out by screen "
        "readers, and kept in the PDF and the Word document",
    )
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.alt_text


BUDGET_MAX_POUNDS = 100_000_000
AMOUNT_TOO_LARGE = "Enter an amount of £100,000,000 or less"


class BudgetLine(TimeStampedModel, Versioned):
    """A line of the report's budget (Appendix 1 of the 2019/20 statement): what a partner
    contributed, or what was spent on a line of expenditure, in whole pounds."""

    class Kind(models.TextChoices):
        CONTRIBUTION = "contribution", "Contribution by a partner"
        EXPENDITURE = "expenditure", "Expenditure"

    partnership_path = "report__partnership"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="budget_lines")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    label = models.CharField(
        "partner or line",
        max_length=200,
        help_text="The partner that contributed, or what the money was spent on",
    )
    amount = models.PositiveIntegerField(
        "amount in pounds", help_text="Whole pounds, without the £ sign or commas"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["kind", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "kind", "label"], name="budget_line_label_unique"
            ),
            models.CheckConstraint(
                condition=Q(amount__lte=BUDGET_MAX_POUNDS), name="budget_line_amount_bounded"
            ),
        ]

    def __str__(self):
        return f"{self.label}: £{self.amount:,}"

    def clean(self):
        super().clean()
        if self.amount is not None and self.amount > BUDGET_MAX_POUNDS:
            raise ValidationError({"amount": AMOUNT_TOO_LARGE})


class SignOff(TimeStampedModel):
    """A lead safeguarding partner's sign-off of the report, with their comment. A change to
    a section afterwards withdraws it (`withdrawn_at`): they sign the report they read."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sign_offs")
    partner = models.ForeignKey(SafeguardingPartner, on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    comment = LimitedTextField(max_length=NOTE_MAX_LENGTH, blank=True)
    signed_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "partner"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_standing_sign_off_per_partner",
            ),
        ]

    def __str__(self):
        return f"Sign-off by {self.signed_by}"


class Comment(TimeStampedModel):
    """A comment on a draft by a lead safeguarding partner, an executive member or the
    business unit."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    text = LimitedTextField(max_length=NOTE_MAX_LENGTH)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"Comment by {self.author}"
