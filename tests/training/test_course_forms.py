"""Adding and changing a course: the business unit and the learning and development
sub-group do it; a title is unique for its delivery; themes and objectives are the
partnership's own, objectives of its live plans, labelled by plan, number and text."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kscp.core.fields import SUMMARY_MAX_LENGTH, text_too_long
from kscp.core.modelforms import CHOICE_NOT_OFFERED
from plans.models import Objective, Plan, Priority
from tests.helpers import form_errors
from tests.pages import character_counts
from training import services
from training.forms.courses import COURSE_TAKEN, DELIVERY_REQUIRED, TITLE_REQUIRED
from training.models import Course, CourseTheme
from training.views.catalogue import COURSE_ADDED, COURSE_SAVED

pytestmark = pytest.mark.django_db

ADD = reverse("training:course_add")


@pytest.fixture
def neglect(partnership):
    return CourseTheme.objects.create(partnership=partnership, name="Neglect")


@pytest.fixture
def draft_objective(partnership):
    plan = Plan.objects.create(
        partnership=partnership,
        title="Northdale Business Plan 2027/2029",
        period="2027/2029",
        starts_on=datetime.date(2027, 4, 1),
        ends_on=datetime.date(2029, 3, 31),
        status=Plan.Status.DRAFT,
    )
    priority = Priority.objects.create(plan=plan, number=1, title="Draft", aim="Draft")
    return Objective.objects.create(
        plan=plan, priority=priority, number="1.1", action="A draft objective"
    )


@pytest.fixture
def foreign_objective(other_partnership):
    plan = Plan.objects.create(
        partnership=other_partnership,
        title="Southdale Business Plan 2025/2027",
        period="2025/2027",
        starts_on=datetime.date(2025, 4, 1),
        ends_on=datetime.date(2027, 3, 31),
        status=Plan.Status.LIVE,
    )
    priority = Priority.objects.create(plan=plan, number=1, title="Theirs", aim="Theirs")
    return Objective.objects.create(
        plan=plan, priority=priority, number="4.9", action="Their training offer"
    )


def course_data(**changes) -> dict:
    data = {
        "title": "Domestic Abuse and Children",
        "description": "How domestic abuse harms children, and what to do.",
        "delivery": "classroom",
        "audience": "Practitioners of every agency",
        "level": "core",
        "is_active": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_business_unit_adds_a_course_with_its_themes_and_objectives(
    client, business_unit, neglect, objective
):
    client.force_login(business_unit)
    response = client.post(
        ADD, course_data(themes=[neglect.pk], objectives=[objective.pk]), follow=True
    )
    course = Course.objects.get(title="Domestic Abuse and Children")
    assert response.redirect_chain[-1][0] == reverse("training:course", args=[course.pk])
    assert COURSE_ADDED.format(title=course.title) in response.content.decode()
    assert (course.delivery, course.level, course.is_active) == ("classroom", "core", True)
    assert list(course.themes.all()) == [neglect]
    assert list(course.objectives.all()) == [objective]
    assert course.history.first().history_user == business_unit


def test_the_learning_and_development_sub_group_changes_a_course(
    client, trainer, training_group, course
):
    client.force_login(trainer)
    response = client.post(
        reverse("training:course_edit", args=[course.pk]),
        course_data(
            title=course.title,
            delivery="virtual",
            level="",
            is_active=None,
            version=course.version,
        ),
        follow=True,
    )
    assert COURSE_SAVED.format(title=course.title) in response.content.decode()
    course.refresh_from_db()
    assert (course.delivery, course.level, course.is_active) == ("virtual", "", False)
    assert list(course.themes.all()) == []


def test_the_change_page_shows_the_course_as_it_is(client, business_unit, course, objective):
    course.objectives.add(objective)
    client.force_login(business_unit)
    form = client.get(reverse("training:course_edit", args=[course.pk])).context["form"]
    assert form["title"].value() == course.title
    assert form["delivery"].value() == "classroom"
    assert [int(pk) for pk in form["objectives"].value()] == [objective.pk]


def test_a_course_title_is_refused_when_taken_for_the_same_delivery(client, business_unit, course):
    client.force_login(business_unit)
    taken = course_data(title="working together to safeguard children  ")
    assert form_errors(client.post(ADD, taken)) == {
        "title": [COURSE_TAKEN.format(delivery="classroom")]
    }
    assert Course.objects.filter(title__iexact=course.title).count() == 1
    response = client.post(ADD, course_data(title=course.title, delivery="elearning"))
    assert response.status_code == 302
    assert Course.objects.filter(title=course.title).count() == 2


def test_a_course_keeps_its_own_title_when_changed(client, business_unit, course):
    client.force_login(business_unit)
    response = client.post(
        reverse("training:course_edit", args=[course.pk]),
        course_data(title=course.title, description="Updated", version=course.version),
    )
    assert response.status_code == 302


def test_a_course_needs_a_title_and_a_delivery(client, business_unit):
    client.force_login(business_unit)
    response = client.post(ADD, course_data(title="  ", delivery=None))
    assert form_errors(response) == {"title": [TITLE_REQUIRED], "delivery": [DELIVERY_REQUIRED]}
    html = response.content.decode()
    assert "There is a problem" in html and TITLE_REQUIRED in html
    assert not Course.objects.exists()


def test_an_unknown_delivery_or_level_is_refused(client, business_unit):
    client.force_login(business_unit)
    refused = form_errors(client.post(ADD, course_data(delivery="post", level="expert")))
    assert set(refused) == {"delivery", "level"}
    assert not Course.objects.exists()


def test_a_theme_of_another_partnership_is_refused(client, business_unit, other_partnership):
    theirs = CourseTheme.objects.create(partnership=other_partnership, name="Neglect")
    client.force_login(business_unit)
    response = client.post(ADD, course_data(themes=[theirs.pk]))
    assert form_errors(response) == {"themes": [CHOICE_NOT_OFFERED.format(label="themes")]}
    assert not Course.objects.exists()


def test_an_objective_of_another_partnership_is_refused(client, business_unit, foreign_objective):
    client.force_login(business_unit)
    response = client.post(ADD, course_data(objectives=[foreign_objective.pk]))
    assert form_errors(response) == {
        "objectives": [CHOICE_NOT_OFFERED.format(label="business-plan objectives it serves")]
    }
    assert not Course.objects.exists()


def test_an_unknown_theme_id_is_refused(client, business_unit):
    client.force_login(business_unit)
    assert set(form_errors(client.post(ADD, course_data(themes=["999999"])))) == {"themes"}
    assert set(form_errors(client.post(ADD, course_data(themes=["not-a-number"])))) == {"themes"}
    assert not Course.objects.exists()


def test_objectives_offered_are_those_of_live_plans_labelled_by_plan_and_number(
    client, business_unit, objective, other_objective, draft_objective, foreign_objective
):
    client.force_login(business_unit)
    field = client.get(ADD).context["form"].fields["objectives"]
    labels = [label for _, label in field.choices]
    assert labels == [
        "Northdale Business Plan 2025/2027: 1.1 Change our terminology",
        "Northdale Business Plan 2025/2027: 1.2 Assess via case evaluations",
    ]


def test_an_objective_already_served_stays_offered_once_its_plan_is_no_longer_live(
    client, business_unit, course, draft_objective
):
    course.objectives.add(draft_objective)
    client.force_login(business_unit)
    url = reverse("training:course_edit", args=[course.pk])
    field = client.get(url).context["form"].fields["objectives"]
    assert [label for _, label in field.choices] == [
        "Northdale Business Plan 2027/2029: 1.1 A draft objective"
    ]
    response = client.post(
        url,
        course_data(title=course.title, objectives=[draft_objective.pk], version=course.version),
    )
    assert response.status_code == 302


@pytest.mark.parametrize("persona", ["member", "executive", "scrutineer", "agency_rep", "lead"])
def test_people_who_do_not_manage_training_cannot_add_or_change_a_course(
    client, request, course, persona
):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(ADD, course_data()).status_code == 403
    edit = reverse("training:course_edit", args=[course.pk])
    assert client.post(edit, course_data(title="Renamed")).status_code == 403
    course.refresh_from_db()
    assert course.title == "Working Together to Safeguard Children"
    assert Course.objects.count() == 1


def test_another_partnership_cannot_change_the_course(client, outsider, course):
    client.force_login(outsider)
    edit = reverse("training:course_edit", args=[course.pk])
    assert client.post(edit, course_data(title="Renamed")).status_code == 404
    course.refresh_from_db()
    assert course.title == "Working Together to Safeguard Children"


def test_the_course_service_refuses_themes_and_objectives_of_another_partnership(
    partnership, business_unit, other_partnership, foreign_objective
):
    theirs = CourseTheme.objects.create(partnership=other_partnership, name="Neglect")
    with pytest.raises(ValidationError) as refused:
        services.course_create(
            partnership=partnership,
            user=business_unit,
            title="A course",
            delivery="classroom",
            themes=[theirs],
            objectives=[foreign_objective],
        )
    assert refused.value.message_dict == {
        "themes": [services.THEME_OTHER_PARTNERSHIP],
        "objectives": [services.OBJECTIVE_OTHER_PARTNERSHIP],
    }
    assert not Course.objects.exists()


def test_only_the_partnerships_themes_are_offered(
    client, business_unit, neglect, other_partnership
):
    CourseTheme.objects.create(partnership=other_partnership, name="Southdale's own theme")
    client.force_login(business_unit)
    response = client.get(ADD)
    assert [label for _, label in response.context["form"].fields["themes"].choices] == ["Neglect"]
    assert "Southdale" not in response.content.decode()


def test_the_course_page_counts_the_characters_of_the_description(client, business_unit):
    client.force_login(business_unit)
    assert character_counts(client.get(ADD)) == {
        "id_description": ("5000", "You can enter up to 5,000 characters"),
    }


def test_a_description_over_5000_characters_is_refused_naming_the_field(client, business_unit):
    client.force_login(business_unit)
    response = client.post(ADD, course_data(description="x" * 5_001))
    assert form_errors(response) == {
        "description": [text_too_long("Description", SUMMARY_MAX_LENGTH)]
    }
    assert "Description must be 5,000 characters or fewer" in response.content.decode()
    assert not Course.objects.exists()
