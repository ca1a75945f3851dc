"""/api/v1/search: the site's search service with the same parameters and facets."""

import shutil
import tempfile
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kulturschatz.search.backends import get_search_backend
from kulturschatz.search.documents import all_documents
from tests import factories
from tests.search_tests import whoosh_settings

from .base import APITestCase

INDEX_DIR = Path(tempfile.mkdtemp(prefix="whoosh-api-"))
SEARCH = "/api/v1/search"


@whoosh_settings(INDEX_DIR)
class SearchTests(APITestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for n in range(3):
            factories.make_object(
                institution=cls.catalogue.institution,
                identifier=f"urkunde-{n}",
                title=f"Urkunde Heinrichs {n}",
                earliest_year=1000 + n,
                latest_year=1000 + n,
            )
        get_search_backend().rebuild(all_documents())

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(INDEX_DIR, ignore_errors=True)

    def test_results_with_snippets_and_facets(self):
        data = self.get_json(SEARCH, SEARCH, q="Chronik")
        self.assertEqual(data["count"], 1)
        (hit,) = data["results"]
        self.assertEqual(hit["identifier"], "chronik-thietmar")
        self.assertEqual(hit["url"], "http://testserver/api/v1/objects/chronik-thietmar")
        self.assertIn("<mark>", hit["snippet"])
        self.assertEqual(data["sort"], "relevance")
        types = data["facets"]["type"]
        self.assertEqual(
            [(v["label"], v["count"], v["selected"]) for v in types],
            [({"de": "Handschrift", "en": "Manuscript"}, 1, False)],
        )
        century = data["facets"]["century"][0]["label"]
        self.assertEqual(century, {"de": "11. Jahrhundert", "en": "11th century"})

    def test_facet_values_filter_and_are_reported_selected(self):
        everything = self.get_json(SEARCH, SEARCH)
        self.assertEqual(everything["count"], 5)
        self.assertEqual(everything["sort"], "title")
        value = everything["facets"]["type"][0]
        narrowed = self.get_json(SEARCH, SEARCH, type=value["value"])
        self.assertEqual(narrowed["count"], value["count"])
        self.assertTrue(
            [v for v in narrowed["facets"]["type"] if v["value"] == value["value"]][0][
                "selected"
            ]
        )
        person = self.get_json(SEARCH, SEARCH, person=self.catalogue.thietmar.pk)
        self.assertEqual([h["identifier"] for h in person["results"]], ["chronik-thietmar"])

    def test_dates_sorting_and_pages(self):
        data = self.get_json(SEARCH, SEARCH, q="Urkunde", sort="-date", page_size=2)
        self.assertEqual((data["count"], data["pages"], data["page_size"]), (3, 2, 2))
        self.assertEqual(
            [h["identifier"] for h in data["results"]], ["urkunde-2", "urkunde-1"]
        )
        self.assertIsNone(data["previous"])
        second = self.get_json(data["next"].removeprefix("http://testserver"), SEARCH)
        self.assertEqual([h["identifier"] for h in second["results"]], ["urkunde-0"])
        self.assertIsNone(second["next"])
        self.assertIn("page=1", second["previous"])
        ranged = self.get_json(SEARCH, SEARCH, q="Urkunde", date_from=1001, date_to=1001)
        self.assertEqual([h["identifier"] for h in ranged["results"]], ["urkunde-1"])

    def test_bad_parameters_get_400_with_the_reason(self):
        cases = {
            "date_from": ["abc"],
            "page": ["0", "501", "²"],
            "page_size": ["101"],
            "sort": ["random"],
            "type": ["Handschrift", "²"],
            "q": ["x" * 501],
        }
        for parameter, values in cases.items():
            for value in values:
                with self.subTest(parameter=parameter, value=value):
                    data = self.get_json(SEARCH, SEARCH, status=400, **{parameter: value})
                    self.assertEqual(data["parameter"], parameter)
        data = self.get_json(SEARCH, SEARCH, status=400, date_from=1500, date_to=1400)
        self.assertEqual(data["parameter"], "date_to")

    def test_the_site_search_api_is_unchanged(self):
        data = self.client.get("/api/search", {"q": "Chronik"}).json()
        self.assertEqual(data["results"][0]["id"], "chronik-thietmar")
        self.assertEqual(data["facets"]["type"][0]["label"], "Handschrift")

    def test_a_page_costs_the_same_queries_whatever_its_length(self):
        def queries(page_size: int) -> int:
            with CaptureQueriesContext(connection) as captured:
                self.get_json(SEARCH, page_size=page_size, sort="title")
            return len(captured)

        queries(5)  # facet labels are cached for a minute: warm them
        self.assertEqual(queries(1), queries(5))
