"""Backup and restore of the whole archive in one file, and files no row needs.

A backup is a tar file (``manage.py backup_archive``):

``database.jsonl.gz``
    Every row of every model of every installed app, whatever apps are added
    later (history, login security …), as Django serializes them (JSON Lines,
    gzip), with primary keys kept. Content types and permissions are left out:
    migrations create them in any installation, and rows refer to them by
    natural key (``["collections", "heritageobject"]``), so a dump from SQLite
    loads into PostgreSQL and back. Left out too: sessions (logins end) and the
    search index queue (the restore rebuilds the index).
``metadata/lido.xml.gz``
    The LIDO record of every object, unpublished ones included: the catalogue
    readable without this software.
``files/<name>``
    Every file of the default storage (image masters, uploaded LIDO files)
    under its storage name. Derivatives (tile pyramids, thumbnails, stored
    manifests) are not kept: they are rebuilt from the masters.
``manifest.json``, ``manifest.sha256``
    Format and version, the migrations the database had, rows per model, and
    size and SHA-256 of every member; the SHA-256 of the manifest itself.

The rows are read in one transaction (REPEATABLE READ on PostgreSQL, a read
transaction on SQLite): one consistent state however long the backup takes and
whatever staff change meanwhile. The files are read afterwards; every file a
dumped row names must be there (masters with their catalogued SHA-256), or the
backup fails. Files added during the backup may be in it without a row; so may
files left by an interrupted upload or import (``remove_orphan_files``).

``restore_archive`` checks every checksum before it touches anything, then
replaces the database and files of an empty installation with the backup's,
and rebuilds the search index and the tile pyramids.
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import io
import json
import os
import platform
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

import django
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models, router, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import signals
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = "kulturschatz-backup"
FORMAT_VERSION = 1
DATABASE_MEMBER = "database.jsonl.gz"
LIDO_MEMBER = "metadata/lido.xml.gz"
MANIFEST_MEMBER = "manifest.json"
MANIFEST_CHECKSUM_MEMBER = "manifest.sha256"
FILES_PREFIX = "files/"
# Rows every installation makes for itself (migrations), or that must not
# outlive the installation they were made in.
NOT_DUMPED = {"contenttypes.contenttype", "auth.permission", "sessions.session",
              "search.pendingindexupdate"}  # fmt: skip
# Rows an installation just set up with ``migrate`` already has.
MADE_BY_MIGRATIONS = {"contenttypes.contenttype", "auth.permission", "auth.group",
                      "sessions.session"}  # fmt: skip
CHUNK = 1 << 20
Log = Callable[[str], None]
Progress = Callable[[int, int], None]  # (bytes done, bytes in total)


class BackupError(Exception):
    """The backup cannot be made or restored; the message says why."""


@dataclass(frozen=True)
class BackupReport:
    path: Path
    rows: int
    files: int
    file_bytes: int
    size: int
    seconds: float
    objects_in_lido: int


@dataclass
class RestoreReport:
    rows: int = 0
    files: int = 0
    images: int = 0
    derivatives_built: int = 0
    derivatives_queued: int = 0
    indexed: int = 0
    seconds: float = 0.0
    replaced: dict[str, int] = field(default_factory=dict)


def _quiet(message: str) -> None:
    pass


# -- what is in the database ----------------------------------------------------


def dumped_models() -> list[type[models.Model]]:
    """Every concrete model of every installed app, in an order that loads
    (natural-key dependencies first), less those NOT_DUMPED."""
    app_list = [(config, None) for config in apps.get_app_configs() if config.models_module]
    ordered = serializers.sort_dependencies(app_list, allow_cycles=True)
    return [
        model
        for model in ordered
        if model._meta.label_lower not in NOT_DUMPED
        and not model._meta.proxy
        and model._meta.managed
        and router.allow_migrate_model(DEFAULT_DB_ALIAS, model)
    ]


def applied_migrations() -> dict[str, list[str]]:
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(executor.loader.applied_migrations):
        applied.setdefault(app_label, []).append(name)
    return applied


def file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


@contextmanager
def consistent_snapshot() -> Iterator[None]:
    """A transaction in which every query sees the database of one moment."""
    connection = connections[DEFAULT_DB_ALIAS]
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        # The settings begin transactions IMMEDIATE (they take the write lock at
        # once); a backup only reads, so writers must not wait for it. With WAL,
        # a deferred transaction reads one snapshot from its first query on.
        mode = connection.transaction_mode
        connection.transaction_mode = "DEFERRED"
        try:
            with transaction.atomic():
                yield
        finally:
            connection.transaction_mode = mode
    else:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield


def dump_database(target: IO[bytes], *, log: Log = _quiet) -> tuple[dict[str, int], dict[str, str]]:
    """Write every dumped model's rows as JSON Lines; return rows per model and
    the files the rows name (storage name -> catalogued SHA-256, or "")."""
    counts: dict[str, int] = {}
    named: dict[str, str] = {}
    text = io.TextIOWrapper(target, encoding="utf-8", newline="\n")
    for model in dumped_models():
        queryset = model._base_manager.using(DEFAULT_DB_ALIAS).order_by(model._meta.pk.name)
        # Many-to-many values in chunks, not one query per row.
        related = [f.name for f in model._meta.many_to_many if f.remote_field.through._meta.auto_created]
        counted = _Counted(queryset.prefetch_related(*related).iterator(chunk_size=2000))
        serializers.serialize(
            "jsonl", counted, stream=text, use_natural_foreign_keys=True,
            use_natural_primary_keys=False, cls=ExactJSONEncoder,
        )  # fmt: skip
        counts[model._meta.label_lower] = counted.count
        fields = file_fields(model)
        if fields:
            checksum = "sha256" if model._meta.label_lower == "collections.objectimage" else None
            values = [f.attname for f in fields] + ([checksum] if checksum else [])
            for row in queryset.values_list(*values):
                for name in row[: len(fields)]:
                    if name:
                        named[name] = row[-1] if checksum else ""
        if counted.count:
            log(f"  {model._meta.label}: {counted.count}")
    text.flush()
    text.detach()
    return counts, named


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds: Django's cuts them
    to milliseconds (ECMA-262), and a restored ``updated_at`` would then differ
    (ETags, stored manifests, OAI-PMH list positions depend on it)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class _Counted:
    def __init__(self, items: Iterator[Any]) -> None:
        self.items = items
        self.count = 0

    def __iter__(self) -> Iterator[Any]:
        for item in self.items:
            self.count += 1
            yield item


# -- files ------------------------------------------------------------------------


def derivatives_folder(storage: Storage) -> str | None:
    """The folder of ``storage`` that holds the derivatives storage, if nested."""
    from kulturschatz.iiif.derivatives import derivative_storage

    try:
        outer = Path(storage.path("")).resolve()
        inner = Path(derivative_storage().path("")).resolve()
    except NotImplementedError:  # object stores: separate buckets
        return None
    try:
        return inner.relative_to(outer).as_posix()
    except ValueError:
        return None


def stored_files(storage: Storage = default_storage) -> Iterator[str]:
    """Names of every file in the storage, derivatives left out, sorted."""
    skip = derivatives_folder(storage)

    def walk(folder: str) -> Iterator[str]:
        try:
            folders, files = storage.listdir(folder)
        except FileNotFoundError:
            return
        for name in sorted(files):
            yield f"{folder}/{name}" if folder else name
        for name in sorted(folders):
            path = f"{folder}/{name}" if folder else name
            if path != skip:
                yield from walk(path)

    yield from walk("")


def referenced_files() -> set[str]:
    """Files the database still needs: named by a file field of any row, or by a
    kept version of the history (a deleted object's images stay restorable)."""
    names: set[str] = set()
    for model in apps.get_models():
        for f in file_fields(model):
            names.update(
                n for n in model._base_manager.exclude(**{f.attname: ""}).values_list(f.attname, flat=True) if n
            )
    return names


def mentioned_in_history(candidates: set[str]) -> set[str]:
    """Which of these file names a version of django-reversion mentions."""
    if not candidates or not apps.is_installed("reversion"):
        return set()
    Version = apps.get_model("reversion", "Version")
    found: set[str] = set()
    for data in Version.objects.values_list("serialized_data", flat=True).iterator(chunk_size=500):
        found.update(name for name in candidates - found if name in data)
        if found == candidates:
            break
    return found


def find_orphan_files(*, older_than: datetime.timedelta = datetime.timedelta(hours=1)) -> list[str]:
    """Files of the default storage that no row and no version refers to.

    Left by an upload or import whose transaction rolled back or whose process
    was killed between writing a master and committing its row. Files younger
    than ``older_than`` are left alone: their transaction may still commit.
    """
    storage = default_storage
    candidates = set(stored_files(storage)) - referenced_files()
    cutoff = timezone.now() - older_than
    young = set()
    for name in candidates:
        try:
            if storage.get_modified_time(name) > cutoff:
                young.add(name)
        except (FileNotFoundError, NotImplementedError):
            young.add(name)
    candidates -= young
    return sorted(candidates - mentioned_in_history(candidates))


# -- writing a backup -----------------------------------------------------------------


class _Hashing:
    """A reader that hashes what passes through it."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def _add(tar: tarfile.TarFile, name: str, handle: IO[bytes], size: int) -> dict[str, Any]:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(time.time())
    info.mode = 0o644
    reader = _Hashing(handle)
    tar.addfile(info, reader)  # type: ignore[arg-type]
    return {"size": size, "sha256": reader.digest.hexdigest()}


def backup_archive(path: Path, *, log: Log = _quiet, progress: Progress | None = None) -> BackupReport:
    """Write a backup of database, files and metadata into one tar file."""
    from kulturschatz.metadata.exports import ExportError, export_lido

    started = time.monotonic()
    path = Path(path)
    if not path.parent.is_dir():
        raise BackupError(_("The folder %(folder)s does not exist.") % {"folder": path.parent})
    partial = path.with_name(f".{path.name}.partial")
    members: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".backup-") as work:
        dump = Path(work) / DATABASE_MEMBER
        lido = Path(work) / "lido.xml"
        log(_("Reading the database (one consistent snapshot) …"))
        with consistent_snapshot():
            migrations = applied_migrations()
            with gzip.open(dump, "wb", compresslevel=6) as target:
                counts, named = dump_database(target, log=log)
            try:
                lido_objects = export_lido(
                    lido, base_url=settings.KULTURSCHATZ_PUBLIC_URL, include_unpublished=True
                ).objects
            except ExportError:  # an archive without objects has no LIDO records
                lido_objects = 0
        log(_("%(rows)d rows of %(models)d models read.") % {"rows": sum(counts.values()), "models": len(counts)})
        names = list(stored_files())
        missing = sorted(set(named) - set(names))
        if missing:
            raise BackupError(
                _("Files that records refer to are missing from the storage: %(files)s")
                % {"files": ", ".join(missing[:20])}
            )
        sizes = {name: default_storage.size(name) for name in names}
        total = sum(sizes.values())
        try:
            with tarfile.open(partial, "w", format=tarfile.GNU_FORMAT) as tar:
                with dump.open("rb") as handle:
                    members[DATABASE_MEMBER] = _add(tar, DATABASE_MEMBER, handle, dump.stat().st_size)
                if lido_objects:
                    packed = Path(work) / "lido.xml.gz"
                    with lido.open("rb") as source, gzip.open(packed, "wb", compresslevel=6) as target:
                        while chunk := source.read(CHUNK):
                            target.write(chunk)
                    with packed.open("rb") as handle:
                        members[LIDO_MEMBER] = _add(tar, LIDO_MEMBER, handle, packed.stat().st_size)
                log(_("Copying %(files)d files (%(megabytes).1f MB) …") % {"files": len(names), "megabytes": total / 1e6})
                done = 0
                changed = []
                for name in names:
                    with default_storage.open(name, "rb") as handle:
                        entry = _add(tar, FILES_PREFIX + name, handle, sizes[name])
                    members[FILES_PREFIX + name] = entry
                    if named.get(name) and named[name] != entry["sha256"]:
                        changed.append(name)
                    done += sizes[name]
                    if progress:
                        progress(done, total)
                if changed:
                    raise BackupError(
                        _("Files differ from the checksum catalogued for them (damaged, or "
                          "replaced during the backup): %(files)s") % {"files": ", ".join(changed[:20])}
                    )  # fmt: skip
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created_at": timezone.now().isoformat(),
                    "software": {"django": django.get_version(), "python": platform.python_version()},
                    "database": {"vendor": connections[DEFAULT_DB_ALIAS].vendor, "migrations": migrations},
                    "rows": counts,
                    "lido_objects": lido_objects,
                    "files": {"count": len(names), "bytes": total},
                    "left_out": sorted(NOT_DUMPED) + ["derivatives (rebuilt from the masters)"],
                    "members": members,
                }
                body = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
                _add(tar, MANIFEST_MEMBER, io.BytesIO(body), len(body))
                checksum = f"{hashlib.sha256(body).hexdigest()}  {MANIFEST_MEMBER}\n".encode()
                _add(tar, MANIFEST_CHECKSUM_MEMBER, io.BytesIO(checksum), len(checksum))
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    return BackupReport(
        path=path, rows=sum(counts.values()), files=len(names), file_bytes=total,
        size=path.stat().st_size, seconds=time.monotonic() - started, objects_in_lido=lido_objects,
    )  # fmt: skip


# -- checking a backup ----------------------------------------------------------------


def verify_archive(path: Path, *, progress: Progress | None = None) -> dict[str, Any]:
    """Read the whole file and check every byte; return the manifest.

    Member contents against the manifest's SHA-256, the manifest against its
    own checksum, tar headers against theirs, and the padding between and after
    members (zeros): a single changed byte anywhere is found.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(_("There is no file %(path)s.") % {"path": path})
    total = path.stat().st_size
    digests: dict[str, tuple[int, str]] = {}
    manifest_body = checksum_body = None
    try:
        with path.open("rb") as raw, tarfile.open(fileobj=raw, mode="r:") as tar:
            end = 0
            for member in tar:
                if not member.isfile() or member.name in digests:
                    raise BackupError(_("The archive holds an unexpected entry %(name)s.") % {"name": member.name})
                handle = tar.extractfile(member)
                assert handle is not None
                digest = hashlib.sha256()
                keep = member.name in (MANIFEST_MEMBER, MANIFEST_CHECKSUM_MEMBER)
                kept = bytearray()
                while chunk := handle.read(CHUNK):
                    digest.update(chunk)
                    if keep:
                        kept += chunk
                digests[member.name] = (member.size, digest.hexdigest())
                if member.name == MANIFEST_MEMBER:
                    manifest_body = bytes(kept)
                elif member.name == MANIFEST_CHECKSUM_MEMBER:
                    checksum_body = bytes(kept)
                end = member.offset_data + member.size
                _check_zeros(raw, end, -end % tarfile.BLOCKSIZE)
                if progress:
                    progress(end, total)
            position = end + (-end % tarfile.BLOCKSIZE)
            _check_zeros(raw, position, total - position)
            if progress:
                progress(total, total)
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(_("The archive is damaged: %(error)s") % {"error": error}) from None
    if manifest_body is None or checksum_body is None:
        raise BackupError(_("The archive has no manifest: it is not a backup of this archive, or it is damaged."))
    expected = checksum_body.decode("ascii", "replace").split()[0] if checksum_body.split() else ""
    if hashlib.sha256(manifest_body).hexdigest() != expected:
        raise BackupError(_("The manifest does not match its checksum: the archive is damaged."))
    manifest = json.loads(manifest_body)
    if manifest.get("format") != FORMAT:
        raise BackupError(_("This file is not a backup of Kulturschatz Merseburg."))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _("The backup has format version %(found)s; this software reads version %(known)s.")
            % {"found": manifest.get("format_version"), "known": FORMAT_VERSION}
        )
    listed = manifest["members"]
    unexpected = set(digests) - set(listed) - {MANIFEST_MEMBER, MANIFEST_CHECKSUM_MEMBER}
    absent = set(listed) - set(digests)
    damaged = sorted(
        name for name, entry in listed.items()
        if name in digests and digests[name] != (entry["size"], entry["sha256"])
    )  # fmt: skip
    problems = [
        *(_("%(name)s: missing") % {"name": name} for name in sorted(absent)),
        *(_("%(name)s: not in the manifest") % {"name": name} for name in sorted(unexpected)),
        *(_("%(name)s: checksum differs") % {"name": name} for name in damaged),
    ]
    if problems:
        raise BackupError(
            _("The archive is damaged; nothing was changed. %(problems)s") % {"problems": "; ".join(problems[:20])}
        )
    return manifest


