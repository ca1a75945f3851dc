from django.conf import settings
from django.core.management.base import BaseCommand

from kulturschatz.collections.services import purge_trash


class Command(BaseCommand):
    help = (
        "Delete for good the objects that lie in the trash longer than "
        "KULTURSCHATZ_TRASH_DAYS days, with their versions and the image files "
        "no other version needs. The task queue runs this every night."
    )

    def handle(self, *args, **options) -> None:
        report = purge_trash()
        days = settings.KULTURSCHATZ_TRASH_DAYS
        if not report.objects:
            self.stdout.write(f"Nothing in the trash is older than {days} days.")
            return
        self.stdout.write(
            f"{len(report.objects)} object(s) purged from the trash "
            f"({', '.join(report.objects)}); {report.files} master file(s) deleted."
        )
