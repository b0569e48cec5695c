"""Every error message names its field (issue 14, item 16): no form of the product keeps a
message of Django's own ("This field is required.", "Select a valid choice…", "Enter a
whole number."), which in an error summary of several cannot be told apart. (The forms of
every app: this folder's conftest brings the case and the course.)"""

import datetime

import pytest
from django import forms

from kscp.assurance import forms as report_forms
from kscp.core.forms import NamedErrorsForm, django_default_messages, name_field_errors
from kscp.core.preferences import EmailPreferencesForm
from kscp.core.signin import SignInForm
from kscp.core.updating import TrackedItemUpdateForm
from kscp.overview.boardpack_views import BoardPackForm
from kscp.rounds.forms import RoundFilterForm, RoundForm
from plans import forms as plan_forms
from plans.views.plan import AsAtForm
from reviews.forms.cases import NotificationForm, RapidReviewForm, ReviewForm
from reviews.forms.learning import DisseminationForm, LearningPointForm, ReviewActionForm
from reviews.models import REVIEW_ACTION_PROGRESS_KEY
from training.forms.attendance import AttendanceEditForm, AttendanceForm, RegisterForm
from training.forms.courses import CancelSessionForm, CourseForm, SessionForm
from training.forms.imports import ElearningUploadForm, UploadForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def every_form(
    partnership, plan, objective, notification, review, learning_point, course, session, attendance
):
    return {
        "sign in": SignInForm(),
        "e-mail choices": EmailPreferencesForm(),
        "plan": plan_forms.PlanForm(),
        "priority": plan_forms.PriorityForm(plan=plan),
        "objective": plan_forms.ObjectiveForm(plan=plan),
        "action": plan_forms.ActionForm(objective=objective),
        "roll forward": plan_forms.RollForwardForm(plan=plan),
        "plan lifecycle": plan_forms.LifecycleForm(instance=plan),
        "plan version": plan_forms.PlanVersionForm(instance=plan),
        "plan as stood on": AsAtForm(today=datetime.date(2026, 1, 1)),
        "update round": RoundForm(partnership=partnership),
        "update round filters": RoundFilterForm(plans=[], groups=[]),
        "yearly report": report_forms.ReportForm(),
        "report section": report_forms.SectionForm(),
        "sign-off": report_forms.SignOffForm(),
        "comment": report_forms.CommentForm(),
        "evaluation": report_forms.EvaluationForm(),
        "publishing": report_forms.PublishForm(),
        "sending": report_forms.SendingForm(),
        "budget line": report_forms.BudgetLineForm(),
        "section image": report_forms.SectionImageForm(),
        "notification": NotificationForm(partnership=partnership),
        "rapid review": RapidReviewForm(notification=notification),
        "review": ReviewForm(partnership=partnership),
        "review (edit)": ReviewForm(partnership=partnership, instance=review),
        "learning point": LearningPointForm(review=review),
        "review action": ReviewActionForm(learning_point=learning_point),
        "dissemination": DisseminationForm(review=review),
        "course": CourseForm(partnership=partnership),
        "session": SessionForm(course=course),
        "attendance": AttendanceForm(session=session),
        "attendance (edit)": AttendanceEditForm(session=session, instance=attendance),
        "register": RegisterForm(attendances=[attendance]),
        "cancel session": CancelSessionForm(),
        "upload": UploadForm(),
        "e-learning upload": ElearningUploadForm(),
        "update": TrackedItemUpdateForm(progress_key=REVIEW_ACTION_PROGRESS_KEY),
        "board pack": BoardPackForm(
            partnership_id=partnership.pk, today=datetime.date.today(), case_reviews=True
        ),
    }


def test_no_form_keeps_a_message_of_djangos_own(every_form):
    generic = []
    for form_name, form in every_form.items():
        for name, field in form.fields.items():
            defaults = django_default_messages(field)
            for code, message in field.error_messages.items():
                if code in defaults and message == defaults[code]:
                    if isinstance(field, forms.FileField) and code != "required":
                        continue  # the upload checks (empty, too long a name) say the file
                    generic.append((form_name, name, code, message))
            for validator in field.validators:
                code = getattr(validator, "code", None)
                if not code or code in field.error_messages:
                    continue
                # Django's message, unless the validator was given one of the form's own.
                if validator.message == getattr(type(validator), "message", None):
                    generic.append((form_name, name, code, str(validator.message)))
    assert generic == [], "\n".join(map(str, generic))


def test_a_named_message_says_the_field_in_words():
    class Form(NamedErrorsForm):
        cost = forms.DecimalField(label="Cost (£)", min_value=0)
        note = forms.CharField(label="Note (optional)", max_length=300, required=False)
        kind = forms.ChoiceField(label="Kind of review", choices=[("a", "A")])

    form = Form({"cost": "-1", "note": "x" * 301, "kind": "zzz"})
    assert form.errors == {
        "cost": ["The cost (£) must be 0 or more"],
        "note": ["The note must be 300 characters or fewer"],
        "kind": ["Select the kind of review from the list"],
    }
    assert Form({}).errors["kind"] == ["Select the kind of review"]


def test_a_forms_own_message_is_kept():
    class Form(forms.Form):
        reference = forms.CharField(error_messages={"required": "Enter the reference"})
        count = forms.IntegerField(label="Number reached")

    form = Form({"count": "many"})
    name_field_errors(form)
    assert form.errors == {
        "reference": ["Enter the reference"],
        "count": ["Enter the number reached as a whole number"],
    }


def test_an_owner_typed_too_long_is_refused_naming_its_place(plan):
    from plans.models import OWNER_TEXT_MAX_LENGTH

    form = plan_forms.ObjectiveForm({"owner_2_text": "x" * (OWNER_TEXT_MAX_LENGTH + 1)}, plan=plan)
    assert form.errors["owner_2_text"] == [
        f"Owner 2: the other owner must be {OWNER_TEXT_MAX_LENGTH} characters or fewer"
    ]


def test_the_yearly_reports_title_too_long_and_a_nonsense_e_mail_choice_name_the_field():
    assert report_forms.ReportForm({"title": "x" * 301}).errors["title"] == [
        "The title must be 300 characters or fewer"
    ]
    assert EmailPreferencesForm({"receives_reminders": "maybe"}).errors["receives_reminders"] == [
        "Select whether you want reminders"
    ]
