"""Background tasks of the IIIF app (huey; SQLite queue by default, Redis if set)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from kulturschatz.collections.models import ObjectImage

from . import derivatives, discovery, imaging


@db_task(retries=1, retry_delay=30)
def build_derivatives_task(image_id: int) -> int:
    """Build the tile pyramid of one image; a deleted image is nothing to do."""
    image = ObjectImage.objects.filter(pk=image_id).first()
    if image is None or not image.master:
        return 0
    try:
        return derivatives.build_derivatives(image)
    except imaging.ImageDecodeError:
        return 0  # recorded as failed on the image; retrying cannot help


@db_periodic_task(crontab(minute="5"))
def reconcile_change_discovery() -> int:
    """Hourly: announce embargoes that ended (objects public without a save)."""
    return len(discovery.reconcile())


@db_task()
def prebuild_manifest(identifier: str) -> bool:
    """Build and store an object's manifest for the public address after a change."""
    from django.conf import settings

    from .presentation_views import manifest_queryset, stored_manifest

    heritage_object = manifest_queryset().filter(identifier=identifier).first()
    if heritage_object is None:  # not public (any more): nothing to serve
        return False
    base = settings.KULTURSCHATZ_PUBLIC_URL
    stored_manifest(heritage_object, lambda path: f"{base}{path}")
    return True
