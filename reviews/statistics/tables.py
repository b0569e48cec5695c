"""The "Learning from reviews" statistics of a financial year (April to March): the tables of
the partnership's annual assurance statement, computed from the case-review records. Each
table is read with a fixed number of queries, however many records there are.

How records are counted (fixtures/README.md reads the demo data the same way):

- a serious incident referral (notification) counts in the year the local authority became
  aware of it;
- a rapid review counts in the year of its meeting;
- a review counts in the year of the decision to hold it. "Local case reviews (not referred
  to the Panel)" are local learning reviews; "SCRs / CSPRs" are serious case reviews and
  local child safeguarding practice reviews. National reviews the partnership took part in
  are in neither, nor in the cost, time and theme tables (their recommendations are the
  Panel's, not the partnership's);
- the referral reasons of a year count its notifications that led to a rapid review or to a
  local review;
- average cost is over the reviews with a cost recorded, average days over those with a
  start and a completion date.
"""

import datetime
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from kscp.core.models import Partnership
from kscp.core.statistics import Column, Table
from kscp.core.years import financial_year_start, in_year, year_label, year_range
from reviews.models import (
    LearningPoint,
    Notification,
    RapidReview,
    ReferralReason,
    Review,
    Theme,
)

LOCAL_KINDS = (Review.Kind.LOCAL, Review.Kind.SCR, Review.Kind.CSPR)
STATUTORY_KINDS = (Review.Kind.SCR, Review.Kind.CSPR)
THEME_YEARS = 3  # the statement looks at recommendations "over the last three years"


def _recent_years(year: int) -> tuple[list[int], tuple[datetime.date, datetime.date]]:
    """The THEME_YEARS financial years up to `year`, and the first and last day of them."""
    years = list(range(year - THEME_YEARS + 1, year + 1))
    return years, (year_range(years[0])[0], year_range(year)[1])


