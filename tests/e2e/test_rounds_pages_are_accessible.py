"""axe-core on the pages of update rounds and e-mail that no journey walks yet: the rounds
list (empty, then with a round), opening a round, the round page, changing it, the "remind
now" and close confirmations, "Your e-mail", the owner's home page with the round's panel,
and the password reset pages, through to choosing the new password from the e-mail's link."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from kscp.rounds.models import UpdateRound
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def visit(page, live_server, url):
    response = page.goto(f"{live_server.url}{url}")
    assert response.status == 200, url
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_accessible(page)


def test_the_round_and_email_pages_pass_axe(
    sign_in, live_server, business_unit, lead, partnership, plan, objective
):
    page = sign_in(business_unit.username)
    visit(page, live_server, reverse("rounds:list"))
    expect(page.get_by_text("Quarter 3 2026/27")).to_have_count(0)  # the empty list
    visit(page, live_server, reverse("rounds:round_open"))
    today = timezone.localdate()
    update_round = UpdateRound.objects.create(
        partnership=partnership,
        name="Quarter 3 2026/27",
        opens_on=today - datetime.timedelta(days=3),
        deadline=today + datetime.timedelta(days=20),
        meeting="Executive group",
    )
    update_round.plans.add(plan)
    for url in [
        reverse("rounds:list"),
        reverse("rounds:round", args=[update_round.pk]),
        reverse("rounds:round_edit", args=[update_round.pk]),
        reverse("rounds:round_remind", args=[update_round.pk]),
        reverse("rounds:round_close", args=[update_round.pk]),
        reverse("email_preferences"),
    ]:
        visit(page, live_server, url)

    page.context.clear_cookies()
    signed_in = sign_in(lead.username)
    expect(
        signed_in.get_by_text(f"Updates due by {update_round.deadline:%-d %B %Y}")
    ).to_be_visible()
    assert_accessible(signed_in)

    signed_in.context.clear_cookies()
    visit(signed_in, live_server, reverse("password_reset"))
    lead.email = "lena.lead@example.org"
    lead.save(update_fields=["email"])
    signed_in.get_by_label("E-mail address").fill(lead.email)
    signed_in.get_by_role("button").first.click()
    signed_in.wait_for_url(f"{live_server.url}{reverse('password_reset_done')}")
    assert_accessible(signed_in)
    assert [message.to for message in mail.outbox] == [[lead.email]]

    # The link in the e-mail: choosing the new password, then the page saying it is done.
    (link,) = re.findall(r"(http\S+/accounts/reset/\S+/)", mail.outbox[0].body)
    signed_in.goto(link)
    expect(signed_in.get_by_role("heading", level=1)).to_have_text(re.compile("new password"))
    assert_accessible(signed_in)
    signed_in.get_by_label("New password", exact=True).fill("a-brand-new-passphrase-9")
    signed_in.get_by_label("Confirm new password", exact=True).fill("a-brand-new-passphrase-9")
    signed_in.get_by_role("button").first.click()
    signed_in.wait_for_url(f"{live_server.url}{reverse('password_reset_complete')}")
    assert_accessible(signed_in)
    lead.refresh_from_db()
    assert lead.check_password("a-brand-new-passphrase-9")
