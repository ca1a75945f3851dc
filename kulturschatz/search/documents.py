"""What the search index holds of a heritage object.

Backends receive ``SearchDocument``s, never model instances. A document is built
for every object, whatever its status; ``public`` says whether the public may
find it (``published()`` decides, as everywhere), and staff search drafts in
the admin through the same index.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from kulturschatz.collections.dating import century_of
from kulturschatz.collections.models import (
    Agent,
    Collection,
    Concept,
    Event,
    EventActor,
    HeritageObject,
    Inscription,
    Institution,
    ObjectDescription,
    ObjectTitle,
    Place,
)

from . import analysis

# Facets, in the order the search page shows them. Values are primary keys
# (centuries: the century number, negative for BCE).
FACETS = ("type", "collection", "institution", "material", "place", "person", "century")
MAX_CENTURIES = 30  # an object dated over more than 30 centuries is not "in" them


@dataclass(frozen=True)
class SearchDocument:
    pk: int
    public: bool
    title: str  # every title, all languages
    description: str  # German (and other non-English) descriptions
    other: str  # everything else a visitor may search for
    english: str  # English titles, descriptions and labels
    sort_title: str
    inventory_numbers: tuple[str, ...] = ()
    completions: str = ""  # titles, persons and places: for autocomplete
    earliest: int | None = None
    latest: int | None = None
    facets: dict[str, tuple[int, ...]] = field(default_factory=dict)


def centuries(earliest: int | None, latest: int | None) -> tuple[int, ...]:
    if earliest is None and latest is None:
        return ()
    first = century_of(earliest if earliest is not None else latest)  # type: ignore[arg-type]
    last = century_of(latest if latest is not None else earliest)  # type: ignore[arg-type]
    values = [c for c in range(first, last + 1) if c != 0]
    return tuple(values) if len(values) <= MAX_CENTURIES else ()


def documents_for(pks: Iterable[int], *, chunk_size: int = 1000) -> Iterator[SearchDocument]:
    """Documents of the given objects (any status), in chunks.

    Read with ``values_list`` rather than model instances: at 100,000 objects
    the full record's prefetches cost the rebuild minutes of pure ORM work.
    """
    pks = sorted(set(pks))
    collections = {
        pk: (name, name_en, parent)
        for pk, name, name_en, parent in Collection.objects.values_list(
            "pk", "name", "name_en", "parent_id"
        )
    }
    institutions = {
        pk: (name, name_en) for pk, name, name_en in Institution.objects.values_list("pk", "name", "name_en")
    }
    for start in range(0, len(pks), chunk_size):
        yield from _chunk(pks[start : start + chunk_size], collections, institutions)


def _grouped(rows, key_index: int = 0) -> dict[int, list[tuple]]:
    grouped: dict[int, list[tuple]] = defaultdict(list)
    for row in rows:
        grouped[row[key_index]].append(row)
    return grouped


def _ancestors(collection_id: int | None, collections: dict) -> list[int]:
    """The collection and those above it, walked in the table read once per
    rebuild (Collection.ancestors() would query each level for each object)."""
    chain, seen = [], set()
    while collection_id is not None and collection_id not in seen and collection_id in collections:
        seen.add(collection_id)
        chain.append(collection_id)
        collection_id = collections[collection_id][2]
    return chain


def _chunk(chunk: list[int], collections: dict, institutions: dict) -> Iterator[SearchDocument]:
    objects = list(
        HeritageObject.objects.filter(pk__in=chunk).values_list(
            "pk", "title", "title_lang", "inventory_number", "dating_display", "provenance",
            "earliest_year", "latest_year", "object_type_id", "institution_id", "collection_id",
        )
    )
    public = set(HeritageObject.objects.published().filter(pk__in=chunk).values_list("pk", flat=True))
    titles = _grouped(ObjectTitle.objects.filter(heritage_object_id__in=chunk)
                      .order_by("order", "pk").values_list("heritage_object_id", "text", "lang"))
    descriptions = _grouped(ObjectDescription.objects.filter(heritage_object_id__in=chunk)
                            .order_by("order", "pk").values_list("heritage_object_id", "text", "lang"))
    inscriptions = _grouped(Inscription.objects.filter(heritage_object_id__in=chunk)
                            .values_list("heritage_object_id", "transcription", "description"))
    through = HeritageObject
    classifications = _grouped(through.classifications.through.objects.filter(
        heritageobject_id__in=chunk).values_list("heritageobject_id", "concept_id"))
    subject_concepts = _grouped(through.subject_concepts.through.objects.filter(
        heritageobject_id__in=chunk).values_list("heritageobject_id", "concept_id"))
    subject_agents = _grouped(through.subject_agents.through.objects.filter(
        heritageobject_id__in=chunk).values_list("heritageobject_id", "agent_id"))
    subject_places = _grouped(through.subject_places.through.objects.filter(
        heritageobject_id__in=chunk).values_list("heritageobject_id", "place_id"))
    events = list(Event.objects.filter(heritage_object_id__in=chunk).order_by("order", "pk").values_list(
        "pk", "heritage_object_id", "event_type_id", "method_id", "display_date", "materials_display",
        "description"))
    event_ids = [row[0] for row in events]
    event_places = _grouped(Event.places.through.objects.filter(event_id__in=event_ids)
                            .values_list("event_id", "place_id"))
    event_materials = _grouped(Event.materials.through.objects.filter(event_id__in=event_ids)
                               .values_list("event_id", "concept_id"))
    event_techniques = _grouped(Event.techniques.through.objects.filter(event_id__in=event_ids)
                                .values_list("event_id", "concept_id"))
    actors = _grouped(EventActor.objects.filter(event_id__in=event_ids).order_by("order", "pk")
                      .values_list("event_id", "agent_id", "role_id"))
    events_of = _grouped(events, key_index=1)
    concept_ids = {row[8] for row in objects} | {row[2] for row in events} | {row[3] for row in events}
    for rows in (classifications, subject_concepts, event_materials, event_techniques):
        concept_ids |= {row[1] for group in rows.values() for row in group}
    concept_ids |= {row[2] for group in actors.values() for row in group}
    concepts = {pk: (label, label_en) for pk, label, label_en in
                Concept.objects.filter(pk__in=concept_ids - {None}).values_list("pk", "label", "label_en")}
    agent_ids = {row[1] for group in actors.values() for row in group}
    agent_ids |= {row[1] for group in subject_agents.values() for row in group}
    agents = dict(Agent.objects.filter(pk__in=agent_ids).values_list("pk", "name"))
    place_ids = {row[1] for group in event_places.values() for row in group}
    place_ids |= {row[1] for group in subject_places.values() for row in group}
    places = {pk: (name, name_en) for pk, name, name_en in
              Place.objects.filter(pk__in=place_ids).values_list("pk", "name", "name_en")}

    for (pk, title, title_lang, inventory, dating, provenance, earliest, latest,
         type_id, institution_id, collection_id) in objects:
        german_titles, english_titles = ([], [title]) if title_lang == "en" else ([title], [])
        for _, text, lang in titles.get(pk, []):
            (english_titles if lang == "en" else german_titles).append(text)
        english = list(english_titles)
        completions = german_titles + english_titles
        german_descriptions = []
        for _, text, lang in descriptions.get(pk, []):
            (english if lang == "en" else german_descriptions).append(text)
        other: list[str] = [inventory, dating, provenance]
        facets: dict[str, set[int]] = {name: set() for name in FACETS}

        def concept(concept_id, other=other, english=english):
            if concept_id in concepts:
                label, label_en = concepts[concept_id]
                other.append(label)
                english.append(label_en)

        def person(agent_id, other=other, completions=completions, facets=facets):
            other.append(agents.get(agent_id, ""))
            completions.append(agents.get(agent_id, ""))
            facets["person"].add(agent_id)

        def place(place_id, other=other, english=english, completions=completions, facets=facets):
            name, name_en = places.get(place_id, ("", ""))
            other.append(name)
            english.append(name_en)
            completions.append(name)
            facets["place"].add(place_id)

        concept(type_id)
        if type_id:
            facets["type"].add(type_id)
        for _, concept_id in classifications.get(pk, []) + subject_concepts.get(pk, []):
            concept(concept_id)
        for _, agent_id in subject_agents.get(pk, []):
            person(agent_id)
        for _, place_id in subject_places.get(pk, []):
            place(place_id)
        for _, text, note in inscriptions.get(pk, []):
            other += [text, note]
        for event_id, _, event_type_id, method_id, display_date, materials_display, note in events_of.get(pk, []):
            concept(event_type_id)
            concept(method_id)
            other += [display_date, materials_display, note]
            for _, place_id in event_places.get(event_id, []):
                place(place_id)
            for _, concept_id in event_materials.get(event_id, []) + event_techniques.get(event_id, []):
                concept(concept_id)
                facets["material"].add(concept_id)
            for _, agent_id, role_id in actors.get(event_id, []):
                person(agent_id)
                concept(role_id)
        name, name_en = institutions.get(institution_id, ("", ""))
        other.append(name)
        english.append(name_en)
        facets["institution"].add(institution_id)
        if collection_id is not None:
            name, name_en, _parent = collections.get(collection_id, ("", "", None))
            other.append(name)
            english.append(name_en)
            # An object in a sub-collection is found under its parents too.
            facets["collection"].update(_ancestors(collection_id, collections))
        facets["century"].update(centuries(earliest, latest))
        inventory_numbers = {analysis.normalize_inventory_number(inventory)} - {""}
        yield SearchDocument(
            pk=pk,
            public=pk in public,
            title="\n".join(german_titles + english_titles),
            description="\n".join(german_descriptions),
            other="\n".join(text for text in other if text),
            english="\n".join(text for text in english if text),
            sort_title=analysis.fold(title).strip(),
            inventory_numbers=tuple(sorted(inventory_numbers)),
            completions="\n".join(text for text in completions if text),
            earliest=earliest,
            latest=latest,
            facets={name: tuple(sorted(values)) for name, values in facets.items() if values},
        )


def all_documents(*, chunk_size: int = 1000) -> Iterator[SearchDocument]:
    pks = list(HeritageObject.objects.order_by("pk").values_list("pk", flat=True))
    yield from documents_for(pks, chunk_size=chunk_size)