def _whole(value) -> int:
    return int(Decimal(value).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def _average(values: list) -> int | None:
    return _whole(sum(values) / len(values)) if values else None


def numbers_table(partnership: Partnership, year: int) -> Table:
    this, last = year, year - 1
    notifications = Notification.objects.filter(partnership=partnership).aggregate(
        this=Count("id", filter=in_year("la_aware_on", this)),
        last=Count("id", filter=in_year("la_aware_on", last)),
    )
    rapid_reviews = RapidReview.objects.filter(notification__partnership=partnership).aggregate(
        this=Count("id", filter=in_year("meeting_on", this)),
        last=Count("id", filter=in_year("meeting_on", last)),
    )
    local, statutory = Q(kind=Review.Kind.LOCAL), Q(kind__in=STATUTORY_KINDS)
    reviews = Review.objects.filter(partnership=partnership).aggregate(
        local_this=Count("id", filter=local & in_year("decided_on", this)),
        local_last=Count("id", filter=local & in_year("decided_on", last)),
        statutory_this=Count("id", filter=statutory & in_year("decided_on", this)),
        statutory_last=Count("id", filter=statutory & in_year("decided_on", last)),
    )
    return Table(
        slug="numbers",
        caption=f"Serious incident referrals and reviews, {year_label(last)} and "
        f"{year_label(this)}",
        description="Referrals count in the year the local authority became aware of the "
        "incident, rapid reviews in the year they met, and reviews in the year of the decision "
        "to hold them. National reviews are not counted.",
        columns=[
            Column("Number"),
            Column(year_label(last), "count"),
            Column(year_label(this), "count"),
        ],
        rows=[
            [
                f"Serious incident referrals to {partnership.short_name}",
                notifications["last"],
                notifications["this"],
            ],
            ["Rapid reviews", rapid_reviews["last"], rapid_reviews["this"]],
            [
                "Local case reviews (not referred to the Panel)",
                reviews["local_last"],
                reviews["local_this"],
            ],
            ["SCRs / CSPRs", reviews["statutory_last"], reviews["statutory_this"]],
        ],
    )


def _outcome(rapid_review_id, decision: str | None, kinds: set[str]) -> str:
    if kinds:
        return "; ".join(str(Review.Kind(kind).label) for kind in sorted(kinds))
    if not decision:
        return "Rapid review, decision to be made"
    return f"Rapid review: {RapidReview.Decision(decision).label}"


def referral_reasons_table(partnership: Partnership, year: int) -> Table:
    reasons = list(
        ReferralReason.objects.filter(partnership=partnership).order_by("position", "name")
    )
    records = (
        Notification.objects.filter(partnership=partnership)
        .filter(in_year("la_aware_on", year))
        .values_list("pk", "referral_reason_id", "rapid_review__id", "rapid_review__decision")
    )
    review_kinds = defaultdict(set)
    for notification_id, kind in (
        Review.objects.filter(
            partnership=partnership, kind__in=LOCAL_KINDS, notification__isnull=False
        )
        .filter(in_year("notification__la_aware_on", year))
        .values_list("notification_id", "kind")
    ):
        review_kinds[notification_id].add(kind)
    outcomes: dict[int, Counter] = defaultdict(Counter)
    not_followed = 0
    for notification_id, reason_id, rapid_review_id, decision in records:
        kinds = review_kinds.get(notification_id, set())
        if rapid_review_id is None and not kinds:
            not_followed += 1
            continue
        outcomes[reason_id][_outcome(rapid_review_id, decision, kinds)] += 1
    rows = []
    for reason in reasons:
        counted = outcomes.get(reason.pk, Counter())
        total = sum(counted.values())
        words = "; ".join(
            label if total == 1 else f"{label} ({n})" for label, n in sorted(counted.items())
        )
        rows.append([reason.name, total, words])
    others = (
        "No other referral of the year."
        if not not_followed
        else f"The other {not_followed} referral{'s' if not_followed != 1 else ''} of the year "
        "did not lead to a rapid review or a local review and are not counted here."
    )
    return Table(
        slug="referral-reasons",
        caption=f"Referral reasons, {year_label(year)}",
        description="The referrals of the year that led to a rapid review or a local review, "
        f"by referral reason, with the review that followed. {others}",
        columns=[
            Column("Referral reason"),
            Column(f"Referrals that led to a review, {year_label(year)}", "count"),
            Column("What followed"),
        ],
        rows=rows,
    )


def cost_and_time_table(partnership: Partnership, year: int) -> Table:
    years, span = _recent_years(year)
    by_year = {y: {"reviews": 0, "costs": [], "days": []} for y in years}
    for decided_on, cost, started_on, completed_on in Review.objects.filter(
        partnership=partnership, kind__in=LOCAL_KINDS, decided_on__range=span
    ).values_list("decided_on", "cost", "started_on", "completed_on"):
        entry = by_year[financial_year_start(decided_on)]
        entry["reviews"] += 1
        if cost is not None:
            entry["costs"].append(cost)
        if started_on and completed_on:
            entry["days"].append((completed_on - started_on).days)
    return Table(
        slug="cost-and-time",
        caption=f"Average lead reviewer cost and time to complete a review, "
        f"{year_label(years[0])} to {year_label(year)}",
        description="Local learning reviews, serious case reviews and CSPRs, by the year of "
        "the decision to hold them. The average cost is of the reviews with a cost recorded; "
        "the average time is the days from the start of a review to its completion, of the "
        "reviews that have both dates.",
        columns=[
            Column("Financial year"),
            Column("Reviews", "count"),
            Column("Average lead reviewer cost", "money"),
            Column("Average days to complete", "days"),
        ],
        rows=[
            [
                year_label(y),
                by_year[y]["reviews"],
                _average(by_year[y]["costs"]),
                _average(by_year[y]["days"]),
            ]
            for y in years
        ],
    )


def themes_table(partnership: Partnership, year: int) -> Table:
    years, span = _recent_years(year)
    counts = {
        row["theme_id"]: row
        for row in LearningPoint.objects.filter(
            review__partnership=partnership,
            review__kind__in=LOCAL_KINDS,
            review__decided_on__range=span,
            is_recommendation=True,
        )
        .values("theme_id")
        .annotate(**{f"y{y}": Count("id", filter=in_year("review__decided_on", y)) for y in years})
        .order_by()
    }
    rows = []
    themes = [(t.pk, t.name) for t in Theme.objects.filter(partnership=partnership)]
    if None in counts:
        themes.append((None, "No theme recorded"))
    for theme_id, name in themes:
        row = counts.get(theme_id, {})
        cells = [row.get(f"y{y}", 0) for y in years]
        rows.append([name, *cells, sum(cells)])
    totals = [sum(row[i] for row in rows) for i in range(1, len(years) + 2)]
    rows.append(["All recommendations", *totals])
    return Table(
        slug="themes",
        caption=f"Recommendation themes, {year_label(years[0])} to {year_label(year)}",
        description="The number of recommendations of the partnership's reviews in each "
        "practice theme, by the year of the decision to hold the review.",
        columns=[
            Column("Theme"),
            *(Column(year_label(y), "count") for y in years),
            Column("Total", "count"),
        ],
        rows=rows,
    )


TABLES = {
    "numbers": numbers_table,
    "referral-reasons": referral_reasons_table,
    "cost-and-time": cost_and_time_table,
    "themes": themes_table,
}
