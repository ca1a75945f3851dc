"""Heritage object → LIDO record (LIDO 1.0 structure, valid against 1.0 and 1.1).

Element names and order follow the XSD (every wrapper is an xs:sequence); see
shared/standards/CROSSWALK.md §1–2. Works on an object from
``HeritageObject.objects.with_full_record()`` and issues no queries of its own
then: parent places are followed only as far as they were prefetched
(``PLACE_ANCESTOR_LEVELS``).

Every catalogue field is written so that a reader can map it back; the importer
(``metadata/importer/``) mirrors this table. Paths are relative to ``lido:lido``;
``D`` = ``descriptiveMetadata[@xml:lang='de']``, ``I`` = ``D/objectIdentificationWrap``,
``A`` = ``administrativeMetadata[@xml:lang='de']``. A *concept* is written as
``conceptID[@lido:type='URI']`` per authority URI, ``term[@xml:lang='de']`` = label,
``term[@xml:lang='en']`` = label_en (if set).

=================================  ==================================================
Catalogue                          LIDO
=================================  ==================================================
lido_rec_id, else                  lidoRecID[@lido:type='local'] (one),
``<ISIL or slug>/<identifier>``    @lido:source = institution name
identifier (public page URL)       objectPublishedID[1][@lido:type='URI']
published_id                       objectPublishedID[2] (@lido:type 'URI' if it has a
                                   scheme, else 'local')
(constant)                         category: CIDOC-CRM E22 Man-Made Object
object_type                        D/objectClassificationWrap/objectWorkTypeWrap/
                                   objectWorkType (concept); none catalogued → only
                                   term 'Objekt' (de), no conceptID (LIDO requires one)
classifications                    …/classificationWrap/classification (concept, no
                                   @lido:type), in order
collection                         …/classificationWrap/classification
                                   [@lido:type='collection'] (last): conceptID URI =
                                   our collection page, terms = name (de), name_en (en)
title, title_lang                  I/titleWrap/titleSet[1]/appellationValue
                                   [@lido:pref='preferred'][@xml:lang=title_lang]
ObjectTitle rows                   titleSet[2…], one each: appellationValue, @xml:lang
                                   = lang, @lido:pref 'preferred' or 'alternate'
                                   (LIDO's word for our 'alternative')
Inscription                        I/inscriptionsWrap/inscriptions[@lido:type=kind]:
                                   inscriptionTranscription[@xml:lang=lang],
                                   inscriptionDescription/descriptiveNoteValue (de)
institution                        I/repositoryWrap/repositorySet[@lido:type='current']
                                   /repositoryName: legalBodyID URI
                                   ``http://ld.zdb-services.de/resource/organisations/
                                   <ISIL>`` (if ISIL), legalBodyName/appellationValue
                                   name (de) + name_en (en), legalBodyWeblink website
inventory_number                   …/repositorySet/workID[@lido:type='inventory number']
ObjectDescription rows             I/objectDescriptionWrap/objectDescriptionSet (one per
                                   row, untyped)/descriptiveNoteValue[@xml:lang=lang]
provenance                         objectDescriptionSet[@lido:type='provenance']
                                   /descriptiveNoteValue (de), after the descriptions
dimensions_display                 I/objectMeasurementsWrap/objectMeasurementsSet[1]
                                   /displayObjectMeasurements (de); the only one
Measurement rows                   one objectMeasurementsSet per run of consecutive
                                   measurements with the same extent (order kept):
                                   objectMeasurements/measurementsSet: measurementType
                                   (de) = dimension, measurementUnit = unit,
                                   measurementValue = value (plain decimal, dot, no
                                   trailing zeros); objectMeasurements/
                                   extentMeasurements (de) = extent (absent if empty)
Event rows                         D/eventWrap/eventSet/event, in order
 event_type                        event/eventType (concept)
 EventActor rows                   event/eventActor: displayActorInRole (de) = agent
                                   name, or "<name> (<dates>)" when Agent.dates is set
                                   (the only place LIDO 1.0 has for the dates text:
                                   vitalDatesActor holds earliest/latest only);
                                   actorInRole/actor[@lido:type = 'person' |
                                   'corporation' | 'family'] (Agent.kind person |
                                   organisation | family): actorID URI per authority
                                   URI, nameActorSet/appellationValue[@lido:pref=
                                   'preferred'] = name, vitalDatesActor/earliestDate =
                                   birth_year, /latestDate = death_year (each if set);
                                   actorInRole/roleActor (concept) = role,
                                   actorInRole/attributionQualifierActor = attribution
 display_date, earliest/latest     event/eventDate/displayDate (de), eventDate/date/
                                   earliestDate, latestDate (years, each if set)
 places                            event/eventPlace/place: placeID URI per authority
                                   URI, namePlaceSet/appellationValue name (de),
                                   name_en (en); gml/gml:Point/gml:pos "lat lon";
                                   partOfPlace = parent, nested, at most
                                   PLACE_ANCESTOR_LEVELS deep
 method                            event/eventMethod (concept)
 materials_display                 event/eventMaterialsTech/displayMaterialsTech (de)
 materials, techniques             …/materialsTech/termMaterialsTech[@lido:type=
                                   'material' | 'technique'] (concept)
 description                       event/eventDescriptionSet/descriptiveNoteValue (de)
subject_concepts (subject)         D/objectRelationWrap/subjectWrap/subjectSet[1]
                                   /subject (untyped)/subjectConcept (concept)
subject_agents                     …subjectSet[1]/subject/subjectActor: displayActor
                                   (as displayActorInRole) + actor (as above)
subject_places                     …subjectSet[1]/subject/subjectPlace/place (as above)
subject_concepts (period)          …/subjectSet/subject[@lido:type='period']
                                   /subjectConcept (a second subjectSet)
ObjectRelation rows                D/objectRelationWrap/relatedWorksWrap/relatedWorkSet:
                                   relatedWork/displayObject = target title (internal)
                                   or target_label; relatedWork/object/
                                   objectWebResource = our page of the target + objectID
                                   [@lido:type='local'] = its identifier (internal,
                                   public targets only unless asked) or target_uri
                                   (external); relatedWorkRelType (concept)
rights, its label                  A/rightsWorkWrap/rightsWorkSet/rightsType: conceptID
                                   URI = rights, term de/en = label (one untyped term
                                   where both are the same, the URI if unknown)
rights_holder, credit_line         …/rightsWorkSet/rightsHolder/legalBodyName/
                                   appellationValue, …/rightsWorkSet/creditLine
source_record_id, else identifier  A/recordWrap/recordID[@lido:type='local']
(constant)                         recordType: conceptID lido00141 + term 'item'
institution                        recordSource (as repositoryName)
metadata_rights                    recordRights/rightsType (as rights)
public page, updated_at            recordInfoSet[1] (untyped)/recordInfoLink = our page,
                                   recordMetadataDate = updated_at (date)
source_record_url                  recordInfoSet[@lido:type='source']/recordInfoLink
ObjectImage rows (primary first)   A/resourceWrap/resourceSet[@lido:sortorder=1…]:
                                   resourceID[@lido:type='local'] = uuid hex;
                                   resourceRepresentation[@lido:type='image_master']/
                                   linkResource = IIIF full/max (image/jpeg) +
                                   resourceMeasurementsSet width/height in pixel;
                                   [@lido:type='image_thumb'] = IIIF !400,400;
                                   resourceType terms Bild/image; resourceRelType
                                   terms Hauptbild/main image if is_primary;
                                   resourceDescription de = caption, en = caption_en;
                                   rightsResource: rightsType (as rights) = rights,
                                   creditLine = creator
LinkedResource rows                resourceSet after the images, without resourceID:
                                   resourceRepresentation (untyped)/linkResource = url,
                                   @lido:formatResource = media_type (if set);
                                   resourceType/term = resource_type;
                                   resourceDescription (de) = caption;
                                   rightsResource: rightsType = rights (if set),
                                   creditLine = creator
=================================  ==================================================

Not written, as LIDO 1.0 has no place for them or they are not catalogue data:
the object's status, embargo, featured flag and authors (workflow), the derived
dating (dating_display and years come from the production event), descriptions
of agents and places, concept keys (slugs), scope notes and broader terms,
ObjectImage.source_url and checksums, the institution's place.
"""

