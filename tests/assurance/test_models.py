"""The records of the yearly report: the period, its history, stale saves refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from kscp.assurance import contents, services
from kscp.assurance.models import PERIOD_NOT_TWELVE_MONTHS, ChecklistItem, Report, Section
from kscp.core.versioning import StaleUpdateError

pytestmark = pytest.mark.django_db


def test_a_new_report_covers_the_twelve_months_from_its_start(report):
    assert report.period_start == datetime.date(2025, 4, 1)
    assert report.period_end == datetime.date(2026, 3, 31)
    assert report.status == Report.Status.DRAFT
    assert report.year == 2025


def test_a_period_that_is_not_twelve_months_is_refused(report):
    report.period_end = datetime.date(2026, 6, 30)
    with pytest.raises(ValidationError) as error:
        report.full_clean()
    assert error.value.message_dict["period_end"] == [PERIOD_NOT_TWELVE_MONTHS]


def test_a_new_report_starts_from_the_sections_of_the_2019_20_statement(report):
    titles = list(report.sections.values_list("title", flat=True))
    assert titles == [title for title, *_ in contents.TEMPLATE]
    assert report.sections.filter(kind=Section.Kind.GENERATED).count() == 7


def test_the_checklist_is_seeded_with_the_statutory_list_once(report, partnership):
    texts = list(
        ChecklistItem.objects.filter(partnership=partnership).values_list("text", flat=True)
    )
    assert texts == [text for _, text in contents.CHECKLIST]
    services.checklist_seed(partnership=partnership)
    assert ChecklistItem.objects.filter(partnership=partnership).count() == len(contents.CHECKLIST)


def test_next_years_report_starts_from_this_years_narrative(report, foreword, business_unit):
    services.section_update(
        section=foreword,
        user=business_unit,
        title="Foreword",
        body="Our year.",
        version=foreword.version,
    )
    later = services.report_create(
        partnership=report.partnership,
        user=business_unit,
        period_start=datetime.date(2026, 4, 1),
        title="Next year",
    )
    copied = later.sections.get(title="Foreword")
    assert copied.body == "Our year."
    assert list(copied.covers.all()) == list(foreword.covers.all())
    assert later.sections.count() == report.sections.count()


def test_a_save_from_a_stale_copy_of_a_section_is_refused(foreword, business_unit):
    stale = Section.objects.get(pk=foreword.pk)
    services.section_update(
        section=foreword,
        user=business_unit,
        title="Foreword",
        body="First",
        version=foreword.version,
    )
    with pytest.raises(StaleUpdateError):
        services.section_update(
            section=stale,
            user=business_unit,
            title="Foreword",
            body="Second",
            version=stale.version,
        )
    foreword.refresh_from_db()
    assert foreword.body == "First"


def test_every_change_to_a_section_and_the_status_is_kept_in_history(
    report, foreword, business_unit, partners
):
    services.section_update(
        section=foreword,
        user=business_unit,
        title="Foreword",
        body="Words",
        version=foreword.version,
    )
    services.report_send_for_sign_off(report=report, user=business_unit)
    latest = foreword.history.latest()
    assert latest.body == "Words" and latest.history_user == business_unit
    statuses = [row.status for row in report.history.order_by("history_id")]
    assert statuses[-1] == Report.Status.WITH_PARTNERS


def test_a_section_longer_than_its_limit_is_refused(foreword):
    foreword.body = "x" * 20_001
    with pytest.raises(ValidationError) as error:
        foreword.full_clean()
    assert "20,000 characters or fewer" in error.value.message_dict["body"][0]


def test_the_start_page_offers_the_last_financial_year_and_takes_any_twelve_months(
    client, partnership, business_unit
):
    from django.urls import reverse

    from kscp.assurance.forms import PERIOD_START_NOT_FIRST, PERIOD_TAKEN, ReportForm
    from tests.helpers import form_errors

    assert ReportForm.initial_for(datetime.date(2026, 2, 1)) == {
        "period_start": datetime.date(2024, 4, 1)
    }
    assert ReportForm.initial_for(datetime.date(2026, 4, 1)) == {
        "period_start": datetime.date(2025, 4, 1)
    }
    client.force_login(business_unit)
    url = reverse("assurance:report_add")

    def post(day, month, year):
        data = {"title": "Calendar year report", "period_start_day": day}
        data |= {"period_start_month": month, "period_start_year": year}
        return client.post(url, data)

    assert post("1", "1", "2025").status_code == 302
    report = Report.objects.get(title="Calendar year report")
    assert (report.period_start, report.period_end) == (
        datetime.date(2025, 1, 1),
        datetime.date(2025, 12, 31),
    )
    assert form_errors(post("15", "4", "2025"))["period_start"] == [PERIOD_START_NOT_FIRST]
    assert form_errors(post("1", "1", "2025")) == {"period_start": [PERIOD_TAKEN]}
    assert Report.objects.count() == 1
