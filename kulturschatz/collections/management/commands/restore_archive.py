"""manage.py restore_archive FILE — an archive back from a backup_archive file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from kulturschatz.collections.backup import BackupError, restore_archive, verify_archive


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_archive into this installation. Every "
        "checksum is checked before anything is changed. The installation must be "
        "empty (only migrated): with --force its records and files are replaced. "
        "Then the search index is rebuilt and the tile pyramids are built (--build-derivatives) "
        "or queued."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="a file written by backup_archive")
        parser.add_argument(
            "--force", action="store_true",
            help="replace the records and files of a non-empty installation (they are deleted)",
        )  # fmt: skip
        parser.add_argument(
            "--build-derivatives", action="store_true",
            help="build the tile pyramids now, in the foreground (else the task queue builds them)",
        )  # fmt: skip
        parser.add_argument(
            "--check-only", action="store_true", help="only check the file's checksums; change nothing"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, file: Path, force: bool, build_derivatives: bool, check_only: bool,
               no_progress: bool, verbosity: int, **options) -> None:  # fmt: skip
        bar = tqdm(
            total=0, unit="B", unit_scale=True, file=self.stderr._out,
            disable=no_progress or verbosity == 0,
        )  # fmt: skip

        def progress(done: int, total: int) -> None:
            if done < bar.n:  # the next pass over the file
                bar.reset()
            bar.total = total
            bar.update(done - bar.n)

        def log(message: str) -> None:
            if verbosity:
                bar.write(message, file=self.stdout._out)

        try:
            with bar:
                if check_only:
                    manifest = verify_archive(file, progress=progress)
                    self.stdout.write(self.style.SUCCESS(
                        _("%(path)s is intact: %(members)d members, made %(date)s.")
                        % {"path": file, "members": len(manifest["members"]), "date": manifest["created_at"]}
                    ))  # fmt: skip
                    return
                report = restore_archive(
                    file, force=force, build_derivatives=build_derivatives, log=log, progress=progress
                )
        except BackupError as error:
            raise CommandError(str(error)) from None
        if report.replaced:
            self.stdout.write(self.style.WARNING(
                _("Replaced: %(contents)s.") % {"contents": ", ".join(f"{k}: {v}" for k, v in sorted(report.replaced.items()))}
            ))  # fmt: skip
        derivatives = (
            _("%(count)d tile pyramids built") % {"count": report.derivatives_built}
            if build_derivatives
            else _("%(count)d tile pyramids queued (the task queue builds them; or run "
                   "build_derivatives --missing)") % {"count": report.derivatives_queued}
        )  # fmt: skip
        self.stdout.write(self.style.SUCCESS(
            _("Restored %(rows)d rows and %(files)d files; %(derivatives)s; %(indexed)d objects indexed "
              "(%(seconds).1f s).")
            % {"rows": report.rows, "files": report.files, "derivatives": derivatives,
               "indexed": report.indexed, "seconds": report.seconds}
        ))  # fmt: skip
