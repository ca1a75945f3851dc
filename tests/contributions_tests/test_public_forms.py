"""The public side of Mitmachen over HTTP: sharing a treasure, giving a hint, the
private page, and every way a submission is refused (issue 9)."""

import io
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kulturschatz.contributions.models import (
    ContributionPhoto,
    Hint,
    Licence,
    SharedTreasure,
    State,
    hash_token,
)
from tests import factories
from tests.collections_tests.test_query_counts import HIDDEN
from tests.collections_tests.test_uploads import GPS_IFD, encoded, gps_jpeg, photo

pytestmark = pytest.mark.django_db
SHARE = "/mitmachen/schatz-teilen/"
PRIVATE = re.compile(r"^/(?:en/)?mitmachen/beitrag/([A-Za-z0-9_-]+)/\?neu=1$")


def upload(data: bytes, name: str = "foto.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def treasure_form(**changes) -> dict:
    values = {
        "photos": [upload(gps_jpeg(), "kanne.jpg"), upload(gps_jpeg((600, 800)), "tisch.jpg")],
        "title": "Omas Kaffeekanne",
        "story": "Die Kanne stand jeden Sonntag auf dem Tisch.\nHöhe < 30 cm.",
        "date_text": "um 1960",
        "place_text": "Merseburg, Gotthardtstraße",
        "contributor_name": "Erika M.",
        "licence": Licence.CC_BY_SA.value,
        "rights_confirmed": "on",
        "email": "erika@example.org",
        "privacy_consent": "on",
        "website": "",
    }
    values.update(changes)
    return {key: value for key, value in values.items() if value is not None}


def stored_files() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "contributions"
    return sorted(folder.iterdir()) if folder.exists() else []


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


def assert_private_headers(response) -> None:
    assert response["Cache-Control"] == "private, no-store"
    # Never the path (the private link's token); not "no-referrer", with which
    # browsers send "Origin: null" and the CSRF check refuses the form.
    assert response["Referrer-Policy"] == "strict-origin"
    assert response["X-Robots-Tag"] == "noindex"


def assert_nothing_stored(before: list[Path]) -> None:
    assert SharedTreasure.objects.count() == 0
    assert ContributionPhoto.objects.count() == 0
    assert stored_files() == before


# -- sharing a treasure ------------------------------------------------------------------


def test_the_form_asks_for_everything_with_labels_and_private_headers(client):
    response = client.get(SHARE)
    assert response.status_code == 200
    assert_private_headers(response)
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert re.search(r'<input type="file" name="photos"[^>]* multiple', page)
    for field in ["photos", "title", "story", "date_text", "place_text", "contributor_name",
                  "rights_confirmed", "email", "share_location", "privacy_consent"]:  # fmt: skip
        assert f'<label for="id_{field}">' in page, field
    for licence in Licence:
        assert f'value="{licence.value}"' in page
    assert "<legend>Lizenz</legend>" in page and "auch kommerziell" in page
    assert 'name="website"' in page  # the honeypot
    assert "Datenschutz in Kürze" in page and 'href="/mitmachen/datenschutz/"' in page
    assert "höchstens 10 Fotos" not in page and "1 bis 10 Fotos, jedes höchstens 30 MB" in page


def test_a_treasure_with_two_photos_is_stored_without_gps(client):
    before = stored_files()
    response = client.post(SHARE, treasure_form())
    assert response.status_code == 302
    token = PRIVATE.match(response["Location"]).group(1)
    treasure = SharedTreasure.objects.get()
    assert treasure.token_hash == hash_token(token) and token not in treasure.token_hash
    assert treasure.state == State.SUBMITTED and treasure.language == "de"
    assert treasure.title == "Omas Kaffeekanne" and treasure.licence == Licence.CC_BY_SA
    assert treasure.story == "Die Kanne stand jeden Sonntag auf dem Tisch.\nHöhe < 30 cm."
    assert treasure.privacy_consent_at and treasure.rights_confirmed_at
    assert treasure.contributor_name == "Erika M." and not treasure.share_location
    photos = list(treasure.photos.all())
    assert [p.original_name for p in photos] == ["kanne.jpg", "tisch.jpg"]
    assert [(p.width, p.height) for p in photos] == [(900, 700), (600, 800)]
    assert len(stored_files()) == len(before) + 2
    for stored in photos:
        data = stored.file.read()
        stored.file.close()
        assert stored.size == len(data) and len(stored.sha256) == 64
        assert stored.latitude is None and stored.longitude is None
        assert stored.file.name.startswith("contributions/") and "kanne" not in stored.file.name
        with Image.open(io.BytesIO(data)) as image:
            assert not image.getexif().get_ifd(GPS_IFD)
            assert image.size == (stored.width, stored.height)

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert_private_headers(page)
    text = text_of(page)
    assert "Vielen Dank für Ihren Beitrag!" in text
    assert f"http://testserver/mitmachen/beitrag/{token}/" in text
    assert "Wartet: Die Redaktion hat Ihren Beitrag noch nicht angesehen." in text
    assert "Omas Kaffeekanne" in text and "erika@example.org" in text
    assert "Höhe &lt; 30 cm." in text  # escaped, line break kept
    assert "kanne.jpg" in text and "beim Eingang entfernt" in text
    # Without ?neu=1 no thanks, and the withdrawal is offered.
    again = text_of(client.get(f"/mitmachen/beitrag/{token}/"))
    assert "Vielen Dank" not in again and 'name="confirm"' in again


def test_the_location_is_kept_when_the_contributor_shares_it(client):
    response = client.post(SHARE, treasure_form(share_location="on"))
    assert response.status_code == 302
    treasure = SharedTreasure.objects.get()
    assert treasure.share_location
    for stored in treasure.photos.all():
        with stored.file.open() as handle, Image.open(handle) as image:
            assert image.getexif().get_ifd(GPS_IFD)
        assert abs(stored.latitude - Decimal("51.3564")) < Decimal("0.001")
        assert abs(stored.longitude - Decimal("11.9917")) < Decimal("0.001")


def test_a_photo_over_the_contribution_limit_is_refused_in_german(client, settings):
    settings.KULTURSCHATZ_CONTRIBUTION_MAX_UPLOAD_BYTES = 1024 * 1024
    noise = Image.frombytes("RGB", (1200, 1000), os.urandom(1200 * 1000 * 3))
    big = encoded(noise, "JPEG", quality=95)
    assert len(big) > 1024 * 1024
    before = stored_files()
    response = client.post(SHARE, treasure_form(photos=[upload(gps_jpeg()), upload(big, "riesig.jpg")]))
    assert response.status_code == 200
    assert_private_headers(response)
    text = text_of(response)
    assert "„riesig.jpg“ ist größer als 1 MB (" in text
    assert 'class="error-summary"' in text and 'href="#id_photos"' in text
    assert "1 bis 10 Fotos, jedes höchstens 1 MB" in text
    assert_nothing_stored(before)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n", "kein Bild, sondern ein PDF-Dokument"),
        (b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "kein Bild, sondern eine HTML-Seite"),
    ],
    ids=["pdf", "html"],
)
def test_a_file_that_is_no_image_is_refused_whatever_its_name(client, data, kind):
    before = stored_files()
    response = client.post(SHARE, treasure_form(photos=[upload(gps_jpeg()), upload(data, "urlaub.jpg")]))
    assert response.status_code == 200
    assert f"„urlaub.jpg“ ist {kind}" in text_of(response)
    assert_nothing_stored(before)


