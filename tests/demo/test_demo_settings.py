"""The demo runs with DEBUG off (kscp.settings.demo): visitors see the product's own error
pages, and WhiteNoise serves the static files without a collectstatic step."""

import json
import os
import subprocess
import sys

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from plans.models import Plan

pytestmark = pytest.mark.django_db

PLAIN_STATIC = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


def demo_settings() -> dict:
    """The demo settings as a fresh process reads them, with no DEBUG or DEMO_MODE set."""
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DEMO_MODE", "SECRET_KEY")}
    env["DJANGO_SETTINGS_MODULE"] = "kscp.settings.demo"
    code = (
        "import json; from django.conf import settings as s; print(json.dumps([s.DEBUG, "
        "s.DEMO_MODE, s.WHITENOISE_USE_FINDERS, s.STORAGES['staticfiles']]))"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_demo_script_serves_the_demo_settings_with_debug_off():
    with open("scripts/demo.sh") as script:
        assert "DJANGO_SETTINGS_MODULE=kscp.settings.demo" in script.read()
    assert demo_settings() == [False, True, True, PLAIN_STATIC]


@override_settings(
    DEBUG=False,
    WHITENOISE_USE_FINDERS=True,
    STORAGES={
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": PLAIN_STATIC,
    },
)
def test_with_the_demo_settings_another_partnerships_record_is_the_products_404(
    lead, other_partnership
):
    plan = Plan.objects.create(
        partnership=other_partnership,
        title="Their plan",
        starts_on="2025-04-01",
        ends_on="2026-03-31",
    )
    client = Client()  # a new client: WhiteNoise reads the settings when it starts
    client.force_login(lead)
    response = client.get(reverse("plans:plan", args=[plan.pk]))
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    assert "URLconf" not in body and "Using the URLconf" not in body

    css = client.get("/static/govuk/govuk-frontend.min.css")
    assert css.status_code == 200


@override_settings(DEBUG=False, ROOT_URLCONF="tests.demo.urls_server_error")
def test_with_debug_off_a_server_error_is_the_products_500_page(lead):
    """Django's server error view renders templates/500.html without the request: the page
    is the product's, in GOV.UK's layout, and shows nothing of the fault."""
    client = Client(raise_request_exception=False)
    client.force_login(lead)
    response = client.get("/failing/")
    assert response.status_code == 500
    body = response.content.decode()
    assert '<h1 class="govuk-heading-xl">Sorry, there is a problem with the service</h1>' in body
    assert "govuk/govuk-frontend.min.css" in body
    assert '<a class="govuk-link" href="/">Go to the home page</a>' in body
    assert "RuntimeError" not in body and "a fault the visitor" not in body
    assert "no-store" in response["Cache-Control"]
