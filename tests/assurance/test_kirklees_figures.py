"""The demo's Kirklees Annual Assurance Statement 2019/2020 (fixtures/kirklees/
report-2019-2020.yaml): its narrative transcribed from the seed
(../shared/seeds/kscp-annual-assurance-statement-2019-2020.txt), its generated tables
holding the seed's figures, and every term of the seed's glossary in the page, the PDF and
the Word document."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from kscp.assurance import rendering
from kscp.assurance.models import Report, Section
from kscp.core.models import User
from tests.assurance.test_outputs import docx_text
from tests.pages import markup_problems, page_tree, parse, texts

SEED = Path(settings.BASE_DIR).parent / "shared" / "seeds"
SEED_TEXT = (SEED / "kscp-annual-assurance-statement-2019-2020.txt").read_text()
# The extraction printed C, P, M and A of "CPP" and "MAPPA" in Cyrillic look-alikes.
LATIN = str.maketrans({"С": "C", "Р": "P", "М": "M", "А": "A"})


def seed_glossary() -> dict[str, str]:
    appendix = SEED_TEXT.split("Appendix 4:")[1]
    rows = [line.translate(LATIN).split("\t") for line in appendix.splitlines() if "\t" in line]
    return {term: meaning.strip() for term, meaning in rows}


@pytest.fixture
def kirklees_report(demo_data):
    return Report.objects.get(partnership__slug="kirklees", period_start=datetime.date(2019, 4, 1))


@pytest.fixture
def business_unit(demo_data):
    return User.objects.get(username="sharon.hewitt")


@pytest.fixture
def kirklees_page(kirklees_report, business_unit, client):
    client.force_login(business_unit)
    return page_tree(client.get(reverse("assurance:report_print", args=[kirklees_report.pk])))


@pytest.fixture
def kirklees_tables(kirklees_report, business_unit, client):
    client.force_login(business_unit)
    return parse(client.get(reverse("assurance:report_print", args=[kirklees_report.pk])))


def cells(tables, table_id):
    return [" | ".join(row) for row in texts(tables, table_id)]


def test_the_demo_report_has_the_statements_sections_in_order(kirklees_report):
    titles = list(kirklees_report.sections.values_list("title", flat=True))
    # The statement's contents page, in its order.
    for earlier, later in zip(
        [
            "Worried About a Child",
            "Foreword",
            "Principles and our approach to Safeguarding",
            "What we know about children in Kirklees – Key Needs Data",
            "What Do Young People Say",
            "Engaging our workforce",
            "Working with other Partnerships",
            "Key Practice Themes and Messages",
            "Learning from Reviews",
            "Evidence of impact on 2018-19 priorities",
            "Case Study – Early Support",
            "Case Study – Serious Youth Violence",
            "Communication and Engagement",
            "Independent Scrutiny - our activity",
            "Strategic Priorities - 2020-2021",
            "Appendix 1 – 2019-20 Budget Outturn",
            "Appendix 2 – Workforce Development Data",
            "Appendix 3 – Covid 19 Action",
            "Appendix 4 – Glossary",
        ],
        [
            "Foreword",
            "Principles and our approach to Safeguarding",
            "What we know about children in Kirklees – Key Needs Data",
            "What Do Young People Say",
            "Engaging our workforce",
            "Working with other Partnerships",
            "Key Practice Themes and Messages",
            "Learning from Reviews",
            "Evidence of impact on 2018-19 priorities",
            "Case Study – Early Support",
            "Case Study – Serious Youth Violence",
            "Communication and Engagement",
            "Independent Scrutiny - our activity",
            "Strategic Priorities - 2020-2021",
            "Appendix 1 – 2019-20 Budget Outturn",
            "Appendix 2 – Workforce Development Data",
            "Appendix 3 – Covid 19 Action",
            "Appendix 4 – Glossary",
            None,
        ],
        strict=True,
    ):
        assert titles.index(earlier) < (titles.index(later) if later else len(titles))
    scrutiny = kirklees_report.sections.get(title="Independent Scrutiny - our activity")
    assert scrutiny.kind == Section.Kind.SCRUTINY
    generated = set(
        kirklees_report.sections.filter(kind=Section.Kind.GENERATED).values_list(
            "generator", flat=True
        )
    )
    assert generated == set(Section.Generator.values)


def paragraphs_of_seed(start: str, end: str) -> list[str]:
    """The seed's long paragraphs (not list items) between two headings, as single lines."""
    text = SEED_TEXT.split(start, 1)[1].split(end, 1)[0]
    lines = [line.strip() for line in text.splitlines()]
    return [line for line in lines if len(line) > 120 and not line.startswith("- ")]