def test_too_many_photos_are_refused(client, settings):
    settings.KULTURSCHATZ_CONTRIBUTION_MAX_PHOTOS = 2
    photos = [upload(encoded(photo((300, 200)), "JPEG"), f"{n}.jpg") for n in range(3)]
    before = stored_files()
    response = client.post(SHARE, treasure_form(photos=photos))
    assert response.status_code == 200
    assert "Bitte wählen Sie höchstens 2 Fotos aus (Sie haben 3 gewählt)." in text_of(response)
    assert_nothing_stored(before)


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("rights_confirmed", "Bitte bestätigen Sie, dass Sie die Rechte an diesen Fotos besitzen."),
        ("privacy_consent", "Bitte stimmen Sie den Datenschutzhinweisen zu, um Ihren Beitrag zu senden."),
        ("contributor_name", "Bitte geben Sie einen Namen oder ein Pseudonym an"),
        ("photos", "Bitte wählen Sie mindestens ein Foto aus."),
    ],
)
def test_required_answers_are_asked_for(client, field, message):
    before = stored_files()
    response = client.post(SHARE, treasure_form(**{field: None}))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in text_of(response)
    anchor = f"id_{field}"
    assert f'<a href="#{anchor}">' in page  # the summary leads to the field
    assert f'id="{anchor}_error"' in page and re.search(
        rf'<input [^>]*aria-describedby="[^"]*{anchor}_error"[^>]*id="{anchor}"|'
        rf'<input [^>]*id="{anchor}"[^>]*aria-describedby="[^"]*{anchor}_error"',
        page,
    )
    assert "<title>Fehler:" in page
    assert_nothing_stored(before)


