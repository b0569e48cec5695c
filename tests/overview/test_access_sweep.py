"""Every URL of the URLconf, visited by every persona, answers as the policy says:
anonymous visitors are sent to sign in, another partnership's people get 404, read-only
people get 403 on update pages, and the others get the page."""

import pytest
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
    }


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("persona", PERSONAS)
def test_url_answers_each_persona_as_the_policy_says(client, personas, records, name, persona):
    record_kind, statuses = EXPECTED[name]
    kwargs = {"pk": records[record_kind].pk} if record_kind else {}
    url = reverse(name, kwargs={**kwargs, **EXTRA_KWARGS.get(name, {})})
    if persona != ANON:
        client.force_login(personas[persona])
    response = client.get(url)
    assert "camera=()" in response["Permissions-Policy"]
    if persona == ANON:
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    else:
        assert response.status_code == statuses[persona]
        # Nothing a signed-in person is shown stays in a browser's cache after sign-out.
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= cache_control


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


def every_row() -> dict[str, list[dict]]:
    """Every row of every table of ours, history included."""
    from django.apps import apps

    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for label in ("kscp", "plans", "reviews", "training", "rounds", "assurance")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_an_anonymous_post_to_any_url_is_sent_to_sign_in_and_changes_nothing(client, records, name):
    """Every URL of the URLconf, new ones included (test_every_url_is_in_the_sweep fails on a
    URL the sweep does not know)."""
    record_kind, _ = EXPECTED[name]
    kwargs = {"pk": records[record_kind].pk} if record_kind else {}
    url = reverse(name, kwargs={**kwargs, **EXTRA_KWARGS.get(name, {})})
    before = every_row()

    response = client.post(url, {"rag": "green", "progress": "Done", "version": "1"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert every_row() == before
