"""Benchmark: server time and query count of the training pages at 1x and 10x data.

    .venv/bin/python tests/perf/bench_training.py [--scale 1 10] [--repeat 5]

Builds a throwaway database (see benchdb.py), fills it with synthetic partnerships, each with
five financial years of classroom courses, sessions and attendance from a dozen agencies and
e-learning completions, then prints per scale the median server time and query count of: the
course catalogue, a course page, a session page with its register, an agency's attendance,
the workforce statistics of a year and one of its CSVs. Figures, not assertions.
"""

import argparse
import datetime

from benchdb import measure, migrate_fresh, page, print_table
from django.db import transaction
from django.test import Client
from django.utils import timezone

from kscp.core.models import Agency, Partnership, Sector, User
from training.models import Attendance, Course, ElearningCompletion, Session

YEARS = range(2020, 2025)
SECTORS = [s.value for s in Sector]


@transaction.atomic
def build(scale: int) -> None:
    """Per partnership: 20 classroom courses with 2 x scale sessions a year, 15 places
    each, 12 attended; 4 e-learning courses with a yearly count."""
    for p in range(2 * scale):
        partnership = Partnership.objects.create(
            name=f"Bench {scale}-{p}", short_name=f"B{p}", slug=f"bench-{scale}-{p}"
        )
        agencies = [
            Agency.objects.create(
                partnership=partnership, name=f"Agency {a}", sector=SECTORS[a % len(SECTORS)]
            )
            for a in range(12)
        ]
        User.objects.create_user(
            username=f"bu-{scale}-{p}", partnership=partnership, role=User.Role.BUSINESS_UNIT
        )
        User.objects.create_user(
            username=f"rep-{scale}-{p}", partnership=partnership, agency=agencies[0]
        )
        places = []
        for c in range(20):
            course = Course.objects.create(
                partnership=partnership, title=f"Course {c}", delivery="classroom"
            )
            for year in YEARS:
                for s in range(2 * scale):
                    day = datetime.date(year, 4, 1) + datetime.timedelta(days=(s * 7 + c) % 360)
                    session = Session.objects.create(
                        course=course,
                        starts_at=timezone.make_aware(
                            datetime.datetime.combine(day, datetime.time(9, 30))
                        ),
                        capacity=15,
                        status="delivered",
                    )
                    places += [
                        Attendance(
                            session=session,
                            name=f"Attendee {n}",
                            agency=agencies[(n + s) % len(agencies)],
                            status="attended" if n < 12 else "did_not_attend",
                        )
                        for n in range(15)
                    ]
        Attendance.objects.bulk_create(places)
        for e in range(4):
            course = Course.objects.create(
                partnership=partnership, title=f"E-learning {e}", delivery="elearning"
            )
            for year in YEARS:
                ElearningCompletion.objects.create(
                    course=course,
                    period_start=datetime.date(year, 4, 1),
                    period_end=datetime.date(year + 1, 3, 31),
                    count=100 * (e + 1),
                    platform="New training system",
                )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--scale", nargs="+", type=int, default=[1, 10])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    migrate_fresh()
    results = {}
    for scale in args.scale:
        build(scale)
        business_unit = User.objects.get(username=f"bu-{scale}-0")
        rep = User.objects.get(username=f"rep-{scale}-0")
        course = Course.objects.filter(partnership=business_unit.partnership).first()
        session = course.sessions.order_by("-starts_at").first()
        bu_client, rep_client = Client(), Client()
        bu_client.force_login(business_unit)
        rep_client.force_login(rep)
        pages = {
            "catalogue": (bu_client, "/training/"),
            "course page": (bu_client, f"/training/courses/{course.pk}/"),
            "session + register": (bu_client, f"/training/sessions/{session.pk}/"),
            "agency's attendance": (rep_client, "/training/attendance/?page=2"),
            "statistics 2023-24": (bu_client, "/training/statistics/?year=2023"),
            "statistics CSV (sectors)": (bu_client, "/training/statistics/sectors.csv?year=2023"),
        }
        results[scale] = {
            name: measure(page(client, url), args.repeat) for name, (client, url) in pages.items()
        }
        print(
            f"scale {scale}x: {Course.objects.count()} courses, {Session.objects.count()} "
            f"sessions, {Attendance.objects.count()} attendance records in the database"
        )
    print_table(results, args.scale, width=26)


if __name__ == "__main__":
    main()
