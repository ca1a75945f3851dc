"""Per-object LIDO and Dublin Core records: valid, complete, public objects only."""

import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from lxml import etree

from kulturschatz.collections.models import HeritageObject
from tests import factories

SHARED = Path(__file__).resolve().parents[3] / "shared" / "standards"
sys.path.insert(0, str(SHARED))
import validate_offline  # noqa: E402 - the shared validator, used by path

NS = {
    "lido": "http://www.lido-schema.org",
    "dc": "http://purl.org/dc/elements/1.1/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
}
pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("loaddemo", verbosity=0)


def test_every_demo_record_is_valid_lido_10_and_11_and_oai_dc(client, demo):
    for heritage_object in HeritageObject.objects.published():
        lido = client.get(f"/objekt/{heritage_object.identifier}/lido.xml")
        assert lido.status_code == 200 and lido["Content-Type"].startswith("application/xml")
        assert validate_offline.validate("lido10", lido.content) == [], heritage_object.identifier
        assert validate_offline.validate("lido", lido.content) == [], heritage_object.identifier
        dc = client.get(f"/objekt/{heritage_object.identifier}/dc.xml")
        assert validate_offline.validate("oai_dc", dc.content) == [], heritage_object.identifier


def test_lido_record_of_the_tomb_slab_carries_the_catalogue(client, demo):
    slab = HeritageObject.objects.get(identifier="dom-grabplatte-rudolf-von-rheinfelden")
    record = etree.fromstring(client.get(f"/objekt/{slab.identifier}/lido.xml").content)
    text = lambda path: record.xpath(path, namespaces=NS)  # noqa: E731
    assert text("//lido:titleSet/lido:appellationValue[@lido:pref='preferred']/text()")[0] == slab.title
    assert text("//lido:repositorySet/lido:workID/text()") == [slab.inventory_number]
    assert "https://d-nb.info/gnd/118791478" in text("//lido:actorID/text()")
    production = text("//lido:event[lido:eventType/lido:term='Herstellung']")[0]
    assert production.xpath("lido:eventDate/lido:displayDate/text()", namespaces=NS) == ["um 1080"]
    assert production.xpath("lido:eventDate/lido:date/lido:earliestDate/text()", namespaces=NS) == ["1070"]
    assert text("//lido:recordInfoLink/text()") == [f"http://testserver/objekt/{slab.identifier}/"]
    links = text("//lido:resourceRepresentation[@lido:type='image_master']/lido:linkResource/text()")
    assert len(links) == slab.images.count() and links[0].startswith("http://testserver/iiif/3/")
    assert text("//lido:rightsWorkSet/lido:rightsType/lido:conceptID/text()") == [slab.rights]
    assert text("//lido:recordRights/lido:rightsType/lido:conceptID/text()") == [slab.metadata_rights]
    inscription = text("//lido:inscriptionTranscription/text()")
    assert inscription and inscription[0].startswith("REX HOC RODULFUS")


def test_dublin_core_follows_the_crosswalk(client, demo):
    charms = HeritageObject.objects.get(identifier="dsb-cod-136")
    record = etree.fromstring(client.get(f"/objekt/{charms.identifier}/dc.xml").content)
    values = lambda name: record.xpath(f"dc:{name}/text()", namespaces=NS)  # noqa: E731
    assert "Merseburger Zaubersprüche" in values("title")
    assert "Merseburg Charms" in values("title")
    assert "Cod. 136" in values("identifier")
    assert "http://testserver/objekt/dsb-cod-136/" in values("identifier")
    assert "PhysicalObject" in values("type") and "Handschrift" in values("type")
    assert "10. Jh." in values("date") and "901/1000" in values("date")
    assert any(d.startswith("Inschrift: Eiris sazun idisi") for d in values("description"))
    assert charms.rights in values("rights")


def test_manifest_points_to_both_records(client, demo):
    manifest = client.get("/iiif/manifest/dsb-cod-136").json()
    links = {entry["profile"]: entry["id"] for entry in manifest["seeAlso"]}
    assert links == {
        "http://www.lido-schema.org": "http://testserver/objekt/dsb-cod-136/lido.xml",
        "http://www.openarchives.org/OAI/2.0/oai_dc/": "http://testserver/objekt/dsb-cod-136/dc.xml",
    }
    for url in links.values():
        assert client.get(url.removeprefix("http://testserver")).status_code == 200


@pytest.mark.parametrize("status", ["draft", "review", "withdrawn"])
def test_records_of_unpublished_objects_are_404(client, status):
    hidden = factories.make_object(status=status)
    assert client.get(f"/objekt/{hidden.identifier}/lido.xml").status_code == 404
    assert client.get(f"/objekt/{hidden.identifier}/dc.xml").status_code == 404
