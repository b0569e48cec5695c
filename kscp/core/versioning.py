"""Nothing lost: every record people edit carries a version number. A save made from a copy
read at an older version is refused, the other person's change is shown, and a second save
(from a form moved on to the current version) knowingly replaces it."""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.text import capfirst

STALE_UPDATE = (
    "Your changes have not been saved: {who} saved a change to this {noun} at {when} "
    "while you were editing it. Check their change below; your text is still in the form. "
    "Save again to replace their change with yours."
)
# The same person saved meanwhile: from another tab, or from this page before going back.
STALE_OWN_UPDATE = (
    "Your changes have not been saved: you saved a change to this {noun} at {when} on "
    "another page. Check that change below; your text is still in the form. Save again to "
    "replace that change with this one."
)
OUT_OF_DATE = "This page is out of date: open it again"
# Fields every change touches, never worth showing as "their change".
UNSHOWN_FIELDS = ("version", "created_at", "updated_at")


class StaleUpdateError(Exception):
    """Someone saved the record after this copy of it was read; their change stands until
    the editor has seen it and saves again."""

    def __init__(self, current: "Versioned", editor=None):
        super().__init__(f"{type(current).__name__} {current.pk} changed since it was read")
        self.current = current
        self.editor = editor  # who tried to save the stale copy, when the save said


class Versioned(models.Model):
    """A record two people may edit at once: its version rises with every save.

    One exception, for the service's own bookkeeping: a save whose `update_fields` name only
    fields of `bookkeeping_fields` (a person's `last_login` at sign-in, a password set or
    reset) is not an edit. It claims no version, so it is never refused as stale and never
    makes a form opened before it stale; it writes only those fields, so it overwrites
    nobody's change either."""

    # Fields that a save may write alone without counting as an edit (see above).
    bookkeeping_fields: frozenset[str] = frozenset()

    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Raised by every update, to refuse stale saves"
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """Every save of an existing record, from a form, the admin or a script, claims the
        next version in one conditional UPDATE, so of two saves from the same version one
        fails; a save of bookkeeping fields alone claims none."""
        update_fields = kwargs.get("update_fields")
        bookkeeping = update_fields is not None and set(update_fields) <= self.bookkeeping_fields
        with transaction.atomic():
            if not self._state.adding and not bookkeeping:
                model = type(self)
                claimed = model._default_manager.filter(pk=self.pk, version=self.version).update(
                    version=self.version + 1
                )
                if not claimed:
                    raise StaleUpdateError(
                        model._default_manager.get(pk=self.pk),
                        editor=getattr(self, "_history_user", None),
                    )
                self.version += 1
            super().save(*args, **kwargs)


def latest_change(record):
    """The record's latest history row: who saved it last, and when."""
    return record.history.select_related("history_user").order_by("-history_date").first()


def saved_by(change) -> tuple[str, str]:
    """Who saved `change` (a history row) and when, in words."""
    if change is None:
        return "someone", "a moment ago"
    who = str(change.history_user) if change.history_user else "someone"
    return who, formats.date_format(timezone.localtime(change.history_date), "j F Y, H:i")


def saved_by_editor(change, editor) -> bool:
    """Whether `change` (a history row) was saved by `editor` themself."""
    return (
        change is not None
        and editor is not None
        and change.history_user_id is not None
        and change.history_user_id == getattr(editor, "pk", None)
    )


def stale_message(stale: StaleUpdateError, *, noun: str, editor=None) -> str:
    """Why the stale save was refused, naming who saved meanwhile and when; "you" when it
    was the editor themself (on another page, or on this one before the back button)."""
    change = latest_change(stale.current)
    who, when = saved_by(change)
    if saved_by_editor(change, editor or stale.editor):
        return STALE_OWN_UPDATE.format(noun=noun, when=when)
    return STALE_UPDATE.format(who=who, noun=noun, when=when)


@dataclass(frozen=True)
class OtherChange:
    """The change someone else saved meanwhile, as the form page shows it: who, when, and
    each field they changed with its new value. `by_editor`: saved by the editor themself."""

    history_user: object
    history_date: object
    rows: list[tuple[str, str]]
    by_editor: bool = False


def other_change(record, editor=None) -> OtherChange | None:
    change = latest_change(record)
    if change is None:
        return None
    rows = []
    previous = change.prev_record
    if previous is not None:
        delta = change.diff_against(previous, excluded_fields=UNSHOWN_FIELDS)
        for name in delta.changed_fields:
            field = record._meta.get_field(name)
            if field.many_to_many:
                value = ", ".join(str(item) for item in getattr(record, name).all())
            elif field.choices:
                value = getattr(record, f"get_{name}_display")()
            else:
                value = getattr(record, name)
            rows.append((capfirst(field.verbose_name), "" if value is None else str(value)))
    return OtherChange(
        change.history_user, change.history_date, rows, saved_by_editor(change, editor)
    )


STALE_ADMIN_FORM = (
    "{record} was changed by {who} at {when} after you opened this page. Your changes "
    "have not been saved: open the page again to see theirs."
)


class VersionCheckedAdminForm(forms.ModelForm):
    """An admin form (or inline form) of a versioned record: it carries the version the
    editor opened, and a save from a stale one is refused, naming the record, rather than
    silently overwriting someone's update."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("seen_version", self.instance.version)
            self.fields["seen_version"].required = True

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get("seen_version")
        if self.instance.pk and seen is not None:
            current = type(self.instance)._default_manager.get(pk=self.instance.pk)
            if current.version != seen:
                who, when = saved_by(latest_change(current))
                raise ValidationError(
                    STALE_ADMIN_FORM.format(
                        record=f"{capfirst(current._meta.verbose_name)} {current}",
                        who=who,
                        when=when,
                    )
                )
        return cleaned


def version_checked(form_class: type[forms.ModelForm]) -> type[forms.ModelForm]:
    """`form_class` with the admin's version check."""
    if issubclass(form_class, VersionCheckedAdminForm):
        return form_class
    return type(form_class.__name__, (VersionCheckedAdminForm, form_class), {})
