"""Public pages: visibility, languages, sitemap, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from kulturschatz.collections.models import HeritageObject
from tests import factories

pytestmark = pytest.mark.django_db
HIDDEN_STATES = ["draft", "review", "withdrawn"]
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def catalogue():
    institution = factories.make_institution("Domstiftsbibliothek")
    collection = factories.make_collection(institution, "Handschriften")
    public = factories.make_object(
        institution=institution, collection=collection, title="Merseburger Zaubersprüche",
        identifier="zaubersprueche", inventory_number="Cod. 136",
    )
    public.titles.create(text="Merseburg Charms", lang="en", pref="preferred")
    public.descriptions.create(text="Zwei althochdeutsche Zaubersprüche.", lang="de")
    public.descriptions.create(text="Two Old High German charms.", lang="en")
    factories.make_image(public)
    hidden = {
        status: factories.make_object(
            institution=institution, collection=collection, status=status,
            title=f"Geheim {status}", identifier=f"geheim-{status}",
        )
        for status in HIDDEN_STATES
    }
    import datetime

    embargoed = factories.make_object(
        institution=institution, collection=collection, title="Geheim embargo",
        identifier="geheim-embargo", embargo_until=datetime.date.today() + datetime.timedelta(days=3),
    )
    hidden["embargo"] = embargoed
    return {"public": public, "hidden": hidden, "collection": collection, "institution": institution}


def test_published_queryset_is_the_single_rule(catalogue):
    assert list(HeritageObject.objects.published()) == [catalogue["public"]]


def test_home_lists_public_objects_only(client, catalogue):
    response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Merseburger Zaubersprüche" in page
    assert "Geheim" not in page
    assert '<input type="search"' in page and 'name="q"' in page
    assert not response.cookies  # anonymous visitors get no cookie


@pytest.mark.parametrize("path", ["/objekte/", "/sammlung/{collection}/", "/institution/{institution}/"])
def test_lists_never_show_hidden_objects(client, catalogue, path):
    url = path.format(collection=catalogue["collection"].slug, institution=catalogue["institution"].slug)
    response = client.get(url)
    assert response.status_code == 200
    assert not [o for o in response.context["page"] if o.title.startswith("Geheim")]
    assert "Geheim embargo" not in response.content.decode()


def test_object_page_and_english_version(client, catalogue):
    page = client.get("/objekt/zaubersprueche/").content.decode()
    assert "<h1 lang=\"de\">Merseburger Zaubersprüche</h1>" in page
    assert "Zwei althochdeutsche Zaubersprüche." in page
    assert 'hreflang="en"' in page and 'href="http://testserver/en/objekt/zaubersprueche/"' in page
    english = client.get("/en/objekt/zaubersprueche/").content.decode()
    assert '<html lang="en">' in english
    assert "<h1 lang=\"en\">Merseburg Charms</h1>" in english
    assert "Two Old High German charms." in english


@pytest.mark.parametrize("state", HIDDEN_STATES + ["embargo"])
def test_hidden_objects_are_404_for_the_public(client, catalogue, state):
    hidden = catalogue["hidden"][state]
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(f"/en{hidden.get_absolute_url()}").status_code == 404


def test_search_finds_by_title_and_inventory_number(client, catalogue):
    from django.core.management import call_command

    call_command("rebuild_search_index", "--no-progress", verbosity=0)
    for query in ["zauber*", "Zaubersprueche", "Cod. 136"]:
        response = client.get("/objekte/", {"q": query}, follow=True)
        assert response.redirect_chain[0][0].startswith("/suche/?q=")
        assert [item.identifier for item in response.context["items"]] == ["zaubersprueche"]
    response = client.get("/suche/", {"q": "Geheim*"})
    assert "Geheim" not in "".join(item.title for item in response.context["items"])


def test_sitemap_lists_every_published_object_only(client, catalogue):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = etree.fromstring(response.content)
    locations = tree.xpath("//s:loc/text()", namespaces=SITEMAP_NS)
    assert "http://testserver/objekt/zaubersprueche/" in locations
    assert "http://testserver/en/objekt/zaubersprueche/" in locations
    assert not [loc for loc in locations if "geheim" in loc]


def test_robots_txt_points_to_sitemap(client):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_object_page_query_count_is_bounded(client, catalogue):
    heritage_object = catalogue["public"]
    production = factories.make_concept("event_type", "Herstellung", "production")

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(heritage_object.get_absolute_url()).status_code == 200
        return len(queries)

    def add_event_and_image(n: int) -> None:
        event = heritage_object.events.create(event_type=production, display_date=f"{1000 + n}")
        event.actors.create(agent=factories.make_agent(f"Akteur {n}"))
        event.places.create(name=f"Ort {n}")
        factories.make_image(heritage_object, order=n + 1, primary=False, size=(64, 64))

    add_event_and_image(0)
    baseline = count_queries()
    for n in range(1, 6):
        add_event_and_image(n)
    assert count_queries() == baseline


def test_home_counts_in_correct_german(client, catalogue):
    page = client.get("/").content.decode()
    assert "ein veröffentlichtes Objekt aus einer Institution" in " ".join(page.split())
    factories.make_object()  # a second public object of a second institution
    page = " ".join(client.get("/").content.decode().split())
    assert "2 veröffentlichte Objekte aus 2 Institutionen" in page


def test_object_page_links_its_manifest_for_drag_and_drop(client, catalogue):
    page = client.get("/objekt/zaubersprueche/").content.decode()
    manifest = "http://testserver/iiif/manifest/zaubersprueche"
    assert f'href="{manifest}?manifest=http%3A//testserver/iiif/manifest/zaubersprueche"' in page
    assert client.get(manifest.removeprefix("http://testserver")).status_code == 200
