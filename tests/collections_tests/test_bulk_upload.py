"""Bulk image upload: file names matched to inventory numbers, real zip archives
with their hazards, one transaction per file, and the admin page with its report."""

import io
import re
import struct
import zipfile

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.urls import reverse
from django.utils import translation
from reversion.models import Revision

from kulturschatz.collections import bulk_upload
from kulturschatz.collections.bulk_upload import (
    AMBIGUOUS,
    ATTACHED,
    DUPLICATE,
    REFUSED,
    UNMATCHED,
    InventoryIndex,
    attach_images,
    file_stem,
    inventory_key,
)
from kulturschatz.collections.models import ObjectImage, Rights
from kulturschatz.iiif import derivatives
from tests import factories
from tests.collections_tests.test_uploads import encoded, gps_jpeg, photo, png_declaring

pytestmark = pytest.mark.django_db
URL = "/admin/collections/heritageobject/bilder-hochladen/"


def jpeg(size=(600, 400), colour=0) -> bytes:
    """A JPEG; each ``colour`` gives a different file (a block in another place)."""
    image = photo(size)
    x = 48 * colour % (size[0] - 48)
    image.paste((200, 90, 30), (x, 0, x + 48, 48))
    return encoded(image, "JPEG")


def zip_upload(members: list[tuple[str, bytes]], name: str = "scans.zip", **options) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members:
            archive.writestr(member, data, **options)
    return SimpleUploadedFile(name, buffer.getvalue(), "application/zip")


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, "application/octet-stream")


def by_name(report) -> dict[str, bulk_upload.FileResult]:
    return {result.name: result for result in report.results}


# -- names and numbers -------------------------------------------------------------------


def test_inventory_numbers_and_file_names_compare_without_case_accents_or_separators():
    keys = {
        "Dom-Hs. 136": ("dom", "hs", "136"),
        "dom_hs_136": ("dom", "hs", "136"),
        "DOM HS 136": ("dom", "hs", "136"),
        "Cod136": ("cod", "136"),  # letters and digits split where they meet
        "Cod. 136": ("cod", "136"),
        "BD-MER-001": ("bd", "mer", "001"),  # digits exactly: 001 is not 1
        "LMV-B 1938/9": ("lmv", "b", "1938", "9"),
        "P1985.273": ("p", "1985", "273"),
        "8360 (Inv. 1890)": ("8360", "inv", "1890"),
        "Äbtissinnen-Kelch 1": ("aebtissinnen", "kelch", "1"),
        "A\u0308btissinnen-Kelch 1": ("aebtissinnen", "kelch", "1"),  # NFD, as macOS names files
        "Résumé": ("resume",),
        "Straße 5": ("strasse", "5"),
        "---": (),
    }
    for text, key in keys.items():
        assert inventory_key(text) == key, text
    stems = {
        "Dom-Hs_136_001.jpg": "Dom-Hs_136_001",
        "lieferung/2026/dom-hs-136-2.TIFF": "dom-hs-136-2",
        "C:\\Scans\\Cod136.jp2": "Cod136",
        "P1985.273": "P1985.273",  # no ending: ".273" is part of the number
        "P1985.273.png": "P1985.273",
    }
    for name, stem in stems.items():
        assert file_stem(name) == stem, name


@pytest.fixture
def catalogue(settings):
    # Published objects: under four eyes a cataloguer's images would wait for
    # approval (test_pending_changes.py); these tests are about attaching.
    settings.KULTURSCHATZ_FOUR_EYES = False
    dom = factories.make_institution("Domstiftsbibliothek")
    museum = factories.make_institution("Kulturhistorisches Museum")
    numbers = ["Dom-Hs. 136", "BD-MER-001", "Dom-G", "Dom-G 1", "Dom-G 12", "LMV-B 1938/9", "MS-1234"]
    objects = {number: factories.make_object(institution=dom, inventory_number=number) for number in numbers}
    objects["museum MS-1234"] = factories.make_object(institution=museum, inventory_number="MS-1234")
    return dom, museum, objects


