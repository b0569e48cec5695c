"""The print preview's toolbar is GOV.UK markup: buttons, a back link and a labelled date
(issue 14, item 19); the PDF printed from the same template carries none of it."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from plans import reports

pytestmark = pytest.mark.django_db


def test_the_preview_toolbar_uses_govuk_buttons(client, business_unit, plan, objective):
    client.force_login(business_unit)
    content = client.get(reverse("plans:plan_print", args=[plan.pk])).content.decode()
    toolbar = content.split('<nav class="screen-only" aria-label="Report">')[1].split("</nav>")[0]
    buttons = re.findall(r"<button[^>]*>", toolbar)
    assert len(buttons) == 2
    assert all('class="govuk-button' in button for button in buttons)
    assert 'class="govuk-button govuk-button--secondary"' in toolbar
    assert 'class="govuk-back-link"' in toolbar
    assert 'govuk-fieldset__legend--s">As at</legend>' in toolbar
    assert 'for="as_at_day"' in toolbar
    assert 'media="screen" href="/static/govuk/govuk-frontend.min.css"' in content


def test_the_pdf_html_has_no_toolbar_nor_the_screen_stylesheet(plan, objective):
    report = reports.plan_report(plan, timezone.localdate())
    html = reports.render_plan_html(report, for_pdf=True)
    assert "govuk-frontend.min.css" not in html
    assert '<nav class="screen-only"' not in html
    assert "<button" not in html
