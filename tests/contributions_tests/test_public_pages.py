"""The pages around Mitmachen: the landing page, the privacy notice, the link in
the navigation and on the home page, hints on object pages, and that none of
them loads anything from another host (issue 9)."""

import datetime
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kulturschatz.collections.models import HeritageObject
from kulturschatz.contributions.models import Hint, State, new_token
from tests import factories
from tests.contributions_tests.test_public_forms import (
    SHARE,
    hint_form,
    text_of,
    treasure_form,
)

pytestmark = pytest.mark.django_db


class Resources(HTMLParser):
    """What a page makes the browser fetch or send to, and what would run inline."""

    LOADED = {"script": "src", "img": "src", "iframe": "src", "source": "src",
              "audio": "src", "video": "src", "embed": "src", "object": "data",
              "link": "href", "form": "action"}  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in self.LOADED and attributes.get(self.LOADED[tag]):
            self.urls.append(attributes[self.LOADED[tag]])
        if attributes.get("srcset"):
            self.urls += [part.split()[0] for part in attributes["srcset"].split(",")]
        if tag == "style" or "style" in attributes:
            self.inline.append(tag)
        if tag == "script" and not attributes.get("src"):
            self.inline.append("script")
        self.inline += [name for name in attributes if name.startswith("on")]


def make_citizens_treasure(title: str, **fields) -> HeritageObject:
    institution = factories.make_institution()
    collection = factories.make_collection(institution, name="Bürgerschätze")
    collection.slug = settings.KULTURSCHATZ_CONTRIBUTION_COLLECTION
    collection.save()
    heritage_object = factories.make_object(
        institution=institution, collection=collection, title=title, **fields
    )
    factories.make_image(heritage_object, size=(64, 48))
    return heritage_object


def test_the_landing_page_explains_and_works_without_the_collection(client):
    response = client.get("/mitmachen/")
    assert response.status_code == 200
    text = text_of(response)
    assert "<h1>Mitmachen</h1>" in text
    assert 'href="/mitmachen/schatz-teilen/"' in text
    assert "„Hinweis geben“" in text and 'action="/suche/"' in text
    assert "So funktioniert es" in text and "Redaktion" in text
    assert 'href="/mitmachen/datenschutz/"' in text
    assert "Noch ist kein Bürgerschatz veröffentlicht." in text


def test_the_landing_page_shows_the_newest_public_citizens_treasures(client):
    treasure = make_citizens_treasure("Omas Kaffeekanne")
    factories.make_object(
        institution=treasure.institution, collection=treasure.collection,
        title="Unveröffentlichter Schatz", status="draft",
    )  # fmt: skip
    text = text_of(client.get("/mitmachen/"))
    assert "Omas Kaffeekanne" in text and "Unveröffentlichter Schatz" not in text
    assert f'href="{treasure.collection.get_absolute_url()}"' in text
    assert "Noch ist kein Bürgerschatz" not in text


def test_the_privacy_notice_says_what_how_long_and_who(client, settings):
    settings.KULTURSCHATZ_CONTRIBUTION_RETENTION_DAYS = 90
    text = text_of(client.get("/mitmachen/datenschutz/"))
    assert "<h1>Datenschutzhinweise zum Mitmachen</h1>" in text
    for words in ["Ihre IP-Adresse speichern wir nicht", "höchstens 90 Tage nach dem Senden",
                  "sofort gelöscht", "Art. 15", "Art. 21", "GPS", "privaten Link",
                  "nur die Redaktion"]:  # fmt: skip
        assert words in text, words
    english = text_of(client.get("/en/mitmachen/datenschutz/"))
    assert "We do not store your IP address" in english and "at most 90 days" in english


def test_the_privacy_notice_names_who_is_responsible(client, settings):
    settings.KULTURSCHATZ_PRIVACY_CONTROLLER = ["Stadt Merseburg", "Lothar-Kreyssig-Str. 10", "<b>dsb</b>"]
    settings.KULTURSCHATZ_DATA_PROTECTION_OFFICER = []
    text = text_of(client.get("/mitmachen/datenschutz/"))
    assert "Verantwortlich für die Verarbeitung" in text
    assert "Stadt Merseburg<br>Lothar-Kreyssig-Str. 10<br>&lt;b&gt;dsb&lt;/b&gt;" in text
    assert "Datenschutzbeauftragte" not in text
    settings.KULTURSCHATZ_DATA_PROTECTION_OFFICER = ["Frau Beispiel", "dsb@merseburg.example"]
    text = text_of(client.get("/mitmachen/datenschutz/"))
    assert "Datenschutzbeauftragte" in text and "dsb@merseburg.example" in text


