from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from kscp.core import policy
from kscp.core.updating import UpdatePage, tracked_item_update_page
from plans import access, selectors


def objective_detail(request, pk):
    objective, can_update = access.get_objective(request.user, pk)
    actions = list(objective.actions.all())
    for action in actions:
        action.can_update = access.can_update_action(request.user, action)
    return render(
        request,
        "plans/objective_detail.html",
        {
            "objective": objective,
            "plan": objective.plan,
            "actions": actions,
            "can_update": can_update,
            "timeline": selectors.objective_timeline(objective),
            "today": timezone.localdate(),
        },
    )


def _page(*, objective, noun, subject, description) -> UpdatePage:
    plan = objective.plan
    return UpdatePage(
        noun=noun,
        subject=subject,
        caption=plan.title,
        description=description,
        back_url=reverse("plans:objective", args=[objective.pk]),
        back_label=f"Back to objective {objective.number}",
        progress_key=plan.progress_key,
    )


def objective_update(request, pk):
    objective, can_update = access.get_objective(request.user, pk)
    policy.require(can_update)
    page = _page(
        objective=objective,
        noun="objective",
        subject=f"objective {objective.number}",
        description=objective.action,
    )
    return tracked_item_update_page(request, item=objective, page=page)


def action_update(request, pk):
    action, can_update = access.get_action(request.user, pk)
    policy.require(can_update)
    objective = action.objective
    page = _page(
        objective=objective,
        noun="action",
        subject=f"action {action.label} of objective {objective.number}",
        description=action.description,
    )
    return tracked_item_update_page(request, item=action, page=page)
