"""Search at scale: N generated objects, measured through /api/search.

    .venv/bin/python bench/search.py [--objects 100000] [--queries 30]
                                     [--backend whoosh|postgres|both] [--reference]

For each backend: a temporary installation (SQLite, or the PostgreSQL database
`bench_search` on 127.0.0.1), N generated German records (bench/search_corpus.py)
written straight into the catalogue tables, `rebuild_search_index` timed, then
gunicorn as `make run` starts it (3 workers × 4 threads) with the task queue's
consumer beside it. The query mix (single terms, two-term AND, phrases, prefixes,
fuzzy terms, date ranges, facet filters; every answer with facet counts,
highlighted snippets and the database check) is sent one request at a time;
then an object is changed and /api/search polled until the change is found.

--reference also builds the same records into a Whoosh index used plainly (one
index, LanguageAnalyzer("de"), `groupedby` facets, default phrase and prefix
queries, highlights) and runs the same mix against it in this process.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_corpus import HEADS, MODIFIERS, NOUNS, PLACES, TYPES, generate  # noqa: E402
from support import PYTHON, ROOT, free_port, manage, start_consumer, start_server  # noqa: E402

CATEGORIES = ("term", "and", "phrase", "prefix", "fuzzy", "dates", "facet")


def query_mix(per_category: int, seed: int = 7) -> list[tuple[str, dict]]:
    rng = random.Random(seed)
    words = NOUNS + [m + h for m in MODIFIERS for h in HEADS] + PLACES
    mix: list[tuple[str, dict]] = []
    for _ in range(per_category):
        mix.append(("term", {"q": rng.choice(words)}))
        mix.append(("and", {"q": f"{rng.choice(words)} {rng.choice(words)}"}))
        mix.append(
            (
                "phrase",
                {
                    "q": f'"{rng.choice(words)} {rng.choice(words)}"'
                    if rng.random() < 0.5
                    else f'"{rng.choice(["romanische", "alte", "große", "verzierte"])} {rng.choice(NOUNS)}"'
                },
            )
        )
        word = rng.choice([w for w in words if len(w) >= 6])
        mix.append(("prefix", {"q": word[: rng.randint(4, 6)] + "*"}))
        word = rng.choice([w for w in words if len(w) >= 7])
        i = rng.randint(1, len(word) - 3)
        mix.append(("fuzzy", {"q": word[:i] + word[i + 1] + word[i] + word[i + 2 :]}))
        century = rng.randint(10, 19)
        mix.append(
            (
                "dates",
                {
                    "q": rng.choice(words),
                    "date_from": (century - 1) * 100 + 1,
                    "date_to": century * 100 + rng.choice([0, 50, 100]),
                },
            )
        )
        mix.append(("facet", {"q": rng.choice(words), "type": rng.randint(1, 5)}))
    return mix


# ---------------------------------------------------------------------------
# Filling the catalogue
# ---------------------------------------------------------------------------


def populate(count: int) -> None:
    import django

    django.setup()
    from django.db import transaction

    from kulturschatz.collections.models import (
        Agent,
        Collection,
        Concept,
        Event,
        EventActor,
        HeritageObject,
        Institution,
        ObjectDescription,
        Place,
    )

    with transaction.atomic():
        institutions = Institution.objects.bulk_create(
            Institution(name=f"Museum {i} im Saalekreis", slug=f"museum-{i}")
            for i in range(1, 13)
        )
        collections = Collection.objects.bulk_create(
            Collection(
                institution=institutions[(i - 1) % 12],
                name=f"Sammlung {i}",
                slug=f"sammlung-{i}",
            )
            for i in range(1, 41)
        )
        types = Concept.objects.bulk_create(
            Concept(kind=Concept.Kind.OBJECT_TYPE, label=label, slug=f"typ-{i}")
            for i, label in enumerate(TYPES)
        )
        materials = Concept.objects.bulk_create(
            Concept(
                kind=Concept.Kind.MATERIAL, label=f"Material {i}", slug=f"material-{i}"
            )
            for i in range(60)
        )
        production = Concept.objects.create(
            kind=Concept.Kind.EVENT_TYPE, label="Herstellung", slug="production-bench"
        )
        places = Place.objects.bulk_create(
            Place(
                name=f"{PLACES[i % len(PLACES)]} {i}" if i >= len(PLACES) else PLACES[i]
            )
            for i in range(300)
        )
        agents = Agent.objects.bulk_create(
            Agent(name=f"Person {i} von Merseburg") for i in range(5000)
        )
    started = time.monotonic()
    batch: list[dict] = []

    def flush(records: list[dict]) -> None:
        with transaction.atomic():
            objects = HeritageObject.objects.bulk_create(
                HeritageObject(
                    identifier=f"gen-{r['number']}",
                    inventory_number=r["inventory"],
                    title=r["title"][:500],
                    institution=collections[r["collection"] - 1].institution,
                    collection=collections[r["collection"] - 1],
                    object_type=types[r["type"] - 1],
                    status="published" if r["number"] % 10 else "draft",
                    earliest_year=r["earliest"],
                    latest_year=r["latest"],
                    dating_display=f"{r['earliest']}–{r['latest']}"
                    if r["earliest"]
                    else "",
                )
                for r in records
            )
            descriptions = [
                ObjectDescription(heritage_object=o, text=r["description"], lang="de")
                for o, r in zip(objects, records, strict=False)
            ] + [
                ObjectDescription(
                    heritage_object=o, text=r["english"], lang="en", order=1
                )
                for o, r in zip(objects, records, strict=False)
                if r["english"]
            ]
            ObjectDescription.objects.bulk_create(descriptions)
            events = Event.objects.bulk_create(
                Event(
                    heritage_object=o,
                    event_type=production,
                    earliest_year=r["earliest"],
                    latest_year=r["latest"],
                )
                for o, r in zip(objects, records, strict=False)
            )
            Event.materials.through.objects.bulk_create(
                Event.materials.through(event_id=e.pk, concept_id=materials[m - 1].pk)
                for e, r in zip(events, records, strict=False)
                for m in r["materials"]
            )
            Event.places.through.objects.bulk_create(
                Event.places.through(event_id=e.pk, place_id=places[p - 1].pk)
                for e, r in zip(events, records, strict=False)
                for p in r["places"]
            )
            EventActor.objects.bulk_create(
                EventActor(event=e, agent=agents[p - 1], order=i)
                for e, r in zip(events, records, strict=False)
                for i, p in enumerate(r["persons"])
            )

    for record in generate(count):
        batch.append(record)
        if len(batch) == 2000:
            flush(batch)
            batch = []
    if batch:
        flush(batch)
    print(f"{count} objects written in {time.monotonic() - started:.0f} s", flush=True)


# ---------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------


def get(connection: http.client.HTTPConnection, path: str) -> tuple[float, int, dict]:
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    return elapsed, response.status, json.loads(body) if response.status == 200 else {}


def percentiles(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[max(0, int(round(len(values) * 0.95)) - 1)]
    return f"p50 {statistics.median(values):7.1f}  p95 {p95:7.1f}  max {values[-1]:7.1f} ms"


def run_backend(name: str, args) -> None:
    work = Path(tempfile.mkdtemp(prefix=f"kulturschatz-search-{name}-"))
    port = free_port()
    env = {
        **os.environ,
        "KULTURSCHATZ_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "KULTURSCHATZ_VAR_DIR": str(work / "var"),
        "KULTURSCHATZ_MEDIA_ROOT": str(work / "media"),
        "KULTURSCHATZ_STATIC_ROOT": str(work / "static"),
        "KULTURSCHATZ_SEARCH_BACKEND": name,
        "DJANGO_SETTINGS_MODULE": "kulturschatz.settings",
        "PYTHONPATH": str(ROOT),
    }
    if name == "postgres":
        database = "bench_search"
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", database],
            check=True,
        )
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-U", "postgres", database], check=True
        )
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{work / 'db.sqlite3'}"
    server = consumer = None
    try:
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        subprocess.run(
            [str(PYTHON), __file__, "--populate", str(args.objects)],
            cwd=ROOT,
            env=env,
            check=True,
        )
        started = time.monotonic()
        manage(env, "rebuild_search_index", "--no-progress")
        rebuild = time.monotonic() - started
        print(
            f"[{name}] rebuild_search_index of {args.objects} objects: {rebuild / 60:.1f} min",
            flush=True,
        )
        server = start_server(env, port)
        consumer = start_consumer(env)
        connection = None
        for _ in range(200):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                get(connection, "/api/search?q=Kirche")
                break
            except OSError:
                time.sleep(0.2)
        # Every worker opens the index once (about a second at 100,000 records):
        # warm all three before measuring, as a running server is.
        for _ in range(12):
            get(connection, "/api/search?q=Glocke")
        mix = query_mix(args.queries)
        timings: dict[str, list[float]] = {category: [] for category in CATEGORIES}
        totals: dict[str, list[int]] = {category: [] for category in CATEGORIES}
        for category, params in mix:
            elapsed, status, body = get(
                connection, "/api/search?" + urllib.parse.urlencode(params)
            )
            assert status == 200, (status, params)
            timings[category].append(elapsed)
            totals[category].append(body["total"])
        everything = [t for values in timings.values() for t in values]
        print(
            f"[{name}] /api/search, {len(everything)} queries, each with 7 facets, snippets, DB check:"
        )
        for category in CATEGORIES:
            print(
                f"  {category:7} {percentiles(timings[category])}  (median hits {statistics.median(totals[category]):.0f})"
            )
        print(f"  {'all':7} {percentiles(everything)}", flush=True)
        delays = []
        for attempt in range(5):
            word = f"Prüfwort{attempt}x{random.randint(1000, 9999)}"
            out = subprocess.run(
                [
                    str(PYTHON),
                    "-c",
                    "import django, time; django.setup()\n"
                    "from kulturschatz.collections.models import HeritageObject\n"
                    f"o = HeritageObject.objects.get(identifier='gen-{501 + attempt}')\n"
                    f"o.title = o.title + ' {word}'; o.save()\n"
                    "print(time.time())",
                ],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            committed = float(out.strip().splitlines()[-1])
            deadline = time.time() + 30
            while time.time() < deadline:
                _, _, body = get(
                    connection, "/api/search?" + urllib.parse.urlencode({"q": word})
                )
                if body.get("total") == 1:
                    break
                time.sleep(0.02)
            delays.append(time.time() - committed)
        print(
            f"[{name}] a saved change is found after: {', '.join(f'{d:.2f}' for d in delays)} s",
            flush=True,
        )
    finally:
        for process in (server, consumer):
            if process is not None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=60)
        shutil.rmtree(work, ignore_errors=True)


def run_reference(args) -> None:
    """Whoosh used plainly, in this process, on the same records."""
    from whoosh import fields, index, qparser, sorting
    from whoosh.analysis import LanguageAnalyzer

    work = Path(tempfile.mkdtemp(prefix="whoosh-plain-"))
    try:
        german = LanguageAnalyzer("de")
        schema = fields.Schema(
            pk=fields.ID(stored=True, unique=True),
            title=fields.TEXT(analyzer=german, stored=True, field_boost=3.0),
            description=fields.TEXT(analyzer=german, stored=True),
            english=fields.TEXT(analyzer=LanguageAnalyzer("en")),
            type=fields.ID(sortable=True),
            collection=fields.ID(sortable=True),
            institution=fields.ID(sortable=True),
            place=fields.KEYWORD(sortable=True),
            person=fields.KEYWORD(sortable=True),
            earliest=fields.NUMERIC(sortable=True),
            latest=fields.NUMERIC(sortable=True),
        )
        ix = index.create_in(str(work), schema)
        started = time.monotonic()
        writer = ix.writer(procs=2, limitmb=256, multisegment=True)
        for r in generate(args.objects):
            writer.add_document(
                pk=str(r["number"]),
                title=r["title"],
                description=r["description"],
                english=r["english"],
                type=str(r["type"]),
                collection=str(r["collection"]),
                institution=str(r["institution"]),
                place=" ".join(map(str, r["places"])),
                person=" ".join(map(str, r["persons"])),
                earliest=r["earliest"] or 0,
                latest=r["latest"] or 0,
            )
        writer.commit()
        print(
            f"[plain Whoosh] index of {args.objects} records (procs=2, multisegment): "
            f"{(time.monotonic() - started) / 60:.1f} min",
            flush=True,
        )
        searcher = ix.searcher()
        parser = qparser.MultifieldParser(["title", "description", "english"], schema)
        facets = sorting.Facets()
        for name in ("type", "collection", "institution", "place", "person"):
            facets.add_field(name, allow_overlap=name in ("place", "person"))
        timings: dict[str, list[float]] = {category: [] for category in CATEGORIES}
        for category, params in query_mix(args.queries):
            text = params["q"]
            if category == "fuzzy":
                text += "~"
            started = time.perf_counter()
            query = parser.parse(text)
            filter_query = None
            if category == "dates":
                from whoosh.query import NumericRange

                filter_query = NumericRange(
                    "earliest", None, params["date_to"]
                ) & NumericRange("latest", params["date_from"], None)
            if category == "facet":
                from whoosh.query import Term

                filter_query = Term("type", str(params["type"]))
            results = searcher.search(
                query, limit=20, groupedby=facets, filter=filter_query
            )
            for name in ("type", "collection", "institution", "place", "person"):
                results.groups(name)
            for hit in results[:20]:
                hit.highlights("description")
            timings[category].append((time.perf_counter() - started) * 1000)
        everything = [t for values in timings.values() for t in values]
        print(
            f"[plain Whoosh] {len(everything)} queries, 5 facets, highlights, in process:"
        )
        for category in CATEGORIES:
            print(f"  {category:7} {percentiles(timings[category])}")
        print(f"  {'all':7} {percentiles(everything)}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--objects", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=30, help="queries per category")
    parser.add_argument(
        "--backend", choices=("whoosh", "postgres", "both", "none"), default="both"
    )
    parser.add_argument(
        "--reference", action="store_true", help="also measure Whoosh used plainly"
    )
    parser.add_argument("--populate", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.populate:
        populate(args.populate)
        return
    backends = {"both": ("whoosh", "postgres"), "none": ()}.get(args.backend, (args.backend,))
    for name in backends:
        run_backend(name, args)
    if args.reference:
        run_reference(args)


if __name__ == "__main__":
    main()
