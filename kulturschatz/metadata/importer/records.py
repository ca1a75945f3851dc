"""One LIDO record (1.0 or 1.1) → plain data the catalogue can hold.

Pure: no ORM, no settings. Reads both concept forms (``conceptID``/``term`` and
1.1's ``skos:Concept``), the 1.0 and 1.1 spellings of types and preferences,
and every descriptiveMetadata language block. What the mapping does with each
element is in CROSSWALK.md and the README ("LIDO-Import").

Problems are collected, not raised one by one: a record with ``errors`` is
refused with all its reasons at once, ``warnings`` go into the report.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from lxml import etree

LIDO_NS = "http://www.lido-schema.org"
SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
GML_NS = "http://www.opengis.net/gml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NS = {"lido": LIDO_NS, "skos": SKOS_NS, "rdf": RDF_NS, "gml": GML_NS}
TERMINOLOGY = "http://terminology.lido-schema.org/"

# Longest text a single element may carry; longer ones are refused, not cut.
MAX_TEXT = 100_000
# The catalogue's field lengths for what ends up in CharFields.
MAX_TITLE = 500
MAX_LABEL = 255

PREFERRED = {"preferred", TERMINOLOGY + "lido00169"}
ALTERNATE = {"alternate", "alternative", TERMINOLOGY + "lido00170"}

# ISO 639-2 codes and spellings seen in real data → the ISO 639-1 code we store.
LANGUAGE_ALIASES = {
    "deu": "de", "ger": "de", "eng": "en", "fra": "fr", "fre": "fr", "ita": "it",
    "lat": "la", "ron": "ro", "rum": "ro", "spa": "es", "nld": "nl", "dut": "nl",
    "pol": "pl", "ces": "cs", "cze": "cs",
}  # fmt: skip
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")

# Types of LIDO events we know, by the catalogue's event-type key: canonical
# LIDO 1.1 terminology URI, German and English label, and further spellings
# (LIDO 1.0 URIs, free text as German museum software writes it).
EVENT_TYPES: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "production": (TERMINOLOGY + "lido00007", "Herstellung", "Production", (
        TERMINOLOGY + "eventType/production", "herstellung", "production",
        "hergestellt", "produktion")),
    "creation": (TERMINOLOGY + "lido00012", "Schöpfung", "Creation", (
        TERMINOLOGY + "eventType/creation", "creation", "schöpfung")),
    "designing": (TERMINOLOGY + "lido00224", "Entwurf", "Designing", (
        TERMINOLOGY + "eventType/designing", "design", "designing", "entwurf",
        "entwurf (aktivität)", "gezeichnet")),
    "publication": (TERMINOLOGY + "lido00228", "Veröffentlichung", "Publication", (
        TERMINOLOGY + "eventType/publication", "publication", "veröffentlichung",
        "veröffentlichung (ereignis)")),
    "acquisition": (TERMINOLOGY + "lido00001", "Erwerb", "Acquisition", (
        TERMINOLOGY + "eventType/acquisition", "acquisition", "erwerb", "erwerbung",
        "erwerb (aktivität)")),
    "restoration": (TERMINOLOGY + "lido00034", "Restaurierung", "Restoration", (
        TERMINOLOGY + "eventType/restoration", "restoration", "restaurierung")),
    "use": (TERMINOLOGY + "lido00031", "Nutzung", "Use", (
        TERMINOLOGY + "eventType/use", "use", "nutzung", "gebrauch", "utilisation")),
    "finding": (TERMINOLOGY + "lido00002", "Fund/Auffindung", "Finding", (
        TERMINOLOGY + "eventType/finding", "finding", "fund", "auffindung")),
    "exhibition": (TERMINOLOGY + "lido00225", "Ausstellung", "Exhibition", (
        TERMINOLOGY + "eventType/exhibition", "exhibition", "ausstellung",
        "ausstellung (aktivität)")),
    "commissioning": (TERMINOLOGY + "lido00226", "Beauftragung", "Commissioning", (
        TERMINOLOGY + "eventType/commissioning", "commissioning", "beauftragt",
        "beauftragung")),
    "beginning_of_existence": (
        TERMINOLOGY + "lido00006", "Daseinsbeginn", "Beginning of existence", (
        TERMINOLOGY + "eventType/beginning_of_existence", "beginning of existence",
        "daseinsbeginn", "début d'existence")),
    "provenance": (TERMINOLOGY + "lido00003", "Ereignis (nicht spezifiziert)",
        "Event (non-specified)", (TERMINOLOGY + "eventType/event", "event",
        "event (non-specified)", "ereignis")),
}  # fmt: skip
_EVENT_ALIASES = {
    alias.lower(): key
    for key, (uri, de, en, aliases) in EVENT_TYPES.items()
    for alias in (uri, de.lower(), en.lower(), *aliases)
}

MATERIAL_TYPES = {"material", TERMINOLOGY + "lido00132"}
TECHNIQUE_TYPES = {"technique", TERMINOLOGY + "lido00131"}
PROVENANCE_TYPES = {"provenance", "provenienz", TERMINOLOGY + "lido00402"}


class RecordError(Exception):
    """A record that cannot be imported; ``reasons`` says why, in the UI language."""

    def __init__(self, reasons: Iterable[str]) -> None:
        self.reasons = list(reasons)
        super().__init__("; ".join(self.reasons))


@dataclass(frozen=True)
class Term:
    """A LIDO concept: authority URIs and labels by language (first preferred)."""

    uris: tuple[str, ...]
    labels: tuple[tuple[str, str], ...]

    def label(self, language: str) -> str:
        for lang, text in self.labels:
            if lang == language:
                return text
        return ""

    @property
    def main_label(self) -> str:
        """The German label, else the first one."""
        return self.label("de") or (self.labels[0][1] if self.labels else "")


@dataclass(frozen=True)
class ActorData:
    uris: tuple[str, ...]
    name: str
    kind: str  # person, organisation, family (Agent.Kind)
    birth_year: int | None = None
    death_year: int | None = None
    dates: str = ""


@dataclass(frozen=True)
class PlaceData:
    uris: tuple[str, ...]
    name: str
    name_en: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    parent: PlaceData | None = None


@dataclass(frozen=True)
class RoleData:
    actor: ActorData
    role: Term | None
    attribution: str


@dataclass(frozen=True)
class EventData:
    event_type: Term
    type_key: str  # catalogue key for known LIDO types, else ""
    actors: tuple[RoleData, ...]
    display_date: str
    earliest_year: int | None
    latest_year: int | None
    places: tuple[PlaceData, ...]
    method: Term | None
    materials: tuple[Term, ...]
    techniques: tuple[Term, ...]
    materials_display: str
    description: str
    periods: tuple[Term, ...]


@dataclass(frozen=True)
class TitleData:
    text: str
    lang: str
    preferred: bool


@dataclass(frozen=True)
class InscriptionData:
    kind: str
    transcription: str
    lang: str
    description: str


@dataclass(frozen=True)
class MeasurementData:
    dimension: str
    unit: str
    value: Decimal
    extent: str


@dataclass(frozen=True)
class RelationData:
    relation_type: Term | None
    label: str
    uri: str
    object_ids: tuple[str, ...]


@dataclass(frozen=True)
class RightsData:
    uris: tuple[str, ...]
    label: str
    holder: str = ""
    credit: str = ""


@dataclass(frozen=True)
class ResourceData:
    link: str
    media_type: str
    resource_type: str
    captions: tuple[tuple[str, str], ...]
    creator: str
    rights: RightsData | None
    sortorder: int | None
    is_master: bool


@dataclass(frozen=True)
class LegalBodyData:
    isil: str
    name: str
    name_en: str
    website: str
    uris: tuple[str, ...]


@dataclass(frozen=True)
class LidoRecord:
    lido_rec_id: str
    language: str
    published_ids: tuple[str, ...]
    object_type: Term | None
    classifications: tuple[Term, ...]
    collections: tuple[Term, ...]
    titles: tuple[TitleData, ...]
    inscriptions: tuple[InscriptionData, ...]
    repository: LegalBodyData | None
    inventory_number: str
    descriptions: tuple[tuple[str, str], ...]
    provenance: str
    dimensions_display: str
    measurements: tuple[MeasurementData, ...]
    events: tuple[EventData, ...]
    subject_concepts: tuple[Term, ...]
    subject_periods: tuple[Term, ...]
    subject_agents: tuple[ActorData, ...]
    subject_places: tuple[PlaceData, ...]
    relations: tuple[RelationData, ...]
    rights_work: RightsData | None
    record_id: str
    record_source: LegalBodyData | None
    record_rights: RightsData | None
    record_info_links: tuple[str, ...]
    resources: tuple[ResourceData, ...]
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def main_title(self) -> TitleData:
        """The preferred title in German, else in the record's language, else any."""
        preferred = [t for t in self.titles if t.preferred] or list(self.titles)
        for language in ("de", self.language):
            for title in preferred:
                if title.lang == language:
                    return title
        return preferred[0]


