"""One matrix (issue 8): an object in each non-public state (draft, in review,
withdrawn, embargoed, deleted) is invisible on every public path, and staff
can preview it.

Each hidden object is rich enough to be found: words only it carries (title,
English title, description, inventory number), an image with its tile pyramid,
a person, a place, a subject and an object type only it names, a collection
holding only it, a public person and place it shares with a public object, a
relation from that public object, "featured" set, and a century of its own.
The withdrawn and the deleted one were public first, and every public path was
asked for them then (which also proves that the addresses below are the right
ones and fills the caches: stored pages, renderings, manifests).

Most paths are asked through Django's test client; the last tests ask over
real HTTP a server running the production WSGI composition (kulturschatz.wsgi:
the IIIF fast path, which sends stored tiles before Django is reached, in
front of Django) in a thread. The data is built once for the module and
committed, so that the server's own connections see it (on PostgreSQL; on
SQLite's in-memory database the server shares the test's connection).
Afterwards the database is flushed and given back its content from before (as
Django's serialized rollback does), so the tests after this module find it as
they expect. Each test runs in a transaction of its own besides (logins).
"""

from __future__ import annotations

import dataclasses
import datetime
import http.client
import json
import re
import threading
import uuid
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection, connections, transaction
from django.test import Client
from django.test.testcases import QuietWSGIRequestHandler
from django.utils import timezone
from lxml import etree

from kulturschatz.collections import dating, services
from kulturschatz.collections.models import (
    Concept,
    HeritageObject,
    ObjectImage,
    Place,
    TrashedObject,
)
from kulturschatz.collections.templatetags.catalogue import DOWNLOAD_BOXES
from kulturschatz.iiif import derivatives, fastpath, image_api, links
from kulturschatz.iiif.fastpath import StoredDerivatives
from kulturschatz.metadata.models import DeletedRecord
from kulturschatz.metadata.oai.repository import collection_specs
from kulturschatz.search.backends import get_search_backend
from kulturschatz.search.services import last_change
from tests import factories
from tests.metadata_tests.test_oai import NS, error_of, validated
from tests.search_tests import whoosh_settings

pytestmark = pytest.mark.django_db

STATES = ("draft", "review", "withdrawn", "embargoed", "deleted")
WAS_PUBLIC = ("withdrawn", "deleted")  # OAI-PMH reports these as deleted
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
IMAGE_SIZE = (1100, 700)  # three pyramid levels of 512-px tiles
# Tiles of the info.json grid (factor 1, 2 and the smallest level), as deep
# zoom asks for them: stored files the fast path sends without Django.
TILES = [
    "/iiif/3/{id}/0,0,512,512/512,512/0/default.jpg",
    "/iiif/3/{id}/1024,512,76,188/76,188/0/default.jpg",
    "/iiif/3/{id}/0,0,1024,700/512,350/0/default.jpg",
    "/iiif/2/{id}/0,0,512,512/512,/0/default.jpg",
    "/iiif/2/{id}/full/275,/0/default.jpg",
]
OTHER_RENDERINGS = [  # rendered by Django from the pyramid
    "/iiif/3/{id}/full/max/0/default.jpg",
    "/iiif/3/{id}/square/200,/0/default.png",
    "/iiif/3/{id}/pct:10,10,50,50/pct:50/90/gray.webp",
    "/iiif/3/{id}/full/max/!0/bitonal.png",
    "/iiif/2/{id}/full/full/0/default.jpg",
]
PREVIEW_BANNER = 'class="preview-banner"'


@dataclasses.dataclass
class Hidden:
    state: str
    pk: int
    identifier: str
    image: str  # IIIF identifier of its image (32 hex digits)
    agent: int  # a person only it names
    place: int
    subject: int  # concepts only it refers to
    object_type: int
    type_slug: str
    collection: str  # slug of the collection holding only it
    words: dict[str, str]  # field -> a word only this object carries

    @property
    def secrets(self) -> set[str]:
        """What no public answer may contain."""
        return {*self.words.values(), self.identifier, self.image, self.type_slug}

    def image_urls(self) -> list[str]:
        """Every image address a page of it would use: card and page thumbnails,
        the viewer's image, downloads, tiles, other renderings, info.json."""
        image = ObjectImage(
            uuid=uuid.UUID(self.image), width=IMAGE_SIZE[0], height=IMAGE_SIZE[1]
        )
        urls = [
            links.image_url(image, box)
            for box in (160, 400, 1200, 2400, *DOWNLOAD_BOXES)
        ]
        urls.append(links.image_url(image))
        urls += [u.format(id=self.image) for u in TILES + OTHER_RENDERINGS]
        urls += [links.info_url(image, 3), links.info_url(image, 2)]
        return list(dict.fromkeys(urls))

    def direct_urls(self) -> list[str]:
        """Addresses of the object and of what only it names: all 404."""
        i = self.identifier
        return [
            f"/objekt/{i}/",
            f"/en/objekt/{i}/",
            f"/objekt/{i}/lido.xml",
            f"/objekt/{i}/dc.xml",
            f"/iiif/manifest/{i}",
            f"/iiif/mirador/{i}",
            f"/objekt/{i}/hinweis/",  # Mitmachen: hints only on public objects
            f"/en/objekt/{i}/hinweis/",
            f"/person/{self.agent}/",
            f"/en/person/{self.agent}/",
            f"/ort/{self.place}/",
            f"/thema/{self.subject}/",
            f"/thema/{self.object_type}/",
            f"/en/thema/{self.subject}/",
            f"/api/v1/objects/{i}",
            f"/api/v1/agents/{self.agent}",
            f"/api/v1/places/{self.place}",
            f"/iiif/3/{self.image}",
            f"/iiif/2/{self.image}",
            *self.image_urls(),
        ]


