"""backup_archive and restore_archive: the round trip into a new, empty
installation gives the same archive (every row of every model, every master by
SHA-256, the public pages, manifests, records and search answers), and a
backup with one changed byte is refused before anything is touched.

Both installations run as real ``manage.py`` subprocesses. In CI's PostgreSQL
pass the backup is made from SQLite and restored into PostgreSQL.
"""

from __future__ import annotations

import difflib
import re
import tarfile
from pathlib import Path

import pytest

from .installation import Installation, Server, files_fingerprint, load_demo_archive
from .test_kill import write_lido_folder

pytestmark = [pytest.mark.slow]

EVERY_ROW = """
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
LEFT_OUT = {"sessions.session", "search.pendingindexupdate", "search.indexjob"}
rows = {}
for model in apps.get_models():
    label = model._meta.label_lower
    if label in LEFT_OUT or label in ("contenttypes.contenttype", "auth.permission"):
        continue
    many = [f.name for f in model._meta.many_to_many]
    # The python form keeps every microsecond (JSON's cuts them to milliseconds).
    data = serializers.serialize("python", model._base_manager.order_by("pk"), use_natural_foreign_keys=True)
    for row in data:
        for name in many:  # related rows in no particular order
            row["fields"][name] = sorted(row["fields"][name], key=repr)
        if label == "collections.objectimage":  # how long its pyramid took
            row["fields"].pop("derivatives_message")
    rows[label] = data
rows["content types"] = sorted(ContentType.objects.values_list("app_label", "model"))
rows["permissions"] = sorted(
    Permission.objects.values_list("codename", "content_type__app_label", "content_type__model")
)
rows["index jobs"] = list(apps.get_model("search", "IndexJob").objects.order_by("pk").values_list("state", "total", "done"))
result(rows)
"""
MORE_DATA = """
from django.contrib.auth.models import Group, User
from kulturschatz.collections.models import HeritageObject
from kulturschatz.collections.services import publish_object, withdraw_object
editor = User.objects.create_user("redakteurin", "r@example.org", "Merseburg-1080-Test", is_staff=True)
editor.groups.add(Group.objects.get(name="Redaktion"))
Group.objects.create(name="Praktikum").permissions.add(*Group.objects.get(name="Katalogisierung").permissions.all()[:3])
# Once public, then withdrawn: a deleted record for OAI-PMH, activities for IIIF.
withdraw_object(publish_object(HeritageObject.objects.get(identifier="verschluss-draft")))
# Public once, then deleted: a tombstone.
publish_object(HeritageObject.objects.get(identifier="verschluss-review")).delete()
"""


def public_answers(installation: Installation, identifiers: list[str], images: list[str]) -> dict[str, bytes]:
    """What the public gets from the archive, with the server's address masked."""
    server = Server(installation, workers=1)
    paths = ["/api/v1/objects?page_size=100", "/iiif/collection/top", "/sitemap.xml",
             "/api/search?q=Merseburg", "/api/search?q=Zauberspr%C3%BCche&sort=title",
             "/api/suggest?q=Thietm", "/api/v1/search?q=Leuna&page_size=50",
             "/oai?verb=ListIdentifiers&metadataPrefix=oai_dc", "/oai?verb=ListSets"]  # fmt: skip
    for identifier in identifiers:
        paths += [f"/objekt/{identifier}/", f"/en/objekt/{identifier}/", f"/iiif/manifest/{identifier}",
                  f"/objekt/{identifier}/lido.xml", f"/api/v1/objects/{identifier}"]  # fmt: skip
    for image in images:
        paths += [f"/iiif/3/{image}/info.json", f"/iiif/3/{image}/full/max/0/default.jpg"]
    answers = {}
    try:
        for path in paths:
            status, _headers, body = server.request("GET", path)
            body = body.replace(server.host.encode(), b"HOST").replace(
                server.host.replace(":", "%3A").encode(), b"HOST"
            )
            # The moment of the answer (OAI-PMH), and tokens that carry it.
            body = re.sub(rb"<responseDate>[^<]*</responseDate>", b"", body)
            body = re.sub(rb"<resumptionToken[^>]*>[^<]*</resumptionToken>", b"", body)
            answers[path] = (status, body)
    finally:
        server.stop()
    return answers


def difference(path: str, before: tuple[int, bytes], after: tuple[int, bytes]) -> str:
    lines = difflib.unified_diff(
        before[1].decode(errors="replace").splitlines(), after[1].decode(errors="replace").splitlines(),
        "source", "restored", n=1, lineterm="",
    )  # fmt: skip
    return f"{path}: {before[0]} / {after[0]}\n" + "\n".join(list(lines)[:30])


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    root = tmp_path_factory.mktemp("source")
    installation = Installation(root / "site", postgres=False)
    try:
        load_demo_archive(installation)
        installation.manage("ensure_admin")
        installation.manage("shell", "-c", MORE_DATA)
        folder = write_lido_folder(root / "lieferung", records=8)
        installation.manage("import_lido", str(folder), "--no-progress")
        installation.manage("build_derivatives", "--missing", "-v", "0")
        installation.manage("rebuild_search_index", "--no-progress")
        backup = root / "archiv.tar"
        output = installation.manage("backup_archive", str(backup), "--no-progress").stdout
        assert backup.is_file(), output
        yield installation, backup
    finally:
        installation.destroy()


