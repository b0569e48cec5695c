"""The business-plan PDF: the partnership's own document, as it stood on a chosen date."""

import datetime
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from kscp.core.forms import date_out_of_range
from kscp.core.services import tracked_item_update
from plans.models import Objective, Plan, owners_prefetch
from plans.reports import plan_report, render_plan_html, render_plan_pdf
from plans.views.plan import AS_AT_IN_THE_FUTURE, AS_AT_NOT_REAL
from tests.helpers import listening

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def demo_plan(title_start):
    return Plan.objects.get(title__startswith=title_start)


@pytest.fixture
def kirklees_2019_text(demo_data):
    plan = demo_plan("Kirklees Safeguarding Children Partnership Business Plan 2019/2021")
    return plan, pdf_text(render_plan_pdf(plan_report(plan, datetime.date.today())))


def test_every_objective_number_due_date_and_owner_of_the_2019_plan_is_in_the_pdf(
    kirklees_2019_text,
):
    plan, text = kirklees_2019_text
    objectives = plan.objectives.prefetch_related(owners_prefetch())
    assert objectives.count() == 32
    words = " ".join(text.split())
    for objective in objectives:
        assert re.search(rf"(^| ){re.escape(objective.number)} ", text), objective.number
        assert objective.due_display in text, objective.number
        for owner in objective.owners.all():
            assert str(owner) in words, (objective.number, str(owner))
    # Lead and support, in the plan's order (Kirklees 4.6 and 4.4).
    assert "Sharon Hewitt with support from Elaine McShane" in words
    assert "Elaine McShane with support from independent person" in words


def test_the_pdf_has_cover_key_summary_and_page_footers(kirklees_2019_text):
    plan, text = kirklees_2019_text
    assert "As at" in text and "Version V1" in text
    assert "Progress key" in text and "Summary of progress by priority" in text
    assert "Kirklees Safeguarding Children Partnership – " in text  # footer
    pages = len(
        PdfReader(io.BytesIO(render_plan_pdf(plan_report(plan, datetime.date.today())))).pages
    )
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    assert "What difference will it make for children and young people?" in text


def test_calderdale_comes_out_in_its_own_columns_and_key(demo_data):
    plan = demo_plan("Calderdale")
    text = pdf_text(render_plan_pdf(plan_report(plan, datetime.date(2017, 9, 1))))
    for heading in ("Outcome", "Action", "References", "Progress & evidence"):
        assert heading in text
    assert "Outcome measure" not in text
    assert "On Track" in text  # Blue's words in Calderdale's key
    assert "MAA24" in text and "Audit complete. Positive results" in text


def test_the_2010_plan_keeps_its_work_required_rows(demo_data):
    plan = demo_plan("Kirklees Safeguarding Children Board Business Plan 2010-2013")
    text = pdf_text(render_plan_pdf(plan_report(plan, datetime.date(2011, 1, 1))))
    assert "Establish performance framework." in text
    assert "6 monthly report to KSCB." in text and "CAF Lead" in text


def test_a_date_before_the_document_shows_nothing_of_it(demo_data):
    plan = demo_plan("Kirklees Safeguarding Children Partnership Business Plan 2019/2021")
    report = plan_report(plan, datetime.date(2019, 3, 1))
    assert not any(p.report_objectives for p in report.priorities)


def test_as_at_a_date_before_a_change_shows_the_old_rag(plan, objective, lead):
    objective.history.update(history_date=datetime.datetime(2026, 1, 10, tzinfo=datetime.UTC))
    tracked_item_update(
        item=objective,
        user=lead,
        rag="red",
        progress="Funding withdrawn",
        evidence="",
        version=objective.version,
    )
    before = plan_report(plan, datetime.date(2026, 2, 1)).priorities[0].report_objectives[0]
    now = plan_report(plan, datetime.date.today()).priorities[0].report_objectives[0]
    assert (before.rag, before.progress) == ("not_started", "")
    assert (now.rag, now.progress) == ("red", "Funding withdrawn")
    old_text = pdf_text(render_plan_pdf(plan_report(plan, datetime.date(2026, 2, 1))))
    new_text = pdf_text(render_plan_pdf(plan_report(plan, datetime.date.today())))
    assert "Funding withdrawn" not in old_text and "Funding withdrawn" in new_text


def as_at(year, month, day) -> dict:
    """The plan's "as stood on" date as its GOV.UK date input posts it."""
    return {"as_at_day": day, "as_at_month": month, "as_at_year": year}


def test_executive_downloads_the_pdf_as_at_a_date(client, executive, plan, objective):
    client.force_login(executive)
    response = client.get(reverse("plans:plan_pdf", args=[plan.pk]), as_at(2026, 6, 30))
    assert response["Content-Type"] == "application/pdf"
    assert "as-at-2026-06-30.pdf" in response["Content-Disposition"]
    assert "30 June 2026" in pdf_text(response.content)


