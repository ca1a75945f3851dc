"""The read-only JSON API under /api/v1/. Every object comes from ``published()``
(querysets.py); views parse, fetch through a queryset, serialize and respond."""

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from drf_spectacular.views import (
    SpectacularJSONAPIView,
    SpectacularSwaggerSplitView,
    SpectacularYAMLAPIView,
)
from rest_framework import exceptions, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kulturschatz.collections.models import (
    Agent,
    Collection,
    HeritageObject,
    Institution,
    Place,
)
from kulturschatz.search.backends.base import SORTS, SearchUnavailableError
from kulturschatz.search.documents import FACETS
from kulturschatz.search.services import (
    MAX_FILTER_VALUES,
    MAX_PAGE,
    SearchParameterError,
    parse_search_parameters,
    search_objects,
)
from kulturschatz.search.views import facet_labels

from . import serializers
from .errors import ErrorSerializer, ParameterError
from .filters import ObjectFilter
from .pagination import DIGITS, MAX_PAGE_SIZE, parse_positive
from .querysets import (
    CollectionTree,
    count_by_agent,
    count_by_institution,
    count_by_place,
    public_agents,
    public_places,
    published_objects,
)

BAD_PARAMETER = OpenApiResponse(ErrorSerializer, description="A parameter is wrong.")
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such public record.")

KEY_PARAMETER = r"^[-a-zA-Z0-9_]+$"


def example(summary: str, value: object) -> OpenApiExample:
    """An example from the demo archive (`manage.py loaddemo`)."""
    return OpenApiExample(summary, value=value)


def slug_parameter(description: str, *examples: OpenApiExample) -> OpenApiParameter:
    return OpenApiParameter(
        "slug",
        OpenApiTypes.STR,
        OpenApiParameter.PATH,
        pattern=KEY_PARAMETER,
        description=description,
        examples=list(examples),
    )


def id_parameter(description: str) -> OpenApiParameter:
    return OpenApiParameter(
        "id", OpenApiTypes.INT, OpenApiParameter.PATH, description=description
    )


class OpenDataMixin:
    """Open data: any web page may read the answers (CORS), and no one writes.
    Reasons and labels follow Accept-Language (German unless English is asked
    for): the site's pages choose by URL, which an API address does not carry."""

    http_method_names = ["get", "head", "options"]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        translation.activate(
            translation.get_language_from_request(request._request, check_path=False)
        )
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        for name, values in request.query_params.lists():
            # PostgreSQL cannot compare text with NUL in it (psycopg refuses it).
            if any("\x00" in value for value in values):
                raise ParameterError(name, _("The value contains a NUL character."))

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(  # type: ignore[misc]
            request, response, *args, **kwargs
        )
        response["Access-Control-Allow-Origin"] = "*"
        return response


class PublicViewSet(OpenDataMixin, viewsets.ReadOnlyModelViewSet):
    """A list with pages and a detail answering 404 with a reason."""

    lookup_value_regex = "[^/]+"
    not_found_message = ""

    def get_object(self) -> Any:
        queryset = self.filter_queryset(self.get_queryset())
        key = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        try:
            return queryset.get(**{self.lookup_field: key})
        except (queryset.model.DoesNotExist, ValueError, TypeError):
            raise exceptions.NotFound(self.not_found_message % {"key": key}) from None

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        context["counts"] = self.count
        return context

    def count(self, entity: Any) -> int:
        raise NotImplementedError


# ---------------------------------------------------------------------------
# Objects
# ---------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Published objects",
        description="Compact records of published objects, filtered and ordered.",
        responses={200: serializers.ObjectSummarySerializer(many=True), 400: BAD_PARAMETER},
    ),
    retrieve=extend_schema(
        summary="One published object, its full record",
        description="The full record of a published object: titles, events with "
        "actors and places, descriptions, images (IIIF), rights and links.",
        parameters=[
            OpenApiParameter(
                "identifier",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                pattern=r"^[-a-zA-Z0-9_]+$",
                description="The object's permanent identifier.",
                examples=[example("Merseburger Zaubersprüche", "dsb-cod-136")],
            )
        ],
        responses={200: serializers.ObjectSerializer, 404: NOT_FOUND},
    ),
)
class ObjectViewSet(PublicViewSet):
    lookup_field = "identifier"
    filterset_class = ObjectFilter

    def get_queryset(self) -> QuerySet[HeritageObject]:
        if self.action == "retrieve":
            return published_objects().with_full_record().prefetch_related(
                "linked_resources"
            )
        return published_objects().with_display_data().prefetch_related(
            "object_type__uris"
        )

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        if self.action == "retrieve":
            return queryset  # filters and ordering are for the list
        return super().filter_queryset(queryset)

    def get_serializer_class(self) -> type:
        if self.action == "retrieve":
            return serializers.ObjectSerializer
        return serializers.ObjectSummarySerializer

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        context["tree"] = CollectionTree()
        return context

    @property
    def not_found_message(self) -> str:  # type: ignore[override]
        return _("There is no public object with the identifier %(key)s.")


