from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kulturschatz.metadata.exports import ExportError, export_lido


class Command(BaseCommand):
    help = (
        "Write the LIDO records of all published objects into one lido:lidoWrap file, "
        "streamed in batches. --collection limits it to a collection and its "
        "sub-collections; --include-unpublished adds drafts, objects in review, "
        "withdrawn and embargoed ones (staff backups and migrations only)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output", required=True, metavar="FILE", help="LIDO file to write"
        )
        parser.add_argument(
            "--collection", metavar="SLUG", help="only this collection and below"
        )
        parser.add_argument(
            "--include-unpublished",
            action="store_true",
            help="also objects the public may not see (never publish such a file)",
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
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"The folder {output.parent} does not exist.")
        if options["include_unpublished"]:
            self.stderr.write(
                self.style.WARNING(
                    "Warning: --include-unpublished writes drafts, objects in review, "
                    "withdrawn and embargoed objects. Keep this file internal."
                )
            )
        bar = tqdm(
            unit="obj",
            desc="LIDO",
            file=self.stderr._out,
            disable=options["no_progress"] or options["verbosity"] == 0,
        )

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        try:
            with bar:
                report = export_lido(
                    output,
                    base_url=options["base_url"],
                    collection_slug=options["collection"],
                    include_unpublished=options["include_unpublished"],
                    progress=progress,
                )
        except ExportError as error:
            raise CommandError(str(error)) from None
        rate = report.objects / report.seconds if report.seconds else 0
        scope = "objects" if options["include_unpublished"] else "published objects"
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.objects} {scope} written to {report.path} "
                f"({report.bytes / 1e6:.1f} MB, {report.seconds:.1f} s, "
                f"{rate:.0f} objects/s)."
            )
        )
