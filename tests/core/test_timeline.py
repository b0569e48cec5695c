"""The one history timeline of the core: entries read from django-simple-history rows, who
changed what and when, old → new in the app's words, several histories merged newest first,
and the one partial that shows them."""

import datetime

import pytest
from django.template.loader import render_to_string

from kscp.core.models import Agency, Sector
from kscp.core.services import tracked_item_update
from kscp.core.timeline import (
    FieldHistory,
    RelatedSetHistory,
    TrackedHistory,
    merged,
    shown,
    tracked_item_timeline,
)
from plans.models import Objective
from reviews.models import Notification, ReferralReason

pytestmark = pytest.mark.django_db

AGENCY_FIELDS = {"name": "Name", "sector": "Sector", "aliases": "Other names"}


def update(item, user, rag, progress="", evidence=""):
    tracked_item_update(
        item=item, user=user, rag=rag, progress=progress, evidence=evidence, version=item.version
    )
    item.refresh_from_db()


def agency_history(agency, **options):
    return FieldHistory(
        records=Agency.history.filter(id=agency.id).select_related("history_user"),
        subject_of=lambda record: f"Agency {record.name}",
        describe_new=lambda record: [f"Added in {shown(Agency, 'sector', record.sector)}"],
        model=Agency,
        fields=AGENCY_FIELDS,
        **options,
    )


def test_a_tracked_item_timeline_says_who_and_the_rag_before_and_after_newest_first(
    lead, objective
):
    update(objective, lead, "amber", "Slipped to March", "The audit")
    update(objective, None, "green", "Back on track", "The audit")
    newest, middle, first = tracked_item_timeline(objective, "Objective 1.1")
    assert (newest.rag_before, newest.rag_after, newest.who) == ("amber", "green", None)
    assert (newest.progress, newest.evidence) == ("Back on track", "")
    assert (middle.rag_before, middle.rag_after, middle.who) == ("not_started", "amber", lead)
    assert (middle.progress, middle.evidence) == ("Slipped to March", "The audit")
    assert (first.created, first.rag_before, first.rag_after) == (True, None, "not_started")
    assert not newest.created and not middle.created
    assert {entry.subject for entry in (newest, middle, first)} == {"Objective 1.1"}
    assert newest.when > middle.when > first.when


def test_a_tracked_item_save_that_changes_no_rag_progress_or_evidence_is_left_out(lead, objective):
    update(objective, lead, "amber", "Slipped")
    objective.action = "Change our terminology, reworded"
    objective.save()
    assert len(tracked_item_timeline(objective, "Objective 1.1")) == 2


def test_several_items_histories_merge_into_one_timeline_newest_first(lead, objective, action):
    update(objective, lead, "amber", "Objective slipped")
    update(action, lead, "red", "Action stuck")
    update(objective, lead, "green", "Objective recovered")
    timeline = merged(
        TrackedHistory(records=objective.history.all(), subject_of=lambda r: "Objective"),
        TrackedHistory(records=action.history.all(), subject_of=lambda r: f"Action {r.label}"),
    )
    assert [(entry.subject, entry.rag_after) for entry in timeline[:3]] == [
        ("Objective", "green"),
        ("Action a)", "red"),
        ("Objective", "amber"),
    ]
    assert len(timeline) == 5  # and each item's creation
    assert timeline == sorted(timeline, key=lambda entry: entry.when, reverse=True)


def test_a_field_history_says_each_change_old_to_new_in_the_apps_labels(agency, business_unit):
    agency.name = "Northdale NHS Trust"
    agency.sector = Sector.HEALTH
    agency._history_user = business_unit
    agency.save()
    changed, created = merged(agency_history(agency))
    assert changed.changes == [
        "Name: Northdale Council → Northdale NHS Trust",
        "Sector: Local authority → Health",
    ]
    assert (changed.who, changed.subject) == (business_unit, "Agency Northdale NHS Trust")
    assert created.changes == ["Added in Local authority"]
    assert (created.who, created.subject) == (None, "Agency Northdale Council")


def test_words_only_fields_say_that_they_changed_and_unlisted_fields_say_nothing(agency):
    agency.aliases = "NDC\nNorthdale MBC"
    agency.save()
    agency.is_statutory_partner = False  # not among the fields shown
    agency.save()
    entries = merged(agency_history(agency, words_only=("aliases",)))
    assert [entry.changes for entry in entries] == [
        ["Other names changed"],
        ["Added in Local authority"],
    ]


