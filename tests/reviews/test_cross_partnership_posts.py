"""The business unit of one partnership posting the ids of another partnership's records (a
link edited by hand, a form kept open in another tab): every form refuses them on the field
they were posted for, and nothing is saved.

Each payload is one that tests/reviews/test_write_permissions.py shows the business unit's
post saves, but for the one field that names the other partnership's record."""

import datetime

import pytest
from django.urls import reverse

from kscp.core.modelforms import CHOICE_NOT_OFFERED
from kscp.core.models import Agency, Group, Sector
from plans.models import Objective, Plan, Priority
from reviews.forms.cases import RapidReviewForm
from reviews.models import ReferralReason, Theme
from tests.helpers import make_person
from tests.reviews.case_posts import WRITES, reviews_tables

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def elsewhere(other_partnership):
    """One record of each kind a case form chooses from, all of the other partnership."""
    plan = Plan.objects.create(
        partnership=other_partnership,
        title="Southdale Business Plan 2025/2027",
        period="2025/2027",
        starts_on=D(2025, 4, 1),
        ends_on=D(2027, 3, 31),
        status=Plan.Status.LIVE,
    )
    priority = Priority.objects.create(plan=plan, number=1, title="Neglect")
    return {
        "agency": Agency.objects.create(
            partnership=other_partnership, name="Southdale Police", sector=Sector.POLICE
        ),
        "group": Group.objects.create(
            partnership=other_partnership,
            name="Southdale Learning Sub-group",
            kind=Group.Kind.SUB_GROUP,
        ),
        "person": make_person("sid_southdale", other_partnership),
        "theme": Theme.objects.get(partnership=other_partnership, name="Information exchange"),
        "referral_reason": ReferralReason.objects.get(
            partnership=other_partnership, name="Neglect"
        ),
        "objective": Objective.objects.create(
            plan=plan,
            priority=priority,
            number="1.1",
            action="Audit neglect referrals",
            due_on=D(2026, 1, 1),
        ),
    }


# (page, field, what of the other partnership is posted for it, as a list for many choices)
CROSSINGS = [
    ("reviews:notification_add", "agencies", ["agency"]),
    ("reviews:notification_add", "referral_reason", "referral_reason"),
    ("reviews:notification_edit", "agencies", ["agency"]),
    ("reviews:notification_edit", "referral_reason", "referral_reason"),
    ("reviews:rapid_review_add", "chair", "person"),
    ("reviews:rapid_review_edit", "chair", "person"),
    ("reviews:review_add", "themes", ["theme"]),
    ("reviews:review_start", "themes", ["theme"]),
    ("reviews:review_edit", "themes", ["theme"]),
    ("reviews:learning_add", "theme", "theme"),
    ("reviews:learning_add", "objective", "objective"),
    ("reviews:learning_edit", "theme", "theme"),
    ("reviews:learning_edit", "objective", "objective"),
    ("reviews:action_add", "owner_agency", "agency"),
    ("reviews:action_add", "owner_group", "group"),
    ("reviews:action_edit", "owner_agency", "agency"),
    ("reviews:action_edit", "owner_group", "group"),
]


@pytest.mark.parametrize(
    "name, field, theirs", CROSSINGS, ids=[f"{n.split(':')[1]}-{f}" for n, f, _ in CROSSINGS]
)
def test_another_partnerships_record_is_refused_on_its_field_and_nothing_is_saved(
    client, business_unit, case_records, elsewhere, name, field, theirs
):
    write = WRITES[name]
    data = write.data(case_records)
    if isinstance(theirs, list):
        data[field] = [elsewhere[key].pk for key in theirs]
    else:
        data[field] = elsewhere[theirs].pk
    client.force_login(business_unit)
    before = reviews_tables()

    response = client.post(write.url(name, case_records), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert "<title>Error: " in response.content.decode()
    assert f'href="#id_{field}' in response.content.decode()  # the summary leads to the field
    assert not write.saved(case_records)
    assert reviews_tables() == before


def test_an_action_owned_by_this_partnerships_agency_and_another_partnerships_group_is_refused(
    client, business_unit, case_records, elsewhere
):
    write = WRITES["reviews:action_add"]
    data = {**write.data(case_records), "owner_group": elsewhere["group"].pk}
    client.force_login(business_unit)
    before = reviews_tables()

    response = client.post(write.url("reviews:action_add", case_records), data)

    assert list(response.context["form"].errors) == ["owner_group"]
    assert reviews_tables() == before


def test_another_partnerships_record_is_refused_in_words(rapid_review, outsider):
    form = RapidReviewForm(
        {"chair": outsider.pk}, instance=rapid_review, notification=rapid_review.notification
    )
    assert form.errors["chair"] == [CHOICE_NOT_OFFERED.format(label="chair")]


def test_the_pages_offer_no_record_of_another_partnership(
    client, business_unit, review, other_partnership
):
    """What the page shows, not only the form's queryset: another partnership's agencies,
    groups, themes and reasons never appear among the choices."""
    Agency.objects.create(
        partnership=other_partnership, name="Southdale Council", sector=Sector.LOCAL_AUTHORITY
    )
    Theme.objects.create(partnership=other_partnership, name="Southdale theme")
    Group.objects.create(partnership=other_partnership, name="Southdale group", kind="panel")
    client.force_login(business_unit)
    for url in (
        reverse("reviews:notification_add"),
        reverse("reviews:review_edit", args=[review.pk]),
        reverse("reviews:learning_add", args=[review.pk]),
    ):
        page = client.get(url).content.decode()
        assert "Southdale" not in page, url