def test_the_navigation_and_the_home_page_lead_to_take_part(client):
    page = client.get("/").content.decode()
    nav = page[page.index('<nav aria-label="Hauptnavigation">') : page.index("</nav>")]
    assert '<a href="/mitmachen/">Mitmachen</a>' in nav
    main = page[page.index('<main id="main"') :]
    assert 'class="button" href="/mitmachen/"' in main
    assert '<a href="/en/mitmachen/">Take part</a>' in client.get("/en/").content.decode()


def test_no_page_of_take_part_loads_anything_from_another_host(client):
    make_citizens_treasure("Postkarte vom Dom")
    heritage_object = factories.make_object()
    hint_url = f"/objekt/{heritage_object.identifier}/hinweis/"
    private = client.post(SHARE, treasure_form())["Location"]
    responses = {
        path: client.get(path)
        for path in ["/mitmachen/", SHARE, "/mitmachen/datenschutz/", hint_url, private,
                     "/en/mitmachen/", "/en/mitmachen/schatz-teilen/"]  # fmt: skip
    }
    responses["refused"] = client.post(SHARE, treasure_form(website="x"))
    responses["invalid"] = client.post(hint_url, hint_form(privacy_consent=None))
    for name, response in responses.items():
        assert response.status_code in (200, 400), name
        assert "default-src 'self'" in response["Content-Security-Policy"], name
        parser = Resources()
        parser.feed(response.content.decode())
        assert parser.urls, name
        own = ("http://testserver/", "/")
        foreign = [u for u in parser.urls if not u.startswith(own) or u.startswith("//")]
        assert foreign == [], name
        assert parser.inline == [], name


# -- hints on the object page ------------------------------------------------------------


def make_hint(heritage_object, text: str, *, state=State.ACCEPTED, outcome="shown", days_ago=0, **fields):
    return Hint.objects.create(
        heritage_object=heritage_object, text=text, state=state, outcome=outcome,
        token_hash=new_token()[1], privacy_consent_at=timezone.now(),
        submitted_at=timezone.now() - datetime.timedelta(days=days_ago), **fields,
    )  # fmt: skip


def test_the_object_page_shows_accepted_hints_oldest_first(client):
    heritage_object = factories.make_object(title="Ladegast-Orgel")
    url = heritage_object.get_absolute_url()
    text = text_of(client.get(url))
    assert f'href="/objekt/{heritage_object.identifier}/hinweis/">Hinweis geben</a>' in text
    assert "Hinweise aus der Bürgerschaft" not in text
    make_hint(heritage_object, "Neuere Erinnerung", days_ago=1, kind="memory")
    make_hint(heritage_object, "Ältere Korrektur <b>", days_ago=5, kind="correction",
              contributor_name="Organist K.")  # fmt: skip
    make_hint(heritage_object, "Noch nicht entschieden", state=State.SUBMITTED, outcome="")
    make_hint(heritage_object, "Abgelehnt", state=State.REJECTED, outcome="")
    make_hint(heritage_object, "Eingearbeitet", outcome="merged")
    make_hint(factories.make_object(), "Anderes Objekt")
    heritage_object.save()  # as accepting a hint does: the stored page's key moves
    text = text_of(client.get(url))
    assert "Hinweise aus der Bürgerschaft" in text
    section = text[text.index("Hinweise aus der Bürgerschaft") :]
    assert section.index("Ältere Korrektur &lt;b&gt;") < section.index("Neuere Erinnerung")
    assert "Korrektur</strong> · Organist K." in section
    assert "Erinnerung</strong> · anonym" in section
    for hidden in ["Noch nicht entschieden", "Abgelehnt", "Eingearbeitet", "Anderes Objekt"]:
        assert hidden not in text


def test_hints_cost_the_object_page_one_query(client):
    heritage_object = factories.make_object()
    url = heritage_object.get_absolute_url()
    with CaptureQueriesContext(connection) as without:
        client.get(url)
    for n in range(5):
        make_hint(heritage_object, f"Hinweis {n}", days_ago=n)
    heritage_object.save()
    with CaptureQueriesContext(connection) as with_hints:
        response = client.get(url)
    assert all(f"Hinweis {n}" in response.content.decode() for n in range(5))
    assert len(with_hints) == len(without)


def test_staff_previews_offer_no_hint_form(client, admin_user):
    heritage_object = factories.make_object(status="draft")
    client.force_login(admin_user)
    page = client.get(heritage_object.get_absolute_url()).content.decode()
    assert "/hinweis/" not in page