def _check_zeros(handle: IO[bytes], offset: int, length: int) -> None:
    if length <= 0:
        return
    position = handle.tell()
    handle.seek(offset)
    while length > 0:
        chunk = handle.read(min(length, CHUNK))
        if not chunk:
            break
        if chunk.count(0) != len(chunk):
            raise BackupError(_("The archive is damaged: bytes changed between its entries."))
        length -= len(chunk)
    handle.seek(position)


# -- restoring --------------------------------------------------------------------------


def installation_contents() -> dict[str, int]:
    """What makes this installation non-empty: rows per model (beyond those
    ``migrate`` makes) and files in the default storage."""
    found = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if label in MADE_BY_MIGRATIONS or (model._meta.auto_created and label.startswith("auth.group")):
            continue
        if not model._meta.managed or model._meta.proxy:
            continue
        count = model._base_manager.count()
        if count:
            found[label] = count
    files = sum(1 for _ in stored_files())
    if files:
        found["files"] = files
    return found


@contextmanager
def model_signals_muted() -> Iterator[None]:
    """Rows loaded from a backup are no change to the catalogue: no search
    queue, no Change Discovery activity, no tombstone, no history version. The
    backup holds all of those, and the index is rebuilt afterwards."""
    muted = [signals.pre_save, signals.post_save, signals.pre_delete, signals.post_delete, signals.m2m_changed]
    kept = [(signal, signal.receivers) for signal in muted]
    for signal in muted:
        signal.receivers = []
        signal.sender_receivers_cache.clear()
    try:
        yield
    finally:
        for signal, receivers in kept:
            signal.receivers = receivers
            signal.sender_receivers_cache.clear()


