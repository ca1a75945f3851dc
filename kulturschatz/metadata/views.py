"""Per-object LIDO and Dublin Core records of public objects."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from kulturschatz.collections.models import (
    HeritageObject,
)

from .crosswalks import dublin_core, lido


def public_record(identifier: str) -> HeritageObject:
    return get_object_or_404(
        HeritageObject.objects.published().with_full_record(), identifier=identifier
    )


def xml_response(body: bytes) -> HttpResponse:
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def object_lido(request: HttpRequest, identifier: str) -> HttpResponse:
    record = lido.build_lido(public_record(identifier), request.build_absolute_uri)
    return xml_response(lido.to_bytes(record))


@require_safe
def object_dublin_core(request: HttpRequest, identifier: str) -> HttpResponse:
    record = dublin_core.build_dublin_core(public_record(identifier), request.build_absolute_uri)
    return xml_response(dublin_core.to_bytes(record))
