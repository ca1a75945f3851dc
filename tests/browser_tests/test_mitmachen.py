"""Mitmachen end to end in Chromium (issue 9): a citizen shares a photo of a
treasure, it waits in the editorial queue, a member of Redaktion accepts and
publishes it, and every visitor then finds it on the site with the
contributor's credit, while the contributor hears of it by e-mail and on the
private page. A hint on an object makes the same way onto the object's page.
The refusal paths are walked in the browser as well: a photo too large, a
file that is no image, a filled honeypot and one submission too many."""

import io
import re

import pytest
from PIL import Image

from kulturschatz.collections.models import HeritageObject, ObjectImage
from kulturschatz.contributions.models import (
    ContributionPhoto,
    Hint,
    SharedTreasure,
    State,
)
from tests import factories
from tests.collections_tests.test_uploads import gps_jpeg

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "Merseburg-1080-Test"
TITLE = "Postkarte vom Merseburger Dom"
CC_BY_SA = "http://creativecommons.org/licenses/by-sa/4.0/"


def share(page, base: str, photo, *, title: str = TITLE, email: str = "") -> None:
    """Fill and send the share form as a visitor would."""
    page.goto(f"{base}/mitmachen/schatz-teilen/")
    page.set_input_files("#id_photos", str(photo))
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Geschichte").fill(
        "Die Karte schrieb meine Großmutter 1961 an ihre Schwester in Halle."
    )
    page.fill("#id_date_text", "um 1960")
    page.fill("#id_place_text", "Merseburg")
    page.fill("#id_contributor_name", "Erika M.")
    page.check(f"input[name=licence][value='{CC_BY_SA}']")
    page.check("#id_rights_confirmed")
    if email:
        page.fill("#id_email", email)
    page.check("#id_privacy_consent")
    page.click(".contribution-form button[type=submit]")
    page.wait_for_load_state("networkidle")


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/$"))


def errors_of(page) -> str:
    return page.locator(".error-summary").inner_text()


def test_a_shared_treasure_goes_from_the_form_through_the_queue_onto_the_site(
    browser, live_server, tmp_path, mailoutbox
):
    factories.make_staff("Redaktion", username="redaktion")
    base = live_server.url
    photo = tmp_path / "postkarte.jpg"
    photo.write_bytes(gps_jpeg((900, 600)))

    # A visitor finds Mitmachen in the main navigation and shares the postcard.
    visitor = browser.new_context(viewport={"width": 1280, "height": 900})
    page = visitor.new_page()
    page.goto(f"{base}/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Mitmachen"
    ).click()
    page.wait_for_url(f"{base}/mitmachen/")
    page.locator("a[href='/mitmachen/schatz-teilen/']").first.click()
    page.wait_for_url(f"{base}/mitmachen/schatz-teilen/")
    share(page, base, photo, email="erika@example.org")
    assert "/mitmachen/beitrag/" in page.url
    private_url = page.url.split("?")[0]
    assert private_url in page.content()  # the private link, to keep
    treasure = SharedTreasure.objects.get()
    assert treasure.state == State.SUBMITTED and treasure.licence == CC_BY_SA
    # Nothing is public yet: the search knows no postcard.
    page.goto(f"{base}/suche/?q=Postkarte")
    assert TITLE not in page.content()

    # A member of Redaktion sees it waiting, opens it and accepts it for publication.
    staff = browser.new_context(viewport={"width": 1280, "height": 900})
    desk = staff.new_page()
    log_in(desk, base, "redaktion")
    assert "Geteilte Schätze" in desk.content()
    desk.goto(f"{base}/admin/contributions/sharedtreasure/")
    desk.get_by_role("link", name=TITLE).click()
    preview = desk.locator("img[src*='/photo/']").first
    preview.wait_for()
    assert desk.evaluate("img => img.naturalWidth", preview.element_handle()) > 0
    desk.locator("#moderation-decision").get_by_role("link", name="Annehmen …").click()
    desk.check("input[name=publish][value='1']")
    desk.locator("input[type=submit]").click()
    desk.wait_for_url(re.compile(r".*/admin/contributions/sharedtreasure/.*"))
    assert "veröffentlicht" in desk.locator(".messagelist").inner_text()
    staff.close()

    heritage_object = HeritageObject.objects.get(collection__slug="buergerschaetze")
    assert heritage_object.status == HeritageObject.Status.PUBLISHED
    # Through the normal image pipeline; the GPS position never reached the archive.
    image = ObjectImage.objects.get(heritage_object=heritage_object)
    assert image.derivatives_ready
    with image.master.open("rb") as handle:
        assert not Image.open(io.BytesIO(handle.read())).getexif().get_ifd(0x8825)
    assert not ContributionPhoto.objects.exists()

    # Every visitor now finds it, with the contributor credited.
    page.goto(f"{base}/suche/?q=Postkarte")
    page.get_by_role("link", name=TITLE).first.click()
    page.wait_for_url(f"{base}{heritage_object.get_absolute_url()}")
    page.wait_for_load_state("networkidle")
    body = page.locator("main").inner_text()
    assert TITLE in body and "Erika M." in body and "CC BY-SA 4.0" in body
    shown = page.locator("img[src*='/iiif/']").first
    assert page.evaluate("img => img.naturalWidth", shown.element_handle()) > 0
    page.goto(f"{base}/sammlung/buergerschaetze/")
    assert TITLE in page.content()

    # The contributor heard of it, and the private page links to the object.
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["erika@example.org"]
    assert heritage_object.get_absolute_url() in mailoutbox[0].body
    page.goto(private_url)
    assert page.locator(f"a[href='{heritage_object.get_absolute_url()}']").count()
    treasure.refresh_from_db()
    assert treasure.email == ""  # used once, then forgotten
    visitor.close()


