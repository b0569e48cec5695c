"""The board pack: for a meeting, what moved since the previous one, what is newly Red or
Amber, overdue by group, the round's completion, case-review deadlines (for those who see
case records) and review actions overdue by agency; the page and the PDF of one template,
and the board_pack_pdf command."""

import datetime
import io
import re
from html import unescape
from urllib.parse import parse_qsl

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from kscp.assurance.models import SafeguardingPartner
from kscp.core.forms import date_out_of_range
from kscp.core.models import Agency, Group, Membership, Sector
from kscp.core.services import tracked_item_confirm_no_change, tracked_item_update
from kscp.core.workdays import add_working_days
from kscp.overview import boardpack
from kscp.overview.boardpack_views import (
    NEXT_MEETING_NOT_AFTER,
    NOT_A_PREPARER,
    NOT_A_READER,
    NOT_A_REMOVER,
    PACK_REMOVED,
    SINCE_IN_THE_FUTURE,
    SINCE_NOT_BEFORE_MEETING,
    pack_query,
)
from kscp.overview.dashboard import rounds_panel
from kscp.rounds.models import BoardPack, UpdateRound
from plans.models import Action, Objective, Plan, Priority
from reviews.models import Notification, RapidReview, ReferralReason, Review, ReviewAction
from tests.helpers import (
    LONG_URL,
    LONG_WORD,
    add_owner,
    assert_on_the_page,
    link_targets,
    make_person,
    page_texts,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
SINCE = TODAY - datetime.timedelta(days=60)
DAY = "{d.day} {d:%B %Y}"


def ago(days: int, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(TODAY - datetime.timedelta(days=days), datetime.time(hour))
    )


def dated(item, *days_ago):
    """Date the item's history rows, oldest first, `days_ago` days before today."""
    rows = list(item.history.order_by("history_date", "history_id"))
    assert len(rows) == len(days_ago)
    for row, days in zip(rows, days_ago, strict=True):
        type(row).objects.filter(pk=row.pk).update(history_date=ago(days))


def dated_latest(item, days_ago: int):
    """Date the item's latest history row `days_ago` days before today."""
    latest = item.history.order_by("history_date", "history_id").last()
    type(latest).objects.filter(pk=latest.pk).update(history_date=ago(days_ago))


def newly_section(text: str) -> str:
    """The page's table of items newly Red or Amber."""
    return text.split("Newly Red or Amber", 1)[1].split("Overdue by group", 1)[0]


def update(item, user, rag, progress):
    item.refresh_from_db()
    return tracked_item_update(
        item=item, user=user, rag=rag, progress=progress, evidence="", version=item.version
    )


def page_text(response) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def pack_url(name="board_pack_page", *, meeting=TODAY, since=SINCE, next_meeting=None):
    next_meeting = next_meeting or boardpack.default_next_meeting(meeting)
    return f"{reverse(name)}?{pack_query(meeting, since, next_meeting)}"


def day(d: datetime.date) -> str:
    return DAY.format(d=d)


def notify(partnership, reference, aware_days_ago):
    """A notification the Panel must be told of, not yet notified, without a rapid review."""
    aware = TODAY - datetime.timedelta(days=aware_days_ago)
    return Notification.objects.create(
        partnership=partnership,
        reference=reference,
        incident_on=aware,
        la_aware_on=aware,
        nature=Notification.Nature.SERIOUS_HARM,
        referral_reason=ReferralReason.objects.get(partnership=partnership, name="Neglect"),
        age_band=Notification.AgeBand.AGE_5_10,
    )


@pytest.fixture
def story(
    partnership,
    plan,
    objective,
    other_objective,
    action,
    lead,
    other_lead,
    business_unit,
    review,
    review_action,
    agency_rep,
    update_round,
):
    """Objective 1.1 went Amber before the period and Red in it (a move, and newly Red); 1.2
    was Red before the period (neither); action a) of 1.1 went Amber in the period (a move and
    newly Amber). 1.1 and 1.2 are overdue (owned by two groups). In the open round one item
    of four is updated. The review action went Red in the period and is overdue; one
    notification's Panel and rapid-review clocks have run out, another's Panel clock runs
    out before the next meeting; the review Child A is past its publication deadline."""
    Plan.history.filter(id=plan.pk).update(history_date=ago(200))  # live long before
    update(objective, lead, "amber", "Waiting for the audit")
    update(objective, lead, "red", "The audit slipped to March")
    dated(objective, 100, 80, 10)
    update(other_objective, other_lead, "red", "Red long before the period")
    dated(other_objective, 100, 90)
    update(action, lead, "amber", "Words agreed later than planned")
    dated(action, 100, 5)
    update(review_action, agency_rep, "red", "Officers not yet briefed")
    dated(review_action, 100, 20)
    other_action = Action.objects.get(objective=other_objective)
    other_action.refresh_from_db()
    tracked_item_confirm_no_change(item=other_action, user=other_lead, version=other_action.version)
    passed = notify(partnership, "NSCP-2026/27-07", aware_days_ago=40)
    due = notify(partnership, "NSCP-2026/27-08", aware_days_ago=1)
    return {"passed": passed, "due": due}


@pytest.fixture
def partner(partnership):
    """A lead safeguarding partner's delegate: a member of the executive group, who sees no
    case records."""
    person = make_person("chris_chiefconstable", partnership)
    executive = Group.objects.create(
        partnership=partnership, name="Executive Group", kind=Group.Kind.EXECUTIVE
    )
    Membership.objects.create(group=executive, person=person, role=Membership.Role.MEMBER)
    return person


CASE_TEXTS = [
    "NSCP-2026/27-07",
    "NSCP-2026/27-08",
    "Child A",
    "Case-review deadlines",
    "Notify the Panel",
    "Brief every response officer",
    "Officers not yet briefed",
    "Review actions newly Red or Amber",
]


def test_a_rag_move_is_shown_from_and_to_with_who_and_when(client, business_unit, story, lead):
    client.force_login(business_unit)
    text = page_text(client.get(pack_url()))
    text = text.split("RAG status moved since", 1)[1].split("Review actions whose", 1)[0]
    when = timezone.localtime(ago(10)).strftime("%-d %B %Y %H:%M")
    assert (
        f"Objective 1.1 Northdale Business Plan 2025/2027 Change our terminology Amber "
        f"Some slippage Red Not on track Lena Lead, {when}"
    ) in text
    assert "Action 1.1 a) Northdale Business Plan 2025/2027 Agree the new words Not started" in (
        text
    )
    # 1.1's move to Amber was before the period; 1.2 moved before it too.
    assert "Not started Amber" in text
    assert "Not started Red" not in text
    assert "Objective 1.2" not in text


def test_every_move_in_the_period_is_shown_not_only_the_net_change(
    client, business_unit, story, lead, objective
):
    """1.1 went Red 10 days ago, back to Amber 4 days ago: two moves, Amber now as at the
    start, so not newly Amber."""
    update(objective, lead, "amber", "The audit is back on track")
    dated_latest(objective, 4)
    client.force_login(business_unit)
    text = page_text(client.get(pack_url()))
    moves = text.split("RAG status moved since", 1)[1].split("Review actions whose", 1)[0]
    red, back = timezone.localtime(ago(10)), timezone.localtime(ago(4))
    assert re.search(
        rf"Change our terminology Amber Some slippage Red Not on track Lena Lead, "
        rf"{red:%-d %B %Y %H:%M} .*Change our terminology Red Not on track Amber Some slippage "
        rf"Lena Lead, {back:%-d %B %Y %H:%M}",
        moves,
    )
    newly = newly_section(text)
    assert "Objective 1.1 " not in newly


def test_newly_red_or_amber_has_its_progress_and_red_before_the_period_is_not_newly(
    client, business_unit, story
):
    client.force_login(business_unit)
    text = page_text(client.get(pack_url()))
    newly = newly_section(text)
    assert "Action 1.1 a)" in newly and "Words agreed later than planned" in newly
    assert "Objective 1.2" not in newly  # Red before the period


def test_an_item_amber_before_the_period_and_red_now_is_newly_red_with_its_progress(
    client, business_unit, story
):
    client.force_login(business_unit)
    text = page_text(client.get(pack_url()))
    newly = newly_section(text)
    assert "Objective 1.1 Northdale Business Plan 2025/2027 Change our terminology Red" in newly
    assert "The audit slipped to March" in newly


def test_an_item_red_before_the_period_and_amber_now_is_not_newly_amber(
    client, business_unit, story, other_objective, other_lead
):
    """Red to Amber is better, not worse: the move is listed, the item is not newly Amber."""
    update(other_objective, other_lead, "amber", "Case evaluations restarted")
    dated_latest(other_objective, 3)
    client.force_login(business_unit)
    text = page_text(client.get(pack_url()))
    moves = text.split("RAG status moved since", 1)[1].split("Newly Red or Amber", 1)[0]
    assert "Objective 1.2" in moves
    newly = newly_section(text)
    assert "Objective 1.2" not in newly
    assert "Case evaluations restarted" not in newly


def test_overdue_items_are_listed_by_group_and_the_rounds_completion(client, business_unit, story):
    client.force_login(business_unit)
    text = page_text(client.get(pack_url()))
    overdue = text.split("Overdue by group", 1)[1].split("Update round", 1)[0]
    assert "Effectiveness Sub-group: 1 overdue" in overdue
    assert (
        "Objective 1.2 Northdale Business Plan 2025/2027 Assess via case evaluations March 2026 Red"
        in overdue
    )
    assert re.search(r"\w+ Sub-group: 1 overdue Item Plan What Due RAG Objective 1.1 ", overdue)
    assert "Action 1.1 a)" not in overdue  # no due month
    assert (
        "Quarter 3 2026/27 (open; updates due by "
        f"{day(TODAY + datetime.timedelta(days=20))}; for Executive group): 1 of 4 items "
        "updated (25%)."
    ) in text
    assert "Northdale Business Plan 2025/2027 1 4 25%" in text
    # At yesterday's meeting the round was open and nobody had updated yet.
    Objective.objects.update(created_at=ago(100))
    Action.objects.update(created_at=ago(100))
    yesterday = page_text(client.get(pack_url(meeting=TODAY - datetime.timedelta(days=1))))
    assert "for Executive group): 0 of 4 items updated (0%)." in yesterday


def test_of_two_open_rounds_the_pack_shows_the_one_opened_last_as_the_dashboard_does(
    client, business_unit, story, update_round, plan
):
    """Quarter 3 opened 3 days ago; the yearly round opened before it, with a later deadline."""
    yearly = UpdateRound.objects.create(
        partnership=update_round.partnership,
        name="Yearly review 2026/27",
        opens_on=TODAY - datetime.timedelta(days=10),
        deadline=TODAY + datetime.timedelta(days=40),
    )
    yearly.plans.add(plan)
    client.force_login(business_unit)
    text = page_text(client.get(pack_url()))
    round_text = text.split("Update round", 1)[1].split("Case-review deadlines", 1)[0]
    assert "Quarter 3 2026/27 (open;" in round_text
    assert "Yearly review" not in round_text
    panel = rounds_panel(
        plan.partnership_id, plan_ids=None, group=None, today=TODAY, link_rounds=False
    )
    assert panel["current_round"].round == update_round


def test_an_item_owned_by_two_groups_is_overdue_under_both(
    client, business_unit, story, other_objective, group
):
    add_owner(other_objective, group)
    client.force_login(business_unit)
    text = page_text(client.get(pack_url()))
    overdue = text.split("Overdue by group", 1)[1].split("Update round", 1)[0]
    assert f"{group.name}: 2 overdue" in overdue
    assert "Effectiveness Sub-group: 1 overdue" in overdue
    assert overdue.count("Objective 1.2 ") == 2


def test_case_review_deadlines_passed_and_due_before_the_next_meeting(client, business_unit, story):
    client.force_login(business_unit)
    text = page_text(client.get(pack_url()))
    deadlines = text.split("Case-review deadlines", 1)[1].split("Review actions overdue", 1)[0]
    passed, due = deadlines.split("Due by the next meeting", 1)
    aware = story["passed"].la_aware_on
    assert f"NSCP-2026/27-07 Notify the Panel {day(add_working_days(aware, 5))}" in passed
    assert f"NSCP-2026/27-07 Rapid review {day(add_working_days(aware, 15))}" in passed
    assert "Child A Publication 24 December 2025" in passed
    due_on = add_working_days(story["due"].la_aware_on, 5)
    assert f"NSCP-2026/27-08 Notify the Panel {day(due_on)}" in due
    # Its rapid review is due after the next meeting, when that is only a few days away.
    short = page_text(client.get(pack_url(next_meeting=due_on)))
    assert "NSCP-2026/27-08 Notify the Panel" in short
    assert "NSCP-2026/27-08 Rapid review" not in short


def test_a_past_meetings_deadlines_count_a_step_done_after_it_as_still_to_do(
    client, business_unit, story
):
    """The Panel was told of NSCP-2026/27-07 3 days ago and its rapid review completed 2
    days ago: gone from today's pack, still passed in the pack of a meeting 7 days ago."""
    passed = story["passed"]
    passed.panel_notified_on = TODAY - datetime.timedelta(days=3)
    passed.save()
    RapidReview.objects.create(
        notification=passed, meeting_on=TODAY - datetime.timedelta(days=2),
        completed_on=TODAY - datetime.timedelta(days=2),
        decision=RapidReview.Decision.NO_FURTHER, rationale="Learning taken forward locally",
    )  # fmt: skip
    client.force_login(business_unit)
    today = page_text(client.get(pack_url()))
    assert "NSCP-2026/27-07" not in today.split("Case-review deadlines", 1)[1]
    meeting = TODAY - datetime.timedelta(days=7)
    text = page_text(client.get(pack_url(meeting=meeting)))
    deadlines = text.split("Case-review deadlines", 1)[1].split("Due by the next meeting", 1)[0]
    aware = passed.la_aware_on
    assert f"NSCP-2026/27-07 Notify the Panel {day(add_working_days(aware, 5))}" in deadlines
    assert f"A step done after {day(meeting)} is shown as still to do on that day." in text


def test_a_cspr_closed_without_being_published_runs_no_publication_clock_in_the_pack(
    client, business_unit, story, review
):
    """As on the dashboard (reviews.clocks.publication_clock_q): the partners decided not
    to publish Child A, so its passed publication deadline is not listed."""
    review.stage = Review.Stage.CLOSED
    review.save()
    client.force_login(business_unit)
    text = page_text(client.get(pack_url()))
    deadlines = text.split("Case-review deadlines", 1)[1].split("Review actions overdue", 1)[0]
    assert "NSCP-2026/27-07 Notify the Panel" in deadlines
    assert "Child A Publication" not in deadlines


def test_a_cspr_closed_unpublished_after_a_past_meeting_was_still_to_publish_at_it(
    client, business_unit, story, review
):
    """Closed 3 days ago without being published: its clock still ran at a meeting 7 days
    ago, as its history says (the stage read as it stood, not as it is now)."""
    review.stage = Review.Stage.CLOSED
    review.save()
    Review.history.filter(id=review.pk).update(history_date=ago(100))
    dated_latest(review, 3)
    client.force_login(business_unit)
    assert "Child A Publication" not in page_text(client.get(pack_url()))
    past = page_text(client.get(pack_url(meeting=TODAY - datetime.timedelta(days=7))))
    assert "Child A Publication 24 December 2025" in past


def test_a_cspr_published_after_a_past_meeting_was_still_to_publish_at_it(
    client, business_unit, story, review
):
    """Published (and closed) 3 days ago: still to publish at a meeting 7 days ago."""
    review.published_on = TODAY - datetime.timedelta(days=3)
    review.stage = Review.Stage.CLOSED
    review.save()
    client.force_login(business_unit)
    assert "Child A Publication" not in page_text(client.get(pack_url()))
    past = page_text(client.get(pack_url(meeting=TODAY - datetime.timedelta(days=7))))
    assert "Child A Publication 24 December 2025" in past


def test_review_actions_overdue_by_agency_and_their_moves_for_case_readers(
    client, business_unit, story
):
    client.force_login(business_unit)
    text = page_text(client.get(pack_url()))
    assert "Northdale Police 1 1 March 2026" in text.split("Review actions overdue by agency")[1]
    assert "Not started Red" in text.split("Review actions whose RAG status moved")[1]
    assert "Officers not yet briefed" in text


def test_a_partner_without_case_access_gets_the_pack_without_any_case_review_text(
    client, partner, story
):
    client.force_login(partner)
    page = client.get(pack_url())
    pdf = client.get(pack_url("board_pack_pdf"))
    assert page.status_code == pdf.status_code == 200
    texts = [page_text(page), pdf_text(pdf.content), page_text(client.get(reverse("board_pack")))]
    for text in texts:
        for case_text in CASE_TEXTS:
            assert case_text not in text
    assert "Northdale Police 1 1 March 2026" in texts[0]  # counted, no case text
    assert "Change our terminology" in texts[1]


def test_the_pdf_has_every_section_of_the_page(client, executive, story):
    client.force_login(executive)
    response = client.get(pack_url("board_pack_pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert f"nscp-board-pack-{TODAY:%Y-%m-%d}.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content)
    for words in (
        f"Board pack: meeting of {day(TODAY)}",
        f"RAG status moved since {day(SINCE)}",
        "Change our terminology",
        "Words agreed later than planned",
        "Effectiveness Sub-group: 1 overdue",
        "1 of 4 items updated (25%)",
        "NSCP-2026/27-07",
        "Northdale Police",
        "Northdale Safeguarding Children Partnership – board pack",  # the footer
    ):
        assert words in text, words


def test_each_section_says_when_it_is_empty(client, business_unit, plan):
    client.force_login(business_unit)
    text = page_text(client.get(pack_url()))
    for words in (
        f"No objective or action changed RAG status since {day(SINCE)}.",
        f"No review action changed RAG status since {day(SINCE)}.",
        f"No objective or action became Red or Amber since {day(SINCE)}.",
        f"No objective or action of the live plans is overdue on {day(TODAY)}.",
        f"No update round had opened by {day(TODAY)}.",
        "No case-review deadline has passed with its step not done.",
        "No case-review deadline falls due by",
        f"No review action is overdue on {day(TODAY)}.",
    ):
        assert words in text, words


def test_a_pack_for_a_past_meeting_shows_the_records_as_they_stood_then(
    client, business_unit, story
):
    """At a meeting 7 days ago 1.1 had gone Red (10 days ago), action a) had not yet gone
    Amber (5 days ago)."""
    client.force_login(business_unit)
    meeting = TODAY - datetime.timedelta(days=7)
    text = page_text(client.get(pack_url(meeting=meeting)))
    assert "Change our terminology Amber Some slippage Red" in text
    assert "Words agreed later than planned" not in text
    assert "Agree the new words Not started Amber" not in text


def test_a_pack_for_a_past_meeting_has_the_plans_live_then(client, business_unit, story, plan):
    """The plan, closed since, was on that meeting's table; a plan published since was not."""
    later = Plan.objects.create(
        partnership=plan.partnership,
        title="Northdale Business Plan 2027/2029",
        period="2027/2029",
        starts_on=datetime.date(2027, 4, 1),
        ends_on=datetime.date(2029, 3, 31),
        status=Plan.Status.LIVE,
    )
    plan.status = Plan.Status.CLOSED
    plan.save()
    client.force_login(business_unit)
    meeting = TODAY - datetime.timedelta(days=7)
    past = client.get(pack_url(meeting=meeting))
    assert [p.title for p in past.context["pack"].plans] == [plan.title]
    assert f"Live plans {plan.title} " in page_text(past)
    assert "Change our terminology Amber Some slippage Red" in page_text(past)
    now = client.get(pack_url())
    assert [p.title for p in now.context["pack"].plans] == [later.title]


def test_a_long_word_and_link_keep_the_pdfs_item_rag_and_who_on_the_page(
    client, business_unit, story, action, lead
):
    """Action a) is newly Red with a 600-character word as its progress, and a long link in
    what it is, which its rows of the moves show too, with who moved it: each line of the
    PDF ends on the page, and each row's other columns are on the page of its long text."""
    action.description = f"Agree the new words {LONG_URL}"
    action.save()
    update(action, lead, "red", LONG_WORD)
    client.force_login(business_unit)
    pdf = client.get(pack_url("board_pack_pdf")).content
    assert_on_the_page(pdf, "Action 1.1 a)", "Northdale Business Plan 2025/2027", "Red")
    url = "".join(LONG_URL.split())
    moved = [page for page in page_texts(pdf) if url in page and LONG_WORD not in page]
    assert moved and all("Action1.1a)" in page and "LenaLead" in page for page in moved)


def test_a_web_address_in_progress_is_a_link_on_the_page_and_in_the_pdf(
    client, business_unit, story, action, lead
):
    """As in the plan's PDF (plans/plan_print.html): the address only, the rest as text."""
    update(action, lead, "red", f"<b>Minutes</b> at {LONG_URL}")
    client.force_login(business_unit)
    html = client.get(pack_url()).content.decode()
    newly = html.split('id="newly"', 1)[1].split('id="overdue"', 1)[0]
    assert f'<a class="govuk-link" href="{LONG_URL}" rel="nofollow">' in newly
    assert "&lt;b&gt;Minutes&lt;/b&gt;" in newly
    assert link_targets(client.get(pack_url("board_pack_pdf")).content) == {LONG_URL}


def test_the_form_defaults_to_today_and_the_previous_meeting(client, business_unit, partnership):
    client.force_login(business_unit)
    response = client.get(reverse("board_pack"))
    html = response.content.decode()
    assert f'name="meeting_on_day" value="{TODAY.day}"' in html
    three_months = TODAY - boardpack.DEFAULT_SINCE
    assert f'name="since_year" value="{three_months.year}"' in html
    assert "No board pack has been prepared yet." in page_text(response)
    previous = TODAY - datetime.timedelta(days=40)
    BoardPack.objects.create(
        partnership=partnership,
        meeting_on=previous,
        since=previous - datetime.timedelta(days=50),
        next_meeting_on=TODAY,
        prepared_by=business_unit,
    )
    response = client.get(reverse("board_pack"))
    html = response.content.decode()
    assert f'name="since_day" value="{previous.day}"' in html
    assert f'name="since_month" value="{previous.month}"' in html
    text = page_text(response)
    assert (
        f"Leave it empty for the previous meeting a board pack was prepared for ({day(previous)})"
        in text
    )
    assert f"{day(previous)} {day(previous - datetime.timedelta(days=50))} {day(TODAY)}" in text
    assert "by Bea Business" in text


def test_the_business_unit_prepares_a_pack_and_the_next_runs_from_its_meeting(
    client, business_unit, partnership, plan
):
    client.force_login(business_unit)
    meeting = TODAY - datetime.timedelta(days=1)
    data = {"meeting_on_day": meeting.day, "meeting_on_month": meeting.month,
            "meeting_on_year": meeting.year}  # fmt: skip
    response = client.post(reverse("board_pack"), data)
    assert response.status_code == 302
    pack = BoardPack.objects.get()
    assert (pack.meeting_on, pack.since, pack.prepared_by) == (
        meeting,
        meeting - boardpack.DEFAULT_SINCE,
        business_unit,
    )
    assert pack.next_meeting_on == meeting + boardpack.DEFAULT_NEXT_MEETING
    assert response.url == pack_url(meeting=meeting, since=pack.since)
    assert client.get(response.url).status_code == 200
    assert boardpack.default_since(partnership.pk, TODAY) == meeting


def test_executive_members_see_a_pack_but_do_not_prepare_one(client, executive, plan):
    client.force_login(executive)
    html = client.get(reverse("board_pack")).content.decode()
    assert f'method="get" action="{reverse("board_pack_page")}"' in html
    response = client.post(reverse("board_pack"), {})
    assert response.status_code == 403
    assert NOT_A_PREPARER in unescape(response.content.decode())
    assert not BoardPack.objects.exists()


def test_the_business_unit_removes_a_mistyped_pack_after_confirming(
    client, business_unit, executive, partnership, plan
):
    mistyped = TODAY - datetime.timedelta(days=3)
    pack = BoardPack.objects.create(
        partnership=partnership, meeting_on=mistyped, since=mistyped - datetime.timedelta(days=9),
        next_meeting_on=TODAY, prepared_by=business_unit,
    )  # fmt: skip
    url = reverse("board_pack_remove", args=[pack.pk])
    client.force_login(executive)
    assert url not in client.get(reverse("board_pack")).content.decode()
    response = client.post(url)
    assert response.status_code == 403 and NOT_A_REMOVER in unescape(response.content.decode())
    client.force_login(business_unit)
    assert url in client.get(reverse("board_pack")).content.decode()
    assert boardpack.default_since(partnership.pk, TODAY) == mistyped
    confirm = page_text(client.get(url))
    assert f"Remove the board pack for the meeting of {day(mistyped)}" in confirm
    assert BoardPack.objects.filter(pk=pack.pk).exists()  # a GET removes nothing
    response = client.post(url)
    assert response.status_code == 302 and response.url == reverse("board_pack")
    assert not BoardPack.objects.exists()
    assert pack.history.latest().history_user == business_unit
    text = page_text(client.get(reverse("board_pack")))
    assert PACK_REMOVED.format(day=day(mistyped)) in text
    assert "No board pack has been prepared yet." in text
    assert boardpack.default_since(partnership.pk, TODAY) == TODAY - boardpack.DEFAULT_SINCE


def _errors(response) -> list[str]:
    found = re.findall(r'<a href="#[^"]+">([^<]+)</a>', response.content.decode())
    return [unescape(error) for error in found]


@pytest.mark.parametrize(
    "meeting, since, next_meeting, message",
    [
        (TODAY, TODAY + datetime.timedelta(days=1), None, SINCE_NOT_BEFORE_MEETING),
        (TODAY + datetime.timedelta(days=9), TODAY + datetime.timedelta(days=2), None,
         SINCE_IN_THE_FUTURE),
        (TODAY, SINCE, TODAY, NEXT_MEETING_NOT_AFTER),
        (TODAY, datetime.date(1999, 12, 31), None, date_out_of_range("The date changes run from")),
        (datetime.date(2099, 1, 1), SINCE, datetime.date(2099, 2, 1),
         date_out_of_range("The meeting date")),
    ],
)  # fmt: skip
def test_the_forms_errors_name_the_field(
    client, business_unit, meeting, since, next_meeting, message
):
    client.force_login(business_unit)
    response = client.get(pack_url(meeting=meeting, since=since, next_meeting=next_meeting))
    assert response.status_code == 400
    assert message in _errors(response)
    query = pack_url(meeting=meeting, since=since, next_meeting=next_meeting).split("?")[1]
    response = client.post(reverse("board_pack"), dict(parse_qsl(query)))
    assert response.status_code == 400
    assert message in _errors(response)
    assert not BoardPack.objects.exists()


def test_a_date_that_is_not_real_is_refused(client, business_unit):
    client.force_login(business_unit)
    url = reverse("board_pack_page") + "?meeting_on_day=31&meeting_on_month=2&meeting_on_year=2026"
    response = client.get(url)
    assert response.status_code == 400
    assert "The meeting date must be a real date" in _errors(response)


def test_a_lead_safeguarding_partner_off_the_executive_group_reads_the_pack(
    client, partnership, story
):
    """A lead safeguarding partner recorded for the yearly report's sign-off, a "Lead or
    member" who sits on no executive group: offered the pack, reads it (without case
    records, which their role does not open), may not prepare one."""
    person = make_person("ida_icb", partnership)
    client.force_login(person)
    assert client.get(reverse("board_pack")).status_code == 403
    SafeguardingPartner.objects.create(
        partnership=partnership, kind=SafeguardingPartner.Kind.HEALTH, person=person
    )
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("board_pack")}"' in home
    page = client.get(pack_url())
    pdf = client.get(pack_url("board_pack_pdf"))
    assert page.status_code == pdf.status_code == 200
    assert "Change our terminology" in page_text(page) and "NSCP-2026/27-07" not in page_text(page)
    assert client.post(reverse("board_pack"), {}).status_code == 403


def test_a_lead_who_is_not_on_the_executive_group_is_refused(client, lead, reviewer):
    for person in (lead, reviewer):
        client.force_login(person)
        for name in ("board_pack", "board_pack_page", "board_pack_pdf"):
            response = client.get(reverse(name))
            assert response.status_code == 403
            assert NOT_A_READER in unescape(response.content.decode())


# --- the command ---------------------------------------------------------------------------


def test_the_command_writes_the_pack_as_the_business_unit_sees_it(story, tmp_path):
    output = tmp_path / "pack.pdf"
    call_command(
        "board_pack_pdf", "--partnership", "northdale", "--since", f"{SINCE:%Y-%m-%d}",
        "--output", str(output), stdout=io.StringIO(),
    )  # fmt: skip
    text = pdf_text(output.read_bytes())
    assert f"Board pack: meeting of {day(TODAY)}" in text
    assert "Change our terminology" in text and "Words agreed later than planned" in text
    assert "NSCP-2026/27-07" in text and "Officers not yet briefed" in text
    call_command(
        "board_pack_pdf", "--partnership", "northdale", "--since", f"{SINCE:%Y-%m-%d}",
        "--output", str(output), "--without-case-reviews", stdout=io.StringIO(),
    )  # fmt: skip
    text = pdf_text(output.read_bytes())
    assert "Change our terminology" in text
    for case_text in CASE_TEXTS:
        assert case_text not in text


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--partnership", "nowhere"], "--partnership: no partnership has the slug 'nowhere'"),
        (["--since", "2026-13-01"], "--since must be a date as YYYY-MM-DD, not '2026-13-01'"),
        (["--meeting", "soon"], "--meeting must be a date as YYYY-MM-DD, not 'soon'"),
        (["--since", "1999-01-01"], date_out_of_range("--since")),
        (["--meeting", f"{SINCE:%Y-%m-%d}"], "--since must be before the meeting date"),
        (["--next-meeting", f"{TODAY:%Y-%m-%d}"], "--next-meeting must be after the meeting date"),
    ],
)
def test_the_commands_errors_name_the_option(partnership, tmp_path, arguments, message):
    given = {"--partnership": "northdale", "--since": f"{SINCE:%Y-%m-%d}"}
    for option, value in zip(arguments[::2], arguments[1::2], strict=True):
        given[option] = value
    argv = [part for pair in given.items() for part in pair]
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("board_pack_pdf", *argv, "--output", str(tmp_path / "x.pdf"))


