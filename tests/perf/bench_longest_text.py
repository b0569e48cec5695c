"""Benchmark of the plan PDF with every free-text field at its longest, beside a plan of the
same size with ordinary text, in the same run.

    .venv/bin/python tests/perf/bench_longest_text.py [--objectives 30] [--repeat 3]

Both plans have 5 priorities, `--objectives` objectives (2 actions each) and one partnership's
groups. In the full plan every free text the plan PDF prints (the plan's introduction,
version history and acronyms, the progress key, each priority's title and aim, each
objective's and action's text, owner, timescale, progress and evidence) holds as many
characters as its field allows: words in paragraphs, as a long update would read. It prints
the median time of the plan PDF (the server's response) and of its raw WeasyPrint render,
for both plans, and their ratio. Before the limits one 1 MB progress text took 55 s.
"""

import argparse
import datetime
import itertools
import statistics
import time

from benchdb import LIVE_PLAN, measure, migrate_fresh
from django.db import models
from django.test import Client

from kscp.core.models import Group, Membership, Partnership, User
from plans.models import Action, Objective, Plan, Priority, number_sort_key
from plans.reports import plan_report, render_plan_html
from plans.services import owners_set

PRIORITIES = 5
ACTIONS_PER_OBJECTIVE = 2
WORDS = (
    "The multi-agency audit of neglect cases found that practitioners now use the graded "
    "care profile at the first contact and share chronologies with health visitors"
).split()


def words(length: int) -> str:
    """`length` characters of sentences, a paragraph every 600 or so."""
    text, size = [], 0
    for n, word in enumerate(itertools.cycle(WORDS)):
        piece = word + ("\n\n" if n % 100 == 99 else " ")
        text.append(piece)
        size += len(piece)
        if size >= length:
            return "".join(text)[: length - 1] + "."


def free_text_fields(model) -> list[models.Field]:
    """The fields people type sentences into: text, and character fields of 100 or more
    characters without choices (not numbers, labels or periods)."""
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.TextField)
        or (isinstance(f, models.CharField) and f.max_length >= 100 and not f.choices)
    ]


def at_longest(model, **values):
    """`values`, with every free-text field at its longest."""
    return values | {f.name: words(f.max_length) for f in free_text_fields(model)}


def build_plan(partnership, title, lead, groups, objectives, full: bool) -> Plan:
    fill = at_longest if full else (lambda model, **values: values)
    plan = Plan.objects.create(
        **fill(
            Plan,
            partnership=partnership,
            title=title,
            **LIVE_PLAN,
        )
    )
    per_priority = objectives // PRIORITIES
    for p in range(1, PRIORITIES + 1):
        priority = Priority.objects.create(
            **fill(Priority, plan=plan, number=p, title=f"Priority {p}", aim="An aim")
        )
        for o in range(1, per_priority + 1):
            number = f"{p}.{o}"
            objective = Objective.objects.create(
                **fill(
                    Objective,
                    plan=plan,
                    priority=priority,
                    number=number,
                    sort_key=number_sort_key(number),
                    action=f"Objective {number}: a multi-agency commitment",
                    outcome="An outcome",
                    outcome_measure="A measure",
                    difference="A difference",
                    rag="amber",
                    progress="Audit completed in March; the report goes to the Executive.",
                    evidence="Audit report, March",
                    due_on=datetime.date(2026, 1 + o % 12, 1),
                )
            )
            owners_set(item=objective, owners=[(groups[o % len(groups)], "lead")], user=None)
            for a in range(1, ACTIONS_PER_OBJECTIVE + 1):
                action = Action.objects.create(
                    **fill(
                        Action,
                        objective=objective,
                        position=a,
                        label=str(a),
                        description="Step",
                        rag="green",
                        progress="Done for the first two agencies.",
                    )
                )
                owners_set(item=action, owners=[(lead, "lead")], user=None)
    return plan


def main():
    parser = argparse.ArgumentParser(description="Plan PDF at the longest field lengths")
    parser.add_argument("--objectives", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    migrate_fresh()
    from weasyprint import HTML

    HTML(string="<p>warm up</p>").write_pdf()
    partnership = Partnership.objects.create(name="Bench", short_name="B", slug="bench")
    lead = User.objects.create_user(username="lead", partnership=partnership)
    executive = User.objects.create_user(username="exec", partnership=partnership, role="executive")
    groups = [
        Group.objects.create(partnership=partnership, name=f"Group {g}", kind="sub_group")
        for g in range(6)
    ]
    Membership.objects.create(group=groups[0], person=lead, role=Membership.Role.LEAD)
    plans = {
        "ordinary text": build_plan(
            partnership, "Ordinary plan", lead, groups, args.objectives, full=False
        ),
        "every field at its longest": build_plan(
            partnership, "Longest plan", lead, groups, args.objectives, full=True
        ),
    }
    client = Client()
    client.force_login(executive)
    results = {}
    for name, plan in plans.items():

        def server(plan=plan):
            response = client.get(f"/plans/{plan.pk}/pdf/")
            assert response.status_code == 200, response.status_code

        def raw(plan=plan):
            html = render_plan_html(plan_report(plan, datetime.date.today()), for_pdf=True)
            started = time.perf_counter()
            document = HTML(string=html, base_url=".").render()
            document.write_pdf(pdf_tags=True)
            raw.seconds.append(time.perf_counter() - started)
            raw.pages = len(document.pages)

        raw.seconds = []
        server_ms, _ = measure(server, args.repeat)
        for _ in range(args.repeat):
            raw()
        characters = sum(
            len(getattr(record, f.name) or "")
            for model, records in (
                (Plan, [plan]),
                (Priority, plan.priorities.all()),
                (Objective, plan.objectives.all()),
                (Action, Action.objects.filter(objective__plan=plan)),
            )
            for record in records
            for f in free_text_fields(model)
        )
        results[name] = (server_ms, statistics.median(raw.seconds) * 1000, raw.pages, characters)
    print(
        f"\n{args.objectives} objectives, {args.objectives * ACTIONS_PER_OBJECTIVE} actions; "
        f"median of {args.repeat}"
    )
    print(f"{'plan':<28}{'characters':>12}{'pages':>7}{'PDF ms':>10}{'raw ms':>10}")
    for name, (server_ms, raw_ms, pages, characters) in results.items():
        print(f"{name:<28}{characters:>12,}{pages:>7}{server_ms:>10.0f}{raw_ms:>10.0f}")
    (ordinary, *_), (longest, *_) = results.values()
    print(f"longest / ordinary: {longest / ordinary:.1f} x the PDF time")


if __name__ == "__main__":
    main()