@dataclasses.dataclass
class Matrix:
    hidden: dict[str, Hidden]
    anchor: str  # identifier of the public object relating to all of them
    anchor_image: str
    anchor_collection: str
    institution: str
    public_person: int
    public_place: int
    staff_id: int
    staff_cookie: str  # a committed staff session, for requests over HTTP
    stored: dict[
        str, dict[str, str]
    ]  # state -> {image URL: the stored file that is its body}

    @property
    def secrets(self) -> set[str]:
        return set().union(*(h.secrets for h in self.hidden.values()))


# -- building the catalogue -----------------------------------------------------


def words_of(state: str) -> dict[str, str]:
    s = state.capitalize()
    return {
        "title": f"Geheimnisvoll{s}",
        "title_en": f"Mysterious{s}",
        "description": f"Truhenfund{s}",
        "inventory": f"GEH-{state.upper()}-71",
        "person": f"Schattenmaler{s}",
        "place": f"Nebelort{s}",
        "subject": f"Tarnthema{s}",
        "object_type": f"Tarntyp{s}",
    }


def add_image(heritage_object: HeritageObject) -> ObjectImage:
    image = ObjectImage(heritage_object=heritage_object, is_primary=True, rights=CC0)
    image.master.save("scan.jpg", factories.uploaded_image(size=IMAGE_SIZE), save=False)
    image.save()
    image.refresh_from_db()
    if image.derivatives_state != ObjectImage.DerivativeState.READY:
        derivatives.build_derivatives(image)  # (the commit's task normally did)
        image.refresh_from_db()
    return image


def add_production(heritage_object, production, role, agents, places) -> None:
    event = heritage_object.events.create(event_type=production, display_date="um 1515")
    for agent in agents:
        event.actors.create(agent=agent, role=role)
    event.places.add(*places)


def stored_file(url: str) -> str | None:
    """The derivative file that is this image URL's body (as the fast path finds it)."""
    _, _, version, identifier, region, size, rotation, last = url.split("/")
    quality, fmt = last.split(".")
    request = image_api.parse_request(
        region, size, rotation, quality, fmt, version=int(version)
    )
    image = ObjectImage.objects.get(uuid=identifier)
    plan = image_api.plan_request(request, image.width, image.height, fastpath.limits())
    return derivatives.stored_path(
        derivatives.image_prefix(image), plan, image.width, image.height
    )


def build_matrix() -> Matrix:
    institution = factories.make_institution("Domschatz Merseburg")
    anchor_collection = factories.make_collection(institution, "Leuchter")
    production, _ = Concept.objects.get_or_create(
        slug="production", defaults={"kind": "event_type", "label": "Herstellung"}
    )
    role = factories.make_concept("role", "Maler")
    relation = factories.make_concept("relation_type", "Gegenstück")
    public_person = factories.make_agent("Lucas Cranach")
    public_place = Place.objects.create(name="Wittenberg")
    with transaction.atomic():
        anchor = factories.make_object(
            institution=institution,
            collection=anchor_collection,
            identifier="oeffentlicher-leuchter",
            title="Öffentlicher Leuchter",
            featured=True,
            dating_display="um 1515",
            earliest_year=1510,
            latest_year=1520,
        )
        add_production(anchor, production, role, [public_person], [public_place])
    anchor_image = add_image(anchor)
    staff = factories.make_staff("Redaktion")
    staff_client = Client()
    staff_client.force_login(staff)
    client = Client()
    hidden: dict[str, Hidden] = {}
    stored: dict[str, dict[str, str]] = {}
    for state in STATES:
        words = words_of(state)
        object_type = factories.make_concept(
            "object_type", words["object_type"], f"tarntyp-{state}"
        )
        subject = factories.make_concept("subject", words["subject"])
        agent = factories.make_agent(words["person"])
        place = Place.objects.create(name=words["place"])
        collection = factories.make_collection(institution, f"Verwahrung {state}")
        with transaction.atomic():
            heritage_object = factories.make_object(
                status=HeritageObject.Status.DRAFT,
                institution=institution,
                collection=collection,
                identifier=f"geheim-{state}",
                inventory_number=words["inventory"],
                title=f"{words['title']} Leuchter",
                object_type=object_type,
                featured=True,
                dating_display="3. Jh. v. Chr.",
                earliest_year=-250,  # a century no public object has
                latest_year=-210,
            )
            heritage_object.titles.create(
                text=f"{words['title_en']} candlestick", lang="en", pref="preferred"
            )
            heritage_object.descriptions.create(
                text=f"{words['description']} aus der Truhe.", lang="de"
            )
            heritage_object.subject_concepts.add(subject)
            add_production(
                heritage_object,
                production,
                role,
                [agent, public_person],
                [place, public_place],
            )
            anchor.relations.create(relation_type=relation, target=heritage_object)
        image = add_image(heritage_object)
        hidden[state] = Hidden(
            state=state,
            pk=heritage_object.pk,
            identifier=heritage_object.identifier,
            image=image.iiif_identifier,
            agent=agent.pk,
            place=place.pk,
            subject=subject.pk,
            object_type=object_type.pk,
            type_slug=object_type.slug,
            collection=collection.slug,
            words=words,
        )
        if state in WAS_PUBLIC:
            services.publish_object(heritage_object)
            prove_public(client, hidden[state], anchor.identifier)
        # Tiles, and the renderings kept while it was public: files whose
        # addresses must still answer 404.
        stored[state] = {
            url: name
            for url in hidden[state].image_urls()
            if "info.json" not in url
            for name in [stored_file(url)]
            if name and derivatives.derivative_storage().exists(name)
        }
        if state == "review":
            services.submit_for_review(heritage_object)
        elif state == "withdrawn":
            services.withdraw_object(heritage_object)
        elif state == "embargoed":
            # As staff do it: set the embargo, then publish.
            heritage_object.embargo_until = timezone.localdate() + datetime.timedelta(
                days=30
            )
            heritage_object.save()
            services.publish_object(heritage_object)
        elif state == "deleted":
            services.delete_object(heritage_object)
    return Matrix(
        hidden=hidden,
        anchor=anchor.identifier,
        anchor_image=anchor_image.iiif_identifier,
        anchor_collection=anchor_collection.slug,
        institution=institution.slug,
        public_person=public_person.pk,
        public_place=public_place.pk,
        staff_id=staff.pk,
        staff_cookie=staff_client.cookies[settings.SESSION_COOKIE_NAME].value,
        stored=stored,
    )


