"""Pillow work for the Image API: decode as little as needed, then cut and scale.

The only module of the project that renders with Pillow. Every master is
normalised the same way wherever it is decoded: EXIF orientation applied, colour
converted to 8-bit sRGB (RGB, or L for greyscale), transparency flattened on white.
"""

import io
import math
from collections.abc import Callable, Iterator
from typing import IO

from PIL import Image, ImageCms, ImageOps

from .image_api import TILE_SIZE, RenderPlan, Tile

SRGB_PROFILE = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
TILE_QUALITY = 88
# EXIF orientations 5 to 8 turn the picture by 90°: width and height swap.
SWAPPING_ORIENTATIONS = {5, 6, 7, 8}


class ImageDecodeError(Exception):
    """The master cannot be read (corrupt, or refused as a decompression bomb)."""


def open_master(handle: IO[bytes]) -> Image.Image:
    try:
        image = Image.open(handle)
    except Image.DecompressionBombError as error:
        raise ImageDecodeError(f"refused as a decompression bomb: {error}") from error
    except OSError as error:
        raise ImageDecodeError(f"not a readable image: {error}") from error
    return image


def orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(0x0112, 1))
    except (ValueError, TypeError, OSError):
        return 1


def probe(handle: IO[bytes]) -> tuple[int, int]:
    """Displayed width and height of an image file, read from its header only."""
    image = open_master(handle)
    width, height = image.size
    if orientation(image) in SWAPPING_ORIENTATIONS:
        width, height = height, width
    return width, height


