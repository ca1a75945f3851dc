"""IIIF Change Discovery API 1.0: aggregators find every public change by themselves."""

import datetime

import pytest

from kulturschatz.collections import services
from kulturschatz.iiif import discovery
from kulturschatz.iiif.models import Activity
from tests import factories

pytestmark = pytest.mark.django_db


def stream(client) -> list[tuple[str, str]]:
    collection = client.get("/iiif/discovery/collection").json()
    items = []
    page_url = collection["first"]["id"]
    while page_url:
        page = client.get(page_url.removeprefix("http://testserver")).json()
        assert page["partOf"]["id"] == "http://testserver/iiif/discovery/collection"
        items += page["orderedItems"]
        page_url = page.get("next", {}).get("id")
    assert len(items) == collection["totalItems"]
    return [(item["type"], item["object"]["id"].rsplit("/", 1)[1]) for item in items]


def test_publish_edit_withdraw_and_delete_are_announced(client, django_capture_on_commit_callbacks):
    editor = factories.make_staff("Redaktion")
    with django_capture_on_commit_callbacks(execute=True):
        draft = factories.make_object(status="draft", identifier="urkunde")
        draft.title = "Urkunde, überarbeitet"
        draft.save()  # still a draft: nothing public happened
    assert stream(client) == []
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_object(draft, by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        draft.title = "Urkunde Kaiser Heinrichs II."
        draft.save()
    with django_capture_on_commit_callbacks(execute=True):
        factories.make_image(draft)  # a new image changes the manifest
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_object(draft, by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_object(draft, by=editor)  # back: an Update, not a second Create
    with django_capture_on_commit_callbacks(execute=True):
        draft.delete()
    assert stream(client) == [
        ("Create", "urkunde"),
        ("Update", "urkunde"),
        ("Update", "urkunde"),
        ("Delete", "urkunde"),
        ("Update", "urkunde"),
        ("Delete", "urkunde"),
    ]


def test_an_ended_embargo_is_announced_by_the_reconciliation(client, django_capture_on_commit_callbacks):
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        waiting = factories.make_object(identifier="sperrfrist", embargo_until=tomorrow)
    assert stream(client) == []
    waiting.embargo_until = datetime.date.today()
    waiting.save(update_fields=["embargo_until"])  # as if the date had come: no hook runs here
    Activity.objects.all().delete()
    assert [a.type for a in discovery.reconcile()] == ["Create"]
    assert discovery.reconcile() == []  # nothing new the second time
    assert stream(client) == [("Create", "sperrfrist")]


def test_pages_and_times(client, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(discovery, "PAGE_SIZE", 2)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            factories.make_object(identifier=f"objekt-{n}")
    collection = client.get("/iiif/discovery/collection")
    assert collection["Content-Type"] == 'application/ld+json;profile="http://iiif.io/api/discovery/1/context.json"'
    document = collection.json()
    assert document["type"] == "OrderedCollection" and document["totalItems"] == 5
    assert document["last"]["id"].endswith("/iiif/discovery/page/2")
    first = client.get("/iiif/discovery/page/0").json()
    assert "prev" not in first and first["next"]["id"].endswith("/page/1")
    assert first["orderedItems"][0]["endTime"].endswith("Z")
    assert client.get("/iiif/discovery/page/3").status_code == 404
    assert len(stream(client)) == 5