def migrate_to(state: dict[str, list[str]] | None) -> None:
    """Migrate the database to the state the backup was made in (None: latest)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if state is None:
        call_command("migrate", interactive=False, verbosity=0)
        return
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    unknown = sorted(
        f"{app}.{name}" for app, names in state.items() for name in names if (app, name) not in graph.nodes
    )
    if unknown:
        raise BackupError(
            _("The backup was made by a newer version of this software (migrations %(names)s); "
              "update the software first.") % {"names": ", ".join(unknown[:10])}
        )  # fmt: skip
    targets = []
    for app_label in sorted({app for app, _name in graph.nodes}):
        names = set(state.get(app_label, []))
        # The applied migration no other applied one of the app builds on.
        leaves = [
            name for name in names
            if not any(child.key[0] == app_label and child.key[1] in names
                       for child in graph.node_map[(app_label, name)].children)
        ]  # fmt: skip
        targets.append((app_label, max(leaves) if leaves else None))
    try:
        executor.migrate(targets, plan=executor.migration_plan(targets))
    except Exception as error:  # irreversible migrations, for one
        raise BackupError(
            _("The database cannot be brought to the backup's state (%(error)s); restore into a "
              "new, empty database.") % {"error": error}
        ) from error  # fmt: skip


def clear_files(storage: Storage = default_storage) -> int:
    names = list(stored_files(storage))
    for name in names:
        storage.delete(name)
    return len(names)


def restore_archive(
    path: Path,
    *,
    force: bool = False,
    build_derivatives: bool = False,
    log: Log = _quiet,
    progress: Progress | None = None,
) -> RestoreReport:
    """Replace this installation's data with a backup's (see the module doc)."""
    from kulturschatz.iiif import derivatives
    from kulturschatz.iiif.derivatives import derivative_storage
    from kulturschatz.search.services import rebuild_index

    from .models import ObjectImage

    started = time.monotonic()
    report = RestoreReport()
    log(_("Checking every checksum of %(path)s …") % {"path": path})
    manifest = verify_archive(path, progress=progress)
    if connections[DEFAULT_DB_ALIAS].introspection.table_names():
        migrate_to(None)  # an installation of this software, at its own version
        contents = installation_contents()
        if contents and not force:
            raise BackupError(
                _("This installation is not empty (%(contents)s). A restore replaces every record "
                  "and file; to do that, give --force.")
                % {"contents": ", ".join(f"{k}: {v}" for k, v in sorted(contents.items())[:10])}
            )  # fmt: skip
        report.replaced = contents
    log(_("Bringing the database to the backup's migrations …"))
    migrate_to(manifest["database"]["migrations"])
    with tempfile.TemporaryDirectory(prefix="kulturschatz-restore-") as work:
        dump = Path(work) / DATABASE_MEMBER
        with tarfile.open(path, "r:") as tar:
            source = tar.extractfile(DATABASE_MEMBER)
            assert source is not None
            with source, dump.open("wb") as target:
                while chunk := source.read(CHUNK):
                    target.write(chunk)
        log(_("Loading %(rows)d rows …") % {"rows": sum(manifest["rows"].values())})
        with transaction.atomic(), model_signals_muted():
            call_command("flush", interactive=False, verbosity=0)
            # What post_migrate made again (groups, say) would clash with the
            # backup's own rows: only content types and permissions stay.
            for model in reversed(dumped_models()):
                model._base_manager.all()._raw_delete(DEFAULT_DB_ALIAS)
                for f in model._meta.local_many_to_many:
                    f.remote_field.through._base_manager.all()._raw_delete(DEFAULT_DB_ALIAS)
            call_command("loaddata", str(dump), verbosity=0)
    report.rows = sum(manifest["rows"].values())
    log(_("Migrating to this software's version …"))
    migrate_to(None)

    storage = default_storage
    if force:
        clear_files(storage)
        clear_files(derivative_storage())
    files = [name for name in manifest["members"] if name.startswith(FILES_PREFIX)]
    log(_("Restoring %(files)d files …") % {"files": len(files)})
    total = sum(manifest["members"][name]["size"] for name in files)
    done = 0
    with tarfile.open(path, "r:") as tar:
        for member in tar:
            if not member.name.startswith(FILES_PREFIX):
                continue
            name = member.name[len(FILES_PREFIX):]
            if PurePosixPath(name).is_absolute() or ".." in PurePosixPath(name).parts:
                raise BackupError(_("The archive names a file outside the storage: %(name)s") % {"name": name})
            handle = tar.extractfile(member)
            assert handle is not None
            with handle:
                content = File(handle, name=name)
                content.size = member.size
                saved = storage.save(name, content)
            if saved != name:
                raise BackupError(_("The file %(name)s exists already.") % {"name": name})
            report.files += 1
            done += member.size
            if progress:
                progress(done, total)

    # The derivatives are not in the backup: nothing may claim a pyramid.
    ObjectImage.objects.update(
        derivatives_state=ObjectImage.DerivativeState.PENDING, derivatives_progress=0,
        derivatives_key="", derivatives_message="",
    )  # fmt: skip
    images = list(ObjectImage.objects.order_by("pk"))
    report.images = len(images)
    if build_derivatives:
        log(_("Building the tile pyramids of %(images)d images …") % {"images": len(images)})
        for image in images:
            try:
                derivatives.build_derivatives(image)
                report.derivatives_built += 1
            except Exception as error:  # recorded on the image as failed
                log(f"{image.iiif_identifier}: {error}")
    else:
        from kulturschatz.iiif.tasks import build_derivatives_task

        for image in images:
            try:
                build_derivatives_task(image.pk)
                report.derivatives_queued += 1
            except Exception:  # no queue: build_derivatives --missing does it
                break
    log(_("Rebuilding the search index …"))
    report.indexed = rebuild_index().indexed
    report.seconds = time.monotonic() - started
    return report
