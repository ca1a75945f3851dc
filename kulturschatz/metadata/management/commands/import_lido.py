"""manage.py import_lido PATH… — LIDO files, folders and zip archives into the catalogue."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from kulturschatz.collections.models import Collection, HeritageObject
from kulturschatz.metadata.importer.service import import_lido, start_run
from kulturschatz.metadata.models import ImportRecordOutcome, ImportRun


class Command(BaseCommand):
    help = (
        "Import LIDO 1.0/1.1 records (lido:lido or lido:lidoWrap) from files, folders "
        "and zip archives. Re-importing updates records keyed on lidoRecID. New records "
        "are drafts unless --status/--publish says otherwise; existing ones keep their "
        "status."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="LIDO files, folders or zip archives")
        status = parser.add_mutually_exclusive_group()
        status.add_argument(
            "--status",
            choices=[s.value for s in HeritageObject.Status],
            help="status for created and updated records",
        )
        status.add_argument(
            "--publish", action="store_const", const="published", dest="status",
            help="same as --status published",
        )  # fmt: skip
        parser.add_argument("--collection", metavar="SLUG", help="put the records into this collection")
        parser.add_argument("--dry-run", action="store_true", help="check everything, save nothing")
        parser.add_argument(
            "--fetch-remote-images", action="store_true",
            help="download images that linkResource names by http(s) address "
                 "(off by default: remote images are recorded as links)",
        )  # fmt: skip
        parser.add_argument(
            "--validate", metavar="SCHEMA_DIR", type=Path,
            help="refuse records that are not valid against lido-v1.1.xsd / lido-v1.0.xsd in this folder",
        )  # fmt: skip
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        collection = None
        if options["collection"]:
            collection = Collection.objects.filter(slug=options["collection"]).first()
            if collection is None:
                raise CommandError(_("There is no collection %(slug)s.") % {"slug": options["collection"]})
        schema_dir = options["validate"]
        if schema_dir is not None and not any(
            (schema_dir / name).is_file() for name in ("lido-v1.1.xsd", "lido-v1.0.xsd")
        ):
            raise CommandError(
                _("No LIDO schema (lido-v1.1.xsd or lido-v1.0.xsd) in %(dir)s.") % {"dir": schema_dir}
            )
        run = start_run(
            ", ".join(str(p) for p in options["paths"]),
            dry_run=options["dry_run"],
            options={key: options[key] for key in ("status", "collection", "fetch_remote_images")},
        )
        bar = tqdm(
            total=0, unit="B", unit_scale=True, desc="LIDO", file=self.stderr,
            disable=options["no_progress"], dynamic_ncols=True,
        )  # fmt: skip

        def progress(current: ImportRun) -> None:
            bar.total = current.bytes_total
            bar.n = current.bytes_read
            bar.set_postfix_str(
                _("%(done)d records, %(failed)d failed") % {"done": current.records_done, "failed": current.failed},
                refresh=False,
            )
            bar.refresh()

        run = import_lido(
            options["paths"],
            status=options["status"],
            collection=collection,
            dry_run=options["dry_run"],
            fetch_remote=options["fetch_remote_images"],
            validate=schema_dir,
            run=run,
            progress=progress,
        )
        bar.close()
        failures = run.outcomes.filter(outcome=ImportRecordOutcome.Outcome.FAILED)
        for failure in failures:
            label = failure.lido_rec_id or _("record")
            self.stdout.write(self.style.ERROR(f"✗ {failure.location} {label}"))
            for message in failure.messages:
                self.stdout.write(f"    {message}")
        noticed = run.outcomes.exclude(outcome=ImportRecordOutcome.Outcome.FAILED).exclude(messages=[])
        for entry in noticed[:200]:
            self.stdout.write(self.style.WARNING(f"! {entry.location} {entry.lido_rec_id}"))
            for message in entry.messages:
                self.stdout.write(f"    {message}")
        style = self.style.SUCCESS if run.state == ImportRun.State.DONE and not run.failed else self.style.WARNING
        self.stdout.write(style(run.message))
        self.stdout.write(_("Report: import run %(pk)d in the admin.") % {"pk": run.pk})
        if run.state == ImportRun.State.FAILED:
            raise CommandError(run.message)
