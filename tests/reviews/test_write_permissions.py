"""Every reviews page that writes, posted to by every persona with the payload that the
business unit's post saves: anonymous visitors are sent to sign in, people who may not see
case records get 404, those who only read them 403, and a refused post changes nothing in any
reviews table (records, history rows, many-to-many choices)."""

import pytest
from django.urls import reverse

from kscp.core.models import Group, Membership, User
from reviews import urls as reviews_urls
from reviews.models import Notification, Review, Theme
from tests.helpers import make_person
from tests.reviews.case_posts import WRITES, reviews_tables

pytestmark = pytest.mark.django_db

ANON = "anonymous"
# Named as the fixtures of tests/conftest.py.
LEAD, OTHER_LEAD, MEMBER = "lead", "other_lead", "member"
EXECUTIVE, SCRUTINEER, REVIEWER = "executive", "scrutineer", "reviewer"
AGENCY_REP, OUTSIDER, BUSINESS_UNIT = "agency_rep", "outsider", "business_unit"
PERSONAS = [
    ANON,
    LEAD,
    OTHER_LEAD,
    MEMBER,
    EXECUTIVE,
    SCRUTINEER,
    REVIEWER,
    AGENCY_REP,
    OUTSIDER,
    BUSINESS_UNIT,
]

# The post is saved and leads on to the record's page.
SAVED = "saved"
# The outsider is the business unit of another partnership: an add page without a record in
# its address is their own, and their form refuses the referral reason, agencies or themes of
# this partnership that the payload names.
REFUSED_BY_THE_FORM = 200

# A case record: the business unit writes; executive members, the scrutineer and the practice
# review sub-group only read it (403); everyone else may not know it exists (404).
CASE_WRITERS = {
    LEAD: 404,
    OTHER_LEAD: 404,
    MEMBER: 404,
    AGENCY_REP: 404,
    OUTSIDER: 404,
    EXECUTIVE: 403,
    SCRUTINEER: 403,
    REVIEWER: 403,
    BUSINESS_UNIT: SAVED,
}
CASE_ADDERS = {**CASE_WRITERS, OUTSIDER: REFUSED_BY_THE_FORM}
# The police representative owns the review action: they see it, so changing what it is
# answers 403, and they record its progress.
REVIEW_ACTION_WRITERS = {**CASE_WRITERS, AGENCY_REP: 403}
REVIEW_ACTION_UPDATERS = {**CASE_WRITERS, AGENCY_REP: SAVED}

ANSWERS = {
    "reviews:notification_add": CASE_ADDERS,
    "reviews:notification_edit": CASE_WRITERS,
    "reviews:rapid_review_add": CASE_WRITERS,
    "reviews:rapid_review_edit": CASE_WRITERS,
    "reviews:review_start": CASE_WRITERS,
    "reviews:review_add": CASE_ADDERS,
    "reviews:review_edit": CASE_WRITERS,
    "reviews:learning_add": CASE_WRITERS,
    "reviews:learning_edit": CASE_WRITERS,
    "reviews:action_add": CASE_WRITERS,
    "reviews:action_edit": REVIEW_ACTION_WRITERS,
    "reviews:action_update": REVIEW_ACTION_UPDATERS,
    "reviews:dissemination_add": CASE_WRITERS,
    "reviews:dissemination_edit": CASE_WRITERS,
}
WRITING_SUFFIXES = ("_add", "_edit", "_start", "_update")


def test_every_reviews_page_that_writes_is_in_the_post_sweep():
    writing = {
        f"reviews:{pattern.name}"
        for pattern in reviews_urls.urlpatterns
        if pattern.name.endswith(WRITING_SUFFIXES)
    }
    assert writing == set(WRITES) == set(ANSWERS)


def form_errors(response) -> dict:
    context = response.context
    return dict(context["form"].errors) if context and "form" in context else {}


@pytest.mark.parametrize("name", sorted(WRITES))
@pytest.mark.parametrize("persona", PERSONAS)
def test_a_post_answers_each_persona_as_the_policy_says_and_a_refusal_changes_nothing(
    client, request, case_records, name, persona
):
    write = WRITES[name]
    url = write.url(name, case_records)
    data = write.data(case_records)
    if persona != ANON:
        client.force_login(request.getfixturevalue(persona))
    before = reviews_tables()

    response = client.post(url, data)

    if persona == ANON:
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    elif ANSWERS[name][persona] == SAVED:
        assert response.status_code == 302, form_errors(response)
        assert not response.url.startswith(reverse("login"))
        assert write.saved(case_records)
        assert reviews_tables() != before
        return
    else:
        assert response.status_code == ANSWERS[name][persona]
        if response.status_code == REFUSED_BY_THE_FORM:
            assert form_errors(response)
    assert not write.saved(case_records)
    assert reviews_tables() == before


@pytest.mark.parametrize("name", ["reviews:notification_add", "reviews:review_add"])
def test_the_outsider_adds_records_to_their_own_partnership_only(
    client, outsider, other_partnership, case_records, name
):
    """The same page with the outsider's own choices saves, in their partnership."""
    client.force_login(outsider)
    data = WRITES[name].data(case_records)
    if name == "reviews:notification_add":
        data["referral_reason"] = other_partnership.referral_reasons.get(name="Neglect").pk
        data["agencies"] = []
    else:
        data["themes"] = [
            Theme.objects.get(partnership=other_partnership, name="Information exchange").pk
        ]
    partnership_before = {
        "notifications": Notification.objects.filter(partnership=case_records["partnership"]),
        "reviews": Review.objects.filter(partnership=case_records["partnership"]),
    }
    counts = {key: qs.count() for key, qs in partnership_before.items()}

    response = client.post(WRITES[name].url(name, case_records), data)

    assert response.status_code == 302, form_errors(response)
    assert {key: qs.count() for key, qs in partnership_before.items()} == counts
    model = Notification if name == "reviews:notification_add" else Review
    assert model.objects.filter(partnership=other_partnership).count() == 1


# --- the case readers of another partnership ----------------------------------------------
# An executive member, the scrutineer or a practice-review member of another partnership reads
# case records of their own partnership only: this partnership's records do not exist for
# them (404), whether they ask for the page or post to it.


@pytest.fixture
def other_case_readers(other_partnership):
    executive = make_person("edna_elsewhere", other_partnership, role=User.Role.EXECUTIVE)
    scrutineer = make_person("sam_elsewhere", other_partnership, role=User.Role.SCRUTINEER)
    reviewer = make_person("rory_elsewhere", other_partnership)
    group = Group.objects.create(
        partnership=other_partnership,
        name="Practice Review Sub-group",
        kind=Group.Kind.SUB_GROUP,
        reviews_cases=True,
    )
    Membership.objects.create(group=group, person=reviewer, role=Membership.Role.MEMBER)
    return {"executive": executive, "scrutineer": scrutineer, "reviewer": reviewer}


ADD_PAGES_OF_THEIR_OWN = {"reviews:notification_add", "reviews:review_add"}


@pytest.mark.parametrize("name", sorted(set(WRITES) - ADD_PAGES_OF_THEIR_OWN))
@pytest.mark.parametrize("reader", ["executive", "scrutineer", "reviewer"])
def test_another_partnerships_case_readers_get_404_from_every_page_that_writes_a_record(
    client, case_records, other_case_readers, name, reader
):
    write = WRITES[name]
    url = write.url(name, case_records)
    client.force_login(other_case_readers[reader])
    before = reviews_tables()

    assert client.get(url).status_code == 404
    assert client.post(url, write.data(case_records)).status_code == 404
    assert reviews_tables() == before
