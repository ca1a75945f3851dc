"""The object → LIDO crosswalk: every catalogue field where the mapping table says.

The rich object built here fills every field; test_exports.py reuses it.
"""

import datetime
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from kulturschatz.collections.models import (
    PLACE_ANCESTOR_LEVELS,
    Agent,
    Concept,
    Event,
    HeritageObject,
    Place,
    Rights,
)
from kulturschatz.collections.services import refresh_dating
from kulturschatz.metadata.crosswalks import dublin_core
from kulturschatz.metadata.crosswalks.lido import build_lido, to_bytes
from tests import factories

SHARED = Path(__file__).resolve().parents[3] / "shared" / "standards"
sys.path.insert(0, str(SHARED))
import validate_offline  # noqa: E402 - the shared validator, used by path

NS = {"lido": "http://www.lido-schema.org", "gml": "http://www.opengis.net/gml"}
BASE = "http://kulturschatz.example"
GND = "https://d-nb.info/gnd/"
pytestmark = pytest.mark.django_db


def url(path: str) -> str:
    return f"{BASE}{path}"


def make_place(name: str, *, parent: Place | None = None, uris=(), **fields) -> Place:
    place = Place.objects.create(name=name, parent=parent, **fields)
    for uri in uris:
        place.uris.create(uri=uri)
    return place


