"""The executive dashboard: every live plan's panel (plans/dashboard.py), for the plan and
owner group chosen, with the figures its last closed update rounds stored, and the update
rounds' panel: the open round's completion by plan and by group beside the last closed
rounds; below them, the panels of the whole partnership for the year chosen
(kscp.overview.panels). A fixed number of queries, however many plans, quarters, groups or
owners. Each part (the filters' choices, each plan's panel, the update rounds, the
partnership's panels) is kept for the person (or for everyone who may open the same from
it), their choices and the day until a record it reads changes."""

import functools
import hashlib

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from simple_history.models import registered_models

from kscp.core.charts import Row, Series, stacked_chart
from kscp.core.freshness import latest_history_ids
from kscp.core.models import Group, User
from kscp.overview import panels
from kscp.rounds import access as rounds_access
from kscp.rounds.selectors import (
    ACTIONS,
    OBJECTIVES,
    OPENED_LAST,
    REVIEW_ACTIONS,
    RoundProgress,
    last_closed_rounds,
    latest_closed_rounds,
    open_rounds,
    round_progress,
    round_tallies,
)
from plans import access as plan_access
from plans.dashboard import plan_dashboards, plan_stamps
from plans.models import Plan
from plans.selectors import objective_owners

ROUND_SERIES = [Series("Updated", "updated"), Series("Not yet updated", "outstanding")]


def dashboard_frame(user: User, *, plan_id=None, group_id=None, show_inactive=False) -> dict:
    """The partnership's live plans and groups, the plans and group chosen (every live plan
    when none is), and what the person may open from the panels. `show_inactive`: offer
    the groups that no longer meet in the owner group filter too (a group chosen by a link
    is offered whether it still meets or not)."""
    plans = Plan.objects.filter(partnership_id=user.partnership_id, status=Plan.Status.LIVE)
    live = list(plans.select_related("partnership"))
    chosen = [p for p in live if str(p.pk) == str(plan_id)] if plan_id else live
    groups = list(Group.objects.filter(partnership_id=user.partnership_id).order_by("name"))
    group = next((g for g in groups if str(g.pk) == str(group_id)), None)
    return {
        "plans": live,
        "chosen": chosen,
        "groups": [g for g in groups if g.is_active],
        "inactive_groups": [g for g in groups if not g.is_active and (show_inactive or g == group)],
        "show_inactive": show_inactive,
        "chosen_plan": chosen[0] if plan_id and chosen else None,
        "chosen_group": group,
        "link_reports": plan_access.can_download_reports(user, user.partnership_id),
        "link_rounds": rounds_access.can_read_rounds(user),
    }


def rounds_panel(
    partnership_id,
    *,
    plan_ids,
    group,
    today,
    link_rounds,
    latest_closed=None,
    progress_of=round_progress,
    rounds=None,
) -> dict:
    """The open round opened last, with its figures for the plans and group chosen
    (`progress_of`, round_progress or the same kept) and a chart of them by group (each
    linked to the round's page, for those who may read it); the other open rounds
    (`rounds`, when already read: every open round, opened last first); the last closed
    rounds with the figures they stored (`latest_closed`, when already read)."""
    if rounds is None:
        rounds = list(open_rounds(partnership_id, today).order_by(*OPENED_LAST))
    progress = chart = page = None
    if rounds:
        progress = progress_of(rounds[0], plan_ids=plan_ids, group_id=group.pk if group else None)
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
        "latest_closed_rounds": (
            latest_closed_rounds(partnership_id) if latest_closed is None else latest_closed
        ),
    }