class _Reader:
    """Walks one ``lido:lido`` element; collects errors and warnings."""

    def __init__(self, element: etree._Element) -> None:
        self.root = element
        self.errors: list[str] = []
        self.warnings: list[str] = []

    # -- text -----------------------------------------------------------------

    def text(self, element: etree._Element | None, *, multiline: bool = False) -> str:
        if element is None:
            return ""
        value = "".join(element.itertext())
        if len(value) > MAX_TEXT:
            self.errors.append(
                _("<%(tag)s> holds %(length)s characters; at most %(max)s are accepted.")
                % {
                    "tag": _local_name(element),
                    "length": f"{len(value):,}".replace(",", "."),
                    "max": f"{MAX_TEXT:,}".replace(",", "."),
                }
            )
            return ""
        if multiline:
            lines = [" ".join(line.split()) for line in value.strip().splitlines()]
            return "\n".join(lines).strip()
        return " ".join(value.split())

    def texts(self, parent: etree._Element | None, path: str) -> list[str]:
        if parent is None:
            return []
        return [t for t in (self.text(e) for e in parent.iterfind(path, NS)) if t]

    def first(self, parent: etree._Element | None, path: str) -> str:
        values = self.texts(parent, path)
        return values[0] if values else ""

    def label_text(self, element: etree._Element | None, default_lang: str, *, short: bool = False) -> str:
        """Plain text, or (LIDO 1.1) the label of the concept inside the element.

        ``short`` picks a concept's shortest label (units: "cm", not "centimetre").
        """
        if element is None:
            return ""
        if element.find("lido:term", NS) is None and element.find("skos:Concept", NS) is None:
            return self.text(element)
        if short:
            labels = [
                self.text(label)
                for label in element.iterfind("skos:Concept/skos:altLabel", NS)
            ]
            labels = [label for label in labels if label]
            if labels:
                return min(labels, key=len)
        term = self.term(element, default_lang)
        return term.main_label if term else ""

    def lang(self, element: etree._Element, default: str) -> str:
        """xml:lang of the element or its nearest ancestor, as an ISO 639-1 code."""
        node: etree._Element | None = element
        while node is not None:
            value = node.get(XML_LANG)
            if value is not None:
                return self.normalize_language(value, default)
            node = node.getparent()
        return default

    def normalize_language(self, value: str, default: str) -> str:
        code = value.strip()
        primary, _sep, rest = code.partition("-")
        code = LANGUAGE_ALIASES.get(primary.lower(), primary.lower()) + (f"-{rest}" if rest else "")
        if not LANGUAGE_PATTERN.match(code) or len(code) > 12:
            message = _("Language code %(code)r is not ISO 639; %(default)r was used.") % {
                "code": value,
                "default": default,
            }
            if message not in self.warnings:
                self.warnings.append(message)
            return default
        return code.split("-")[0] if code.split("-")[0] in ("de", "en") else code

    # -- LIDO building blocks ---------------------------------------------------

    def term(self, element: etree._Element | None, default_lang: str) -> Term | None:
        """A concept element: conceptID/term (1.0) or skos:Concept (1.1)."""
        if element is None:
            return None
        uris: list[str] = []
        labels: list[tuple[str, str]] = []
        for concept_id in element.iterfind("lido:conceptID", NS):
            value = self.text(concept_id)
            if value and _is_uri(value):
                uris.append(value)
        terms = list(element.iterfind("lido:term", NS))
        # Preferred terms first; terms only added for search don't label anything.
        terms.sort(key=lambda t: 0 if t.get(f"{{{LIDO_NS}}}pref") in PREFERRED else 1)
        for term in terms:
            if term.get(f"{{{LIDO_NS}}}addedSearchTerm") == "yes":
                continue
            value = self.text(term)
            if value:
                labels.append((self.lang(term, default_lang), value))
        for concept in element.iterfind("skos:Concept", NS):
            about = (concept.get(f"{{{RDF_NS}}}about") or "").strip()
            if about and _is_uri(about):
                uris.append(about)
            for label in concept.iterfind("skos:prefLabel", NS):
                value = self.text(label)
                if value:
                    labels.append((self.lang(label, default_lang), value))
            for match in concept.iterfind("skos:exactMatch", NS):
                value = self.text(match)
                if value and _is_uri(value):
                    uris.append(value)
        if not labels and not uris:
            return None
        if not labels:
            labels.append((default_lang, uris[0].rstrip("/").rsplit("/", 1)[-1]))
        unique = tuple(dict.fromkeys(labels))
        for _lang, label in unique:
            if len(label) > MAX_LABEL:
                self.errors.append(
                    _("The term %(term)r is longer than %(max)d characters.")
                    % {"term": label[:60] + "…", "max": MAX_LABEL}
                )
        return Term(tuple(dict.fromkeys(uris)), unique)

    def actor(self, element: etree._Element, default_lang: str) -> ActorData | None:
        uris = tuple(
            u for u in self.texts(element, "lido:actorID") if _is_uri(u)
        )
        names = element.findall("lido:nameActorSet/lido:appellationValue", NS)
        names.sort(key=lambda n: 0 if n.get(f"{{{LIDO_NS}}}pref") not in ALTERNATE else 1)
        name = next((t for t in (self.text(n) for n in names) if t), "")
        if not name:
            return None
        kind = (element.get(f"{{{LIDO_NS}}}type") or "").strip().lower()
        kind = {
            "corporation": "organisation",
            "corporate body": "organisation",
            "organization": "organisation",
            "organisation": "organisation",
            "institution": "organisation",
            "family": "family",
            TERMINOLOGY + "lido00164": "organisation",
            TERMINOLOGY + "lido00163": "person",
            TERMINOLOGY + "lido00165": "family",
        }.get(kind, "person")
        vital = element.find("lido:vitalDatesActor", NS)
        birth = _year(self.first(vital, "lido:earliestDate"))
        death = _year(self.first(vital, "lido:latestDate"))
        dates = self.first(vital, "lido:displayDate") if vital is not None else ""
        if not dates:
            dates = self.first(element, "lido:vitalDatesActor/lido:displayDate")
        if birth is not None and death is not None and birth > death:
            birth = death = None
        return ActorData(uris, name[:MAX_LABEL], kind, birth, death, dates[:100])

    def place(self, element: etree._Element, default_lang: str, depth: int = 0) -> PlaceData | None:
        uris = tuple(u for u in self.texts(element, "lido:placeID") if _is_uri(u))
        names: dict[str, str] = {}
        for value in element.iterfind("lido:namePlaceSet/lido:appellationValue", NS):
            text = self.text(value)
            if text:
                names.setdefault(self.lang(value, default_lang), text)
        if not names:
            return None
        name = names.get("de") or next(iter(names.values()))
        latitude = longitude = None
        position = self.first(element, "lido:gml/gml:Point/gml:pos")
        if position:
            try:
                lat, lon = (Decimal(p) for p in position.split()[:2])
                if -90 <= lat <= 90 and -180 <= lon <= 180:
                    latitude, longitude = round(lat, 6), round(lon, 6)
            except (InvalidOperation, ValueError):
                self.warnings.append(_("Coordinates %(value)r were not understood.") % {"value": position})
        parent = None
        part_of = element.find("lido:partOfPlace", NS)
        if part_of is not None and depth < 8:
            parent = self.place(part_of, default_lang, depth + 1)
        return PlaceData(
            uris, name[:MAX_LABEL], names.get("en", "")[:MAX_LABEL] if names.get("en") != name else "",
            latitude, longitude, parent,
        )

    def legal_body(self, element: etree._Element | None, default_lang: str) -> LegalBodyData | None:
        if element is None:
            return None
        ids = self.texts(element, "lido:legalBodyID")
        isil = ""
        uris: list[str] = []
        for value in ids:
            match = ISIL_PATTERN.search(value)
            if match and not isil:
                isil = match.group(1)
            elif _is_uri(value):
                uris.append(value)
        names: dict[str, str] = {}
        for value in element.iterfind("lido:legalBodyName/lido:appellationValue", NS):
            text = self.text(value)
            if text:
                names.setdefault(self.lang(value, default_lang), text)
        if not names and not isil:
            return None
        name = names.get("de") or (next(iter(names.values())) if names else isil)
        website = self.first(element, "lido:legalBodyWeblink")
        return LegalBodyData(
            isil, name[:MAX_LABEL], names.get("en", "") if names.get("en") != name else "",
            website if _is_uri(website) else "", tuple(uris),
        )

    def rights(self, parent: etree._Element | None, path: str) -> RightsData | None:
        """All rights sets at ``path`` merged: their URIs in order, the first label."""
        if parent is None:
            return None
        uris: list[str] = []
        label = holder = credit = ""
        for element in parent.iterfind(path, NS):
            for rights_type in element.iterfind("lido:rightsType", NS):
                term = self.term(rights_type, "de")
                if term:
                    uris.extend(term.uris)
                    label = label or term.main_label
            holder = holder or self.first(
                element, "lido:rightsHolder/lido:legalBodyName/lido:appellationValue"
            )
            credit = credit or self.first(element, "lido:creditLine")
        if not (uris or label or holder or credit):
            return None
        return RightsData(tuple(uris), label, holder[:255], credit[:500])

    # -- the record --------------------------------------------------------------

    def read(self) -> LidoRecord:
        root = self.root
        rec_ids = self.texts(root, "lido:lidoRecID")
        if not rec_ids:
            self.errors.append(_("The record has no lidoRecID, so it cannot be identified."))
        elif len(rec_ids) > 1:
            self.warnings.append(
                _("The record has %(count)d lidoRecIDs; the first (%(id)s) identifies it.")
                % {"count": len(rec_ids), "id": rec_ids[0]}
            )
        lido_rec_id = rec_ids[0] if rec_ids else ""
        if len(lido_rec_id) > 255:
            self.errors.append(_("The lidoRecID is longer than 255 characters."))

        blocks = root.findall("lido:descriptiveMetadata", NS)
        if not blocks:
            self.errors.append(_("descriptiveMetadata is missing."))
            raise RecordError(self.errors)
        for block in blocks:
            if block.get(XML_LANG) is None:
                self.warnings.append(_("descriptiveMetadata has no xml:lang; German was assumed."))
        languages = [self.lang(b, "de") for b in blocks]
        main_index = languages.index("de") if "de" in languages else 0
        main = blocks[main_index]
        language = languages[main_index]

        classification = main.find("lido:objectClassificationWrap", NS)
        work_types = [
            t for t in (
                self.term(e, language)
                for e in main.iterfind(
                    "lido:objectClassificationWrap/lido:objectWorkTypeWrap/lido:objectWorkType", NS
                )
            ) if t
        ]
        if classification is None or not work_types:
            self.errors.append(_("objectWorkType (what the object is) is missing or empty."))
        classifications_found: list[Term] = []
        collections: list[Term] = []
        for element in main.iterfind(
            "lido:objectClassificationWrap/lido:classificationWrap/lido:classification", NS
        ):
            term = self.term(element, language)
            if term is None:
                continue
            # Our own exports name the object's collection this way.
            kind = (element.get(f"{{{LIDO_NS}}}type") or "").strip().lower()
            (collections if kind == "collection" else classifications_found).append(term)
        classifications = tuple(classifications_found) + tuple(work_types[1:])

        titles: list[TitleData] = []
        inscriptions: list[InscriptionData] = []
        descriptions: list[tuple[str, str]] = []
        provenance: list[str] = []
        for block, block_lang in zip(blocks, languages, strict=True):
            identification = block.find("lido:objectIdentificationWrap", NS)
            if identification is None:
                continue
            for title_set in identification.iterfind("lido:titleWrap/lido:titleSet", NS):
                for value in title_set.iterfind("lido:appellationValue", NS):
                    text = self.text(value)
                    if not text:
                        continue
                    pref = value.get(f"{{{LIDO_NS}}}pref")
                    entry = TitleData(text, self.lang(value, block_lang), pref not in ALTERNATE)
                    if len(text) > MAX_TITLE:
                        self.errors.append(
                            _("A title has %(length)d characters; at most %(max)d fit: %(start)s…")
                            % {"length": len(text), "max": MAX_TITLE, "start": text[:60]}
                        )
                    elif all((t.text, t.lang) != (entry.text, entry.lang) for t in titles):
                        titles.append(entry)
            for element in identification.iterfind("lido:inscriptionsWrap/lido:inscriptions", NS):
                transcriptions = element.findall("lido:inscriptionTranscription", NS)
                transcription = "\n".join(
                    t for t in (self.text(x, multiline=True) for x in transcriptions) if t
                )
                notes = element.iterfind("lido:inscriptionDescription/lido:descriptiveNoteValue", NS)
                description = "\n".join(
                    t for t in (self.text(note, multiline=True) for note in notes) if t
                )
                if not (transcription or description):
                    continue
                kind = (element.get(f"{{{LIDO_NS}}}type") or "").strip()
                lang = self.lang(transcriptions[0], block_lang) if transcriptions else block_lang
                inscriptions.append(InscriptionData(kind[:100], transcription, lang, description))
            for description_set in identification.iterfind(
                "lido:objectDescriptionWrap/lido:objectDescriptionSet", NS
            ):
                kind = (description_set.get(f"{{{LIDO_NS}}}type") or "").strip().lower()
                for note in description_set.iterfind("lido:descriptiveNoteValue", NS):
                    text = self.text(note, multiline=True)
                    if not text:
                        continue
                    if kind in PROVENANCE_TYPES:
                        provenance.append(text)
                    else:
                        entry2 = (self.lang(note, block_lang), text)
                        if entry2 not in descriptions:
                            descriptions.append(entry2)
        if not titles and not any("title" in e.lower() for e in self.errors):
            self.errors.append(_("The record has no title (titleWrap/titleSet/appellationValue)."))

        identification = main.find("lido:objectIdentificationWrap", NS)
        repository = None
        inventory_number = ""
        repository_sets = (
            identification.findall("lido:repositoryWrap/lido:repositorySet", NS)
            if identification is not None
            else []
        )
        # The current repository first (1.0 "current", 1.1 lido00475).
        repository_sets.sort(
            key=lambda s: 0
            if (s.get(f"{{{LIDO_NS}}}type") or "current").strip().lower()
            in ("current", TERMINOLOGY + "lido00475", "")
            or "current" in (s.get(f"{{{LIDO_NS}}}type") or "")
            else 1
        )
        for repository_set in repository_sets:
            body = self.legal_body(repository_set.find("lido:repositoryName", NS), language)
            number = self.first(repository_set, "lido:workID")
            if repository is None and body is not None:
                repository = body
            if not inventory_number and number:
                inventory_number = number
        if len(inventory_number) > 100:
            self.errors.append(_("The inventory number (workID) is longer than 100 characters."))

        display_measurements: list[str] = []
        measurements: list[MeasurementData] = []
        if identification is not None:
            for measurement_set in identification.iterfind(
                "lido:objectMeasurementsWrap/lido:objectMeasurementsSet", NS
            ):
                display_measurements += self.texts(measurement_set, "lido:displayObjectMeasurements")
                for values in measurement_set.iterfind("lido:objectMeasurements", NS):
                    extent = self.first(values, "lido:extentMeasurements")
                    for entry3 in values.iterfind("lido:measurementsSet", NS):
                        dimension = self.label_text(entry3.find("lido:measurementType", NS), language)
                        unit = self.label_text(entry3.find("lido:measurementUnit", NS), language, short=True)
                        raw = self.first(entry3, "lido:measurementValue")
                        value = _decimal(raw)
                        if not dimension or not unit or value is None:
                            if dimension or unit or raw:
                                self.warnings.append(
                                    _("Measurement %(text)r skipped: type, unit and a number are needed.")
                                    % {"text": " ".join(filter(None, [dimension, raw, unit]))}
                                )
                            continue
                        measurements.append(
                            MeasurementData(dimension[:100], unit[:20], value, extent[:255])
                        )

        events = [
            e for e in (
                self.event(element, language)
                for element in main.iterfind("lido:eventWrap/lido:eventSet/lido:event", NS)
            ) if e
        ]

        subject_concepts: list[Term] = []
        subject_agents: list[ActorData] = []
        subject_places: list[PlaceData] = []
        subject_periods: list[Term] = []
        for subject in main.iterfind("lido:objectRelationWrap/lido:subjectWrap/lido:subjectSet/lido:subject", NS):
            is_period = (subject.get(f"{{{LIDO_NS}}}type") or "").strip().lower() == "period"
            target_terms = subject_periods if is_period else subject_concepts
            for concept in subject.iterfind("lido:subjectConcept", NS):
                term = self.term(concept, language)
                if term and term not in target_terms:
                    target_terms.append(term)
            for date in subject.iterfind("lido:subjectDate/lido:displayDate", NS):
                text = self.text(date)
                if text:
                    term = Term((), ((self.lang(date, language), text[:MAX_LABEL]),))
                    if term not in subject_periods:
                        subject_periods.append(term)
            for actor_element in subject.iterfind("lido:subjectActor/lido:actor", NS):
                actor = self.actor(actor_element, language)
                if actor and actor not in subject_agents:
                    subject_agents.append(actor)
            for place_element in subject.iterfind("lido:subjectPlace/lido:place", NS):
                place = self.place(place_element, language)
                if place and place not in subject_places:
                    subject_places.append(place)

        relations: list[RelationData] = []
        for work_set in main.iterfind("lido:objectRelationWrap/lido:relatedWorksWrap/lido:relatedWorkSet", NS):
            work = work_set.find("lido:relatedWork", NS)
            label = self.first(work, "lido:displayObject")
            target = work.find("lido:object", NS) if work is not None else None
            uri = next((u for u in self.texts(target, "lido:objectWebResource") if _is_uri(u)), "")
            object_ids = tuple(self.texts(target, "lido:objectID"))
            if not (label or uri or object_ids):
                continue
            relations.append(
                RelationData(
                    self.term(work_set.find("lido:relatedWorkRelType", NS), language),
                    (label or (object_ids[0] if object_ids else uri))[:500],
                    uri[:200],
                    object_ids,
                )
            )

        administrative_blocks = root.findall("lido:administrativeMetadata", NS)
        if not administrative_blocks:
            self.errors.append(_("administrativeMetadata is missing."))
        admin = administrative_blocks[0] if administrative_blocks else None
        rights_work = self.rights(admin, "lido:rightsWorkWrap/lido:rightsWorkSet")
        record = admin.find("lido:recordWrap", NS) if admin is not None else None
        if admin is not None and record is None:
            self.errors.append(_("recordWrap is missing."))
        record_ids = self.texts(record, "lido:recordID")
        if record is not None and not record_ids:
            self.errors.append(_("recordWrap has no recordID."))
        record_source = self.legal_body(
            record.find("lido:recordSource", NS) if record is not None else None, language
        )
        record_rights = self.rights(record, "lido:recordRights")
        info_links = tuple(
            link for link in self.texts(record, "lido:recordInfoSet/lido:recordInfoLink") if _is_uri(link)
        )
        resources = []
        for admin_block in administrative_blocks[:1]:
            for resource_set in admin_block.iterfind("lido:resourceWrap/lido:resourceSet", NS):
                resource = self.resource(resource_set, language)
                if resource:
                    resources.append(resource)

        if self.errors:
            raise RecordError(self.errors)
        return LidoRecord(
            lido_rec_id=lido_rec_id,
            language=language,
            published_ids=tuple(self.texts(root, "lido:objectPublishedID")),
            object_type=work_types[0],
            classifications=tuple(dict.fromkeys(classifications)),
            collections=tuple(collections),
            titles=tuple(titles),
            inscriptions=tuple(inscriptions),
            repository=repository,
            inventory_number=inventory_number,
            descriptions=tuple(descriptions),
            provenance="\n\n".join(provenance),
            dimensions_display="; ".join(dict.fromkeys(display_measurements))[:500],
            measurements=tuple(measurements),
            events=tuple(events),
            subject_concepts=tuple(subject_concepts),
            subject_periods=tuple(subject_periods),
            subject_agents=tuple(subject_agents),
            subject_places=tuple(subject_places),
            relations=tuple(relations),
            rights_work=rights_work,
            record_id=record_ids[0][:255] if record_ids else "",
            record_source=record_source,
            record_rights=record_rights,
            record_info_links=info_links,
            resources=tuple(resources),
            warnings=tuple(self.warnings),
        )

    def event(self, element: etree._Element, language: str) -> EventData | None:
        event_type = self.term(element.find("lido:eventType", NS), language)
        if event_type is None:
            self.warnings.append(_("An event without eventType was skipped."))
            return None
        roles: list[RoleData] = []
        for event_actor in element.iterfind("lido:eventActor", NS):
            in_role = event_actor.find("lido:actorInRole", NS)
            actor = None
            if in_role is not None:
                actor_element = in_role.find("lido:actor", NS)
                if actor_element is not None:
                    actor = self.actor(actor_element, language)
            display = self.first(event_actor, "lido:displayActorInRole")
            if actor is None:
                # Only a display string: the person as the source wrote them.
                if not display:
                    continue
                actor = ActorData((), display[:MAX_LABEL], "person")
            elif not actor.dates and display.startswith(f"{actor.name} (") and display.endswith(")"):
                # "<name> (<life dates>)": where LIDO 1.0 can carry the dates as text.
                actor = replace(actor, dates=display[len(actor.name) + 2 : -1][:100])
            role = attribution = None
            if in_role is not None:
                role = self.term(in_role.find("lido:roleActor", NS), language)
                attribution = self.first(in_role, "lido:attributionQualifierActor")
            roles.append(RoleData(actor, role, (attribution or "")[:100]))
        date = element.find("lido:eventDate", NS)
        display_date = self.first(date, "lido:displayDate")
        earliest = _year(self.first(date, "lido:date/lido:earliestDate"))
        latest = _year(self.first(date, "lido:date/lido:latestDate"))
        if earliest is not None and latest is None:
            latest = earliest
        if latest is not None and earliest is None:
            earliest = latest
        if earliest is not None and latest is not None and earliest > latest:
            self.warnings.append(
                _("Event date %(earliest)s–%(latest)s is reversed; it was read as %(latest)s–%(earliest)s.")
                % {"earliest": earliest, "latest": latest}
            )
            earliest, latest = latest, earliest
        if display_date == "" and earliest is not None:
            display_date = str(earliest) if earliest == latest else f"{earliest}–{latest}"
        places = tuple(
            p for p in (
                self.place(e, language) for e in element.iterfind("lido:eventPlace/lido:place", NS)
            ) if p
        )
        materials: list[Term] = []
        techniques: list[Term] = []
        materials_display = []
        for materials_tech in element.iterfind("lido:eventMaterialsTech", NS):
            materials_display += self.texts(materials_tech, "lido:displayMaterialsTech")
            for term_element in materials_tech.iterfind("lido:materialsTech/lido:termMaterialsTech", NS):
                term = self.term(term_element, language)
                if term is None:
                    continue
                kind = (term_element.get(f"{{{LIDO_NS}}}type") or "").strip().lower()
                is_technique = kind in TECHNIQUE_TYPES or kind.endswith(("/technique", "technik"))
                target = techniques if is_technique else materials
                if term not in target:
                    target.append(term)
        descriptions = [
            self.text(note, multiline=True)
            for note in element.iterfind("lido:eventDescriptionSet/lido:descriptiveNoteValue", NS)
        ]
        periods = tuple(
            t for t in (self.term(e, language) for e in element.iterfind("lido:periodName", NS)) if t
        )
        return EventData(
            event_type=event_type,
            type_key=event_type_key(event_type),
            actors=tuple(roles),
            display_date=display_date[:255],
            earliest_year=earliest,
            latest_year=latest,
            places=places,
            method=self.term(element.find("lido:eventMethod", NS), language),
            materials=tuple(materials),
            techniques=tuple(techniques),
            materials_display="; ".join(dict.fromkeys(materials_display))[:500],
            description="\n\n".join(d for d in descriptions if d),
            periods=periods,
        )

    def resource(self, element: etree._Element, language: str) -> ResourceData | None:
        representations = element.findall("lido:resourceRepresentation", NS)
        # A master (or untyped, or "provided") representation is the file itself;
        # thumbnails and previews are derivatives we make ourselves.
        def rank(representation: etree._Element) -> int:
            kind = (representation.get(f"{{{LIDO_NS}}}type") or "").lower()
            if "thumb" in kind or "preview" in kind:
                return 2
            return 0 if ("master" in kind or "provided" in kind or kind.endswith("lido00464")) else 1

        representations.sort(key=rank)
        link = media_type = ""
        is_master = False
        for representation in representations:
            for link_element in representation.iterfind("lido:linkResource", NS):
                value = self.text(link_element)
                if value:
                    link = value
                    media_type = (link_element.get(f"{{{LIDO_NS}}}formatResource") or "").strip()
                    is_master = rank(representation) == 0
                    break
            if link:
                break
        if not link:
            if representations:
                self.warnings.append(_("A resourceSet without linkResource was skipped."))
            return None
        if len(link) > 1000:
            self.warnings.append(_("A linkResource longer than 1000 characters was skipped."))
            return None
        resource_type = ""
        type_term = self.term(element.find("lido:resourceType", NS), language)
        if type_term:
            resource_type = type_term.main_label[:100]
        captions: list[tuple[str, str]] = []
        for description in element.iterfind("lido:resourceDescription", NS):
            text = self.text(description)
            if text:
                captions.append((self.lang(description, language), text[:500]))
        creator = self.first(element, "lido:resourceSource/lido:legalBodyName/lido:appellationValue")
        rights = self.rights(element, "lido:rightsResource")
        if rights and not creator:
            creator = rights.credit or rights.holder
        sortorder = element.get(f"{{{LIDO_NS}}}sortorder")
        return ResourceData(
            link=link,
            media_type=media_type[:100] if "/" in media_type else "",
            resource_type=resource_type,
            captions=tuple(captions),
            creator=creator[:255],
            rights=rights,
            sortorder=int(sortorder) if sortorder and sortorder.strip().isdigit() else None,
            is_master=is_master,
        )