def prove_public(client: Client, hidden: Hidden, anchor: str) -> None:
    """While public, every address of the matrix shows the object: so the 404s
    later are about visibility, not about wrong addresses. This also fills what
    is kept for visitors (stored pages, renderings, manifests, the index)."""
    words = hidden.words
    expect = {
        f"/objekt/{hidden.identifier}/": words["title"],
        f"/en/objekt/{hidden.identifier}/": words["title_en"],
        f"/objekt/{hidden.identifier}/lido.xml": words["title"],
        f"/objekt/{hidden.identifier}/dc.xml": words["title"],
        f"/iiif/manifest/{hidden.identifier}": words["title"],
        f"/iiif/mirador/{hidden.identifier}": words["title"],
        f"/person/{hidden.agent}/": words["title"],
        f"/ort/{hidden.place}/": words["title"],
        f"/thema/{hidden.subject}/": words["title"],
        f"/thema/{hidden.object_type}/": words["title"],
        f"/sammlung/{hidden.collection}/": words["title"],
        f"/api/v1/objects/{hidden.identifier}": words["title"],
        f"/api/v1/agents/{hidden.agent}": words["person"],
        f"/api/v1/places/{hidden.place}": words["place"],
        f"/iiif/collection/{hidden.collection}": words["title"],
        "/sitemap.xml": hidden.identifier,
        f"/api/search?q={words['description']}": words["title"],
        f"/api/v1/search?q={words['person']}": words["title"],
        f"/suche/?q={words['inventory']}": words["title"],
        f"/api/suggest?q={words['title'][:-2]}": words["title"],
        f"/objekte/?type={hidden.type_slug}": words["title"],
    }
    page = client.get(f"/objekt/{hidden.identifier}/").content.decode()
    for url, word in expect.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert word in response.content.decode(), url
    for url in hidden.image_urls():
        assert client.get(url).status_code == 200, url
    for box in DOWNLOAD_BOXES:  # the page offers them while public
        if box < max(IMAGE_SIZE):
            assert f'download="{hidden.identifier}-1-{box}.jpg"' in page
    assert f'download="{hidden.identifier}-1-max.jpg"' in page
    # The public object relating to it links it now (and must not later).
    anchor_urls = [
        f"/objekt/{anchor}/",
        f"/en/objekt/{anchor}/",
        f"/api/v1/objects/{anchor}",
    ]
    anchor_urls += [f"/objekt/{anchor}/lido.xml", f"/objekt/{anchor}/dc.xml"]
    for url in anchor_urls:
        assert hidden.identifier in client.get(url).content.decode(), url
    fast = StoredDerivatives(refuse_django)
    for url in TILES:  # tiles come from the fast path, without Django
        status, _, _ = call_wsgi(fast, url.format(id=hidden.image))
        assert status == 200, url


def refuse_django(environ, start_response):
    raise AssertionError(f"reached Django: {environ['PATH_INFO']}")


def call_wsgi(app, path: str, **extra) -> tuple[int, dict, bytes]:
    environ = {"PATH_INFO": path, "HTTP_HOST": "testserver", **extra}
    setup_testing_defaults(environ)
    captured: dict = {}

    def start_response(status, headers, exc_info=None):
        captured["status"] = int(status.split()[0])
        captured["headers"] = dict(headers)

    body = b"".join(app(environ, start_response))
    return captured["status"], captured["headers"], body


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker, tmp_path_factory):
    """The matrix, committed; afterwards the database is as it was before (as
    after a transactional test with serialized rollback)."""
    index = whoosh_settings(tmp_path_factory.mktemp("whoosh-matrix"))
    index.enable()
    try:
        with django_db_blocker.unblock():
            before = connection.creation.serialize_db_to_string()
            try:
                yield build_matrix()
            finally:
                call_command(
                    "flush", interactive=False, verbosity=0, inhibit_post_migrate=True
                )
                connection.creation.deserialize_db_from_string(before)
                cache.clear()
    finally:
        index.disable()