import functools
import itertools
from collections.abc import Callable

from django.utils import translation
from lxml import etree
from lxml.builder import ElementMaker

from kulturschatz.collections.models import (
    PLACE_ANCESTOR_LEVELS,
    Agent,
    Concept,
    HeritageObject,
    Institution,
    Place,
    Rights,
)

LIDO_NS = "http://www.lido-schema.org"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
GML_NS = "http://www.opengis.net/gml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_LOCATION = (
    "http://www.lido-schema.org http://www.lido-schema.org/schema/v1.0/lido-v1.0.xsd"
)
NSMAP = {"lido": LIDO_NS, "xsi": XSI_NS}
L = ElementMaker(namespace=LIDO_NS, nsmap=NSMAP)
Url = Callable[[str], str]

ISIL_URI = "http://ld.zdb-services.de/resource/organisations/"
ITEM_LEVEL_RECORD = "http://terminology.lido-schema.org/lido00141"
CIDOC_E22 = "http://www.cidoc-crm.org/crm-concepts/E22"
ACTOR_TYPES = {
    Agent.Kind.PERSON: "person",
    Agent.Kind.ORGANISATION: "corporation",
    Agent.Kind.FAMILY: "family",
}
TITLE_PREF = {"preferred": "preferred", "alternative": "alternate"}


