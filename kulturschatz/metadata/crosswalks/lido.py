"""Heritage object → LIDO record (LIDO 1.0 structure, valid against 1.0 and 1.1).

Element names and order follow the XSD (every wrapper is an xs:sequence); see
shared/standards/CROSSWALK.md §1–2. Works on an object whose relations are
prefetched; it issues no queries of its own when they are.
"""

from collections.abc import Callable

from lxml import etree
from lxml.builder import ElementMaker

from kulturschatz.collections.models import (
    Agent,
    Concept,
    HeritageObject,
    Place,
    Rights,
)

LIDO_NS = "http://www.lido-schema.org"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_LOCATION = "http://www.lido-schema.org http://www.lido-schema.org/schema/v1.0/lido-v1.0.xsd"
L = ElementMaker(namespace=LIDO_NS, nsmap={"lido": LIDO_NS, "xsi": XSI_NS})
Url = Callable[[str], str]


def attr(name: str) -> str:
    return f"{{{LIDO_NS}}}{name}"


def lang(element: etree._Element, language: str) -> etree._Element:
    element.set(XML_LANG, language)
    return element


def concept(tag: str, term: Concept, **attributes: str) -> etree._Element:
    """A LIDO concept: its authority URIs as conceptID, its labels as terms."""
    element = L(tag, **{attr(k): v for k, v in attributes.items()})
    for uri in term.uris.all():
        element.append(L.conceptID(uri.uri, **{attr("type"): "URI"}))
    element.append(lang(L.term(term.label), "de"))
    if term.label_en:
        element.append(lang(L.term(term.label_en), "en"))
    return element


def actor(agent: Agent) -> etree._Element:
    element = L.actor(**{attr("type"): agent.kind})
    for uri in agent.uris.all():
        element.append(L.actorID(uri.uri, **{attr("type"): "URI"}))
    element.append(L.nameActorSet(L.appellationValue(agent.name, **{attr("pref"): "preferred"})))
    if agent.birth_year is not None or agent.death_year is not None or agent.dates:
        vital = L.vitalDatesActor()
        if agent.birth_year is not None:
            vital.append(L.earliestDate(str(agent.birth_year)))
        if agent.death_year is not None:
            vital.append(L.latestDate(str(agent.death_year)))
        if len(vital) == 2:
            element.append(vital)
    return element


def place(location: Place) -> etree._Element:
    element = L.place()
    for uri in location.uris.all():
        element.append(L.placeID(uri.uri, **{attr("type"): "URI"}))
    element.append(L.namePlaceSet(L.appellationValue(location.name)))
    if location.latitude is not None and location.longitude is not None:
        gml_ns = "http://www.opengis.net/gml"
        gml = etree.SubElement(element, attr("gml"))
        point = etree.SubElement(gml, f"{{{gml_ns}}}Point", nsmap={"gml": gml_ns})
        etree.SubElement(point, f"{{{gml_ns}}}pos").text = f"{location.latitude} {location.longitude}"
    return element


def rights(uri: str, *, holder: str = "", credit: str = "", tag: str = "rightsWorkSet") -> etree._Element:
    try:
        label = str(Rights(uri).label)
    except ValueError:
        label = uri
    element = L(tag, L.rightsType(L.conceptID(uri, **{attr("type"): "URI"}), L.term(label)))
    if holder:
        element.append(L.rightsHolder(L.legalBodyName(L.appellationValue(holder))))
    if credit:
        element.append(L.creditLine(credit))
    return element


