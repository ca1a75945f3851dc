"""The embedded search backend: a Whoosh index on disk, read with numpy.

Whoosh (``whoosh-reloaded``, pinned) writes and stores the index: segments,
postings, lexicons, locking, merging. Answering queries the way plain Whoosh
does (matching, phrase positions, prefix expansion and facet counting in pure
Python, posting by posting) takes seconds at 100,000 records, so this backend
reads Whoosh's postings blocks into numpy arrays and does the rest itself:

- a query term is a set of documents (a boolean mask over document numbers)
  and a vector of BM25F scores; AND, OR and NOT are mask operations;
- phrases are pre-filtered by each document's set of word-pair hashes (a
  column, scanned with numpy) and confirmed in the document's stem stream;
- prefixes, compound parts (Glocke → Kirchenglocke) and typo tolerance expand
  to terms of an in-memory lexicon (sorted terms, reversed terms, rapidfuzz);
- facets, the date range, visibility, sorting and field lengths come from one
  packed per-document column, decoded once per segment into numpy arrays.

Segments never change once written, so everything decoded from one is cached
by its id and survives commits; a commit that adds a small segment costs only
that segment's decoding.

Layout: ``index_dir/current`` is a symlink to the generation in use
(``index_dir/gen-…``). A rebuild writes a new generation and swaps the link
atomically; searches go on meanwhile, and an interrupted rebuild leaves the
link, and so the index in use, as it was. Web workers only read; writes go
through one writer at a time (Whoosh's lock, waited for).
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
import uuid
import zlib
from bisect import bisect_left, insort
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from rapidfuzz import process as fuzzy_process
from rapidfuzz.distance import OSA
from whoosh import columns, fields, formats, index
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import TermNotFound
from whoosh.system import pack_uint
from whoosh.writing import LockError

from .. import analysis
from ..documents import FACETS, SearchDocument
from .base import (
    BaseSearchBackend,
    Completion,
    ProgressCallback,
    SearchHit,
    SearchQuery,
    SearchResults,
    SearchUnavailableError,
)

logger = logging.getLogger(__name__)

TEXT_FIELDS = ("title", "description", "other", "english")
FIELD_BOOSTS = {"title": 4.0, "description": 2.0, "other": 1.2, "english": 1.5}
GERMAN_FIELDS = ("title", "description", "other")
MISSING_YEAR = -(2**31)
HEADER = 8  # pk, public, earliest, latest, four field lengths
K1, B = 1.2, 0.75
EXPANSION_LIMITS = {"prefix": 24, "compound": 16, "fuzzy": 6}
EXPANSION_WEIGHTS = {"prefix": 0.8, "compound": 0.45, "fuzzy": 0.6}
REFRESH_INTERVAL = 0.2  # seconds between checks for a new commit
COMPLETION_MAX_GRAM = 20
PAIR_BUCKETS = 0xFFFF


class TokenField(fields.FieldType):
    """A field indexed from a list of already analysed tokens: the analysis is
    ours (analysis.py), so Whoosh's analyzer chain is skipped entirely."""

    indexed = True
    # Not "scorable": this backend scores with the lengths in its own column,
    # and Whoosh's writer looks a scorable field's length up per posting.
    scorable = False
    stored = False
    spelling = False

    def __init__(self, *, frequencies: bool = True) -> None:
        self.format = formats.Frequency() if frequencies else formats.Existence()
        self.analyzer = None
        self.vector = None
        self.column_type = None

    def index(self, value, **kwargs):
        if isinstance(self.format, formats.Existence):
            return [(token.encode("utf-8"), 1, 1.0, b"") for token in set(value)]
        return [
            (token.encode("utf-8"), count, float(count), pack_uint(count))
            for token, count in Counter(value).items()
        ]

    def process_text(self, qstring, mode="", **kwargs):
        yield from qstring.split()

    def tokenize(self, value, **kwargs):  # pragma: no cover - not used
        raise NotImplementedError


def build_schema() -> fields.Schema:
    return fields.Schema(
        pk=fields.ID(stored=True, unique=True),
        title=TokenField(),
        description=TokenField(),
        other=TokenField(),
        english=TokenField(),
        inventory=TokenField(frequencies=False),
        complete=TokenField(frequencies=False),
        spell=TokenField(frequencies=False),
        display=fields.STORED(),
        data=fields.COLUMN(columns.VarBytesColumn()),
        sort=fields.COLUMN(columns.VarBytesColumn()),
        stream=fields.COLUMN(columns.VarBytesColumn()),
        pairs=fields.COLUMN(columns.VarBytesColumn()),
    )


def _edge_grams(text: str) -> list[str]:
    grams = set()
    for word in analysis.words(text):
        folded = analysis.fold(word)[:COMPLETION_MAX_GRAM]
        grams.update(folded[:end] for end in range(1, len(folded) + 1))
    return sorted(grams)


