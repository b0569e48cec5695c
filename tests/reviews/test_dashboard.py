"""The dashboard's case-review panels (reviews/dashboard.py): the year's notifications and
local CSPRs against their statutory clocks, counted on time, late, open and overdue across
weekends and bank holidays, each number opening the list of exactly the records it counts,
for those who see case records only; and the open review actions by agency and RAG status,
as the review actions list shows them to the person."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kscp.core.models import Agency, Sector
from reviews import clocks
from reviews.clocks import ClockState
from reviews.dashboard import (
    LISTED,
    NO_AGENCY,
    YOUR_ACTIONS,
    case_reviews_panel,
    review_actions_panel,
)
from reviews.filters import PANEL_CLOCK_INVALID
from reviews.models import Notification, RapidReview, ReferralReason, Review, ReviewAction
from tests.helpers import make_person

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2025, 12, 17)  # a Wednesday of the financial year 2025-26
YEAR = 2025
HEADING = "Case reviews against statutory timescales"
DECIDED = {"decision": RapidReview.Decision.NO_FURTHER, "rationale": "Single-agency learning"}


@pytest.fixture(autouse=True)
def today(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return TODAY


def notify(partnership, reference, aware, notified=None, rapid=None, required=True):
    """A notification; `rapid`: the fields of its rapid review, if one is recorded."""
    notification = Notification.objects.create(
        partnership=partnership,
        reference=reference,
        incident_on=aware,
        la_aware_on=aware,
        panel_notified_on=notified,
        panel_notification_required=required,
        nature=Notification.Nature.SERIOUS_HARM,
        referral_reason=ReferralReason.objects.get(partnership=partnership, name="Neglect"),
        age_band=Notification.AgeBand.UNDER_1,
    )
    if rapid is not None:
        RapidReview.objects.create(notification=notification, **rapid)
    return notification


def cspr(partnership, title, decided, *, published=None, stage=Review.Stage.IN_PROGRESS):
    return Review.objects.create(
        partnership=partnership,
        kind=Review.Kind.CSPR,
        title=title,
        stage=stage,
        decided_on=decided,
        published_on=published,
    )


@pytest.fixture
def timescale_records(partnership, other_partnership):
    """The year's notifications and CSPRs, each clock in a known state at TODAY. The August
    bank holiday (Monday 25 August 2025) is not a working day: aware on Thursday 21 August,
    the Panel is due on Friday 29 August; notified on Monday 18 August, the rapid review is
    due on Tuesday 9 September."""
    rows = [
        # Panel on time on the fifth working day; rapid review on its fifteenth (19 Sep).
        ("BANK-HOLIDAY", D(2025, 8, 21), D(2025, 8, 29), {"completed_on": D(2025, 9, 19)}),
        # Panel a working day late; the rapid review (due 22 Sep) a day late.
        ("LATE", D(2025, 8, 21), D(2025, 9, 1), {"completed_on": D(2025, 9, 23)}),
        # Rapid review done on the day the bank holiday pushed its deadline to.
        ("RAPID-BANK-HOLIDAY", D(2025, 8, 18), D(2025, 8, 18), {"completed_on": D(2025, 9, 9)}),
        # Aware yesterday: the Panel and the rapid review are both still to come.
        ("PANEL-OPEN", D(2025, 12, 16), None, None),
        # The Panel was due on 8 December; the rapid review not until 22 December.
        ("PANEL-OVERDUE", D(2025, 12, 1), None, None),
        # A rapid review recorded, due 24 November, not completed.
        ("RAPID-OVERDUE", D(2025, 11, 3), D(2025, 11, 3), {}),
        # No rapid review recorded, and it was due on 23 October.
        ("NOT-RECORDED-OVERDUE", D(2025, 10, 1), D(2025, 10, 2), None),
        # A rapid review under way, due in January.
        ("RAPID-OPEN", D(2025, 12, 15), D(2025, 12, 15), {}),
    ]
    for reference, aware, notified, rapid in rows:
        if rapid and "completed_on" in rapid:
            rapid = {**rapid, **DECIDED}
        notify(partnership, reference, aware, notified, rapid)
    notify(partnership, "LOCAL-ONLY", D(2025, 11, 1), required=False)  # no statutory clock
    notify(partnership, "LAST-YEAR", D(2025, 3, 3))  # the year before, overdue
    notify(other_partnership, "ELSEWHERE", D(2025, 12, 1))
    cspr(partnership, "Child P", D(2025, 5, 1), published=D(2025, 10, 1), stage="published")
    cspr(partnership, "Child L", D(2025, 4, 1), published=D(2025, 10, 15), stage="published")
    cspr(partnership, "Child O", D(2025, 9, 1))  # due 1 March 2026
    cspr(partnership, "Child D", D(2025, 4, 10), stage=Review.Stage.DRAFT)  # due 10 October
    cspr(partnership, "Child E", D(2025, 2, 1), stage=Review.Stage.SCOPING)  # the year before
    Review.objects.create(
        partnership=partnership,
        kind=Review.Kind.LOCAL,
        title="Child X",
        decided_on=D(2025, 6, 1),
    )
    cspr(other_partnership, "Child Z", D(2025, 9, 1))


def figures(panel) -> dict[str, dict[str, int]]:
    return {
        t.label.split(" ")[0]: {state: figure.number for state, figure in t.figures}
        for t in panel.timescales
    }


def in_states(on_time, late, open_, overdue):
    labels = [state.label for state in ClockState]
    return dict(zip(labels, (on_time, late, open_, overdue), strict=True))


def test_the_years_clocks_are_counted_across_weekends_and_bank_holidays(
    business_unit, timescale_records
):
    panel = case_reviews_panel(business_unit, YEAR, TODAY)
    assert panel.notifications.number == 9  # the year's, of the partnership, with LOCAL-ONLY
    assert figures(panel) == {
        "Panel": in_states(5, 1, 1, 1),
        "Rapid": in_states(2, 1, 3, 2),
        "Local": in_states(1, 1, 1, 1),
    }
    assert [r.title for r in panel.in_progress] == ["Child E", "Child D", "Child O"]
    assert panel.in_progress_count.number == 3
    assert [r.publication.is_overdue for r in panel.in_progress] == [True, True, False]


def test_the_year_before_has_its_own_figures(business_unit, timescale_records):
    panel = case_reviews_panel(business_unit, YEAR - 1, TODAY)
    assert panel.notifications.number == 1
    assert figures(panel)["Rapid"] == in_states(0, 0, 0, 1)
    assert figures(panel)["Local"] == in_states(0, 0, 0, 1)  # Child E
    assert panel.in_progress_count.number == 3  # in progress whatever their year


def listed(client, link) -> tuple[int, set[str]]:
    """The number of records the list at `link` says match, and those of its first page."""
    response = client.get(link.split("#")[0])
    assert response.status_code == 200
    assert not response.context["filter"].form.errors
    rows = response.context["rows"]
    names = {getattr(row, "reference", None) or getattr(row, "title", None) for row in rows}
    return response.context["page"].paginator.count, names


def test_every_number_opens_the_list_of_exactly_the_records_it_counts(
    client, business_unit, timescale_records
):
    client.force_login(business_unit)
    panel = client.get(reverse("dashboard")).context["case_reviews"]
    links = [panel.notifications, panel.in_progress_count]
    links += [figure for t in panel.timescales for _, figure in t.figures]
    followed = 0
    for figure in links:
        if not figure.number:
            assert figure.link == ""
            continue
        count, _ = listed(client, figure.link)
        assert count == figure.number, figure.link
        followed += 1
    assert followed == 14
    late_panel = panel.timescales[0].figures[1][1]
    assert listed(client, late_panel.link) == (1, {"LATE"})
    overdue_rapid = panel.timescales[1].figures[3][1]
    assert listed(client, overdue_rapid.link) == (2, {"RAPID-OVERDUE", "NOT-RECORDED-OVERDUE"})
    assert listed(client, panel.in_progress_count.link) == (3, {"Child E", "Child D", "Child O"})


def test_the_clock_filters_agree_with_every_clock_shown(partnership, business_unit):
    """Over two months of notifications aware, notified and reviewed on every day, through
    a weekend, the clock filters select exactly the notifications whose clocks say so."""
    for n in range(60):
        aware = TODAY - datetime.timedelta(days=n)
        notified = aware + datetime.timedelta(days=n % 9) if n % 4 else None
        notified = notified if notified and notified <= TODAY else None
        rapid = None
        if n % 3 == 0:
            start = notified or aware
            done = start + datetime.timedelta(days=7 * (n % 5))
            rapid = {"completed_on": done, **DECIDED} if done <= TODAY and n % 2 else {}
        notify(partnership, f"N-{n}", aware, notified, rapid)
    shown = list(Notification.objects.select_related("rapid_review"))

    def state(clock):
        if not clock.required or clock.deadline is None:
            return None
        if clock.is_done:
            return ClockState.ON_TIME if clock.done_on <= clock.deadline else ClockState.LATE
        return ClockState.OVERDUE if clock.is_overdue else ClockState.OPEN

    for name, clock_q, clock_of in (
        ("panel", clocks.panel_clock_q, lambda n: n.panel_clock(TODAY)),
        ("rapid", clocks.rapid_review_clock_q, lambda n: n.rapid_review_clock(TODAY)),
    ):
        for wanted in ClockState:
            by_clock = {n.reference for n in shown if state(clock_of(n)) == wanted}
            in_db = set(
                Notification.objects.filter(clock_q(wanted, TODAY)).values_list(
                    "reference", flat=True
                )
            )
            assert in_db == by_clock, (name, wanted)
            assert by_clock, (name, wanted)  # the range reaches every state


def test_the_publication_filter_agrees_with_every_cspr_clock_and_a_closed_one_runs_none(
    partnership, business_unit
):
    """CSPRs of every stage, decided on days either side of six months before TODAY and
    published (when their stage allows) before and after their deadline: the filter selects
    exactly those whose clock says so; closed without being published, none."""
    made = []
    for n, stage in enumerate(Review.Stage):
        for days in (-200, -183, -150, -20):
            decided = TODAY + datetime.timedelta(days=days)
            published = None
            if stage in (Review.Stage.PUBLISHED, Review.Stage.CLOSED) and days % 2 == 0:
                published = decided + datetime.timedelta(days=190 if days == -200 else 10)
            if stage == Review.Stage.PUBLISHED and published is None:
                published = TODAY
            made.append(
                cspr(partnership, f"Child {n}{days}", decided, published=published, stage=stage)
            )
    closed_unpublished = {
        r.title for r in made if r.stage == Review.Stage.CLOSED and r.published_on is None
    }
    assert closed_unpublished
    for review in made:
        clock = review.publication_clock(TODAY)
        assert clock.required == (review.title not in closed_unpublished)

    def state(clock):
        if not clock.required:
            return None
        if clock.is_done:
            return ClockState.ON_TIME if clock.done_on <= clock.deadline else ClockState.LATE
        return ClockState.OVERDUE if clock.is_overdue else ClockState.OPEN

    for wanted in ClockState:
        by_clock = {r.title for r in made if state(r.publication_clock(TODAY)) == wanted}
        in_db = set(
            Review.objects.filter(clocks.publication_clock_q(wanted, TODAY)).values_list(
                "title", flat=True
            )
        )
        assert in_db == by_clock, wanted
        assert by_clock, wanted  # the range reaches every state
        assert not in_db & closed_unpublished


def test_a_cspr_closed_unpublished_says_its_publication_is_no_longer_counted(
    client, business_unit, partnership
):
    review = cspr(partnership, "Child C", D(2025, 4, 1), stage=Review.Stage.CLOSED)
    client.force_login(business_unit)
    content = client.get(reverse("reviews:review", args=[review.pk])).content.decode()
    assert "Closed without being published: the publication due by 1 October 2025" in content
    assert "Overdue" not in content


def test_a_clock_filter_value_not_offered_is_named_in_the_error(client, business_unit):
    client.force_login(business_unit)
    response = client.get(reverse("reviews:list"), {"panel_clock": "sometime"})
    assert response.context["filter"].form.errors["panel_clock"] == [PANEL_CLOCK_INVALID]


def test_only_those_who_see_case_records_get_the_case_review_panel(
    client, lead, reviewer, review_group, business_unit, executive, timescale_records
):
    for person in (business_unit, reviewer, executive):
        client.force_login(person)
        response = client.get(reverse("dashboard"))
        assert HEADING in response.content.decode(), person
    client.force_login(lead)
    response = client.get(reverse("dashboard"))
    assert response.context["case_reviews"] is None
    content = response.content.decode()
    assert HEADING not in content
    assert "Local CSPRs in progress" not in content
    assert "serious incident notification" not in content
    for url_name in ("reviews:list", "reviews:review_list", "reviews:statistics"):
        assert f'href="{reverse(url_name)}' not in content, url_name  # no link to a case list


def test_the_soonest_due_csprs_in_progress_are_listed_and_the_rest_a_link_away(
    client, business_unit, partnership
):
    for n in range(LISTED + 2):
        cspr(partnership, f"Child {n:02}", D(2025, 4, 1) + datetime.timedelta(days=n))
    cspr(partnership, "Child Published", D(2025, 4, 1), published=D(2025, 9, 1), stage="published")
    client.force_login(business_unit)
    response = client.get(reverse("dashboard"))
    panel = response.context["case_reviews"]
    assert [r.title for r in panel.in_progress] == [f"Child {n:02}" for n in range(LISTED)]
    assert panel.in_progress_count.number == LISTED + 2
    content = response.content.decode()
    assert f"All {LISTED + 2} local CSPRs in progress</a>" in content
    assert listed(client, panel.in_progress_count.link)[0] == LISTED + 2


def test_an_empty_year_says_what_there_is_none_of(client, business_unit):
    client.force_login(business_unit)
    content = client.get(reverse("dashboard")).content.decode()
    assert "No serious incident notification is recorded for 2025-26." in content
    assert "No Panel notification, rapid review or publication of a local CSPR" in content
    assert "No local CSPR is in progress." in content
    assert "No review action is open." in content


# --- review actions by agency ----------------------------------------------------------------


@pytest.fixture
def actions(partnership, learning_point, agency, police, group):
    """Open and complete actions of two agencies and of a group; a third agency's only
    action is complete. Overdue: due in a month that has ended (before December 2025)."""
    health = Agency.objects.create(
        partnership=partnership, name="Northdale Health", sector=Sector.HEALTH
    )

    def act(rag, due, *, agency=None, group=None):
        return ReviewAction.objects.create(
            learning_point=learning_point,
            description=f"An action {rag} due {due}",
            owner_agency=agency,
            owner_group=group,
            rag=rag,
            due_on=due,
        )

    act("red", D(2025, 11, 1), agency=police)  # overdue
    act("amber", D(2026, 3, 1), agency=police)
    act("complete", D(2025, 10, 1), agency=police)  # complete: neither open nor overdue
    act("not_started", D(2025, 9, 1), agency=agency)  # overdue
    act("not_started", D(2025, 12, 1), agency=agency)  # due this month: not yet overdue
    act("green", None, agency=agency)
    act("complete", D(2025, 5, 1), agency=health)
    act("amber", D(2025, 1, 1), group=group)  # overdue


def table(panel) -> dict[str, dict[str, int]]:
    return {
        row.name: {
            **{value: figure.number for value, _, figure in row.counts},
            "open": row.open.number,
            "overdue": row.overdue.number,
        }
        for row in panel.rows
    }


def counts(not_started=0, red=0, amber=0, green=0, overdue=0):
    return {
        "not_started": not_started,
        "red": red,
        "amber": amber,
        "green": green,
        "open": not_started + red + amber + green,
        "overdue": overdue,
    }


def test_open_review_actions_are_counted_by_agency_rag_and_overdue(business_unit, actions):
    panel = review_actions_panel(business_unit, TODAY)
    assert panel.everyone
    assert table(panel) == {
        "Northdale Council": counts(not_started=2, green=1, overdue=1),
        "Northdale Police": counts(red=1, amber=1, overdue=1),
        NO_AGENCY: counts(amber=1, overdue=1),
    }


def action_links(panel):
    for row in panel.rows:
        yield from (figure for _, _, figure in row.counts)
        yield row.open
        yield row.overdue


def test_each_action_number_opens_the_actions_it_counts(client, business_unit, actions):
    client.force_login(business_unit)
    panel = client.get(reverse("dashboard")).context["review_actions"]
    followed = 0
    for figure in action_links(panel):
        if figure.number:
            count, _ = listed(client, figure.link)
            assert count == figure.number, figure.link
            followed += 1
    assert followed == 11


def test_an_agencys_representative_sees_their_own_open_actions_as_their_list_does(
    client, agency_rep, actions
):
    client.force_login(agency_rep)
    response = client.get(reverse("dashboard"))
    panel = response.context["review_actions"]
    assert not panel.everyone
    assert table(panel) == {YOUR_ACTIONS: counts(red=1, amber=1, overdue=1)}
    assert response.context["case_reviews"] is None
    for figure in action_links(panel):
        if figure.number:
            assert listed(client, figure.link)[0] == figure.number
    content = response.content.decode()
    assert "Your review actions" in content and "Northdale Council" not in content


def test_a_lead_sees_their_agencys_and_groups_actions_and_a_member_owning_none_no_panel(
    client, lead, member, actions
):
    # Of Northdale Council, and chair of the group that owns the overdue amber action.
    client.force_login(lead)
    panel = client.get(reverse("dashboard")).context["review_actions"]
    assert table(panel) == {YOUR_ACTIONS: counts(not_started=2, amber=1, green=1, overdue=2)}
    for figure in action_links(panel):
        if figure.number:
            assert listed(client, figure.link)[0] == figure.number
    client.force_login(member)
    response = client.get(reverse("dashboard"))
    assert response.context["review_actions"] is None
    assert "review actions" not in response.content.decode().lower()


def test_an_owner_whose_actions_are_all_complete_is_told_so(client, partnership, actions):
    health = Agency.objects.get(name="Northdale Health")
    client.force_login(make_person("hal_health", partnership, agency=health))
    content = client.get(reverse("dashboard")).content.decode()
    assert "Neither your agency nor a group you lead has an open review action." in content


def test_the_no_agency_filter_lists_the_actions_owned_only_by_a_group(
    client, business_unit, actions
):
    client.force_login(business_unit)
    response = client.get(reverse("reviews:agency_actions"), {"agency": "null"})
    assert [a.owner_group_id is not None for a in response.context["rows"]] == [True]
    assert response.context["rows"][0].owner_agency_id is None