def make_rich_object(**fields) -> HeritageObject:
    """A published object with every catalogue field filled, several of each."""
    n = factories.make_concept(Concept.Kind.OBJECT_TYPE, "x").pk  # a unique number
    institution = factories.make_institution(
        "Kulturhistorisches Museum",
        name_en="Museum of Cultural History",
        isil=f"DE-MUS-{n:06d}",
        website="https://museum.example/",
    )
    parent = factories.make_collection(institution, "Domschatz")
    collection = factories.make_collection(
        institution, "Goldschmiedekunst", name_en="Goldsmiths' work", parent=parent
    )
    object_type = factories.make_concept(
        Concept.Kind.OBJECT_TYPE,
        "Reliquiar",
        uris=["http://vocab.getty.edu/aat/300068837", f"{GND}4177694-1"],
    )
    object_type.label_en = "reliquary"
    object_type.save()
    deutschland = make_place(
        "Deutschland", name_en="Germany", uris=["https://sws.geonames.org/2921044/"]
    )
    land = make_place("Sachsen-Anhalt", name_en="Saxony-Anhalt", parent=deutschland)
    kreis = make_place("Saalekreis", parent=land, uris=[f"{GND}4767036-7"])
    merseburg = make_place(
        "Merseburg",
        parent=kreis,
        uris=["https://sws.geonames.org/2871992/", f"{GND}4038803-9"],
        latitude=Decimal("51.355600"),
        longitude=Decimal("11.992800"),
    )
    halle = make_place("Halle (Saale)", name_en="Halle", uris=[f"{GND}4023025-0"])
    defaults = {
        "title": "Reliquienkästchen mit Grubenschmelz",
        "title_lang": "de",
        "object_type": object_type,
        "collection": collection,
        "dimensions_display": "84,5 × 112 cm; Sockel Ø 12,25 cm",
        "provenance": "1843 aus dem Domkapitel übernommen.",
        "credit_line": "Domstift Merseburg, Foto: M. Muster",
        "rights": Rights.CC_BY_SA,
        "rights_holder": "Vereinigte Domstifter",
        "metadata_rights": Rights.CC0,
        "lido_rec_id": f"DE-MUS-{n:06d}/quelle-4711",
        "published_id": "https://doi.org/10.5555/reliquiar-4711",
        "source_record_id": "quelle-4711",
        "source_record_url": "https://quelle.example/objekt/4711",
    }
    heritage_object = factories.make_object(
        institution=institution, **{**defaults, **fields}
    )
    classifications = [
        factories.make_concept(
            Concept.Kind.CLASSIFICATION, "Goldschmiedearbeit", uris=[f"{GND}4021779-8"]
        ),
        factories.make_concept(Concept.Kind.CLASSIFICATION, "Sakralgerät"),
    ]
    heritage_object.classifications.set(classifications)
    heritage_object.titles.create(
        text="Reliquary casket", lang="en", pref="preferred", order=1
    )
    heritage_object.titles.create(
        text="Merseburger Emailkästchen", lang="de", pref="alternative", order=2
    )
    heritage_object.descriptions.create(
        text="Ein Kästchen aus Kupfer.", lang="de", order=1
    )
    heritage_object.descriptions.create(text="A copper casket.", lang="en", order=2)
    heritage_object.inscriptions.create(
        kind="Umschrift",
        transcription="SANCTVS LAVRENTIVS",
        lang="la",
        description="Auf dem Deckel, gravierte Majuskeln",
        order=1,
    )
    heritage_object.inscriptions.create(
        kind="", transcription="", lang="de", description="Unleserliche Marke", order=2
    )
    for order, (dimension, value, unit, extent) in enumerate(
        [
            ("Höhe", "84.5", "cm", "Kasten"),
            ("Breite", "112.0000", "cm", "Kasten"),
            ("Gewicht", "1200", "g", ""),
            ("Durchmesser", "12.25", "cm", "Sockel"),
            ("Höhe", "3", "cm", "Kasten"),
        ]
    ):
        heritage_object.measurements.create(
            dimension=dimension,
            value=Decimal(value),
            unit=unit,
            extent=extent,
            order=order,
        )

    production = factories.make_concept(
        Concept.Kind.EVENT_TYPE,
        "Herstellung",
        slug="production",
        uris=["http://terminology.lido-schema.org/lido00007"],
    )
    production.label_en = "production"
    production.save()
    acquisition = factories.make_concept(
        Concept.Kind.EVENT_TYPE, "Erwerb", slug="acquisition"
    )
    goldsmith = factories.make_concept(
        Concept.Kind.ROLE, "Goldschmied", uris=["http://vocab.getty.edu/aat/300025230"]
    )
    seller = factories.make_concept(Concept.Kind.ROLE, "Verkäufer")
    purchase = factories.make_concept(
        Concept.Kind.METHOD, "Kauf", uris=["http://vocab.getty.edu/aat/300077989"]
    )
    copper = factories.make_concept(
        Concept.Kind.MATERIAL, "Kupfer", uris=["http://vocab.getty.edu/aat/300011020"]
    )
    gold = factories.make_concept(Concept.Kind.MATERIAL, "Gold")
    enamel = factories.make_concept(
        Concept.Kind.TECHNIQUE,
        "Grubenschmelz",
        uris=["http://vocab.getty.edu/aat/300178531"],
    )
    master = factories.make_agent(
        "Meister Eilbertus",
        uris=[f"{GND}118529021", "http://vocab.getty.edu/ulan/500000001"],
        dates="tätig um 1130–1160",
        birth_year=1100,
        death_year=1170,
    )
    workshop = factories.make_agent(
        "Kölner Werkstatt",
        uris=["http://www.wikidata.org/entity/Q1"],
        kind=Agent.Kind.ORGANISATION,
        birth_year=1120,
    )
    family = factories.make_agent("Familie von Bose", kind=Agent.Kind.FAMILY)
    made = Event.objects.create(
        heritage_object=heritage_object,
        event_type=production,
        display_date="um 1150",
        earliest_year=1140,
        latest_year=1160,
        materials_display="Kupfer, vergoldet",
        description="In Köln gefertigt.",
        order=1,
    )
    made.actors.create(
        agent=master, role=goldsmith, attribution="zugeschrieben", order=1
    )
    made.actors.create(agent=workshop, role=goldsmith, order=2)
    made.places.set([merseburg])
    made.materials.set([copper, gold])
    made.techniques.set([enamel])
    bought = Event.objects.create(
        heritage_object=heritage_object,
        event_type=acquisition,
        display_date="1843",
        method=purchase,
        order=2,
    )
    bought.actors.create(agent=family, role=seller, order=1)
    bought.places.set([halle])
    refresh_dating(heritage_object)

    saint = factories.make_concept(
        Concept.Kind.SUBJECT,
        "Laurentius von Rom",
        uris=["http://iconclass.org/11H(LAWRENCE)"],
    )
    romanesque = factories.make_concept(
        Concept.Kind.PERIOD, "Romanik", uris=["http://vocab.getty.edu/aat/300020756"]
    )
    heritage_object.subject_concepts.set([saint, romanesque])
    bishop = factories.make_agent(
        "Thietmar von Merseburg",
        uris=[f"{GND}118622110"],
        dates="975–1018",
        birth_year=975,
        death_year=1018,
    )
    heritage_object.subject_agents.set([bishop])
    heritage_object.subject_places.set([merseburg])

    part_of = factories.make_concept(Concept.Kind.RELATION_TYPE, "Teil von")
    related = factories.make_concept(Concept.Kind.RELATION_TYPE, "verwandt mit")
    public_target = factories.make_object(
        institution=institution, identifier=f"domschatz-{n}", title="Tragaltar"
    )
    draft_target = factories.make_object(
        institution=institution,
        status=HeritageObject.Status.DRAFT,
        identifier=f"geheim-{n}",
        title="Unveröffentlichter Kelch",
    )
    heritage_object.relations.create(relation_type=part_of, target=public_target)
    heritage_object.relations.create(relation_type=related, target=draft_target)
    heritage_object.relations.create(
        relation_type=related,
        target_label="Eilbertus-Tragaltar, Berlin",
        target_uri="https://smb.example/objekt/1",
    )
    factories.make_image(heritage_object, order=2, primary=False, size=(300, 200))
    primary = factories.make_image(
        heritage_object, order=5, primary=True, size=(400, 300)
    )
    primary.caption = "Vorderseite"
    primary.caption_en = "Front"
    primary.creator = "Foto: M. Muster"
    primary.rights = Rights.CC_BY
    primary.save()
    heritage_object.linked_resources.create(
        url="https://quelle.example/media/4711.tif",
        media_type="image/tiff",
        resource_type="Foto",
        caption="Rückseite (Archivaufnahme)",
        creator="Archiv X",
        rights=str(Rights.CC_BY_NC),
        order=1,
    )
    heritage_object.linked_resources.create(
        url="https://quelle.example/3d/4711.glb", order=2
    )
    return heritage_object


