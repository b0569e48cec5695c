"""The statutory clocks of case reviews, in working days: England's bank holidays and weekends
skipped, the deadlines stored on the records, and the words each clock shows."""

import datetime

import pytest

from kscp.core.models import Partnership
from kscp.core.workdays import add_working_days, is_working_day, working_days_between
from reviews import clocks
from reviews.models import Notification, RapidReview, ReferralReason, Review

D = datetime.date

GOOD_FRIDAY_2020 = D(2020, 4, 10)
EASTER_MONDAY_2020 = D(2020, 4, 13)
CHRISTMAS_2020 = D(2020, 12, 25)  # a Friday
BOXING_DAY_2020 = D(2020, 12, 26)  # a Saturday
BOXING_DAY_OBSERVED_2020 = D(2020, 12, 28)  # the Monday after
SUMMER_BANK_HOLIDAY_2020 = D(2020, 8, 31)


@pytest.mark.parametrize(
    "day",
    [GOOD_FRIDAY_2020, EASTER_MONDAY_2020, CHRISTMAS_2020, BOXING_DAY_OBSERVED_2020],
)
def test_bank_holidays_of_england_are_not_working_days(day):
    assert day.weekday() < 5
    assert not is_working_day(day)


def test_boxing_day_on_a_saturday_is_not_a_working_day_and_is_observed_on_monday():
    assert not is_working_day(BOXING_DAY_2020)
    assert not is_working_day(BOXING_DAY_OBSERVED_2020)
    assert is_working_day(D(2020, 12, 29))


def test_weekends_are_not_working_days_and_weekdays_are():
    assert not is_working_day(D(2020, 6, 6))  # Saturday
    assert not is_working_day(D(2020, 6, 7))  # Sunday
    assert is_working_day(D(2020, 6, 8))


def test_panel_notification_over_easter_skips_good_friday_the_weekend_and_easter_monday():
    # Aware on Maundy Thursday: 14, 15, 16, 17 April, then Monday 20 April.
    assert clocks.panel_notification_deadline(D(2020, 4, 9)) == D(2020, 4, 20)


def test_rapid_review_over_easter_is_fifteen_working_days_later():
    assert clocks.rapid_review_deadline(D(2020, 4, 1)) == D(2020, 4, 24)


def test_panel_notification_over_christmas_skips_boxing_day_observed_and_new_year():
    # Aware on Christmas Eve 2020: 29, 30, 31 December, then 4 and 5 January 2021.
    assert clocks.panel_notification_deadline(D(2020, 12, 24)) == D(2021, 1, 5)


def test_a_deadline_that_would_fall_on_a_bank_holiday_moves_to_the_next_working_day():
    # Five working days from Monday 24 August 2020 would be Monday 31 August: a bank holiday.
    assert clocks.panel_notification_deadline(D(2020, 8, 24)) == D(2020, 9, 1)
    assert clocks.panel_notification_deadline(D(2020, 8, 21)) == D(2020, 8, 28)


def test_awareness_at_a_weekend_starts_counting_on_monday():
    assert clocks.panel_notification_deadline(D(2020, 6, 6)) == D(2020, 6, 12)
    assert clocks.panel_notification_deadline(D(2020, 6, 5)) == D(2020, 6, 12)


def test_a_deadline_never_falls_on_a_weekend_or_bank_holiday():
    day = D(2020, 1, 1)
    while day < D(2021, 2, 1):
        assert is_working_day(clocks.panel_notification_deadline(day))
        assert is_working_day(clocks.rapid_review_deadline(day))
        day += datetime.timedelta(days=1)


def test_working_days_between_counts_forwards_and_backwards():
    assert working_days_between(D(2020, 12, 23), D(2020, 12, 29)) == 2  # 24th and 29th
    assert working_days_between(D(2020, 12, 29), D(2020, 12, 23)) == -2
    assert working_days_between(D(2020, 12, 23), D(2020, 12, 23)) == 0
    assert add_working_days(D(2020, 12, 23), 0) == D(2020, 12, 23)


def clock(deadline, today, done_on=None):
    return clocks.Clock("Notify the Panel", deadline, done_on, today)


DEADLINE = D(2020, 6, 12)  # a Friday


@pytest.mark.parametrize(
    "today, status, tag",
    [
        (D(2020, 6, 5), "5 working days left", "govuk-tag--blue"),
        (D(2020, 6, 10), "2 working days left", "govuk-tag--orange"),
        (D(2020, 6, 11), "1 working day left", "govuk-tag--orange"),
        (D(2020, 6, 12), "Due today", "govuk-tag--orange"),
        (D(2020, 6, 13), "Overdue", "govuk-tag--red"),  # Saturday: no working day late yet
        (D(2020, 6, 15), "Overdue by 1 working day", "govuk-tag--red"),
        (D(2020, 6, 17), "Overdue by 3 working days", "govuk-tag--red"),
    ],
)
def test_an_open_clock_says_how_many_working_days_are_left_or_overdue(today, status, tag):
    running = clock(DEADLINE, today)
    assert running.status == status
    assert running.tag_class == tag
    assert running.is_overdue == status.startswith("Overdue")


def test_days_left_skip_christmas_and_boxing_day_observed():
    assert clock(D(2020, 12, 29), D(2020, 12, 23)).status == "2 working days left"
    assert clock(D(2020, 12, 24), D(2020, 12, 29)).status == "Overdue by 1 working day"


def test_days_left_skip_easter():
    assert clock(EASTER_MONDAY_2020 + datetime.timedelta(days=1), D(2020, 4, 9)).status == (
        "1 working day left"
    )


