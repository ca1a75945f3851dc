"""The history of an object: every change recorded with who, when and what
(field by field, parts included), shown in the admin, restorable."""

import pytest
from django.urls import reverse
from reversion.models import Revision

from kulturschatz.collections import history, services
from kulturschatz.collections.models import HeritageObject, ObjectImage, Place
from tests import factories
from tests.metadata_tests.test_import_lido import lido_file, record, resource

from .admin_forms import change_object, german, log_in, messages_of

pytestmark = pytest.mark.django_db
Status = HeritageObject.Status


def history_url(heritage_object) -> str:
    return reverse("admin:collections_heritageobject_history", args=[heritage_object.pk])


def storage():
    return ObjectImage._meta.get_field("master").storage


@pytest.fixture
def chalice(settings):
    """A published object with a description, an event with a material, an image.

    Four eyes off: these tests edit it and read the history; under four eyes
    those edits would wait for approval (test_pending_changes.py)."""
    settings.KULTURSCHATZ_FOUR_EYES = False
    heritage_object = factories.make_object(title="Abendmahlskelch", status=Status.PUBLISHED)
    heritage_object.descriptions.create(text="Silber, vergoldet, mit gravierter Kuppa.", lang="de")
    production = factories.make_concept("event_type", "Herstellung", "production")
    silver = factories.make_concept("material", "Silber", "silber")
    event = heritage_object.events.create(event_type=production, display_date="um 1480")
    event.materials.add(silver)
    image = factories.make_image(heritage_object)
    return heritage_object, image


def test_an_admin_edit_is_recorded_with_who_when_and_each_changed_field(client, chalice):
    heritage_object, image = chalice
    cataloguer = factories.make_staff("Katalogisierung")
    log_in(client, cataloguer)
    response = change_object(
        client,
        heritage_object,
        title="Abendmahlskelch des Domkapitels",
        **{
            "descriptions-0-text": "Silber, vergoldet, mit gravierter Kuppa und Stifterwappen.",
            "images-0-DELETE": "on",
        },
    )
    assert response.status_code == 200
    versions = list(history.versions_of(heritage_object.pk))
    assert len(versions) == 2  # the state before the first recorded edit, and the edit
    latest, before = versions
    assert latest.revision.user == cataloguer and before.revision.user is None
    assert "Titel" in latest.revision.get_comment()  # Django's own "Titel geändert."

    page = client.get(history_url(heritage_object)).content.decode()
    assert '<td class="history-old">Abendmahlskelch</td>' in page
    assert '<td class="history-new">Abendmahlskelch des Domkapitels</td>' in page
    # A longer text is compared word by word.
    assert "<ins>Kuppa und Stifterwappen.</ins>" in page and "<del>Kuppa.</del>" in page
    assert german("Removed") in page and german("%(section)s “%(title)s”", section="Bild", title=image) in page
    assert german("The first recorded version.") in page
    # The image is gone from the object, its file is not: the older version needs it.
    assert not heritage_object.images.exists()
    assert storage().exists(image.master.name)


def test_editors_and_cataloguers_read_the_history_others_do_not(client, chalice):
    heritage_object, _image = chalice
    services.set_status(heritage_object, Status.WITHDRAWN, by=factories.make_staff("Redaktion"))
    for group in ("Katalogisierung", "Redaktion", "Administration"):
        log_in(client, factories.make_staff(group))
        page = client.get(history_url(heritage_object))
        assert page.status_code == 200
        assert "veröffentlicht" in page.content.decode() and "zurückgezogen" in page.content.decode()
    from django.contrib.auth.models import User

    User.objects.create_user("praktikant", password="Merseburg-1080-Test", is_staff=True)
    log_in(client, User.objects.get(username="praktikant"))
    assert client.get(history_url(heritage_object)).status_code == 403


