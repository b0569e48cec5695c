import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kscp.core.exports import neutralise
from plans.models import Objective
from tests.helpers import add_owner

pytestmark = pytest.mark.django_db


@pytest.fixture
def objectives(plan, priority, group):
    rows = [
        ("1.1", "red", '=HYPERLINK("http://evil.example","Click")', "Funding withdrawn"),
        ("1.2", "green", "+44 1484 000000 helpline", "-5% attendance"),
        ("1.3", "amber", "@SUM(A1:A2)", "On track"),
        ("1.10", "green", "Plain objective", ""),
    ]
    for number, rag, action, progress in rows:
        objective = Objective.objects.create(
            plan=plan,
            priority=priority,
            number=number,
            action=action,
            rag=rag,
            progress=progress,
            due_on=datetime.date(2026, 3, 1),
        )
        add_owner(objective, group)


def csv_rows(response):
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))


def xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\t=1", "'\t=1"),
        ("   =1+1", "'   =1+1"),
        (" \u00a0@SUM(A1)", "' \u00a0@SUM(A1)"),
        ("  \n=1", "'  \n=1"),
        ("  -5", "'  -5"),
        ("  Safe = text", "  Safe = text"),
        ("Safe text", "Safe text"),
        (7, 7),
        (None, None),
    ],
)
def test_formula_like_cells_are_neutralised(value, expected):
    assert neutralise(value) == expected


def test_csv_has_the_rows_the_filters_show(client, lead, plan, objectives):
    client.force_login(lead)
    url = reverse("plans:plan_export", kwargs={"pk": plan.pk, "fmt": "csv"})
    response = client.get(url, {"rag": ["green"], "sort": "number"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0][:4] == ["Plan", "Priority", "Objective number", "Objective"]
    assert [row[2] for row in rows[1:]] == ["1.2", "1.10"]


def test_csv_neutralises_formula_injection(client, lead, plan, objectives):
    client.force_login(lead)
    rows = csv_rows(client.get(reverse("plans:plan_export", kwargs={"pk": plan.pk, "fmt": "csv"})))
    by_number = {row[2]: row for row in rows[1:]}
    assert by_number["1.1"][3].startswith("'=HYPERLINK")
    assert by_number["1.2"][3] == "'+44 1484 000000 helpline"
    assert by_number["1.2"][11] == "'-5% attendance"
    assert by_number["1.3"][3] == "'@SUM(A1:A2)"
    assert by_number["1.10"][3] == "Plain objective"


def test_xlsx_has_the_same_rows_and_no_formulas(client, lead, plan, objectives):
    client.force_login(lead)
    url = reverse("plans:plan_export", kwargs={"pk": plan.pk, "fmt": "xlsx"})
    response = client.get(url, {"sort": "-number"})
    rows = xlsx_rows(response)
    assert [row[2] for row in rows[1:]] == ["1.10", "1.3", "1.2", "1.1"]
    cells = [value for row in rows for value in row if isinstance(value, str)]
    assert not [value for value in cells if value.startswith(("=", "+", "-", "@"))]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_the_export_ignores_pagination(client, lead, plan, priority):
    for n in range(30):
        Objective.objects.create(plan=plan, priority=priority, number=f"3.{n + 1}", action="x")
    client.force_login(lead)
    url = reverse("plans:plan_export", kwargs={"pk": plan.pk, "fmt": "csv"})
    assert len(csv_rows(client.get(url, {"page": 2}))) == 31


def test_a_leads_home_list_downloads_with_its_sections(client, lead, plan, objectives):
    client.force_login(lead)
    rows = csv_rows(client.get(reverse("your_items_export", kwargs={"fmt": "csv"})))
    assert rows[0][0] == "When"
    assert {row[0] for row in rows[1:]} == {"Overdue"}
    assert sorted(row[3] for row in rows[1:]) == ["1.1", "1.10", "1.2", "1.3"]
    assert any(row[4].startswith("'=") for row in rows[1:])


def test_another_partnership_cannot_download_the_plan(client, outsider, plan, objectives):
    client.force_login(outsider)
    url = reverse("plans:plan_export", kwargs={"pk": plan.pk, "fmt": "csv"})
    assert client.get(url).status_code == 404