def test_a_filled_honeypot_gets_400_and_nothing_is_stored(client):
    before = stored_files()
    response = client.post(SHARE, treasure_form(website="https://spam.example"))
    assert response.status_code == 400
    text = text_of(response)
    assert "Ihr Beitrag konnte nicht angenommen werden" in text
    assert "Dieses Feld bitte leer lassen" in text
    assert_nothing_stored(before)


@pytest.mark.parametrize(
    "story",
    ["Schön <b>fett</b>", "Siehe </p> hier", "<!-- Kommentar -->", "Klick <a href=x>hier</a>"],
)
def test_html_in_a_text_is_refused(client, story):
    before = stored_files()
    response = client.post(SHARE, treasure_form(story=story))
    assert response.status_code == 200
    assert "Bitte ohne HTML schreiben" in text_of(response)
    assert_nothing_stored(before)


def test_text_is_normalised_and_limited(client):
    too_long = treasure_form(title="T" * 301)
    assert "höchstens 300 Zeichen" in text_of(client.post(SHARE, too_long))
    links = "https://a.example http://b.example www.c.example https://d.example"
    assert "höchstens 3 Links" in text_of(client.post(SHARE, treasure_form(story=links)))
    response = client.post(
        SHARE,
        treasure_form(title="Cafe\u0301\x07 am Markt", story="Zeile eins\r\nZeile\x00 zwei <3"),
    )
    assert response.status_code == 302
    treasure = SharedTreasure.objects.get()
    assert treasure.title == "Café am Markt"
    assert treasure.story == "Zeile eins\nZeile zwei <3"


def test_a_failure_while_storing_leaves_no_row_and_no_file(client, monkeypatch):
    from kulturschatz.contributions import submission

    strip = submission.imaging.strip_location
    calls = []

    def fail_on_the_second(data: bytes) -> bytes:
        calls.append(len(data))
        if len(calls) == 2:
            raise OSError("disk full")
        return strip(data)

    monkeypatch.setattr(submission.imaging, "strip_location", fail_on_the_second)
    before = stored_files()
    with pytest.raises(OSError):
        submission.submit_treasure(
            title="Kanne", story="Geschichte", contributor_name="E.", licence=Licence.CC0,
            photos=[upload(gps_jpeg()), upload(gps_jpeg())], language="de",
        )  # fmt: skip
    assert len(calls) == 2
    assert_nothing_stored(before)


def test_a_photo_whose_location_cannot_be_removed_is_refused_with_a_form_error(
    client, monkeypatch
):
    from kulturschatz.contributions import submission

    def unfollowable(data: bytes) -> bytes:
        raise submission.imaging.ImageDecodeError("cannot follow the file's structure")

    monkeypatch.setattr(submission.imaging, "strip_location", unfollowable)
    before = stored_files()
    with pytest.raises(ValidationError) as refused:
        submission.submit_treasure(
            title="Kanne", story="Geschichte", contributor_name="E.", licence=Licence.CC0,
            photos=[upload(gps_jpeg(), name="seltsam.jpg")], language="de",
        )  # fmt: skip
    assert "„seltsam.jpg“ konnte nicht verarbeitet werden" in refused.value.messages[0]
    assert_nothing_stored(before)


