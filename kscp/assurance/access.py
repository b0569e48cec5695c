"""Who may do what with the yearly report, on the core policy (kscp.core.policy).

- The business unit: everything, until the report is published.
- The independent scrutineer: writes the independent scrutiny section and their evaluation.
- Lead safeguarding partners (recorded on the partnership as SafeguardingPartner): read
  drafts, comment, sign off.
- Executive members: read drafts, comment.
- Everyone of the partnership: read published reports; a draft does not exist for them (404).
- Another partnership: 404.
"""

from django.http import Http404

from kscp.assurance.models import BudgetLine, Report, SafeguardingPartner, Section, SectionImage
from kscp.core import policy
from kscp.core.models import User


def partner_roles(user: User) -> list[SafeguardingPartner]:
    """The lead safeguarding partners this person signs for; once per request."""
    cached = getattr(user, "_partner_roles", None)
    if cached is None:
        cached = (
            list(
                SafeguardingPartner.objects.filter(person=user, partnership_id=user.partnership_id)
            )
            if user.is_authenticated
            else []
        )
        user._partner_roles = cached
    return cached


def is_lead_partner(user: User) -> bool:
    return bool(partner_roles(user))


def is_scrutineer(user: User) -> bool:
    return user.is_authenticated and user.role == User.Role.SCRUTINEER


def reads_drafts(user: User) -> bool:
    """The business unit, executive members, the scrutineer and the lead partners."""
    return policy.is_business_unit(user) or policy.reads_only(user) or is_lead_partner(user)


def can_manage(user: User, report: Report) -> bool:
    return policy.can_manage(user, report.partnership_id) and not report.is_published


def can_add(user: User) -> bool:
    return policy.can_manage(user, user.partnership_id)


def can_comment(user: User, report: Report) -> bool:
    if report.is_published:
        return False
    return (
        policy.is_business_unit(user) or user.role == User.Role.EXECUTIVE or is_lead_partner(user)
    )


def can_evaluate(user: User, report: Report) -> bool:
    return not report.is_published and (is_scrutineer(user) or policy.is_business_unit(user))


def partners_to_sign(user: User, report: Report) -> list[SafeguardingPartner]:
    """The partners this person may sign the report off for now."""
    if report.status != Report.Status.WITH_PARTNERS:
        return []
    return partner_roles(user)


def reports_for_user(user: User):
    reports = Report.objects.filter(partnership_id=user.partnership_id)
    if not reads_drafts(user):
        reports = reports.filter(status=Report.Status.PUBLISHED)
    return reports


def get_report(user: User, pk) -> tuple[Report, bool]:
    """The report and whether the user may change it; 404 if they may not see it."""
    report = policy.get_for_user(Report.objects.select_related("partnership"), user, pk)
    if not report.is_published and not reads_drafts(user):
        raise Http404
    return report, can_manage(user, report)


def can_change_section(user: User, section: Section) -> bool:
    report = section.report
    if report.is_published or section.is_generated:
        return False
    if section.kind == Section.Kind.SCRUTINY and is_scrutineer(user):
        return True
    return policy.can_manage(user, report.partnership_id)


def get_section(user: User, pk) -> tuple[Section, bool]:
    section = policy.get_for_user(
        Section.objects.select_related("report", "report__partnership"),
        user,
        pk,
        partnership_field="report__partnership",
    )
    if not section.report.is_published and not reads_drafts(user):
        raise Http404
    return section, can_change_section(user, section)


def get_budget_line(user: User, pk) -> tuple[BudgetLine, bool]:
    """A line of a report's budget and whether the user may change it: as its report."""
    line = policy.get_for_user(
        BudgetLine.objects.select_related("report", "report__partnership"),
        user,
        pk,
        partnership_field="report__partnership",
    )
    if not line.report.is_published and not reads_drafts(user):
        raise Http404
    return line, can_manage(user, line.report)


def get_image(user: User, pk) -> tuple[SectionImage, bool]:
    """An image of a section and whether the user may change it: as its section."""
    image = policy.get_for_user(
        SectionImage.objects.select_related("section__report__partnership"),
        user,
        pk,
        partnership_field="section__report__partnership",
    )
    if not image.section.report.is_published and not reads_drafts(user):
        raise Http404
    return image, can_change_section(user, image.section)