# -- checking answers ---------------------------------------------------------------


def assert_hides(body: bytes | str, secrets: set[str], where: str) -> None:
    """None of the secrets in the answer; those in its own address (``where``)
    may be echoed (a filter repeated, a search box filled in)."""
    text = (body.decode(errors="replace") if isinstance(body, bytes) else body).lower()
    shown = sorted(
        s for s in secrets if s.lower() in text and s.lower() not in where.lower()
    )
    assert not shown, f"{where} shows {shown}"


def get(client: Client, url: str, status: int = 200, **extra):
    response = client.get(url, **extra)
    assert response.status_code == status, (url, response.status_code)
    return response


# -- the catalogue is what the matrix says --------------------------------------------


def test_each_object_is_in_its_state(matrix):
    hidden = matrix.hidden
    objects = HeritageObject.objects.in_bulk([h.pk for h in hidden.values()])
    assert objects[hidden["draft"].pk].status == "draft"
    assert objects[hidden["review"].pk].status == "review"
    withdrawn = objects[hidden["withdrawn"].pk]
    assert withdrawn.status == "withdrawn" and withdrawn.published_at is not None
    embargoed = objects[hidden["embargoed"].pk]
    assert (
        embargoed.status == "published"
        and embargoed.embargo_until > timezone.localdate()
    )
    assert hidden["deleted"].pk not in objects  # no rows left: in the trash
    assert TrashedObject.objects.filter(
        identifier=hidden["deleted"].identifier
    ).exists()
    assert DeletedRecord.objects.filter(
        identifier=hidden["deleted"].identifier
    ).exists()
    assert not ObjectImage.objects.filter(uuid=hidden["deleted"].image).exists()
    assert not HeritageObject.objects.published().filter(pk__in=objects).exists()
    # The search index holds them (staff search it), marked not public: the
    # public searches below have something to leave out.
    indexed = get_search_backend().indexed_pks()
    assert {h.pk for h in hidden.values() if h.state != "deleted"} <= indexed
    assert hidden["deleted"].pk not in indexed
    # Their tiles are on disk, and the renderings kept while the once-public
    # ones were public.
    for state in STATES:
        assert len(matrix.stored[state]) >= len(TILES), (state, matrix.stored[state])
    for state in WAS_PUBLIC:
        assert len(matrix.stored[state]) >= len(TILES) + 4, (
            state,
            matrix.stored[state],
        )


# -- direct addresses --------------------------------------------------------------


def never_existed(hidden: Hidden) -> Hidden:
    """The same object's addresses, for keys nothing ever had."""
    return dataclasses.replace(
        hidden,
        identifier="nie-vorhanden",
        image=uuid.uuid4().hex,
        agent=10**6,
        place=10**6 + 1,
        subject=10**6 + 2,
        object_type=10**6 + 3,
    )


def normalized(body: bytes, hidden: Hidden, twin: Hidden) -> str:
    """An answer with the keys of its address replaced: an echoed key is no leak."""
    text = body.decode(errors="replace")
    text = text.replace(hidden.identifier, twin.identifier).replace(
        hidden.image, twin.image
    )
    return re.sub(
        r"[0-9]+", "#", text.replace(twin.identifier, "KEY").replace(twin.image, "KEY")
    )


def assert_like_never_existed(fetch, hidden: Hidden, secrets: set[str]) -> None:
    """Every address of the object answers 404, and the very answer an address
    that never existed gets: a visitor cannot even tell that the object exists.
    ``fetch(method, url)`` returns (status, content type, body)."""
    twin = never_existed(hidden)
    for url, twin_url in zip(hidden.direct_urls(), twin.direct_urls(), strict=True):
        status, content_type, body = fetch("GET", url)
        assert status == 404, (url, status)
        expected = fetch("GET", twin_url)
        assert (status, content_type) == expected[:2], url
        assert normalized(body, hidden, twin) == normalized(
            expected[2], hidden, twin
        ), url
        assert_hides(body, secrets - {hidden.identifier, hidden.image}, url)
    for url in [f"/objekt/{hidden.identifier}/", *hidden.image_urls()]:
        assert fetch("HEAD", url)[0] == 404, url


@pytest.mark.parametrize("state", STATES)
def test_every_address_of_the_object_answers_404(matrix, client, state):
    def fetch(method: str, url: str) -> tuple[int, str, bytes]:
        response = client.generic(method, url)
        return response.status_code, response.get("Content-Type", ""), response.content

    assert_like_never_existed(fetch, matrix.hidden[state], matrix.secrets)


@pytest.mark.parametrize("state", STATES)
def test_no_hint_can_be_sent_for_it(matrix, client, state):
    """Mitmachen: a hint posted for a hidden object is answered 404 and not kept."""
    from kulturschatz.contributions.models import Hint

    hidden = matrix.hidden[state]
    response = client.post(
        f"/objekt/{hidden.identifier}/hinweis/",
        {"kind": "memory", "text": "Ich kenne es.", "privacy_consent": "on"},
    )
    assert response.status_code == 404
    assert not Hint.objects.exists()


