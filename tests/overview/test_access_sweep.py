"""Every URL of the URLconf, opened (GET) and posted to (POST) by every persona, answers as
the policy says: anonymous visitors are sent to sign in, another partnership's people
(its business unit, executive member, scrutineer, practice reviewer and police
representative) get 404 for our records, never 403, read-only people get 403 on update
pages, and the others get the page; a refused POST changes no row of any table; every
response carries the security headers. Draft and closed plans are swept beside the live
one, and another partnership's ids in the query strings show nothing of it. The admin's
bulk actions, list edits and inlines: tests/overview/test_admin_sweep.py.

One test for each URL, its personas as subtests, each request in a transaction rolled
back after it: the records are made once for each URL, not once for each persona."""

import functools
import re
from contextlib import contextmanager

import pytest
from django.db import connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ANON, LEAD, OTHER_LEAD, MEMBER, EXECUTIVE, SCRUTINEER, BUSINESS_UNIT, OUTSIDER = (
    "anonymous",
    "lead",
    "other_lead",
    "member",
    "executive",
    "scrutineer",
    "business_unit",
    "outsider",
)
# A member of the practice review sub-group, and the police representative who owns the
# review action (neither leads anything in the plan).
REVIEWER, AGENCY_REP = "reviewer", "agency_rep"
# A member of the learning and development sub-group, who manages training.
TRAINER = "trainer"
PERSONAS = [
    ANON,
    LEAD,
    OTHER_LEAD,
    MEMBER,
    EXECUTIVE,
    SCRUTINEER,
    BUSINESS_UNIT,
    OUTSIDER,
    REVIEWER,
    AGENCY_REP,
    TRAINER,
]
# The other partnership's people: its business unit (the outsider), an executive member, its
# scrutineer, a member of its practice review sub-group and a representative of its police.
# A record of ours does not exist for them (404, never 403); a page without a record shows
# them their own partnership's, as it shows their counterpart here.
OTHER_EXECUTIVE, OTHER_SCRUTINEER, OTHER_REVIEWER, OTHER_AGENCY_REP = (
    "other_executive",
    "other_scrutineer",
    "other_reviewer",
    "other_agency_rep",
)
COUNTERPART = {
    OUTSIDER: BUSINESS_UNIT,
    OTHER_EXECUTIVE: EXECUTIVE,
    OTHER_SCRUTINEER: SCRUTINEER,
    OTHER_REVIEWER: REVIEWER,
    OTHER_AGENCY_REP: AGENCY_REP,
}
SWEPT = [*PERSONAS, OTHER_EXECUTIVE, OTHER_SCRUTINEER, OTHER_REVIEWER, OTHER_AGENCY_REP]

