"""Queue tasks of the metadata app: LIDO imports started in the admin."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from huey.contrib.djhuey import db_task

from kulturschatz.collections.models import Collection

from .importer.service import import_lido
from .models import ImportRun


@db_task()
def run_import_task(run_pk: int) -> None:
    run = ImportRun.objects.select_related("started_by").filter(pk=run_pk).first()
    if run is None or run.state != ImportRun.State.QUEUED:
        return
    options = run.options or {}
    collection = (
        Collection.objects.filter(slug=options["collection"]).first()
        if options.get("collection")
        else None
    )
    with tempfile.TemporaryDirectory(prefix="lido-import-") as folder:
        # Read from a local copy: the upload may live on object storage.
        suffix = Path(run.upload.name).suffix.lower()
        local = Path(folder) / f"upload{suffix if suffix in ('.xml', '.zip') else ''}"
        with run.upload.open("rb") as source, local.open("wb") as target:
            shutil.copyfileobj(source, target, 1 << 20)
        import_lido(
            [local],
            status=options.get("status"),
            collection=collection,
            by=run.started_by,
            dry_run=run.dry_run,
            fetch_remote=bool(options.get("fetch_remote")),
            run=run,
            local_media=False,
        )
