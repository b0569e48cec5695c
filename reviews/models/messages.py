"""The messages of the case records' own rules, shown on the fields they concern and asserted
by the tests."""

from django.utils import timezone

# Each date rule names its date ("The date of the rapid review meeting cannot be in the
# future"): by the field's label, or by the model's `date_names` where the label alone does
# not say which date it is.
FUTURE_DATE = "The {field} cannot be in the future"
AWARE_BEFORE_INCIDENT = "The local authority cannot become aware before the incident"
PANEL_BEFORE_AWARE = "The Panel cannot be notified before the local authority became aware"
OTHER_PARTNERSHIP_REASON = "Select a referral reason of this partnership"
RATIONALE_REQUIRED = "Enter the reasons for the decision"
DECISION_BEFORE_COMPLETE = "Select the decision before recording the review as complete"
BEFORE_AWARE = "The {field} cannot be before the local authority became aware"
COMPLETED_BEFORE_MEETING = "The review cannot be completed before it met"
SENT_BEFORE_COMPLETE = "The review cannot be sent to the Panel before it is complete"
CHAIR_OTHER_PARTNERSHIP = "The chair must be a person of the partnership"
COMPLETED_BEFORE_START = "The review cannot be completed before it started"
TARGET_BEFORE_START = "The target date must be after the start date"
PUBLISHED_BEFORE_COMPLETE = "The review cannot be published before it is complete"
PUBLICATION_DATE_REQUIRED = "Enter the publication date of a published review"
PUBLISHED_STAGE_REQUIRED = "A review with a publication date is published or closed"
NOTIFICATION_OTHER_PARTNERSHIP = "The notification must be of the same partnership"
THEME_OTHER_PARTNERSHIP = "Select a theme of this partnership"
OBJECTIVE_OTHER_PARTNERSHIP = "Select an objective of this partnership's plans"
OWNER_REQUIRED = "Select the agency or the group that owns the action"
AGENCY_OTHER_PARTNERSHIP = "Select an agency of this partnership"
GROUP_OTHER_PARTNERSHIP = "Select a group of this partnership"
PANEL_NOT_REQUIRED = "Remove the date notified to the Panel, or say that the Panel must be notified"


def date_name(model, field: str) -> str:
    """How the date rules name the model's date `field`."""
    return getattr(model, "date_names", {}).get(field) or model._meta.get_field(field).verbose_name


def future_date(model, field: str) -> str:
    """FUTURE_DATE for the model's date `field`."""
    return FUTURE_DATE.format(field=date_name(model, field))


def before_aware(model, field: str) -> str:
    """BEFORE_AWARE for the model's date `field`."""
    return BEFORE_AWARE.format(field=date_name(model, field))


def not_in_future(errors: dict, record, *fields: str) -> None:
    """Add FUTURE_DATE to `errors` for each of the record's dates, `fields`, after today."""
    today = timezone.localdate()
    for field in fields:
        value = getattr(record, field)
        if value and value > today:
            errors.setdefault(field, future_date(record, field))
