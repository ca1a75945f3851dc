"""A cataloguer uploads a zip of scans through the real admin page in Chromium
and reads the report."""

import re
import zipfile

import pytest

from kulturschatz.collections.models import ObjectImage
from tests import factories
from tests.collections_tests.test_uploads import encoded, gps_jpeg, photo, png_declaring

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_zip_of_scans_is_uploaded_and_reported(page, live_server, tmp_path, settings):
    settings.KULTURSCHATZ_FOUR_EYES = False  # images for the published chalice would wait for approval
    institution = factories.make_institution("Domstiftsbibliothek")
    codex = factories.make_object(institution=institution, inventory_number="Dom-Hs. 136", status="draft")
    chalice = factories.make_object(institution=institution, inventory_number="BD-MER-001")
    factories.make_staff("Katalogisierung", username="katalog")
    archive = tmp_path / "Lieferung Fotostudio.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("Lieferung/Dom-Hs_136_001.jpg", gps_jpeg((800, 600)))
        bundle.writestr("Lieferung/Dom-Hs_136_002.tif", encoded(photo((600, 800)), "TIFF"))
        bundle.writestr("Lieferung/bd-mer-001.png", encoded(photo((500, 500)), "PNG"))
        bundle.writestr("Lieferung/Cod-999.jpg", gps_jpeg((300, 200)))
        bundle.writestr("Lieferung/BD-MER-001_2.jpg", b"<!DOCTYPE html><html>Fehlerseite</html>")
        bundle.writestr("Lieferung/Dom-Hs_136_003.png", png_declaring(100_000, 100_000))
        bundle.writestr("__MACOSX/Lieferung/._Dom-Hs_136_001.jpg", b"\x00\x05\x16\x07")
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)  # fmt: skip

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "katalog")
    page.fill("#id_password", "Merseburg-1080-Test")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/collections/heritageobject/")
    page.get_by_role("link", name="Bilder hochladen (mehrere / ZIP)").click()
    page.wait_for_url(re.compile(r".*/bilder-hochladen/$"))
    page.set_input_files("#id_files", str(archive))
    page.select_option("#id_institution", label=institution.name)
    page.fill("#id_creator", "Foto: Studio Merseburg")
    page.get_by_role("button", name="Hochladen").click()
    report = page.locator("#bulk-upload-report")
    report.wait_for()

    counts = {
        row.get_attribute("data-outcome"): int(row.locator("td").inner_text())
        for row in page.locator("#report-counts tr").all()
    }
    assert counts == {"attached": 3, "duplicate": 0, "unmatched": 1, "ambiguous": 0, "refused": 2, "ignored": 1}
    rows = {
        row.locator("td").nth(0).inner_text(): row
        for row in page.locator("#report-files tbody tr").all()
    }
    assert set(rows) == {
        "Lieferung/Dom-Hs_136_001.jpg", "Lieferung/Dom-Hs_136_002.tif", "Lieferung/bd-mer-001.png",
        "Lieferung/Cod-999.jpg", "Lieferung/BD-MER-001_2.jpg", "Lieferung/Dom-Hs_136_003.png",
    }  # fmt: skip
    assert "Hauptbild" in rows["Lieferung/Dom-Hs_136_001.jpg"].inner_text()
    assert rows["Lieferung/BD-MER-001_2.jpg"].locator("td").nth(3).inner_text() == (
        "„Lieferung/BD-MER-001_2.jpg“ ist kein Bild, sondern eine HTML-Seite."
    )
    assert "Dekompressionsbombe" in rows["Lieferung/Dom-Hs_136_003.png"].inner_text()
    assert "Kein Objekt hat die Inventarnummer „cod 999“" in rows["Lieferung/Cod-999.jpg"].inner_text()
    # The staff preview thumbnail of an attached image loads.
    thumbnail = rows["Lieferung/Dom-Hs_136_001.jpg"].locator("img")
    thumbnail.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle())
    assert violations == []

    # The report links to the object, which now shows both images in order.
    rows["Lieferung/Dom-Hs_136_001.jpg"].get_by_role("link").click()
    page.wait_for_url(re.compile(rf".*/heritageobject/{codex.pk}/change/$"))
    images = list(ObjectImage.objects.filter(heritage_object=codex).order_by("order"))
    assert [(i.width, i.height, i.is_primary) for i in images] == [(800, 600, True), (600, 800, False)]
    assert all(i.creator == "Foto: Studio Merseburg" for i in images)
    assert page.locator(f'img[src*="/iiif/3/{images[0].iiif_identifier}/"]').count() == 1
    assert chalice.images.count() == 1