# -- pages that list objects -------------------------------------------------------


def test_pages_that_list_objects_leave_them_out(matrix, client):
    anchor_title = "Öffentlicher Leuchter"
    century = dating.century_span(-3)
    pages = {
        "/": anchor_title,  # featured
        "/en/": anchor_title,
        "/objekte/": anchor_title,
        f"/objekte/?institution={matrix.institution}": anchor_title,
        f"/objekte/?date_from={century.earliest}&date_to={century.latest}": None,
        "/objekte/?sort=-date": anchor_title,
        f"/institution/{matrix.institution}/": anchor_title,
        f"/en/institution/{matrix.institution}/": anchor_title,
        f"/sammlung/{matrix.anchor_collection}/": anchor_title,
        f"/person/{matrix.public_person}/": anchor_title,
        f"/ort/{matrix.public_place}/": anchor_title,
        f"/objekt/{matrix.anchor}/": anchor_title,  # relates to every hidden one
        f"/en/objekt/{matrix.anchor}/": anchor_title,
        "/robots.txt": None,
    }
    for hidden in matrix.hidden.values():
        pages[f"/sammlung/{hidden.collection}/"] = None
        pages[f"/en/sammlung/{hidden.collection}/"] = None
        pages[f"/objekte/?type={hidden.type_slug}"] = None
        pages[f"/objekte/?collection={hidden.collection}"] = None
    for url, shown in pages.items():
        response = get(client, url)
        body = response.content.decode()
        assert_hides(body, matrix.secrets, url)
        if shown:
            assert shown in body, url
        if url.startswith("/objekte/?") and not shown:
            assert 'class="card"' not in body, url
    # The timeline has the anchor's century, not theirs.
    home = get(client, "/").content.decode()
    assert f"date_from={dating.century_span(16).earliest}" in home
    assert f"date_from={century.earliest}" not in home
    anchor = get(client, f"/objekt/{matrix.anchor}/").content.decode()
    assert "/objekt/geheim-" not in anchor and "/iiif/3/" in anchor


def test_the_anchor_page_is_stored_for_visitors_and_the_key_is_right(matrix, client):
    """The staff tests below check that a preview never fills this store."""
    url = f"/objekt/{matrix.anchor}/"
    get(client, url)
    assert cache.get(page_cache_key(matrix.anchor, "de")) is not None


def page_cache_key(identifier: str, language: str) -> str:
    # As collections.views.object_detail builds it.
    return f"collections:object:{identifier}:{language}:{timezone.localdate()}:{last_change()}"


# -- search ------------------------------------------------------------------------


def search_answers(client: Client, query: str) -> list[tuple[str, object]]:
    """The search page, its JSON, the JSON-API's search: (url, response)."""
    answers = []
    for path in ("/suche/", "/en/suche/", "/api/search", "/api/v1/search"):
        url = f"{path}?{urlencode({'q': query})}"
        answers.append((url, get(client, url)))
    return answers


@pytest.mark.parametrize("state", STATES)
def test_search_and_suggestions_never_find_it(matrix, client, state):
    hidden = matrix.hidden[state]
    for word in hidden.words.values():
        # The query is echoed (search box, "no results for …"): every other
        # secret must be absent.
        for url, response in search_answers(client, word):
            assert_hides(response.content, matrix.secrets - {word}, url)
            if url.startswith("/api/search"):
                data = response.json()
                assert (data["total"], data["results"]) == (0, []), url
            elif url.startswith("/api/v1/search"):
                assert response.json()["count"] == 0, url
            else:
                assert 'class="result"' not in response.content.decode(), url
    for word in hidden.words.values():
        prefix = word[: max(4, len(word) - 3)]
        for url in (f"/api/suggest?q={prefix}", f"/suche/?q={prefix}*"):
            response = get(client, url)
            assert_hides(response.content, matrix.secrets, url)
        data = get(client, f"/api/suggest?q={prefix}").json()
        assert (data["objects"], data["persons"], data["places"]) == ([], [], []), (
            prefix
        )


def test_a_word_they_share_with_a_public_object_finds_only_that(matrix, client):
    for url, response in search_answers(client, "Leuchter"):
        assert_hides(response.content, matrix.secrets, url)
        if "/api/" in url:
            body = json.dumps(response.json(), ensure_ascii=False)
        else:
            body = response.content.decode()
        assert "Öffentlicher Leuchter" in body, url
    data = get(client, "/api/search?q=Leuchter").json()
    assert [r["url"].rstrip("/").rsplit("/", 1)[-1] for r in data["results"]] == [
        matrix.anchor
    ]
    # Facets and counts: every person, place, type, collection and century of
    # the public objects, none of theirs.
    everything = get(client, "/api/search").json()
    assert everything["total"] == 1
    assert_hides(json.dumps(everything), matrix.secrets, "/api/search facets")
    assert_hides(get(client, "/suche/").content, matrix.secrets, "/suche/ facets")
    for person in ("Lucas", "Schattenmaler"):
        data = get(client, f"/api/suggest?q={person}").json()
        assert [p["name"] for p in data["persons"]] == (
            ["Lucas Cranach"] if person == "Lucas" else []
        )
    data = get(client, "/api/suggest?q=Leuch").json()
    assert [o["title"] for o in data["objects"]] == ["Öffentlicher Leuchter"]


