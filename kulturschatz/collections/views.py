"""Public pages of the catalogue. Every query starts from ``published()``."""

import re

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from kulturschatz.iiif import links
from kulturschatz.search.services import last_change

from . import dating
from .models import (
    Agent,
    Collection,
    Concept,
    HeritageObject,
    Institution,
    Place,
    pick_language,
)

PAGE_SIZE = 24


def public_objects() -> QuerySet[HeritageObject]:
    return HeritageObject.objects.published().with_display_data()


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    figures = home_figures()
    # The chosen objects come through published() on every request: a cached
    # choice can't show an object withdrawn since.
    order = {pk: position for position, pk in enumerate(figures["featured"])}
    featured = sorted(
        public_objects().filter(pk__in=order), key=lambda o: order[o.pk]
    )
    collections = (
        Collection.objects.filter(parent__isnull=True)
        .select_related("institution")
        .order_by("institution__name", "order", "name")
    )
    return render(
        request,
        "collections/home.html",
        {
            "featured": featured,
            "collections": collections,
            "centuries": figures["centuries"],
            "object_count": figures["object_count"],
            "institution_count": figures["institution_count"],
        },
    )


HOME_CACHE_SECONDS = 600


def home_figures() -> dict:
    """The home page's counts, timeline and choice of objects.

    Counting 100,000 objects takes longer than the whole page may, so the figures
    are kept until the catalogue changes (search.services.last_change) or the
    day does (an embargo ends at midnight).
    """
    key = f"collections:home:{timezone.localdate()}:{last_change()}"
    figures = cache.get(key)
    if figures is None:
        published = HeritageObject.objects.published()
        featured = list(
            published.filter(featured=True)
            .order_by("title")
            .values_list("pk", flat=True)[:12]
        )
        if not featured:  # nothing chosen yet: the most recently published
            featured = list(
                published.order_by("-published_at", "title").values_list(
                    "pk", flat=True
                )[:8]
            )
        figures = {
            "featured": featured,
            "centuries": century_counts(published),
            "object_count": published.count(),
            "institution_count": published.order_by()
            .values("institution")
            .distinct()
            .count(),
        }
        cache.set(key, figures, HOME_CACHE_SECONDS)
    return figures


def century_counts(queryset: QuerySet[HeritageObject]) -> list[dict]:
    """Objects per century of their earliest date, for the timeline."""
    counts: dict[int, int] = {}
    per_year = (
        queryset.exclude(earliest_year__isnull=True)
        .order_by()
        .values_list("earliest_year")
        .annotate(count=Count("pk"))
    )
    for year, count in per_year:
        century = dating.century_of(year)
        counts[century] = counts.get(century, 0) + count
    return [
        {"century": century, "count": count, "date_from": span.earliest, "date_to": span.latest}
        for century, count in sorted(counts.items())
        for span in [dating.century_span(century)]
    ]


@require_safe
def object_list(request: HttpRequest) -> HttpResponse:
    """Browse and filter the published objects; a text query is the search's."""
    if request.GET.get("q", "").strip():
        return redirect(reverse("search:search") + "?" + request.GET.urlencode())
    objects = public_objects()
    query = ""
    filters = {}
    for parameter, field in [
        ("institution", "institution__slug"),
        ("collection", "collection__slug"),
        ("type", "object_type__slug"),
    ]:
        value = request.GET.get(parameter, "").strip()
        if value:
            objects = objects.filter(**{field: value})
            filters[parameter] = value
    for parameter, condition in [("date_from", "latest_year__gte"), ("date_to", "earliest_year__lte")]:
        value = request.GET.get(parameter, "").strip()
        if re.fullmatch(r"-?[0-9]{1,7}", value):  # ASCII digits, a year's size
            objects = objects.filter(**{condition: int(value)})
            filters[parameter] = value
    sort = request.GET.get("sort", "title")
    ordering = {"title": ["title"], "date": ["earliest_year", "title"], "-date": ["-latest_year", "title"]}
    objects = objects.order_by(*ordering.get(sort, ["title"]))
    page = Paginator(objects, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "collections/object_list.html",
        {
            "page": page,
            "query": query,
            "filters": filters,
            "sort": sort,
            "object_types": Concept.objects.filter(
                kind=Concept.Kind.OBJECT_TYPE,
                pk__in=HeritageObject.objects.published().values("object_type"),
            ),
            "institutions": Institution.objects.filter(
                pk__in=HeritageObject.objects.published().values("institution")
            ),
        },
    )


OBJECT_PAGE_CACHE_SECONDS = 3600


