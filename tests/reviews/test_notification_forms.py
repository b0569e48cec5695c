"""Recording a serious incident notification: the GOV.UK date inputs, the model's date rules
on the fields they concern, a reference used once per partnership, and who may record."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kscp.core.forms import DATE_INCOMPLETE, DATE_NOT_REAL, DATE_REQUIRED, date_out_of_range
from reviews import services
from reviews.forms.cases import (
    AGE_BAND_REQUIRED,
    NATURE_REQUIRED,
    REFERENCE_REQUIRED,
    REFERENCE_TAKEN,
    REFERRAL_REASON_REQUIRED,
    NotificationForm,
)
from reviews.models import (
    AWARE_BEFORE_INCIDENT,
    PANEL_BEFORE_AWARE,
    PANEL_NOT_REQUIRED,
    Notification,
    ReferralReason,
    future_date,
)
from reviews.views.notifications import NOTIFICATION_RECORDED, NOTIFICATION_SAVED
from tests.form_data import dates
from tests.helpers import form_errors

pytestmark = pytest.mark.django_db

ADD_URL = reverse("reviews:notification_add")


def notification_data(partnership, **changes):
    data = {
        "reference": "NSCP-2025/26-02",
        "nature": Notification.Nature.DEATH,
        "referral_reason": ReferralReason.objects.get(partnership=partnership, name="Neglect").pk,
        "age_band": Notification.AgeBand.UNDER_1,
        "summary": "A sudden unexpected death of an infant.",
        "panel_notification_required": "on",
        **dates(
            incident_on=datetime.date(2025, 9, 1),
            la_aware_on=datetime.date(2025, 9, 2),
            panel_notified_on=datetime.date(2025, 9, 4),
        ),
    }
    data.update(changes)
    return data


def test_business_unit_records_a_notification_and_sees_its_page(
    client, business_unit, partnership, agency, police
):
    client.force_login(business_unit)
    response = client.post(
        ADD_URL, notification_data(partnership, agencies=[agency.pk, police.pk]), follow=True
    )
    notification = Notification.objects.get(reference="NSCP-2025/26-02")
    assert response.redirect_chain[-1][0] == reverse("reviews:notification", args=[notification.pk])
    assert NOTIFICATION_RECORDED.format(reference="NSCP-2025/26-02") in response.content.decode()
    assert notification.partnership == partnership
    assert notification.la_aware_on == datetime.date(2025, 9, 2)
    assert set(notification.agencies.all()) == {agency, police}
    assert notification.panel_deadline == datetime.date(2025, 9, 9)


def test_the_notification_history_names_who_recorded_it(client, business_unit, partnership):
    client.force_login(business_unit)
    client.post(ADD_URL, notification_data(partnership))
    notification = Notification.objects.get(reference="NSCP-2025/26-02")
    assert {record.history_user for record in notification.history.all()} == {business_unit}


def test_an_empty_form_asks_for_each_required_answer_in_words(client, business_unit):
    client.force_login(business_unit)
    response = client.post(ADD_URL, {})
    errors = form_errors(response)
    assert errors["reference"] == [REFERENCE_REQUIRED]
    assert errors["incident_on"] == [DATE_REQUIRED.format(what="date of the incident")]
    assert errors["la_aware_on"] == [
        DATE_REQUIRED.format(what="date the local authority became aware")
    ]
    assert errors["nature"] == [NATURE_REQUIRED]
    assert errors["referral_reason"] == [REFERRAL_REASON_REQUIRED]
    assert errors["age_band"] == [AGE_BAND_REQUIRED]
    assert "panel_notified_on" not in errors
    assert "Enter the date of the incident" in response.content.decode()
    assert response.content.decode().count("Error:") > 1  # the title and each message


def test_a_date_missing_its_month_says_so_once(client, business_unit, partnership):
    client.force_login(business_unit)
    data = notification_data(partnership, incident_on_month="")
    response = client.post(ADD_URL, data)
    assert form_errors(response)["incident_on"] == [
        DATE_INCOMPLETE.format(label="Date of the incident", missing="month")
    ]
    html = response.content.decode()
    assert 'href="#id_incident_on_day"' in html  # the error summary leads to the first box
    assert html.count("govuk-input--error") == 3  # day, month and year boxes marked


def test_a_date_that_does_not_exist_is_not_a_real_date(client, business_unit, partnership):
    client.force_login(business_unit)
    data = notification_data(partnership, incident_on_day="31", incident_on_month="2")
    response = client.post(ADD_URL, data)
    assert form_errors(response)["incident_on"] == [
        DATE_NOT_REAL.format(label="Date of the incident")
    ]


@pytest.mark.parametrize(
    "field, label",
    [
        ("incident_on", "Date of the incident"),
        ("panel_notified_on", "Date notified to the Panel"),
    ],
)
def test_a_date_before_2000_is_refused_naming_the_field(
    client, business_unit, partnership, field, label
):
    client.force_login(business_unit)
    data = notification_data(partnership, **{f"{field}_year": "1000"})
    response = client.post(ADD_URL, data)
    message = date_out_of_range(label)
    assert message.startswith(f"{label} must be between 1 January 2000 and 31 December ")
    assert form_errors(response)[field] == [message]
    assert not Notification.objects.exists()


def test_an_incident_in_the_future_is_refused(client, business_unit, partnership):
    client.force_login(business_unit)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = notification_data(partnership, **dates(incident_on=tomorrow, la_aware_on=tomorrow))
    response = client.post(ADD_URL, data)
    assert form_errors(response)["incident_on"] == [future_date(Notification, "incident_on")]
    assert form_errors(response)["la_aware_on"] == [
        "The date the local authority became aware cannot be in the future"
    ]
    assert not Notification.objects.exists()


def test_awareness_before_the_incident_is_refused_on_the_awareness_date(
    client, business_unit, partnership
):
    client.force_login(business_unit)
    data = notification_data(partnership, **dates(la_aware_on=datetime.date(2025, 8, 31)))
    response = client.post(ADD_URL, data)
    assert form_errors(response)["la_aware_on"] == [AWARE_BEFORE_INCIDENT]


def test_the_panel_cannot_be_notified_before_the_local_authority_knew(
    client, business_unit, partnership
):
    client.force_login(business_unit)
    data = notification_data(partnership, **dates(panel_notified_on=datetime.date(2025, 9, 1)))
    response = client.post(ADD_URL, data)
    assert form_errors(response)["panel_notified_on"] == [PANEL_BEFORE_AWARE]


def test_an_incident_the_panel_need_not_know_of_has_no_panel_clock(
    client, business_unit, partnership
):
    client.force_login(business_unit)
    data = notification_data(partnership, **dates(panel_notified_on=None))
    del data["panel_notification_required"]
    response = client.post(ADD_URL, data, follow=True)
    notification = Notification.objects.get(reference="NSCP-2025/26-02")
    assert notification.panel_notification_required is False
    assert notification.panel_deadline is None
    assert "the Panel need not be notified" in response.content.decode()
    assert '<strong class="govuk-tag app-tag--clock govuk-tag--grey">Not required</strong>' in (
        response.content.decode()
    )


def test_a_panel_date_for_an_incident_the_panel_need_not_know_of_is_refused(
    client, business_unit, partnership
):
    client.force_login(business_unit)
    data = notification_data(partnership)
    del data["panel_notification_required"]
    response = client.post(ADD_URL, data)
    assert form_errors(response)["panel_notified_on"] == [PANEL_NOT_REQUIRED]


def test_a_reference_is_used_once_in_a_partnership(
    client, business_unit, partnership, notification
):
    client.force_login(business_unit)
    response = client.post(
        ADD_URL, notification_data(partnership, reference=notification.reference.lower())
    )
    assert form_errors(response)["reference"] == [REFERENCE_TAKEN]


def test_another_partnership_may_use_the_same_reference(outsider, other_partnership, notification):
    form = NotificationForm(
        notification_data(other_partnership, reference=notification.reference),
        partnership=other_partnership,
    )
    assert form.is_valid(), form.errors


def test_only_active_referral_reasons_of_the_partnership_are_offered(
    partnership, other_partnership
):
    retired = ReferralReason.objects.get(partnership=partnership, name="Trafficking")
    retired.is_active = False
    retired.save()
    offered = set(NotificationForm(partnership=partnership).fields["referral_reason"].queryset)
    assert retired not in offered
    assert all(reason.partnership == partnership for reason in offered)
    assert ReferralReason.objects.get(partnership=partnership, name="Neglect") in offered


def test_a_retired_reason_stays_offered_to_the_notification_that_has_it(notification):
    reason = notification.referral_reason
    reason.is_active = False
    reason.save()
    form = NotificationForm(instance=notification, partnership=notification.partnership)
    assert reason in form.fields["referral_reason"].queryset


def test_only_the_partnerships_agencies_are_offered(partnership, agency, other_partnership):
    from kscp.core.models import Agency, Sector

    elsewhere = Agency.objects.create(
        partnership=other_partnership, name="Southdale Council", sector=Sector.LOCAL_AUTHORITY
    )
    offered = set(NotificationForm(partnership=partnership).fields["agencies"].queryset)
    assert agency in offered
    assert elsewhere not in offered


def test_business_unit_changes_a_notification(client, business_unit, partnership, notification):
    client.force_login(business_unit)
    data = notification_data(
        partnership,
        reference=notification.reference,
        summary="Changed",
        version=notification.version,
    )
    response = client.post(reverse("reviews:notification_edit", args=[notification.pk]), data)
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.summary == "Changed"
    assert notification.history.latest().history_user == business_unit
    follow = client.get(response.url)
    assert NOTIFICATION_SAVED.format(reference=notification.reference) in follow.content.decode()


def test_the_notification_form_has_a_back_link_and_a_cancel_link(client, business_unit):
    client.force_login(business_unit)
    html = client.get(ADD_URL).content.decode()
    assert 'class="govuk-back-link"' in html
    assert ">Cancel</a>" in html
    assert "never a child" in html.lower()


@pytest.mark.parametrize("persona", ["executive", "scrutineer", "reviewer"])
def test_readers_of_case_records_cannot_record_a_notification(
    client, request, partnership, review_group, persona
):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(ADD_URL, notification_data(partnership))
    assert response.status_code == 403
    assert not Notification.objects.exists()


def test_readers_see_the_notification_without_change_buttons(
    client, executive, notification, rapid_review
):
    client.force_login(executive)
    html = client.get(reverse("reviews:notification", args=[notification.pk])).content.decode()
    assert notification.reference in html
    assert reverse("reviews:notification_edit", args=[notification.pk]) not in html
    assert reverse("reviews:rapid_review_edit", args=[rapid_review.pk]) not in html


def test_the_notification_page_shows_the_panel_clock_in_words(client, business_unit, notification):
    client.force_login(business_unit)
    html = client.get(reverse("reviews:notification", args=[notification.pk])).content.decode()
    clock = notification.panel_clock()
    assert clock.status == "Done on time"
    assert f'govuk-tag app-tag--clock {clock.tag_class}">{clock.status}' in html
    assert "Due by 10 June 2025" in html


def test_the_notification_service_validates_in_full(partnership, business_unit, notification):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.notification_create(
            partnership=partnership,
            user=business_unit,
            reference=notification.reference,
            incident_on=datetime.date(2025, 9, 1),
            la_aware_on=datetime.date(2025, 9, 2),
            nature=Notification.Nature.DEATH,
            referral_reason=notification.referral_reason,
            age_band=Notification.AgeBand.UNDER_1,
        )
