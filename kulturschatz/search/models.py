from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingIndexUpdate(models.Model):
    """An object whose index entry must be renewed: written in the same
    transaction as the change itself, so no committed change can miss the index
    (a worker killed before indexing leaves the row for the next flush)."""

    object_id = models.BigIntegerField(_("object"), db_index=True)
    queued_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    done_at = models.DateTimeField(
        _("indexed at"), null=True, blank=True, db_index=True
    )

    class Meta:
        verbose_name = _("pending index update")
        verbose_name_plural = _("pending index updates")

    def __str__(self) -> str:
        return f"{self.object_id} @ {self.queued_at:%Y-%m-%d %H:%M:%S}"


class IndexJob(models.Model):
    """A rebuild of the search index, so staff can see what it is doing."""

    class State(models.TextChoices):
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.RUNNING
    )
    backend = models.CharField(_("backend"), max_length=200)
    total = models.PositiveIntegerField(_("objects"), default=0)
    done = models.PositiveIntegerField(_("indexed"), default=0)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        verbose_name = _("search index rebuild")
        verbose_name_plural = _("search index rebuilds")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.get_state_display()}"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 100
