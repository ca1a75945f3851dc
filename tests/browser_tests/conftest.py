"""Playwright with Debian's Chromium (no browser download), against a live server."""

import os
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop in this thread; the test's own
# database work (fixtures) is still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is missing: `make test` installs it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requested = []  # every URL the page asked for
    page.on("request", lambda request: page.requested.append(request.url))
    yield page
    context.close()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory):
    """Where browser tests put screenshots: $KULTURSCHATZ_SCREENSHOT_DIR, or a
    folder in pytest's temporary directory."""
    configured = os.environ.get("KULTURSCHATZ_SCREENSHOT_DIR")
    if not configured:
        return tmp_path_factory.mktemp("screenshots")
    folder = Path(configured)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