def test_file_names_match_exactly_one_object_or_none(catalogue):
    dom, museum, objects = catalogue
    index = InventoryIndex()
    cases = {  # file name -> (inventory numbers of the candidates, sequence number)
        "Dom-Hs_136.jpg": (["Dom-Hs. 136"], None),
        "Dom-Hs_136_001.jpg": (["Dom-Hs. 136"], 1),
        "dom-hs-136-2.tif": (["Dom-Hs. 136"], 2),
        "DOM HS 136 3.png": (["Dom-Hs. 136"], 3),
        "bd_mer_001_1.jpg": (["BD-MER-001"], 1),
        "LMV-B_1938-9_2.jpg": (["LMV-B 1938/9"], 2),
        "Dom-G_1_2.jpg": (["Dom-G 1"], 2),
        "Dom-G_12_1.jpg": (["Dom-G 12"], 1),
        # "Dom-G 12" itself, or "Dom-G" with image 12: ambiguous.
        "Dom-G_12.jpg": (["Dom-G", "Dom-G 12"], None),
        # The same number in two institutions.
        "MS-1234.jpg": (["MS-1234", "museum MS-1234"], None),
        "Dom-Hs_137.jpg": ([], None),
        "Dom-Hs_136_a.jpg": ([], None),  # only digits are a sequence number
        "scan_Dom-Hs_136.jpg": ([], None),  # the number starts the name
        "IMG_0001.jpg": ([], None),
    }
    for name, (numbers, sequence) in cases.items():
        pks, found_sequence = index.match(name)
        assert sorted(pks) == sorted(objects[n].pk for n in numbers), name
        assert found_sequence == sequence, name
    scoped = InventoryIndex(museum)
    assert scoped.match("MS-1234.jpg") == ([objects["museum MS-1234"].pk], None)
    assert scoped.match("Dom-Hs_136.jpg") == ([], None)


# -- attaching ----------------------------------------------------------------------------


def test_a_zip_attaches_each_image_in_order_and_reports_the_rest(catalogue, django_capture_on_commit_callbacks):
    dom, museum, objects = catalogue
    cataloguer = factories.make_staff("Katalogisierung")
    hs136 = objects["Dom-Hs. 136"]
    archive = zip_upload([
        ("lieferung/Dom-Hs_136_002.jpg", jpeg(colour=2)),
        ("lieferung/unterordner/dom-hs-136-1.jpg", jpeg(colour=1)),  # nested folders do not matter
        ("lieferung/Dom-Hs_136_003.png", encoded(photo((500, 300)), "PNG")),
        ("lieferung/BD-MER-001.tif", encoded(photo((300, 200)), "TIFF")),
        ("Dom-G_12.jpg", jpeg(colour=3)),  # ambiguous
        ("MS-1234.jpg", jpeg(colour=4)),  # ambiguous across institutions
        ("Cod-999.jpg", jpeg(colour=5)),  # no such object
        ("LMV-B_1938-9_1.jpg", b"<!DOCTYPE html><html><body>Fehler</body></html>"),  # fake
        ("LMV-B_1938-9_2.png", png_declaring(100_000, 100_000)),  # bomb
        ("Dom-G_1_1.jpg", jpeg(colour=6)),
        ("Dom-G_1_2.jpg", jpeg(colour=6)),  # the same file again in this upload
        ("__MACOSX/lieferung/._Dom-Hs_136_002.jpg", b"\x00\x05\x16\x07 AppleDouble"),
        ("lieferung/.DS_Store", b"Bud1 junk"),
        ("lieferung/Thumbs.db", b"junk"),
        ("../../etc/Dom-G_1_3.jpg", jpeg(colour=7)),  # zip slip
        ("/tmp/Dom-G_1_4.jpg", jpeg(colour=8)),
    ])
    with django_capture_on_commit_callbacks(execute=True), translation.override("de"):
        report = attach_images([archive], by=cataloguer, rights=Rights.CC0, creator="Foto: Domstift")
    results = by_name(report)
    assert report.counts == {ATTACHED: 5, DUPLICATE: 1, UNMATCHED: 1, AMBIGUOUS: 2, REFUSED: 4}
    assert len(report.ignored) == 3 and report.problems == []
    # The three images of Dom-Hs. 136 in the order of their sequence numbers.
    images = list(hs136.images.order_by("order"))
    assert [(i.order, i.is_primary, i.width) for i in images] == [(0, True, 600), (1, False, 600), (2, False, 500)]
    assert results["lieferung/unterordner/dom-hs-136-1.jpg"].image == images[0]
    assert all(i.rights == Rights.CC0 and i.creator == "Foto: Domstift" for i in images)
    assert all(i.derivatives_ready for i in ObjectImage.objects.all())  # queued after commit, built
    assert results["lieferung/BD-MER-001.tif"].heritage_object == objects["BD-MER-001"]
    assert {o.inventory_number for o in results["Dom-G_12.jpg"].candidates} == {"Dom-G", "Dom-G 12"}
    assert {o.institution for o in results["MS-1234.jpg"].candidates} == {dom, museum}
    assert "Kein Objekt hat die Inventarnummer „cod 999“" in results["Cod-999.jpg"].reason
    assert results["LMV-B_1938-9_1.jpg"].reason == "„LMV-B_1938-9_1.jpg“ ist kein Bild, sondern eine HTML-Seite."
    assert "Dekompressionsbombe" in results["LMV-B_1938-9_2.png"].reason
    assert results["Dom-G_1_2.jpg"].outcome == DUPLICATE
    assert "Unsicherer Pfad" in results["../../etc/Dom-G_1_3.jpg"].reason
    assert "Unsicherer Pfad" in results["/tmp/Dom-G_1_4.jpg"].reason
    assert objects["Dom-G 1"].images.count() == 1 and not objects["LMV-B 1938/9"].images.exists()
    # One admin log entry per attached image, on its object, as the inline would write.
    entries = LogEntry.objects.filter(user=cataloguer, action_flag=CHANGE)
    assert entries.count() == 5
    with translation.override("de"):
        messages = {e.get_change_message() for e in entries.filter(object_id=str(hs136.pk))}
    assert messages == {f"Bild „{n}“ hinzugefügt." for n in ["dom-hs-136-1.jpg", "Dom-Hs_136_002.jpg", "Dom-Hs_136_003.png"]}


