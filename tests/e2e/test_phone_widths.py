"""Every list page on a phone, 320 and 390 px wide (and the lists beside their filters at
1024): nothing is wider than the screen, however long a word or link people type, each
row's Update or Change link is on the screen, and axe-core finds nothing. The records carry
a 600-character word and a long link wherever a list or a record page shows their text."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kscp.assurance import services as assurance_services
from kscp.core.services import tracked_item_update
from kscp.rounds.models import UpdateRound
from plans.models import Action, PlanVersion
from tests.e2e.conftest import assert_accessible
from tests.helpers import add_owner

pytestmark = pytest.mark.django_db(transaction=True)

LONG_WORD = ("Multiagencysafeguarding" * 27)[:600]
LONG_URL = "https://www.example.org/evidence/" + "/".join(
    f"section-{n}-of-the-multi-agency-audit" for n in range(1, 9)
)
WIDTHS = [320, 390]


def long(limit: int, words: str = "") -> str:
    """Some words, then as much of the long word as the field holds."""
    return (f"{words} {LONG_WORD}" if words else LONG_WORD)[:limit]


# What is wider than the viewport: the page's scroll width, and each element drawn past its
# right edge. Not drawn: an element without a box, and what is inside a visually hidden
# element (a pixel-wide box clipped to nothing, for screen readers only).
OVERFLOWS = """() => {
  const width = window.innerWidth;
  const hidden = [...document.body.querySelectorAll("*")].filter(
    element => getComputedStyle(element).clipPath === "inset(50%)");
  const wide = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (hidden.some(root => root !== element && root.contains(element))) continue;
    if (box.right > width + 1) {
      const name = [element.tagName.toLowerCase(), ...element.classList].join(".");
      const words = (element.innerText || "").slice(0, 40);
      wide.push(`${name} right ${Math.round(box.right)}: ${words}`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, wide: wide.slice(0, 8)};
}"""

# Each row's own link to change it, and where it is across the screen.
ROW_LINKS = """() => [...document.querySelectorAll("table a")]
  .filter(link => /^(Update|Change)\\b/.test(link.innerText.trim()))
  .map(link => { const box = link.getBoundingClientRect();
    return {text: link.innerText.trim(), left: box.left, right: box.right, width: box.width}; })"""


def assert_fits(page, url, width):
    found = page.evaluate(OVERFLOWS)
    assert found["scrollWidth"] <= found["width"], (url, width, found)
    assert not found["wide"], (url, width, found["wide"])
    for link in page.evaluate(ROW_LINKS):
        assert link["width"] > 0, (url, width, link)
        assert 0 <= link["left"] and link["right"] <= width + 1, (url, width, link)


def visit_at_widths(page, live_server, urls, widths=WIDTHS, *, row_links=()):
    """Each page at each width; `row_links`, the pages that must show an Update or Change
    link in a row."""
    for width in widths:
        page.set_viewport_size({"width": width, "height": 800})
        for url in urls:
            response = page.goto(f"{live_server.url}{url}")
            assert response.status == 200, url
            assert_fits(page, url, width)
            if url in row_links:
                assert page.evaluate(ROW_LINKS), (url, "no Update or Change link in a row")
        assert_accessible(page)  # once per width: axe takes a few seconds a page
    for url in urls:
        page.goto(f"{live_server.url}{url}")
        assert_accessible(page)


@pytest.fixture
def long_texts(
    partnership,
    agency,
    police,
    group,
    plan,
    priority,
    objective,
    other_objective,
    lead,
    business_unit,
    review_action,
    dissemination,
    attendance,
):
    """The small plan, case and course, with a long word and a long link in their texts."""
    agency.name = long(200, "Northdale")
    agency.save()
    group.name = long(200, "Learning")
    group.meeting_frequency = long(100)
    group.save()
    plan.title = long(300, "Northdale Business Plan")
    plan.glossary = long(600, f"MASH {LONG_URL}")
    plan.save()
    priority.title = long(500, "Lived experience")
    priority.save()
    objective.action = long(2_000, "Change our terminology")
    objective.outcome_measure = LONG_WORD
    objective.save()
    add_owner(objective, long(200, "Audit lead"))
    action = Action.objects.create(
        objective=objective, label="a)", position=1, description=long(2_000, "Agree the words")
    )
    add_owner(action, lead)
    for rag, progress in (("amber", f"{LONG_WORD} See {LONG_URL}"), ("red", LONG_URL)):
        objective.refresh_from_db()
        tracked_item_update(
            item=objective,
            user=lead,
            rag=rag,
            progress=progress,
            evidence=f"Audit report {LONG_URL}",
            version=objective.version,
        )
    tracked_item_update(
        item=action,
        user=lead,
        rag="green",
        progress=f"{LONG_WORD} {LONG_URL}",
        evidence=LONG_URL,
        version=action.version,
    )
    PlanVersion.objects.create(
        plan=plan,
        number=2,
        published_at=timezone.now(),
        published_by=business_unit,
        summary=f"{LONG_WORD} {LONG_URL}",
        changes=[],
    )
    point = review_action.learning_point
    point.text = long(2_000, "Agencies should share")
    point.save()
    review = point.review
    review.title = long(200, "Child A")
    review.save()
    notification = review.notification
    notification.summary = f"{LONG_WORD} {LONG_URL}"
    notification.save()
    review_action.description = long(2_000, "Brief every officer")
    review_action.progress = f"{LONG_WORD} {LONG_URL}"
    review_action.save()
    dissemination.audience = long(300, "Practitioners")
    dissemination.notes = f"{LONG_WORD} {LONG_URL}"
    dissemination.save()
    attendance.name = long(200, "Alex")
    attendance.job_title = long(200, "Social worker")
    attendance.save()
    session = attendance.session
    session.venue = long(300, "Town hall")
    session.trainers = long(300, "Trainer")
    session.save()
    course = session.course
    course.title = long(300, "Working together")
    course.save()
    today = timezone.localdate()
    update_round = UpdateRound.objects.create(
        partnership=partnership,
        name=long(200, "Quarter 3"),
        opens_on=today - datetime.timedelta(days=3),
        deadline=today + datetime.timedelta(days=20),
        meeting=long(200, "Executive group"),
    )
    update_round.plans.add(plan)
    report = assurance_services.report_create(
        partnership=partnership,
        user=business_unit,
        period_start=datetime.date(2025, 4, 1),
        title=long(300, "Northdale annual assurance statement"),
    )
    return {
        "plan": plan,
        "objective": objective,
        "action": action,
        "review_action": review_action,
        "review": review,
        "notification": notification,
        "session": session,
        "course": course,
        "round": update_round,
        "report": report,
    }


def test_every_list_page_fits_a_phone_with_long_words_and_links(
    sign_in, live_server, long_texts, business_unit, draft_action
):
    records = long_texts
    draft_action.description = long(2_000, "Write the strategy")
    draft_action.save()
    draft_objective = draft_action.objective
    draft_objective.action = f"{LONG_WORD} {LONG_URL}"
    draft_objective.save()
    pages = {
        "home": reverse("home"),
        "plan": reverse("plans:plan", args=[records["plan"].pk]),
        "plan_contents": reverse("plans:plan_contents", args=[draft_objective.plan_id]),
        "objective": reverse("plans:objective", args=[records["objective"].pk]),
        "objective_update": reverse("plans:objective_update", args=[records["objective"].pk]),
        "groups": reverse("groups"),
        "group": reverse("group", args=[records["objective"].owners.first().group_id]),
        "notifications": reverse("reviews:list"),
        "reviews": reverse("reviews:review_list"),
        "notification": reverse("reviews:notification", args=[records["notification"].pk]),
        "review": reverse("reviews:review", args=[records["review"].pk]),
        "actions": reverse("reviews:agency_actions"),
        "action": reverse("reviews:action", args=[records["review_action"].pk]),
        "catalogue": reverse("training:catalogue"),
        "course": reverse("training:course", args=[records["course"].pk]),
        "session": reverse("training:session", args=[records["session"].pk]),
        "attendance": reverse("training:agency_attendance"),
        "rounds": reverse("rounds:list"),
        "round": reverse("rounds:round", args=[records["round"].pk]),
        "reports": reverse("assurance:list"),
        "report": reverse("assurance:report", args=[records["report"].pk]),
        "checklist": reverse("assurance:checklist", args=[records["report"].pk]),
        "checklist_items": reverse("assurance:checklist_items"),
        "budget": reverse("assurance:budget", args=[records["report"].pk]),
        "dashboard": reverse("dashboard"),
        "review_statistics": reverse("reviews:statistics"),
        "training_statistics": reverse("training:statistics"),
        "board_pack": reverse("board_pack"),
        "board_pack_page": reverse("board_pack_page"),
    }
    page = sign_in(business_unit.username)
    row_links = {
        pages[name]
        for name in ("objective", "plan_contents", "review", "session", "checklist_items")
    }
    visit_at_widths(page, live_server, list(pages.values()), row_links=row_links)


def test_the_owners_lists_fit_a_phone_with_their_update_links(
    sign_in, live_server, long_texts, lead, agency_rep
):
    home = reverse("home")
    page = sign_in(lead.username)
    visit_at_widths(page, live_server, [home], row_links={home})
    page.context.clear_cookies()
    actions = reverse("reviews:agency_actions")
    page = sign_in(agency_rep.username)
    visit_at_widths(page, live_server, [home, actions], row_links={actions})


def test_the_lists_beside_their_filters_fit_a_desktop(
    sign_in, live_server, long_texts, business_unit
):
    records = long_texts
    urls = [
        reverse("reviews:list"),
        reverse("reviews:review_list"),
        reverse("reviews:agency_actions"),
        reverse("plans:plan", args=[records["plan"].pk]),
        reverse("training:catalogue"),
        reverse("training:agency_attendance"),
        # The preview of an A4 landscape document: on a desktop, not a phone.
        reverse("plans:plan_print", args=[records["plan"].pk]),
        reverse("assurance:report_print", args=[records["report"].pk]),
    ]
    page = sign_in(business_unit.username)
    visit_at_widths(page, live_server, urls, widths=[1024])


def test_a_table_shown_as_cards_is_still_a_table_to_a_screen_reader(
    sign_in, live_server, long_texts, lead
):
    page = sign_in(lead.username)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}{reverse('home')}")
    table = page.get_by_role("table").first
    tree = table.aria_snapshot()
    assert '- columnheader "Due"' in tree and '- columnheader "Status"' in tree
    due = long_texts["objective"].due_display
    # The cell's own words, without the heading drawn above them on the screen.
    assert f'- cell "{due}"' in tree
    assert f'- cell "Due {due}"' not in tree
    cell = table.get_by_role("cell", name=due, exact=True).first
    # Drawn above them with empty alternative text.
    drawn = cell.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert drawn == '"Due" / ""'
    assert cell.bounding_box()["width"] <= 320


def test_a_sort_link_of_a_table_shown_as_cards_shows_when_a_keyboard_reaches_it(
    sign_in, live_server, long_texts, business_unit
):
    page = sign_in(business_unit.username)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}{reverse('plans:plan', args=[long_texts['plan'].pk])}")
    head = page.locator("table thead:has(a)").first
    sort_link = head.locator("a").first
    assert head.bounding_box()["width"] <= 1  # out of sight: the filters sort the list
    sort_link.focus()
    assert head.bounding_box()["width"] > 1
    box = sort_link.bounding_box()
    assert box["width"] > 10 and 0 <= box["x"] and box["x"] + box["width"] <= 320
    assert_fits(page, "plan, a sort link focused", 320)


# Each table of the board pack as a phone draws it: its caption's width, its cells' display,
# the headings drawn above them, and the first cell of each row (the item, the card's heading)
# with its weight and where it is across the screen.
PACK_TABLES = """() => [...document.querySelectorAll("table.pack-table")].map(table => ({
  caption: table.caption ? table.caption.innerText.slice(0, 40) : "",
  captionWidth: table.caption ? table.caption.getBoundingClientRect().width : 0,
  cells: [...table.querySelectorAll("tbody td, tbody th")].map(
    cell => getComputedStyle(cell).display),
  labels: [...table.querySelectorAll("tbody [data-label]")].map(
    cell => getComputedStyle(cell, "::before").content),
  headings: [...table.querySelectorAll("tbody tr > :first-child")].map(cell => {
    const box = cell.getBoundingClientRect();
    return {weight: getComputedStyle(cell).fontWeight, left: box.left, right: box.right,
            width: box.width, label: cell.hasAttribute("data-label")};
  }),
}))"""


def test_the_board_packs_tables_are_cards_on_a_phone_and_tables_on_a_desktop(
    sign_in, live_server, long_texts, business_unit
):
    """Each row a card under its item, each other cell under its column's heading, at 320
    and 390 px: the moves, the newly Red or Amber, the overdue and the case-review deadlines
    among them."""
    page = sign_in(business_unit.username)
    url = reverse("board_pack_page")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{live_server.url}{url}")
        assert_fits(page, url, width)
        tables = page.evaluate(PACK_TABLES)
        captions = " ".join(table["caption"] for table in tables)
        for words in ("of the live plans", "newly Red", "Sub-group: 1 overdue", "Statutory"):
            assert words in captions, (words, captions)
        for table in tables:
            assert set(table["cells"]) == {"block"}, (width, table)
            assert table["captionWidth"] > width / 2, (width, table)  # not a letter wide
            assert table["labels"] and all(label.endswith(' / ""') for label in table["labels"])
            for heading in table["headings"]:
                assert not heading["label"] and int(heading["weight"]) >= 700, (width, table)
                assert heading["width"] > 0 and 0 <= heading["left"] <= heading["right"] <= width
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}{url}")
    for table in page.evaluate(PACK_TABLES):
        assert set(table["cells"]) <= {"table-cell"}, table


def test_the_import_previews_fit_a_phone_with_long_words_and_links(
    sign_in, live_server, business_unit, draft_plan, session, attendance, elearning_course
):
    """The rows of an uploaded file, as the previews show them before anything is saved:
    the plan's objectives, a booking system's attendees and an e-learning platform's
    completions, with a long word and link where they are text."""
    from plans.imports import services as plan_imports
    from tests.plans.plan_files import sheet_cells, xlsx_upload
    from tests.plans.test_plan_import_pages import objective_row
    from tests.training.files.uploads import BOOKING_HEADER, booking_csv, elearning_csv
    from training.services.imports import attendance_import_check, elearning_import_check

    objective = objective_row("1.1", text=f"{LONG_WORD} {LONG_URL}", owners="")
    plan_file = plan_imports.plan_import_upload(
        plan=draft_plan,
        user=business_unit,
        upload=xlsx_upload(sheet_cells([objective])),
        keep_text=True,
    )
    assert plan_file.checked, "the plan's file was not checked"
    job = long(100, "Safeguarding lead")
    assert BOOKING_HEADER[2] == "Job title"
    bookings = attendance_import_check(
        session=session,
        user=business_unit,
        upload=booking_csv(
            ["Di Example", "di.example@example.org", job, "Northdale Council", "Attended"]
        ),
    )
    completions = elearning_import_check(
        partnership=session.course.partnership,
        user=business_unit,
        upload=elearning_csv(),
        platform=long(100, "Northdale Learning Zone"),
    )
    urls = [
        reverse("plans:plan_import_preview", args=[plan_file.pk]),
        reverse("training:import_preview", args=[bookings.pk]),
        reverse("training:import_preview", args=[completions.pk]),
    ]
    page = sign_in(business_unit.username)
    visit_at_widths(page, live_server, urls)
    page.goto(f"{live_server.url}{urls[0]}")
    assert LONG_WORD[:40] in page.content()
