"""The demo's update rounds (fixtures/kirklees/rounds.yaml): a closed round of the Kirklees
2019/21 plan as the document stood, its figures stored, and an open round due a few weeks
after the day of loading, some owners done and others outstanding, whose e-mails
send_reminders writes to the demo's mail folder."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kscp.core.models import User
from kscp.core.tracking import NO_CHANGE_REASON, UPDATE_REASON
from kscp.core.workdays import add_working_days, subtract_working_days
from kscp.rounds.loading import quarter_name
from kscp.rounds.models import UpdateRound
from kscp.rounds.selectors import round_state
from plans.models import Objective

pytestmark = pytest.mark.django_db

PLAN_2019 = "Kirklees Safeguarding Children Partnership Business Plan 2019/2021"
# The objectives whose Progress & Evidence cell the document fills.
DOCUMENT_UPDATES = ["2.3", "3.1", "5.1", "5.3"]


@pytest.fixture
def closed(demo_data):
    return UpdateRound.objects.get(partnership__slug="kirklees", name="Quarter 4 2018/19")


@pytest.fixture
def open_round(demo_data):
    return UpdateRound.objects.get(partnership__slug="kirklees", closed_at__isnull=True)


def person(username):
    return User.objects.get(username=username)


def test_the_closed_round_is_dated_as_the_document_stood_and_stores_its_figures(closed):
    assert closed.is_closed
    assert (closed.opens_on, closed.deadline) == (
        datetime.date(2019, 3, 18),
        datetime.date(2019, 4, 1),
    )
    assert timezone.localdate(closed.closed_at) == datetime.date(2019, 4, 2)
    assert [p.title for p in closed.plans.all()] == [PLAN_2019]
    assert (closed.closed_done, closed.closed_total) == (4, 32)
    assert closed.closed_figures["by_plan"] == [[PLAN_2019, 4, 32]]
    updated = sorted(item.number for item in round_state(closed).items if item.updated)
    assert updated == DOCUMENT_UPDATES


def test_the_documents_updates_are_in_the_history_and_the_objectives_unchanged(closed):
    rows = Objective.history.filter(history_change_reason=UPDATE_REASON, plan__title=PLAN_2019)
    assert sorted(rows.values_list("number", flat=True)) == DOCUMENT_UPDATES
    assert {timezone.localdate(row.history_date) for row in rows} == {datetime.date(2019, 4, 1)}
    assert rows.get(number="3.1").history_user == person("phil.cross")
    plan_objectives = Objective.objects.filter(plan__title=PLAN_2019)
    assert set(plan_objectives.values_list("rag", flat=True)) == {"not_started"}
    assert plan_objectives.get(number="2.3").progress.startswith("This has been undertaken")


def test_the_round_page_shows_the_closed_rounds_stored_figures(client, closed):
    closed.closed_figures["by_priority"][0][1] = 3  # what is shown is what was stored
    UpdateRound.objects.filter(pk=closed.pk).update(closed_figures=closed.closed_figures)
    client.force_login(person("sharon.hewitt"))
    response = client.get(reverse("rounds:round", args=[closed.pk]))
    page = response.content.decode()
    assert "4 of 32 items updated (13%), as stored when the round closed" in page
    assert [(f.done, f.total) for f in response.context["figures"]["by_priority"]][0] == (3, 4)


def test_the_open_round_is_due_three_working_weeks_after_loading(open_round):
    today = timezone.localdate()
    assert open_round.deadline == add_working_days(today, 15)
    assert open_round.opens_on == subtract_working_days(today, 5)
    assert open_round.name == quarter_name(open_round.deadline)
    assert open_round.status() == "Open"
    assert open_round.include_review_actions


def test_the_open_round_has_owners_done_and_owners_outstanding(client, open_round):
    state = round_state(open_round)
    done = {owner.name for owner in state.owners if not owner.outstanding}
    assert done == {"Sheila Lock", "Executive Group", "Phil Cross", "Michelle Wheatcroft"}
    assert state.done == 9 and state.total > state.done
    assert any(owner.done == 0 for owner in state.owners)
    client.force_login(person("sharon.hewitt"))
    page = client.get(reverse("rounds:round", args=[open_round.pk])).content.decode()
    assert f"{state.done} of {state.total} items updated ({state.percent}%)." in page
    assert "Remind everyone outstanding" in page


def test_the_open_rounds_updates_are_no_change_confirmations_of_today(open_round):
    rows = Objective.history.filter(history_change_reason=NO_CHANGE_REASON)
    assert rows.count() == 9
    assert {timezone.localdate(row.history_date) for row in rows} == {timezone.localdate()}


def test_a_lead_sees_the_open_round_on_her_home_page(client, open_round):
    client.force_login(person("elaine.mcshane"))
    page = client.get(reverse("home")).content.decode()
    deadline = f"{open_round.deadline.day} {open_round.deadline:%B %Y}"
    mine = round_state(open_round).contacts_of(person("elaine.mcshane"))
    done = sum(1 for item in mine if item.updated)
    assert 0 < done < len(mine)
    assert f"Updates due by {deadline}: {done} of {len(mine)} done" in page


def test_the_dashboard_quotes_the_closed_round(client, closed):
    client.force_login(person("mel.meggs"))
    page = client.get(reverse("dashboard")).content.decode()
    assert "13% of items updated for the" in page
    assert "Quarter 4 2018/19</a> round, closed 2 April 2019 (4 of 32)" in page


def test_send_reminders_after_loading_writes_digests_to_the_mail_folder(
    open_round, settings, tmp_path
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    call_command("send_reminders", verbosity=0)
    # The folder's backend writes each connection's messages to one file.
    text = "".join(path.read_text() for path in tmp_path.iterdir())
    mails = text.split("\n" + "-" * 79 + "\n")
    recipients = re.findall(r"^To: (.+)$", text, flags=re.MULTILINE)
    state = round_state(open_round)
    contacts = {c.email for owner in state.owners for c in owner.contacts}
    assert contacts <= set(recipients)  # every contact is written to,
    assert len(recipients) == len(set(recipients)) > 10  # once: one digest each
    elaine = next(m for m in mails if "To: elaine.mcshane@example.org" in m)
    assert f"Subject: Updates due by {open_round.deadline.day} " in elaine
    assert elaine.count("Update it: http") > 10  # every item in one e-mail
    call_command("send_reminders", verbosity=0)
    again = "".join(path.read_text() for path in tmp_path.iterdir())
    assert again == text  # nothing sent twice