def full(heritage_object: HeritageObject) -> HeritageObject:
    return HeritageObject.objects.with_full_record().get(pk=heritage_object.pk)


@pytest.fixture
def rich() -> HeritageObject:
    return full(make_rich_object())


@pytest.fixture
def record(rich) -> etree._Element:
    # Serialized and parsed again: assertions see what a reader sees.
    return etree.fromstring(to_bytes(build_lido(rich, url)))


def xpath(node: etree._Element, path: str) -> list:
    return node.xpath(path, namespaces=NS)


def texts(node: etree._Element, path: str) -> list[str]:
    return [str(value) for value in xpath(node, path)]


def concept_of(element: etree._Element) -> tuple[list[str], dict[str, str]]:
    """(conceptID URIs, {lang: term}) of a concept element."""
    uris = texts(element, "lido:conceptID[@lido:type='URI']/text()")
    terms = {
        t.get("{http://www.w3.org/XML/1998/namespace}lang"): t.text
        for t in xpath(element, "lido:term")
    }
    return uris, terms


def uris_of(related) -> list[str]:
    return [u.uri for u in related.uris.all()]


def test_rich_and_minimal_records_validate_against_lido_10_and_11(rich):
    minimal = full(factories.make_object())
    for heritage_object in (rich, minimal):
        body = to_bytes(build_lido(heritage_object, url))
        assert validate_offline.validate("lido10", body) == []
        assert validate_offline.validate("lido", body) == []


def test_building_a_record_issues_no_query(rich, django_assert_num_queries):
    with django_assert_num_queries(0):
        build_lido(rich, url)


def test_identifiers_and_record_wrap(rich, record):
    page = f"{BASE}/objekt/{rich.identifier}/"
    assert texts(record, "lido:lidoRecID[@lido:type='local']/text()") == [
        rich.lido_rec_id
    ]
    assert texts(record, "lido:objectPublishedID/text()") == [page, rich.published_id]
    assert texts(record, "lido:objectPublishedID/@lido:type") == ["URI", "URI"]
    wrap = xpath(record, "lido:administrativeMetadata/lido:recordWrap")[0]
    assert texts(wrap, "lido:recordID[@lido:type='local']/text()") == ["quelle-4711"]
    assert texts(wrap, "lido:recordType/lido:term/text()") == ["item"]
    isil_uri = (
        f"http://ld.zdb-services.de/resource/organisations/{rich.institution.isil}"
    )
    assert texts(wrap, "lido:recordSource/lido:legalBodyID/text()") == [isil_uri]
    assert texts(
        wrap, "lido:recordSource/lido:legalBodyName/lido:appellationValue/text()"
    ) == [rich.institution.name, "Museum of Cultural History"]
    assert texts(wrap, "lido:recordRights/lido:rightsType/lido:conceptID/text()") == [
        Rights.CC0
    ]
    ours, source = xpath(wrap, "lido:recordInfoSet")
    assert ours.get("{http://www.lido-schema.org}type") is None
    assert texts(ours, "lido:recordInfoLink/text()") == [page]
    assert texts(ours, "lido:recordMetadataDate/text()") == [
        rich.updated_at.date().isoformat()
    ]
    assert source.get("{http://www.lido-schema.org}type") == "source"
    assert texts(source, "lido:recordInfoLink/text()") == [rich.source_record_url]