def test_restoring_a_version_brings_back_data_and_images_but_not_the_status(
    client, chalice, django_capture_on_commit_callbacks
):
    heritage_object, image = chalice
    editor = factories.make_staff("Redaktion")
    log_in(client, editor)
    change_object(client, heritage_object, title="Falscher Titel", **{"images-0-DELETE": "on"})
    heritage_object.refresh_from_db()
    services.set_status(heritage_object, Status.WITHDRAWN, by=editor)
    original = history.versions_of(heritage_object.pk).last()  # before the edit: published

    # A cataloguer restores it, after a confirmation page that shows what changes.
    cataloguer = factories.make_staff("Katalogisierung")
    log_in(client, cataloguer)
    url = reverse("admin:collections_heritageobject_restore_version", args=[heritage_object.pk, original.pk])
    confirm = client.get(url).content.decode()
    assert '<td class="history-old">Falscher Titel</td>' in confirm
    assert '<td class="history-new">Abendmahlskelch</td>' in confirm
    assert german("Added") in confirm  # the image comes back
    assert "zurückgezogen" not in confirm  # the status stays: it is no change
    assert HeritageObject.objects.get(pk=heritage_object.pk).title == "Falscher Titel"  # nothing yet

    with django_capture_on_commit_callbacks(execute=True):  # the tile pyramid is built
        response = client.post(url, follow=True)
    assert response.status_code == 200
    heritage_object.refresh_from_db()
    assert heritage_object.title == "Abendmahlskelch"
    assert heritage_object.status == Status.WITHDRAWN  # restoring edits data, it does not publish
    assert heritage_object.last_editor == cataloguer and heritage_object.updated_by == cataloguer
    restored = heritage_object.images.get()
    assert (restored.pk, restored.uuid, restored.master.name) == (image.pk, image.uuid, image.master.name)
    assert restored.derivatives_ready
    assert heritage_object.events.get().materials.get().label == "Silber"
    assert heritage_object.descriptions.get().text.startswith("Silber, vergoldet")
    assert any("wiederhergestellt" in m or "was restored" in m for m in messages_of(response))
    # The restore is a version of its own: it can be undone.
    latest = history.versions_of(heritage_object.pk).first()
    assert latest.revision.user == cataloguer
    assert latest.revision.comment.startswith(german("Restored the version of %(date)s", date="")[:10])
    # Withdrawn and restored: still invisible to the public.
    assert client.get(heritage_object.get_absolute_url()).status_code in (200, 404)
    client.logout()
    assert client.get(heritage_object.get_absolute_url()).status_code == 404


def test_a_version_whose_image_file_is_gone_is_not_restored_and_nothing_changes(client, chalice):
    heritage_object, image = chalice
    editor = factories.make_staff("Redaktion")
    log_in(client, editor)
    change_object(client, heritage_object, title="Neuer Titel", **{"images-0-DELETE": "on"})
    storage().delete(image.master.name)
    original = history.versions_of(heritage_object.pk).last()
    url = reverse("admin:collections_heritageobject_restore_version", args=[heritage_object.pk, original.pk])
    response = client.post(url, follow=True)
    heritage_object.refresh_from_db()
    assert heritage_object.title == "Neuer Titel" and not heritage_object.images.exists()
    assert any(image.master.name in m for m in messages_of(response)), messages_of(response)