# What each part of the dashboard reads, by app or model: a change to any of their records
# (each writes a history row) makes that part, kept for anyone, out of date. A plan's panel
# reads its own objectives and priorities (plans.dashboard.plan_stamps) besides these; the
# rounds may ask for review actions; the partnership's panels name agencies and people.
FRAME_READS = ("kscp", "plans.Plan")
PLAN_READS = ("kscp", "plans.Plan", "plans.Owner", "rounds")
# The rounds' panel is drawn from the figures of the round shown (the tallies kept, which
# read the plans' items and the review actions) and these.
ROUND_READS = ("kscp", "plans.Plan", "rounds")
PANEL_READS = ("kscp", "reviews", "training")
OWNER_READS = ("kscp", "plans.Owner")  # objectives' owners, with their groups' and people's names
CLOSED_READS = ("plans.Plan", "rounds")  # the closed rounds' stored figures, by plan title
OPEN_READS = ("plans.Plan", "rounds")  # the open rounds, with their plans
# An open round's tally of a plan's items reads what its panel does, and the plan's actions
# (plan_stamps with actions); that of its review actions, the reviews.
REVIEW_TALLY_READS = (
    "kscp",
    "rounds",
    "reviews.Review",
    "reviews.LearningPoint",
    "reviews.ReviewAction",
)
READ_APPS = ("kscp", "plans", "reviews", "training", "rounds")
# What any part reads, besides the plans' own stamps: the models of the latest history ids
# read on every view (one subquery each).
PARTS_READ = tuple(
    dict.fromkeys(
        FRAME_READS
        + PLAN_READS
        + ROUND_READS
        + PANEL_READS
        + OWNER_READS
        + CLOSED_READS
        + OPEN_READS
        + REVIEW_TALLY_READS
    )
)
CHOICES = ("plan", "group", "year")  # the filters, with the groups that no longer meet


@functools.cache
def read_models(reads=READ_APPS) -> tuple:
    """The models with history of these apps ("plans") and models ("reviews.Review"): the
    same for the life of the process, so found once for each (each view asks a dozen
    times)."""
    found = []
    for read in reads:
        if "." in read:
            found.append(apps.get_model(read))
        else:
            found.extend(apps.get_app_config(read).get_models())
    return tuple(dict.fromkeys(m for m in found if m in registered_models.values()))


def _key(part: str, state: list) -> str:
    return f"dashboard-{part}:" + hashlib.sha256(repr(state).encode()).hexdigest()


def _kept(part: str, state: list, make):
    """`make()`, kept in the cache under the part's name and `state`."""
    return _kept_each(part, {part: state}, lambda missing: {part: make()})[part]


