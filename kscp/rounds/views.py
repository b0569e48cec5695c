"""The update rounds' pages: the list, opening and changing a round, its page (who has
updated, figures, filters, downloads), "remind now" with its confirmation, and closing."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone

from kscp.core import policy
from kscp.core.exports import table_response
from kscp.core.formpages import FormPage, form_page, posted, refusal_on, saved
from kscp.core.models import EmailDue, OutgoingEmail
from kscp.core.versioning import StaleUpdateError
from kscp.rounds import access, mailing, services
from kscp.rounds.forms import RoundFilterForm, RoundForm
from kscp.rounds.models import UpdateRound
from kscp.rounds.selectors import round_state, stored_figures

ROUND_OPENED = "The round {name} has been opened"
ROUND_CHANGED = "The round {name} has been changed"
ROUND_CLOSED = "The round {name} has been closed: {done} of {total} items were updated"
REMINDED = "{sent} reminder e-mail{s} sent"
REMIND_FAILED = "; {failed} could not be sent (see E-mails that failed)"
NOBODY_TO_REMIND = "Every owner has updated: there is nobody to remind"
ALL_EMAILED_TODAY = (
    "Everyone still to update has been e-mailed today already: remind them again tomorrow"
)
OWNERS_PER_PAGE = 50


def round_list(request):
    can_run = access.require_readers(request.user)
    rounds = UpdateRound.objects.filter(partnership_id=request.user.partnership_id)
    return render(
        request,
        "rounds/round_list.html",
        {"rounds": rounds, "can_run": can_run, "today": timezone.localdate()},
    )


def _round_url(update_round) -> str:
    return reverse("rounds:round", args=[update_round.pk])


def round_open(request):
    policy.require(access.require_readers(request.user))
    partnership = request.user.partnership
    initial = {"opens_on": timezone.localdate()}
    form = RoundForm(posted(request), initial=initial, partnership=partnership)
    if form.is_valid():
        with refusal_on(form):
            update_round = services.round_open(
                partnership=partnership, user=request.user, **form.service_fields()
            )
            return saved(
                request, ROUND_OPENED.format(name=update_round.name), _round_url(update_round)
            )
    page = FormPage(
        title="Open an update round",
        caption=partnership.name,
        back_url=reverse("rounds:list"),
        back_label="Back to update rounds",
        submit="Open the round",
        intro="Owners are e-mailed their items on the opening day, reminded before the "
        "deadline and, with the chair of their group, after it if they have not updated.",
    )
    return form_page(request, form, page)


def round_edit(request, pk):
    update_round, can_run = access.get_round(request.user, pk)
    policy.require(can_run and not update_round.is_closed)
    form = RoundForm(posted(request), instance=update_round, partnership=update_round.partnership)
    if form.is_valid():
        with refusal_on(form):
            services.round_change(update_round=update_round, user=request.user, **form.cleaned_data)
            return saved(
                request, ROUND_CHANGED.format(name=update_round.name), _round_url(update_round)
            )
    page = FormPage.change(
        f"the round {update_round.name}",
        caption="Update rounds",
        back_url=_round_url(update_round),
    )
    return form_page(request, form, page)


def _filtered(state, form):
    owners = state.owners
    if not form.is_valid():  # the form says which filter is wrong; every owner is listed
        return [(owner, owner.items) for owner in owners]
    plan, group, status = (form.cleaned_data[k] for k in ("plan", "group", "status"))
    chosen = []
    for owner in owners:
        items = [
            item
            for item in owner.items
            if (not plan or item.plan_title == plan)
            and (not group or group in item.groups)
            and (not status or item.updated == (status == "done"))
        ]
        if items:
            chosen.append((owner, items))
    return chosen


def round_detail(request, pk):
    update_round, can_run = access.get_round(request.user, pk)
    state = round_state(update_round)
    form = RoundFilterForm(
        request.GET or None,
        plans=[f.label for f in state.by_plan],
        groups=[f.label for f in state.by_group if f.label != "No group"],
    )
    rows = _filtered(state, form) if request.GET else [(o, o.items) for o in state.owners]
    page = Paginator(rows, OWNERS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    failed = (
        OutgoingEmail.objects.filter(
            status=OutgoingEmail.Status.FAILED, dues__topic=update_round.topic
        )
        .select_related("person")
        .distinct()
    )
    if update_round.is_closed:
        figures = stored_figures(update_round)
    else:
        figures = {"by_plan": state.by_plan, "by_priority": state.by_priority}
        figures["by_group"] = state.by_group
    return render(
        request,
        "rounds/round_detail.html",
        {
            "round": update_round,
            "state": state,
            "figures": figures,
            "can_run": can_run,
            "filter_form": form,
            "page": page,
            "query": query.urlencode(),
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
            "failed": failed,
            "sent_count": EmailDue.objects.filter(
                topic=update_round.topic, email__status=OutgoingEmail.Status.SENT
            ).count(),
            "today": timezone.localdate(),
            "reminder_dates": sorted(mailing.reminder_dates(update_round).values()),
            "escalation_date": mailing.escalation_date(update_round),
        },
    )


OUTSTANDING_HEADER = [
    "Owner",
    "Kind of owner",
    "Who is asked",
    "E-mail",
    "Item",
    "Number",
    "What",
    "Plan",
    "RAG status",
    "Due",
]


def round_outstanding_export(request, pk, fmt):
    """Who has not updated, one row per owner and item, as CSV or XLSX."""
    update_round, _ = access.get_round(request.user, pk)
    state = round_state(update_round)
    rows = [
        [
            owner.name,
            owner.kind,
            "; ".join(str(person) for person in owner.contacts),
            "; ".join(person.email for person in owner.contacts if person.email),
            item.kind,
            item.number,
            item.text,
            item.plan_title,
            item.rag_display,
            item.due_display,
        ]
        for owner in state.owners
        for item in owner.outstanding
    ]
    return table_response(
        fmt, f"not-updated-{update_round.pk}", OUTSTANDING_HEADER, rows, title="Not updated"
    )


def round_remind(request, pk):
    """The confirmation page says how many e-mails will go; the post sends them."""
    update_round, can_run = access.get_round(request.user, pk)
    policy.require(can_run and update_round.is_open())
    owner_key = request.GET.get("owner") or request.POST.get("owner") or None
    state = round_state(update_round)
    asked = mailing.remind_now_people(state, owner_key)
    already = mailing.emailed_on(asked, timezone.localdate())
    people = [person for person in asked if person not in already]
    if request.method == "POST":
        if not people:
            messages.info(request, ALL_EMAILED_TODAY if asked else NOBODY_TO_REMIND)
            return redirect(_round_url(update_round))
        result = services.round_remind_now(update_round=update_round, owner_key=owner_key)
        sent = len(result.sent)
        text = REMINDED.format(sent=sent, s="" if sent == 1 else "s")
        if result.failed:
            text += REMIND_FAILED.format(failed=len(result.failed))
        messages.success(request, text)
        return redirect(_round_url(update_round))
    owner = next((o for o in state.owners if o.key == owner_key), None)
    return render(
        request,
        "rounds/round_remind.html",
        {
            "round": update_round,
            "people": people,
            "already": already,
            "owner": owner,
            "owner_key": owner_key or "",
            "without_address": [p for p in people if not p.email],
            "deadline": formats.date_format(update_round.deadline, "j F Y"),
        },
    )


def round_close(request, pk):
    update_round, can_run = access.get_round(request.user, pk)
    policy.require(can_run and not update_round.is_closed)
    state = round_state(update_round)
    if request.method == "POST":
        try:
            version = int(request.POST.get("version", ""))
            services.round_close(update_round=update_round, user=request.user, version=version)
        except (ValueError, StaleUpdateError):
            messages.error(request, CLOSE_STALE)
            return redirect("rounds:round_close", pk=update_round.pk)
        return saved(
            request,
            ROUND_CLOSED.format(
                name=update_round.name,
                done=update_round.closed_done,
                total=update_round.closed_total,
            ),
            _round_url(update_round),
        )
    return render(request, "rounds/round_close.html", {"round": update_round, "state": state})


CLOSE_STALE = (
    "The round was changed by someone else while you were looking at it: check the figures "
    "again before closing it"
)
