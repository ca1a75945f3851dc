"""Whole-archive exports: every record in one LIDO file, and the open-data dump.

Both stream. Objects are read in batches of ``BATCH_SIZE`` with
``with_full_record()`` (keyset pagination on the primary key) and written as
they come, so memory stays flat however large the archive is. Public exports
start from ``published()``. ``include_unpublished`` is for staff backups and
migrations only.

The open-data dump (``export_open_data``) is one dated folder, plus a .zip of it:

- ``lido.xml``: the LIDO export of every published object (``lido:lidoWrap``).
- ``objects.csv``: one row per object (``CSV_FIELDS``). It is UTF-8 with a byte
  order mark, because Excel reads a CSV file without one as Windows-1252 and
  garbles every umlaut. Python (``utf-8-sig``), pandas, R, LibreOffice and
  Frictionless all read the mark. Fields are separated by commas (RFC 4180,
  what portals and CKAN's DataStore expect), lines end in CRLF, and lists
  inside a cell are joined with `` | ``.
- ``objects.json``: a JSON array with one full record per line
  (``build_open_record``). It is a plain array rather than JSON Lines because
  the tools portal users open first (browsers, CKAN previews, OpenRefine,
  Excel's Power Query) read arrays, and ``json.load`` reads the file as it is.
  It still streams, one line per record.
- ``datapackage.json``: a Frictionless Data Package (v1) with the CSV's Table
  Schema, licences, sizes and hashes.
- ``LIESMICH.txt``, ``README.txt``, and ``SHA256SUMS`` in ``sha256sum`` format.
"""

import csv
import datetime
import hashlib
import json
import os
import shutil
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from lxml import etree

from kulturschatz.collections.models import (
    PLACE_ANCESTOR_LEVELS,
    Agent,
    Collection,
    Concept,
    HeritageObject,
    HeritageObjectQuerySet,
    Place,
)

from .crosswalks import lido

BATCH_SIZE = 200
Progress = Callable[[int, int], None]  # (objects done, objects in total)
Url = Callable[[str], str]
LIST_SEPARATOR = " | "


class ExportError(Exception):
    """Bad export parameters, or nothing to export; the message says which."""


def nothing_to_export(*, include_unpublished: bool, collection_slug: str | None) -> str:
    # LIDO requires at least one record in a lidoWrap: no empty (invalid) files.
    if collection_slug:
        return _("The collection %(slug)r holds no object to export.") % {
            "slug": collection_slug
        }
    if include_unpublished:
        return _("The catalogue holds no object to export.")
    return _("There is no published object to export.")


@dataclass(frozen=True)
class LidoExportReport:
    path: Path
    objects: int
    bytes: int
    seconds: float


@dataclass(frozen=True)
class OpenDataReport:
    directory: Path
    archive: Path
    objects: int
    images: int
    seconds: float
    files: dict[str, int] = field(default_factory=dict)  # name -> bytes


