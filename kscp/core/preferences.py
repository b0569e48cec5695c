"""A person's own e-mail choices ("Your e-mail"): whether they get update rounds' opening
e-mails and reminders. Escalations after a deadline and account e-mails always go."""

from django import forms

from kscp.core.formpages import FormPage, form_page, posted, saved
from kscp.core.forms import NamedErrorsForm
from kscp.core.models import User

SAVED = "Your e-mail choices have been saved"
CHOOSE = "Select whether you want reminders"


class EmailPreferencesForm(NamedErrorsForm):
    receives_reminders = forms.TypedChoiceField(
        label="Do you want e-mails when an update round opens, and reminders before its deadline?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE, "invalid_choice": CHOOSE},
        help_text="If an update of yours is still missing after a deadline, you and the chair "
        "of your group are e-mailed whatever you choose here.",
    )


def email_preferences(request):
    user: User = request.user
    form = EmailPreferencesForm(
        posted(request), initial={"receives_reminders": "yes" if user.receives_reminders else "no"}
    )
    if form.is_valid():
        user.receives_reminders = form.cleaned_data["receives_reminders"]
        user._history_user = user
        user.save(update_fields=["receives_reminders"])
        return saved(request, SAVED, request.path)
    page = FormPage(
        title="Your e-mail",
        caption=user.email or "No e-mail address recorded: ask your business unit to add one",
        back_url="/",
        back_label="Back to home",
        submit="Save your choices",
    )
    return form_page(request, form, page)