def test_the_same_upload_again_is_reported_as_already_present(catalogue):
    dom, museum, objects = catalogue
    user = factories.make_staff("Katalogisierung")
    members = [("Dom-Hs_136_1.jpg", jpeg(colour=1)), ("Dom-Hs_136_2.jpg", jpeg(colour=2))]
    first = attach_images([zip_upload(members)], by=user, make_primary=False)
    assert first.counts[ATTACHED] == 2
    assert not objects["Dom-Hs. 136"].images.filter(is_primary=True).exists()
    again = attach_images([zip_upload(members)], by=user)
    assert again.counts == {ATTACHED: 0, DUPLICATE: 2, UNMATCHED: 0, AMBIGUOUS: 0, REFUSED: 0}
    assert objects["Dom-Hs. 136"].images.count() == 2
    # A new file is added after the existing ones, and becomes primary (none was).
    third = attach_images([upload("Dom-Hs_136_1.jpg", jpeg(colour=9))], by=user)
    image = by_name(third)["Dom-Hs_136_1.jpg"].image
    assert (image.order, image.is_primary) == (2, True)


def test_several_files_without_a_zip_and_duplicate_names(catalogue):
    dom, museum, objects = catalogue
    user = factories.make_staff("Katalogisierung")
    files = [upload("BD-MER-001_1.jpg", jpeg(colour=1)), upload("Dom-G_1_1.webp", encoded(photo(), "WEBP"))]
    archive = zip_upload([("a/Dom-G_12_1.jpg", jpeg(colour=2)), ("b/Dom-G_12_1.jpg", jpeg(colour=3))])
    archive_again = zip_upload([("a/Dom-G_12_1.jpg", jpeg(colour=4))], name="nochmal.zip")
    report = attach_images([*files, archive, archive_again], by=user, institution=dom)
    assert report.counts[ATTACHED] == 5
    # Two members with the same path in two archives are told apart in the report.
    assert sorted(by_name(report)) == sorted(
        ["BD-MER-001_1.jpg", "Dom-G_1_1.webp", "a/Dom-G_12_1.jpg", "b/Dom-G_12_1.jpg", "a/Dom-G_12_1.jpg (2)"]
    )
    assert objects["Dom-G 12"].images.count() == 3
    masters = set(ObjectImage.objects.values_list("master", flat=True))
    assert len(masters) == 5  # stored under the image's UUID: nothing overwritten


