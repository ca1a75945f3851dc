"""Periodic tasks of the catalogue (huey): what happens on a date by itself."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="1"))
def release_embargoes_task() -> int:
    """Hourly, from just after midnight: objects whose embargo ended."""
    return len(services.release_embargoes())


@db_periodic_task(crontab(hour="3", minute="17"))
def purge_trash_task() -> int:
    """Nightly: what lies in the trash longer than KULTURSCHATZ_TRASH_DAYS."""
    return len(services.purge_trash().objects)