def test_the_command_says_when_it_cannot_write_the_output(partnership, tmp_path):
    output = tmp_path / "no such folder" / "pack.pdf"
    with pytest.raises(CommandError, match=re.escape(f"--output: cannot write {output}: ")):
        call_command(
            "board_pack_pdf", "--partnership", "northdale", "--since", f"{SINCE:%Y-%m-%d}",
            "--output", str(output),
        )  # fmt: skip


# --- queries ------------------------------------------------------------------------------


def _grow(partnership, plan, business_unit, lead, police, n: int):
    """`n` more plans of items with history, in the open round, owned by groups, agencies
    and overdue review actions, notifications with and without their rapid review."""
    from kscp.rounds.models import UpdateRound
    from reviews.models import LearningPoint

    open_round = UpdateRound.objects.get(partnership=partnership)

    point = LearningPoint.objects.filter(review__partnership=partnership).first()
    for i in range(n):
        extra = Plan.objects.create(
            partnership=partnership, title=f"Plan {i}", period="2025/2027",
            starts_on=plan.starts_on, ends_on=plan.ends_on, status=Plan.Status.LIVE,
            key_red="Red", key_amber="Amber", key_green="Green",
        )  # fmt: skip
        priority = Priority.objects.create(plan=extra, number=1, title="Priority")
        group = Group.objects.create(partnership=partnership, name=f"Group {i}")
        for j in range(3):
            objective = Objective.objects.create(
                plan=extra, priority=priority, number=f"1.{j}", action="Something",
                due_on=datetime.date(2026, 1, 1),
            )  # fmt: skip
            add_owner(objective, group)
            action = Action.objects.create(
                objective=objective, label="a)", position=1, description="Step"
            )
            update(objective, lead, "amber", "Slipping")
            update(objective, lead, "red", "Slipped")
            update(action, lead, "amber", "Late")
        agency = Agency.objects.create(
            partnership=partnership, name=f"Agency {i}", sector=Sector.HEALTH
        )
        action = ReviewAction.objects.create(
            learning_point=point, description="Act", owner_agency=agency,
            due_on=datetime.date(2026, 1, 1),
        )  # fmt: skip
        update(action, business_unit, "red", "Late")
        open_round.plans.add(extra)
        started = notify(partnership, f"NSCP-EXTRA-{i}", aware_days_ago=3)
        RapidReview.objects.create(notification=started, meeting_on=TODAY)
        notify(partnership, f"NSCP-WAITING-{i}", aware_days_ago=1)


def test_the_packs_queries_do_not_grow_with_plans_items_history_or_agencies(
    client, business_unit, story, partnership, plan, lead, police
):
    client.force_login(business_unit)
    url = pack_url()
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(partnership, plan, business_unit, lead, police, 5)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    text = page_text(response)
    assert "Plan 4" in text and "Group 4: 3 overdue" in text and "NSCP-WAITING-4" in text
    assert "Plan 4 6 6 100%" in text  # the round's figures of the plan, updated in it
    assert len(large) == len(small), [q["sql"] for q in large][:60]


def test_another_partnerships_business_unit_sees_only_its_own_pack(client, outsider, story):
    """Another partnership's business unit sees its own (empty) pack, nothing of ours."""
    client.force_login(outsider)
    text = page_text(client.get(pack_url()))
    assert "Southdale" in text
    assert "Change our terminology" not in text and "NSCP-2026/27-07" not in text
