"""Whole-archive exports: export_lido and export_open_data, public objects only."""

import csv
import datetime
import hashlib
import io
import json
import zipfile
from pathlib import Path

import frictionless
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from lxml import etree

from kulturschatz.collections.models import HeritageObject, Rights
from kulturschatz.metadata import exports
from tests import factories
from tests.metadata_tests.test_lido_crosswalk import (
    NS,
    make_rich_object,
    texts,
    validate_offline,
)

BASE = "https://kulturschatz.example"
pytestmark = pytest.mark.django_db


def make_hidden_objects(**fields) -> list[HeritageObject]:
    """One object for each way of being invisible to the public."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    hidden = [
        factories.make_object(status=status, title=f"Verborgen {status}", **fields)
        for status in ("draft", "review", "withdrawn")
    ]
    hidden.append(
        factories.make_object(
            title="Verborgen Sperrfrist", embargo_until=tomorrow, **fields
        )
    )
    return hidden


@pytest.fixture
def archive():
    """A rich object, two plain public ones, and the hidden ones."""
    rich = make_rich_object()
    targets = {r.target.status: r.target for r in rich.relations.exclude(target=None)}
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    public = [
        rich,
        targets["published"],
        factories.make_object(title="Öffentlich 1"),
        factories.make_object(title="Öffentlich 2", embargo_until=yesterday),
    ]
    hidden = [*make_hidden_objects(), targets["draft"]]
    return {"rich": rich, "public": public, "hidden": hidden}


def run(command: str, *args: str) -> tuple[str, str]:
    """Run a command; its messages are compared as msgids (English)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command(command, *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def record_ids(path: Path) -> list[str]:
    tree = etree.parse(str(path))
    assert tree.getroot().tag == "{http://www.lido-schema.org}lidoWrap"
    return texts(
        tree.getroot(),
        "lido:lido/lido:administrativeMetadata/lido:recordWrap/lido:recordID/text()",
    )


def identifiers(objects: list[HeritageObject]) -> set[str]:
    return {o.source_record_id or o.identifier for o in objects}


# -- export_lido ---------------------------------------------------------------


def test_export_lido_writes_valid_lido_of_published_objects_only(archive, tmp_path):
    output = tmp_path / "archiv.xml"
    stdout, stderr = run("export_lido", "--output", str(output), "--base-url", BASE)
    assert validate_offline.validate("lido10", output) == []
    assert validate_offline.validate("lido", output) == []
    ids = record_ids(output)
    assert sorted(ids) == sorted(identifiers(archive["public"]))
    body = output.read_bytes().decode()
    for hidden in archive["hidden"]:
        assert hidden.identifier not in body and hidden.title not in body
    assert "Unveröffentlichter Kelch" not in body  # a draft related to the rich object
    assert f"4 published objects written to {output}" in stdout
    assert "LIDO" in stderr and "4/4" in stderr  # the progress bar
    assert "Warning" not in stderr
    # The records are those of the crosswalk, with our base URL.
    root = etree.parse(str(output)).getroot()
    rich = archive["rich"]
    pages = texts(root, "lido:lido/lido:objectPublishedID[1]/text()")
    assert f"{BASE}/objekt/{rich.identifier}/" in pages
    assert not list(tmp_path.glob(".*partial"))


def test_export_lido_include_unpublished_warns_and_writes_everything(archive, tmp_path):
    output = tmp_path / "sicherung.xml"
    stdout, stderr = run(
        "export_lido", "--output", str(output), "--include-unpublished", "--no-progress"
    )
    everything = archive["public"] + archive["hidden"]
    assert HeritageObject.objects.count() == len(everything)
    assert sorted(record_ids(output)) == sorted(identifiers(everything))
    assert "Warning: --include-unpublished" in stderr
    assert "objects written" in stdout and "published objects" not in stdout
    assert validate_offline.validate("lido10", output) == []
    # A staff backup keeps relations to unpublished objects.
    assert "Unveröffentlichter Kelch" in output.read_text()


def test_export_lido_collection_includes_subcollections(tmp_path):
    institution = factories.make_institution()
    top = factories.make_collection(institution, "Domschatz")
    child = factories.make_collection(institution, "Textilien", parent=top)
    grandchild = factories.make_collection(institution, "Paramente", parent=child)
    other = factories.make_collection(institution, "Bibliothek")
    inside = [
        factories.make_object(institution=institution, collection=c)
        for c in (top, child, grandchild)
    ]
    outside = factories.make_object(institution=institution, collection=other)
    loose = factories.make_object(institution=institution)
    hidden = make_hidden_objects(institution=institution, collection=child)
    output = tmp_path / "domschatz.xml"
    run(
        "export_lido",
        "--output",
        str(output),
        "--collection",
        top.slug,
        "--no-progress",
    )
    assert sorted(record_ids(output)) == sorted(o.identifier for o in inside)
    run(
        "export_lido",
        "--output",
        str(output),
        "--collection",
        grandchild.slug,
        "--no-progress",
    )
    assert record_ids(output) == [inside[2].identifier]
    run(
        "export_lido",
        "--output",
        str(output),
        "--collection",
        child.slug,
        "--include-unpublished",
        "--no-progress",
    )
    expected = [o.identifier for o in inside[1:] + hidden]
    assert sorted(record_ids(output)) == sorted(expected)
    assert outside.identifier not in expected and loose.identifier not in expected


@pytest.mark.parametrize(
    "args,message",
    [
        (["--collection", "gibt-es-nicht"], "There is no collection 'gibt-es-nicht'"),
        (["--base-url", "kulturschatz.example"], "must start with http:// or https://"),
        (["--base-url", "https://kulturschatz.example/?x=1"], "must not have a query"),
    ],
)
def test_export_lido_bad_arguments_get_a_clear_error(tmp_path, args, message):
    output = tmp_path / "x.xml"
    with pytest.raises(CommandError, match=message):
        run("export_lido", "--output", str(output), *args)
    assert not output.exists() and not list(tmp_path.iterdir())


def test_export_lido_into_a_missing_folder_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        run("export_lido", "--output", str(tmp_path / "fehlt" / "x.xml"))


def test_export_reads_objects_in_batches(tmp_path):
    """Memory stays flat: objects are fetched batch by batch, never all at once."""
    objects = [factories.make_object() for _ in range(5)]
    calls = []
    with CaptureQueriesContext(connection) as queries:
        report = exports.export_lido(
            tmp_path / "x.xml",
            base_url=BASE,
            batch_size=2,
            progress=lambda done, total: calls.append((done, total)),
        )
    assert report.objects == 5
    assert calls == [(2, 5), (4, 5), (5, 5)]
    table = HeritageObject._meta.db_table
    main = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT")
        and f'FROM "{table}"' in q["sql"]
        and "COUNT(" not in q["sql"]
    ]
    # Three batches of at most two objects, then one that finds none.
    assert len(main) == 4 and all("LIMIT 2" in sql for sql in main)
    # A fixed number of queries per batch, whatever the archive holds.
    assert len(queries.captured_queries) <= 1 + 4 * 30
    assert sorted(record_ids(tmp_path / "x.xml")) == sorted(
        o.identifier for o in objects
    )


