"""Issue 7 pages: subject pages, image downloads, licence icons, languages."""

import datetime
import io
from urllib.parse import unquote

import pytest
from django.contrib.staticfiles import finders
from lxml import html
from PIL import Image

from kulturschatz.collections.models import Concept, Event, Rights
from tests import factories

pytestmark = pytest.mark.django_db
HIDDEN = ["draft", "review", "withdrawn", "embargo"]


def make_hidden(state: str, **fields):
    if state == "embargo":
        return factories.make_object(
            embargo_until=datetime.date.today() + datetime.timedelta(days=3), **fields
        )
    return factories.make_object(status=state, **fields)


def parse(response) -> html.HtmlElement:
    assert response.status_code == 200, response.status_code
    return html.fromstring(response.content.decode())


@pytest.fixture
def catalogue():
    institution = factories.make_institution("Domstiftsbibliothek")
    charm = factories.make_concept(
        Concept.Kind.SUBJECT,
        "Zauberspruch",
        uris=["https://d-nb.info/gnd/4190669-8", "http://www.wikidata.org/entity/Q1148495"],
    )
    charm.label_en = "Charm"
    charm.scope_note = "Formel, die eine magische Wirkung erzielen soll."
    charm.save()
    parchment = factories.make_concept(Concept.Kind.MATERIAL, "Pergament")
    manuscript = factories.make_concept(Concept.Kind.OBJECT_TYPE, "Handschrift")
    public = factories.make_object(
        institution=institution,
        title="Merseburger Zaubersprüche",
        identifier="zaubersprueche",
        object_type=manuscript,
    )
    public.subject_concepts.add(charm)
    production = factories.make_concept(Concept.Kind.EVENT_TYPE, "Herstellung", "production")
    event = Event.objects.create(heritage_object=public, event_type=production)
    event.materials.add(parchment)
    hidden = {}
    for state in HIDDEN:
        hidden[state] = make_hidden(
            state, institution=institution, title=f"Geheim {state}", identifier=f"geheim-{state}"
        )
        hidden[state].subject_concepts.add(charm)
    return {
        "public": public,
        "hidden": hidden,
        "charm": charm,
        "parchment": parchment,
        "manuscript": manuscript,
        "institution": institution,
    }


def subject_url(concept: Concept, language: str = "") -> str:
    return f"{'/' + language if language else ''}/thema/{concept.pk}/"


def test_subject_page_lists_published_objects_with_authority_links(client, catalogue):
    page = parse(client.get(subject_url(catalogue["charm"])))
    assert page.xpath("string(//h1)") == "Zauberspruch"
    cards = [a.text_content().strip() for a in page.xpath("//li[@class='card']/a")]
    assert cards == ["Merseburger Zaubersprüche"]
    assert "Geheim" not in page.text_content()
    authority = {a.text: a.get("href") for a in page.xpath("//p[@class='authority']/a")}
    assert authority == {
        "GND": "https://d-nb.info/gnd/4190669-8",
        "Wikidata": "http://www.wikidata.org/entity/Q1148495",
    }
    assert "magische Wirkung" in page.xpath("string(//main//p[@lang='de'])")


def test_subject_page_in_english_uses_the_english_label(client, catalogue):
    page = parse(client.get(subject_url(catalogue["charm"], "en")))
    assert page.xpath("string(//h1)") == "Charm"
    assert page.xpath("//h1/@lang") == ["en"]
    # No English label: the German one, marked as German.
    page = parse(client.get(subject_url(catalogue["parchment"], "en")))
    assert page.xpath("string(//h1)") == "Pergament"
    assert page.xpath("//h1/@lang") == ["de"]


@pytest.mark.parametrize("key", ["parchment", "manuscript"])
def test_materials_and_object_types_have_pages_too(client, catalogue, key):
    # A second event of the same material lists the object once.
    event = Event.objects.create(
        heritage_object=catalogue["public"],
        event_type=Concept.objects.get(kind=Concept.Kind.EVENT_TYPE),
    )
    event.materials.add(catalogue["parchment"])
    page = parse(client.get(subject_url(catalogue[key])))
    cards = [a.text_content().strip() for a in page.xpath("//li[@class='card']/a")]
    assert cards == ["Merseburger Zaubersprüche"]


@pytest.mark.parametrize("state", HIDDEN)
def test_concept_only_unpublished_objects_refer_to_is_404(client, catalogue, state):
    secret = factories.make_concept(Concept.Kind.SUBJECT, "Geheimthema")
    catalogue["hidden"][state].subject_concepts.add(secret)
    assert client.get(subject_url(secret)).status_code == 404
    assert client.get(subject_url(secret, "en")).status_code == 404


