"""A small catalogue for the API tests: two published objects with everything an
object can hold, and four hidden ones (draft, review, withdrawn, embargoed) that
share their persons and places and bring their own, marked "Geheim"."""

from dataclasses import dataclass, field
from datetime import date

from kulturschatz.collections.models import (
    Agent,
    Collection,
    Concept,
    HeritageObject,
    Institution,
    Place,
)

from .. import factories

HIDDEN_STATUSES = ("draft", "review", "withdrawn", "embargoed")
SECRET = "Geheim"  # in every name that only hidden objects use


@dataclass
class Catalogue:
    institution: Institution
    empty_institution: Institution
    top: Collection
    child: Collection
    hidden_collection: Collection
    chronicle: HeritageObject  # published, full record, in the child collection
    seal: HeritageObject  # published, sparse, in the top collection
    hidden: dict[str, HeritageObject] = field(default_factory=dict)
    thietmar: Agent | None = None  # acts in the chronicle and in hidden objects
    depicted: Agent | None = None  # subject of the seal only
    secret_agent: Agent | None = None  # acts in hidden objects only
    merseburg: Place | None = None
    halle: Place | None = None  # subject of the seal only
    secret_place: Place | None = None
    hidden_type: Concept | None = None


def concept(kind: str, label: str, label_en: str = "", uri: str = "") -> Concept:
    made = factories.make_concept(kind, label, uris=[uri] if uri else [])
    if label_en:
        made.label_en = label_en
        made.save()
    return made


def add_event(
    heritage_object: HeritageObject,
    *,
    event_type: Concept,
    agent: Agent,
    role: Concept,
    place: Place,
    display_date: str = "um 1015",
    materials: tuple[Concept, ...] = (),
    order: int = 0,
) -> None:
    event = heritage_object.events.create(
        event_type=event_type,
        display_date=display_date,
        materials_display="Tinte auf Pergament",
        order=order,
    )
    event.actors.create(agent=agent, role=role, attribution="zugeschrieben")
    event.places.add(place)
    event.materials.add(*materials)


