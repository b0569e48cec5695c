"""Owners as plans print them are matched to the partnership's groups and people by name,
short name or other name, whatever the case and spacing, in the plan's order, leads before
those who support; what is no one's name is kept as the printed text."""

import pytest

from kscp.core.models import Group
from plans.imports.owners import GROUP, PERSON, Owner, OwnerMatcher, apply_owners, read_owners
from tests.helpers import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def people_and_groups(partnership):
    james = make_person("james_griffiths", partnership)
    james.aliases = "Jim Griffiths"
    james.save()
    sharon = make_person("sharon_hewitt", partnership)
    elaine = make_person("elaine_mcshane", partnership)
    qa = Group.objects.create(
        partnership=partnership,
        name="Quality Assurance Sub-group",
        short_name="QA sg",
        kind=Group.Kind.SUB_GROUP,
    )
    pm = Group.objects.create(
        partnership=partnership,
        name="Performance Management Sub-group",
        short_name="PM sg",
        aliases="Performance sub group",
        kind=Group.Kind.SUB_GROUP,
    )
    matcher = OwnerMatcher(Group.objects.all(), type(james).objects.all())
    return matcher, {"james": james, "sharon": sharon, "elaine": elaine, "qa": qa, "pm": pm}


def test_names_match_by_other_names_whatever_the_case_and_spacing(people_and_groups):
    matcher, known = people_and_groups
    read = read_owners("jim  GRIFFITHS\nqa SG; performance sub-group", matcher)
    assert [(o.kind, o.pk) for o in read.owners] == [
        (PERSON, known["james"].pk),
        (GROUP, known["qa"].pk),
        (GROUP, known["pm"].pk),
    ]
    assert read.unknown == []


def test_with_support_from_makes_a_lead_and_supporting_owners_in_order(people_and_groups):
    matcher, known = people_and_groups
    read = read_owners("Sharon Hewitt with support from Elaine McShane and QA sg", matcher)
    assert read.owners == [
        Owner("Sharon Hewitt", PERSON, known["sharon"].pk, lead=True),
        Owner("Elaine McShane", PERSON, known["elaine"].pk, lead=False),
        Owner("QA sg", GROUP, known["qa"].pk, lead=False),
    ]


def test_what_is_no_ones_name_stays_as_printed(people_and_groups):
    matcher, known = people_and_groups
    read = read_owners(
        "Business unit and PM sg\nElaine McShane with support from Independent person.", matcher
    )
    assert read.unknown == ["Business unit and PM sg", "Independent person."]
    groups = {known["qa"].pk: known["qa"]}
    people = {known["elaine"].pk: known["elaine"]}
    assert apply_owners(read.owners, groups=groups, people=people) == [
        ("Business unit and PM sg", "lead"),
        (known["elaine"], "lead"),
        ("Independent person.", "supporting"),
    ]


def test_an_action_keeps_every_lead_group_and_person_in_order(people_and_groups):
    matcher, known = people_and_groups
    read = read_owners("PM sg QA sg\nJim Griffiths with support from Sharon Hewitt", matcher)
    assert read.unknown == []
    groups = {known["pm"].pk: known["pm"], known["qa"].pk: known["qa"]}
    people = {known["james"].pk: known["james"], known["sharon"].pk: known["sharon"]}
    assert apply_owners(read.owners, groups=groups, people=people) == [
        (known["pm"], "lead"),
        (known["qa"], "lead"),
        (known["james"], "lead"),
        (known["sharon"], "supporting"),
    ]


def test_leads_come_before_supporting_owners_whatever_the_lines_order(people_and_groups):
    matcher, known = people_and_groups
    read = read_owners("Sharon Hewitt with support from QA sg\nJim Griffiths", matcher)
    groups = {known["qa"].pk: known["qa"]}
    people = {known["james"].pk: known["james"], known["sharon"].pk: known["sharon"]}
    assert apply_owners(read.owners, groups=groups, people=people) == [
        (known["sharon"], "lead"),
        (known["james"], "lead"),
        (known["qa"], "supporting"),
    ]


def test_names_written_one_after_another_are_each_matched(people_and_groups):
    matcher, known = people_and_groups
    read = read_owners("Sharon Hewitt QA sg", matcher)
    assert [(o.name, o.pk) for o in read.owners] == [
        ("Sharon Hewitt", known["sharon"].pk),
        ("QA sg", known["qa"].pk),
    ]
    assert read_owners("Sharon Hewitt Business unit", matcher).unknown == [
        "Sharon Hewitt Business unit"
    ]
