"""Benchmark of the executive dashboard against a trivial signed-in page, at 1x and 10x data.

    .venv/bin/python tests/perf/bench_dashboard.py [--scale 1 10] [--repeat 7] [--profile]

1x is 10 partnerships, each with 12 groups, 3 live plans of three years (12 quarters shown)
of 6 priorities x 10 objectives, each objective with 2 actions and 36 recorded updates
spread over the years, three closed update rounds and one open round in which a third of
the items have been updated; 10x is ten times as many partnerships. It prints, per scale,
the median server time and query count of a trivial signed-in page ("Your e-mail"), the
dashboard, the dashboard filtered by a plan and by an owner group, and each one's ratio to
the trivial page fetched just before each of its calls (so that a machine whose speed
drifts during the run moves both alike): as kept in the cache (a second view while nothing has
changed), after an update (the first view after a lead updated an objective: that plan's
panel and the rounds are made again, the other plans and the partnership's case and training
panels kept), another executive member's first view of the day (the plans and rounds
kept for everyone who may open the same, their own case and training panels made) and
made afresh (nothing kept: the first view after a restart, or after a change to every
part).
`--profile` prints where the time of the dashboard after an update goes.

A throwaway database: a SQLite file in a temporary folder, or with DATABASE_URL pointing at a
PostgreSQL server, a database named kscp_bench there (dropped and made again).
"""

import argparse
import cProfile
import datetime
import pstats
import time

from benchdb import RAGS, analyze, measure, measure_against, migrate_fresh, page
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.utils import timezone

from kscp.core.models import Group, Membership, Partnership, User
from kscp.core.services import tracked_item_update
from kscp.core.tracking import UPDATE_REASON
from kscp.rounds import services as round_services
from kscp.rounds.models import UpdateRound
from plans.models import Action, Objective, Owner, Plan, Priority, number_sort_key

PARTNERSHIPS_PER_SCALE = 10
UPDATES_PER_OBJECTIVE = 36
GROUPS = 12


@transaction.atomic
def build_partnership(tag: str):
    """One partnership, written with bulk inserts."""
    today = timezone.localdate()
    starts_on = datetime.date(today.year - 3, 4, 1)
    start = timezone.make_aware(datetime.datetime.combine(starts_on, datetime.time(9)))
    step = (timezone.now() - start) / (UPDATES_PER_OBJECTIVE + 1)
    partnership = Partnership.objects.create(name=f"Bench {tag}", short_name="B", slug=tag)
    lead = User.objects.create_user(username=f"lead-{tag}", partnership=partnership)
    User.objects.create_user(username=f"exec-{tag}", partnership=partnership, role="executive")
    office = User.objects.create_user(
        username=f"office-{tag}", partnership=partnership, role="business_unit"
    )
    groups = [
        Group.objects.create(partnership=partnership, name=f"Group {g}", kind="sub_group")
        for g in range(GROUPS)
    ]
    for group in groups:
        Membership.objects.create(group=group, person=lead, role=Membership.Role.LEAD)
    Historical = Objective.history.model
    plans = []
    for n in range(3):
        plan = Plan.objects.create(
            partnership=partnership,
            title=f"Business plan {n}",
            period="Three years",
            starts_on=starts_on,
            ends_on=datetime.date(today.year + 1, 3, 31),
            status="live",
            key_red="Red",
            key_amber="Amber",
            key_green="Green",
            key_complete="Complete",
        )
        plans.append(plan)
        priorities = Priority.objects.bulk_create(
            [
                Priority(plan=plan, number=p, title=f"Priority {p}: a commitment")
                for p in range(1, 7)
            ]
        )
        objectives = Objective.objects.bulk_create(
            [
                Objective(
                    plan=plan,
                    priority=priority,
                    number=f"{priority.number}.{o}",
                    sort_key=number_sort_key(f"{priority.number}.{o}"),
                    action=f"Objective {priority.number}.{o}: a multi-agency commitment",
                    rag=RAGS[o % 5],
                    progress=f"Update {UPDATES_PER_OBJECTIVE}",
                    due_on=datetime.date(today.year - 1 + o % 3, 1 + o % 12, 1),
                )
                for priority in priorities
                for o in range(1, 11)
            ]
        )
        Owner.objects.bulk_create(
            [
                Owner(objective=o, position=1, group=groups[i % GROUPS])
                for i, o in enumerate(objectives)
            ]
        )
        actions = Action.objects.bulk_create(
            [
                Action(objective=o, position=a, label=str(a), description="Step")
                for o in objectives
                for a in (1, 2)
            ]
        )
        Owner.objects.bulk_create([Owner(action=a, position=1, person=lead) for a in actions])
        history = []
        for i, o in enumerate(objectives):
            for u in range(UPDATES_PER_OBJECTIVE + 1):
                last = u == UPDATES_PER_OBJECTIVE
                history.append(
                    Historical(
                        id=o.pk,
                        plan_id=plan.pk,
                        priority_id=o.priority_id,
                        number=o.number,
                        sort_key=o.sort_key,
                        action=o.action,
                        rag=o.rag if last else RAGS[(u + o.pk) % 5],
                        progress=f"Update {u}",
                        evidence="",
                        version=u + 1,
                        due_on=o.due_on,
                        created_at=start,
                        updated_at=start + step * u,
                        # A third of the objectives were updated in the open round.
                        history_date=timezone.now() - datetime.timedelta(hours=1)
                        if last and i % 3 == 0
                        else start + step * u,
                        history_type="+" if u == 0 else "~",
                        history_change_reason=UPDATE_REASON if u else None,
                        history_user_id=lead.pk,
                    )
                )
        Historical.objects.bulk_create(history, batch_size=2000)
    for months in (9, 6, 3):
        closed = UpdateRound.objects.create(
            partnership=partnership,
            name=f"Round {months} months ago",
            opens_on=today - datetime.timedelta(days=30 * months + 20),
            deadline=today - datetime.timedelta(days=30 * months),
        )
        closed.plans.set(plans)
        round_services.round_close(update_round=closed, user=office, version=1)
        UpdateRound.objects.filter(pk=closed.pk).update(
            closed_at=timezone.now() - datetime.timedelta(days=30 * months - 1)
        )
    current = UpdateRound.objects.create(
        partnership=partnership,
        name="The open round",
        opens_on=today - datetime.timedelta(days=5),
        deadline=today + datetime.timedelta(days=10),
        include_review_actions=True,
    )
    current.plans.set(plans)


