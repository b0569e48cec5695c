"""The generated sections of the yearly report, computed from the records for its period
through each app's own reads: the plan as it stood at the period's end (plans.reports, from
history), the case-review and training statistics tables the apps register with the core
(kscp.core.statistics), and the partnership's acronyms. Each generator reads a fixed number
of queries, whatever the number of records."""

import datetime
import re
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import strip_tags

from kscp.assurance.models import Acronym, BudgetLine, Report, Section
from kscp.core.history import end_of_day
from kscp.core.tracking import RAG
from kscp.rounds.selectors import closed_rounds_between
from plans import selectors as plan_selectors
from plans.models import Plan
from plans.reports import plan_report
from reviews import selectors as review_selectors
from reviews.statistics.page import LEARNING_FROM_REVIEWS
from training.statistics.page import WORKFORCE_DEVELOPMENT

LITTLE_PROGRESS = (RAG.NOT_STARTED, RAG.RED, RAG.AMBER)
NO_PLAN = "No business plan of the partnership covers the end of this period."
NO_NEXT_PLAN = (
    "No business plan of the partnership covers the next period yet: the priorities above "
    "are not linked to a plan."
)
NOT_UPDATED = "Not updated in the period"


@dataclass
class PlanProgress:
    plan: Plan | None
    report: object = None
    little_progress: list = field(default_factory=list)
    completed: int = 0
    not_updated: int = 0


def plan_progress(report: Report) -> PlanProgress:
    """RAG by priority as at the period's end, the objectives completed, and the areas of
    little or no progress (not started, Red or Amber, or not updated in the period: nothing
    of it changed between the period's start and end) with their latest progress text and
    when it was last updated."""
    plan = plan_selectors.plan_started_by(report.partnership_id, report.period_end)
    if plan is None:
        return PlanProgress(plan=None)
    as_at = plan_report(plan, report.period_end)
    objectives = [o for p in as_at.priorities for o in p.report_objectives]
    last_updated = plan_selectors.objectives_last_changed(plan, report.period_end)
    start = end_of_day(report.period_start - datetime.timedelta(days=1))
    for objective in objectives:
        objective.last_updated = last_updated.get(objective.pk)
        objective.updated_in_period = bool(
            objective.last_updated and objective.last_updated > start
        )
    return PlanProgress(
        plan=plan,
        report=as_at,
        little_progress=[
            o
            for o in objectives
            if o.rag in LITTLE_PROGRESS or (o.rag != RAG.COMPLETE and not o.updated_in_period)
        ],
        completed=sum(1 for o in objectives if o.rag == RAG.COMPLETE),
        not_updated=sum(1 for o in objectives if o.rag != RAG.COMPLETE and not o.updated_in_period),
    )


def next_plan(report: Report) -> Plan | None:
    """The plan of the period that follows the report's: the one in force the day after
    the period ends (the latest to start, if several), else the first to start after it."""
    return plan_selectors.plan_after(report.partnership_id, report.period_end)


def next_priorities(report: Report) -> tuple[Plan | None, list]:
    """The next plan and its priorities, each with how many objectives it has: two
    queries."""
    plan = next_plan(report)
    if plan is None:
        return None, []
    return plan, plan_selectors.priorities_with_objective_counts(plan)


def next_plan_url(plan: Plan | None) -> str:
    """Where each priority of the next plan links to: the plan's page, at its priorities
    (the page has no anchor of its own for each priority). A draft plan is not linked: the
    report's readers may not see it."""
    if plan is None or plan.is_draft:
        return ""
    return reverse("plans:plan", args=[plan.pk]) + "#priorities"


@dataclass
class Recommendations:
    points: list
    actions: int
    completed: int


def recommendations(report: Report) -> Recommendations:
    """Each recommendation of the reviews active in the period (decided by its end, not
    completed before its start) with the actions agencies and groups own for it, their RAG
    and progress: two queries."""
    points = review_selectors.recommendations_active_between(
        report.partnership_id, report.period_start, report.period_end
    )
    actions = [action for point in points for action in point.actions.all()]
    return Recommendations(
        points=points,
        actions=len(actions),
        completed=sum(1 for action in actions if action.rag == RAG.COMPLETE),
    )


NO_BUDGET = "No budget figures are recorded for this report."


@dataclass
class Budget:
    contributions: list
    expenditure: list

    @property
    def contributed(self) -> int:
        return sum(line.amount for line in self.contributions)

    @property
    def spent(self) -> int:
        return sum(line.amount for line in self.expenditure)

    @property
    def balance(self) -> int:
        """Contributions less expenditure: under (positive) or over (negative) spent."""
        return self.contributed - self.spent


def budget(report: Report) -> Budget:
    """The report's budget lines by kind, with totals: one query."""
    lines = list(BudgetLine.objects.filter(report_id=report.pk))
    kinds = BudgetLine.Kind
    return Budget(
        contributions=[line for line in lines if line.kind == kinds.CONTRIBUTION],
        expenditure=[line for line in lines if line.kind == kinds.EXPENDITURE],
    )


def statistics_tables(statistics, report: Report) -> list:
    partnership = report.partnership
    records = statistics.years_with_records(partnership)
    return statistics.page(partnership, year=report.year, records=records).tables


def glossary(report: Report, text: str) -> list[Acronym]:
    """The partnership's acronyms that appear, as words, in the report's text, and those
    always listed."""
    words = set(re.findall(r"[A-Za-z0-9&/'-]+", text))
    return [
        a
        for a in Acronym.objects.filter(partnership_id=report.partnership_id)
        if a.always_listed or a.term in words
    ]


def generated_html(section: Section, report: Report, *, text: str = "") -> str:
    """The HTML of a generated section as the records say now; `text`: the rest of the
    report's text, which the glossary is filtered by."""
    context = {"section": section, "report": report, "generator": section.generator}
    kind = Section.Generator
    if section.generator == kind.PLAN_PROGRESS:
        context["progress"] = plan_progress(report)
        context["no_plan"] = NO_PLAN
        context["rounds"] = closed_rounds_between(
            report.partnership_id, report.period_start, report.period_end
        )
        context["not_updated"] = NOT_UPDATED
    elif section.generator == kind.RECOMMENDATIONS:
        context["recommendations"] = recommendations(report)
    elif section.generator == kind.REVIEWS:
        context["tables"] = statistics_tables(LEARNING_FROM_REVIEWS, report)
        context["nothing"] = LEARNING_FROM_REVIEWS.nothing_recorded
    elif section.generator == kind.WORKFORCE:
        context["tables"] = statistics_tables(WORKFORCE_DEVELOPMENT, report)
        context["nothing"] = WORKFORCE_DEVELOPMENT.nothing_recorded
    elif section.generator == kind.NEXT_PRIORITIES:
        context["next_plan"], context["next_priorities"] = next_priorities(report)
        context["next_plan_url"] = next_plan_url(context["next_plan"])
        context["no_next_plan"] = NO_NEXT_PLAN
    elif section.generator == kind.BUDGET:
        context["budget"] = budget(report)
        context["no_budget"] = NO_BUDGET
    elif section.generator == kind.GLOSSARY:
        context["acronyms"] = glossary(report, text)
    return render_to_string("assurance/includes/generated.html", context)


def plain_text(html: str) -> str:
    return strip_tags(html)