def test_zip_bombs_are_refused_by_declared_and_by_actual_size(catalogue, settings):
    dom, museum, objects = catalogue
    user = factories.make_staff("Katalogisierung")
    # 200 MB of zeros in a few hundred kilobytes.
    zeros = zip_upload([("Dom-Hs_136_1.tif", b"\x00" * 200 * 1024 * 1024)])
    assert zeros.size < 1024 * 1024
    settings.KULTURSCHATZ_BULK_UPLOAD_MAX_BYTES = 100 * 1024 * 1024
    with translation.override("de"):
        report = attach_images([zeros], by=user)
    assert report.problems == [
        "Der Upload umfasst entpackt 200 MB; höchstens 100 MB werden auf einmal angenommen."
    ]
    assert report.results == [] and not ObjectImage.objects.exists()
    # Within the upload's limit but above the limit of one file: that file is refused.
    settings.KULTURSCHATZ_BULK_UPLOAD_MAX_BYTES = 400 * 1024 * 1024
    settings.KULTURSCHATZ_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
    with translation.override("de"):
        report = attach_images([zeros, upload("Dom-Hs_136_2.jpg", jpeg())], by=user)
    assert by_name(report)["Dom-Hs_136_1.tif"].reason == "„Dom-Hs_136_1.tif“ ist größer als 50 MB (200 MB)."
    assert report.counts[ATTACHED] == 1
    # A member that holds more than its header declares: read only as far as
    # declared, and then its checksum fails.
    liar = bytearray(zip_upload([("BD-MER-001.jpg", jpeg(size=(900, 700)))]).read())
    central = liar.rindex(b"PK\x01\x02")
    struct.pack_into("<I", liar, central + 24, 1000)  # uncompressed size in the directory
    local = liar.index(b"PK\x03\x04")
    struct.pack_into("<I", liar, local + 22, 1000)
    with translation.override("de"):
        report = attach_images([upload("liar.zip", bytes(liar))], by=user)
    (result,) = report.results
    assert result.outcome == REFUSED and "lässt sich nicht aus dem Archiv lesen" in result.reason
    assert not objects["BD-MER-001"].images.exists()


def test_too_many_files_or_a_broken_archive_refuse_the_whole_upload(catalogue, settings):
    user = factories.make_staff("Katalogisierung")
    settings.KULTURSCHATZ_BULK_UPLOAD_MAX_FILES = 3
    archive = zip_upload([(f"Dom-Hs_136_{n}.jpg", jpeg(colour=n)) for n in range(4)])
    with translation.override("de"):
        report = attach_images([archive], by=user)
        assert report.problems == ["Der Upload enthält 4 Dateien; höchstens 3 werden auf einmal angenommen."]
        broken = upload("kaputt.zip", b"PK\x03\x04" + b"\x00" * 100)
        report = attach_images([broken], by=user)
    assert report.problems[0].startswith("„kaputt.zip“ ist kein lesbares ZIP-Archiv")
    assert not ObjectImage.objects.exists()


def test_encrypted_members_are_refused(catalogue):
    user = factories.make_staff("Katalogisierung")
    data = bytearray(zip_upload([("Dom-Hs_136.jpg", jpeg())]).read())
    # Set the "encrypted" flag in the local header and the central directory.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        position = data.index(signature) + offset
        struct.pack_into("<H", data, position, struct.unpack_from("<H", data, position)[0] | 1)
    with translation.override("de"):
        report = attach_images([upload("geheim.zip", bytes(data))], by=user)
    assert report.results[0].reason == "Im ZIP-Archiv verschlüsselt; nicht gelesen."


def test_one_failing_file_leaves_no_trace_and_the_others_are_attached(catalogue, monkeypatch):
    dom, museum, objects = catalogue
    user = factories.make_staff("Katalogisierung")
    schedule = derivatives.schedule_derivatives
    calls = []

    def fail_for_the_second(image):
        calls.append(image)
        if len(calls) == 2:  # after the file, the row, the log entry were written
            raise DatabaseError("Datenbank nicht erreichbar")
        schedule(image)

    monkeypatch.setattr(derivatives, "schedule_derivatives", fail_for_the_second)
    storage = ObjectImage._meta.get_field("master").storage
    files = [upload(f"Dom-Hs_136_{n}.jpg", jpeg(colour=n)) for n in (1, 2, 3)]
    with translation.override("de"):
        report = attach_images(files, by=user)
    results = by_name(report)
    assert [results[f"Dom-Hs_136_{n}.jpg"].outcome for n in (1, 2, 3)] == [ATTACHED, REFUSED, ATTACHED]
    assert "Das Bild konnte nicht gespeichert werden (Datenbank nicht erreichbar)." == results["Dom-Hs_136_2.jpg"].reason
    images = objects["Dom-Hs. 136"].images.order_by("order")
    assert list(images.values_list("order", flat=True)) == [0, 1]  # no gap, no half row
    assert LogEntry.objects.count() == 2
    folder = f"masters/{objects['Dom-Hs. 136'].identifier}"
    assert sorted(storage.listdir(folder)[1]) == sorted(i.master.name.rsplit("/", 1)[1] for i in images)


