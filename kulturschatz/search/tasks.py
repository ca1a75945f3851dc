"""Background tasks of the search app (huey)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services


@db_task(retries=2, retry_delay=5)
def flush_search_queue() -> int:
    # No lock: one writer at a time is the index's own rule (Whoosh waits for
    # its lock), and indexing an object twice does no harm.
    return services.flush_pending()


@db_periodic_task(crontab(minute="*"))
def search_upkeep() -> int:
    """Every minute: index anything a lost task left waiting; hourly, objects
    whose embargo ended."""
    from django.utils import timezone

    if timezone.localtime().minute == 7:
        services.queue_ended_embargoes()
    return services.flush_pending()
