"""Browser tests: Playwright drives Debian's Chromium against the live server, and axe-core
checks every page visited. Without Chromium they are skipped locally; with
REQUIRE_BROWSER_TESTS=1 (CI) a missing browser is a failure."""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

# The journeys walk the pages of every app: the case and the courses of its folders.
from tests.reviews.conftest import (  # noqa: F401
    dissemination,
    learning_point,
    notification,
    rapid_review,
    review,
    review_action,
)
from tests.training.conftest import attendance, course, elearning_course, session  # noqa: F401

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "not-a-real-password-1"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
        raise pytest.UsageError(f"Browser tests are required but {CHROMIUM} is missing")
    skip = pytest.mark.skip(reason="Debian's chromium is not installed")
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


_axe = Axe()


def assert_accessible(page):
    """axe-core finds no violations on the page as it is now.

    A click on a link returns before the next page has loaded; axe run in between finds no
    document. So wait for the page to load, and if a navigation still replaces the document
    under axe, wait for it and run again."""
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            results = _axe.run(page)
        except PlaywrightError as error:
            if attempt == 2 or not _navigated_under(error):
                raise
            continue
        break
    assert results.violations_count == 0, results.generate_report()


def _navigated_under(error):
    message = str(error)
    return "documentElement" in message or "Execution context was destroyed" in message


@pytest.fixture
def sign_in(page, live_server):
    def _sign_in(username, password=PASSWORD):
        page.goto(f"{live_server.url}/")
        assert_accessible(page)
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    return _sign_in
