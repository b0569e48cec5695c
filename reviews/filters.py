"""The filters of the case-review lists and of the review actions list. The pages read their
rows through reviews.list_selectors, which wrap these FilterSets."""

import django_filters
from django import forms
from django.db.models import F, Q

from kscp.core.filters import StableOrderingFilter, choice_errors
from kscp.core.models import Agency
from kscp.core.tracking import RAG, overdue_q
from kscp.core.years import YEAR_INVALID, FinancialYearFilter
from reviews.clocks import (
    ClockState,
    notification_in_progress_q,
    notification_overdue_q,
    panel_clock_q,
    publication_clock_q,
    rapid_review_clock_q,
    review_overdue_q,
)
from reviews.models import (
    REVIEW_ACTION_PROGRESS_KEY,
    Notification,
    RapidReview,
    ReferralReason,
    Review,
    ReviewAction,
    Theme,
)

NOT_DECIDED = "none"

# What a filter says when its value is not one it offers (a link edited by hand, or a record
# since removed), in place of Django's "Select a valid choice".
NATURE_INVALID = "Select a nature of incident from the list"
REFERRAL_REASON_INVALID = "Select a referral reason from the list"
DECISION_INVALID = "Select a rapid review decision from the list"
KIND_INVALID = "Select a kind of review from the list"
STAGE_INVALID = "Select stages from the list"
THEME_INVALID = "Select a theme from the list"
AGENCY_INVALID = "Select an owner agency from the list"
RAG_INVALID = "Select RAG statuses from the list"
SORT_INVALID = "Select a sort order from the list"
PANEL_CLOCK_INVALID = "Select where the Panel notification stands from the list"
RAPID_REVIEW_CLOCK_INVALID = "Select where the rapid review stands from the list"
PUBLICATION_CLOCK_INVALID = "Select where the publication stands from the list"
NO_AGENCY = "No agency (owned by a group)"


def clock_filter(label: str, help_text: str, message: str) -> django_filters.ChoiceFilter:
    """Records whose statutory clock is in the state chosen (reviews.clocks.ClockState): the
    dashboard's counts of on time, late, open and overdue each link to one."""
    return django_filters.ChoiceFilter(
        label=label,
        choices=ClockState.choices,
        empty_label="Any",
        method="filter_clock",
        help_text=help_text,
        error_messages=choice_errors(message),
    )


