"""Writes of case-review records. Each is a keyword-only function wrapped in a transaction,
validating the record in full before it is saved."""

from django.db import transaction

from kscp.models import Partnership

# The referral reasons and practice themes of the Kirklees annual statement 2019-20: every
# partnership starts with them and may change the list.
DEFAULT_REFERRAL_REASONS = [
    "Neglect",
    "Physical abuse",
    "Sexual abuse",
    "Fabricated illness",
    "Murder or attempted murder",
    "Trafficking",
    "Honour-based violence / forced marriage",
    "Suicide",
    "Serious youth violence",
]
DEFAULT_THEMES = [
    "Managing risk and effective decision making",
    "Information exchange",
    "Children's mental health and emotional wellbeing",
    "The impact of neglect in families",
    "Resistant families and disguised compliance",
]


@transaction.atomic
def partnership_seed_review_lists(*, partnership: Partnership) -> None:
    from reviews.models import ReferralReason, Theme

    for position, name in enumerate(DEFAULT_REFERRAL_REASONS, start=1):
        ReferralReason.objects.get_or_create(
            partnership=partnership, name=name, defaults={"position": position}
        )
    for position, name in enumerate(DEFAULT_THEMES, start=1):
        Theme.objects.get_or_create(
            partnership=partnership, name=name, defaults={"position": position}
        )