def normalize_base_url(text: str) -> str:
    """``https://host[:port][/path]`` without a trailing slash; ExportError if not."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ExportError(
            _(
                "The base URL must start with http:// or https:// and name a host: "
                "%(url)r"
            )
            % {"url": text}
        )
    if parts.query or parts.fragment:
        raise ExportError(
            _("The base URL must not have a query or fragment: %(url)r") % {"url": text}
        )
    return f"{parts.scheme}://{parts.netloc}{parts.path}".rstrip("/")


def absolute_url(base_url: str) -> Url:
    base = normalize_base_url(base_url)
    return lambda path: f"{base}{path}"


def select_objects(
    *, collection_slug: str | None = None, include_unpublished: bool = False
) -> HeritageObjectQuerySet:
    """What an export holds: published objects (or all), of a collection and below."""
    objects = HeritageObject.objects
    queryset = objects.all() if include_unpublished else objects.published()
    if collection_slug is not None:
        collection = Collection.objects.filter(slug=collection_slug).first()
        if collection is None:
            raise ExportError(
                _("There is no collection %(slug)r.") % {"slug": collection_slug}
            )
        queryset = queryset.filter(collection_id__in=collection.descendant_ids())
    return queryset


def iter_batches(
    queryset: HeritageObjectQuerySet, *, batch_size: int = BATCH_SIZE
) -> Iterator[list[HeritageObject]]:
    """Full records in primary-key order, ``batch_size`` at a time."""
    ordered = queryset.order_by("pk")
    last = 0
    while True:
        batch = list(ordered.filter(pk__gt=last).with_full_record()[:batch_size])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


@contextmanager
def lido_wrap(target: IO[bytes]) -> Iterator[Callable[[etree._Element], None]]:
    """Write ``lido:lido`` records into one ``lido:lidoWrap`` as they come."""
    schema_location = f"{{{lido.XSI_NS}}}schemaLocation"
    with etree.xmlfile(target, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element(
            f"{{{lido.LIDO_NS}}}lidoWrap",
            {schema_location: lido.SCHEMA_LOCATION},
            nsmap=lido.NSMAP,
        ):
            xf.write("\n")

            def write(record: etree._Element) -> None:
                record.attrib.pop(schema_location, None)  # the wrap carries it
                xf.write(record, pretty_print=True)

            yield write


def export_lido(
    path: Path,
    *,
    base_url: str,
    collection_slug: str | None = None,
    include_unpublished: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> LidoExportReport:
    """Every selected object's LIDO record in one file (written beside, then moved)."""
    started = time.monotonic()
    url = absolute_url(base_url)
    queryset = select_objects(
        collection_slug=collection_slug, include_unpublished=include_unpublished
    )
    total = queryset.count()
    if not total:
        raise ExportError(
            nothing_to_export(
                include_unpublished=include_unpublished, collection_slug=collection_slug
            )
        )
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    count = 0
    try:
        with translation.override(settings.LANGUAGE_CODE), partial.open("wb") as target:
            with lido_wrap(target) as write:
                for batch in iter_batches(queryset, batch_size=batch_size):
                    for heritage_object in batch:
                        write(
                            lido.build_lido(
                                heritage_object,
                                url,
                                include_unpublished_targets=include_unpublished,
                            )
                        )
                    count += len(batch)
                    if progress:
                        progress(count, total)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return LidoExportReport(
        path, count, path.stat().st_size, time.monotonic() - started
    )


# -- the open-data record ------------------------------------------------------


def concept_data(term: Concept | None) -> dict[str, Any] | None:
    if term is None:
        return None
    return {
        "label": term.label,
        "label_en": term.label_en or None,
        "uris": [u.uri for u in term.uris.all()],
    }


def agent_data(agent: Agent) -> dict[str, Any]:
    return {
        "name": agent.name,
        "kind": agent.kind,
        "dates": agent.dates or None,
        "birth_year": agent.birth_year,
        "death_year": agent.death_year,
        "uris": [u.uri for u in agent.uris.all()],
    }


def place_data(location: Place, depth: int = 0) -> dict[str, Any]:
    parent = None
    if (
        location.parent_id is not None
        and depth < PLACE_ANCESTOR_LEVELS
        and Place.parent.is_cached(location)
    ):
        parent = place_data(location.parent, depth + 1)
    return {
        "name": location.name,
        "name_en": location.name_en or None,
        "uris": [u.uri for u in location.uris.all()],
        "latitude": float(location.latitude) if location.latitude is not None else None,
        "longitude": float(location.longitude)
        if location.longitude is not None
        else None,
        "part_of": parent,
    }


def rights_data(uri: str) -> dict[str, str | None] | None:
    if not uri:
        return None
    labels = dict(lido.rights_terms(uri))
    german = labels.get("de", labels.get(None))
    return {"uri": uri, "label": german, "label_en": labels.get("en", german)}