def build_catalogue() -> Catalogue:
    institution = factories.make_institution("Domstiftsbibliothek", name_en="Chapter Library")
    empty_institution = factories.make_institution("Leeres Museum")
    top = factories.make_collection(institution, "Handschriften", name_en="Manuscripts")
    child = factories.make_collection(institution, "Chroniken", parent=top)
    hidden_collection = factories.make_collection(institution, "Leere Sammlung")

    manuscript = concept("object_type", "Handschrift", "Manuscript", "http://vocab.getty.edu/aat/300028569")
    seal_type = concept("object_type", "Siegel", "Seal")
    hidden_type = concept("object_type", f"{SECRET}typ")
    production = factories.make_concept("event_type", "Herstellung", slug="production")
    scribe = concept("role", "Schreiber", "Scribe", "http://id.loc.gov/vocabulary/relators/scr")
    parchment = concept("material", "Pergament", "Parchment", "http://vocab.getty.edu/aat/300011851")
    technique = concept("technique", "Handschrift (Schreiben)", "Handwriting")
    history = concept("classification", "Geschichtsschreibung", "Historiography")
    bishopric = concept("subject", "Bistum", "Diocese")
    part_of = concept("relation_type", "Teil von", "Part of")

    thietmar = factories.make_agent(
        "Thietmar von Merseburg",
        uris=["https://d-nb.info/gnd/118622110"],
        dates="975–1018",
        birth_year=975,
        death_year=1018,
    )
    depicted = factories.make_agent("Heinrich II.", dates="973–1024")
    secret_agent = factories.make_agent(f"{SECRET}rat Unbekannt")
    saalekreis = Place.objects.create(name="Saalekreis")
    merseburg = Place.objects.create(
        name="Merseburg", latitude="51.354700", longitude="11.992800", parent=saalekreis
    )
    merseburg.uris.create(uri="https://sws.geonames.org/2871992/")
    halle = Place.objects.create(name="Halle (Saale)", name_en="Halle")
    secret_place = Place.objects.create(name=f"{SECRET}ort")

    chronicle = factories.make_object(
        institution=institution,
        collection=child,
        identifier="chronik-thietmar",
        inventory_number="Cod. 129",
        title="Chronik des Thietmar",
        object_type=manuscript,
        dating_display="um 1015",
        earliest_year=1012,
        latest_year=1018,
        dimensions_display="32 × 22 cm",
        provenance="Seit 1018 in Merseburg.",
        rights_holder="Vereinigte Domstifter",
        credit_line="Domstiftsbibliothek Merseburg",
        published_id="https://example.org/pid/129",
    )
    chronicle.titles.create(text="Chronicle of Thietmar", lang="en", pref="preferred")
    chronicle.titles.create(text="Chronicon", lang="la", pref="alternative", order=1)
    chronicle.descriptions.create(text="Die Chronik des Bischofs.", lang="de")
    chronicle.descriptions.create(text="The bishop's chronicle.", lang="en", order=1)
    chronicle.inscriptions.create(kind="Titel", transcription="CHRONICON", lang="la")
    chronicle.measurements.create(dimension="Höhe", value="32.5", unit="cm")
    chronicle.classifications.add(history)
    chronicle.subject_concepts.add(bishopric)
    add_event(
        chronicle,
        event_type=production,
        agent=thietmar,
        role=scribe,
        place=merseburg,
        materials=(parchment,),
    )
    chronicle.events.get().techniques.add(technique)
    chronicle.linked_resources.create(
        url="https://example.org/media/129.mp4",
        media_type="video/mp4",
        caption="Film",
        rights="http://creativecommons.org/licenses/by/4.0/",
    )
    factories.make_image(chronicle, size=(60, 40))
    factories.make_image(chronicle, order=1, primary=False, size=(40, 60))

    seal = factories.make_object(
        institution=institution,
        collection=top,
        identifier="siegel-heinrich",
        inventory_number="Urk. 1",
        title="Siegel Heinrichs II.",
        object_type=seal_type,
        dating_display="1004",
        earliest_year=1004,
        latest_year=1004,
    )
    seal.subject_agents.add(depicted)
    seal.subject_places.add(halle)

    catalogue = Catalogue(
        institution=institution,
        empty_institution=empty_institution,
        top=top,
        child=child,
        hidden_collection=hidden_collection,
        chronicle=chronicle,
        seal=seal,
        thietmar=thietmar,
        depicted=depicted,
        secret_agent=secret_agent,
        merseburg=merseburg,
        halle=halle,
        secret_place=secret_place,
        hidden_type=hidden_type,
    )
    for status in HIDDEN_STATUSES:
        fields = (
            {"status": "published", "embargo_until": date(2999, 1, 1)}
            if status == "embargoed"
            else {"status": status}
        )
        hidden = factories.make_object(
            institution=institution,
            collection=hidden_collection if status != "review" else child,
            identifier=f"geheim-{status}",
            inventory_number=f"{SECRET} {status}",
            title=f"{SECRET}nisvolle Handschrift ({status})",
            object_type=hidden_type if status != "withdrawn" else manuscript,
            earliest_year=1010,
            latest_year=1020,
            **fields,
        )
        hidden.descriptions.create(text=f"{SECRET}e Beschreibung", lang="de")
        add_event(
            hidden, event_type=production, agent=thietmar, role=scribe, place=merseburg
        )
        add_event(
            hidden,
            event_type=production,
            agent=secret_agent,
            role=scribe,
            place=secret_place,
            order=1,
        )
        hidden.subject_agents.add(depicted)
        factories.make_image(hidden, size=(30, 30))
        catalogue.hidden[status] = hidden
    # Relations from a public object to a hidden one, to a public one, and outside.
    chronicle.relations.create(relation_type=part_of, target=catalogue.hidden["draft"])
    chronicle.relations.create(relation_type=part_of, target=seal)
    chronicle.relations.create(
        relation_type=part_of,
        target_label="Thietmar-Chronik, Corveyer Überarbeitung",
        target_uri="https://example.org/corvey",
    )
    return catalogue
