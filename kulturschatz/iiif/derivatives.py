"""Derivatives of image masters: a JPEG tile pyramid and cached thumbnails.

Everything is read and written through the ``iiif_derivatives`` storage
(``STORAGES`` in settings), so that several application servers can share it
(a network file system or S3-compatible storage through django-storages).

Layout: ``<image uuid>/<first 16 hex of the master's SHA-256>/tiles/<factor>/<column>_<row>.jpg``
and ``…/full_<width>x<height>.<format>`` for cached whole-image renderings. A
new master file has a new checksum and so a new folder: an old pyramid is never
served for a new file.
"""

import hashlib
import logging
import os
import time
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.utils.http import quote_etag
from django.utils.translation import gettext as _

from kulturschatz.collections.models import ObjectImage

from . import imaging
from .image_api import (
    RenderPlan,
    Rotation,
    Tile,
    level_size,
    match_tile,
    scale_factors,
    tile_region,
)

logger = logging.getLogger(__name__)
STORAGE_ALIAS = "iiif_derivatives"
State = ObjectImage.DerivativeState
Progress = Callable[[int, int], None]


def derivative_storage() -> Storage:
    return storages[STORAGE_ALIAS]


# Whole-image renderings up to this many pixels on the long side are kept once
# rendered (thumbnails, the sizes of info.json); larger ones are rendered anew.
CACHED_OUTPUT_SIDE = 1200
NO_ROTATION = Rotation(0)


def response_etag(sha256: str, canonical: str) -> str:
    """A rendering's entity tag: the master's checksum and the canonical request."""
    return quote_etag(hashlib.sha256(f"{sha256}/{canonical}".encode()).hexdigest()[:32])


def image_prefix(image: ObjectImage) -> str:
    return f"{image.iiif_identifier}/{image.sha256[:16]}"


def tile_name(image: ObjectImage, tile: Tile) -> str:
    return tile_path(image_prefix(image), tile)


def tile_path(prefix: str, tile: Tile) -> str:
    return f"{prefix}/tiles/{tile.factor}/{tile.column}_{tile.row}.jpg"


def exact_tile(plan: RenderPlan, width: int, height: int) -> Tile | None:
    """The stored tile whose file is exactly this response, if there is one."""
    if plan.format != "jpg" or plan.quality != "default" or plan.rotation != NO_ROTATION:
        return None
    tile = match_tile(plan, width, height)
    if tile is None:
        return None
    region = tile_region(tile, width, height)
    if (plan.width, plan.height) != level_size(region[2], region[3], tile.factor):
        return None
    return tile


def rendering_path(prefix: str, plan: RenderPlan, width: int, height: int) -> str | None:
    """Where a whole-image rendering is kept, for those worth keeping."""
    if not (
        plan.box == (0, 0, width, height)
        and max(plan.width, plan.height) <= CACHED_OUTPUT_SIDE
        and plan.rotation == NO_ROTATION
        and plan.quality in ("default", "color")
    ):
        return None
    return f"{prefix}/full_{plan.width}x{plan.height}_{plan.quality}.{plan.format}"


def stored_path(prefix: str, plan: RenderPlan, width: int, height: int) -> str | None:
    """The derivative file that is this response: a grid tile or a kept rendering."""
    tile = exact_tile(plan, width, height)
    if tile is not None:
        return tile_path(prefix, tile)
    return rendering_path(prefix, plan, width, height)


def read_tile(image: ObjectImage, tile: Tile) -> bytes:
    with derivative_storage().open(tile_name(image, tile), "rb") as handle:
        return handle.read()


def write(name: str, data: bytes) -> None:
    """Write a derivative under exactly this name, replacing an older one."""
    storage = derivative_storage()
    if storage.exists(name):
        storage.delete(name)
    storage.save(name, ContentFile(data))


def count_tiles(width: int, height: int) -> int:
    total = 0
    for factor in scale_factors(width, height):
        level_w, level_h = -(-width // factor), -(-height // factor)
        total += -(-level_w // 512) * -(-level_h // 512)
    return total


def set_state(image: ObjectImage, state: str, progress: int, message: str = "") -> None:
    """Record progress in the database, where the admin shows it."""
    fields = {
        "derivatives_state": state,
        "derivatives_progress": progress,
        "derivatives_message": message[:500],
    }
    if state == State.READY:
        fields["derivatives_key"] = image.sha256[:16]
    ObjectImage.objects.filter(pk=image.pk).update(**fields)
    for name, value in fields.items():
        setattr(image, name, value)


def build_derivatives(image: ObjectImage, *, progress: Progress | None = None) -> int:
    """Decode the master once and write its whole tile pyramid; returns tiles written.

    The image counts as ready only once every tile is written, so a build that
    is interrupted leaves the image served from its master until a new build
    completes.
    """
    started = time.monotonic()
    width, height = image.width or 0, image.height or 0
    total = count_tiles(width, height)
    set_state(image, State.BUILDING, 0)
    try:
        with image.master.open("rb") as handle:
            decoded = imaging.decode_master(handle)
        if decoded.size != (width, height):
            raise imaging.ImageDecodeError(
                f"decoded size {decoded.size} differs from the catalogued {width}×{height}"
            )
        written = 0
        last_report = 0.0
        tiles = imaging.cut_pyramid(decoded, scale_factors(width, height))
        del decoded  # the generator holds the only reference and drops each level
        for tile, data in tiles:
            write(tile_name(image, tile), data)
            written += 1
            if progress:
                progress(written, total)
            now = time.monotonic()
            if now - last_report > 0.5:
                set_state(image, State.BUILDING, min(99, written * 100 // max(total, 1)))
                last_report = now
    except (imaging.ImageDecodeError, OSError, ValueError) as error:
        logger.warning("Derivatives of image %s failed: %s", image.iiif_identifier, error)
        set_state(image, State.FAILED, 0, str(error))
        raise
    set_state(
        image,
        State.READY,
        100,
        _("%(tiles)d tiles in %(seconds).1f s")
        % {"tiles": written, "seconds": time.monotonic() - started},
    )
    remove_stale(image)
    return written


def remove_stale(image: ObjectImage) -> None:
    """Delete the derivatives of earlier master files of this image."""
    storage = derivative_storage()
    if not storage.exists(image.iiif_identifier):
        return
    folders, _files = storage.listdir(image.iiif_identifier)
    for folder in folders:
        if folder != image.sha256[:16]:
            delete_tree(storage, f"{image.iiif_identifier}/{folder}")


def delete_tree(storage: Storage, path: str) -> None:
    folders, files = storage.listdir(path)
    for name in files:
        storage.delete(f"{path}/{name}")
    for folder in folders:
        delete_tree(storage, f"{path}/{folder}")
    try:  # file-system storages keep empty folders; object stores have none
        os.rmdir(storage.path(path))
    except (NotImplementedError, OSError):
        pass


def schedule_derivatives(image: ObjectImage) -> None:
    """Build derivatives in the task queue once the current transaction commits."""
    from .tasks import build_derivatives_task

    set_state(image, State.PENDING, 0)
    image_id = image.pk
    transaction.on_commit(lambda: build_derivatives_task(image_id))
