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
