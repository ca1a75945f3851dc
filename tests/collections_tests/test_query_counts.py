"""The public pages do a bounded number of SQL queries, whatever an object holds
and however many objects a page lists (issue 7, "Fast"); the home page's cached
figures follow every change and never show an unpublished object."""

import datetime
import shutil
import tempfile
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kulturschatz.collections.models import Concept, HeritageObject
from kulturschatz.search.backends import get_search_backend
from kulturschatz.search.documents import all_documents
from tests import factories
from tests.search_tests import whoosh_settings

pytestmark = pytest.mark.django_db
HIDDEN = {
    "draft": {"status": "draft"},
    "review": {"status": "review"},
    "withdrawn": {"status": "withdrawn"},
    "embargoed": {"embargo_until": datetime.date.today() + datetime.timedelta(days=3)},
}


def queries_of(client, path: str, **params) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200, path
    return len(queries), response.content.decode()


@pytest.fixture
def terms():
    def concept(kind: str, n: int) -> Concept:
        uri = f"http://vocab.getty.edu/aat/{kind}-{n}"
        return factories.make_concept(kind, f"{kind} {n}", f"{kind}-{n}", uris=[uri])

    return {
        "production": factories.make_concept("event_type", "Herstellung", "production"),
        "role": concept("role", 1),
        "relation": concept("relation_type", 2),
        "concept": concept,
    }


def enrich(heritage_object: HeritageObject, n: int, terms: dict) -> None:
    """Give an object n of everything an object page shows."""
    related = factories.make_object(
        institution=heritage_object.institution, title=f"Verwandt {heritage_object.pk}"
    )
    hidden = factories.make_object(
        institution=heritage_object.institution, status="draft", title="Geheimer Entwurf"
    )
    for i in range(n):
        tag = f"{heritage_object.pk}-{i}"
        heritage_object.titles.create(text=f"Titel {tag}", lang="en")
        heritage_object.descriptions.create(text=f"Beschreibung {tag}", lang="de")
        heritage_object.inscriptions.create(transcription=f"Inschrift {tag}", lang="la")
        heritage_object.measurements.create(dimension="Höhe", value=10 + i, unit="cm")
        heritage_object.relations.create(relation_type=terms["relation"], target=related)
        heritage_object.relations.create(relation_type=terms["relation"], target=hidden)
        number = 100 * heritage_object.pk + i
        heritage_object.classifications.add(terms["concept"]("classification", number))
        heritage_object.subject_concepts.add(terms["concept"]("subject", number))
        heritage_object.subject_agents.add(
            factories.make_agent(f"Dargestellt {tag}", uris=[f"https://d-nb.info/gnd/{tag}"])
        )
        event = heritage_object.events.create(
            event_type=terms["production"], display_date=f"um {1000 + i}"
        )
        for k in range(2):
            event.actors.create(
                agent=factories.make_agent(
                    f"Akteur {tag}-{k}", uris=[f"https://d-nb.info/gnd/{tag}-{k}X"]
                ),
                role=terms["role"],
            )
        country = event.places.create(name=f"Land {tag}")
        country.uris.create(uri=f"https://sws.geonames.org/{number}/")
        event.places.create(name=f"Ort {tag}", parent=country)
        heritage_object.subject_places.create(name=f"Gezeigt {tag}", parent=country)
        event.materials.add(terms["concept"]("material", number))
        event.techniques.add(terms["concept"]("technique", number))
        factories.make_image(heritage_object, order=i + 1, primary=False, size=(32, 32))


def test_object_page_queries_do_not_grow_with_the_record(client, terms):
    small = factories.make_object(title="Schlichter Becher")
    large = factories.make_object(title="Reiche Handschrift")
    factories.make_image(small, size=(32, 32))
    factories.make_image(large, size=(32, 32))
    enrich(small, 1, terms)
    enrich(large, 8, terms)
    small_count, _ = queries_of(client, small.get_absolute_url())
    large_count, page = queries_of(client, large.get_absolute_url())
    assert large_count == small_count
    # The page really shows the large record, and no unpublished relation.
    assert page.count("Inschrift") >= 8 and page.count("Akteur") >= 16
    assert f"Verwandt {large.pk}" in page and "Geheimer Entwurf" not in page


def test_object_page_hides_related_unpublished_objects(client, terms):
    heritage_object = factories.make_object(title="Mit Verweisen")
    for state, fields in HIDDEN.items():
        target = factories.make_object(
            title=f"Geheim {state}", institution=heritage_object.institution, **fields
        )
        heritage_object.relations.create(relation_type=terms["relation"], target=target)
    _, page = queries_of(client, heritage_object.get_absolute_url())
    assert "Geheim" not in page


def test_home_page_queries_do_not_grow_with_the_catalogue(client):
    institution = factories.make_institution()
    first = factories.make_object(institution=institution, featured=True)
    factories.make_image(first, size=(32, 32))
    cold, _ = queries_of(client, "/")
    warm, _ = queries_of(client, "/")
    assert warm < cold  # the counts come from the cache until something changes
    for n in range(15):
        heritage_object = factories.make_object(
            institution=factories.make_institution(), featured=True,
            earliest_year=100 * n + 1, latest_year=100 * n + 50,
        )
        factories.make_image(heritage_object, size=(32, 32))
    assert queries_of(client, "/")[0] == cold
    assert queries_of(client, "/")[0] == warm