@require_safe
def object_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    """An object's page; for anonymous visitors kept until the catalogue changes.

    A record with thirty events and twenty-five images takes 60-70 ms to fetch
    and render (bench/pages.py), a stored page a few. The key holds the
    catalogue's state (search.services.last_change, which every write moves)
    and the day; the object's visibility is still checked on every request, so
    a stored page can never outlive its object's publication. Staff always get
    a fresh page (previews, admin links).
    """
    key = None
    if not request.user.is_authenticated:
        key = (
            f"collections:object:{identifier}:{get_language()}:"
            f"{timezone.localdate()}:{last_change()}"
        )
        content = cache.get(key)
        if (
            content is not None
            and HeritageObject.objects.published().filter(identifier=identifier).exists()
        ):
            return HttpResponse(content)
    response, is_public = render_object_page(request, identifier)
    if key is not None and is_public:
        cache.set(key, response.content, OBJECT_PAGE_CACHE_SECONDS)
    elif not is_public:
        # Staff preview of an unpublished object: never in a shared cache
        # (as its IIIF images, iiif.views.add_common_headers).
        patch_cache_control(response, private=True, no_store=True)
    return response


def render_object_page(request: HttpRequest, identifier: str) -> tuple[HttpResponse, bool]:
    queryset = HeritageObject.objects.visible_to(request.user).with_full_record()
    heritage_object = get_object_or_404(queryset, identifier=identifier)
    title, title_lang = heritage_object.display_title()
    public_ids = set(
        HeritageObject.objects.published()
        .filter(pk__in=[r.target_id for r in heritage_object.relations.all() if r.target_id])
        .values_list("pk", flat=True)
    )
    relations = [
        r for r in heritage_object.relations.all() if not r.target_id or r.target_id in public_ids
    ]
    images = list(heritage_object.images.all())
    descriptions = pick_descriptions(heritage_object)
    # Shown hints are part of the stored page: accepting or withdrawing one
    # saves the object, which moves the page's key (search.services.last_change).
    hints = list(heritage_object.hints.shown())
    primary_image = heritage_object.primary_image()
    response = render(
        request,
        "collections/object_detail.html",
        {
            "object": heritage_object,
            "title": title,
            "title_lang": title_lang,
            "images": images,
            "primary_image": primary_image,
            "share_image": request.build_absolute_uri(links.image_url(primary_image, 1200))
            if primary_image
            else "",
            "relations": relations,
            "descriptions": descriptions,
            "structured_data": structured_data(heritage_object, title, descriptions, request),
            "permanent_url": request.build_absolute_uri(heritage_object.get_absolute_url()),
            "manifest_url": request.build_absolute_uri(
                reverse("iiif:manifest", args=[heritage_object.identifier])
            ),
            "is_preview": not heritage_object.is_public,
            "hints": hints,
        },
    )
    return response, heritage_object.is_public


def structured_data(
    heritage_object: HeritageObject, title: str, descriptions: list, request: HttpRequest
) -> dict:
    """schema.org description of an object page, for search engines."""
    url = request.build_absolute_uri
    data: dict = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "@id": url(heritage_object.get_absolute_url()),
        "url": url(heritage_object.get_absolute_url()),
        "name": title,
        "identifier": heritage_object.inventory_number,
        "license": heritage_object.rights,
        "provider": {
            "@type": "Organization",
            "name": heritage_object.institution.name,
            "url": url(heritage_object.institution.get_absolute_url()),
        },
    }
    if descriptions:
        data["description"] = descriptions[0].text
    if heritage_object.dating_display:
        data["dateCreated"] = heritage_object.dating_display
    if heritage_object.object_type:
        data["genre"] = heritage_object.object_type.label
    creators = []
    for event in heritage_object.events.all():
        if event.is_production:
            for actor in event.actors.all():
                person = {
                    "@type": "Person" if actor.agent.kind == "person" else "Organization",
                    "name": actor.agent.name,
                }
                same_as = [u.uri for u in actor.agent.uris.all()]
                if same_as:
                    person["sameAs"] = same_as
                creators.append(person)
            places = [p.name for p in event.places.all()]
            if places:
                data["locationCreated"] = {"@type": "Place", "name": places[0]}
    if creators:
        data["creator"] = creators
    if heritage_object.collection:
        data["isPartOf"] = {
            "@type": "Collection",
            "name": heritage_object.collection.name,
            "url": url(heritage_object.collection.get_absolute_url()),
        }
    image = heritage_object.primary_image()
    if image is not None:
        data["image"] = url(links.image_url(image, 1200))
    return data


def pick_descriptions(heritage_object: HeritageObject) -> list:
    """Descriptions in the active language, else all of them (with their lang)."""
    language = (get_language() or "de").split("-")[0]
    descriptions = list(heritage_object.descriptions.all())
    chosen = [d for d in descriptions if d.lang == language]
    return chosen or descriptions