def test_defaults_without_import_provenance():
    institution = factories.make_institution()
    plain = full(factories.make_object(institution=institution))
    record = build_lido(plain, url)
    assert texts(record, "lido:lidoRecID/text()") == [
        f"{institution.slug}/{plain.identifier}"
    ]
    assert texts(record, "lido:objectPublishedID/text()") == [
        f"{BASE}/objekt/{plain.identifier}/"
    ]
    assert texts(record, "//lido:recordID/text()") == [plain.identifier]
    assert len(xpath(record, "//lido:recordInfoSet")) == 1
    assert texts(record, "//lido:objectWorkType/lido:term/text()") == ["Objekt"]
    assert xpath(record, "//lido:objectWorkType/lido:conceptID") == []
    assert xpath(record, "//lido:classificationWrap") == []
    institution.isil = "DE-1234"
    plain.institution = institution
    assert texts(build_lido(plain, url), "lido:lidoRecID/text()") == [
        f"DE-1234/{plain.identifier}"
    ]


def test_object_type_classifications_and_collection(rich, record):
    classification = xpath(record, "//lido:objectClassificationWrap")[0]
    work_type = xpath(classification, "lido:objectWorkTypeWrap/lido:objectWorkType")
    assert [concept_of(e) for e in work_type] == [
        (uris_of(rich.object_type), {"de": "Reliquiar", "en": "reliquary"})
    ]
    plain = xpath(
        classification, "lido:classificationWrap/lido:classification[not(@lido:type)]"
    )
    assert [concept_of(e) for e in plain] == [
        (uris_of(c), {"de": c.label}) for c in rich.classifications.all()
    ]
    collection = xpath(
        classification, "lido:classificationWrap/lido:classification[last()]"
    )[0]
    assert collection.get("{http://www.lido-schema.org}type") == "collection"
    assert concept_of(collection) == (
        [f"{BASE}/sammlung/{rich.collection.slug}/"],
        {"de": rich.collection.name, "en": "Goldsmiths' work"},
    )


def test_titles_with_pref_and_language(rich, record):
    values = xpath(record, "//lido:titleWrap/lido:titleSet/lido:appellationValue")
    found = [
        (
            v.text,
            v.get("{http://www.w3.org/XML/1998/namespace}lang"),
            v.get("{http://www.lido-schema.org}pref"),
        )
        for v in values
    ]
    assert found == [
        (rich.title, "de", "preferred"),
        ("Reliquary casket", "en", "preferred"),
        ("Merseburger Emailkästchen", "de", "alternate"),
    ]


def test_inscriptions_repository_descriptions_and_provenance(rich, record):
    first, second = xpath(record, "//lido:inscriptionsWrap/lido:inscriptions")
    assert first.get("{http://www.lido-schema.org}type") == "Umschrift"
    assert texts(first, "lido:inscriptionTranscription[@xml:lang='la']/text()") == [
        "SANCTVS LAVRENTIVS"
    ]
    assert texts(
        first, "lido:inscriptionDescription/lido:descriptiveNoteValue/text()"
    ) == ["Auf dem Deckel, gravierte Majuskeln"]
    assert second.get("{http://www.lido-schema.org}type") is None
    assert xpath(second, "lido:inscriptionTranscription") == []

    repository = xpath(
        record, "//lido:repositoryWrap/lido:repositorySet[@lido:type='current']"
    )
    assert len(repository) == 1
    assert texts(
        repository[0], "lido:repositoryName/lido:legalBodyID[@lido:type='URI']/text()"
    ) == [f"http://ld.zdb-services.de/resource/organisations/{rich.institution.isil}"]
    assert texts(repository[0], "lido:repositoryName/lido:legalBodyWeblink/text()") == [
        "https://museum.example/"
    ]
    assert texts(
        repository[0], "lido:workID[@lido:type='inventory number']/text()"
    ) == [rich.inventory_number]
    sets = xpath(record, "//lido:objectDescriptionWrap/lido:objectDescriptionSet")
    found = [
        (
            s.get("{http://www.lido-schema.org}type"),
            texts(s, "lido:descriptiveNoteValue/@xml:lang")[0],
            texts(s, "lido:descriptiveNoteValue/text()")[0],
        )
        for s in sets
    ]
    assert found == [
        (None, "de", "Ein Kästchen aus Kupfer."),
        (None, "en", "A copper casket."),
        ("provenance", "de", rich.provenance),
    ]


