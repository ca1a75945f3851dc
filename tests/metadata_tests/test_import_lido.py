"""LIDO import: every shared sample, idempotence, hostile input, images, admin upload."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from kulturschatz.collections.models import (
    Agent,
    Concept,
    Event,
    HeritageObject,
    Institution,
    LinkedResource,
    ObjectImage,
    ObjectTitle,
    Place,
    Rights,
)
from kulturschatz.metadata.importer import records as lido_records
from kulturschatz.metadata.importer.service import import_lido
from kulturschatz.metadata.importer.sources import read_records
from kulturschatz.metadata.models import ImportRecordOutcome, ImportRun
from tests.factories import image_bytes, make_collection, make_institution, make_staff

SHARED = Path(__file__).resolve().parents[3] / "shared" / "standards"
SAMPLES = SHARED / "lido" / "samples"
EXAMPLES = SAMPLES / "nfdi4objects-lido-examples"
Outcome = ImportRecordOutcome.Outcome
Status = HeritageObject.Status

pytestmark = pytest.mark.django_db


def run(*paths: Path, **options) -> ImportRun:
    return import_lido(list(paths), **options)


def outcomes(import_run: ImportRun, outcome: str) -> list[ImportRecordOutcome]:
    return list(import_run.outcomes.filter(outcome=outcome))


def lido_file(tmp_path: Path, *records: str, name: str = "records.xml", wrap: bool = True) -> Path:
    body = "".join(records)
    if wrap:
        body = f'<lido:lidoWrap xmlns:lido="http://www.lido-schema.org">{body}</lido:lidoWrap>'
    path = tmp_path / name
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + body, encoding="utf-8")
    return path


def record(rec_id: str, title: str = "Kelch", *, inventory: str = "", extra_ident: str = "",
           resources: str = "", description: str = "", ns: bool = False) -> str:  # fmt: skip
    xmlns = ' xmlns:lido="http://www.lido-schema.org"' if ns else ""
    work_id = f"<lido:workID>{inventory or rec_id}</lido:workID>"
    return f"""
<lido:lido{xmlns}>
  <lido:lidoRecID lido:type="local">{rec_id}</lido:lidoRecID>
  <lido:descriptiveMetadata xml:lang="de">
    <lido:objectClassificationWrap><lido:objectWorkTypeWrap><lido:objectWorkType>
      <lido:conceptID lido:type="URI">http://vocab.getty.edu/aat/300198843</lido:conceptID>
      <lido:term xml:lang="de">Kelch</lido:term><lido:term xml:lang="en">chalice</lido:term>
    </lido:objectWorkType></lido:objectWorkTypeWrap></lido:objectClassificationWrap>
    <lido:objectIdentificationWrap>
      <lido:titleWrap><lido:titleSet><lido:appellationValue>{title}</lido:appellationValue></lido:titleSet></lido:titleWrap>
      <lido:repositoryWrap><lido:repositorySet lido:type="current">
        <lido:repositoryName>
          <lido:legalBodyID lido:type="URI">http://ld.zdb-services.de/resource/organisations/DE-MUS-999001</lido:legalBodyID>
          <lido:legalBodyName><lido:appellationValue>Domschatz Merseburg</lido:appellationValue></lido:legalBodyName>
        </lido:repositoryName>
        {work_id}
      </lido:repositorySet></lido:repositoryWrap>
      {f'<lido:objectDescriptionWrap><lido:objectDescriptionSet><lido:descriptiveNoteValue>{description}</lido:descriptiveNoteValue></lido:objectDescriptionSet></lido:objectDescriptionWrap>' if description else ''}
      {extra_ident}
    </lido:objectIdentificationWrap>
  </lido:descriptiveMetadata>
  <lido:administrativeMetadata xml:lang="de">
    <lido:recordWrap>
      <lido:recordID lido:type="local">{rec_id}</lido:recordID>
      <lido:recordType><lido:term>item</lido:term></lido:recordType>
      <lido:recordSource><lido:legalBodyName><lido:appellationValue>Domschatz Merseburg</lido:appellationValue></lido:legalBodyName></lido:recordSource>
      <lido:recordRights><lido:rightsType><lido:conceptID lido:type="URI">http://creativecommons.org/publicdomain/zero/1.0/</lido:conceptID></lido:rightsType></lido:recordRights>
    </lido:recordWrap>
    {f'<lido:resourceWrap>{resources}</lido:resourceWrap>' if resources else ''}
  </lido:administrativeMetadata>
