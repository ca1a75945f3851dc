from django.conf import settings
from django.core.management.base import BaseCommand

from kulturschatz.collections.demo.loader import DemoLoader


class Command(BaseCommand):
    help = (
        "Load the demo archive of Merseburg heritage (idempotent: a second run "
        "updates the demo records and renders only missing images)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--scale",
            type=float,
            default=None,
            help="Size factor for the rendered demo images (default: "
            "KULTURSCHATZ_DEMO_IMAGE_SCALE, 1.0 = realistic scan sizes).",
        )
        parser.add_argument("--workers", type=int, default=2, help="Rendering processes.")

    def handle(self, *args, scale: float | None, workers: int, verbosity: int, **options) -> None:
        def progress(message: str) -> None:
            if verbosity >= 1:
                self.stdout.write(f"  {message}")
                self.stdout.flush()

        loader = DemoLoader(
            scale=scale if scale is not None else settings.KULTURSCHATZ_DEMO_IMAGE_SCALE,
            workers=workers,
            progress=progress,
        )
        report = loader.run()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo archive: {report.created} objects created, {report.updated} updated, "
                f"{report.images_rendered} images rendered, {report.images_kept} kept."
            )
        )