def test_a_hint_on_an_object_appears_on_its_page_once_accepted(browser, live_server):
    factories.make_staff("Redaktion", username="redaktion")
    heritage_object = factories.make_object(title="Ladegast-Orgel")
    base = live_server.url
    visitor = browser.new_context()
    page = visitor.new_page()
    page.goto(f"{base}{heritage_object.get_absolute_url()}")
    page.get_by_role("link", name="Hinweis geben").click()
    page.get_by_label("Ihr Hinweis").fill("Mein Großvater hat 1955 hier die Bälge getreten.")
    page.fill("#id_contributor_name", "Hans aus Meuschau")
    page.check("#id_privacy_consent")
    page.click(".contribution-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/mitmachen/beitrag/" in page.url
    page.goto(f"{base}{heritage_object.get_absolute_url()}")
    assert "Bälge" not in page.content()  # not before moderation

    staff = browser.new_context()
    desk = staff.new_page()
    log_in(desk, base, "redaktion")
    desk.goto(f"{base}/admin/contributions/hint/")
    assert "Ladegast-Orgel" in desk.locator("#result_list").inner_text()
    desk.goto(f"{base}/admin/contributions/hint/{Hint.objects.get().pk}/change/")
    assert "Bälge getreten" in desk.input_value("#id_text")
    desk.locator("#moderation-decision").get_by_role("link", name="Annehmen …").click()
    desk.check("input[name=outcome][value='shown']")
    desk.locator("input[type=submit]").click()
    desk.wait_for_url(re.compile(r".*/admin/contributions/hint/.*"))
    staff.close()

    assert Hint.objects.get().is_shown
    page.goto(f"{base}{heritage_object.get_absolute_url()}")
    hints = page.locator(".object-hints").inner_text()
    assert "Bälge getreten" in hints and "Hans aus Meuschau" in hints
    visitor.close()


def test_the_forms_refuse_what_they_must_in_the_browser(
    browser, live_server, tmp_path, settings
):
    settings.KULTURSCHATZ_CONTRIBUTION_MAX_UPLOAD_BYTES = 200_000
    settings.KULTURSCHATZ_CONTRIBUTION_RATE = "2/h"
    base = live_server.url
    context = browser.new_context()
    page = context.new_page()

    # Too large: a photo of several hundred kilobytes against a 0.2 MB limit.
    large = tmp_path / "gross.png"
    noise = Image.effect_noise((600, 600), 80).convert("RGB")
    noise.save(large)
    assert large.stat().st_size > 200_000
    share(page, base, large)
    assert page.url == f"{base}/mitmachen/schatz-teilen/"
    assert "„gross.png“ ist größer als" in errors_of(page)

    # Not an image: a PDF named like a photo.
    pdf = tmp_path / "foto.jpg"
    pdf.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    share(page, base, pdf)
    assert "„foto.jpg“ ist kein Bild, sondern ein PDF-Dokument" in errors_of(page)

    # A robot fills the field people never see.
    photo = tmp_path / "kanne.jpg"
    photo.write_bytes(gps_jpeg((400, 300)))
    page.goto(f"{base}/mitmachen/schatz-teilen/")
    trap = page.locator("#id_website").bounding_box()
    assert trap["x"] + trap["width"] <= 0  # off screen, and hidden from screen readers
    page.evaluate("document.getElementById('id_website').value = 'http://spam.example'")
    with page.expect_response(re.compile(r".*/mitmachen/schatz-teilen/$")) as answer:
        share_without_navigation = page.locator(".contribution-form")
        page.set_input_files("#id_photos", str(photo))
        page.get_by_label("Titel").fill("Billige Uhren")
        page.get_by_label("Geschichte").fill("Kaufen Sie jetzt.")
        page.fill("#id_contributor_name", "Bot")
        page.check("#id_rights_confirmed")
        page.check("#id_privacy_consent")
        share_without_navigation.locator("button[type=submit]").click()
    assert answer.value.status == 400
    assert "leer" in page.locator("main").inner_text()
    assert not SharedTreasure.objects.exists()

    # Two treasures an hour from one address, then a clear refusal.
    share(page, base, photo, title="Erster Schatz")
    share(page, base, photo, title="Zweiter Schatz")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        share(page, base, photo, title="Dritter Schatz")
    assert answer.value.status == 429
    assert answer.value.headers.get("retry-after")
    assert "Zu viele Beiträge" in page.locator("main").inner_text()
    assert sorted(SharedTreasure.objects.values_list("title", flat=True)) == [
        "Erster Schatz",
        "Zweiter Schatz",
    ]
    assert ContributionPhoto.objects.count() == 2
    context.close()