def test_unreferenced_unknown_and_structural_concepts_are_404(client, catalogue):
    unused = factories.make_concept(Concept.Kind.PERIOD, "Frühmittelalter")
    assert client.get(subject_url(unused)).status_code == 404
    assert client.get("/thema/999999/").status_code == 404
    assert client.get("/thema/abc/").status_code == 404
    # Event types have no page even though a public object uses one.
    production = Concept.objects.get(kind=Concept.Kind.EVENT_TYPE)
    assert client.get(subject_url(production)).status_code == 404


def test_subject_page_queries_do_not_grow_with_objects(
    client, catalogue, django_assert_max_num_queries
):
    for n in range(30):
        obj = factories.make_object(institution=catalogue["institution"], title=f"Objekt {n}")
        obj.subject_concepts.add(catalogue["charm"])
        factories.make_image(obj, size=(40, 30))
    with django_assert_max_num_queries(8):
        page = parse(client.get(subject_url(catalogue["charm"])))
    assert len(page.xpath("//li[@class='card']")) == 24
    assert "31" in page.xpath("string(//h2)")


def test_object_page_links_its_concepts_to_subject_pages(client, catalogue):
    page = parse(client.get("/objekt/zaubersprueche/"))
    links = {a.text: a.get("href") for a in page.xpath("//a[starts-with(@href, '/thema/')]")}
    assert links == {
        "Zauberspruch": subject_url(catalogue["charm"]),
        "Pergament": subject_url(catalogue["parchment"]),
        "Handschrift": subject_url(catalogue["manuscript"]),
    }
    for href in links.values():
        assert client.get(href).status_code == 200


def test_object_page_marks_german_fallbacks_on_english_pages(client, catalogue):
    page = parse(client.get("/en/objekt/zaubersprueche/"))
    (charm,) = page.xpath(f"//a[@href='{subject_url(catalogue['charm'], 'en')}']")
    assert charm.text == "Charm" and charm.get("lang") is None
    (parchment,) = page.xpath(f"//a[@href='{subject_url(catalogue['parchment'], 'en')}']")
    assert parchment.text == "Pergament" and parchment.get("lang") == "de"
    page = parse(client.get("/objekt/zaubersprueche/"))
    assert page.xpath("//a[starts-with(@href, '/thema/')]/@lang") == []


def download_links(page: html.HtmlElement) -> list[html.HtmlElement]:
    return page.xpath("//section[@class='downloads']//a[@download]")


@pytest.mark.parametrize(
    "rights", [Rights.CC0, Rights.PDM, Rights.CC_BY_SA, Rights.CC_BY_NC_ND, Rights.RS_NOC_NC]
)
def test_open_licences_offer_downloads_in_three_sizes(client, catalogue, rights):
    image = factories.make_image(catalogue["public"], size=(2000, 1500))
    image.rights = rights
    image.save()
    links = download_links(parse(client.get("/objekt/zaubersprueche/")))
    assert [a.get("download") for a in links] == [
        "zaubersprueche-1-800.jpg",
        "zaubersprueche-1-1600.jpg",
        "zaubersprueche-1-max.jpg",
    ]
    expected_sizes = [(800, 600), (1600, 1200), (2000, 1500)]
    for link, size in zip(links, expected_sizes, strict=True):
        href = unquote(link.get("href"))
        assert href.startswith(f"/iiif/3/{image.iiif_identifier}/full/")
        response = client.get(link.get("href"))
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert Image.open(io.BytesIO(body)).size == size


def test_small_images_offer_only_the_full_size(client, catalogue):
    factories.make_image(catalogue["public"], size=(700, 500))
    links = download_links(parse(client.get("/objekt/zaubersprueche/")))
    assert [a.get("download") for a in links] == ["zaubersprueche-1-max.jpg"]


@pytest.mark.parametrize(
    "rights", [Rights.RS_INC, Rights.RS_INC_EDU, Rights.RS_CNE, Rights.RS_UND]
)
def test_closed_licences_show_the_licence_and_no_download(client, catalogue, rights):
    image = factories.make_image(catalogue["public"], size=(2000, 1500))
    image.rights = rights
    image.save()
    page = parse(client.get("/objekt/zaubersprueche/"))
    assert download_links(page) == []
    section = page.xpath("//section[@class='downloads']")[0]
    assert section.xpath(".//a[@rel='license']/@href") == [rights]
    # The viewer's fallback link stays; nothing offers a file to save.
    assert not page.xpath("//a[@download]")


def test_preview_of_unpublished_object_offers_no_downloads(client, catalogue):
    hidden = catalogue["hidden"]["draft"]
    factories.make_image(hidden, size=(2000, 1500))
    client.force_login(factories.make_staff("Redaktion"))
    page = parse(client.get(hidden.get_absolute_url()))
    assert download_links(page) == []


