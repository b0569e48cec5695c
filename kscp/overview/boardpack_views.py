"""The board pack's pages: the form that chooses the meeting (and lists the packs prepared
before), the pack as a page and the same template as a PDF, and the removal of a pack kept
for a wrong date."""

import datetime
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from kscp.core import policy
from kscp.core.formpages import FormPage, form_page, posted, saved
from kscp.core.forms import GovukDateField, NamedErrorsForm, day_text
from kscp.core.models import Partnership
from kscp.core.pdf import pdf_response, render_pdf
from kscp.overview import boardpack
from kscp.rounds.models import BoardPack
from kscp.rounds.services import board_pack_prepare, board_pack_remove

MEETING_NAMED = "The meeting date"
SINCE_NAMED = "The date changes run from"
NEXT_MEETING_NAMED = "The next meeting's date"
SINCE_NOT_BEFORE_MEETING = "The date changes run from must be before the meeting date"
SINCE_IN_THE_FUTURE = "The date changes run from must be today or in the past"
NEXT_MEETING_NOT_AFTER = "The next meeting's date must be after the meeting date"
NOT_A_READER = (
    "The board pack is for the business unit, executive members, the independent scrutineer, "
    "the lead safeguarding partners and the members of the executive group."
)
NOT_A_PREPARER = (
    "Only the business unit prepares a board pack. You can show the pack for any meeting "
    "from the board pack page."
)
NOT_A_REMOVER = "Only the business unit removes a board pack from the list."
PACK_REMOVED = "The board pack for the meeting of {day} was removed from the list"
REMOVE_INTRO = (
    "It leaves the list of previous board packs, and the next meeting's changes no longer "
    "run from its meeting unless you choose that date. Nothing it shows is changed: the pack "
    "for any meeting can still be shown."
)
DATE_FIELDS = ("meeting_on_", "since_", "next_meeting_on_")
NEXT_MEETING_CASE_HINT = (
    "For example, 27 3 2025. Case-review deadlines due by this date are listed. Leave it "
    "empty for 2 months after the meeting date."
)


def _since_hint(previous: datetime.date | None) -> str:
    if previous:
        return (
            f"For example, 27 3 2025. Leave it empty for the previous meeting a board pack was "
            f"prepared for ({day_text(previous)})."
        )
    return (
        "For example, 27 3 2025. No board pack has been prepared for an earlier meeting: "
        "leave it empty for 3 months before the meeting date."
    )


class BoardPackForm(NamedErrorsForm):
    """The meeting, the day its changes run from (the previous meeting's, by default) and
    the next meeting (by default 2 months later), as GOV.UK date inputs."""

    meeting_on = GovukDateField(label="Meeting date", error_label=MEETING_NAMED)
    since = GovukDateField(
        label="Changes since (optional)", error_label=SINCE_NAMED, required=False
    )
    next_meeting_on = GovukDateField(
        label="Next meeting (optional)",
        error_label=NEXT_MEETING_NAMED,
        required=False,
        help_text="For example, 27 3 2025. Leave it empty for 2 months after the meeting date.",
    )

    def __init__(
        self, *args, partnership_id: int, today: datetime.date, case_reviews: bool, **kwargs
    ):
        """`case_reviews`: the pack lists case-review deadlines, and the hint says so."""
        super().__init__(*args, **kwargs)
        self.partnership_id, self.today = partnership_id, today
        previous = boardpack.previous_meeting(partnership_id, today)
        self.fields["since"].help_text = _since_hint(previous)
        if case_reviews:
            self.fields["next_meeting_on"].help_text = NEXT_MEETING_CASE_HINT

    def clean(self):
        cleaned = super().clean()
        meeting_on = cleaned.get("meeting_on")
        if meeting_on is None:
            return cleaned
        since = cleaned.get("since")
        if since is None and "since" not in self.errors:
            since = cleaned["since"] = boardpack.default_since(self.partnership_id, meeting_on)
        if since is not None and since >= meeting_on:
            self.add_error("since", forms.ValidationError(SINCE_NOT_BEFORE_MEETING, "order"))
        elif since is not None and since > self.today:
            self.add_error("since", forms.ValidationError(SINCE_IN_THE_FUTURE, "future"))
        next_meeting_on = cleaned.get("next_meeting_on")
        if next_meeting_on is None and "next_meeting_on" not in self.errors:
            cleaned["next_meeting_on"] = boardpack.default_next_meeting(meeting_on)
        elif next_meeting_on is not None and next_meeting_on <= meeting_on:
            self.add_error(
                "next_meeting_on", forms.ValidationError(NEXT_MEETING_NOT_AFTER, "order")
            )
        return cleaned


def pack_query(meeting_on, since, next_meeting_on) -> str:
    """The pack page's query string for these dates, as the form's date inputs send it."""
    values = {}
    for name, day in (
        ("meeting_on", meeting_on),
        ("since", since),
        ("next_meeting_on", next_meeting_on),
    ):
        values |= {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}
    return urlencode(values)


