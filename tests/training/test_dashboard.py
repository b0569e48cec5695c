"""The dashboard's training reach (training/dashboard.py): places attended by sector in the
year chosen against the year before, the agencies that sent nobody, the sessions cancelled
for low nominations and the share of attendees whose confidence rose, as the Workforce
development page counts them, for those who may read that page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kscp.core.models import Agency, Sector
from reviews.models import Notification, ReferralReason
from training.dashboard import training_reach_panel
from training.models import Attendance, Course, Session

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 12, 17)  # the financial year 2025-26
YEAR = 2025
HEADING = "Training reach"


@pytest.fixture(autouse=True)
def today(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return TODAY


def session_on(course, day, status=Session.Status.DELIVERED, reason=""):
    starts = timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 9, 30))
    return Session.objects.create(
        course=course,
        starts_at=starts,
        capacity=20,
        status=status,
        cancellation_reason=reason,
    )


def attend(session, agency, status=Attendance.Status.ATTENDED, before=None, after=None):
    Attendance.objects.create(
        session=session,
        agency=agency,
        status=status,
        confidence_before=before,
        confidence_after=after,
    )


@pytest.fixture
def reach(partnership, course, agency, police):
    """This year: two places from the council and one from the police on a delivered session
    (a health visitor booked and did not come), two of the three attendees more confident
    after; a session cancelled for low nominations and one for want of a trainer. The year
    before: two places from health and one from the council, a cancellation for low
    nominations. A school and the health agency sent nobody this year."""
    health = Agency.objects.create(
        partnership=partnership, name="Northdale Health", sector=Sector.HEALTH
    )
    Agency.objects.create(partnership=partnership, name="Northdale School", sector="education")
    this = session_on(course, datetime.date(2025, 10, 7))
    attend(this, agency, before=2, after=4)
    attend(this, agency, before=3, after=3)
    attend(this, police, before=4, after=5)
    attend(this, health, status=Attendance.Status.DID_NOT_ATTEND)
    session_on(
        course,
        datetime.date(2026, 1, 20),
        Session.Status.CANCELLED,
        Session.CancellationReason.LOW_NOMINATIONS,
    )
    session_on(
        course,
        datetime.date(2025, 11, 4),
        Session.Status.CANCELLED,
        Session.CancellationReason.TRAINER_UNAVAILABLE,
    )
    last = session_on(course, datetime.date(2024, 10, 8))
    attend(last, health)
    attend(last, health)
    attend(last, agency, before=1, after=2)
    session_on(
        course,
        datetime.date(2024, 6, 4),
        Session.Status.CANCELLED,
        Session.CancellationReason.LOW_NOMINATIONS,
    )
    elearning = Course.objects.create(
        partnership=partnership, title="Online basics", delivery=Course.Delivery.ELEARNING
    )
    return {"health": health, "elearning": elearning}


def sectors(panel) -> dict[str, list]:
    return {row[0]: row[1:] for row in panel.sectors.rows}


def test_the_years_reach_against_the_year_before(business_unit, reach):
    panel = training_reach_panel(business_unit, YEAR)
    assert sectors(panel) == {
        "Local authority": [1, 2],
        "Police": [0, 1],
        "Health": [2, 0],
        "Grand total": [3, 3],
    }
    chart = panel.sectors.chart
    assert [series.words for series in chart.series] == ["2025-26", "2024-25"]
    assert [(row.label, row.counts) for row in chart.rows] == [
        ("Local authority", (2, 1)),
        ("Police", (1, 0)),
        ("Health", (0, 2)),
    ]
    assert [row[0] for row in panel.without_attendance.rows] == [
        "Northdale Health",
        "Northdale School",
    ]
    assert (panel.cancelled_this, panel.cancelled_last) == (1, 1)
    assert panel.evaluation.rated == 3
    assert panel.evaluation.improved == 2
    assert panel.evaluation.percent == 67  # 2 of 3, to the whole per cent


def test_the_dashboard_shows_the_figures_with_a_chart_its_legend_and_table(
    client, business_unit, reach
):
    client.force_login(business_unit)
    content = client.get(reverse("dashboard")).content.decode()
    section = content[content.index('id="training-reach"') :]
    assert "Each sector has a bar for 2025-26 and one for 2024-25" in section
    assert 'role="img"' in section and "Places attended 2024-25" in section
    assert "2 agencies</a> sent nobody to classroom training in 2025-26." in section
    assert "1 session</a> cancelled for low nominations in 2025-26, 1 in 2024-25." in section
    assert "67%</span> of the attendees who rated their confidence" in section
    assert "(2 of 3)" in section
    assert f'href="{reverse("training:statistics")}?year=2025#table-cancelled"' in section


def test_the_links_open_the_workforce_development_tables_that_hold_the_same_figures(
    client, business_unit, reach
):
    client.force_login(business_unit)
    panel = client.get(reverse("dashboard")).context["training_reach"]
    page = client.get(panel.statistics_url).context["page"]
    tables = {table.slug: table for table in page.tables}
    assert tables["sectors"].rows == panel.sectors.rows
    assert tables["agencies-without-attendance"].rows == panel.without_attendance.rows
    assert tables["cancelled"].rows == panel.cancelled.rows


def test_an_earlier_year_is_shown_against_the_one_before_it(client, business_unit, reach):
    client.force_login(business_unit)
    panel = client.get(reverse("dashboard"), {"year": YEAR - 1}).context["training_reach"]
    assert sectors(panel)["Health"] == [None, 2]  # no classroom session in 2023-24: no data
    assert (panel.cancelled_this, panel.cancelled_last) == (1, 0)
    assert panel.evaluation.percent == 100


def test_a_year_without_training_says_what_there_is_none_of(client, business_unit, agency):
    client.force_login(business_unit)
    content = client.get(reverse("dashboard")).content.decode()
    assert "Nobody attended a classroom session in either year." in content
    assert "No classroom session is recorded for 2025-26." in content
    assert "No session was cancelled for low nominations in either year." in content
    assert "No attendee rated their confidence before and after a course in 2025-26." in content


def test_only_those_who_read_every_agencys_attendance_get_training_reach(
    client, lead, trainer, training_group, executive, business_unit, reach
):
    for person in (business_unit, trainer, executive):
        client.force_login(person)
        assert f">{HEADING}</h2>" in client.get(reverse("dashboard")).content.decode()
    client.force_login(lead)
    response = client.get(reverse("dashboard"))
    assert response.context["training_reach"] is None
    assert HEADING not in response.content.decode()
    assert client.get(reverse("training:statistics")).status_code == 403


def test_the_statistics_link_opens_a_year_the_workforce_development_page_offers(
    client, business_unit, partnership, reach
):
    """The dashboard offers 2021-22 for a notification of that year; training records begin
    in 2024-25, so the Workforce development page would refuse 2021-22: no link to it."""
    notification = Notification.objects.create(
        partnership=partnership,
        reference="EARLY-ONE",
        incident_on=datetime.date(2021, 6, 1),
        la_aware_on=datetime.date(2021, 6, 1),
        nature=Notification.Nature.DEATH,
        referral_reason=ReferralReason.objects.get(partnership=partnership, name="Neglect"),
        age_band=Notification.AgeBand.UNKNOWN,
    )
    client.force_login(business_unit)
    years = [
        value
        for value, _ in client.get(reverse("dashboard"))
        .context["period_form"]
        .fields["year"]
        .choices
    ]
    assert years == [2025, 2024, notification.financial_year]
    linked = []
    for year in years:
        response = client.get(reverse("dashboard"), {"year": year})
        panel = response.context["training_reach"]
        if not panel.statistics_url:
            assert "Workforce development statistics for" not in response.content.decode()
            continue
        page = client.get(panel.statistics_url)
        assert not page.context["form"].errors, year
        assert page.context["page"].year == year
        linked.append(year)
    assert linked == [2025, 2024]
