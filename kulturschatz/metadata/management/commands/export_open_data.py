from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kulturschatz.metadata.exports import ExportError, export_open_data


class Command(BaseCommand):
    help = (
        "Write the open-data dump of all published objects: a dated folder "
        "kulturschatz-open-data-YYYY-MM-DD/ (lido.xml, objects.csv, objects.json, "
        "datapackage.json, LIESMICH.txt, README.txt, SHA256SUMS) and a .zip of it."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output-dir",
            default=str(settings.VAR_DIR / "open-data"),
            metavar="DIR",
            help="where the folder and the .zip go (default: %(default)s)",
        )
        parser.add_argument(
            "--base-url",
            default=settings.KULTURSCHATZ_PUBLIC_URL,
            help="public address for page and image links (default: %(default)s)",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bar"
        )

    def handle(self, *args, **options) -> None:
        bar = tqdm(
            unit="obj",
            desc="Open Data",
            file=self.stderr._out,
            disable=options["no_progress"] or options["verbosity"] == 0,
        )

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        try:
            with bar:
                report = export_open_data(
                    Path(options["output_dir"]),
                    base_url=options["base_url"],
                    progress=progress,
                )
        except ExportError as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"Cannot write the dump: {error}") from None
        sizes = ", ".join(
            f"{name} {size / 1e6:.1f} MB" for name, size in report.files.items()
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.objects} published objects with {report.images} images "
                f"written "
                f"to {report.directory} and {report.archive} in {report.seconds:.1f} s."
            )
        )
        self.stdout.write(sizes)
