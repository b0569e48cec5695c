"""A review: started from a notification whose rapid review decided on one, or added on its
own (a national review, a serious case review recorded afterwards); its page with the stages,
the publication clock, the learning, the agencies' actions and the timeline of changes."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from kscp.core import policy
from kscp.core.formpages import FormPage, form_page, posted, refusal_on, saved
from reviews import access, selectors, services
from reviews.forms.cases import ReviewForm

REVIEW_RECORDED = "The review {title} has been recorded"
REVIEW_SAVED = "Your changes to the review {title} have been saved"


def _review_url(review) -> str:
    return reverse("reviews:review", args=[review.pk])


def _review_saved(request, message: str, review):
    return saved(request, message.format(title=review.title), _review_url(review))


def review_add(request):
    """A review of no notification: a national review or a legacy serious case review."""
    policy.require(access.require_cases(request.user))
    partnership = request.user.partnership
    form = ReviewForm(posted(request), partnership=partnership)
    page = FormPage(
        title="Add a review",
        caption="Practice reviews",
        intro="For a review that follows a notification, start it from the notification's "
        "page once its rapid review has decided on one.",
        back_url=reverse("reviews:review_list"),
        back_label="Back to practice reviews",
        submit="Save the review",
    )
    if form.is_valid():
        with refusal_on(form):
            review = services.review_create(
                partnership=partnership, user=request.user, **form.cleaned_data
            )
            return _review_saved(request, REVIEW_RECORDED, review)
    return form_page(request, form, page)


def review_start(request, pk):
    """A review of a notification, begun with what its rapid review decided."""
    notification, can_change = access.get_notification(request.user, pk)
    policy.require(can_change)
    refusal = selectors.review_start_refusal(
        notification,
        selectors.rapid_review_of(notification),
        selectors.notification_reviews(notification),
    )
    if refusal:
        messages.info(request, refusal)
        return redirect("reviews:notification", notification.pk)
    form = ReviewForm(
        posted(request),
        initial=selectors.review_start_initial(notification),
        partnership=notification.partnership,
        notification=notification,
    )
    page = FormPage(
        title="Start the review",
        caption=f"Notification {notification.reference}",
        back_url=reverse("reviews:notification", args=[notification.pk]),
        back_label=f"Back to notification {notification.reference}",
        submit="Start the review",
    )
    if form.is_valid():
        with refusal_on(form):
            review = services.review_create(
                partnership=notification.partnership,
                notification=notification,
                user=request.user,
                **form.cleaned_data,
            )
            return _review_saved(request, REVIEW_RECORDED, review)
    return form_page(request, form, page)


def review_detail(request, pk):
    review, can_manage = access.get_review(request.user, pk)
    return render(
        request,
        "reviews/review_detail.html",
        {
            "page": selectors.review_page(review, user=request.user, today=timezone.localdate()),
            "review": review,
            "can_manage": can_manage,
        },
    )


def review_edit(request, pk):
    review, can_change = access.get_review(request.user, pk)
    policy.require(can_change)
    form = ReviewForm(posted(request), instance=review, partnership=review.partnership)
    page = FormPage.change(
        f"the review {review.title}",
        caption=review.get_kind_display(),
        back_url=_review_url(review),
    )
    if form.is_valid():
        with refusal_on(form):
            review = services.review_update(review=review, user=request.user, **form.cleaned_data)
            return _review_saved(request, REVIEW_SAVED, review)
    return form_page(request, form, page)
