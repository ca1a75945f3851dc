"""manage.py backup_archive FILE — database, masters and metadata in one file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from kulturschatz.collections.backup import BackupError, backup_archive


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the whole archive into one tar file: every "
        "database row (one snapshot), every master and uploaded file, the LIDO "
        "records of all objects (unpublished ones too) and a manifest with the "
        "SHA-256 of every member. The file holds unpublished data, staff accounts "
        "and their second-factor keys: keep it as safe as the server."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="the backup file to write (e.g. backup.tar)")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, file: Path, no_progress: bool, verbosity: int, **options) -> None:
        bar = tqdm(
            total=0, unit="B", unit_scale=True, desc=_("Files"), file=self.stderr._out,
            disable=no_progress or verbosity == 0,
        )  # fmt: skip

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        def log(message: str) -> None:
            if verbosity:
                self.stdout.write(message)

        try:
            with bar:
                report = backup_archive(file, log=log, progress=progress)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Backup written to %(path)s: %(rows)d rows, %(files)d files (%(megabytes).1f MB), "
                  "%(objects)d LIDO records; %(size).1f MB in %(seconds).1f s.")
                % {"path": report.path, "rows": report.rows, "files": report.files,
                   "megabytes": report.file_bytes / 1e6, "objects": report.objects_in_lido,
                   "size": report.size / 1e6, "seconds": report.seconds}
            )
        )  # fmt: skip