def attr(name: str) -> str:
    return f"{{{LIDO_NS}}}{name}"


def lang(element: etree._Element, language: str) -> etree._Element:
    element.set(XML_LANG, language)
    return element


def typed(tag: str, text: str, kind: str, **attributes: str) -> etree._Element:
    """An element with text and @lido:type (identifiers, typed notes)."""
    return L(
        tag, text, **{attr("type"): kind}, **{attr(k): v for k, v in attributes.items()}
    )


def number(value) -> str:
    """A Decimal as a plain number with a dot and no trailing zeros (12.5, 100)."""
    return f"{value.normalize():f}"


def concept(tag: str, term: Concept, **attributes: str) -> etree._Element:
    """A LIDO concept: its authority URIs as conceptID, its labels as terms."""
    element = L(tag, **{attr(k): v for k, v in attributes.items()})
    for uri in term.uris.all():
        element.append(typed("conceptID", uri.uri, "URI"))
    element.append(lang(L.term(term.label), "de"))
    if term.label_en:
        element.append(lang(L.term(term.label_en), "en"))
    return element


def display_actor(agent: Agent) -> str:
    """The actor as people read it: "<name> (<dates>)", or the name alone."""
    return f"{agent.name} ({agent.dates})" if agent.dates else agent.name


def actor(agent: Agent) -> etree._Element:
    element = L.actor(**{attr("type"): ACTOR_TYPES.get(agent.kind, "person")})
    for uri in agent.uris.all():
        element.append(typed("actorID", uri.uri, "URI"))
    element.append(
        L.nameActorSet(L.appellationValue(agent.name, **{attr("pref"): "preferred"}))
    )
    if agent.birth_year is not None or agent.death_year is not None:
        vital = L.vitalDatesActor()
        if agent.birth_year is not None:
            vital.append(L.earliestDate(str(agent.birth_year)))
        if agent.death_year is not None:
            vital.append(L.latestDate(str(agent.death_year)))
        element.append(vital)
    return element


