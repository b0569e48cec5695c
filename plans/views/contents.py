"""A draft plan's priorities, objectives and actions: added, changed, removed and moved up or
down by the business unit. Each save leads back to the draft's contents page, at the record."""

from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from kscp.core.formpages import SAVE_CHANGES, FormPage, form_page, posted, refusal_on, saved
from plans import access, services
from plans.forms import ActionForm, ObjectiveForm, PriorityForm, removal_form
from plans.selectors import next_objective_number

PRIORITY_ADDED = "Priority {number} has been added"
PRIORITY_SAVED = "Your changes to priority {number} have been saved"
PRIORITY_REMOVED = "Priority {number} has been removed"
OBJECTIVE_ADDED = "Objective {number} has been added"
OBJECTIVE_SAVED = "Your changes to objective {number} have been saved"
OBJECTIVE_REMOVED = "Objective {number} has been removed"
ACTION_ADDED = "Action {label} of objective {number} has been added"
ACTION_SAVED = "Your changes to action {label} of objective {number} have been saved"
ACTION_REMOVED = "Action {label} of objective {number} has been removed"
MOVED = "{what} has been moved {direction}"


def _contents(plan, anchor: str = "") -> str:
    url = reverse("plans:plan_contents", args=[plan.pk])
    return f"{url}#{anchor}" if anchor else url


def _page(plan, *, title, submit, anchor="", inset="", intro="") -> FormPage:
    return FormPage(
        title=title,
        caption=plan.title,
        back_url=_contents(plan, anchor),
        back_label="Back to the plan's contents",
        submit=submit,
        inset=inset,
        intro=intro,
    )


def _removal(request, record, *, plan, title, inset, anchor, service, message, intro=""):
    """Confirm, then remove the record as the editor saw it."""
    form = removal_form(type(record))(posted(request), instance=record)
    page = _page(plan, title=title, submit="Remove", anchor=anchor, inset=inset, intro=intro)
    if form.is_valid():
        with refusal_on(form):
            service(user=request.user, version=form.cleaned_data["version"])
            return saved(request, message, _contents(plan))
    return form_page(request, form, page)


def _moved(request, plan, *, what: str, anchor: str, move):
    """Move up or down (POST), back to the contents either way."""
    direction = request.POST.get("direction")
    if request.method == "POST" and direction in (services.UP, services.DOWN):
        move(direction=direction)
        return saved(request, MOVED.format(what=what, direction=direction), _contents(plan, anchor))
    return redirect(_contents(plan, anchor))


# --- priorities -----------------------------------------------------------------------------


def priority_add(request, pk):
    plan = access.get_draft_plan(request.user, pk)
    last = plan.priorities.order_by("-number").first()
    form = PriorityForm(
        posted(request), plan=plan, initial={"number": (last.number + 1) if last else 1}
    )
    page = _page(plan, title="Add a priority", submit="Save the priority")
    if form.is_valid():
        with refusal_on(form):
            priority = services.priority_create(plan=plan, user=request.user, **form.cleaned_data)
            return saved(
                request,
                PRIORITY_ADDED.format(number=priority.number),
                _contents(plan, f"priority-{priority.pk}"),
            )
    return form_page(request, form, page)


def priority_edit(request, pk):
    priority = access.get_draft_priority(request.user, pk)
    plan = priority.plan
    form = PriorityForm(posted(request), instance=priority, plan=plan)
    anchor = f"priority-{priority.pk}"
    page = _page(
        plan, title=f"Change priority {priority.number}", submit=SAVE_CHANGES, anchor=anchor
    )
    if form.is_valid():
        with refusal_on(form):
            priority = services.priority_update(
                priority=priority, user=request.user, **form.cleaned_data
            )
            message = PRIORITY_SAVED.format(number=priority.number)
            return saved(request, message, _contents(plan, anchor))
    return form_page(request, form, page)


def priority_remove(request, pk):
    priority = access.get_draft_priority(request.user, pk)
    return _removal(
        request,
        priority,
        plan=priority.plan,
        title=f"Remove priority {priority.number}",
        inset=priority.title,
        anchor=f"priority-{priority.pk}",
        service=lambda **kw: services.priority_remove(priority=priority, **kw),
        message=PRIORITY_REMOVED.format(number=priority.number),
    )


@require_http_methods(["GET", "POST"])
def priority_move(request, pk):
    priority = access.get_draft_priority(request.user, pk)
    return _moved(
        request,
        priority.plan,
        what=f"Priority {priority.number}",
        anchor=f"priority-{priority.pk}",
        move=lambda direction: services.priority_move(
            priority=priority, user=request.user, direction=direction
        ),
    )


# --- objectives -----------------------------------------------------------------------------


