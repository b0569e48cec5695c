"""Each app's demo loader on its own, on a partnership whose structure alone is loaded (and, for
the case reviews, the plan their learning points name): one shape for all four, each counting
what it makes and making nothing the second time. (Its own module: the demo data of other
modules must not be loaded around these tests.)"""

import datetime
import re

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from kscp.core.loading import Loader, load_structure
from kscp.core.models import Agency, Group, Membership, Partnership, User
from kscp.demo import fixtures
from kscp.demo.management.commands.load_demo import NO_STRUCTURE
from kscp.rounds.loading import load_rounds, quarter_name
from kscp.rounds.models import UpdateRound
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


def test_the_rounds_loader_dates_the_open_round_from_the_day_of_loading(kirklees):
    load_plans(kirklees, read("plan-2019-2021.yaml"))
    # 15 working days after Monday 14 December 2026 skip Christmas, Boxing Day (observed on
    # Monday 28th) and New Year's Day: Thursday 7 January 2027, the fourth quarter.
    made = load_rounds(kirklees, read("rounds.yaml"), today=datetime.date(2026, 12, 14))
    assert made == 2
    open_round = UpdateRound.objects.get(closed_at__isnull=True)
    assert (open_round.opens_on, open_round.deadline) == (
        datetime.date(2026, 12, 7),
        datetime.date(2027, 1, 7),
    )
    assert open_round.name == "Quarter 4 2026/27"
    assert load_rounds(kirklees, read("rounds.yaml"), today=datetime.date(2026, 12, 14)) == 0


@pytest.mark.parametrize(
    "day, name",
    [
        (datetime.date(2026, 4, 1), "Quarter 1 2026/27"),
        (datetime.date(2026, 9, 30), "Quarter 2 2026/27"),
        (datetime.date(2026, 12, 23), "Quarter 3 2026/27"),
        (datetime.date(2027, 3, 31), "Quarter 4 2026/27"),
        (datetime.date(2000, 1, 4), "Quarter 4 1999/00"),
    ],
)
def test_a_round_is_named_after_the_financial_quarter_of_its_deadline(day, name):
    assert quarter_name(day) == name


def test_a_round_naming_an_objective_its_plans_lack_is_refused(kirklees):
    load_plans(kirklees, read("plan-2019-2021.yaml"))
    data = read("rounds.yaml")
    data["rounds"][1]["no_change"] = [{"objective": "9.9", "by": "sheila.lock"}]
    with pytest.raises(CommandError, match="no objective 9.9"):
        load_rounds(kirklees, data)