def test_home_figures_follow_every_change(client):
    institution = factories.make_institution()
    kept = factories.make_object(institution=institution, title="Bleibt", featured=True)
    gone = factories.make_object(institution=institution, title="Verschwindet", featured=True)
    page = " ".join(client.get("/").content.decode().split())
    assert "2 veröffentlichte Objekte" in page and "Verschwindet" in page
    gone.status = HeritageObject.Status.WITHDRAWN
    gone.save()
    page = " ".join(client.get("/").content.decode().split())
    assert "ein veröffentlichtes Objekt" in page
    assert "Verschwindet" not in page and "Bleibt" in page
    factories.make_object(institution=institution, earliest_year=1021, latest_year=1021)
    page = client.get("/").content.decode()
    assert "?date_from=1001&amp;date_to=1100" in page  # the timeline follows too
    kept.delete()
    assert "Bleibt" not in client.get("/").content.decode()


@pytest.mark.parametrize("state", HIDDEN)
def test_cached_home_never_shows_an_object_hidden_since(client, state):
    featured = factories.make_object(title="Kostbarer Kelch", featured=True)
    assert "Kostbarer Kelch" in client.get("/").content.decode()
    # A change that bypasses the signals leaves the cached figures in place;
    # the featured objects are still fetched through published().
    HeritageObject.objects.filter(pk=featured.pk).update(**HIDDEN[state])
    assert "Kostbarer Kelch" not in client.get("/").content.decode()


def test_object_page_is_kept_for_visitors_until_the_catalogue_changes(client, terms):
    heritage_object = factories.make_object(title="Goldene Patene")
    enrich(heritage_object, 3, terms)
    url = heritage_object.get_absolute_url()
    cold, page = queries_of(client, url)
    warm, again = queries_of(client, url)
    assert again == page and warm == 2 < cold  # the catalogue's state, the visibility
    english, page_en = queries_of(client, "/en" + url)
    assert english == cold and 'lang="en"' in page_en  # each language on its own
    # Any change to the catalogue is seen at once: the title, and the relations
    # (a related object withdrawn since leaves the stored page).
    heritage_object.title = "Vergoldete Patene"
    heritage_object.save()
    assert "Vergoldete Patene" in client.get(url).content.decode()
    related = heritage_object.relations.exclude(target__status="draft").first().target
    assert related.title in client.get(url).content.decode()
    related.status = HeritageObject.Status.WITHDRAWN
    related.save()
    assert related.title not in client.get(url).content.decode()


@pytest.mark.parametrize("state", HIDDEN)
def test_stored_object_page_never_outlives_publication(client, state):
    heritage_object = factories.make_object(title="Kostbares Reliquiar")
    url = heritage_object.get_absolute_url()
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200  # now from the store
    # Even a change that bypasses the signals (and so the cache key) hides it.
    HeritageObject.objects.filter(pk=heritage_object.pk).update(**HIDDEN[state])
    assert client.get(url).status_code == 404


def test_staff_never_get_a_stored_page(client, admin_user):
    heritage_object = factories.make_object(title="Silberner Leuchter")
    url = heritage_object.get_absolute_url()
    client.get(url)
    client.force_login(admin_user)
    count, page = queries_of(client, url)
    assert count > 5  # rendered for them, not read from the store
    HeritageObject.objects.filter(pk=heritage_object.pk).update(status="draft")
    assert "Silberner Leuchter" in client.get(url).content.decode()  # preview


@pytest.fixture
def search_index():
    index_dir = Path(tempfile.mkdtemp(prefix="whoosh-query-counts-"))
    with whoosh_settings(index_dir):

        def rebuild() -> None:
            get_search_backend().rebuild(all_documents())

        yield rebuild
    shutil.rmtree(index_dir, ignore_errors=True)


def test_search_page_queries_do_not_grow_with_the_hits(client, search_index, terms):
    institution = factories.make_institution()
    collection = factories.make_collection(institution)

    def add_objects(count: int, start: int) -> None:
        for n in range(start, start + count):
            heritage_object = factories.make_object(
                institution=institution, collection=collection,
                title=f"Kirchenglocke {n}", earliest_year=1100 + n, latest_year=1150 + n,
            )
            factories.make_image(heritage_object, size=(32, 32))
            heritage_object.titles.create(text=f"Church bell {n}", lang="en")
            event = heritage_object.events.create(event_type=terms["production"])
            event.actors.create(agent=factories.make_agent(f"Gießer {n}"))
            event.places.create(name=f"Gießhütte {n}")
            event.materials.add(terms["concept"]("material", 500 + n))

    add_objects(2, 0)
    for state, fields in HIDDEN.items():
        factories.make_object(
            institution=institution, title=f"Kirchenglocke geheim {state}", **fields
        )
    search_index()
    queries_of(client, "/suche/", q="Kirchenglocke")  # facet labels, once a minute
    few, page = queries_of(client, "/suche/", q="Kirchenglocke")
    assert page.count('<li class="result">') == 2 and "geheim" not in page
    add_objects(22, 2)
    search_index()
    queries_of(client, "/suche/", q="Kirchenglocke")
    many, page = queries_of(client, "/suche/", q="Kirchenglocke")
    assert page.count('<li class="result">') == 20 and "geheim" not in page
    assert many == few
    with_facet, page = queries_of(
        client, "/suche/", q="Kirchenglocke", institution=institution.pk, sort="date"
    )
    assert with_facet == few and page.count('<li class="result">') == 20
    assert "geheim" not in page
