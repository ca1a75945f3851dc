"""Masters of every colour kind come out as sRGB, oriented, with and without pyramid."""

import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from PIL import Image, ImageCms

from kulturschatz.collections.models import ObjectImage
from kulturschatz.iiif import derivatives
from tests import factories

pytestmark = pytest.mark.django_db
ROMM_RGB = Path("/usr/share/color/icc/ghostscript/rommrgb.icc")


def saved(image: Image.Image, fmt: str, **params) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def register(data: bytes, name: str) -> ObjectImage:
    image = ObjectImage(heritage_object=factories.make_object(), is_primary=True)
    image.master.save(name, ContentFile(data), save=False)
    image.save()
    return image


def centre_pixel(client, image: ObjectImage, fmt: str = "png"):
    response = client.get(f"/iiif/3/{image.iiif_identifier}/full/max/0/default.{fmt}")
    assert response.status_code == 200, response.content
    rendered = Image.open(io.BytesIO(response.content))
    return rendered.mode, rendered.size, rendered.getpixel((rendered.width // 2, rendered.height // 2))


def red_square(mode: str = "RGB") -> Image.Image:
    return Image.new("RGB", (600, 400), (200, 30, 30)).convert(mode)


def transparent_palette() -> Image.Image:
    image = Image.frombytes("P", (600, 400), bytes(600 * 400))
    image.putpalette([0, 0, 0, 255, 0, 0])
    return image


CASES = {
    # name: (bytes, expected mode, expected centre colour, tolerance)
    "cmyk_jpeg": (lambda: saved(red_square("CMYK"), "JPEG", quality=95), "RGB", (200, 30, 30), 12),
    "rgb16_png": (
        lambda: saved(Image.new("I;16", (600, 400), 40000), "PNG"), "L", 156, 2,
    ),
    "palette_png_with_transparency": (lambda: saved(transparent_palette(), "PNG", transparency=0), "RGB", (255, 255, 255), 0),
    "palette_png": (lambda: saved(red_square().quantize(4), "PNG"), "RGB", (200, 30, 30), 3),
    "rgba_png": (lambda: saved(Image.new("RGBA", (600, 400), (0, 0, 255, 0)), "PNG"), "RGB", (255, 255, 255), 0),
    "half_transparent": (
        lambda: saved(Image.new("RGBA", (600, 400), (0, 0, 0, 128)), "PNG"), "RGB", (127, 127, 127), 2,
    ),
    "greyscale_jpeg": (lambda: saved(Image.new("L", (600, 400), 90), "JPEG"), "L", 90, 2),
    "la_png": (lambda: saved(Image.new("LA", (600, 400), (0, 0)), "PNG"), "L", 255, 0),
    "bilevel_tiff": (lambda: saved(Image.new("1", (600, 400), 1), "TIFF"), "L", 255, 0),
}


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("pyramid", [False, True], ids=["master", "pyramid"])
def test_colour_kinds_render_as_srgb(client, name, pyramid):
    make, mode, colour, tolerance = CASES[name]
    image = register(make(), f"{name}.bin")
    assert (image.width, image.height) == (600, 400)
    if pyramid:
        derivatives.build_derivatives(image)
        image.refresh_from_db()
        assert image.derivatives_ready
    rendered_mode, size, pixel = centre_pixel(client, image)
    assert size == (600, 400)
    assert rendered_mode == mode
    if isinstance(colour, int):
        assert abs(pixel - colour) <= tolerance
    else:
        assert all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True)), pixel


@pytest.mark.parametrize("pyramid", [False, True], ids=["master", "pyramid"])
def test_exif_orientation_is_applied(client, pyramid):
    # Stored landscape 600×400 with a red left half; orientation 6 = turn 90° clockwise.
    stored = Image.new("RGB", (600, 400), (0, 0, 200))
    stored.paste((200, 0, 0), (0, 0, 300, 400))
    exif = Image.Exif()
    exif[0x0112] = 6
    image = register(saved(stored, "JPEG", exif=exif.tobytes(), quality=95), "turned.jpg")
    assert (image.width, image.height) == (400, 600)  # as displayed
    if pyramid:
        derivatives.build_derivatives(image)
        image.refresh_from_db()
    info = client.get(f"/iiif/3/{image.iiif_identifier}/info.json").json()
    assert (info["width"], info["height"]) == (400, 600)
    response = client.get(f"/iiif/3/{image.iiif_identifier}/full/max/0/default.png")
    rendered = Image.open(io.BytesIO(response.content))
    assert rendered.size == (400, 600)
    # After turning clockwise the red half is on top.
    top, bottom = rendered.getpixel((200, 100)), rendered.getpixel((200, 500))
    assert top[0] > 150 and top[2] < 60 and bottom[2] > 150


@pytest.mark.skipif(not ROMM_RGB.exists(), reason="no ROMM RGB ICC profile on this machine")
@pytest.mark.parametrize("pyramid", [False, True], ids=["master", "pyramid"])
def test_embedded_icc_profiles_are_converted_to_srgb(client, pyramid):
    # The same numbers mean a more saturated colour in ROMM (ProPhoto) RGB.
    source = Image.new("RGB", (600, 400), (120, 60, 40))
    image = register(saved(source, "PNG", icc_profile=ROMM_RGB.read_bytes()), "romm.png")
    if pyramid:
        derivatives.build_derivatives(image)
        image.refresh_from_db()
    _, _, pixel = centre_pixel(client, image)
    expected = ImageCms.profileToProfile(
        source, ImageCms.ImageCmsProfile(str(ROMM_RGB)), ImageCms.createProfile("sRGB"), outputMode="RGB"
    ).getpixel((0, 0))
    assert pixel != (120, 60, 40)
    assert all(abs(a - b) <= 3 for a, b in zip(pixel, expected, strict=True)), (pixel, expected)


def test_a_decompression_bomb_is_refused_with_a_clear_message(client, settings):
    from kulturschatz.iiif.apps import IIIFConfig

    image = register(saved(Image.new("L", (3000, 3000)), "PNG"), "big.png")
    settings.KULTURSCHATZ_MAX_IMAGE_PIXELS = 1_000_000
    IIIFConfig.ready(None)  # apply the setting to Pillow
    try:
        from kulturschatz.iiif.imaging import ImageDecodeError, open_master

        with image.master.open("rb") as handle, pytest.raises(ImageDecodeError, match="decompression bomb"):
            open_master(handle)
        response = client.get(f"/iiif/3/{image.iiif_identifier}/full/max/0/default.jpg")
        assert response.status_code == 404
    finally:
        settings.KULTURSCHATZ_MAX_IMAGE_PIXELS = 250_000_000
        IIIFConfig.ready(None)
