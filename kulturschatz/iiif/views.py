"""IIIF Image API 3.0 (/iiif/3/…) and 2.1 (/iiif/2/…) views."""

import hashlib
import json
import logging
import threading
from contextlib import nullcontext

from django.conf import settings
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_safe

from kulturschatz.collections.models import HeritageObject, ObjectImage

from . import derivatives, fastpath, image_api, imaging

logger = logging.getLogger(__name__)

CONTEXTS = image_api.CONTEXTS
PROFILES = image_api.PROFILES


def limits() -> image_api.Limits:
    return image_api.Limits(
        max_width=settings.KULTURSCHATZ_IIIF_MAX_WIDTH,
        max_height=settings.KULTURSCHATZ_IIIF_MAX_HEIGHT,
        max_area=settings.KULTURSCHATZ_IIIF_MAX_AREA,
    )


def get_image(request: HttpRequest, identifier: str) -> ObjectImage:
    """The image if its object is visible to this user; 404 otherwise."""
    try:
        uuid_hex = identifier.replace("-", "")
        int(uuid_hex, 16)
        if len(uuid_hex) != 32:
            raise ValueError
    except ValueError:
        raise Http404("Unknown image identifier") from None
    return get_object_or_404(
        ObjectImage.objects.select_related("heritage_object"),
        uuid=uuid_hex,
        heritage_object__in=HeritageObject.objects.visible_to(request.user),
    )


def base_uri(request: HttpRequest, version: int, image: ObjectImage) -> str:
    path = reverse(
        "iiif:image-base", kwargs={"version": str(version), "identifier": image.iiif_identifier}
    )
    return request.build_absolute_uri(path)


def add_common_headers(
    response: HttpResponse, request: HttpRequest, image: ObjectImage, version: int
) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Link"] = f'<{PROFILES[version]}>;rel="profile"'
    response["Last-Modified"] = http_date(image.updated_at.timestamp())
    if image.heritage_object.is_public:
        patch_cache_control(response, public=True, max_age=30 * 24 * 3600)
    else:
        # Staff preview of an unpublished object: never in a shared cache.
        patch_cache_control(response, private=True, no_store=True)
    response["Vary"] = "Accept, Cookie"
    return response


def not_modified(request: HttpRequest, etag: str, image: ObjectImage) -> bool:
    return fastpath.fresh(request.META, etag, image.updated_at)


def build_info(request: HttpRequest, image: ObjectImage, version: int) -> dict:
    return image_api.info_document(
        base_uri(request, version, image),
        image.width or 0,
        image.height or 0,
        image.rights,
        version,
        limits(),
    )


@require_safe
def image_base(request: HttpRequest, version: str, identifier: str) -> HttpResponse:
    """§2.2: the base URI redirects to the image information."""
    image = get_image(request, identifier)
    response = HttpResponseRedirect(base_uri(request, int(version), image) + "/info.json")
    response.status_code = 303
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def image_info(request: HttpRequest, version: str, identifier: str) -> HttpResponse:
    v = int(version)
    image = get_image(request, identifier)
    info = build_info(request, image, v)
    body = json.dumps(info, ensure_ascii=False).encode()
    etag = quote_etag(hashlib.sha256(body).hexdigest()[:32])
    if "application/ld+json" in request.headers.get("Accept", ""):
        content_type = f'application/ld+json;profile="{CONTEXTS[v]}"'
    else:
        content_type = "application/json"
    if not_modified(request, etag, image):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    return add_common_headers(response, request, image, v)


@require_safe
def image_request(
    request: HttpRequest,
    version: str,
    identifier: str,
    region: str,
    size: str,
    rotation: str,
    quality: str,
    format: str,  # noqa: A002 - the Image API's own word
) -> HttpResponse:
    v = int(version)
    try:
        params = image_api.parse_request(region, size, rotation, quality, format, version=v)
    except image_api.IIIFError as error:
        return error_response(error)
    image = get_image(request, identifier)
    try:
        plan = image_api.plan_request(params, image.width or 0, image.height or 0, limits())
    except image_api.IIIFError as error:
        return error_response(error)
    canonical = image_api.canonical_parameters(plan, image.width or 0, image.height or 0)
    etag = derivatives.response_etag(image.sha256, canonical)
    if not_modified(request, etag, image):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(
            render(image, plan), content_type=image_api.FORMATS[plan.format]
        )
    response["ETag"] = etag
    add_common_headers(response, request, image, v)
    response["Link"] += f', <{base_uri(request, v, image)}/{canonical}>;rel="canonical"'
    return response


# Decoding a master (before its pyramid exists) or composing a large region can
# take hundreds of megabytes: one at a time per worker process keeps a worker's
# memory bounded. Tiles and thumbnails never wait for it.
LARGE_RENDERINGS = threading.BoundedSemaphore(1)
LARGE_RENDERING_PIXELS = 16_000_000


def render_from_pyramid(image: ObjectImage, plan: image_api.RenderPlan) -> bytes:
    """Decode only the tiles of the coarsest level that has enough detail."""
    width, height = image.width or 0, image.height or 0
    factor = image_api.choose_factor(plan, width, height)
    tiles = image_api.tiles_covering(plan.box, factor, width, height)
    decoded_pixels = (plan.box[2] // factor) * (plan.box[3] // factor)
    with LARGE_RENDERINGS if decoded_pixels > LARGE_RENDERING_PIXELS else nullcontext():
        region = imaging.compose_region(
            plan.box, factor, tiles, lambda tile: derivatives.read_tile(image, tile)
        )
        return imaging.finish(region, plan)


def render_from_master(image: ObjectImage, plan: image_api.RenderPlan) -> bytes:
    with LARGE_RENDERINGS, image.master.open("rb") as handle:
        try:
            return imaging.render_from_master(
                handle, plan, (image.width or 0, image.height or 0)
            )
        except imaging.ImageDecodeError:
            logger.exception("Cannot render image %s", image.iiif_identifier)
            raise Http404("The image file cannot be read") from None


def render(image: ObjectImage, plan: image_api.RenderPlan) -> bytes:
    """The response body: a stored tile, a kept rendering, or a new rendering."""
    ready = image.derivatives_ready
    prefix = derivatives.image_prefix(image)
    width, height = image.width or 0, image.height or 0
    storage = derivatives.derivative_storage()
    if ready and (tile := derivatives.exact_tile(plan, width, height)):
        try:
            return derivatives.read_tile(image, tile)
        except OSError:  # a tile file went missing: render it instead
            pass
    name = derivatives.rendering_path(prefix, plan, width, height)
    if name and storage.exists(name):
        with storage.open(name, "rb") as handle:
            return handle.read()
    data = None
    if ready:
        try:
            data = render_from_pyramid(image, plan)
        except OSError:
            logger.warning("Pyramid of %s incomplete; using the master", image.iiif_identifier)
    if data is None:
        data = render_from_master(image, plan)
    if name:
        derivatives.write(name, data)
    return data


def error_response(error: image_api.IIIFError) -> HttpResponse:
    response = HttpResponseBadRequest(error.message + "\n", content_type="text/plain; charset=utf-8")
    response.status_code = error.status
    response["Access-Control-Allow-Origin"] = "*"
    return response