# -- JSON-API ----------------------------------------------------------------------


def test_the_json_api_lists_and_filters_leave_them_out(matrix, client):
    urls = [
        "/api/v1/objects?page_size=100",
        "/api/v1/objects?ordering=-date",
        f"/api/v1/objects?institution={matrix.institution}",
        "/api/v1/objects?date_from=-300&date_to=-201",
        "/api/v1/objects?has_images=true",
        "/api/v1/agents?page_size=100",
        "/api/v1/places?page_size=100",
        "/api/v1/collections?page_size=100",
        f"/api/v1/institutions/{matrix.institution}",
        f"/api/v1/objects/{matrix.anchor}",
        f"/api/v1/agents/{matrix.public_person}",
        f"/api/v1/places/{matrix.public_place}",
    ]
    for hidden in matrix.hidden.values():
        urls += [
            f"/api/v1/objects?collection={hidden.collection}",
            f"/api/v1/objects?type={hidden.type_slug}",
            f"/api/v1/collections/{hidden.collection}",
        ]
    answers = {url: get(client, url).json() for url in urls}
    for url, data in answers.items():
        assert_hides(json.dumps(data), matrix.secrets, url)
    assert answers["/api/v1/objects?page_size=100"]["count"] == 1
    assert answers["/api/v1/objects?date_from=-300&date_to=-201"]["count"] == 0
    assert answers[f"/api/v1/institutions/{matrix.institution}"]["object_count"] == 1
    assert answers[f"/api/v1/agents/{matrix.public_person}"]["object_count"] == 1
    for hidden in matrix.hidden.values():
        assert answers[f"/api/v1/objects?collection={hidden.collection}"]["count"] == 0
        assert answers[f"/api/v1/objects?type={hidden.type_slug}"]["count"] == 0
        assert answers[f"/api/v1/collections/{hidden.collection}"]["object_count"] == 0
        for parameter, value in (("agent", hidden.agent), ("place", hidden.place)):
            response = get(client, f"/api/v1/objects?{parameter}={value}", 400)
            assert response.json()["parameter"] == parameter


# -- IIIF Presentation and Change Discovery ------------------------------------------------


def test_manifests_and_iiif_collections_leave_them_out(matrix, client):
    manifest = get(client, f"/iiif/manifest/{matrix.anchor}").json()
    assert_hides(json.dumps(manifest), matrix.secrets, "anchor manifest")
    assert matrix.anchor_image in json.dumps(manifest)
    top = get(client, "/iiif/collection/top").json()
    assert_hides(json.dumps(top), matrix.secrets, "/iiif/collection/top")
    for hidden in matrix.hidden.values():
        url = f"/iiif/collection/{hidden.collection}"
        document = get(client, url).json()
        assert_hides(json.dumps(document), matrix.secrets, url)
        assert [i for i in document.get("items", []) if i["type"] == "Manifest"] == []
    anchor_collection = get(
        client, f"/iiif/collection/{matrix.anchor_collection}"
    ).json()
    assert [i["id"].rsplit("/", 1)[-1] for i in anchor_collection["items"]] == [
        matrix.anchor
    ]


def test_change_discovery_announces_no_hidden_object(matrix, client):
    """README, "Change discovery": "A Create is recorded when an object first
    becomes public, … a Delete when it is withdrawn, returned to draft or
    deleted." The stream is a history: the Create of the once-public ones
    stays, followed by their Delete and nothing after it."""
    collection = get(client, "/iiif/discovery/collection").json()
    pages = int(collection["last"]["id"].rsplit("/", 1)[-1]) + 1
    activities: dict[str, list[str]] = {}
    allowed = {matrix.hidden[s].identifier for s in WAS_PUBLIC}
    for number in range(pages):
        page = get(client, f"/iiif/discovery/page/{number}").json()
        assert_hides(
            json.dumps(page), matrix.secrets - allowed, f"discovery page {number}"
        )
        for item in page["orderedItems"]:
            identifier = item["object"]["id"].rsplit("/", 1)[-1]
            activities.setdefault(identifier, []).append(item["type"])
    assert activities[matrix.anchor][0] == "Create"
    for state in ("draft", "review", "embargoed"):
        assert matrix.hidden[state].identifier not in activities, state
    for state in WAS_PUBLIC:
        assert activities[matrix.hidden[state].identifier] == ["Create", "Delete"], (
            state
        )


# -- OAI-PMH -----------------------------------------------------------------------


def oai(client: Client, **params: str) -> etree._Element:
    response = get(client, f"/oai?{urlencode(params)}")
    return validated(response.content)


def oai_headers(root: etree._Element) -> dict[str, str | None]:
    return {
        header.findtext("oai:identifier", namespaces=NS).rsplit(":", 1)[-1]: header.get(
            "status"
        )
        for header in root.iterfind(".//oai:header", NS)
    }


