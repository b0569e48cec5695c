"""Writes of the yearly report: each a keyword-only `<noun>_<verb>`, in one transaction,
validated in full before it is saved, its history naming who made the change."""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from kscp.assurance import contents
from kscp.assurance.models import (
    BudgetLine,
    ChecklistItem,
    Comment,
    Report,
    ReportSettings,
    SafeguardingPartner,
    Section,
    SectionImage,
    SignOff,
    twelve_months_from,
)
from kscp.core.models import Partnership, User
from kscp.core.records import record_save

REPORT_PUBLISHED = "A published report cannot be changed"
NOT_A_DRAFT = "Only a draft can be sent for sign-off"
NO_PARTNERS = (
    "Record the lead safeguarding partners of the partnership before sending the report "
    "for sign-off"
)
NOT_WITH_PARTNERS = "The report is not with the partners for sign-off"
ALREADY_SIGNED = "You have already signed the report off for {partner}"
NOT_SIGNED_OFF = (
    "The report can be published only when every lead safeguarding partner has signed it off"
)
NOT_A_PARTNER = "Only a lead safeguarding partner can sign the report off"
IMAGES_FULL = "A section has at most {count} images"
IMAGES_ONLY_IN_WRITTEN = "Images go in narrative and scrutiny sections only"
IMAGES_MAX_PER_SECTION = 10
BUDGET_FULL = "A report's budget has at most {count} lines"
BUDGET_LINE_TAKEN = "The budget already has a line {label} of this kind"
BUDGET_MAX_LINES = 60
PUBLISHED_IN_FUTURE = "The publication date cannot be in the future"
SENT_BEFORE_PUBLISHED = "The report cannot have been sent before it was published"
NOT_PUBLISHED = "Record when the report was sent once it has been published"


def settings_for(partnership: Partnership) -> ReportSettings:
    """The partnership's report settings, or the defaults (unsaved) until the business unit
    sets them in the admin: reading a report writes nothing."""
    found = ReportSettings.objects.filter(partnership=partnership).first()
    return found or ReportSettings(partnership=partnership)


def checklist_seed(*, partnership: Partnership) -> list[ChecklistItem]:
    """The statutory contents checklist, the first time the partnership needs it."""
    existing = list(ChecklistItem.objects.filter(partnership=partnership))
    if existing:
        return existing
    return [
        ChecklistItem.objects.create(partnership=partnership, position=n, key=key, text=text)
        for n, (key, text) in enumerate(contents.CHECKLIST, start=1)
    ]


@transaction.atomic
def report_create(
    *, partnership: Partnership, user: User, period_start: datetime.date, title: str
) -> Report:
    """A new draft for the 12 months from `period_start`: the previous report's sections as
    a starting draft (narrative copied, generated sections recomputed), or else the
    sections of the 2019/20 statement."""
    items = {item.key: item for item in checklist_seed(partnership=partnership)}
    previous = (
        Report.objects.filter(partnership=partnership, period_start__lt=period_start)
        .order_by("-period_start")
        .first()
    )
    report = record_save(
        Report(partnership=partnership),
        user=user,
        fields={
            "title": title,
            "period_start": period_start,
            "period_end": twelve_months_from(period_start),
        },
    )
    if previous is not None:
        for old in previous.sections.prefetch_related("covers", "images"):
            section = record_save(
                Section(report=report),
                user=user,
                fields={
                    "position": old.position,
                    "title": old.title,
                    "kind": old.kind,
                    "generator": old.generator,
                    "body": old.body,
                },
            )
            section.covers.set(old.covers.all())
            for image in old.images.all():
                _copy_image(image, section, user)
        return report
    for position, (title_, kind, generator, keys) in enumerate(contents.TEMPLATE, start=1):
        section = record_save(
            Section(report=report),
            user=user,
            fields={"position": position, "title": title_, "kind": kind, "generator": generator},
        )
        section.covers.set([items[key] for key in keys if key in items])
    return report


def _copy_image(image: SectionImage, section: Section, user: User) -> SectionImage:
    """The image again, for the new report's copy of its section: a file of its own, so
    that removing it from the draft leaves last year's report whole."""
    copy = SectionImage(
        section=section,
        content_type=image.content_type,
        width=image.width,
        height=image.height,
        position=image.position,
        alt_text=image.alt_text,
    )
    with image.image.open("rb") as file:
        copy.image.save(image.image.name.rsplit("/", 1)[-1], ContentFile(file.read()), save=False)
    return record_save(copy, user=user, fields={})


