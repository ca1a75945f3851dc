"""IIIF Presentation API 3.0 views: manifests and collections of public objects."""

import gc
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import quote_etag
from django.views.decorators.http import require_safe

from kulturschatz.collections.models import (
    Collection,
    HeritageObject,
)

from . import derivatives, discovery, presentation
from .models import Activity

CONTEXT = "http://iiif.io/api/presentation/3/context.json"
MANIFESTS_PER_PAGE = 1000


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while building a large manifest.

    A 500-canvas manifest allocates some 20,000 short-lived objects; the
    collector rescanned them several times per build (79–154 ms instead of a
    steady 65–71 ms). They hold no cycles that need collecting right away.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def site_url(request: HttpRequest) -> presentation.Url:
    return lambda path: request.build_absolute_uri(path)


def json_response(request: HttpRequest, body: bytes, etag: str) -> HttpResponse:
    """JSON-LD with the Presentation profile, or plain JSON when only that is asked for."""
    if request.headers.get("If-None-Match", "").strip() in (etag, f"W/{etag}"):
        response = HttpResponse(status=304)
    else:
        accept = request.headers.get("Accept", "")
        plain = "application/json" in accept and "application/ld+json" not in accept
        content_type = (
            "application/json" if plain else f'application/ld+json;profile="{CONTEXT}"'
        )
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=3600"
    response["Vary"] = "Accept"
    return response


def manifest_stamp(heritage_object: HeritageObject, base: str) -> str:
    """Changes whenever anything the manifest shows may have changed."""
    images = heritage_object.images.all()  # prefetched
    latest_image = max((image.updated_at for image in images), default=None)
    parts = [
        base,
        heritage_object.updated_at.isoformat(),
        str(latest_image),
        str(len(images)),
        heritage_object.institution.updated_at.isoformat(),
        heritage_object.collection.updated_at.isoformat() if heritage_object.collection else "",
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def manifest_queryset():
    """Public objects with everything a manifest shows, in a fixed number of queries."""
    return HeritageObject.objects.published().with_full_record()


def stored_manifest(heritage_object: HeritageObject, url: presentation.Url) -> tuple[bytes, str]:
    """The manifest as stored for this object's state and this site address.

    Built (and stored, shared by all workers) when missing; the task queue
    builds it ahead of visitors after every change (tasks.prebuild_manifest).
    """
    stamp = manifest_stamp(heritage_object, url("/"))
    storage = derivatives.derivative_storage()
    name = f"manifests/{heritage_object.identifier}/{stamp}.json"
    if storage.exists(name):
        with storage.open(name, "rb") as handle:
            return handle.read(), stamp
    with collector_paused():
        body = presentation.build_manifest(heritage_object, url).json().encode()
    derivatives.write(name, body)
    return body, stamp


@require_safe
def manifest(request: HttpRequest, identifier: str) -> HttpResponse:
    heritage_object = get_object_or_404(manifest_queryset(), identifier=identifier)
    body, stamp = stored_manifest(heritage_object, site_url(request))
    return json_response(request, body, quote_etag(stamp))


def public_objects_of(collection: Collection):
    return (
        HeritageObject.objects.published()
        .filter(collection=collection)
        .prefetch_related("titles", "images")
        .order_by("title", "pk")
    )


@require_safe
def top_collection(request: HttpRequest) -> HttpResponse:
    collections = Collection.objects.filter(parent__isnull=True).order_by("order", "name")
    document = presentation.build_top_collection(collections, site_url(request))
    body = document.json().encode()
    return json_response(request, body, quote_etag(hashlib.sha256(body).hexdigest()[:32]))


@require_safe
def collection(request: HttpRequest, slug: str, page: int | None = None) -> HttpResponse:
    """A Sammlung; with more than MANIFESTS_PER_PAGE objects, its pages list them."""
    sammlung = get_object_or_404(Collection.objects.select_related("parent"), slug=slug)
    url = site_url(request)
    objects = public_objects_of(sammlung)
    paginator = Paginator(objects, MANIFESTS_PER_PAGE)
    children = sammlung.children.order_by("order", "name")
    if page is not None:
        if page < 1 or page > paginator.num_pages or paginator.num_pages == 1:
            raise Http404("No such page")
        document = presentation.build_collection(
            sammlung,
            [],
            paginator.page(page).object_list,
            url,
            page_id=url(f"/iiif/collection/{slug}/{page}"),
        )
    elif paginator.num_pages > 1:
        pages = [url(f"/iiif/collection/{slug}/{n}") for n in paginator.page_range]
        document = presentation.build_collection(sammlung, children, [], url, pages=pages)
    else:
        document = presentation.build_collection(sammlung, children, objects, url)
    body = document.json().encode()
    return json_response(request, body, quote_etag(hashlib.sha256(body).hexdigest()[:32]))


@require_safe
def mirador(request: HttpRequest, identifier: str) -> HttpResponse:
    """Mirador, served by us, on the manifest of one public object."""
    heritage_object = get_object_or_404(
        HeritageObject.objects.published(), identifier=identifier
    )
    return render(
        request,
        "iiif/mirador.html",
        {
            "title": heritage_object.title,
            "manifest_url": request.build_absolute_uri(
                reverse("iiif:manifest", args=[identifier])
            ),
        },
    )


@require_safe
def discovery_collection(request: HttpRequest) -> HttpResponse:
    """Change Discovery API 1.0: the ordered collection of activity pages."""
    document = discovery.collection_document(site_url(request), Activity.objects.count())
    return discovery_response(document)


@require_safe
def discovery_page(request: HttpRequest, number: int) -> HttpResponse:
    total = Activity.objects.count()
    if number * discovery.PAGE_SIZE >= max(total, 1):
        raise Http404("No such page")
    activities = list(
        Activity.objects.order_by("pk")[
            number * discovery.PAGE_SIZE : (number + 1) * discovery.PAGE_SIZE
        ]
    )
    document = discovery.page_document(site_url(request), number, activities, total)
    return discovery_response(document)


def discovery_response(document: dict) -> HttpResponse:
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False),
        content_type=f'application/ld+json;profile="{discovery.CONTEXT}"',
    )
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response