def dashboard_page(request, *, show_inactive_param: str) -> tuple[str, bool]:
    """The dashboard's content as HTML, and whether the year chosen was refused. Its parts
    read every live plan, round, case and course of the partnership (most of the page's
    time), so each is kept in the cache for the person (or for everyone who may open the
    same from it), their choices and the day, under the state of the records it reads
    (`latest_history_ids`, one query, and each plan's own `plan_stamps`, one more): the
    plans and groups offered; each plan's panel, made again when that plan's objectives
    or priorities change (those of every plan out of date are made together,
    `_plan_pages`); the figures of the open round, from the tally
    of each plan's objectives and of its actions (kept for everyone, `_kept_progress`);
    the update rounds' panel, drawn again when those figures change, with the last closed
    rounds (kept for everyone, `closed`); the partnership's case and training panels; the
    owners of each plan's objectives, which its panel and its tally read (kept for
    everyone, `owners_of`). So a lead's update makes one plan's panel and one tally
    again, with the owners kept (and the rounds' panel, if the round's figures moved),
    and keeps the rest. The partnership's panels are each person's own, as what they may
    see differs. The heading and filters are kept with the choices and the years offered
    that they are drawn from."""
    user = request.user
    today = timezone.localdate()
    plan_id, group_id, period = (request.GET.get(name) for name in CHOICES)
    show_inactive = request.GET.get(show_inactive_param) == "1"
    latest = latest_history_ids(read_models(PARTS_READ))

    def stamp(labels) -> list[int]:
        return [latest[model] for model in read_models(labels)]

    def frame_part() -> dict:
        frame = dashboard_frame(
            user, plan_id=plan_id, group_id=group_id, show_inactive=show_inactive
        )
        return {**frame, "partnership_name": user.partnership.name}

    @functools.cache
    def opened() -> list:
        """The open rounds of the partnership, opened last first, with their plans: the
        same for everyone, kept for the day until a plan or a round changes."""

        def make():
            return list(open_rounds(user.partnership_id, today).order_by(*OPENED_LAST))

        return _kept("open", [user.partnership_id, today.isoformat(), stamp(OPEN_READS)], make)

    def owners_of(objectives_by_plan: dict) -> dict:
        """objective_owners, each plan's kept for everyone under its objectives' ids until
        an owner, a group or a person changes (those missing read together): a lead's
        update of an objective makes its plan's panel and its tally again, both with the
        owners kept."""
        states = {
            pk: [stamp(OWNER_READS), pk, sorted(ids)] for pk, ids in objectives_by_plan.items()
        }

        def make(missing: list) -> dict:
            found = objective_owners({pk: objectives_by_plan[pk] for pk in missing})
            return {pk: {o: found[o] for o in objectives_by_plan[pk]} for pk in missing}

        kept = _kept_each("owners", states, make)
        return {pk: owners for plan in kept.values() for pk, owners in plan.items()}

    @functools.cache
    def stamps() -> dict:
        """plan_stamps, with actions, of the live plans and those of the round shown, in one
        query: what each plan's panel and each plan's tally of the round are kept under."""
        ids = {plan.pk for plan in frame["plans"]}
        ids.update(plan.pk for update_round in opened()[:1] for plan in update_round.plans.all())
        return plan_stamps(sorted(ids), actions=True)

    @functools.cache
    def closed() -> dict:
        """The last closed rounds of the partnership and of each live plan, with the figures
        they stored: the same for everyone, kept until a plan or a round changes."""

        def make():
            return {
                "latest": latest_closed_rounds(user.partnership_id),
                "by_plan": last_closed_rounds(frame["plans"]),
            }

        live = [plan.pk for plan in frame["plans"]]
        return _kept("closed", [user.partnership_id, stamp(CLOSED_READS), live], make)

    def progress():
        """The figures of the open round shown, for the plans and group chosen, from the
        tallies kept (_kept_progress); None when no round is open."""
        rounds = opened()
        if not rounds:
            return None
        group = frame["chosen_group"]
        group_pk = group.pk if group else None
        return _kept_progress(
            rounds[0],
            plan_ids=plan_ids,
            group_id=group_pk,
            stamp=stamp,
            stamps=stamps(),
            owners_of=owners_of,
        )

    def rounds_part() -> str:
        context = rounds_panel(
            user.partnership_id,
            plan_ids=plan_ids,
            group=frame["chosen_group"],
            today=today,
            link_rounds=frame["link_rounds"],
            latest_closed=closed()["latest"],
            progress_of=lambda update_round, **chosen: shown,  # counted already
            rounds=opened(),
        )
        context.update(frame)
        return render_to_string("kscp/includes/dashboard_rounds.html", context)

    def panels_part() -> dict:
        context = panels.partnership_panels(user, period, today=today)
        return {
            "html": render_to_string("kscp/includes/dashboard_panels.html", context, request),
            "years": context["period_years"],
        }

    def heading_part() -> dict:
        form, _ = panels.period_choice(panels_kept["years"], period, today)
        context = {
            **frame,
            "period_form": form,
            "show_inactive": show_inactive,
            "show_inactive_param": show_inactive_param,
        }
        return {
            "html": render_to_string("kscp/includes/dashboard_filters.html", context),
            "refused": bool(form is not None and form.errors),
        }

    # The plans' and rounds' parts differ between people only by what they may open from
    # them (the plan as it stood, the round's page), so are kept for everyone of the
    # partnership who may open the same; the partnership's panels, for each person.
    alike = [
        user.partnership_id,
        plan_access.can_download_reports(user, user.partnership_id),
        rounds_access.can_read_rounds(user),
        today.isoformat(),
    ]
    people = [user.pk, today.isoformat()]
    frame_state = [*alike, stamp(FRAME_READS), plan_id, group_id, show_inactive]
    frame = _kept("frame", frame_state, frame_part)
    plan_pages = _plan_pages(frame, [*alike, stamp(PLAN_READS)], today, closed, stamps(), owners_of)
    plan_ids = {p.pk for p in frame["chosen"]} if plan_id else None
    shown = progress()
    rounds_state = [*alike, stamp(ROUND_READS), plan_id, group_id, _figures(shown)]
    rounds_page = _kept("rounds", rounds_state, rounds_part)
    panels_state = [*people, stamp(PANEL_READS), period]
    panels_kept = _kept("panels", panels_state, panels_part)
    heading = _kept("heading", [frame_state, panels_state, show_inactive_param], heading_part)
    plans_page = render_to_string(
        "kscp/includes/dashboard_plans.html",
        {"plan_pages": plan_pages, "rounds_page": rounds_page, **frame},
    )
    page = mark_safe(heading["html"] + plans_page + panels_kept["html"])  # noqa: S308 - rendered
    return page, heading["refused"]


