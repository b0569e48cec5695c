import django_filters
from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from kscp.core.fields import SEARCH_MAX_LENGTH, text_too_long
from kscp.core.filters import StableOrderingFilter, choice_errors
from kscp.core.forms import DATE_NOT_REAL, GovukMonthField
from kscp.core.models import Group
from kscp.core.tracking import RAG, overdue_q, stale_q
from plans.models import Objective, Priority


class MonthFilter(django_filters.DateFilter):
    """A month and year as a GOV.UK date input: `<name>_month` and `<name>_year`."""

    field_class = GovukMonthField


# What a filter says when its value is not one it offers (a link edited by hand, or a record
# since removed), in place of Django's "Select a valid choice".
PRIORITY_INVALID = "Select a priority of this plan from the list"
OWNER_GROUP_INVALID = "Select an owner group from the list"
RAG_INVALID = "Select RAG statuses from the list"
DUE_BEFORE_INVALID = DATE_NOT_REAL.format(label="Due before")
SORT_INVALID = "Select a sort order from the list"

SEARCHED_FIELDS = (
    "number",
    "action",
    "outcome",
    "outcome_measure",
    "difference",
    "references",
    "progress",
    "evidence",
    "owners__text",
)


class ObjectiveFilter(django_filters.FilterSet):
    """The filters of a plan's objectives table; the page, its exports and reports share it."""

    q = django_filters.CharFilter(
        label="Search",
        method="search",
        max_length=SEARCH_MAX_LENGTH,
        error_messages={"max_length": text_too_long("Search", SEARCH_MAX_LENGTH)},
        help_text="Number, objective, outcome, references (such as MAA24), progress or evidence",
    )
    priority = django_filters.ModelChoiceFilter(
        queryset=Priority.objects.none(),
        empty_label="All priorities",
        error_messages=choice_errors(PRIORITY_INVALID),
    )
    owner_group = django_filters.ModelChoiceFilter(
        label="Owner group",
        field_name="owners__group",
        queryset=Group.objects.none(),
        empty_label="Any group",
        distinct=True,
        error_messages=choice_errors(OWNER_GROUP_INVALID),
    )
    rag = django_filters.MultipleChoiceFilter(
        label="RAG status",
        choices=RAG.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages=choice_errors(RAG_INVALID),
    )
    overdue = django_filters.BooleanFilter(
        label="Only overdue objectives",
        method="filter_overdue",
        widget=forms.CheckboxInput,
    )
    stale = django_filters.BooleanFilter(
        label=f"Only objectives not updated for {settings.STALE_AFTER_DAYS} days",
        method="filter_stale",
        widget=forms.CheckboxInput,
    )
    due_before = MonthFilter(
        label="Due before",
        field_name="due_on",
        lookup_expr="lt",
        help_text="For example, 6 2020",
    )
    sort = StableOrderingFilter(
        label="Sort by",
        fields=(
            ("sort_key", "number"),
            ("due_on", "due"),
            ("rag", "rag"),
            ("updated_at", "updated"),
        ),
        field_labels={
            "sort_key": "Number",
            "due_on": "Due date",
            "rag": "RAG status",
            "updated_at": "Last updated",
        },
        empty_label=None,
        error_messages=choice_errors(SORT_INVALID),
        orders={"rag": list(RAG)},
        tie_breakers=("sort_key", "pk"),
    )

    class Meta:
        model = Objective
        fields = ["q", "priority", "owner_group", "rag", "overdue", "stale", "due_before"]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["priority"].queryset = plan.priorities.all()
        self.filters["owner_group"].queryset = Group.objects.filter(
            partnership_id=plan.partnership_id
        )
        # RAG checkboxes use this plan's words for each value.
        self.form.fields["rag"].choices = [(v, label) for v, label, _ in plan.progress_key] or (
            RAG.choices
        )

    def search(self, queryset, name, value):
        terms = Q()
        for field in SEARCHED_FIELDS:
            terms |= Q(**{f"{field}__icontains": value})
        return queryset.filter(terms).distinct()

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q(timezone.localdate())) if value else queryset

    def filter_stale(self, queryset, name, value):
        return queryset.filter(stale_q(timezone.localdate())) if value else queryset
