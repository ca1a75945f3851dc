from django.core.management.base import BaseCommand

from kulturschatz.collections.services import release_embargoes


class Command(BaseCommand):
    help = (
        "Publish what an ended embargo made public: reindex the objects, announce "
        "them to IIIF aggregators, refresh caches. Safe to run any time; the task "
        "queue runs it every hour."
    )

    def handle(self, *args, **options) -> None:
        released = release_embargoes()
        if released:
            self.stdout.write(
                f"{len(released)} object(s) public since their embargo ended: {', '.join(released)}"
            )
        else:
            self.stdout.write("No embargo has ended since the last run.")
