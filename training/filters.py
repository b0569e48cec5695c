"""The filters of the course catalogue and of the attendance list. The pages read their rows
through training.selectors, which wrap these FilterSets."""

import django_filters

from kscp.core.fields import SEARCH_MAX_LENGTH, text_too_long
from kscp.core.filters import StableOrderingFilter, choice_errors
from kscp.core.models import Agency
from kscp.core.years import YEAR_INVALID, FinancialYearFilter
from training.models import Attendance, Course, CourseTheme

# What a filter says when its value is not one it offers (a link edited by hand, or a record
# since removed), in place of Django's "Select a valid choice".
DELIVERY_INVALID = "Select a kind of delivery from the list"
THEME_INVALID = "Select a theme from the list"
OFFERED_INVALID = "Select offered, retired or both from the list"
STATUS_INVALID = "Select an attendance status from the list"
AGENCY_INVALID = "Select an agency from the list"
SORT_INVALID = "Select a sort order from the list"

OFFERED, RETIRED, ALL = "offered", "retired", "all"


class CourseFilter(django_filters.FilterSet):
    """The filters of the course catalogue. Offered courses only, unless asked otherwise."""

    title = django_filters.CharFilter(
        label="Title contains",
        lookup_expr="icontains",
        help_text="Part of a course's title",
        max_length=SEARCH_MAX_LENGTH,
        error_messages={"max_length": text_too_long("Title contains", SEARCH_MAX_LENGTH)},
    )
    delivery = django_filters.ChoiceFilter(
        label="Delivery",
        choices=Course.Delivery.choices,
        empty_label="Any delivery",
        error_messages=choice_errors(DELIVERY_INVALID),
    )
    theme = django_filters.ModelChoiceFilter(
        label="Theme",
        field_name="themes",
        queryset=CourseTheme.objects.none(),
        empty_label="Any theme",
        distinct=True,
        error_messages=choice_errors(THEME_INVALID),
    )
    offered = django_filters.ChoiceFilter(
        label="Offered or retired",
        choices=[(OFFERED, "Offered courses"), (RETIRED, "Retired courses"), (ALL, "Both")],
        empty_label=None,
        method="filter_offered",
        error_messages=choice_errors(OFFERED_INVALID),
    )
    sort = StableOrderingFilter(
        label="Sort by",
        fields=(
            ("title", "title"),
            ("delivery", "delivery"),
            ("next_session_at", "next_session"),
        ),
        field_labels={
            "title": "Title",
            "delivery": "Delivery",
            "next_session_at": "Next session",
        },
        empty_label="Title",
        orders={"delivery": Course.Delivery.values},
        tie_breakers=("title", "pk"),
        error_messages=choice_errors(SORT_INVALID),
    )

    class Meta:
        model = Course
        fields = ["title", "delivery", "theme", "offered"]

    def __init__(self, data=None, *args, partnership_id, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("offered", OFFERED)
        super().__init__(data, *args, **kwargs)
        self.filters["theme"].queryset = CourseTheme.objects.filter(partnership_id=partnership_id)

    def filter_offered(self, queryset, name, value):
        if value == ALL:
            return queryset
        return queryset.filter(is_active=value != RETIRED)


class AttendanceFilter(django_filters.FilterSet):
    """The filters of the attendance list. The agency filter is offered only to those who
    see every agency's attendance."""

    year = FinancialYearFilter(
        label="Financial year",
        field_name="session__starts_at",
        lookup_expr="date__range",
        empty_label="All years",
        help_text="April to March, by the date of the session",
        error_messages=choice_errors(YEAR_INVALID),
    )
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=Attendance.Status.choices,
        empty_label="Any status",
        error_messages=choice_errors(STATUS_INVALID),
    )
    agency = django_filters.ModelChoiceFilter(
        label="Agency",
        queryset=Agency.objects.none(),
        empty_label="Any agency",
        error_messages=choice_errors(AGENCY_INVALID),
    )

    class Meta:
        model = Attendance
        fields = ["year", "status", "agency"]

    def __init__(self, *args, partnership_id, everyone, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].offer_years_of(self.queryset)
        if everyone:
            self.filters["agency"].queryset = Agency.objects.filter(partnership_id=partnership_id)
        else:
            del self.filters["agency"]
