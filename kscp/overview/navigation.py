"""The service navigation: the entries each person is offered and which one the page is
under. A context processor, so that the core's templates need no app of ours to draw it."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from kscp.overview.boardpack import can_read_board_pack
from kscp.rounds.access import can_read_rounds
from reviews.list_selectors import case_review_navigation

REVIEW_ACTION_PAGES = {"agency_actions", "action", "action_update"}


@dataclass(frozen=True)
class Entry:
    label: str
    url: str
    active: bool = False  # the page is under this entry
    current: bool = False  # the page is this entry's own page (aria-current)


def entries(request) -> list[Entry]:
    user = request.user
    match = request.resolver_match
    name = match.url_name if match else None
    namespace = match.namespace if match else ""
    in_reviews = namespace == "reviews"
    on_actions = in_reviews and name in REVIEW_ACTION_PAGES
    shown = case_review_navigation(user)
    offered = [
        Entry("Home", reverse("home"), name == "home", name == "home"),
        Entry("Dashboard", reverse("dashboard"), name == "dashboard", name == "dashboard"),
        Entry("Groups", reverse("groups"), name in ("groups", "group"), name == "groups"),
    ]
    if shown["cases"]:
        offered.append(
            Entry(
                "Case reviews",
                reverse("reviews:list"),
                in_reviews and not on_actions,
                in_reviews and name == "list",
            )
        )
    if shown["actions"]:
        offered.append(
            Entry(
                "Review actions",
                reverse("reviews:agency_actions"),
                on_actions,
                in_reviews and name == "agency_actions",
            )
        )
    in_training = namespace == "training"
    offered.append(
        Entry(
            "Training",
            reverse("training:catalogue"),
            in_training,
            in_training and name == "catalogue",
        )
    )
    if can_read_rounds(user):
        in_rounds = namespace == "rounds"
        offered.append(
            Entry("Update rounds", reverse("rounds:list"), in_rounds, in_rounds and name == "list")
        )
    if can_read_board_pack(user):
        on_pack = name == "board_pack"
        offered.append(Entry("Board pack", reverse("board_pack"), on_pack, on_pack))
    in_reports = namespace == "assurance"
    offered.append(
        Entry(
            "Yearly reports",
            reverse("assurance:list"),
            in_reports,
            in_reports and name == "list",
        )
    )
    if user.is_staff:
        offered.append(Entry("Set up", reverse("admin:index")))
    return offered


def service_navigation(request):
    """`service_navigation`: the entries, worked out only when a page draws them."""
    if not request.user.is_authenticated:
        return {"service_navigation": []}
    return {"service_navigation": SimpleLazyObject(lambda: entries(request))}
