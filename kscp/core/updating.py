"""The update page of every tracked item (business-plan objectives and actions, review
actions): one form, one flow. The caller says which RAG values are offered (a plan's progress
key, or the review actions' key) and where the page leads back to."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import formats, timezone

from kscp.core.fields import PROGRESS_MAX_LENGTH, text_too_long
from kscp.core.forms import GovukTextareaField, NamedErrorsForm
from kscp.core.services import (
    COMMENT_REQUIRED,
    RAG_NOT_IN_KEY,
    tracked_item_confirm_no_change,
    tracked_item_update,
)
from kscp.core.templatetags.govuk import rag_tag
from kscp.core.tracking import RAG_NEEDING_COMMENT, TrackedItem
from kscp.core.versioning import (
    OtherChange,
    StaleUpdateError,
    latest_change,
    saved_by_editor,
    stale_message,
)

OUT_OF_DATE = "This page is out of date: open the update page again"
# The progress field starts with the text last saved (the plan and its PDF show the progress
# as it stands, not a log), and its hint says so.
PROGRESS_HINT_PREFILLED = (
    "This is the progress as last saved on {when}: change it to say where things stand now. "
    "Required for Red or Amber."
)
PROGRESS_HINT_EMPTY = "Where things stand now. Required for Red or Amber."
UPDATE_SAVED = "Your update to {subject} has been saved"
NO_CHANGE_SAVED = "You have confirmed that {subject} has not changed since the last update"
NO_CHANGE = "confirm_no_change"  # the name of the "No change" button


class TrackedItemUpdateForm(NamedErrorsForm):
    """An owner's update: RAG in the key's own words, progress and evidence."""

    rag = forms.ChoiceField(
        label="Status",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a status",
            "invalid_choice": RAG_NOT_IN_KEY,
        },
    )
    progress = GovukTextareaField(
        label="Progress",
        required=False,
        max_length=PROGRESS_MAX_LENGTH,
        error_messages={"max_length": text_too_long("Progress", PROGRESS_MAX_LENGTH)},
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=PROGRESS_HINT_EMPTY,
    )
    evidence = GovukTextareaField(
        label="Evidence",
        required=False,
        max_length=PROGRESS_MAX_LENGTH,
        error_messages={"max_length": text_too_long("Evidence", PROGRESS_MAX_LENGTH)},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Where the evidence of progress can be found, for example a report or audit",
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE},
    )

    def __init__(self, *args, progress_key, item: TrackedItem | None = None, **kwargs):
        """`progress_key`: (value, label, meaning) of every RAG value offered; `item`: the
        item updated, whose last progress the field starts with."""
        super().__init__(*args, **kwargs)
        if item is not None and item.progress:
            when = formats.date_format(timezone.localtime(item.updated_at), "j F Y")
            self.fields["progress"].help_text = PROGRESS_HINT_PREFILLED.format(when=when)
        self.fields["rag"].choices = [(value, label) for value, label, _ in progress_key]
        self.fields["rag"].choice_hints = {
            value: meaning for value, label, meaning in progress_key if meaning != label
        }

    def clean(self):
        cleaned = super().clean()
        progress = cleaned.get("progress")  # None when refused already (too long)
        if (
            cleaned.get("rag") in RAG_NEEDING_COMMENT
            and progress is not None
            and not progress.strip()
        ):
            self.add_error("progress", COMMENT_REQUIRED)
        return cleaned


@dataclass
class UpdatePage:
    """What the update page says about the item: its heading, its description, and where it
    leads back to."""

    noun: str  # "objective", "action", "review action"
    subject: str  # "objective 1.1"
    caption: str  # the plan's title, or the owner of a review action
    description: str
    back_url: str
    back_label: str
    progress_key: list[tuple[str, str, str]]


def tracked_item_update_page(request, *, item: TrackedItem, page: UpdatePage):
    """The update form of the item: a valid update is saved and the page leads back; a stale
    one (someone else saved meanwhile) is refused, showing their change."""
    conflict = None
    if request.method != "POST":
        form = TrackedItemUpdateForm(
            initial=_current_values(item), progress_key=page.progress_key, item=item
        )
    elif NO_CHANGE in request.POST:
        form = TrackedItemUpdateForm(
            initial=_current_values(item), progress_key=page.progress_key, item=item
        )
        try:
            version = int(request.POST.get("version", ""))
            tracked_item_confirm_no_change(item=item, user=request.user, version=version)
        except ValueError:
            form.add_error(None, OUT_OF_DATE)
        except StaleUpdateError as stale:
            # Shown at the current values, for the owner to read the change and decide again.
            item = stale.current
            form = TrackedItemUpdateForm(
                _current_values(item), progress_key=page.progress_key, item=item
            )
            form.is_valid()
            conflict = _refuse_stale_update(request, form, stale, page)
            form.data = _current_values(item)
        else:
            messages.success(request, NO_CHANGE_SAVED.format(subject=page.subject))
            return redirect(page.back_url)
    else:
        form = TrackedItemUpdateForm(request.POST, progress_key=page.progress_key, item=item)
        if form.is_valid():
            try:
                _save_update(request, form, item=item, page=page)
            except StaleUpdateError as stale:
                item, conflict = stale.current, _refuse_stale_update(request, form, stale, page)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, UPDATE_SAVED.format(subject=page.subject))
                return redirect(page.back_url)
    context = {"form": form, "item": item, "page": page, "conflict": conflict}
    return render(request, "kscp/update.html", context)


def _current_values(item: TrackedItem) -> dict:
    return {
        "rag": item.rag,
        "progress": item.progress,
        "evidence": item.evidence,
        "version": item.version,
    }


def _save_update(request, form: TrackedItemUpdateForm, *, item: TrackedItem, page: UpdatePage):
    """Save the update, if the item is still at the version the form was read at."""
    tracked_item_update(
        item=item,
        user=request.user,
        rag=form.cleaned_data["rag"],
        progress=form.cleaned_data["progress"],
        evidence=form.cleaned_data["evidence"],
        version=form.cleaned_data["version"],
        allowed_rags=[value for value, _, _ in page.progress_key],
    )


def _refuse_stale_update(request, form, stale: StaleUpdateError, page: UpdatePage):
    """Say who changed the item meanwhile, and when; keep the editor's text, and move the
    form to the current version so that a second save knowingly replaces the other change.
    Returns that change, for the page to show."""
    change = latest_change(stale.current)
    form.add_error(None, stale_message(stale, noun=page.noun, editor=request.user))
    data = request.POST.copy()
    data["version"] = stale.current.version
    form.data = data
    if change is None:
        return None
    rows = [
        ("Status", rag_tag(change.rag)),
        ("Progress", change.progress),
        ("Evidence", change.evidence),
    ]
    return OtherChange(
        change.history_user,
        change.history_date,
        rows,
        saved_by_editor(change, request.user),
    )


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    """The model's errors on their fields, or on the whole form for a field it lacks."""
    for field, errors in error.message_dict.items():
        for message in errors:
            form.add_error(field if field in form.fields else None, message)