def test_licence_icons_with_alt_text_from_our_static_files(client, catalogue):
    public = catalogue["public"]
    public.rights = Rights.CC_BY_NC_SA
    public.metadata_rights = Rights.CC0
    public.save()
    image = factories.make_image(public)
    image.rights = Rights.RS_INC_EDU
    image.save()
    page = parse(client.get("/en/objekt/zaubersprueche/"))
    icons = {}
    for link in page.xpath("//a[@rel='license']"):
        icons.setdefault(link.get("href"), []).append(
            [(img.get("src").rsplit("/", 1)[1], img.get("alt")) for img in link.xpath(".//img")]
        )
    assert icons[Rights.CC_BY_NC_SA][0] == [
        ("cc.svg", "Creative Commons"),
        ("by.svg", "Attribution"),
        ("nc.svg", "Non-commercial"),
        ("sa.svg", "Share alike"),
    ]
    assert icons[Rights.CC0][0] == [("cc.svg", "Creative Commons"), ("zero.svg", "Public domain dedication")]
    assert icons[Rights.RS_INC_EDU][0] == [("rs.svg", "RightsStatements.org")]
    (inc_link,) = page.xpath("//figcaption//a[@rel='license']")
    assert inc_link.xpath("string(.//span[@class='rs-code'])") == "InC-EDU"
    for img in page.xpath("//a[@rel='license']//img"):
        assert img.get("src").startswith("/static/kulturschatz/licences/")
        assert finders.find(img.get("src").removeprefix("/static/"))


def test_language_links_carry_hreflang_and_lang(client, catalogue):
    for path, other in [("/objekt/zaubersprueche/", "en"), ("/en/", "de")]:
        page = parse(client.get(path))
        (link,) = page.xpath("//ul[@class='lang']//a")
        assert link.get("hreflang") == other and link.get("lang") == other
    page = parse(client.get(subject_url(catalogue["charm"])))
    (link,) = page.xpath("//ul[@class='lang']//a")
    assert link.get("href").endswith(subject_url(catalogue["charm"], "en"))


def test_broader_term_is_linked_only_when_it_has_a_page(client, catalogue):
    charm = catalogue["charm"]
    magic = factories.make_concept(Concept.Kind.SUBJECT, "Magie")
    charm.broader = magic
    charm.save()
    page = parse(client.get(subject_url(charm)))
    assert "Magie" in page.text_content()
    assert not page.xpath(f"//a[@href='{subject_url(magic)}']")  # it would be a 404
    catalogue["public"].subject_concepts.add(magic)
    page = parse(client.get(subject_url(charm)))
    assert page.xpath(f"//a[@href='{subject_url(magic)}']/text()") == ["Magie"]
    assert page.xpath("string(//p[@class='lead'])") == "Schlagwort"


def test_licence_icon_alt_texts_and_downloads_are_german_on_german_pages(client, catalogue):
    public = catalogue["public"]
    public.rights = Rights.CC_BY_SA
    public.save()
    factories.make_image(public, size=(900, 600))
    page = parse(client.get("/objekt/zaubersprueche/"))
    (rights,) = page.xpath(f"//dl//a[@href='{Rights.CC_BY_SA}']")
    assert rights.xpath(".//img/@alt") == [
        "Creative Commons",
        "Namensnennung",
        "Weitergabe unter gleichen Bedingungen",
    ]
    assert page.xpath("string(//h2[@id='downloads-h'])") == "Bilder herunterladen"
    assert [a.text for a in download_links(page)] == [
        "JPEG 800 px",
        "JPEG Originalgröße (900 × 600 px)",
    ]


@pytest.mark.django_db
def test_person_and_place_known_only_from_unpublished_records_are_not_public(client):
    from kulturschatz.collections.models import Concept, Event, Place
    from tests.factories import make_agent, make_object

    for status in ("draft", "review", "withdrawn"):
        hidden = make_object(status=status)
        agent = make_agent(f"Geheim {status}")
        place = Place.objects.create(name=f"Geheimort {status}")
        event_type = Concept.objects.get_or_create(kind="event_type", slug="production", defaults={"label": "Herstellung"})[0]
        event = Event.objects.create(heritage_object=hidden, event_type=event_type)
        event.actors.create(agent=agent)
        event.places.add(place)
        assert client.get(f"/person/{agent.pk}/").status_code == 404
        assert client.get(f"/ort/{place.pk}/").status_code == 404
        hidden.subject_agents.add(agent)
        public = make_object()
        public.subject_agents.add(agent)
        public.subject_places.add(place)
        page = client.get(f"/person/{agent.pk}/").content.decode()
        assert public.title in page and hidden.title not in page
        assert client.get(f"/ort/{place.pk}/").status_code == 200
