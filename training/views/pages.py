"""What every form page of the training app does: show the form, save it through a service,
say so and go back to the page of the record it belongs to."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

TEMPLATE = "training/form.html"


def posted(request):
    """The posted data for a bound form, or None for an empty one."""
    return request.POST if request.method == "POST" else None


def form_page(
    request,
    form,
    *,
    save: Callable[[], object],
    saved: Callable[[object], str],
    next_url: Callable[[object], str],
    page: dict,
):
    """Show `form`; on a valid post, save it with `save`, then show the message that `saved`
    makes of the saved record on the page `next_url` gives. A service's refusal appears on the
    form. `page`: the heading, caption, back link and button words of the page."""
    if request.method == "POST" and form.is_valid():
        try:
            record = save()
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, saved(record))
            return redirect(next_url(record))
    return render(request, TEMPLATE, {"form": form, **page})
