"""The business unit writes a plan: creates a draft, changes its details, sees its contents
to change, and takes it through its lifecycle (draft → live → closed), each step confirmed
on a page of its own that says what will follow."""

import datetime

from django.shortcuts import render
from django.template.defaultfilters import pluralize
from django.urls import reverse

from kscp.core import policy
from kscp.core.formpages import FormPage, form_page, posted, refusal_on, saved
from plans import access, selectors, services, versions
from plans.forms import LifecycleForm, PlanForm, PlanVersionForm, RollForwardForm
from plans.models import Action, Objective, owners_prefetch

PLAN_CREATED = "The draft plan {title} has been created: add its priorities and objectives"
PLAN_CREATED_TO_IMPORT = "The draft plan {title} has been created: upload its file to import it"
THEN_IMPORT = "import"
PLAN_SAVED = "Your changes to the plan have been saved"
PLAN_PUBLISHED = "The plan is live: its owners can now update their objectives and actions"
PLAN_CLOSED = "The plan is closed: it is kept as it stood"


def contents_url(plan) -> str:
    return reverse("plans:plan_contents", args=[plan.pk])


def plan_add(request):
    user = request.user
    policy.require(policy.can_manage(user, user.partnership_id))
    form = PlanForm(posted(request))
    page = FormPage(
        title="Create a plan",
        caption=user.partnership.name,
        back_url=reverse("home") + "#plans",
        back_label="Back to the home page",
        submit="Create the draft plan",
        then=(THEN_IMPORT, "Create the draft and import it from a file"),
        intro=(
            "The plan starts as a draft: only the business unit sees it change until it is "
            "published."
        ),
    )
    if form.is_valid():
        with refusal_on(form):
            plan = services.plan_create(
                partnership=user.partnership, user=user, **form.cleaned_data
            )
            if request.POST.get("then") == THEN_IMPORT:
                next_url = reverse("plans:plan_import", args=[plan.pk])
                return saved(request, PLAN_CREATED_TO_IMPORT.format(title=plan.title), next_url)
            return saved(request, PLAN_CREATED.format(title=plan.title), contents_url(plan))
    return form_page(request, form, page)


def plan_edit(request, pk):
    plan = access.get_draft_plan(request.user, pk)
    form = PlanForm(posted(request), instance=plan)
    page = FormPage.change("the plan's details", caption=plan.title, back_url=contents_url(plan))
    if form.is_valid():
        with refusal_on(form):
            services.plan_update(plan=plan, user=request.user, **form.cleaned_data)
            return saved(request, PLAN_SAVED, contents_url(plan))
    return form_page(request, form, page)


def plan_contents(request, pk):
    """The draft's priorities, objectives and actions, each with its changes."""
    plan = access.get_draft_plan(request.user, pk)
    priorities = list(plan.priorities.all())
    objectives = (
        Objective.objects.filter(plan=plan).prefetch_related(owners_prefetch()).order_by("sort_key")
    )
    actions = Action.objects.filter(objective__plan=plan).prefetch_related(owners_prefetch())
    by_objective = {}
    for action in actions:
        by_objective.setdefault(action.objective_id, []).append(action)
    by_priority = {priority.pk: [] for priority in priorities}
    for objective in objectives:
        objective.listed_actions = by_objective.get(objective.pk, [])
        by_priority[objective.priority_id].append(objective)
    for priority in priorities:
        priority.listed_objectives = by_priority[priority.pk]
    return render(request, "plans/writing/contents.html", {"plan": plan, "priorities": priorities})


def _lifecycle_page(request, plan, *, title, submit, template, service, message, context):
    form = LifecycleForm(posted(request), instance=plan)
    page = FormPage(
        title=title,
        caption=plan.title,
        back_url=reverse("plans:plan", args=[plan.pk]),
        back_label="Back to the plan",
        submit=submit,
    )
    if form.is_valid():
        with refusal_on(form):
            service(plan=plan, user=request.user, version=form.cleaned_data["version"])
            return saved(request, message, reverse("plans:plan", args=[plan.pk]))
    return render(
        request,
        template,
        {"form": form, "page": page, "plan": plan, "conflict": form.conflict, **context},
    )