def _kept_each(part: str, states: dict, make) -> dict:
    """For each id of `states`, the value kept in the cache under the part's name and its
    state; those missing made together (`make(ids)`, a value for each) and kept."""
    keys = {pk: _key(part, state) for pk, state in states.items()}
    kept = cache.get_many(list(keys.values()))
    missing = [pk for pk in states if keys[pk] not in kept]
    if missing:
        made = {keys[pk]: value for pk, value in make(missing).items()}
        cache.set_many(made, settings.DASHBOARD_CACHE_SECONDS)
        kept.update(made)
    return {pk: kept[keys[pk]] for pk in states}


def _figures(progress: RoundProgress | None) -> list | None:
    """What the rounds' panel shows of an open round's figures, to keep it under."""
    if progress is None:
        return None
    by_plan = [(figure.label, figure.done, figure.total) for figure in progress.by_plan]
    by_group = [(figure.label, figure.done, figure.total) for figure in progress.by_group]
    return [progress.done, progress.total, by_plan, by_group]


def _plan_pages(frame: dict, state: list, today, closed, stamps: dict, owners_of) -> list[str]:
    """The panel of each plan chosen, as HTML: each kept under `state`, the group chosen
    and the plan's own stamp (of `stamps`, plan_stamps); those out of date made again
    together, in plan_dashboards' fixed number of queries however many there are, with
    their last closed rounds (`closed()["by_plan"]`)."""
    chosen, group = frame["chosen"], frame["chosen_group"]

    def make(missing: list[int]) -> dict[int, str]:
        by_plan = closed()["by_plan"]
        boards = plan_dashboards(
            [plan for plan in chosen if plan.pk in missing],
            group=group,
            today=today,
            link_reports=frame["link_reports"],
            owners_of=owners_of,
        )
        return {
            board.plan.pk: render_to_string(
                "kscp/includes/dashboard_plan.html",
                {
                    "board": board,
                    "closed_rounds": by_plan[board.plan.pk],
                    "chosen_group": group,
                    "link_rounds": frame["link_rounds"],
                    "stale_days": settings.STALE_AFTER_DAYS,
                },
            )
            for board in boards
        }

    group_id = getattr(group, "pk", None)
    states = {plan.pk: [*state, plan.pk, group_id, stamps[plan.pk]] for plan in chosen}
    pages = _kept_each("plan", states, make)
    return [pages[plan.pk] for plan in chosen]


def _kept_progress(update_round, *, plan_ids, group_id, stamp, stamps, owners_of) -> RoundProgress:
    """round_progress, from the tallies of the round's parts (round_tallies: each plan's
    objectives, its objectives' actions, the review actions), each kept under the state
    of what it reads (`stamp`, and of `stamps`, plan_stamps with actions, the plan's
    objectives, or its actions with the order of its objectives that their tally gives):
    after a lead's update of an objective, only that plan's objectives are counted again;
    those out of date are counted together, in round_tallies' fixed number of queries."""
    chosen = [p.pk for p in update_round.plans.all() if plan_ids is None or p.pk in plan_ids]
    state = [update_round.pk, group_id]
    reads = stamp(PLAN_READS)

    def make(missing: list) -> dict:
        return round_tallies(update_round, missing, group_id=group_id, owners_of=owners_of)

    states = {
        (pk, OBJECTIVES): [*state, pk, OBJECTIVES, reads, stamps[pk].objectives] for pk in chosen
    }
    if update_round.include_review_actions and plan_ids is None:
        states[REVIEW_ACTIONS] = [*state, REVIEW_ACTIONS, stamp(REVIEW_TALLY_READS)]
    tallies = _kept_each("tally", states, make)
    actions = {
        (pk, ACTIONS): [
            *state,
            pk,
            ACTIONS,
            reads,
            stamps[pk].actions,
            tallies[pk, OBJECTIVES].order,
        ]
        for pk in chosen
    }
    tallies.update(_kept_each("tally", actions, make))
    return RoundProgress.of(update_round, list(tallies.values()))