def document_fields(document: SearchDocument) -> dict:
    """The Whoosh fields of one document."""
    analysed = {
        name: analysis.analyze_lines(getattr(document, name)) for name in GERMAN_FIELDS
    }
    tokens = {
        name: [stem for line in lines for stem, stop in line if not stop]
        for name, lines in analysed.items()
    }
    tokens["english"] = analysis.analyze_en(document.english)
    header = [
        document.pk,
        int(document.public),
        MISSING_YEAR if document.earliest is None else document.earliest,
        MISSING_YEAR if document.latest is None else document.latest,
        *(len(tokens[name]) for name in TEXT_FIELDS),
    ]
    pairs = [
        value
        for kind, name in enumerate(FACETS)
        for facet_value in document.facets.get(name, ())
        for value in (kind, facet_value)
    ]
    # Phrases: the stems of each line in order, stop words kept; no phrase
    # spans two lines (two titles, two labels).
    lines = [
        [stem for stem, _stop in line]
        for name in GERMAN_FIELDS
        for line in analysed[name]
    ]
    buckets = {
        pair_bucket(a, b)
        for line in lines
        for a, b in zip(line, line[1:], strict=False)
    }
    stream = " " + " | ".join(" ".join(line) for line in lines) + " "
    spell_text = "\n".join((document.title, document.completions))
    return {
        "pk": str(document.pk),
        **tokens,
        "inventory": list(document.inventory_numbers),
        "complete": _edge_grams(document.title),
        "spell": sorted(
            {word.lower() for word in analysis.words(spell_text) if len(word) > 2}
        ),
        "display": document.title.split("\n", 1)[0],
        "data": np.array(header + pairs, dtype=np.int32).tobytes(),
        "sort": document.sort_title.encode("utf-8"),
        "stream": zlib.compress(stream.encode("utf-8"), 1),
        "pairs": np.array(sorted(buckets), dtype=np.uint16).tobytes(),
    }


def pair_bucket(first: str, second: str) -> int:
    """The bucket (0–65535) of a pair of consecutive stems. Each document keeps
    the set of its pairs' buckets in a column; a phrase query scans those sets
    with numpy, then checks the few documents left in their stem streams.
    (Indexing every pair as a term instead, or even the buckets as terms,
    made the Whoosh writer three times slower: it pays per posting.)"""
    return zlib.crc32(f"{first} {second}".encode()) & PAIR_BUCKETS


# ---------------------------------------------------------------------------
# Reading: per-segment arrays, assembled per generation
# ---------------------------------------------------------------------------


@dataclass
class SegmentArrays:
    header: np.ndarray  # (n, HEADER) int32
    facet_docs: list[np.ndarray]  # per facet kind: local doc numbers
    facet_values: list[np.ndarray]  # per facet kind: values


def _column_values(segreader, name: str) -> list[bytes]:
    """Every document's raw value of a column in one segment (b"" if none)."""
    column = segreader.column_reader(name, translate=False)
    return [column[docnum] or b"" for docnum in range(segreader.doc_count_all())]