def image_urls(heritage_object: HeritageObject, url: Url) -> list[dict[str, Any]]:
    images = []
    for image in heritage_object.images.all():
        service = url(f"/iiif/3/{image.iiif_identifier}")
        images.append(
            {
                "id": image.iiif_identifier,
                "iiif_image_service": service,
                "url": f"{service}/full/max/0/default.jpg",
                "thumbnail": f"{service}/full/!400,400/0/default.jpg",
                "width": image.width,
                "height": image.height,
                "primary": image.is_primary,
                "caption": image.caption or None,
                "caption_en": image.caption_en or None,
                "creator": image.creator or None,
                "rights": rights_data(image.rights),
            }
        )
    return images


def related_data(heritage_object: HeritageObject, url: Url) -> list[dict[str, Any]]:
    related = []
    for relation in heritage_object.relations.all():
        target = relation.target
        if target is not None and target.is_public:
            entry = {
                "identifier": target.identifier,
                "url": url(target.get_absolute_url()),
                "label": target.title,
            }
        elif relation.target_label or relation.target_uri:
            # An unpublished target is never named: only the row's own label/URI.
            entry = {
                "identifier": None,
                "url": relation.target_uri or None,
                "label": relation.target_label,
            }
        else:
            continue
        related.append({"type": concept_data(relation.relation_type), **entry})
    return related


def build_open_record(heritage_object: HeritageObject, url: Url) -> dict[str, Any]:
    """One object of ``objects.json``; field by field what the catalogue holds.

    The object must come from ``with_full_record()``; nothing is queried then.
    Concepts are ``{label, label_en, uris}``, agents ``{name, kind, dates,
    birth_year, death_year, uris}``, places ``{name, name_en, uris, latitude,
    longitude, part_of}`` and rights ``{uri, label, label_en}``; empty text is null.
    """
    institution = heritage_object.institution
    collection = heritage_object.collection
    concepts = list(heritage_object.subject_concepts.all())
    return {
        "identifier": heritage_object.identifier,
        "url": url(heritage_object.get_absolute_url()),
        "lido_url": url(reverse("object-lido", args=[heritage_object.identifier])),
        "iiif_manifest": url(
            reverse("iiif:manifest", args=[heritage_object.identifier])
        ),
        "published_id": heritage_object.published_id or None,
        "inventory_number": heritage_object.inventory_number,
        "institution": {
            "name": institution.name,
            "name_en": institution.name_en or None,
            "isil": institution.isil or None,
            "website": institution.website or None,
            "url": url(institution.get_absolute_url()),
        },
        "collection": {
            "slug": collection.slug,
            "name": collection.name,
            "name_en": collection.name_en or None,
            "url": url(collection.get_absolute_url()),
        }
        if collection
        else None,
        "title": heritage_object.title,
        "title_lang": heritage_object.title_lang,
        "titles": [
            {"text": t.text, "lang": t.lang, "pref": t.pref}
            for t in heritage_object.titles.all()
        ],
        "object_type": concept_data(heritage_object.object_type),
        "classifications": [
            concept_data(c) for c in heritage_object.classifications.all()
        ],
        "descriptions": [
            {"text": d.text, "lang": d.lang} for d in heritage_object.descriptions.all()
        ],
        "provenance": heritage_object.provenance or None,
        "inscriptions": [
            {
                "type": i.kind or None,
                "transcription": i.transcription or None,
                "lang": i.lang,
                "description": i.description or None,
            }
            for i in heritage_object.inscriptions.all()
        ],
        "dimensions": heritage_object.dimensions_display or None,
        "measurements": [
            {
                "type": m.dimension,
                "value": float(m.value),
                "unit": m.unit,
                "extent": m.extent or None,
            }
            for m in heritage_object.measurements.all()
        ],
        "dating": {
            "display": heritage_object.dating_display or None,
            "earliest": heritage_object.earliest_year,
            "latest": heritage_object.latest_year,
        },
        "events": [
            {
                "type": concept_data(e.event_type),
                "date": {
                    "display": e.display_date or None,
                    "earliest": e.earliest_year,
                    "latest": e.latest_year,
                },
                "actors": [
                    {
                        "agent": agent_data(a.agent),
                        "role": concept_data(a.role),
                        "attribution": a.attribution or None,
                    }
                    for a in e.actors.all()
                ],
                "places": [place_data(p) for p in e.places.all()],
                "method": concept_data(e.method),
                "materials_display": e.materials_display or None,
                "materials": [concept_data(c) for c in e.materials.all()],
                "techniques": [concept_data(c) for c in e.techniques.all()],
                "description": e.description or None,
            }
            for e in heritage_object.events.all()
        ],
        "subjects": {
            "concepts": [
                concept_data(c) for c in concepts if c.kind != Concept.Kind.PERIOD
            ],
            "periods": [
                concept_data(c) for c in concepts if c.kind == Concept.Kind.PERIOD
            ],
            "agents": [agent_data(a) for a in heritage_object.subject_agents.all()],
            "places": [place_data(p) for p in heritage_object.subject_places.all()],
        },
        "related": related_data(heritage_object, url),
        "rights": {
            **rights_data(heritage_object.rights),
            "holder": heritage_object.rights_holder or None,
            "credit_line": heritage_object.credit_line or None,
        },
        "metadata_licence": rights_data(heritage_object.metadata_rights),
        "images": image_urls(heritage_object, url),
        "linked_resources": [
            {
                "url": r.url,
                "media_type": r.media_type or None,
                "type": r.resource_type or None,
                "caption": r.caption or None,
                "creator": r.creator or None,
                "rights": rights_data(r.rights),
            }
            for r in heritage_object.linked_resources.all()
        ],
        "updated": heritage_object.updated_at.isoformat(),
    }


