"""Moderation services (kulturschatz.contributions.moderation): accepting a shared
treasure into the catalogue, hints shown or merged, rejecting, permissions."""

import re

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from kulturschatz.collections.models import (
    Collection,
    Concept,
    HeritageObject,
    Place,
    Rights,
)
from kulturschatz.contributions import moderation
from kulturschatz.contributions.models import (
    ContributionPhoto,
    Hint,
    State,
)
from kulturschatz.search.services import last_change
from tests import factories
from tests.contributions_tests.rows import make_hint, make_treasure, photo_names

pytestmark = pytest.mark.django_db
Status = HeritageObject.Status


# -- contributions as the public forms leave them (rows made directly) ----------------


# -- accepting a shared treasure ----------------------------------------------------------


def test_one_editor_accepts_and_publishes_a_treasure_into_the_citizens_collection(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    assert settings.KULTURSCHATZ_FOUR_EYES  # on by default, and still one person suffices
    editor = factories.make_staff("Redaktion")
    place = Place.objects.create(name="Merseburg")
    treasure = make_treasure(photos=2)
    files = photo_names(treasure)
    assert all(default_storage.exists(name) for name in files)

    with django_capture_on_commit_callbacks(execute=True):
        heritage_object = moderation.accept_treasure(
            treasure, by=editor, publish=True, place=place
        )

    heritage_object.refresh_from_db()
    year = timezone.localdate().year
    assert re.fullmatch(rf"buergerschatz-{year}-0001", heritage_object.identifier)
    assert heritage_object.inventory_number == f"BS-{year}-0001"
    collection = heritage_object.collection
    assert collection.slug == settings.KULTURSCHATZ_CONTRIBUTION_COLLECTION
    assert (collection.name, collection.name_en) == ("Bürgerschätze", "Citizens' treasures")
    assert collection.description
    assert heritage_object.institution.slug == settings.KULTURSCHATZ_CONTRIBUTION_INSTITUTION
    assert heritage_object.institution.name == "Kulturschatz Merseburg"
    # Published at once, by the one editor: the citizen wrote it, the editor reviewed it.
    assert heritage_object.status == Status.PUBLISHED
    assert heritage_object.published_at is not None
    assert heritage_object.last_editor is None
    assert heritage_object.created_by == editor
    # Credit and licence.
    assert heritage_object.credit_line == "Bürgerschatz, geteilt von Erika M."
    assert heritage_object.rights == Rights.CC_BY_SA
    assert heritage_object.rights_holder == "Erika M."
    assert [d.text for d in heritage_object.descriptions.all()] == [treasure.story]
    # The contributor's date, read as years; the place as the event's place.
    event = heritage_object.events.get()
    assert event.event_type.slug == "production"
    assert event.display_date == "um 1960"
    assert (event.earliest_year, event.latest_year) == (1950, 1970)
    assert list(event.places.all()) == [place]
    assert heritage_object.dating_display == "um 1960"
    assert (heritage_object.earliest_year, heritage_object.latest_year) == (1950, 1970)
    # The photos went through the normal image pipeline.
    images = list(heritage_object.images.order_by("order"))
    assert [image.is_primary for image in images] == [True, False]
    assert [(image.width, image.height) for image in images] == [(900, 700), (1000, 700)]
    for image in images:
        assert image.creator == "Erika M."
        assert image.rights == Rights.CC_BY_SA
        assert image.master.name.startswith(f"masters/{heritage_object.identifier}/")
        assert image.derivatives_ready, image.derivatives_message
    # The contribution: accepted, its own files gone, the credit kept; the
    # contributor was told (privacy.notify_contributors), then the address erased.
    treasure.refresh_from_db()
    assert treasure.state == State.ACCEPTED
    assert treasure.heritage_object == heritage_object
    assert treasure.decided_by == editor and treasure.decided_at is not None
    assert treasure.contributor_name == "Erika M."
    assert [mail.to for mail in mailoutbox] == [["erika@example.org"]]
    assert heritage_object.get_absolute_url() in mailoutbox[0].body
    assert treasure.email == "" and treasure.notified_at is not None
    assert not ContributionPhoto.objects.filter(treasure=treasure).exists()
    assert not any(default_storage.exists(name) for name in files)
    # Recorded in the object's history.
    from kulturschatz.collections import history

    comments = [v.revision.comment for v in history.versions_of(heritage_object.pk)]
    assert any("Mitmachen" in comment for comment in comments)
    # And public, with the credit.
    page = client.get(heritage_object.get_absolute_url())
    assert page.status_code == 200
    assert "Omas Kaffeekanne" in page.text and "Erika M." in page.text
    image_info = client.get(f"/iiif/3/{images[0].iiif_identifier}/info.json")
    assert image_info.status_code == 200


def test_accepted_as_draft_the_object_is_not_public(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    editor = factories.make_staff("Redaktion")
    treasure = make_treasure()
    with django_capture_on_commit_callbacks(execute=True):
        heritage_object = moderation.accept_treasure(treasure, by=editor, publish=False)
    assert heritage_object.status == Status.DRAFT
    # Nothing public yet: nobody is told, the address is kept for the notice.
    assert mailoutbox == []
    treasure.refresh_from_db()
    assert treasure.email == "erika@example.org"
    assert not HeritageObject.objects.published().filter(pk=heritage_object.pk).exists()
    assert client.get(heritage_object.get_absolute_url()).status_code == 404
    image = heritage_object.images.get()
    assert client.get(f"/iiif/3/{image.iiif_identifier}/info.json").status_code == 404
    # Without a catalogue place the contributor's words are kept in the event.
    event = heritage_object.events.get()
    assert not event.places.exists()
    assert "Merseburg, Gotthardtstraße" in event.description
    # Later published by the same editor: nobody else changed the data since.
    from kulturschatz.collections import services

    services.publish_object(heritage_object, by=editor)
    assert heritage_object.status == Status.PUBLISHED


def test_the_moderator_may_retitle_and_type_it_and_numbers_count_on(
    django_capture_on_commit_callbacks,
):
    editor = factories.make_staff("Redaktion")
    institution = factories.make_institution()
    existing = Collection.objects.create(
        institution=institution,
        name="Unsere Bürgerschätze",
        slug=settings.KULTURSCHATZ_CONTRIBUTION_COLLECTION,
    )
    postcard = factories.make_concept("object_type", "Ansichtskarte")
    with django_capture_on_commit_callbacks(execute=True):
        first = moderation.accept_treasure(make_treasure(), by=editor, publish=False)
        second = moderation.accept_treasure(
            make_treasure(contributor_name="", date_text="", place_text=""),
            by=editor,
            publish=True,
            title="Ansichtskarte vom Dom",
            story="Eine Karte aus dem Nachlass.",
            object_type=postcard,
        )
    # The existing collection is used, with its institution.
    assert first.collection == second.collection == existing
    assert first.institution == institution
    assert first.identifier.endswith("-0001") and second.identifier.endswith("-0002")
    assert second.title == "Ansichtskarte vom Dom"
    assert second.object_type == postcard
    assert [d.text for d in second.descriptions.all()] == ["Eine Karte aus dem Nachlass."]
    # No date and no place: no event; an unnamed contributor is credited as anonymous.
    assert not second.events.exists()
    assert second.credit_line == "Bürgerschatz, geteilt von anonym"
    with pytest.raises(ValueError):
        moderation.accept_treasure(
            make_treasure(),
            by=editor,
            publish=False,
            object_type=Concept.objects.create(kind="material", label="Ton", slug="ton"),
        )


def test_a_decided_contribution_cannot_be_decided_again(django_capture_on_commit_callbacks):
    editor = factories.make_staff("Redaktion")
    treasure = make_treasure()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.accept_treasure(treasure, by=editor, publish=False)
    with pytest.raises(moderation.AlreadyDecidedError):
        moderation.accept_treasure(treasure, by=editor, publish=False)
    with pytest.raises(moderation.AlreadyDecidedError):
        moderation.reject(treasure, by=editor)
    assert HeritageObject.objects.count() == 1


# -- rejecting --------------------------------------------------------------------------


def test_rejecting_deletes_the_files_and_the_personal_data(django_capture_on_commit_callbacks):
    editor = factories.make_staff("Redaktion")
    treasure = make_treasure(photos=2)
    files = photo_names(treasure)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.reject(treasure, by=editor, reason="Kein Bezug zu Merseburg.")
    treasure.refresh_from_db()
    assert treasure.state == State.REJECTED
    assert treasure.decided_by == editor
    assert treasure.moderator_note == "Kein Bezug zu Merseburg."
    assert (treasure.contributor_name, treasure.email) == ("", "")
    assert treasure.personal_data_erased_at is not None
    assert not treasure.photos.exists()
    assert not any(default_storage.exists(name) for name in files)
    assert not HeritageObject.objects.exists()

    hint = make_hint(factories.make_object())
    moderation.reject(hint, by=editor)
    hint.refresh_from_db()
    assert (hint.state, hint.contributor_name, hint.email) == (State.REJECTED, "", "")


# -- who may decide ------------------------------------------------------------------------


def test_only_those_who_moderate_may_decide(django_capture_on_commit_callbacks):
    cataloguer = factories.make_staff("Katalogisierung")
    treasure = make_treasure()
    hint = make_hint(factories.make_object())
    with pytest.raises(PermissionDenied, match="Redaktion"):
        moderation.accept_treasure(treasure, by=cataloguer, publish=False)
    with pytest.raises(PermissionDenied):
        moderation.reject(treasure, by=cataloguer)
    with pytest.raises(PermissionDenied):
        moderation.accept_hint(hint, by=cataloguer, outcome=Hint.Outcome.SHOWN)
    treasure.refresh_from_db()
    assert treasure.state == State.SUBMITTED and treasure.photos.exists()
    assert not HeritageObject.objects.filter(collection__isnull=False).exists()
    assert not moderation.can_moderate(cataloguer)
    # Katalogisierung does not even see contributions (personal data).
    assert not cataloguer.has_perm("contributions.view_sharedtreasure")
    assert not cataloguer.has_perm("contributions.view_hint")

    for group in ("Redaktion", "Administration"):
        user = factories.make_staff(group)
        assert moderation.can_moderate(user)
        assert user.has_perm("contributions.view_sharedtreasure")
        assert user.has_perm("contributions.change_hint")
    administrator = factories.make_staff("Administration")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.accept_treasure(treasure, by=administrator, publish=True)
    moderation.accept_hint(hint, by=administrator, outcome=Hint.Outcome.MERGED)


def test_contributions_permissions_survive_a_rerun_of_the_group_setup():
    from django.contrib.auth.models import Group

    from kulturschatz.collections.staff_groups import ensure_staff_groups

    ensure_staff_groups()
    ensure_staff_groups()
    for name in ("Redaktion", "Administration"):
        codenames = set(
            Group.objects.get(name=name)
            .permissions.filter(content_type__app_label="contributions")
            .values_list("codename", flat=True)
        )
        assert "moderate_contribution" in codenames
        assert "view_contributionphoto" in codenames
        assert not {c for c in codenames if c.startswith(("add_", "delete_"))}
    assert not Group.objects.get(name="Katalogisierung").permissions.filter(
        content_type__app_label="contributions"
    ).exists()


# -- hints ----------------------------------------------------------------------------------


def test_a_hint_shown_appears_on_the_object_page_at_once(client):
    editor = factories.make_staff("Redaktion")
    heritage_object = factories.make_object()
    hint = make_hint(heritage_object)
    url = heritage_object.get_absolute_url()
    before = client.get(url)  # now in the page cache
    assert before.status_code == 200 and hint.text not in before.text
    token = last_change()

    moderation.accept_hint(hint, by=editor, outcome=Hint.Outcome.SHOWN)

    hint.refresh_from_db()
    assert (hint.state, hint.outcome) == (State.ACCEPTED, Hint.Outcome.SHOWN)
    assert hint.is_shown and hint.decided_by == editor
    assert hint.contributor_name == "Klaus W."
    assert last_change() != token  # the page cache's key moved
    assert list(heritage_object.hints.shown()) == [hint]
    after = client.get(url)
    assert hint.text in after.text


def test_a_merged_hint_is_not_shown_and_a_shown_one_can_be_taken_back():
    editor = factories.make_staff("Redaktion")
    heritage_object = factories.make_object()
    updated = heritage_object.updated_at
    merged = moderation.accept_hint(
        make_hint(heritage_object), by=editor, outcome=Hint.Outcome.MERGED
    )
    assert merged.outcome == Hint.Outcome.MERGED and not merged.is_shown
    heritage_object.refresh_from_db()
    assert heritage_object.updated_at > updated
    assert not heritage_object.hints.shown().exists()

    shown = moderation.accept_hint(make_hint(heritage_object), by=editor, outcome="shown")
    moderation.revoke_hint(shown, by=editor, reason="Doch nicht belegt.")
    shown.refresh_from_db()
    assert (shown.state, shown.outcome) == (State.REJECTED, "")
    assert (shown.contributor_name, shown.email) == ("", "")
    assert shown.moderator_note == "Doch nicht belegt."
    assert not heritage_object.hints.shown().exists()
    with pytest.raises(moderation.AlreadyDecidedError):
        moderation.revoke_hint(shown, by=editor)


def test_photos_in_the_catalogue_are_the_contributed_pixels(django_capture_on_commit_callbacks):
    editor = factories.make_staff("Redaktion")
    treasure = make_treasure()
    with treasure.photos.get().file.open("rb") as handle:
        contributed = Image.open(handle).size
    with django_capture_on_commit_callbacks(execute=True):
        heritage_object = moderation.accept_treasure(treasure, by=editor, publish=True)
    with heritage_object.images.get().master.open("rb") as handle:
        assert Image.open(handle).size == contributed