def test_oai_pmh_reports_once_public_ones_as_deleted_headers_only(matrix, client):
    """README, "OAI-PMH": withdrawn and deleted objects that were public are
    listed with status="deleted" and no metadata; one never published does not
    exist (idDoesNotExist), nor does one published under an embargo that lies
    ahead: it has never been public (published_at is set when it becomes so)."""
    repository = settings.KULTURSCHATZ_OAI_REPOSITORY_IDENTIFIER
    was_public = {matrix.hidden[s].identifier for s in WAS_PUBLIC}
    secrets = matrix.secrets - was_public
    for prefix in ("oai_dc", "lido"):
        for verb in ("ListIdentifiers", "ListRecords"):
            root = oai(client, verb=verb, metadataPrefix=prefix)
            assert_hides(etree.tostring(root), secrets, f"{verb} {prefix}")
            headers = oai_headers(root)
            assert headers == {
                matrix.anchor: None,
                **{identifier: "deleted" for identifier in was_public},
            }, (verb, prefix)
            for record in root.iterfind(".//oai:record", NS):
                deleted = record.find("oai:header", NS).get("status") == "deleted"
                assert (record.find("oai:metadata", NS) is None) == deleted
        for state, hidden in matrix.hidden.items():
            root = oai(
                client,
                verb="GetRecord",
                metadataPrefix=prefix,
                identifier=f"oai:{repository}:{hidden.identifier}",
            )
            # (idDoesNotExist repeats the identifier asked for)
            assert_hides(
                etree.tostring(root),
                secrets - {hidden.identifier},
                f"GetRecord {state} {prefix}",
            )
            if state in WAS_PUBLIC:
                header = root.find(".//oai:record/oai:header", NS)
                assert header.get("status") == "deleted", state
                assert root.find(".//oai:record/oai:metadata", NS) is None, state
            else:
                assert error_of(root) == "idDoesNotExist", (state, prefix)
        for hidden in matrix.hidden.values():
            root = oai(
                client,
                verb="ListIdentifiers",
                metadataPrefix=prefix,
                set=collection_specs(matrix.institution, [hidden.collection])[-1],
            )
            headers = oai_headers(root)
            if hidden.state in WAS_PUBLIC:
                assert headers == {hidden.identifier: "deleted"}, hidden.state
            else:
                assert error_of(root) == "noRecordsMatch", hidden.state
    sets = oai(client, verb="ListSets")
    assert_hides(etree.tostring(sets), secrets, "ListSets")


def test_oai_pmh_does_not_know_an_object_embargoed_since_its_publication(
    matrix, client
):
    repository = settings.KULTURSCHATZ_OAI_REPOSITORY_IDENTIFIER
    embargoed = matrix.hidden["embargoed"]
    for prefix in ("oai_dc", "lido"):
        root = oai(client, verb="ListIdentifiers", metadataPrefix=prefix)
        assert embargoed.identifier not in oai_headers(root)
        root = oai(
            client,
            verb="GetRecord",
            metadataPrefix=prefix,
            identifier=f"oai:{repository}:{embargoed.identifier}",
        )
        assert error_of(root) == "idDoesNotExist"


# -- sitemap and exports -----------------------------------------------------------


def test_the_sitemap_lists_none_of_them(matrix, client):
    root = etree.fromstring(get(client, "/sitemap.xml").content)
    locations = root.xpath("//*[local-name()='loc']/text()")
    assert f"http://testserver/objekt/{matrix.anchor}/" in locations
    assert_hides(etree.tostring(root), matrix.secrets, "/sitemap.xml")


def test_lido_and_open_data_exports_leave_them_out(matrix, tmp_path):
    lido_file = tmp_path / "archive.lido.xml"
    call_command("export_lido", output=str(lido_file), no_progress=True, verbosity=0)
    call_command(
        "export_open_data",
        output_dir=str(tmp_path / "open"),
        no_progress=True,
        verbosity=0,
    )
    files = [
        lido_file,
        *(
            p
            for p in (tmp_path / "open").rglob("*")
            if p.is_file() and p.suffix != ".zip"
        ),
    ]
    assert len(files) >= 7
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        assert_hides(text, matrix.secrets, str(path.relative_to(tmp_path)))
    assert "Öffentlicher Leuchter" in lido_file.read_text()
    records = json.loads(next((tmp_path / "open").rglob("objects.json")).read_text())
    assert [r["identifier"] for r in records] == [matrix.anchor]


# -- staff preview -------------------------------------------------------------------


PREVIEWABLE = ("draft", "review", "withdrawn", "embargoed")


@pytest.mark.parametrize("state", PREVIEWABLE)
def test_staff_preview_and_nothing_left_for_visitors(matrix, client, state):
    hidden = matrix.hidden[state]
    page_urls = [f"/objekt/{hidden.identifier}/", f"/en/objekt/{hidden.identifier}/"]
    image_urls = hidden.image_urls()
    client.force_login(User.objects.get(pk=matrix.staff_id))
    for url in page_urls:
        response = get(client, url)
        body = response.content.decode()
        title = hidden.words["title_en" if url.startswith("/en/") else "title"]
        assert PREVIEW_BANNER in body and title in body, url
        assert '<meta name="robots" content="noindex">' in body
        # The preview links no public record: no downloads, manifest, LIDO.
        assert "download=" not in body and "/iiif/manifest/" not in body
        assert "lido.xml" not in body
        assert_never_shared(response, url)
    for url in image_urls:
        assert_never_shared(get(client, url), url)
    # Manifests and records exist only for public objects (the preview page
    # offers none of them), for staff too.
    for url in (
        f"/iiif/manifest/{hidden.identifier}",
        f"/objekt/{hidden.identifier}/lido.xml",
    ):
        get(client, url, 404)
    # A preview never fills the store of pages kept for visitors.
    for language in ("de", "en"):
        assert cache.get(page_cache_key(hidden.identifier, language)) is None
    client.logout()
    for url in page_urls + image_urls:
        response = get(client, url, 404)
        assert_hides(response.content, matrix.secrets, url)
    # Nor does a visitor with another account but no catalogue rights see it.
    client.force_login(User.objects.create_user(f"besucher-{state}", is_staff=False))
    for url in page_urls + image_urls[:3]:
        get(client, url, 404)


