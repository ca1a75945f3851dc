"""Staff cataloguing through the real admin forms, per staff group."""

import pytest
from django.urls import reverse

from kulturschatz.collections.models import (
    Agent,
    Concept,
    HeritageObject,
    ObjectImage,
)
from tests import factories

pytestmark = pytest.mark.django_db

INLINES = ["titles", "descriptions", "events", "measurements", "inscriptions", "images", "linked_resources", "relations"]
ADD_URL = "/admin/collections/heritageobject/add/"


def empty_inlines(**totals: int) -> dict:
    data = {}
    for prefix in INLINES:
        data[f"{prefix}-TOTAL_FORMS"] = str(totals.get(prefix, 0))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
    return data


@pytest.fixture
def vocabulary():
    return {
        "production": factories.make_concept(
            "event_type", "Herstellung", "production",
            uris=["http://terminology.lido-schema.org/lido00007"],
        ),
        "cast": factories.make_concept("role", "Gießer", "giesser"),
        "bronze": factories.make_concept(
            "material", "Bronze", "bronze", uris=["http://vocab.getty.edu/aat/300010957"]
        ),
        "slab": factories.make_concept("object_type", "Grabplatte", "grabplatte"),
    }


def object_form(institution, vocabulary, **overrides) -> dict:
    data = {
        "title": "Grabplatte Rudolfs von Rheinfelden",
        "title_lang": "de",
        "institution": str(institution.pk),
        "inventory_number": "DOM-1080-1",
        "identifier": "grabplatte-rudolf",
        "object_type": str(vocabulary["slab"].pk),
        "status": "draft",
        "rights": "http://creativecommons.org/publicdomain/mark/1.0/",
        "metadata_rights": "http://creativecommons.org/publicdomain/zero/1.0/",
        **empty_inlines(),
    }
    data.update(overrides)
    return data


