"""The business plan as the partnership's own document, as it stood on a chosen date: one
report read by the print preview page, the PDF download and the plan_pdf command."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone

from kscp.core.history import end_of_day, rows_at, states_at
from kscp.core.pdf import render_pdf
from plans.models import Action, Objective, Plan
from plans.owner_history import owners_at


@dataclass
class PlanReport:
    plan: Plan
    as_at: datetime.date
    priorities: list = field(default_factory=list)
    columns: list = field(default_factory=list)
    # The plan's status that day, read from its history; blank when it was not yet
    # recorded, with `recorded_on`, the day it first was.
    status: str = ""
    recorded_on: datetime.date | None = None
    versions: list = field(default_factory=list)  # the versions published by `as_at`

    @property
    def summary(self):
        """RAG counts per priority, and the totals, in the plan's key order."""
        values = [value for value, _, _ in self.plan.progress_key]
        rows, totals = [], Counter()
        for priority in self.priorities:
            counts = Counter(o.rag for o in priority.report_objectives)
            totals.update(counts)
            rows.append(
                (priority, [counts.get(v, 0) for v in values], len(priority.report_objectives))
            )
        return {
            "rows": rows,
            "totals": [totals.get(v, 0) for v in values],
            "total": sum(totals.values()),
        }


def _columns(objectives):
    """The document's own columns: optional ones only where the plan fills them in."""

    def used(attr):
        return any(getattr(o, attr) for o in objectives)

    columns = [("number", "No.")]
    if used("outcome"):
        columns.append(("outcome", "Outcome"))
    columns += [
        ("action", "Objective" if used("outcome_measure") else "Action"),
        ("due", "Date for completion"),
        ("owners", "Who responsible"),
    ]
    if used("outcome_measure"):
        columns.append(("outcome_measure", "Outcome measure"))
    if used("difference"):
        columns.append(
            ("difference", "What difference will it make for children and young people?")
        )
    if used("references"):
        columns.append(("references", "References"))
    columns += [("progress", "Progress & evidence"), ("rag", "RAG")]
    return columns


def _status_at(plan: Plan, cutoff: datetime.datetime) -> tuple[str, datetime.date | None]:
    """The plan's status as it stood at `cutoff`, or, when it was not yet recorded, no status
    and the day it first was."""
    history = Plan.history.filter(id=plan.pk)
    state = rows_at(history, cutoff).first()
    if state is not None:
        return state.get_status_display(), None
    first = history.order_by("history_date").first()
    return "", timezone.localdate(first.history_date) if first else None


def plan_report(plan: Plan, as_at: datetime.date) -> PlanReport:
    """The plan's status and the RAG, progress, evidence and owners of every objective and
    action as they stood at the end of `as_at`, read from history; records that did not yet
    exist are left out."""
    cutoff = end_of_day(as_at)
    objectives = list(
        Objective.objects.filter(plan=plan).select_related("reporting_group").order_by("sort_key")
    )
    ids = [o.pk for o in objectives]
    objective_states = states_at(Objective.history.filter(plan_id=plan.pk), cutoff)
    action_states = states_at(Action.history.filter(objective_id__in=ids), cutoff)
    actions = list(Action.objects.filter(objective_id__in=ids))
    owners = owners_at(objective_ids=ids, action_ids=[a.pk for a in actions], cutoff=cutoff)
    actions_by_objective = {}
    for action in actions:
        state = action_states.get(action.pk)
        if state is not None:
            action.report_owners = owners.get(("action", action.pk), "")
            action.rag, action.progress, action.due_on, action.due_text = (
                state.rag,
                state.progress,
                state.due_on,
                state.due_text,
            )
            actions_by_objective.setdefault(action.objective_id, []).append(action)
    by_priority = {}
    for objective in objectives:
        state = objective_states.get(objective.pk)
        if state is None:
            continue
        for attr in ("rag", "progress", "evidence", "due_on", "due_text", "action"):
            setattr(objective, attr, getattr(state, attr))
        objective.report_actions = actions_by_objective.get(objective.pk, [])
        objective.report_owners = owners.get(("objective", objective.pk), "")
        by_priority.setdefault(objective.priority_id, []).append(objective)
    priorities = list(plan.priorities.all())
    for priority in priorities:
        priority.report_objectives = by_priority.get(priority.pk, [])
    kept = [o for p in priorities for o in p.report_objectives]
    status, recorded_on = _status_at(plan, cutoff)
    return PlanReport(
        plan=plan,
        as_at=as_at,
        priorities=priorities,
        columns=_columns(kept),
        status=status,
        recorded_on=recorded_on,
        versions=list(
            plan.versions.filter(published_at__lte=cutoff).select_related("published_by")
        ),
    )


def render_plan_html(report: PlanReport, *, request=None, for_pdf=False) -> str:
    return render_to_string(
        "plans/plan_print.html",
        {"report": report, "plan": report.plan, "for_pdf": for_pdf},
        request=request,
    )


def render_plan_pdf(report: PlanReport) -> bytes:
    return render_pdf(render_plan_html(report, for_pdf=True))
