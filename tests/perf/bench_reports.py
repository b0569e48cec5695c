"""Benchmark of the pages and reports at 1x and 10x data, side by side.

    .venv/bin/python tests/perf/bench_reports.py [--scale 1 10] [--repeat 5]

1x is 20 partnerships x 3 live plans x 6 priorities x 10 objectives (3,600 objectives), each
objective with 2 actions and 27 recorded updates (about 100,000 history rows); 10x is ten
times as many partnerships. It prints, per scale, the median server time and the query count
of a trivial signed-in page (the groups list), the plan page, the dashboard and the plan PDF,
and the raw WeasyPrint render time of the same PDF's HTML.

A throwaway database: a SQLite file in a temporary folder, or with DATABASE_URL pointing at a
PostgreSQL server, a database named kscp_bench there (dropped and made again).
"""

import argparse
import datetime
import statistics
import time

from benchdb import LIVE_PLAN, RAGS, measure, migrate_fresh
from django.db import transaction
from django.test import Client
from django.utils import timezone

from kscp.core.models import Group, Membership, Partnership, User
from plans.models import Action, Objective, Owner, Plan, Priority, number_sort_key
from plans.reports import plan_report, render_plan_html

PARTNERSHIPS_PER_SCALE = 20
UPDATES_PER_OBJECTIVE = 27


@transaction.atomic
def build_partnership(tag: str):
    """One partnership: 6 groups, 3 live plans of 60 objectives, actions and history,
    written with bulk inserts."""
    start = timezone.make_aware(datetime.datetime(2025, 4, 1, 9))
    partnership = Partnership.objects.create(name=f"Bench {tag}", short_name="B", slug=tag)
    lead = User.objects.create_user(username=f"lead-{tag}", partnership=partnership)
    User.objects.create_user(username=f"exec-{tag}", partnership=partnership, role="executive")
    groups = [
        Group.objects.create(partnership=partnership, name=f"Group {g}", kind="sub_group")
        for g in range(6)
    ]
    Membership.objects.create(group=groups[0], person=lead, role=Membership.Role.LEAD)
    Historical = Objective.history.model
    for n in range(3):
        plan = Plan.objects.create(
            partnership=partnership,
            title=f"Business plan {n}",
            **LIVE_PLAN,
        )
        priorities = Priority.objects.bulk_create(
            [
                Priority(plan=plan, number=p, title=f"Priority {p}", aim="An aim")
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
                    outcome_measure="A measure",
                    difference="A difference",
                    rag=RAGS[o % 5],
                    progress=f"Update {UPDATES_PER_OBJECTIVE}",
                    due_on=datetime.date(2026, 1 + o % 12, 1),
                )
                for priority in priorities
                for o in range(1, 11)
            ]
        )
        Owner.objects.bulk_create(
            [Owner(objective=o, position=1, group=groups[i % 6]) for i, o in enumerate(objectives)]
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
        for o in objectives:
            for u in range(UPDATES_PER_OBJECTIVE + 1):
                history.append(
                    Historical(
                        id=o.pk,
                        plan_id=plan.pk,
                        priority_id=o.priority_id,
                        number=o.number,
                        sort_key=o.sort_key,
                        action=o.action,
                        rag=RAGS[(u + o.pk) % 5],
                        progress=f"Update {u}",
                        evidence="",
                        version=u + 1,
                        due_on=o.due_on,
                        created_at=start,
                        updated_at=start + datetime.timedelta(days=7 * u),
                        history_date=start + datetime.timedelta(days=7 * u),
                        history_type="+" if u == 0 else "~",
                        history_user_id=lead.pk,
                    )
                )
        Historical.objects.bulk_create(history, batch_size=2000)
        # The objectives' owners since the start, for the plan as at a date.
        HistoricalOwner = Owner.history.model
        HistoricalOwner.objects.bulk_create(
            [
                HistoricalOwner(
                    id=owner.pk,
                    objective_id=owner.objective_id,
                    position=owner.position,
                    role=owner.role,
                    group_id=owner.group_id,
                    created_at=start,
                    updated_at=start,
                    history_date=start,
                    history_type="+",
                )
                for owner in Owner.objects.filter(objective__plan=plan)
            ],
            batch_size=2000,
        )


def main():
    parser = argparse.ArgumentParser(description="Benchmark of pages and reports")
    parser.add_argument("--scale", nargs="+", type=int, default=[1, 10])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    migrate_fresh()
    from weasyprint import HTML

    HTML(string="<p>warm up</p>").write_pdf()
    built, results = 0, {}
    for scale in sorted(args.scale):
        started = time.perf_counter()
        while built < PARTNERSHIPS_PER_SCALE * scale:
            build_partnership(f"p{built}")
            built += 1
        build_seconds = time.perf_counter() - started
        executive = User.objects.get(username="exec-p0")
        plan = Plan.objects.filter(partnership=executive.partnership).order_by("pk").first()
        client = Client()
        client.force_login(executive)

        def get(url, client=client):
            def fetch():
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
                return response

            return fetch

        def raw_render(plan=plan):
            html = render_plan_html(plan_report(plan, datetime.date.today()), for_pdf=True)
            started = time.perf_counter()
            HTML(string=html, base_url=".").write_pdf(pdf_tags=True)
            raw_render.seconds.append(time.perf_counter() - started)

        raw_render.seconds = []
        results[scale] = {
            "trivial page (groups)": measure(get("/groups/"), args.repeat),
            "plan page": measure(get(f"/plans/{plan.pk}/?page=2"), args.repeat),
            "dashboard": measure(get("/dashboard/"), args.repeat),
            "plan PDF (server)": measure(get(f"/plans/{plan.pk}/pdf/"), args.repeat),
        }
        for _ in range(args.repeat):
            raw_render()
        results[scale]["raw WeasyPrint render"] = (statistics.median(raw_render.seconds) * 1000, 0)
        print(
            f"{scale}x: {Partnership.objects.count()} partnerships, "
            f"{Objective.objects.count()} objectives, "
            f"{Objective.history.count()} objective history rows "
            f"(built in {build_seconds:.0f} s)",
            flush=True,
        )
    scales = sorted(results)
    print(
        f"\n{'':<24}"
        + "".join(f"{f'{s}x ms':>10}{f'{s}x q':>6}" for s in scales)
        + ("    10x/1x" if len(scales) > 1 else "")
    )
    for name in results[scales[0]]:
        line = f"{name:<24}"
        for scale in scales:
            ms, q = results[scale][name]
            line += f"{ms:>10.1f}{q:>6}"
        if len(scales) > 1:
            line += f"{results[scales[-1]][name][0] / results[scales[0]][name][0]:>10.2f}"
        print(line)
    for scale in scales:
        pdf, raw = (
            results[scale]["plan PDF (server)"][0],
            results[scale]["raw WeasyPrint render"][0],
        )
        print(f"PDF at {scale}x: server {pdf:.0f} ms = {pdf / raw:.2f} x the raw render")


if __name__ == "__main__":
    main()