def test_measurements_round_trip_with_their_extents(rich, record):
    sets = xpath(record, "//lido:objectMeasurementsWrap/lido:objectMeasurementsSet")
    assert texts(sets[0], "lido:displayObjectMeasurements/text()") == [
        rich.dimensions_display
    ]
    assert texts(record, "//lido:displayObjectMeasurements/text()") == [
        rich.dimensions_display
    ]
    read_back = []
    for measurement_set in sets:
        extent = texts(
            measurement_set, "lido:objectMeasurements/lido:extentMeasurements/text()"
        )
        assert len(extent) <= 1
        for values in xpath(
            measurement_set, "lido:objectMeasurements/lido:measurementsSet"
        ):
            # Schema order: type, unit, value.
            assert [etree.QName(c).localname for c in values] == [
                "measurementType",
                "measurementUnit",
                "measurementValue",
            ]
            dimension, unit, value = (c.text for c in values)
            read_back.append((dimension, unit, value, extent[0] if extent else ""))
    assert read_back == [
        ("Höhe", "cm", "84.5", "Kasten"),
        ("Breite", "cm", "112", "Kasten"),
        ("Gewicht", "g", "1200", ""),
        ("Durchmesser", "cm", "12.25", "Sockel"),
        ("Höhe", "cm", "3", "Kasten"),
    ]
    expected = [
        (m.dimension, m.unit, m.value, m.extent) for m in rich.measurements.all()
    ]
    assert [(d, u, Decimal(v), e) for d, u, v, e in read_back] == expected