def objective_add(request, pk):
    priority = access.get_draft_priority(request.user, pk)
    plan = priority.plan
    form = ObjectiveForm(
        posted(request),
        plan=plan,
        initial={"priority": priority.pk, "number": next_objective_number(priority)},
    )
    page = _page(
        plan,
        title=f"Add an objective to priority {priority.number}",
        submit="Save the objective",
        anchor=f"priority-{priority.pk}",
        inset=f"Priority {priority.number}: {priority.title}",
    )
    if form.is_valid():
        with refusal_on(form):
            fields = dict(form.cleaned_data)
            chosen = fields.pop("priority")
            objective = services.objective_create(priority=chosen, user=request.user, **fields)
            return saved(
                request,
                OBJECTIVE_ADDED.format(number=objective.number),
                _contents(plan, f"objective-{objective.pk}"),
            )
    return form_page(request, form, page)


def objective_edit(request, pk):
    objective = access.get_draft_objective(request.user, pk)
    plan = objective.plan
    form = ObjectiveForm(posted(request), instance=objective, plan=plan)
    anchor = f"objective-{objective.pk}"
    page = _page(
        plan, title=f"Change objective {objective.number}", submit=SAVE_CHANGES, anchor=anchor
    )
    if form.is_valid():
        with refusal_on(form):
            objective = services.objective_update(
                objective=objective, user=request.user, **form.cleaned_data
            )
            message = OBJECTIVE_SAVED.format(number=objective.number)
            return saved(request, message, _contents(plan, anchor))
    return form_page(request, form, page)


def objective_remove(request, pk):
    objective = access.get_draft_objective(request.user, pk)
    count = len(objective.actions.all())
    return _removal(
        request,
        objective,
        plan=objective.plan,
        title=f"Remove objective {objective.number}",
        inset=objective.action,
        intro=f"Its {count} action{pluralize(count)} will be removed too." if count else "",
        anchor=f"objective-{objective.pk}",
        service=lambda **kw: services.objective_remove(objective=objective, **kw),
        message=OBJECTIVE_REMOVED.format(number=objective.number),
    )


@require_http_methods(["GET", "POST"])
def objective_move(request, pk):
    objective = access.get_draft_objective(request.user, pk)
    return _moved(
        request,
        objective.plan,
        what=f"Objective {objective.number}",
        anchor=f"objective-{objective.pk}",
        move=lambda direction: services.objective_move(
            objective=objective, user=request.user, direction=direction
        ),
    )


# --- actions --------------------------------------------------------------------------------


def action_add(request, pk):
    objective = access.get_draft_objective(request.user, pk)
    plan = objective.plan
    labels = "abcdefghijklmnopqrstuvwxyz"
    count = len(objective.actions.all())
    form = ActionForm(
        posted(request),
        objective=objective,
        initial={"label": f"{labels[count % 26]})"},
    )
    anchor = f"objective-{objective.pk}"
    page = _page(
        plan,
        title=f"Add an action to objective {objective.number}",
        submit="Save the action",
        anchor=anchor,
        inset=f"{objective.number} {objective.action}",
    )
    if form.is_valid():
        with refusal_on(form):
            action = services.action_create(
                objective=objective, user=request.user, **form.cleaned_data
            )
            message = ACTION_ADDED.format(label=action.label, number=objective.number)
            return saved(request, message, _contents(plan, anchor))
    return form_page(request, form, page)


def action_edit(request, pk):
    action = access.get_draft_action(request.user, pk)
    objective = action.objective
    plan = objective.plan
    form = ActionForm(posted(request), instance=action, objective=objective)
    anchor = f"objective-{objective.pk}"
    page = _page(
        plan,
        title=f"Change action {action.label} of objective {objective.number}",
        submit=SAVE_CHANGES,
        anchor=anchor,
    )
    if form.is_valid():
        with refusal_on(form):
            action = services.action_update(action=action, user=request.user, **form.cleaned_data)
            message = ACTION_SAVED.format(label=action.label, number=objective.number)
            return saved(request, message, _contents(plan, anchor))
    return form_page(request, form, page)


def action_remove(request, pk):
    action = access.get_draft_action(request.user, pk)
    objective = action.objective
    return _removal(
        request,
        action,
        plan=objective.plan,
        title=f"Remove action {action.label} of objective {objective.number}",
        inset=action.description,
        anchor=f"objective-{objective.pk}",
        service=lambda **kw: services.action_remove(action=action, **kw),
        message=ACTION_REMOVED.format(label=action.label, number=objective.number),
    )


@require_http_methods(["GET", "POST"])
def action_move(request, pk):
    action = access.get_draft_action(request.user, pk)
    objective = action.objective
    return _moved(
        request,
        objective.plan,
        what=f"Action {action.label} of objective {objective.number}",
        anchor=f"objective-{objective.pk}",
        move=lambda direction: services.action_move(
            action=action, user=request.user, direction=direction
        ),
    )