def objects_page(request: HttpRequest, objects: QuerySet[HeritageObject]):
    # Objects found through joins (a person's events and subjects) come once
    # each through a subquery of their keys: DISTINCT over every column of
    # thousands of rows, and a count over that, took a third of a second.
    unique = public_objects().filter(pk__in=objects.order_by().values("pk"))
    return Paginator(unique.order_by("title", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )


@require_safe
def collection_detail(request: HttpRequest, slug: str) -> HttpResponse:
    collection = get_object_or_404(
        Collection.objects.select_related("institution", "parent"), slug=slug
    )
    objects = public_objects().filter(collection_id__in=collection.descendant_ids())
    return render(
        request,
        "collections/collection_detail.html",
        {
            "collection": collection,
            "children": collection.children.all(),
            "page": objects_page(request, objects),
        },
    )


@require_safe
def institution_detail(request: HttpRequest, slug: str) -> HttpResponse:
    institution = get_object_or_404(Institution.objects.select_related("place"), slug=slug)
    return render(
        request,
        "collections/institution_detail.html",
        {
            "institution": institution,
            "collections": institution.collections.filter(parent__isnull=True),
            "page": objects_page(request, public_objects().filter(institution=institution)),
        },
    )


@require_safe
def agent_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agent = get_object_or_404(Agent.objects.prefetch_related("uris"), pk=pk)
    objects = public_objects().referring_to_agent(agent)
    page = objects_page(request, objects)
    if not page.paginator.count:
        # Known only from unpublished records: even the name is not public.
        raise Http404
    return render(
        request,
        "collections/entity_detail.html",
        {
            "entity": agent,
            "heading": agent.name,
            "subheading": agent.dates,
            "description": agent.display_description,
            "page": page,
        },
    )


@require_safe
def place_detail(request: HttpRequest, pk: int) -> HttpResponse:
    place = get_object_or_404(Place.objects.select_related("parent").prefetch_related("uris"), pk=pk)
    objects = public_objects().referring_to_place(place)
    page = objects_page(request, objects)
    if not page.paginator.count:
        # Known only from unpublished records: even the name is not public.
        raise Http404
    return render(
        request,
        "collections/entity_detail.html",
        {
            "entity": place,
            "heading": place.display_name,
            "heading_lang": pick_language({"de": place.name, "en": place.name_en}, "de")[1],
            "subheading": place.parent.display_name if place.parent else "",
            "description": place.description,
            "page": page,
        },
    )


# The concept kinds that get a public page, with the one path by which an
# object refers to a concept of that kind. Roles, event, relation types and
# methods only structure a record; a page listing "every production" says nothing.
CONCEPT_REFERENCES = {
    Concept.Kind.SUBJECT: "subject_concepts",
    Concept.Kind.PERIOD: "subject_concepts",
    Concept.Kind.OBJECT_TYPE: "object_type",
    Concept.Kind.CLASSIFICATION: "classifications",
    Concept.Kind.MATERIAL: "events__materials",
    Concept.Kind.TECHNIQUE: "events__techniques",
}


@require_safe
def concept_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A subject, period, object type, material … with every public object of it.

    A concept no published object refers to answers 404: its label alone could
    tell what an unpublished record is about.
    """
    concept = get_object_or_404(
        Concept.objects.filter(kind__in=CONCEPT_REFERENCES)
        .select_related("broader")
        .prefetch_related("uris"),
        pk=pk,
    )
    objects = public_objects().filter(**{CONCEPT_REFERENCES[concept.kind]: concept})
    page = objects_page(request, objects)
    if not page.paginator.count:
        raise Http404("No published object refers to this concept.")
    label, label_lang = concept_label(concept)
    broader = concept.broader
    broader_url = ""
    if (
        broader is not None
        and broader.kind in CONCEPT_REFERENCES
        and public_objects().filter(**{CONCEPT_REFERENCES[broader.kind]: broader}).exists()
    ):
        broader_url = reverse("collections:subject-detail", args=[broader.pk])
    return render(
        request,
        "collections/entity_detail.html",
        {
            "entity": concept,
            "heading": label,
            "heading_lang": label_lang,
            "subheading": capfirst(concept.get_kind_display()),
            "description": concept.scope_note,
            "description_lang": "de",
            "broader": broader,
            "broader_url": broader_url,
            "page": page,
        },
    )


def concept_label(concept: Concept) -> tuple[str, str]:
    """The concept's label in the active language, else the German one."""
    return pick_language({"de": concept.label, "en": concept.label_en}, "de")


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        "Disallow: /i18n/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