def place(location: Place, tag: str = "place", depth: int = 0) -> etree._Element:
    """A LIDO place; its parents as nested partOfPlace, as far as prefetched."""
    element = L(tag)
    for uri in location.uris.all():
        element.append(typed("placeID", uri.uri, "URI"))
    names = L.namePlaceSet(lang(L.appellationValue(location.name), "de"))
    if location.name_en:
        names.append(lang(L.appellationValue(location.name_en), "en"))
    element.append(names)
    if location.latitude is not None and location.longitude is not None:
        gml = etree.SubElement(element, attr("gml"))
        point = etree.SubElement(gml, f"{{{GML_NS}}}Point", nsmap={"gml": GML_NS})
        etree.SubElement(
            point, f"{{{GML_NS}}}pos"
        ).text = f"{number(location.latitude)} {number(location.longitude)}"
    # Following an unfetched parent would query: stop where the prefetch stopped.
    if (
        location.parent_id is not None
        and depth < PLACE_ANCESTOR_LEVELS
        and Place.parent.is_cached(location)
    ):
        element.append(place(location.parent, "partOfPlace", depth + 1))
    return element


@functools.cache
def rights_terms(uri: str) -> tuple[tuple[str | None, str], ...]:
    """(language, label) pairs of a rights URI: German and English, or the URI."""
    try:
        label = Rights(uri).label
    except ValueError:
        return ((None, uri),)
    with translation.override("de"):
        german = str(label)
    with translation.override("en"):
        english = str(label)
    return ((None, german),) if german == english else (("de", german), ("en", english))


def rights(
    uri: str, *, holder: str = "", credit: str = "", tag: str = "rightsWorkSet"
) -> etree._Element:
    element = L(tag)
    if uri:
        rights_type = L.rightsType(typed("conceptID", uri, "URI"))
        for language, label in rights_terms(uri):
            term = L.term(label)
            rights_type.append(lang(term, language) if language else term)
        element.append(rights_type)
    if holder:
        element.append(L.rightsHolder(L.legalBodyName(L.appellationValue(holder))))
    if credit:
        element.append(L.creditLine(credit))
    return element


def legal_body(tag: str, institution: Institution) -> etree._Element:
    """repositoryName / recordSource: ISIL URI, names in de and en, website."""
    element = L(tag)
    if institution.isil:
        element.append(typed("legalBodyID", f"{ISIL_URI}{institution.isil}", "URI"))
    names = L.legalBodyName(lang(L.appellationValue(institution.name), "de"))
    if institution.name_en:
        names.append(lang(L.appellationValue(institution.name_en), "en"))
    element.append(names)
    if institution.website:
        element.append(L.legalBodyWeblink(institution.website))
    return element


def event(item) -> etree._Element:
    element = L.event(concept("eventType", item.event_type))
    for role in item.actors.all():
        in_role = L.actorInRole(actor(role.agent))
        if role.role:
            in_role.append(concept("roleActor", role.role))
        if role.attribution:
            in_role.append(L.attributionQualifierActor(role.attribution))
        element.append(
            L.eventActor(
                lang(L.displayActorInRole(display_actor(role.agent)), "de"), in_role
            )
        )
    if (
        item.display_date
        or item.earliest_year is not None
        or item.latest_year is not None
    ):
        date = L.eventDate()
        if item.display_date:
            date.append(lang(L.displayDate(item.display_date), "de"))
        if item.earliest_year is not None or item.latest_year is not None:
            span = L.date()
            if item.earliest_year is not None:
                span.append(L.earliestDate(str(item.earliest_year)))
            if item.latest_year is not None:
                span.append(L.latestDate(str(item.latest_year)))
            date.append(span)
        element.append(date)
    for location in item.places.all():
        element.append(L.eventPlace(place(location)))
    if item.method:
        element.append(concept("eventMethod", item.method))
    materials = list(item.materials.all())
    techniques = list(item.techniques.all())
    if item.materials_display or materials or techniques:
        materials_tech = L.eventMaterialsTech()
        if item.materials_display:
            materials_tech.append(
                lang(L.displayMaterialsTech(item.materials_display), "de")
            )
        if materials or techniques:
            terms = L.materialsTech()
            for term in materials:
                terms.append(concept("termMaterialsTech", term, type="material"))
            for term in techniques:
                terms.append(concept("termMaterialsTech", term, type="technique"))
            materials_tech.append(terms)
        element.append(materials_tech)
    if item.description:
        element.append(
            L.eventDescriptionSet(lang(L.descriptiveNoteValue(item.description), "de"))
        )
    return element