# -- the CSV -------------------------------------------------------------------


@dataclass(frozen=True)
class CsvField:
    name: str
    type: str  # Table Schema type
    title: str
    description: str
    format: str = "default"


CSV_FIELDS = (
    CsvField("identifier", "string", "Kennung", "Permanent identifier of the object"),
    CsvField("inventory_number", "string", "Inventarnummer", "Inventory number"),
    CsvField("title", "string", "Titel", "Preferred title"),
    CsvField("object_type", "string", "Objektart", "Object type (German label)"),
    CsvField("dating", "string", "Datierung", "Dating as catalogued, e.g. 'um 1080'"),
    CsvField(
        "earliest_year", "integer", "frühestes Jahr", "Earliest year (BCE negative)"
    ),
    CsvField("latest_year", "integer", "spätestes Jahr", "Latest year (BCE negative)"),
    CsvField("institution", "string", "Institution", "Holding institution"),
    CsvField("institution_isil", "string", "ISIL", "ISIL of the institution"),
    CsvField("collection", "string", "Sammlung", "Collection"),
    CsvField(
        "materials",
        "string",
        "Material/Technik",
        "Materials and techniques, ' | '-separated",
    ),
    CsvField("places", "string", "Orte", "Places of events, ' | '-separated"),
    CsvField("page_url", "string", "Webseite", "Public page of the object", "uri"),
    CsvField("lido_url", "string", "LIDO", "LIDO record of the object", "uri"),
    CsvField(
        "iiif_manifest_url",
        "string",
        "IIIF-Manifest",
        "IIIF Presentation 3.0 manifest",
        "uri",
    ),
    CsvField(
        "image_urls", "string", "Bilder", "Full-size images (IIIF), ' | '-separated"
    ),
    CsvField(
        "rights", "string", "Rechte am Objekt", "Rights of the object (URI)", "uri"
    ),
    CsvField("rights_holder", "string", "Rechteinhaber", "Rights holder"),
    CsvField("credit_line", "string", "Bildnachweis", "Credit line"),
    CsvField(
        "metadata_licence",
        "string",
        "Lizenz der Metadaten",
        "Licence of this record (URI)",
        "uri",
    ),
    CsvField(
        "image_licences",
        "string",
        "Lizenzen der Bilder",
        "Licences of the images, ' | '-separated",
    ),
)


