"""The one form page of the partnership's records (case reviews, training): a heading with
its caption, a back link, the error summary, the form, one button and a cancel link. The
views stay explicit; a view of a form page reads

    form = CourseForm(posted(request), partnership=partnership)
    if form.is_valid():
        with refusal_on(form):
            course = services.course_create(partnership=partnership, ..., **form.cleaned_data)
            return saved(request, COURSE_ADDED.format(title=course.title), course_url(course))
    return form_page(request, form, FormPage(title="Add a course", ...))

so that a service's refusal (a ValidationError) shows on the form, not as a server error, and
a save from a stale page (a StaleUpdateError: someone saved the record meanwhile) is refused
on the form, which shows their change and moves on to the current version."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from kscp.core.versioning import StaleUpdateError

TEMPLATE = "kscp/form_page.html"
SAVE_CHANGES = "Save changes"


@dataclass(frozen=True)
class FormPage:
    """What a form page says around its form. `inset`: the text the form answers (the
    learning point an action is for); `clock`: a deadline with its status (`deadline`,
    `status`, `tag_class`), after `clock_rule`, the rule that sets it; `then`: a second
    submit button."""

    title: str
    caption: str
    back_url: str
    back_label: str
    submit: str
    intro: str = ""
    inset: str = ""
    clock: object = None
    clock_rule: str = ""
    # A second way to save, (value, words): the form posts then=value ("Create the draft
    # and import it from a file").
    then: tuple[str, str] | None = None

    @classmethod
    def change(cls, what: str, *, caption: str, back_url: str) -> "FormPage":
        """The page that changes `what` ("the course Safer sleep") and leads back to it."""
        return cls(
            title=f"Change {what}",
            caption=caption,
            back_url=back_url,
            back_label=f"Back to {what}",
            submit=SAVE_CHANGES,
        )


def posted(request):
    """The posted data for a bound form, or None for an empty one."""
    return request.POST if request.method == "POST" else None


@contextmanager
def refusal_on(form) -> Iterator[None]:
    """Run a save; if the service refuses it, show why on the form, on the fields it names
    (the form's `add_service_errors`, as PartnershipModelForm's), and go on to show the form
    again. A stale save is refused by the form (VersionedForm's `refuse_stale`)."""
    try:
        yield
    except ValidationError as error:
        form.add_service_errors(error)
    except StaleUpdateError as stale:
        form.refuse_stale(stale)


def saved(request, message: str, next_url: str):
    """Say that the record was saved, on the page it leads to."""
    messages.success(request, message)
    return redirect(next_url)


def form_page(request, form, page: FormPage):
    """Show the form page, with the change someone else saved meanwhile if the form refused
    a stale save (its `conflict`, kscp.core.versioning.OtherChange)."""
    conflict = getattr(form, "conflict", None)
    return render(request, TEMPLATE, {"form": form, "page": page, "conflict": conflict})