def test_events_with_actors_dates_places_and_materials(rich, record):
    made, bought = xpath(record, "//lido:eventWrap/lido:eventSet/lido:event")
    assert concept_of(xpath(made, "lido:eventType")[0]) == (
        ["http://terminology.lido-schema.org/lido00007"],
        {"de": "Herstellung", "en": "production"},
    )
    actors = xpath(made, "lido:eventActor")
    assert [texts(a, "lido:displayActorInRole/text()") for a in actors] == [
        ["Meister Eilbertus (tätig um 1130–1160)"],
        ["Kölner Werkstatt"],
    ]
    master, workshop = (xpath(a, "lido:actorInRole")[0] for a in actors)
    assert texts(master, "lido:actor/@lido:type") == ["person"]
    assert texts(workshop, "lido:actor/@lido:type") == ["corporation"]
    assert texts(master, "lido:actor/lido:actorID[@lido:type='URI']/text()") == [
        "http://vocab.getty.edu/ulan/500000001",
        f"{GND}118529021",
    ]
    assert texts(
        master,
        "lido:actor/lido:nameActorSet/lido:appellationValue[@lido:pref='preferred']/text()",
    ) == ["Meister Eilbertus"]
    assert texts(
        master, "lido:actor/lido:vitalDatesActor/lido:earliestDate/text()"
    ) == ["1100"]
    assert texts(master, "lido:actor/lido:vitalDatesActor/lido:latestDate/text()") == [
        "1170"
    ]
    assert texts(workshop, "lido:actor/lido:vitalDatesActor/*/text()") == ["1120"]
    assert texts(
        workshop, "lido:actor/lido:vitalDatesActor/lido:earliestDate/text()"
    ) == ["1120"]
    assert concept_of(xpath(master, "lido:roleActor")[0]) == (
        ["http://vocab.getty.edu/aat/300025230"],
        {"de": "Goldschmied"},
    )
    assert texts(master, "lido:attributionQualifierActor/text()") == ["zugeschrieben"]
    assert xpath(workshop, "lido:attributionQualifierActor") == []
    assert texts(made, "lido:eventDate/lido:displayDate[@xml:lang='de']/text()") == [
        "um 1150"
    ]
    assert texts(made, "lido:eventDate/lido:date/lido:earliestDate/text()") == ["1140"]
    assert texts(made, "lido:eventDate/lido:date/lido:latestDate/text()") == ["1160"]

    place = xpath(made, "lido:eventPlace/lido:place")[0]
    assert texts(place, "lido:placeID[@lido:type='URI']/text()") == [
        f"{GND}4038803-9",
        "https://sws.geonames.org/2871992/",
    ]
    assert texts(
        place, "lido:namePlaceSet/lido:appellationValue[@xml:lang='de']/text()"
    ) == ["Merseburg"]
    assert texts(place, "lido:gml/gml:Point/gml:pos/text()") == ["51.3556 11.9928"]
    chain = texts(
        place,
        ".//lido:partOfPlace/lido:namePlaceSet/lido:appellationValue[@xml:lang='de']/text()",
    )
    assert chain == ["Saalekreis", "Sachsen-Anhalt", "Deutschland"]
    assert texts(place, "lido:partOfPlace/lido:placeID/text()") == [f"{GND}4767036-7"]
    germany = xpath(place, "lido:partOfPlace/lido:partOfPlace/lido:partOfPlace")[0]
    assert texts(
        germany, "lido:namePlaceSet/lido:appellationValue[@xml:lang='en']/text()"
    ) == ["Germany"]
    assert xpath(germany, "lido:partOfPlace") == []

    materials_tech = xpath(made, "lido:eventMaterialsTech")[0]
    assert texts(
        materials_tech, "lido:displayMaterialsTech[@xml:lang='de']/text()"
    ) == ["Kupfer, vergoldet"]
    assert texts(
        materials_tech,
        "lido:materialsTech/lido:termMaterialsTech[@lido:type='material']/lido:term/text()",
    ) == [
        "Gold",
        "Kupfer",  # concepts sort by label
    ]
    technique = xpath(
        materials_tech,
        "lido:materialsTech/lido:termMaterialsTech[@lido:type='technique']",
    )
    assert [concept_of(t) for t in technique] == [
        (["http://vocab.getty.edu/aat/300178531"], {"de": "Grubenschmelz"})
    ]
    assert texts(made, "lido:eventDescriptionSet/lido:descriptiveNoteValue/text()") == [
        "In Köln gefertigt."
    ]
    assert concept_of(xpath(bought, "lido:eventMethod")[0]) == (
        ["http://vocab.getty.edu/aat/300077989"],
        {"de": "Kauf"},
    )
    assert texts(bought, "lido:eventActor/lido:actorInRole/lido:actor/@lido:type") == [
        "family"
    ]
    assert texts(bought, "lido:eventDate/lido:date/*/text()") == ["1843", "1843"]
    assert texts(
        bought,
        "lido:eventPlace/lido:place/lido:namePlaceSet/lido:appellationValue/text()",
    ) == ["Halle (Saale)", "Halle"]


@pytest.mark.parametrize(
    "kind,lido_type",
    [("person", "person"), ("organisation", "corporation"), ("family", "family")],
)
def test_agent_kinds_map_to_lido_actor_types(kind, lido_type):
    heritage_object = factories.make_object()
    heritage_object.subject_agents.set([factories.make_agent("N. N.", kind=kind)])
    record = build_lido(full(heritage_object), url)
    assert texts(record, "//lido:subjectActor/lido:actor/@lido:type") == [lido_type]


