"""LIDO import speed: a generated lidoWrap of N records through `manage.py import_lido`.

    .venv/bin/python bench/lido_import.py [--records 20000] [--database sqlite|postgres|both]

Writes N full LIDO 1.0 records (bench/search_corpus.py texts; titles, object type,
two classifications, a production event with actors carrying GND URIs, dates,
places with GeoNames URIs, materials and techniques, an acquisition event,
measurements, inscriptions, subjects, rights, record info and two remote
resourceSets each) into one file, then in a fresh installation (SQLite, or the
PostgreSQL database `bench_lido` on 127.0.0.1) times:

* the first import (every record created),
* the same file again (every record unchanged),
* as the reference in the same process tree, a plain lxml ``iterparse`` of the
  file that touches every element (the parser alone, no mapping, no database).

Prints records per second and the peak memory (max RSS) of each run.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_corpus import PERSONS, PLACES, TYPES, generate  # noqa: E402
from support import PYTHON, ROOT, manage  # noqa: E402

MATERIALS = "Papier Pergament Silber Gold Bronze Eisen Holz Sandstein Glas Leinen".split()
TECHNIQUES = "gegossen graviert getrieben vergoldet gedruckt geschnitzt bemalt".split()


def lido_record(record: dict, rng: random.Random) -> str:
    number = record["number"]
    type_label = TYPES[record["type"] - 1]
    persons = "".join(
        f"""<lido:eventActor><lido:actorInRole><lido:actor lido:type="person">
<lido:actorID lido:type="URI">https://d-nb.info/gnd/{100000 + p}</lido:actorID>
<lido:nameActorSet><lido:appellationValue lido:pref="preferred">{PERSONS[p % len(PERSONS)]} {p}</lido:appellationValue></lido:nameActorSet>
</lido:actor><lido:roleActor><lido:term xml:lang="de">Hersteller</lido:term></lido:roleActor></lido:actorInRole></lido:eventActor>"""
        for p in record["persons"]
    )
    places = "".join(
        f"""<lido:eventPlace><lido:place><lido:placeID lido:type="URI">https://sws.geonames.org/{2870000 + p}/</lido:placeID>
<lido:namePlaceSet><lido:appellationValue>{PLACES[p % len(PLACES)]} {p}</lido:appellationValue></lido:namePlaceSet></lido:place></lido:eventPlace>"""
        for p in record["places"]
    )
    materials = "".join(
        f"""<lido:termMaterialsTech lido:type="material"><lido:conceptID lido:type="URI">http://vocab.getty.edu/aat/{300010000 + m}</lido:conceptID>
<lido:term xml:lang="de">{MATERIALS[m % len(MATERIALS)]}</lido:term></lido:termMaterialsTech>"""
        for m in record["materials"]
    )
    technique = TECHNIQUES[number % len(TECHNIQUES)]
    date = ""
    if record["earliest"] is not None:
        date = f"""<lido:eventDate><lido:displayDate>{record['earliest']}–{record['latest']}</lido:displayDate>
<lido:date><lido:earliestDate>{record['earliest']}</lido:earliestDate><lido:latestDate>{record['latest']}</lido:latestDate></lido:date></lido:eventDate>"""
    english = (
        f"""<lido:objectDescriptionSet><lido:descriptiveNoteValue xml:lang="en">{escape(record['english'])}</lido:descriptiveNoteValue></lido:objectDescriptionSet>"""
        if record["english"]
        else ""
    )
    resources = "".join(
        f"""<lido:resourceSet lido:sortorder="{i}"><lido:resourceRepresentation lido:type="image_master">
