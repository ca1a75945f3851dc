"""The search page, /api/search and /api/suggest over HTTP (Django's client)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import TestCase
from lxml import html

from kulturschatz.collections.models import HeritageObject
from kulturschatz.search.backends import get_search_backend
from kulturschatz.search.documents import all_documents

from ..factories import make_object
from . import whoosh_settings

INDEX_DIR = Path(tempfile.mkdtemp(prefix="whoosh-views-"))


@whoosh_settings(INDEX_DIR)
class SearchViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("loaddemo", verbosity=0)
        institution = HeritageObject.objects.get(identifier="dsb-cod-136").institution
        for status in ("draft", "review", "withdrawn"):
            make_object(
                identifier=f"geheim-{status}",
                title=f"Geheimnisvolle Zauberformel ({status})",
                status=status,
                institution=institution,
            )
        make_object(
            identifier="geheim-embargo",
            title="Geheimnisvolle Zauberformel (Sperrfrist)",
            embargo_until="2999-01-01",
            institution=institution,
        )
        get_search_backend().rebuild(all_documents())

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(INDEX_DIR, ignore_errors=True)

    def test_api_answers_with_results_facets_and_snippets(self):
        response = self.client.get("/api/search", {"q": "Zaubersprüche"})
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual(data["total"], 1)
        result = data["results"][0]
        self.assertEqual(result["id"], "dsb-cod-136")
        self.assertEqual(result["url"], "http://testserver/objekt/dsb-cod-136/")
        self.assertEqual(result["manifest"], "http://testserver/iiif/manifest/dsb-cod-136")
        self.assertIn("<mark>", result["snippet"])
        self.assertEqual(set(data["facets"]), {"type", "collection", "institution", "material", "place", "person", "century"} & set(data["facets"]))
        self.assertEqual(data["facets"]["type"][0]["label"], "Handschrift")

    def test_facet_parameters_filter_and_are_reported_selected(self):
        everything = self.client.get("/api/search", {"q": "Merseburg"}).json()
        value = everything["facets"]["type"][0]
        filtered = self.client.get("/api/search", {"q": "Merseburg", "type": value["value"]}).json()
        self.assertEqual(filtered["total"], value["count"])
        selected = [v for v in filtered["facets"]["type"] if v["value"] == value["value"]]
        self.assertTrue(selected[0]["selected"])

    def test_bad_parameters_get_400_with_the_reason(self):
        cases = {
            "date_from": ("abc", "date_from"),
            "page": ("0", "page"),
            "sort": ("random", "sort"),
            "type": ("Handschrift", "type"),
        }
        for parameter, (value, reported) in cases.items():
            with self.subTest(parameter=parameter):
                response = self.client.get("/api/search", {"q": "Dom", parameter: value})
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.json()["parameter"], reported)
        response = self.client.get("/api/search", {"date_from": "1500", "date_to": "1400"})
        self.assertEqual(response.status_code, 400)

    def test_the_page_explains_bad_input_in_german(self):
        response = self.client.get("/suche/", {"q": "Dom", "date_from": "gestern"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Bitte geben Sie ein Jahr als ganze Zahl an", status_code=400)

    def test_search_page_shows_results_facets_and_shareable_links(self):
        response = self.client.get("/suche/", {"q": "Orgel"})
        self.assertEqual(response.status_code, 200)
        page = html.fromstring(response.content)
        self.assertEqual(page.xpath("//input[@type='search' and @name='q']/@value")[0], "Orgel")
        titles = page.xpath("//ol[@class='result-list']//span[@class='result-title']/text()")
        self.assertIn("Ladegast-Orgel im Merseburger Dom", titles)
        facet_links = page.xpath("//aside[@class='facets']//a/@href")
        self.assertTrue(facet_links)
        self.assertTrue(all(link.startswith("?") and "q=Orgel" in link for link in facet_links))
        followed = self.client.get("/suche/" + facet_links[0])
        self.assertEqual(followed.status_code, 200)
        self.assertIn('aria-current="true"', followed.content.decode())

    def test_filters_in_force_are_listed_above_the_results_with_their_removal(self):
        facet = self.client.get("/api/search", {"q": "Orgel"}).json()["facets"]["type"][0]
        response = self.client.get(
            "/suche/",
            {"q": "Orgel", "type": facet["value"], "date_from": "1000", "date_to": "1900"},
        )
        page = html.fromstring(response.content)
        chips = page.xpath("//ul[@class='active-filters']//a")
        labels = [" ".join(chip.text_content().split()) for chip in chips]
        self.assertEqual(
            labels,
            [
                f"Objektart: {facet['label']} ✕ (Filter entfernen)",
                "Jahre 1000–1900 ✕ (Filter entfernen)",
            ],
        )
        self.assertIn("(2 aktiv)", page.xpath("string(//details[@class='refine']/summary)"))
        without_type, without_years = (chip.get("href") for chip in chips)
        self.assertNotIn("type=", without_type)
        self.assertIn("date_from=1000", without_type)
        self.assertIn(f"type={facet['value']}", without_years)
        self.assertNotIn("date_", without_years)
        self.assertIn("q=Orgel", without_type + without_years)

    def test_english_page_and_labels(self):
        response = self.client.get("/en/suche/", {"q": "Orgel"})
        self.assertContains(response, "objects found")
        data = self.client.get("/api/search", {"q": "Orgel"}, HTTP_ACCEPT_LANGUAGE="de").json()
        self.assertTrue(data["results"])

    def test_did_you_mean(self):
        response = self.client.get("/suche/", {"q": "Zaubersprche"})
        self.assertContains(response, "Meinten Sie")
        self.assertContains(response, "zaubersprüche")

    def test_suggestions_while_typing(self):
        data = self.client.get("/api/suggest", {"q": "Thietm"}).json()
        self.assertIn("Thietmar von Merseburg", [p["name"] for p in data["persons"]])
        self.assertTrue(any("Thietmar" in o["title"] for o in data["objects"]))
        data = self.client.get("/api/suggest", {"q": "Merseb"}).json()
        self.assertIn("Merseburg", [p["name"] for p in data["places"]])
        self.assertEqual(self.client.get("/api/suggest", {"q": "M"}).json()["objects"], [])

    def test_unpublished_objects_are_invisible_on_every_search_path(self):
        for path in ("/api/search", "/suche/", "/en/suche/"):
            with self.subTest(path=path):
                response = self.client.get(path, {"q": "Geheimnisvolle Zauberformel"})
                self.assertNotContains(response, "geheim-")
                self.assertNotContains(response, "Zauberformel (")
        suggestions = self.client.get("/api/suggest", {"q": "Geheimnisv"}).json()
        self.assertEqual(suggestions["objects"], [])
        # A near miss of a word only drafts contain suggests nothing.
        self.assertIsNone(self.client.get("/api/search", {"q": "Zauberformal"}).json()["suggestion"])
        data = self.client.get("/api/search", {"q": "", "sort": "title"}).json()
        self.assertEqual(data["total"], HeritageObject.objects.published().count())

    def test_staff_find_drafts_in_the_admin(self):
        from ..factories import make_staff

        self.client.force_login(make_staff("Redaktion"))
        response = self.client.get("/admin/collections/heritageobject/", {"q": "Zauberformel"})
        self.assertEqual(response.status_code, 200)
        for status in ("draft", "review", "withdrawn"):
            self.assertContains(response, f"Geheimnisvolle Zauberformel ({status})")
        response = self.client.get("/admin/collections/heritageobject/", {"q": "Zauberformeln"})
        self.assertContains(response, "Geheimnisvolle Zauberformel (draft)")


@pytest.mark.django_db
def test_digits_that_are_not_ascii_get_400_not_500(client):
    for parameter in ("page", "type"):
        response = client.get("/api/search", {"q": "Dom", parameter: "²"})
        assert response.status_code == 400, parameter
    assert client.get("/objekte/", {"date_from": "²", "date_to": "9" * 30}).status_code == 200