def _refuse_if_published(report: Report) -> None:
    if report.is_published:
        raise ValidationError(REPORT_PUBLISHED)


def _withdraw_sign_offs(report: Report, user: User) -> int:
    """Withdraw every standing sign-off (the report they signed has changed); a signed-off
    report goes back to the partners."""
    withdrawn = 0
    for sign_off in report.sign_offs.filter(withdrawn_at__isnull=True):
        sign_off.withdrawn_at = timezone.now()
        sign_off._history_user = user
        sign_off.save()
        withdrawn += 1
    if withdrawn and report.status == Report.Status.SIGNED_OFF:
        report.refresh_from_db()
        record_save(report, user=user, fields={"status": Report.Status.WITH_PARTNERS})
    return withdrawn


@transaction.atomic
def section_update(
    *, section: Section, user: User, title: str, body: str, version: int
) -> tuple[Section, int]:
    """Save a section's words; a change after a sign-off withdraws the sign-offs. Returns
    the section and how many sign-offs were withdrawn."""
    _refuse_if_published(section.report)
    # A model form has already set its fields on `section`: compare with what is stored.
    stored = Section.objects.filter(pk=section.pk).values_list("title", "body").first()
    changed = (title, body) != stored
    section.version = version
    record_save(section, user=user, fields={"title": title, "body": body})
    withdrawn = _withdraw_sign_offs(section.report, user) if changed else 0
    return section, withdrawn


@transaction.atomic
def section_add(*, report: Report, user: User, title: str, body: str) -> Section:
    _refuse_if_published(report)
    last = report.sections.order_by("-position").values_list("position", flat=True).first()
    section = record_save(
        Section(report=report),
        user=user,
        fields={"title": title, "body": body, "position": (last or 0) + 1},
    )
    _withdraw_sign_offs(report, user)
    return section


@transaction.atomic
def section_move(*, section: Section, user: User, up: bool) -> tuple[Section, int]:
    """Swap the section with the one before (`up`) or after it; the order is part of what
    the partners sign."""
    report = section.report
    _refuse_if_published(report)
    ordered = list(report.sections.order_by("position", "pk"))
    index = next(n for n, s in enumerate(ordered) if s.pk == section.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ordered):
        return section, 0
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            record_save(item, user=user, fields={"position": position})
    return section, _withdraw_sign_offs(report, user)


@transaction.atomic
def report_send_for_sign_off(*, report: Report, user: User) -> Report:
    if report.status != Report.Status.DRAFT:
        raise ValidationError(NOT_A_DRAFT)
    if not report.partnership.safeguarding_partners.exists():
        raise ValidationError(NO_PARTNERS)
    return record_save(report, user=user, fields={"status": Report.Status.WITH_PARTNERS})


@transaction.atomic
def report_sign_off(
    *, report: Report, user: User, partner: SafeguardingPartner, comment: str
) -> SignOff:
    """A lead safeguarding partner signs the report off; when the last has, it is signed
    off."""
    if report.status != Report.Status.WITH_PARTNERS:
        raise ValidationError(NOT_WITH_PARTNERS)
    if partner.person_id != user.pk or partner.partnership_id != report.partnership_id:
        raise ValidationError(NOT_A_PARTNER)
    if report.sign_offs.filter(partner=partner, withdrawn_at__isnull=True).exists():
        raise ValidationError(ALREADY_SIGNED.format(partner=partner.get_kind_display()))
    sign_off = record_save(
        SignOff(report=report, partner=partner, signed_by=user, signed_at=timezone.now()),
        user=user,
        fields={"comment": comment.strip()},
    )
    signed = set(
        report.sign_offs.filter(withdrawn_at__isnull=True).values_list("partner_id", flat=True)
    )
    needed = set(report.partnership.safeguarding_partners.values_list("pk", flat=True))
    if needed <= signed:
        record_save(report, user=user, fields={"status": Report.Status.SIGNED_OFF})
    return sign_off


@transaction.atomic
def report_record_evaluation(*, report: Report, user: User, text: str, version: int) -> Report:
    _refuse_if_published(report)
    report.version = version
    return record_save(
        report, user=user, fields={"scrutiny_evaluation": text.strip(), "evaluation_by": user}
    )


