"""Mitmachen in a real browser: axe-core finds no serious WCAG 2.1 AA violation on
its pages (desktop and a 320 px phone, also with form errors), nothing scrolls
sideways on the phone, the forms work with the keyboard, and a treasure sent
with a photo lands on the private page with its link ready to copy."""

import pytest

from kulturschatz.contributions.models import SharedTreasure
from tests import factories
from tests.browser_tests.test_accessibility import violations
from tests.collections_tests.test_uploads import gps_jpeg

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def open_page(context, url: str):
    page = context.new_page()
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_load_state("networkidle")
    return page


def fill_treasure(page, tmp_path) -> None:
    photo = tmp_path / "kanne.jpg"
    photo.write_bytes(gps_jpeg((400, 300)))
    page.set_input_files("#id_photos", str(photo))
    page.fill("#id_title", "Omas Kaffeekanne")
    page.fill("#id_story", "Sie stand jeden Sonntag auf dem Tisch.")
    page.fill("#id_contributor_name", "Erika M.")
    page.check("#id_rights_confirmed")


@pytest.mark.parametrize("width", [1280, 320])
def test_the_pages_are_accessible_and_fit_a_phone(browser, live_server, tmp_path, width):
    heritage_object = factories.make_object(title="Ladegast-Orgel")
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    found = {}

    def check(page, name: str) -> None:
        problems = violations(page)
        if problems:
            found[name] = problems
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, f"{name} is {overflow} px wide"

    for path in ["/mitmachen/", "/mitmachen/datenschutz/", "/en/mitmachen/",
                 f"/objekt/{heritage_object.identifier}/hinweis/",
                 heritage_object.get_absolute_url()]:  # fmt: skip
        check(open_page(context, live_server.url + path), path)
    page = open_page(context, live_server.url + "/mitmachen/schatz-teilen/")
    check(page, "form")
    # An error only the server finds: the error summary takes the focus and
    # links to the field.
    fill_treasure(page, tmp_path)
    page.fill("#id_story", "Sie stand <b>jeden</b> Sonntag auf dem Tisch.")
    page.check("#id_privacy_consent")
    page.click(".contribution-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.activeElement.className") == "error-summary"
    check(page, "form with errors")
    page.click(".error-summary a")
    assert page.evaluate("document.activeElement.id") == "id_story"
    fill_treasure(page, tmp_path)
    page.check("#id_privacy_consent")
    page.click(".contribution-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/mitmachen/beitrag/" in page.url and "?neu=1" in page.url
    check(page, "private page")
    context.close()
    assert found == {}
    assert SharedTreasure.objects.get().photos.count() == 1


def test_the_share_form_works_by_keyboard_and_the_link_can_be_copied(browser, live_server, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = open_page(context, live_server.url + "/mitmachen/schatz-teilen/")
    reached = []
    page.focus("#id_photos")
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
    assert "id_website" not in reached  # the honeypot is skipped
    for field in ["id_title", "id_story", "id_licence_0", "id_rights_confirmed",
                  "id_privacy_consent", "BUTTON"]:  # fmt: skip
        assert field in reached, field
    fill_treasure(page, tmp_path)
    page.check("#id_privacy_consent")
    page.keyboard.press("Tab")
    page.focus(".contribution-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    link = page.text_content("#private-link").strip()
    assert page.url.startswith(link) and link.startswith(live_server.url + "/mitmachen/beitrag/")
    button = page.locator("button.copy-link")
    assert button.is_visible()
    button.click()
    page.wait_for_function("document.querySelector('.copy-status').textContent !== ''")
    assert page.text_content(".copy-status") == "Link kopiert."
    assert page.evaluate("navigator.clipboard.readText()") == link
    # The withdrawal's POST passes the CSRF check (the Referrer-Policy keeps the Origin).
    page.check("#id_confirm")
    page.click(".withdraw button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "Zurückgezogen:" in page.text_content(".state")
    assert SharedTreasure.objects.get().state == "withdrawn"
    context.close()