# ---------------------------------------------------------------------------
# Collections and institutions: all of them, as the public pages show them
# ---------------------------------------------------------------------------

@extend_schema_view(
    list=extend_schema(
        summary="Collections",
        description="Every collection (Sammlung) with its number of published objects.",
        responses={200: serializers.CollectionSerializer(many=True), 400: BAD_PARAMETER},
    ),
    retrieve=extend_schema(
        summary="One collection",
        description="A collection, its sub-collections and its published objects.",
        parameters=[
            slug_parameter("The collection's key.", example("Manuscripts", "handschriften"))
        ],
        responses={200: serializers.CollectionSerializer, 404: NOT_FOUND},
    ),
)
class CollectionViewSet(PublicViewSet):
    serializer_class = serializers.CollectionSerializer
    lookup_field = "slug"
    filterset_class = None
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Collection]:
        return (
            Collection.objects.select_related("institution", "parent")
            .prefetch_related(
                Prefetch("children", queryset=Collection.objects.order_by("order", "name"))
            )
            .order_by("institution__name", "order", "name", "pk")
        )

    def count(self, collection: Collection) -> int:
        if not hasattr(self, "_tree"):
            self._tree = CollectionTree()
        return self._tree.public_count(collection.pk)

    @property
    def not_found_message(self) -> str:  # type: ignore[override]
        return _("There is no collection with the key %(key)s.")


@extend_schema_view(
    list=extend_schema(
        summary="Institutions",
        description="Every holding institution with its number of published objects.",
        responses={200: serializers.InstitutionSerializer(many=True), 400: BAD_PARAMETER},
    ),
    retrieve=extend_schema(
        summary="One institution",
        description="An institution, its collections and its published objects.",
        parameters=[
            slug_parameter(
                "The institution's key.",
                example("Cathedral library", "domstiftsbibliothek-merseburg"),
            )
        ],
        responses={200: serializers.InstitutionSerializer, 404: NOT_FOUND},
    ),
)
class InstitutionViewSet(PublicViewSet):
    serializer_class = serializers.InstitutionSerializer
    lookup_field = "slug"
    filterset_class = None
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Institution]:
        return (
            Institution.objects.select_related("place")
            .prefetch_related(
                "place__uris",
                Prefetch("collections", queryset=Collection.objects.order_by("order", "name")),
            )
            .order_by("name", "pk")
        )

    def count(self, institution: Institution) -> int:
        if not hasattr(self, "_counts"):
            self._counts = count_by_institution()
        return self._counts[institution.pk]

    @property
    def not_found_message(self) -> str:  # type: ignore[override]
        return _("There is no institution with the key %(key)s.")


# ---------------------------------------------------------------------------
# Persons and places: only those a published object refers to
# ---------------------------------------------------------------------------


class ReferredEntityViewSet(PublicViewSet):
    """Counts for a page of persons or places, read in two queries."""

    lookup_value_regex = "[^/]+"
    filterset_class = None
    filter_backends: list = []
    count_function: Any = None

    def count(self, entity: Any) -> int:
        counts = getattr(self, "_counts", None)
        if counts is None or entity.pk not in counts:
            shown = getattr(self, "_page_ids", None) or [entity.pk]
            self._counts = type(self).count_function(shown)
        return self._counts[entity.pk]

    def paginate_queryset(self, queryset: QuerySet) -> list | None:
        page = super().paginate_queryset(queryset)
        self._page_ids = [entity.pk for entity in page or []]
        return page


