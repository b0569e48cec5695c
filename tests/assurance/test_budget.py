"""The report's budget as a structured table (Appendix 1 of the 2019/20 statement):
contributions by partner and lines of expenditure with their totals, kept by the business
unit one bounded, validated and version-checked line at a time, shown in the page, the PDF
and the Word document."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from kscp.assurance import generators, rendering, services, word
from kscp.assurance.models import AMOUNT_TOO_LARGE, BudgetLine, Report, Section
from kscp.assurance.services import BUDGET_FULL, BUDGET_LINE_TAKEN, BUDGET_MAX_LINES
from kscp.assurance.views.sections import SIGN_OFFS_WITHDRAWN
from tests.assurance.conftest import sign_by_all
from tests.assurance.test_sign_off import messages_of
from tests.helpers import form_errors

pytestmark = pytest.mark.django_db

CONTRIBUTION, EXPENDITURE = BudgetLine.Kind.CONTRIBUTION, BudgetLine.Kind.EXPENDITURE
C = CONTRIBUTION


def add(report, user, kind, label, amount):
    line, _ = services.budget_line_add(
        report=report, user=user, kind=kind, label=label, amount=amount
    )
    return line


@pytest.fixture
def budget(report, business_unit):
    add(report, business_unit, CONTRIBUTION, "Northdale Council", 120000)
    add(report, business_unit, CONTRIBUTION, "Northdale Police", 45500)
    add(report, business_unit, EXPENDITURE, "Staffing of the business unit", 150000)
    add(report, business_unit, EXPENDITURE, "Independent scrutiny", 12000)
    return report


def test_the_budget_section_shows_both_tables_with_their_totals_and_the_balance(budget):
    html = generators.generated_html(
        budget.sections.get(generator=Section.Generator.BUDGET), budget
    )
    assert 'Northdale Police</th><td class="num">£45,500' in html
    assert 'Total contributions</th><td class="num">£165,500' in html
    assert 'Total expenditure</th><td class="num">£162,000' in html
    assert "Contributions exceeded expenditure by £3,500." in html


def test_overspending_is_said_as_such(report, business_unit):
    add(report, business_unit, CONTRIBUTION, "Northdale Council", 1000)
    add(report, business_unit, EXPENDITURE, "Training", 1500)
    html = generators.generated_html(
        report.sections.get(generator=Section.Generator.BUDGET), report
    )
    assert "Expenditure exceeded contributions by £500." in html


def test_a_report_without_budget_lines_says_so(report):
    html = generators.generated_html(
        report.sections.get(generator=Section.Generator.BUDGET), report
    )
    assert generators.NO_BUDGET in html


def test_the_budget_is_in_the_pdf_and_the_word_document(budget):
    pdf = rendering.report_pdf(budget)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Total contributions" in text and "£165,500" in text and "£162,000" in text
    document = Document(io.BytesIO(word.report_docx(budget)))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Northdale Police" in cells and "£45,500" in cells and "£162,000" in cells


def test_the_business_unit_adds_a_line_on_the_page(client, report, business_unit):
    client.force_login(business_unit)
    response = client.post(
        reverse("assurance:budget_line_add", args=[report.pk]),
        {"kind": CONTRIBUTION, "label": " Northdale ICB ", "amount": "30000"},
        follow=True,
    )
    assert "The budget line Northdale ICB has been added" in messages_of(response)
    line = report.budget_lines.get()
    assert (line.kind, line.label, line.amount) == (CONTRIBUTION, "Northdale ICB", 30000)
    assert line.history.first().history_user == business_unit
    page = client.get(reverse("assurance:budget", args=[report.pk])).content.decode()
    assert "£30,000" in page


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"kind": "", "label": "A", "amount": "1"}, "kind", "Select the kind of line"),
        ({"kind": "gift", "label": "A", "amount": "1"}, "kind", "Select the kind of line"),
        ({"kind": C, "label": "", "amount": "1"}, "label", "Enter the partner or line"),
        ({"kind": C, "label": "x" * 201, "amount": "1"}, "label", "200 characters or fewer"),
        ({"kind": C, "label": "A", "amount": ""}, "amount", "Enter the amount in pounds"),
        ({"kind": C, "label": "A", "amount": "12.50"}, "amount", "whole pounds"),
        ({"kind": C, "label": "A", "amount": "£1,000"}, "amount", "whole pounds"),
        ({"kind": C, "label": "A", "amount": "-5"}, "amount", "£0 or more"),
        ({"kind": C, "label": "A", "amount": "100000001"}, "amount", AMOUNT_TOO_LARGE),
    ],
)
def test_a_bad_line_is_refused_naming_the_field(
    client, report, business_unit, data, field, message
):
    client.force_login(business_unit)
    response = client.post(reverse("assurance:budget_line_add", args=[report.pk]), data)
    errors = form_errors(response)
    assert any(message in error for error in errors[field]), errors
    assert not report.budget_lines.exists()


def test_a_second_line_of_the_same_name_and_kind_is_refused(client, budget, business_unit):
    client.force_login(business_unit)
    response = client.post(
        reverse("assurance:budget_line_add", args=[budget.pk]),
        {"kind": CONTRIBUTION, "label": "northdale council", "amount": "1"},
    )
    assert form_errors(response)["label"] == [BUDGET_LINE_TAKEN.format(label="northdale council")]


def test_a_report_has_a_bounded_number_of_lines(report, business_unit):
    for n in range(BUDGET_MAX_LINES):
        add(report, business_unit, EXPENDITURE, f"Line {n}", n)
    with pytest.raises(ValidationError, match=BUDGET_FULL.format(count=BUDGET_MAX_LINES)):
        add(report, business_unit, EXPENDITURE, "One too many", 1)


def test_a_stale_change_of_a_line_is_refused_showing_the_other_change(
    client, budget, business_unit
):
    line = budget.budget_lines.get(label="Northdale Police")
    opened = line.version
    services.budget_line_update(
        line=line, user=business_unit, kind=CONTRIBUTION, label="Northdale Police",
        amount=50000, version=opened,
    )  # fmt: skip
    client.force_login(business_unit)
    response = client.post(
        reverse("assurance:budget_line_edit", args=[line.pk]),
        {"kind": CONTRIBUTION, "label": "Northdale Police", "amount": "1", "version": opened},
    )
    (refusal,) = form_errors(response)["__all__"]
    assert refusal.startswith("Your changes have not been saved: you saved a change to this budget")
    line.refresh_from_db()
    assert line.amount == 50000


def test_a_stale_removal_is_refused_and_a_current_one_removes_the_line(
    client, budget, business_unit
):
    line = budget.budget_lines.get(label="Independent scrutiny")
    client.force_login(business_unit)
    url = reverse("assurance:budget_line_remove", args=[line.pk])
    assert "Remove the budget line Independent scrutiny" in client.get(url).content.decode()
    response = client.post(url, {"version": line.version - 1 if line.version > 1 else 99})
    assert response.status_code == 200
    assert BudgetLine.objects.filter(pk=line.pk).exists()
    response = client.post(url, {"version": line.version}, follow=True)
    assert "The budget line Independent scrutiny has been removed" in messages_of(response)
    assert not BudgetLine.objects.filter(pk=line.pk).exists()


def test_a_budget_change_after_sign_off_withdraws_the_sign_offs(
    client, budget, business_unit, partners
):
    services.report_send_for_sign_off(report=budget, user=business_unit)
    sign_by_all(budget, partners)
    line = budget.budget_lines.get(label="Northdale Police")
    client.force_login(business_unit)
    response = client.post(
        reverse("assurance:budget_line_edit", args=[line.pk]),
        {"kind": CONTRIBUTION, "label": "Northdale Police", "amount": "46000",
         "version": line.version},
        follow=True,
    )  # fmt: skip
    assert SIGN_OFFS_WITHDRAWN.format(count=3, s="s", have="have") in messages_of(response)
    budget.refresh_from_db()
    assert budget.status == Report.Status.WITH_PARTNERS


def test_executive_members_read_the_budget_and_change_nothing(client, budget, executive):
    client.force_login(executive)
    page = client.get(reverse("assurance:budget", args=[budget.pk])).content.decode()
    assert "£45,500" in page and "Add a budget line" not in page
    response = client.post(
        reverse("assurance:budget_line_add", args=[budget.pk]),
        {"kind": CONTRIBUTION, "label": "Mine", "amount": "1"},
    )
    assert response.status_code == 403
    assert budget.budget_lines.count() == 4


def test_a_published_reports_budget_cannot_change(budget, business_unit):
    Report.objects.filter(pk=budget.pk).update(status=Report.Status.PUBLISHED)
    budget.refresh_from_db()
    with pytest.raises(ValidationError, match=services.REPORT_PUBLISHED):
        add(budget, business_unit, CONTRIBUTION, "Late", 1)


def test_the_budget_page_and_the_report_take_the_same_queries_with_more_lines(
    client, report, business_unit
):
    from tests.helpers import queries

    client.force_login(business_unit)
    urls = [
        reverse("assurance:budget", args=[report.pk]),
        reverse("assurance:report_print", args=[report.pk]),
    ]
    add(report, business_unit, CONTRIBUTION, "Council", 1)
    for url in urls:  # the first page after signing in records the sign-in
        client.get(url)
    few = [queries(client, url) for url in urls]
    for n in range(20):
        add(report, business_unit, EXPENDITURE, f"Line {n}", n)
    assert [queries(client, url) for url in urls] == few
