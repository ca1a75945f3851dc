"""The search page, /api/search and /api/suggest: one implementation (services)."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.contrib.humanize.templatetags.humanize import ordinal
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kulturschatz.collections.models import (
    Agent,
    Collection,
    Concept,
    EventActor,
    HeritageObject,
    Institution,
    Place,
)
from kulturschatz.iiif import links

from . import analysis
from .backends import get_search_backend
from .backends.base import SearchUnavailableError
from .documents import FACETS
from .services import (
    PAGE_SIZE,
    SearchParameterError,
    parse_search_parameters,
    search_objects,
)

FACET_LABELS = {
    "type": pgettext_lazy("facet", "Object type"),
    "collection": pgettext_lazy("facet", "Collection"),
    "institution": pgettext_lazy("facet", "Institution"),
    "material": pgettext_lazy("facet", "Material and technique"),
    "place": pgettext_lazy("facet", "Place"),
    "person": pgettext_lazy("facet", "Person"),
    "century": pgettext_lazy("facet", "Century"),
}


def century_label(century: int) -> str:
    """12 → "12. Jahrhundert" / "12th century"; -3 → "3. Jahrhundert v. Chr."."""
    if century > 0:
        return _("%(ordinal)s century") % {"ordinal": ordinal(century)}
    return _("%(ordinal)s century BCE") % {"ordinal": ordinal(-century)}


def facet_labels(facets: dict[str, list[tuple[int, int]]]) -> dict[str, dict[int, str]]:
    """Names of the facet values shown, in the active language (one small
    query per facet, no model instances)."""
    english = get_language() == "en"
    lookups = {
        "type": (Concept, "label", "label_en"),
        "material": (Concept, "label", "label_en"),
        "collection": (Collection, "name", "name_en"),
        "institution": (Institution, "name", "name_en"),
        "place": (Place, "name", "name_en"),
        "person": (Agent, "name", None),
    }
    labels: dict[str, dict[int, str]] = {}
    for facet, values in facets.items():
        keys = [value for value, _count in values]
        if facet == "century":
            labels[facet] = {key: century_label(key) for key in keys}
            continue
        if not keys:
            labels[facet] = {}
            continue
        model, german, translated = lookups[facet]
        now = time.monotonic()
        known = {}
        for key in keys:
            cached = _label_cache.get((facet, key, english))
            if cached and now - cached[0] < LABEL_CACHE_SECONDS:
                known[key] = cached[1]
        missing = [key for key in keys if key not in known]
        if missing:
            columns = ["pk", german] + ([translated] if translated else [])
            for row in model.objects.filter(pk__in=missing).values_list(*columns):
                label = row[2] if english and translated and row[2] else row[1]
                known[row[0]] = label
                _label_cache[(facet, row[0], english)] = (now, label)
        labels[facet] = known
    if len(_label_cache) > 50_000:
        _label_cache.clear()
    return labels


# Facet labels change rarely (a renamed place, say): kept for a minute per process.
_label_cache: dict[tuple, tuple[float, str]] = {}
LABEL_CACHE_SECONDS = 60


def toggled(params: QueryDict, facet: str, value: int) -> str:
    """The query string with one facet value switched on or off (page reset)."""
    pairs = [(k, v) for k, values in params.lists() if k != "page" for v in values]
    item = (facet, str(value))
    pairs = [p for p in pairs if p != item] if item in pairs else pairs + [item]
    return urlencode(pairs)


def run(request: HttpRequest):
    query, page = parse_search_parameters(request.GET)
    results, items, relaxed, suggestion = search_objects(query)
    labels = facet_labels(results.facets)
    facets = []
    for facet in FACETS:
        selected = query.filters.get(facet, frozenset())
        values = [
            {
                "value": value,
                "label": labels[facet][value],
                "count": count,
                "selected": value in selected,
            }
            for value, count in results.facets.get(facet, [])
            if value in labels[facet]
        ]
        if values:
            facets.append({"name": facet, "label": FACET_LABELS[facet], "values": values})
    pages = max(1, -(-results.total // PAGE_SIZE))
    return {
        "search": query,
        "query": query.parsed.text,
        "page_number": page,
        "pages": pages,
        "results": results,
        "items": items,
        "facets": facets,
        "relaxed": relaxed,
        "suggestion": suggestion,
    }


def page_url(params: QueryDict, number: int) -> str:
    copy = params.copy()
    copy["page"] = str(number)
    return "?" + copy.urlencode()


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    try:
        context = run(request)
    except SearchParameterError as error:
        return render(
            request,
            "search/search.html",
            {"error": error.message, "query": request.GET.get("q", "")[:500]},
            status=400,
        )
    except SearchUnavailableError:
        return render(
            request,
            "search/search.html",
            {
                "error": _("Search is being set up; please try again shortly."),
                "query": "",
            },
            status=503,
        )
    params = request.GET
    without_dates = params.copy()
    for key in ("date_from", "date_to", "page"):
        without_dates.pop(key, None)
    # The filters in force, each with the address that removes it: shown above
    # the results, where a phone user sees them without opening "Refine".
    active_filters = []
    for group in context["facets"]:
        for value in group["values"]:
            value["toggle"] = toggled(params, group["name"], value["value"])
            if value["selected"]:
                active_filters.append(
                    {"label": f"{group['label']}: {value['label']}", "url": "?" + value["toggle"]}
                )
    if params.get("date_from") or params.get("date_to"):
        active_filters.append(
            {
                "label": _("Years %(start)s–%(end)s")
                % {"start": params.get("date_from", ""), "end": params.get("date_to", "")},
                "url": "?" + without_dates.urlencode(),
            }
        )
    context["active_filters"] = active_filters
    context["previous_url"] = (
        page_url(params, context["page_number"] - 1)
        if context["page_number"] > 1
        else ""
    )
    context["next_url"] = (
        page_url(params, context["page_number"] + 1)
        if context["page_number"] < context["pages"]
        else ""
    )
    context["hidden_params"] = [
        (key, value)
        for key, values in without_dates.lists()
        if key not in ("q", "sort")
        for value in values
    ]
    context["suggestion_url"] = ""
    if context["suggestion"]:
        copy = params.copy()
        copy["q"] = context["suggestion"]
        copy.pop("page", None)
        context["suggestion_url"] = "?" + copy.urlencode()
    return render(request, "search/search.html", context)


@require_safe
def search_api(request: HttpRequest) -> JsonResponse:
    try:
        context = run(request)
    except SearchParameterError as error:
        return JsonResponse(
            {"error": str(error.message), "parameter": error.parameter}, status=400
        )
    except SearchUnavailableError:
        return JsonResponse(
            {"error": "The search index is not available yet."}, status=503
        )
    absolute = request.build_absolute_uri
    results = [
        {
            "id": item.identifier,
            "title": item.title,
            "title_lang": item.title_lang,
            "url": absolute(item.get_absolute_url()),
            "manifest": absolute(reverse("iiif:manifest", args=[item.identifier])),
            "snippet": str(item.snippet),
            "date": item.dating_display,
            "earliest": item.earliest_year,
            "latest": item.latest_year,
            "institution": item.institution,
            "inventory_number": item.inventory_number,
            "thumbnail": absolute(links.image_url(item.image, 400)) if item.image else None,
        }
        for item in context["items"]
    ]
    query = context["search"]
    return JsonResponse(
        {
            "query": context["query"],
            "total": context["results"].total,
            "page": context["page_number"],
            "pages": context["pages"],
            "page_size": PAGE_SIZE,
            "sort": query.sort,
            "date_from": query.date_from,
            "date_to": query.date_to,
            "relaxed": context["relaxed"],
            "suggestion": context["suggestion"] or None,
            "results": results,
            "facets": {
                group["name"]: [
                    {
                        "value": v["value"],
                        "label": v["label"],
                        "count": v["count"],
                        "selected": v["selected"],
                    }
                    for v in group["values"]
                ]
                for group in context["facets"]
            },
        },
        json_dumps_params={"ensure_ascii": False},
    )


_entity_cache: dict[str, tuple[float, list]] = {}
ENTITY_CACHE_SECONDS = 60


def public_entities() -> list[tuple[str, str, str, str]]:
    """(kind, folded name, name, url) of persons and places with public objects."""
    cached = _entity_cache.get("entities")
    if cached and time.monotonic() - cached[0] < ENTITY_CACHE_SECONDS:
        return cached[1]
    published = HeritageObject.objects.published()
    agents = Agent.objects.filter(
        pk__in=EventActor.objects.filter(event__heritage_object__in=published).values(
            "agent"
        )
    ) | Agent.objects.filter(subject_of__in=published)
    places = Place.objects.filter(
        events__heritage_object__in=published
    ) | Place.objects.filter(subject_of__in=published)
    entries = [
        ("person", analysis.fold(agent.name), agent.name, agent.get_absolute_url())
        for agent in agents.distinct()
    ] + [
        (
            "place",
            analysis.fold(place.name),
            place.display_name,
            place.get_absolute_url(),
        )
        for place in places.distinct()
    ]
    _entity_cache["entities"] = (time.monotonic(), entries)
    return entries


@require_safe
def suggest_api(request: HttpRequest) -> JsonResponse:
    """Completions while typing: objects by title, persons and places."""
    text = request.GET.get("q", "").strip()[:100]
    words = [analysis.fold(word) for word in analysis.words(text)]
    if not words or len(words[-1]) < 2:
        return JsonResponse({"query": text, "objects": [], "persons": [], "places": []})
    completions = get_search_backend().complete(text, limit=6)
    published = HeritageObject.objects.published().in_bulk([c.pk for c in completions])
    objects = [
        {
            "title": c.title,
            "url": request.build_absolute_uri(published[c.pk].get_absolute_url()),
        }
        for c in completions
        if c.pk in published
    ]
    found: dict[str, list] = {"person": [], "place": []}
    for kind, folded, name, url in public_entities():
        name_words = folded.split()
        if all(any(w.startswith(typed) for w in name_words) for typed in words):
            if len(found[kind]) < 5:
                found[kind].append(
                    {"name": name, "url": request.build_absolute_uri(url)}
                )
    return JsonResponse(
        {
            "query": text,
            "objects": objects,
            "persons": found["person"],
            "places": found["place"],
        },
        json_dumps_params={"ensure_ascii": False},
    )
