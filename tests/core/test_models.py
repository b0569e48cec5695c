import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kscp.core.fields import DOCUMENT_MAX_LENGTH, text_too_long
from kscp.core.models import Agency, Membership, Sector
from tests.helpers import errors_of

pytestmark = pytest.mark.django_db


def test_agency_names_are_unique_within_a_partnership(agency, other_partnership):
    Agency.objects.create(
        partnership=other_partnership, name=agency.name, sector=Sector.LOCAL_AUTHORITY
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Agency.objects.create(
            partnership=agency.partnership, name=agency.name, sector=Sector.HEALTH
        )


def test_a_group_cannot_report_to_a_group_beneath_it(group, other_group):
    other_group.parent = group
    other_group.save()
    group.parent = other_group
    with pytest.raises(ValidationError, match="cannot report to itself"):
        group.full_clean()


def test_a_group_cannot_be_its_own_parent_in_the_database(group):
    group.parent_id = group.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        group.save()


def test_a_chair_must_belong_to_the_groups_partnership(group, outsider):
    group.chair = outsider
    with pytest.raises(ValidationError):
        group.full_clean()


def test_membership_is_for_people_of_the_same_partnership(group, outsider):
    with pytest.raises(ValidationError):
        Membership(group=group, person=outsider).full_clean()


def test_membership_roles_say_who_may_edit(group, lead, member):
    assert Membership.objects.get(group=group, person=lead).can_edit
    assert not Membership.objects.get(group=group, person=member).can_edit


def test_quorum_reads_as_the_constitution_does(group):
    group.quorum_min_members, group.quorum_min_agencies = 8, 4
    group.quorum_chair_required = True
    assert (
        group.quorum_description == "8 members from 4 agencies, including the chair or vice-chair"
    )


def test_changes_to_groups_and_memberships_are_kept_in_history(group, lead):
    group.meeting_frequency = "Monthly"
    group.save()
    assert group.history.count() == 2
    assert Membership.objects.get(group=group, person=lead).history.count() == 1


def test_a_group_refuses_terms_of_reference_over_20000_characters(group):
    group.terms_of_reference = "x" * 20_000
    group.full_clean()
    group.terms_of_reference += "x"
    assert errors_of(group) == {
        "terms_of_reference": [text_too_long("Terms of reference", DOCUMENT_MAX_LENGTH)]
    }
