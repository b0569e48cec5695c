"""The "Workforce development" page: every number of Appendix 2 of the Kirklees Annual
Assurance Statement 2019/2020 reproduced from the demo records, this year beside last year,
the chart with its table, the CSV downloads, an empty year, the year switch, how records are
counted, and a fixed number of queries however many records there are."""

import datetime
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kscp.core.models import Agency, Partnership, User
from kscp.core.years import YEAR_INVALID, default_year
from tests.pages import markup_problems, page_tree, parse, read_csv, texts
from training.loading import load_training
from training.models import Attendance, Course, Session
from training.statistics.tables import TABLES

pytestmark = pytest.mark.django_db

PAGE = reverse("training:statistics")

# Appendix 2 as printed: "Number of sessions / Course Title / Number of Attendees".
APPENDIX_COURSES = [
    ("Kirklees Safeguarding Week - Disguised Compliance", 1, 18),
    ("Achieving Best Evidence - Train the Trainer", 1, 4),
    ("Advanced Neglect", 3, 45),
    ("Channel Awareness Briefing", 2, 9),
    (
        "Child Exploitation: Using Contextual Safeguarding Approaches to Keep Young People Safe",
        3,
        66,
    ),
    ("Child Sexual Exploitation for Practitioners", 1, 18),
    ("Contextual and Complex Safeguarding", 2, 22),
    ("Contextual Safeguarding Conference", 1, 9),
    ("Domestic Abuse Level 2", 4, 34),
    ("DRAMM and MARAC in Kirklees", 3, 28),
    ("DSL - Refresher", 4, 122),
    ("Forced Marriage, Female Genital Mutilation & Honour Based Violence", 5, 83),
    ("Harmful Sexual Behaviour", 2, 33),
    ("Human Trafficking & Modern-Day Slavery Workshop", 9, 327),
    ("Impact of Domestic Violence", 4, 71),
    ("Impact of Parental Mental Health", 4, 70),
    ("Impact of Parental Substance Misuse", 4, 53),
    ("Improving Assessments in Child Safeguarding", 4, 56),
    ("Introduction to Child Neglect", 3, 43),
    ("Lessons Learned: Using Reviews to Prevent Serious Harm to Children", 1, 12),
    ("Making a Positive Contribution to Child Protection Conferences and Core Groups", 12, 190),
    ("Masterclass - Pornography, Sex, Pressures and Social Networks", 1, 12),
    ("Neglect", 2, 13),
    ("Online Safety", 5, 52),
    ("PREVENT WRAP Sessions", 4, 50),
    ("Reducing Parental Conflict - Train the Trainers", 4, 56),
    (
        "Reducing Parental Conflict Module 1 - Parental Conflict and Its Impact on Child "
        "Outcomes: Interpreting and Using the Evidence Base",
        1,
        10,
    ),
    (
        "Reducing Parental Conflict Module 2 - Recognising and Supporting Parents in Parental "
        "Conflict: Applying Knowledge, Skills and Techniques",
        2,
        20,
    ),
    (
        "Reducing Parental Conflict Module 3 - Working with Parents in Conflict: How do I "
        "support, refer or intervene?",
        2,
        15,
    ),
    (
        "Reducing Parental Conflict Module 4 - Reducing Parental Conflict: The Role of "
        "Supervisors and Managers",
        1,
        3,
    ),
    ("Roles and Responsibilities of the DSL", 5, 51),
    (
        "Safeguarding Briefing: Keeping Kirklees Safe: Gangs, Domestic Abuse, CSE and Trafficking",
        1,
        24,
    ),
    ("Safeguarding Children: Pornography, Sex, Pressures and Social Networks", 1, 15),
    ("Safeguarding Newly Arrived Families and Unaccompanied Asylum Seeking Children", 1, 19),
    ("Safeguarding Skills", 5, 60),
    ("Safeguarding Skills for Managers", 4, 46),
    ("Safeguarding Unaccompanied Asylum Seeking Children", 1, 6),
    ("Sexual Abuse: Dispelling Myths & Reducing Risks", 2, 25),
    ('Support for victims of Domestic Abuse to get "Do It Yourself" Civil Orders', 1, 20),
    ("Train the Trainer", 2, 5),
    ("Understanding Parental Learning Disability: Engaging Effectively & Managing the Risk", 5, 43),
    ("West Yorkshire Train the Trainers", 1, 3),
    ("Working Together to Safeguard Children", 24, 455),
    ("Working Together to Safeguard Children - Refresher", 6, 108),
    ("Young People and Substance Misuse", 4, 44),
]
APPENDIX_SECTORS = [
    ("Local authority", 791),  # "Kirklees Council"
    ("Education", 729),
    ("Voluntary / Charity", 268),
    ("Health", 265),
    ("Private sector", 121),
    ("Housing", 93),
    ("Justice / Offending / Public protection", 60),
    ("Outside the local authority area", 55),  # "Outside of Kirklees Council Local Authority"
    ("Careers", 38),  # "Calderdale and Kirklees Careers"
    ("Other", 28),
    ("Drug and alcohol services", 10),
    ("Employment", 9),
    ("Religious", 1),
]
IMPACT_COMMENTS = [
    "More confident Able to use appropriate resources to broaden discussion with clients. "
    "Greater understanding of decision making and referral protocols.",
    "Gave me a great insight into parental mental which will assist in my practice and enable "
    "me to identify mental health issues.",
    "The course was very strong on impact on children of DA and steps workers should take. I "
    "will look at how our projects can support more preventative work, influence greater use "
    "of DASH and safety plan tools.",
]


