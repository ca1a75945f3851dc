"""JSON shapes of the API. They read prefetched data only (see views.py) and issue
no query of their own; text in German and English is given as {"de", "en"}."""

from typing import Any

from django.urls import reverse
from django.utils import translation
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kulturschatz.collections.models import (
    Agent,
    Collection,
    HeritageObject,
    Institution,
    ObjectImage,
    ObjectRelation,
    ObjectTitle,
    Place,
    Rights,
)
from kulturschatz.iiif import links

# Schemas of method fields (OpenAPI 3.1, i.e. JSON Schema 2020-12).
URI = {"type": "string", "format": "uri"}
URI_OR_NULL = {"type": ["string", "null"], "format": "uri"}


def absolute(context: dict, path: str) -> str:
    return context["request"].build_absolute_uri(path)


def api_url(context: dict, name: str, key: object) -> str:
    return absolute(context, reverse(f"api:{name}-detail", args=[key]))


def page_urls(context: dict, name: str, key: object) -> dict[str, str]:
    """The public page in German (at /) and in English (at /en/)."""
    urls = {}
    for language in ("de", "en"):
        with translation.override(language):
            urls[language] = absolute(context, reverse(name, args=[key]))
    return urls


class LocalizedTextSerializer(serializers.Serializer):
    de = serializers.CharField(help_text="German (the catalogue's language).")
    en = serializers.CharField(allow_null=True, help_text="English, if catalogued.")


class PageURLsSerializer(serializers.Serializer):
    de = serializers.URLField()
    en = serializers.URLField()


@extend_schema_field(LocalizedTextSerializer)
class LocalizedField(serializers.Field):
    """Two model fields as {"de": …, "en": … or null}."""

    def __init__(self, german: str, english: str, **kwargs: Any) -> None:
        kwargs.setdefault("source", "*")
        super().__init__(read_only=True, **kwargs)
        self.german, self.english = german, english

    def to_representation(self, value: Any) -> dict[str, str | None]:
        return {
            "de": getattr(value, self.german),
            "en": getattr(value, self.english) or None,
        }


