"""The LIDO import run: sources → records → catalogue, with a report.

Called by ``manage.py import_lido`` and by the admin's upload (as a queue task).
Each record commits or rolls back on its own; the run's ImportRun row is kept
up to date as it goes, so the admin shows what a running import is doing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from lxml import etree

from kulturschatz.collections import history
from kulturschatz.collections.models import Collection
from kulturschatz.iiif.discovery import deferred_discovery
from kulturschatz.search.services import deferred_index_flush

from ..models import ImportRecordOutcome, ImportRun
from .records import LIDO_NS, LidoRecord, RecordError, read_record
from .sources import Media, Source, collect_sources, read_records
from .writer import Options, RecordWriter

logger = logging.getLogger(__name__)
Outcome = ImportRecordOutcome.Outcome
SAVE_EVERY_SECONDS = 1.0
BATCH_SECONDS = 0.5
BATCH_RECORDS = 200
OUTCOME_BATCH = 200
# A run remembers at most this many per-record messages for unchanged or
# successful records; failures are always kept.
MAX_REPORTED_SUCCESSES = 100_000


@cache
def _schemas(schema_dir: str) -> list[tuple[str, etree.XMLSchema]]:
    """LIDO 1.1 and 1.0 schemas found in a folder (compiled once per process)."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    schemas = []
    for version, name in (("1.1", "lido-v1.1.xsd"), ("1.0", "lido-v1.0.xsd")):
        path = Path(schema_dir) / name
        if path.is_file():
            schemas.append((version, etree.XMLSchema(etree.parse(str(path), parser))))
    if not schemas:
        raise FileNotFoundError(
            _("No LIDO schema (lido-v1.1.xsd or lido-v1.0.xsd) in %(dir)s.") % {"dir": schema_dir}
        )
    return schemas


def validate_record(element: etree._Element, schema_dir: Path) -> None:
    """RecordError unless the record is valid LIDO 1.1 or 1.0."""
    document = etree.ElementTree(etree.fromstring(etree.tostring(element)))
    problems = []
    for version, schema in _schemas(str(schema_dir)):
        if schema.validate(document):
            return
        first = schema.error_log[0] if schema.error_log else None
        if first is not None:
            problems.append(
                _("not valid LIDO %(version)s (line %(line)s of the record): %(message)s")
                % {"version": version, "line": first.line, "message": first.message}
            )
    raise RecordError(problems)