def event(item) -> etree._Element:
    element = L.event(concept("eventType", item.event_type))
    for role in item.actors.all():
        in_role = L.actorInRole(actor(role.agent))
        if role.role:
            in_role.append(concept("roleActor", role.role))
        if role.attribution:
            in_role.append(L.attributionQualifierActor(role.attribution))
        element.append(L.eventActor(in_role))
    if item.display_date or item.earliest_year is not None:
        date = L.eventDate()
        if item.display_date:
            date.append(lang(L.displayDate(item.display_date), "de"))
        if item.earliest_year is not None and item.latest_year is not None:
            date.append(
                L.date(L.earliestDate(str(item.earliest_year)), L.latestDate(str(item.latest_year)))
            )
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
            materials_tech.append(lang(L.displayMaterialsTech(item.materials_display), "de"))
        if materials or techniques:
            terms = L.materialsTech()
            for term in materials:
                terms.append(concept("termMaterialsTech", term, type="material"))
            for term in techniques:
                terms.append(concept("termMaterialsTech", term, type="technique"))
            materials_tech.append(terms)
        element.append(materials_tech)
    if item.description:
        element.append(L.eventDescriptionSet(lang(L.descriptiveNoteValue(item.description), "de")))
    return element


def build_lido(heritage_object: HeritageObject, url: Url) -> etree._Element:
    """The LIDO record of one object; image links point to our IIIF Image API."""
    institution = heritage_object.institution
    page = url(heritage_object.get_absolute_url())
    record_id = f"{institution.isil or institution.slug}/{heritage_object.identifier}"
    root = L.lido()
    root.set(f"{{{XSI_NS}}}schemaLocation", SCHEMA_LOCATION)
    root.append(L.lidoRecID(record_id, **{attr("type"): "local", attr("source"): institution.name}))
    root.append(L.objectPublishedID(page, **{attr("type"): "URI"}))

    # -- descriptive metadata --------------------------------------------------
    classification = L.objectClassificationWrap(
        L.objectWorkTypeWrap(
            concept("objectWorkType", heritage_object.object_type)
            if heritage_object.object_type
            else L.objectWorkType(lang(L.term("Objekt"), "de"))
        )
    )
    classifications = list(heritage_object.classifications.all())
    if classifications:
        classification.append(
            L.classificationWrap(*[concept("classification", c) for c in classifications])
        )
    titles = L.titleWrap(
        L.titleSet(
            lang(
                L.appellationValue(heritage_object.title, **{attr("pref"): "preferred"}),
                heritage_object.title_lang,
            )
        )
    )
    for title in heritage_object.titles.all():
        titles.append(
            L.titleSet(lang(L.appellationValue(title.text, **{attr("pref"): title.pref}), title.lang))
        )
    identification = L.objectIdentificationWrap(titles)
    inscriptions = list(heritage_object.inscriptions.all())
    if inscriptions:
        wrap = L.inscriptionsWrap()
        for inscription in inscriptions:
            element = L.inscriptions(**({attr("type"): inscription.kind} if inscription.kind else {}))
            if inscription.transcription:
                element.append(lang(L.inscriptionTranscription(inscription.transcription), inscription.lang))
            if inscription.description:
                element.append(
                    L.inscriptionDescription(lang(L.descriptiveNoteValue(inscription.description), "de"))
                )
            wrap.append(element)
        identification.append(wrap)
    repository_name = L.repositoryName()
    if institution.isil:
        repository_name.append(
            L.legalBodyID(f"http://ld.zdb-services.de/resource/organisations/{institution.isil}", **{attr("type"): "URI"})
        )
    repository_name.append(L.legalBodyName(L.appellationValue(institution.name)))
    if institution.website:
        repository_name.append(L.legalBodyWeblink(institution.website))
    identification.append(
        L.repositoryWrap(
            L.repositorySet(
                repository_name,
                L.workID(heritage_object.inventory_number, **{attr("type"): "inventory number"}),
                **{attr("type"): "current"},
            )
        )
    )
    descriptions = list(heritage_object.descriptions.all())
    if descriptions:
        identification.append(
            L.objectDescriptionWrap(
                *[
                    L.objectDescriptionSet(lang(L.descriptiveNoteValue(d.text), d.lang))
                    for d in descriptions
                ]
            )
        )
    measurements = list(heritage_object.measurements.all())
    if heritage_object.dimensions_display or measurements:
        measurement_set = L.objectMeasurementsSet()
        if heritage_object.dimensions_display:
            measurement_set.append(lang(L.displayObjectMeasurements(heritage_object.dimensions_display), "de"))
        if measurements:
            measurement_set.append(
                L.objectMeasurements(
                    *[
                        L.measurementsSet(
                            lang(L.measurementType(m.dimension), "de"),
                            L.measurementUnit(m.unit),
                            L.measurementValue(f"{m.value.normalize():f}"),
                        )
                        for m in measurements
                    ],
                    *[L.extentMeasurements(m.extent) for m in measurements if m.extent][:1],
                )
            )
        identification.append(L.objectMeasurementsWrap(measurement_set))
    descriptive = lang(L.descriptiveMetadata(classification, identification), "de")
    events = list(heritage_object.events.all())
    if events:
        descriptive.append(L.eventWrap(*[L.eventSet(event(e)) for e in events]))
    relation_wrap = L.objectRelationWrap()
    subjects = (
        list(heritage_object.subject_concepts.all()),
        list(heritage_object.subject_agents.all()),
        list(heritage_object.subject_places.all()),
    )
    if any(subjects):
        subject = L.subject()
        for term in subjects[0]:
            subject.append(concept("subjectConcept", term))
        for agent in subjects[1]:
            subject.append(L.subjectActor(actor(agent)))
        for location in subjects[2]:
            subject.append(L.subjectPlace(place(location)))
        relation_wrap.append(L.subjectWrap(L.subjectSet(subject)))
    relations = list(heritage_object.relations.all())
    if relations:
        works = L.relatedWorksWrap()
        for relation in relations:
            target = L.object()
            if relation.target_id and relation.target.is_public:
                target.append(L.objectWebResource(url(relation.target.get_absolute_url())))
                target.append(L.objectID(relation.target.identifier, **{attr("type"): "local"}))
                label = relation.target.title
            else:
                if relation.target_uri:
                    target.append(L.objectWebResource(relation.target_uri))
                label = relation.target_label
            if not label and not len(target):
                continue
            works.append(
                L.relatedWorkSet(
                    L.relatedWork(L.displayObject(label), target) if len(target) else L.relatedWork(L.displayObject(label)),
                    concept("relatedWorkRelType", relation.relation_type),
                )
            )
        if len(works):
            relation_wrap.append(works)
    if len(relation_wrap):
        descriptive.append(relation_wrap)
    root.append(descriptive)

    # -- administrative metadata -----------------------------------------------
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
        L.recordID(heritage_object.identifier, **{attr("type"): "local"}),
        L.recordType(L.term("item")),
        L.recordSource(L.legalBodyName(L.appellationValue(institution.name))),
        rights(heritage_object.metadata_rights, tag="recordRights"),
        L.recordInfoSet(
            L.recordInfoLink(page),
            L.recordMetadataDate(heritage_object.updated_at.date().isoformat()),
        ),
    )
    administrative.append(record)
    images = list(heritage_object.images.all())
    if images:
        resources = L.resourceWrap()
        for order, image in enumerate(images, 1):
            base = url(f"/iiif/3/{image.iiif_identifier}")
            resource = L.resourceSet(
                L.resourceID(image.iiif_identifier, **{attr("type"): "local"}),
                L.resourceRepresentation(
                    L.linkResource(f"{base}/full/max/0/default.jpg", **{attr("formatResource"): "image/jpeg"}),
                    **{attr("type"): "image_master"},
                ),
                L.resourceRepresentation(
                    L.linkResource(f"{base}/full/!400,400/0/default.jpg", **{attr("formatResource"): "image/jpeg"}),
                    **{attr("type"): "image_thumb"},
                ),
                L.resourceType(lang(L.term("Bild"), "de"), lang(L.term("image"), "en")),
                **{attr("sortorder"): str(order)},
            )
            if image.caption:
                resource.append(lang(L.resourceDescription(image.caption), "de"))
            resource.append(
                rights(image.rights, credit=image.creator, tag="rightsResource")
            )
            resources.append(resource)
        administrative.append(resources)
    root.append(administrative)
    return root


def to_bytes(element: etree._Element) -> bytes:
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", pretty_print=True)