# -- the admin page ------------------------------------------------------------------------


def test_the_changelist_offers_the_upload_to_those_who_may_add_images(client):
    cataloguer = factories.make_staff("Katalogisierung")
    client.force_login(cataloguer)
    page = client.get("/admin/collections/heritageobject/").content.decode()
    assert f'href="{URL}"' in page and "Bilder hochladen (mehrere / ZIP)" in page
    assert client.get(URL).status_code == 200
    # Staff who may only look at objects see no button and may not open the page.
    from django.contrib.auth.models import Permission, User

    viewer = User.objects.create_user("nur-lesen", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_heritageobject"))
    client.force_login(viewer)
    page = client.get("/admin/collections/heritageobject/").content.decode()
    assert URL not in page
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"files": upload("x.jpg", jpeg())}).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302  # to the login page


def test_upload_through_the_admin_page_and_read_the_report(client, catalogue, django_capture_on_commit_callbacks):
    dom, museum, objects = catalogue
    client.force_login(factories.make_staff("Katalogisierung"))

    def archive():
        return zip_upload([
            ("Dom-Hs_136_1.jpg", gps_jpeg((700, 500))),
            ("MS-1234_1.jpg", jpeg(colour=1)),
            ("Cod-999.jpg", jpeg(colour=2)),
            ("BD-MER-001.jpg", b"%PDF-1.4 kein Bild"),
        ])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {
            "files": [archive(), upload("Dom-G_1.jpg", jpeg(colour=3))],
            "institution": str(museum.pk),
            "rights": Rights.CC_BY_SA,
            "creator": "Foto: Museum",
            "make_primary": "on",
        })
    assert response.status_code == 200
    page = response.content.decode()
    rows = re.findall(r'<tr data-outcome="(\w+)"><th scope="row">[^<]+</th><td>(\d+)</td>', page)
    counts = {outcome: int(value) for outcome, value in rows}
    # Scoped to the museum: only its MS-1234 matches; the others are unknown there.
    assert counts == {"attached": 1, "duplicate": 0, "unmatched": 4, "ambiguous": 0, "refused": 0}
    image = ObjectImage.objects.get()
    assert image.heritage_object == objects["museum MS-1234"]
    assert (image.rights, image.creator, image.is_primary) == (Rights.CC_BY_SA, "Foto: Museum", True)
    change_url = reverse("admin:collections_heritageobject_change", args=[image.heritage_object.pk])
    assert f'<a href="{change_url}">MS-1234: ' in page
    assert "Kein Objekt hat die Inventarnummer „dom hs 136 1“" in page
    # All institutions: the rest is attached or refused with its reason.
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(URL, {"files": [archive()], "rights": Rights.CC0}).content.decode()
    assert "„BD-MER-001.jpg“ ist kein Bild, sondern ein PDF-Dokument." in page
    assert "mehrere passende Objekte" in page  # MS-1234 in both institutions
    assert objects["Dom-Hs. 136"].images.get().is_primary is False  # the box was not ticked
    # In the object's log and its version history, as an upload on its page would be.
    entry = LogEntry.objects.get(object_id=str(objects["Dom-Hs. 136"].pk))
    with translation.override("de"):
        assert entry.get_change_message() == "Bild „Dom-Hs_136_1.jpg“ hinzugefügt."
    revision = Revision.objects.filter(version__object_id=str(objects["Dom-Hs. 136"].pk)).latest("pk")
    assert revision.comment == entry.change_message
    image = objects["Dom-Hs. 136"].images.get()
    assert revision.version_set.get_for_object(image).exists()


def test_the_form_requires_files(client):
    client.force_login(factories.make_staff("Katalogisierung"))
    response = client.post(URL, {"rights": Rights.CC0})
    assert response.status_code == 200 and "Dieses Feld ist zwingend erforderlich." in response.content.decode()
