"""A yearly report of Northdale for April 2025 to March 2026, started by the business unit
from the template of the 2019/20 statement, and the three lead safeguarding partners who
sign it off: the council's chief executive, the chief constable and the ICB's chief
executive (invented people)."""

import datetime

import pytest

from kscp.assurance import services
from kscp.assurance.models import SafeguardingPartner, Section
from kscp.core.models import User
from tests.helpers import make_person
from tests.reviews.conftest import (  # noqa: F401
    learning_point,
    notification,
    rapid_review,
    review,
    review_action,
)

PERIOD_START = datetime.date(2025, 4, 1)


@pytest.fixture
def council_chief(partnership):
    return make_person("cara_council", partnership, role=User.Role.EXECUTIVE)


@pytest.fixture
def chief_constable(partnership):
    return make_person("colin_constable", partnership, role=User.Role.EXECUTIVE)


@pytest.fixture
def icb_chief(partnership):
    return make_person("ida_icb", partnership, role=User.Role.MEMBER)


@pytest.fixture
def partners(partnership, council_chief, chief_constable, icb_chief):
    kinds = SafeguardingPartner.Kind
    return [
        SafeguardingPartner.objects.create(partnership=partnership, kind=kind, person=person)
        for kind, person in (
            (kinds.LOCAL_AUTHORITY, council_chief),
            (kinds.POLICE, chief_constable),
            (kinds.HEALTH, icb_chief),
        )
    ]


@pytest.fixture
def report(partnership, business_unit):
    return services.report_create(
        partnership=partnership,
        user=business_unit,
        period_start=PERIOD_START,
        title="Northdale annual assurance statement 2025 to 2026",
    )


@pytest.fixture
def foreword(report):
    return report.sections.get(title="Foreword")


@pytest.fixture
def scrutiny_section(report):
    return report.sections.get(kind=Section.Kind.SCRUTINY)


def sign_by_all(report, partners):
    for partner in partners:
        services.report_sign_off(report=report, user=partner.person, partner=partner, comment="")
    report.refresh_from_db()


@pytest.fixture(autouse=True)
def stored_files(settings, tmp_path):
    """Published PDFs are stored in a folder of the test's own, not the working tree."""
    settings.MEDIA_ROOT = tmp_path
