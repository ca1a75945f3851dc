"""Periodic tasks of Mitmachen (huey): the retention period and publication notices."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import privacy


@db_task()
def notify_contributors_task() -> int:
    """Queued after an acceptance commits (privacy.schedule_notifications)."""
    return privacy.notify_contributors()


@db_periodic_task(crontab(minute="*/10"))
def notify_contributors_periodic_task() -> int:
    """Every ten minutes: contributions that became public later, through the
    normal workflow or when an embargo ended."""
    return privacy.notify_contributors()


@db_periodic_task(crontab(hour="3", minute="37"))
def purge_contributions_task() -> int:
    """Nightly: the retention period of contributors' personal data."""
    return privacy.purge_personal_data().total