@pytest.mark.parametrize("view", ["plans:plan_pdf", "plans:plan_print"])
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("tomorrow", AS_AT_IN_THE_FUTURE),
        ("2999-01-01", date_out_of_range("The date the plan stood on")),
        ("soon-1-1", AS_AT_NOT_REAL),
        ("2026-02-30", AS_AT_NOT_REAL),
        ("99999-01-01", AS_AT_NOT_REAL),
    ],
)
def test_a_future_or_unreal_date_is_refused_with_a_message_naming_the_field(
    client, business_unit, plan, objective, view, value, message
):
    if value == "tomorrow":
        value = f"{timezone.localdate() + datetime.timedelta(days=1):%Y-%m-%d}"
    year, month, day = (value.split("-") + ["", ""])[:3]
    client.force_login(business_unit)
    response = client.get(reverse(view, args=[plan.pk]), as_at(year, month, day))
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "<title>Error: " in page
    summary = page.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    assert f'<a href="#id_as_at_day">{message}</a>' in summary
    error = page.split('<p id="id_as_at-error" class="govuk-error-message">')[1]
    assert error.startswith(f'<span class="govuk-visually-hidden">Error:</span> {message}</p>')
    assert f'href="{reverse("plans:plan", args=[plan.pk])}"' in page  # the way back


def test_no_date_or_today_prints_the_plan_as_it_is_today(client, business_unit, plan, objective):
    client.force_login(business_unit)
    today = timezone.localdate()
    url = reverse("plans:plan_print", args=[plan.pk])
    empty = {"as_at_day": "", "as_at_month": "", "as_at_year": ""}
    for query in ({}, empty, as_at(today.year, today.month, today.day)):
        response = client.get(url, query)
        assert response.status_code == 200
        assert f"as at {today:%-d %B %Y}" in response.content.decode()


def plan_dated(plan, day):
    """The plan's history rows as if it had been recorded on `day`."""
    plan.history.update(
        history_date=datetime.datetime.combine(day, datetime.time(12), datetime.UTC)
    )


def cover_status(plan, day):
    html = render_plan_html(plan_report(plan, day))
    return " ".join(html.split("<dt>Status</dt>")[1].split("</dd>")[0].split())


def test_the_cover_gives_the_status_the_plan_had_on_the_date(plan):
    plan.status = Plan.Status.DRAFT
    plan.save()
    plan_dated(plan, datetime.date(2025, 3, 1))
    plan.status = Plan.Status.LIVE
    plan.save()
    went_live = datetime.datetime(2025, 4, 1, 9, tzinfo=datetime.UTC)
    plan.history.filter(history_date__gt=went_live).update(history_date=went_live)
    assert cover_status(plan, datetime.date(2025, 3, 31)) == "<dd>Draft"
    assert cover_status(plan, datetime.date(2025, 4, 1)) == "<dd>Live"
    plan.status = Plan.Status.CLOSED
    plan.save()
    assert cover_status(plan, datetime.date(2025, 4, 1)) == "<dd>Live"
    assert cover_status(plan, timezone.localdate()) == "<dd>Closed"


def test_a_date_before_the_plan_was_recorded_says_so_instead_of_a_status(
    client, executive, plan, objective
):
    plan_dated(plan, datetime.date(2025, 3, 1))
    assert cover_status(plan, datetime.date(2025, 2, 28)) == (
        "<dd>Not recorded yet on this date: the plan was added on 1 March 2025"
    )
    client.force_login(executive)
    response = client.get(reverse("plans:plan_pdf", args=[plan.pk]), as_at(2020, 1, 1))
    text = pdf_text(response.content)
    assert "Status Not recorded yet on this date" in text and "Status Live" not in text


def test_the_preview_and_the_pdf_come_from_one_template(client, business_unit, plan, objective):
    client.force_login(business_unit)
    preview = client.get(reverse("plans:plan_print", args=[plan.pk]))
    assert [t.name for t in preview.templates][:2] == ["plans/plan_print.html", "print/base.html"]
    assert "Download PDF" in preview.content.decode()
    nonce = preview["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'<style nonce="{nonce}">' in preview.content.decode()


def test_the_command_writes_the_pdf(tmp_path, plan, objective):
    output = tmp_path / "plan.pdf"
    call_command(
        "plan_pdf", "--plan", str(plan.pk), "--as-at", "2026-03-01", "--output", str(output)
    )
    assert "1 March 2026" in pdf_text(output.read_bytes())


def test_the_command_explains_a_bad_date_or_plan(tmp_path, plan):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command(
            "plan_pdf",
            "--plan",
            str(plan.pk),
            "--as-at",
            "01/03/2026",
            "--output",
            str(tmp_path / "x.pdf"),
        )
    with pytest.raises(CommandError, match="No plan"):
        call_command("plan_pdf", "--plan", "999999", "--output", str(tmp_path / "x.pdf"))


def test_the_command_refuses_a_future_date(tmp_path, plan):
    tomorrow = f"{timezone.localdate() + datetime.timedelta(days=1):%Y-%m-%d}"
    output = tmp_path / "x.pdf"
    with pytest.raises(CommandError, match="cannot be in the future"):
        call_command(
            "plan_pdf", "--plan", str(plan.pk), "--as-at", tomorrow, "--output", str(output)
        )
    assert not output.exists()


def test_objectives_created_after_the_date_are_left_out(plan, priority, objective):
    Objective.objects.create(plan=plan, priority=priority, number="1.9", action="Later")
    objective.history.update(history_date=datetime.datetime(2026, 1, 10, tzinfo=datetime.UTC))
    Objective.history.filter(number="1.9").update(
        history_date=datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC)
    )
    numbers = [
        o.number
        for o in plan_report(plan, datetime.date(2026, 2, 1)).priorities[0].report_objectives
    ]
    assert numbers == ["1.1"]


