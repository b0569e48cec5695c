"""A serious incident notification and its rapid review: recorded by the business unit, read
by those who see case records. The rapid review is shown on the notification's page."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from kscp.core import policy
from kscp.core.formpages import FormPage, form_page, posted, refusal_on, saved
from reviews import access, selectors, services, timeline
from reviews.forms.cases import NotificationForm, RapidReviewForm

NOTIFICATION_RECORDED = "Notification {reference} has been recorded"
NOTIFICATION_SAVED = "Your changes to notification {reference} have been saved"
RAPID_REVIEW_RECORDED = "The rapid review of {reference} has been recorded"
RAPID_REVIEW_SAVED = "Your changes to the rapid review of {reference} have been saved"
RAPID_REVIEW_RULE = (
    "A rapid review is completed within 15 working days of the notification to the Panel "
    "(counted from the day the local authority became aware until the Panel is notified)."
)
CAPTION = "Serious incident notifications"


def _notification_url(record, anchor: str = "") -> str:
    return reverse("reviews:notification", args=[record.pk]) + (f"#{anchor}" if anchor else "")


def _notification_saved(request, message: str, notification):
    message = message.format(reference=notification.reference)
    return saved(request, message, _notification_url(notification))


def notification_add(request):
    policy.require(access.require_cases(request.user))
    partnership = request.user.partnership
    form = NotificationForm(posted(request), partnership=partnership)
    page = FormPage(
        title="Record a notification",
        caption=CAPTION,
        back_url=reverse("reviews:list"),
        back_label="Back to case reviews",
        submit="Save the notification",
    )
    if form.is_valid():
        with refusal_on(form):
            notification = services.notification_create(
                partnership=partnership, user=request.user, **form.cleaned_data
            )
            return _notification_saved(request, NOTIFICATION_RECORDED, notification)
    return form_page(request, form, page)


def notification_detail(request, pk):
    notification, can_manage = access.get_notification(request.user, pk)
    today = timezone.localdate()
    rapid_review = selectors.rapid_review_of(notification)
    reviews = selectors.notification_reviews(notification)
    rapid_clock = (
        rapid_review.clock(today) if rapid_review else notification.rapid_review_clock(today)
    )
    return render(
        request,
        "reviews/notification_detail.html",
        {
            "notification": notification,
            "agencies": list(notification.agencies.all()),
            "panel_clock": notification.panel_clock(today),
            "timeline": timeline.notification_timeline(notification),
            "rapid_review": rapid_review,
            "rapid_review_clock": rapid_clock,
            "reviews": reviews,
            "can_manage": can_manage,
            "can_start_review": can_manage
            and selectors.review_start_refusal(notification, rapid_review, reviews) is None,
        },
    )


def notification_edit(request, pk):
    notification, can_change = access.get_notification(request.user, pk)
    policy.require(can_change)
    form = NotificationForm(
        posted(request), instance=notification, partnership=notification.partnership
    )
    what = f"notification {notification.reference}"
    page = FormPage.change(what, caption=CAPTION, back_url=_notification_url(notification))
    if form.is_valid():
        with refusal_on(form):
            notification = services.notification_update(
                notification=notification, user=request.user, **form.cleaned_data
            )
            return _notification_saved(request, NOTIFICATION_SAVED, notification)
    return form_page(request, form, page)


def _rapid_review_page(notification, *, title: str, clock) -> FormPage:
    return FormPage(
        title=title,
        caption=f"Notification {notification.reference}",
        back_url=_notification_url(notification),
        back_label=f"Back to notification {notification.reference}",
        submit="Save the rapid review",
        clock=clock,
        clock_rule=RAPID_REVIEW_RULE,
    )


def _rapid_review_saved(request, message: str, notification):
    """Back to the rapid review, on its notification's page."""
    message = message.format(reference=notification.reference)
    return saved(request, message, _notification_url(notification, "rapid-review"))


def rapid_review_add(request, pk):
    notification, can_change = access.get_notification(request.user, pk)
    policy.require(can_change)
    existing = selectors.rapid_review_of(notification)
    if existing is not None:
        return redirect("reviews:rapid_review_edit", existing.pk)
    # Before the form: its new rapid review becomes the notification's, without a deadline yet.
    clock = notification.rapid_review_clock(timezone.localdate())
    form = RapidReviewForm(posted(request), notification=notification)
    page = _rapid_review_page(notification, title="Record the rapid review", clock=clock)
    if form.is_valid():
        with refusal_on(form):
            services.rapid_review_create(
                notification=notification, user=request.user, **form.cleaned_data
            )
            return _rapid_review_saved(request, RAPID_REVIEW_RECORDED, notification)
    return form_page(request, form, page)


def rapid_review_edit(request, pk):
    rapid_review, can_change = access.get_rapid_review(request.user, pk)
    policy.require(can_change)
    notification = rapid_review.notification
    form = RapidReviewForm(posted(request), instance=rapid_review, notification=notification)
    clock = rapid_review.clock(timezone.localdate())
    page = _rapid_review_page(notification, title="Change the rapid review", clock=clock)
    if form.is_valid():
        with refusal_on(form):
            services.rapid_review_update(
                rapid_review=rapid_review, user=request.user, **form.cleaned_data
            )
            return _rapid_review_saved(request, RAPID_REVIEW_SAVED, notification)
    return form_page(request, form, page)
