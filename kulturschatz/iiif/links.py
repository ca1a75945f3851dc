"""URLs of our IIIF resources, for templates and the admin."""

from django.urls import reverse

from kulturschatz.collections.models import ObjectImage

from .image_api import fitting_size


def image_url(image: ObjectImage, box: int | None = None, fmt: str = "jpg") -> str:
    """Image API 3.0 URL of the whole image, fitted into box×box pixels."""
    size = fitting_size(image.width or 0, image.height or 0, box) if box else "max"
    return reverse(
        "iiif:image",
        kwargs={
            "version": "3",
            "identifier": image.iiif_identifier,
            "region": "full",
            "size": size,
            "rotation": "0",
            "quality": "default",
            "format": fmt,
        },
    )


def info_url(image: ObjectImage, version: int = 3) -> str:
    return reverse(
        "iiif:image-info",
        kwargs={"version": str(version), "identifier": image.iiif_identifier},
    )
