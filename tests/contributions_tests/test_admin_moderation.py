"""The moderation queue in the admin, through its real pages: the lists, the
photo previews (staff only, no metadata), accepting and rejecting."""

import io

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from kulturschatz.collections.models import HeritageObject, Place
from kulturschatz.contributions.models import Hint, SharedTreasure, State
from tests import factories
from tests.contributions_tests.rows import make_hint, make_treasure

pytestmark = pytest.mark.django_db

ADMIN = f"/{settings.ADMIN_PATH}"


def changelist(model) -> str:
    return reverse(f"admin:contributions_{model._meta.model_name}_changelist")


def decide_url(obj, decision: str) -> str:
    return reverse(
        f"admin:contributions_{obj._meta.model_name}_decide", args=[obj.pk, decision]
    )


def photo_url(photo, size: int = 480) -> str:
    return reverse(
        "admin:contributions_sharedtreasure_photo", args=[photo.treasure_id, photo.uuid, size]
    )


@pytest.fixture
def editor(client):
    user = factories.make_staff("Redaktion")
    client.force_login(user)
    return user


def test_the_queue_lists_what_awaits_moderation_newest_first(client, editor):
    older = make_treasure(title="Feuerwehrhelm vom Großvater")
    newer = make_treasure(title="Postkarte vom Neumarkt")
    decided = make_treasure(title="Schon entschieden", photos=0)
    SharedTreasure.objects.filter(pk=decided.pk).update(state=State.REJECTED)
    SharedTreasure.objects.filter(pk=older.pk).update(
        submitted_at=newer.submitted_at.replace(year=newer.submitted_at.year - 1)
    )

    page = client.get(changelist(SharedTreasure))
    assert page.status_code == 200
    text = page.text
    assert "Geteilte Schätze" in text
    assert text.index("Postkarte vom Neumarkt") < text.index("Feuerwehrhelm vom Großvater")
    assert "Schon entschieden" not in text
    assert "wartet auf Moderation (2)" in text  # the state filter counts
    assert photo_url(newer.photos.get(), 160) in text  # a preview, never the file
    assert newer.photos.get().file.name not in text
    assert "erika@example.org" not in text

    everything = client.get(changelist(SharedTreasure), {"state": "all"})
    assert "Schon entschieden" in everything.text
    # Nobody adds contributions in the admin.
    assert client.get(reverse("admin:contributions_sharedtreasure_add")).status_code == 403

    # The admin index says what waits.
    make_hint(factories.make_object())
    index = client.get(f"{ADMIN}/")
    assert "2 geteilte Schätze" in index.text and "1 Hinweis" in index.text
    hints = client.get(changelist(Hint))
    assert "Hinweise" in hints.text and "Lehrling" in hints.text


def test_the_photo_preview_is_a_small_jpeg_without_metadata(client, editor):
    treasure = make_treasure()
    photo = treasure.photos.get()
    with photo.file.open("rb") as handle:
        assert Image.open(handle).getexif()  # the upload carries EXIF with GPS

    response = client.get(photo_url(photo, 480))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "JPEG" and max(image.size) == 480
    assert not image.getexif()
    assert not {"exif", "xmp", "comment", "icc_profile"} & set(image.info)
    assert b"Testkamera" not in response.content and b"GPS" not in response.content
    assert client.get(photo_url(photo, 999)).status_code == 404

    # The change page shows the previews and the shared position.
    from decimal import Decimal

    type(photo).objects.filter(pk=photo.pk).update(
        latitude=Decimal("51.356400"), longitude=Decimal("11.991700")
    )
    page = client.get(reverse("admin:contributions_sharedtreasure_change", args=[treasure.pk]))
    assert page.status_code == 200
    assert photo_url(photo, 480) in page.text
    assert "51.356400" in page.text and "11.991700" in page.text
    assert "erika@example.org" not in page.text  # the address is for the notice only


def test_anonymous_visitors_and_cataloguers_get_no_photo(client):
    photo = make_treasure().photos.get()
    anonymous = client.get(photo_url(photo))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    client.force_login(factories.make_staff("Katalogisierung"))
    assert client.get(photo_url(photo)).status_code == 403
    assert client.get(changelist(SharedTreasure)).status_code == 403
    assert client.get(decide_url(photo.treasure, "accept")).status_code == 403