<lido:linkResource lido:formatResource="image/jpeg">https://bilder.example.org/{number}/{i}.jpg</lido:linkResource></lido:resourceRepresentation>
<lido:resourceType><lido:term>Bild</lido:term></lido:resourceType><lido:resourceDescription xml:lang="de">Ansicht {i}</lido:resourceDescription>
<lido:rightsResource><lido:rightsType><lido:conceptID lido:type="URI">http://creativecommons.org/licenses/by-sa/4.0/</lido:conceptID></lido:rightsType></lido:rightsResource></lido:resourceSet>"""
        for i in (1, 2)
    )
    return f"""<lido:lido>
<lido:lidoRecID lido:type="local">DE-MUS-999999/{number}</lido:lidoRecID>
<lido:descriptiveMetadata xml:lang="de">
<lido:objectClassificationWrap><lido:objectWorkTypeWrap><lido:objectWorkType>
<lido:conceptID lido:type="URI">http://vocab.getty.edu/aat/{300040000 + record['type']}</lido:conceptID><lido:term xml:lang="de">{type_label}</lido:term></lido:objectWorkType></lido:objectWorkTypeWrap>
<lido:classificationWrap><lido:classification><lido:term>Sammlung {record['collection']}</lido:term></lido:classification>
<lido:classification lido:type="europeana:type"><lido:term>IMAGE</lido:term></lido:classification></lido:classificationWrap></lido:objectClassificationWrap>
<lido:objectIdentificationWrap>
<lido:titleWrap><lido:titleSet><lido:appellationValue lido:pref="preferred">{escape(record['title'])}</lido:appellationValue></lido:titleSet></lido:titleWrap>
<lido:inscriptionsWrap><lido:inscriptions lido:type="Umschrift"><lido:inscriptionTranscription>+ {escape(record['title'].upper())} +</lido:inscriptionTranscription></lido:inscriptions></lido:inscriptionsWrap>
<lido:repositoryWrap><lido:repositorySet lido:type="current"><lido:repositoryName>
<lido:legalBodyID lido:type="URI">http://ld.zdb-services.de/resource/organisations/DE-MUS-99999{record['institution'] % 10}</lido:legalBodyID>
<lido:legalBodyName><lido:appellationValue>Museum {record['institution']} im Saalekreis</lido:appellationValue></lido:legalBodyName></lido:repositoryName>
<lido:workID lido:type="inventory number">{record['inventory']}</lido:workID></lido:repositorySet></lido:repositoryWrap>
<lido:objectDescriptionWrap><lido:objectDescriptionSet><lido:descriptiveNoteValue xml:lang="de">{escape(record['description'])}</lido:descriptiveNoteValue></lido:objectDescriptionSet>{english}</lido:objectDescriptionWrap>
<lido:objectMeasurementsWrap><lido:objectMeasurementsSet><lido:displayObjectMeasurements>{rng.randint(5, 200)} x {rng.randint(5, 200)} cm</lido:displayObjectMeasurements>
<lido:objectMeasurements><lido:measurementsSet><lido:measurementType>Höhe</lido:measurementType><lido:measurementUnit>cm</lido:measurementUnit><lido:measurementValue>{rng.randint(5, 200)},5</lido:measurementValue></lido:measurementsSet>
<lido:measurementsSet><lido:measurementType>Breite</lido:measurementType><lido:measurementUnit>cm</lido:measurementUnit><lido:measurementValue>{rng.randint(5, 200)}</lido:measurementValue></lido:measurementsSet></lido:objectMeasurements></lido:objectMeasurementsSet></lido:objectMeasurementsWrap>
</lido:objectIdentificationWrap>
<lido:eventWrap><lido:eventSet><lido:event>
<lido:eventType><lido:conceptID lido:type="URI">http://terminology.lido-schema.org/lido00007</lido:conceptID><lido:term xml:lang="de">Herstellung</lido:term></lido:eventType>
{persons}{date}{places}
<lido:eventMaterialsTech><lido:displayMaterialsTech>{MATERIALS[record['materials'][0] % len(MATERIALS)]}, {technique}</lido:displayMaterialsTech><lido:materialsTech>{materials}
<lido:termMaterialsTech lido:type="technique"><lido:term xml:lang="de">{technique}</lido:term></lido:termMaterialsTech></lido:materialsTech></lido:eventMaterialsTech>
</lido:event></lido:eventSet>
<lido:eventSet><lido:event><lido:eventType><lido:term xml:lang="de">Erwerb</lido:term></lido:eventType>
<lido:eventDate><lido:displayDate>19{number % 100:02d}</lido:displayDate></lido:eventDate><lido:eventMethod><lido:term>Ankauf</lido:term></lido:eventMethod></lido:event></lido:eventSet></lido:eventWrap>
<lido:objectRelationWrap><lido:subjectWrap><lido:subjectSet><lido:subject>
<lido:subjectConcept><lido:term>{escape(record['title'].split()[-1])}</lido:term></lido:subjectConcept>
<lido:subjectPlace><lido:place><lido:namePlaceSet><lido:appellationValue>{record['place_names'][0]}</lido:appellationValue></lido:namePlaceSet></lido:place></lido:subjectPlace>
</lido:subject></lido:subjectSet></lido:subjectWrap></lido:objectRelationWrap>
</lido:descriptiveMetadata>
<lido:administrativeMetadata xml:lang="de">
<lido:rightsWorkWrap><lido:rightsWorkSet><lido:rightsType><lido:conceptID lido:type="URI">http://creativecommons.org/publicdomain/mark/1.0/</lido:conceptID></lido:rightsType></lido:rightsWorkSet></lido:rightsWorkWrap>
<lido:recordWrap><lido:recordID lido:type="local">{number}</lido:recordID><lido:recordType><lido:term>item</lido:term></lido:recordType>
<lido:recordSource><lido:legalBodyName><lido:appellationValue>Museum {record['institution']} im Saalekreis</lido:appellationValue></lido:legalBodyName></lido:recordSource>
<lido:recordRights><lido:rightsType><lido:conceptID lido:type="URI">http://creativecommons.org/publicdomain/zero/1.0/</lido:conceptID></lido:rightsType></lido:recordRights>
<lido:recordInfoSet><lido:recordInfoLink>https://museum.example.org/objekt/{number}</lido:recordInfoLink></lido:recordInfoSet></lido:recordWrap>
<lido:resourceWrap>{resources}</lido:resourceWrap>
</lido:administrativeMetadata>
</lido:lido>
"""