class ImportProgress:
    """Counts and reports what the run has done (ImportRun row and a callback)."""

    def __init__(self, run: ImportRun, callback: Callable[[ImportRun], None] | None) -> None:
        self.run = run
        self.callback = callback
        self.outcomes: list[ImportRecordOutcome] = []
        self.position = 0
        self.last_save = 0.0

    def add_bytes(self, count: int) -> None:
        self.run.bytes_read += count
        self.maybe_save()

    def record(self, location: str, outcome: str, *, lido_rec_id: str = "", heritage_object=None,
               messages: list[str] | None = None, images: int = 0) -> None:  # fmt: skip
        self.position += 1
        setattr(self.run, outcome, getattr(self.run, outcome) + 1)
        self.run.images += images
        if outcome == Outcome.FAILED or self.position <= MAX_REPORTED_SUCCESSES:
            self.outcomes.append(
                ImportRecordOutcome(
                    run=self.run, position=self.position, location=location[:500],
                    lido_rec_id=lido_rec_id[:255], outcome=outcome,
                    heritage_object=heritage_object if heritage_object and heritage_object.pk and not self.run.dry_run else None,
                    messages=messages or [], images=images,
                )  # fmt: skip
            )
        if len(self.outcomes) >= OUTCOME_BATCH:
            self.flush_outcomes()
        self.maybe_save()

    def flush_outcomes(self) -> None:
        ImportRecordOutcome.objects.bulk_create(self.outcomes)
        self.outcomes = []

    def maybe_save(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self.last_save >= SAVE_EVERY_SECONDS:
            self.last_save = now
            self.run.save()
            if self.callback:
                self.callback(self.run)


def start_run(source_name: str, *, by=None, dry_run: bool = False, options: dict | None = None) -> ImportRun:
    return ImportRun.objects.create(
        source_name=source_name[:500], started_by=by, dry_run=dry_run, options=options or {}
    )


def import_lido(
    paths: list[Path],
    *,
    status: str | None = None,
    collection: Collection | None = None,
    by=None,
    dry_run: bool = False,
    fetch_remote: bool = False,
    validate: Path | None = None,
    run: ImportRun | None = None,
    local_media: bool = True,
    progress: Callable[[ImportRun], None] | None = None,
) -> ImportRun:
    """Import LIDO records from files, folders and zip archives; returns the run."""
    if run is None:
        run = start_run(
            ", ".join(str(p) for p in paths), by=by, dry_run=dry_run,
            options={"status": status, "collection": collection.slug if collection else None,
                     "fetch_remote": fetch_remote, "validate": str(validate) if validate else None},
        )  # fmt: skip
    sources, problems = collect_sources(paths)
    if not local_media:
        for source in sources:
            if source.media.folder is not None:
                source.media.folder = None
    run.state = ImportRun.State.RUNNING
    run.bytes_total = sum(s.size for s in sources)
    run.bytes_read = 0
    report = ImportProgress(run, progress)
    report.maybe_save(force=True)
    for problem in problems:
        report.record(problem.split(":")[0], Outcome.FAILED, messages=[problem])
    writer = RecordWriter(
        Options(status=status, collection=collection, by=by, dry_run=dry_run, fetch_remote=fetch_remote,
                history_comment=history.site_language_text(gettext_noop("LIDO import %(run)s"), run=run.pk))
    )  # fmt: skip
    try:
        with deferred_index_flush(), deferred_discovery():
            for source in sources:
                try:
                    _import_source(source, writer, report, validate)
                except (OSError, ValueError, EOFError) as error:  # a broken archive member …
                    logger.exception("LIDO source %s", source.location)
                    report.record(source.location, Outcome.FAILED, messages=[str(error)])
            if not dry_run:
                writer.resolve_pending_relations()
    except Exception as error:
        logger.exception("LIDO import %s failed", run.pk)
        run.state = ImportRun.State.FAILED
        run.message = _("The import stopped: %(error)s") % {"error": error}
    else:
        run.state = ImportRun.State.DONE
        run.message = summary(run)
        if writer.held_for_review:
            run.message += " " + _(
                "%(count)d record(s) were set to 'in review' instead of published: under the "
                "four-eyes principle a second member of the editorial team (Redaktion) must "
                "publish them."
            ) % {"count": writer.held_for_review}
    report.flush_outcomes()
    run.bytes_read = run.bytes_total
    run.finished_at = timezone.now()
    report.maybe_save(force=True)
    mark_interrupted_runs(run)
    return run


def mark_interrupted_runs(run: ImportRun) -> int:
    """Runs begun before this one that still say "running" when it ends lost
    their process (killed, machine restarted): mark them failed, so the admin
    stops waiting for them. What they committed stays; importing the file again
    completes it. A run that is in fact still going saves its state again
    within a second (ImportProgress), which puts it back to running."""
    return ImportRun.objects.filter(state=ImportRun.State.RUNNING, pk__lt=run.pk).update(
        state=ImportRun.State.FAILED,
        message=_(
            "Interrupted: the import process ended before the import was finished. "
            "The records it reported were saved; import the file again to complete it."
        ),
    )


def _import_source(source: Source, writer: RecordWriter, report: ImportProgress, validate: Path | None) -> None:
    start = report.run.bytes_read
    try:
        stream = source.opener()
    except OSError as error:
        report.record(source.location, Outcome.FAILED, messages=[str(error)])
        return
    batch: list[tuple[str, LidoRecord]] = []
    started = time.monotonic()
    with stream:
        for item in read_records(stream, source.location, report.add_bytes):
            if item.error:
                report.record(item.location, Outcome.FAILED, messages=[item.error])
                continue
            assert item.element is not None
            rec_id = item.element.find(f"{{{LIDO_NS}}}lidoRecID")
            lido_rec_id = " ".join("".join(rec_id.itertext()).split()) if rec_id is not None else ""
            try:
                if validate is not None:
                    validate_record(item.element, validate)
                record = read_record(item.element)
            except RecordError as error:
                report.record(item.location, Outcome.FAILED, lido_rec_id=lido_rec_id, messages=error.reasons)
                continue
            batch.append((item.location, record))
            if len(batch) >= BATCH_RECORDS or time.monotonic() - started >= BATCH_SECONDS:
                _write_batch(batch, source.media, writer, report)
                batch, started = [], time.monotonic()
        if batch:
            _write_batch(batch, source.media, writer, report)
    report.run.bytes_read = start + source.size


def _write_batch(batch: list[tuple[str, LidoRecord]], media: Media, writer: RecordWriter,
                 report: ImportProgress) -> None:  # fmt: skip
    """Write records in one transaction, each in its own savepoint, their rows in
    one insert per table. Should the batch as a whole fail, every record is
    written again alone, so that only a faulty record fails."""
    results: list[tuple[str, LidoRecord, Any]] = []
    writer.begin_batch()
    try:
        with transaction.atomic():
            writer.prepare_batch([record for _location, record in batch])
            for location, record in batch:
                results.append((location, record, _write_one(writer, record, media, location)))
            writer.flush_children()
    except Exception:
        logger.warning("LIDO batch failed; writing its %d records one by one", len(batch), exc_info=True)
        writer.abort_batch()
        writer.prepare_batch([record for _location, record in batch])
        results = []
        for location, record in batch:
            with transaction.atomic():
                results.append((location, record, _write_one(writer, record, media, location, flush=True)))
    for location, record, result in results:
        if isinstance(result, list):
            report.record(location, Outcome.FAILED, lido_rec_id=record.lido_rec_id, messages=result)
        else:
            report.record(
                location, result.outcome, lido_rec_id=record.lido_rec_id,
                heritage_object=result.heritage_object, messages=result.messages, images=result.images,
            )  # fmt: skip


def _write_one(writer: RecordWriter, record: LidoRecord, media: Media, location: str, *,
               flush: bool = False) -> Any:  # fmt: skip
    """The record's Outcome, or the list of reasons it failed."""
    try:
        return writer.write(record, media, flush=flush)
    except RecordError as error:
        return error.reasons
    except DatabaseError as error:
        return [_("The database refused the record: %(error)s") % {"error": error}]
    except Exception as error:  # a bug must not stop the run: report it
        logger.exception("LIDO record %s at %s", record.lido_rec_id, location)
        return [_("Unexpected error: %(error)s") % {"error": error}]


def summary(run: ImportRun) -> str:
    text = _(
        "%(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
        "%(failed)d failed, %(images)d images ingested."
    ) % {
        "created": run.created,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "failed": run.failed,
        "images": run.images,
    }
    if run.dry_run:
        text = _("Dry run, nothing was saved: %(summary)s") % {"summary": text}
    return text