def join(values: list[str]) -> str:
    return LIST_SEPARATOR.join(dict.fromkeys(v for v in values if v))


def csv_row(record: dict[str, Any]) -> list[str]:
    """The CSV row of an open record (``build_open_record``), in CSV_FIELDS order."""
    events = record["events"]
    materials = []
    for event in events:
        if event["materials_display"]:
            materials.append(event["materials_display"])
        else:
            materials += [c["label"] for c in event["materials"] + event["techniques"]]
    values = {
        "identifier": record["identifier"],
        "inventory_number": record["inventory_number"],
        "title": record["title"],
        "object_type": (record["object_type"] or {}).get("label", ""),
        "dating": record["dating"]["display"] or "",
        "earliest_year": record["dating"]["earliest"],
        "latest_year": record["dating"]["latest"],
        "institution": record["institution"]["name"],
        "institution_isil": record["institution"]["isil"] or "",
        "collection": (record["collection"] or {}).get("name", ""),
        "materials": join(materials),
        "places": join([p["name"] for e in events for p in e["places"]]),
        "page_url": record["url"],
        "lido_url": record["lido_url"],
        "iiif_manifest_url": record["iiif_manifest"],
        "image_urls": join([i["url"] for i in record["images"]]),
        "rights": record["rights"]["uri"],
        "rights_holder": record["rights"]["holder"] or "",
        "credit_line": record["rights"]["credit_line"] or "",
        "metadata_licence": record["metadata_licence"]["uri"],
        "image_licences": join([i["rights"]["uri"] for i in record["images"]]),
    }
    return ["" if values[f.name] is None else str(values[f.name]) for f in CSV_FIELDS]


# -- the dump ------------------------------------------------------------------

# SPDX identifiers of the Creative Commons licences (datapackage "licenses");
# the Public Domain Mark and rightsstatements.org statements have none.
SPDX = {
    "http://creativecommons.org/publicdomain/zero/1.0/": "CC0-1.0",
    "http://creativecommons.org/licenses/by/4.0/": "CC-BY-4.0",
    "http://creativecommons.org/licenses/by-sa/4.0/": "CC-BY-SA-4.0",
    "http://creativecommons.org/licenses/by-nc/4.0/": "CC-BY-NC-4.0",
    "http://creativecommons.org/licenses/by-nc-sa/4.0/": "CC-BY-NC-SA-4.0",
    "http://creativecommons.org/licenses/by-nd/4.0/": "CC-BY-ND-4.0",
    "http://creativecommons.org/licenses/by-nc-nd/4.0/": "CC-BY-NC-ND-4.0",
}


