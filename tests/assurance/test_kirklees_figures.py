"""The 2019/20 report of Kirklees, started on the demo data: its generated tables hold the
seed statement's figures (../shared/seeds/kscp-annual-assurance-statement-2019-2020.txt)."""

import datetime

import pytest
from django.urls import reverse

from kscp.assurance import services
from kscp.core.models import Partnership, User
from tests.pages import parse, texts


@pytest.fixture
def kirklees_tables(demo_data, client):
    kirklees = Partnership.objects.get(slug="kirklees")
    business_unit = User.objects.filter(partnership=kirklees, role=User.Role.BUSINESS_UNIT).first()
    report = services.report_create(
        partnership=kirklees,
        user=business_unit,
        period_start=datetime.date(2019, 4, 1),
        title="Kirklees annual assurance statement 2019 to 2020",
    )
    client.force_login(business_unit)
    return parse(client.get(reverse("assurance:report_print", args=[report.pk])))


def cells(tables, table_id):
    return [" | ".join(row) for row in texts(tables, table_id)]


def test_the_reviews_figures_are_the_statements(kirklees_tables):
    rows = cells(kirklees_tables, "reviews-numbers")
    # This year beside last: referrals 9/9, rapid reviews 3/4, local reviews 1/3, CSPRs 2/2.
    assert any(row.endswith("9 | 9") for row in rows), rows
    assert any(row.endswith("3 | 4") for row in rows), rows
    assert any(row.endswith("1 | 3") for row in rows), rows
    assert any(row.endswith("2 | 2") for row in rows), rows
    assert "reviews-referral-reasons" in kirklees_tables.tables


def test_the_workforce_figures_are_the_statements(kirklees_tables):
    elearning = cells(kirklees_tables, "workforce-elearning")
    assert any("7,102" in row for row in elearning), elearning
    sectors = cells(kirklees_tables, "workforce-sectors")
    assert any("2,468" in row for row in sectors), sectors
    courses = texts(kirklees_tables, "workforce-courses")
    assert any("158" in " ".join(row) for row in courses), courses[-1]
