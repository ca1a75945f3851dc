"""Pillow work for the Image API: decode as little as needed, then cut and scale.

The only module of the project that renders with Pillow. Every master is
normalised the same way wherever it is decoded: EXIF orientation applied, colour
converted to 8-bit sRGB (RGB, or L for greyscale), transparency flattened on white.
Nothing of a master's metadata (EXIF with GPS, XMP, comments, ICC profiles) is
written into what is served. It also checks uploaded files (check_upload) before
they become masters.
"""

import io
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
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
    if image.mode in ("I;16B", "I;16L", "I;16N"):
        # 16-bit TIFFs of either byte order: point() only works on I;16 and I.
        image = image.convert("I")
    if image.mode in ("I;16", "I"):
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
    """The served bytes: pixels only, none of the master's metadata.

    Pillow writes EXIF and XMP only when asked, but carries a JPEG or GIF
    comment and a PNG or TIFF ICC profile over from ``image.info``, and a crop
    or resize copies that dict from the master. A camera's comment can hold a
    place or a serial number; the pixels are sRGB by now, so the profile says
    nothing either. ``image`` is the caller's last intermediate: its info is dropped.
    """
    image.info = {}
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


# -- checking uploaded files ---------------------------------------------------

# What the archive takes in as a master, by Pillow's plugin name. JPEGs from
# cameras that hold a second picture (MPF) open as "MPO": they are JPEGs.
# GIF, BMP, PSD, HEIC … are refused: not archival master formats, or (HEIC,
# AVIF) not decodable by this Pillow build.
ACCEPTED_FORMATS = ("JPEG", "PNG", "TIFF", "WEBP", "JPEG2000")
# Above this many pixels a check does not decode the whole picture at full
# size (up to 750 MB for a 250-megapixel master): JPEG and JPEG 2000 still
# decode every byte at reduced size, a PNG has every chunk's CRC checked, a
# TIFF every strip's position (at any size) and libwebp reads a whole WebP
# when it is opened.
FULL_CHECK_PIXELS = 64_000_000
# A pyramidal TIFF holds a handful of reduced levels; more pages than this is
# not a master (and walking millions of crafted IFDs would take long).
MAX_TIFF_PAGES = 64
# Signatures of files that are not images but end up named .jpg: checked before
# Pillow, so that the reason can be named.
_FOREIGN_SIGNATURES = [
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"\x1f\x8b", "gzip"),
    (b"Rar!", "rar"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"8BPS", "PSD"),
    (b"\x00\x00\x01\x00", "ICO"),
    (b"II*\x00\x10\x00\x00\x00CR", "CR2"),
]
# ISO base media brands (bytes 8-12 after "ftyp" at 4-8) of HEIF and AVIF.
_HEIF_BRANDS = {b"heic": "HEIC", b"heix": "HEIC", b"mif1": "HEIC", b"msf1": "HEIC",
                b"hevc": "HEIC", b"avif": "AVIF", b"avis": "AVIF"}  # fmt: skip
# Kinds of content that are no image at all (the others are image formats we refuse).
NOT_IMAGES = {"pdf", "zip", "gzip", "rar", "7z", "html", "svg", "xml", "text"}


class UploadCheckError(Exception):
    """An uploaded file the archive does not take as a master.

    ``reason`` is one of not_an_image, other_format, too_many_pixels, bomb
    (``part``: pixels or metadata), unreadable, pages, animated; ``params``
    carries what the message needs.
    """

    def __init__(self, reason: str, **params: object) -> None:
        super().__init__(f"{reason}: {params}")
        self.reason = reason
        self.params = params


@dataclass(frozen=True)
class ImageFacts:
    """What a check learnt about an accepted file."""

    format: str  # one of ACCEPTED_FORMATS
    width: int  # displayed: EXIF orientation applied
    height: int
    pages: int  # pages of a (pyramidal) TIFF; 1 otherwise


def sniff_foreign(head: bytes) -> str | None:
    """The kind of a file that is no accepted image, recognised by its first bytes.

    Returns a kind of NOT_IMAGES, or the name of an image format we refuse, or
    None when the content may be an accepted image (Pillow decides).
    """
    for signature, kind in _FOREIGN_SIGNATURES:
        if head.startswith(signature):
            return kind
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return _HEIF_BRANDS[head[8:12]]
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        return "html"
    if text.startswith(b"<") and b"<svg" in text[:2048]:
        return "svg"
    if text.startswith(b"<?xml"):
        return "xml"
    sample = head[:1024]
    if sample and all(32 <= byte < 127 or byte in b"\t\r\n" for byte in sample):
        return "text"
    return None


