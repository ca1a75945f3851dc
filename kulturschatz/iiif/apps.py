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
