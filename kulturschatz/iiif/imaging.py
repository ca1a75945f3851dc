"""Pillow work for the Image API: decode as little as needed, then cut and scale.

The only module of the project that renders with Pillow. Every master is
normalised the same way wherever it is decoded: EXIF orientation applied, colour
converted to 8-bit sRGB (RGB, or L for greyscale), transparency flattened on white.
Nothing of a master's metadata (EXIF with GPS, XMP, comments, ICC profiles) is
written into what is served. It also checks uploaded files (check_upload) before
they become masters, and reads and removes the GPS position of contributed
photos without re-encoding them (read_location, strip_location).
"""

import io
import math
import struct
import warnings
import zlib
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


# -- GPS positions in contributed photos ------------------------------------------
#
# A citizen's photo may carry where it was taken. strip_location() removes that
# by rewriting the file's container (JPEG segments, PNG chunks, WebP/RIFF
# chunks, TIFF directories, JPEG 2000 boxes), never by re-encoding: the
# compressed picture stays byte for byte, and with it orientation and ICC profile.
# What goes: the EXIF GPS directory (the rest of the EXIF is written back),
# XMP (it may repeat the position as exif:GPS*), Photoshop/IPTC blocks (they may
# embed XMP or EXIF), free-text comments (a phone app may write a place into
# them), a JPEG's appended data (MPF second pictures, vendor trailers: whose
# offsets the rewrite would break, and which carry their own EXIF) and the EXIF
# thumbnail (Pillow does not write it back; it may show the uncropped scene).

GPS_IFD_TAG = 0x8825
EXIF_PREFIX = b"Exif\x00\x00"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JP2_SIGNATURE = b"\x00\x00\x00\x0cjP  \r\n\x87\n"
# ISO/IEC 15444-1 Annex I: the UUID boxes that carry EXIF (the "JpgTiffExif->JP2"
# convention of ExifTool and exiv2) and XMP.
JP2_EXIF_UUID = b"JpgTiffExif->JP2"
# Top-level JP2 boxes that hold metadata only: UUID (EXIF, XMP, GeoJP2), XML
# (GML), associations (GMLJP2 labels). None of them is needed to decode.
JP2_METADATA_BOXES = (b"uuid", b"xml ", b"asoc")
# TIFF tags dropped from every directory: GPS, XMP, IPTC, Photoshop resources.
TIFF_METADATA_TAGS = (GPS_IFD_TAG, 700, 33723, 34377)
_TIFF_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8,
                    11: 4, 12: 8, 13: 4, 16: 8, 17: 8, 18: 8}  # fmt: skip
# VP8X flag bits (WebP container specification).
_WEBP_EXIF_FLAG = 0x08
_WEBP_XMP_FLAG = 0x04