def test_the_pdf_is_tagged_with_selectable_text_and_landscape_pages(plan, objective):
    reader = PdfReader(io.BytesIO(render_plan_pdf(plan_report(plan, datetime.date.today()))))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)
    assert plan.title in page.extract_text().replace("\n", " ")


@pytest.mark.parametrize("breaker", ["\r", "\f", "\r\n"])
def test_a_plan_title_cannot_make_the_pdf_fetch_a_url(client, business_unit, plan, breaker):
    client.force_login(business_unit)
    with listening() as (address, heard):
        plan.title = f"Plan{breaker}}}}} body {{ background: url({address}/x) }}"
        plan.save()
        response = client.get(reverse("plans:plan_pdf", args=[plan.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert heard == []


def test_a_long_progress_text_is_shortened_in_print_with_a_pointer_to_the_objective(
    plan, objective, lead
):
    """A 10,000-character update printed whole made a plan of such updates 1,450 pages; the
    PDF prints the first 600 characters and says where the rest is."""
    long_text = ("Practitioners now use the graded care profile. " * 220)[:10_000]
    objective.progress, objective.evidence = long_text, "Audit"
    objective.save()
    text = pdf_text(render_plan_pdf(plan_report(plan, datetime.date.today())))
    assert "Shortened for print: the full text is on objective 1.1's page." in text
    assert text.count("graded care profile") < 16
    assert "Evidence: Audit" in text


def _at_longest(record):
    """Every free text of the record (text, and character fields of 100 characters or more
    without choices) at its longest, in words."""
    from django.db import models

    sentence = "Practitioners now use the graded care profile at the first contact. "
    for field in record._meta.concrete_fields:
        if isinstance(field, models.TextField) or (
            isinstance(field, models.CharField) and field.max_length >= 100 and not field.choices
        ):
            text = (sentence * (field.max_length // len(sentence) + 1))[: field.max_length]
            setattr(record, field.name, text)
    record.save()


OBJECTIVES_AT_LONGEST = 3
# Pages for the cover, key, summary and the plan's own texts, and for each objective with
# its two actions, with every text at its longest. Printed whole (before every text of an
# item was shortened for print, when only progress and evidence were) the plan below took
# 38 pages; now 17.
FIXED_PAGES, PAGES_PER_OBJECTIVE = 9, 3


def test_a_plan_with_every_text_at_its_longest_prints_in_a_bounded_number_of_pages(
    plan, priority, objective, group, lead
):
    """Every free text at its longest (a 30-objective plan of such texts printed 1,450 pages
    whole): each text of an item is shortened for print, so the pages grow only with the
    number of items, a few for each."""
    from plans.models import Action

    objectives = [objective]
    for n in range(2, OBJECTIVES_AT_LONGEST + 1):
        objectives.append(
            Objective.objects.create(
                plan=plan, priority=priority, number=f"1.{n}", action="An objective"
            )
        )
    for record in [plan, priority, *objectives]:
        _at_longest(record)
    for item in objectives:
        for position in (1, 2):
            _at_longest(
                Action.objects.create(
                    objective=item, label=f"{position})", position=position, description="A step"
                )
            )
    report = plan_report(plan, datetime.date.today())
    pages = len(PdfReader(io.BytesIO(render_plan_pdf(report))).pages)
    assert pages <= FIXED_PAGES + PAGES_PER_OBJECTIVE * OBJECTIVES_AT_LONGEST, pages


def test_every_long_text_of_an_item_is_shortened_in_print_not_only_its_progress(
    plan, objective, action
):
    from kscp.core.fields import PRINT_MAX_LENGTH

    whole = "The outcome in the source plan's own words."
    objective.outcome = whole
    objective.save()
    action.description = ("Brief every practitioner on the neglect strategy. " * 40)[:2_000]
    action.save()
    text = pdf_text(render_plan_pdf(plan_report(plan, datetime.date.today())))
    assert whole in text
    assert text.count("neglect strategy") <= PRINT_MAX_LENGTH // 50 + 1
    assert "Shortened for print: the full text is on objective 1.1's page." in text
