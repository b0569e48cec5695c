"""The update round's journey in the browser: the business unit opens a round; the hourly
sender e-mails the lead their items; the lead follows the e-mail's link, signs in, confirms
"no change" on one item and updates another, and the round page shows one more done each
time; after the deadline the sender escalates the item still outstanding to its owner and
the chair of the owning group. axe-core checks every page visited."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from kscp.core.workdays import add_working_days
from kscp.rounds.mailing import escalation_date
from kscp.rounds.models import UpdateRound
from tests.e2e.conftest import PASSWORD, assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(lead, other_lead, member, business_unit, other_group):
    """Everyone with an address; the member chairs the other lead's group."""
    for person in (lead, other_lead, member, business_unit):
        person.email = f"{person.username}@example.org"
        person.save()
    other_group.chair = member
    other_group.save()


def updated_so_far(page) -> str:
    page.reload()
    assert_accessible(page)
    return page.locator("#figures + p").inner_text()


def test_a_round_from_opening_to_escalation(
    browser,
    sign_in,
    page,
    live_server,
    settings,
    people,
    plan,
    objective,
    other_objective,
    action,
    other_action,
    lead,
    other_lead,
    member,
    business_unit,
):
    settings.SITE_URL = live_server.url  # the e-mails' links lead to this server
    today = timezone.localdate()
    deadline = add_working_days(today, 10)

    # The business unit opens the round.
    unit = sign_in(business_unit.username)
    unit.get_by_role("link", name="Update rounds").first.click()
    assert_accessible(unit)
    unit.get_by_role("link", name="Open an update round").click()
    assert_accessible(unit)
    unit.get_by_label("Name").fill("Quarter 3 2026/27")
    unit.get_by_label("Opens").fill(today.isoformat())
    unit.get_by_label("Updates due by").fill(deadline.isoformat())
    unit.get_by_label(plan.title).check()
    unit.get_by_role("button", name="Open the round").click()
    update_round = UpdateRound.objects.get()
    unit.wait_for_url(f"{live_server.url}{reverse('rounds:round', args=[update_round.pk])}")
    expect(unit.get_by_text("The round Quarter 3 2026/27 has been opened")).to_be_visible()
    assert updated_so_far(unit) == "0 of 4 items updated (0%)."

    # The hourly sender e-mails each owner their items; the lead reads hers.
    call_command("send_reminders", verbosity=0)
    (opening,) = [m for m in mail.outbox if m.to == [lead.email]]
    assert opening.subject == f"Updates due by {deadline:%-d %B %Y}: Quarter 3 2026/27"
    links = re.findall(r"Update it: (\S+)", opening.body)
    assert [urlsplit(link).path for link in links] == [
        reverse("plans:objective_update", args=[objective.pk]),
        reverse("plans:action_update", args=[action.pk]),
    ]

    # The lead follows the link, signs in, and confirms that nothing has changed.
    lead_page = browser.new_context().new_page()
    lead_page.goto(links[0])
    assert_accessible(lead_page)
    lead_page.get_by_label("Username").fill(lead.username)
    lead_page.get_by_label("Password").fill(PASSWORD)
    lead_page.get_by_role("button", name="Sign in").click()
    lead_page.wait_for_url(links[0])
    assert_accessible(lead_page)
    lead_page.get_by_role("button", name="Confirm no change").click()
    expect(lead_page.get_by_text(re.compile("^You have confirmed that"))).to_be_visible()
    assert_accessible(lead_page)
    assert updated_so_far(unit) == "1 of 4 items updated (25%)."

    # ... and updates the action from the second link.
    lead_page.goto(links[1])
    assert_accessible(lead_page)
    lead_page.get_by_label("Green").check()
    lead_page.get_by_label("Progress").fill("Briefings held with every school's lead.")
    lead_page.get_by_role("button", name="Save update").click()
    expect(lead_page.get_by_text(re.compile("^Your update to .* has been saved"))).to_be_visible()
    assert_accessible(lead_page)
    assert updated_so_far(unit) == "2 of 4 items updated (50%)."

    # The lead's home page says the round is done for her.
    lead_page.goto(f"{live_server.url}/")
    expect(
        lead_page.get_by_text(f"Updates due by {deadline:%-d %B %Y}: 2 of 2 done")
    ).to_be_visible()
    assert_accessible(lead_page)

    # After the deadline (the sender told the day it runs), the other lead's two items are
    # escalated to him and to the chair of his group; the lead, who is done, is not written to.
    mail.outbox.clear()
    after = escalation_date(update_round)
    assert after > deadline
    call_command("send_reminders", today=after.isoformat(), verbosity=0)
    escalated = {m.to[0]: m for m in mail.outbox}
    assert set(escalated) == {other_lead.email, member.email}
    for message in escalated.values():
        assert message.subject.startswith("Overdue: updates for Quarter 3 2026/27")
        assert f"Objective {other_objective.number}" in message.body
        assert "Update it: " in message.body
    call_command("send_reminders", today=after.isoformat(), verbosity=0)
    assert len(mail.outbox) == 2  # run again: nothing sent twice

    # The round page counts what was sent.
    unit.reload()
    expect(unit.get_by_text(re.compile(r"\d+ sent so far"))).to_be_visible()
    assert_accessible(unit)
