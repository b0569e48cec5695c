"""Benchmark: server time and query count of the main pages at 1x and 10x data.

    .venv/bin/python tests/perf/bench_pages.py [--scale 1 10] [--repeat 5]

Builds a throwaway database (SQLite file in a temporary folder, or the PostgreSQL server of
DATABASE_URL, in a database named kscp_bench), fills it with synthetic partnerships, plans,
objectives, actions and history, then prints, per scale, the median server time and query
count of: the home page of a lead, the plan page (page 2, filtered and unfiltered), the
objective page with its history, and the group page. Figures, not assertions.
"""

import argparse
import datetime

from benchdb import LIVE_PLAN, RAGS, measure, migrate_fresh, page, print_table
from django.db import transaction
from django.test import Client

from kscp.core.models import Group, Membership, Partnership, User
from plans.models import Action, Objective, Plan, Priority
from plans.services import owners_set


@transaction.atomic
def build(scale: int):
    """Per partnership: 6 groups, 3 plans of 6 priorities x 10 objectives (x scale), each
    objective with 2 actions and 3 recorded updates."""
    partnerships = 2 * scale
    for p in range(partnerships):
        partnership = Partnership.objects.create(
            name=f"Bench {scale}-{p}", short_name=f"B{p}", slug=f"bench-{scale}-{p}"
        )
        lead = User.objects.create_user(username=f"lead-{scale}-{p}", partnership=partnership)
        groups = [
            Group.objects.create(partnership=partnership, name=f"Group {g}", kind="sub_group")
            for g in range(6)
        ]
        for group in groups[:2]:
            Membership.objects.create(group=group, person=lead, role=Membership.Role.LEAD)
        for n in range(3):
            plan = Plan.objects.create(
                partnership=partnership,
                title=f"Plan {n}",
                **LIVE_PLAN,
            )
            for pr in range(1, 7):
                priority = Priority.objects.create(plan=plan, number=pr, title=f"Priority {pr}")
                for o in range(1, 11):
                    objective = Objective.objects.create(
                        plan=plan,
                        priority=priority,
                        number=f"{pr}.{o}",
                        action=f"Objective {pr}.{o}",
                        rag=RAGS[o % 5],
                        due_on=datetime.date(2026, 1 + o % 12, 1),
                    )
                    owners_set(item=objective, owners=[(groups[o % 6], "lead")], user=None)
                    for a in (1, 2):
                        action = Action.objects.create(
                            objective=objective, position=a, label=str(a), description="Step"
                        )
                        owners_set(item=action, owners=[(lead, "lead")], user=None)
                    for u in range(3):
                        objective.progress = f"Update {u}"
                        objective.rag = RAGS[(o + u) % 5]
                        objective.save()
    return partnerships


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--scale", nargs="+", type=int, default=[1, 10])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    migrate_fresh()
    results = {}
    for scale in args.scale:
        build(scale)
        user = User.objects.get(username=f"lead-{scale}-0")
        plan = Plan.objects.filter(partnership=user.partnership).first()
        objective = plan.objectives.order_by("sort_key").first()
        group = Group.objects.filter(partnership=user.partnership).first()
        client = Client()
        client.force_login(user)
        pages = {
            "home (lead)": "/",
            "plan page 2": f"/plans/{plan.pk}/?page=2",
            "plan filtered": f"/plans/{plan.pk}/?rag=red&rag=amber&q=Objective&sort=-due",
            "objective + history": f"/objectives/{objective.pk}/",
            "group": f"/groups/{group.pk}/",
        }
        results[scale] = {
            name: measure(page(client, url), args.repeat) for name, url in pages.items()
        }
        rows = (Objective.objects.count(), Objective.history.count(), Action.objects.count())
        print(
            f"scale {scale}x: {rows[0]} objectives, {rows[1]} objective history rows, "
            f"{rows[2]} actions in the database"
        )
    print_table(results, args.scale, width=22)


if __name__ == "__main__":
    main()
