"""Bookkeeping of data in and out: LIDO import runs, and records gone from OAI-PMH."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    """One run of the LIDO importer, from the command line or an admin upload.

    The importer updates the counters as it goes, so the admin can show what a
    running import is doing.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("finished")
        FAILED = "failed", _("failed")

    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source_name = models.CharField(_("source"), max_length=500)
    upload = models.FileField(
        _("uploaded file"), upload_to="imports/", max_length=300, blank=True
    )
    options = models.JSONField(_("options"), default=dict, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.QUEUED
    )
    bytes_total = models.BigIntegerField(_("bytes in total"), default=0)
    bytes_read = models.BigIntegerField(_("bytes read"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    images = models.PositiveIntegerField(_("images ingested"), default=0)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        verbose_name = _("LIDO import")
        verbose_name_plural = _("LIDO imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.source_name} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def records_done(self) -> int:
        return self.created + self.updated + self.unchanged + self.failed

    @property
    def progress_percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        if not self.bytes_total:
            return 0
        return min(99, int(100 * self.bytes_read / self.bytes_total))


class ImportRecordOutcome(models.Model):
    """What became of one record of an import: the per-record report."""

    class Outcome(models.TextChoices):
        CREATED = "created", _("created")
        UPDATED = "updated", _("updated")
        UNCHANGED = "unchanged", _("unchanged")
        FAILED = "failed", _("failed")

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="outcomes")
    position = models.PositiveIntegerField(_("no."))
    location = models.CharField(
        _("where"), max_length=500, help_text=_("File and line of the record.")
    )
    lido_rec_id = models.CharField(_("LIDO record ID"), max_length=255, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    heritage_object = models.ForeignKey(
        "collections.HeritageObject",
        verbose_name=_("heritage object"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    messages = models.JSONField(
        _("messages"),
        default=list,
        blank=True,
        help_text=_("Why the record failed, or what was noticed while importing it."),
    )
    images = models.PositiveIntegerField(_("images ingested"), default=0)

    class Meta:
        verbose_name = _("record of an import")
        verbose_name_plural = _("records of an import")
        ordering = ["run", "position"]

    def __str__(self) -> str:
        return f"{self.lido_rec_id or self.location}: {self.get_outcome_display()}"


class DeletedRecord(models.Model):
    """An object that was public once and has been deleted since.

    OAI-PMH keeps deleted records (``deletedRecord`` persistent): harvesters
    learn of the deletion however late they come. Withdrawn objects still have
    their row and need no entry here.
    """

    identifier = models.SlugField(_("identifier"), max_length=100, unique=True)
    deleted_at = models.DateTimeField(_("deleted at"), db_index=True)
    set_specs = models.JSONField(_("OAI-PMH sets"), default=list, blank=True)

    class Meta:
        verbose_name = _("deleted record")
        verbose_name_plural = _("deleted records")
        ordering = ["-deleted_at"]

    def __str__(self) -> str:
        return self.identifier
