"""Processes killed with SIGKILL in the middle of their work (an import, a tile
pyramid, an index update) leave the database, the files and the search index
consistent, and running the job again completes the work.

Each test runs real ``manage.py`` subprocesses against its own installation
(a SQLite file, or a fresh PostgreSQL database in CI's PostgreSQL pass) and
kills them once the database shows they are half-way.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from PIL import Image

from .installation import Installation, Server, kill, wait_for

pytestmark = [pytest.mark.slow]

RECORDS = 1200
INTERRUPTED = ("Interrupted:", "Abgebrochen:")  # the message in English or German
IMAGE_EVERY = 3  # every third record brings a local image file


@pytest.fixture
def installation(tmp_path):
    installation = Installation(tmp_path / "site")
    installation.setup()
    yield installation
    installation.destroy()


def count(installation: Installation, table: str, where: str = "1=1") -> int:
    return installation.query(f"SELECT COUNT(*) FROM {table} WHERE {where}")[0][0]


# -- (a) the LIDO import ------------------------------------------------------------


def lido_record(n: int) -> str:
    image = (
        f"""<lido:resourceWrap><lido:resourceSet><lido:resourceRepresentation>
<lido:linkResource>bilder/{n % 10}.jpg</lido:linkResource></lido:resourceRepresentation>
<lido:resourceDescription xml:lang="de">Ansicht {n}</lido:resourceDescription></lido:resourceSet></lido:resourceWrap>"""
        if n % IMAGE_EVERY == 0
        else ""
    )
    return f"""<lido:lido>
