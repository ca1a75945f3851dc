from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kulturschatz.collections.models import ObjectImage
from kulturschatz.iiif import derivatives, imaging


class Command(BaseCommand):
    help = (
        "(Re)build the IIIF tile pyramids of images in the foreground, with a "
        "progress bar. Without arguments: every image."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "images",
            nargs="*",
            metavar="IMAGE",
            help="IIIF identifiers (uuid) or database ids of images",
        )
        parser.add_argument(
            "--missing",
            action="store_true",
            help="only images whose pyramid is not complete for their current file",
        )

    def handle(self, *args, images: list[str], missing: bool, verbosity: int, **options):
        queryset = ObjectImage.objects.select_related("heritage_object").order_by("pk")
        if images:
            wanted = ObjectImage.objects.none()
            for key in images:
                match = (
                    queryset.filter(pk=int(key))
                    if key.isdigit()
                    else queryset.filter(uuid=key.replace("-", ""))
                )
                if not match.exists():
                    raise CommandError(f"No image {key!r}.")
                wanted = wanted | match
            queryset = wanted
        selected = [image for image in queryset if not (missing and image.derivatives_ready)]
        total_tiles = sum(derivatives.count_tiles(i.width or 0, i.height or 0) for i in selected)
        failed = 0
        with tqdm(
            total=total_tiles,
            unit="tile",
            disable=verbosity == 0,
            file=self.stderr._out,
            desc=f"{len(selected)} images",
        ) as bar:
            for image in selected:
                bar.set_postfix_str(f"{image.heritage_object.identifier} {image.width}×{image.height}")
                try:
                    derivatives.build_derivatives(image, progress=lambda done, total: bar.update(1))
                except (imaging.ImageDecodeError, OSError) as error:
                    failed += 1
                    self.stderr.write(f"{image.iiif_identifier}: {error}")
        message = f"Derivatives built for {len(selected) - failed} images ({total_tiles} tiles)."
        if failed:
            raise CommandError(f"{message} {failed} failed.")
        self.stdout.write(self.style.SUCCESS(message))