def test_subjects_and_related_works(rich, record):
    subject_sets = xpath(record, "//lido:subjectWrap/lido:subjectSet/lido:subject")
    topics, periods = subject_sets
    assert topics.get("{http://www.lido-schema.org}type") is None
    assert [concept_of(c) for c in xpath(topics, "lido:subjectConcept")] == [
        (["http://iconclass.org/11H(LAWRENCE)"], {"de": "Laurentius von Rom"})
    ]
    assert texts(topics, "lido:subjectActor/lido:displayActor/text()") == [
        "Thietmar von Merseburg (975–1018)"
    ]
    assert texts(topics, "lido:subjectActor/lido:actor/lido:actorID/text()") == [
        f"{GND}118622110"
    ]
    assert texts(
        topics,
        "lido:subjectPlace/lido:place/lido:namePlaceSet/lido:appellationValue/text()",
    ) == ["Merseburg"]
    assert texts(
        topics,
        "lido:subjectPlace/lido:place/lido:partOfPlace/lido:namePlaceSet/lido:appellationValue/text()",
    ) == ["Saalekreis"]
    assert periods.get("{http://www.lido-schema.org}type") == "period"
    assert texts(periods, "lido:subjectConcept/lido:term/text()") == ["Romanik"]

    works = xpath(record, "//lido:relatedWorksWrap/lido:relatedWorkSet")
    assert len(works) == 2  # the draft target is left out
    internal, external = works
    target = rich.relations.get(relation_type__label="Teil von").target
    assert texts(internal, "lido:relatedWork/lido:displayObject/text()") == [
        "Tragaltar"
    ]
    assert texts(
        internal, "lido:relatedWork/lido:object/lido:objectWebResource/text()"
    ) == [f"{BASE}/objekt/{target.identifier}/"]
    assert texts(
        internal,
        "lido:relatedWork/lido:object/lido:objectID[@lido:type='local']/text()",
    ) == [target.identifier]
    assert texts(internal, "lido:relatedWorkRelType/lido:term/text()") == ["Teil von"]
    assert texts(external, "lido:relatedWork/lido:displayObject/text()") == [
        "Eilbertus-Tragaltar, Berlin"
    ]
    assert texts(
        external, "lido:relatedWork/lido:object/lido:objectWebResource/text()"
    ) == ["https://smb.example/objekt/1"]
    everything = " ".join(record.itertext())
    assert "Unveröffentlichter Kelch" not in everything and "geheim-" not in everything


def test_unpublished_targets_only_when_asked(rich):
    record = build_lido(rich, url, include_unpublished_targets=True)
    assert "Unveröffentlichter Kelch" in texts(
        record, "//lido:relatedWork/lido:displayObject/text()"
    )


def test_rights_of_object(rich, record):
    rights = xpath(record, "//lido:rightsWorkWrap/lido:rightsWorkSet")[0]
    assert concept_of(xpath(rights, "lido:rightsType")[0]) == (
        [Rights.CC_BY_SA],
        {None: "CC BY-SA 4.0"},
    )
    assert texts(
        rights, "lido:rightsHolder/lido:legalBodyName/lido:appellationValue/text()"
    ) == ["Vereinigte Domstifter"]
    assert texts(rights, "lido:creditLine/text()") == [rich.credit_line]
    translated = full(factories.make_object(rights=Rights.RS_INC))
    rights_type = xpath(
        build_lido(translated, url), "//lido:rightsWorkSet/lido:rightsType"
    )[0]
    assert concept_of(rights_type) == (
        [Rights.RS_INC],
        {"de": "Urheberrechtsschutz", "en": "In Copyright"},
    )


