from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from kscp.core.models import User

pytestmark = pytest.mark.django_db


def row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in ("kscp", "plans", "rounds", "assurance")
    }


def test_loading_the_demo_twice_changes_nothing(demo_data):
    before = row_counts()
    assert before["plans.Objective"] > 0
    assert before["rounds.UpdateRound"] == 2
    call_command("load_demo", verbosity=0)
    assert row_counts() == before  # history tables included: nothing was saved again


def test_demo_people_cannot_sign_in_outside_demo_mode(demo_data):
    assert not any(user.has_usable_password() for user in User.objects.all())


def test_every_role_has_a_demo_sign_in_in_each_partnership(demo_data):
    from kscp.demo.fixtures import demo_logins

    roles = {}
    for user in demo_logins():
        roles.setdefault(user.partnership.slug, set()).add(user.role)
    assert set(roles) == {"kirklees", "calderdale"}
    for slug, found in roles.items():
        assert found == set(User.Role.values), slug


def test_loading_the_demo_twice_creates_no_record_of_any_app(demo_data):
    apps_loaded = ("kscp", "plans", "reviews", "training", "rounds", "assurance")
    models = [m for m in apps.get_models() if m._meta.app_label in apps_loaded]
    before = {model._meta.label: model.objects.count() for model in models}
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert out.getvalue().strip() == "Demo data loaded: 0 records created."
    assert {model._meta.label: model.objects.count() for model in models} == before