def empty_installation(path: Path) -> Installation:
    """Set up as an operator would before restoring: migrated, static files."""
    installation = Installation(path)  # PostgreSQL in CI's PostgreSQL pass
    installation.setup()
    installation.manage("collectstatic", "--noinput", "-v", "0")
    return installation


def test_a_restored_backup_is_the_same_archive(source, tmp_path):
    origin, backup = source
    with tarfile.open(backup) as tar:
        names = tar.getnames()
    assert {"manifest.json", "manifest.sha256", "database.jsonl.gz", "metadata/lido.xml.gz"} <= set(names)
    assert any(name.startswith("files/masters/") for name in names)
    assert not any(name.startswith("files/derivatives/") for name in names)

    target = empty_installation(tmp_path / "target")
    try:
        output = target.manage("restore_archive", str(backup), "--build-derivatives", "--no-progress", timeout=600)
        assert output.returncode == 0

        before, after = origin.python(EVERY_ROW), target.python(EVERY_ROW)
        assert before.keys() == after.keys()
        for label in before:
            if label != "index jobs":
                assert after[label] == before[label], label
        # The restore's own rebuild of the index is listed after the source's.
        assert after["index jobs"][:-1] == before["index jobs"] and after["index jobs"][-1][0] == "done"
        assert len(before["collections.heritageobject"]) >= 40
        for label in ("auth.user", "auth.group", "metadata.importrun", "metadata.importrecordoutcome",
                      "metadata.deletedrecord", "iiif.activity", "collections.agenturi",
                      "collections.placeuri", "collections.concepturi", "collections.collection"):
            assert before[label], label
        print({label: len(rows) for label, rows in before.items()})

        # Masters (and uploads) byte for byte; pyramids rebuilt for every image.
        assert files_fingerprint(target.media, skip=("derivatives",)) == files_fingerprint(
            origin.media, skip=("derivatives",)
        )
        images = target.query("SELECT derivatives_state FROM collections_objectimage")
        assert images and {state for (state,) in images} == {"ready"}

        identifiers = [o["fields"]["identifier"] for o in before["collections.heritageobject"]]
        image_ids = [i["fields"]["uuid"].replace("-", "") for i in before["collections.objectimage"]][:6]
        answers = public_answers(origin, identifiers, image_ids), public_answers(target, identifiers, image_ids)
        assert answers[0].keys() == answers[1].keys()
        for path in answers[0]:
            assert answers[1][path] == answers[0][path], difference(path, answers[0][path], answers[1][path])
        assert sum(status == 200 for status, _ in answers[0].values()) > len(identifiers) * 3

        # A second restore into what is no longer empty is refused.
        refused = target.manage("restore_archive", str(backup), "--no-progress", check=False)
        assert refused.returncode != 0 and "--force" in refused.stderr
    finally:
        target.destroy()


def changed_copy(backup: Path, folder: Path, where: str) -> Path:
    """The backup with one byte changed: in a master, in the manifest, or in
    the padding between two entries."""
    with tarfile.open(backup) as tar:
        members = tar.getmembers()
    if where == "master":
        member = next(m for m in members if m.name.startswith("files/masters/"))
        offset = member.offset_data + member.size // 2
    elif where == "manifest":
        member = next(m for m in members if m.name == "manifest.json")
        offset = member.offset_data + member.size - 5
    else:
        member = next(m for m in members if m.size % 512)
        offset = member.offset_data + member.size + 1
    data = bytearray(backup.read_bytes())
    data[offset] ^= 0x20
    copy = folder / f"changed-{where}.tar"
    copy.write_bytes(bytes(data))
    return copy


def test_a_changed_byte_is_refused_before_anything_is_touched(source, tmp_path):
    _origin, backup = source
    target = empty_installation(tmp_path / "target")
    try:
        empty = target.table_rows()
        for where in ("master", "manifest", "padding"):
            copy = changed_copy(backup, tmp_path, where)
            result = target.manage("restore_archive", str(copy), "--no-progress", check=False)
            assert result.returncode != 0, where
            message = result.stderr
            assert "Traceback" not in message, message
            if where == "master":
                assert "files/masters/" in message  # names the damaged member
            assert target.table_rows() == empty
            assert not (target.media / "masters").exists()
        checked = target.manage("restore_archive", str(copy), "--check-only", check=False)
        assert checked.returncode != 0 and target.table_rows() == empty
        assert target.manage("restore_archive", str(backup), "--check-only").returncode == 0
    finally:
        target.destroy()
