"""Many image files at once, each attached to the object its file name names.

Staff drop a folder of scans (several files, or one zip archive) on the admin
page; each file name carries the object's inventory number, optionally
followed by a sequence number for several images of one object:

    inventory number   file names that match
    "Dom-Hs. 136"      Dom-Hs_136.jpg, dom-hs-136-2.tif, DOM HS 136_003.png
    "BD-MER-001"       BD-MER-001.jpg, bd_mer_001_1.jpg
    "LMV-B 1938/9"     LMV-B_1938-9_2.jpg

Comparison (inventory_key): case, accents and umlauts (ä = ae), and every
separator are ignored, letters and digits are split where they meet (Cod136 =
Cod. 136), digits must match exactly (001 is not 1). A name matches an
object whose number is the whole name, or the name without its last digit
group, which is then the sequence number and sets the order. Exactly one
object must match: with none the file is reported as unmatched, with several
(the same number in two institutions, or "Dom-G 12" and "Dom-G 1" + image 2)
as ambiguous, and nothing is attached. Choosing the institution, or adding an
explicit sequence number, resolves it. Only the file name counts, never its
folder in the archive.

Each file is attached whole (its own transaction: the master file, the image
row, the admin log entry and a revision of the object's history, the
derivatives queued after commit) or reported
with its reason; one failure never touches another file. A file whose
SHA-256 the object already has is reported as already present.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import DatabaseError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from kulturschatz.iiif import derivatives, imaging, uploads

from . import history, services
from .models import HeritageObject, Institution, ObjectImage

ATTACHED = "attached"
DUPLICATE = "duplicate"
UNMATCHED = "unmatched"
AMBIGUOUS = "ambiguous"
REFUSED = "refused"
OUTCOMES = (ATTACHED, DUPLICATE, UNMATCHED, AMBIGUOUS, REFUSED)

# Files that archivers and operating systems put beside the scans.
JUNK_NAMES = {".ds_store", "thumbs.db", "desktop.ini", "icon\r"}
# A file name ending: a letter, then up to four letters or digits (.jpg, .jp2,
# .tiff). "P1985.273" keeps its ".273".
EXTENSION = re.compile(r"\.[^\W\d_][^\W_]{0,4}$")
TOKEN = re.compile(r"[^\W\d_]+|\d+")
UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")


def inventory_key(text: str) -> tuple[str, ...]:
    """Letter and digit groups of an inventory number or file name, compared
    without case, accents or separators."""
    text = unicodedata.normalize("NFC", text).casefold().translate(UMLAUTS)
    text = "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    )
    return tuple(TOKEN.findall(text))


def file_name(path: str) -> str:
    """The file name without the folders (of either kind of slash)."""
    return posixpath.basename(path.replace("\\", "/"))


def file_stem(path: str) -> str:
    """The file name without folders and without its ending."""
    return EXTENSION.sub("", file_name(path))


@dataclass
class Incoming:
    """One file of an upload, before it is read."""

    path: str  # the upload's name or the path in the archive
    size: int  # declared size in bytes
    open: Callable[[], Any]  # a context manager giving a binary stream
    problem: str = ""  # why it cannot be read at all (unsafe path, encrypted)
    name: str = ""  # in the report: the path, numbered where two are the same

    def __post_init__(self) -> None:
        self.name = self.name or self.path


@dataclass
class FileResult:
    name: str
    outcome: str
    reason: str = ""
    heritage_object: HeritageObject | None = None
    candidates: list[HeritageObject] = field(default_factory=list)
    image: ObjectImage | None = None
    sequence: int | None = None


@dataclass
class BulkUploadReport:
    results: list[FileResult] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # junk: __MACOSX, .DS_Store …
    problems: list[str] = field(default_factory=list)  # uploads refused as a whole

    def of(self, outcome: str) -> list[FileResult]:
        return [result for result in self.results if result.outcome == outcome]

    @property
    def counts(self) -> dict[str, int]:
        return {outcome: len(self.of(outcome)) for outcome in OUTCOMES}


class UploadRefusedError(Exception):
    """The upload as a whole is refused (too many files, a broken archive)."""


# -- reading the upload ------------------------------------------------------------


def is_zip(file: IO[bytes]) -> bool:
    """A zip archive by its first bytes (not by its name, and not by a zip
    appended to an image, which zipfile.is_zipfile would accept)."""
    file.seek(0)
    head = file.read(4)
    file.seek(0)
    return head in ZIP_SIGNATURES


def is_junk(path: str) -> bool:
    parts = [part for part in path.replace("\\", "/").split("/") if part]
    if not parts:
        return True
    name = parts[-1]
    return (
        "__MACOSX" in parts
        or name.casefold() in JUNK_NAMES
        or name.startswith(".")  # AppleDouble "._x.jpg", hidden files
    )


def is_unsafe(path: str) -> bool:
    """An absolute path or one climbing out of the archive (zip slip)."""
    path = path.replace("\\", "/")
    return (
        path.startswith("/")
        or re.match(r"^[A-Za-z]:", path) is not None
        or ".." in path.split("/")
    )


def member_name(info: zipfile.ZipInfo) -> str:
    """A member's name, decoded as the archiver meant it.

    Without the UTF-8 flag zipfile decodes names as CP437. macOS writes UTF-8
    without the flag, Windows' Explorer the system code page (CP850 in Germany).
    """
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp850", errors="replace")


def read_archive(upload: Any, report: BulkUploadReport) -> list[Incoming]:
    """The files of a zip archive; junk is listed as ignored."""
    try:
        archive = zipfile.ZipFile(upload)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UploadRefusedError(
            _("“%(name)s” is not a readable zip archive (%(error)s).")
            % {"name": upload.name, "error": error}
        ) from None
    incoming: list[Incoming] = []
    for info in infos:
        path = member_name(info)
        if info.is_dir():
            continue
        if is_junk(path):
            report.ignored.append(f"{upload.name}: {path}")
            continue
        problem = ""
        if is_unsafe(path):
            problem = _("Unsafe path in the zip archive (absolute, or with “..”); not read.")
        elif info.flag_bits & 0x1:
            problem = _("Encrypted in the zip archive; not read.")
        incoming.append(
            Incoming(
                path=path,
                size=info.file_size,
                open=lambda info=info: archive.open(info),
                problem=problem,
            )
        )
    return incoming


@contextmanager
def _rewound(upload: Any) -> Iterator[Any]:
    upload.seek(0)
    yield upload


def read_upload(uploaded_files: list[Any], report: BulkUploadReport) -> list[Incoming]:
    """Every file of the upload: plain files as they are, zip archives unpacked.

    Refuses the whole upload (UploadRefusedError) above the configured number
    of files or unpacked bytes, before anything is read or written.
    """
    incoming: list[Incoming] = []
    for upload in uploaded_files:
        if is_zip(upload):
            incoming += read_archive(upload, report)
        elif is_junk(upload.name):
            report.ignored.append(upload.name)
        else:
            incoming.append(
                Incoming(upload.name, upload.size, lambda upload=upload: _rewound(upload))
            )
    max_files = settings.KULTURSCHATZ_BULK_UPLOAD_MAX_FILES
    if len(incoming) > max_files:
        raise UploadRefusedError(
            _("The upload holds %(count)s files; at most %(max)s are taken at once.")
            % {"count": len(incoming), "max": max_files}
        )
    # Declared sizes, so that a zip bomb is refused before it is inflated.
    total = sum(item.size for item in incoming)
    max_bytes = settings.KULTURSCHATZ_BULK_UPLOAD_MAX_BYTES
    if total > max_bytes:
        raise UploadRefusedError(
            _("The upload unpacks to %(size)s MB; at most %(max)s MB are taken at once.")
            % {"size": uploads.megabytes(total), "max": uploads.megabytes(max_bytes)}
        )
    # Two members may carry the same path: tell them apart in the report.
    seen: dict[str, int] = {}
    for item in incoming:
        seen[item.path] = seen.get(item.path, 0) + 1
        if seen[item.path] > 1:
            item.name = f"{item.path} ({seen[item.path]})"
    return incoming


# -- matching file names to objects ---------------------------------------------------


class InventoryIndex:
    """Objects in scope by the key of their inventory number."""

    def __init__(self, institution: Institution | None = None) -> None:
        objects = HeritageObject.objects.all()
        if institution is not None:
            objects = objects.filter(institution=institution)
        self.keys: dict[tuple[str, ...], list[int]] = {}
        for pk, number in objects.values_list("pk", "inventory_number").iterator():
            key = inventory_key(number)
            if key:
                self.keys.setdefault(key, []).append(pk)

    def match(self, name: str) -> tuple[list[int], int | None]:
        """Objects the file name may mean, and the sequence number if it has one."""
        key = inventory_key(file_stem(name))
        whole = [(pk, None) for pk in self.keys.get(key, [])]
        shorter: list[tuple[int, int | None]] = []
        if len(key) > 1 and key[-1].isdigit():
            shorter = [(pk, int(key[-1])) for pk in self.keys.get(key[:-1], [])]
        found = dict(whole + shorter)
        sequence = next(iter(found.values())) if len(found) == 1 else None
        return list(found), sequence


def unmatched_reason(name: str) -> str:
    key = inventory_key(file_stem(name))
    if not key:
        return _("The file name holds no inventory number.")
    if len(key) > 1 and key[-1].isdigit():
        return _(
            "No object has the inventory number “%(number)s”, nor “%(shorter)s” "
            "with %(sequence)s as the image's sequence number."
        ) % {"number": " ".join(key), "shorter": " ".join(key[:-1]), "sequence": key[-1]}
    return _("No object has the inventory number “%(number)s”.") % {"number": " ".join(key)}


# -- attaching --------------------------------------------------------------------


@dataclass
class _Planned:
    item: Incoming
    heritage_object: HeritageObject
    sequence: int | None


def attach_images(
    uploaded_files: list[Any],
    *,
    by: Any,
    institution: Institution | None = None,
    rights: str = "",
    creator: str = "",
    make_primary: bool = True,
) -> BulkUploadReport:
    """Attach every file of an upload to the object its name names; the report
    says what happened to each. Refusing the upload as a whole writes nothing."""
    report = BulkUploadReport()
    try:
        incoming = read_upload(uploaded_files, report)
    except UploadRefusedError as error:
        report.problems.append(str(error))
        return report
    index = InventoryIndex(institution)
    planned: list[_Planned] = []
    matched_pks: set[int] = set()
    pending: list[tuple[Incoming, list[int], int | None]] = []
    for item in incoming:
        if item.problem:
            report.results.append(FileResult(item.name, REFUSED, item.problem))
            continue
        pks, sequence = index.match(item.path)
        pending.append((item, pks, sequence))
        matched_pks.update(pks)
    objects = HeritageObject.objects.select_related("institution").in_bulk(matched_pks)
    for item, pks, sequence in pending:
        if not pks:
            report.results.append(FileResult(item.name, UNMATCHED, unmatched_reason(item.path)))
        elif len(pks) > 1:
            candidates = sorted((objects[pk] for pk in pks), key=lambda o: o.pk)
            report.results.append(
                FileResult(
                    item.name,
                    AMBIGUOUS,
                    _(
                        "%(count)s objects match this file name; choose the institution "
                        "or give the file a sequence number. Nothing was attached."
                    )
                    % {"count": len(pks)},
                    candidates=candidates,
                )
            )
        else:
            planned.append(_Planned(item, objects[pks[0]], sequence))
    # Per object in sequence order: the order of the new images, and the first
    # one becomes primary where the object has none.
    planned.sort(key=lambda p: (p.heritage_object.pk, p.sequence or 0, p.item.name))
    attacher = _Attacher(by=by, rights=rights, creator=creator, make_primary=make_primary)
    for plan in planned:
        report.results.append(attacher.attach(plan))
    return report


class _Attacher:
    """Attaches planned files one by one, remembering what each object has."""

    def __init__(self, *, by: Any, rights: str, creator: str, make_primary: bool) -> None:
        self.by = by
        self.rights = rights or ObjectImage._meta.get_field("rights").default
        self.creator = creator
        self.make_primary = make_primary
        self.digests: dict[int, set[str]] = {}
        self.next_order: dict[int, int] = {}
        self.has_primary: dict[int, bool] = {}

    def remember(self, heritage_object: HeritageObject) -> None:
        pk = heritage_object.pk
        if pk in self.digests:
            return
        images = ObjectImage.objects.filter(heritage_object=heritage_object)
        self.digests[pk] = set(images.values_list("sha256", flat=True))
        highest = images.aggregate(highest=Max("order"))["highest"]
        self.next_order[pk] = 0 if highest is None else highest + 1
        self.has_primary[pk] = images.filter(is_primary=True).exists()
        if self.holds(heritage_object):
            # New images join a waiting proposal: count what it holds too.
            pending = services.pending_proposal(heritage_object)
            if pending is not None:
                state = history.states_of_revisions(pk, [pending.revision_id]).get(
                    pending.revision_id, history.State(pk)
                )
                for row in state.parts(ObjectImage):
                    self.digests[pk].add(row.fields.get("sha256", ""))
                    self.next_order[pk] = max(self.next_order[pk], row.fields["order"] + 1)
                    self.has_primary[pk] = self.has_primary[pk] or row.fields["is_primary"]

    def holds(self, heritage_object: HeritageObject) -> bool:
        """Whether images for this object wait for approval (four eyes)."""
        return services.needs_approval(
            heritage_object, status_before=heritage_object.status, by=self.by
        )

    def attach(self, plan: _Planned) -> FileResult:
        item, heritage_object = plan.item, plan.heritage_object
        result = FileResult(
            item.name, REFUSED, heritage_object=heritage_object, sequence=plan.sequence
        )
        self.remember(heritage_object)
        try:
            spooled, digest = spool(item)
        except ValidationError as error:
            result.reason = uploads.message(error)
            return result
        with spooled:
            if digest in self.digests[heritage_object.pk]:
                result.outcome = DUPLICATE
                result.reason = _("This file is already an image of the object (same SHA-256).")
                return result
            return self.save(plan, spooled, digest, result)

    def save(self, plan: _Planned, spooled: IO[bytes], digest: str, result: FileResult) -> FileResult:
        heritage_object = plan.heritage_object
        pk = heritage_object.pk
        primary = self.make_primary and not self.has_primary[pk]
        image = ObjectImage(
            heritage_object=heritage_object,
            order=self.next_order[pk],
            is_primary=primary,
            rights=self.rights,
            creator=self.creator,
        )
        stored = ""
        try:
            hold = self.holds(heritage_object)
            with transaction.atomic():
                history.ensure_baseline([pk])  # the object as it was, if never recorded
                live = history.snapshot_versions(pk) if hold else None
                if hold:
                    services.build_on_pending_proposal(heritage_object)
                # Stored as masters/<object>/<image uuid>.<ending>: the name only
                # lends its ending (master_upload_path).
                image.master = File(spooled, name=file_name(plan.item.path))
                image.save()
                stored = image.master.name
                # What the object page's image inline would log and record.
                entry = LogEntry.objects.log_actions(
                    user_id=self.by.pk,
                    queryset=[heritage_object],
                    action_flag=CHANGE,
                    change_message=[
                        {"added": {"name": "image", "object": file_name(plan.item.path)}}
                    ],
                    single_object=True,
                )
                services.note_content_change(heritage_object, by=self.by)
                if live is not None:
                    # A published object's images wait for approval; the
                    # derivatives follow the approval (services.approve_change).
                    services.propose_change(
                        heritage_object, live=live, by=self.by, comment=entry.change_message
                    )
                    result.reason = _(
                        "Waits for approval: the object is published, and a second member "
                        "of the editorial team (Redaktion) approves the change."
                    )
                else:
                    history.record_revisions([pk], user=self.by, comment=entry.change_message)
                    derivatives.schedule_derivatives(image)
        except (DatabaseError, OSError, ValueError, imaging.ImageDecodeError) as error:
            if stored:  # the row is rolled back: the file must go too
                image.master.storage.delete(stored)
            result.reason = _("The image could not be saved (%(error)s).") % {"error": error}
            return result
        self.digests[pk].add(digest)
        self.next_order[pk] += 1
        self.has_primary[pk] = self.has_primary[pk] or primary
        result.outcome, result.image = ATTACHED, image
        return result


def spool(item: Incoming) -> tuple[IO[bytes], str]:
    """The file's bytes in a temporary file, checked, with their SHA-256.

    Reads at most the upload limit plus one byte, whatever an archive declares;
    ValidationError (German) if it is too large, damaged in the archive or not
    an image the archive accepts.
    """
    limit = uploads.max_upload_bytes()
    if item.size > limit:
        raise uploads.too_large(item.name, item.size)
    spooled = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)
    digest = hashlib.sha256()
    copied = 0
    try:
        with item.open() as stream:
            while copied <= limit and (chunk := stream.read(1 << 20)):
                spooled.write(chunk)
                digest.update(chunk)
                copied += len(chunk)
        if copied > limit:
            raise uploads.too_large(item.name)
        uploads.check_image_file(spooled, name=item.name, size=copied)
    except ValidationError:
        spooled.close()
        raise
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as error:
        # A CRC mismatch, a member longer than declared, an unknown compression.
        spooled.close()
        raise ValidationError(
            _("“%(name)s” cannot be read from the archive (%(error)s)."),
            code="unreadable",
            params={"name": item.name, "error": error},
        ) from None
    spooled.seek(0)
    return spooled, digest.hexdigest()
