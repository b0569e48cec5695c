"""The yearly report's demo loader (fixtures/kirklees/report-2019-2020.yaml), on its own on a
partnership whose structure alone is loaded: it counts what it makes, makes nothing the
second time, refuses a file naming what does not exist, and is registered with the core so
that load_demo, which may not import it, runs it."""

import copy

import pytest
import yaml
from django.core.management.base import CommandError

from kscp.assurance.loading import load_report
from kscp.assurance.models import Acronym, ChecklistItem, Report, SafeguardingPartner, Section
from kscp.core.loading import Loader, load_structure, registered_loaders
from kscp.demo import fixtures

pytestmark = pytest.mark.django_db


def read(name: str) -> dict:
    return yaml.safe_load((fixtures.FIXTURES_DIR / "kirklees" / name).read_text())


@pytest.fixture
def kirklees(db):
    data = read("structure.yaml")
    partnership = Loader().partnership(data["partnership"])
    load_structure(partnership, data)
    return partnership


def test_the_report_loader_counts_what_it_makes_and_makes_nothing_twice(kirklees):
    data = read("report-2019-2020.yaml")
    made = load_report(kirklees, data)
    models = (Acronym, SafeguardingPartner, ChecklistItem, Report, Section)
    assert made == sum(model.objects.count() for model in models)
    report = Report.objects.get(partnership=kirklees)
    assert report.sections.count() == len(data["report"]["sections"])
    assert report.history.get().history_user.username == "sharon.hewitt"
    assert load_report(kirklees, data) == 0


def test_a_section_covering_an_unknown_checklist_item_is_refused(kirklees):
    data = copy.deepcopy(read("report-2019-2020.yaml"))
    data["report"]["sections"][1]["covers"] = ["horoscopes"]
    with pytest.raises(CommandError, match="unknown checklist item 'horoscopes'"):
        load_report(kirklees, data)


def test_a_partner_who_is_not_a_person_of_the_partnership_is_refused(kirklees):
    data = {"safeguarding_partners": [{"kind": "police", "person": "nobody.here"}]}
    with pytest.raises(CommandError, match="unknown person 'nobody.here'"):
        load_report(kirklees, data)


def test_the_report_loader_is_registered_for_load_demo():
    assert ("report-*.yaml", load_report) in registered_loaders()