def test_cataloguer_creates_object_with_events_images_and_authority_agents(client, vocabulary):
    cataloguer = factories.make_staff("Katalogisierung")
    client.force_login(cataloguer)
    institution = factories.make_institution()

    # The agent, with its GND link, through the agent admin form.
    response = client.post(
        "/admin/collections/agent/add/",
        {
            "kind": "person",
            "name": "Rudolf von Rheinfelden",
            "dates": "um 1025–1080",
            "death_year": "1080",
            "description": "Gegenkönig",
            "description_en": "",
            "uris-TOTAL_FORMS": "2",
            "uris-INITIAL_FORMS": "0",
            "uris-MIN_NUM_FORMS": "0",
            "uris-MAX_NUM_FORMS": "1000",
            "uris-0-uri": "http://d-nb.info/gnd/118603744/",
            "uris-1-uri": "https://www.wikidata.org/wiki/Q66012",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    agent = Agent.objects.get(name="Rudolf von Rheinfelden")
    # Authority URIs are stored in their canonical form, which deduplicates them.
    assert sorted(agent.uris.values_list("uri", flat=True)) == [
        "http://www.wikidata.org/entity/Q66012",
        "https://d-nb.info/gnd/118603744",
    ]

    data = object_form(
        institution,
        vocabulary,
        **{
            "titles-TOTAL_FORMS": "1",
            "titles-0-text": "Tomb slab of Rudolf of Rheinfelden",
            "titles-0-lang": "en",
            "titles-0-pref": "preferred",
            "titles-0-order": "0",
            "events-TOTAL_FORMS": "1",
            "events-0-event_type": str(vocabulary["production"].pk),
            "events-0-display_date": "1080–1081",
            "events-0-materials": [str(vocabulary["bronze"].pk)],
            "events-0-order": "0",
            "events-0-actors-TOTAL_FORMS": "1",
            "events-0-actors-INITIAL_FORMS": "0",
            "events-0-actors-MIN_NUM_FORMS": "0",
            "events-0-actors-MAX_NUM_FORMS": "1000",
            "events-0-actors-0-agent": str(agent.pk),
            "events-0-actors-0-role": str(vocabulary["cast"].pk),
            "events-0-actors-0-order": "0",
            "measurements-TOTAL_FORMS": "1",
            "measurements-0-dimension": "Höhe",
            "measurements-0-value": "196",
            "measurements-0-unit": "cm",
            "measurements-0-order": "0",
            "images-TOTAL_FORMS": "1",
            "images-0-master": factories.uploaded_image(size=(1200, 900)),
            "images-0-is_primary": "on",
            "images-0-order": "0",
            "images-0-caption": "Gesamtansicht",
            "images-0-rights": "http://creativecommons.org/licenses/by/4.0/",
        },
    )
    response = client.post(ADD_URL, data)
    assert response.status_code == 302, _errors(response)

    created = HeritageObject.objects.get(identifier="grabplatte-rudolf")
    assert created.status == "draft"
    assert created.created_by == cataloguer
    event = created.events.get()
    assert (event.earliest_year, event.latest_year) == (1080, 1081)
    assert list(event.materials.all()) == [vocabulary["bronze"]]
    actor = event.actors.get()
    assert actor.agent == agent and actor.role == vocabulary["cast"]
    assert (created.dating_display, created.earliest_year) == ("1080–1081", 1080)
    assert created.titles.get().text == "Tomb slab of Rudolf of Rheinfelden"
    assert str(created.measurements.get()) == "Höhe: 196 cm"
    image = created.images.get()
    assert (image.width, image.height) == (1200, 900)
    assert len(image.sha256) == 64
    assert image.master.name.startswith("masters/grabplatte-rudolf/")


def _errors(response) -> str:
    context = response.context
    if not context:
        return response.content.decode()[:3000]
    parts = [str(context["adminform"].form.errors)] if "adminform" in context else []
    for formset in context.get("inline_admin_formsets", []):
        parts.append(str(formset.formset.errors) + str(formset.formset.non_form_errors()))
    return "\n".join(parts)


def test_cataloguer_cannot_publish_and_gets_a_german_error(client, vocabulary):
    client.force_login(factories.make_staff("Katalogisierung"))
    institution = factories.make_institution()
    response = client.get(ADD_URL)
    status_choices = [value for value, _ in response.context["adminform"].form.fields["status"].choices]
    assert status_choices == ["draft", "review"]

    data = object_form(
        institution,
        vocabulary,
        status="published",
        **{"titles-TOTAL_FORMS": "1", "titles-0-text": "Nicht gespeichert", "titles-0-lang": "de",
           "titles-0-pref": "alternative", "titles-0-order": "0"},
    )
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "Auswahl" in str(response.context["adminform"].form.errors["status"])
    assert not HeritageObject.objects.exists()


def test_german_validation_errors_and_nothing_half_saved(client, vocabulary):
    client.force_login(factories.make_staff("Katalogisierung"))
    institution = factories.make_institution()
    factories.make_object(institution=institution, inventory_number="DOM-1080-1", identifier="vorhanden")
    data = object_form(
        institution,
        vocabulary,
        **{
            "events-TOTAL_FORMS": "1",
            "events-0-event_type": str(vocabulary["production"].pk),
            "events-0-display_date": "um 1080",
            "events-0-earliest_year": "1090",
            "events-0-latest_year": "1070",
            "events-0-order": "0",
            "events-0-actors-TOTAL_FORMS": "0",
            "events-0-actors-INITIAL_FORMS": "0",
            "events-0-actors-MIN_NUM_FORMS": "0",
            "events-0-actors-MAX_NUM_FORMS": "1000",
        },
    )
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Diese Institution hat bereits ein Objekt mit dieser Inventarnummer." in page
    assert "Das späteste Jahr liegt vor dem frühesten Jahr." in page
    assert HeritageObject.objects.count() == 1
    assert not HeritageObject.objects.filter(identifier="grabplatte-rudolf").exists()


def test_not_an_image_is_refused_in_german(client, vocabulary):
    client.force_login(factories.make_staff("Katalogisierung"))
    institution = factories.make_institution()
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = object_form(
        institution,
        vocabulary,
        **{
            "images-TOTAL_FORMS": "1",
            "images-0-master": SimpleUploadedFile("scan.jpg", b"%PDF-1.4 not an image", "image/jpeg"),
            "images-0-order": "0",
            "images-0-rights": "http://creativecommons.org/licenses/by/4.0/",
        },
    )
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    # The reason, in German, from the content: the name says JPEG, the bytes PDF.
    assert "„scan.jpg“ ist kein Bild, sondern ein PDF-Dokument" in response.content.decode()
    assert not HeritageObject.objects.exists()
    assert not ObjectImage.objects.exists()


def changelist_action(client, action: str, objects, **extra):
    return client.post(
        "/admin/collections/heritageobject/",
        {"action": action, "_selected_action": [str(o.pk) for o in objects], **extra},
    )


def test_editor_publishes_and_withdraws_with_bulk_actions(client):
    editor = factories.make_staff("Redaktion")
    client.force_login(editor)
    drafts = [factories.make_object(status="draft") for _ in range(3)]
    response = changelist_action(client, "publish_selected", drafts)
    assert response.status_code == 302
    assert set(HeritageObject.objects.values_list("status", flat=True)) == {"published"}
    assert all(o.published_at for o in HeritageObject.objects.all())
    assert HeritageObject.objects.published().count() == 3

    changelist_action(client, "withdraw_selected", drafts[:1])
    assert HeritageObject.objects.get(pk=drafts[0].pk).status == "withdrawn"
    assert HeritageObject.objects.published().count() == 2


def test_cataloguer_has_no_publish_actions(client):
    client.force_login(factories.make_staff("Katalogisierung"))
    draft = factories.make_object(status="draft")
    response = client.get("/admin/collections/heritageobject/")
    actions = [value for value, _ in response.context["action_form"].fields["action"].choices]
    assert "publish_selected" not in actions and "withdraw_selected" not in actions
    assert "submit_for_review" in actions
    # Forcing the action anyway publishes nothing.
    changelist_action(client, "publish_selected", [draft])
    assert HeritageObject.objects.get(pk=draft.pk).status == "draft"
    changelist_action(client, "submit_for_review", [draft])
    assert HeritageObject.objects.get(pk=draft.pk).status == "review"


def test_cataloguer_cannot_delete_objects_but_editor_can(client):
    heritage_object = factories.make_object()
    url = f"/admin/collections/heritageobject/{heritage_object.pk}/delete/"
    client.force_login(factories.make_staff("Katalogisierung"))
    assert client.post(url, {"post": "yes"}).status_code == 403
    client.force_login(factories.make_staff("Redaktion"))
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not HeritageObject.objects.exists()


def test_move_to_collection_action(client):
    client.force_login(factories.make_staff("Katalogisierung"))
    institution = factories.make_institution()
    target = factories.make_collection(institution)
    objects = [factories.make_object(institution=institution) for _ in range(2)]
    response = changelist_action(client, "move_selected", objects)
    assert response.status_code == 200  # the intermediate page
    assert "Sammlung" in response.content.decode()
    response = changelist_action(
        client, "move_selected", objects, apply="1", collection=str(target.pk)
    )
    assert response.status_code == 302
    assert {o.collection_id for o in HeritageObject.objects.all()} == {target.pk}

    other = factories.make_collection(factories.make_institution())
    changelist_action(client, "move_selected", objects, apply="1", collection=str(other.pk))
    assert {o.collection_id for o in HeritageObject.objects.all()} == {target.pk}


def test_user_management_is_for_administration_only(client):
    client.force_login(factories.make_staff("Redaktion"))
    assert client.get("/admin/auth/user/").status_code == 403
    client.force_login(factories.make_staff("Administration"))
    assert client.get("/admin/auth/user/").status_code == 200
    assert client.get("/admin/collections/institution/add/").status_code == 200


def test_changelist_search_filters_and_autocomplete(client, vocabulary):
    client.force_login(factories.make_staff("Katalogisierung"))
    factories.make_object(title="Merseburger Zaubersprüche", inventory_number="Cod. 136")
    factories.make_object(title="Thietmars Chronik", status="draft")
    response = client.get("/admin/collections/heritageobject/", {"q": "Cod. 136"})
    assert [o.title for o in response.context["cl"].result_list] == ["Merseburger Zaubersprüche"]
    response = client.get("/admin/collections/heritageobject/", {"status__exact": "draft"})
    assert [o.title for o in response.context["cl"].result_list] == ["Thietmars Chronik"]
    factories.make_agent("Thietmar von Merseburg", uris=["https://d-nb.info/gnd/118757083"])
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "Thiet", "app_label": "collections", "model_name": "eventactor", "field_name": "agent"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["Thietmar von Merseburg"]
    # Autocomplete honours limit_choices_to: only event types for an event's type.
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "", "app_label": "collections", "model_name": "event", "field_name": "event_type"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["Herstellung"]


def test_staff_preview_link_and_thumbnail_of_a_draft(client):
    draft = factories.make_object(status="draft")
    image = factories.make_image(draft)
    thumbnail = f"/iiif/3/{image.iiif_identifier}/full/!160,160/0/default.jpg"
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(thumbnail).status_code == 404
    client.force_login(factories.make_staff("Katalogisierung"))
    page = client.get(f"/admin/collections/heritageobject/{draft.pk}/change/").content.decode()
    assert thumbnail in page
    assert "/admin/r/" in page  # "view on site": the preview of the public page
    preview = client.get(draft.get_absolute_url())
    assert preview.status_code == 200
    assert "nicht öffentlich" in preview.content.decode()
    response = client.get(thumbnail)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]


def test_concept_kinds_are_separate():
    factories.make_concept("material", "Bronze", "bronze")
    factories.make_concept("object_type", "Bronze", "bronze")  # same key, other kind
    assert Concept.objects.filter(slug="bronze").count() == 2


def test_oversized_images_are_refused_with_the_reason(client, vocabulary, settings):
    settings.KULTURSCHATZ_MAX_IMAGE_PIXELS = 1_000_000
    client.force_login(factories.make_staff("Katalogisierung"))
    data = object_form(
        factories.make_institution(),
        vocabulary,
        **{
            "images-TOTAL_FORMS": "1",
            "images-0-master": factories.uploaded_image(size=(1500, 1000)),
            "images-0-order": "0",
            "images-0-rights": "http://creativecommons.org/licenses/by/4.0/",
        },
    )
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "Das Bild hat 1.500.000 Pixel; zulässig sind höchstens 1.000.000." in response.content.decode()
    assert not HeritageObject.objects.exists()