def test_export_service_batches_by_key_not_offset(tmp_path):
    # Keyset pagination: the SQL of every batch filters on pk, never OFFSET.
    for _ in range(3):
        factories.make_object()
    with CaptureQueriesContext(connection) as queries:
        exports.export_lido(tmp_path / "x.xml", base_url=BASE, batch_size=1)
    assert not any("OFFSET" in q["sql"] for q in queries.captured_queries)


# -- export_open_data ----------------------------------------------------------


@pytest.fixture
def dump(archive, tmp_path):
    stdout, stderr = run(
        "export_open_data", "--output-dir", str(tmp_path), "--base-url", BASE + "/"
    )
    name = f"kulturschatz-open-data-{timezone.localdate().isoformat()}"
    return {
        **archive,
        "dir": tmp_path / name,
        "zip": tmp_path / f"{name}.zip",
        "name": name,
        "stdout": stdout,
        "stderr": stderr,
    }


FILES = [
    "LIESMICH.txt",
    "README.txt",
    "SHA256SUMS",
    "datapackage.json",
    "lido.xml",
    "objects.csv",
    "objects.json",
]


def test_open_data_folder_and_zip_hold_the_same_files(dump):
    assert sorted(p.name for p in dump["dir"].iterdir()) == FILES
    with zipfile.ZipFile(dump["zip"]) as zipped:
        assert zipped.testzip() is None
        assert sorted(zipped.namelist()) == [f"{dump['name']}/{n}" for n in FILES]
        for name in FILES:
            assert (
                zipped.read(f"{dump['name']}/{name}")
                == (dump["dir"] / name).read_bytes()
            )
    assert "4 published objects with 2 images" in dump["stdout"]  # the rich object's
    assert "Open Data" in dump["stderr"] and "4/4" in dump["stderr"]


def test_open_data_checksums_match(dump):
    lines = (dump["dir"] / "SHA256SUMS").read_text().splitlines()
    listed = dict(reversed(line.split("  ", 1)) for line in lines)
    assert sorted(listed) == [n for n in FILES if n != "SHA256SUMS"]
    for name, digest in listed.items():
        assert hashlib.sha256((dump["dir"] / name).read_bytes()).hexdigest() == digest