@transaction.atomic
def comment_add(*, report: Report, user: User, text: str) -> Comment:
    _refuse_if_published(report)
    return record_save(Comment(report=report, author=user), user=user, fields={"text": text})


@transaction.atomic
def report_publish(
    *, report: Report, user: User, published_on: datetime.date, version: int
) -> Report:
    """Publish a signed-off report and freeze it: the generated sections as computed now
    and the PDF are stored, so later changes to the records do not change it."""
    from kscp.assurance import rendering  # rendering reads every app: only when publishing

    if report.status != Report.Status.SIGNED_OFF:
        raise ValidationError(NOT_SIGNED_OFF)
    if published_on > timezone.localdate():
        raise ValidationError({"published_on": PUBLISHED_IN_FUTURE})
    report.version = version
    record_save(
        report,
        user=user,
        fields={"status": Report.Status.PUBLISHED, "published_on": published_on},
    )
    for section, html in rendering.generated_now(report):
        section.frozen_html = html
        section._history_user = user
        section.save()
    pdf = rendering.report_pdf(report)
    report.pdf.save(f"{slugify(report.title)}.pdf", ContentFile(pdf), save=False)
    report._history_user = user
    report.save()
    return report


@transaction.atomic
def report_record_sending(
    *,
    report: Report,
    user: User,
    sent_to_panel_on: datetime.date | None,
    sent_to_dfe_on: datetime.date | None,
    version: int,
) -> Report:
    if not report.is_published:
        raise ValidationError(NOT_PUBLISHED)
    errors = {}
    for name, day in (("sent_to_panel_on", sent_to_panel_on), ("sent_to_dfe_on", sent_to_dfe_on)):
        if day and day < report.published_on:
            errors[name] = SENT_BEFORE_PUBLISHED
    if errors:
        raise ValidationError(errors)
    report.version = version
    return record_save(
        report,
        user=user,
        fields={"sent_to_panel_on": sent_to_panel_on, "sent_to_dfe_on": sent_to_dfe_on},
    )


def _budget_fields(report: Report, kind: str, label: str, amount: int, line_pk=None) -> dict:
    label = label.strip()
    taken = BudgetLine.objects.filter(report=report, kind=kind, label__iexact=label)
    if taken.exclude(pk=line_pk).exists():
        raise ValidationError({"label": BUDGET_LINE_TAKEN.format(label=label)})
    return {"kind": kind, "label": label, "amount": amount}


@transaction.atomic
def budget_line_add(
    *, report: Report, user: User, kind: str, label: str, amount: int
) -> tuple[BudgetLine, int]:
    """A contribution or a line of expenditure, last of its kind; part of what the partners
    sign, so it withdraws their sign-offs. Returns the line and how many were withdrawn."""
    _refuse_if_published(report)
    Report.objects.select_for_update().filter(pk=report.pk).first()  # one add at a time
    lines = BudgetLine.objects.filter(report=report)
    if lines.count() >= BUDGET_MAX_LINES:
        raise ValidationError(BUDGET_FULL.format(count=BUDGET_MAX_LINES))
    last = lines.filter(kind=kind).order_by("-position").values_list("position", flat=True)
    line = record_save(
        BudgetLine(report=report, position=(last.first() or 0) + 1),
        user=user,
        fields=_budget_fields(report, kind, label, amount),
    )
    return line, _withdraw_sign_offs(report, user)


@transaction.atomic
def budget_line_update(
    *, line: BudgetLine, user: User, kind: str, label: str, amount: int, version: int
) -> tuple[BudgetLine, int]:
    report = line.report
    _refuse_if_published(report)
    stored = BudgetLine.objects.filter(pk=line.pk).values_list("kind", "label", "amount").first()
    fields = _budget_fields(report, kind, label, amount, line_pk=line.pk)
    line.version = version
    record_save(line, user=user, fields=fields)
    changed = stored != (fields["kind"], fields["label"], fields["amount"])
    return line, _withdraw_sign_offs(report, user) if changed else 0


@transaction.atomic
def budget_line_remove(*, line: BudgetLine, user: User, version: int) -> int:
    """Remove the line, if nobody changed it since it was read; returns how many sign-offs
    were withdrawn."""
    report = line.report
    _refuse_if_published(report)
    line.version = version
    line._history_user = user
    line.save()  # claims the version: a stale removal is refused like a stale change
    line.delete()
    return _withdraw_sign_offs(report, user)