@extend_schema_field(
    {"type": "array", "items": {"type": "string", "format": "uri"}}
)
class URIListField(serializers.Field):
    """Authority URIs (GND, AAT, GeoNames, Wikidata …) of a shared entity; named
    ``uris`` as the relation it reads."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: Any) -> list[str]:
        return [entry.uri for entry in value.all()]


def rights_of(uri: str) -> dict[str, str]:
    try:
        label = str(Rights(uri).label)
    except ValueError:
        label = uri
    return {"uri": uri, "label": label}


class RightsSerializer(serializers.Serializer):
    uri = serializers.URLField(help_text="Rights statement or licence URI.")
    label = serializers.CharField()


@extend_schema_field(RightsSerializer)
class RightsField(serializers.Field):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: str) -> dict[str, str]:
        return rights_of(value)


# ---------------------------------------------------------------------------
# Shared entities as objects refer to them
# ---------------------------------------------------------------------------


class ConceptSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="Stable key within the vocabulary.")
    label = LocalizedField("label", "label_en")
    uris = URIListField()


class AgentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Agent.Kind.choices)
    dates = serializers.CharField(help_text="Life dates as catalogued.")
    uris = URIListField()
    url = serializers.SerializerMethodField(help_text="This person in the API.")

    def get_url(self, agent: Agent) -> str:
        return api_url(self.context, "agent", agent.pk)


class PlaceRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = LocalizedField("name", "name_en")
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    uris = URIListField()
    url = serializers.SerializerMethodField(help_text="This place in the API.")

    def get_url(self, place: Place) -> str:
        return api_url(self.context, "place", place.pk)


class InstitutionRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = LocalizedField("name", "name_en")
    url = serializers.SerializerMethodField()

    def get_url(self, institution: Institution) -> str:
        return api_url(self.context, "institution", institution.slug)


class CollectionRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = LocalizedField("name", "name_en")
    url = serializers.SerializerMethodField()

    def get_url(self, collection: Collection) -> str:
        return api_url(self.context, "collection", collection.slug)


# ---------------------------------------------------------------------------
# Heritage objects
# ---------------------------------------------------------------------------


class DatingSerializer(serializers.Serializer):
    display = serializers.CharField(source="dating_display")
    earliest = serializers.IntegerField(source="earliest_year", allow_null=True)
    latest = serializers.IntegerField(source="latest_year", allow_null=True)


class ObjectSummarySerializer(serializers.Serializer):
    """The compact form of a published object, as lists and search give it."""

    identifier = serializers.CharField(help_text="Permanent public identifier.")
    inventory_number = serializers.CharField()
    title = serializers.SerializerMethodField(help_text="Preferred title.")
    title_lang = serializers.CharField(help_text="Language of `title` (ISO 639).")
    object_type = ConceptSerializer(allow_null=True)
    institution = InstitutionRefSerializer()
    collection = CollectionRefSerializer(allow_null=True)
    dating = DatingSerializer(source="*")
    thumbnail = serializers.SerializerMethodField(
        help_text="A small rendering of the primary image (IIIF), if there is one."
    )
    image_count = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField(help_text="Time of the last change.")
    url = serializers.SerializerMethodField(help_text="The full record in the API.")
    page = serializers.SerializerMethodField(help_text="The public page (German).")

    def get_title(self, heritage_object: HeritageObject) -> str:
        return heritage_object.title

    @extend_schema_field(URI_OR_NULL)
    def get_thumbnail(self, heritage_object: HeritageObject) -> str | None:
        image = heritage_object.primary_image()
        return absolute(self.context, links.image_url(image, 400)) if image else None

    def get_image_count(self, heritage_object: HeritageObject) -> int:
        return len(heritage_object.images.all())

    @extend_schema_field(URI)
    def get_url(self, heritage_object: HeritageObject) -> str:
        return api_url(self.context, "object", heritage_object.identifier)

    @extend_schema_field(URI)
    def get_page(self, heritage_object: HeritageObject) -> str:
        return absolute(self.context, heritage_object.get_absolute_url())


class SearchHitSerializer(ObjectSummarySerializer):
    snippet = serializers.SerializerMethodField(
        help_text="Text around the matched words, HTML with <mark>."
    )

    def get_snippet(self, heritage_object: HeritageObject) -> str:
        return self.context["snippets"].get(heritage_object.pk, "")


class TitleSerializer(serializers.Serializer):
    text = serializers.CharField()
    lang = serializers.CharField()
    pref = serializers.ChoiceField(choices=ObjectTitle.Pref.choices)


class TextSerializer(serializers.Serializer):
    text = serializers.CharField()
    lang = serializers.CharField()


class InscriptionSerializer(serializers.Serializer):
    kind = serializers.CharField()
    transcription = serializers.CharField()
    description = serializers.CharField()
    lang = serializers.CharField(help_text="Language of the transcription.")


class MeasurementSerializer(serializers.Serializer):
    dimension = serializers.CharField(help_text="e.g. Höhe, Breite, Gewicht")
    value = serializers.DecimalField(max_digits=14, decimal_places=4, coerce_to_string=False)
    unit = serializers.CharField()
    extent = serializers.CharField(help_text="The part measured, if not the whole.")
    display = serializers.CharField(source="__str__")


class EventActorSerializer(serializers.Serializer):
    agent = AgentRefSerializer()
    role = ConceptSerializer(allow_null=True)
    attribution = serializers.CharField(help_text="e.g. zugeschrieben, Werkstatt des")


class EventDateSerializer(serializers.Serializer):
    display = serializers.CharField(source="display_date")
    earliest = serializers.IntegerField(source="earliest_year", allow_null=True)
    latest = serializers.IntegerField(source="latest_year", allow_null=True)


class EventSerializer(serializers.Serializer):
    type = ConceptSerializer(source="event_type")
    date = EventDateSerializer(source="*")
    actors = EventActorSerializer(many=True, source="actors.all")
    places = PlaceRefSerializer(many=True, source="places.all")
    materials = ConceptSerializer(many=True, source="materials.all")
    techniques = ConceptSerializer(many=True, source="techniques.all")
    materials_display = serializers.CharField(
        help_text="Materials and techniques as people read them."
    )
    method = ConceptSerializer(allow_null=True)
    description = serializers.CharField()


class SubjectsSerializer(serializers.Serializer):
    concepts = ConceptSerializer(many=True, source="subject_concepts.all")
    persons = AgentRefSerializer(many=True, source="subject_agents.all")
    places = PlaceRefSerializer(many=True, source="subject_places.all")


class RelationTargetSerializer(serializers.Serializer):
    identifier = serializers.CharField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, heritage_object: HeritageObject) -> str:
        return api_url(self.context, "object", heritage_object.identifier)


class RelationSerializer(serializers.Serializer):
    type = ConceptSerializer(source="relation_type")
    object = RelationTargetSerializer(
        source="target",
        allow_null=True,
        help_text="The related object in this archive (null for works elsewhere).",
    )
    label = serializers.SerializerMethodField()
    uri = serializers.SerializerMethodField(help_text="Web address of a work elsewhere.")

    def get_label(self, relation: ObjectRelation) -> str:
        return relation.target.title if relation.target_id else relation.target_label

    @extend_schema_field(URI_OR_NULL)
    def get_uri(self, relation: ObjectRelation) -> str | None:
        return relation.target_uri or None


class ImageSerializer(serializers.Serializer):
    id = serializers.CharField(source="iiif_identifier", help_text="IIIF identifier.")
    service = serializers.SerializerMethodField(
        help_text="IIIF Image API 3.0 base URI (append /full/max/0/default.jpg …)."
    )
    info = serializers.SerializerMethodField(help_text="IIIF info.json.")
    thumbnail = serializers.SerializerMethodField()
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)
    primary = serializers.BooleanField(source="is_primary")
    caption = LocalizedField("caption", "caption_en")
    creator = serializers.CharField()
    rights = RightsField()

    @extend_schema_field(URI)
    def get_service(self, image: ObjectImage) -> str:
        return absolute(self.context, links.info_url(image).removesuffix("/info.json"))

    @extend_schema_field(URI)
    def get_info(self, image: ObjectImage) -> str:
        return absolute(self.context, links.info_url(image))

    @extend_schema_field(URI)
    def get_thumbnail(self, image: ObjectImage) -> str:
        return absolute(self.context, links.image_url(image, 400))


class LinkedMediaSerializer(serializers.Serializer):
    url = serializers.URLField()
    media_type = serializers.CharField()
    resource_type = serializers.CharField()
    caption = serializers.CharField()
    creator = serializers.CharField()
    rights = serializers.SerializerMethodField()

    @extend_schema_field(RightsSerializer(allow_null=True))
    def get_rights(self, resource: Any) -> dict[str, str] | None:
        return rights_of(resource.rights) if resource.rights else None


class ObjectRightsSerializer(serializers.Serializer):
    object = RightsField(source="rights", help_text="Rights in the object itself.")
    holder = serializers.CharField(source="rights_holder")
    credit_line = serializers.CharField()
    metadata = RightsField(
        source="metadata_rights", help_text="Licence of this record's data."
    )


class ObjectLinksSerializer(serializers.Serializer):
    page = PageURLsSerializer()
    manifest = serializers.URLField(help_text="IIIF Presentation 3.0 manifest.")
    lido = serializers.URLField(help_text="LIDO 1.0 record.")
    dc = serializers.URLField(help_text="Dublin Core (oai_dc) record.")


class SourceSerializer(serializers.Serializer):
    published_id = serializers.CharField(help_text="Persistent identifier at the source.")
    record_id = serializers.CharField(source="source_record_id")
    record_url = serializers.CharField(source="source_record_url")


class ObjectSerializer(ObjectSummarySerializer):
    """The full record of a published object."""

    titles = serializers.SerializerMethodField()
    classifications = ConceptSerializer(many=True, source="classifications.all")
    collection_path = serializers.SerializerMethodField(
        help_text="Collections from the top level down to the object's own."
    )
    events = EventSerializer(many=True, source="events.all")
    descriptions = TextSerializer(many=True, source="descriptions.all")
    inscriptions = InscriptionSerializer(many=True, source="inscriptions.all")
    measurements = MeasurementSerializer(many=True, source="measurements.all")
    dimensions_display = serializers.CharField()
    subjects = SubjectsSerializer(source="*")
    provenance = serializers.CharField()
    relations = serializers.SerializerMethodField(
        help_text="Related objects: public ones of this archive, or works elsewhere."
    )
    images = ImageSerializer(many=True, source="images.all")
    linked_media = LinkedMediaSerializer(many=True, source="linked_resources.all")
    rights = ObjectRightsSerializer(source="*")
    published_at = serializers.DateTimeField(allow_null=True)
    source = SourceSerializer(source="*")
    links = serializers.SerializerMethodField()

    @extend_schema_field(TitleSerializer(many=True))
    def get_titles(self, heritage_object: HeritageObject) -> list[dict]:
        main = {
            "text": heritage_object.title,
            "lang": heritage_object.title_lang,
            "pref": ObjectTitle.Pref.PREFERRED.value,
        }
        return [main] + [
            {"text": t.text, "lang": t.lang, "pref": t.pref}
            for t in heritage_object.titles.all()
        ]

    @extend_schema_field(CollectionRefSerializer(many=True))
    def get_collection_path(self, heritage_object: HeritageObject) -> list[dict]:
        tree = self.context["tree"]
        path = []
        for pk in tree.path(heritage_object.collection_id):
            _parent, slug, name, name_en = tree.nodes[pk]
            path.append(
                {
                    "slug": slug,
                    "name": {"de": name, "en": name_en or None},
                    "url": api_url(self.context, "collection", slug),
                }
            )
        return path

    @extend_schema_field(RelationSerializer(many=True))
    def get_relations(self, heritage_object: HeritageObject) -> list[dict]:
        shown = [
            relation
            for relation in heritage_object.relations.all()
            if relation.target_id is None or relation.target.is_public
        ]
        return RelationSerializer(shown, many=True, context=self.context).data

    @extend_schema_field(ObjectLinksSerializer)
    def get_links(self, heritage_object: HeritageObject) -> dict:
        identifier = heritage_object.identifier
        return {
            "page": page_urls(self.context, "collections:object-detail", identifier),
            "manifest": absolute(self.context, reverse("iiif:manifest", args=[identifier])),
            "lido": absolute(self.context, reverse("object-lido", args=[identifier])),
            "dc": absolute(self.context, reverse("object-dc", args=[identifier])),
        }


# ---------------------------------------------------------------------------
# Collections, institutions, persons, places
# ---------------------------------------------------------------------------


def objects_url(context: dict, parameter: str, value: object) -> str:
    from urllib.parse import urlencode

    path = reverse("api:object-list") + "?" + urlencode({parameter: value})
    return absolute(context, path)


class CountedSerializer(serializers.Serializer):
    # object_count and objects: the published objects belonging to an entity
    # (context["counts"] counts them; views.py reads the counts per page).

    object_count = serializers.SerializerMethodField(
        help_text="Published objects (for collections: with sub-collections)."
    )
    objects = serializers.SerializerMethodField(
        help_text="The list of those objects in the API."
    )
    filter_parameter = ""
    key_attribute = "pk"

    def get_object_count(self, entity: Any) -> int:
        return self.context["counts"](entity)

    @extend_schema_field(URI)
    def get_objects(self, entity: Any) -> str:
        return objects_url(
            self.context, self.filter_parameter, getattr(entity, self.key_attribute)
        )


class CollectionSerializer(CountedSerializer):
    """A collection (Sammlung) of an institution, as its public page shows it."""

    slug = serializers.CharField()
    name = LocalizedField("name", "name_en")
    description = LocalizedField("description", "description_en")
    institution = InstitutionRefSerializer()
    parent = CollectionRefSerializer(allow_null=True)
    children = CollectionRefSerializer(many=True, source="children.all")
    url = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()
    filter_parameter = "collection"
    key_attribute = "slug"

    @extend_schema_field(URI)
    def get_url(self, collection: Collection) -> str:
        return api_url(self.context, "collection", collection.slug)

    @extend_schema_field(
        {
            "type": "object",
            "required": ["page", "iiif_collection"],
            "properties": {
                "page": {"$ref": "#/components/schemas/PageURLs"},
                "iiif_collection": URI,
            },
        }
    )
    def get_links(self, collection: Collection) -> dict:
        return {
            "page": page_urls(self.context, "collections:collection-detail", collection.slug),
            "iiif_collection": absolute(
                self.context, reverse("iiif:collection", args=[collection.slug])
            ),
        }


class InstitutionPlaceSerializer(serializers.Serializer):
    name = LocalizedField("name", "name_en")
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    uris = URIListField()


class InstitutionSerializer(CountedSerializer):
    """A holding institution, as its public page shows it."""

    slug = serializers.CharField()
    name = LocalizedField("name", "name_en")
    description = LocalizedField("description", "description_en")
    isil = serializers.CharField(help_text="ISIL, if the institution has one.")
    website = serializers.SerializerMethodField()
    place = InstitutionPlaceSerializer(allow_null=True)
    collections = serializers.SerializerMethodField(help_text="Top-level collections.")
    url = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()
    filter_parameter = "institution"
    key_attribute = "slug"

    @extend_schema_field(URI_OR_NULL)
    def get_website(self, institution: Institution) -> str | None:
        return institution.website or None

    @extend_schema_field(CollectionRefSerializer(many=True))
    def get_collections(self, institution: Institution) -> list[dict]:
        top = [c for c in institution.collections.all() if c.parent_id is None]
        return CollectionRefSerializer(top, many=True, context=self.context).data

    @extend_schema_field(URI)
    def get_url(self, institution: Institution) -> str:
        return api_url(self.context, "institution", institution.slug)

    @extend_schema_field(
        {
            "type": "object",
            "required": ["page"],
            "properties": {"page": {"$ref": "#/components/schemas/PageURLs"}},
        }
    )
    def get_links(self, institution: Institution) -> dict:
        return {
            "page": page_urls(
                self.context, "collections:institution-detail", institution.slug
            )
        }


class AgentSerializer(CountedSerializer):
    """A person, family or organisation that published objects refer to."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Agent.Kind.choices)
    dates = serializers.CharField(help_text="Life dates as catalogued.")
    birth_year = serializers.IntegerField(allow_null=True)
    death_year = serializers.IntegerField(allow_null=True)
    description = LocalizedField("description", "description_en")
    uris = URIListField()
    url = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()
    filter_parameter = "agent"

    @extend_schema_field(URI)
    def get_url(self, agent: Agent) -> str:
        return api_url(self.context, "agent", agent.pk)

    @extend_schema_field(
        {
            "type": "object",
            "required": ["page"],
            "properties": {"page": {"$ref": "#/components/schemas/PageURLs"}},
        }
    )
    def get_links(self, agent: Agent) -> dict:
        return {"page": page_urls(self.context, "collections:agent-detail", agent.pk)}