def test_the_editorial_team_hears_of_a_new_treasure(client, settings, django_capture_on_commit_callbacks):
    settings.KULTURSCHATZ_MODERATION_EMAILS = ["redaktion@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(SHARE, treasure_form()).status_code == 302
    [message] = mail.outbox
    treasure = SharedTreasure.objects.get()
    assert message.to == ["redaktion@example.org"]
    assert "Omas Kaffeekanne" in message.subject
    assert f"/contributions/sharedtreasure/{treasure.pk}/change/" in message.body
    assert "erika@example.org" not in message.body + message.subject
    assert "Erika" not in message.body + message.subject


def test_mail_trouble_does_not_lose_the_contribution(client, settings, django_capture_on_commit_callbacks):
    settings.KULTURSCHATZ_MODERATION_EMAILS = ["redaktion@example.org"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(SHARE, treasure_form()).status_code == 302
    assert SharedTreasure.objects.count() == 1


# -- rate limits -------------------------------------------------------------------------


def test_after_the_allowed_treasures_the_next_gets_429_with_retry_after(client, settings):
    settings.KULTURSCHATZ_CONTRIBUTION_RATE = "2/h"
    for _ in range(2):
        assert client.post(SHARE, treasure_form()).status_code == 302
    files = stored_files()
    response = client.post(SHARE, treasure_form())
    assert response.status_code == 429
    assert_private_headers(response)
    assert 60 <= int(response["Retry-After"]) <= 3600
    text = text_of(response)
    assert "Zu viele Beiträge in kurzer Zeit" in text
    minutes = -(-int(response["Retry-After"]) // 60)
    assert f"Bitte versuchen Sie es in etwa {minutes} Minute" in text
    assert SharedTreasure.objects.count() == 2 and stored_files() == files
    # Refused forms do not count as contributions; another address is not limited.
    assert client.post(SHARE, treasure_form(), REMOTE_ADDR="192.0.2.7").status_code == 302


def test_every_post_counts_as_an_attempt(client, settings):
    settings.KULTURSCHATZ_CONTRIBUTION_ATTEMPT_RATE = "3/h"
    for _ in range(3):
        assert client.post(SHARE, treasure_form(privacy_consent=None)).status_code == 200
    assert client.post(SHARE, treasure_form()).status_code == 429
    assert SharedTreasure.objects.count() == 0
    # The hint form counts on its own.
    heritage_object = factories.make_object()
    assert client.get(f"/objekt/{heritage_object.identifier}/hinweis/").status_code == 200


# -- hints -------------------------------------------------------------------------------


def hint_form(**changes) -> dict:
    values = {
        "kind": Hint.Kind.MEMORY.value,
        "text": "Mein Großvater hat an dieser Orgel 1950 die Bälge getreten.",
        "contributor_name": "",
        "email": "",
        "privacy_consent": "on",
        "website": "",
    }
    values.update(changes)
    return {key: value for key, value in values.items() if value is not None}


def test_a_hint_on_a_public_object(client):
    heritage_object = factories.make_object(title="Ladegast-Orgel")
    url = f"/objekt/{heritage_object.identifier}/hinweis/"
    form = client.get(url)
    assert form.status_code == 200
    assert_private_headers(form)
    page = form.content.decode()
    assert "Ladegast-Orgel" in page and "<legend>Was für ein Hinweis ist es?</legend>" in page
    response = client.post(url, hint_form())
    assert response.status_code == 302
    token = PRIVATE.match(response["Location"]).group(1)
    hint = Hint.objects.get()
    assert hint.heritage_object == heritage_object and hint.state == State.SUBMITTED
    assert hint.token_hash == hash_token(token) and hint.privacy_consent_at
    assert hint.contributor_name == "" and hint.credit == "anonym"
    text = text_of(client.get(response["Location"]))
    assert "Vielen Dank für Ihren Beitrag!" in text and "Bälge getreten" in text


def test_the_hint_form_refuses_what_the_treasure_form_refuses(client, settings):
    heritage_object = factories.make_object()
    url = f"/objekt/{heritage_object.identifier}/hinweis/"
    assert client.post(url, hint_form(website="x")).status_code == 400
    assert "Bitte ohne HTML" in text_of(client.post(url, hint_form(text="<script>x</script>")))
    assert "Datenschutzhinweisen zu" in text_of(client.post(url, hint_form(privacy_consent=None)))
    assert Hint.objects.count() == 0
    settings.KULTURSCHATZ_HINT_RATE = "1/h"
    assert client.post(url, hint_form()).status_code == 302
    response = client.post(url, hint_form())
    assert response.status_code == 429 and int(response["Retry-After"]) >= 60
    assert Hint.objects.count() == 1


@pytest.mark.parametrize("state", HIDDEN)
def test_no_hint_on_an_object_the_public_may_not_see(client, state):
    heritage_object = factories.make_object(**HIDDEN[state])
    url = f"/objekt/{heritage_object.identifier}/hinweis/"
    assert client.get(url).status_code == 404
    assert client.post(url, hint_form()).status_code == 404
    assert client.get("/objekt/gibt-es-nicht/hinweis/").status_code == 404
    assert Hint.objects.count() == 0


# -- the private page --------------------------------------------------------------------


def test_an_unknown_private_link_is_404(client):
    assert client.get("/mitmachen/beitrag/unbekannt/").status_code == 404
    assert client.post("/mitmachen/beitrag/unbekannt/", {"confirm": "on"}).status_code == 404


def test_withdrawing_needs_confirmation_and_deletes_the_photos(
    client, django_capture_on_commit_callbacks
):
    before = stored_files()
    response = client.post(SHARE, treasure_form())
    url = response["Location"].split("?")[0]
    assert len(stored_files()) == len(before) + 2
    refused = client.post(url, {})
    assert refused.status_code == 200
    assert "Bitte setzen Sie das Häkchen" in text_of(refused)
    assert SharedTreasure.objects.get().state == State.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"confirm": "on"})
    assert done.status_code == 302 and done["Location"] == url
    treasure = SharedTreasure.objects.get()
    assert treasure.state == State.WITHDRAWN and treasure.email == ""
    assert treasure.photos.count() == 0 and stored_files() == before
    text = text_of(client.get(url))
    assert "Zurückgezogen: Sie haben Ihren Beitrag zurückgezogen." in text
    assert 'name="confirm"' not in text  # nothing left to withdraw


def test_the_private_page_tells_each_state(client):
    heritage_object = factories.make_object(title="Dom-Modell")
    response = client.post(f"/objekt/{heritage_object.identifier}/hinweis/", hint_form())
    url = response["Location"].split("?")[0]
    hint = Hint.objects.get()
    expected = {
        (State.ACCEPTED, Hint.Outcome.SHOWN): "Veröffentlicht: Ihr Hinweis steht auf der Seite des Objekts.",
        (State.ACCEPTED, Hint.Outcome.MERGED): "Angenommen: Ihr Hinweis ist in die Beschreibung des Objekts eingeflossen.",
        (State.REJECTED, ""): "Nicht angenommen:",
        (State.EXPIRED, ""): "Abgelaufen:",
    }
    for (state, outcome), words in expected.items():
        Hint.objects.filter(pk=hint.pk).update(state=state, outcome=outcome)
        text = text_of(client.get(url))
        assert words in text, state
        link = f'<a href="{heritage_object.get_absolute_url()}">Zum Objekt</a>'
        assert (link in text) == (state == State.ACCEPTED)


# -- English -----------------------------------------------------------------------------


def test_the_pages_speak_english_under_en(client):
    heritage_object = factories.make_object()
    assert "<h1>Take part</h1>" in client.get("/en/mitmachen/").content.decode()
    page = client.get("/en/mitmachen/schatz-teilen/").content.decode()
    assert '<html lang="en">' in page and "Share a treasure" in page
    assert "Privacy notice for contributions" in client.get("/en/mitmachen/datenschutz/").content.decode()
    assert "What kind of hint is it?" in client.get(
        f"/en/objekt/{heritage_object.identifier}/hinweis/"
    ).content.decode()
    response = client.post("/en/mitmachen/schatz-teilen/", treasure_form(rights_confirmed=None))
    assert "Please confirm that you hold the rights to these photos." in text_of(response)
    response = client.post("/en/mitmachen/schatz-teilen/", treasure_form())
    assert PRIVATE.match(response["Location"]).group(0).startswith("/en/mitmachen/beitrag/")
    assert SharedTreasure.objects.get().language == "en"
    assert "Thank you for your contribution!" in text_of(client.get(response["Location"]))