def test_a_deleted_object_is_gone_for_staff_too(matrix, client):
    hidden = matrix.hidden["deleted"]
    client.force_login(User.objects.get(pk=matrix.staff_id))
    for url in [f"/objekt/{hidden.identifier}/", *hidden.image_urls()[:4]]:
        get(client, url, 404)


def assert_never_shared(response, url: str) -> None:
    control = response.get("Cache-Control", "")
    assert "private" in control and "no-store" in control and "public" not in control, (
        url,
        control,
    )


# -- over real HTTP: the production WSGI stack, IIIF fast path included ---------------


class Server:
    """The production composition (kulturschatz.wsgi: the fast path in front of
    Django) in a thread, with a counter of what reaches Django."""

    def __init__(self) -> None:
        self.django_calls = 0
        handler = WSGIHandler()

        def django(environ, start_response):
            self.django_calls += 1
            return handler(environ, start_response)

        # SQLite's in-memory test database locks whole tables between its
        # connections: the server uses the test's own, as Django's
        # LiveServerTestCase does (requests come one at a time).
        database = connections["default"]
        shared = {"default": database} if database.vendor == "sqlite" else None
        if shared:
            database.inc_thread_sharing()
        self.shared = shared
        self.httpd = ThreadedWSGIServer(
            ("127.0.0.1", 0),
            QuietWSGIRequestHandler,
            allow_reuse_address=False,
            connections_override=shared,
        )
        self.httpd.set_app(StoredDerivatives(django))
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def request(self, method: str, target: str, headers: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, target, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)
        if self.shared:
            self.shared["default"].dec_thread_sharing()


@pytest.fixture(scope="module")
def server(matrix):
    running = Server()
    yield running
    running.stop()


def test_over_http_stored_tiles_of_hidden_objects_are_never_sent(matrix, server):
    # The fast path is live: a public object's tile never reaches Django.
    before = server.django_calls
    for url in TILES:
        status, headers, _ = server.request("GET", url.format(id=matrix.anchor_image))
        assert (
            status == 200 and headers["Cache-Control"] == "public, max-age=2592000"
        ), url
    assert server.django_calls == before

    def fetch(method: str, url: str) -> tuple[int, str, bytes]:
        status, headers, body = server.request(method, url)
        return status, headers.get("Content-Type", ""), body

    storage = derivatives.derivative_storage()
    for state, hidden in matrix.hidden.items():
        for url, name in matrix.stored[state].items():
            assert storage.exists(name), url  # on disk, yet never sent
        before = server.django_calls
        assert_like_never_existed(fetch, hidden, matrix.secrets)
        # Every request (each address, its never-existed twin, the HEAD
        # requests) fell through the fast path to Django, which said 404.
        assert (
            server.django_calls - before
            == 2 * len(hidden.direct_urls()) + len(hidden.image_urls()) + 1
        )
    pages = ["/", "/objekte/", f"/objekt/{matrix.anchor}/", "/sitemap.xml"]
    pages += [
        "/suche/?q=Leuchter",
        "/api/search?q=Leuchter",
        "/api/suggest?q=Geheimnisv",
    ]
    pages += ["/api/v1/objects", "/iiif/discovery/page/0"]
    pages += ["/oai?verb=ListRecords&metadataPrefix=lido"]
    for url in pages:
        status, _, body = server.request("GET", url)
        assert status == 200, url
        allowed = set()
        if "oai" in url or "discovery" in url:  # deleted records, Delete activities
            allowed = {matrix.hidden[s].identifier for s in WAS_PUBLIC}
        assert_hides(body, matrix.secrets - allowed, url)


def test_over_http_a_staff_preview_leaves_nothing_for_visitors(matrix, server):
    cookie = f"{settings.SESSION_COOKIE_NAME}={matrix.staff_cookie}"
    for state in PREVIEWABLE:
        hidden = matrix.hidden[state]
        urls = [f"/objekt/{hidden.identifier}/", *hidden.image_urls()]
        etags = {}
        for url in urls:
            status, headers, body = server.request("GET", url, {"Cookie": cookie})
            assert status == 200, (url, status)
            if url.startswith("/objekt/"):
                assert PREVIEW_BANNER.encode() in body
            assert "private" in headers.get("Cache-Control", ""), url
            assert "no-store" in headers.get("Cache-Control", ""), url
            etags[url] = headers.get("ETag")
        # Right after: a visitor (no cookie, so the fast path answers first),
        # also one revalidating with the ETag a shared cache would have seen.
        for url in urls:
            for extra in ({}, {"If-None-Match": etags[url]} if etags[url] else {}):
                status, _, body = server.request("GET", url, extra)
                assert status == 404, (url, extra, status)
                assert_hides(body, matrix.secrets, url)
