"""Keeping the search index in step with the catalogue, and querying it.

Every write path (admin, importer, services, deletions) changes the catalogue
through the ORM; signals (signals.py) record the affected objects in
``PendingIndexUpdate`` inside the same transaction, and after the commit a
queue task calls ``flush_pending()``, which renews their index entries in
batches with one writer.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kulturschatz.collections.models import HeritageObject

from .backends import get_search_backend
from .documents import documents_for
from .models import IndexJob, PendingIndexUpdate

logger = logging.getLogger(__name__)
FLUSH_BATCH = 500
KEEP_DONE_FOR = timezone.timedelta(days=1)


def queue_objects(pks: Iterable[int]) -> None:
    """Mark objects for re-indexing; indexing follows once the transaction commits."""
    pks = {pk for pk in pks if pk is not None}
    if not pks:
        return
    deferred = _flush_deferred.get()
    if deferred is not None:
        # Bulk writers insert the queue rows with their own batch (write_deferred_queue).
        deferred.pks.update(pks)
        return
    PendingIndexUpdate.objects.bulk_create(
        PendingIndexUpdate(object_id=pk) for pk in pks
    )
    transaction.on_commit(schedule_flush)


def last_change() -> str:
    """A token that changes with every committed change to the catalogue.

    Every write queues the objects it touched (signals.py, bulk writers through
    write_deferred_queue), so the newest queue row marks the catalogue's state:
    caches of what the public sees key on it. One index lookup, whatever the
    catalogue's size. The queue time is part of it because a rolled-back row's
    id is given out again.
    """
    row = (
        PendingIndexUpdate.objects.order_by("-pk").values_list("pk", "queued_at").first()
    )
    return f"{row[0]}-{row[1].timestamp()}" if row else "none"


def schedule_flush() -> None:
    from .tasks import flush_search_queue

    deferred = _flush_deferred.get()
    if deferred is not None:
        deferred.wanted = True
        return

    try:
        flush_search_queue()
    except Exception:  # the queue is down: the periodic flush catches up
        logger.exception("Could not schedule a search index update")


def reindex_objects(pks: Iterable[int]) -> int:
    """Write the current state of these objects to the index (delete the gone)."""
    pks = set(pks)
    backend = get_search_backend()
    documents = list(documents_for(pks))
    backend.index(documents)
    gone = pks - {document.pk for document in documents}
    backend.delete(gone)
    return len(pks)


def flush_pending(*, batch: int = FLUSH_BATCH) -> int:
    """Index every object waiting in the queue; return how many were indexed."""
    indexed = 0
    while True:
        rows = list(
            PendingIndexUpdate.objects.filter(done_at__isnull=True)
            .order_by("pk")
            .values_list("pk", "object_id")[:batch]
        )
        if not rows:
            break
        last = rows[-1][0]
        pks = {object_id for _, object_id in rows}
        reindex_objects(pks)
        PendingIndexUpdate.objects.filter(
            done_at__isnull=True, pk__lte=last, object_id__in=pks
        ).update(done_at=timezone.now())
        indexed += len(pks)
    PendingIndexUpdate.objects.filter(
        done_at__lt=timezone.now() - KEEP_DONE_FOR
    ).delete()
    return indexed


@dataclass
class RebuildReport:
    indexed: int
    caught_up: int
    removed: int


def rebuild_index(*, progress: Callable[[int], None] | None = None) -> RebuildReport:
    """Build a new index of every object and swap it in; then apply what changed
    while it was built, so nothing saved meanwhile is lost."""
    backend = get_search_backend()
    mark = (
        PendingIndexUpdate.objects.order_by("-pk").values_list("pk", flat=True).first()
        or 0
    )
    pks = list(HeritageObject.objects.order_by("pk").values_list("pk", flat=True))
    job = IndexJob.objects.create(backend=type(backend).__name__, total=len(pks))
    done = 0

    def step(count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress(count)
        if done % 500 == 0 or done == len(pks):
            IndexJob.objects.filter(pk=job.pk).update(done=done)

    try:
        indexed = backend.rebuild(documents_for(pks), progress=step)
        changed = set(
            PendingIndexUpdate.objects.filter(pk__gt=mark).values_list(
                "object_id", flat=True
            )
        )
        reindex_objects(changed)
        stale = backend.indexed_pks() - set(
            HeritageObject.objects.values_list("pk", flat=True)
        )
        backend.delete(stale)
        PendingIndexUpdate.objects.filter(pk__gt=mark, done_at__isnull=True).update(
            done_at=timezone.now()
        )
    except BaseException as error:
        IndexJob.objects.filter(pk=job.pk).update(
            state=IndexJob.State.FAILED,
            finished_at=timezone.now(),
            message=repr(error)[:2000],
        )
        raise
    IndexJob.objects.filter(pk=job.pk).update(
        state=IndexJob.State.DONE, finished_at=timezone.now(), done=indexed
    )
    # A rebuild begun earlier that still says "running" lost its process
    # (killed): it changed nothing, as its index was never swapped in.
    IndexJob.objects.filter(state=IndexJob.State.RUNNING, pk__lt=job.pk).update(
        state=IndexJob.State.FAILED,
        message=_("Interrupted: the rebuild's process ended before it finished."),
    )
    return RebuildReport(indexed=indexed, caught_up=len(changed), removed=len(stale))


def queue_ended_embargoes() -> int:
    """Objects whose embargo ended since yesterday become public without a save."""
    today = timezone.localdate()
    pks = list(
        HeritageObject.objects.filter(
            status=HeritageObject.Status.PUBLISHED,
            embargo_until__lte=today,
            embargo_until__gte=today - timezone.timedelta(days=1),
        ).values_list("pk", flat=True)
    )
    with transaction.atomic():
        queue_objects(pks)
    return len(pks)


# ---------------------------------------------------------------------------
# Querying: one implementation for the search page, /api/search and the admin
# ---------------------------------------------------------------------------

PAGE_SIZE = 20
MAX_PAGE = 500
MAX_FILTER_VALUES = 20
YEAR_LIMIT = 100_000


class SearchParameterError(ValueError):
    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter
        self.message = message


def parse_search_parameters(
    data, *, page_size: int = PAGE_SIZE, public_only: bool = True
):
    """Read q, date_from, date_to, sort, page and one parameter per facet
    (repeatable) from a QueryDict; raise SearchParameterError with the reason."""
    from .analysis import parse_query
    from .backends.base import SORTS, SearchQuery
    from .documents import FACETS

    text = data.get("q", "").strip()
    if len(text) > 500:
        raise SearchParameterError(
            "q", _("The query is too long (500 characters at most).")
        )

    def year(name: str) -> int | None:
        value = data.get(name, "").strip()
        if not value:
            return None
        try:
            number = int(value)
        except ValueError:
            raise SearchParameterError(
                name, _("Please give a year as a whole number (negative for BCE).")
            ) from None
        if abs(number) > YEAR_LIMIT:
            raise SearchParameterError(
                name, _("The year must lie between -100000 and 100000.")
            )
        return number

    date_from, date_to = year("date_from"), year("date_to")
    if date_from is not None and date_to is not None and date_from > date_to:
        raise SearchParameterError(
            "date_to", _("The end year lies before the start year.")
        )
    parsed = parse_query(text)
    sort = data.get("sort", "").strip() or (
        "relevance" if not parsed.is_empty else "title"
    )
    if sort not in SORTS:
        raise SearchParameterError("sort", _("Unknown sort order."))
    page_text = data.get("page", "1").strip() or "1"
    # ASCII digits only: "²".isdigit() is true, but int("²") fails.
    if not re.fullmatch(r"[0-9]{1,6}", page_text) or not 1 <= int(page_text) <= MAX_PAGE:
        raise SearchParameterError(
            "page", _("The page must be a number from 1 to 500.")
        )
    page = int(page_text)
    filters = {}
    for facet in FACETS:
        values = data.getlist(facet) if hasattr(data, "getlist") else [data.get(facet)]
        values = [v.strip() for v in values if v and v.strip()]
        if not values:
            continue
        if len(values) > MAX_FILTER_VALUES or not all(
            re.fullmatch(r"-?[0-9]{1,12}", v) for v in values
        ):
            raise SearchParameterError(
                facet, _("Facet values are numbers (at most 20).")
            )
        filters[facet] = frozenset(int(v) for v in values)
    return SearchQuery(
        parsed=parsed,
        filters=filters,
        date_from=date_from,
        date_to=date_to,
        sort=sort,
        offset=(page - 1) * page_size,
        limit=page_size,
        public_only=public_only,
    ), page


def search_objects(query):
    """Run a query; if every word together finds nothing, find objects with
    some of them; when little is found, suggest a spelling ("Meinten Sie …?")."""
    from dataclasses import replace

    from .analysis import parse_query

    backend = get_search_backend()
    results = backend.search(query)
    relaxed = False
    if results.total == 0 and len(query.parsed.terms) + len(query.parsed.phrases) > 1:
        relaxed_results = backend.search(replace(query, match_all_terms=False))
        if relaxed_results.total:
            results, relaxed = relaxed_results, True
    suggestion = ""
    if results.total < 3 and query.parsed.terms:
        corrections = backend.spelling_suggestions(
            t.word for t in query.parsed.terms if not t.prefix
        )
        if corrections:
            corrected = query.parsed.text
            for word, better in corrections.items():
                corrected = corrected.replace(word, better)
            # Offered only if it finds public objects: the spelling vocabulary
            # may hold words of drafts, which must not show through.
            check = replace(query, parsed=parse_query(corrected), offset=0, limit=1, with_facets=False)
            if backend.search(check).total:
                suggestion = corrected
    items = result_items(
        [hit.pk for hit in results.hits], HeritageObject.objects.published(), results.matched_stems
    )
    return results, items, relaxed, suggestion


@dataclass
class ResultItem:
    """What a result card shows; read with values_list (a page of 20 model
    instances with their prefetches costs more than the search itself)."""

    pk: int
    identifier: str
    title: str
    title_lang: str
    dating_display: str
    earliest_year: int | None
    latest_year: int | None
    inventory_number: str
    institution: str
    object_type: str
    image: object | None  # an unsaved ObjectImage carrying what IIIF links need
    snippet: str

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("collections:object-detail", args=[self.identifier])


def result_items(pks: list[int], queryset, stems: set[str]) -> list[ResultItem]:
    """The hits as result cards, in the given order. The index may lag behind
    the catalogue: only what ``queryset`` (``published()`` for the public)
    still admits is returned, so nothing unpublished can slip through."""
    from django.db.models import Q

    from kulturschatz.collections.models import (
        ObjectDescription,
        ObjectImage,
        ObjectTitle,
        pick_language,
    )

    from .highlight import highlight

    if not pks:
        return []
    rows = {
        row[0]: row
        for row in queryset.filter(pk__in=pks).values_list(
            "pk", "identifier", "title", "title_lang", "dating_display", "earliest_year",
            "latest_year", "inventory_number", "institution__name", "institution__name_en",
            "object_type__label", "object_type__label_en",
        )
    }
    found = [pk for pk in pks if pk in rows]
    titles: dict[int, dict[str, str]] = {}
    for object_id, text, lang in ObjectTitle.objects.filter(
        heritage_object_id__in=found, pref=ObjectTitle.Pref.PREFERRED
    ).order_by("-order", "-pk").values_list("heritage_object_id", "text", "lang"):
        titles.setdefault(object_id, {})[lang] = text
    descriptions: dict[int, dict[str, str]] = {}
    for object_id, text, lang in ObjectDescription.objects.filter(
        heritage_object_id__in=found
    ).order_by("-order", "-pk").values_list("heritage_object_id", "text", "lang"):
        descriptions.setdefault(object_id, {})[lang] = text
    images: dict[int, ObjectImage] = {}
    for object_id, uuid, width, height in ObjectImage.objects.filter(
        Q(heritage_object_id__in=found)
    ).order_by("heritage_object_id", "-is_primary", "order", "pk").values_list(
        "heritage_object_id", "uuid", "width", "height"
    ):
        images.setdefault(object_id, ObjectImage(uuid=uuid, width=width, height=height))
    items = []
    for pk in found:
        (_, identifier, title, title_lang, dating, earliest, latest, inventory,
         institution, institution_en, object_type, object_type_en) = rows[pk]
        shown_title, shown_lang = pick_language({**titles.get(pk, {}), title_lang: title}, title_lang)
        texts = descriptions.get(pk, {})
        text = pick_language(texts, "de" if "de" in texts else next(iter(texts)))[0] if texts else ""
        items.append(
            ResultItem(
                pk=pk,
                identifier=identifier,
                title=shown_title,
                title_lang=shown_lang,
                dating_display=dating,
                earliest_year=earliest,
                latest_year=latest,
                inventory_number=inventory,
                institution=pick_language({"de": institution, "en": institution_en}, "de")[0],
                object_type=pick_language({"de": object_type or "", "en": object_type_en or ""}, "de")[0],
                image=images.get(pk),
                snippet=highlight(text, stems) if text else "",
            )
        )
    return items


def staff_search_pks(text: str, *, limit: int = 1000) -> list[int]:
    """Objects of any status matching a text, for the admin's search box."""
    from .analysis import parse_query
    from .backends.base import SearchQuery, SearchUnavailableError

    parsed = parse_query(text)
    if parsed.is_empty:
        return []
    query = SearchQuery(
        parsed=parsed, public_only=False, limit=limit, with_facets=False
    )
    try:
        return [hit.pk for hit in get_search_backend().search(query).hits]
    except SearchUnavailableError:
        return []


@dataclass
class _DeferredQueue:
    pks: set[int] = field(default_factory=set)
    wanted: bool = False


_flush_deferred: ContextVar[_DeferredQueue | None] = ContextVar("flush_deferred", default=None)


@contextmanager
def deferred_index_flush() -> Iterator[None]:
    """Queue index updates in batches and schedule one flush at the end.

    Bulk writers (the LIDO importer) commit thousands of records; inside this
    context ``queue_objects`` only collects, the writer calls
    ``write_deferred_queue()`` in each of its transactions, and one queue task
    follows at the end instead of one per commit.
    """
    queue = _DeferredQueue()
    token = _flush_deferred.set(queue)
    try:
        yield
    finally:
        write_deferred_queue()
        _flush_deferred.reset(token)
        if queue.wanted or queue.pks:
            transaction.on_commit(schedule_flush)


def write_deferred_queue() -> None:
    """Insert the queue rows collected so far (in the caller's transaction)."""
    queue = _flush_deferred.get()
    if queue is None or not queue.pks:
        return
    PendingIndexUpdate.objects.bulk_create(
        (PendingIndexUpdate(object_id=pk) for pk in sorted(queue.pks)), batch_size=500
    )
    queue.pks.clear()
    queue.wanted = True