@pytest.mark.parametrize(
    "title, start, end",
    [
        ("Foreword", "Our Vision", "Mel Meggs"),
        ("Principles and our approach to Safeguarding", "Principles of the KSCP", "\nWhat do we"),
        ("Working with other Partnerships", "Inter-Board Working", "Joint working"),
        ("Key Practice Themes and Messages", "Key Practice Themes and Messages\n", "We have also"),
        ("Evidence of impact on 2018-19 priorities", "Evidence of Impact on Priorities", "Case"),
        ("Case Study – Early Support", "Case Study - Early Support", "<u>"),
        ("Communication and Engagement", "Communication and Engagement\n", "Independent"),
        ("Appendix 3 – Covid 19 Action", "Covid-19 Action", "KSCP circulated"),
    ],
)
def test_each_long_paragraph_of_the_seed_is_in_its_section_word_for_word(
    kirklees_report, title, start, end
):
    body = " ".join(kirklees_report.sections.get(title=title).body.split())
    paragraphs = paragraphs_of_seed(start, end)
    assert paragraphs
    for paragraph in paragraphs:
        assert " ".join(paragraph.split()) in body, paragraph[:80]


def test_the_key_needs_data_figures_and_case_studies_are_on_the_page(kirklees_page):
    text = kirklees_page.text()
    for figure in [
        "100,174",
        "2.7 persons per hectare",
        "96.7%",
        "77.5%",
        "6.6% in kirkburton, to 28% in Newsome",
        "22.2 up from 21.3 in 2014",
        "650 = 96.2%",
        "647 = 93%",
        "Well-functioning Corporate Services",
    ]:
        assert figure in text, figure
    for heading in [
        "Evidence of Effectiveness",
        "Areas for Monitoring",
        "National Review - Sudden Unexpected Death in Infancy",
        "Key Challenges",
    ]:
        assert heading in text, heading
    assert "Priority 4: widen the scrutiny function" in text
    assert "Assurance Area 2: Use of technology" in text
    assert "Decision making flowcharts for face to face visits." in text


def test_the_key_needs_tables_are_tables(kirklees_page):
    rows = [
        [cell.text() for cell in row.tags("th", "td")]
        for table in kirklees_page.tags("table")
        for row in table.tags("tr")
    ]
    assert ["Numbers", "886", "272", "264", "264"] in rows
    assert ["How many children do you have in the following groups", "675", "291", "696"] in rows


def test_where_the_seed_had_an_image_the_report_says_so_and_invents_no_figure(kirklees_report):
    budget = kirklees_report.sections.get(title="Appendix 1 – 2019-20 Budget Outturn")
    assert "its figures are not in the source text" in budget.body
    assert not re.search(r"£|\d", budget.body.replace("2019-20", ""))
    young = kirklees_report.sections.get(title="What Do Young People Say")
    assert "its content is not in the source text" in young.body


def test_the_reviews_figures_are_the_statements(kirklees_tables):
    rows = cells(kirklees_tables, "reviews-numbers")
    # This year beside last: referrals 9/9, rapid reviews 3/4, local reviews 1/3, CSPRs 2/2.
    assert "Serious incident referrals to KSCP | 9 | 9" in rows
    assert "Rapid reviews | 3 | 4" in rows
    assert "Local case reviews (not referred to the Panel) | 1 | 3" in rows
    assert "SCRs / CSPRs | 2 | 2" in rows
    reasons = {row[0]: row[1] for row in texts(kirklees_tables, "reviews-referral-reasons")[1:]}
    # The statement's referral reasons, 2019-20.
    assert reasons == {
        "Neglect": "0",
        "Physical abuse": "1",
        "Sexual abuse": "0",
        "Fabricated illness": "0",
        "Murder or attempted murder": "1",
        "Trafficking": "0",
        "Honour-based violence / forced marriage": "1",
        "Suicide": "1",
        "Serious youth violence": "1",
    }