def csv_url(table, year):
    return f"{reverse('training:statistics_csv', args=[table])}?year={year}"


def load_kirklees_training():
    """The training demo data, as load_demo loads it once it calls the training loader."""
    data = yaml.safe_load((Path(settings.BASE_DIR) / "fixtures/kirklees/training.yaml").read_text())
    return load_training(Partnership.objects.get(slug="kirklees"), data)


@pytest.fixture(scope="module")
def _training_demo_for_module(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", verbosity=0)
        load_kirklees_training()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def kirklees_client(_training_demo_for_module, db, client):
    client.force_login(User.objects.get(username="sharon.hewitt"))
    return client


@pytest.fixture
def page_2019(kirklees_client):
    response = kirklees_client.get(PAGE, {"year": 2019})
    assert response.status_code == 200
    return parse(response)


# --- Appendix 2, from the demo data ----------------------------------------------------------


def test_e_learning_completions_are_as_printed_with_their_platform_and_the_total(page_2019):
    new, previous = "New training system", "Previous training system"
    assert texts(page_2019, "elearning") == [
        [
            "E-learning course",
            "Completed 2018-19",
            "Platform 2018-19",
            "Completed 2019-20",
            "Platform 2019-20",
        ],
        ["An Awareness of Child Abuse and Neglect", "No data", "", "4,760", new],
        ["Child Accident Prevention", "No data", "", "56", previous],
        ["Child Development", "No data", "", "459", new],
        ["Child Sexual Exploitation", "No data", "", "1,298", new],
        ["Court Skills", "No data", "", "12", previous],
        ["Domestic Abuse E-Learning", "No data", "", "507", new],
        ["Private Fostering - An Overview", "No data", "", "10", previous],
        ["Total number of completed training", "No data", "", "7,102", ""],
    ]


def test_classroom_attendance_by_agency_sector_is_as_printed_with_the_grand_total(page_2019):
    assert texts(page_2019, "sectors") == [
        ["Agency sector", "Places attended 2018-19", "Places attended 2019-20"],
        *([sector, "No data", f"{count:,}"] for sector, count in APPENDIX_SECTORS),
        ["Grand total", "No data", "2,468"],
    ]


def test_the_45_courses_have_their_printed_sessions_and_attendees_and_totals(page_2019):
    rows = texts(page_2019, "courses")
    assert rows[0] == [
        "Course",
        "Sessions 2018-19",
        "Attendees 2018-19",
        "Sessions 2019-20",
        "Attendees 2019-20",
    ]
    expected = sorted(APPENDIX_COURSES, key=lambda course: course[0].casefold())
    assert len(expected) == 45
    assert rows[1:-1] == [
        [title, "No data", "No data", str(sessions), str(attendees)]
        for title, sessions, attendees in expected
    ]
    assert rows[-1] == ["Total", "No data", "No data", "158", "2,468"]
    assert sum(s for _, s, _ in APPENDIX_COURSES) == 158
    assert sum(a for _, _, a in APPENDIX_COURSES) == 2468


def test_the_page_says_45_courses_ran_and_what_counts_as_classroom(kirklees_client):
    body = kirklees_client.get(PAGE, {"year": 2019}).content.decode()
    assert "45 courses ran in 2019-20, 0 in 2018-19" in body
    assert "Classroom training counts classroom and virtual classroom courses" in body


def test_the_agencies_that_sent_nobody_include_the_police(page_2019):
    assert texts(page_2019, "agencies-without-attendance") == [
        ["Agency", "Sector", "Places attended 2018-19"],
        ["Cafcass", "Justice / Offending / Public protection", "No data"],
        ["NHS England", "Health", "No data"],
        ["West Yorkshire Police", "Police", "No data"],
        ["Yorkshire Ambulance Service", "Health", "No data"],
    ]


def test_two_sessions_were_cancelled_for_low_nominations(page_2019):
    assert texts(page_2019, "cancelled") == [
        ["Course", "Cancelled 2018-19", "Cancelled 2019-20", "Dates in 2019-20"],
        ["Domestic Abuse Level 2", "0", "1", "12 February 2020"],
        ["Neglect", "0", "1", "16 October 2019"],
        ["Total", "0", "2", ""],
    ]


def test_the_impact_comments_of_the_statement_are_shown_verbatim_most_recent_first(page_2019):
    rows = texts(page_2019, "impact")
    assert rows[0] == [
        "Course",
        "Session",
        "Agency sector",
        "Confidence before",
        "Confidence after",
        "Impact on practice",
    ]
    assert [row[0] for row in rows[1:]] == [
        "Impact of Domestic Violence",
        "Working Together to Safeguard Children",
        "Impact of Parental Mental Health",
    ]
    assert sorted(row[-1] for row in rows[1:]) == sorted(IMPACT_COMMENTS)
    assert [row[2:5] for row in rows[1:]] == [
        ["Voluntary / Charity", "3", "5"],
        ["Housing", "2", "4"],
        ["Education", "2", "4"],
    ]


def test_the_sector_chart_is_an_image_with_a_name_and_the_numbers_of_its_table(kirklees_client):
    body = kirklees_client.get(PAGE, {"year": 2019}).content.decode()
    svg = re.search(r"<svg[^>]*>.*?</svg>", body, re.S).group(0)
    assert 'role="img"' in svg
    assert 'aria-label="Bar chart: classroom places attended in 2019-20 by agency sector.' in svg
    labels = [
        " ".join(re.findall(r">([^<]+)</tspan>", label))
        for label in re.findall(
            r'<text class="app-chart__label" text-anchor="end">(.*?)</text>', svg
        )
    ]
    assert labels == [sector for sector, _ in APPENDIX_SECTORS]
    figures = re.findall(r'class="app-chart__figure">([^<]+)</text>', svg)
    assert figures == [f"{count:,}" for _, count in APPENDIX_SECTORS]
    assert len(re.findall(r'<rect [^>]*class="app-chart__bar ', svg)) == 13
    assert "Classroom places attended in 2019-20 by agency sector</tspan>" in svg  # the legend
    # The table with the same numbers sits beside the chart.
    assert body.index("</svg>") < body.index('id="sectors"')


def test_every_table_has_a_caption_row_headers_and_right_aligned_numbers(page_2019):
    assert set(page_2019.tables) == set(TABLES)
    for table_id, rows in page_2019.tables.items():
        assert page_2019.captions[table_id].strip(), table_id
        numeric = ["govuk-table__header--numeric" in classes for _, classes, _ in rows[0]]
        for row in rows[1:]:
            assert row[0][0] == "th", table_id
            for (tag, classes, text), is_numeric in zip(row[1:], numeric[1:], strict=True):
                assert tag == "td", (table_id, text)
                assert ("govuk-table__cell--numeric" in classes) == is_numeric, (table_id, text)
                if is_numeric:
                    figure = text.replace(",", "").replace(".", "", 1)  # averages: one decimal
                    assert figure.isdigit() or text == "No data", (table_id, text)


def test_the_page_keeps_the_markup_rules(kirklees_client):
    assert markup_problems(page_tree(kirklees_client.get(PAGE, {"year": 2019}))) == []


# --- the CSV downloads ------------------------------------------------------------------------


def test_every_table_links_to_its_csv_for_the_year_shown(kirklees_client):
    body = kirklees_client.get(PAGE, {"year": 2019}).content.decode()
    for slug in TABLES:
        assert csv_url(slug, 2019) in body


def test_the_e_learning_csv_holds_the_printed_figures_unformatted(kirklees_client):
    response = kirklees_client.get(csv_url("elearning", 2019))
    assert response["Content-Type"].startswith("text/csv")
    assert "kscp-workforce-development-2019-20-elearning.csv" in response["Content-Disposition"]
    rows = read_csv(response)
    assert [(row[0], row[3], row[4]) for row in rows[1:]] == [
        ("An Awareness of Child Abuse and Neglect", "4760", "New training system"),
        ("Child Accident Prevention", "56", "Previous training system"),
        ("Child Development", "459", "New training system"),
        ("Child Sexual Exploitation", "1298", "New training system"),
        ("Court Skills", "12", "Previous training system"),
        ("Domestic Abuse E-Learning", "507", "New training system"),
        ("Private Fostering - An Overview", "10", "Previous training system"),
        ("Total number of completed training", "7102", ""),
    ]
    assert {row[1] for row in rows[1:]} == {""}  # no figures for 2018-19


def test_the_sector_csv_holds_every_sector_and_the_grand_total(kirklees_client):
    rows = read_csv(kirklees_client.get(csv_url("sectors", 2019)))
    assert rows == [
        ["Agency sector", "Places attended 2018-19", "Places attended 2019-20"],
        *([sector, "", str(count)] for sector, count in APPENDIX_SECTORS),
        ["Grand total", "", "2468"],
    ]


def test_the_course_csv_holds_the_45_courses_and_the_totals(kirklees_client):
    rows = read_csv(kirklees_client.get(csv_url("courses", 2019)))
    assert sorted((row[0], int(row[3]), int(row[4])) for row in rows[1:-1]) == sorted(
        APPENDIX_COURSES
    )
    assert rows[-1] == ["Total", "", "", "158", "2468"]


def test_the_other_csvs_hold_the_rows_of_the_page(kirklees_client):
    page = parse(kirklees_client.get(PAGE, {"year": 2019}))
    for slug in ("agencies-without-attendance", "cancelled", "impact"):
        rows = read_csv(kirklees_client.get(csv_url(slug, 2019)))
        assert [row[0] for row in rows] == [row[0] for row in texts(page, slug)], slug
    impact = read_csv(kirklees_client.get(csv_url("impact", 2019)))
    assert impact[1][1] == "2020-01-03"  # dates as dates, not words
    assert sorted(row[-1] for row in impact[1:]) == sorted(IMPACT_COMMENTS)


def test_a_csv_for_a_year_not_in_the_list_or_an_unknown_table_answers_404(kirklees_client):
    assert kirklees_client.get(csv_url("sectors", 1990)).status_code == 404
    assert kirklees_client.get(csv_url("salaries", 2019)).status_code == 404


# --- years --------------------------------------------------------------------------------------


def test_an_empty_year_shows_an_empty_state_with_the_years_that_have_records(kirklees_client):
    response = kirklees_client.get(PAGE, {"year": 2021})
    body = response.content.decode()
    assert "No training sessions or e-learning completions are recorded for " in body
    assert "April 2021 to March 2022" in body
    assert not parse(response).tables
    assert 'href="?year=2019"' in body


def test_the_year_switch_shows_2020_21_beside_2019_20(kirklees_client):
    kirklees = Partnership.objects.get(slug="kirklees")
    course = Course.objects.get(partnership=kirklees, title="Online Safety")
    course.delivery = Course.Delivery.VIRTUAL  # training moved online in 2020
    course.save()
    starts = timezone.make_aware(datetime.datetime(2020, 6, 2, 10))
    session = Session.objects.create(
        course=course, starts_at=starts, capacity=30, status=Session.Status.DELIVERED
    )
    police = Agency.objects.get(partnership=kirklees, name="West Yorkshire Police")
    for n in range(3):
        Attendance.objects.create(session=session, agency=police, status="attended", name=f"A{n}")
    page = parse(kirklees_client.get(PAGE, {"year": 2020}))
    sectors = texts(page, "sectors")
    assert sectors[0] == ["Agency sector", "Places attended 2019-20", "Places attended 2020-21"]
    assert sectors[1] == ["Police", "0", "3"]
    assert sectors[2] == ["Local authority", "791", "0"]
    assert sectors[-1] == ["Grand total", "2,468", "3"]
    courses = texts(page, "courses")
    assert ["Online Safety", "5", "52", "1", "3"] in courses
    assert courses[-1] == ["Total", "158", "2,468", "1", "3"]
    assert texts(page, "elearning")[-1] == [
        "Total number of completed training",
        "7,102",
        "",
        "No data",
        "",
    ]
    nobody = [row[0] for row in texts(page, "agencies-without-attendance")]
    assert "West Yorkshire Police" not in nobody
    assert ["Kirklees Council", "Local authority", "791"] in texts(
        page, "agencies-without-attendance"
    )


def test_without_a_choice_the_page_shows_the_latest_financial_year_that_has_ended(
    kirklees_client,
):
    response = kirklees_client.get(PAGE)
    assert response.context["page"].year == default_year(timezone.localdate())


@pytest.mark.parametrize("year", ["abc", "1990", "2200"])
def test_a_year_not_in_the_list_is_an_error_and_the_default_year_is_shown(kirklees_client, year):
    response = kirklees_client.get(PAGE, {"year": year})
    body = response.content.decode()
    assert YEAR_INVALID in body
    assert "<title>Error: " in body
    assert response.context["page"].year == default_year(timezone.localdate())


# --- who sees it ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "username, status", [("mel.meggs", 200), ("sheila.lock", 200), ("phil.cross", 403)]
)
def test_executive_and_scrutineer_of_the_demo_see_the_page_and_others_do_not(
    _training_demo_for_module, db, client, username, status
):
    client.force_login(User.objects.get(username=username))
    assert client.get(PAGE, {"year": 2019}).status_code == status
    assert client.get(csv_url("sectors", 2019)).status_code == status


def test_the_business_unit_of_another_partnership_sees_none_of_kirklees(
    _training_demo_for_module, db, client
):
    calderdale = User.objects.filter(role=User.Role.BUSINESS_UNIT).exclude(
        partnership__slug="kirklees"
    )
    client.force_login(calderdale.first())
    response = client.get(PAGE, {"year": 2019})
    assert response.status_code == 200
    assert not parse(response).tables