def strip_location(data: bytes) -> bytes:
    """The same image file without any GPS position (see the comment above).

    Pixels, orientation and colour profile are unchanged; a file with nothing
    to remove is returned as it is. Raises ImageDecodeError for a file whose
    structure cannot be followed (or that is none of the accepted formats).
    """
    try:
        if data.startswith(b"\xff\xd8"):
            return _strip_jpeg(data)
        if data.startswith(PNG_SIGNATURE):
            return _strip_png(data)
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            return _strip_webp(data)
        if data[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
            return _strip_tiff(data)
        if data.startswith(JP2_SIGNATURE):
            return _strip_jp2(data)
        if data.startswith(b"\xff\x4f\xff\x51"):
            return data  # a bare JPEG 2000 codestream has no place for EXIF or XMP
    except (IndexError, struct.error, ValueError) as error:
        raise ImageDecodeError(f"cannot follow the file's structure: {error}") from error
    raise ImageDecodeError("not an image format whose location can be removed")


def read_location(data: bytes) -> tuple[float, float] | None:
    """Latitude and longitude (decimal degrees) of the EXIF GPS position, if any.

    None when there is none or it is malformed; never raises, whatever the bytes.
    """
    try:
        with warnings.catch_warnings():  # Pillow warns of corrupt EXIF, then goes on
            warnings.simplefilter("ignore")
            for exif in _exif_blocks(data):
                position = _gps_position(exif)
                if position is not None:
                    return position
    except Exception:  # hostile input: a position we cannot read is no position
        return None
    return None


def _exif_blocks(data: bytes) -> Iterator[Image.Exif]:
    if data[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        # A TIFF file is an EXIF structure itself (Pillow reads BigTIFF too).
        with Image.open(io.BytesIO(data), formats=["TIFF"]) as image:
            yield image.getexif()
        return
    for payload in _exif_payloads(data):
        yield _load_exif(payload)


def _exif_payloads(data: bytes) -> Iterator[bytes]:
    """The EXIF blocks of a JPEG, PNG, WebP or JPEG 2000 file."""
    if data.startswith(b"\xff\xd8"):
        for marker, start, end in _jpeg_segments(data):
            if marker == 0xE1 and data[start + 4 : end].startswith(EXIF_PREFIX):
                yield data[start + 4 : end]
            if marker == 0xDA:
                return
    elif data.startswith(PNG_SIGNATURE):
        for kind, start, end in _png_chunks(data):
            if kind == b"eXIf":
                yield data[start + 8 : end - 4]
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        for fourcc, start, _end, size in _riff_chunks(data):
            if fourcc == b"EXIF":
                yield data[start + 8 : start + 8 + size]
    elif data.startswith(JP2_SIGNATURE):
        for kind, start, header, end in _jp2_boxes(data):
            if kind == b"uuid" and data[start + header : start + header + 16] == JP2_EXIF_UUID:
                yield data[start + header + 16 : end]


def _load_exif(payload: bytes) -> Image.Exif:
    exif = Image.Exif()
    with warnings.catch_warnings():  # Pillow warns of corrupt EXIF, then goes on
        warnings.simplefilter("ignore")
        exif.load(payload)
    return exif


def _gps_position(exif: Image.Exif) -> tuple[float, float] | None:
    if GPS_IFD_TAG not in exif:
        return None
    gps = exif.get_ifd(GPS_IFD_TAG)
    latitude = _degrees(gps.get(2), gps.get(1), positive="N", negative="S", limit=90)
    longitude = _degrees(gps.get(4), gps.get(3), positive="E", negative="W", limit=180)
    if latitude is None or longitude is None:
        return None
    return latitude, longitude


def _degrees(
    value: object, ref: object, *, positive: str, negative: str, limit: float
) -> float | None:
    """Degrees, minutes, seconds (EXIF rationals) and N/S or E/W as a signed float."""
    if isinstance(ref, bytes):
        ref = ref.decode("latin-1")
    if not isinstance(ref, str):
        return None
    ref = ref.strip("\x00 ").upper()
    if ref not in (positive, negative):
        return None
    parts = value if isinstance(value, tuple) else (value,)
    if not 1 <= len(parts) <= 3:
        return None
    try:
        numbers = [float(part) for part in parts]  # type: ignore[arg-type]
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if not all(math.isfinite(number) and number >= 0 for number in numbers):
        return None
    degrees = sum(number / 60**index for index, number in enumerate(numbers))
    if degrees > limit:
        return None
    return -degrees if ref == negative else degrees


def _exif_without_gps(payload: bytes) -> bytes | None:
    """The EXIF block without its GPS directory: ``payload`` itself if it has
    none, None if it cannot be read (the caller drops it whole)."""
    try:
        exif = _load_exif(payload)
        if GPS_IFD_TAG not in exif:
            return payload
        del exif[GPS_IFD_TAG]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rewritten = exif.tobytes()
    except Exception:  # Pillow raises many kinds on broken EXIF
        return None
    # tobytes() starts with "Exif\0\0" as in JPEG; PNG and WebP store it without.
    return rewritten if payload.startswith(EXIF_PREFIX) else rewritten[len(EXIF_PREFIX) :]


# JPEG (ITU-T T.81 Annex B) -------------------------------------------------------


def _jpeg_segments(data: bytes) -> Iterator[tuple[int, int, int]]:
    """(marker, start, end) of every marker segment up to EOI; an SOS segment
    ends where its entropy-coded data ends. Anything after EOI is not yielded."""
    position = 2
    length = len(data)
    while position < length:
        if data[position] != 0xFF:
            raise ValueError(f"no JPEG marker at byte {position}")
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            yield marker, position, position + 2
            position += 2
            continue
        if marker == 0xD9:  # EOI
            yield marker, position, position + 2
            return
        size = int.from_bytes(data[position + 2 : position + 4], "big")
        end = position + 2 + size
        if size < 2 or end > length:
            raise ValueError(f"JPEG segment at byte {position} runs past the end")
        if marker == 0xDA:
            end = _entropy_coded_end(data, end)
        yield marker, position, end
        position = end


def _entropy_coded_end(data: bytes, position: int) -> int:
    """Where the next marker starts after a scan (the end of data if none)."""
    while True:
        position = data.find(b"\xff", position)
        if position < 0 or position + 1 >= len(data):
            return len(data)  # no EOI: keep what there is
        following = data[position + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:  # stuffed byte, restart
            position += 2
        elif following == 0xFF:  # fill bytes before a marker
            position += 1
        else:
            return position


def _strip_jpeg(data: bytes) -> bytes:
    parts = [data[:2]]
    changed = False
    end = 2
    for marker, start, end in _jpeg_segments(data):
        segment = data[start:end]
        payload = data[start + 4 : end]
        if marker == 0xE1 and payload.startswith(EXIF_PREFIX):
            rewritten = _exif_without_gps(payload)
            if rewritten is payload:
                parts.append(segment)
                continue
            changed = True
            if rewritten is not None and len(rewritten) + 2 <= 0xFFFF:
                parts.append(b"\xff\xe1" + struct.pack(">H", len(rewritten) + 2) + rewritten)
        elif marker in (0xE1, 0xED, 0xFE) or (
            marker == 0xE2 and payload.startswith(b"MPF\x00")
        ):
            changed = True  # XMP (APP1), Photoshop/IPTC (APP13), comments, MPF index
        else:
            parts.append(segment)
    if end < len(data):
        changed = True  # appended pictures or vendor trailers
    return b"".join(parts) if changed else data


# PNG (ISO/IEC 15948, PNG third edition for eXIf) ---------------------------------------


def _png_chunks(data: bytes) -> Iterator[tuple[bytes, int, int]]:
    """(type, start, end) of every chunk up to IEND."""
    position = len(PNG_SIGNATURE)
    while position < len(data):
        size = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        end = position + 12 + size
        if len(kind) < 4 or end > len(data):
            raise ValueError(f"PNG chunk at byte {position} runs past the end")
        yield kind, position, end
        if kind == b"IEND":
            return
        position = end


def _strip_png(data: bytes) -> bytes:
    parts = [PNG_SIGNATURE]
    changed = False
    end = len(PNG_SIGNATURE)
    for kind, start, end in _png_chunks(data):
        if kind == b"eXIf":
            payload = data[start + 8 : end - 4]
            rewritten = _exif_without_gps(payload)
            if rewritten is payload:
                parts.append(data[start:end])
                continue
            changed = True
            if rewritten is not None:
                crc = zlib.crc32(kind + rewritten)
                parts.append(struct.pack(">I", len(rewritten)) + kind + rewritten + struct.pack(">I", crc))
        elif kind in (b"tEXt", b"zTXt", b"iTXt"):
            changed = True  # XMP, ImageMagick's "Raw profile type exif", comments
        else:
            parts.append(data[start:end])
    if end < len(data):
        changed = True
    return b"".join(parts) if changed else data


# WebP (RIFF container, RFC 9649) ----------------------------------------------------


def _riff_chunks(data: bytes) -> Iterator[tuple[bytes, int, int, int]]:
    """(fourcc, start, end including padding, payload size) of every chunk."""
    body_end = min(8 + int.from_bytes(data[4:8], "little"), len(data))
    position = 12
    while position + 8 <= body_end:
        fourcc = data[position : position + 4]
        size = int.from_bytes(data[position + 4 : position + 8], "little")
        if position + 8 + size > body_end:
            raise ValueError(f"WebP chunk at byte {position} runs past the end")
        end = min(position + 8 + size + (size & 1), body_end)
        yield fourcc, position, end, size
        position = end


def _strip_webp(data: bytes) -> bytes:
    chunks: list[tuple[bytes, bytes]] = []
    changed = False
    for fourcc, start, end, size in _riff_chunks(data):
        if fourcc == b"EXIF":
            payload = data[start + 8 : start + 8 + size]
            rewritten = _exif_without_gps(payload)
            if rewritten is payload:
                chunks.append((fourcc, data[start:end]))
                continue
            changed = True
            if rewritten is not None:
                padding = b"\x00" * (len(rewritten) & 1)
                chunks.append((fourcc, fourcc + struct.pack("<I", len(rewritten)) + rewritten + padding))
        elif fourcc == b"XMP ":
            changed = True
        else:
            chunks.append((fourcc, data[start:end]))
    if not changed:
        return data
    kinds = {fourcc for fourcc, _ in chunks}
    body = []
    for fourcc, chunk in chunks:
        if fourcc == b"VP8X":
            flags = chunk[8] & ~(_WEBP_EXIF_FLAG | _WEBP_XMP_FLAG)
            flags |= _WEBP_EXIF_FLAG if b"EXIF" in kinds else 0
            flags |= _WEBP_XMP_FLAG if b"XMP " in kinds else 0
            chunk = chunk[:8] + bytes([flags]) + chunk[9:]
        body.append(chunk)
    joined = b"WEBP" + b"".join(body)
    return b"RIFF" + struct.pack("<I", len(joined)) + joined


# TIFF (TIFF 6.0, BigTIFF) -----------------------------------------------------------


def _strip_tiff(data: bytes) -> bytes:
    """Drop the metadata tags from every directory of the main chain, in place.

    A directory is rewritten where it lies with fewer entries (the bytes it no
    longer needs are zeroed), and what the dropped tags pointed to is zeroed
    too: no strip or tile moves, so every page decodes exactly as before.
    """
    order = "<" if data[:2] == b"II" else ">"
    big = struct.unpack(order + "H", data[2:4])[0] == 43
    offset_format = order + ("Q" if big else "I")
    count_format = order + ("Q" if big else "H")
    offset_size, count_size = (8, 8) if big else (4, 2)
    entry_size = 20 if big else 12
    result = bytearray(data)
    changed = False
    seen: set[int] = set()
    ifd = struct.unpack(offset_format, data[(8 if big else 4) : (16 if big else 8)])[0]
    while ifd and ifd not in seen and len(seen) < MAX_TIFF_PAGES * 4:
        seen.add(ifd)
        count = struct.unpack(count_format, data[ifd : ifd + count_size])[0]
        entries_start = ifd + count_size
        next_at = entries_start + count * entry_size
        if next_at + offset_size > len(data):
            raise ValueError(f"TIFF directory at byte {ifd} runs past the end")
        next_ifd = struct.unpack(offset_format, data[next_at : next_at + offset_size])[0]
        kept = []
        for index in range(count):
            entry = data[entries_start + index * entry_size : entries_start + (index + 1) * entry_size]
            tag = struct.unpack(order + "H", entry[:2])[0]
            if tag not in TIFF_METADATA_TAGS:
                kept.append(entry)
                continue
            _zero_tiff_value(result, entry, order, big)
            if tag == GPS_IFD_TAG:
                _zero_tiff_directory(result, entry, order, big)
        if len(kept) != count:
            changed = True
            block = (
                struct.pack(count_format, len(kept))
                + b"".join(kept)
                + struct.pack(offset_format, next_ifd)
            )
            end = next_at + offset_size
            result[ifd:end] = block + b"\x00" * (end - ifd - len(block))
        ifd = next_ifd
    return bytes(result) if changed else data


def _tiff_value(entry: bytes, order: str, big: bool) -> tuple[int, int, int, bool]:
    """(type, byte length, offset of the value, whether it lies outside the entry)."""
    value_type = struct.unpack(order + "H", entry[2:4])[0]
    count = struct.unpack(order + ("Q" if big else "I"), entry[4 : (12 if big else 8)])[0]
    length = count * _TIFF_TYPE_SIZES.get(value_type, 1)
    inline = length <= (8 if big else 4)
    offset = struct.unpack(order + ("Q" if big else "I"), entry[(12 if big else 8) :])[0]
    return value_type, length, offset, not inline


def _zero_tiff_value(result: bytearray, entry: bytes, order: str, big: bool) -> None:
    _, length, offset, outside = _tiff_value(entry, order, big)
    if outside and offset + length <= len(result):
        result[offset : offset + length] = bytes(length)


def _zero_tiff_directory(result: bytearray, entry: bytes, order: str, big: bool) -> None:
    """Zero a sub-directory (the GPS one) and the values it points to."""
    value_type, _, _, outside = _tiff_value(entry, order, big)
    if outside or value_type not in (4, 13, 16, 18):  # LONG, IFD, LONG8, IFD8
        return
    offset = struct.unpack(order + ("Q" if big else "I"), entry[(12 if big else 8) :])[0]
    count_size, entry_size = (8, 20) if big else (2, 12)
    if offset + count_size > len(result):
        return
    count = struct.unpack(order + ("Q" if big else "H"), result[offset : offset + count_size])[0]
    end = offset + count_size + count * entry_size + (8 if big else 4)
    if end > len(result):
        return
    for index in range(count):
        start = offset + count_size + index * entry_size
        _zero_tiff_value(result, bytes(result[start : start + entry_size]), order, big)
    result[offset:end] = bytes(end - offset)


# JPEG 2000 (ISO/IEC 15444-1 Annex I) --------------------------------------------------


def _jp2_boxes(data: bytes) -> Iterator[tuple[bytes, int, int, int]]:
    """(type, start, header length, end) of every top-level box."""
    position = 0
    while position < len(data):
        size = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        header = 8
        if size == 1:  # XLBox: a 64-bit length follows
            size = int.from_bytes(data[position + 8 : position + 16], "big")
            header = 16
        elif size == 0:  # the last box runs to the end of the file
            size = len(data) - position
        end = position + size
        if len(kind) < 4 or size < header or end > len(data):
            raise ValueError(f"JPEG 2000 box at byte {position} runs past the end")
        yield kind, position, header, end
        position = end


def _strip_jp2(data: bytes) -> bytes:
    """Drop the metadata boxes; the codestream box is copied as it is (no
    re-encoding, so the file stays a JP2 with the same pixels)."""
    parts = []
    changed = False
    for kind, start, _, end in _jp2_boxes(data):
        if kind in JP2_METADATA_BOXES:
            changed = True
        else:
            parts.append(data[start:end])
    return b"".join(parts) if changed else data
