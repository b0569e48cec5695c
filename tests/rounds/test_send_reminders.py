"""`send_reminders`: opening e-mails, reminders in working days, escalations, case-review
clocks, one digest a person a day, every e-mail due recorded and sent once, failures
recorded and tried again."""

import datetime
import os
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kscp.core.models import EmailDue, OutgoingEmail
from kscp.core.outbox import NO_ADDRESS
from kscp.rounds.mailing import send_due
from kscp.rounds.models import UpdateRound
from tests.helpers import add_owner
from tests.rounds.conftest import move_history, update

pytestmark = pytest.mark.django_db

# Christmas 2026: Friday 25 and Monday 28 December (Boxing Day observed) are bank holidays.
OPENS, DEADLINE = datetime.date(2026, 12, 14), datetime.date(2026, 12, 30)
FIVE_BEFORE, ONE_BEFORE = datetime.date(2026, 12, 21), datetime.date(2026, 12, 29)
ESCALATION = datetime.date(2026, 12, 31)


@pytest.fixture
def christmas_round(partnership, plan, round_items, addresses):
    update_round = UpdateRound.objects.create(
        partnership=partnership, name="Christmas round", opens_on=OPENS, deadline=DEADLINE
    )
    update_round.plans.add(plan)
    return update_round


def inside(update_round) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(update_round.opens_on, datetime.time(10)))


def sent_to() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_opening_e_mail_lists_each_owners_items_with_links_to_their_update_pages(
    christmas_round, objective, action, lead, other_lead
):
    send_due(OPENS)
    assert sent_to() == [lead.email, other_lead.email]
    (message,) = [m for m in mail.outbox if m.to == [lead.email]]
    assert message.subject == "Updates due by 30 December 2026: Christmas round"
    assert "Objective 1.1: Change our terminology" in message.body
    assert "Action 1.1 a): Agree the new words" in message.body
    assert "Status: Not started. Due: January 2026." in message.body
    assert f"http://testserver{reverse('plans:objective_update', args=[objective.pk])}" in (
        message.body
    )
    assert f"http://testserver{reverse('plans:action_update', args=[action.pk])}" in message.body
    assert "Each link asks you to sign in first" in message.body
    assert "/accounts/reset/" not in message.body  # no sign-in-free links
    html, _ = message.alternatives[0]
    assert "Northdale Safeguarding Children Partnership" in html
    assert "<img" not in html


def test_nothing_goes_before_a_round_opens_or_after_it_closes(christmas_round, business_unit):
    from kscp.rounds import services

    send_due(OPENS - datetime.timedelta(days=1))
    assert mail.outbox == [] and not EmailDue.objects.exists()
    services.round_close(update_round=christmas_round, user=business_unit, version=1)
    for day in (OPENS, FIVE_BEFORE, ESCALATION):
        send_due(day)
    assert mail.outbox == []


def test_running_twice_sends_each_e_mail_once(christmas_round):
    send_due(OPENS)
    send_due(OPENS)
    call_command("send_reminders", "--today", OPENS.isoformat(), stdout=open(os.devnull, "w"))
    assert len(mail.outbox) == 2
    assert EmailDue.objects.count() == 2
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() == 2


def test_reminders_go_5_and_1_working_days_before_the_deadline_around_bank_holidays(
    christmas_round, objective, action, lead, other_lead
):
    for day in (OPENS, datetime.date(2026, 12, 18)):
        send_due(day)
    assert len(mail.outbox) == 2  # the opening e-mails only
    mail.outbox.clear()
    send_due(FIVE_BEFORE)
    assert sent_to() == [lead.email, other_lead.email]
    assert mail.outbox[0].subject.startswith("Reminder: updates due by 30 December 2026")
    mail.outbox.clear()
    # The lead updates one item and confirms the other: only the other lead is reminded.
    update(objective, lead)
    move_history(objective, inside(christmas_round))
    update(action, lead)
    move_history(action, inside(christmas_round))
    for day in (datetime.date(2026, 12, 24), datetime.date(2026, 12, 28), ONE_BEFORE):
        send_due(day)
    assert sent_to() == [other_lead.email]
    assert EmailDue.objects.get(person=other_lead, kind="reminder-1").due_on == ONE_BEFORE


@override_settings(ROUND_REMINDER_WORKING_DAYS=[3])
def test_the_reminder_days_are_configurable_and_skip_people_who_want_none(
    christmas_round, lead, other_lead
):
    lead.receives_reminders = False
    lead.save()
    send_due(OPENS)
    mail.outbox.clear()
    send_due(FIVE_BEFORE)  # not a reminder day any more
    assert mail.outbox == []
    # 3 working days before Wednesday 30 December, skipping 25 and 28 December.
    send_due(datetime.date(2026, 12, 23))
    assert sent_to() == [other_lead.email]
    assert EmailDue.objects.get(kind="reminder-3").due_on == datetime.date(2026, 12, 23)
    assert not EmailDue.objects.filter(kind__in=["reminder-5", "reminder-1"]).exists()


