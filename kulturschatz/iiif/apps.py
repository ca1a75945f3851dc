import ctypes

from django.apps import AppConfig
from django.conf import settings


class IIIFConfig(AppConfig):
    name = "kulturschatz.iiif"
    label = "iiif"
    verbose_name = "IIIF"

    def ready(self) -> None:
        from PIL import Image

        # Pillow's decompression-bomb guard, set deliberately rather than left at
        # its default: above this many pixels an image is refused outright.
        Image.MAX_IMAGE_PIXELS = settings.KULTURSCHATZ_MAX_IMAGE_PIXELS
        release_large_buffers_to_the_system()
        connect_change_discovery()


def connect_change_discovery() -> None:
    """Record manifest changes for the Change Discovery API after each commit.

    Signals rather than service calls (see STYLE.md §2): like the search index,
    the activity stream is bookkeeping that every write path must feed (admin,
    importer, services, deletions), and missing one would silently hide a change
    from aggregators.
    """
    from django.db.models.signals import post_delete, post_save

    from kulturschatz.collections.models import HeritageObject, ObjectImage

    from .discovery import record_after_commit

    def object_changed(sender, instance, **kwargs) -> None:
        record_after_commit(instance.identifier)

    def image_changed(sender, instance, **kwargs) -> None:
        identifier = (
            HeritageObject.objects.filter(pk=instance.heritage_object_id)
            .values_list("identifier", flat=True)
            .first()
        )
        if identifier:
            record_after_commit(identifier)

    # weak=False: the receivers are local functions, nothing else keeps them alive.
    for signal, model, receiver, uid in [
        (post_save, HeritageObject, object_changed, "discovery-object"),
        (post_delete, HeritageObject, object_changed, "discovery-object-delete"),
        (post_save, ObjectImage, image_changed, "discovery-image"),
        (post_delete, ObjectImage, image_changed, "discovery-image-delete"),
    ]:
        signal.connect(receiver, sender=model, weak=False, dispatch_uid=uid)


def release_large_buffers_to_the_system() -> None:
    """Have glibc map large allocations directly, so freeing returns them.

    A decoded 200-megapixel master is 600 MB. With glibc's default, a freed
    buffer of that size raises the mmap threshold and the next ones come from
    per-thread arenas that never shrink: a gunicorn worker with four threads
    then keeps several decodes' worth of memory. A fixed threshold of 1 MiB
    (Pillow allocates images in 16 MiB blocks) keeps each worker at the size of
    what it is rendering now.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc (musl, macOS): nothing to tune
        return
    m_mmap_threshold = -3
    libc.mallopt(m_mmap_threshold, 1 << 20)
