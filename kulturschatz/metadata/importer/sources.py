"""Where LIDO records come from: files, folders and zip archives, read as streams.

Records are parsed one at a time with ``iterparse`` and dropped once handled,
so a 2 GB file needs little memory. The parser never resolves entities, never
loads a DTD and never touches the network; a file that declares a DTD at all
is refused before parsing (XXE, billion laughs). Media files named by
``linkResource`` are opened only inside the folder of the LIDO file or inside
its zip archive.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import unquote, urlsplit

from django.utils.translation import gettext as _
from lxml import etree

from .records import LIDO_NS

Progress = Callable[[int], None]
PRESCAN_BYTES = 1 << 16
_ELEMENT_START = re.compile(rb"<[A-Za-z_]")


class SourceError(Exception):
    """A file that cannot be read at all (or not beyond some point)."""


class MediaError(Exception):
    """A linkResource that names a local file we may not or cannot read."""


@dataclass
class SourceRecord:
    """A record element, or a problem found where a record should have been."""

    location: str
    element: etree._Element | None = None
    error: str = ""


class Media:
    """Opens local media files named by linkResource, confined to a root."""

    def __init__(self, *, folder: Path | None = None, archive: zipfile.ZipFile | None = None,
                 member_dir: str = "") -> None:  # fmt: skip
        self.folder = folder.resolve() if folder else None
        self.archive = archive
        self.member_dir = member_dir

    @staticmethod
    def is_remote(link: str) -> bool:
        return urlsplit(link).scheme in ("http", "https")

    def fingerprint(self, link: str) -> str:
        """Size and date (or CRC) of a local media file: changes when the file does."""
        try:
            found = self.locate(link)
        except MediaError:
            return "missing"
        if isinstance(found, zipfile.ZipInfo):
            return f"{found.CRC}:{found.file_size}"
        stat = found.stat()
        return f"{stat.st_size}:{stat.st_mtime_ns}"

    @contextmanager
    def open(self, link: str) -> Iterator[tuple[str, IO[bytes]]]:
        """(file name, binary stream) of a local linkResource."""
        found = self.locate(link)
        if isinstance(found, zipfile.ZipInfo):
            assert self.archive is not None
            with self.archive.open(found) as stream:
                yield posixpath.basename(found.filename), stream
            return
        with found.open("rb") as stream:
            yield found.name, stream

    def locate(self, link: str) -> zipfile.ZipInfo | Path:
        """The archive member or file a local linkResource names, if it may be read."""
        parts = urlsplit(link)
        if parts.scheme not in ("", "file"):
            raise MediaError(_("%(link)s: only http(s) addresses and local files are read.") % {"link": link})
        if parts.scheme == "file" and parts.netloc not in ("", "localhost"):
            raise MediaError(_("%(link)s: a file on another host is not read.") % {"link": link})
        relative = unquote(parts.path)
        if self.archive is not None:
            name = posixpath.normpath(posixpath.join(self.member_dir, relative.lstrip("/")))
            if relative.startswith("/") or name.startswith("../") or name == "..":
                raise MediaError(_("%(link)s lies outside the zip archive.") % {"link": link})
            try:
                return self.archive.getinfo(name)
            except KeyError:
                raise MediaError(_("%(link)s is not in the zip archive.") % {"link": link}) from None
        if self.folder is None:
            raise MediaError(
                _("%(link)s: local files can only be read next to a LIDO file or in a zip archive.")
                % {"link": link}
            )
        path = Path(relative)
        target = (path if path.is_absolute() else self.folder / path).resolve()
        if not target.is_relative_to(self.folder):
            raise MediaError(
                _("%(link)s lies outside the folder of the LIDO file and is not read.") % {"link": link}
            )
        if not target.is_file():
            raise MediaError(_("%(link)s: file not found.") % {"link": link})
        return target


class _CountingReader:
    """A binary stream that reports how many bytes were read from it."""

    def __init__(self, stream: IO[bytes], progress: Progress | None) -> None:
        self.stream = stream
        self.progress = progress
        self.prefix = b""

    def read(self, size: int = -1) -> bytes:
        if self.prefix:
            data, self.prefix = self.prefix, b""
            if size >= 0 and len(data) > size:
                data, self.prefix = data[:size], data[size:]
            return data
        data = self.stream.read(size)
        if self.progress and data:
            self.progress(len(data))
        return data

    def peek_prolog(self) -> bytes:
        """Read ahead until the first element starts (or PRESCAN_BYTES)."""
        data = self.stream.read(PRESCAN_BYTES)
        if self.progress and data:
            self.progress(len(data))
        self.prefix = data
        return data


def declares_dtd(prolog: bytes) -> bool:
    """Whether the document has a DOCTYPE (entities can only be declared there)."""
    if prolog.startswith((b"\xff\xfe", b"\xfe\xff")):
        prolog = prolog.decode("utf-16", errors="ignore").encode()
    start = _ELEMENT_START.search(prolog)
    head = prolog[: start.start()] if start else prolog
    return b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper()


def read_records(stream: IO[bytes], location: str, progress: Progress | None = None) -> Iterator[SourceRecord]:
    """Every ``lido:lido`` element of one XML stream, however deep it sits.

    ``lidoWrap`` files, single records and OAI-PMH responses all work. Elements
    called ``lido`` outside the LIDO namespace are reported, not read.
    """
    reader = _CountingReader(stream, progress)
    if declares_dtd(reader.peek_prolog()):
        yield SourceRecord(
            location,
            error=_(
                "The file declares a DTD (<!DOCTYPE>). DTDs and entities are refused "
                "for safety (XXE, entity expansion); nothing of this file was read."
            ),
        )
        return
    parser_options = {
        "events": ("end",),
        "tag": "{*}lido",
        "resolve_entities": False,
        "load_dtd": False,
        "no_network": True,
        "huge_tree": False,
        "remove_comments": True,
        "remove_pis": True,
    }
    found = foreign = 0
    undeclared_prefix = False
    try:
        for _event, element in etree.iterparse(reader, **parser_options):
            where = f"{location}:{element.sourceline}"
            tag = element.tag if isinstance(element.tag, str) else ""
            namespace = tag[1:].split("}")[0] if tag.startswith("{") else ""
            if ":" in tag and not tag.startswith("{"):
                undeclared_prefix = True
                foreign += 1
                yield SourceRecord(
                    where,
                    error=_(
                        "<%(tag)s> uses a prefix that the file does not declare: the "
                        "record is outside the LIDO namespace (declare "
                        "xmlns:lido=\"http://www.lido-schema.org\")."
                    )
                    % {"tag": tag},
                )
            elif namespace != LIDO_NS:
                foreign += 1
                yield SourceRecord(
                    where,
                    error=_("A <lido> element outside the LIDO namespace (%(namespace)s) was not read.")
                    % {"namespace": namespace or _("no namespace")},
                )
            else:
                found += 1
                yield SourceRecord(where, element)
            # Drop what was handled, and the siblings before it, to keep memory flat.
            element.clear(keep_tail=False)
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as error:
        line = getattr(error, "lineno", None) or (error.position[0] if error.position else "?")
        message = error.msg or str(error)
        if undeclared_prefix and "Namespace prefix" in message:
            return  # already reported with the element
        if "Namespace prefix lido" in message:
            message += " – " + _(
                "the file uses the lido: prefix without declaring the LIDO namespace "
                "(xmlns:lido=\"http://www.lido-schema.org\")"
            )
        yield SourceRecord(
            f"{location}:{line}",
            error=_("The XML is not well-formed at line %(line)s: %(message)s. "
                    "Records after this point were not read.")
            % {"line": line, "message": message},
        )
        return
    if found == 0 and not foreign:
        yield SourceRecord(
            location, error=_("No LIDO record (lido:lido in the namespace %(ns)s) was found.") % {"ns": LIDO_NS}
        )


@dataclass
class Source:
    """One XML document to read: a file, or a member of a zip archive."""

    location: str
    size: int
    opener: Callable[[], IO[bytes]]
    media: Media


def collect_sources(paths: list[Path]) -> tuple[list[Source], list[str]]:
    """The XML documents under the given paths, and the paths that are not usable."""
    sources: list[Source] = []
    problems: list[str] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in (".xml", ".zip"):
                    _add_file(child, sources, problems)
        elif path.is_file():
            _add_file(path, sources, problems)
        else:
            problems.append(_("%(path)s: no such file or folder.") % {"path": path})
    return sources, problems


def _add_file(path: Path, sources: list[Source], problems: list[str]) -> None:
    if zipfile.is_zipfile(path):
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as error:
            problems.append(_("%(path)s: the zip archive cannot be read (%(error)s).") % {"path": path, "error": error})
            return
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            name = info.filename
            if info.is_dir() or not name.lower().endswith(".xml") or name.startswith("__MACOSX/"):
                continue
            sources.append(
                Source(
                    f"{path.name}/{name}",
                    info.file_size,
                    lambda info=info, archive=archive: archive.open(info),
                    Media(archive=archive, member_dir=posixpath.dirname(name)),
                )
            )
        return
    sources.append(
        Source(str(path), path.stat().st_size, lambda path=path: path.open("rb"), Media(folder=path.parent))
    )
