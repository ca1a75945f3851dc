"""What the search index holds of a heritage object.

Backends receive ``SearchDocument``s, never model instances. A document is built
for every object, whatever its status; ``public`` says whether the public may
find it (``published()`` decides, as everywhere), and staff search drafts in
the admin through the same index.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from kulturschatz.collections.models import HeritageObject

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

    @property
    def text(self) -> str:
        return "\n".join((self.title, self.description, self.other))


def century_of(year: int) -> int:
    """1 → 1, 100 → 1, 101 → 2, -1 → -1, -100 → -1, -101 → -2."""
    return (year - 1) // 100 + 1 if year > 0 else -((-year - 1) // 100 + 1)


def centuries(earliest: int | None, latest: int | None) -> tuple[int, ...]:
    if earliest is None and latest is None:
        return ()
    first = century_of(earliest if earliest is not None else latest)  # type: ignore[arg-type]
    last = century_of(latest if latest is not None else earliest)  # type: ignore[arg-type]
    values = [c for c in range(first, last + 1) if c != 0]
    return tuple(values) if len(values) <= MAX_CENTURIES else ()


def _concept_texts(concept, german: list[str], english: list[str]) -> None:
    if concept is None:
        return
    german.append(concept.label)
    if concept.label_en:
        english.append(concept.label_en)


def build_document(obj: HeritageObject) -> SearchDocument:
    """The document of one object loaded with ``with_full_record()``."""
    titles_de, titles_en = [obj.title], []
    for title in obj.titles.all():
        (titles_en if title.lang == "en" else titles_de).append(title.text)
    if obj.title_lang == "en":
        titles_en.append(obj.title)
    descriptions, english = [], list(titles_en)
    for description in obj.descriptions.all():
        (english if description.lang == "en" else descriptions).append(description.text)
    other: list[str] = [obj.inventory_number, obj.dating_display, obj.provenance]
    completions: list[str] = [obj.title, *titles_en]
    facets: dict[str, set[int]] = {name: set() for name in FACETS}
    _concept_texts(obj.object_type, other, english)
    if obj.object_type_id:
        facets["type"].add(obj.object_type_id)
    for concept in obj.classifications.all():
        _concept_texts(concept, other, english)
    for concept in obj.subject_concepts.all():
        _concept_texts(concept, other, english)
    for agent in obj.subject_agents.all():
        other.append(agent.name)
        completions.append(agent.name)
        facets["person"].add(agent.pk)
    for place in obj.subject_places.all():
        other.append(place.name)
        english.append(place.name_en)
        completions.append(place.name)
        facets["place"].add(place.pk)
    for inscription in obj.inscriptions.all():
        other += [inscription.transcription, inscription.description]
    for event in obj.events.all():
        _concept_texts(event.event_type, other, english)
        other += [event.display_date, event.materials_display, event.description]
        for place in event.places.all():
            other.append(place.name)
            english.append(place.name_en)
            completions.append(place.name)
            facets["place"].add(place.pk)
        for concept in (*event.materials.all(), *event.techniques.all()):
            _concept_texts(concept, other, english)
            facets["material"].add(concept.pk)
        for actor in event.actors.all():
            other.append(actor.agent.name)
            completions.append(actor.agent.name)
            facets["person"].add(actor.agent_id)
            if actor.role is not None:
                _concept_texts(actor.role, other, english)
    institution = obj.institution
    other.append(institution.name)
    english.append(institution.name_en)
    facets["institution"].add(institution.pk)
    if obj.collection is not None:
        other.append(obj.collection.name)
        english.append(obj.collection.name_en)
        # An object in a sub-collection is found under its parents too.
        facets["collection"].update(
            c.pk for c in obj.collection.ancestors(include_self=True)
        )
    facets["century"].update(centuries(obj.earliest_year, obj.latest_year))
    inventory = {analysis.normalize_inventory_number(obj.inventory_number)}
    inventory.discard("")
    return SearchDocument(
        pk=obj.pk,
        public=obj.is_public,
        title="\n".join(titles_de + titles_en),
        description="\n".join(descriptions),
        other="\n".join(text for text in other if text),
        english="\n".join(text for text in english if text),
        sort_title=analysis.fold(obj.title).strip(),
        inventory_numbers=tuple(sorted(inventory)),
        completions="\n".join(completions),
        earliest=obj.earliest_year,
        latest=obj.latest_year,
        facets={
            name: tuple(sorted(values)) for name, values in facets.items() if values
        },
    )


def documents_for(
    pks: Iterable[int], *, chunk_size: int = 500
) -> Iterator[SearchDocument]:
    """Documents of the given objects (any status), in chunks of full records."""
    pks = sorted(set(pks))
    for start in range(0, len(pks), chunk_size):
        chunk = pks[start : start + chunk_size]
        for obj in HeritageObject.objects.filter(pk__in=chunk).with_full_record():
            yield build_document(obj)


def all_documents(*, chunk_size: int = 500) -> Iterator[SearchDocument]:
    pks = list(HeritageObject.objects.order_by("pk").values_list("pk", flat=True))
    yield from documents_for(pks, chunk_size=chunk_size)
