"""The documentation page in Chromium: Swagger UI runs under our CSP, from our own
origin, sets no cookie, and its "Try it out" reads the API."""

import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests import factories
from tests.browser_tests.conftest import ARGS, CHROMIUM
from tests.browser_tests.test_viewers import ARTIFACTS

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
OPERATION = "#operations-collections-collections_list"


def visit_documentation(base_url: str) -> dict:
    """Open /api/v1/docs, run one request with "Try it out", report what happened.

    Runs in a thread of its own: Playwright's sync API refuses to start in a
    thread where another Playwright (the browser tests' session) already runs.
    """
    from playwright.sync_api import sync_playwright

    seen: dict = {"requested": [], "console": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.on("request", lambda request: seen["requested"].append(request.url))
        page.on(
            "console",
            lambda message: seen["console"].append(message.text)
            if message.type == "error" or "Content Security Policy" in message.text
            else None,
        )
        response = page.goto(f"{base_url}/api/v1/docs")
        seen["status"] = response.status
        seen["policy"] = response.headers["content-security-policy"]
        page.wait_for_selector(".opblock-summary-path", timeout=20_000)
        seen["paths"] = [
            text.strip().replace("\u200b", "")
            for text in page.locator(".opblock-summary-path").all_inner_texts()
        ]
        page.locator(f"{OPERATION} .opblock-summary").click()
        # "Try it out" is on from the start (SWAGGER_UI_SETTINGS): execute at once.
        page.locator(f"{OPERATION} .execute").click()
        status = page.locator(f"{OPERATION} .live-responses-table tr.response .response-col_status")
        status.first.wait_for(timeout=20_000)
        seen["answer_status"] = status.first.inner_text().strip()
        seen["answer"] = page.locator(f"{OPERATION} .live-responses-table").inner_text()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "api-docs.png"))
        seen["cookies"] = context.cookies()
        context.close()
        browser.close()
    return seen


def test_swagger_ui_works_under_the_policy(live_server):
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is missing: `make test` installs it")
    institution = factories.make_institution()
    factories.make_collection(institution, "Handschriften")
    with ThreadPoolExecutor(max_workers=1) as pool:
        seen = pool.submit(visit_documentation, live_server.url).result(timeout=180)
    assert seen["status"] == 200
    assert "script-src 'self'" in seen["policy"]
    assert "/api/v1/objects/{identifier}" in seen["paths"]
    assert seen["answer_status"] == "200"
    assert "Handschriften" in seen["answer"]
    foreign = [
        url
        for url in seen["requested"]
        if not url.startswith((live_server.url, "data:", "blob:"))
    ]
    assert foreign == []
    assert seen["cookies"] == []
    assert seen["console"] == []
