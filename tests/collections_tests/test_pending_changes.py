"""Changes to published objects under the four-eyes principle: an edit by a
person it binds waits for a second member of Redaktion (a proposal), while the
public keeps seeing the published state; approving publishes it, rejecting
discards it. Through the real admin, with logged-in group members."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from kulturschatz.collections import history, services
from kulturschatz.collections.models import ChangeProposal, HeritageObject
from tests import factories
from tests.metadata_tests.test_oai import oai, xpath
from tests.search_tests import whoosh_settings

from .admin_forms import change_object, german, log_in, messages_of

pytestmark = pytest.mark.django_db
Status = HeritageObject.Status
State = ChangeProposal.State
PENDING_NOTICE = (
    "Your changes to “%(object)s” await approval: the public keeps seeing the "
    "published version until a second member of the editorial team (Redaktion) "
    "approves them. The form shows the published version."
)
OWN_PROPOSAL = (
    "Four-eyes principle: you proposed this change yourself, so a second "
    "member of the editorial team (Redaktion) must approve it."
)
CHANGED = "The {name} “{obj}” was changed successfully."


@pytest.fixture(autouse=True)
def _oai_and_search(settings, tmp_path):
    settings.KULTURSCHATZ_OAI_REPOSITORY_IDENTIFIER = "kulturschatz.example.org"
    settings.KULTURSCHATZ_FOUR_EYES = True
    with whoosh_settings(tmp_path / "index"):
        yield


@pytest.fixture
def reliquary(django_capture_on_commit_callbacks):
    """A published, indexed object with an event with an actor and an image."""
    with django_capture_on_commit_callbacks(execute=True):
        heritage_object = factories.make_object(
            identifier="reliquiar", title="Reliquiar des heiligen Laurentius", status=Status.DRAFT
        )
        production = factories.make_concept("event_type", "Herstellung", "production")
        event = heritage_object.events.create(event_type=production, display_date="um 1200")
        event.actors.create(agent=factories.make_agent("Goldschmied Roger"))
        factories.make_image(heritage_object)
        services.publish_object(heritage_object)
    # Backdated, so that a datestamp moved by approval is visible to the second.
    HeritageObject.objects.filter(pk=heritage_object.pk).update(
        updated_at=datetime.datetime(2024, 5, 1, 12, tzinfo=datetime.UTC)
    )
    heritage_object.refresh_from_db()
    return heritage_object


def decide_url(heritage_object, proposal, decision: str) -> str:
    return reverse(
        "admin:collections_heritageobject_decide_proposal",
        args=[heritage_object.pk, proposal.pk, decision],
    )


def history_page(client, heritage_object) -> str:
    url = reverse("admin:collections_heritageobject_history", args=[heritage_object.pk])
    return client.get(url).content.decode()


def public_view(client, heritage_object) -> dict:
    """What an anonymous visitor gets: page, search, manifest, OAI datestamp."""
    client.logout()
    page = client.get(f"/objekt/{heritage_object.identifier}/").content.decode()
    manifest = client.get(f"/iiif/manifest/{heritage_object.identifier}").json()
    root = oai(
        client,
        verb="GetRecord",
        identifier=f"oai:kulturschatz.example.org:{heritage_object.identifier}",
        metadataPrefix="oai_dc",
    )
    return {
        "page": page,
        "manifest label": manifest["label"],
        "datestamp": xpath(root, "//oai:header/oai:datestamp/text()")[0],
        "finds old title": search_titles(client, "Laurentius"),
        "finds new title": search_titles(client, "Bergkristallreliquiar"),
    }


def search_titles(client, text: str) -> list[str]:
    return [r["title"] for r in client.get("/api/search", {"q": text}).json()["results"]]


def test_a_cataloguer_s_edit_waits_for_approval_and_a_colleague_publishes_it(
    client, reliquary, django_capture_on_commit_callbacks
):
    heritage_object = reliquary
    before = public_view(client, heritage_object)
    assert "Goldschmied Roger" in before["page"]
    assert before["finds old title"] == ["Reliquiar des heiligen Laurentius"]

    cataloguer = factories.make_staff("Katalogisierung")
    heinrich = factories.make_agent("Meister Heinrich")
    log_in(client, cataloguer)
    with django_capture_on_commit_callbacks(execute=True):
        response = change_object(
            client,
            heritage_object,
            title="Bergkristallreliquiar",
            **{"events-0-actors-0-agent": str(heinrich.pk)},
        )
    assert response.status_code == 200
    texts = messages_of(response)
    assert any(german(PENDING_NOTICE, object=heritage_object) in m for m in texts), texts
    assert not any("erfolgreich geändert" in m or "successfully" in m for m in texts), texts

    # Nothing of it is live; the proposal holds it.
    heritage_object.refresh_from_db()
    assert heritage_object.title == "Reliquiar des heiligen Laurentius"
    assert heritage_object.events.get().actors.get().agent.name == "Goldschmied Roger"
    assert heritage_object.last_editor is None and heritage_object.status == Status.PUBLISHED
    proposal = ChangeProposal.objects.get()
    assert (proposal.state, proposal.proposed_by) == (State.PENDING, cataloguer)
    proposed = history.states_of_revisions(heritage_object.pk, [proposal.revision_id])[
        proposal.revision_id
    ]
    assert proposed.heritage_object.fields["title"] == "Bergkristallreliquiar"
    assert [r.fields["agent"] for r in proposed.parts(history.EventActor)] == [heinrich.pk]
    assert public_view(client, heritage_object) == before

    # The form shows the live state with a notice; the cataloguer may not approve.
    log_in(client, cataloguer)
    form = client.get(reverse("admin:collections_heritageobject_change", args=[heritage_object.pk]))
    assert 'id="pending-proposal"' in form.content.decode()
    assert 'value="Reliquiar des heiligen Laurentius"' in form.content.decode()
    response = client.post(decide_url(heritage_object, proposal, "approve"), follow=True)
    assert any("veröffentlichen" in m for m in messages_of(response)), messages_of(response)
    proposal.refresh_from_db()
    assert proposal.state == State.PENDING

    # A member of Redaktion finds it, reads the diff against the live version, approves.
    editor = factories.make_staff("Redaktion")
    log_in(client, editor)
    listed = client.get("/admin/collections/heritageobject/", {"approval": "pending"})
    assert listed.context["cl"].result_count == 1
    assert "Reliquiar des heiligen Laurentius" in listed.content.decode()
    page = history_page(client, heritage_object)
    assert 'id="proposal"' in page
    assert '<td class="history-old">Reliquiar des heiligen Laurentius</td>' in page
    assert '<td class="history-new">Bergkristallreliquiar</td>' in page
    assert "Meister Heinrich" in page
    assert decide_url(heritage_object, proposal, "approve") in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide_url(heritage_object, proposal, "approve"), follow=True)
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert (proposal.state, proposal.decided_by) == (State.APPROVED, editor)
    heritage_object.refresh_from_db()
    assert heritage_object.title == "Bergkristallreliquiar"
    assert heritage_object.last_editor == cataloguer and heritage_object.updated_by == editor
    assert heritage_object.status == Status.PUBLISHED

    after = public_view(client, heritage_object)
    assert "Meister Heinrich" in after["page"] and "Goldschmied Roger" not in after["page"]
    assert "Bergkristallreliquiar" in str(after["manifest label"])
    assert after["finds new title"] == ["Bergkristallreliquiar"]
    assert after["finds old title"] == []
    assert after["datestamp"] > before["datestamp"]

    # History: the proposal (marked approved) and the approval as the live version.
    log_in(client, editor)
    comments = [v.revision.comment for v in history.versions_of(heritage_object.pk)]
    before_date, after_date = german(
        "Approved: the change proposed by %(user)s on %(date)s",
        user=cataloguer.username,
        date="\x00",
    ).split("\x00")
    assert comments[0].startswith(before_date) and comments[0].endswith(after_date)
    page = history_page(client, heritage_object)
    assert 'id="proposal"' not in page
    assert str(State.APPROVED.label) in page or german("approved") in page


def test_the_proposer_may_not_approve_their_own_change_a_superuser_may(client, reliquary):
    heritage_object = reliquary
    anna = factories.make_staff("Redaktion")
    log_in(client, anna)
    change_object(client, heritage_object, title="Reliquiar, Bergkristall")
    proposal = ChangeProposal.objects.get(state=State.PENDING)
    assert proposal.proposed_by == anna
    page = history_page(client, heritage_object)
    assert decide_url(heritage_object, proposal, "approve") not in page
    response = client.post(decide_url(heritage_object, proposal, "approve"), follow=True)
    assert german(OWN_PROPOSAL) in messages_of(response)
    assert HeritageObject.objects.get(pk=heritage_object.pk).title == "Reliquiar des heiligen Laurentius"

    root = User.objects.create_superuser("root", password="Merseburg-1080-Test")
    log_in(client, root)
    client.post(decide_url(heritage_object, proposal, "approve"))
    assert HeritageObject.objects.get(pk=heritage_object.pk).title == "Reliquiar, Bergkristall"
    assert ChangeProposal.objects.get().state == State.APPROVED


def test_rejecting_discards_the_proposal_and_keeps_its_reason_for_staff(client, reliquary):
    heritage_object = reliquary
    cataloguer = factories.make_staff("Katalogisierung")
    log_in(client, cataloguer)
    change_object(client, heritage_object, title="Falsch gelesen")
    proposal = ChangeProposal.objects.get()

    editor = factories.make_staff("Redaktion")
    log_in(client, editor)
    response = client.post(
        decide_url(heritage_object, proposal, "reject"), {"reason": "Quelle nicht belegt"}, follow=True
    )
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert (proposal.state, proposal.decided_by, proposal.reason) == (
        State.REJECTED,
        editor,
        "Quelle nicht belegt",
    )
    heritage_object.refresh_from_db()
    assert heritage_object.title == "Reliquiar des heiligen Laurentius"
    assert services.pending_proposal(heritage_object) is None
    listed = client.get("/admin/collections/heritageobject/", {"approval": "pending"})
    assert listed.context["cl"].result_count == 0
    page = history_page(client, heritage_object)
    assert "Quelle nicht belegt" in page and 'id="proposal"' not in page
    # The rejected proposal is shown, not offered for approval, not public.
    assert decide_url(heritage_object, proposal, "approve") not in page
    client.logout()
    public = client.get(f"/objekt/{heritage_object.identifier}/").content.decode()
    assert "Falsch gelesen" not in public and "Quelle nicht belegt" not in public


def test_a_second_edit_supersedes_the_waiting_proposal(client, reliquary):
    heritage_object = reliquary
    cataloguer = factories.make_staff("Katalogisierung")
    log_in(client, cataloguer)
    change_object(client, heritage_object, title="Erster Vorschlag")
    change_object(client, heritage_object, title="Zweiter Vorschlag")
    first, second = ChangeProposal.objects.order_by("pk")
    assert (first.state, second.state) == (State.SUPERSEDED, State.PENDING)
    log_in(client, factories.make_staff("Redaktion"))
    response = client.post(decide_url(heritage_object, first, "approve"), follow=True)
    assert any(german("This proposal has already been decided.") in m for m in messages_of(response))
    client.post(decide_url(heritage_object, second, "approve"))
    assert HeritageObject.objects.get(pk=heritage_object.pk).title == "Zweiter Vorschlag"


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW, Status.WITHDRAWN])
def test_edits_of_objects_the_public_does_not_see_are_written_at_once(client, status):
    heritage_object = factories.make_object(status=status, title="Kasel")
    log_in(client, factories.make_staff("Katalogisierung"))
    response = change_object(client, heritage_object, title="Kasel aus rotem Samt")
    assert HeritageObject.objects.get(pk=heritage_object.pk).title == "Kasel aus rotem Samt"
    assert not ChangeProposal.objects.exists()
    assert not any(german(PENDING_NOTICE, object=heritage_object) in m for m in messages_of(response))


def test_without_four_eyes_or_as_superuser_edits_are_public_at_once(client, reliquary, settings):
    heritage_object = reliquary
    settings.KULTURSCHATZ_FOUR_EYES = False
    log_in(client, factories.make_staff("Katalogisierung"))
    change_object(client, heritage_object, title="Reliquiar (ohne vier Augen)")
    assert HeritageObject.objects.get(pk=heritage_object.pk).title == "Reliquiar (ohne vier Augen)"

    settings.KULTURSCHATZ_FOUR_EYES = True
    log_in(client, User.objects.create_superuser("root", password="Merseburg-1080-Test"))
    change_object(client, heritage_object, title="Reliquiar (Superuser)")
    assert HeritageObject.objects.get(pk=heritage_object.pk).title == "Reliquiar (Superuser)"
    assert not ChangeProposal.objects.exists()


def test_featuring_a_published_object_is_no_change_of_its_data(client, reliquary):
    heritage_object = reliquary
    log_in(client, factories.make_staff("Redaktion"))
    change_object(client, heritage_object, featured="on")
    heritage_object.refresh_from_db()
    assert heritage_object.featured and not ChangeProposal.objects.exists()


def test_restoring_a_version_of_a_published_object_becomes_a_proposal(client, reliquary):
    heritage_object = reliquary
    root = User.objects.create_superuser("root", password="Merseburg-1080-Test")
    log_in(client, root)
    change_object(client, heritage_object, title="Neuer Titel")  # live at once
    heritage_object.refresh_from_db()
    original = history.versions_of(heritage_object.pk).last()

    cataloguer = factories.make_staff("Katalogisierung")
    log_in(client, cataloguer)
    url = reverse("admin:collections_heritageobject_restore_version", args=[heritage_object.pk, original.pk])
    response = client.post(url, follow=True)
    assert any(german(PENDING_NOTICE, object=heritage_object) in m for m in messages_of(response))
    assert HeritageObject.objects.get(pk=heritage_object.pk).title == "Neuer Titel"
    proposal = ChangeProposal.objects.get(state=State.PENDING)
    assert proposal.proposed_by == cataloguer

    log_in(client, factories.make_staff("Redaktion"))
    client.post(decide_url(heritage_object, proposal, "approve"))
    assert HeritageObject.objects.get(pk=heritage_object.pk).title == "Reliquiar des heiligen Laurentius"


def test_an_image_removed_in_a_proposal_stays_public_until_approved(client, reliquary):
    heritage_object = reliquary
    image = heritage_object.images.get()
    log_in(client, factories.make_staff("Katalogisierung"))
    change_object(client, heritage_object, **{"images-0-DELETE": "on"})
    assert heritage_object.images.get() == image
    client.logout()
    assert client.get(f"/iiif/3/{image.uuid.hex}/info.json").status_code == 200
    log_in(client, factories.make_staff("Redaktion"))
    client.post(decide_url(heritage_object, ChangeProposal.objects.get(), "approve"))
    assert not heritage_object.images.exists()


def test_a_caption_changed_on_the_image_page_waits_for_approval_too(client, reliquary):
    image = reliquary.images.get()
    log_in(client, factories.make_staff("Katalogisierung"))
    url = reverse("admin:collections_objectimage_change", args=[image.pk])
    from .admin_forms import form_data

    data = form_data(client.get(url).content.decode(), "objectimage_form")
    data["caption"] = ["Vorderseite"]
    response = client.post(url, data, follow=True)
    assert any(german(PENDING_NOTICE, object=reliquary) in m for m in messages_of(response))
    image.refresh_from_db()
    assert image.caption == ""
    assert ChangeProposal.objects.get().state == State.PENDING


def test_a_bulk_upload_to_a_published_object_waits_for_approval_as_one_proposal(
    client, reliquary, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kulturschatz.collections.bulk_upload import ATTACHED, DUPLICATE, attach_images

    heritage_object = reliquary
    draft = factories.make_object(status=Status.DRAFT, inventory_number="Entwurf 7")
    (live_image,) = heritage_object.images.all()
    cataloguer = factories.make_staff("Katalogisierung")

    def files():
        return [
            SimpleUploadedFile(f"{heritage_object.inventory_number}_{n}.jpg", factories.image_bytes(colour=colour))
            for n, colour in ((1, "#102030"), (2, "#304050"))
        ] + [SimpleUploadedFile("Entwurf_7.jpg", factories.image_bytes(colour="#506070"))]

    with django_capture_on_commit_callbacks(execute=True):
        report = attach_images(files(), by=cataloguer)
    assert report.counts[ATTACHED] == 3
    # The draft has its image at once; the published object keeps its one image.
    assert draft.images.count() == 1
    assert list(heritage_object.images.all()) == [live_image]
    proposal = ChangeProposal.objects.get(state=State.PENDING)
    proposed = history.states_of_revisions(heritage_object.pk, [proposal.revision_id])[proposal.revision_id]
    assert len(proposed.parts(history.ObjectImage)) == 3  # both files in one proposal
    # Sent again: already present (in the proposal), nothing new.
    again = attach_images(files()[:2], by=cataloguer)
    assert again.counts[DUPLICATE] == 2
    client.logout()
    assert len(client.get(f"/iiif/manifest/{heritage_object.identifier}").json()["items"]) == 1

    log_in(client, factories.make_staff("Redaktion"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide_url(heritage_object, proposal, "approve"))
    assert heritage_object.images.count() == 3
    assert all(image.derivatives_ready for image in heritage_object.images.all())
    client.logout()
    assert len(client.get(f"/iiif/manifest/{heritage_object.identifier}").json()["items"]) == 3
