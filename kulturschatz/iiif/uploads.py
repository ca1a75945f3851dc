"""The one check every image file passes before it becomes a master.

The admin's image field, the bulk upload, the LIDO importer (and anything that
takes images in later) call check_image_file(), so a file is refused for the
same reasons, in the same words, wherever it comes from. The content decides,
never the file name: imaging.check_upload() reads it with Pillow. Limits come
from settings: KULTURSCHATZ_MAX_UPLOAD_BYTES and KULTURSCHATZ_MAX_IMAGE_PIXELS.
"""

from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from . import imaging

# File name endings and media types offered by upload forms (a hint for the
# browser's file picker only: the content is what is checked).
ACCEPT = (
    "image/jpeg,image/png,image/tiff,image/webp,image/jp2,"
    ".jpg,.jpeg,.jpe,.png,.tif,.tiff,.webp,.jp2,.j2k,.jpf,.jpx"
)
ACCEPTED_LIST = "JPEG, PNG, TIFF, WebP, JPEG 2000"
MB = 1024 * 1024

# What a refused file is instead, for "“x.jpg” is not an image but …".
KINDS = {
    "pdf": _("a PDF document"),
    "zip": _("a ZIP archive"),
    "gzip": _("a compressed archive"),
    "rar": _("a compressed archive"),
    "7z": _("a compressed archive"),
    "html": _("an HTML page"),
    "svg": _("an SVG vector graphic"),
    "xml": _("an XML document"),
    "text": _("a text file"),
    "empty": _("an empty file"),
}


def max_upload_bytes() -> int:
    return settings.KULTURSCHATZ_MAX_UPLOAD_BYTES


def max_pixels() -> int:
    return settings.KULTURSCHATZ_MAX_IMAGE_PIXELS


def megabytes(size: int) -> str:
    value = size / MB
    if value >= 10 or value == int(value):
        return number_format(value, decimal_pos=0, force_grouping=True)
    return number_format(value, decimal_pos=1 if value >= 0.1 else 2)


def megapixels(pixels: int) -> str:
    value = pixels / 1_000_000
    return number_format(value, decimal_pos=0 if value == int(value) else 1)


def grouped(number: int) -> str:
    return number_format(number, force_grouping=True)


def check_image_file(
    file: IO[bytes], *, name: str, size: int | None = None
) -> imaging.ImageFacts:
    """Check an uploaded file by its content; ValidationError in German if refused.

    ``name`` is how the user knows the file (upload name, zip member, LIDO
    link); ``size`` its length in bytes if known without reading (the upload's,
    a zip member's declared size). The file is left at position 0.
    """
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    if size > max_upload_bytes():
        raise too_large(name, size)
    try:
        return imaging.check_upload(file, max_pixels=max_pixels())
    except imaging.UploadCheckError as error:
        raise refusal(error, name) from None


def too_large(name: str, size: int | None = None) -> ValidationError:
    """The refusal of a file above KULTURSCHATZ_MAX_UPLOAD_BYTES (size if known)."""
    limit = megabytes(max_upload_bytes())
    if size is None:
        return ValidationError(
            _("“%(name)s” is larger than %(limit)s MB."),
            code="too_large",
            params={"name": name, "limit": limit},
        )
    return ValidationError(
        _("“%(name)s” is larger than %(limit)s MB (%(size)s MB)."),
        code="too_large",
        params={"name": name, "limit": limit, "size": megabytes(size)},
    )


def refusal(error: imaging.UploadCheckError, name: str) -> ValidationError:
    """The German form error for what imaging.check_upload refused."""
    reason, params = error.reason, error.params
    limit = max_pixels()
    if reason == "not_an_image" and params.get("kind") in KINDS:
        return ValidationError(
            _("“%(name)s” is not an image but %(kind)s."),
            code="not_an_image",
            params={"name": name, "kind": KINDS[str(params["kind"])]},
        )
    if reason == "not_an_image":
        return ValidationError(
            _("“%(name)s” is not an image: its content is none of %(formats)s."),
            code="not_an_image",
            params={"name": name, "formats": ACCEPTED_LIST},
        )
    if reason == "other_format":
        return ValidationError(
            _("“%(name)s” is a %(kind)s image; accepted formats are %(formats)s."),
            code="unsupported_format",
            params={"name": name, "kind": params["kind"], "formats": ACCEPTED_LIST},
        )
    if reason == "too_many_pixels":
        width, height = int(params["width"]), int(params["height"])  # type: ignore[call-overload]
        return ValidationError(
            _(
                "“%(name)s” has more than %(megapixels)s megapixels: the image has "
                "%(pixels)s pixels; at most %(limit)s are accepted."
            ),
            code="too_many_pixels",
            params={
                "name": name,
                "megapixels": megapixels(limit),
                "pixels": grouped(width * height),
                "limit": grouped(limit),
            },
        )
    if reason == "bomb" and params.get("part") == "metadata":
        return ValidationError(
            _(
                "“%(name)s” holds compressed metadata that unpacks beyond the permitted "
                "size and is refused as a decompression bomb."
            ),
            code="decompression_bomb",
            params={"name": name},
        )
    if reason == "bomb":
        return ValidationError(
            _(
                "“%(name)s” has more than %(megapixels)s megapixels and is refused as "
                "a decompression bomb."
            ),
            code="decompression_bomb",
            params={"name": name, "megapixels": megapixels(limit)},
        )
    if reason == "pages":
        return ValidationError(
            _(
                "“%(name)s” is a TIFF with %(pages)s pages; upload each page as an "
                "image of its own."
            ),
            code="several_pages",
            params={"name": name, "pages": params["pages"]},
        )
    if reason == "animated":
        return ValidationError(
            _("“%(name)s” is an animation (%(frames)s frames), not a still image."),
            code="animated",
            params={"name": name, "frames": params["frames"]},
        )
    return ValidationError(
        _("“%(name)s” is damaged or incomplete and cannot be read (%(detail)s)."),
        code="unreadable",
        params={"name": name, "detail": params.get("detail", "")},
    )


def message(error: ValidationError) -> str:
    """The refusal as one line of text, in the active language."""
    return " ".join(error.messages)


@deconstructible
class ImageFileValidator:
    """check_image_file() as a form or model field validator."""

    def __call__(self, value: Any) -> None:
        check_image_file(value, name=value.name, size=getattr(value, "size", None))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ImageFileValidator)

