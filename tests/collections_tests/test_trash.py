"""Deleting moves an object into the trash (Papierkorb): gone from every public
path at once, restorable by Administration for KULTURSCHATZ_TRASH_DAYS days
with its parts, images and addresses, then purged with its files."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kulturschatz.collections import history, services
from kulturschatz.collections.models import (
    Concept,
    HeritageObject,
    ObjectImage,
    TrashedObject,
)
from kulturschatz.iiif import derivatives
from kulturschatz.iiif.models import Activity
from tests import factories
from tests.metadata_tests.test_oai import identifiers, oai
from tests.search_tests import whoosh_settings

from .admin_forms import german, log_in, messages_of

pytestmark = pytest.mark.django_db
Status = HeritageObject.Status
TRASH = "/admin/collections/trashedobject/"


@pytest.fixture(autouse=True)
def _oai_and_search(settings, tmp_path):
    settings.KULTURSCHATZ_OAI_REPOSITORY_IDENTIFIER = "kulturschatz.example.org"
    with whoosh_settings(tmp_path / "index"):
        yield


@pytest.fixture
def reliquary(django_capture_on_commit_callbacks):
    """A published object with parts, an image with its tile pyramid, and a
    relation of another object to it; indexed and announced."""
    with django_capture_on_commit_callbacks(execute=True):
        heritage_object = factories.make_object(
            identifier="reliquiar", title="Reliquiar des heiligen Laurentius"
        )
        services.publish_object(heritage_object)
        heritage_object.descriptions.create(text="Bergkristall in vergoldeter Fassung.", lang="de")
        production = factories.make_concept("event_type", "Herstellung", "production")
        event = heritage_object.events.create(event_type=production, display_date="um 1200")
        event.actors.create(agent=factories.make_agent("Goldschmied Roger"))
        event.materials.add(factories.make_concept("material", "Bergkristall", "bergkristall"))
        image = factories.make_image(heritage_object)
        derivatives.build_derivatives(image)
        neighbour = factories.make_object(identifier="nachbar", title="Tragaltar")
        neighbour.relations.create(
            relation_type=factories.make_concept("relation_type", "Pendant", "pendant"),
            target=heritage_object,
        )
    return heritage_object, image, neighbour


def public_paths(heritage_object, image) -> dict[str, str]:
    return {
        "page": f"/objekt/{heritage_object.identifier}/",
        "page (en)": f"/en/objekt/{heritage_object.identifier}/",
        "manifest": f"/iiif/manifest/{heritage_object.identifier}",
        "image": f"/iiif/3/{image.uuid.hex}/info.json",
        "lido": f"/objekt/{heritage_object.identifier}/lido.xml",
        "api": f"/api/v1/objects/{heritage_object.identifier}",
    }


def oai_record_deleted(client, identifier: str) -> bool:
    root = oai(
        client, verb="GetRecord", identifier=f"oai:kulturschatz.example.org:{identifier}", metadataPrefix="oai_dc"
    )
    return identifiers(root, deleted=True) == [identifier]


def search_titles(client, text: str) -> list[str]:
    return [r["title"] for r in client.get("/api/search", {"q": text}).json()["results"]]


def test_deleting_in_the_admin_moves_the_object_to_the_trash_and_off_every_public_path(
    client, reliquary, django_capture_on_commit_callbacks
):
    heritage_object, image, neighbour = reliquary
    pk = heritage_object.pk
    paths = public_paths(heritage_object, image)
    assert {name: client.get(url).status_code for name, url in paths.items()} == dict.fromkeys(paths, 200)
    assert search_titles(client, "Laurentius") == ["Reliquiar des heiligen Laurentius"]

    editor = factories.make_staff("Redaktion")
    log_in(client, editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/collections/heritageobject/{heritage_object.pk}/delete/", {"post": "yes"}, follow=True
        )
    assert response.status_code == 200
    assert any(m.startswith(german("Deleted objects lie in the trash for %(days)d day; until then the group "
                                   "Administration can restore them.", days=30)[:20]) for m in messages_of(response))
    client.logout()

    assert not HeritageObject.objects.filter(pk=pk).exists()
    trashed = TrashedObject.objects.get()
    assert (trashed.object_id, trashed.identifier, trashed.status, trashed.deleted_by) == (
        pk, "reliquiar", Status.PUBLISHED, editor,
    )  # fmt: skip
    # How a deleted object is represented: no rows in the catalogue (so
    # published() and every query built on the tables cannot find it), a
    # TrashedObject entry, and its last version in the history.
    assert history.versions_of(pk).first().revision == trashed.revision
    assert {name: client.get(url).status_code for name, url in paths.items()} == dict.fromkeys(paths, 404)
    assert search_titles(client, "Laurentius") == []
    assert "reliquiar" not in client.get("/sitemap.xml").content.decode()
    assert oai_record_deleted(client, "reliquiar")
    assert Activity.objects.filter(object_identifier="reliquiar").last().type == "Delete"
    assert not neighbour.relations.exists()  # its relation went with the object …
    assert ObjectImage._meta.get_field("master").storage.exists(image.master.name)  # … the file stays


def test_only_administration_sees_and_empties_the_trash(client, reliquary):
    heritage_object, _image, _neighbour = reliquary
    pk = heritage_object.pk
    services.delete_object(heritage_object, by=factories.make_staff("Redaktion"))
    trashed = TrashedObject.objects.get()
    for group in ("Katalogisierung", "Redaktion"):
        user = factories.make_staff(group)
        log_in(client, user)
        assert client.get(TRASH).status_code == 403
        client.post(TRASH, {"action": "restore_selected", "_selected_action": [trashed.pk]})
        with pytest.raises(PermissionDenied):
            services.restore_deleted(trashed, by=user)
    assert not HeritageObject.objects.filter(pk=pk).exists()
    log_in(client, factories.make_staff("Administration"))
    page = client.get(TRASH).content.decode()
    assert "Reliquiar des heiligen Laurentius" in page
    purge_day = timezone.localtime(trashed.deleted_at + datetime.timedelta(days=30)).strftime("%d.%m.%Y")
    assert purge_day in page


def test_cataloguers_may_not_delete():
    heritage_object = factories.make_object()
    with pytest.raises(PermissionDenied):
        services.delete_object(heritage_object, by=factories.make_staff("Katalogisierung"))
    assert HeritageObject.objects.filter(pk=heritage_object.pk).exists()


def test_administration_restores_the_object_whole_at_its_old_addresses(
    client, reliquary, django_capture_on_commit_callbacks
):
    heritage_object, image, neighbour = reliquary
    pk, published_at = heritage_object.pk, heritage_object.published_at
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_object(heritage_object, by=factories.make_staff("Redaktion"))
    deleted_at = TrashedObject.objects.get().deleted_at
    administrator = factories.make_staff("Administration")
    log_in(client, administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            TRASH, {"action": "restore_selected", "_selected_action": [TrashedObject.objects.get().pk]}, follow=True
        )
    assert response.status_code == 200
    assert not TrashedObject.objects.exists(), messages_of(response)
    restored = HeritageObject.objects.get(pk=pk)
    assert (restored.identifier, restored.title, restored.status) == (
        "reliquiar", "Reliquiar des heiligen Laurentius", Status.PUBLISHED,
    )  # fmt: skip
    assert restored.published_at == published_at
    assert restored.descriptions.get().text == "Bergkristall in vergoldeter Fassung."
    event = restored.events.get()
    assert event.actors.get().agent.name == "Goldschmied Roger"
    assert event.materials.get().label == "Bergkristall"
    restored_image = restored.images.get()
    assert (restored_image.pk, restored_image.uuid) == (image.pk, image.uuid)
    assert neighbour.relations.get().target == restored  # the other object's relation is back
    assert restored.dating_display == "um 1200"

    client.logout()
    for name, url in public_paths(restored, restored_image).items():
        assert client.get(url).status_code == 200, name
    assert search_titles(client, "Laurentius") == ["Reliquiar des heiligen Laurentius"]
    assert not oai_record_deleted(client, "reliquiar")
    # Harvesters that came after the deletion learn of the record again.
    since = deleted_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": since})
    assert "reliquiar" in identifiers(root, deleted=False)
    assert "reliquiar" not in identifiers(root, deleted=True)  # the tombstone is shadowed
    stream = [a.type for a in Activity.objects.filter(object_identifier="reliquiar")]
    assert stream[stream.index("Delete") + 1 :] and set(stream[stream.index("Delete") + 1 :]) == {"Update"}
    comments = [v.revision.comment for v in history.versions_of(restored.pk)]
    assert comments[:2] == [german("Restored from the trash"), german("Deleted (moved to the trash)")]


def test_a_restore_says_why_it_cannot_be_done_and_leaves_the_entry(client, reliquary):
    heritage_object, _image, _neighbour = reliquary
    services.delete_object(heritage_object, by=None)
    factories.make_object(identifier="reliquiar", title="Neues Objekt mit alter Kennung")
    log_in(client, factories.make_staff("Administration"))
    response = client.post(
        TRASH, {"action": "restore_selected", "_selected_action": [TrashedObject.objects.get().pk]}, follow=True
    )
    reason = german(
        "The object cannot be restored: %(what)s is now used by “%(other)s”.",
        what=german("identifier %(value)s", value="reliquiar"),
        other=HeritageObject.objects.get(identifier="reliquiar"),
    )
    assert any(reason in m for m in messages_of(response)), messages_of(response)
    assert TrashedObject.objects.exists()


def test_terms_deleted_meanwhile_are_left_out_with_a_note(reliquary):
    heritage_object, _image, _neighbour = reliquary
    trashed = services.delete_object(heritage_object, by=None)
    Concept.objects.filter(slug="bergkristall").delete()
    result = services.restore_deleted(trashed, by=None)
    assert not result.heritage_object.events.get().materials.exists()
    assert len(result.notes) == 1 and "1" in result.notes[0]


def test_purge_trash_removes_old_entries_with_their_files_and_keeps_young_ones(reliquary, settings):
    heritage_object, image, _neighbour = reliquary
    pk = heritage_object.pk
    old = services.delete_object(heritage_object, by=None)
    young_object = factories.make_object(title="Noch zu retten")
    young_image = factories.make_image(young_object)
    young_pk = young_object.pk
    young = services.delete_object(young_object, by=None)
    TrashedObject.objects.filter(pk=old.pk).update(deleted_at=timezone.now() - datetime.timedelta(days=31))
    master_storage = ObjectImage._meta.get_field("master").storage
    assert derivatives.derivative_storage().exists(image.uuid.hex)

    out = io.StringIO()
    call_command("purge_trash", stdout=out)
    assert "1" in out.getvalue() and "reliquiar" in out.getvalue()
    assert list(TrashedObject.objects.all()) == [young]
    assert not history.versions_of(pk).exists()
    assert not master_storage.exists(image.master.name)
    assert not derivatives.derivative_storage().exists(image.uuid.hex)
    assert master_storage.exists(young_image.master.name)
    assert history.versions_of(young_pk).exists()

    settings.KULTURSCHATZ_TRASH_DAYS = 0
    call_command("purge_trash", stdout=io.StringIO())
    assert not TrashedObject.objects.exists() and not master_storage.exists(young_image.master.name)


def test_purge_keeps_files_that_a_version_of_another_object_still_needs(reliquary):
    """A file a live object's history names (the same scan, imported twice) stays."""
    heritage_object, image, _neighbour = reliquary
    other = factories.make_object(title="Zweitverwendung")
    ObjectImage.objects.create(
        heritage_object=other, master=image.master.name, sha256=image.sha256, width=image.width,
        height=image.height, is_primary=True,
    )  # fmt: skip
    history.ensure_baseline([other.pk])
    trashed = services.delete_object(heritage_object, by=None)
    TrashedObject.objects.filter(pk=trashed.pk).update(deleted_at=timezone.now() - datetime.timedelta(days=40))
    services.purge_trash()
    assert ObjectImage._meta.get_field("master").storage.exists(image.master.name)


def test_the_trash_link_is_in_the_admin_for_administration(client):
    log_in(client, factories.make_staff("Administration"))
    index = client.get(reverse("admin:index")).content.decode()
    assert TRASH in index