def classification_wrap(heritage_object: HeritageObject, url: Url) -> etree._Element:
    object_type = heritage_object.object_type
    wrap = L.objectClassificationWrap(
        L.objectWorkTypeWrap(
            concept("objectWorkType", object_type)
            if object_type
            else L.objectWorkType(lang(L.term("Objekt"), "de"))
        )
    )
    classifications = [
        concept("classification", c) for c in heritage_object.classifications.all()
    ]
    collection = heritage_object.collection
    if collection is not None:
        element = L.classification(
            typed("conceptID", url(collection.get_absolute_url()), "URI"),
            lang(L.term(collection.name), "de"),
            **{attr("type"): "collection"},
        )
        if collection.name_en:
            element.append(lang(L.term(collection.name_en), "en"))
        classifications.append(element)
    if classifications:
        wrap.append(L.classificationWrap(*classifications))
    return wrap


def measurements_wrap(heritage_object: HeritageObject) -> etree._Element | None:
    # extentMeasurements belongs to objectMeasurements, not to one measurementsSet:
    # one objectMeasurementsSet per run of measurements sharing an extent keeps
    # every measurement's extent and the catalogue's order.
    sets = []
    runs = itertools.groupby(heritage_object.measurements.all(), key=lambda m: m.extent)
    for extent, run in runs:
        values = L.objectMeasurements(
            *[
                L.measurementsSet(
                    lang(L.measurementType(m.dimension), "de"),
                    L.measurementUnit(m.unit),
                    L.measurementValue(number(m.value)),
                )
                for m in run
            ]
        )
        if extent:
            values.append(lang(L.extentMeasurements(extent), "de"))
        sets.append(L.objectMeasurementsSet(values))
    if heritage_object.dimensions_display:
        display = lang(
            L.displayObjectMeasurements(heritage_object.dimensions_display), "de"
        )
        if sets:
            sets[0].insert(0, display)
        else:
            sets.append(L.objectMeasurementsSet(display))
    return L.objectMeasurementsWrap(*sets) if sets else None


def identification_wrap(heritage_object: HeritageObject) -> etree._Element:
    titles = L.titleWrap(
        L.titleSet(
            lang(
                L.appellationValue(
                    heritage_object.title, **{attr("pref"): "preferred"}
                ),
                heritage_object.title_lang,
            )
        )
    )
    for title in heritage_object.titles.all():
        pref = TITLE_PREF.get(title.pref, title.pref)
        titles.append(
            L.titleSet(
                lang(L.appellationValue(title.text, **{attr("pref"): pref}), title.lang)
            )
        )
    identification = L.objectIdentificationWrap(titles)
    inscriptions = list(heritage_object.inscriptions.all())
    if inscriptions:
        wrap = L.inscriptionsWrap()
        for inscription in inscriptions:
            kind = {attr("type"): inscription.kind} if inscription.kind else {}
            element = L.inscriptions(**kind)
            if inscription.transcription:
                element.append(
                    lang(
                        L.inscriptionTranscription(inscription.transcription),
                        inscription.lang,
                    )
                )
            if inscription.description:
                element.append(
                    L.inscriptionDescription(
                        lang(L.descriptiveNoteValue(inscription.description), "de")
                    )
                )
            wrap.append(element)
        identification.append(wrap)
    identification.append(
        L.repositoryWrap(
            L.repositorySet(
                legal_body("repositoryName", heritage_object.institution),
                typed("workID", heritage_object.inventory_number, "inventory number"),
                **{attr("type"): "current"},
            )
        )
    )
    descriptions = [
        L.objectDescriptionSet(lang(L.descriptiveNoteValue(d.text), d.lang))
        for d in heritage_object.descriptions.all()
    ]
    if heritage_object.provenance:
        descriptions.append(
            L.objectDescriptionSet(
                lang(L.descriptiveNoteValue(heritage_object.provenance), "de"),
                **{attr("type"): "provenance"},
            )
        )
    if descriptions:
        identification.append(L.objectDescriptionWrap(*descriptions))
    measurements = measurements_wrap(heritage_object)
    if measurements is not None:
        identification.append(measurements)
    return identification


