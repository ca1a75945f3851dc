"""manage.py remove_orphan_files — files in media/ that no record refers to."""

import datetime

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from kulturschatz.collections.backup import find_orphan_files


class Command(BaseCommand):
    help = (
        "Delete files of the media storage (masters, uploads) that no record and no "
        "kept version refers to: left behind when an upload or import was rolled back "
        "or its process killed between writing the file and committing its record. "
        "Derivatives are not touched. Files younger than --older-than minutes are kept, "
        "as their upload may still be under way."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--older-than", type=float, default=60, metavar="MINUTES",
            help="only files at least this old (default: 60)",
        )  # fmt: skip
        parser.add_argument("--dry-run", action="store_true", help="only list them")

    def handle(self, *args, older_than: float, dry_run: bool, **options) -> None:
        orphans = find_orphan_files(older_than=datetime.timedelta(minutes=older_than))
        for name in orphans:
            self.stdout.write(name)
            if not dry_run:
                default_storage.delete(name)
        if dry_run:
            message = _("%(count)d files without a record (nothing deleted).")
        else:
            message = _("%(count)d files without a record deleted.")
        self.stdout.write(self.style.SUCCESS(message % {"count": len(orphans)}))
