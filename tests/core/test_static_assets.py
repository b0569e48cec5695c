"""GOV.UK Frontend is committed compiled; its CSS must find its images under any STATIC_URL
and with the hashed names of the production static storage."""

import re
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

CSS = Path(settings.BASE_DIR) / "static" / "govuk" / "govuk-frontend.min.css"


def test_the_css_refers_to_its_assets_relatively():
    urls = re.findall(r"url\(([^)]*)\)", CSS.read_text())
    assert urls
    assert not [u for u in urls if u.strip("'\"").startswith("/")]


def test_the_govuk_font_is_not_shipped():
    assert "@font-face" not in CSS.read_text()


def test_collectstatic_hashes_the_assets_the_css_refers_to(tmp_path):
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "kscp.core.storage.StaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages, STATIC_URL="/kscp/static/"):
        call_command("collectstatic", interactive=False, verbosity=0)
    hashed_css = next((tmp_path / "govuk").glob("govuk-frontend.min.*.css"))
    crest = re.search(
        r"url\(\"?(assets/images/govuk-crest\.[0-9a-f]{12}\.svg)\"?\)", hashed_css.read_text()
    )
    assert crest, "the crest URL was not rewritten to its hashed name"
    assert (tmp_path / "govuk" / crest.group(1)).exists()
    init = next((tmp_path / "kscp").glob("init.*.js")).read_text()
    frontend = re.search(r"govuk/(govuk-frontend\.min\.[0-9a-f]{12}\.js)", init)
    assert frontend, "the module import of GOV.UK Frontend was not rewritten"
    assert (tmp_path / "govuk" / frontend.group(1)).exists()