<lido:lidoRecID lido:type="local">ROBUST/{n}</lido:lidoRecID>
<lido:descriptiveMetadata xml:lang="de">
<lido:objectClassificationWrap><lido:objectWorkTypeWrap><lido:objectWorkType>
<lido:conceptID lido:type="URI">http://vocab.getty.edu/aat/300026685</lido:conceptID>
<lido:term xml:lang="de">Urkunde</lido:term></lido:objectWorkType></lido:objectWorkTypeWrap></lido:objectClassificationWrap>
<lido:objectIdentificationWrap>
<lido:titleWrap><lido:titleSet><lido:appellationValue lido:pref="preferred" xml:lang="de">Urkunde Nr. {n}</lido:appellationValue></lido:titleSet>
<lido:titleSet><lido:appellationValue xml:lang="en">Charter no. {n}</lido:appellationValue></lido:titleSet></lido:titleWrap>
<lido:repositoryWrap><lido:repositorySet lido:type="current"><lido:repositoryName>
<lido:legalBodyID lido:type="URI">http://ld.zdb-services.de/resource/organisations/DE-MUS-999990</lido:legalBodyID>
<lido:legalBodyName><lido:appellationValue>Robustheitsmuseum Merseburg</lido:appellationValue></lido:legalBodyName></lido:repositoryName>
<lido:workID lido:type="inventory number">R-{n}</lido:workID></lido:repositorySet></lido:repositoryWrap>
<lido:objectDescriptionWrap><lido:objectDescriptionSet><lido:descriptiveNoteValue xml:lang="de">Urkunde {n} über Zinsen an das Domkapitel.</lido:descriptiveNoteValue></lido:objectDescriptionSet></lido:objectDescriptionWrap>
<lido:objectMeasurementsWrap><lido:objectMeasurementsSet><lido:objectMeasurements>
<lido:measurementsSet><lido:measurementType>Höhe</lido:measurementType><lido:measurementUnit>cm</lido:measurementUnit><lido:measurementValue>{20 + n % 30}</lido:measurementValue></lido:measurementsSet>
<lido:measurementsSet><lido:measurementType>Breite</lido:measurementType><lido:measurementUnit>cm</lido:measurementUnit><lido:measurementValue>{10 + n % 20}</lido:measurementValue></lido:measurementsSet>
</lido:objectMeasurements></lido:objectMeasurementsSet></lido:objectMeasurementsWrap>
</lido:objectIdentificationWrap>
<lido:eventWrap><lido:eventSet><lido:event>
<lido:eventType><lido:conceptID lido:type="URI">http://terminology.lido-schema.org/lido00007</lido:conceptID><lido:term xml:lang="de">Herstellung</lido:term></lido:eventType>
<lido:eventActor><lido:actorInRole><lido:actor lido:type="person"><lido:actorID lido:type="URI">https://d-nb.info/gnd/{118500000 + n % 40}</lido:actorID>
<lido:nameActorSet><lido:appellationValue lido:pref="preferred">Schreiber {n % 40}</lido:appellationValue></lido:nameActorSet></lido:actor>
<lido:roleActor><lido:term xml:lang="de">Schreiber</lido:term></lido:roleActor></lido:actorInRole></lido:eventActor>
<lido:eventDate><lido:displayDate>{1200 + n % 300}</lido:displayDate><lido:date><lido:earliestDate>{1200 + n % 300}</lido:earliestDate><lido:latestDate>{1200 + n % 300}</lido:latestDate></lido:date></lido:eventDate>
<lido:eventPlace><lido:place><lido:placeID lido:type="URI">https://sws.geonames.org/{2873000 + n % 25}/</lido:placeID>
<lido:namePlaceSet><lido:appellationValue>Ort {n % 25}</lido:appellationValue></lido:namePlaceSet></lido:place></lido:eventPlace>
</lido:event></lido:eventSet></lido:eventWrap>
</lido:descriptiveMetadata>
<lido:administrativeMetadata xml:lang="de">
<lido:recordWrap><lido:recordID lido:type="local">{n}</lido:recordID><lido:recordType><lido:term>item</lido:term></lido:recordType>
<lido:recordSource><lido:legalBodyName><lido:appellationValue>Robustheitsmuseum Merseburg</lido:appellationValue></lido:legalBodyName></lido:recordSource></lido:recordWrap>
{image}
</lido:administrativeMetadata>
</lido:lido>
"""


def write_lido_folder(folder: Path, records: int = RECORDS) -> Path:
    (folder / "bilder").mkdir(parents=True)
    for n in range(10):
        buffer = io.BytesIO()
        Image.new("RGB", (120 + n, 90), (20 * n, 100, 150)).save(buffer, "JPEG")
        (folder / "bilder" / f"{n}.jpg").write_bytes(buffer.getvalue())
    with (folder / "lido.xml").open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write('<lido:lidoWrap xmlns:lido="http://www.lido-schema.org" xml:lang="de">\n')
        for n in range(records):
            out.write(lido_record(n))
        out.write("</lido:lidoWrap>\n")
    return folder


SHAPE = """
from django.db.models import Count, Q
from kulturschatz.collections.models import HeritageObject, ObjectImage
from kulturschatz.metadata.models import ImportRun
objects = HeritageObject.objects.filter(lido_rec_id__startswith="ROBUST/").annotate(
    n_titles=Count("titles", distinct=True),
    n_descriptions=Count("descriptions", distinct=True),
    n_measurements=Count("measurements", distinct=True),
    n_events=Count("events", distinct=True),
    n_actors=Count("events__actors", distinct=True),
    n_places=Count("events__places", distinct=True),
    n_images=Count("images", distinct=True),
)
shapes = {
    o.lido_rec_id: [o.n_titles, o.n_descriptions, o.n_measurements, o.n_events, o.n_actors,
                    o.n_places, o.n_images, o.title, o.inventory_number]
    for o in objects
}
storage = ObjectImage._meta.get_field("master").storage
images = {}
for image in ObjectImage.objects.select_related("heritage_object"):
    with storage.open(image.master.name, "rb") as handle:
        images[image.master.name] = [image.heritage_object.lido_rec_id, image.sha256,
                                     __import__("hashlib").sha256(handle.read()).hexdigest()]