def _decode_segment(segreader) -> SegmentArrays:
    """Decode a segment's packed ``data`` column into arrays, vectorised."""
    raws = _column_values(segreader, "data")
    count = len(raws)
    sizes = np.fromiter((len(raw) // 4 for raw in raws), dtype=np.int64, count=count)
    flat = np.frombuffer(b"".join(raws), dtype=np.int32)
    starts = np.zeros(count, dtype=np.int64)
    if count:
        starts[1:] = np.cumsum(sizes)[:-1]
    present = sizes >= HEADER  # a slot without data never matches
    header = np.zeros((count, HEADER), dtype=np.int32)
    header[present] = flat[starts[present][:, None] + np.arange(HEADER)]
    pair_counts = np.where(present, (sizes - HEADER) // 2, 0)
    total_pairs = int(pair_counts.sum())
    doc_of_pair = np.repeat(np.arange(count, dtype=np.int32), pair_counts)
    first_of_doc = np.repeat(np.cumsum(pair_counts) - pair_counts, pair_counts)
    positions = np.repeat(starts + HEADER, pair_counts) + 2 * (
        np.arange(total_pairs, dtype=np.int64) - first_of_doc
    )
    kinds, values = flat[positions], flat[positions + 1]
    return SegmentArrays(
        header=header,
        facet_docs=[doc_of_pair[kinds == kind] for kind in range(len(FACETS))],
        facet_values=[values[kinds == kind] for kind in range(len(FACETS))],
    )


def _decode_pairs(segreader) -> tuple[np.ndarray, np.ndarray]:
    """A segment's pair buckets as one array with document boundaries."""
    raws = _column_values(segreader, "pairs")
    sizes = np.fromiter(
        (len(raw) // 2 for raw in raws), dtype=np.int64, count=len(raws)
    )
    indptr = np.zeros(len(raws) + 1, dtype=np.int64)
    np.cumsum(sizes, out=indptr[1:])
    return indptr, np.frombuffer(b"".join(raws), dtype=np.uint16)


class LRU(OrderedDict):
    """A least-recently-used cache bounded by entries and, for numpy values,
    by bytes (a common term's postings at 100,000 records take 700 KB)."""

    def __init__(self, size: int, max_bytes: int | None = None) -> None:
        super().__init__()
        self.size = size
        self.max_bytes = max_bytes
        self.bytes = 0

    @staticmethod
    def _cost(value) -> int:
        if isinstance(value, tuple):
            return sum(getattr(part, "nbytes", 0) for part in value)
        return getattr(value, "nbytes", 0)

    def remember(self, key, value):
        if key in self:
            self.bytes -= self._cost(self.pop(key))
        self[key] = value
        self.bytes += self._cost(value)
        while len(self) > self.size or (
            self.max_bytes is not None and self.bytes > self.max_bytes and len(self) > 1
        ):
            _key, evicted = self.popitem(last=False)
            self.bytes -= self._cost(evicted)
        return value

    def recall(self, key):
        value = self.get(key)
        if value is not None:
            self.move_to_end(key)
        return value


@dataclass
class Lexicon:
    """Terms of the German text fields with their document frequencies."""

    terms: list[str]
    frequencies: dict[str, int]
    reversed_terms: list[str]
    by_initial: dict[str, list[str]]
    spelling: dict[str, str]  # folded word -> the word as catalogued (lower case)
    directory: Path | None = None
    segments: set = field(default_factory=set)  # segment keys read

    @classmethod
    def read(cls, generation: Generation) -> Lexicon:
        lexicon = cls([], {}, [], {}, {}, directory=generation.directory)
        lexicon.add(generation, generation.segment_keys)
        return lexicon

    def add(self, generation: Generation, keys: Iterable) -> None:
        """Take in the terms of some segments (new since the last read)."""
        keys = set(keys)
        frequencies: Counter[str] = Counter()
        spelling: dict[str, str] = {}
        for (segreader, _offset), key in zip(
            generation.leaves, generation.segment_keys, strict=False
        ):
            if key not in keys:
                continue
            for name in GERMAN_FIELDS:
                for term, info in segreader.iter_field(name):
                    frequencies[term.decode("utf-8")] += info.doc_frequency()
            for word in segreader.lexicon("spell"):
                word = word.decode("utf-8")
                spelling.setdefault(analysis.fold(word), word)
        new_terms = sorted(set(frequencies) - set(self.frequencies))
        for term, count in frequencies.items():
            self.frequencies[term] = self.frequencies.get(term, 0) + count
        if len(new_terms) > 1000 or not self.terms:
            self.terms = sorted(self.frequencies)
            self.reversed_terms = sorted(term[::-1] for term in self.terms)
            self.by_initial = {}
            for term in self.terms:
                self.by_initial.setdefault(term[:1], []).append(term)
        else:
            for term in new_terms:
                insort(self.terms, term)
                insort(self.reversed_terms, term[::-1])
                insort(self.by_initial.setdefault(term[:1], []), term)
        for folded, word in spelling.items():
            self.spelling.setdefault(folded, word)
        self.segments |= keys

    def _most_frequent(self, candidates: Iterable[str], limit: int) -> list[str]:
        return sorted(candidates, key=lambda t: (-self.frequencies.get(t, 0), t))[
            :limit
        ]

    def starting_with(self, prefix: str, limit: int) -> list[str]:
        start = bisect_left(self.terms, prefix)
        found = []
        for term in self.terms[start : start + 5000]:
            if not term.startswith(prefix):
                break
            found.append(term)
        return self._most_frequent(found, limit)

    def compounds_ending_in(self, stem: str, limit: int) -> list[str]:
        """Compounds whose head is the stem: kirchenglock for glock (the
        modifier must have three letters at least: hering is no ring)."""
        if len(stem) < 4:
            return []
        reverse = stem[::-1]
        start = bisect_left(self.reversed_terms, reverse)
        found = []
        for term in self.reversed_terms[start : start + 5000]:
            if not term.startswith(reverse):
                break
            if len(term) >= len(stem) + 3:
                found.append(term[::-1])
        return self._most_frequent(found, limit)

    def near(self, stem: str, limit: int) -> list[str]:
        """Terms within one edit (two for long words) of the stem."""
        if len(stem) < 4:
            return []
        distance = 1 if len(stem) < 7 else 2
        candidates = self.by_initial.get(stem[:1], [])
        matches = fuzzy_process.extract(
            stem,
            candidates,
            scorer=OSA.distance,
            score_cutoff=distance,
            limit=limit * 4,
        )
        return self._most_frequent(
            (term for term, _, _ in matches if term != stem), limit
        )

    def suggestion(self, word: str) -> str | None:
        folded = analysis.fold(word)
        if folded in self.spelling or len(folded) < 4:
            return None
        distance = 1 if len(folded) < 7 else 2
        matches = fuzzy_process.extract(
            folded,
            list(self.spelling),
            scorer=OSA.distance,
            score_cutoff=distance,
            limit=8,
        )
        if not matches:
            return None
        best = min(
            matches,
            key=lambda m: (
                m[1],
                -self.frequencies.get(analysis.stem_de(m[0]), 0),
                m[0],
            ),
        )
        return self.spelling[best[0]]


class Generation:
    """One opened commit of one index directory, with its decoded arrays."""

    def __init__(self, backend: WhooshBackend, directory: Path) -> None:
        self.directory = directory
        self.index = index.open_dir(str(directory))
        self.toc = self.index.latest_generation()
        self.reader = self.index.reader()
        # An empty index has one reader without a segment: nothing to read.
        self.leaves = [
            (segreader, offset)
            for segreader, offset in self.reader.leaf_readers()
            if segreader.segment() is not None
        ]
        segments = []
        self.offsets = []
        self.segment_keys = []
        self.backend = backend
        for segreader, offset in self.leaves:
            key = (str(directory), segreader.segment().segment_id())
            self.segment_keys.append(key)
            cached = backend.segment_cache.recall(key)
            if cached is None:
                cached = backend.segment_cache.remember(key, _decode_segment(segreader))
            segments.append(cached)
            self.offsets.append(offset)
        self.count = self.reader.doc_count_all()
        if segments:
            header = np.concatenate([s.header for s in segments])
        else:
            header = np.zeros((0, HEADER), dtype=np.int32)
        self.pk = header[:, 0].astype(np.int64)
        self.public = header[:, 1].astype(bool)
        earliest, latest = header[:, 2], header[:, 3]
        self.has_date = (earliest != MISSING_YEAR) | (latest != MISSING_YEAR)
        self.low = np.where(earliest != MISSING_YEAR, earliest, latest)
        self.high = np.where(latest != MISSING_YEAR, latest, earliest)
        self.lengths = {
            name: header[:, 4 + i].astype(np.float32)
            for i, name in enumerate(TEXT_FIELDS)
        }
        self.live = np.zeros(self.count, dtype=bool)
        for (segreader, offset), segment in zip(self.leaves, segments, strict=False):
            size = len(segment.header)
            self.live[offset : offset + size] = segment.header[:, 0] != 0
            deleted = segreader.deleted_docs_set if segreader.has_deletions() else ()
            for docnum in deleted:
                self.live[offset + docnum] = False
        self.live_count = max(int(self.live.sum()), 1)
        self.average_lengths = {
            name: max(float(self.lengths[name][self.live].sum()) / self.live_count, 1.0)
            for name in TEXT_FIELDS
        }
        self.facet_docs = []
        self.facet_values = []  # dense codes
        self.facet_keys = []  # code -> value
        for kind in range(len(FACETS)):
            docs = [
                s.facet_docs[kind] + o
                for s, o in zip(segments, self.offsets, strict=False)
            ]
            values = [s.facet_values[kind] for s in segments]
            docs_all = np.concatenate(docs) if docs else np.zeros(0, np.int32)
            values_all = np.concatenate(values) if values else np.zeros(0, np.int32)
            keep = self.live[docs_all] if len(docs_all) else np.zeros(0, bool)
            keys, codes = np.unique(values_all[keep], return_inverse=True)
            self.facet_docs.append(docs_all[keep])
            self.facet_values.append(codes.astype(np.int32).ravel())
            self.facet_keys.append(keys)
        self._titles: list[str] | None = None
        self._stream_columns: dict = {}
        self.postings_cache: LRU = backend.postings_cache

    def close(self) -> None:
        self.reader.close()

    def mask(self, docnums: np.ndarray) -> np.ndarray:
        """A boolean mask over this generation's documents, True at docnums."""
        mask = np.zeros(self.count, dtype=bool)
        mask[docnums] = True
        return mask

    # -- postings -----------------------------------------------------------

    def postings(self, fieldname: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers, term frequencies) of a term in this generation."""
        ids_parts, weight_parts = [], []
        tbytes = term.encode("utf-8")
        fmt = self.index.schema[fieldname].format
        for segreader, offset in self.leaves:
            key = (
                str(self.directory),
                segreader.segment().segment_id(),
                fieldname,
                term,
            )
            cached = self.postings_cache.recall(key)
            if cached is None:
                cached = self.postings_cache.remember(
                    key, _read_postings(segreader, fieldname, tbytes, fmt)
                )
            ids, weights = cached
            if len(ids):
                ids_parts.append(ids + offset)
                weight_parts.append(weights)
        if not ids_parts:
            return np.zeros(0, np.int32), np.zeros(0, np.float32)
        if len(ids_parts) == 1:
            return ids_parts[0], weight_parts[0]
        return np.concatenate(ids_parts), np.concatenate(weight_parts)

    def titles(self) -> list[str]:
        """Every document's sort title (decoded once per segment)."""
        if self._titles is None:
            titles: list[str] = []
            for (segreader, _offset), key in zip(
                self.leaves, self.segment_keys, strict=False
            ):
                cached = self.backend.titles_cache.recall(key)
                if cached is None:
                    cached = self.backend.titles_cache.remember(
                        key,
                        [raw.decode("utf-8") for raw in _column_values(segreader, "sort")],
                    )
                titles.extend(cached)
            self._titles = titles
        return self._titles

    def title_order(self, candidates: np.ndarray) -> np.ndarray:
        """Positions of the candidates in title order (ties by primary key)."""
        titles, pks = self.titles(), self.pk
        return np.array(
            sorted(
                range(len(candidates)),
                key=lambda i: (titles[candidates[i]], pks[candidates[i]]),
            ),
            dtype=np.int64,
        )

    def pair_mask(self, bucket: int) -> np.ndarray:
        """Documents having a pair of consecutive stems in this bucket."""
        mask = np.zeros(self.count, dtype=bool)
        for (segreader, offset), key in zip(
            self.leaves, self.segment_keys, strict=False
        ):
            pairs = self.backend.pairs_cache.recall(key)
            if pairs is None:
                pairs = self.backend.pairs_cache.remember(key, _decode_pairs(segreader))
            indptr, values = pairs
            positions = np.flatnonzero(values == bucket)
            if len(positions):
                mask[np.searchsorted(indptr, positions, side="right") - 1 + offset] = (
                    True
                )
        return mask

    def phrase_matches(self, candidates: np.ndarray, needle: str) -> np.ndarray:
        """Which candidates have the stems of ``needle`` in a row."""
        found = np.zeros(self.count, dtype=bool)
        wanted = needle.encode("utf-8")
        docnums = np.flatnonzero(candidates)
        if not len(docnums):
            return found
        starts = np.array(self.offsets + [self.count])
        segment_of = np.searchsorted(starts, docnums, side="right") - 1
        for position, docnum in enumerate(docnums.tolist()):
            leaf = int(segment_of[position])
            column = self._stream_columns.get(leaf)
            if column is None:
                column = self._stream_columns[leaf] = self.leaves[leaf][
                    0
                ].column_reader("stream", translate=False)
            raw = column[docnum - self.offsets[leaf]]
            if raw and wanted in zlib.decompress(raw):
                found[docnum] = True
        return found

    def stored_title(self, docnum: int) -> str:
        return self.reader.stored_fields(docnum).get("display", "")


def _read_postings(
    segreader, fieldname: str, tbytes: bytes, fmt
) -> tuple[np.ndarray, np.ndarray]:
    """All postings of a term in one segment, block by block: Whoosh keeps them
    as pickled, delta-encoded arrays of 128, which numpy decodes at once."""
    try:
        matcher = segreader._terms.matcher(fieldname, tbytes, fmt)
    except (KeyError, TermNotFound):
        return np.zeros(0, np.int32), np.zeros(0, np.float32)
    if not hasattr(matcher, "_read_data"):  # postings inlined in the term info
        ids = np.fromiter(matcher.all_ids(), dtype=np.int32)
        matcher.reset()
        weights = []
        while matcher.is_active():
            weights.append(matcher.weight())
            matcher.next()
        return ids, np.asarray(weights, dtype=np.float32)
    id_blocks, weight_blocks = [], []
    while True:
        if matcher._data is None:
            matcher._read_data()
        deltas, weights = matcher._data[0], matcher._data[1]
        ids = np.cumsum(np.asarray(deltas, dtype=np.int64)).astype(np.int32)
        id_blocks.append(ids)
        if weights is None:
            weight_blocks.append(np.ones(len(ids), np.float32))
        elif isinstance(weights, float):
            weight_blocks.append(np.full(len(ids), weights, np.float32))
        else:
            weight_blocks.append(np.asarray(weights, dtype=np.float32))
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)
    return np.concatenate(id_blocks), np.concatenate(weight_blocks)


# ---------------------------------------------------------------------------
# The backend
# ---------------------------------------------------------------------------


@dataclass
class _Part:
    fieldname: str
    term: str
    boost: float


class WhooshBackend(BaseSearchBackend):
    def __init__(
        self,
        index_dir: str | os.PathLike,
        *,
        writer_timeout: float = 120.0,
        procs: int | None = None,
        memory_mb: int = 256,
        postings_cache_mb: int = 96,
    ) -> None:
        self.index_dir = Path(index_dir)
        self.writer_timeout = writer_timeout
        self.procs = procs or min(os.cpu_count() or 1, 4)
        self.memory_mb = memory_mb
        self.segment_cache = LRU(64)
        self.pairs_cache = LRU(16)
        self.titles_cache = LRU(64)
        self.postings_cache = LRU(20_000, max_bytes=postings_cache_mb * 2**20)
        self._generation: Generation | None = None
        self._checked = 0.0
        self._lexicon: Lexicon | None = None
        self._lock = threading.RLock()

    # -- directories ----------------------------------------------------------

    @property
    def current_link(self) -> Path:
        return self.index_dir / "current"

    def _current_directory(self, *, create: bool) -> Path | None:
        try:
            target = os.readlink(self.current_link)
        except FileNotFoundError:
            if not create:
                return None
            return self._create_empty()
        return self.index_dir / target

    def _new_directory(self) -> Path:
        self.index_dir.mkdir(parents=True, exist_ok=True)
        # Named by when it was begun (UTC, to the nanosecond): names sort by age.
        now = time.time_ns()
        stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime(now // 10**9))
        name = f"gen-{stamp}-{now % 10**9:09d}-{uuid.uuid4().hex[:8]}"
        directory = self.index_dir / name
        directory.mkdir()
        FileStorage(str(directory)).create_index(build_schema())
        return directory

    def _swap_to(self, directory: Path) -> None:
        previous = self._current_directory(create=False)
        temporary = self.index_dir / f".current-{uuid.uuid4().hex}"
        os.symlink(directory.name, temporary)
        os.replace(temporary, self.current_link)  # atomic
        self._remove_old_generations(keep=directory, previous=previous)

    def _create_empty(self) -> Path:
        with self._lock:
            if os.path.lexists(self.current_link):
                return self.index_dir / os.readlink(self.current_link)
            directory = self._new_directory()
            try:
                os.symlink(directory.name, self.current_link)
            except FileExistsError:  # another process was quicker
                shutil.rmtree(directory, ignore_errors=True)
            return self.index_dir / os.readlink(self.current_link)

    def _remove_old_generations(self, *, keep: Path, previous: Path | None) -> None:
        """Keep the new generation and the one in use before it (a reader may
        still have it open); remove older ones and abandoned rebuilds.

        Which one was in use is read from the link, not guessed from times: a
        rebuild killed after the last swap left a newer generation than the one
        in use. Generations begun after this one (named by their start) may be
        another rebuild still at work, and stay.
        """
        for stale in self.index_dir.glob("gen-*"):
            if stale not in (keep, previous) and stale.name < keep.name:
                shutil.rmtree(stale, ignore_errors=True)

    # -- reading ----------------------------------------------------------------

    def generation(self) -> Generation:
        """The current generation, reopened when a commit or a swap happened."""
        with self._lock:
            now = time.monotonic()
            current = self._generation
            if current is not None and now - self._checked < REFRESH_INTERVAL:
                return current
            self._checked = now
            directory = self._current_directory(create=True)
            if (
                current is None
                or current.directory != directory
                or current.index.latest_generation() != current.toc
            ):
                try:
                    fresh = Generation(self, directory)
                except (index.EmptyIndexError, FileNotFoundError) as error:
                    if current is not None:
                        return current
                    raise SearchUnavailableError(str(error)) from error
                self._generation = fresh
                if current is not None and current.directory != directory:
                    current.close()
            return self._generation

    def lexicon(self) -> Lexicon:
        """The lexicon of the current generation. New segments (commits) are
        added to it as they appear; after a swap, or when merges replaced most
        segments, it is read afresh (frequencies of replaced segments would
        otherwise count twice)."""
        generation = self.generation()
        with self._lock:
            lexicon = self._lexicon
            if lexicon is None or lexicon.directory != generation.directory:
                lexicon = self._lexicon = Lexicon.read(generation)
                return lexicon
            new = [
                key for key in generation.segment_keys if key not in lexicon.segments
            ]
            if not new:
                return lexicon
            sizes = dict(
                zip(
                    generation.segment_keys,
                    (r.doc_count_all() for r, _ in generation.leaves),
                    strict=False,
                )
            )
            if sum(sizes[key] for key in new) > 0.2 * max(generation.count, 1):
                lexicon = self._lexicon = Lexicon.read(generation)
            else:
                lexicon.add(generation, new)
            return lexicon

    def refresh(self) -> None:
        """Forget cached state (tests; after writing in this process)."""
        with self._lock:
            self._checked = 0.0
            self._lexicon = None

    # -- query evaluation ---------------------------------------------------

    def _term_parts(self, term: analysis.QueryTerm, lexicon: Lexicon) -> list[_Part]:
        if term.prefix:
            prefix = min(term.folded, term.stem, key=len)
            if len(prefix) < 2:
                return []
            expansions = lexicon.starting_with(prefix, EXPANSION_LIMITS["prefix"])
            weight = EXPANSION_WEIGHTS["prefix"]
            return [
                _Part(name, expansion, FIELD_BOOSTS[name] * weight)
                for expansion in expansions
                for name in GERMAN_FIELDS
            ] + [_Part("english", term.stem_en, FIELD_BOOSTS["english"])]
        parts = [_Part(name, term.stem, FIELD_BOOSTS[name]) for name in GERMAN_FIELDS]
        parts.append(_Part("english", term.stem_en, FIELD_BOOSTS["english"]))
        expansions: list[tuple[str, str]] = [
            ("compound", t)
            for t in lexicon.compounds_ending_in(
                term.stem, EXPANSION_LIMITS["compound"]
            )
        ]
        if term.stem not in lexicon.frequencies and not term.folded.isdigit():
            # Near the stem or the word itself: "Ladegst" stems to "ladeg",
            # which is three edits from "ladegast", the word only one.
            near = dict.fromkeys(
                lexicon.near(term.folded, EXPANSION_LIMITS["fuzzy"])
                + lexicon.near(term.stem, EXPANSION_LIMITS["fuzzy"])
            )
            expansions += [
                ("fuzzy", t) for t in list(near)[: EXPANSION_LIMITS["fuzzy"]]
            ]
        for kind, expansion in expansions:
            parts += [
                _Part(name, expansion, FIELD_BOOSTS[name] * EXPANSION_WEIGHTS[kind])
                for name in GERMAN_FIELDS
            ]
        parts.append(_Part("inventory", term.folded, 0.0))
        return parts

    def _evaluate(
        self, generation: Generation, parts: Sequence[_Part], scores: np.ndarray | None
    ):
        """Mask of documents holding any part; add their BM25F scores."""
        mask = np.zeros(generation.count, dtype=bool)
        total = generation.live_count
        for part in parts:
            ids, weights = generation.postings(part.fieldname, part.term)
            if not len(ids):
                continue
            mask[ids] = True
            if scores is None or part.boost == 0.0:
                continue
            frequency = len(ids)
            idf = np.log(1.0 + (total - frequency + 0.5) / (frequency + 0.5))
            lengths = generation.lengths[part.fieldname][ids]
            norm = K1 * (
                1.0 - B + B * lengths / generation.average_lengths[part.fieldname]
            )
            scores[ids] += part.boost * idf * weights * (K1 + 1.0) / (weights + norm)
        return mask

    def search(self, query: SearchQuery) -> SearchResults:
        with self._lock:
            generation = self.generation()
            lexicon = self.lexicon()
            return self._search(generation, lexicon, query)

    def _search(
        self, generation: Generation, lexicon: Lexicon, query: SearchQuery
    ) -> SearchResults:
        parsed = query.parsed
        count = generation.count
        scores = np.zeros(count, dtype=np.float32)
        matched_stems: set[str] = set()
        base = generation.live.copy()
        if query.public_only:
            base &= generation.public
        date_from, date_to = query.date_from, query.date_to
        if parsed.century and date_from is None and date_to is None:
            date_from, date_to = parsed.century
        if date_from is not None or date_to is not None:
            dated = generation.has_date.copy()
            if date_to is not None:
                dated &= generation.low <= date_to
            if date_from is not None:
                dated &= generation.high >= date_from
            base &= dated
        inventory_hits = np.zeros(count, dtype=bool)
        if parsed.inventory_number:
            ids, _ = generation.postings("inventory", parsed.inventory_number)
            inventory_hits = generation.mask(ids)
        if parsed.is_empty:
            matched = base
        else:
            clauses = []
            for term in parsed.terms:
                parts = self._term_parts(term, lexicon)
                matched_stems.update(
                    p.term for p in parts if p.fieldname in GERMAN_FIELDS
                )
                clauses.append(self._evaluate(generation, parts, scores))
            for phrase in parsed.phrases:
                # Documents holding every word, then checked for the words
                # in a row in the document's stem stream.
                candidates = base.copy()
                for term in phrase:
                    if term.folded in analysis.GERMAN_STOP_WORDS:
                        continue  # not indexed as a word; the stream has it
                    parts = [
                        _Part(name, term.stem, FIELD_BOOSTS[name])
                        for name in GERMAN_FIELDS
                    ]
                    candidates &= self._evaluate(generation, parts, scores)
                    matched_stems.add(term.stem)
                for first, second in zip(phrase, phrase[1:], strict=False):
                    candidates &= generation.pair_mask(
                        pair_bucket(first.stem, second.stem)
                    )
                needle = " " + " ".join(term.stem for term in phrase) + " "
                clauses.append(generation.phrase_matches(candidates, needle))
            if query.match_all_terms:
                matched = (
                    np.logical_and.reduce(clauses) if clauses else np.zeros(count, bool)
                )
            else:
                matched = (
                    np.logical_or.reduce(clauses) if clauses else np.zeros(count, bool)
                )
            matched = (matched | inventory_hits) & base
        for term in parsed.excluded:
            parts = [_Part(name, term.stem, 0.0) for name in GERMAN_FIELDS]
            parts.append(_Part("english", term.stem_en, 0.0))
            matched &= ~self._evaluate(generation, parts, None)
        # Facet filters: values within a facet are alternatives, facets combine.
        facet_masks = {}
        for kind, name in enumerate(FACETS):
            wanted = query.filters.get(name)
            if not wanted:
                continue
            docs = generation.facet_docs[kind]
            keys = generation.facet_keys[kind]
            codes = np.flatnonzero(np.isin(keys, np.fromiter(wanted, dtype=np.int64)))
            facet_masks[name] = generation.mask(
                docs[np.isin(generation.facet_values[kind], codes)]
            )
        final = matched.copy()
        for selected in facet_masks.values():
            final &= selected
        facets = {}
        if query.with_facets:
            for kind, name in enumerate(FACETS):
                # Counts for a facet ignore its own selection, so a visitor can
                # widen it again ("disjunctive" facets).
                scope = matched.copy()
                for other, selected in facet_masks.items():
                    if other != name:
                        scope &= selected
                codes = generation.facet_values[kind][
                    scope[generation.facet_docs[kind]]
                ]
                counts = np.bincount(codes, minlength=len(generation.facet_keys[kind]))
                nonzero = np.flatnonzero(counts)
                order = nonzero[
                    np.lexsort((generation.facet_keys[kind][nonzero], -counts[nonzero]))
                ]
                facets[name] = [
                    (int(generation.facet_keys[kind][code]), int(counts[code]))
                    for code in order[: query.facet_limit]
                ]
        candidates = np.flatnonzero(final)
        total = len(candidates)
        end = query.offset + query.limit
        pks = generation.pk[candidates]
        if query.sort == "relevance" and not parsed.is_empty:
            relevance = scores[candidates] + inventory_hits[candidates] * 1e6
            if end < total:  # only the page's share needs a full order
                keep = np.argpartition(-relevance, end - 1)[:end]
                threshold = relevance[keep].min()
                keep = np.flatnonzero(relevance >= threshold)
                candidates, relevance, pks = (
                    candidates[keep],
                    relevance[keep],
                    pks[keep],
                )
            order = np.lexsort((pks, -relevance))
        elif query.sort in ("date", "-date"):
            low = np.where(
                generation.has_date[candidates], generation.low[candidates], 2**31 - 1
            )
            if query.sort == "-date":
                high = np.where(
                    generation.has_date[candidates],
                    generation.high[candidates],
                    -(2**31),
                )
                order = np.lexsort((pks, -high.astype(np.int64)))
            else:
                order = np.lexsort((pks, low))
        else:  # title, and the default without a query
            order = generation.title_order(candidates)
        page = order[query.offset : end]
        hits = [SearchHit(int(pks[i]), float(scores[candidates[i]])) for i in page]
        return SearchResults(
            total=total, hits=hits, facets=facets, matched_stems=matched_stems
        )

    def complete(
        self, prefix: str, *, limit: int = 8, public_only: bool = True
    ) -> list[Completion]:
        typed = analysis.words(prefix)
        if not typed:
            return []
        with self._lock:
            generation = self.generation()
            mask = generation.live.copy()
            if public_only:
                mask &= generation.public
            for word in typed:
                gram = analysis.fold(word)[:COMPLETION_MAX_GRAM]
                mask &= generation.mask(generation.postings("complete", gram)[0])
            candidates = np.flatnonzero(mask)
            if not len(candidates):
                return []
            if len(candidates) > 2000:  # very short prefixes: enough to choose from
                candidates = candidates[:2000]
            chosen = candidates[generation.title_order(candidates)][: limit * 4]
            titles = [
                (int(generation.pk[d]), generation.stored_title(int(d))) for d in chosen
            ]
        first = analysis.fold(typed[0])
        titles.sort(
            key=lambda item: (
                not analysis.fold(item[1]).startswith(first),
                len(item[1]),
            )
        )
        return [Completion(pk, title) for pk, title in titles[:limit]]

    def spelling_suggestions(self, words: Iterable[str]) -> dict[str, str]:
        with self._lock:
            lexicon = self.lexicon()
        suggestions = {}
        for word in words:
            if analysis.stem_de(word) in lexicon.frequencies:
                continue
            found = lexicon.suggestion(word)
            if found:
                suggestions[word] = found
        return suggestions

    def indexed_pks(self) -> set[int]:
        generation = self.generation()
        return {int(pk) for pk in generation.pk[generation.live]}

    # -- writing ----------------------------------------------------------------

    def _writer(self, directory: Path):
        ix = index.open_dir(str(directory))
        deadline = time.monotonic() + self.writer_timeout
        while True:
            try:
                return ix.writer()
            except LockError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def index(self, documents: Iterable[SearchDocument]) -> int:
        documents = list(documents)
        if not documents:
            return 0
        directory = self._current_directory(create=True)
        writer = self._writer(directory)
        try:
            for document in documents:
                writer.update_document(**document_fields(document))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        self.refresh_soon()
        return len(documents)

    def delete(self, pks: Iterable[int]) -> None:
        pks = list(pks)
        if not pks:
            return
        directory = self._current_directory(create=False)
        if directory is None:
            return
        writer = self._writer(directory)
        try:
            for pk in pks:
                writer.delete_by_term("pk", str(pk))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        self.refresh_soon()

    def refresh_soon(self) -> None:
        with self._lock:
            self._checked = 0.0

    def rebuild(
        self,
        documents: Iterable[SearchDocument],
        *,
        progress: ProgressCallback | None = None,
    ) -> int:
        directory = self._new_directory()
        ix = index.open_dir(str(directory))
        if self.procs > 1:
            writer = ix.writer(
                procs=self.procs, limitmb=self.memory_mb, multisegment=True
            )
        else:
            writer = ix.writer(limitmb=self.memory_mb)
        written = 0
        try:
            for document in documents:
                writer.add_document(**document_fields(document))
                written += 1
                if progress:
                    progress(1)
            writer.commit()
        except BaseException:
            writer.cancel()
            shutil.rmtree(directory, ignore_errors=True)
            raise
        self._swap_to(directory)
        self.refresh()
        return written

    def clear(self) -> None:
        directory = self._new_directory()
        self._swap_to(directory)
        self.refresh()

    def check(self) -> list[str]:
        problems = []
        parent = self.index_dir if self.index_dir.exists() else self.index_dir.parent
        if not os.access(parent, os.W_OK):
            problems.append(
                f"The search index directory {self.index_dir} is not writable."
            )
        return problems
