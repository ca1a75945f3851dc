"""Import → export → import of the shared LIDO samples keeps the catalogue data.

The samples are imported, their catalogue data is read field by field, the
archive is exported with export_lido, the objects are deleted (the shared
agents, places and concepts stay, as in a catalogue) and the export is imported
again. Every field the importer filled must come back the same.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from lxml import etree

from kulturschatz.collections.models import HeritageObject
from kulturschatz.metadata.importer.service import import_lido

SHARED = Path(__file__).resolve().parents[3] / "shared" / "standards"
SAMPLES = SHARED / "lido" / "samples"

pytestmark = pytest.mark.django_db


def concept(term) -> tuple | None:
    if term is None:
        return None
    return (term.kind, term.label, term.label_en, tuple(sorted(u.uri for u in term.uris.all())))


def agent(item) -> tuple:
    return (item.name, item.kind, item.dates, item.birth_year, item.death_year,
            tuple(sorted(u.uri for u in item.uris.all())))  # fmt: skip


def place(item) -> tuple | None:
    if item is None:
        return None
    return (item.name, item.name_en, item.latitude, item.longitude,
            tuple(sorted(u.uri for u in item.uris.all())), place(item.parent))  # fmt: skip


def snapshot() -> dict[str, dict]:
    """Everything the importer writes, per lidoRecID, in comparable form."""
    data = {}
    for item in HeritageObject.objects.with_full_record().prefetch_related("linked_resources"):
        data[item.lido_rec_id] = {
            "title": (item.title, item.title_lang),
            "titles": [(t.text, t.lang, t.pref) for t in item.titles.all()],
            "inventory_number": item.inventory_number,
            "institution": (item.institution.name, item.institution.name_en, item.institution.isil,
                            item.institution.website),  # fmt: skip
            "collection": item.collection_id,
            "object_type": concept(item.object_type),
            "classifications": sorted((concept(c) for c in item.classifications.all()), key=repr),
            "descriptions": [(d.text, d.lang) for d in item.descriptions.all()],
            "provenance": item.provenance,
            "inscriptions": [(i.kind, i.transcription, i.lang, i.description) for i in item.inscriptions.all()],
            "dimensions_display": item.dimensions_display,
            "measurements": [(m.dimension, m.value, m.unit, m.extent) for m in item.measurements.all()],
            "events": [
                (
                    concept(e.event_type), e.display_date, e.earliest_year, e.latest_year,
                    [(agent(a.agent), concept(a.role), a.attribution) for a in e.actors.all()],
                    [place(p) for p in e.places.all()],
                    concept(e.method), sorted((concept(m) for m in e.materials.all()), key=repr),
                    sorted((concept(t) for t in e.techniques.all()), key=repr), e.materials_display, e.description,
                )  # fmt: skip
                for e in item.events.all()
            ],
            "subjects": sorted((concept(c) for c in item.subject_concepts.all()), key=repr),
            "subject_agents": sorted((agent(a) for a in item.subject_agents.all()), key=repr),
            "subject_places": sorted((place(p) for p in item.subject_places.all()), key=repr),
            "relations": sorted((
                (concept(r.relation_type), r.target.lido_rec_id if r.target else None,
                 r.target_label if not r.target else "", r.target_uri if not r.target else "")  # fmt: skip
                for r in item.relations.all()
            ), key=repr),
            "rights": (item.rights, item.rights_holder, item.credit_line, item.metadata_rights),
            "source": (item.published_id, item.source_record_id, item.source_record_url),
            "dating": (item.dating_display, item.earliest_year, item.latest_year),
            "linked_resources": [
                (r.url, r.media_type, r.resource_type, r.caption, r.creator, r.rights)
                for r in item.linked_resources.all()
            ],
        }
    return data


def test_import_export_import_of_the_samples_keeps_every_field(tmp_path):
    first = import_lido([SAMPLES])
    assert first.created >= 40
    before = snapshot()
    export = tmp_path / "export.xml"
    call_command("export_lido", "--output", str(export), "--include-unpublished", stdout=io.StringIO(),
                 stderr=io.StringIO())  # fmt: skip
    schema = etree.XMLSchema(etree.parse(str(SHARED / "lido" / "lido-v1.0.xsd"), etree.XMLParser(no_network=True)))
    assert schema.validate(etree.parse(str(export))), schema.error_log
    HeritageObject.objects.all().delete()

    second = import_lido([export])
    assert (second.created, second.failed) == (len(before), 0), list(second.outcomes.values_list("messages", flat=True))
    after = snapshot()
    assert set(after) == set(before)
    for rec_id, fields in before.items():
        for name, value in fields.items():
            assert after[rec_id][name] == value, (rec_id, name)


def test_exporting_and_importing_again_into_the_same_catalogue_changes_nothing(tmp_path):
    import_lido([SAMPLES / "nfdi4objects-lido-examples" / "kenom_oai_chunk20.xml",
                 SAMPLES / "nfdi4objects-lido-examples" / "LIDO-Example_FMobj20344012-Fontana_del_Moro.xml"])  # fmt: skip
    before = snapshot()
    export = tmp_path / "export.xml"
    call_command("export_lido", "--output", str(export), "--include-unpublished", stdout=io.StringIO(),
                 stderr=io.StringIO())  # fmt: skip
    again = import_lido([export])
    assert again.failed == 0 and again.created == 0
    assert snapshot() == before
