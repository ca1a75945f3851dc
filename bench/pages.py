"""Public pages at scale: N generated objects, served as `make run` serves them.

    .venv/bin/python bench/pages.py [--objects 100000] [--samples 60]
                                    [--database sqlite|postgres|both]
                                    [--search whoosh|postgres] [--keep]

For each database: a temporary installation (SQLite, or the PostgreSQL database
`bench_pages` on 127.0.0.1, dropped and created), N generated objects
(bench/search.py's generator, nine in ten published), then a few objects with a
rich record each (many events, actors, places, materials, titles, images), the
search index built with `rebuild_search_index`, then gunicorn as `make run` starts
it (3 workers × 4 gthreads, DEBUG off, static files through WhiteNoise) with the
task queue's consumer beside it. Pages are requested one at a time over one
keep-alive connection, after a warm-up; every answer must be HTTP 200 and a
complete HTML page. The script prints p50, p95 and maximum per page kind.
"""

from __future__ import annotations

import argparse
import http.client
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

from search import query_mix  # noqa: E402
from support import PYTHON, ROOT, free_port, manage, start_consumer, start_server  # noqa: E402

RICH_OBJECTS = 10
RICH_EVENTS = 30  # per rich object, each with 4 actors, 3 places, 3 materials
RICH_IMAGES = 25
TARGET_MS = 100


def enrich() -> None:
    """Give a few published objects full records, as a well-catalogued
    manuscript has (in this process: Django set up from the environment)."""
    import django

    django.setup()
    from django.db import transaction

    from kulturschatz.collections.models import (
        Agent,
        Concept,
        Event,
        EventActor,
        HeritageObject,
        ObjectDescription,
        ObjectImage,
        ObjectTitle,
        Place,
    )

    agents = list(Agent.objects.order_by("pk")[:200])
    places = list(Place.objects.order_by("pk")[:100])
    materials = list(Concept.objects.filter(kind=Concept.Kind.MATERIAL)[:30])
    production = Concept.objects.get(slug="production-bench")
    rich = list(
        HeritageObject.objects.published().order_by("pk")[1000 : 1000 + RICH_OBJECTS]
    )
    with transaction.atomic():
        for number, heritage_object in enumerate(rich):
            ObjectTitle.objects.bulk_create(
                ObjectTitle(heritage_object=heritage_object, text=f"Titel {i}", lang=lang)
                for i, lang in enumerate(["de", "en", "la", "de", "en"])
            )
            ObjectDescription.objects.bulk_create(
                ObjectDescription(
                    heritage_object=heritage_object,
                    text="Eine ausführliche Beschreibung. " * 40,
                    lang=lang,
                    order=i + 2,
                )
                for i, lang in enumerate(["de", "en"])
            )
            events = Event.objects.bulk_create(
                Event(
                    heritage_object=heritage_object,
                    event_type=production,
                    display_date=f"um {1100 + i}",
                    earliest_year=1100 + i,
                    latest_year=1110 + i,
                )
                for i in range(RICH_EVENTS)
            )
            for i, event in enumerate(events):
                EventActor.objects.bulk_create(
                    EventActor(event=event, agent=agents[(number * 7 + i * 4 + k) % 200], order=k)
                    for k in range(4)
                )
                event.places.add(*places[i % 90 : i % 90 + 3])
                event.materials.add(*materials[i % 27 : i % 27 + 3])
            ObjectImage.objects.bulk_create(
                ObjectImage(
                    heritage_object=heritage_object,
                    master=f"masters/bench-{heritage_object.pk}-{i}.jpg",
                    width=4000,
                    height=3000,
                    order=i,
                    is_primary=i == 0,
                    caption=f"Blatt {i + 1}",
                )
                for i in range(RICH_IMAGES)
            )
    print(",".join(o.identifier for o in rich), flush=True)


def get(connection: http.client.HTTPConnection, path: str) -> tuple[float, int, str]:
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    return elapsed, response.status, body.decode("utf-8", "replace")


