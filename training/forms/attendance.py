"""The forms of the places on a session: the register of who came, taken in one form, and
a place booked by hand with the attendee's evaluation."""

from django import forms
from django.core.exceptions import ValidationError

from kscp.core.forms import name_field_errors
from kscp.core.models import Agency
from kscp.core.versioning import OUT_OF_DATE
from training.forms.base import TrainingForm
from training.models import CONFIDENCE_RANGE, Attendance
from training.services import REGISTER_MARKS, REGISTER_STATUS_INVALID

NAME_REQUIRED = "Enter the attendee's name"
EMAIL_INVALID = "Enter a work e-mail address in the correct format, like name@example.org"
AGENCY_REQUIRED = "Select the attendee's agency"
ATTENDANCE_STATUS_REQUIRED = "Select whether the attendee is booked, attended or did not attend"
# What anonymising removes (training.services.attendance_anonymise): never asked again.
ANONYMISED_FIELDS = ("name", "email", "job_title")


class RegisterForm(forms.Form):
    """The register of a session: for each booked place, whether the person attended, did not
    attend or cancelled. A place left unmarked keeps its status. Each place posts back,
    hidden, the version it was read at, so that a mark from an older page does not undo
    someone else's."""

    def __init__(self, *args, attendances, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        choices = [(status.value, status.label) for status in REGISTER_MARKS]
        for number, attendance in enumerate(attendances, start=1):
            name = f"status_{attendance.pk}"
            self.fields[name] = forms.ChoiceField(
                label=attendee_label(attendance, number),
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                initial=attendance.status if attendance.status in REGISTER_MARKS else None,
                error_messages={"invalid_choice": REGISTER_STATUS_INVALID},
            )
            self.fields[f"version_{attendance.pk}"] = forms.IntegerField(
                widget=forms.HiddenInput,
                required=False,
                initial=attendance.version,
                error_messages={"invalid": OUT_OF_DATE},
            )
            self.rows.append((number, attendance, name))
        name_field_errors(self)

    def bound_rows(self):
        """Each attendee with its number and the bound field of its radios."""
        return [(number, attendance, self[name]) for number, attendance, name in self.rows]

    def marks(self) -> dict[int, str]:
        return {
            attendance.pk: self.cleaned_data[name]
            for _, attendance, name in self.rows
            if self.cleaned_data.get(name)
        }

    def versions(self) -> dict[int, int | None]:
        """The version of each place the marks were made from."""
        return {
            attendance.pk: self.cleaned_data.get(f"version_{attendance.pk}")
            for _, attendance, _ in self.rows
        }

    def add_service_errors(self, error: ValidationError) -> None:
        """The register service names bad attendance records by id. A place someone else
        changed meanwhile moves on to its current version, so that saving again knowingly
        replaces their change."""
        data = self.data.copy()
        for key, errors in error.error_dict.items():
            name = f"status_{key}"
            for refusal in errors:
                if refusal.code == "stale":
                    data[f"version_{key}"] = refusal.params["version"]
                self.add_error(name if name in self.fields else None, refusal.message)
        self.data = data


def attendee_name(attendance: Attendance) -> str:
    if attendance.name:
        return attendance.name
    return "Name removed" if attendance.anonymised_at else "Name not recorded"


def attendee_label(attendance: Attendance, number: int) -> str:
    """How the register names a place: its number, the person and their agency, so that two
    places of the same agency with no name still differ."""
    return f"{number}. {attendee_name(attendance)}, {attendance.agency}"


CONFIDENCE_CHOICES = [
    (1, "1: not at all confident"),
    (2, "2"),
    (3, "3"),
    (4, "4"),
    (5, "5: very confident"),
    ("", "Not given"),
]


def _confidence_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=CONFIDENCE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect(attrs={"small": True}),
        error_messages={"invalid_choice": CONFIDENCE_RANGE},
    )


class AttendanceForm(TrainingForm):
    """A place on a session, booked by hand (a booking system's export is imported
    instead). An anonymised record has no name, e-mail or job title left to change, and
    none can be given back to it."""

    class Meta:
        model = Attendance
        fields = ["name", "email", "job_title", "agency", "status"]
        labels = {"name": "Name", "job_title": "Job title", "agency": "Agency"}
        widgets = {"status": forms.RadioSelect}
        error_messages = {
            "email": {"invalid": EMAIL_INVALID},
            "agency": {"required": AGENCY_REQUIRED},
            "status": {"required": ATTENDANCE_STATUS_REQUIRED},
        }

    choice_names = {"agency": "agency"}

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.session = session
        agency = self.fields["agency"]
        agency.queryset = Agency.objects.filter(partnership_id=session.course.partnership_id)
        agency.empty_label = "Choose an agency"
        if self.instance.anonymised_at:
            for name in ANONYMISED_FIELDS:
                del self.fields[name]
        else:
            self.fields["name"].required = True
            self.fields["name"].error_messages["required"] = NAME_REQUIRED


class AttendanceEditForm(AttendanceForm):
    """A place and what the attendee said of the course: their confidence before and after
    (1 to 5) and the difference it makes to their practice."""

    confidence_before = _confidence_field("Confidence before the course")
    confidence_after = _confidence_field("Confidence after the course")

    class Meta(AttendanceForm.Meta):
        fields = [
            *AttendanceForm.Meta.fields,
            "confidence_before",
            "confidence_after",
            "impact_comment",
        ]
        widgets = {
            **AttendanceForm.Meta.widgets,
            "impact_comment": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"impact_comment": "What the attendee said they will do differently"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("confidence_before", "confidence_after"):
            self.fields[name].choices = CONFIDENCE_CHOICES  # with "Not given", to untick