runs = list(ImportRun.objects.order_by("pk").values("pk", "state", "created", "unchanged", "failed", "message"))
result({"shapes": shapes, "images": images, "runs": runs})
"""


def expected_shape(n: int) -> list:
    # the English title (the German one is the main title), 1 description, 2 measurements, 1 event with 1 actor and 1 place
    return [1, 1, 2, 1, 1, 1, 1 if n % IMAGE_EVERY == 0 else 0, f"Urkunde Nr. {n}", f"R-{n}"]


def test_killed_import_leaves_whole_records_and_a_rerun_completes(installation, tmp_path):
    folder = write_lido_folder(tmp_path / "lieferung")
    process = installation.start("import_lido", str(folder), "--no-progress", log=tmp_path / "import.log")
    wait_for(
        lambda: count(installation, "collections_heritageobject") >= 150,
        timeout=240, process=process, what="150 records committed",
    )  # fmt: skip
    kill(process)

    state = installation.python(SHAPE)
    committed = state["shapes"]
    assert 150 <= len(committed) < RECORDS, len(committed)
    # No half-written object: each one committed has every part of its record.
    for rec_id, shape in committed.items():
        assert shape == expected_shape(int(rec_id.split("/")[1])), (rec_id, shape)
    # Every image row has its master, with the catalogued checksum.
    for name, (rec_id, catalogued, actual) in state["images"].items():
        assert rec_id in committed and catalogued == actual, name
    run = state["runs"][-1]
    assert run["state"] == "running"  # the killed process could not say otherwise
    assert run["created"] <= len(committed)  # it reports only what was committed
    # Committed records wait for the search index in the queue (same transaction).
    queued = count(installation, "search_pendingindexupdate", "done_at IS NULL")
    assert queued >= len(committed)
    # Masters saved for records of the batch that was rolled back have no row:
    # remove_orphan_files finds exactly those, and removes them.
    masters = {p.relative_to(installation.media).as_posix() for p in (installation.media / "masters").rglob("*") if p.is_file()}
    orphans = masters - set(state["images"])
    listing = installation.manage("remove_orphan_files", "--older-than", "0", "--dry-run").stdout
    for name in orphans:
        assert name in listing
    installation.manage("remove_orphan_files", "--older-than", "0")
    masters = {p.relative_to(installation.media).as_posix() for p in (installation.media / "masters").rglob("*") if p.is_file()}
    assert masters == set(state["images"])

    # The same file again: what was committed is unchanged, the rest is created.
    installation.manage("import_lido", str(folder), "--no-progress", timeout=600)
    state = installation.python(SHAPE)
    assert len(state["shapes"]) == RECORDS
    for rec_id, shape in state["shapes"].items():
        assert shape == expected_shape(int(rec_id.split("/")[1])), (rec_id, shape)
    assert len(state["images"]) == len(range(0, RECORDS, IMAGE_EVERY))
    for name, (_rec_id, catalogued, actual) in state["images"].items():
        assert catalogued == actual, name
    killed, rerun = state["runs"]
    assert killed["state"] == "failed" and killed["message"].startswith(INTERRUPTED)
    assert rerun["state"] == "done"
    assert rerun["unchanged"] == len(committed) and rerun["created"] == RECORDS - len(committed)


# -- (b) a tile pyramid --------------------------------------------------------------

LARGE_IMAGE = """
import io
from PIL import Image
from django.core.files.base import ContentFile
from tests import factories
from kulturschatz.collections.models import ObjectImage
heritage_object = factories.make_object(identifier="riesenplan", title="Lageplan")
picture = Image.linear_gradient("L").resize((6000, 4500)).convert("RGB")
buffer = io.BytesIO()
picture.save(buffer, "JPEG", quality=80)
image = ObjectImage(heritage_object=heritage_object, is_primary=True)
image.master.save("plan.jpg", ContentFile(buffer.getvalue()), save=False)
image.save()
result({"uuid": image.uuid.hex, "sha": image.sha256})
"""


def test_killed_pyramid_is_not_served_and_a_rerun_completes_it(installation, tmp_path):
    image = installation.python(LARGE_IMAGE)
    prefix = installation.media / "derivatives" / image["uuid"] / image["sha"][:16] / "tiles"
    process = installation.start("build_derivatives", "--missing", log=tmp_path / "build.log")
    wait_for(
        lambda: prefix.exists() and sum(1 for _ in prefix.rglob("*.jpg")) >= 5,
        timeout=240, process=process, what="the first tiles",
    )  # fmt: skip
    kill(process)
    written = sum(1 for _ in prefix.rglob("*.jpg"))
    (state, key), = installation.query("SELECT derivatives_state, derivatives_key FROM collections_objectimage")
    assert state == "building" and key == ""  # never "ready" for an incomplete pyramid

    server = Server(installation, workers=1)
    try:
        # Served from the master meanwhile: right size, a readable JPEG.
        status, headers, body = server.request("GET", f"/iiif/3/{image['uuid']}/full/600,/0/default.jpg")
        assert status == 200 and Image.open(io.BytesIO(body)).size == (600, 450)
        status, _, body = server.request("GET", f"/iiif/3/{image['uuid']}/0,0,512,512/512,/0/default.jpg")
        assert status == 200 and Image.open(io.BytesIO(body)).size == (512, 512)

        installation.manage("build_derivatives", "--missing", "-v", "0", timeout=600)
        (state, key), = installation.query("SELECT derivatives_state, derivatives_key FROM collections_objectimage")
        assert state == "ready" and key == image["sha"][:16]
        tiles = sorted(prefix.rglob("*.jpg"))
        # 6000×4500 in 512-px tiles at factors 1, 2, 4, 8, 16
        assert len(tiles) == 12 * 9 + 6 * 5 + 3 * 3 + 2 * 2 + 1 > written
        for tile in tiles:  # none left truncated by the killed build
            with Image.open(tile) as decoded:
                decoded.load()
        # The fast path now sends the stored tile itself.
        tile = prefix / "1" / "11_8.jpg"
        status, _, body = server.request("GET", f"/iiif/3/{image['uuid']}/5632,4096,368,404/368,/0/default.jpg")
        assert status == 200 and hashlib.sha256(body).digest() == hashlib.sha256(tile.read_bytes()).digest()
    finally:
        server.stop()


# -- (c) the search index ------------------------------------------------------------

MANY_OBJECTS = """
from kulturschatz.collections.models import HeritageObject, Institution
institution = Institution.objects.create(name="Indexmuseum", slug="indexmuseum")
HeritageObject.objects.bulk_create(
    HeritageObject(identifier=f"idx-{n}", inventory_number=f"I {n}", title=f"Kelch {n}",
                   institution=institution, status="published")
    for n in range(COUNT)
)
"""
RENAME = """
from django.db import transaction
from kulturschatz.collections.models import HeritageObject
with transaction.atomic():
    for heritage_object in HeritageObject.objects.filter(identifier__startswith="idx-"):
        heritage_object.title = heritage_object.title.replace("Kelch", "Monstranz")
        heritage_object.save(update_fields=["title"])