def test_escalation_goes_after_the_deadline_to_the_owner_and_the_chair_of_their_group(
    christmas_round, other_group, other_lead, member
):
    other_group.chair = member
    other_group.save()
    other_lead.receives_reminders = False  # escalations go whatever the choice
    other_lead.save()
    send_due(DEADLINE)
    mail.outbox.clear()
    send_due(ESCALATION)
    assert other_lead.email in sent_to() and member.email in sent_to()
    (to_chair,) = [m for m in mail.outbox if m.to == [member.email]]
    assert to_chair.subject == "Overdue: updates for Christmas round were due by 30 December 2026"
    assert "Objective 1.2: Assess via case evaluations" in to_chair.body
    mail.outbox.clear()
    send_due(ESCALATION + datetime.timedelta(days=1))
    assert mail.outbox == []


def test_people_who_want_no_reminders_get_no_opening_e_mail(christmas_round, lead, other_lead):
    lead.receives_reminders = False
    lead.save()
    send_due(OPENS)
    assert sent_to() == [other_lead.email]


def test_two_rounds_make_one_e_mail_a_person_a_day(christmas_round, plan, partnership, lead):
    second = UpdateRound.objects.create(
        partnership=partnership, name="Second round", opens_on=OPENS, deadline=DEADLINE
    )
    second.plans.add(plan)
    send_due(OPENS)
    (message,) = [m for m in mail.outbox if m.to == [lead.email]]
    assert "Christmas round" in message.body and "Second round" in message.body
    assert len(mail.outbox) == 2


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_a_failed_send_is_recorded_shown_and_tried_again(
    christmas_round, client, business_unit, lead
):
    with override_settings(EMAIL_BACKEND="tests.rounds.test_send_reminders.BrokenBackend"):
        send_due(OPENS)
    failed = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED)
    assert failed.count() == 2
    assert failed.first().error == "ConnectionRefusedError: mail server down"
    client.force_login(business_unit)
    page = client.get(reverse("rounds:round", args=[christmas_round.pk])).content.decode()
    assert "E-mails that failed" in page and "mail server down" in page
    send_due(OPENS + datetime.timedelta(days=1))
    assert len(mail.outbox) == 2
    assert not OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).exists()


def test_a_person_without_an_address_is_recorded_as_failed(christmas_round, lead):
    lead.email = ""
    lead.save()
    send_due(OPENS)
    assert OutgoingEmail.objects.get(person=lead).error == NO_ADDRESS


def test_overdue_review_actions_are_escalated_to_the_business_unit_and_the_agency(
    christmas_round, review_action, agency_rep, business_unit
):
    agency_rep.email = "pat@example.org"
    agency_rep.save()
    christmas_round.include_review_actions = True
    christmas_round.save()
    send_due(OPENS)
    assert agency_rep.email in sent_to()
    mail.outbox.clear()
    send_due(ESCALATION)
    (to_unit,) = [m for m in mail.outbox if m.to == [business_unit.email]]
    assert f"Review action {review_action.pk}" in to_unit.body
    assert agency_rep.email in sent_to()


def test_case_review_clocks_are_e_mailed_with_the_reference_only(
    notification, business_unit, addresses
):
    notification.panel_notified_on = None
    notification.save()
    deadline = notification.panel_deadline
    send_due(deadline - datetime.timedelta(days=10))
    assert mail.outbox == []
    send_due(deadline)
    (message,) = mail.outbox
    assert message.to == [business_unit.email]
    assert "NSCP-2025/26-01: Panel notification due by" in message.body
    assert notification.summary not in message.body
    assert "young child" not in message.alternatives[0][0]
    send_due(deadline + datetime.timedelta(days=1))
    assert len(mail.outbox) == 2  # and once more when it has passed
    assert "(passed)" in mail.outbox[1].body


def test_a_rapid_review_deadline_is_e_mailed_2_working_days_before_with_the_reference_only(
    rapid_review, notification, business_unit, addresses
):
    from kscp.core.workdays import subtract_working_days

    rapid_review.completed_on = None
    rapid_review.save()
    deadline = rapid_review.deadline
    send_due(subtract_working_days(deadline, 3))
    assert mail.outbox == []
    send_due(subtract_working_days(deadline, 2))
    (message,) = mail.outbox
    assert message.to == [business_unit.email]
    assert f"{notification.reference}: Rapid review due by" in message.body
    assert "2 working days left" in message.body
    for detail in (notification.summary, rapid_review.rationale):
        assert detail not in message.body and detail not in message.alternatives[0][0]
    # The day after: a Saturday (0 working days on from Friday 27 June), yet it has passed.
    assert deadline.weekday() == 4
    send_due(deadline + datetime.timedelta(days=1))
    assert len(mail.outbox) == 2 and "(passed)" in mail.outbox[1].body


def test_the_command_says_what_it_sent(christmas_round, capsys):
    call_command("send_reminders", "--today", OPENS.isoformat())
    assert "2 e-mails sent, 0 failed" in capsys.readouterr().out


def test_sending_takes_the_same_queries_per_e_mail_whatever_the_items(
    christmas_round, plan, priority, group
):
    from plans.models import Objective

    with CaptureQueriesContext(connection) as small:
        send_due(OPENS)
    EmailDue.objects.all().delete()
    OutgoingEmail.objects.all().delete()
    for n in range(3, 40):
        extra = Objective.objects.create(
            plan=plan, priority=priority, number=f"1.{n}", action=f"Objective {n}"
        )
        add_owner(extra, group)
    with CaptureQueriesContext(connection) as large:
        send_due(OPENS)
    assert len(large) == len(small)


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="two runs at once need a database server (DATABASE_URL=postgres://...)",
)
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_e_mail_once(christmas_round):
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait()
            send_due(OPENS)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(mail.outbox) == 2
