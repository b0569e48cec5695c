"""Each app's demo loader on its own, on a partnership whose structure alone is loaded (and, for
the case reviews, the plan their learning points name): one shape for all four, each counting
what it makes and making nothing the second time. (Its own module: the demo data of other
modules must not be loaded around these tests.)"""

import re

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from kscp.core.loading import Loader, load_structure
from kscp.core.models import Agency, Group, Membership, Partnership, User
from kscp.demo import fixtures
from kscp.demo.management.commands.load_demo import NO_STRUCTURE
from plans.loading import load_plans
from plans.models import Objective, Plan
from reviews.loading import load_reviews
from reviews.models import LearningPoint, Notification, Review
from training.loading import load_training
from training.models import Attendance, Course

pytestmark = pytest.mark.django_db

PLAN_2019 = "Kirklees Safeguarding Children Partnership Business Plan 2019/2021"


def read(name: str) -> dict:
    return yaml.safe_load((fixtures.FIXTURES_DIR / "kirklees" / name).read_text())


@pytest.fixture
def kirklees(db) -> Partnership:
    """Kirklees with its structure.yaml loaded, and nothing else."""
    data = read("structure.yaml")
    partnership = Loader().partnership(data["partnership"])
    load_structure(partnership, data)
    return partnership


def test_the_structure_loader_counts_the_agencies_people_groups_and_members_it_makes(db):
    data = read("structure.yaml")
    loader = Loader()
    partnership = loader.partnership(data["partnership"])
    made = load_structure(partnership, data, loader)
    assert made == sum(model.objects.count() for model in (Agency, User, Group, Membership))
    assert loader.created == made + 1  # and the partnership
    assert load_structure(partnership, data) == 0


def test_the_plans_loader_loads_a_plan_on_a_partnership_with_only_its_structure(kirklees):
    made = load_plans(kirklees, read("plan-2019-2021.yaml"))
    plan = Plan.objects.get(partnership=kirklees)
    assert plan.title == PLAN_2019
    assert Objective.objects.filter(plan=plan).exists()
    assert made > Objective.objects.filter(plan=plan).count()
    assert load_plans(kirklees, read("plan-2019-2021.yaml")) == 0


def test_the_plans_loader_loads_the_groups_its_plan_file_brings(kirklees):
    groups = Group.objects.count()
    load_plans(kirklees, read("plan-kscb-2010-2013.yaml"))
    assert Group.objects.count() > groups


def test_the_reviews_loader_loads_on_its_own_once_the_plan_it_names_is_loaded(kirklees):
    load_plans(kirklees, read("plan-2019-2021.yaml"))
    made = load_reviews(kirklees, read("reviews.yaml"))
    assert Notification.objects.filter(partnership=kirklees).exists()
    assert Review.objects.filter(partnership=kirklees).exists()
    assert LearningPoint.objects.filter(objective__plan__title=PLAN_2019).exists()
    assert made > Review.objects.count()
    assert load_reviews(kirklees, read("reviews.yaml")) == 0


def test_the_reviews_loader_refuses_a_learning_point_of_a_plan_not_loaded(kirklees):
    with pytest.raises(CommandError, match="unknown objective"):
        load_reviews(kirklees, read("reviews.yaml"))
    assert not Review.objects.exists()


def test_the_training_loader_loads_on_a_partnership_with_only_its_structure(kirklees):
    made = load_training(kirklees, read("training.yaml"))
    assert Course.objects.filter(partnership=kirklees).exists()
    assert made > Attendance.objects.count() > 0
    assert load_training(kirklees, read("training.yaml")) == 0


def test_a_fixture_folder_without_a_structure_file_is_refused(db, tmp_path, monkeypatch):
    (tmp_path / "northdale").mkdir()
    (tmp_path / "northdale" / "plan-2030.yaml").write_text("plan: {}\n")
    monkeypatch.setattr(fixtures, "FIXTURES_DIR", tmp_path)
    message = NO_STRUCTURE.format(slug="northdale", pattern="plan-*.yaml")
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("load_demo")