def test_restoring_needs_the_change_right(client, chalice):
    from django.contrib.auth.models import Permission, User

    heritage_object, _image = chalice
    history.ensure_baseline([heritage_object.pk])
    version = history.versions_of(heritage_object.pk).get()
    reader = User.objects.create_user("leser", password="Merseburg-1080-Test", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_heritageobject"))
    log_in(client, reader)
    assert client.get(history_url(heritage_object)).status_code == 200
    url = reverse("admin:collections_heritageobject_restore_version", args=[heritage_object.pk, version.pk])
    assert client.post(url).status_code == 403
    assert german("Restore this version") not in client.get(history_url(heritage_object)).content.decode()


def test_the_importer_records_each_record_and_keeps_replaced_image_files(tmp_path, django_capture_on_commit_callbacks):
    from kulturschatz.metadata.importer.service import import_lido

    folder = tmp_path / "lieferung"
    folder.mkdir()
    (folder / "scan.jpg").write_bytes(factories.image_bytes((300, 200)))
    path = lido_file(folder, record("H/1", "Reliquiar", resources=resource("scan.jpg")))
    with django_capture_on_commit_callbacks(execute=True):
        first_run = import_lido([path])
    heritage_object = HeritageObject.objects.get(lido_rec_id="H/1")
    first_master = heritage_object.images.get().master.name
    (version,) = history.versions_of(heritage_object.pk)
    assert version.revision.comment == german("LIDO import %(run)s", run=first_run.pk)
    assert version.revision.user is None

    import_lido([path])  # unchanged: no new version
    assert history.versions_of(heritage_object.pk).count() == 1

    (folder / "scan.jpg").write_bytes(factories.image_bytes((500, 400), colour="#204080"))
    path = lido_file(folder, record("H/1", "Reliquiar mit Deckel", resources=resource("scan.jpg")))
    with django_capture_on_commit_callbacks(execute=True):
        second_run = import_lido([path])
    newer, older = history.versions_of(heritage_object.pk)
    assert newer.revision.comment == german("LIDO import %(run)s", run=second_run.pk)
    states = history.states_of_revisions(heritage_object.pk, [newer.revision_id, older.revision_id])
    diff = history.diff_states(states[older.revision_id], states[newer.revision_id])
    assert ("Reliquiar", "Reliquiar mit Deckel") in [(c.old, c.new) for c in diff.fields]
    # The re-import wrote titles, events … anew; only what differs is a change.
    assert [(r.kind, r.section) for r in diff.rows] == [("changed", "Bild")]
    assert storage().exists(first_master)  # the older version still shows this file

    result = services.restore_version(older, by=None)
    image = result.heritage_object.images.get()
    assert image.master.name == first_master and (image.width, image.height) == (300, 200)
    assert result.heritage_object.title == "Reliquiar"


def test_objects_catalogued_before_the_history_get_their_state_kept_once():
    heritage_object = factories.make_object(title="Taufschale")
    editor = factories.make_staff("Redaktion")
    services.move_to_collection(
        [heritage_object], factories.make_collection(heritage_object.institution), by=editor
    )
    services.move_to_collection(
        [heritage_object], factories.make_collection(heritage_object.institution), by=editor
    )
    comments = [v.revision.comment for v in history.versions_of(heritage_object.pk)]
    assert len(comments) == 3 and comments[-1] == german("State before the first recorded change")
    assert Revision.objects.count() == 3


def test_versions_hold_what_django_s_serializer_writes(chalice):
    """history.serialize_row is Django's serializer without its per-row queries."""
    from django.core import serializers

    heritage_object, _image = chalice
    heritage_object.classifications.add(factories.make_concept("classification", "Vasa sacra"))
    heritage_object.titles.create(text="Chalice", lang="en", pref="preferred")
    heritage_object.measurements.create(dimension="Höhe", value="21.5", unit="cm")
    heritage_object.inscriptions.create(transcription="CALIX SANGUINIS", lang="la")
    heritage_object.linked_resources.create(url="https://example.org/kelch.jpg")
    event = heritage_object.events.get()
    event.actors.create(agent=factories.make_agent("Hans Goldschmied"))
    event.places.add(Place.objects.create(name="Merseburg"))
    other = factories.make_object(title="Patene")
    heritage_object.relations.create(
        relation_type=factories.make_concept("relation_type", "Pendant", "pendant"), target=other
    )
    (rows,) = history.snapshots([heritage_object.pk]).values()
    assert {type(row).__name__ for row, _many in rows} == {
        "HeritageObject", "ObjectTitle", "ObjectDescription", "Inscription", "Measurement", "Event",
        "EventActor", "ObjectImage", "LinkedResource", "ObjectRelation",
    }  # fmt: skip
    for row, many in rows:
        ours = history.serialize_row(row, many)
        django = serializers.serialize("python", [row])[0]
        for name, value in django["fields"].items():
            if isinstance(value, list):  # many-to-many: the same keys, in any order
                django["fields"][name] = sorted(value)
                ours["fields"][name] = sorted(ours["fields"][name])
        assert ours == django, type(row).__name__


def test_a_change_in_a_nested_inline_is_a_change_of_the_object(client, chalice):
    """Actors sit inside events (django-nested-admin): editing one is recorded
    and makes the editor the object's last editor."""
    heritage_object, _image = chalice
    event = heritage_object.events.get()
    actor = event.actors.create(agent=factories.make_agent("Hans Goldschmied"), attribution="")
    anna = factories.make_staff("Redaktion")
    log_in(client, anna)
    change_object(client, heritage_object, **{"events-0-actors-0-attribution": "Werkstatt des"})
    actor.refresh_from_db()
    assert actor.attribution == "Werkstatt des"
    heritage_object.refresh_from_db()
    assert heritage_object.last_editor == anna
    newer, older = list(history.versions_of(heritage_object.pk))[:2]
    states = history.states_of_revisions(heritage_object.pk, [newer.revision_id, older.revision_id])
    diff = history.diff_states(states[older.revision_id], states[newer.revision_id])
    changed = [(r.kind, r.section, [(c.old, c.new) for c in r.fields]) for r in diff.rows]
    assert ("changed", "Akteur", [("–", "Werkstatt des")]) in changed, changed