def relation_wrap(
    heritage_object: HeritageObject, url: Url, *, include_unpublished_targets: bool
) -> etree._Element:
    wrap = L.objectRelationWrap()
    concepts = list(heritage_object.subject_concepts.all())
    topics = [c for c in concepts if c.kind != Concept.Kind.PERIOD]
    periods = [c for c in concepts if c.kind == Concept.Kind.PERIOD]
    agents = list(heritage_object.subject_agents.all())
    places = list(heritage_object.subject_places.all())
    subject_sets = []
    if topics or agents or places:
        subject = L.subject(*[concept("subjectConcept", term) for term in topics])
        for agent in agents:
            subject.append(
                L.subjectActor(
                    lang(L.displayActor(display_actor(agent)), "de"), actor(agent)
                )
            )
        for location in places:
            subject.append(L.subjectPlace(place(location)))
        subject_sets.append(L.subjectSet(subject))
    if periods:
        subject_sets.append(
            L.subjectSet(
                L.subject(
                    *[concept("subjectConcept", term) for term in periods],
                    **{attr("type"): "period"},
                )
            )
        )
    if subject_sets:
        wrap.append(L.subjectWrap(*subject_sets))
    works = []
    for relation in heritage_object.relations.all():
        target = L.object()
        internal = relation.target
        if internal is not None and (include_unpublished_targets or internal.is_public):
            target.append(L.objectWebResource(url(internal.get_absolute_url())))
            target.append(typed("objectID", internal.identifier, "local"))
            label = internal.title
        else:
            # An unpublished target stays unnamed: only the row's own label and URI.
            if relation.target_uri:
                target.append(L.objectWebResource(relation.target_uri))
            label = relation.target_label
        if not label and not len(target):
            continue
        work = L.relatedWork(L.displayObject(label)) if label else L.relatedWork()
        if len(target):
            work.append(target)
        works.append(
            L.relatedWorkSet(
                work, concept("relatedWorkRelType", relation.relation_type)
            )
        )
    if works:
        wrap.append(L.relatedWorksWrap(*works))
    return wrap


def resource_wrap(heritage_object: HeritageObject, url: Url) -> etree._Element | None:
    resources = []
    for image in heritage_object.images.all():
        base = url(f"/iiif/3/{image.iiif_identifier}")
        master = L.resourceRepresentation(
            L.linkResource(
                f"{base}/full/max/0/default.jpg",
                **{attr("formatResource"): "image/jpeg"},
            ),
            **{attr("type"): "image_master"},
        )
        for dimension, pixels in (("width", image.width), ("height", image.height)):
            if pixels:
                master.append(
                    L.resourceMeasurementsSet(
                        lang(L.measurementType(dimension), "en"),
                        L.measurementUnit("pixel"),
                        L.measurementValue(str(pixels)),
                    )
                )
        resource = L.resourceSet(
            typed("resourceID", image.iiif_identifier, "local"),
            master,
            L.resourceRepresentation(
                L.linkResource(
                    f"{base}/full/!400,400/0/default.jpg",
                    **{attr("formatResource"): "image/jpeg"},
                ),
                **{attr("type"): "image_thumb"},
            ),
            L.resourceType(lang(L.term("Bild"), "de"), lang(L.term("image"), "en")),
        )
        if image.is_primary:
            resource.append(
                L.resourceRelType(
                    lang(L.term("Hauptbild"), "de"), lang(L.term("main image"), "en")
                )
            )
        if image.caption:
            resource.append(lang(L.resourceDescription(image.caption), "de"))
        if image.caption_en:
            resource.append(lang(L.resourceDescription(image.caption_en), "en"))
        resource.append(
            rights(image.rights, credit=image.creator, tag="rightsResource")
        )
        resources.append(resource)
    for linked in heritage_object.linked_resources.all():
        link = (
            L.linkResource(linked.url, **{attr("formatResource"): linked.media_type})
            if linked.media_type
            else L.linkResource(linked.url)
        )
        resource = L.resourceSet(L.resourceRepresentation(link))
        if linked.resource_type:
            resource.append(L.resourceType(L.term(linked.resource_type)))
        if linked.caption:
            resource.append(lang(L.resourceDescription(linked.caption), "de"))
        if linked.rights or linked.creator:
            resource.append(
                rights(linked.rights, credit=linked.creator, tag="rightsResource")
            )
        resources.append(resource)
    for order, resource in enumerate(resources, 1):
        resource.set(attr("sortorder"), str(order))
    return L.resourceWrap(*resources) if resources else None