</lido:lido>"""


def resource(link: str, caption: str = "Gesamtansicht", rights: str = Rights.CC_BY_SA) -> str:
    return f"""<lido:resourceSet>
      <lido:resourceRepresentation lido:type="image_master">
        <lido:linkResource lido:formatResource="image/jpeg">{link}</lido:linkResource>
      </lido:resourceRepresentation>
      <lido:resourceDescription xml:lang="de">{caption}</lido:resourceDescription>
      <lido:rightsResource><lido:rightsType><lido:conceptID lido:type="URI">{rights}</lido:conceptID></lido:rightsType>
        <lido:creditLine>Foto: Ilse Beispiel</lido:creditLine></lido:rightsResource>
    </lido:resourceSet>"""


# ---------------------------------------------------------------------------
# The shared samples, one by one
# ---------------------------------------------------------------------------


def test_minimal_record_recommended_by_the_ddb_maps_every_field():
    result = run(EXAMPLES / "minimaldatensatz.xml", status=Status.REVIEW)
    assert (result.created, result.failed) == (1, 0)
    item = HeritageObject.objects.with_full_record().get(lido_rec_id="DE-MUS-059918/dc00018494")
    assert item.status == Status.REVIEW
    assert item.title == "Kabinettschrank, Inv. Nr.: 1977.20" and item.title_lang == "de"
    assert item.inventory_number == "1977.20"
    assert item.institution.isil == "DE-MUS-059918"
    assert item.institution.name == "Museum für Kunst und Gewerbe Hamburg"
    assert item.object_type.label == "Kabinettschrank"
    assert item.object_type.label_en == "display cabinets"
    assert [u.uri for u in item.object_type.uris.all()] == ["http://vocab.getty.edu/aat/300379868"]
    (classification,) = item.classifications.all()
    assert classification.label == "Schrankmöbel" and classification.uris.count() == 2
    assert item.descriptions.get().text.startswith("Die große Welt im kleinen Schrank")
    assert [(m.dimension, m.value, m.unit) for m in item.measurements.all()] == [
        ("Höhe", Decimal("106"), "cm"),
        ("Breite", Decimal("101.1"), "cm"),
        ("Tiefe", Decimal("60.9"), "cm"),
        ("Breite (geöffnet)", Decimal("190"), "cm"),
    ]
    (event,) = item.events.all()
    assert event.event_type.slug == "production"
    assert (event.display_date, event.earliest_year, event.latest_year) == ("um 1600", 1596, 1605)
    actors = [(a.agent.name, a.role.label, [u.uri for u in a.agent.uris.all()]) for a in event.actors.all()]
    assert actors == [
        ("Fiammingo, Giacomo", "Künstler", ["https://d-nb.info/gnd/1229708928"]),
        ("Curtis, Giovanni Battista de", "Graveur", ["https://d-nb.info/gnd/161108342"]),
        ("Picicaro, Januarius", "Graveur", ["http://viaf.org/viaf/89840489"]),
    ]
    (place,) = event.places.all()
    assert place.name == "Neapel" and place.uris.get().uri == "https://sws.geonames.org/3172394/"
    assert sorted(m.label for m in event.materials.all()) == ["Ebenholz", "Elfenbein (Material)", "Palisander"]
    assert [t.label for t in event.techniques.all()] == ["Gravierung"]
    assert sorted(c.label for c in item.subject_concepts.all()) == [
        "Geschichte von Hercules (Herakles)",
        "Profanarchitektur",
    ]
    assert item.metadata_rights == Rights.CC0
    assert item.source_record_id == "dc00018494"
    assert item.source_record_url.startswith("http://sammlungonline.mkg-hamburg.de/")
    links = list(item.linked_resources.all())
    assert len(links) == 3 and links[0].url.endswith("m5ea54539bef06")
    assert links[0].rights == Rights.CC0 and links[0].media_type == "image/jpeg"
    assert links[0].caption.startswith("Blick in geöffneten Kabinettschrank")
    assert item.dating_display == "um 1600" and item.earliest_year == 1596
    assert not ObjectImage.objects.exists()  # remote images are linked, not fetched


def test_la_primavera_in_two_languages_keeps_titles_and_takes_events_once():
    run(EXAMPLES / "LIDO-Example_FMobj00154983-LaPrimavera.xml")
    item = HeritageObject.objects.get(lido_rec_id="DE-Mb112/lido-obj00154983")
    assert (item.title, item.title_lang) == ("La Primavera / Der Frühling", "de")
    assert ("La Primavera / Spring", "en") in {(t.text, t.lang) for t in item.titles.all()}
    # The en and de blocks describe the same events: they are taken once.
    types = [e.event_type.slug for e in item.events.all()]
    assert len(types) == 4 and "production" in types and "restoration" in types
    production = item.events.get(event_type__slug="production")
    assert production.actors.get().agent.name.startswith("Botticelli")


def test_lido_1_1_skos_concepts_and_terminology_uris_are_read():
    run(EXAMPLES / "LIDO-v1.1-Example_FMobj00154983-LaPrimavera.xml")
    item = HeritageObject.objects.with_full_record().get(lido_rec_id="DE-Mb112/lido-obj00154983")
    assert item.object_type.label == "Gemälde"
    assert item.object_type.label_en == "painting (visual work)"
    assert "http://vocab.getty.edu/aat/300033618" in {u.uri for u in item.object_type.uris.all()}
    assert item.title == "Der Frühling" and item.title_lang == "de"
    pref = {(t.text, t.pref) for t in item.titles.all()}
    assert ("allegoria della primavera", ObjectTitle.Pref.ALTERNATIVE) in pref
    assert ("La Primavera", ObjectTitle.Pref.PREFERRED) in pref
    assert [(m.dimension, m.value, m.unit) for m in item.measurements.all()] == [
        ("Höhe", Decimal("203"), "cm"),
        ("Breite", Decimal("314"), "cm"),
    ]
    assert item.institution.name == "Uffizien"
    assert item.inventory_number == "8360 (Inv. 1890)"
    assert item.rights == Rights.RS_NOC_OKLR
    assert item.published_id == "https://www.uffizi.it/opere/botticelli-primavera"
    assert item.events.get(event_type__slug="production").display_date.startswith("um 1480")


def test_kenom_wrap_of_twenty_coins_with_inscriptions_and_event_types():
    result = run(EXAMPLES / "kenom_oai_chunk20.xml")
    assert (result.created, result.failed) == (20, 0)
    item = HeritageObject.objects.get(lido_rec_id="record_DE-68_kenom_123644")
    assert item.title.startswith("Geldschein / Notgeld, 50 Pfennig")
    assert [i.kind for i in item.inscriptions.all()] == ["front", "back", "control number"]
    assert item.inscriptions.get(kind="control number").transcription == "No. 4038"
    assert item.metadata_rights == Rights.CC_BY
    assert {e.event_type.slug for e in item.events.all()} == {"production", "publication", "use", "acquisition"}
    production = item.events.get(event_type__slug="production")
    assert {t.label for t in production.techniques.all()} == {"Autotypie", "Buchdruck"}
    assert {m.label for m in production.materials.all()} == {"Papier"}
    assert {(m.dimension, m.unit) for m in item.measurements.all()} == {("height", "mm"), ("width", "mm")}
    # Places are shared: Büsum is one row however many coins name it.
    assert Place.objects.filter(name="Büsum").count() == 1


def test_fontana_del_moro_parts_are_linked_to_the_whole_in_both_directions():
    result = run(EXAMPLES / "LIDO-Example_FMobj20344012-Fontana_del_Moro.xml")
    assert result.created == 3
    whole = HeritageObject.objects.get(lido_rec_id="DE-Mb112/lido-obj20344012")
    parts = HeritageObject.objects.filter(lido_rec_id__startswith="DE-Mb112/lido-obj20344012,T")
    assert {r.target_id for r in whole.relations.all()} == {p.pk for p in parts}
    for part in parts:
        assert part.relations.get().target_id == whole.pk


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("AQinDa_DDB-real-data/Bildarchiv_Foto_Marburg.xml", "DE-Mb112/lido/obj/20270079"),
        ("AQinDa_DDB-real-data/Deutsche_Fotothek.xml", None),
        ("AQinDa_DDB-real-data/Deutsches_Museum.xml", None),
        ("AQinDa_DDB-real-data/Ethnologisches_Museum.xml", "DE-MUS-019118/794675"),
        ("AQinDa_DDB-real-data/KENOM_Landesbib_Schwerin.xml", "DE-33__213833"),
        ("AQinDa_DDB-real-data/KHB.xml", None),
        ("AQinDa_DDB-real-data/Münzkabinett.xml", "DE-MUS-814819/18314033"),
        ("AQinDa_DDB-real-data/SMB_Skulpturensammlung.xml", "DE-MUS-815614/872000"),
        ("AQinDa_DDB-real-data/Technik-Museum.xml", None),
        ("AQinDa_DDB-real-data/Uni_Köln.xml", "DE-MUS-14932/VAR_0008"),
        ("AQinDa_DDB-real-data/Wannseekonferenz.xml", None),
        ("AQinDa_DDB-real-data/digiCult.xml", None),
        ("AQinDa_DDB-real-data/museum-digital_Müllrose.xml", None),
        ("AQinDa_DDB-real-data/museum-digital_Oderberg.xml", "DE-MUS-825210/78541"),
        ("AQinDa_graphics/example_record.xml", "DE-MUS-079214/lido/05091715,T,001"),
    ],
)
def test_every_real_ddb_record_is_imported_with_title_institution_and_type(name, expected):
    result = run(EXAMPLES / name)
    assert (result.created, result.failed) == (1, 0), list(result.outcomes.values_list("messages", flat=True))
    item = HeritageObject.objects.with_full_record().get()
    if expected:
        assert item.lido_rec_id == expected
    assert item.title and item.inventory_number and item.institution.name
    assert item.object_type is not None and item.object_type.label
    assert item.status == Status.DRAFT
    assert item.events.exists() or item.measurements.exists()


def test_other_sources_french_romanian_and_a_digicult_export():
    result = run(
        SAMPLES / "mnha-luxembourg", SAMPLES / "k-int-lido-parser", SAMPLES / "nfdi4objects-lido-rdf-converter"
    )
    # The two MNHA templates share the placeholder lidoRecID "#mnha[ID]#".
    assert (result.created, result.updated + result.unchanged, result.failed) == (3, 1, 0)
    romanian = HeritageObject.objects.get(lido_rec_id="000FBE0B1E2D4E48A4FEDAA8BE3C80F1")
    assert romanian.title_lang == "ro"
    assert {e.event_type.label for e in romanian.events.all()} >= {"Herstellung"}
    template = HeritageObject.objects.get(lido_rec_id="#mnha[ID]#")
    assert template.events.count() == 4 and template.inscriptions.exists()


def test_three_letter_and_invalid_language_codes_are_normalised_and_reported():
    run(EXAMPLES / "AQinDa_DDB-real-data/Uni_Köln.xml")
    assert HeritageObject.objects.get().title_lang == "de"  # xml:lang="deu"


def test_the_broken_samples_are_refused_with_precise_reasons():
    result = run(SAMPLES / "mkg-hamburg", EXAMPLES / "AQinDa_manipulated_records")
    assert result.created == 0 and not HeritageObject.objects.exists()
    failures = {Path(o.location.split(":")[0]).name: o.messages for o in outcomes(result, Outcome.FAILED)}
    assert set(failures) == {"beispiel-1.xml", "beispiel-2.xml", "DDB_LIDO_record_1.xml", "DDB_LIDO_record_2.xml"}
    for name in ("beispiel-1.xml", "beispiel-2.xml"):
        assert "xmlns:lido" in failures[name][0] and "LIDO" in failures[name][0]
    assert "1791" in failures["DDB_LIDO_record_1.xml"][0] and "500" in failures["DDB_LIDO_record_1.xml"][0]
    assert any("lidoRecID" in m for m in failures["DDB_LIDO_record_2.xml"])
    assert any("title" in m.lower() or "Titel" in m for m in failures["DDB_LIDO_record_2.xml"])


def test_whole_sample_folder_imports_every_good_record_and_refuses_the_broken():
    result = run(SAMPLES)
    assert result.state == ImportRun.State.DONE
    assert result.failed == 4
    # 48 namespaced records, 2 of them broken; 4 lidoRecIDs come twice
    # (LaPrimavera 1.0/1.1, MKG cabinet, the duplicated DDB file, MNHA templates).
    assert HeritageObject.objects.count() == 42
    assert result.created + result.updated + result.unchanged == 46


# ---------------------------------------------------------------------------
# Re-import, status, collection, dry run
# ---------------------------------------------------------------------------


def test_importing_again_updates_nothing_and_creates_nothing_twice():
    first = run(EXAMPLES / "kenom_oai_chunk20.xml")
    counts = {m: m.objects.count() for m in (HeritageObject, Event, Agent, Place, Concept, Institution)}
    second = run(EXAMPLES / "kenom_oai_chunk20.xml")
    assert (first.created, second.created, second.updated, second.unchanged) == (20, 0, 0, 20)
    assert {m: m.objects.count() for m in counts} == counts


def test_a_changed_record_updates_the_same_object_and_replaces_its_parts(tmp_path):
    path = lido_file(tmp_path, record("DE-MUS-999001/1", "Kelch", description="Alt"))
    run(path)
    item = HeritageObject.objects.get()
    lido_file(tmp_path, record("DE-MUS-999001/1", "Kelch mit Patene", description="Neu"))
    result = run(path)
    assert (result.created, result.updated) == (0, 1)
    item.refresh_from_db()
    assert item.title == "Kelch mit Patene"
    assert [d.text for d in item.descriptions.all()] == ["Neu"]


def test_status_option_applies_to_created_and_updated_records(tmp_path):
    path = lido_file(tmp_path, record("A/1"), record("A/2", inventory="2"))
    run(path)
    assert set(HeritageObject.objects.values_list("status", flat=True)) == {Status.DRAFT}
    HeritageObject.objects.filter(lido_rec_id="A/1").update(status=Status.PUBLISHED)
    run(path)  # unchanged records keep their status
    assert HeritageObject.objects.get(lido_rec_id="A/1").status == Status.PUBLISHED
    result = run(path, status=Status.REVIEW)
    assert result.updated == 2
    assert set(HeritageObject.objects.values_list("status", flat=True)) == {Status.REVIEW}
    run(path, status=Status.PUBLISHED)
    assert all(o.published_at for o in HeritageObject.objects.all())


def test_collection_option_files_records_under_the_collection_and_its_institution(tmp_path):
    institution = make_institution()
    collection = make_collection(institution)
    run(lido_file(tmp_path, record("B/1")), collection=collection)
    item = HeritageObject.objects.get()
    assert item.collection == collection and item.institution == institution


def test_dry_run_reports_what_would_happen_and_saves_nothing(tmp_path):
    path = lido_file(tmp_path, record("C/1"), record("C/2", "", inventory="C2"))
    result = run(path, dry_run=True)
    assert result.dry_run and result.created == 1 and result.failed == 1
    assert not HeritageObject.objects.exists() and not Concept.objects.exists()
    assert not Institution.objects.exists()
    assert "nothing was saved" in result.message or "nichts" in result.message


# ---------------------------------------------------------------------------
# Bad records never stop the run and never leave half an object
# ---------------------------------------------------------------------------


def test_a_clashing_inventory_number_fails_alone_and_leaves_nothing(tmp_path):
    path = lido_file(tmp_path, record("D/1", inventory="K 1"), record("D/2", inventory="K 1"), record("D/3", inventory="K 3"))
    result = run(path)
    assert (result.created, result.failed) == (2, 1)
    (failure,) = outcomes(result, Outcome.FAILED)
    assert failure.lido_rec_id == "D/2" and "K 1" in failure.messages[0]
    assert set(HeritageObject.objects.values_list("lido_rec_id", flat=True)) == {"D/1", "D/3"}


def test_a_failure_midway_through_writing_rolls_the_whole_record_back(tmp_path, monkeypatch):
    path = lido_file(
        tmp_path,
        record("E/1", resources=resource("https://example.org/a.jpg")),
        record("E/2", inventory="E2"),
    )

    def broken(objs, *args, **kwargs):
        if list(objs):
            raise RuntimeError("disk full")
        return []

    monkeypatch.setattr(LinkedResource.objects, "bulk_create", broken)
    result = run(path)
    (failure,) = outcomes(result, Outcome.FAILED)
    assert failure.lido_rec_id == "E/1" and "disk full" in failure.messages[0]
    assert list(HeritageObject.objects.values_list("lido_rec_id", flat=True)) == ["E/2"]
    assert not ObjectTitle.objects.exclude(heritage_object__lido_rec_id="E/2").exists()


def test_external_entities_are_refused_before_any_file_is_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    path = tmp_path / "xxe.xml"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE lido [<!ENTITY x SYSTEM "file://{secret}">]>\n'
        + record("X/1", "&x;", ns=True)
    )
    result = run(path)
    (failure,) = outcomes(result, Outcome.FAILED)
    assert "DTD" in failure.messages[0]
    assert not HeritageObject.objects.exists()
    assert "TOP-SECRET" not in str(list(ImportRecordOutcome.objects.values_list("messages", flat=True)))


def test_billion_laughs_is_refused_at_once(tmp_path):
    entities = "".join(
        f'<!ENTITY l{i} "{"&l" + str(i - 1) + ";" * 1}{("&l" + str(i - 1) + ";") * 9}">' for i in range(1, 10)
    )
    path = tmp_path / "laughs.xml"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE lido [<!ENTITY l0 "ha">{entities}]>' + record("L/1", "&l9;", ns=True)
    )
    result = run(path)
    assert result.failed == 1 and "DTD" in outcomes(result, Outcome.FAILED)[0].messages[0]


def test_a_huge_text_node_fails_its_record_only(tmp_path):
    path = lido_file(tmp_path, record("H/1", description="x" * 150_000), record("H/2", inventory="H2"))
    result = run(path)
    (failure,) = outcomes(result, Outcome.FAILED)
    assert failure.lido_rec_id == "H/1" and "150.000" in failure.messages[0]
    assert list(HeritageObject.objects.values_list("lido_rec_id", flat=True)) == ["H/2"]


def test_a_text_node_beyond_the_parser_limit_is_reported_not_loaded(tmp_path):
    path = lido_file(tmp_path, record("G/1", inventory="G1"), record("G/2", description="y" * 11_000_000))
    result = run(path)
    assert result.created == 1
    assert "line" in outcomes(result, Outcome.FAILED)[0].messages[0] or "Zeile" in outcomes(result, Outcome.FAILED)[0].messages[0]


def test_malformed_xml_keeps_the_records_before_the_break_and_says_where(tmp_path):
    path = tmp_path / "broken.xml"
    good = record("M/1", inventory="M1")
    path.write_text(
        '<lido:lidoWrap xmlns:lido="http://www.lido-schema.org">' + good + "\n<lido:lido><lido:lidoRecID>M/2</lido:lido>"
    )
    result = run(path)
    assert result.created == 1 and result.failed == 1
    message = outcomes(result, Outcome.FAILED)[0].messages[0]
    assert "not well-formed" in message or "wohlgeformt" in message


def test_records_outside_the_lido_namespace_are_refused(tmp_path):
    path = tmp_path / "other.xml"
    path.write_text('<wrap xmlns="http://example.org/other"><lido><lidoRecID>Z</lidoRecID></lido></wrap>')
    result = run(path)
    assert result.failed == 1 and "http://example.org/other" in outcomes(result, Outcome.FAILED)[0].messages[0]


def test_validation_against_the_xsd_is_optional_and_precise(tmp_path):
    result = run(EXAMPLES / "minimaldatensatz.xml", validate=SHARED / "lido")
    assert result.created == 1
    invalid = lido_file(tmp_path, record("V/1").replace("<lido:recordType><lido:term>item</lido:term></lido:recordType>", ""))
    result = run(invalid, validate=SHARED / "lido")
    assert result.failed == 1 and "recordSource" in outcomes(result, Outcome.FAILED)[0].messages[0]
    assert run(invalid).created == 1  # without --validate the importer is lenient


def test_reading_a_big_file_keeps_memory_flat(tmp_path):
    path = tmp_path / "big.xml"
    with path.open("w", encoding="utf-8") as out:
        out.write('<lido:lidoWrap xmlns:lido="http://www.lido-schema.org">')
        for number in range(10_000):
            out.write(record(f"big/{number}", description="Beschreibung " * 40))
        out.write("</lido:lidoWrap>")
    assert path.stat().st_size > 20_000_000
    tracemalloc.start()
    count = 0
    with path.open("rb") as stream:
        for item in read_records(stream, "big.xml"):
            lido_records.read_record(item.element)
            count += 1
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 10_000
    assert peak < 8_000_000, peak


# ---------------------------------------------------------------------------
# Images
# ---------------------------------------------------------------------------


def test_images_inside_a_zip_are_ingested_with_caption_and_rights(tmp_path, django_capture_on_commit_callbacks):
    archive = tmp_path / "lieferung.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("daten/records.xml", lido_file(tmp_path, record("I/1", resources=resource("bilder/kelch.jpg") + resource("../../boese.jpg"))).read_bytes())
        bundle.writestr("daten/bilder/kelch.jpg", image_bytes((400, 300)))
    with django_capture_on_commit_callbacks(execute=True):
        result = run(archive, status=Status.PUBLISHED)
    assert (result.created, result.images) == (1, 1)
    image = ObjectImage.objects.get()
    assert image.caption == "Gesamtansicht" and image.rights == Rights.CC_BY_SA
    assert image.creator == "Foto: Ilse Beispiel" and image.is_primary
    assert (image.width, image.height) == (400, 300) and image.derivatives_ready
    (entry,) = result.outcomes.all()
    assert any("outside the zip" in m or "außerhalb" in m for m in entry.messages)
    again = run(archive)
    assert (again.unchanged, ObjectImage.objects.count()) == (1, 1)


def test_local_images_stay_inside_the_folder_of_the_lido_file(tmp_path):
    folder = tmp_path / "lieferung"
    folder.mkdir()
    (folder / "scan.jpg").write_bytes(image_bytes((300, 200)))
    (tmp_path / "geheim.jpg").write_bytes(image_bytes((300, 200)))
    path = lido_file(folder, record("J/1", resources=resource("scan.jpg") + resource(f"file://{tmp_path}/geheim.jpg")))
    result = run(path)
    assert result.images == 1
    assert ObjectImage.objects.get().source_url == "scan.jpg"
    assert any("outside the folder" in m or "außerhalb" in m for m in result.outcomes.get().messages)


def test_a_replaced_image_file_replaces_the_image_and_not_a_duplicate(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "scan.jpg").write_bytes(image_bytes((300, 200)))
    path = lido_file(folder, record("K/1", resources=resource("scan.jpg")))
    run(path)
    first = ObjectImage.objects.get()
    (folder / "scan.jpg").write_bytes(image_bytes((500, 400)))
    result = run(path)
    assert result.updated == 1
    image = ObjectImage.objects.get()
    assert image.pk == first.pk and (image.width, image.height) == (500, 400)


@pytest.mark.django_db(transaction=True)
def test_remote_images_are_fetched_only_when_asked(tmp_path, live_server):
    from tests.factories import make_image, make_object

    published = make_object()
    served = make_image(published)
    url = f"{live_server.url}/iiif/3/{served.iiif_identifier}/full/max/0/default.jpg"
    missing = f"{live_server.url}/iiif/3/{'0' * 32}/full/max/0/default.jpg"
    path = lido_file(tmp_path, record("R/1", resources=resource(url) + resource(missing, "Fehlt")))
    result = run(path)
    assert result.images == 0
    assert list(LinkedResource.objects.values_list("url", flat=True)) == [url, missing]
    fetched = run(path, fetch_remote=True)
    assert fetched.images == 1
    image = ObjectImage.objects.get(source_url=url)
    assert image.heritage_object.lido_rec_id == "R/1" and image.width == served.width
    # The unreachable one is reported and kept as a link.
    assert LinkedResource.objects.get().url == missing
    assert any("could not be fetched" in m or "nicht geladen" in m for m in fetched.outcomes.get().messages)


# ---------------------------------------------------------------------------
# Command line and admin
# ---------------------------------------------------------------------------


def test_command_prints_the_report_and_honours_its_options(tmp_path):
    institution = make_institution()
    collection = make_collection(institution)
    out = io.StringIO()
    call_command(
        "import_lido", str(EXAMPLES / "minimaldatensatz.xml"), str(EXAMPLES / "AQinDa_manipulated_records"),
        "--publish", "--collection", collection.slug, "--no-progress", stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    text = out.getvalue()
    assert "DDB_LIDO_record_2.xml" in text and "lidoRecID" in text
    item = HeritageObject.objects.get()
    assert item.status == Status.PUBLISHED and item.collection == collection
    with pytest.raises(CommandError):
        call_command("import_lido", "x.xml", "--collection", "gibt-es-nicht", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("import_lido", "x.xml", "--validate", str(tmp_path), stdout=io.StringIO())


def test_staff_upload_a_zip_in_the_admin_and_read_the_report(client, tmp_path, django_capture_on_commit_callbacks):
    editor = make_staff("Redaktion", "redakteurin")
    client.force_login(editor)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("lido.xml", lido_file(tmp_path, record("U/1", resources=resource("kelch.jpg")), record("U/2", inventory="U/1")).read_bytes())
        bundle.writestr("kelch.jpg", image_bytes((200, 200)))
    archive.seek(0)
    archive.name = "lieferung.zip"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:metadata_importrun_add"),
            {"upload": archive, "status": Status.REVIEW, "dry_run": ""},
        )
    assert response.status_code == 302
    import_run = ImportRun.objects.get()
    assert (import_run.state, import_run.created, import_run.failed, import_run.images) == ("done", 1, 1, 1)
    assert import_run.started_by == editor
    item = HeritageObject.objects.get()
    assert item.status == Status.REVIEW and item.created_by == editor
    page = client.get(response.url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "U/2" in text and "U/1" in text  # the failure and its reason


def test_admin_upload_refuses_other_files_and_unpermitted_publishing(client):
    cataloguer = make_staff("Katalogisierung", "katalog")
    client.force_login(cataloguer)
    response = client.post(
        reverse("admin:metadata_importrun_add"),
        {"upload": _named(b"%PDF-1.4 not lido", "x.pdf"), "status": ""},
    )
    assert response.status_code == 200 and not ImportRun.objects.exists()
    response = client.post(
        reverse("admin:metadata_importrun_add"),
        {"upload": _named(b"<lido:lidoWrap/>", "x.xml"), "status": Status.PUBLISHED},
    )
    assert response.status_code == 200 and not ImportRun.objects.exists()
    assert "veröffentlichen" in response.content.decode()


def _named(data: bytes, name: str) -> io.BytesIO:
    upload = io.BytesIO(data)
    upload.name = name
    return upload


def test_a_batch_that_fails_as_a_whole_is_written_again_record_by_record(tmp_path, monkeypatch):
    from kulturschatz.collections.models import Measurement

    poison = '<lido:objectMeasurementsWrap><lido:objectMeasurementsSet><lido:objectMeasurements><lido:measurementsSet><lido:measurementType>Gift</lido:measurementType><lido:measurementUnit>g</lido:measurementUnit><lido:measurementValue>1</lido:measurementValue></lido:measurementsSet></lido:objectMeasurements></lido:objectMeasurementsSet></lido:objectMeasurementsWrap>'
    path = lido_file(tmp_path, record("F/1", inventory="F1"), record("F/2", inventory="F2", extra_ident=poison), record("F/3", inventory="F3"))
    original = Measurement.objects.bulk_create

    def refuse_poison(rows, *args, **kwargs):
        rows = list(rows)
        if any(row.dimension == "Gift" for row in rows):
            raise RuntimeError("constraint violated")
        return original(rows, *args, **kwargs)

    monkeypatch.setattr(Measurement.objects, "bulk_create", refuse_poison)
    result = run(path)
    assert (result.created, result.failed) == (2, 1)
    assert outcomes(result, Outcome.FAILED)[0].lido_rec_id == "F/2"
    assert set(HeritageObject.objects.values_list("lido_rec_id", flat=True)) == {"F/1", "F/3"}
    assert Institution.objects.count() == 1 and Concept.objects.filter(label="Kelch").count() == 1


def test_imported_records_are_found_by_the_search_once_published(client, tmp_path, django_capture_on_commit_callbacks):
    from tests.search_tests import whoosh_settings

    with whoosh_settings(tmp_path / "index"):
        with django_capture_on_commit_callbacks(execute=True):
            run(lido_file(tmp_path, record("S/1", "Reliquienkästchen aus Walrosszahn")), status=Status.PUBLISHED)
            run(lido_file(tmp_path, record("S/2", "Entwurf eines Kästchens", inventory="S2"), name="draft.xml"))
        data = client.get("/api/search", {"q": "Kästchen"}).json()
    assert [r["title"] for r in data["results"]] == ["Reliquienkästchen aus Walrosszahn"]


def test_object_page_links_remote_media_without_loading_them(client):
    run(EXAMPLES / "minimaldatensatz.xml", status=Status.PUBLISHED)
    item = HeritageObject.objects.get()
    page = client.get(item.get_absolute_url()).content.decode()
    assert 'href="http://resources.digicult-museen.net/dam/provided_image/m5ea54539bef06"' in page
    assert 'src="http://resources.digicult-museen.net' not in page  # never embedded (privacy)
    assert "http://sammlungonline.mkg-hamburg.de/" in page  # the record at the source
