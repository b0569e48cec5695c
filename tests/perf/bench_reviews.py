"""Benchmark: server time and query count of the case-review pages at 1x and 10x data.

    .venv/bin/python tests/perf/bench_reviews.py [--scale 1 10] [--repeat 5]

Builds a throwaway database (see benchdb.py), fills it with synthetic partnerships, each with
years of notifications, rapid reviews, reviews, recommendations, agency actions and
disseminations, then prints per scale the median server time and query count of: the case
reviews list (unfiltered, and filtered to one year's overdue items), the practice reviews tab
sorted by open actions, one review's page, the statistics of a financial year, one of its
CSVs, and an agency's review actions. Figures, not
assertions.
"""

import argparse
import datetime

from benchdb import RAGS, measure, migrate_fresh, page, print_table
from django.db import transaction
from django.test import Client

from kscp.core.models import Agency, Partnership, User
from reviews.models import (
    Dissemination,
    LearningPoint,
    Notification,
    RapidReview,
    ReferralReason,
    Review,
    ReviewAction,
    Theme,
)

YEARS = range(2015, 2025)


@transaction.atomic
def build(scale: int) -> int:
    """Per partnership: 10 financial years of 9 x scale notifications each; one in three
    goes to a rapid review and a review of 4 recommendations, each with 2 agency actions."""
    partnerships = 2 * scale
    for p in range(partnerships):
        partnership = Partnership.objects.create(
            name=f"Bench {scale}-{p}", short_name=f"B{p}", slug=f"bench-{scale}-{p}"
        )
        agencies = [
            Agency.objects.create(partnership=partnership, name=f"Agency {a}", sector="health")
            for a in range(6)
        ]
        User.objects.create_user(
            username=f"bu-{scale}-{p}", partnership=partnership, role=User.Role.BUSINESS_UNIT
        )
        User.objects.create_user(
            username=f"rep-{scale}-{p}", partnership=partnership, agency=agencies[0]
        )
        reasons = list(ReferralReason.objects.filter(partnership=partnership))
        themes = list(Theme.objects.filter(partnership=partnership))
        for year in YEARS:
            for n in range(9 * scale):
                aware = datetime.date(year, 4, 1) + datetime.timedelta(days=n * 40 // scale)
                notification = Notification.objects.create(
                    partnership=partnership,
                    reference=f"B-{year}-{n}",
                    incident_on=aware - datetime.timedelta(days=1),
                    la_aware_on=aware,
                    panel_notified_on=aware + datetime.timedelta(days=3),
                    nature="serious_harm",
                    referral_reason=reasons[n % len(reasons)],
                    age_band="5_10",
                )
                notification.agencies.set(agencies[:3])
                if n % 3:
                    continue
                done = aware + datetime.timedelta(days=20)
                RapidReview.objects.create(
                    notification=notification,
                    meeting_on=done,
                    completed_on=done,
                    decision="local_cspr",
                    rationale="Learning for the partnership",
                )
                review = Review.objects.create(
                    partnership=partnership,
                    notification=notification,
                    kind="cspr" if n % 2 else "local",
                    title=f"Child {year}-{n}",
                    stage="closed" if year < 2024 else "in_progress",
                    decided_on=done,
                    started_on=done,
                    completed_on=done + datetime.timedelta(days=150) if year < 2024 else None,
                    cost=5000 - (year - 2015) * 300,
                )
                review.themes.set(themes[:2])
                for number in range(1, 5):
                    point = LearningPoint.objects.create(
                        review=review,
                        number=number,
                        text="Share information",
                        scope="multi_agency",
                        theme=themes[number % len(themes)],
                    )
                    for a in range(2):
                        ReviewAction.objects.create(
                            learning_point=point,
                            description="Brief staff",
                            owner_agency=agencies[(number + a) % len(agencies)],
                            rag=RAGS[(number + a) % len(RAGS)],
                            due_on=datetime.date(year + 1, 3, 1),
                        )
                Dissemination.objects.create(
                    review=review,
                    method="briefing",
                    held_on=done + datetime.timedelta(days=200),
                    audience="All agencies",
                    reached=100,
                )
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
        business_unit = User.objects.get(username=f"bu-{scale}-0")
        rep = User.objects.get(username=f"rep-{scale}-0")
        review = Review.objects.filter(partnership=business_unit.partnership).first()
        bu_client, rep_client = Client(), Client()
        bu_client.force_login(business_unit)
        rep_client.force_login(rep)
        pages = {
            "reviews list": (bu_client, "/reviews/"),
            "reviews list filtered": (bu_client, "/reviews/?year=2023&overdue=on"),
            "practice reviews tab": (bu_client, "/reviews/practice-reviews/?sort=-open_actions"),
            "review page": (bu_client, f"/reviews/{review.pk}/"),
            "statistics 2023-24": (bu_client, "/reviews/statistics/?year=2023"),
            "statistics CSV (themes)": (bu_client, "/reviews/statistics/themes.csv?year=2023"),
            "agency's actions": (rep_client, "/reviews/actions/"),
        }
        results[scale] = {
            name: measure(page(client, url), args.repeat) for name, (client, url) in pages.items()
        }
        print(
            f"scale {scale}x: {Notification.objects.count()} notifications, "
            f"{Review.objects.count()} reviews, {ReviewAction.objects.count()} review actions, "
            f"{ReviewAction.history.count()} action history rows in the database"
        )
    print_table(results, args.scale, width=24)


if __name__ == "__main__":
    main()
