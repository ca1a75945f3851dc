"""The contract every search backend fulfils.

Backends take ``SearchDocument``s and answer ``SearchQuery``s with primary keys,
facet counts and the stems they matched (for highlighting). They never return
model instances: the caller re-fetches hits through ``published()``, so a stale
index cannot show an unpublished object.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from ..analysis import ParsedQuery
from ..documents import FACETS, SearchDocument

SORTS = ("relevance", "date", "-date", "title")


class InvalidSearchBackendError(Exception):
    pass


class SearchUnavailableError(Exception):
    """The index cannot be read (missing, being created); the page says so."""


@dataclass(frozen=True)
class SearchQuery:
    parsed: ParsedQuery
    filters: Mapping[str, frozenset[int]] = field(default_factory=dict)
    date_from: int | None = None
    date_to: int | None = None
    sort: str = "relevance"
    offset: int = 0
    limit: int = 20
    public_only: bool = True
    match_all_terms: bool = True  # False: any term (the fallback when all find nothing)
    facet_limit: int = 50
    with_facets: bool = True


@dataclass(frozen=True)
class SearchHit:
    pk: int
    score: float


@dataclass
class SearchResults:
    total: int
    hits: list[SearchHit]
    facets: dict[str, list[tuple[int, int]]]  # facet -> [(value, count)], most first
    matched_stems: set[str] = field(default_factory=set)  # incl. fuzzy/compound/prefix


@dataclass(frozen=True)
class Completion:
    pk: int
    title: str


ProgressCallback = Callable[[int], None]


class BaseSearchBackend:
    """Subclasses implement every method; see the Whoosh and PostgreSQL backends."""

    facets = FACETS

    def index(self, documents: Iterable[SearchDocument]) -> int:
        """Add or replace documents; return how many were written."""
        raise NotImplementedError

    def delete(self, pks: Iterable[int]) -> None:
        raise NotImplementedError

    def search(self, query: SearchQuery) -> SearchResults:
        raise NotImplementedError

    def complete(
        self, prefix: str, *, limit: int = 8, public_only: bool = True
    ) -> list[Completion]:
        """Objects whose title, persons or places have a word starting with the
        last word typed (and contain the words before it)."""
        raise NotImplementedError

    def spelling_suggestions(self, words: Iterable[str]) -> dict[str, str]:
        """For words the index does not know: the closest word it does know."""
        raise NotImplementedError

    def rebuild(
        self,
        documents: Iterable[SearchDocument],
        *,
        progress: ProgressCallback | None = None,
    ) -> int:
        """Build a complete new index beside the one in use and swap it in at the
        end: searches go on meanwhile, an interrupted rebuild changes nothing."""
        raise NotImplementedError

    def indexed_pks(self) -> set[int]:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def check(self) -> list[str]:
        """Problems with the configuration, for ``manage.py check``."""
        return []
