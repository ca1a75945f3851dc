"""The demo archive: real Merseburg heritage, complete records, idempotent loading."""

import io

import pytest
from django.core.management import call_command
from PIL import Image

from kulturschatz.collections.demo import contributions as demo_contributions
from kulturschatz.collections.demo import data
from kulturschatz.collections.models import Agent, HeritageObject, ObjectImage, Place
from kulturschatz.contributions.models import Hint, SharedTreasure

pytestmark = pytest.mark.django_db(transaction=True)


def load() -> str:
    out = io.StringIO()
    call_command("loaddemo", stdout=out)
    return out.getvalue()


def test_demo_data_is_consistent():
    data._check()
    long_sides = [max(i["width"], i["height"]) for o in data.OBJECTS for i in o["images"]]
    assert sum(side >= 4000 for side in long_sides) >= 5
    assert max(long_sides) >= 10000
    assert len(data.OBJECTS) >= 25


def test_loaddemo_builds_a_complete_published_archive_and_is_idempotent():
    output = load()
    assert "objects created" in output
    objects = HeritageObject.objects.all()
    # The demo objects, and the citizens' treasures accepted into "Bürgerschätze".
    shared = [spec for spec in demo_contributions.TREASURES if spec["accept"]]
    assert objects.count() == len(data.OBJECTS) + len(shared)
    assert len(data.OBJECTS) >= 25
    assert objects.published().count() == objects.count()
    for heritage_object in objects.prefetch_related("images", "events"):
        assert heritage_object.images.exists(), heritage_object
        assert heritage_object.events.exists(), heritage_object
        assert heritage_object.dating_display, heritage_object
    charms = HeritageObject.objects.get(inventory_number="Cod. 136")
    assert "Zauberspr" in charms.title
    assert charms.institution.name == "Domstiftsbibliothek Merseburg"
    assert charms.earliest_year is not None and 900 <= charms.earliest_year <= 1000
    # Actors and places carry authority URIs (GND, GeoNames, Wikidata).
    assert Agent.objects.filter(uris__uri__startswith="https://d-nb.info/gnd/").exists()
    assert Place.objects.filter(uris__isnull=False).exists()
    for image in ObjectImage.objects.all():
        assert image.rights == data.CC0
        if image.heritage_object.collection.slug == "buergerschaetze":
            assert image.creator.endswith("(Beispiel)")  # the contributor's credit
        else:
            assert "Demonstration" in image.creator
        with image.master.open("rb") as handle:
            assert Image.open(handle).size == (image.width, image.height)
    # Mitmachen: two treasures accepted and published, one treasure and one
    # hint in the queue, one hint shown on an object's page.
    citizens = objects.filter(collection__slug="buergerschaetze")
    assert citizens.published().count() == len(shared) == 2
    assert all(o.images.exists() and o.credit_line for o in citizens)
    assert SharedTreasure.objects.pending().count() == 1
    assert SharedTreasure.objects.pending().get().photos.count() == 1
    assert Hint.objects.pending().count() == 1
    assert Hint.objects.filter(state="accepted", outcome="shown").count() == 1
    counts = {
        model: model.objects.count()
        for model in (HeritageObject, ObjectImage, Agent, Place, SharedTreasure, Hint)
    }
    output = load()
    assert "0 objects created" in output and "0 images rendered" in output
    assert {model: model.objects.count() for model in counts} == counts