def test_images_and_linked_resources(rich, record):
    resources = xpath(record, "//lido:resourceWrap/lido:resourceSet")
    assert texts(record, "//lido:resourceWrap/lido:resourceSet/@lido:sortorder") == [
        "1",
        "2",
        "3",
        "4",
    ]
    images = list(rich.images.all())
    assert images[0].is_primary
    for resource, image in zip(resources[:2], images, strict=True):
        base = f"{BASE}/iiif/3/{image.uuid.hex}"
        assert texts(resource, "lido:resourceID[@lido:type='local']/text()") == [
            image.uuid.hex
        ]
        master = xpath(
            resource, "lido:resourceRepresentation[@lido:type='image_master']"
        )[0]
        assert texts(master, "lido:linkResource/text()") == [
            f"{base}/full/max/0/default.jpg"
        ]
        assert texts(master, "lido:linkResource/@lido:formatResource") == ["image/jpeg"]
        sizes = {
            s.findtext("lido:measurementType", namespaces=NS): s.findtext(
                "lido:measurementValue", namespaces=NS
            )
            for s in xpath(master, "lido:resourceMeasurementsSet")
        }
        assert sizes == {"width": str(image.width), "height": str(image.height)}
        assert texts(
            resource,
            "lido:resourceRepresentation[@lido:type='image_thumb']/lido:linkResource/text()",
        ) == [f"{base}/full/!400,400/0/default.jpg"]
        assert texts(
            resource, "lido:rightsResource/lido:rightsType/lido:conceptID/text()"
        ) == [image.rights]
    primary, other = resources[:2]
    assert texts(primary, "lido:resourceRelType/lido:term[@xml:lang='en']/text()") == [
        "main image"
    ]
    assert xpath(other, "lido:resourceRelType") == []
    assert texts(primary, "lido:resourceDescription[@xml:lang='de']/text()") == [
        "Vorderseite"
    ]
    assert texts(primary, "lido:resourceDescription[@xml:lang='en']/text()") == [
        "Front"
    ]
    assert texts(primary, "lido:rightsResource/lido:creditLine/text()") == [
        "Foto: M. Muster"
    ]
    assert xpath(other, "lido:resourceDescription") == []

    tiff, model = resources[2:]
    assert xpath(tiff, "lido:resourceID") == []
    assert texts(tiff, "lido:resourceRepresentation/lido:linkResource/text()") == [
        "https://quelle.example/media/4711.tif"
    ]
    assert texts(
        tiff, "lido:resourceRepresentation/lido:linkResource/@lido:formatResource"
    ) == ["image/tiff"]
    assert texts(tiff, "lido:resourceType/lido:term/text()") == ["Foto"]
    assert texts(tiff, "lido:resourceDescription/text()") == [
        "Rückseite (Archivaufnahme)"
    ]
    assert texts(tiff, "lido:rightsResource/lido:rightsType/lido:conceptID/text()") == [
        Rights.CC_BY_NC
    ]
    assert texts(tiff, "lido:rightsResource/lido:creditLine/text()") == ["Archiv X"]
    assert texts(model, "lido:resourceRepresentation/lido:linkResource/text()") == [
        "https://quelle.example/3d/4711.glb"
    ]
    assert (
        xpath(
            model, "lido:resourceRepresentation/lido:linkResource/@lido:formatResource"
        )
        == []
    )
    assert xpath(model, "lido:resourceType | lido:rightsResource") == []


def test_part_of_place_stops_at_the_prefetched_depth(django_assert_num_queries):
    place = None
    for level in range(PLACE_ANCESTOR_LEVELS + 3):
        place = make_place(f"Ebene {level}", parent=place)
    heritage_object = factories.make_object()
    heritage_object.subject_places.set([place])
    loaded = full(heritage_object)
    with django_assert_num_queries(0):
        record = build_lido(loaded, url)
    names = texts(record, "//lido:subjectPlace//lido:appellationValue/text()")
    deepest = PLACE_ANCESTOR_LEVELS + 2
    assert names == [
        f"Ebene {deepest - level}" for level in range(PLACE_ANCESTOR_LEVELS + 1)
    ]
    assert validate_offline.validate("lido10", to_bytes(record)) == []


def test_dates_before_the_common_era_and_open_ranges():
    heritage_object = factories.make_object()
    finding = factories.make_concept(Concept.Kind.EVENT_TYPE, "Fund")
    Event.objects.create(
        heritage_object=heritage_object,
        event_type=finding,
        display_date="ca. 4600–4450 v. Chr.",
        earliest_year=-4600,
        latest_year=-4450,
    )
    Event.objects.create(
        heritage_object=heritage_object, event_type=finding, latest_year=1900
    )
    record = build_lido(full(heritage_object), url)
    dates = [texts(d, "*/text()") for d in xpath(record, "//lido:eventDate/lido:date")]
    assert dates == [["-4600", "-4450"], ["1900"]]
    assert texts(record, "//lido:eventDate/lido:date/lido:latestDate/text()") == [
        "-4450",
        "1900",
    ]
    assert validate_offline.validate("lido", to_bytes(record)) == []


def test_record_metadata_date_follows_the_last_change(rich):
    HeritageObject.objects.filter(pk=rich.pk).update(
        updated_at=datetime.datetime(2024, 3, 9, 12, tzinfo=datetime.UTC)
    )
    record = build_lido(full(rich), url)
    assert texts(record, "//lido:recordMetadataDate/text()") == ["2024-03-09"]


def test_dublin_core_carries_the_persistent_identifier_of_the_source(rich):
    record = dublin_core.build_dublin_core(rich, url)
    identifiers = record.xpath(
        "dc:identifier/text()", namespaces={"dc": "http://purl.org/dc/elements/1.1/"}
    )
    assert identifiers == [
        rich.inventory_number,
        f"{BASE}/objekt/{rich.identifier}/",
        rich.published_id,
    ]
    assert validate_offline.validate("oai_dc", dublin_core.to_bytes(record)) == []