@pytest.mark.parametrize(
    "done_on, status, tag",
    [
        (D(2020, 6, 12), "Done on time", "govuk-tag--green"),
        (D(2020, 6, 1), "Done on time", "govuk-tag--green"),
        (D(2020, 6, 15), "Done late", "govuk-tag--orange"),
    ],
)
def test_a_done_clock_says_whether_it_was_done_on_time(done_on, status, tag):
    done = clock(DEADLINE, D(2020, 7, 1), done_on=done_on)
    assert done.status == status
    assert done.tag_class == tag
    assert not done.is_overdue
    assert done.working_days_left is None


def test_a_clock_without_a_deadline_says_so():
    assert clock(None, D(2020, 6, 1)).status == "No deadline"
    assert clock(None, D(2020, 6, 1)).tag_class == "govuk-tag--grey"


# --- the deadlines stored on the records ---------------------------------------------------


@pytest.fixture
def reason(partnership):
    return ReferralReason.objects.get(partnership=partnership, name="Neglect")


def make_notification(partnership, reason, aware, notified=None, reference="NSCP-2020/21-01"):
    return Notification.objects.create(
        partnership=partnership,
        reference=reference,
        incident_on=aware,
        la_aware_on=aware,
        panel_notified_on=notified,
        nature=Notification.Nature.SERIOUS_HARM,
        referral_reason=reason,
        age_band=Notification.AgeBand.UNDER_1,
    )


@pytest.mark.django_db
def test_a_notification_stores_its_panel_deadline_in_working_days(partnership, reason):
    notification = make_notification(partnership, reason, D(2020, 12, 24))
    assert notification.panel_deadline == D(2021, 1, 5)
    notification.la_aware_on = D(2020, 4, 9)
    notification.incident_on = D(2020, 4, 9)
    notification.save()
    assert notification.panel_deadline == D(2020, 4, 20)


@pytest.mark.django_db
def test_an_incident_the_panel_need_not_be_told_of_has_no_panel_deadline(partnership, reason):
    notification = make_notification(partnership, reason, D(2020, 12, 24))
    notification.panel_notification_required = False
    notification.save()
    assert notification.panel_deadline is None
    running = notification.panel_clock(D(2021, 6, 1))
    assert (running.status, running.tag_class, running.is_overdue) == (
        "Not required",
        "govuk-tag--grey",
        False,
    )


@pytest.mark.django_db
def test_a_rapid_review_runs_from_the_panel_notification(partnership, reason):
    notification = make_notification(partnership, reason, D(2020, 3, 30), notified=D(2020, 4, 1))
    rapid_review = RapidReview.objects.create(notification=notification)
    assert rapid_review.deadline == D(2020, 4, 24)


@pytest.mark.django_db
def test_a_rapid_review_runs_from_awareness_until_the_panel_is_notified(partnership, reason):
    notification = make_notification(partnership, reason, D(2020, 4, 1))
    assert RapidReview.objects.create(notification=notification).deadline == D(2020, 4, 24)


@pytest.mark.django_db
def test_the_panel_clock_of_a_notification_reads_as_at_today(partnership, reason):
    notification = make_notification(partnership, reason, D(2020, 6, 5))
    assert notification.panel_clock(D(2020, 6, 10)).status == "2 working days left"
    notification.panel_notified_on = D(2020, 6, 9)
    assert notification.panel_clock(D(2020, 7, 1)).status == "Done on time"


DECIDED = D(2020, 6, 24)


def make_review(partnership, kind=Review.Kind.CSPR, decided=DECIDED, title="Child G"):
    return Review.objects.create(
        partnership=partnership, kind=kind, title=title, decided_on=decided
    )


@pytest.mark.django_db
def test_a_cspr_is_due_for_publication_six_months_after_the_decision_by_default(partnership):
    review = make_review(partnership)
    assert partnership.cspr_publication_months == 6
    assert review.publication_deadline == D(2020, 12, 24)
    assert review.publication_clock(D(2020, 12, 29)).status == "Overdue by 1 working day"


@pytest.mark.django_db
def test_the_publication_deadline_follows_the_partnerships_months_setting(partnership):
    partnership.cspr_publication_months = 9
    partnership.save()
    review = make_review(partnership)
    assert review.publication_deadline == D(2021, 3, 24)


@pytest.mark.django_db
def test_a_publication_deadline_at_a_month_end_falls_on_the_last_day_of_a_shorter_month():
    partnership = Partnership.objects.create(name="Westdale", short_name="WSCP", slug="westdale")
    review = make_review(partnership, decided=D(2020, 8, 31))
    assert review.publication_deadline == D(2021, 2, 28)


@pytest.mark.django_db
def test_a_published_cspr_is_done_and_other_kinds_have_no_publication_clock(partnership):
    review = make_review(partnership)
    review.published_on = D(2020, 12, 1)
    assert review.publication_clock(D(2021, 6, 1)).status == "Done on time"
    local = make_review(partnership, kind=Review.Kind.LOCAL, title="Child H")
    assert local.publication_deadline is None
    assert local.publication_clock() is None
    national = make_review(partnership, kind=Review.Kind.NATIONAL, title="SUDI")
    assert national.publication_deadline is None


@pytest.mark.django_db
def test_a_review_that_stops_being_a_cspr_loses_its_publication_deadline(partnership):
    review = make_review(partnership)
    review.kind = Review.Kind.LOCAL
    review.save()
    assert review.publication_deadline is None
