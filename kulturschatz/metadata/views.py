"""Per-object LIDO and Dublin Core records of public objects."""

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from kulturschatz.collections.models import (
    Event,
    EventActor,
    HeritageObject,
    ObjectRelation,
)

from .crosswalks import dublin_core, lido


def public_record(identifier: str) -> HeritageObject:
    queryset = (
        HeritageObject.objects.published()
        .select_related("institution", "object_type")
        .prefetch_related(
            "titles",
            "descriptions",
            "inscriptions",
            "measurements",
            "images",
            "object_type__uris",
            "classifications__uris",
            "subject_concepts__uris",
            "subject_agents__uris",
            "subject_places__uris",
            Prefetch(
                "events",
                queryset=Event.objects.select_related("event_type", "method").prefetch_related(
                    "event_type__uris",
                    "method__uris",
                    "places__uris",
                    "materials__uris",
                    "techniques__uris",
                    Prefetch(
                        "actors",
                        queryset=EventActor.objects.select_related("agent", "role").prefetch_related(
                            "agent__uris", "role__uris"
                        ),
                    ),
                ),
            ),
            Prefetch(
                "relations",
                queryset=ObjectRelation.objects.select_related(
                    "relation_type", "target"
                ).prefetch_related("relation_type__uris"),
            ),
        )
    )
    return get_object_or_404(queryset, identifier=identifier)


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