class NotificationFilter(django_filters.FilterSet):
    """The filters of the notifications list (with each one's rapid review)."""

    year = FinancialYearFilter(
        label="Financial year",
        field_name="la_aware_on",
        empty_label="All years",
        help_text="April to March, by the date the local authority became aware",
        error_messages=choice_errors(YEAR_INVALID),
    )
    nature = django_filters.ChoiceFilter(
        choices=Notification.Nature.choices,
        empty_label="Any nature",
        error_messages=choice_errors(NATURE_INVALID),
    )
    referral_reason = django_filters.ModelChoiceFilter(
        label="Referral reason",
        queryset=ReferralReason.objects.none(),
        empty_label="Any reason",
        error_messages=choice_errors(REFERRAL_REASON_INVALID),
    )
    decision = django_filters.ChoiceFilter(
        label="Rapid review decision",
        choices=[*RapidReview.Decision.choices, (NOT_DECIDED, "Not decided yet")],
        empty_label="Any decision",
        method="filter_decision",
        error_messages=choice_errors(DECISION_INVALID),
    )
    in_progress = django_filters.BooleanFilter(
        label="Only notifications in progress",
        method="filter_in_progress",
        widget=forms.CheckboxInput,
    )
    overdue = django_filters.BooleanFilter(
        label="Only overdue notifications",
        method="filter_overdue",
        widget=forms.CheckboxInput,
        help_text="The Panel not notified or the rapid review not completed in time",
    )
    panel_clock = clock_filter(
        "Panel notification",
        "Within 5 working days of the local authority becoming aware",
        PANEL_CLOCK_INVALID,
    )
    rapid_review_clock = clock_filter(
        "Rapid review",
        "Within 15 working days of the Panel notification",
        RAPID_REVIEW_CLOCK_INVALID,
    )
    sort = StableOrderingFilter(
        label="Sort by",
        fields=(
            ("reference", "reference"),
            ("la_aware_on", "aware"),
            ("panel_deadline", "panel"),
            ("rapid_review__deadline", "rapid_review"),
        ),
        field_labels={
            "reference": "Reference",
            "la_aware_on": "Date the local authority became aware",
            "panel_deadline": "Panel notification due",
            "rapid_review__deadline": "Rapid review due",
        },
        empty_label="Most recent first",
        tie_breakers=("-la_aware_on", "reference", "pk"),
        error_messages=choice_errors(SORT_INVALID),
    )

    class Meta:
        model = Notification
        fields = [
            "year",
            "nature",
            "referral_reason",
            "decision",
            "in_progress",
            "overdue",
            "panel_clock",
            "rapid_review_clock",
        ]

    CLOCKS = {"panel_clock": panel_clock_q, "rapid_review_clock": rapid_review_clock_q}

    def __init__(self, *args, partnership_id, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.filters["year"].offer_years_of(
            Notification.objects.filter(partnership_id=partnership_id)
        )
        self.filters["referral_reason"].queryset = ReferralReason.objects.filter(
            partnership_id=partnership_id
        )

    def filter_decision(self, queryset, name, value):
        if value == NOT_DECIDED:
            # As the list's Decision column says it (list_selectors.decision_words).
            return queryset.filter(
                Q(rapid_review__isnull=True) | Q(rapid_review__decision=""),
                reviews__isnull=True,
                panel_notification_required=True,
            )
        return queryset.filter(rapid_review__decision=value)

    def filter_in_progress(self, queryset, name, value):
        return queryset.filter(notification_in_progress_q()) if value else queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(notification_overdue_q(self.today)) if value else queryset

    def filter_clock(self, queryset, name, value):
        return queryset.filter(self.CLOCKS[name](value, self.today)) if value else queryset


class ReviewFilter(django_filters.FilterSet):
    """The filters of the reviews list: CSPRs, local learning reviews, SCRs and national
    reviews."""

    year = FinancialYearFilter(
        label="Financial year",
        field_name="decided_on",
        empty_label="All years",
        help_text="April to March, by the date of the decision to hold the review",
        error_messages=choice_errors(YEAR_INVALID),
    )
    kind = django_filters.ChoiceFilter(
        choices=Review.Kind.choices,
        empty_label="Any kind",
        error_messages=choice_errors(KIND_INVALID),
    )
    stage = django_filters.MultipleChoiceFilter(
        choices=Review.Stage.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages=choice_errors(STAGE_INVALID),
    )
    referral_reason = django_filters.ModelChoiceFilter(
        label="Referral reason",
        field_name="notification__referral_reason",
        queryset=ReferralReason.objects.none(),
        empty_label="Any reason",
        error_messages=choice_errors(REFERRAL_REASON_INVALID),
    )
    theme = django_filters.ModelChoiceFilter(
        label="Theme",
        field_name="themes",
        queryset=Theme.objects.none(),
        empty_label="Any theme",
        distinct=True,
        error_messages=choice_errors(THEME_INVALID),
    )
    overdue = django_filters.BooleanFilter(
        label="Only overdue reviews",
        method="filter_overdue",
        widget=forms.CheckboxInput,
        help_text="Local CSPRs not published in time",
    )
    publication_clock = clock_filter(
        "Publication",
        "Local CSPRs, within their months of the decision to hold them",
        PUBLICATION_CLOCK_INVALID,
    )
    sort = StableOrderingFilter(
        label="Sort by",
        fields=(
            ("title", "title"),
            ("kind", "kind"),
            ("stage", "stage"),
            ("decided_on", "decided"),
            ("publication_deadline", "publication"),
            ("recommendation_count", "recommendations"),
            ("open_action_count", "open_actions"),
        ),
        field_labels={
            "title": "Title",
            "kind": "Kind",
            "stage": "Stage",
            "decided_on": "Decision date",
            "publication_deadline": "Publication due",
            "recommendation_count": "Recommendations",
            "open_action_count": "Open actions",
        },
        empty_label="Most recent decision first",
        orders={"kind": Review.Kind.values, "stage": Review.Stage.values},
        tie_breakers=("-decided_on", "title", "pk"),
        error_messages=choice_errors(SORT_INVALID),
    )

    class Meta:
        model = Review
        fields = [
            "year",
            "kind",
            "stage",
            "referral_reason",
            "theme",
            "overdue",
            "publication_clock",
        ]

    def __init__(self, *args, partnership_id, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.filters["year"].offer_years_of(Review.objects.filter(partnership_id=partnership_id))
        self.filters["referral_reason"].queryset = ReferralReason.objects.filter(
            partnership_id=partnership_id
        )
        self.filters["theme"].queryset = Theme.objects.filter(partnership_id=partnership_id)

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(review_overdue_q(self.today)) if value else queryset

    def filter_clock(self, queryset, name, value):
        return queryset.filter(publication_clock_q(value, self.today)) if value else queryset


class ReviewActionFilter(django_filters.FilterSet):
    """The filters of the review actions list. The agency filter is offered only to those who
    see every action of the partnership."""

    agency = django_filters.ModelChoiceFilter(
        label="Owner agency",
        field_name="owner_agency",
        queryset=Agency.objects.none(),
        empty_label="Any agency",
        null_label=NO_AGENCY,
        error_messages=choice_errors(AGENCY_INVALID),
    )
    rag = django_filters.MultipleChoiceFilter(
        label="RAG status",
        choices=[(value, label) for value, label, _ in REVIEW_ACTION_PROGRESS_KEY],
        widget=forms.CheckboxSelectMultiple,
        error_messages=choice_errors(RAG_INVALID),
    )
    overdue = django_filters.BooleanFilter(
        label="Only overdue actions",
        method="filter_overdue",
        widget=forms.CheckboxInput,
        help_text="Due in a month that has ended, and not complete",
    )
    sort = StableOrderingFilter(
        label="Sort by",
        fields=(
            ("owner_agency__name", "agency"),
            ("due_on", "due"),
            ("rag", "rag"),
            ("updated_at", "updated"),
        ),
        field_labels={
            "owner_agency__name": "Owner agency",
            "due_on": "Due date",
            "rag": "RAG status",
            "updated_at": "Last updated",
        },
        empty_label="Agency, then due date",
        orders={"rag": list(RAG)},
        tie_breakers=(F("due_on").asc(nulls_last=True), "pk"),
        error_messages=choice_errors(SORT_INVALID),
    )

    class Meta:
        model = ReviewAction
        fields = ["agency", "rag", "overdue"]

    def __init__(self, *args, partnership_id, everyone, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        if everyone:
            self.filters["agency"].queryset = Agency.objects.filter(partnership_id=partnership_id)
        else:
            del self.filters["agency"]
            self.filters["sort"].extra["empty_label"] = "Due date"

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q(self.today)) if value else queryset