def test_a_removal_says_removed(agency):
    history = agency_history(agency)
    agency.delete()
    removed, created = merged(history)
    assert removed.changes == ["Removed"]
    assert created.changes == ["Added in Local authority"]


def test_values_are_shown_in_words():
    assert shown(Agency, "sector", Sector.POLICE) == "Police"
    assert shown(Agency, "is_statutory_partner", True) == "yes"
    assert shown(Agency, "is_statutory_partner", False) == "no"
    assert shown(Agency, "aliases", "") == "not set"
    assert shown(Objective, "due_on", datetime.date(2026, 3, 1)) == "1 March 2026"


@pytest.fixture
def notification(partnership, agency):
    """A record with a many-to-many field tracked by its history: the agencies involved."""
    notification = Notification.objects.create(
        partnership=partnership,
        reference="NSCP-2025/26-01",
        incident_on=datetime.date(2025, 6, 2),
        la_aware_on=datetime.date(2025, 6, 3),
        nature=Notification.Nature.SERIOUS_HARM,
        referral_reason=ReferralReason.objects.filter(partnership=partnership).first(),
        age_band=Notification.AgeBand.UNDER_1,
    )
    notification.agencies.add(agency)
    return notification


def agencies_history(records):
    return RelatedSetHistory(
        records=records,
        subject_of=lambda record: "Notification",
        model=Notification,
        name="agencies",
        label="Agency",
    )


def test_a_related_set_history_says_what_each_save_added_and_removed(notification, agency, police):
    notification.agencies.add(police)
    notification.agencies.remove(agency)
    history = agencies_history(notification.history.select_related("history_user"))
    assert [entry.changes for entry in merged(history)] == [
        [f"Agency removed: {agency.name}"],
        [f"Agency added: {police.name}"],
        [f"Agency added: {agency.name}"],
    ]


def test_a_related_set_history_names_a_record_since_deleted(notification, police):
    notification.agencies.add(police)
    Agency.objects.filter(pk=police.pk).delete()
    history = agencies_history(notification.history.all())
    assert ["Agency added: a removed agency"] in [e.changes for e in merged(history)]


def test_a_record_with_several_related_histories_reads_in_one_query_each(
    django_assert_num_queries, lead, objective, action, notification, police
):
    for n in range(5):
        update(objective, lead, "amber" if n % 2 else "red", f"Update {n}")
        update(action, lead, "green", f"Step {n}")
    notification.agencies.add(police)
    records = list(notification.history.select_related("history_user"))
    with django_assert_num_queries(4):  # two items' histories, the agencies, their names
        timeline = merged(
            TrackedHistory(
                records=objective.history.select_related("history_user"),
                subject_of=lambda r: "Objective",
            ),
            agencies_history(records),
            TrackedHistory(
                records=action.history.select_related("history_user"),
                subject_of=lambda r: "Action",
            ),
        )
    assert len(timeline) == 6 + 6 + 2  # each item's creation and updates, two agency changes
    assert timeline[0].changes == [f"Agency added: {police.name}"]


def test_the_partial_shows_rag_changes_and_changes_in_words_and_who_or_nobody(
    lead, objective, agency
):
    update(objective, lead, "amber", "Slipped to March", "The audit")
    agency.name = "Northdale NHS Trust"
    agency.save()
    html = render_to_string(
        "kscp/includes/timeline.html",
        {
            "timeline": merged(
                TrackedHistory(records=objective.history.all(), subject_of=lambda r: "Objective"),
                agency_history(agency),
            ),
            "nobody": "Loaded from the records",
        },
    )
    assert html.count('class="app-timeline__item"') == 4
    assert "<li>Name: Northdale Council → Northdale NHS Trust</li>" in html
    assert '<strong class="govuk-tag govuk-tag--orange">Amber</strong>' in html
    assert "Slipped to March" in html and "The audit" in html
    assert "Lena Lead" in html and "Loaded from the records" in html
    assert html.index("Northdale NHS Trust") < html.index("Amber")  # newest first


def test_the_partial_says_when_nothing_is_recorded():
    html = render_to_string("kscp/includes/timeline.html", {"timeline": [], "nobody": "x"})
    assert "No changes recorded yet." in html