class PlaceSerializer(CountedSerializer):
    """A place that published objects refer to."""

    id = serializers.IntegerField()
    name = LocalizedField("name", "name_en")
    part_of = LocalizedField(
        "name", "name_en", source="parent", allow_null=True, help_text="The wider place."
    )
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    description = serializers.CharField()
    uris = URIListField()
    url = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()
    filter_parameter = "place"

    @extend_schema_field(URI)
    def get_url(self, place: Place) -> str:
        return api_url(self.context, "place", place.pk)

    @extend_schema_field(
        {
            "type": "object",
            "required": ["page"],
            "properties": {"page": {"$ref": "#/components/schemas/PageURLs"}},
        }
    )
    def get_links(self, place: Place) -> dict:
        return {"page": page_urls(self.context, "collections:place-detail", place.pk)}


# ---------------------------------------------------------------------------
# Search
# ---------------------------------------------------------------------------


class FacetValueSerializer(serializers.Serializer):
    value = serializers.IntegerField(
        help_text="Pass it back as the facet's parameter to filter by it."
    )
    label = LocalizedTextSerializer()
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class SearchResponseSerializer(serializers.Serializer):
    """One page of search results with the facets of all of them."""

    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    page_size = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    query = serializers.CharField()
    sort = serializers.ChoiceField(choices=["relevance", "title", "date", "-date"])
    date_from = serializers.IntegerField(allow_null=True)
    date_to = serializers.IntegerField(allow_null=True)
    relaxed = serializers.BooleanField(
        help_text="No object has every word: these have some of them."
    )
    suggestion = serializers.CharField(
        allow_null=True, help_text="A spelling that finds more (\"Meinten Sie …?\")."
    )
    results = SearchHitSerializer(many=True)
    facets = serializers.DictField(
        child=FacetValueSerializer(many=True),
        help_text="Per facet (type, collection, institution, material, place, "
        "person, century) its values with counts.",
    )
