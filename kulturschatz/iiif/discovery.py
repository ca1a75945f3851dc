"""IIIF Change Discovery API 1.0: record public changes and publish them as pages.

Visibility is compared with ``published()`` itself: an object that became
public is announced (Create, or Update if it was public before), a public
object that changed is an Update, and one that left the public (withdrawn,
back to draft, deleted) is a Delete.
"""

import datetime
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.utils import timezone

from kulturschatz.collections.models import HeritageObject

from .models import Activity

CONTEXT = "http://iiif.io/api/discovery/1/context.json"
PAGE_SIZE = 100


def announced(identifiers: Iterable[str]) -> dict[str, str]:
    """The last activity type per identifier (only for those with any)."""
    last: dict[str, str] = {}
    for identifier, kind in (
        Activity.objects.filter(object_identifier__in=list(identifiers))
        .order_by("pk")
        .values_list("object_identifier", "type")
    ):
        last[identifier] = kind
    return last


def record_changes(identifiers: Iterable[str], *, changed: bool = True) -> list[Activity]:
    """Bring the stream up to date for these objects after a change to them.

    ``changed=False`` only announces entries and exits of the public (used by
    the periodic reconciliation, where nothing else is known to have changed).
    """
    identifiers = set(identifiers)
    public = set(
        HeritageObject.objects.published()
        .filter(identifier__in=identifiers)
        .values_list("identifier", flat=True)
    )
    last = announced(identifiers)
    now = timezone.now()
    activities = []
    for identifier in sorted(identifiers):
        was_public = last.get(identifier) in (Activity.Type.CREATE, Activity.Type.UPDATE)
        if identifier in public and not was_public:
            kind = Activity.Type.UPDATE if identifier in last else Activity.Type.CREATE
        elif identifier in public and changed:
            kind = Activity.Type.UPDATE
        elif identifier not in public and was_public:
            kind = Activity.Type.DELETE
        else:
            continue
        activities.append(Activity(type=kind, object_identifier=identifier, end_time=now))
    return Activity.objects.bulk_create(activities)


def reconcile() -> list[Activity]:
    """Announce what became public or stopped being public without a save
    (an embargo that ended), across the whole catalogue."""
    identifiers = set(HeritageObject.objects.values_list("identifier", flat=True))
    last = announced(identifiers)
    identifiers |= {i for i, kind in last.items() if kind != Activity.Type.DELETE}
    return record_changes(identifiers, changed=False)


_deferred: ContextVar[set[str] | None] = ContextVar("discovery_deferred", default=None)


@contextmanager
def deferred_discovery() -> Iterator[None]:
    """Collect changed objects and announce them together at the end.

    For bulk writers (the LIDO importer): one pass over thousands of objects
    instead of three queries and a queue task after every commit. Manifests are
    then built on their first request rather than ahead of it.
    """
    collected: set[str] = set()
    token = _deferred.set(collected)
    try:
        yield
    finally:
        _deferred.reset(token)
        ordered = sorted(collected)
        for start in range(0, len(ordered), 500):
            record_changes(ordered[start : start + 500])


def record_after_commit(identifier: str) -> None:
    """After the commit: announce the change, and have the manifest pre-built."""
    deferred = _deferred.get()
    if deferred is not None:
        deferred.add(identifier)
        return

    def after_commit() -> None:
        from .tasks import prebuild_manifest

        record_changes([identifier])
        if HeritageObject.objects.published().filter(identifier=identifier).exists():
            prebuild_manifest(identifier)

    transaction.on_commit(after_commit)


def collection_document(url, total: int) -> dict:
    pages = max(1, -(-total // PAGE_SIZE))
    return {
        "@context": CONTEXT,
        "id": url("/iiif/discovery/collection"),
        "type": "OrderedCollection",
        "totalItems": total,
        "first": {"id": url("/iiif/discovery/page/0"), "type": "OrderedCollectionPage"},
        "last": {"id": url(f"/iiif/discovery/page/{pages - 1}"), "type": "OrderedCollectionPage"},
    }


def page_document(url, number: int, activities: list[Activity], total: int) -> dict:
    pages = max(1, -(-total // PAGE_SIZE))
    document = {
        "@context": CONTEXT,
        "id": url(f"/iiif/discovery/page/{number}"),
        "type": "OrderedCollectionPage",
        "partOf": {"id": url("/iiif/discovery/collection"), "type": "OrderedCollection"},
        "startIndex": number * PAGE_SIZE,
        "orderedItems": [
            {
                "type": activity.type,
                "object": {
                    "id": url(f"/iiif/manifest/{activity.object_identifier}"),
                    "type": "Manifest",
                },
                "endTime": activity.end_time.astimezone(datetime.UTC)
                .isoformat(timespec="seconds")
                .replace("+00:00", "Z"),
            }
            for activity in activities
        ],
    }
    if number > 0:
        document["prev"] = {
            "id": url(f"/iiif/discovery/page/{number - 1}"),
            "type": "OrderedCollectionPage",
        }
    if number < pages - 1:
        document["next"] = {
            "id": url(f"/iiif/discovery/page/{number + 1}"),
            "type": "OrderedCollectionPage",
        }
    return document
