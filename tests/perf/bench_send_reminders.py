"""Benchmark of `send_reminders` for one round of 2,000 items over 300 owners (and of half
the size beside it): e-mails sent, queries and seconds of the opening run, and of a second run
the same day, which finds everything sent and sends nothing.

    .venv/bin/python tests/perf/bench_send_reminders.py
"""

import datetime
import time

from benchdb import migrate_fresh  # the throwaway database, set up on import
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kscp.core.models import EmailDue, Group, Membership, OutgoingEmail, Partnership, User
from kscp.rounds.mailing import send_due
from kscp.rounds.models import UpdateRound
from plans.models import Objective, Owner, Plan, Priority

OPENS = datetime.date(2027, 1, 4)


def build(items: int, owners: int) -> UpdateRound:
    partnership = Partnership.objects.create(
        name=f"Bench partnership {items}", short_name="BSCP", slug=f"bench-{items}"
    )
    people = User.objects.bulk_create(
        [
            User(
                username=f"owner{items}_{n}",
                email=f"owner{n}@example.org",
                partnership=partnership,
                first_name="Owner",
                last_name=str(n),
            )
            for n in range(owners)
        ]
    )
    groups = Group.objects.bulk_create(
        [
            Group(
                partnership=partnership,
                name=f"Group {n}",
                kind=Group.Kind.SUB_GROUP,
                chair=people[n],
            )
            for n in range(owners // 2)
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(group=g, person=people[n], role=Membership.Role.LEAD)
            for n, g in enumerate(groups)
        ]
    )
    plan = Plan.objects.create(
        partnership=partnership,
        title="Bench plan",
        period="2025/2027",
        starts_on=datetime.date(2025, 4, 1),
        ends_on=datetime.date(2027, 3, 31),
        status=Plan.Status.LIVE,
        key_red="Red",
        key_amber="Amber",
        key_green="Green",
    )
    priority = Priority.objects.create(plan=plan, number=1, title="Priority")
    objectives = Objective.objects.bulk_create(
        [
            Objective(
                plan=plan,
                priority=priority,
                number=f"1.{n}",
                sort_key=n,
                action=f"Objective {n}",
                due_on=datetime.date(2027, 3, 1),
            )
            for n in range(items)
        ]
    )
    Owner.objects.bulk_create(
        [
            Owner(objective=o, position=1, person=people[n % owners])
            if n % 2
            else Owner(objective=o, position=1, group=groups[n % len(groups)])
            for n, o in enumerate(objectives)
        ]
    )
    update_round = UpdateRound.objects.create(
        partnership=partnership,
        name="Bench round",
        opens_on=OPENS,
        deadline=OPENS + datetime.timedelta(days=14),
    )
    update_round.plans.add(plan)
    return update_round


def run() -> tuple[int, int, float]:
    mail.outbox = []
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        send_due(OPENS)
        seconds = time.perf_counter() - start
    return len(mail.outbox), len(captured), seconds


def main():
    migrate_fresh()
    rows = []
    for items, owners in ((1000, 150), (2000, 300)):
        UpdateRound.objects.all().delete()
        EmailDue.objects.all().delete()
        OutgoingEmail.objects.all().delete()
        build(items, owners)
        first = run()
        second = run()
        rows.append((items, owners, first, second))
    print(
        f"{'items':>6} {'owners':>6} | {'e-mails':>7} {'queries':>7} {'seconds':>7} |"
        f" second run: {'e-mails':>7} {'queries':>7} {'seconds':>7}"
    )
    for items, owners, (m1, q1, s1), (m2, q2, s2) in rows:
        print(
            f"{items:>6} {owners:>6} | {m1:>7} {q1:>7} {s1:>7.2f} |"
            f"             {m2:>7} {q2:>7} {s2:>7.2f}"
        )
    (_, _, (m_small, q_small, s_small), _), (_, _, (m_big, q_big, s_big), _) = rows
    print(
        f"2x the items and owners: {m_big / m_small:.2f}x e-mails, {q_big / q_small:.2f}x "
        f"queries, {s_big / s_small:.2f}x seconds; queries per e-mail "
        f"{q_big / m_big:.1f}"
    )


if __name__ == "__main__":
    main()