def licence_entry(uri: str) -> dict[str, str]:
    entry = {"path": uri, "title": rights_data(uri)["label_en"] or uri}
    if uri in SPDX:
        entry = {"name": SPDX[uri], **entry}
    return entry


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for chunk in iter(lambda: source.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class DumpTally:
    """What the pass over the objects saw, for the descriptor and the read-me."""

    objects: int = 0
    images: int = 0
    metadata_licences: dict[str, int] = field(default_factory=dict)
    image_licences: dict[str, int] = field(default_factory=dict)
    object_rights: dict[str, int] = field(default_factory=dict)

    def add(self, record: dict[str, Any]) -> None:
        self.objects += 1
        self.images += len(record["images"])
        for tally, uri in [
            (self.metadata_licences, record["metadata_licence"]["uri"]),
            (self.object_rights, record["rights"]["uri"]),
            *[(self.image_licences, i["rights"]["uri"]) for i in record["images"]],
        ]:
            tally[uri] = tally.get(uri, 0) + 1


def write_records(
    directory: Path,
    url: Url,
    *,
    batch_size: int,
    progress: Progress | None,
) -> DumpTally:
    """lido.xml, objects.csv and objects.json in one pass over published objects."""
    tally = DumpTally()
    queryset = select_objects()
    total = queryset.count()
    with (
        (directory / "lido.xml").open("wb") as lido_file,
        (directory / "objects.csv").open(
            "w", encoding="utf-8-sig", newline=""
        ) as csv_file,
        (directory / "objects.json").open("w", encoding="utf-8") as json_file,
        lido_wrap(lido_file) as write_lido,
    ):
        rows = csv.writer(csv_file)  # excel dialect: commas, CRLF, minimal quoting
        rows.writerow([f.name for f in CSV_FIELDS])
        json_file.write("[")
        for batch in iter_batches(queryset, batch_size=batch_size):
            for heritage_object in batch:
                write_lido(lido.build_lido(heritage_object, url))
                record = build_open_record(heritage_object, url)
                rows.writerow(csv_row(record))
                json_file.write(",\n" if tally.objects else "\n")
                json_file.write(json.dumps(record, ensure_ascii=False))
                tally.add(record)
            if progress:
                progress(tally.objects, total)
        json_file.write("\n]\n")
    return tally


def table_schema() -> dict[str, Any]:
    fields = []
    for entry in CSV_FIELDS:
        spec: dict[str, Any] = {
            "name": entry.name,
            "type": entry.type,
            "title": entry.title,
            "description": entry.description,
        }
        if entry.format != "default":
            spec["format"] = entry.format
        if entry.name in (
            "identifier",
            "title",
            "page_url",
            "rights",
            "metadata_licence",
        ):
            spec["constraints"] = {"required": True}
        fields.append(spec)
    fields[0]["constraints"] = {"required": True, "unique": True}
    return {"fields": fields, "primaryKey": ["identifier"], "missingValues": [""]}


def datapackage(
    directory: Path, base_url: str, day: datetime.date, tally: DumpTally
) -> dict[str, Any]:
    def stats(name: str) -> dict[str, Any]:
        path = directory / name
        return {"bytes": path.stat().st_size, "hash": f"sha256:{sha256_of(path)}"}

    licences = sorted(
        tally.metadata_licences, key=lambda uri: -tally.metadata_licences[uri]
    )
    return {
        "profile": "data-package",
        "name": "kulturschatz-merseburg-open-data",
        "title": "Kulturschatz Merseburg – offene Daten / open data",
        "description": (
            f"Alle {tally.objects} veröffentlichten Objekte des Kulturschatz-Archivs "
            f"Merseburg, Stand {day.isoformat()}. "
            f"All {tally.objects} published objects "
            "of the Kulturschatz Merseburg archive. Each record carries the licence of "
            "its metadata (metadata_licence) and of its images."
        ),
        "homepage": base_url,
        "created": timezone.now().replace(microsecond=0).isoformat(),
        "keywords": [
            "Kulturerbe",
            "cultural heritage",
            "Merseburg",
            "Saalekreis",
            "LIDO",
        ],
        "licenses": [licence_entry(uri) for uri in licences],
        "resources": [
            {
                "name": "objects",
                "path": "objects.csv",
                "profile": "tabular-data-resource",
                "title": "Objekte (CSV)",
                "description": (
                    "One row per published object. Lists inside a cell are separated "
                    "by ' | '. UTF-8 with byte order mark for Excel."
                ),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "dialect": {
                    "delimiter": ",",
                    "lineTerminator": "\r\n",
                    "quoteChar": '"',
                    "doubleQuote": True,
                    "header": True,
                },
                "schema": table_schema(),
                **stats("objects.csv"),
            },
            {
                "name": "objects-json",
                "path": "objects.json",
                "profile": "data-resource",
                "title": "Objekte, vollständige Datensätze (JSON)",
                "description": (
                    "A JSON array with one full record per published object and line; "
                    "its fields are described in README.txt."
                ),
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                **stats("objects.json"),
            },
            {
                "name": "lido",
                "path": "lido.xml",
                "profile": "data-resource",
                "title": "LIDO 1.0 (lido:lidoWrap)",
                "description": (
                    "Every published object as a LIDO record, valid against the "
                    "LIDO 1.0 and 1.1 schemas."
                ),
                "format": "xml",
                "mediatype": "application/xml",
                "encoding": "utf-8",
                **stats("lido.xml"),
            },
        ],
    }


def licence_lines(tally: dict[str, int]) -> str:
    return (
        "\n".join(
            f"  {count:>7}  {uri} ({rights_data(uri)['label']})"
            for uri, count in sorted(tally.items(), key=lambda item: -item[1])
        )
        or "  –"
    )


def readme_texts(base_url: str, day: datetime.date, tally: DumpTally) -> dict[str, str]:
    """LIESMICH.txt (German) and README.txt (English) of the dump."""
    date = day.isoformat()
    metadata = licence_lines(tally.metadata_licences)
    objects = licence_lines(tally.object_rights)
    images = licence_lines(tally.image_licences)
    german = f"""Kulturschatz Merseburg – offene Daten, Stand {date}
{"=" * (43 + len(date))}

Alle {tally.objects} veröffentlichten Objekte des digitalen Archivs Kulturschatz
Merseburg ({base_url}) mit {tally.images} Bildern. Nicht veröffentlichte Objekte
(Entwürfe, in Prüfung, zurückgezogen oder unter Sperrfrist) sind nicht enthalten.

Dateien
  objects.csv        eine Zeile je Objekt; UTF-8 mit BOM, Komma als Trennzeichen,
                     Listen in einer Zelle mit " | " getrennt. In Excel mit
                     Daten › Aus Text/CSV öffnen (ein Doppelklick trennt in
                     deutschem Excel nur an Semikolons).
  objects.json       vollständige Datensätze, ein JSON-Array (ein Objekt je Zeile);
                     die Felder beschreibt README.txt.
  lido.xml           alle Datensätze im Museumsformat LIDO 1.0 (gültig gegen LIDO
                     1.0 und 1.1), wie sie auch einzeln unter /objekt/<Kennung>/lido.xml
                     abrufbar sind.
  datapackage.json   Beschreibung nach Frictionless Data Package (Spalten, Lizenzen,
                     Prüfsummen).
  SHA256SUMS         Prüfsummen, prüfbar mit: sha256sum -c SHA256SUMS

Lizenzen
Jeder Datensatz nennt seine Lizenz (Spalte metadata_licence, in LIDO recordRights).
Lizenzen der Metadaten:
{metadata}
Rechte an den Objekten (Spalte rights):
{objects}
Lizenzen der Bilder (Spalte image_licences; Bilder über IIIF, Adressen in image_urls):
{images}
Bitte nennen Sie bei CC-BY-Lizenzen die Institution und den Bildnachweis (credit_line).
"""
    english = f"""Kulturschatz Merseburg – open data, as of {date}
{"=" * (41 + len(date))}

All {tally.objects} published objects of the Kulturschatz Merseburg digital archive
({base_url}) with {tally.images} images. Unpublished objects (drafts, in review,
withdrawn or under embargo) are not included.

Files
  objects.csv        one row per object; UTF-8 with BOM, comma-separated, lists in
                     a cell separated by " | ".
  objects.json       full records: a JSON array, one object per line (see below).
  lido.xml           every record in LIDO 1.0 (valid against LIDO 1.0 and 1.1), as
                     served one by one at /objekt/<identifier>/lido.xml.
  datapackage.json   Frictionless Data Package descriptor (columns, licences,
                     checksums).
  SHA256SUMS         checksums; check with: sha256sum -c SHA256SUMS

objects.json: each record has identifier, url, lido_url, iiif_manifest,
published_id, inventory_number, institution {{name, name_en, isil, website, url}},
collection {{slug, name, name_en, url}}, title, title_lang, titles [{{text, lang,
pref}}], object_type, classifications, descriptions [{{text, lang}}], provenance,
inscriptions [{{type, transcription, lang, description}}], dimensions,
measurements [{{type, value, unit, extent}}], dating {{display, earliest, latest}},
events [{{type, date {{display, earliest, latest}}, actors [{{agent, role,
attribution}}], places, method, materials_display, materials, techniques,
description}}], subjects {{concepts, periods, agents, places}}, related [{{type,
identifier, url, label}}], rights {{uri, label, label_en, holder, credit_line}},
metadata_licence, images [{{id, iiif_image_service, url, thumbnail, width, height,
primary, caption, caption_en, creator, rights}}], linked_resources [{{url,
media_type, type, caption, creator, rights}}], updated. Concepts are {{label,
label_en, uris}}, agents {{name, kind, dates, birth_year, death_year, uris}},
places {{name, name_en, uris, latitude, longitude, part_of}}, rights {{uri, label,
label_en}}. Years before the common era are negative; empty values are null.

Licences
Every record names its licence (column metadata_licence, LIDO recordRights).
Licences of the metadata:
{metadata}
Rights of the objects (column rights):
{objects}
Licences of the images (column image_licences; images through IIIF, see image_urls):
{images}
For CC BY licences please credit the institution and the credit line.
"""
    return {"LIESMICH.txt": german, "README.txt": english}


def export_open_data(
    output_dir: Path,
    *,
    base_url: str,
    day: datetime.date | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> OpenDataReport:
    """The dated open-data folder of every published object, and a .zip of it.

    Built beside the target and moved into place at the end: a dump of the same
    day is replaced whole, and a failed run leaves the previous one as it was.
    """
    started = time.monotonic()
    base = normalize_base_url(base_url)
    url = absolute_url(base)
    day = day or timezone.localdate()
    name = f"kulturschatz-open-data-{day.isoformat()}"
    if not select_objects().exists():
        raise ExportError(nothing_to_export(include_unpublished=False, collection_slug=None))
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    directory = output_dir / name
    archive = output_dir / f"{name}.zip"
    partial = output_dir / f".{name}.partial"
    partial_zip = output_dir / f".{name}.zip.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    try:
        with translation.override(settings.LANGUAGE_CODE):
            tally = write_records(
                partial, url, batch_size=batch_size, progress=progress
            )
            for filename, text in readme_texts(base, day, tally).items():
                (partial / filename).write_text(text, encoding="utf-8")
            descriptor = datapackage(partial, base, day, tally)
        (partial / "datapackage.json").write_text(
            json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )
        names = sorted(p.name for p in partial.iterdir())
        (partial / "SHA256SUMS").write_text(
            "".join(f"{sha256_of(partial / n)}  {n}\n" for n in names), encoding="utf-8"
        )
        names.append("SHA256SUMS")
        with zipfile.ZipFile(
            partial_zip, "w", zipfile.ZIP_DEFLATED, allowZip64=True
        ) as zipped:
            for filename in names:
                zipped.write(partial / filename, f"{name}/{filename}")
        shutil.rmtree(directory, ignore_errors=True)
        os.replace(partial, directory)
        os.replace(partial_zip, archive)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
        partial_zip.unlink(missing_ok=True)
    return OpenDataReport(
        directory=directory,
        archive=archive,
        objects=tally.objects,
        images=tally.images,
        seconds=time.monotonic() - started,
        files={n: (directory / n).stat().st_size for n in names},
    )
