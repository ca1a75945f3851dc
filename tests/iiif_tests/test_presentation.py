"""Presentation 3.0 manifests and collections of the demo archive, schema-validated."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from jsonschema import Draft7Validator

from kulturschatz.collections.models import Collection, HeritageObject
from kulturschatz.iiif import presentation_views
from tests import factories

SHARED = Path(__file__).resolve().parents[3] / "shared" / "standards" / "iiif"
SCHEMA = Draft7Validator(json.loads((SHARED / "iiif_3_0.json").read_text()))
PROFILE = 'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"'

pytestmark = pytest.mark.django_db


def assert_valid(document: dict) -> None:
    errors = sorted(SCHEMA.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, [f"/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:5]]


@pytest.fixture
def demo(django_db_blocker):
    call_command("loaddemo", verbosity=0)


def test_every_demo_manifest_and_collection_is_valid(client, demo):
    objects = HeritageObject.objects.published()
    assert objects.count() >= 25
    for heritage_object in objects:
        response = client.get(f"/iiif/manifest/{heritage_object.identifier}")
        assert response.status_code == 200
        assert response["Content-Type"] == PROFILE
        assert response["Access-Control-Allow-Origin"] == "*"
        assert_valid(response.json())
    top = client.get("/iiif/collection/top").json()
    assert_valid(top)
    assert {item["id"] for item in top["items"]} == {
        f"http://testserver/iiif/collection/{c.slug}"
        for c in Collection.objects.filter(parent__isnull=True)
    }
    for collection in Collection.objects.all():
        document = client.get(f"/iiif/collection/{collection.slug}").json()
        assert_valid(document)


def test_the_official_validator_script_accepts_a_manifest(client, demo, tmp_path):
    path = tmp_path / "manifest.json"
    path.write_bytes(client.get("/iiif/manifest/dsb-cod-136").content)
    result = subprocess.run(
        [sys.executable, str(SHARED / "validate_manifest.py"), str(path)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_manifest_content_of_the_merseburg_charms(client, demo):
    charms = HeritageObject.objects.get(identifier="dsb-cod-136")
    manifest = client.get("/iiif/manifest/dsb-cod-136").json()
    assert manifest["label"]["de"] == ["Merseburger Zaubersprüche"]
    assert manifest["label"]["en"] == ["Merseburg Charms"]
    assert "de" in manifest["summary"] and "en" in manifest["summary"]
    labels = [pair["label"]["de"][0] for pair in manifest["metadata"]]
    for expected in ["Objektart", "Datierung", "Inventarnummer", "Sammlung", "Institution"]:
        assert expected in labels
    inventory = manifest["metadata"][labels.index("Inventarnummer")]["value"]["none"]
    assert inventory == ["Cod. 136"]
    assert manifest["requiredStatement"]["value"]["none"] == [charms.credit_line]
    assert manifest["rights"] == charms.rights
    assert manifest["provider"][0]["label"]["de"] == ["Domstiftsbibliothek Merseburg"]
    assert manifest["homepage"][0]["id"] == "http://testserver/objekt/dsb-cod-136/"
    assert manifest["navDate"].startswith("0901-01-01")
    assert manifest["partOf"][-1]["id"].endswith(f"/iiif/collection/{charms.collection.slug}")
    images = list(charms.images.all())
    assert len(manifest["items"]) == len(images)
    canvas, image = manifest["items"][0], images[0]
    assert (canvas["width"], canvas["height"]) == (image.width, image.height)
    body = canvas["items"][0]["items"][0]["body"]
    assert [s.get("type") or s.get("@type") for s in body["service"]] == ["ImageService3", "ImageService2"]
    assert body["service"][0]["id"] == f"http://testserver/iiif/3/{image.iiif_identifier}"
    assert manifest["thumbnail"][0]["service"][0]["type"] == "ImageService3"


def test_a_codex_with_several_pages_is_paged(client, demo):
    bible = client.get("/iiif/manifest/dsb-merseburger-bibel").json()
    assert bible["behavior"] == ["paged"] and bible["viewingDirection"] == "left-to-right"


@pytest.mark.parametrize("status", ["draft", "review", "withdrawn"])
def test_unpublished_objects_are_nowhere(client, status):
    institution = factories.make_institution()
    collection = factories.make_collection(institution)
    public = factories.make_object(institution=institution, collection=collection)
    hidden = factories.make_object(institution=institution, collection=collection, status=status)
    assert client.get(f"/iiif/manifest/{hidden.identifier}").status_code == 404
    assert client.get(f"/iiif/manifest/{public.identifier}").status_code == 200
    listed = json.dumps(client.get(f"/iiif/collection/{collection.slug}").json())
    assert public.identifier in listed and hidden.identifier not in listed


def test_manifests_are_cached_and_change_with_the_object(client):
    heritage_object = factories.make_object(title="Alter Titel")
    factories.make_image(heritage_object)
    first = client.get(f"/iiif/manifest/{heritage_object.identifier}")
    assert client.get(
        f"/iiif/manifest/{heritage_object.identifier}", HTTP_IF_NONE_MATCH=first["ETag"]
    ).status_code == 304
    heritage_object.title = "Neuer Titel"
    heritage_object.save()
    second = client.get(f"/iiif/manifest/{heritage_object.identifier}")
    assert second["ETag"] != first["ETag"]
    assert second.json()["label"]["de"] == ["Neuer Titel"]
    factories.make_image(heritage_object, order=1, primary=False)
    assert len(client.get(f"/iiif/manifest/{heritage_object.identifier}").json()["items"]) == 2
    plain = client.get(f"/iiif/manifest/{heritage_object.identifier}", HTTP_ACCEPT="application/json")
    assert plain["Content-Type"] == "application/json"


def test_large_collections_are_paged(client, monkeypatch):
    monkeypatch.setattr(presentation_views, "MANIFESTS_PER_PAGE", 2)
    institution = factories.make_institution()
    collection = factories.make_collection(institution)
    for _ in range(5):
        factories.make_object(institution=institution, collection=collection)
    document = client.get(f"/iiif/collection/{collection.slug}").json()
    assert_valid(document)
    pages = [item["id"] for item in document["items"]]
    assert pages == [f"http://testserver/iiif/collection/{collection.slug}/{n}" for n in (1, 2, 3)]
    listed = []
    for page in pages:
        page_document = client.get(page.removeprefix("http://testserver")).json()
        assert_valid(page_document)
        listed += [item["id"] for item in page_document["items"]]
    assert len(listed) == len(set(listed)) == 5
    assert client.get(f"/iiif/collection/{collection.slug}/4").status_code == 404


def test_the_task_queue_prebuilds_manifests_after_a_change(
    client, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from kulturschatz.iiif import presentation

    settings.KULTURSCHATZ_PUBLIC_URL = "http://testserver"
    with django_capture_on_commit_callbacks(execute=True):
        heritage_object = factories.make_object(title="Vorab gebaut")
        factories.make_image(heritage_object)

    def refuse(*args, **kwargs):
        raise AssertionError("built on request although the queue had built it")

    monkeypatch.setattr(presentation, "build_manifest", refuse)
    manifest = client.get(f"/iiif/manifest/{heritage_object.identifier}").json()
    assert manifest["label"]["de"] == ["Vorab gebaut"]