"""
FOUND = """
from kulturschatz.search.analysis import parse_query
from kulturschatz.search.backends import get_search_backend
from kulturschatz.search.backends.base import SearchQuery
backend = get_search_backend()
def total(text):
    return backend.search(SearchQuery(parsed=parse_query(text), limit=1, with_facets=False)).total
result({"Kelch": total("Kelch"), "Monstranz": total("Monstranz"), "indexed": len(backend.indexed_pks())})
"""
FLUSH = """
import time
from kulturschatz.search.services import flush_pending
started = time.monotonic()
result({"indexed": flush_pending(), "seconds": time.monotonic() - started})
"""
OBJECTS = 2000


def test_killed_index_updates_leave_a_usable_index_and_reruns_complete_it(installation, tmp_path):
    installation.manage("shell", "-c", MANY_OBJECTS.replace("COUNT", str(OBJECTS)))
    installation.manage("rebuild_search_index", "--no-progress")
    assert installation.python(FOUND) == {"Kelch": OBJECTS, "Monstranz": 0, "indexed": OBJECTS}

    # The queue's consumer killed in the middle of re-indexing the renamed objects.
    installation.manage("shell", "-c", RENAME)
    assert count(installation, "search_pendingindexupdate", "done_at IS NULL") == OBJECTS
    consumer = installation.start("run_huey", "--workers", "1", log=tmp_path / "huey.log")
    wait_for(
        lambda: count(installation, "search_pendingindexupdate", "done_at IS NOT NULL") >= 500,
        timeout=240, process=consumer, what="the first batch indexed",
    )  # fmt: skip
    kill(consumer)
    left = count(installation, "search_pendingindexupdate", "done_at IS NULL")
    assert 0 < left < OBJECTS
    found = installation.python(FOUND)
    # The index opens, holds every object, and what it holds is either state:
    # the batches marked done are renamed in it; the rest waits in the queue.
    assert found["indexed"] == OBJECTS
    assert found["Monstranz"] >= OBJECTS - left and found["Kelch"] + found["Monstranz"] == OBJECTS
    # The killed writer left Whoosh's lock behind it: the next writer must not wait.
    flushed = installation.python(FLUSH)
    assert flushed["indexed"] == left and flushed["seconds"] < 60
    assert count(installation, "search_pendingindexupdate", "done_at IS NULL") == 0
    assert installation.python(FOUND) == {"Kelch": 0, "Monstranz": OBJECTS, "indexed": OBJECTS}

    # A rebuild killed half-way leaves the index in use untouched.
    generations = sorted(p.name for p in (installation.var / "whoosh").glob("gen-*"))
    rebuild = installation.start("rebuild_search_index", "--no-progress", log=tmp_path / "rebuild.log")
    wait_for(
        lambda: installation.query("SELECT MAX(done) FROM search_indexjob WHERE state = 'running'")[0][0],
        timeout=240, process=rebuild, what="the rebuild's first objects",
    )  # fmt: skip
    kill(rebuild)
    assert installation.python(FOUND) == {"Kelch": 0, "Monstranz": OBJECTS, "indexed": OBJECTS}
    abandoned = set(p.name for p in (installation.var / "whoosh").glob("gen-*")) - set(generations)
    assert len(abandoned) == 1
    installation.manage("rebuild_search_index", "--no-progress")
    assert installation.python(FOUND) == {"Kelch": 0, "Monstranz": OBJECTS, "indexed": OBJECTS}
    assert not abandoned & set(p.name for p in (installation.var / "whoosh").glob("gen-*"))
    jobs = installation.query("SELECT state, message FROM search_indexjob ORDER BY id")
    assert [state for state, _ in jobs] == ["done", "failed", "done"]
    assert jobs[1][1].startswith(INTERRUPTED)
