"""OAI-PMH at scale: N generated objects, measured through /oai over HTTP.

    .venv/bin/python bench/oai.py [--objects 100000] [--samples 30]
                                  [--database sqlite|postgres|both] [--keep]

For each database: a temporary installation (SQLite, or the PostgreSQL database
`bench_oai` on 127.0.0.1, dropped and created), N generated records written
straight into the catalogue tables (bench/search.py's generator), then made to
look like a repository with a history: datestamps spread over five years, one
object in a hundred withdrawn since publication, some embargoes ended and some
running, collections nested three deep and 2,000 deleted records. gunicorn
serves it as `make run` does (3 workers × 4 threads); requests are sent one at
a time over one keep-alive connection.

Measured: ListRecords pages of 100 in both formats (the first page, the next
ten through the tokens the server issued, and deep pages anywhere in the
list), ListIdentifiers (a complete harvest, every page), GetRecord in both
formats, and a first page filtered by from, until and set. Every answer is
checked (status 200, no OAI error, 100 records); the first of each kind is
validated against OAI-PMH.xsd.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
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

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))

from support import PYTHON, ROOT, free_port, manage, start_server  # noqa: E402

NS = {"oai": "http://www.openarchives.org/OAI/2.0/"}
SCHEMA = ROOT.parent / "shared" / "standards" / "oai" / "oai-pmh-all.xsd"
SECRET_KEY = "bench-oai-" + "x" * 50
PAGE = 100
TOMBSTONES = 2000


# ---------------------------------------------------------------------------
# Filling the catalogue (runs in a child process with the installation's env)
# ---------------------------------------------------------------------------


def prepare(count: int) -> None:
    from search import populate

    populate(count)  # calls django.setup()
    from django.db import connection, transaction
    from django.db.models import F
    from django.db.models.functions import Mod
    from django.utils import timezone

    from kulturschatz.collections.models import Collection, HeritageObject
    from kulturschatz.metadata.models import DeletedRecord
    from kulturschatz.metadata.oai.repository import load_sets

    started = time.monotonic()
    today = timezone.localdate()
    table = HeritageObject._meta.db_table
    # Five years of datestamps, spread by a fixed permutation of the keys.
    span = 5 * 365 * 86400
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {table} SET updated_at = timestamptz '2021-01-01 00:00:00+00'"
                f" + ((id * 7919) % {span}) * interval '1 second'"
            )
        else:
            cursor.execute(
                f"UPDATE {table} SET updated_at = datetime('2021-01-01', '+' || "
                f"((id * 7919) % {span}) || ' seconds')"
            )
        objects = HeritageObject.objects.annotate(slot=Mod("pk", 1000))
        HeritageObject.objects.filter(status="published").update(
            published_at=F("created_at")
        )
        # One in a hundred withdrawn since (in the repository, deleted).
        objects.filter(slot__in=range(3, 1000, 100), status="published").update(
            status="withdrawn"
        )
        # Embargoes: five in a thousand ended last week, three still running.
        objects.filter(slot__in=[11, 211, 411, 611, 811]).update(
            embargo_until=today - datetime.timedelta(days=7)
        )
        objects.filter(slot__in=[17, 517, 917]).update(
            embargo_until=today + datetime.timedelta(days=90)
        )
        # Collections 13–24 below 1–12, 25–36 below 13–24 (same institutions).
        by_slug = {c.slug: c for c in Collection.objects.all()}
        for number in range(13, 37):
            child = by_slug[f"sammlung-{number}"]
            child.parent = by_slug[f"sammlung-{number - 12}"]
            child.save(update_fields=["parent"])
        sets = load_sets()
        collections = list(Collection.objects.order_by("pk"))
        rng = random.Random(5)
        base = datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC)
        DeletedRecord.objects.bulk_create(
            DeletedRecord(
                identifier=f"geloescht-{n}",
                deleted_at=base + datetime.timedelta(seconds=rng.randrange(span)),
                set_specs=list(sets.specs_of(c.institution_id, c.pk)),
            )
            for n, c in ((n, rng.choice(collections)) for n in range(TOMBSTONES))
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"repository history made in {time.monotonic() - started:.0f} s", flush=True)


# ---------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------


class Harvester:
    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        self.schema = etree.XMLSchema(
            etree.parse(str(SCHEMA), etree.XMLParser(no_network=True))
        )
        self.validated: set[str] = set()

    def get(self, kind: str, **params: str) -> tuple[float, etree._Element]:
        path = "/oai?" + urllib.parse.urlencode(params)
        started = time.perf_counter()
        self.connection.request("GET", path)
        response = self.connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise SystemExit(f"{path}: HTTP {response.status}")
        root = etree.fromstring(body)
        error = root.find("oai:error", NS)
        if error is not None:
            raise SystemExit(f"{path}: {error.get('code')} {error.text}")
        if kind not in self.validated:
            self.schema.assertValid(root.getroottree())
            self.validated.add(kind)
        return elapsed, root


def token_of(root: etree._Element) -> str | None:
    token = root.find(".//oai:resumptionToken", NS)
    return token.text if token is not None and token.text else None


def percentiles(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[max(0, int(round(len(values) * 0.95)) - 1)]
    return (
        f"p50 {statistics.median(values):6.1f}  p95 {p95:6.1f}  "
        f"max {values[-1]:6.1f} ms  (n={len(values)})"
    )


def measure(port: int, samples: int, name: str) -> None:
    import django

    django.setup()
    from kulturschatz.metadata.oai import protocol

    harvester = Harvester(port)
    for _ in range(12):  # every worker opens its connection and warms up
        harvester.get("warm-up", verb="ListRecords", metadataPrefix="oai_dc")
    results: dict[str, list[float]] = {}

    def record(kind: str, expect: int | None = PAGE, **params: str) -> etree._Element:
        elapsed, root = harvester.get(kind, **params)
        found = len(root.findall(".//oai:header", NS))
        if expect is not None and found != expect:
            raise SystemExit(f"{kind}: {found} records, expected {expect}")
        results.setdefault(kind, []).append(elapsed)
        return root

    # ListIdentifiers: a complete harvest; its states seed deep ListRecords pages.
    started = time.monotonic()
    root = record(
        "ListIdentifiers, every page", verb="ListIdentifiers", metadataPrefix="oai_dc"
    )
    total = int(root.find(".//oai:resumptionToken", NS).get("completeListSize"))
    identifiers = [e.text for e in root.iterfind(".//oai:identifier", NS)]
    tokens = []
    while (token := token_of(root)) is not None:
        tokens.append(token)
        root = record(
            "ListIdentifiers, every page",
            expect=None,
            verb="ListIdentifiers",
            resumptionToken=token,
        )
        identifiers += [e.text for e in root.iterfind(".//oai:identifier", NS)]
    harvest_seconds = time.monotonic() - started
    if len(identifiers) != total or len(set(identifiers)) != total:
        raise SystemExit(f"harvest: {len(identifiers)} identifiers of {total}")
    rng = random.Random(11)
    deep = rng.sample(tokens[: len(tokens) - 1], min(samples, len(tokens) - 1))
    public = [
        i
        for i in rng.sample(identifiers, min(10 * samples, len(identifiers)))
        if "geloescht" not in i
    ]

    for prefix in ("oai_dc", "lido"):
        for _ in range(samples):
            record(
                f"ListRecords {prefix}, first page",
                verb="ListRecords",
                metadataPrefix=prefix,
            )
        root = record(
            f"ListRecords {prefix}, first page",
            verb="ListRecords",
            metadataPrefix=prefix,
        )
        for _ in range(10):
            root = record(
                f"ListRecords {prefix}, pages 2-11 (issued tokens)",
                verb="ListRecords",
                resumptionToken=token_of(root),
            )
        for token in deep:
            state = protocol.decode_token(token, verb="ListIdentifiers", max_age=86400)
            state = dataclasses.replace(
                state, verb="ListRecords", metadata_prefix=prefix
            )
            record(
                f"ListRecords {prefix}, deep pages (token)",
                verb="ListRecords",
                resumptionToken=protocol.encode_token(state),
            )
        for identifier in public[:samples]:
            record(
                f"GetRecord {prefix}",
                expect=1,
                verb="GetRecord",
                metadataPrefix=prefix,
                identifier=identifier,
            )
        for year in range(samples):
            start = 2021 + year % 4
            record(
                f"ListRecords {prefix}, from/until/set",
                expect=None,  # a full page at 100,000 objects, fewer below
                verb="ListRecords",
                metadataPrefix=prefix,
                set=f"museum-{1 + year % 12}:sammlung-{1 + year % 12}",
                **{"from": f"{start}-03-01", "until": f"{start + 1}-02-28"},
            )
    for _ in range(samples):
        record(
            "ListIdentifiers, first page", verb="ListIdentifiers", metadataPrefix="lido"
        )
    print(
        f"[{name}] {total} records in the repository; a complete ListIdentifiers "
        f"harvest took {harvest_seconds:.0f} s ({len(tokens) + 1} pages)"
    )
    for kind, values in results.items():
        if kind != "warm-up":
            print(f"  {kind:42} {percentiles(values)}")
    print(f"  load average after: {os.getloadavg()[0]:.1f}", flush=True)


def run_database(name: str, args) -> None:
    work = Path(tempfile.mkdtemp(prefix=f"kulturschatz-oai-{name}-"))
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "KULTURSCHATZ_VAR_DIR": str(work / "var"),
        "KULTURSCHATZ_MEDIA_ROOT": str(work / "media"),
        "KULTURSCHATZ_STATIC_ROOT": str(work / "static"),
        "KULTURSCHATZ_SEARCH_BACKEND": "whoosh",
        "DJANGO_SETTINGS_MODULE": "kulturschatz.settings",
        "PYTHONPATH": str(ROOT),
    }
    if name == "postgres":
        database = "bench_oai"
        for command in ("dropdb", "createdb"):
            subprocess.run(
                [command, "-h", "127.0.0.1", "-U", "postgres"]
                + (["--if-exists"] if command == "dropdb" else [])
                + [database],
                check=True,
            )
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{work / 'db.sqlite3'}"
    server = None
    try:
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        subprocess.run(
            [str(PYTHON), __file__, "--prepare", str(args.objects)],
            cwd=ROOT,
            env=env,
            check=True,
        )
        server = start_server({**env, "XDG_RUNTIME_DIR": str(work)}, port, timeout=300)
        for _ in range(300):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=5).request(
                    "GET", "/robots.txt"
                )
                break
            except OSError:
                time.sleep(0.2)
        print(
            f"[{name}] {args.objects} objects; load average before: "
            f"{os.getloadavg()[0]:.1f}",
            flush=True,
        )
        # Measured in a child with the installation's settings (the secret key
        # re-signs ListIdentifiers states as ListRecords tokens).
        subprocess.run(
            [
                str(PYTHON),
                __file__,
                "--measure",
                str(port),
                "--samples",
                str(args.samples),
                "--name",
                name,
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)
        if args.keep:
            print(f"[{name}] installation kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--objects", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=30, help="requests per kind")
    parser.add_argument(
        "--database", choices=("sqlite", "postgres", "both"), default="sqlite"
    )
    parser.add_argument("--keep", action="store_true", help="keep the installation")
    parser.add_argument("--prepare", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--name", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare(args.prepare)
        return
    if args.measure:
        measure(args.measure, args.samples, args.name)
        return
    names = ("sqlite", "postgres") if args.database == "both" else (args.database,)
    for name in names:
        run_database(name, args)


if __name__ == "__main__":
    main()
