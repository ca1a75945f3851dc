"""The documentation page in Chromium: Swagger UI runs under our CSP, from our own
origin, sets no cookie, and its "Try it out" reads the API."""

import pytest

from tests import factories
from tests.browser_tests.conftest import browser, page  # noqa: F401 - fixtures
from tests.browser_tests.test_viewers import ARTIFACTS

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_works_under_the_policy(page, live_server):  # noqa: F811
    institution = factories.make_institution()
    factories.make_collection(institution, "Handschriften")
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text)
        if message.type == "error" or "Content Security Policy" in message.text
        else None,
    )
    response = page.goto(f"{live_server.url}/api/v1/docs")
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".opblock-summary-path", timeout=20_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/objects/{identifier}" in [p.strip().replace("\u200b", "") for p in paths]

    page.locator("#operations-collections-collections_list .opblock-summary").click()
    # "Try it out" is on from the start (SWAGGER_UI_SETTINGS): execute at once.
    page.locator("#operations-collections-collections_list .execute").click()
    status = page.locator(
        "#operations-collections-collections_list .live-responses-table tr.response .response-col_status"
    ).first
    status.wait_for(timeout=20_000)
    assert status.inner_text().strip() == "200"
    assert "Handschriften" in page.locator(
        "#operations-collections-collections_list .live-responses-table"
    ).inner_text()

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "api-docs.png"))

    foreign = [u for u in page.requested if not u.startswith((live_server.url, "data:", "blob:"))]
    assert foreign == []
    assert page.context.cookies() == []
    assert violations == []