def test_accepting_a_treasure_through_the_admin(
    client, editor, django_capture_on_commit_callbacks
):
    treasure = make_treasure(place_text="Merseburg")
    place = Place.objects.create(name="Merseburg")
    change_url = reverse("admin:contributions_sharedtreasure_change", args=[treasure.pk])
    page = client.get(change_url)
    assert decide_url(treasure, "accept") in page.text
    assert decide_url(treasure, "reject") in page.text

    # The moderator tidies the title while it waits.
    form = client.get(change_url)
    assert 'name="title"' in form.text and 'name="licence"' not in form.text
    saved = client.post(
        change_url,
        {
            "title": "Omas Kaffeekanne (Porzellan)",
            "story": treasure.story,
            "date_text": treasure.date_text,
            "place_text": treasure.place_text,
        },
    )
    assert saved.status_code == 302

    confirm = client.get(decide_url(treasure, "accept"))
    assert confirm.status_code == 200
    assert "Sofort veröffentlichen" in confirm.text and "Bürgerschätze" in confirm.text
    # The contributor's place is found in the catalogue and offered.
    assert f'<option value="{place.pk}" selected>' in confirm.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            decide_url(treasure, "accept"), {"publish": "1", "place": place.pk}, follow=True
        )
    assert response.status_code == 200
    heritage_object = HeritageObject.objects.get(collection__slug="buergerschaetze")
    assert heritage_object.title == "Omas Kaffeekanne (Porzellan)"
    assert heritage_object.status == HeritageObject.Status.PUBLISHED
    admin_link = reverse("admin:collections_heritageobject_change", args=[heritage_object.pk])
    assert admin_link in response.text and "veröffentlicht" in response.text
    assert heritage_object.get_absolute_url() in response.text
    treasure.refresh_from_db()
    assert treasure.state == State.ACCEPTED
    # Decided: the page is read-only and offers no decision any more.
    page = client.get(change_url)
    assert decide_url(treasure, "accept") not in page.text
    assert 'name="title"' not in page.text
    again = client.post(decide_url(treasure, "accept"), {"publish": "1"})
    assert again.status_code == 302
    assert HeritageObject.objects.count() == 1


def test_rejecting_through_the_admin(client, editor, django_capture_on_commit_callbacks):
    treasure = make_treasure()
    name = treasure.photos.get().file.name
    confirm = client.get(decide_url(treasure, "reject"))
    assert confirm.status_code == 200 and "Begründung (intern)" in confirm.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide_url(treasure, "reject"), {"reason": "Werbung"})
    assert response.status_code == 302
    treasure.refresh_from_db()
    assert treasure.state == State.REJECTED and treasure.moderator_note == "Werbung"
    assert treasure.contributor_name == "" and treasure.email == ""
    assert not default_storage.exists(name)


def test_accepting_hints_through_the_admin(client, editor):
    heritage_object = factories.make_object()
    shown = make_hint(heritage_object)
    merged = make_hint(heritage_object, text="Die Inventarnummer lautet richtig 1234.")

    confirm = client.get(decide_url(shown, "accept"))
    assert "Auf der öffentlichen Objektseite zeigen" in confirm.text
    response = client.post(decide_url(shown, "accept"), {"outcome": "shown"}, follow=True)
    assert heritage_object.get_absolute_url() in response.text
    shown.refresh_from_db()
    assert shown.is_shown

    response = client.post(decide_url(merged, "accept"), {"outcome": "merged"}, follow=True)
    object_admin = reverse("admin:collections_heritageobject_change", args=[heritage_object.pk])
    assert object_admin in response.text
    merged.refresh_from_db()
    assert merged.outcome == Hint.Outcome.MERGED

    # A shown hint can be taken off the page again.
    page = client.get(reverse("admin:contributions_hint_change", args=[shown.pk]))
    assert decide_url(shown, "revoke") in page.text
    client.post(decide_url(shown, "revoke"), {"reason": ""})
    shown.refresh_from_db()
    assert shown.state == State.REJECTED and not shown.is_shown