def plan_publish(request, pk):
    """A confirmation page saying who will be able to update what, then the plan is live."""
    plan = access.get_draft_plan(request.user, pk)
    return _lifecycle_page(
        request,
        plan,
        title="Publish the plan",
        submit="Publish the plan",
        template="plans/writing/publish.html",
        service=services.plan_publish,
        message=PLAN_PUBLISHED,
        context={"summary": selectors.publish_summary(plan)},
    )


def plan_close(request, pk):
    plan, may_change = access.get_plan(request.user, pk)
    policy.require(may_change and plan.is_live)
    return _lifecycle_page(
        request,
        plan,
        title="Close the plan",
        submit="Close the plan",
        template="plans/writing/close.html",
        service=services.plan_close,
        message=PLAN_CLOSED,
        context={},
    )


VERSION_PUBLISHED = "Version {label} of the plan has been published"


def plan_new_version(request, pk):
    """Publish a new version of a live plan: a confirmation page with what changed since the
    version before (objectives and actions added, removed and changed, from history), and the
    business unit's required summary; the version and its changes go into the plan's version
    history."""
    plan, may_change = access.get_plan(request.user, pk)
    policy.require(may_change and plan.is_live)
    since = versions.since_last_version(plan)
    number = versions.next_version_number(plan)
    form = PlanVersionForm(posted(request), instance=plan)
    page = FormPage(
        title=f"Publish version V{number} of the plan",
        caption=plan.title,
        back_url=reverse("plans:plan", args=[plan.pk]),
        back_label="Back to the plan",
        submit=f"Publish version V{number}",
    )
    if form.is_valid():
        with refusal_on(form):
            published = services.plan_version_publish(
                plan=plan,
                user=request.user,
                version=form.cleaned_data["version"],
                summary=form.cleaned_data["summary"],
            )
            message = VERSION_PUBLISHED.format(label=published.label)
            return saved(request, message, reverse("plans:plan", args=[plan.pk]) + "#versions")
    context = {
        "form": form,
        "page": page,
        "plan": plan,
        "conflict": form.conflict,
        "since": since,
        "changes": versions.changes_since(plan, since),
        "previous": plan.versions.order_by("-number").first(),
    }
    return render(request, "plans/writing/new_version.html", context)


PLAN_ROLLED_FORWARD = (
    "The draft plan {title} has been started from {previous}, with {count} objective{s} "
    "carried forward"
)


def plan_roll_forward(request, pk):
    """Start the next plan from this one: its priorities, and the objectives not complete
    that the business unit chooses to carry forward."""
    plan, may_change = access.get_plan(request.user, pk)
    policy.require(may_change)
    form = RollForwardForm(
        posted(request),
        plan=plan,
        initial={"version_label": "V1", "starts_on": plan.ends_on + datetime.timedelta(days=1)},
    )
    page = FormPage(
        title="Start the next plan from this one",
        caption=plan.title,
        back_url=reverse("plans:plan", args=[plan.pk]),
        back_label="Back to the plan",
        submit="Start the next plan",
        intro=(
            "The new plan is a draft with this plan's progress key and priorities. Each "
            "objective carried forward keeps its owners, references and actions not "
            "complete, and links back to this plan; its status starts again."
        ),
    )
    if form.is_valid():
        with refusal_on(form):
            fields = dict(form.cleaned_data)
            carried = list(fields.pop("carried"))
            new_plan = services.plan_roll_forward(
                plan=plan, user=request.user, carried=carried, **fields
            )
            count = len(carried)
            message = PLAN_ROLLED_FORWARD.format(
                title=new_plan.title, previous=plan.title, count=count, s=pluralize(count)
            )
            return saved(request, message, contents_url(new_plan))
    return form_page(request, form, page)
