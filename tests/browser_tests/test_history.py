"""Staff in Chromium: edit an object, read the change in its history, restore
the earlier version after the confirmation page."""

import pytest

from kulturschatz.collections import history
from kulturschatz.collections.models import HeritageObject
from tests import factories

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_an_editor_reads_a_diff_and_restores_the_earlier_version(
    page, live_server, screenshot_dir
):
    heritage_object = factories.make_object(
        title="Merseburger Zaubersprüche", status=HeritageObject.Status.DRAFT
    )
    heritage_object.descriptions.create(
        text="Zwei Zaubersprüche in althochdeutscher Sprache, eingetragen auf einem Vorsatzblatt.",
        lang="de",
    )
    factories.make_image(heritage_object)
    factories.make_staff("Redaktion", username="redakteurin")
    csp_violations = []
    page.on(
        "console",
        lambda message: (
            csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "redakteurin")
    page.fill("#id_password", "Merseburg-1080-Test")
    page.click("input[type=submit]")
    page.goto(
        f"{live_server.url}/admin/collections/heritageobject/{heritage_object.pk}/change/"
    )
    page.fill("#id_title", "Merseburger Zaubersprüche (Cod. 136)")
    page.fill(
        "#id_descriptions-0-text",
        "Zwei Zaubersprüche in althochdeutscher Sprache, im 10. Jahrhundert eingetragen auf einem Vorsatzblatt.",
    )
    page.click("input[name=_continue]")
    page.wait_for_load_state("networkidle")

    # The object page's "History" button leads to the versions with their diffs.
    page.click(
        f"a[href$='/admin/collections/heritageobject/{heritage_object.pk}/history/']"
    )
    page.wait_for_selector(".history-entry")
    latest = page.locator(".history-entry").first
    assert (
        latest.locator("td.history-old").first.inner_text()
        == "Merseburger Zaubersprüche"
    )
    assert (
        latest.locator("td.history-new").first.inner_text()
        == "Merseburger Zaubersprüche (Cod. 136)"
    )
    assert latest.locator("ins").filter(has_text="im 10. Jahrhundert").count() == 1
    page.screenshot(path=str(screenshot_dir / "admin-history.png"), full_page=True)

    # Restore the version before the edit, after confirming.
    page.locator(".history-entry").last.locator("a.button[href$='/restore/']").click()
    page.wait_for_load_state("networkidle")
    assert (
        page.locator("td.history-new").first.inner_text() == "Merseburger Zaubersprüche"
    )
    page.screenshot(
        path=str(screenshot_dir / "admin-restore-version.png"), full_page=True
    )
    page.click("input[type=submit].default")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(
        f"/admin/collections/heritageobject/{heritage_object.pk}/change/"
    )
    assert page.locator("ul.messagelist li.success").count() >= 1
    assert page.input_value("#id_title") == "Merseburger Zaubersprüche"

    heritage_object.refresh_from_db()
    assert heritage_object.title == "Merseburger Zaubersprüche"
    assert heritage_object.descriptions.get().text.startswith(
        "Zwei Zaubersprüche in althochdeutscher Sprache, eingetragen"
    )
    assert heritage_object.images.count() == 1
    assert history.versions_of(heritage_object.pk).count() == 3  # before, edit, restore
    assert csp_violations == []