def build_lido(
    heritage_object: HeritageObject,
    url: Url,
    *,
    include_unpublished_targets: bool = False,
) -> etree._Element:
    """The LIDO record of one object; image links point to our IIIF Image API.

    ``url`` makes a path absolute. Related objects that are not public are left
    out unless ``include_unpublished_targets`` (staff backups).
    """
    institution = heritage_object.institution
    page = url(heritage_object.get_absolute_url())
    record_id = heritage_object.lido_rec_id or (
        f"{institution.isil or institution.slug}/{heritage_object.identifier}"
    )
    root = L.lido()
    root.set(f"{{{XSI_NS}}}schemaLocation", SCHEMA_LOCATION)
    root.append(typed("lidoRecID", record_id, "local", source=institution.name))
    root.append(typed("objectPublishedID", page, "URI"))
    if heritage_object.published_id:
        kind = "URI" if "://" in heritage_object.published_id else "local"
        root.append(typed("objectPublishedID", heritage_object.published_id, kind))
    root.append(
        L.category(
            typed("conceptID", CIDOC_E22, "URI"), lang(L.term("Man-Made Object"), "en")
        )
    )

    descriptive = lang(
        L.descriptiveMetadata(
            classification_wrap(heritage_object, url),
            identification_wrap(heritage_object),
        ),
        "de",
    )
    events = list(heritage_object.events.all())
    if events:
        descriptive.append(L.eventWrap(*[L.eventSet(event(e)) for e in events]))
    relations = relation_wrap(
        heritage_object, url, include_unpublished_targets=include_unpublished_targets
    )
    if len(relations):
        descriptive.append(relations)
    root.append(descriptive)

    administrative = lang(L.administrativeMetadata(), "de")
    administrative.append(
        L.rightsWorkWrap(
            rights(
                heritage_object.rights,
                holder=heritage_object.rights_holder,
                credit=heritage_object.credit_line,
            )
        )
    )
    record = L.recordWrap(
        typed(
            "recordID",
            heritage_object.source_record_id or heritage_object.identifier,
            "local",
        ),
        L.recordType(typed("conceptID", ITEM_LEVEL_RECORD, "URI"), L.term("item")),
        legal_body("recordSource", institution),
        rights(heritage_object.metadata_rights, tag="recordRights"),
        L.recordInfoSet(
            L.recordInfoLink(page, **{attr("formatResource"): "text/html"}),
            L.recordMetadataDate(heritage_object.updated_at.date().isoformat()),
        ),
    )
    if heritage_object.source_record_url:
        record.append(
            L.recordInfoSet(
                L.recordInfoLink(heritage_object.source_record_url),
                **{attr("type"): "source"},
            )
        )
    administrative.append(record)
    resources = resource_wrap(heritage_object, url)
    if resources is not None:
        administrative.append(resources)
    root.append(administrative)
    return root


def to_bytes(element: etree._Element) -> bytes:
    return etree.tostring(
        element, xml_declaration=True, encoding="UTF-8", pretty_print=True
    )
