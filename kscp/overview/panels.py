"""The dashboard's panels of the whole partnership beside its plans, for a financial year
chosen in the dashboard's form (`?year=2025` for April 2025 to March 2026; the current
financial year by default): case reviews against their statutory timescales and review
actions by agency (reviews.dashboard), and training reach (training.dashboard). Each panel
is there only for those who may see its records; the years offered are the current one and
those with records of the panels the person sees."""

import datetime

from django.utils import timezone

from kscp.core.models import User
from kscp.core.statistics import YearForm
from kscp.core.years import financial_year_start, year_label, year_long_label
from reviews import access as reviews_access
from reviews.dashboard import case_reviews_panel, review_actions_panel
from reviews.statistics.page import years_with_records as case_review_years
from training import access as training_access
from training.dashboard import training_reach_panel
from training.statistics.page import years_with_records as training_years

PERIOD_HINT = "April to March. The dashboard opens on the current financial year"


class PeriodForm(YearForm):
    """The dashboard's financial year: one select, the years latest first."""

    def __init__(self, data, *, years: list[int]):
        super().__init__(data, years=years)
        self.fields["year"].help_text = PERIOD_HINT


def period_years(user: User, today: datetime.date, *, cases: bool, training: bool) -> list[int]:
    """The current financial year and those with records of the panels shown, latest first."""
    years = {financial_year_start(today)}
    if cases:
        years.update(case_review_years(user.partnership))
    if training:
        years.update(training_years(user.partnership))
    return sorted(years, reverse=True)


def offered_years(user: User, today: datetime.date) -> list[int] | None:
    """The years the dashboard offers the person, or None for those who see neither
    panel of a year (the review actions are those open now): they are offered no form."""
    sees_cases = reviews_access.can_see_cases(user, user.partnership_id)
    sees_training = training_access.can_read_all_attendance(user, user.partnership_id)
    if not (sees_cases or sees_training):
        return None
    return period_years(user, today, cases=sees_cases, training=sees_training)


def period_choice(years: list[int] | None, period: str | None, today: datetime.date):
    """The form choosing among `years` (None: no form) as `period` sent it (None for the
    default), and the year shown: a year not offered is refused, naming the field, and the
    current financial year is shown."""
    current = financial_year_start(today)
    if years is None:
        return None, current
    form = PeriodForm({"year": current if period is None else period}, years=years)
    return form, (form.cleaned_data["year"] if form.is_valid() else current)


def partnership_panels(user: User, period: str | None, *, today=None) -> dict:
    """The panels of the financial year `period` (as the form sent it; None for the
    default), with the form choosing it (period_choice) and the years it offers."""
    today = today or timezone.localdate()
    years = offered_years(user, today)
    form, year = period_choice(years, period, today)
    return {
        "form": form,  # the layout says "Error:" in the title when the year is refused
        "period_form": form,
        "period_years": years,
        "period": year,
        "period_label": year_label(year),
        "period_long_label": year_long_label(year),
        "case_reviews": case_reviews_panel(user, year, today),
        "review_actions": review_actions_panel(user, today),
        "training_reach": training_reach_panel(user, year),
    }