def newcomers(partnership, count: int, tag: str):
    """`count` more executive members of the partnership (made before the runs: a new
    person is a change to the records the dashboard reads), and a call that signs the next
    one in on a client of its own, whose first view of the day is then fetched: the parts
    kept for everyone who may open the same are kept, their own are made."""
    people = [
        User.objects.create_user(
            username=f"exec-{partnership.slug}-{tag}-{n}",
            partnership=partnership,
            role="executive",
        )
        for n in range(count)
    ]
    client = Client()
    turns = iter(people)

    def sign_in():
        client.force_login(next(turns))

    return client, sign_in


def afresh(fetch):
    """`fetch` with nothing kept in the cache: the dashboard is made again."""

    def fetch_afresh():
        cache.clear()
        fetch()

    return fetch_afresh


def updater(partnership):
    """An update to one of the partnership's objectives by its lead, through the service
    that the update page calls, its RAG changed each time."""
    objective = Objective.objects.filter(plan__partnership=partnership).order_by("pk").first()
    lead = User.objects.get(username=f"lead-{partnership.slug}")
    turns = iter(range(10**6))

    def update():
        turn = next(turns)
        objective.refresh_from_db()
        tracked_item_update(
            item=objective,
            user=lead,
            rag=RAGS[turn % len(RAGS)],
            progress=f"Update {turn}: moved on since the last one",
            evidence="",
            version=objective.version,
        )

    return update


def main():
    parser = argparse.ArgumentParser(description="Benchmark of the executive dashboard")
    parser.add_argument("--scale", nargs="+", type=int, default=[1, 10])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    migrate_fresh()
    built, results = 0, {}
    for scale in sorted(args.scale):
        started = time.perf_counter()
        while built < PARTNERSHIPS_PER_SCALE * scale:
            build_partnership(f"p{built}")
            built += 1
        build_seconds = time.perf_counter() - started
        analyze()
        executive = User.objects.get(username="exec-p0")
        plan = Plan.objects.filter(partnership=executive.partnership).order_by("pk").first()
        group = Group.objects.filter(partnership=executive.partnership).order_by("pk").first()
        newcomer, sign_in = newcomers(executive.partnership, args.repeat, f"{scale}x")
        client = Client()
        client.force_login(executive)
        pages = {
            "trivial page (your e-mail)": "/your-email/",
            "dashboard": "/dashboard/",
            "dashboard, one plan": f"/dashboard/?plan={plan.pk}",
            "dashboard, one group": f"/dashboard/?group={group.pk}",
        }
        for url in pages.values():  # warm up templates and caches
            page(client, url)()
        update = updater(executive.partnership)
        fetches = {name: (page(client, url), None) for name, url in pages.items()}
        for name, url in list(pages.items())[1:]:
            fetches[f"{name}, after an update"] = (page(client, url), update)
        fetches["dashboard, another's first view"] = (page(newcomer, "/dashboard/"), sign_in)
        for name, url in list(pages.items())[1:]:
            fetches[f"{name}, made afresh"] = (afresh(page(client, url)), None)
        trivial = fetches.pop("trivial page (your e-mail)")[0]
        results[scale] = {"trivial page (your e-mail)": (*measure(trivial, args.repeat), 1.0)}
        for name, (fetch, before) in fetches.items():
            results[scale][name] = measure_against(trivial, fetch, args.repeat, before)
        print(
            f"{scale}x: {Partnership.objects.count()} partnerships, "
            f"{Objective.objects.count()} objectives, "
            f"{Objective.history.count()} objective history rows, "
            f"{UpdateRound.objects.count()} update rounds (built in {build_seconds:.0f} s)",
            flush=True,
        )
        if args.profile:
            profiler = cProfile.Profile()
            page(client, "/dashboard/")()  # what the made-afresh pages cleared, kept again
            update()
            profiler.runcall(page(client, "/dashboard/"))
            ours = r"kscp/|plans/|reviews/|training/|template"
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(ours, 40)
    scales = sorted(results)
    print(
        f"\n{'':<46}"
        + "".join(f"{f'{s}x ms':>10}{f'{s}x q':>6}{f'{s}x ratio':>10}" for s in scales)
    )
    for name in results[scales[0]]:
        line = f"{name:<46}"
        for scale in scales:
            ms, q, ratio = results[scale][name]
            line += f"{ms:>10.1f}{q:>6}{ratio:>10.2f}"
        print(line)


if __name__ == "__main__":
    main()
