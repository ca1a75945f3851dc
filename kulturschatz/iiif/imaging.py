"""Pillow work for the Image API: decode as little as needed, then cut and scale.

The only module of the project that renders with Pillow.
"""

import io
from typing import IO

from PIL import Image, ImageCms, ImageOps

from .image_api import FORMATS, RenderPlan

SRGB_PROFILE = ImageCms.createProfile("sRGB")


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


def to_srgb(image: Image.Image) -> Image.Image:
    """RGB or L in sRGB, whatever mode, bit depth or ICC profile the master has."""
    profile = image.info.get("icc_profile")
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit greyscale: scale to 8 bits rather than clip at 255.
        image = image.point(lambda value: value / 256).convert("L")
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("RGBA", "LA", "PA"):
        background = Image.new("RGB", image.size, (255, 255, 255))
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    if profile and image.mode in ("RGB", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            output_mode = "L" if image.mode == "L" else "RGB"
            if output_mode == "RGB":
                image = ImageCms.profileToProfile(
                    image, source, SRGB_PROFILE, outputMode="RGB"
                )
            return image
        except (ImageCms.PyCMSError, OSError):
            pass  # a broken profile: fall back to a plain conversion
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    return image


def render(handle: IO[bytes], plan: RenderPlan) -> tuple[bytes, str]:
    """Cut, scale, rotate and encode one Image API response."""
    image = open_master(handle)
    x, y, w, h = plan.box
    scale = min(plan.width / w, plan.height / h)
    if image.format == "JPEG" and scale < 1:
        # JPEG decodes at 1/2, 1/4 or 1/8 size for free: ask for the smallest
        # reduction that still covers the requested output.
        full_w, full_h = image.size
        image.draft("RGB", (max(1, round(full_w * scale)), max(1, round(full_h * scale))))
        factor_x = image.size[0] / full_w
        factor_y = image.size[1] / full_h
        x, w = round(x * factor_x), max(1, round(w * factor_x))
        y, h = round(y * factor_y), max(1, round(h * factor_y))
    try:
        region = image.crop((x, y, x + w, y + h))
        region = to_srgb(region)
    except (OSError, ValueError) as error:
        raise ImageDecodeError(f"not a readable image: {error}") from error
    if region.size != (plan.width, plan.height):
        region = region.resize((plan.width, plan.height), Image.Resampling.LANCZOS)
    if plan.rotation.mirror:
        region = ImageOps.mirror(region)
    if plan.rotation.degrees:
        region = rotate(region, plan.rotation.degrees, plan.format)
    region = apply_quality(region, plan.quality)
    return encode(region, plan.format), FORMATS[plan.format]


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
        return image.convert("RGBA").rotate(-degrees, expand=True, resample=Image.Resampling.BICUBIC)
    fill = 255 if image.mode == "L" else (255, 255, 255)
    return image.rotate(-degrees, expand=True, resample=Image.Resampling.BICUBIC, fillcolor=fill)


def apply_quality(image: Image.Image, quality: str) -> Image.Image:
    if quality == "gray":
        return image.convert("LA" if image.mode == "RGBA" else "L")
    if quality == "bitonal":
        return image.convert("L").convert("1")
    if quality == "color" and image.mode == "L":
        return image.convert("RGB")
    return image


def encode(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "jpg":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB") if image.mode != "1" else image.convert("L")
        image.save(buffer, "JPEG", quality=85, optimize=False, progressive=False)
    elif fmt == "png":
        image.save(buffer, "PNG", compress_level=3)
    elif fmt == "webp":
        image.save(buffer, "WEBP", quality=82, method=2)
    elif fmt == "gif":
        image.save(buffer, "GIF")
    else:
        image.save(buffer, "TIFF", compression="tiff_deflate")
    return buffer.getvalue()
