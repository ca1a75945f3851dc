"""Catalogue services and model rules."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from kulturschatz.collections import services
from kulturschatz.collections.authorities import (
    identify_authority,
    normalize_authority_uri,
)
from kulturschatz.collections.models import (
    Agent,
    Concept,
    HeritageObject,
    ObjectImage,
    Place,
)
from tests import factories

pytestmark = pytest.mark.django_db

URIS = [
    ("http://d-nb.info/gnd/118757083/", "https://d-nb.info/gnd/118757083", "gnd"),
    ("https://d-nb.info/gnd/4038896-6", "https://d-nb.info/gnd/4038896-6", "gnd"),
    ("https://www.wikidata.org/wiki/Q57961", "http://www.wikidata.org/entity/Q57961", "wikidata"),
    ("http://www.geonames.org/2871992/merseburg.html", "https://sws.geonames.org/2871992/", "geonames"),
    ("http://vocab.getty.edu/page/aat/300028569", "http://vocab.getty.edu/aat/300028569", "aat"),
    ("https://example.org/thing/1", "https://example.org/thing/1", None),
]


@pytest.mark.parametrize("uri,canonical,source", URIS)
def test_authority_uris_normalise(uri, canonical, source):
    assert normalize_authority_uri(uri) == canonical
    found = identify_authority(canonical)
    assert (found.code if found else None) == source


def test_entities_are_deduplicated_by_any_uri():
    thietmar, created = services.find_or_create_entity(
        Agent, uris=["http://d-nb.info/gnd/118757083"], lookup={"name": "Thietmar von Merseburg"}, defaults={}
    )
    assert created
    again, created = services.find_or_create_entity(
        Agent,
        uris=["https://d-nb.info/gnd/118757083/", "http://www.wikidata.org/entity/Q57961"],
        lookup={"name": "Thietmar, Bischof"},
        defaults={},
    )
    assert not created and again == thietmar
    assert thietmar.uris.count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_agent("Jemand anderes", uris=["https://d-nb.info/gnd/118757083"])


def test_entities_without_uri_fall_back_to_lookup():
    first, _ = services.find_or_create_entity(
        Concept, lookup={"kind": "material", "slug": "pergament"}, defaults={"label": "Pergament"}
    )
    second, created = services.find_or_create_entity(
        Concept, uris=["http://vocab.getty.edu/aat/300011851"],
        lookup={"kind": "material", "slug": "pergament"}, defaults={"label": "Pergament"},
    )
    assert first == second and not created
    assert Concept.objects.with_uri("http://vocab.getty.edu/page/aat/300011851").get() == first


def test_publishing_needs_the_right():
    heritage_object = factories.make_object(status="draft")
    cataloguer = factories.make_staff("Katalogisierung")
    editor = factories.make_staff("Redaktion")
    with pytest.raises(PermissionDenied):
        services.publish_object(heritage_object, by=cataloguer)
    services.set_status(heritage_object, "review", by=cataloguer)
    services.publish_object(heritage_object, by=editor)
    heritage_object.refresh_from_db()
    assert heritage_object.status == "published" and heritage_object.published_at
    assert heritage_object.updated_by == editor
    with pytest.raises(PermissionDenied):
        services.set_status(heritage_object, "draft", by=cataloguer)  # unpublishing too
    services.withdraw_object(heritage_object, by=editor)
    assert not HeritageObject.objects.published().exists()


def test_embargo_hides_until_its_date():
    import datetime

    today = datetime.date.today()
    later = factories.make_object(embargo_until=today + datetime.timedelta(days=1))
    now = factories.make_object(embargo_until=today)
    assert list(HeritageObject.objects.published()) == [now]
    assert not later.is_public and now.is_public


def test_refresh_dating_prefers_production():
    heritage_object = factories.make_object()
    acquisition = factories.make_concept("event_type", "Erwerb", "acquisition")
    production = factories.make_concept("event_type", "Herstellung", "production")
    heritage_object.events.create(event_type=acquisition, display_date="1853")
    services.refresh_dating(heritage_object)
    assert (heritage_object.earliest_year, heritage_object.latest_year) == (1853, 1853)
    heritage_object.events.create(event_type=production, display_date="10. Jh.")
    services.refresh_dating(heritage_object)
    heritage_object.refresh_from_db()
    assert (heritage_object.dating_display, heritage_object.earliest_year, heritage_object.latest_year) == (
        "10. Jh.", 901, 1000,
    )


def test_unparseable_dates_keep_their_text_and_get_no_range():
    heritage_object = factories.make_object()
    event = heritage_object.events.create(
        event_type=factories.make_concept("event_type", "Herstellung", "production"),
        display_date="zur Zeit Bischof Thietmars",
    )
    assert event.display_date == "zur Zeit Bischof Thietmars"
    assert (event.earliest_year, event.latest_year) == (None, None)


def test_move_to_collection_refuses_other_institutions():
    institution = factories.make_institution()
    heritage_object = factories.make_object(institution=institution)
    foreign = factories.make_collection(factories.make_institution())
    with pytest.raises(ValueError):
        services.move_to_collection([heritage_object], foreign)
    heritage_object.refresh_from_db()
    assert heritage_object.collection is None


def test_collections_cannot_form_cycles_or_cross_institutions():
    institution = factories.make_institution()
    top = factories.make_collection(institution)
    child = factories.make_collection(institution, parent=top)
    top.parent = child
    with pytest.raises(ValidationError):
        top.full_clean()
    child.parent = factories.make_collection(factories.make_institution())
    with pytest.raises(ValidationError):
        child.full_clean()
    top.refresh_from_db()
    child.refresh_from_db()
    assert top.descendant_ids() == {top.pk, child.pk}
    assert [c.pk for c in child.ancestors(include_self=True)] == [top.pk, child.pk]


def test_one_primary_image_and_checksums():
    heritage_object = factories.make_object()
    first = factories.make_image(heritage_object)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_image(heritage_object, order=1, primary=True)
    import hashlib

    with first.master.open("rb") as handle:
        assert first.sha256 == hashlib.sha256(handle.read()).hexdigest()
    assert ObjectImage.objects.count() == 1


def test_place_coordinates_come_in_pairs():
    with pytest.raises(IntegrityError), transaction.atomic():
        Place.objects.create(name="Merseburg", latitude=51.35)
