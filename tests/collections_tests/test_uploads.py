"""The upload check every image passes (kulturschatz.iiif.uploads), where it is
wired in (admin image field, LIDO ingest), and that nothing of a master's
metadata (EXIF with GPS, XMP, comments) reaches the public over HTTP."""

import io
import os
import re
import struct
import urllib.request
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image, ImageCms, PngImagePlugin

from kulturschatz.collections.models import HeritageObject, ObjectImage, Rights
from kulturschatz.iiif import derivatives, uploads
from kulturschatz.iiif.image_api import (
    TILE_SIZE,
    Tile,
    level_size,
    scale_factors,
    tile_region,
)
from tests import factories
from tests.collections_tests.test_admin import empty_inlines

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
EXIF_IFD = 0x8769
XMP_GPS = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSLatitude>51,21.3N</exif:GPSLatitude></x:xmpmeta>'
COMMENT = b"Aufnahmeort Domplatz 7, 51.3564 N 11.9917 E"


# -- sample files, made with Pillow ---------------------------------------------------


def photo(size=(900, 700)) -> Image.Image:
    """A picture with detail (crops and scales differ visibly)."""
    image = Image.radial_gradient("L").resize(size).convert("RGB")
    image.paste((140, 28, 19), (size[0] // 3, size[1] // 4, size[0] // 2, size[1] // 2))
    return image


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def camera_exif(orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it: camera, time, orientation and a GPS position."""
    exif = Image.Exif()
    exif[0x010F] = "Kulturschatz Testkamera"  # Make
    exif[0x0110] = "KS-1080"  # Model
    exif[0x0112] = orientation
    exif[0x0132] = "2026:11:27 10:15:00"  # DateTime
    exif.get_ifd(EXIF_IFD)[0xA431] = "SN-123456"  # BodySerialNumber
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (51.0, 21.0, 23.04)
    gps[3] = "E"
    gps[4] = (11.0, 59.0, 30.12)
    return exif


def gps_jpeg(size=(900, 700), orientation: int = 1) -> bytes:
    """A camera JPEG: EXIF with GPS, XMP with GPS, a comment and an ICC profile."""
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return encoded(
        photo(size), "JPEG", quality=90, exif=camera_exif(orientation),
        xmp=XMP_GPS, comment=COMMENT, icc_profile=srgb,
    )  # fmt: skip


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_declaring(width: int, height: int) -> bytes:
    """A PNG of a few hundred bytes whose header declares width × height pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    data = zlib.compress(b"\x00" * (width + 1) * 8, 9)  # eight rows of zeros, then nothing
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", data) + png_chunk(b"IEND", b"")


def png_text_bomb() -> bytes:
    """A 10 × 10 PNG whose zTXt chunk inflates to 5 MB (Pillow allows 1 MB)."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "A" * 5_000_000, zip=True)
    return encoded(Image.new("RGB", (10, 10)), "PNG", pnginfo=info)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def check(data: bytes, name: str = "scan.jpg"):
    return uploads.check_image_file(io.BytesIO(data), name=name)


def refusal(data: bytes, name: str = "scan.jpg") -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check(data, name)
    return caught.value


# -- the check, format by format -------------------------------------------------------


ACCEPTED = {  # format written by Pillow -> (format found, width, height, pages)
    "jpeg": (lambda: encoded(photo(), "JPEG"), ("JPEG", 900, 700, 1)),
    "camera jpeg with gps": (gps_jpeg, ("JPEG", 900, 700, 1)),
    "jpeg turned by exif": (lambda: gps_jpeg(orientation=6), ("JPEG", 700, 900, 1)),
    "cmyk jpeg": (lambda: encoded(photo().convert("CMYK"), "JPEG"), ("JPEG", 900, 700, 1)),
    "mpo (jpeg with a second picture)": (
        lambda: encoded(photo(), "MPO", save_all=True, append_images=[photo((300, 200))]),
        ("JPEG", 900, 700, 1),
    ),
    "png": (lambda: encoded(photo(), "PNG"), ("PNG", 900, 700, 1)),
    "png 16-bit grey": (lambda: encoded(Image.new("I;16", (300, 200), 40000), "PNG"), ("PNG", 300, 200, 1)),
    "tiff": (lambda: encoded(photo(), "TIFF", compression="tiff_lzw"), ("TIFF", 900, 700, 1)),
    "tiff 16-bit big-endian": (lambda: encoded(Image.new("I;16B", (300, 200)), "TIFF"), ("TIFF", 300, 200, 1)),
    "pyramidal tiff": (
        lambda: encoded(photo(), "TIFF", save_all=True,
                        append_images=[photo((450, 350)), photo((225, 175))]),  # fmt: skip
        ("TIFF", 900, 700, 3),
    ),
    "webp": (lambda: encoded(photo(), "WEBP"), ("WEBP", 900, 700, 1)),
    "jpeg 2000": (lambda: encoded(photo(), "JPEG2000"), ("JPEG2000", 900, 700, 1)),
}


def test_accepted_formats_are_recognised_by_content():
    for label, (make, (fmt, width, height, pages)) in ACCEPTED.items():
        facts = check(make(), name="ohne-endung")  # the name plays no part
        assert (facts.format, facts.width, facts.height, facts.pages) == (fmt, width, height, pages), label


def german(error: ValidationError) -> str:
    with translation.override("de"):
        return " ".join(error.messages)


REFUSED = {  # what the file is -> (code, German message)
    "an HTML page named .jpg": (
        lambda: b"<!DOCTYPE html><html><head><title>404</title></head><body>Not found</body></html>",
        "not_an_image", "„scan.jpg“ ist kein Bild, sondern eine HTML-Seite.",
    ),
    "a PDF named .jpg": (
        lambda: b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" + os.urandom(200),
        "not_an_image", "„scan.jpg“ ist kein Bild, sondern ein PDF-Dokument.",
    ),
    "a zip named .jpg": (
        lambda: zip_bytes({"scan.jpg": encoded(photo(), "JPEG")}),
        "not_an_image", "„scan.jpg“ ist kein Bild, sondern ein ZIP-Archiv.",
    ),
    "an SVG named .jpg": (
        lambda: b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>',
        "not_an_image", "„scan.jpg“ ist kein Bild, sondern eine SVG-Vektorgrafik.",
    ),
    "an empty file": (lambda: b"", "not_an_image", "„scan.jpg“ ist kein Bild, sondern eine leere Datei."),
    "random bytes": (
        lambda: b"\x00\x01" + os.urandom(4000),
        "not_an_image",
        "„scan.jpg“ ist kein Bild: Der Inhalt ist keines der Formate JPEG, PNG, TIFF, WebP, JPEG 2000.",
    ),
    "a GIF": (
        lambda: encoded(photo(), "GIF"),
        "unsupported_format",
        "„scan.jpg“ ist ein Bild im Format GIF; angenommen werden JPEG, PNG, TIFF, WebP, JPEG 2000.",
    ),
    "a BMP": (lambda: encoded(photo(), "BMP"), "unsupported_format", "ist ein Bild im Format BMP"),
    "a truncated JPEG": (
        lambda: encoded(photo(), "JPEG")[:-4000],
        "unreadable", "„scan.jpg“ ist beschädigt oder unvollständig und lässt sich nicht lesen",
    ),
    "a truncated PNG": (lambda: encoded(photo(), "PNG")[:5000], "unreadable", "ist beschädigt oder unvollständig"),
    "a truncated TIFF": (lambda: encoded(photo(), "TIFF")[:50_000], "unreadable", "ist beschädigt oder unvollständig"),
    "a truncated WebP": (lambda: encoded(photo(), "WEBP")[:2000], "unreadable", "ist beschädigt oder unvollständig"),
    "a truncated JPEG 2000": (
        lambda: encoded(photo(), "JPEG2000")[:3000], "unreadable", "ist beschädigt oder unvollständig",
    ),
    "a 700-byte PNG declaring 100000 × 100000 pixels": (
        lambda: png_declaring(100_000, 100_000),
        "decompression_bomb",
        "„scan.jpg“ hat mehr als 250 Megapixel und wird als Dekompressionsbombe abgelehnt.",
    ),
    "a PNG declaring 20000 × 20000 pixels": (
        lambda: png_declaring(20_000, 20_000),
        "too_many_pixels",
        "„scan.jpg“ hat mehr als 250 Megapixel: Das Bild hat 400.000.000 Pixel; "
        "zulässig sind höchstens 250.000.000.",
    ),
    "a PNG with a zTXt chunk inflating to 5 MB": (
        lambda: png_text_bomb(),
        "decompression_bomb",
        "„scan.jpg“ enthält komprimierte Metadaten, die entpackt das zulässige Maß überschreiten",
    ),
    "a TIFF of three scanned pages": (
        lambda: encoded(photo(), "TIFF", save_all=True, append_images=[photo(), photo()]),
        "several_pages",
        "„scan.jpg“ ist ein TIFF mit 3 Seiten; bitte jede Seite als eigenes Bild hochladen.",
    ),
    "an animated PNG": (
        lambda: encoded(photo(), "PNG", save_all=True, append_images=[photo().rotate(90)]),
        "animated", "„scan.jpg“ ist eine Animation (2 Einzelbilder), kein Standbild.",
    ),
}


def test_refused_files_get_a_precise_german_reason():
    for label, (make, code, message) in REFUSED.items():
        error = refusal(make())
        assert error.code == code, label
        assert message in german(error), (label, german(error))


def test_large_images_are_checked_without_a_full_decode(monkeypatch):
    """Above FULL_CHECK_PIXELS (64 MP; lowered here) each format has its cheaper proof."""
    from kulturschatz.iiif import imaging

    monkeypatch.setattr(imaging, "FULL_CHECK_PIXELS", 10_000)
    decoded = []
    load = Image.Image.load
    monkeypatch.setattr(Image.Image, "load", lambda self: decoded.append(self.format) or load(self))
    for fmt in ("JPEG", "PNG", "TIFF", "JPEG2000"):
        data = encoded(photo(), fmt)
        assert check(data).format == fmt
        # PNG: CRCs up to IEND; TIFF: strip positions; JPEG, JPEG 2000: reduced decode.
        error = refusal(data[: len(data) * 2 // 3])
        assert error.code == "unreadable", fmt
    assert "PNG" not in decoded and "TIFF" not in decoded  # neither was decoded in full
    assert "JPEG" in decoded and "JPEG2000" in decoded


def test_byte_and_pixel_limits_come_from_settings(settings):
    noise = Image.frombytes("RGB", (1000, 700), os.urandom(1000 * 700 * 3))
    data = encoded(noise, "PNG")  # about 2 MB: noise does not compress
    assert 1.5 * 1024 * 1024 < len(data) < 2.5 * 1024 * 1024
    settings.KULTURSCHATZ_MAX_UPLOAD_BYTES = 1024 * 1024
    error = refusal(data, "rauschen.png")
    assert error.code == "too_large"
    size = f"{len(data) / 1024 / 1024:.1f}".replace(".", ",")
    assert german(error) == f"„rauschen.png“ ist größer als 1 MB ({size} MB)."
    settings.KULTURSCHATZ_MAX_UPLOAD_BYTES = 4 * 1024 * 1024
    assert check(data).format == "PNG"
    settings.KULTURSCHATZ_MAX_IMAGE_PIXELS = 500_000
    error = refusal(data, "rauschen.png")
    assert german(error) == (
        "„rauschen.png“ hat mehr als 0,5 Megapixel: Das Bild hat 700.000 Pixel; "
        "zulässig sind höchstens 500.000."
    )


def test_the_check_leaves_the_file_unchanged_and_rewound():
    data = gps_jpeg()
    handle = io.BytesIO(data)
    handle.seek(123)
    uploads.check_image_file(handle, name="scan.jpg")
    assert handle.tell() == 0 and handle.getvalue() == data


def test_the_validator_serves_any_form():
    from django import forms

    class ContributionForm(forms.Form):  # as a later form for citizens' photos would
        photo = forms.FileField(validators=[uploads.ImageFileValidator()])

    good = ContributionForm(files={"photo": SimpleUploadedFile("kirche.webp", encoded(photo(), "WEBP"))})
    assert good.is_valid(), good.errors
    fake = ContributionForm(files={"photo": SimpleUploadedFile("kirche.jpg", b"%PDF-1.4 Flyer")})
    with translation.override("de"):
        assert not fake.is_valid()
        assert fake.errors["photo"] == ["„kirche.jpg“ ist kein Bild, sondern ein PDF-Dokument."]


# -- the admin's image field ---------------------------------------------------------


def change_form(heritage_object: HeritageObject, upload) -> dict:
    data = {
        "title": heritage_object.title,
        "title_lang": "de",
        "institution": str(heritage_object.institution_id),
        "inventory_number": heritage_object.inventory_number,
        "identifier": heritage_object.identifier,
        "status": heritage_object.status,
        "rights": heritage_object.rights,
        "metadata_rights": heritage_object.metadata_rights,
        "caption": "",
        **empty_inlines(images=1),
        "images-0-master": upload,
        "images-0-order": "0",
        "images-0-rights": Rights.CC_BY,
    }
    return data


def test_the_object_page_refuses_a_fake_image_with_the_german_reason_and_saves_nothing(client):
    heritage_object = factories.make_object(status="draft", title="Kelch")
    client.force_login(factories.make_staff("Katalogisierung"))
    url = f"/admin/collections/heritageobject/{heritage_object.pk}/change/"
    fake = SimpleUploadedFile("kelch.jpg", b"<html><body>Fehlerseite</body></html>", "image/jpeg")
    response = client.post(url, change_form(heritage_object, fake) | {"title": "Kelch (geändert)"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "„kelch.jpg“ ist kein Bild, sondern eine HTML-Seite." in page
    assert 'accept="image/jpeg,image/png,image/tiff,image/webp,image/jp2,' in page
    heritage_object.refresh_from_db()
    assert heritage_object.title == "Kelch" and not ObjectImage.objects.exists()
    bomb = SimpleUploadedFile("riesig.png", png_declaring(100_000, 100_000), "image/png")
    page = client.post(url, change_form(heritage_object, bomb)).content.decode()
    assert "„riesig.png“ hat mehr als 250 Megapixel und wird als Dekompressionsbombe abgelehnt." in page
    assert not ObjectImage.objects.exists()
    original = gps_jpeg()
    good = SimpleUploadedFile("kelch.jpg", original, "image/jpeg")
    assert client.post(url, change_form(heritage_object, good)).status_code == 302
    image = ObjectImage.objects.get()
    assert (image.width, image.height) == (900, 700)
    with image.master.open("rb") as handle:  # the archive's original, untouched
        assert handle.read() == original


# -- the LIDO importer ------------------------------------------------------------------


def test_the_lido_importer_refuses_fake_images_per_record(tmp_path):
    import zipfile

    from tests.metadata_tests.test_import_lido import lido_file, record, resource, run

    archive = tmp_path / "lieferung.zip"
    records = lido_file(
        tmp_path,
        record("F/1", resources=resource("bilder/kelch.jpg")),
        record("F/2", resources=resource("bilder/fehler.jpg") + resource("bilder/bombe.png")),
    )
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("records.xml", records.read_bytes())
        bundle.writestr("bilder/kelch.jpg", gps_jpeg((400, 300)))
        bundle.writestr("bilder/fehler.jpg", b"<!DOCTYPE html><html><body>403 Forbidden</body></html>")
        bundle.writestr("bilder/bombe.png", png_declaring(100_000, 100_000))
    with translation.override("de"):
        result = run(archive)
    assert (result.created, result.failed, result.images) == (2, 0, 1)
    assert ObjectImage.objects.get().heritage_object.lido_rec_id == "F/1"
    messages = result.outcomes.get(heritage_object__lido_rec_id="F/2").messages
    assert "„bilder/fehler.jpg“ ist kein Bild, sondern eine HTML-Seite." in messages
    assert "„bilder/bombe.png“ hat mehr als 250 Megapixel und wird als Dekompressionsbombe abgelehnt." in messages


def test_the_lido_importer_refuses_files_above_the_byte_limit(tmp_path, settings):
    from tests.metadata_tests.test_import_lido import lido_file, record, resource, run

    noise = Image.frombytes("RGB", (800, 600), os.urandom(800 * 600 * 3))
    (tmp_path / "scan.jpg").write_bytes(encoded(noise, "JPEG", quality=95))
    assert (tmp_path / "scan.jpg").stat().st_size > 512 * 1024
    settings.KULTURSCHATZ_MAX_UPLOAD_BYTES = 512 * 1024
    with translation.override("de"):
        result = run(lido_file(tmp_path, record("G/1", resources=resource("scan.jpg"))))
    assert result.images == 0 and not ObjectImage.objects.exists()
    # Never read beyond the limit: the real size is not known, nor needed.
    assert "„scan.jpg“ ist größer als 0,5 MB." in result.outcomes.get().messages


# -- what the public receives: no EXIF, no GPS, no XMP, no comment ------------------------


IIIF_LINK = re.compile(r'(?:href|src)="(/iiif/[23]/[0-9a-f]{32}/[^"]+\.(?:jpg|png|webp|tif|gif))"')


def fetch(url: str) -> tuple[int, bytes, str]:
    with urllib.request.urlopen(url, timeout=30) as response:  # no cookie: the fast path may answer
        return response.status, response.read(), response.headers["Content-Type"]


def assert_no_metadata(data: bytes, url: str) -> None:
    """Pixels only: nothing of the master's EXIF, GPS, XMP, comment or profile."""
    for marker in (b"Exif\x00\x00", b"Kulturschatz Testkamera", b"KS-1080", b"SN-123456",
                   b"GPSLatitude", b"adobe:ns:meta", b"Domplatz", b"ICC_PROFILE"):  # fmt: skip
        assert marker not in data, (marker, url)
    with Image.open(io.BytesIO(data)) as served:
        exif = served.getexif()
        assert GPS_IFD not in exif and not exif.get_ifd(GPS_IFD), url
        assert EXIF_IFD not in exif and 0x010F not in exif and 0x0112 not in exif, url
        for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile"):
            assert key not in served.info, (key, url)
        if served.format != "TIFF":  # a TIFF's own structure is tags too
            assert len(exif) == 0, (dict(exif), url)


def public_image_urls(live_url: str, image: ObjectImage) -> list[str]:
    """Every way the public gets this image's pixels: the object page's images
    and downloads, thumbnails, full size, regions, tiles, both API versions, all
    formats."""
    base3 = f"{live_url}/iiif/3/{image.iiif_identifier}"
    base2 = f"{live_url}/iiif/2/{image.iiif_identifier}"
    _, page, _ = fetch(f"{live_url}{image.heritage_object.get_absolute_url()}")
    on_page = sorted({live_url + path for path in IIIF_LINK.findall(page.decode())})
    # The viewer's image, and the downloads at 800 px and at full size.
    assert len(on_page) >= 3 and any("/full/!800,800/" in url for url in on_page), on_page
    width, height = image.width, image.height
    tiles = []  # the first and the last tile of every level of the info.json grid
    for factor in scale_factors(width, height):
        level_width, level_height = level_size(width, height, factor)
        last = Tile(factor, (level_width - 1) // TILE_SIZE, (level_height - 1) // TILE_SIZE)
        for tile in {Tile(factor, 0, 0), last}:
            x, y, w, h = tile_region(tile, width, height)
            tile_width = level_size(w, h, factor)[0]
            tiles.append(f"{base3}/{x},{y},{w},{h}/{tile_width},/0/default.jpg")
    return [
        *on_page,
        *tiles,
        f"{base3}/full/max/0/default.jpg",
        f"{base3}/full/max/0/default.png",
        f"{base3}/full/max/0/default.webp",
        f"{base3}/full/max/0/default.tif",
        f"{base3}/full/max/0/default.gif",
        f"{base3}/full/!160,160/0/default.jpg",
        f"{base3}/full/!160,160/0/default.png",
        f"{base3}/square/200,/0/gray.jpg",
        f"{base3}/100,100,300,200/max/0/default.jpg",
        f"{base3}/pct:10,10,50,50/300,/90/default.png",
        f"{base3}/full/400,/22.5/default.webp",
        f"{base2}/full/full/0/default.jpg",
        f"{base2}/full/200,/0/default.png",
    ]


@pytest.fixture
def live_server_with_fast_path(live_server):
    """The live server with the production WSGI stack: the fast path in front."""
    from kulturschatz.iiif.fastpath import StoredDerivatives

    httpd = live_server.thread.httpd
    django_app = httpd.get_app()
    httpd.set_app(StoredDerivatives(django_app))
    yield live_server
    httpd.set_app(django_app)


@pytest.mark.django_db(transaction=True)
def test_no_gps_or_other_exif_reaches_the_public_over_http(live_server_with_fast_path):
    live_url = live_server_with_fast_path.url
    heritage_object = factories.make_object(title="Kelch mit Fundort", rights=Rights.CC_BY)
    master = gps_jpeg((1300, 1100), orientation=6)
    image = ObjectImage(heritage_object=heritage_object, is_primary=True, rights=Rights.CC0)
    image.master.save("kamera.jpg", ContentFile(master), save=False)
    image.save()
    assert (image.width, image.height) == (1100, 1300)  # turned upright by EXIF
    # Before the pyramid exists: every response is rendered from the master.
    before = public_image_urls(live_url, image)
    for url in before:
        status, data, content_type = fetch(url)
        assert status == 200 and content_type.startswith("image/"), url
        assert_no_metadata(data, url)
    # With the pyramid: tiles and kept renderings are stored files, sent by the
    # fast path without Django; regions are composed from tiles.
    derivatives.build_derivatives(image)
    image.refresh_from_db()
    assert image.derivatives_ready
    for url in public_image_urls(live_url, image) * 2:  # the second round: kept renderings
        status, data, content_type = fetch(url)
        assert status == 200, url
        assert_no_metadata(data, url)
    stored = derivatives.derivative_storage()
    folder = derivatives.image_prefix(image)
    for name in stored.listdir(f"{folder}/tiles/1")[1]:
        with stored.open(f"{folder}/tiles/1/{name}", "rb") as handle:
            assert_no_metadata(handle.read(), name)
    # Orientation is applied to the pixels, not carried: the full image is upright.
    _, data, _ = fetch(f"{live_url}/iiif/3/{image.iiif_identifier}/full/max/0/default.jpg")
    assert Image.open(io.BytesIO(data)).size == (1100, 1300)
    # The master stays the archive's original, GPS and all.
    with image.master.open("rb") as handle:
        assert handle.read() == master
