"""The small helpers tests of every folder share: people, admin posts, the errors of a record
or a form, the database's refusal, the queries a page takes, a listener that hears any
request a renderer makes, and the long word and link of the PDFs' long-text tests with where
a PDF's text lands on its pages."""

import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from kscp.core.models import User
from kscp.core.versioning import STALE_UPDATE

PASSWORD = "not-a-real-password-1"


def make_person(username, partnership, role=User.Role.MEMBER, agency=None):
    first, last = username.split("_") if "_" in username else (username, "Example")
    return User.objects.create_user(
        username=username,
        password=PASSWORD,
        partnership=partnership,
        role=role,
        first_name=first.title(),
        last_name=last.title(),
        agency=agency,
    )


def add_owner(item, owner, role="lead"):
    """Name one more owner of the objective or action (a group, a person or words), after
    its others, through the one service that writes owners."""
    from plans.services import owners_set

    named = [(o.group or o.person or o.text, o.role) for o in item.owners.order_by("position")]
    owners_set(item=item, owners=[*named, (owner, role)], user=None)


def objective_admin_form_data(client, objective, *, with_actions=False, **changes):
    """What the objective's admin change form would post, as the editor opened it, with
    `changes` applied, its owners' inline forms as opened; `with_actions`: its inline action
    forms too, as opened."""
    change = client.get(reverse("admin:plans_objective_change", args=[objective.pk]))
    data = {
        key: value
        for key, value in change.context["adminform"].form.initial.items()
        if value is not None
    }
    data.update(
        {
            "plan": objective.plan_id,
            "priority": objective.priority_id,
            "actions-TOTAL_FORMS": "0",
            "actions-INITIAL_FORMS": "0",
        }
    )
    for inline in change.context["inline_admin_formsets"]:
        formset = inline.formset
        if formset.prefix == "actions" and not with_actions:
            continue
        data.update(
            {
                f"{formset.prefix}-TOTAL_FORMS": str(len(formset.forms)),
                f"{formset.prefix}-INITIAL_FORMS": str(formset.initial_form_count()),
            }
        )
        for form in formset.forms:
            for name in form.fields:
                value = form[name].value()
                if value is not None:
                    data[form.add_prefix(name)] = value
    data.update(changes)
    return data


def errors_of(record) -> dict[str, list[str]]:
    """The messages `full_clean` refuses the record with, by field."""
    with pytest.raises(ValidationError) as raised:
        record.full_clean()
    return raised.value.message_dict


def refused_by_database(save) -> None:
    """`save()` breaks a constraint of the database (and leaves the test's transaction
    usable)."""
    with pytest.raises(IntegrityError), transaction.atomic():
        save()


def form_errors(response) -> dict:
    """The errors of the form a refused post shows again."""
    assert response.status_code == 200
    return response.context["form"].errors


def assert_refused_as_stale(response, *, who, noun: str) -> None:
    """The form page refused a save from a stale page, naming who saved meanwhile (the time
    is the rest of the message), and shows their change."""
    (refusal,) = form_errors(response).get("__all__")
    before, after = STALE_UPDATE.split("{when}")
    assert refusal.startswith(before.format(who=who, noun=noun))
    assert refusal.endswith(after)
    assert 'id="other-change"' in response.content.decode()


def queries(client, url) -> int:
    """How many queries the page at `url` takes."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def queries_afresh(client, url) -> int:
    """The queries of a page made afresh, with nothing kept in the cache (the dashboard,
    say). A page first, so that the sign-in's "last seen" time (saved at most once a minute)
    is not saved in the page measured."""
    client.get(reverse("email_preferences"))
    cache.clear()
    return queries(client, url)


def dashboard_boards(response) -> list:
    """The plans' panels (plans.dashboard.PlanDashboard) the dashboard drew, in its order."""
    found = {}
    for context in response.context:
        if "board" in context:
            found.setdefault(context["board"].plan.pk, context["board"])
    return list(found.values())


@contextmanager
def listening() -> Iterator[tuple[str, list[str]]]:
    """A web server on a free local port, in a thread: its address, and the paths of the
    requests it hears (each answered with an empty 200)."""
    heard: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            heard.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", heard
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# 600 characters without a space (the plan PDF prints 600 of a text), and a link of 300.
LONG_WORD = ("Multiagencysafeguarding" * 27)[:600]
LONG_URL = "https://www.example.org/evidence/" + "/".join(
    f"section-{n}-of-the-multi-agency-audit" for n in range(1, 9)
)


# Less than the narrowest average width of a character of the fonts used, in ems: a piece
# of text reaches at least this far across the page for each of its characters.
NARROWEST_EM = 0.35


def placed_text(data: bytes) -> list[tuple[int, float, float, str]]:
    """Every piece of text of the PDF: its page, how far across the page it reaches at the
    least, the page's width, and the text."""
    pieces = []
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages, start=1):
        width = float(page.mediabox.width)

        def visit(text, cm, tm, font, size, number=number, width=width):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                em = size * abs(tm[0] * cm[0])
                pieces.append((number, x + len(text.rstrip()) * NARROWEST_EM * em, width, text))

        page.extract_text(visitor_text=visit)
    return pieces


def page_texts(data: bytes) -> list[str]:
    """Each page's text with every space and line break taken out: a word wrapped across
    lines reads whole."""
    return ["".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def link_targets(data: bytes) -> set[str]:
    targets = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                targets.add(action["/URI"])
    return targets


def assert_on_the_page(data: bytes, *row_words: str):
    """The long word and the long link are whole on one page, with the row's other columns
    (`row_words`), and no text reaches beyond the page's right edge."""
    (page,) = [text for text in page_texts(data) if LONG_WORD in text]
    assert "".join(LONG_URL.split()) in page
    for word in row_words:
        assert "".join(word.split()) in page, word
    beyond = [(n, round(x), text[:30]) for n, x, width, text in placed_text(data) if x > width]
    assert not beyond, beyond