def p95(values: list[float]) -> float:
    values = sorted(values)
    return values[max(0, int(round(len(values) * 0.95)) - 1)]


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def page_mix(args, env: dict, rich: list[str]) -> dict[str, list[str]]:
    """Paths per page kind, chosen with a fixed seed from the installation's data.

    Searches: bench/search.py's query mix (terms, AND, phrases, prefixes, typos,
    date ranges, type facets), three in ten also filtered by institution."""
    rng = random.Random(11)
    published = [n for n in range(1, args.objects + 1) if n % 10]
    searches = []
    for _category, params in query_mix(max(1, args.samples // 7 + 1)):
        if "type" not in params and rng.random() < 0.3:
            params = {**params, "institution": rng.randint(1, 12)}
        searches.append("/suche/?" + urllib.parse.urlencode(params))
    ids = manage(
        env,
        "shell",
        "--verbosity",
        "0",
        "-c",
        "from kulturschatz.collections.models import Agent, Collection\n"
        "print(Collection.objects.get(slug='sammlung-1').pk)\n"
        "print(','.join(str(pk) for pk in Agent.objects.order_by('pk')"
        ".values_list('pk', flat=True)[:50]))",
    ).split()
    agents = ids[1].split(",")
    return {
        "home": ["/"] * args.samples,
        "object": [
            f"/objekt/gen-{rng.choice(published)}/" for _ in range(args.samples)
        ],
        "object (rich)": [f"/objekt/{rng.choice(rich)}/" for _ in range(args.samples)],
        "search": searches[: args.samples],
        "collection": [
            f"/sammlung/sammlung-{rng.randint(1, 40)}/" for _ in range(args.samples)
        ],
        "person": [f"/person/{rng.choice(agents)}/" for _ in range(args.samples)],
    }


def run_database(name: str, args) -> None:
    work = Path(tempfile.mkdtemp(prefix=f"kulturschatz-pages-{name}-"))
    port = free_port()
    env = {
        **os.environ,
        "KULTURSCHATZ_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "KULTURSCHATZ_VAR_DIR": str(work / "var"),
        "KULTURSCHATZ_MEDIA_ROOT": str(work / "media"),
        "KULTURSCHATZ_STATIC_ROOT": str(work / "static"),
        "KULTURSCHATZ_SEARCH_BACKEND": args.search,
        "DJANGO_SETTINGS_MODULE": "kulturschatz.settings",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DJANGO_DEBUG", None)
    if name == "postgres":
        database = "bench_pages"
        postgres = ["-h", "127.0.0.1", "-U", "postgres"]
        subprocess.run(["dropdb", *postgres, "--if-exists", database], check=True)
        subprocess.run(["createdb", *postgres, database], check=True)
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{work / 'db.sqlite3'}"
    server = consumer = None
    try:
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        subprocess.run(
            [str(PYTHON), str(ROOT / "bench" / "search.py"), "--populate", str(args.objects)],
            cwd=ROOT, env=env, check=True,
        )
        rich = subprocess.run(
            [str(PYTHON), __file__, "--enrich"],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True,
        ).stdout.split()[-1].split(",")
        started = time.monotonic()
        manage(env, "rebuild_search_index", "--no-progress")
        print(
            f"[{name}] {args.objects} objects; rebuild_search_index "
            f"{(time.monotonic() - started) / 60:.1f} min",
            flush=True,
        )
        server = start_server(env, port)
        consumer = start_consumer(env)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        for _ in range(300):
            try:
                get(connection, "/")
                break
            except OSError:
                connection.close()
                time.sleep(0.2)
        mix = page_mix(args, env, rich)
        # Warm-up: every worker imports, opens the search index and fills its
        # per-process caches, as on a running server.
        for paths in mix.values():
            for path in paths[:6]:
                get(connection, path)
        before = load()
        timings: dict[str, list[float]] = {kind: [] for kind in mix}
        order = [(kind, path) for kind, paths in mix.items() for path in paths]
        random.Random(3).shuffle(order)
        for kind, path in order:
            elapsed, status, body = get(connection, path)
            assert status == 200, (status, path)
            assert "</html>" in body, path
            timings[kind].append(elapsed)
        print(
            f"[{name}, search: {args.search}] {len(order)} requests one at a time "
            "after a warm-up; "
            f"load average before {before}, after {load()}:"
        )
        for kind, values in timings.items():
            high = p95(values)
            mark = "" if kind in ("collection", "person") else (
                "  ok" if high < TARGET_MS else f"  over {TARGET_MS} ms"
            )
            print(
                f"  {kind:14} n={len(values):3}  p50 {statistics.median(values):6.1f}  "
                f"p95 {high:6.1f}  max {max(values):6.1f} ms{mark}",
                flush=True,
            )
        if args.keep:
            print(f"[{name}] kept: {work} ({env['DATABASE_URL']})")
    finally:
        for process in (server, consumer):
            if process is not None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=60)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--objects", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=60, help="requests per page kind")
    parser.add_argument(
        "--database", choices=("sqlite", "postgres", "both"), default="sqlite"
    )
    parser.add_argument(
        "--search",
        choices=("whoosh", "postgres"),
        default="whoosh",
        help="search backend (postgres needs --database postgres)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the installation")
    parser.add_argument("--enrich", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.enrich:
        enrich()
        return
    names = ("sqlite", "postgres") if args.database == "both" else (args.database,)
    for name in names:
        run_database(name, args)


if __name__ == "__main__":
    main()
