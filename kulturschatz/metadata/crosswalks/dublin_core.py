"""Heritage object → simple Dublin Core (oai_dc), as CROSSWALK.md §3 maps LIDO."""

from collections.abc import Callable

from lxml import etree
from lxml.builder import ElementMaker

from kulturschatz.collections.models import HeritageObject, Rights

OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_LOCATION = f"{OAI_DC_NS} http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
NSMAP = {"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS}
OAI_DC = ElementMaker(namespace=OAI_DC_NS, nsmap=NSMAP)
DC = ElementMaker(namespace=DC_NS, nsmap=NSMAP)
Url = Callable[[str], str]


def element(name: str, text: str, language: str | None = None) -> etree._Element:
    item = DC(name, text)
    if language:
        item.set(XML_LANG, language)
    return item


def build_dublin_core(heritage_object: HeritageObject, url: Url) -> etree._Element:
    root = OAI_DC.dc()
    root.set(f"{{{XSI_NS}}}schemaLocation", SCHEMA_LOCATION)
    add = root.append
    add(element("title", heritage_object.title, heritage_object.title_lang))
    for title in heritage_object.titles.all():
        add(element("title", title.text, title.lang))
    events = list(heritage_object.events.all())
    for item in events:
        for role in item.actors.all():
            name = role.agent.name
            if role.role:
                name = f"{name} ({role.role.label})"
            add(element("creator" if item.is_production else "contributor", name))
    for term in heritage_object.subject_concepts.all():
        add(element("subject", term.label, "de"))
    for agent in heritage_object.subject_agents.all():
        add(element("subject", agent.name))
    for location in heritage_object.subject_places.all():
        add(element("subject", location.name))
    for description in heritage_object.descriptions.all():
        add(element("description", description.text, description.lang))
    for inscription in heritage_object.inscriptions.all():
        if inscription.transcription:
            add(element("description", f"Inschrift: {inscription.transcription}", "de"))
    for item in events:
        if item.display_date:
            add(element("date", item.display_date))
        if item.earliest_year is not None and item.latest_year is not None:
            span = str(item.earliest_year)
            if item.latest_year != item.earliest_year:
                span = f"{item.earliest_year}/{item.latest_year}"
            add(element("date", span))
    if heritage_object.object_type:
        add(element("type", heritage_object.object_type.label, "de"))
    for term in heritage_object.classifications.all():
        add(element("type", term.label, "de"))
    add(element("type", "PhysicalObject"))
    for item in events:
        if item.materials_display:
            add(element("format", item.materials_display, "de"))
        else:
            for term in [*item.materials.all(), *item.techniques.all()]:
                add(element("format", term.label, "de"))
    if heritage_object.dimensions_display:
        add(element("format", heritage_object.dimensions_display, "de"))
    add(element("identifier", heritage_object.inventory_number))
    add(element("identifier", url(heritage_object.get_absolute_url())))
    if heritage_object.published_id:  # LIDO objectPublishedID, CROSSWALK.md §3
        add(element("identifier", heritage_object.published_id))
    for relation in heritage_object.relations.all():
        if relation.target_id and relation.target.is_public:
            target = url(relation.target.get_absolute_url())
        else:
            target = relation.target_uri or relation.target_label
        if target:
            add(element("relation", f"{relation.relation_type.label}: {target}", "de"))
    places = dict.fromkeys(p.name for item in events for p in item.places.all())
    for name in places:
        add(element("coverage", name))
    add(element("rights", heritage_object.rights))
    try:
        add(element("rights", str(Rights(heritage_object.rights).label)))
    except ValueError:
        pass
    if heritage_object.credit_line:
        add(element("rights", heritage_object.credit_line))
    return root


def to_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
