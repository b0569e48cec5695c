"""Web addresses in progress and evidence become links on the pages that show them (the
objective's page and its history, a review action's page): http, https and www. addresses
only, rel="nofollow", the rest of the text escaped; "javascript:" and e-mail addresses stay
text."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from kscp.core.services import tracked_item_update
from tests.pages import page_tree
from tests.reviews.conftest import (  # noqa: F401
    learning_point,
    notification,
    rapid_review,
    review,
    review_action,
)

pytestmark = pytest.mark.django_db

URL = "https://www.example.org/evidence/audit-2025/section-3?page=2&part=b"
TEXT = f"Audit done, see {URL}. <b>Bold</b> javascript:alert(1) ask audit@example.org"


def links(response) -> list[tuple[str, str, str]]:
    """Each link of the page's main content: its address, rel and words."""
    (main,) = page_tree(response).find_all(lambda node: node.attrs.get("id") == "main-content")
    return [(a.attrs.get("href"), a.attrs.get("rel"), a.text()) for a in main.tags("a")]


def assert_linked_and_escaped(response, times: int):
    assert links(response).count((URL, "nofollow", URL)) == times
    content = response.content.decode()
    assert "&lt;b&gt;Bold&lt;/b&gt; javascript:alert(1) ask audit@example.org" in content
    assert "<b>Bold</b>" not in content
    assert not [link for link in links(response) if "javascript" in (link[0] or "")]
    assert not [link for link in links(response) if (link[0] or "").startswith("mailto:")]


def test_the_filter_links_web_addresses_only_and_escapes_the_rest():
    html = Template("{% load govuk %}{{ text|web_links }}").render(Context({"text": TEXT}))
    address = URL.replace("&", "&amp;")
    assert html == (
        f'Audit done, see <a class="govuk-link" href="{address}" rel="nofollow">{address}</a>. '
        "&lt;b&gt;Bold&lt;/b&gt; javascript:alert(1) ask audit@example.org"
    )


def test_the_objective_page_links_the_addresses_of_its_progress_evidence_and_history(
    client, lead, objective
):
    tracked_item_update(
        item=objective, user=lead, rag="amber", progress=TEXT, evidence=TEXT, version=1
    )
    client.force_login(lead)
    response = client.get(reverse("plans:objective", args=[objective.pk]))
    # Progress and evidence, and both again in the history's entry.
    assert_linked_and_escaped(response, times=4)


def test_a_review_actions_page_links_the_addresses_of_its_progress_and_evidence(
    client,
    business_unit,
    review_action,  # noqa: F811
):
    tracked_item_update(
        item=review_action,
        user=business_unit,
        rag="green",
        progress=TEXT,
        evidence=TEXT,
        version=review_action.version,
    )
    client.force_login(business_unit)
    response = client.get(reverse("reviews:action", args=[review_action.pk]))
    assert_linked_and_escaped(response, times=4)


def test_an_address_that_print_cut_short_is_not_linked():
    """for_print ends a text cut at its limit with "…": the cut address is not the one
    typed, so it stays text; a whole address before it is still a link."""
    cut = "x" * 500 + f" {URL} https://www.example.org/" + "long" * 20
    html = Template("{% load govuk %}{{ text|for_print|web_links }}").render(Context({"text": cut}))
    address = URL.replace("&", "&amp;")
    assert f'href="{address}"' in html
    assert html.count("<a ") == 1 and html.endswith("…")
    assert "%E2%80%A6" not in html
