"""The learning of a review: its numbered learning points and recommendations, the actions
agencies and groups own for them, and how the learning was shared. The business unit adds
and changes them; each save leads back to the review's page."""

from django.urls import reverse

from kscp.core import policy
from kscp.core.formpages import SAVE_CHANGES, FormPage, form_page, posted, refusal_on, saved
from reviews import access, selectors, services
from reviews.forms.learning import DisseminationForm, LearningPointForm, ReviewActionForm

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


def _page(review, *, title: str, submit: str, anchor: str = "learning", inset: str = ""):
    return FormPage(
        title=title,
        caption=f"Review {review.title}",
        back_url=_review_url(review, anchor),
        back_label=f"Back to the review {review.title}",
        submit=submit,
        inset=inset,
    )


def _point_anchor(learning_point) -> str:
    return f"learning-point-{learning_point.number}"


def _point_saved(request, message: str, learning_point):
    return saved(
        request, message, _review_url(learning_point.review, _point_anchor(learning_point))
    )


def learning_add(request, pk):
    review, can_change = access.get_review(request.user, pk)
    policy.require(can_change)
    form = LearningPointForm(
        posted(request),
        initial={"number": selectors.next_learning_point_number(review), "is_recommendation": True},
        review=review,
    )
    page = _page(review, title="Add a recommendation or learning point", submit="Save and add")
    if form.is_valid():
        with refusal_on(form):
            point = services.learning_point_create(
                review=review, user=request.user, **form.cleaned_data
            )
            message = LEARNING_POINT_RECORDED.format(point=point_name(point))
            return _point_saved(request, message, point)
    return form_page(request, form, page)


def learning_edit(request, pk):
    learning_point, can_change = access.get_learning_point(request.user, pk)
    policy.require(can_change)
    review = learning_point.review
    form = LearningPointForm(posted(request), instance=learning_point, review=review)
    page = _page(
        review,
        title=f"Change {_lower(point_name(learning_point))}",
        submit=SAVE_CHANGES,
        anchor=_point_anchor(learning_point),
    )
    if form.is_valid():
        with refusal_on(form):
            point = services.learning_point_update(
                learning_point=learning_point, user=request.user, **form.cleaned_data
            )
            message = LEARNING_POINT_SAVED.format(point=_lower(point_name(point)))
            return _point_saved(request, message, point)
    return form_page(request, form, page)


def _action_page(learning_point, *, title: str, submit: str) -> FormPage:
    return _page(
        learning_point.review,
        title=title,
        submit=submit,
        anchor=_point_anchor(learning_point),
        inset=f"{point_name(learning_point)}: {learning_point.text}",
    )


def _action_saved(request, message: str, action):
    """Back to the learning point the action is for."""
    return _point_saved(request, message.format(owner=action.owner_display), action.learning_point)


def action_add(request, pk):
    learning_point, can_change = access.get_learning_point(request.user, pk)
    policy.require(can_change)
    form = ReviewActionForm(posted(request), learning_point=learning_point)
    page = _action_page(
        learning_point,
        title=f"Add an action for {_lower(point_name(learning_point))}",
        submit="Save the action",
    )
    if form.is_valid():
        with refusal_on(form):
            action = services.review_action_create(
                learning_point=learning_point, user=request.user, **form.cleaned_data
            )
            return _action_saved(request, ACTION_RECORDED, action)
    return form_page(request, form, page)


def action_edit(request, pk):
    """A change saved by the action's owners since the page was opened refuses the save and
    shows their change; the editor's words are kept and a second save knowingly replaces it."""
    action, _ = access.get_review_action(request.user, pk)
    policy.require(access.can_manage_cases(request.user, request.user.partnership_id))
    learning_point = action.learning_point
    form = ReviewActionForm(posted(request), instance=action, learning_point=learning_point)
    page = _action_page(
        learning_point,
        title=f"Change the action for {action.owner_display}",
        submit=SAVE_CHANGES,
    )
    if form.is_valid():
        with refusal_on(form):
            action = services.review_action_update(
                action=action, user=request.user, **form.cleaned_data
            )
            return _action_saved(request, ACTION_SAVED, action)
    return form_page(request, form, page)


def _dissemination_saved(request, message: str, dissemination):
    method = _lower(dissemination.get_method_display())
    return saved(
        request, message.format(method=method), _review_url(dissemination.review, "dissemination")
    )


def dissemination_add(request, pk):
    review, can_change = access.get_review(request.user, pk)
    policy.require(can_change)
    form = DisseminationForm(posted(request), review=review)
    page = _page(
        review, title="Record how the learning was shared", submit="Save", anchor="dissemination"
    )
    if form.is_valid():
        with refusal_on(form):
            dissemination = services.dissemination_create(
                review=review, user=request.user, **form.cleaned_data
            )
            return _dissemination_saved(request, DISSEMINATION_RECORDED, dissemination)
    return form_page(request, form, page)


def dissemination_edit(request, pk):
    dissemination, can_change = access.get_dissemination(request.user, pk)
    policy.require(can_change)
    review = dissemination.review
    form = DisseminationForm(posted(request), instance=dissemination, review=review)
    page = _page(
        review,
        title=f"Change the {_lower(dissemination.get_method_display())}",
        submit=SAVE_CHANGES,
        anchor="dissemination",
    )
    if form.is_valid():
        with refusal_on(form):
            dissemination = services.dissemination_update(
                dissemination=dissemination, user=request.user, **form.cleaned_data
            )
            return _dissemination_saved(request, DISSEMINATION_SAVED, dissemination)
    return form_page(request, form, page)
