"""Reads of the yearly report that its pages share: the contents checklist's coverage, the
publish-by and send-by clocks, and what the report page shows."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from kscp.assurance.models import BudgetLine, ChecklistItem, Report, Section
from kscp.assurance.services import settings_for
from reviews.clocks import Clock

# A narrative of fewer words than this covers an item only thinly.
THIN_BELOW_WORDS = 100
COVERED, THIN, MISSING = "Covered", "Thin", "Missing"
COVERAGE_TAGS = {COVERED: "govuk-tag--green", THIN: "govuk-tag--yellow", MISSING: "govuk-tag--red"}


def section_words(section: Section) -> int:
    return len(section.body.split())


def coverage_of(sections: list[Section], has_budget: bool = True) -> str:
    """Covered: a generated section (the budget only once it has lines), or narrative of at
    least THIN_BELOW_WORDS words in all; thin: some narrative, less than that; missing: no
    section, or only empty ones."""
    budget = Section.Generator.BUDGET
    if any(s.is_generated and (has_budget or s.generator != budget) for s in sections):
        return COVERED
    words = sum(section_words(s) for s in sections)
    if words >= THIN_BELOW_WORDS:
        return COVERED
    return THIN if words else MISSING


@dataclass
class ChecklistRow:
    item: ChecklistItem
    sections: list
    coverage: str

    @property
    def tag_class(self) -> str:
        return COVERAGE_TAGS[self.coverage]


def checklist(report: Report) -> list[ChecklistRow]:
    """Each item of the partnership's checklist with the report's sections mapped to it and
    how well they cover it: three queries."""
    items = list(ChecklistItem.objects.filter(partnership_id=report.partnership_id))
    by_item: dict[int, list] = {item.pk: [] for item in items}
    through = Section.covers.through.objects.filter(section__report=report).select_related(
        "section"
    )
    for link in through.order_by("section__position"):
        by_item.setdefault(link.checklistitem_id, []).append(link.section)
    has_budget = BudgetLine.objects.filter(report_id=report.pk).exists()
    rows = []
    for item in items:
        sections = by_item[item.pk]
        rows.append(ChecklistRow(item, sections, coverage_of(sections, has_budget)))
    return rows


def publish_by(report: Report) -> datetime.date:
    months = settings_for(report.partnership).publish_within_months
    return report.period_end + relativedelta(months=months)


def clocks(report: Report, today: datetime.date | None = None) -> list[Clock]:
    """Publishing by the partnership's deadline; then sending to the Panel and the DfE."""
    today = today or timezone.localdate()
    found = [Clock("Publish", publish_by(report), report.published_on, today)]
    if report.published_on:
        days = settings_for(report.partnership).send_within_days
        send_by = report.published_on + datetime.timedelta(days=days)
        found.append(Clock("Send to the national Panel", send_by, report.sent_to_panel_on, today))
        found.append(
            Clock("Send to the Department for Education", send_by, report.sent_to_dfe_on, today)
        )
    return found


def standing_sign_offs(report: Report):
    return report.sign_offs.filter(withdrawn_at__isnull=True).select_related("partner", "signed_by")


@dataclass
class PartnerRow:
    partner: object
    sign_off: object


def partner_rows(report: Report) -> list[PartnerRow]:
    """Each lead safeguarding partner with their standing sign-off, if any."""
    signed = {s.partner_id: s for s in standing_sign_offs(report)}
    return [
        PartnerRow(p, signed.get(p.pk))
        for p in report.partnership.safeguarding_partners.select_related("person")
    ]
