"""Draft, review, withdrawn and embargoed objects are invisible on every endpoint:
lists, details, nested data, counts, facets and search."""

import json
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from kulturschatz.search.backends import get_search_backend
from kulturschatz.search.documents import all_documents
from tests.search_tests import whoosh_settings

from .base import APITestCase
from .catalogue import HIDDEN_STATUSES, SECRET

INDEX_DIR = Path(tempfile.mkdtemp(prefix="whoosh-api-visibility-"))
START = [
    "/api/v1/objects?page_size=100",
    "/api/v1/collections?page_size=100",
    "/api/v1/institutions?page_size=100",
    "/api/v1/agents?page_size=100",
    "/api/v1/places?page_size=100",
    "/api/v1/search",
    f"/api/v1/search?q={SECRET}nisvolle",
    f"/api/v1/search?q={SECRET}nisvole",  # a typo: no spelling suggestion either
    "/api/v1/search?q=Handschrift",
    "/api/v1/search?date_from=1010&date_to=1020",
]


@whoosh_settings(INDEX_DIR)
class VisibilityTests(APITestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        get_search_backend().rebuild(all_documents())  # the index holds hidden ones too

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(INDEX_DIR, ignore_errors=True)

    def secrets(self) -> list[str]:
        """Strings only hidden objects carry: in no answer of the API."""
        catalogue = self.catalogue
        return [
            SECRET,
            SECRET.lower(),
            f"/agents/{catalogue.secret_agent.pk}\"",
            f"/places/{catalogue.secret_place.pk}\"",
            f'"slug":"{catalogue.hidden_type.slug}"',
        ]

    def test_hidden_objects_are_404(self):
        for status in HIDDEN_STATUSES:
            with self.subTest(status=status):
                identifier = self.catalogue.hidden[status].identifier
                data = self.get_json(
                    f"/api/v1/objects/{identifier}", "/api/v1/objects/{identifier}", 404
                )
                self.assertNotIn(SECRET, json.dumps(data))

    def test_persons_and_places_only_hidden_objects_name_are_404(self):
        self.get_json(f"/api/v1/agents/{self.catalogue.secret_agent.pk}", status=404)
        self.get_json(f"/api/v1/places/{self.catalogue.secret_place.pk}", status=404)
        for parameter, value in [
            ("agent", self.catalogue.secret_agent.pk),
            ("place", self.catalogue.secret_place.pk),
        ]:
            with self.subTest(parameter=parameter):
                data = self.get_json("/api/v1/objects", status=400, **{parameter: value})
                self.assertEqual(data["parameter"], parameter)

    def test_no_answer_of_the_api_mentions_a_hidden_object(self):
        """Follow every link of the API from its lists (details, the objects of
        each collection, institution, person and place, further pages) and look
        for anything only hidden objects carry."""
        to_visit = list(START)
        visited: set[str] = set()
        while to_visit:
            url = to_visit.pop()
            if url in visited:
                continue
            visited.add(url)
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            data = response.json()
            # A search answer repeats the query (in its links too): not a leak.
            echoed = {"query", "next", "previous"} if "query" in data else set()
            body = json.dumps(
                {k: v for k, v in data.items() if k not in echoed}, ensure_ascii=False
            )
            for secret in self.secrets():
                self.assertNotIn(secret, body, url)
            for link in self.links(data):
                if link not in visited:
                    to_visit.append(link)
        self.assertGreater(len(visited), 25)
        for status in HIDDEN_STATUSES:
            self.assertFalse(any(f"geheim-{status}" in url for url in visited))

    def links(self, data: object) -> list[str]:
        """Every API address in an answer (objects, persons, next pages …)."""
        found = []
        if isinstance(data, dict):
            for value in data.values():
                found += self.links(value)
        elif isinstance(data, list):
            for value in data:
                found += self.links(value)
        elif isinstance(data, str) and data.startswith("http://testserver/api/v1/"):
            parts = urlsplit(data)
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        return found

    def test_counts_and_facets_leave_hidden_objects_out(self):
        catalogue = self.catalogue
        search = self.get_json("/api/v1/search", "/api/v1/search")
        self.assertEqual(search["count"], 2)
        facets = search["facets"]
        persons = {v["value"]: v["count"] for v in facets["person"]}
        self.assertEqual(persons, {catalogue.thietmar.pk: 1, catalogue.depicted.pk: 1})
        places = {v["value"]: v["count"] for v in facets["place"]}
        self.assertNotIn(catalogue.secret_place.pk, places)
        self.assertEqual(places[catalogue.merseburg.pk], 1)
        collections = {v["value"]: v["count"] for v in facets["collection"]}
        self.assertNotIn(catalogue.hidden_collection.pk, collections)
        self.assertEqual(collections[catalogue.child.pk], 1)
        found = self.get_json("/api/v1/search", q=f"{SECRET}nisvolle")
        self.assertEqual((found["count"], found["suggestion"]), (0, None))
        # Together with a public word: only public objects have some of the words.
        found = self.get_json("/api/v1/search", q=f"{SECRET}nisvolle Handschrift")
        self.assertTrue(found["relaxed"])
        self.assertEqual(
            {hit["identifier"] for hit in found["results"]},
            {"chronik-thietmar", "siegel-heinrich"},
        )
        self.assertEqual(
            self.get_json(f"/api/v1/agents/{catalogue.thietmar.pk}")["object_count"], 1
        )
        self.assertEqual(
            self.get_json(f"/api/v1/places/{catalogue.merseburg.pk}")["object_count"], 1
        )
        self.assertEqual(
            self.get_json(f"/api/v1/collections/{catalogue.child.slug}")["object_count"], 1
        )
        self.assertEqual(
            self.get_json(f"/api/v1/institutions/{catalogue.institution.slug}")[
                "object_count"
            ],
            2,
        )
        for parameter, value in [
            ("collection", catalogue.hidden_collection.slug),
            ("type", catalogue.hidden_type.slug),
        ]:
            with self.subTest(parameter=parameter):
                data = self.get_json("/api/v1/objects", **{parameter: value})
                self.assertEqual(data["count"], 0)
