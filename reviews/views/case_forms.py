"""What every form page of a case record does: check that the user may record cases, show
the form, save it through a service, say so and go back to the record's page."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

TEMPLATE = "reviews/case_form.html"


def posted(request):
    """The posted data for a bound form, or None for an empty one."""
    return request.POST if request.method == "POST" else None


def form_page(
    request,
    form,
    *,
    save: Callable[[dict], object],
    saved: Callable[[object], str],
    next_url: Callable[[object], str],
    page: dict,
    template: str = TEMPLATE,
):
    """Show `form`; on a valid post, save its data with `save`, then show the message that
    `saved` makes of the saved record on the page `next_url` gives. `page`: the heading,
    caption, back link and button words of the page."""
    if request.method == "POST" and form.is_valid():
        try:
            record = save(form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, saved(record))
            return redirect(next_url(record))
    return render(request, template, {"form": form, **page})