@extend_schema_view(
    list=extend_schema(
        summary="Persons and bodies",
        description="Persons, families and organisations that published objects "
        "refer to (as makers, owners … or as subjects).",
        parameters=[
            OpenApiParameter(
                "name", OpenApiTypes.STR, description="Part of the name, any case."
            )
        ],
        responses={200: serializers.AgentSerializer(many=True), 400: BAD_PARAMETER},
    ),
    retrieve=extend_schema(
        summary="One person or body",
        description="A person or body that published objects refer to.",
        parameters=[id_parameter("The person's id.")],
        responses={200: serializers.AgentSerializer, 404: NOT_FOUND},
    ),
)
class AgentViewSet(ReferredEntityViewSet):
    serializer_class = serializers.AgentSerializer
    lookup_field = "pk"
    lookup_url_kwarg = "id"
    count_function = staticmethod(count_by_agent)

    def get_queryset(self) -> QuerySet[Agent]:
        queryset = public_agents().prefetch_related("uris").order_by("name", "pk")
        name = self.request.query_params.get("name", "").strip()
        if self.action == "list" and name:
            queryset = queryset.filter(name__icontains=name[:200])
        return queryset

    @property
    def not_found_message(self) -> str:  # type: ignore[override]
        return _("There is no person with the id %(key)s.")


@extend_schema_view(
    list=extend_schema(
        summary="Places",
        description="Places that published objects refer to (where an event "
        "happened, or as subjects).",
        parameters=[
            OpenApiParameter(
                "name", OpenApiTypes.STR, description="Part of the name, any case."
            )
        ],
        responses={200: serializers.PlaceSerializer(many=True), 400: BAD_PARAMETER},
    ),
    retrieve=extend_schema(
        summary="One place",
        description="A place that published objects refer to.",
        parameters=[id_parameter("The place's id.")],
        responses={200: serializers.PlaceSerializer, 404: NOT_FOUND},
    ),
)
class PlaceViewSet(ReferredEntityViewSet):
    serializer_class = serializers.PlaceSerializer
    lookup_field = "pk"
    lookup_url_kwarg = "id"
    count_function = staticmethod(count_by_place)

    def get_queryset(self) -> QuerySet[Place]:
        queryset = (
            public_places()
            .select_related("parent")
            .prefetch_related("uris")
            .order_by("name", "pk")
        )
        name = self.request.query_params.get("name", "").strip()
        if self.action == "list" and name:
            queryset = queryset.filter(
                Q(name__icontains=name[:200]) | Q(name_en__icontains=name[:200])
            )
        return queryset

    @property
    def not_found_message(self) -> str:  # type: ignore[override]
        return _("There is no place with the id %(key)s.")


# ---------------------------------------------------------------------------
# Search: the search service of the site, with the same parameters
# ---------------------------------------------------------------------------