def check_upload(handle: IO[bytes], *, max_pixels: int) -> ImageFacts:
    """Check by content that a file is a whole, decodable image we accept.

    Refuses (UploadCheckError) what is no image, other formats, more than
    ``max_pixels`` pixels, decompression bombs (huge dimensions, PNG text
    chunks that inflate beyond Pillow's limits), truncated or corrupt files,
    multi-page documents and animations. The file itself is not changed.
    """
    handle.seek(0)
    head = handle.read(4096)
    handle.seek(0, io.SEEK_END)
    length = handle.tell()
    handle.seek(0)
    kind = sniff_foreign(head)
    if kind in NOT_IMAGES or not head:
        raise UploadCheckError("not_an_image", kind=kind or "empty")
    if kind is not None:
        raise UploadCheckError("other_format", kind=kind)
    try:
        image = Image.open(handle, formats=ACCEPTED_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # The warning is raised only where warnings are errors (a test run).
        raise UploadCheckError("bomb", part="pixels") from None
    except Image.UnidentifiedImageError:
        raise UploadCheckError("not_an_image", kind="unknown") from None
    except Exception as error:  # Pillow raises many kinds for broken headers
        raise _unreadable(error) from None
    try:
        with image:
            facts = _check_opened(image, length, max_pixels)
    finally:
        handle.seek(0)
    return facts


def _check_opened(image: Image.Image, length: int, max_pixels: int) -> ImageFacts:
    fmt = "JPEG" if image.format == "MPO" else str(image.format)
    width, height = image.size
    if width * height > max_pixels:
        raise UploadCheckError("too_many_pixels", width=width, height=height)
    try:
        pages = _count_pages(image, fmt)
        decoded = _decode_for_check(image, fmt, length)
        if decoded:
            # The colour pipeline must take the mode (a 64-px corner is enough).
            to_srgb(image.crop((0, 0, min(64, image.width), min(64, image.height))))
        # A PNG's eXIf chunk may follow the pixels: Pillow would decode them all
        # to find it, and a verified PNG cannot be read again.
        unread_exif = not decoded and fmt == "PNG" and "exif" not in image.info
        turned = not unread_exif and orientation(image) in SWAPPING_ORIENTATIONS
    except UploadCheckError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadCheckError("bomb", part="pixels") from None
    except Exception as error:  # truncated data, bad CRCs, broken codestreams
        raise _unreadable(error) from None
    if turned:
        width, height = height, width
    return ImageFacts(fmt, width, height, pages)


def _count_pages(image: Image.Image, fmt: str) -> int:
    """Pages of a TIFF (refusing multi-page documents), frames elsewhere."""
    if fmt != "TIFF":
        if getattr(image, "n_frames", 1) > 1 and fmt in ("PNG", "WEBP"):
            raise UploadCheckError("animated", frames=image.n_frames)
        return 1
    first = image.width * image.height
    sizes = []
    try:
        while len(sizes) < MAX_TIFF_PAGES:
            image.seek(len(sizes) + 1)
            sizes.append(image.width * image.height)
    except EOFError:
        pass
    image.seek(0)
    pages = len(sizes) + 1
    # A pyramidal TIFF's other pages are its reduced levels (and thumbnails):
    # all smaller than the first. Same-sized pages are a scanned document.
    if pages > MAX_TIFF_PAGES or any(size >= first for size in sizes):
        raise UploadCheckError("pages", pages=pages)
    return pages


def _decode_for_check(image: Image.Image, fmt: str, length: int) -> bool:
    """Decode what proves the file whole; True if pixels were decoded."""
    width, height = image.size
    if fmt == "TIFF":
        _check_strips(image, length)  # cheap, and names truncation plainly
    if fmt == "JPEG":
        # A DCT-scaled decode still reads every byte of the entropy-coded data.
        image.draft(None, (max(1, math.ceil(width / 8)), max(1, math.ceil(height / 8))))
    elif fmt == "JPEG2000":
        factor = 0
        while (width >> factor) * (height >> factor) > FULL_CHECK_PIXELS:
            factor += 1
        image.reduce = factor  # type: ignore[method-assign,assignment]
    elif width * height > FULL_CHECK_PIXELS:
        if fmt == "PNG":
            image.verify()  # every chunk's CRC up to IEND, without inflating
        return False
    image.load()
    return True


def _check_strips(image: Image.Image, length: int) -> None:
    """Every strip or tile of a TIFF lies inside the file (it is not truncated)."""
    tags = getattr(image, "tag_v2", {})
    for offsets_tag, counts_tag in ((273, 279), (324, 325)):  # strips, tiles
        offsets, counts = tags.get(offsets_tag), tags.get(counts_tag)
        if offsets is None:
            continue
        if counts is None:
            raise UploadCheckError("unreadable", detail="TIFF strip table")
        offsets = offsets if isinstance(offsets, tuple) else (offsets,)
        counts = counts if isinstance(counts, tuple) else (counts,)
        if len(counts) != len(offsets):
            raise UploadCheckError("unreadable", detail="TIFF strip table")
        if any(start + size > length for start, size in zip(offsets, counts, strict=True)):
            raise UploadCheckError("unreadable", detail="image file is truncated")


def _unreadable(error: Exception) -> UploadCheckError:
    # PngImagePlugin refuses zTXt/iTXt/iCCP chunks that inflate beyond
    # MAX_TEXT_CHUNK (1 MB) or MAX_TEXT_MEMORY with a ValueError: a bomb.
    text = str(error)
    if isinstance(error, ValueError) and ("MAX_TEXT" in text or "text chunks" in text):
        return UploadCheckError("bomb", part="metadata")
    return UploadCheckError("unreadable", detail=text[:200] or type(error).__name__)
