"""From draft to published: sent to the lead safeguarding partners, signed off by each,
withdrawn by a change, published only when all have signed, frozen once published."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kscp.assurance import rendering, selectors, services
from kscp.assurance.models import Report
from kscp.assurance.services import NO_PARTNERS, NOT_SIGNED_OFF, NOT_WITH_PARTNERS
from kscp.assurance.views.sections import SIGN_OFFS_WITHDRAWN
from kscp.assurance.views.sign_off import PUBLISHED, SENT_FOR_SIGN_OFF
from kscp.core.tracking import RAG
from tests.assurance.conftest import sign_by_all
from tests.assurance.test_rendering import pdf_text

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_a_report_cannot_go_for_sign_off_before_the_partners_are_recorded(report, business_unit):
    with pytest.raises(ValidationError) as error:
        services.report_send_for_sign_off(report=report, user=business_unit)
    assert error.value.messages == [NO_PARTNERS]


def test_the_report_is_signed_off_when_the_last_partner_signs(report, business_unit, partners):
    services.report_send_for_sign_off(report=report, user=business_unit)
    for partner in partners[:2]:
        services.report_sign_off(report=report, user=partner.person, partner=partner, comment="")
    report.refresh_from_db()
    assert report.status == Report.Status.WITH_PARTNERS
    services.report_sign_off(
        report=report, user=partners[2].person, partner=partners[2], comment="A fair account"
    )
    report.refresh_from_db()
    assert report.status == Report.Status.SIGNED_OFF
    assert report.sign_offs.get(partner=partners[2]).comment == "A fair account"


def test_a_draft_cannot_be_signed_off(report, partners):
    with pytest.raises(ValidationError) as error:
        services.report_sign_off(
            report=report, user=partners[0].person, partner=partners[0], comment=""
        )
    assert error.value.messages == [NOT_WITH_PARTNERS]


def test_publishing_before_every_partner_has_signed_is_refused(report, business_unit, partners):
    services.report_send_for_sign_off(report=report, user=business_unit)
    with pytest.raises(ValidationError) as error:
        services.report_publish(
            report=report,
            user=business_unit,
            published_on=datetime.date(2026, 6, 1),
            version=report.version,
        )
    assert error.value.messages == [NOT_SIGNED_OFF]


def test_a_change_to_a_section_after_sign_off_withdraws_the_sign_offs_and_says_so(
    client, report, foreword, business_unit, partners
):
    services.report_send_for_sign_off(report=report, user=business_unit)
    sign_by_all(report, partners)
    assert report.status == Report.Status.SIGNED_OFF
    client.force_login(business_unit)
    response = client.post(
        reverse("assurance:section_edit", args=[foreword.pk]),
        {"title": "Foreword", "body": "A late change", "version": foreword.version},
        follow=True,
    )
    assert SIGN_OFFS_WITHDRAWN.format(count=3, s="s", have="have") in messages_of(response)
    report.refresh_from_db()
    assert report.status == Report.Status.WITH_PARTNERS
    assert not report.sign_offs.filter(withdrawn_at__isnull=True).exists()
    assert report.sign_offs.count() == 3  # kept, withdrawn


def test_moving_a_section_after_sign_off_withdraws_the_sign_offs(
    client, report, foreword, business_unit, partners
):
    services.report_send_for_sign_off(report=report, user=business_unit)
    sign_by_all(report, partners)
    client.force_login(business_unit)
    client.post(reverse("assurance:section_move", args=[foreword.pk]), {"direction": "up"})
    report.refresh_from_db()
    assert report.status == Report.Status.WITH_PARTNERS
    assert list(report.sections.values_list("title", flat=True)[:2]) == [
        "Foreword",
        "Worried about a child",
    ]


def test_the_whole_journey_through_the_pages(client, report, business_unit, partners, scrutineer):
    client.force_login(business_unit)
    response = client.post(
        reverse("assurance:send", args=[report.pk]), {"version": report.version}, follow=True
    )
    assert SENT_FOR_SIGN_OFF in messages_of(response)
    for partner in partners:
        client.force_login(partner.person)
        assert client.get(reverse("assurance:sign_off", args=[report.pk])).status_code == 200
        client.post(reverse("assurance:sign_off", args=[report.pk]), {"comment": "Agreed"})
    client.force_login(scrutineer)
    report.refresh_from_db()
    client.post(
        reverse("assurance:evaluation", args=[report.pk]),
        {"scrutiny_evaluation": "The arrangements are effective.", "version": report.version},
    )
    report.refresh_from_db()
    assert report.status == Report.Status.SIGNED_OFF
    assert report.scrutiny_evaluation == "The arrangements are effective."
    client.force_login(business_unit)
    response = client.post(
        reverse("assurance:publish", args=[report.pk]),
        {
            "published_on_day": "1",
            "published_on_month": "6",
            "published_on_year": "2026",
            "version": report.version,
        },
        follow=True,
    )
    assert PUBLISHED in messages_of(response)
    report.refresh_from_db()
    assert report.is_published and report.pdf
    pdf = client.get(reverse("assurance:report_pdf", args=[report.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    with report.pdf.open("rb") as stored:
        assert b"".join(pdf.streaming_content if pdf.streaming else [pdf.content]) == stored.read()


def test_a_published_report_is_frozen(
    client, report, business_unit, partners, objective, plan, member
):
    objective.rag, objective.progress = RAG.RED, "Behind schedule"
    objective.save()
    during = timezone.make_aware(datetime.datetime(2026, 3, 1))
    objective.history.update(history_date=during)  # the objective as it stood in the period
    plan.history.update(history_date=during)
    services.report_send_for_sign_off(report=report, user=business_unit)
    sign_by_all(report, partners)
    services.report_publish(
        report=report,
        user=business_unit,
        published_on=datetime.date(2026, 6, 1),
        version=report.version,
    )
    client.force_login(member)  # everyone of the partnership reads a published report
    url = reverse("assurance:report_print", args=[report.pk])
    before = client.get(url).content.decode()
    assert "Behind schedule" in before
    objective.rag, objective.progress = RAG.COMPLETE, "All done now"
    objective.save()
    after = client.get(url).content.decode()
    assert "Behind schedule" in after and "All done now" not in after
    foreword = report.sections.get(title="Foreword")
    with pytest.raises(ValidationError):
        services.section_update(
            section=foreword,
            user=business_unit,
            title="Foreword",
            body="x",
            version=foreword.version,
        )
    client.force_login(business_unit)
    assert client.get(reverse("assurance:section_edit", args=[foreword.pk])).status_code == 403


def test_the_dates_sent_to_the_panel_and_the_dfe_cannot_precede_publication(
    report, business_unit, partners
):
    services.report_send_for_sign_off(report=report, user=business_unit)
    sign_by_all(report, partners)
    services.report_publish(
        report=report,
        user=business_unit,
        published_on=datetime.date(2026, 6, 1),
        version=report.version,
    )
    with pytest.raises(ValidationError) as error:
        services.report_record_sending(
            report=report,
            user=business_unit,
            sent_to_panel_on=datetime.date(2026, 5, 1),
            sent_to_dfe_on=datetime.date(2026, 6, 3),
            version=report.version,
        )
    assert "sent_to_panel_on" in error.value.message_dict


def test_a_published_reports_figures_and_pdf_stay_when_the_records_change(
    client, report, business_unit, partners, review_action, member
):
    """The recommendations are read as they are now (not from history): without the frozen
    sections and the stored PDF, a later change to an action would show in the report."""
    point = review_action.learning_point
    point.is_recommendation = True
    point.save()
    review_action.rag, review_action.progress = RAG.AMBER, "Half the officers briefed"
    review_action.save()
    services.report_send_for_sign_off(report=report, user=business_unit)
    sign_by_all(report, partners)
    services.report_publish(
        report=report,
        user=business_unit,
        published_on=datetime.date(2026, 6, 1),
        version=report.version,
    )
    review_action.rag, review_action.progress = RAG.COMPLETE, "Every officer briefed"
    review_action.save()
    client.force_login(member)
    page = client.get(reverse("assurance:report_print", args=[report.pk])).content.decode()
    assert "Half the officers briefed" in page and "Every officer briefed" not in page
    response = client.get(reverse("assurance:report_pdf", args=[report.pk]))
    pdf = b"".join(response.streaming_content) if response.streaming else response.content
    text = " ".join(pdf_text(pdf).split())
    assert "Half the officers briefed" in text and "Every officer briefed" not in text


def test_the_publish_by_and_send_by_clocks_follow_the_partnerships_settings(
    client, report, business_unit, partners
):
    clock = selectors.clocks(report, today=datetime.date(2026, 7, 1))
    assert [(c.label, c.deadline) for c in clock] == [("Publish", datetime.date(2026, 6, 30))]
    assert clock[0].is_overdue and clock[0].tag_class == "govuk-tag--red"
    settings = services.settings_for(report.partnership)
    settings.publish_within_months, settings.send_within_days = 6, 10
    settings.save()
    (publish,) = selectors.clocks(report, today=datetime.date(2026, 7, 1))
    assert publish.deadline == datetime.date(2026, 9, 30) and not publish.is_overdue
    services.report_send_for_sign_off(report=report, user=business_unit)
    sign_by_all(report, partners)
    services.report_publish(
        report=report,
        user=business_unit,
        published_on=datetime.date(2026, 6, 1),
        version=report.version,
    )
    report.refresh_from_db()
    publish, panel, dfe = selectors.clocks(report, today=datetime.date(2026, 6, 2))
    assert publish.status == "Done on time"
    assert panel.label == "Send to the national Panel"
    assert panel.deadline == datetime.date(2026, 6, 11)
    assert (dfe.label, dfe.deadline) == (
        "Send to the Department for Education",
        datetime.date(2026, 6, 11),
    )
    client.force_login(business_unit)
    page = client.get(reverse("assurance:report", args=[report.pk])).content.decode()
    assert "Publish by 30 September 2026" in page
    assert "Send to the national Panel by 11 June 2026" in page


def test_next_years_report_recomputes_the_generated_sections_of_a_published_one(
    report, business_unit, partners, review_action
):
    point = review_action.learning_point
    point.is_recommendation = True
    point.save()
    services.report_send_for_sign_off(report=report, user=business_unit)
    sign_by_all(report, partners)
    services.report_publish(
        report=report,
        user=business_unit,
        published_on=datetime.date(2026, 6, 1),
        version=report.version,
    )
    frozen = report.sections.get(generator="recommendations").frozen_html
    assert review_action.description in frozen
    later = services.report_create(
        partnership=report.partnership,
        user=business_unit,
        period_start=datetime.date(2026, 4, 1),
        title="Next year",
    )
    assert not later.sections.exclude(frozen_html="").exists()
    point.review.completed_on = datetime.date(2026, 3, 31)  # done before the next period
    point.review.save()
    rendered = rendering.rendered_sections(later)
    sections = {item.section.generator: str(item.html) for item in rendered}
    assert review_action.description not in sections["recommendations"]
    assert "No review active in the period made recommendations." in sections["recommendations"]