ISIL_PATTERN = re.compile(r"(?:^|/)((?:DE|AT|CH|[A-Z]{2})-[A-Za-z0-9:/\-]*[A-Za-z0-9])$")


def _local_name(element: etree._Element) -> str:
    return etree.QName(element).localname


def _is_uri(value: str) -> bool:
    return value.startswith(("http://", "https://")) and " " not in value


def _year(value: str) -> int | None:
    """The year of an ISO 8601 date (YYYY, -YYYY, YYYY-MM-DD …); None for free text."""
    match = re.match(r"^\s*(-?)(\d{1,7})(?:-\d{1,2}(?:-\d{1,2})?)?(?:T.*)?\s*$", value or "")
    if not match:
        return None
    year = int(match.group(2)) * (-1 if match.group(1) else 1)
    return year if -3_000_000 <= year <= 2100 else None


def _decimal(value: str) -> Decimal | None:
    text = value.replace("\u00a0", "").replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or number < 0 or number >= Decimal(10) ** 10:
        return None
    return number.quantize(Decimal("0.0001")).normalize()


def event_type_key(term: Term) -> str:
    """The catalogue's key for a known LIDO event type, by URI or by label."""
    for candidate in (*term.uris, *(label for _lang, label in term.labels)):
        key = _EVENT_ALIASES.get(candidate.strip().lower().rstrip("/"))
        if key:
            return key
    return ""


def read_record(element: etree._Element) -> LidoRecord:
    """Map one ``lido:lido`` element; raises RecordError with every reason found."""
    if element.tag != f"{{{LIDO_NS}}}lido":
        raise RecordError([_("The element is not a lido:lido record of the LIDO namespace.")])
    return _Reader(element).read()