# For each named URL: the record its <pk> points at (None: no argument), and the status
# each signed-in persona gets. Anonymous visitors always get a redirect to sign in.
OK_FOR_ALL = dict.fromkeys(PERSONAS[1:], 200)
READ_IN_PARTNERSHIP = {**OK_FOR_ALL, OUTSIDER: 404}
# The lead leads the group that owns the objective, and leads the action.
OWNERS_AND_BUSINESS_UNIT = {
    LEAD: 200,
    OTHER_LEAD: 403,
    MEMBER: 403,
    EXECUTIVE: 403,
    SCRUTINEER: 403,
    BUSINESS_UNIT: 200,
    OUTSIDER: 404,
    REVIEWER: 403,
    AGENCY_REP: 403,
    TRAINER: 403,
}
# The plan's PDF and its print preview: the business unit, executive members and scrutineer.
REPORT_READERS = {
    LEAD: 403,
    OTHER_LEAD: 403,
    MEMBER: 403,
    EXECUTIVE: 200,
    SCRUTINEER: 200,
    BUSINESS_UNIT: 200,
    OUTSIDER: 404,
    REVIEWER: 403,
    AGENCY_REP: 403,
    TRAINER: 403,
}
# The case-review lists: the business unit, executive members, the scrutineer and the
# practice review sub-group; everyone else gets 404, as if there were no case records. (The
# outsider is the business unit of another partnership: they see their own, empty, lists.)
CASE_LISTS = {
    LEAD: 404,
    OTHER_LEAD: 404,
    MEMBER: 404,
    EXECUTIVE: 200,
    SCRUTINEER: 200,
    BUSINESS_UNIT: 200,
    OUTSIDER: 200,
    REVIEWER: 200,
    AGENCY_REP: 404,
    TRAINER: 404,
}
# A review action: those who see case records, and its owner (the police representative).
REVIEW_ACTION_READERS = {**CASE_LISTS, OUTSIDER: 404, AGENCY_REP: 200}
# Updating a review action: its owner and the business unit; the other readers 403.
REVIEW_ACTION_UPDATERS = {**REVIEW_ACTION_READERS, EXECUTIVE: 403, SCRUTINEER: 403, REVIEWER: 403}
# A case record (notification, rapid review, review, learning, dissemination): the business
# unit, executive members, the scrutineer and the practice review sub-group; others 404.
CASE_READERS = {**CASE_LISTS, OUTSIDER: 404}
# Recording or changing a case record: the business unit; the other readers 403.
CASE_WRITERS = {**CASE_READERS, EXECUTIVE: 403, SCRUTINEER: 403, REVIEWER: 403}
# Adding a record to one's own partnership: the outsider records cases of their own.
CASE_ADDERS = {**CASE_WRITERS, OUTSIDER: 200}
# Recording the rapid review of a notification that has one leads to changing it.
RAPID_REVIEW_ADDERS = {**CASE_WRITERS, BUSINESS_UNIT: 302}
# The notification already has its review, so the business unit is sent back to its page.
REVIEW_STARTERS = {**CASE_WRITERS, BUSINESS_UNIT: 302}
# Changing what a review action is: the business unit; its owner (who only updates its
# progress) and the other readers 403.
REVIEW_ACTION_WRITERS = {**REVIEW_ACTION_UPDATERS, AGENCY_REP: 403}
# Every agency's attendance (the workforce statistics): the business unit, the learning and
# development sub-group, executive members and the scrutineer; the rest of the partnership
# 403. (The outsider is the business unit of another partnership: they see their own, empty,
# statistics.)
ATTENDANCE_READERS = {
    LEAD: 403,
    OTHER_LEAD: 403,
    MEMBER: 403,
    EXECUTIVE: 200,
    SCRUTINEER: 200,
    BUSINESS_UNIT: 200,
    OUTSIDER: 200,
    REVIEWER: 403,
    AGENCY_REP: 403,
    TRAINER: 200,
}
# Managing training (courses, sessions, registers): the business unit and the learning and
# development sub-group; the rest of the partnership 403.
TRAINING_WRITERS = {
    **dict.fromkeys(PERSONAS[1:], 403),
    BUSINESS_UNIT: 200,
    TRAINER: 200,
    OUTSIDER: 404,
}
# Adding a course to one's own partnership: the outsider adds courses of their own.
TRAINING_ADDERS = {**TRAINING_WRITERS, OUTSIDER: 200}
# Importing a checked file (or discarding it) is a POST: opening its address goes back to
# the preview.
IMPORT_ACTIONS = {**TRAINING_WRITERS, BUSINESS_UNIT: 302, TRAINER: 302}
# A place on a session (the police officer's): those who read every agency's attendance and
# the police representative see it, and only the managers change it; it does not exist for
# the others (the lead works for the council).
ATTENDANCE_WRITERS = {
    **dict.fromkeys(PERSONAS[1:], 404),
    EXECUTIVE: 403,
    SCRUTINEER: 403,
    AGENCY_REP: 403,
    BUSINESS_UNIT: 200,
    TRAINER: 200,
}
# Writing a draft plan, and publishing or closing one: the business unit of the partnership.
PLAN_WRITERS = {**dict.fromkeys(PERSONAS[1:], 403), BUSINESS_UNIT: 200, OUTSIDER: 404}
# Creating a plan of one's own partnership: the outsider creates plans of their own.
PLAN_CREATORS = {**PLAN_WRITERS, OUTSIDER: 200}
# Moving a priority, objective or action is a POST: opening its address goes back to the
# draft's contents.
PLAN_MOVERS = {**PLAN_WRITERS, BUSINESS_UNIT: 302}
# Update rounds: the business unit runs them; executive members and the scrutineer read
# them; the rest of the partnership 403 (they see their own items on their home page).
ROUND_READERS = {
    **dict.fromkeys(PERSONAS[1:], 403),
    BUSINESS_UNIT: 200,
    EXECUTIVE: 200,
    SCRUTINEER: 200,
    OUTSIDER: 404,
}
ROUND_LISTS = {**ROUND_READERS, OUTSIDER: 200}
ROUND_RUNNERS = {**ROUND_READERS, EXECUTIVE: 403, SCRUTINEER: 403}
ROUND_OPENERS = {**ROUND_RUNNERS, OUTSIDER: 200}
# A draft yearly report: the business unit, executive members and the scrutineer read it
# (the lead safeguarding partners too: tests/assurance/test_access.py); to everyone else it
# does not exist.
DRAFT_READERS = {
    **dict.fromkeys(PERSONAS[1:], 404),
    EXECUTIVE: 200,
    SCRUTINEER: 200,
    BUSINESS_UNIT: 200,
}
# Changing a draft: the business unit; its other readers 403.
DRAFT_WRITERS = {**DRAFT_READERS, EXECUTIVE: 403, SCRUTINEER: 403}
# Starting a report for one's own partnership: the business unit (the outsider is one).
REPORT_STARTERS = {**dict.fromkeys(PERSONAS[1:], 403), BUSINESS_UNIT: 200, OUTSIDER: 200}
# An item of the contents checklist: the business unit's; to the other partnership, none.
CHECKLIST_KEEPERS = {**REPORT_STARTERS, OUTSIDER: 404}
EXPECTED = {
    "assurance:list": (None, OK_FOR_ALL),
    "assurance:report_add": (None, REPORT_STARTERS),
    "assurance:report": ("report", DRAFT_READERS),
    "assurance:report_print": ("report", DRAFT_READERS),
    "assurance:report_pdf": ("report", DRAFT_READERS),
    "assurance:report_docx": ("report", DRAFT_READERS),
    "assurance:checklist": ("report", DRAFT_READERS),
    "assurance:section_add": ("report", DRAFT_WRITERS),
    "assurance:section_edit": ("section", DRAFT_WRITERS),
    "assurance:section_move": ("section", dict.fromkeys(PERSONAS[1:], 405)),  # a POST
    "assurance:send": ("report", DRAFT_WRITERS),
    "assurance:publish": ("report", DRAFT_WRITERS),
    # No partner of the sweep's partnership signs: nobody may.
    "assurance:sign_off": (
        "report",
        {**DRAFT_READERS, **dict.fromkeys([EXECUTIVE, SCRUTINEER, BUSINESS_UNIT], 403)},
    ),
    "assurance:evaluation": ("report", {**DRAFT_WRITERS, SCRUTINEER: 200}),
    # Recording the sending of a report: once it is published.
    "assurance:sending": ("report", {**DRAFT_WRITERS, BUSINESS_UNIT: 403}),
    "assurance:comment_add": ("report", {**DRAFT_WRITERS, EXECUTIVE: 200}),
    "assurance:budget": ("report", DRAFT_READERS),
    "assurance:section_image_add": ("section", DRAFT_WRITERS),
    "assurance:section_image": ("section_image", DRAFT_READERS),
    "assurance:section_image_remove": ("section_image", DRAFT_WRITERS),
    "assurance:budget_line_add": ("report", DRAFT_WRITERS),
    "assurance:budget_line_edit": ("budget_line", DRAFT_WRITERS),
    "assurance:budget_line_remove": ("budget_line", DRAFT_WRITERS),
    # The partnership's contents checklist: the business unit keeps it.
    "assurance:checklist_items": (None, REPORT_STARTERS),
    "assurance:checklist_item_add": (None, REPORT_STARTERS),
    "assurance:checklist_item_edit": ("checklist_item", CHECKLIST_KEEPERS),
    "assurance:checklist_item_remove": ("checklist_item", CHECKLIST_KEEPERS),
    "assurance:section_covers": ("section", DRAFT_WRITERS),
    "home": (None, OK_FOR_ALL),
    "email_preferences": (None, OK_FOR_ALL),
    "rounds:list": (None, ROUND_LISTS),
    "rounds:round_open": (None, ROUND_OPENERS),
    "rounds:round": ("update_round", ROUND_READERS),
    "rounds:round_edit": ("update_round", ROUND_RUNNERS),
    "rounds:round_outstanding_export": ("update_round", ROUND_READERS),
    "rounds:round_remind": ("update_round", ROUND_RUNNERS),
    "rounds:round_close": ("update_round", ROUND_RUNNERS),
    "your_items_export": (None, OK_FOR_ALL),
    "plans:plan_export": ("plan", READ_IN_PARTNERSHIP),
    "plans:plan_print": ("plan", REPORT_READERS),
    "plans:plan_pdf": ("plan", REPORT_READERS),
    "groups": (None, OK_FOR_ALL),
    "dashboard": (None, OK_FOR_ALL),
    "group": ("group", READ_IN_PARTNERSHIP),
    "plans:plan": ("plan", READ_IN_PARTNERSHIP),
    "plans:objective": ("objective", READ_IN_PARTNERSHIP),
    "plans:objective_update": ("objective", OWNERS_AND_BUSINESS_UNIT),
    "plans:action_update": ("action", OWNERS_AND_BUSINESS_UNIT),
    "plans:plan_add": (None, PLAN_CREATORS),
    "plans:plan_edit": ("draft_plan", PLAN_WRITERS),
    "plans:plan_contents": ("draft_plan", PLAN_WRITERS),
    "plans:plan_publish": ("draft_plan", PLAN_WRITERS),
    "plans:plan_close": ("plan", PLAN_WRITERS),
    "plans:plan_new_version": ("plan", PLAN_WRITERS),
    "plans:plan_roll_forward": ("plan", PLAN_WRITERS),
    "plans:priority_add": ("draft_plan", PLAN_WRITERS),
    "plans:priority_edit": ("draft_priority", PLAN_WRITERS),
    "plans:priority_remove": ("draft_priority", PLAN_WRITERS),
    "plans:priority_move": ("draft_priority", PLAN_MOVERS),
    "plans:objective_add": ("draft_priority", PLAN_WRITERS),
    "plans:objective_edit": ("draft_objective", PLAN_WRITERS),
    "plans:objective_remove": ("draft_objective", PLAN_WRITERS),
    "plans:objective_move": ("draft_objective", PLAN_MOVERS),
    "plans:action_add": ("draft_objective", PLAN_WRITERS),
    "plans:action_edit": ("draft_action", PLAN_WRITERS),
    "plans:action_remove": ("draft_action", PLAN_WRITERS),
    "plans:action_move": ("draft_action", PLAN_MOVERS),
    "plans:plan_import": ("draft_plan", PLAN_WRITERS),
    "plans:plan_import_template": (None, PLAN_CREATORS),
    "plans:plan_import_columns": ("plan_import", PLAN_WRITERS),
    "plans:plan_import_preview": ("plan_import", PLAN_WRITERS),
    "plans:plan_import_confirm": ("plan_import", PLAN_MOVERS),
    "plans:plan_import_discard": ("plan_import", PLAN_MOVERS),
    "reviews:list": (None, CASE_LISTS),
    "reviews:review_list": (None, CASE_LISTS),
    "reviews:statistics": (None, CASE_LISTS),
    "reviews:statistics_csv": (None, CASE_LISTS),
    "reviews:agency_actions": (None, OK_FOR_ALL),
    "reviews:action": ("review_action", REVIEW_ACTION_READERS),
    "reviews:action_update": ("review_action", REVIEW_ACTION_UPDATERS),
    "reviews:notification_add": (None, CASE_ADDERS),
    "reviews:notification": ("notification", CASE_READERS),
    "reviews:notification_edit": ("notification", CASE_WRITERS),
    "reviews:rapid_review_add": ("notification", RAPID_REVIEW_ADDERS),
    "reviews:rapid_review_edit": ("rapid_review", CASE_WRITERS),
    "reviews:review_start": ("notification", REVIEW_STARTERS),
    "reviews:review_add": (None, CASE_ADDERS),
    "reviews:review": ("review", CASE_READERS),
    "reviews:review_edit": ("review", CASE_WRITERS),
    "reviews:learning_add": ("review", CASE_WRITERS),
    "reviews:learning_edit": ("learning_point", CASE_WRITERS),
    "reviews:action_add": ("learning_point", CASE_WRITERS),
    "reviews:action_edit": ("review_action", REVIEW_ACTION_WRITERS),
    "reviews:dissemination_add": ("review", CASE_WRITERS),
    "reviews:dissemination_edit": ("dissemination", CASE_WRITERS),
    "training:catalogue": (None, OK_FOR_ALL),
    "training:course": ("course", READ_IN_PARTNERSHIP),
    "training:course_add": (None, TRAINING_ADDERS),
    "training:course_edit": ("course", TRAINING_WRITERS),
    "training:session_add": ("course", TRAINING_WRITERS),
    "training:session": ("session", READ_IN_PARTNERSHIP),
    "training:session_edit": ("session", TRAINING_WRITERS),
    "training:session_cancel": ("scheduled_session", TRAINING_WRITERS),
    "training:attendance_add": ("session", TRAINING_WRITERS),
    "training:attendance_edit": ("attendance", ATTENDANCE_WRITERS),
    "training:agency_attendance": (None, OK_FOR_ALL),
    "training:statistics": (None, ATTENDANCE_READERS),
    "training:statistics_csv": (None, ATTENDANCE_READERS),
    "training:import_attendance": ("session", TRAINING_WRITERS),
    "training:import_elearning": (None, TRAINING_ADDERS),
    "training:import_preview": ("import_batch", TRAINING_WRITERS),
    "training:import_confirm": ("import_batch", IMPORT_ACTIONS),
    "training:import_discard": ("import_batch", IMPORT_ACTIONS),
}
# URL arguments besides the record's pk.
EXTRA_KWARGS = {
    "your_items_export": {"fmt": "csv"},
    "plans:plan_export": {"fmt": "xlsx"},
    "rounds:round_outstanding_export": {"fmt": "csv"},
    "reviews:statistics_csv": {"table": "numbers"},
    "training:statistics_csv": {"table": "sectors"},
}
# Not part of the sweep: the sign-in and password-reset pages themselves (open to anyone:
# tests/core/test_sign_in.py, tests/core/test_password_reset.py), and the admin, which has
# its own tests.
EXEMPT = {
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


def named_urls(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_urls(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_is_in_the_sweep():
    assert set(named_urls()) - EXEMPT == set(EXPECTED)


@pytest.fixture
def personas(
    lead,
    other_lead,
    member,
    executive,
    scrutineer,
    business_unit,
    outsider,
    group,
    other_group,
    reviewer,
    review_group,
    agency_rep,
    trainer,
    training_group,
    other_partnership_people,
):
    return {
        TRAINER: trainer,
        REVIEWER: reviewer,
        AGENCY_REP: agency_rep,
        LEAD: lead,
        OTHER_LEAD: other_lead,
        MEMBER: member,
        EXECUTIVE: executive,
        SCRUTINEER: scrutineer,
        BUSINESS_UNIT: business_unit,
        OUTSIDER: outsider,
        **other_partnership_people,
    }


@pytest.fixture
def other_partnership_people(other_partnership):
    """The other partnership's executive member, scrutineer, practice reviewer and police
    representative (its business unit is the outsider)."""
    from kscp.core.models import Agency, Group, Membership, Sector, User
    from tests.helpers import make_person

    police = Agency.objects.create(
        partnership=other_partnership,
        name="Southdale Police",
        sector=Sector.POLICE,
        is_statutory_partner=True,
    )
    reviewer = make_person("rhys_otherreviewer", other_partnership)
    review_group = Group.objects.create(
        partnership=other_partnership,
        name="Southdale Practice Review Sub-group",
        kind=Group.Kind.SUB_GROUP,
        reviews_cases=True,
    )
    Membership.objects.create(group=review_group, person=reviewer, role=Membership.Role.MEMBER)
    return {
        OTHER_EXECUTIVE: make_person(
            "ellis_otherexecutive", other_partnership, role=User.Role.EXECUTIVE
        ),
        OTHER_SCRUTINEER: make_person(
            "sian_otherscrutineer", other_partnership, role=User.Role.SCRUTINEER
        ),
        OTHER_REVIEWER: reviewer,
        OTHER_AGENCY_REP: make_person("pip_otherpolice", other_partnership, agency=police),
    }


@pytest.fixture
def scheduled_session(course):
    """A session still to run, which the managers may cancel."""
    import datetime

    from django.utils import timezone

    from training.models import Session

    return Session.objects.create(
        course=course,
        starts_at=timezone.now() + datetime.timedelta(days=30),
        capacity=12,
        venue="Dewsbury Town Hall",
    )


@pytest.fixture
def import_batch(session, attendance, business_unit):
    """A booking system's file checked and waiting to be imported."""
    from training.models import ImportBatch

    return ImportBatch.objects.create(
        partnership=session.course.partnership,
        kind=ImportBatch.Kind.ATTENDANCE,
        session=session,
        filename="booking.csv",
        uploaded_by=business_unit,
        rows=[
            {
                "row": 2,
                "name": "Ada Example",
                "email": "ada.example@example.org",
                "job_title": "Social worker",
                "agency": attendance.agency_id,
                "status": "attended",
            }
        ],
    )


@pytest.fixture
def plan_import(draft_plan, business_unit):
    """A plan's file checked and waiting to be imported into the draft."""
    from plans.models import PlanImport

    return PlanImport.objects.create(
        plan=draft_plan,
        filename="plan.xlsx",
        uploaded_by=business_unit,
        header=["Number", "Objective"],
        rows=[[2, ["1.1", "Audit neglect cases"]]],
        mapping={"number": 0, "text": 1},
        status=PlanImport.Status.CHECKED,
        checked={"priorities": [], "objectives": []},
    )


@pytest.fixture
def report(partnership, business_unit):
    """A draft yearly report."""
    import datetime

    from kscp.assurance import services

    return services.report_create(
        partnership=partnership,
        user=business_unit,
        period_start=datetime.date(2025, 4, 1),
        title="Northdale annual assurance statement 2025 to 2026",
    )


@pytest.fixture
def section_image(report, business_unit, settings, tmp_path):
    """An image of the report's foreword, stored in the test's own folder."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from kscp.assurance import services

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10)).save(buffer, "PNG")
    image, _ = services.section_image_add(
        section=report.sections.get(title="Foreword"),
        user=business_unit,
        upload=SimpleUploadedFile("a.png", buffer.getvalue()),
        alt_text="A blue rectangle",
    )
    return image


@pytest.fixture
def records(
    group,
    plan,
    objective,
    action,
    notification,
    rapid_review,
    review,
    learning_point,
    review_action,
    dissemination,
    course,
    session,
    attendance,
    scheduled_session,
    import_batch,
    plan_import,
    draft_plan,
    draft_priority,
    draft_objective,
    draft_action,
    update_round,
    report,
    section_image,
):
    return {
        "draft_plan": draft_plan,
        "draft_priority": draft_priority,
        "draft_objective": draft_objective,
        "draft_action": draft_action,
        "update_round": update_round,
        "report": report,
        "section": report.sections.get(title="Foreword"),
        "budget_line": report.budget_lines.create(kind="contribution", label="Council", amount=1),
        "section_image": section_image,
        "checklist_item": report.partnership.report_checklist.first(),
        "group": group,
        "plan": plan,
        "objective": objective,
        "action": action,
        "notification": notification,
        "rapid_review": rapid_review,
        "review": review,
        "learning_point": learning_point,
        "review_action": review_action,
        "dissemination": dissemination,
        "course": course,
        "session": session,
        "attendance": attendance,
        "scheduled_session": scheduled_session,
        "import_batch": import_batch,
        "plan_import": plan_import,
        "board_pack": board_pack_record(group.partnership),
    }


def expected_status(name: str, persona: str, table: dict = EXPECTED) -> int:
    """What `persona` gets from the URL `name`: the table's status, or for the other
    partnership's people 404 for a record of ours and their counterpart's status otherwise."""
    record_kind, statuses = table[name]
    if persona in statuses:
        return statuses[persona]
    if set(statuses.values()) == {405}:  # refused before any record is fetched
        return 405
    return 404 if record_kind else statuses[COUNTERPART[persona]]


def test_the_outsider_is_answered_as_the_other_partnerships_people_are():
    """The rule that gives the other partnership's people their statuses holds for the
    outsider, whom the table names."""
    for name, (record_kind, statuses) in EXPECTED.items():
        rule = {k: v for k, v in statuses.items() if k != OUTSIDER}
        assert expected_status(name, OUTSIDER, {name: (record_kind, rule)}) == statuses[OUTSIDER], (
            name
        )


# Where a POST is refused to people who may GET: a POST-only URL (which answers 405 to a
# GET), and a page people read whose POST writes (a session's register).
POST_EXPECTED = {
    "assurance:section_move": ("section", DRAFT_WRITERS),
    "training:session": ("session", TRAINING_WRITERS),
}
# --- The board pack (issue 12): the business unit, executive members and the scrutineer
# read it (and the lead safeguarding partners and whoever sits on the executive group:
# tests/overview/test_board_pack.py); the
# rest of the partnership 403; the other partnership's people see their own. Preparing one
# (a POST of its form) is the business unit's; its other readers 403.
BOARD_PACK_READERS = {**REPORT_READERS, OUTSIDER: 200}
EXPECTED.update(
    {
        "board_pack": (None, BOARD_PACK_READERS),
        "board_pack_page": (None, BOARD_PACK_READERS),
        "board_pack_pdf": (None, BOARD_PACK_READERS),
    }
)
POST_EXPECTED["board_pack"] = (None, {**BOARD_PACK_READERS, EXECUTIVE: 403, SCRUTINEER: 403})
# Removing a pack prepared for a meeting (its confirmation page and its POST): the business
# unit; its other readers 403 and the rest of the partnership 403 as for the pack.
EXPECTED["board_pack_remove"] = (
    "board_pack",
    {**BOARD_PACK_READERS, EXECUTIVE: 403, SCRUTINEER: 403, OUTSIDER: 404},
)


def board_pack_record(partnership):
    import datetime

    from kscp.rounds.models import BoardPack

    meeting = datetime.date(2026, 10, 1)
    return BoardPack.objects.create(
        partnership=partnership,
        meeting_on=meeting,
        since=meeting - datetime.timedelta(days=60),
        next_meeting_on=meeting + datetime.timedelta(days=60),
    )


# --- end of the board pack
POST_CASES = {(name, record_kind) for name, (record_kind, _) in POST_EXPECTED.items()}
# What executive members and the scrutineer may write (they change nothing else).
READ_ONLY_WRITES = {
    ("assurance:evaluation", SCRUTINEER),
    ("assurance:comment_add", EXECUTIVE),
}
# A POST carrying what the update and writing pages read, and a stale version.
POST_DATA = {"rag": "green", "progress": "Done", "evidence": "Minutes", "version": "1"}


@functools.cache
def our_tables() -> tuple[str, ...]:
    from django.apps import apps

    return tuple(
        model._meta.db_table
        for label in ("kscp", "plans", "reviews", "training", "rounds", "assurance")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    )


def every_row() -> dict[str, list[tuple]]:
    """Every row of every table of ours, history included (read with plain SQL: the sweep
    reads them twice for each POST)."""
    with connection.cursor() as cursor:
        rows = {}
        for table in our_tables():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")  # noqa: S608
            rows[table] = cursor.fetchall()
    return rows


@contextmanager
def rolled_back():
    """Whatever happens inside is undone, so that each persona meets the same records."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def assert_security_headers(response, *, signed_in: bool) -> None:
    """The headers every response carries (redirects, refusals, files and PDFs included)."""
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    directives = {
        part.split()[0]: part.split()[1:]
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    }
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    if response.get("Content-Type", "").startswith("text/html") and response.content:
        # Every script of the page carries the nonce the header names.
        nonces = {
            source[len("'nonce-") : -1]
            for source in directives["script-src"]
            if source.startswith("'nonce-")
        }
        scripts = re.findall(rb"<script\b[^>]*>", response.content)
        for tag in scripts:
            match = re.search(rb'nonce="([^"]+)"', tag)
            assert match and match.group(1).decode() in nonces, tag
    if signed_in:
        # Nothing a signed-in person is shown stays in a browser's cache after sign-out.
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= cache_control


# Draft and closed plans besides the live one: everyone of the partnership reads them; only
# the business unit updates their items (owners update a live plan's only) and only a draft
# is written, so the business unit may not write a closed plan.
BUSINESS_UNIT_UPDATES = {**OWNERS_AND_BUSINESS_UNIT, LEAD: 403}
NOT_WRITTEN = {**PLAN_WRITERS, BUSINESS_UNIT: 403}
EXTRA_CASES = {
    ("plans:plan", "draft_plan"): READ_IN_PARTNERSHIP,
    ("plans:plan", "closed_plan"): READ_IN_PARTNERSHIP,
    ("plans:objective", "draft_objective"): READ_IN_PARTNERSHIP,
    ("plans:objective", "closed_objective"): READ_IN_PARTNERSHIP,
    ("plans:objective_update", "draft_objective"): BUSINESS_UNIT_UPDATES,
    ("plans:objective_update", "closed_objective"): BUSINESS_UNIT_UPDATES,
    ("plans:action_update", "draft_action"): BUSINESS_UNIT_UPDATES,
    ("plans:action_update", "closed_action"): BUSINESS_UNIT_UPDATES,
    ("plans:plan_export", "closed_plan"): READ_IN_PARTNERSHIP,
    ("plans:plan_pdf", "closed_plan"): REPORT_READERS,
    ("plans:plan_pdf", "draft_plan"): REPORT_READERS,
    ("plans:plan_edit", "closed_plan"): NOT_WRITTEN,
    ("plans:plan_contents", "closed_plan"): NOT_WRITTEN,
    ("plans:plan_publish", "closed_plan"): NOT_WRITTEN,
    ("plans:priority_add", "closed_plan"): NOT_WRITTEN,
    ("plans:priority_edit", "closed_priority"): NOT_WRITTEN,
    ("plans:objective_add", "closed_priority"): NOT_WRITTEN,
    ("plans:objective_edit", "closed_objective"): NOT_WRITTEN,
    ("plans:objective_remove", "closed_objective"): NOT_WRITTEN,
    ("plans:action_edit", "closed_action"): NOT_WRITTEN,
    ("plans:action_remove", "closed_action"): NOT_WRITTEN,
    ("plans:priority_edit", "priority"): NOT_WRITTEN,  # a live plan is not written either
    ("plans:objective_edit", "objective"): NOT_WRITTEN,
}
CASES = [(name, EXPECTED[name][0]) for name in sorted(EXPECTED)] + sorted(EXTRA_CASES)


def case_id(case) -> str:
    name, record_kind = case
    return name if (name, record_kind) not in EXTRA_CASES else f"{name}@{record_kind}"


@pytest.fixture
def closed_records(partnership, group, lead):
    """A closed plan of the partnership, with a priority, an objective the lead's group owns
    and an action the lead leads."""
    import datetime

    from plans.models import Action, Objective, Plan, Priority
    from tests.helpers import add_owner

    plan = Plan.objects.create(
        partnership=partnership,
        title="Northdale Business Plan 2023/2025",
        period="2023/2025",
        starts_on=datetime.date(2023, 4, 1),
        ends_on=datetime.date(2025, 3, 31),
        status=Plan.Status.CLOSED,
    )
    priority = Priority.objects.create(plan=plan, number=1, title="Early help")
    objective = Objective.objects.create(
        plan=plan,
        priority=priority,
        number="1.1",
        action="Review the early help offer",
        due_on=datetime.date(2024, 9, 1),
    )
    add_owner(objective, group)
    action = Action.objects.create(
        objective=objective, label="a)", position=1, description="Ask families"
    )
    add_owner(action, lead)
    return {
        "closed_plan": plan,
        "closed_priority": priority,
        "closed_objective": objective,
        "closed_action": action,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_url_answers_each_persona_as_the_policy_says(
    client, personas, records, closed_records, priority, subtests, case
):
    """Every URL of the URLconf (test_every_url_is_in_the_sweep fails on one the sweep does
    not know), opened and posted to by every persona, each in a transaction rolled back after
    it: anonymous visitors are sent to sign in; the others get the table's status; a POST
    that is refused (403, 404 or 405) changes no row of any table, history included, and an
    executive member or the scrutineer changes nothing but what they may write."""
    name, record_kind = case
    records = {**records, **closed_records, "priority": priority}
    table = {name: (record_kind, EXTRA_CASES[case])} if case in EXTRA_CASES else EXPECTED
    post_table = POST_EXPECTED if (name, record_kind) in POST_CASES else table
    kwargs = {"pk": records[record_kind].pk} if record_kind else {}
    url = reverse(name, kwargs={**kwargs, **EXTRA_KWARGS.get(name, {})})
    for persona in SWEPT:
        signed_in = persona != ANON
        with subtests.test(persona=persona, method="GET"), rolled_back():
            client.logout()
            if signed_in:
                client.force_login(personas[persona])
            response = client.get(url)
            assert_security_headers(response, signed_in=signed_in)
            if signed_in:
                assert response.status_code == expected_status(name, persona, table)
            else:
                assert response.status_code == 302
                assert response.url.startswith(reverse("login"))
        with subtests.test(persona=persona, method="POST"), rolled_back():
            client.logout()
            if signed_in:
                client.force_login(personas[persona])
            before = every_row()
            response = client.post(url, POST_DATA)
            assert_security_headers(response, signed_in=signed_in)
            if not signed_in:
                assert response.status_code == 302
                assert response.url.startswith(reverse("login"))
            elif (allowed := expected_status(name, persona, post_table)) in (403, 404):
                assert response.status_code == allowed
            else:
                assert response.status_code not in (403, 404)
            refused = not signed_in or response.status_code in (403, 404, 405)
            read_only = persona in (EXECUTIVE, SCRUTINEER) and (name, persona) not in (
                READ_ONLY_WRITES
            )
            if refused or read_only:
                assert every_row() == before


@pytest.mark.django_db
@pytest.mark.parametrize("persona", [OTHER_LEAD, MEMBER, EXECUTIVE, SCRUTINEER, OUTSIDER])
def test_posting_an_update_without_the_right_changes_nothing(client, personas, objective, persona):
    history_before = objective.history.count()
    client.force_login(personas[persona])
    response = client.post(
        reverse("plans:objective_update", args=[objective.pk]),
        {"rag": "green", "progress": "Done", "evidence": "", "version": objective.version},
    )
    assert response.status_code in (403, 404)
    objective.refresh_from_db()
    assert objective.rag == "not_started"
    assert objective.history.count() == history_before


BUDGET_POSTS = [
    ("assurance:budget_line_add", "report", {"kind": "expenditure", "label": "X", "amount": "9"}),
    ("assurance:budget_line_edit", "budget_line", {"kind": "expenditure", "label": "X",
                                                   "amount": "9", "version": "1"}),
    ("assurance:budget_line_remove", "budget_line", {"version": "1"}),
    ("assurance:section_image_add", "section", {"alt_text": "An image"}),
    ("assurance:section_image_remove", "section_image", {}),
    ("assurance:section_covers", "section", {"version": "1"}),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("name, record_kind, data", BUDGET_POSTS)
@pytest.mark.parametrize("persona", [LEAD, OTHER_LEAD, MEMBER, EXECUTIVE, SCRUTINEER, OUTSIDER])
def test_posting_a_budget_change_without_the_right_changes_nothing(
    client, personas, records, name, record_kind, data, persona
):
    def report_rows():  # a sign-in records when its person was last seen: not a change
        return {k: rows for k, rows in every_row().items() if k.startswith("assurance.")}

    before = report_rows()
    client.force_login(personas[persona])
    response = client.post(reverse(name, args=[records[record_kind].pk]), data)
    assert response.status_code == DRAFT_WRITERS[persona]
    assert report_rows() == before


@pytest.mark.django_db
def test_a_missing_record_answers_404(client, lead):
    client.force_login(lead)
    assert client.get(reverse("plans:objective", args=[999999])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("persona", [LEAD, MEMBER, EXECUTIVE, SCRUTINEER, OUTSIDER])
@pytest.mark.parametrize("action", ["round_remind", "round_close"])
def test_only_the_business_unit_reminds_or_closes_a_round(
    client, personas, update_round, persona, action
):
    from django.core import mail

    client.force_login(personas[persona])
    response = client.post(
        reverse(f"rounds:{action}", args=[update_round.pk]), {"version": update_round.version}
    )
    assert response.status_code in (403, 404)
    update_round.refresh_from_db()
    assert not update_round.is_closed
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize("persona", [LEAD, MEMBER, EXECUTIVE, SCRUTINEER])
def test_only_the_business_unit_opens_a_round(client, personas, plan, persona):
    from kscp.rounds.models import UpdateRound

    client.force_login(personas[persona])
    response = client.post(
        reverse("rounds:round_open"),
        {"name": "Q4", "opens_on": "2026-12-01", "deadline": "2026-12-20", "plans": [plan.pk]},
    )
    assert response.status_code == 403
    assert not UpdateRound.objects.exists()


# The query-string parameters of the lists, filters and exports that name a record.
ID_PARAMETERS = (
    "group",
    "owner_group",
    "plan",
    "priority",
    "agency",
    "theme",
    "referral_reason",
    "owner",
)
SECRET = "Southdale-only"


@pytest.fixture
def other_partnership_records(other_partnership, outsider):
    """Records of the other partnership named so that any leak shows: a group, a plan with a
    priority, an agency, a course theme, a referral reason and a review theme."""
    import datetime

    from kscp.core.models import Agency, Group, Sector
    from plans.models import Plan, Priority
    from reviews.models import ReferralReason, Theme
    from training.models import CourseTheme

    plan = Plan.objects.create(
        partnership=other_partnership,
        title=f"{SECRET} plan",
        period="2025/2027",
        starts_on=datetime.date(2025, 4, 1),
        ends_on=datetime.date(2027, 3, 31),
        status=Plan.Status.LIVE,
    )
    group = Group.objects.create(
        partnership=other_partnership, name=f"{SECRET} group", kind=Group.Kind.SUB_GROUP
    )
    agency = Agency.objects.create(
        partnership=other_partnership, name=f"{SECRET} agency", sector=Sector.HEALTH
    )
    return {
        "group": group.pk,
        "owner_group": group.pk,
        "plan": plan.pk,
        "priority": Priority.objects.create(plan=plan, number=9, title=f"{SECRET} priority").pk,
        "agency": agency.pk,
        "theme": CourseTheme.objects.create(partnership=other_partnership, name=SECRET).pk,
        "referral_reason": ReferralReason.objects.create(
            partnership=other_partnership, name=f"{SECRET} reason"
        ).pk,
        "owner": f"person:{outsider.pk}",
    }, Theme.objects.create(partnership=other_partnership, name=f"{SECRET} theme").pk


def shown_text(response) -> str:
    """What a response shows: its HTML or CSV, or the strings of a spreadsheet."""
    import io
    import zipfile

    content_type = response.get("Content-Type", "")
    if "spreadsheetml" in content_type:
        with zipfile.ZipFile(io.BytesIO(response.content)) as book:
            return " ".join(
                book.read(name).decode() for name in book.namelist() if name.endswith(".xml")
            )
    if content_type.startswith(("text/", "application/json")):
        return response.content.decode()
    return ""


QUERY_STRING_URLS = sorted(
    name
    for name, (record_kind, statuses) in EXPECTED.items()
    if statuses[BUSINESS_UNIT] == 200
    and not name.endswith(("_pdf", "_docx", "_print"))
    and (record_kind is None or name.endswith(("plan", "round", "_export", "course", "group")))
)


@pytest.mark.django_db
@pytest.mark.parametrize("name", QUERY_STRING_URLS)
def test_another_partnerships_ids_in_a_query_string_reveal_nothing_of_it(
    client, personas, records, other_partnership_records, subtests, name
):
    """The business unit (who sees everything of its own partnership) puts the other
    partnership's ids in every list's, filter's and export's query string: the page answers
    (a GOV.UK error or an empty list) and never shows the other partnership's records."""
    ids, review_theme = other_partnership_records
    record_kind, _ = EXPECTED[name]
    kwargs = {"pk": records[record_kind].pk} if record_kind else {}
    url = reverse(name, kwargs={**kwargs, **EXTRA_KWARGS.get(name, {})})
    client.force_login(personas[BUSINESS_UNIT])
    queries = [{parameter: ids[parameter]} for parameter in ID_PARAMETERS]
    queries.append({"theme": review_theme})
    for query in queries:
        with subtests.test(query=query):
            response = client.get(url, query)
            assert response.status_code in (200, 302)
            assert SECRET not in shown_text(response)


PLAN_IMPORT_URLS = [name for name in EXPECTED if name.startswith("plans:plan_import")]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PLAN_IMPORT_URLS)
@pytest.mark.parametrize("persona", [p for p in PERSONAS if p not in (ANON, BUSINESS_UNIT)])
def test_posting_to_a_plan_import_without_the_right_changes_nothing(
    client, personas, records, name, persona
):
    record_kind, statuses = EXPECTED[name]
    kwargs = {"pk": records[record_kind].pk} if record_kind else {}
    client.force_login(personas[persona])
    before = every_row()

    response = client.post(reverse(name, kwargs=kwargs), {"column_0": "number"})

    # The outsider's 200: the template of their own partnership, a download.
    assert response.status_code == statuses[persona]
    assert every_row() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona", [LEAD, OTHER_LEAD, MEMBER, EXECUTIVE, SCRUTINEER, OUTSIDER, REVIEWER, TRAINER]
)
def test_only_the_business_unit_publishes_a_new_version_of_a_plan(client, personas, plan, persona):
    client.force_login(personas[persona])
    response = client.post(
        reverse("plans:plan_new_version", args=[plan.pk]),
        {"summary": "Updated from the sub-groups", "version": plan.version},
    )
    assert response.status_code in (403, 404)
    plan.refresh_from_db()
    assert (plan.version_label, plan.versions.count()) == ("V1", 0)
