"""Review actions: the list of an agency's actions (every action, for those who see case
records), an action's page with its history, and the owners' update page shared with every
tracked item. Owners see the recommendation their action answers, not the case."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from kscp.core import policy
from kscp.core.lists import list_context
from kscp.core.updating import UpdatePage, tracked_item_update_page
from reviews import access, list_selectors
from reviews.models import REVIEW_ACTION_PROGRESS_KEY

ACTION_COLUMNS = [
    ("Recommendation", None),
    ("Action", None),
    ("Owner", "agency"),
    ("Due", "due"),
    ("Status", "rag"),
    ("Last updated", "updated"),
    ("Update", None, True),
]


def agency_actions(request):
    today = timezone.localdate()
    actions = list_selectors.review_action_list(user=request.user, data=request.GET, today=today)
    everyone = list_selectors.sees_every_review_action(request.user)
    context = list_context(
        request,
        actions,
        columns=ACTION_COLUMNS,
        default_sort="agency" if everyone else "due",
        anchor="actions",
    )
    context["rows"] = list_selectors.with_update_rights(context["page"].object_list, request.user)
    context["everyone"] = everyone
    if everyone:
        context["by_agency"] = list_selectors.review_actions_by_agency(request.user)
        context["progress_key"] = REVIEW_ACTION_PROGRESS_KEY
    context["today"] = today
    return render(request, "reviews/agency_actions.html", context)


def action_detail(request, pk):
    action, can_update = access.get_review_action(request.user, pk)
    return render(
        request,
        "reviews/action_detail.html",
        {
            "action": action,
            "learning_point": action.learning_point,
            "sees_case": access.can_see_cases(request.user, request.user.partnership_id),
            "can_update": can_update,
            "timeline": list_selectors.review_action_timeline(action),
            "progress_key": REVIEW_ACTION_PROGRESS_KEY,
            "today": timezone.localdate(),
        },
    )


def action_update(request, pk):
    action, can_update = access.get_review_action(request.user, pk)
    policy.require(can_update)
    learning_point = action.learning_point
    answers = "recommendation" if learning_point.is_recommendation else "learning point"
    page = UpdatePage(
        noun="review action",
        subject=f"the action on {answers} {learning_point.number}",
        caption=action.owner_display,
        description=action.description,
        back_url=reverse("reviews:action", args=[action.pk]),
        back_label="Back to the review action",
        progress_key=REVIEW_ACTION_PROGRESS_KEY,
    )
    return tracked_item_update_page(request, item=action, page=page)