def facet_parameter(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(
        name,
        {"type": "array", "items": {"type": "integer"}, "maxItems": MAX_FILTER_VALUES},
        explode=True,
        style="form",
        description=description + " Repeatable: values of one facet are alternatives.",
    )


SEARCH_PARAMETERS = [
    OpenApiParameter(
        "q",
        {"type": "string", "maxLength": 500, "examples": ["Zaubersprüche"]},
        description='Words (all must match), "a phrase", prefix*, -excluded.',
    ),
    OpenApiParameter(
        "date_from",
        {"type": "integer", "minimum": -100_000, "maximum": 100_000},
        description="Year (negative for BCE): objects whose dating overlaps the range.",
    ),
    OpenApiParameter(
        "date_to",
        {"type": "integer", "minimum": -100_000, "maximum": 100_000},
        description="Year (negative for BCE), not before date_from.",
    ),
    OpenApiParameter(
        "sort",
        {"type": "string", "enum": list(SORTS)},
        description="relevance (default with q), title (default without), "
        "date (oldest first), -date (newest first).",
    ),
    OpenApiParameter(
        "page",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
        description=f"Page number, 1 to {MAX_PAGE}.",
    ),
    OpenApiParameter(
        "page_size",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": 20},
        description=f"Results per page (default 20, at most {MAX_PAGE_SIZE}).",
    ),
    facet_parameter("type", "Object type (facet value)."),
    facet_parameter("collection", "Collection, with its sub-collections."),
    facet_parameter("institution", "Institution."),
    facet_parameter("material", "Material or technique."),
    facet_parameter("place", "Place."),
    facet_parameter("person", "Person or body."),
    facet_parameter("century", "Century (negative for BCE)."),
]


class SearchView(OpenDataMixin, APIView):
    """Full-text search over the published objects, with facets."""

    @extend_schema(
        summary="Search",
        description="The site's search (German-aware full text, facets, date range, "
        "sorting) over published objects. Facet values are numbers: take them from "
        "`facets` of a previous answer.",
        parameters=SEARCH_PARAMETERS,
        responses={
            200: serializers.SearchResponseSerializer,
            400: BAD_PARAMETER,
            503: OpenApiResponse(ErrorSerializer, description="The index is not ready."),
        },
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        page_size = parse_positive(request, "page_size", 20, MAX_PAGE_SIZE)
        for name in ("page", *FACETS):
            # The service checks with str.isdigit(), which admits "²" that int()
            # then refuses: only ASCII digits get that far.
            for value in params.getlist(name):
                if value.strip() and not DIGITS.fullmatch(value.strip().lstrip("-")):
                    raise ParameterError(name, self.number_message(name))
        try:
            query, page = parse_search_parameters(params, page_size=page_size)
            results, items, relaxed, suggestion = search_objects(query)
        except SearchParameterError as error:
            raise ParameterError(error.parameter, str(error.message)) from None
        except SearchUnavailableError:
            return Response(
                {"error": _("Search is being set up; please try again shortly."),
                 "parameter": None},
                status=503,
            )
        found = {
            heritage_object.pk: heritage_object
            for heritage_object in published_objects()
            .with_display_data()
            .prefetch_related("object_type__uris")
            .filter(pk__in=[item.pk for item in items])
        }
        hits = [found[item.pk] for item in items if item.pk in found]
        context = {
            "request": request,
            "snippets": {item.pk: str(item.snippet) for item in items},
        }
        pages = max(1, -(-results.total // page_size))
        return Response(
            {
                "count": results.total,
                "page": page,
                "pages": pages,
                "page_size": page_size,
                "next": self.page_link(request, page + 1)
                if page < min(pages, MAX_PAGE)
                else None,
                "previous": self.page_link(request, page - 1) if page > 1 else None,
                "query": query.parsed.text,
                "sort": query.sort,
                "date_from": query.date_from,
                "date_to": query.date_to,
                "relaxed": relaxed,
                "suggestion": suggestion or None,
                "results": serializers.SearchHitSerializer(
                    hits, many=True, context=context
                ).data,
                "facets": self.facets(query, results.facets),
            }
        )

    @staticmethod
    def number_message(name: str) -> str:
        if name == "page":
            return _("The page must be a number from 1 to 500.")
        return _("Facet values are numbers (at most 20).")

    @staticmethod
    def page_link(request: Request, number: int) -> str:
        params: QueryDict = request.query_params.copy()
        params["page"] = str(number)
        return request.build_absolute_uri(request.path + "?" + params.urlencode())

    @staticmethod
    def facets(query: Any, counted: dict[str, list[tuple[int, int]]]) -> dict:
        """Facet values with German and English labels (labels are cached)."""
        labels = {}
        for language in ("de", "en"):
            with translation.override(language):
                labels[language] = facet_labels(counted)
        answer = {}
        for facet in FACETS:
            selected = query.filters.get(facet, frozenset())
            values = [
                {
                    "value": value,
                    "label": {
                        "de": str(labels["de"][facet][value]),
                        "en": str(labels["en"][facet][value]),
                    },
                    "count": count,
                    "selected": value in selected,
                }
                for value, count in counted.get(facet, [])
                if value in labels["de"][facet]
            ]
            if values:
                answer[facet] = values
        return answer


class RootView(OpenDataMixin, APIView):
    """/api/v1/: where everything is."""

    @extend_schema(exclude=True)
    def get(self, request: Request) -> Response:
        names = ["object", "collection", "institution", "agent", "place"]
        links = {
            f"{name}s": request.build_absolute_uri(reverse(f"api:{name}-list"))
            for name in names
        }
        for name in ("search", "schema", "schema-yaml", "docs"):
            links[name.replace("-", "_")] = request.build_absolute_uri(
                reverse(f"api:{name}")
            )
        return Response(links)


class NotFoundView(OpenDataMixin, APIView):
    """Any other address under /api/v1/: 404 in JSON, not the site's HTML page."""

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raise exceptions.NotFound(_("There is no such address in the API."))


# ---------------------------------------------------------------------------
# The schema and its documentation page
# ---------------------------------------------------------------------------


class SchemaJSONView(OpenDataMixin, SpectacularJSONAPIView):
    pass


class SchemaYAMLView(OpenDataMixin, SpectacularYAMLAPIView):
    pass


class DocumentationView(SpectacularSwaggerSplitView):
    """Swagger UI from our own static files; its script is a file of its own
    (the CSP allows no inline script) and omits the CSRF token (GET only, and
    anonymous visitors get no cookie)."""

    url_name = "api:schema"
    template_name_js = "api/swagger_ui.js"
    title = "Kulturschatz Merseburg API"
