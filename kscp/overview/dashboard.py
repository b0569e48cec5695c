"""The executive dashboard: every live plan's panel (plans/dashboard.py), for the plan and
owner group chosen, with the figures its last closed update rounds stored, and the update
rounds' panel: the open round's completion by plan and by group beside the last closed
rounds. A fixed number of queries, however many plans, quarters, groups or owners."""

import hashlib

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from simple_history.models import registered_models

from kscp.core.charts import Row, Series, stacked_chart
from kscp.core.freshness import data_stamp
from kscp.core.models import Group, User
from kscp.overview import panels
from kscp.rounds import access as rounds_access
from kscp.rounds.selectors import (
    last_closed_rounds,
    latest_closed_rounds,
    open_rounds,
    round_progress,
)
from plans import access as plan_access
from plans.dashboard import plan_dashboards
from plans.models import Plan

ROUND_SERIES = [Series("Updated", "updated"), Series("Not yet updated", "outstanding")]


def dashboard(
    user: User, *, plan_id=None, group_id=None, show_inactive=False, period=None, today=None
) -> dict:
    """`show_inactive`: offer the groups that no longer meet in the owner group filter too
    (a group chosen by a link is offered whether it still meets or not)."""
    today = today or timezone.localdate()
    link_reports = plan_access.can_download_reports(user, user.partnership_id)
    plans = Plan.objects.filter(partnership_id=user.partnership_id, status=Plan.Status.LIVE)
    live = list(plans.select_related("partnership"))
    chosen = [p for p in live if str(p.pk) == str(plan_id)] if plan_id else live
    groups = list(Group.objects.filter(partnership_id=user.partnership_id).order_by("name"))
    group = next((g for g in groups if str(g.pk) == str(group_id)), None)
    link_rounds = rounds_access.can_read_rounds(user)
    return {
        "plans": live,
        "groups": [g for g in groups if g.is_active],
        "inactive_groups": [g for g in groups if not g.is_active and (show_inactive or g == group)],
        "show_inactive": show_inactive,
        "chosen_plan": chosen[0] if plan_id and chosen else None,
        "chosen_group": group,
        "boards": plan_dashboards(chosen, group=group, today=today, link_reports=link_reports),
        "closed_rounds": last_closed_rounds(chosen),
        "link_rounds": link_rounds,
        "stale_days": settings.STALE_AFTER_DAYS,
        **panels.partnership_panels(user, period, today=today),
        **rounds_panel(
            user.partnership_id,
            plan_ids={p.pk for p in chosen} if plan_id else None,
            group=group,
            today=today,
            link_rounds=link_rounds,
        ),
    }


def rounds_panel(partnership_id, *, plan_ids, group, today, link_rounds) -> dict:
    """The open round opened last, with its figures for the plans and group chosen and a
    chart of them by group (each linked to the round's page, for those who may read it); the
    other open rounds; the last closed rounds with the figures they stored."""
    rounds = list(open_rounds(partnership_id, today).order_by("-opens_on", "name"))
    progress = chart = page = None
    if rounds:
        progress = round_progress(
            rounds[0], plan_ids=plan_ids, group_id=group.pk if group else None
        )
        chart = stacked_chart(
            f"items updated in the {rounds[0].name} round by group",
            ROUND_SERIES,
            [
                Row(
                    figure.label,
                    (figure.done, figure.total - figure.done),
                    says=f"{figure.done} of {figure.total}, {figure.percent}%",
                )
                for figure in progress.by_group
            ],
        )
        if link_rounds:
            page = reverse("rounds:round", args=[rounds[0].pk])
    return {
        "current_round": progress,
        "current_round_chart": chart,
        "link_rounds_page": page,
        "other_open_rounds": rounds[1:],
        "latest_closed_rounds": latest_closed_rounds(partnership_id),
    }


# The apps whose records the dashboard reads: a change to any of their records (each writes
# a history row) makes every kept dashboard out of date.
READ_APPS = ("kscp", "plans", "reviews", "training", "rounds")
CHOICES = ("plan", "group", "year")  # the filters, with the groups that no longer meet


def read_models() -> list:
    return [
        model
        for label in READ_APPS
        for model in apps.get_app_config(label).get_models()
        if model in registered_models.values()
    ]


def dashboard_page(request, *, show_inactive_param: str) -> tuple[str, bool]:
    """The dashboard's content as HTML, and whether the year chosen was refused. Computing
    it reads every live plan, round, case and course of the partnership (about 45 queries,
    most of the page's time), so it is kept in the cache for the person, their choices and
    the day, under the state of the records (`data_stamp`, one query): any saved change,
    or the next day, makes a new one. Each person has their own, as what they may see
    differs."""
    user = request.user
    today = timezone.localdate()
    choices = [request.GET.get(name, "") for name in (*CHOICES, show_inactive_param)]
    state = [str(user.pk), today.isoformat(), data_stamp(read_models()), *choices]
    key = "dashboard:" + hashlib.sha256(repr(state).encode()).hexdigest()
    kept = cache.get(key)
    if kept is not None:
        return kept
    context = dashboard(
        user,
        plan_id=request.GET.get("plan"),
        group_id=request.GET.get("group"),
        show_inactive=request.GET.get(show_inactive_param) == "1",
        period=request.GET.get("year"),
        today=today,
    )
    context["show_inactive_param"] = show_inactive_param
    form = context.get("period_form")
    page = (
        render_to_string("kscp/includes/dashboard_content.html", context, request),
        bool(form is not None and form.errors),
    )
    cache.set(key, page, settings.DASHBOARD_CACHE_SECONDS)
    return page