def test_open_data_holds_no_unpublished_object_anywhere(dump):
    files = [(dump["dir"] / n).read_bytes() for n in FILES] + [dump["zip"].read_bytes()]
    with zipfile.ZipFile(dump["zip"]) as zipped:
        files += [zipped.read(n) for n in zipped.namelist()]
    for hidden in dump["hidden"]:
        for body in files:
            assert hidden.identifier.encode() not in body
            assert hidden.title.encode() not in body


def test_open_data_csv(dump):
    raw = (dump["dir"] / "objects.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    assert b"\r\n" in raw
    with (dump["dir"] / "objects.csv").open(encoding="utf-8-sig", newline="") as source:
        rows = list(csv.DictReader(source))
    assert list(rows[0]) == [f.name for f in exports.CSV_FIELDS]
    assert sorted(r["identifier"] for r in rows) == sorted(
        o.identifier for o in dump["public"]
    )
    rich = dump["rich"]
    row = next(r for r in rows if r["identifier"] == rich.identifier)
    images = list(rich.images.all())
    assert row["inventory_number"] == rich.inventory_number
    assert row["title"] == "Reliquienkästchen mit Grubenschmelz"
    assert row["object_type"] == "Reliquiar"
    assert (row["dating"], row["earliest_year"], row["latest_year"]) == (
        "um 1150",
        "1140",
        "1160",
    )
    assert row["institution"] == rich.institution.name
    assert row["institution_isil"] == rich.institution.isil
    assert row["collection"] == rich.collection.name
    assert row["materials"] == "Kupfer, vergoldet"
    assert row["places"] == "Merseburg | Halle (Saale)"
    assert row["page_url"] == f"{BASE}/objekt/{rich.identifier}/"
    assert row["lido_url"] == f"{BASE}/objekt/{rich.identifier}/lido.xml"
    assert row["iiif_manifest_url"] == f"{BASE}/iiif/manifest/{rich.identifier}"
    assert row["image_urls"].split(" | ") == [
        f"{BASE}/iiif/3/{i.uuid.hex}/full/max/0/default.jpg" for i in images
    ]
    assert row["rights"] == Rights.CC_BY_SA
    assert row["rights_holder"] == "Vereinigte Domstifter"
    assert row["credit_line"] == rich.credit_line
    assert row["metadata_licence"] == Rights.CC0
    assert row["image_licences"] == Rights.CC_BY  # both images, once
    plain = next(r for r in rows if r["title"] == "Öffentlich 1")
    assert (
        plain["earliest_year"] == ""
        and plain["image_urls"] == ""
        and plain["collection"] == ""
    )


def test_open_data_json(dump):
    records = json.loads((dump["dir"] / "objects.json").read_text(encoding="utf-8"))
    assert isinstance(records, list)
    assert sorted(r["identifier"] for r in records) == sorted(
        o.identifier for o in dump["public"]
    )
    lines = (dump["dir"] / "objects.json").read_text().splitlines()
    assert len(lines) == len(records) + 2  # "[", one record a line, "]"
    rich = dump["rich"]
    record = next(r for r in records if r["identifier"] == rich.identifier)
    assert record["url"] == f"{BASE}/objekt/{rich.identifier}/"
    assert record["published_id"] == rich.published_id
    assert record["institution"]["isil"] == rich.institution.isil
    assert record["collection"]["slug"] == rich.collection.slug
    assert [t["text"] for t in record["titles"]] == [
        "Reliquary casket",
        "Merseburger Emailkästchen",
    ]
    assert record["object_type"]["label_en"] == "reliquary"
    assert record["measurements"][0] == {
        "type": "Höhe",
        "value": 84.5,
        "unit": "cm",
        "extent": "Kasten",
    }
    assert record["measurements"][2]["extent"] is None
    made = record["events"][0]
    assert made["date"] == {"display": "um 1150", "earliest": 1140, "latest": 1160}
    master = made["actors"][0]
    assert master["agent"]["dates"] == "tätig um 1130–1160"
    assert "https://d-nb.info/gnd/118529021" in master["agent"]["uris"]
    assert (
        master["role"]["label"] == "Goldschmied"
        and master["attribution"] == "zugeschrieben"
    )
    merseburg = made["places"][0]
    assert (merseburg["latitude"], merseburg["longitude"]) == (51.3556, 11.9928)
    assert merseburg["part_of"]["part_of"]["name_en"] == "Saxony-Anhalt"
    assert [c["label"] for c in made["techniques"]] == ["Grubenschmelz"]
    assert [p["label"] for p in record["subjects"]["periods"]] == ["Romanik"]
    assert [r["label"] for r in record["related"]] == [
        "Tragaltar",
        "Eilbertus-Tragaltar, Berlin",
    ]
    assert record["rights"]["uri"] == Rights.CC_BY_SA
    assert record["metadata_licence"] == {
        "uri": Rights.CC0,
        "label": "CC0 1.0",
        "label_en": "CC0 1.0",
    }
    assert [i["primary"] for i in record["images"]] == [True, False]
    assert record["images"][0]["caption_en"] == "Front"
    assert [r["media_type"] for r in record["linked_resources"]] == ["image/tiff", None]


def test_open_data_lido_validates(dump):
    lido_file = dump["dir"] / "lido.xml"
    assert validate_offline.validate("lido10", lido_file) == []
    assert validate_offline.validate("lido", lido_file) == []
    assert sorted(record_ids(lido_file)) == sorted(identifiers(dump["public"]))


def test_open_data_datapackage(dump):
    descriptor = json.loads((dump["dir"] / "datapackage.json").read_text())
    assert descriptor["name"] == "kulturschatz-merseburg-open-data"
    assert descriptor["homepage"] == BASE
    assert [entry.get("name") for entry in descriptor["licenses"]] == ["CC0-1.0"]
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert sorted(resources) == ["lido", "objects", "objects-json"]
    for resource in resources.values():
        body = (dump["dir"] / resource["path"]).read_bytes()
        assert resource["bytes"] == len(body)
        assert resource["hash"] == "sha256:" + hashlib.sha256(body).hexdigest()
    fields = [f["name"] for f in resources["objects"]["schema"]["fields"]]
    with (dump["dir"] / "objects.csv").open(encoding="utf-8-sig", newline="") as source:
        assert next(csv.reader(source)) == fields
    # The Frictionless reference implementation checks descriptor and data.
    report = frictionless.validate(str(dump["dir"] / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    readme = (dump["dir"] / "LIESMICH.txt").read_text()
    assert "Alle 4 veröffentlichten Objekte" in readme and Rights.CC0 in readme
    assert "All 4 published objects" in (dump["dir"] / "README.txt").read_text()


def test_open_data_of_the_same_day_is_replaced_whole(dump, tmp_path):
    (dump["dir"] / "stale.txt").write_text("old")
    factories.make_object(title="Neu veröffentlicht")
    run(
        "export_open_data",
        "--output-dir",
        str(tmp_path),
        "--base-url",
        BASE,
        "--no-progress",
    )
    assert sorted(p.name for p in dump["dir"].iterdir()) == FILES
    assert "Neu veröffentlicht" in (dump["dir"] / "objects.csv").read_text(
        encoding="utf-8-sig"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        dump["name"],
        f"{dump['name']}.zip",
    ]


def test_open_data_bad_base_url_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="must start with http"):
        run("export_open_data", "--output-dir", str(tmp_path), "--base-url", "ftp://x")
    assert list(tmp_path.iterdir()) == []


def test_nothing_to_export_is_an_error_not_an_invalid_file(tmp_path):
    # LIDO wants at least one record in a lidoWrap.
    make_hidden_objects()
    with pytest.raises(CommandError, match="no published object to export"):
        run("export_open_data", "--output-dir", str(tmp_path / "dump"))
    with pytest.raises(CommandError, match="no published object to export"):
        run("export_lido", "--output", str(tmp_path / "x.xml"))
    empty = factories.make_collection(factories.make_institution())
    with pytest.raises(
        CommandError, match=f"collection '{empty.slug}' holds no object"
    ):
        run(
            "export_lido",
            "--output",
            str(tmp_path / "x.xml"),
            "--collection",
            empty.slug,
        )
    assert list(tmp_path.iterdir()) == []


def test_open_data_service_names_the_folder_by_day(tmp_path):
    factories.make_object()
    report = exports.export_open_data(
        tmp_path, base_url=BASE, day=datetime.date(2026, 1, 2)
    )
    assert report.objects == 1
    assert report.directory == tmp_path / "kulturschatz-open-data-2026-01-02"
    assert report.archive == tmp_path / "kulturschatz-open-data-2026-01-02.zip"
    assert len(json.loads((report.directory / "objects.json").read_text())) == 1


def test_lido_view_serves_the_rich_record_valid(client):
    rich = make_rich_object()
    response = client.get(f"/objekt/{rich.identifier}/lido.xml")
    assert response.status_code == 200
    assert validate_offline.validate("lido10", response.content) == []
    assert validate_offline.validate("lido", response.content) == []
    record = etree.fromstring(response.content)
    assert len(texts(record, "//lido:resourceSet")) == 4
    assert texts(
        record,
        "//lido:partOfPlace/lido:namePlaceSet/lido:appellationValue[@xml:lang='de']/text()",
    )[:1] == ["Saalekreis"]
    assert NS["lido"] == record.nsmap["lido"]
