"""The learning of a review: its numbered learning points and recommendations, the actions
agencies and groups own for them, and how the learning was shared. The business unit adds
and changes them; each save leads back to the review's page."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from kscp.core.tracking import StaleUpdateError
from kscp.core.updating import latest_change
from reviews import access, selectors, services
from reviews.forms import (
    ACTION_CHANGED,
    DisseminationForm,
    LearningPointForm,
    ReviewActionForm,
)
from reviews.views.case_forms import form_page, posted

LEARNING_POINT_RECORDED = "{point} has been added"
LEARNING_POINT_SAVED = "Your changes to {point} have been saved"
ACTION_RECORDED = "The action for {owner} has been added"
ACTION_SAVED = "Your changes to the action for {owner} have been saved"
DISSEMINATION_RECORDED = "The {method} has been recorded"
DISSEMINATION_SAVED = "Your changes to the {method} have been saved"


def point_name(learning_point) -> str:
    """ "Recommendation 3" or "Learning point 3"."""
    kind = "Recommendation" if learning_point.is_recommendation else "Learning point"
    return f"{kind} {learning_point.number}"


def _lower(name: str) -> str:
    return name[:1].lower() + name[1:]


def _review_url(review, anchor: str = "learning") -> str:
    return reverse("reviews:review", args=[review.pk]) + f"#{anchor}"


def _page(review, *, title: str, submit: str, anchor: str = "learning") -> dict:
    return {
        "title": title,
        "caption": f"Review {review.title}",
        "back_url": _review_url(review, anchor),
        "back_label": f"Back to the review {review.title}",
        "submit": submit,
    }


def _point_anchor(learning_point) -> str:
    return f"learning-point-{learning_point.number}"


def learning_add(request, pk):
    review = access.get_review(request.user, pk, write=True)
    form = LearningPointForm(
        posted(request),
        initial={"number": selectors.next_learning_point_number(review), "is_recommendation": True},
        review=review,
    )
    return form_page(
        request,
        form,
        save=lambda data: services.learning_point_create(review=review, user=request.user, **data),
        saved=lambda record: LEARNING_POINT_RECORDED.format(point=point_name(record)),
        next_url=lambda record: _review_url(review, _point_anchor(record)),
        page=_page(review, title="Add a recommendation or learning point", submit="Save and add"),
    )


def learning_edit(request, pk):
    learning_point = access.get_learning_point(request.user, pk, write=True)
    review = learning_point.review
    form = LearningPointForm(posted(request), instance=learning_point, review=review)
    return form_page(
        request,
        form,
        save=lambda data: services.learning_point_update(
            learning_point=learning_point, user=request.user, **data
        ),
        saved=lambda record: LEARNING_POINT_SAVED.format(point=_lower(point_name(record))),
        next_url=lambda record: _review_url(review, _point_anchor(record)),
        page=_page(
            review,
            title=f"Change {_lower(point_name(learning_point))}",
            submit="Save changes",
            anchor=_point_anchor(learning_point),
        ),
    )


def _action_page(learning_point, *, title: str, submit: str) -> dict:
    page = _page(
        learning_point.review, title=title, submit=submit, anchor=_point_anchor(learning_point)
    )
    page["inset"] = f"{point_name(learning_point)}: {learning_point.text}"
    return page


def action_add(request, pk):
    learning_point = access.get_learning_point(request.user, pk, write=True)
    form = ReviewActionForm(posted(request), learning_point=learning_point)
    return form_page(
        request,
        form,
        save=lambda data: services.review_action_create(
            learning_point=learning_point, user=request.user, **data
        ),
        saved=lambda record: ACTION_RECORDED.format(owner=record.owner_display),
        next_url=lambda record: _review_url(learning_point.review, _point_anchor(learning_point)),
        page=_action_page(
            learning_point,
            title=f"Add an action for {_lower(point_name(learning_point))}",
            submit="Save the action",
        ),
    )


def action_edit(request, pk):
    action = access.get_review_action(request.user, pk, write=True)
    learning_point = action.learning_point
    form = ReviewActionForm(posted(request), instance=action, learning_point=learning_point)
    page = _action_page(
        learning_point,
        title=f"Change the action for {action.owner_display}",
        submit="Save changes",
    )

    def save(data):
        try:
            return services.review_action_update(action=action, user=request.user, **data)
        except StaleUpdateError as stale:
            # Keep the editor's words; a second save knowingly replaces the other change,
            # which the page shows as the owners' update page does.
            form.data = form.data.copy()
            form.data["version"] = stale.current.version
            page["conflict"] = latest_change(stale.current)
            raise ValidationError(ACTION_CHANGED) from stale

    return form_page(
        request,
        form,
        save=save,
        saved=lambda record: ACTION_SAVED.format(owner=record.owner_display),
        next_url=lambda record: _review_url(learning_point.review, _point_anchor(learning_point)),
        page=page,
    )


def dissemination_add(request, pk):
    review = access.get_review(request.user, pk, write=True)
    form = DisseminationForm(posted(request), review=review)
    return form_page(
        request,
        form,
        save=lambda data: services.dissemination_create(review=review, user=request.user, **data),
        saved=lambda record: DISSEMINATION_RECORDED.format(
            method=_lower(record.get_method_display())
        ),
        next_url=lambda record: _review_url(review, "dissemination"),
        page=_page(
            review,
            title="Record how the learning was shared",
            submit="Save",
            anchor="dissemination",
        ),
    )


def dissemination_edit(request, pk):
    dissemination = access.get_dissemination(request.user, pk, write=True)
    review = dissemination.review
    form = DisseminationForm(posted(request), instance=dissemination, review=review)
    return form_page(
        request,
        form,
        save=lambda data: services.dissemination_update(
            dissemination=dissemination, user=request.user, **data
        ),
        saved=lambda record: DISSEMINATION_SAVED.format(method=_lower(record.get_method_display())),
        next_url=lambda record: _review_url(review, "dissemination"),
        page=_page(
            review,
            title=f"Change the {_lower(dissemination.get_method_display())}",
            submit="Save changes",
            anchor="dissemination",
        ),
    )
