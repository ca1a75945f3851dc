from django.core.management.base import BaseCommand
from tqdm import tqdm

from kulturschatz.collections.models import HeritageObject
from kulturschatz.search.services import rebuild_index


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the catalogue. The new index is built beside "
        "the one in use and swapped in at the end: search stays online, and an "
        "interrupted rebuild leaves the old index as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar."
        )

    def handle(self, *args, **options):
        total = HeritageObject.objects.count()
        bar = tqdm(
            total=total,
            unit="obj",
            desc="Suchindex",
            file=self.stderr._out,
            disable=options["no_progress"] or options["verbosity"] == 0,
        )
        with bar:
            report = rebuild_index(progress=bar.update)
        self.stdout.write(
            f"{report.indexed} objects indexed, {report.caught_up} changed meanwhile "
            f"and re-indexed, {report.removed} stale entries removed."
        )