def write_file(path: Path, count: int) -> None:
    rng = random.Random(11)
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<lido:lidoWrap xmlns:lido="http://www.lido-schema.org">\n')
        for record in generate(count):
            out.write(lido_record(record, rng))
        out.write("</lido:lidoWrap>\n")


def timed(command: list[str], env: dict) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) of the child, its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024, done.stdout


PARSE_ONLY = """
import sys, time
from lxml import etree
start = time.perf_counter()
count = 0
for _event, element in etree.iterparse(sys.argv[1], tag="{http://www.lido-schema.org}lido"):
    sum(1 for _ in element.iter())
    count += 1
    element.clear()
    while element.getprevious() is not None:
        del element.getparent()[0]
print(count)
"""


def run_database(name: str, lido: Path, count: int, work: Path) -> None:
    env = {**os.environ, "KULTURSCHATZ_MEDIA_ROOT": str(work / "media"),
           "KULTURSCHATZ_VAR_DIR": str(work / f"var-{name}"), "KULTURSCHATZ_TASKS_IMMEDIATE": "0"}  # fmt: skip
    if name == "postgres":
        database = "bench_lido"
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", database], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", database], check=True)
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{work / 'db.sqlite3'}"
    manage(env, "migrate", "--noinput", "-v", "0")
    command = [str(PYTHON), "manage.py", "import_lido", str(lido), "--no-progress"]
    first, first_peak, output = timed(command, env)
    summary = [line for line in output.splitlines() if "created" in line or "angelegt" in line]
    again, again_peak, _ = timed(command, env)
    print(f"{name:9} first import   {count / first:8.0f} records/s  ({first:6.1f} s, max RSS {first_peak:5.0f} MB)  {summary[-1] if summary else ''}")
    print(f"{name:9} same file again {count / again:7.0f} records/s  ({again:6.1f} s, max RSS {again_peak:5.0f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="sqlite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-lido-") as folder:
        work = Path(folder)
        lido = work / "records.xml"
        start = time.perf_counter()
        write_file(lido, args.records)
        size = lido.stat().st_size / 1e6
        print(f"{args.records} records, {size:.0f} MB, written in {time.perf_counter() - start:.1f} s; {os.cpu_count()} CPUs")
        seconds, peak, output = timed([str(PYTHON), "-c", PARSE_ONLY, str(lido)], dict(os.environ))
        assert int(output) == args.records
        print(f"reference lxml iterparse only {args.records / seconds:6.0f} records/s  ({seconds:6.1f} s, max RSS {peak:5.0f} MB)")
        for name in ("sqlite", "postgres") if args.database == "both" else (args.database,):
            run_database(name, lido, args.records, work)


if __name__ == "__main__":
    main()