def test_the_workforce_figures_are_the_statements(kirklees_tables):
    elearning = cells(kirklees_tables, "workforce-elearning")
    assert any(row.startswith("Total") and "7,102" in row for row in elearning), elearning
    sectors = cells(kirklees_tables, "workforce-sectors")
    assert "Local authority | No data | 791" in sectors
    assert sectors[-1].endswith("2,468"), sectors[-1]
    courses = texts(kirklees_tables, "workforce-courses")
    assert courses[-1][-2:] == ["158", "2,468"]
    assert len(courses) - 2 == 45  # the header row and the total row aside


def test_every_glossary_term_of_the_seed_is_in_the_page(kirklees_tables):
    glossary = {row[0]: row[1] for row in texts(kirklees_tables, "glossary")[1:]}
    assert len(seed_glossary()) == 38
    assert glossary == seed_glossary()


def test_every_glossary_term_of_the_seed_is_in_the_pdf_and_the_word_document(
    kirklees_report, business_unit, client
):
    pdf = rendering.report_pdf(kirklees_report)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    client.force_login(business_unit)
    response = client.get(reverse("assurance:report_docx", args=[kirklees_report.pk]))
    docx = docx_text(response.content)
    for term, meaning in seed_glossary().items():
        assert term in text and " ".join(meaning.split()[:3]) in " ".join(text.split()), term
        assert term in docx and meaning in docx, term
    for figure in ["7,102", "2,468", "158", "886"]:
        assert figure in text, figure
    for figure in ["7,102", "2,468", "158", "886", "01484 414960"]:
        assert figure in docx, figure
    flat = " ".join(text.split())
    for row in (
        "Serious incident referrals to KSCP 9 9",
        "Rapid reviews 3 4",
        "Local case reviews (not referred to the Panel) 1 3",
        "SCRs / CSPRs 2 2",
        "Honour-based violence / forced marriage 1",
    ):
        assert row in flat, row


def test_the_workforce_evaluation_and_the_next_plans_priorities_are_computed(kirklees_tables):
    evaluation = texts(kirklees_tables, "workforce-evaluation")
    # The statement's three impact comments, with their (invented) confidence ratings.
    assert evaluation[-1] == ["All courses", "3", "2.3", "4.3", "3", "100"]
    (next_id,) = [k for k in kirklees_tables.tables if (k or "").startswith("next-priorities")]
    priorities = [row[0] for row in texts(kirklees_tables, next_id)[1:]]
    assert len(priorities) == 6  # the six priorities of the 2019/2021 business plan
    assert priorities[0].startswith("1. To understand better the Child's Lived experience")


def test_the_demo_reports_pages_keep_the_markup_rules(kirklees_report, business_unit, client):
    client.force_login(business_unit)
    for name in ("assurance:report_print", "assurance:report", "assurance:budget"):
        response = client.get(reverse(name, args=[kirklees_report.pk]))
        assert markup_problems(page_tree(response)) == [], name


def test_worried_about_a_child_gives_the_contact_numbers(kirklees_page):
    text = kirklees_page.text()
    assert "01484 414960" in text and "01484 456848" in text


def test_the_workforce_chart_is_an_svg_just_before_the_table_of_its_figures(
    kirklees_report, business_unit, client
):
    client.force_login(business_unit)
    page = client.get(reverse("assurance:report_print", args=[kirklees_report.pk]))
    html = page.content.decode()
    found = re.search(
        r'<svg class="chart" role="img" aria-label="Bar chart: ([^"]+)"(.*?)</svg>\s*'
        r'<table id="workforce-sectors">',
        html,
        re.S,
    )
    assert found, "no chart before the sectors table"
    assert "The table below gives the same figures" in found.group(1)
    assert "<title id=" in found.group(2) and "<rect" in found.group(2)
    assert ">791</text>" in found.group(2)  # the local authority's places, as in its table


def test_report_pdf_prints_the_demo_statement_of_2019(kirklees_report, tmp_path):
    from django.core.management import call_command

    output = tmp_path / "kirklees.pdf"
    call_command("report_pdf", partnership="kirklees", period=2019, output=str(output))
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(output).pages).split())
    assert kirklees_report.title in text
    assert "Rapid reviews 3 4" in text and "7,102" in text