def to_srgb(image: Image.Image) -> Image.Image:
    """RGB or L in sRGB, whatever mode, bit depth or ICC profile the master has."""
    profile = image.info.get("icc_profile")
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit greyscale: scale to 8 bits rather than clip at 255.
        image = image.point(lambda value: value / 256).convert("L")
    elif image.mode == "F":
        image = image.convert("L")
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("RGBA", "LA", "PA", "La", "RGBa"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background if image.mode.startswith("RGB") else background.convert("L")
    if image.mode == "1":
        image = image.convert("L")
    if profile and image.mode in ("RGB", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            if image.mode == "RGB":  # convert in place: no second full-size copy
                ImageCms.profileToProfile(
                    image,
                    source,
                    SRGB_PROFILE,
                    renderingIntent=ImageCms.Intent.PERCEPTUAL,
                    inPlace=True,
                )
                image.info.pop("icc_profile", None)
                return image
            return ImageCms.profileToProfile(
                image,
                source,
                SRGB_PROFILE,
                renderingIntent=ImageCms.Intent.PERCEPTUAL,
                outputMode="RGB",
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: fall back to a plain conversion
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    return image


def normalise(image: Image.Image) -> Image.Image:
    """Orientation applied, colours in sRGB: what every rendering starts from."""
    try:
        # exif_transpose copies even an upright image: skip it when upright, a
        # 200-megapixel master would otherwise need twice its 600 MB.
        if orientation(image) != 1:
            image = ImageOps.exif_transpose(image)
        else:
            image.load()
        return to_srgb(image)
    except (OSError, ValueError, SyntaxError) as error:
        raise ImageDecodeError(f"not a readable image: {error}") from error


def decode_master(handle: IO[bytes], *, reduce_to: float = 1.0) -> Image.Image:
    """Decode and normalise a master; JPEGs at 1/2, 1/4 or 1/8 size when enough."""
    image = open_master(handle)
    if image.format == "JPEG" and reduce_to < 1:
        width, height = image.size
        image.draft(
            "RGB" if image.mode != "L" else "L",
            (max(1, math.ceil(width * reduce_to)), max(1, math.ceil(height * reduce_to))),
        )
    return normalise(image)


def render_from_master(handle: IO[bytes], plan: RenderPlan, size: tuple[int, int]) -> bytes:
    """One Image API response straight from the master (no pyramid yet)."""
    full_width, full_height = size
    x, y, w, h = plan.box
    scale = min(plan.width / w, plan.height / h)
    image = decode_master(handle, reduce_to=scale)
    # A draft decode is smaller than the master: map the region onto it.
    fx, fy = image.size[0] / full_width, image.size[1] / full_height
    box = (
        round(x * fx),
        round(y * fy),
        max(round(x * fx) + 1, round((x + w) * fx)),
        max(round(y * fy) + 1, round((y + h) * fy)),
    )
    return finish(image.crop(box), plan)


def finish(region: Image.Image, plan: RenderPlan) -> bytes:
    """Scale, mirror, rotate, apply the quality and encode a decoded region."""
    if region.size != (plan.width, plan.height):
        region = region.resize((plan.width, plan.height), Image.Resampling.LANCZOS)
    if plan.rotation.mirror:
        region = ImageOps.mirror(region)
    if plan.rotation.degrees:
        region = rotate(region, plan.rotation.degrees, plan.format)
    return encode(apply_quality(region, plan.quality), plan.format)


def rotate(image: Image.Image, degrees: float, fmt: str) -> Image.Image:
    if degrees in (90, 180, 270):
        transpose = {
            90: Image.Transpose.ROTATE_270,  # Pillow turns counter-clockwise
            180: Image.Transpose.ROTATE_180,
            270: Image.Transpose.ROTATE_90,
        }[int(degrees)]
        return image.transpose(transpose)
    # §4.3: arbitrary angles enlarge the canvas; the corners are transparent
    # where the format allows, else white.
    if fmt in ("png", "webp", "gif", "tif"):
        return image.convert("RGBA").rotate(
            -degrees, expand=True, resample=Image.Resampling.BICUBIC
        )
    fill = 255 if image.mode == "L" else (255, 255, 255)
    return image.rotate(
        -degrees, expand=True, resample=Image.Resampling.BICUBIC, fillcolor=fill
    )


def apply_quality(image: Image.Image, quality: str) -> Image.Image:
    if quality == "gray":
        return image.convert("LA" if image.mode == "RGBA" else "L")
    if quality == "bitonal":
        return image.convert("L").convert("1")
    if quality == "color" and image.mode == "L":
        return image.convert("RGB")
    return image


def encode(image: Image.Image, fmt: str, *, quality: int = 85) -> bytes:
    buffer = io.BytesIO()
    if fmt == "jpg":
        if image.mode not in ("RGB", "L"):
            image = image.convert("L" if image.mode in ("1", "LA") else "RGB")
        image.save(buffer, "JPEG", quality=quality)
    elif fmt == "png":
        image.save(buffer, "PNG", compress_level=3)
    elif fmt == "webp":
        image.save(buffer, "WEBP", quality=82, method=2)
    elif fmt == "gif":
        image.save(buffer, "GIF")
    else:
        image.save(buffer, "TIFF", compression="tiff_deflate")
    return buffer.getvalue()


# -- the pyramid ---------------------------------------------------------------


def cut_pyramid(
    image: Image.Image, factors: list[int], tile_size: int = TILE_SIZE
) -> Iterator[tuple[Tile, bytes]]:
    """Every tile of every level as JPEG; each level is half the one before.

    Only the current level is kept: once halved, the finer one is dropped (the
    caller passes its only reference in).
    """
    level = image
    del image
    previous = 1
    for factor in factors:
        if factor != previous:
            level = level.reduce(factor // previous)
            previous = factor
        columns = math.ceil(level.width / tile_size)
        rows = math.ceil(level.height / tile_size)
        for row in range(rows):
            for column in range(columns):
                box = (
                    column * tile_size,
                    row * tile_size,
                    min((column + 1) * tile_size, level.width),
                    min((row + 1) * tile_size, level.height),
                )
                yield Tile(factor, column, row), encode(
                    level.crop(box), "jpg", quality=TILE_QUALITY
                )


def compose_region(
    box: tuple[int, int, int, int],
    factor: int,
    tiles: list[Tile],
    read_tile: Callable[[Tile], bytes],
    tile_size: int = TILE_SIZE,
) -> Image.Image:
    """A full-resolution region cut from the tiles of one pyramid level.

    The canvas has exactly the region's size at that level and each tile is
    decoded, pasted and dropped in turn, so memory stays near the output's size.
    """
    x, y, w, h = box
    left, top = math.floor(x / factor), math.floor(y / factor)
    right, bottom = math.ceil((x + w) / factor), math.ceil((y + h) / factor)
    canvas: Image.Image | None = None
    for tile in tiles:
        with Image.open(io.BytesIO(read_tile(tile))) as decoded:
            decoded.load()
            if canvas is None:
                mode = "L" if decoded.mode == "L" else "RGB"
                canvas = Image.new(mode, (max(1, right - left), max(1, bottom - top)))
            canvas.paste(
                decoded.convert(canvas.mode),
                (tile.column * tile_size - left, tile.row * tile_size - top),
            )
    assert canvas is not None, "no tiles cover the region"
    return canvas