def _readers_only(request) -> Partnership:
    """The reader's partnership; 403 (the GOV.UK refusal page, saying why) to anyone else."""
    if not boardpack.can_read_board_pack(request.user):
        raise PermissionDenied(NOT_A_READER)
    return request.user.partnership


def _form_kwargs(request, today: datetime.date) -> dict:
    return {
        "partnership_id": request.user.partnership_id,
        "today": today,
        "case_reviews": boardpack.sees_case_reviews(request.user),
    }


def _form_page(request, form, *, status=200):
    partnership_id = request.user.partnership_id
    packs = boardpack.previous_packs(partnership_id)
    for pack in packs:
        pack.query = pack_query(pack.meeting_on, pack.since, pack.next_meeting_on)
    return render(
        request,
        "kscp/board_pack_form.html",
        {
            "form": form,
            "packs": packs,
            "can_prepare": boardpack.can_prepare_board_pack(request.user),
            "sees_case_reviews": boardpack.sees_case_reviews(request.user),
        },
        status=status,
    )


def board_pack_form(request):
    """Choose the meeting. The business unit's form prepares the pack (kept, so that the
    next one's changes run from this meeting); the other readers' form shows it."""
    partnership = _readers_only(request)
    today = timezone.localdate()
    if request.method != "POST":
        meeting_on = today
        initial = {
            "meeting_on": meeting_on,
            "since": boardpack.default_since(partnership.pk, meeting_on),
        }
        form = BoardPackForm(initial=initial, **_form_kwargs(request, today))
        return _form_page(request, form)
    if not boardpack.can_prepare_board_pack(request.user):
        raise PermissionDenied(NOT_A_PREPARER)
    form = BoardPackForm(request.POST, **_form_kwargs(request, today))
    if not form.is_valid():
        return _form_page(request, form, status=400)
    pack = board_pack_prepare(partnership=partnership, user=request.user, **form.cleaned_data)
    query = pack_query(pack.meeting_on, pack.since, pack.next_meeting_on)
    return redirect(f"{reverse('board_pack_page')}?{query}")


class RemoveForm(forms.Form):
    """Confirming the removal: the page's one button."""


def board_pack_remove_page(request, pk):
    """Remove a pack prepared for a meeting from the list, once confirmed: the business unit."""
    pack = policy.get_for_user(BoardPack.objects.all(), request.user, pk)
    partnership = _readers_only(request)
    if not boardpack.can_prepare_board_pack(request.user):
        raise PermissionDenied(NOT_A_REMOVER)
    day = day_text(pack.meeting_on)
    form = RemoveForm(posted(request))
    if form.is_valid():
        board_pack_remove(pack=pack, user=request.user)
        return saved(request, PACK_REMOVED.format(day=day), reverse("board_pack"))
    page = FormPage(
        title=f"Remove the board pack for the meeting of {day}",
        caption=partnership.name,
        back_url=reverse("board_pack"),
        back_label="Back to board packs",
        submit="Remove the board pack",
        intro=REMOVE_INTRO,
        inset=f"Changes since {day_text(pack.since)}; next meeting "
        f"{day_text(pack.next_meeting_on)}.",
    )
    return form_page(request, form, page)


def _pack(request):
    """The pack the query string asks for, or None and the form saying what is wrong."""
    partnership = _readers_only(request)
    today = timezone.localdate()
    data = request.GET
    if not any(name.startswith(DATE_FIELDS) for name in data):
        # No date asked for: today's meeting, with the defaults of the form.
        since = boardpack.default_since(partnership.pk, today)
        data = QueryDict(pack_query(today, since, boardpack.default_next_meeting(today)))
    form = BoardPackForm(data, **_form_kwargs(request, today))
    if not form.is_valid():
        return None, form
    pack = boardpack.board_pack(
        partnership,
        **form.cleaned_data,
        with_case_reviews=boardpack.sees_case_reviews(request.user),
    )
    return pack, form


def render_pack_html(pack, *, request=None, for_pdf=False, query="") -> str:
    return render_to_string(
        "kscp/board_pack.html",
        {"pack": pack, "for_pdf": for_pdf, "query": query},
        request=request,
    )


def render_pack_pdf(pack) -> bytes:
    return render_pdf(render_pack_html(pack, for_pdf=True))


def pack_name(pack) -> str:
    return f"{pack.partnership.short_name} board pack {pack.meeting_on:%Y-%m-%d}"


def board_pack_page(request):
    pack, form = _pack(request)
    if pack is None:
        return _form_page(request, form, status=400)
    query = pack_query(pack.meeting_on, pack.since, pack.next_meeting_on)
    html = render_pack_html(pack, request=request, query=query)
    return HttpResponse(html)


def board_pack_pdf(request):
    pack, form = _pack(request)
    if pack is None:
        return _form_page(request, form, status=400)
    return pdf_response(render_pack_pdf(pack), pack_name(pack))
