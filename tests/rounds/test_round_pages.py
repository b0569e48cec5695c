"""The business unit's round pages, the owners' home panel and the "no change" button."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from kscp.core.updating import NO_CHANGE_SAVED
from kscp.rounds import forms, services
from kscp.rounds.models import DEADLINE_BEFORE_OPENING, UpdateRound
from tests.helpers import form_errors
from tests.rounds.conftest import TODAY, update

pytestmark = pytest.mark.django_db


def test_the_business_unit_opens_a_round(client, business_unit, plan):
    client.force_login(business_unit)
    response = client.post(
        reverse("rounds:round_open"),
        {
            "name": "Quarter 4",
            "opens_on": TODAY.isoformat(),
            "deadline": (TODAY + datetime.timedelta(days=14)).isoformat(),
            "plans": [plan.pk],
        },
    )
    update_round = UpdateRound.objects.get()
    assert response.url == reverse("rounds:round", args=[update_round.pk])
    assert list(update_round.plans.all()) == [plan]


@pytest.mark.parametrize(
    "data, errors",
    [
        (
            {"name": "", "opens_on": "2027-01-04", "deadline": "2027-01-15"},
            {"name": [forms.ENTER_NAME]},
        ),
        (
            {"name": "Q", "opens_on": "2027-01-15", "deadline": "2027-01-04"},
            {"deadline": [DEADLINE_BEFORE_OPENING]},
        ),
        (
            {"name": "Q", "opens_on": "", "deadline": "not a date"},
            {"opens_on": [forms.ENTER_OPENS], "deadline": [forms.ENTER_DEADLINE]},
        ),
    ],
)
def test_a_round_with_bad_input_is_refused_naming_the_field(
    client, business_unit, plan, data, errors
):
    client.force_login(business_unit)
    response = client.post(reverse("rounds:round_open"), {**data, "plans": [plan.pk]})
    assert form_errors(response) == errors
    assert not UpdateRound.objects.exists()


def test_a_round_needs_a_plan_or_the_review_actions(client, business_unit):
    client.force_login(business_unit)
    response = client.post(
        reverse("rounds:round_open"),
        {"name": "Q", "opens_on": "2027-01-04", "deadline": "2027-01-15"},
    )
    assert form_errors(response) == {"plans": [services.PLAN_OR_REVIEW_ACTIONS]}


def test_a_second_round_of_the_same_name_is_refused(client, business_unit, update_round, plan):
    client.force_login(business_unit)
    response = client.post(
        reverse("rounds:round_open"),
        {
            "name": update_round.name.upper(),
            "opens_on": "2027-01-04",
            "deadline": "2027-01-15",
            "plans": [plan.pk],
        },
    )
    assert form_errors(response) == {"name": [forms.NAME_TAKEN]}


def test_a_stale_change_of_a_round_is_refused(client, business_unit, update_round, plan):
    client.force_login(business_unit)
    url = reverse("rounds:round_edit", args=[update_round.pk])
    data = {
        "name": "Renamed",
        "opens_on": update_round.opens_on.isoformat(),
        "deadline": update_round.deadline.isoformat(),
        "plans": [plan.pk],
        "version": update_round.version,
    }
    update_round.meeting = "Changed meanwhile"
    update_round.save()
    response = client.post(url, data)
    assert "Your changes have not been saved" in str(form_errors(response)["__all__"])
    update_round.refresh_from_db()
    assert update_round.name == "Quarter 3 2026/27"


def test_the_round_page_shows_owners_counts_and_filters(
    client, business_unit, update_round, objective, lead, group, other_group
):
    update(objective, lead)
    client.force_login(business_unit)
    url = reverse("rounds:round", args=[update_round.pk])
    page = client.get(url).content.decode()
    assert "1 of 4 items updated (25%)" in page
    assert other_group.name in page and group.name in page
    outstanding = client.get(url, {"status": "outstanding"}).content.decode()
    assert "Objective 1.1:" not in outstanding and "Objective 1.2:" in outstanding


def test_who_has_not_updated_downloads_as_csv(client, business_unit, update_round, other_lead):
    client.force_login(business_unit)
    response = client.get(reverse("rounds:round_outstanding_export", args=[update_round.pk, "csv"]))
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Owner,Kind of owner,Who is asked,E-mail")
    assert other_lead.email in text and "Assess via case evaluations" in text


def test_who_has_not_updated_downloads_as_xlsx(client, business_unit, update_round, lead):
    from io import BytesIO

    from openpyxl import load_workbook

    update(update_round.plans.get().objectives.get(number="1.1"), lead)
    client.force_login(business_unit)
    response = client.get(
        reverse("rounds:round_outstanding_export", args=[update_round.pk, "xlsx"])
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Owner", "Kind of owner", "Who is asked", "E-mail")
    assert sorted(row[5] for row in rows[1:]) == ["1.1 a)", "1.2", "1.2 a)"]  # not 1.1


def test_the_round_page_shows_figures_by_plan_priority_and_group(
    client, business_unit, update_round, objective, lead, plan, priority, group
):
    update(objective, lead)
    client.force_login(business_unit)
    response = client.get(reverse("rounds:round", args=[update_round.pk]))
    figures = {
        kind: [(f.label, f.done, f.total, f.percent) for f in found]
        for kind, found in response.context["figures"].items()
    }
    assert figures["by_plan"] == [(plan.title, 1, 4, 25)]
    assert figures["by_priority"] == [(f"Priority 1: {priority.title}", 1, 4, 25)]
    assert (group.name, 1, 1, 100) in figures["by_group"]
    page = response.content.decode()
    for caption in ("By plan", "By priority", "By group"):
        assert caption in page
    assert f"Priority 1: {priority.title}".replace("'", "&#x27;") in page


@pytest.mark.parametrize(
    "query, shown",
    [
        ({"group": "Learning Sub-group"}, ["Objective 1.1:"]),
        ({"group": "Effectiveness Sub-group"}, ["Objective 1.2:", "Action 1.2 a):"]),
        ({"plan": "Northdale Business Plan 2025/2027", "status": "done"}, ["Objective 1.1:"]),
    ],
)
def test_the_round_page_filters_by_group_plan_and_status(
    client, business_unit, update_round, objective, lead, query, shown
):
    update(objective, lead)
    client.force_login(business_unit)
    page = client.get(reverse("rounds:round", args=[update_round.pk]), query).content.decode()
    every = ["Objective 1.1:", "Action 1.1 a):", "Objective 1.2:", "Action 1.2 a):"]
    assert [item for item in every if item in page] == shown


def test_remind_now_says_how_many_e_mails_will_go_then_sends_them(
    client, business_unit, update_round, lead, other_lead
):
    client.force_login(business_unit)
    url = reverse("rounds:round_remind", args=[update_round.pk])
    assert "2 e-mails will go now" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "2 reminder e-mails sent" in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == [lead.email, other_lead.email]
    client.post(url)  # at most one a person a day
    assert len(mail.outbox) == 2


def test_remind_now_skips_people_e_mailed_today_so_nobody_gets_two_a_day(
    client, business_unit, update_round, lead, other_lead
):
    from kscp.rounds.mailing import send_due
    from kscp.rounds.views import ALL_EMAILED_TODAY

    other_lead.receives_reminders = False
    other_lead.save()
    send_due(TODAY)  # the lead's opening e-mail of today
    assert [m.to for m in mail.outbox] == [[lead.email]]
    client.force_login(business_unit)
    url = reverse("rounds:round_remind", args=[update_round.pk])
    page = client.get(url).content.decode()
    assert "1 e-mail will go now" in page
    assert f"Not written to again: {lead}, e-mailed today already" in page
    client.post(url)
    assert [m.to for m in mail.outbox] == [[lead.email], [other_lead.email]]
    response = client.post(url, follow=True)
    assert ALL_EMAILED_TODAY in response.content.decode()
    assert len(mail.outbox) == 2


def test_after_remind_now_the_days_digest_waits_for_the_next_day(
    client, business_unit, partnership, plan, update_round, lead, other_lead
):
    import datetime

    from kscp.rounds.mailing import send_due

    client.force_login(business_unit)
    client.post(reverse("rounds:round_remind", args=[update_round.pk]))
    assert len(mail.outbox) == 2
    second = UpdateRound.objects.create(
        partnership=partnership, name="Second", opens_on=TODAY, deadline=update_round.deadline
    )
    second.plans.add(plan)
    send_due(TODAY)  # the second round's opening: not a second e-mail today
    assert len(mail.outbox) == 2
    send_due(TODAY + datetime.timedelta(days=1))
    assert sorted(m.to[0] for m in mail.outbox[2:]) == [lead.email, other_lead.email]
    assert "Second: please update your items" in mail.outbox[2].body


def test_remind_now_for_one_owner(client, business_unit, update_round, other_group, other_lead):
    client.force_login(business_unit)
    url = reverse("rounds:round_remind", args=[update_round.pk])
    key = f"group-{other_group.pk}"
    assert "1 e-mail will go now" in client.get(url, {"owner": key}).content.decode()
    client.post(url, {"owner": key})
    assert [m.to for m in mail.outbox] == [[other_lead.email]]


def test_closing_a_round_freezes_its_figures(
    client, business_unit, update_round, objective, other_objective, lead, other_lead
):
    update(objective, lead)
    client.force_login(business_unit)
    client.post(
        reverse("rounds:round_close", args=[update_round.pk]), {"version": update_round.version}
    )
    update_round.refresh_from_db()
    assert (update_round.closed_done, update_round.closed_total) == (1, 4)
    update(other_objective, other_lead)  # later updates move nothing
    page = client.get(reverse("rounds:round", args=[update_round.pk])).content.decode()
    assert "1 of 4 items updated (25%), as stored when the round closed" in page
    assert update_round.closed_percent == 25


def test_owners_see_the_open_round_on_their_home_page_outstanding_first(
    client, update_round, objective, action, lead
):
    update(action, lead)
    client.force_login(lead)
    page = client.get(reverse("home")).content.decode()
    deadline = f"{update_round.deadline.day} {update_round.deadline:%B %Y}"
    assert f"Updates due by {deadline}: 1 of 2 done" in page
    assert page.index("Objective 1.1") < page.index("Action 1.1 a)")


def test_confirming_no_change_on_the_update_page_counts_and_shows_in_history(
    client, update_round, objective, lead
):
    client.force_login(lead)
    response = client.post(
        reverse("plans:objective_update", args=[objective.pk]),
        {"confirm_no_change": "1", "version": objective.version},
        follow=True,
    )
    assert NO_CHANGE_SAVED.format(subject="objective 1.1") in response.content.decode()
    detail = client.get(reverse("plans:objective", args=[objective.pk])).content.decode()
    assert "No change since the last update" in detail
    home = client.get(reverse("home")).content.decode()
    assert "1 of 2 done" in home


def test_a_stale_no_change_confirmation_is_refused(client, objective, lead):
    client.force_login(lead)
    seen = objective.version
    update(objective, lead, rag="amber", progress="Slipping")
    response = client.post(
        reverse("plans:objective_update", args=[objective.pk]),
        {"confirm_no_change": "1", "version": seen},
    )
    assert "Your changes have not been saved" in response.content.decode()
    objective.refresh_from_db()
    assert objective.history.first().history_change_reason == "Update"


def test_a_person_turns_reminders_off(client, lead):
    client.force_login(lead)
    response = client.post(reverse("email_preferences"), {"receives_reminders": "no"})
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.receives_reminders is False


@pytest.mark.parametrize("query", [{"group": "9999"}, {"plan": "Another partnership's plan"}])
def test_a_filter_naming_no_group_or_plan_of_the_round_lists_every_owner(
    client, business_unit, update_round, lead, query
):
    """A group or plan the round does not cover (another partnership's id in the query
    string, found by the URL sweep) answered 500; the page now lists every owner."""
    client.force_login(business_unit)
    response = client.get(reverse("rounds:round", args=[update_round.pk]), query)
    assert response.status_code == 200
    assert str(lead) in response.content.decode()
