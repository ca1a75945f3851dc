"""Status workflow and the four-eyes principle: services, admin form, bulk
actions and the LIDO importer all apply the same rule."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from kulturschatz.collections import services
from kulturschatz.collections.models import HeritageObject
from kulturschatz.metadata.importer.service import import_lido
from kulturschatz.metadata.models import ImportRun
from tests import factories
from tests.metadata_tests.test_import_lido import lido_file, record

from .admin_forms import FOUR_EYES, change_object, german, log_in, messages_of

pytestmark = pytest.mark.django_db
HELD_RUN = (
    "%(count)d record(s) were set to 'in review' instead of published: under the "
    "four-eyes principle a second member of the editorial team (Redaktion) must "
    "publish them."
)
HELD_RECORD = (
    "Set to 'in review' instead of published: under the four-eyes principle a "
    "second member of the editorial team (Redaktion) must publish what you imported."
)
Status = HeritageObject.Status


# -- the services ---------------------------------------------------------------


def test_whoever_submitted_for_review_may_not_publish_it_a_colleague_may():
    heritage_object = factories.make_object(status=Status.DRAFT)
    anna, bert = factories.make_staff("Redaktion"), factories.make_staff("Redaktion")
    services.submit_for_review(heritage_object, by=anna)
    assert heritage_object.last_editor == anna
    with pytest.raises(services.FourEyesError) as refused:
        services.publish_object(heritage_object, by=anna)
    assert str(refused.value) == german(FOUR_EYES, object=heritage_object)
    heritage_object.refresh_from_db()
    assert heritage_object.status == Status.REVIEW and heritage_object.published_at is None
    services.publish_object(heritage_object, by=bert)
    heritage_object.refresh_from_db()
    assert heritage_object.status == Status.PUBLISHED and heritage_object.published_at
    # Withdrawing is not bound by it.
    services.withdraw_object(heritage_object, by=anna)
    assert not HeritageObject.objects.published().exists()


def test_four_eyes_can_be_switched_off_and_does_not_bind_superusers_or_the_system(settings):
    anna = factories.make_staff("Redaktion")
    heritage_object = factories.make_object(status=Status.DRAFT, last_editor=anna)
    settings.KULTURSCHATZ_FOUR_EYES = False
    services.publish_object(heritage_object, by=anna)
    assert heritage_object.status == Status.PUBLISHED

    settings.KULTURSCHATZ_FOUR_EYES = True
    root = factories.make_staff("Redaktion")
    root.is_superuser = True
    root.save()
    own = factories.make_object(status=Status.REVIEW, last_editor=root)
    services.publish_object(own, by=root)
    system = factories.make_object(status=Status.REVIEW, last_editor=None)
    services.publish_object(system, by=None)
    assert HeritageObject.objects.published().count() == 3


def test_publishing_still_needs_the_right():
    cataloguer = factories.make_staff("Katalogisierung")
    heritage_object = factories.make_object(status=Status.REVIEW)
    with pytest.raises(PermissionDenied, match="veröffentlichen"):
        services.publish_object(heritage_object, by=cataloguer)


def test_status_changes_are_recorded_in_the_history():
    from kulturschatz.collections import history

    editor = factories.make_staff("Redaktion")
    heritage_object = factories.make_object(status=Status.REVIEW)
    services.publish_object(heritage_object, by=editor)
    versions = list(history.versions_of(heritage_object.pk))
    # The state before (no version existed) and the change itself.
    assert [v.revision.comment for v in versions] == [
        "Status: in Prüfung → veröffentlicht",
        german("State before the first recorded change"),
    ]
    assert versions[0].revision.user == editor
    states = history.states_of_revisions(heritage_object.pk, [v.revision_id for v in versions])
    diff = history.diff_states(states[versions[1].revision_id], states[versions[0].revision_id])
    assert [(c.label, c.old, c.new) for c in diff.fields][0] == ("Status", "in Prüfung", "veröffentlicht")


# -- the admin -------------------------------------------------------------------


def test_an_editor_who_edits_and_publishes_in_one_save_gets_review_and_a_german_warning(client):
    anna, bert = factories.make_staff("Redaktion"), factories.make_staff("Redaktion")
    heritage_object = factories.make_object(status=Status.DRAFT, title="Abendmahlskelch")
    log_in(client, anna)
    response = change_object(client, heritage_object, title="Abendmahlskelch, vergoldet", status="published")
    assert response.status_code == 200
    heritage_object.refresh_from_db()
    assert heritage_object.title == "Abendmahlskelch, vergoldet"  # the edit is saved
    assert heritage_object.status == Status.REVIEW and heritage_object.published_at is None
    assert heritage_object.last_editor == anna
    warning = f"{german(FOUR_EYES, object=heritage_object)} " + german(
        "The object was saved and set to “in review”."
    )
    assert warning in messages_of(response), messages_of(response)

    # A colleague publishes by choosing the status alone: not a change of the data.
    log_in(client, bert)
    response = change_object(client, heritage_object, status="published")
    heritage_object.refresh_from_db()
    assert heritage_object.status == Status.PUBLISHED and heritage_object.published_at
    assert heritage_object.last_editor == anna
    assert not any(german(FOUR_EYES, object=heritage_object) in m for m in messages_of(response))
    assert client.get(heritage_object.get_absolute_url()).status_code == 200


def test_editing_an_inline_counts_as_a_change_of_the_data(client):
    anna = factories.make_staff("Redaktion")
    heritage_object = factories.make_object(status=Status.REVIEW)
    heritage_object.titles.create(text="Chalice", lang="en", pref="preferred")
    log_in(client, anna)
    response = change_object(client, heritage_object, **{"titles-0-text": "Gilded chalice", "status": "published"})
    heritage_object.refresh_from_db()
    assert heritage_object.titles.get().text == "Gilded chalice"
    assert heritage_object.status == Status.REVIEW
    assert any(german(FOUR_EYES, object=heritage_object) in m for m in messages_of(response))


def test_bulk_publishing_publishes_what_others_edited_and_names_the_rest(client):
    anna = factories.make_staff("Redaktion")
    cataloguer = factories.make_staff("Katalogisierung")
    theirs = factories.make_object(status=Status.DRAFT, title="Fremd bearbeitet")
    mine = factories.make_object(status=Status.DRAFT, title="Selbst bearbeitet")
    services.submit_for_review(theirs, by=cataloguer)
    services.submit_for_review(mine, by=anna)
    log_in(client, anna)
    response = client.post(
        "/admin/collections/heritageobject/",
        {"action": "publish_selected", "_selected_action": [theirs.pk, mine.pk]},
        follow=True,
    )
    texts = messages_of(response)
    assert "1 Objekt(e) veröffentlicht." in texts
    held = (
        "Not published, under the four-eyes principle (you changed it last or "
        "submitted it for review yourself; a second member of the editorial "
        "team must publish it): %(objects)s"
    )
    assert german(held, objects=mine) in texts, texts
    assert set(HeritageObject.objects.published().values_list("title", flat=True)) == {"Fremd bearbeitet"}


def test_a_new_object_is_saved_as_review_when_its_author_asks_to_publish(client):
    anna = factories.make_staff("Redaktion")
    institution = factories.make_institution()
    log_in(client, anna)
    page = client.get(reverse("admin:collections_heritageobject_add")).content.decode()
    from .admin_forms import form_data

    data = form_data(page)
    data.update(
        title=["Weihrauchfass"], institution=[str(institution.pk)], inventory_number=["W 1"],
        identifier=["weihrauchfass"], status=["published"],
    )  # fmt: skip
    response = client.post(reverse("admin:collections_heritageobject_add"), data, follow=True)
    created = HeritageObject.objects.get(identifier="weihrauchfass")
    assert created.status == Status.REVIEW and created.last_editor == anna
    assert any(german(FOUR_EYES, object=created) in m for m in messages_of(response))


# -- the importer ------------------------------------------------------------------


def test_an_operator_import_publishes_but_an_editor_s_own_import_goes_to_review(tmp_path):
    path = lido_file(tmp_path, record("V/1", "Kelch"))
    run = import_lido([path], status=Status.PUBLISHED, by=None)
    assert HeritageObject.objects.get(lido_rec_id="V/1").status == Status.PUBLISHED
    assert run.message == "1 angelegt, 0 aktualisiert, 0 unverändert, 0 fehlgeschlagen, 0 Bilder übernommen."

    anna = factories.make_staff("Redaktion")
    path = lido_file(tmp_path, record("V/2", "Patene"), name="second.xml")
    run = import_lido([path], status=Status.PUBLISHED, by=anna)
    item = HeritageObject.objects.get(lido_rec_id="V/2")
    assert item.status == Status.REVIEW and item.last_editor == anna
    assert run.message.endswith(german(HELD_RUN, count=1))
    outcome = run.outcomes.get(lido_rec_id="V/2")
    assert german(HELD_RECORD) in outcome.messages
    # A colleague publishes it.
    services.publish_object(item, by=factories.make_staff("Redaktion"))
    # Her update of the published object keeps it published.
    path = lido_file(tmp_path, record("V/2", "Patene, vergoldet"), name="third.xml")
    import_lido([path], status=Status.PUBLISHED, by=anna)
    item.refresh_from_db()
    assert item.title == "Patene, vergoldet" and item.status == Status.PUBLISHED


def test_an_admin_upload_with_publish_by_its_uploader_imports_for_review(
    client, tmp_path, django_capture_on_commit_callbacks
):
    anna = factories.make_staff("Redaktion")
    log_in(client, anna)
    xml = lido_file(tmp_path, record("U/9", "Leuchter"))
    upload = io.BytesIO(xml.read_bytes())
    upload.name = "leuchter.xml"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:metadata_importrun_add"), {"upload": upload, "status": Status.PUBLISHED}
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    run = ImportRun.objects.get()
    assert run.state == ImportRun.State.DONE, run.message
    assert HeritageObject.objects.get(lido_rec_id="U/9").status == Status.REVIEW
    assert run.message.endswith(german(HELD_RUN, count=1))
    page = client.get(reverse("admin:metadata_importrun_change", args=[run.pk]))
    assert german(HELD_RUN, count=1) in page.content.decode().replace("&#x27;", "'")
