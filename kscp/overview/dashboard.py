"""The executive dashboard: each live plan's panel (plans/dashboard.py), for the plan and
owner group chosen, with the figures its last closed update rounds stored."""

from django.conf import settings
from django.utils import timezone

from kscp.core.models import Group, User
from kscp.overview import panels
from kscp.rounds import access as rounds_access
from kscp.rounds.selectors import last_closed_rounds
from plans import access as plan_access
from plans.dashboard import CHART_WIDTH, plan_dashboard
from plans.models import Plan


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
    return {
        "plans": live,
        "groups": [g for g in groups if g.is_active],
        "inactive_groups": [g for g in groups if not g.is_active and (show_inactive or g == group)],
        "show_inactive": show_inactive,
        "chosen_plan": chosen[0] if plan_id and chosen else None,
        "chosen_group": group,
        "boards": [
            plan_dashboard(p, group=group, today=today, link_reports=link_reports) for p in chosen
        ],
        "closed_rounds": last_closed_rounds(chosen),
        "link_rounds": rounds_access.can_read_rounds(user),
        "stale_days": settings.STALE_AFTER_DAYS,
        "chart_width": CHART_WIDTH,
        **panels.partnership_panels(user, period, today=today),
    }
