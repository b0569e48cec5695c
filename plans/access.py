"""Who may see and change business plans, and the one way views fetch them: each `get_*`
returns the record of the user's partnership (404 otherwise) and whether the user may change
it, as healthchecks' `_get_check_for_user` does.

- Everyone of the partnership reads its plans.
- The business unit changes everything.
- Executive members and the scrutineer read everything; like everyone else, they update
  the items of live plans they are named owners of (a plan may name the independent
  scrutineer as an owner, Kirklees 2.1 and 2.3): owners always update their own items,
  whatever their role, so the home page's "your objectives", this policy and the refusal
  ("only its owners and the business unit can change it") agree.
- Leads and members update the RAG, progress and evidence of items of live plans owned by
  them, or by a group they chair, vice-chair or lead (and the actions under an objective they
  own). Draft and closed plans change only through the business unit.
- A supporting owner ("Sharon Hewitt with support from Elaine McShane", Kirklees 4.6)
  updates the item as a lead does: the plan names them as responsible for it, the update
  rounds ask them for its progress, and their items are on their home page. The lead/support
  distinction is how the plan prints its owners, not who may report progress.
- Only a draft is written (details, priorities, objectives and actions added, changed,
  removed, reordered), by the business unit; it publishes a draft and closes a live plan.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q

from kscp.core import policy
from kscp.core.models import User
from plans.models import Action, Objective, Plan, PlanImport, Priority, owners_prefetch


def owned_items_q(user: User) -> Q:
    """Objectives or actions owned (leading or in support) by the person, or by a group whose
    items they may update. Joins the owners: distinct() the queryset it filters."""
    return Q(owners__person=user) | Q(owners__group__in=policy.editable_group_ids(user))


def _owns(user: User, item: Objective | Action) -> bool:
    """Reads the item's owners prefetched (owners_prefetch)."""
    groups = policy.editable_group_ids(user)
    return any(o.person_id == user.pk or o.group_id in groups for o in item.owners.all())


def _may_update_as_owner(user: User, plan: Plan) -> bool | None:
    """True or False when the role or the plan decides alone; None when ownership decides."""
    if not policy.in_partnership(user, plan.partnership_id):
        return False
    if policy.is_business_unit(user):
        return True
    if not plan.is_live:
        return False
    return None


def can_update_objective(user: User, objective: Objective) -> bool:
    decided = _may_update_as_owner(user, objective.plan)
    return decided if decided is not None else _owns(user, objective)


def can_update_action(user: User, action: Action) -> bool:
    objective = action.objective
    decided = _may_update_as_owner(user, objective.plan)
    if decided is not None:
        return decided
    return _owns(user, action) or _owns(user, objective)


def can_download_reports(user: User, partnership_id: int | None) -> bool:
    """The business unit, executive members and the scrutineer download the partnership's
    reports (the business-plan PDF)."""
    return policy.in_partnership(user, partnership_id) and (
        policy.is_business_unit(user) or policy.reads_only(user)
    )


def get_plan(user: User, pk) -> tuple[Plan, bool]:
    """A plan and whether the user may change it (the business unit)."""
    queryset = Plan.objects.select_related("partnership", "started_from")
    plan = policy.get_for_user(queryset, user, pk)
    return plan, policy.can_manage(user, plan.partnership_id)


def get_objective(user: User, pk) -> tuple[Objective, bool]:
    """An objective with what its page shows, and whether the user may update it."""
    queryset = Objective.objects.select_related(
        "plan", "plan__partnership", "priority", "reporting_group", "carried_from__plan"
    ).prefetch_related(
        owners_prefetch(),
        Prefetch("actions", queryset=Action.objects.prefetch_related(owners_prefetch())),
    )
    objective = policy.get_for_user(queryset, user, pk, partnership_field="plan__partnership")
    return objective, can_update_objective(user, objective)


def get_action(user: User, pk) -> tuple[Action, bool]:
    """An action and whether the user may update it."""
    queryset = Action.objects.select_related("objective", "objective__plan").prefetch_related(
        owners_prefetch(), owners_prefetch("objective__owners")
    )
    action = policy.get_for_user(
        queryset, user, pk, partnership_field="objective__plan__partnership"
    )
    return action, can_update_action(user, action)


NOT_A_DRAFT = (
    "This plan is {status}: only a draft plan is written. Its owners update its objectives "
    "and actions."
)


def can_write_plan(user: User, plan: Plan) -> bool:
    """Write the plan's contents: the business unit, while the plan is a draft."""
    return policy.can_manage(user, plan.partnership_id) and plan.is_draft


def require_draft(user: User, plan: Plan) -> None:
    """403 unless the user may write the plan; the business unit is told why a plan that is
    no longer a draft is not written."""
    if policy.can_manage(user, plan.partnership_id) and not plan.is_draft:
        raise PermissionDenied(NOT_A_DRAFT.format(status=plan.get_status_display().lower()))
    policy.require(can_write_plan(user, plan))


def get_draft_plan(user: User, pk) -> Plan:
    """A draft plan the user writes: 404 outside the partnership, 403 for anyone else or for
    a plan that is no longer a draft."""
    plan, _ = get_plan(user, pk)
    require_draft(user, plan)
    return plan


def get_draft_priority(user: User, pk) -> Priority:
    queryset = Priority.objects.select_related("plan", "plan__partnership")
    priority = policy.get_for_user(queryset, user, pk, partnership_field="plan__partnership")
    require_draft(user, priority.plan)
    return priority


def get_draft_objective(user: User, pk) -> Objective:
    objective, _ = get_objective(user, pk)
    require_draft(user, objective.plan)
    return objective


def get_draft_action(user: User, pk) -> Action:
    queryset = Action.objects.select_related(
        "objective", "objective__plan", "objective__plan__partnership"
    ).prefetch_related(owners_prefetch())
    action = policy.get_for_user(
        queryset, user, pk, partnership_field="objective__plan__partnership"
    )
    require_draft(user, action.objective.plan)
    return action


def get_plan_import(user: User, pk) -> PlanImport:
    """A plan's file being imported: 404 outside the partnership, 403 for anyone but the
    business unit (or once the plan is no longer a draft)."""
    queryset = PlanImport.objects.select_related("plan", "plan__partnership", "uploaded_by")
    batch = policy.get_for_user(queryset, user, pk, partnership_field="plan__partnership")
    require_draft(user, batch.plan)
    return batch
