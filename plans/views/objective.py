from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import formats, timezone

from kscp import policy
from kscp.services import STALE_UPDATE, StaleUpdateError, tracked_item_update
from plans import selectors
from plans.forms import TrackedItemUpdateForm

UPDATE_SAVED = "Your update to {subject} has been saved"


def objective_detail(request, pk):
    objective = selectors.objective_detail(user=request.user, pk=pk)
    can_update = policy.can_update_objective(request.user, objective)
    actions = list(objective.actions.all())
    for action in actions:
        action.can_update = policy.can_update_action(request.user, action)
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


def _update(request, *, item, plan, objective, noun, subject):
    """The update form of any tracked item of a plan: objective or action."""
    conflict = None
    if request.method == "POST":
        form = TrackedItemUpdateForm(request.POST, plan=plan)
        if form.is_valid():
            try:
                tracked_item_update(
                    item=item,
                    user=request.user,
                    rag=form.cleaned_data["rag"],
                    progress=form.cleaned_data["progress"],
                    evidence=form.cleaned_data["evidence"],
                    version=form.cleaned_data["version"],
                    allowed_rags=[value for value, _, _ in plan.progress_key],
                )
            except StaleUpdateError as stale:
                conflict = selectors.latest_change(stale.current)
                who = conflict.history_user if conflict and conflict.history_user else "someone"
                when = (
                    formats.date_format(timezone.localtime(conflict.history_date), "j F Y, H:i")
                    if conflict
                    else "a moment ago"
                )
                form.add_error(None, STALE_UPDATE.format(who=who, noun=noun, when=when))
                # Keep the editor's text; let a second save knowingly replace the other change.
                data = request.POST.copy()
                data["version"] = stale.current.version
                form.data = data
                item = stale.current
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, UPDATE_SAVED.format(subject=subject))
                return redirect("plans:objective", pk=objective.pk)
    else:
        form = TrackedItemUpdateForm(
            initial={
                "rag": item.rag,
                "progress": item.progress,
                "evidence": item.evidence,
                "version": item.version,
            },
            plan=plan,
        )
    return render(
        request,
        "plans/update.html",
        {
            "form": form,
            "item": item,
            "plan": plan,
            "objective": objective,
            "noun": noun,
            "subject": subject,
            "conflict": conflict,
        },
    )


def objective_update(request, pk):
    objective = selectors.objective_detail(user=request.user, pk=pk)
    policy.require(policy.can_update_objective(request.user, objective))
    return _update(
        request,
        item=objective,
        plan=objective.plan,
        objective=objective,
        noun="objective",
        subject=f"objective {objective.number}",
    )


def action_update(request, pk):
    action = selectors.action_detail(user=request.user, pk=pk)
    policy.require(policy.can_update_action(request.user, action))
    objective = action.objective
    return _update(
        request,
        item=action,
        plan=objective.plan,
        objective=objective,
        noun="action",
        subject=f"action {action.label} of objective {objective.number}",
    )
