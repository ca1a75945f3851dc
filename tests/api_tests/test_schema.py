"""The OpenAPI schema at its URL, the documentation page, and answers outside
the documented paths."""

import re

import yaml
from django.contrib.staticfiles import finders
from django.test import TestCase
from lxml import html
from openapi_spec_validator import validate

from .base import SCHEMA_URL

PATHS = {
    "/api/v1/objects",
    "/api/v1/objects/{identifier}",
    "/api/v1/collections",
    "/api/v1/collections/{slug}",
    "/api/v1/institutions",
    "/api/v1/institutions/{slug}",
    "/api/v1/agents",
    "/api/v1/agents/{id}",
    "/api/v1/places",
    "/api/v1/places/{id}",
    "/api/v1/search",
}


class SchemaTests(TestCase):
    def test_the_schema_is_valid_openapi_31_with_every_endpoint(self):
        response = self.client.get(SCHEMA_URL)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/vnd.oai.openapi+json")
        self.assertEqual(response["Access-Control-Allow-Origin"], "*")
        spec = response.json()
        validate(spec)  # raises on any violation of the OpenAPI 3.1 schema
        self.assertEqual(spec["openapi"], "3.1.0")
        self.assertEqual(set(spec["paths"]), PATHS)
        for path, item in spec["paths"].items():
            self.assertEqual(set(item), {"get"}, path)  # read-only
            responses = item["get"]["responses"]
            self.assertIn("200", responses)
            errors = [code for code in responses if code.startswith(("4", "5"))]
            self.assertTrue(errors, path)
            for code in errors:
                schema = responses[code]["content"]["application/json"]["schema"]
                self.assertEqual(schema, {"$ref": "#/components/schemas/Error"})

    def test_the_yaml_schema_says_the_same(self):
        as_json = self.client.get(SCHEMA_URL).json()
        response = self.client.get("/api/v1/openapi.yaml")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(yaml.safe_load(response.content), as_json)

    def test_the_schema_is_english_whatever_the_visitor_reads(self):
        german = self.client.get(SCHEMA_URL, HTTP_ACCEPT_LANGUAGE="de").content
        english = self.client.get(SCHEMA_URL, HTTP_ACCEPT_LANGUAGE="en").content
        self.assertEqual(german, english)

    def test_the_search_parameters_are_documented(self):
        spec = self.client.get(SCHEMA_URL).json()
        parameters = {p["name"]: p for p in spec["paths"]["/api/v1/search"]["get"]["parameters"]}
        self.assertEqual(
            set(parameters),
            {"q", "date_from", "date_to", "sort", "page", "page_size", "type", "collection",
             "institution", "material", "place", "person", "century"},
        )
        self.assertEqual(parameters["sort"]["schema"]["enum"], ["relevance", "date", "-date", "title"])
        self.assertEqual(parameters["person"]["schema"]["type"], "array")

    def test_other_addresses_under_the_api_are_json_404(self):
        for path in ("/api/v1/nichts", "/api/v1/objects/", "/api/v1/objects/a/b"):
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response["Content-Type"], "application/json")
                self.assertTrue(response.json()["error"])

    def test_the_root_lists_the_endpoints(self):
        data = self.client.get("/api/v1/").json()
        self.assertEqual(data["objects"], "http://testserver/api/v1/objects")
        self.assertEqual(data["schema"], "http://testserver/api/v1/openapi.json")
        for url in data.values():
            with self.subTest(url=url):
                response = self.client.get(url.removeprefix("http://testserver"))
                self.assertEqual(response.status_code, 200)


class DocumentationPageTests(TestCase):
    def test_swagger_ui_from_our_own_files_with_no_inline_script(self):
        response = self.client.get("/api/v1/docs")
        self.assertEqual(response.status_code, 200)
        self.assertIn("script-src 'self'", response["Content-Security-Policy"])
        self.assertNotIn("Set-Cookie", response.headers)
        page = html.fromstring(response.content)
        scripts = page.xpath("//script")
        self.assertTrue(scripts)
        self.assertTrue(all(script.get("src") for script in scripts))  # none inline
        for url in page.xpath("//script/@src | //link/@href"):
            with self.subTest(url=url):
                self.assertTrue(url.startswith("/"), url)  # our origin only
        for url in page.xpath("//link/@href | //script/@src"):
            if url.startswith("/static/"):
                self.assertTrue(finders.find(url.removeprefix("/static/")), url)
        init = self.client.get(page.xpath("//script/@src")[-1])
        self.assertEqual(init.status_code, 200)
        self.assertEqual(init["Content-Type"], "application/javascript")
        self.assertNotIn("Set-Cookie", init.headers)
        self.assertIn('"/api/v1/openapi.json"', init.content.decode())
        self.assertIsNone(re.search(r"csrf", init.content.decode(), re.IGNORECASE))