@transaction.atomic
def section_image_add(
    *, section: Section, user: User, upload, alt_text: str
) -> tuple[SectionImage, int]:
    """An image after the section's text, checked by its content (kscp.assurance.images);
    part of what the partners sign. Returns it and how many sign-offs were withdrawn."""
    from kscp.assurance.images import checked_image

    report = section.report
    _refuse_if_published(report)
    if section.is_generated:
        raise ValidationError(IMAGES_ONLY_IN_WRITTEN)
    Section.objects.select_for_update().filter(pk=section.pk).first()  # one add at a time
    images = SectionImage.objects.filter(section=section)
    if images.count() >= IMAGES_MAX_PER_SECTION:
        raise ValidationError(IMAGES_FULL.format(count=IMAGES_MAX_PER_SECTION))
    try:
        content_type, width, height = checked_image(upload)
    except ValidationError as error:
        raise ValidationError({"image": error.messages}) from error
    last = images.order_by("-position").values_list("position", flat=True).first()
    image = SectionImage(
        section=section,
        content_type=content_type,
        width=width,
        height=height,
        position=(last or 0) + 1,
        alt_text=alt_text.strip(),
    )
    extension = "png" if content_type == SectionImage.Format.PNG else "jpg"
    image.image.save(f"section-{section.pk}.{extension}", upload, save=False)
    record_save(image, user=user, fields={})
    return image, _withdraw_sign_offs(report, user)


@transaction.atomic
def section_image_remove(*, image: SectionImage, user: User) -> int:
    report = image.section.report
    _refuse_if_published(report)
    image._history_user = user
    stored = image.image.name
    image.delete()
    transaction.on_commit(lambda: image.image.storage.delete(stored))
    return _withdraw_sign_offs(report, user)


# --- the contents checklist ----------------------------------------------------------------
CHECKLIST_MAX_ITEMS = 40
CHECKLIST_FULL = "The contents checklist has at most {count} items"
CHECKLIST_ITEM_TAKEN = "The checklist already has the item {text}"
NOT_THE_PARTNERSHIPS_ITEM = "Select the checklist items from the list offered"


def _checklist_text(partnership_id: int, text: str, item_pk=None) -> str:
    text = " ".join(text.split())
    taken = ChecklistItem.objects.filter(partnership_id=partnership_id, text__iexact=text)
    if taken.exclude(pk=item_pk).exists():
        raise ValidationError({"text": CHECKLIST_ITEM_TAKEN.format(text=text)})
    return text


@transaction.atomic
def checklist_item_add(*, partnership: Partnership, user: User, text: str) -> ChecklistItem:
    """A new item of the partnership's checklist, last; no section covers it yet."""
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()  # one at a time
    items = ChecklistItem.objects.filter(partnership=partnership)
    if items.count() >= CHECKLIST_MAX_ITEMS:
        raise ValidationError(CHECKLIST_FULL.format(count=CHECKLIST_MAX_ITEMS))
    last = items.order_by("-position").values_list("position", flat=True).first()
    return record_save(
        ChecklistItem(partnership=partnership, position=(last or 0) + 1),
        user=user,
        fields={"text": _checklist_text(partnership.pk, text)},
    )


@transaction.atomic
def checklist_item_update(
    *, item: ChecklistItem, user: User, text: str, version: int
) -> ChecklistItem:
    item.version = version
    return record_save(
        item, user=user, fields={"text": _checklist_text(item.partnership_id, text, item.pk)}
    )


@transaction.atomic
def checklist_item_remove(*, item: ChecklistItem, user: User, version: int) -> None:
    """Remove the item, if nobody changed it since it was read; the sections that covered
    it cover it no more."""
    item.version = version
    item._history_user = user
    item.save()  # claims the version: a stale removal is refused like a stale change
    item.delete()


@transaction.atomic
def section_covers_update(*, section: Section, user: User, covers, version: int) -> Section:
    """Which checklist items of its partnership the section covers; the mapping says how
    the report is checked, not what it says, so no sign-off is withdrawn."""
    report = section.report
    _refuse_if_published(report)
    covers = list(covers)
    if any(item.partnership_id != report.partnership_id for item in covers):
        raise ValidationError({"covers": NOT_THE_PARTNERSHIPS_ITEM})
    section.version = version
    return record_save(section, user=user, fields={}, m2m={"covers": covers})
