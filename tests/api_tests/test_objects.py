"""/api/v1/objects: the full record, the compact list, filters, pages, errors and
the number of queries."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kulturschatz.collections.models import HeritageObject
from tests import factories

from .base import APITestCase

LIST = "/api/v1/objects"
DETAIL = "/api/v1/objects/{identifier}"


class ObjectDetailTests(APITestCase):
    def test_the_full_record(self):
        record = self.get_json(f"{LIST}/chronik-thietmar", DETAIL)
        self.assertEqual(record["identifier"], "chronik-thietmar")
        self.assertEqual(record["inventory_number"], "Cod. 129")
        self.assertEqual(
            record["titles"],
            [
                {"text": "Chronik des Thietmar", "lang": "de", "pref": "preferred"},
                {"text": "Chronicle of Thietmar", "lang": "en", "pref": "preferred"},
                {"text": "Chronicon", "lang": "la", "pref": "alternative"},
            ],
        )
        self.assertEqual(
            record["object_type"],
            {
                "slug": self.catalogue.chronicle.object_type.slug,
                "label": {"de": "Handschrift", "en": "Manuscript"},
                "uris": ["http://vocab.getty.edu/aat/300028569"],
            },
        )
        self.assertEqual(record["classifications"][0]["label"]["en"], "Historiography")
        self.assertEqual(
            [c["slug"] for c in record["collection_path"]],
            [self.catalogue.top.slug, self.catalogue.child.slug],
        )
        self.assertEqual(record["dating"], {"display": "um 1015", "earliest": 1012, "latest": 1018})
        self.assertEqual(record["institution"]["slug"], self.catalogue.institution.slug)
        self.assertEqual(record["institution"]["name"]["en"], "Chapter Library")

        (event,) = record["events"]
        self.assertEqual(event["type"]["slug"], "production")
        self.assertEqual(event["date"], {"display": "um 1015", "earliest": 1005, "latest": 1025})
        (actor,) = event["actors"]
        self.assertEqual(actor["agent"]["name"], "Thietmar von Merseburg")
        self.assertEqual(actor["agent"]["uris"], ["https://d-nb.info/gnd/118622110"])
        self.assertEqual(
            actor["agent"]["url"], f"http://testserver/api/v1/agents/{self.catalogue.thietmar.pk}"
        )
        self.assertEqual(actor["role"]["uris"], ["http://id.loc.gov/vocabulary/relators/scr"])
        self.assertEqual(actor["attribution"], "zugeschrieben")
        (place,) = event["places"]
        self.assertEqual(place["name"], {"de": "Merseburg", "en": None})
        self.assertEqual((place["latitude"], place["longitude"]), (51.3547, 11.9928))
        self.assertEqual(place["uris"], ["https://sws.geonames.org/2871992/"])
        self.assertEqual(event["materials"][0]["uris"], ["http://vocab.getty.edu/aat/300011851"])
        self.assertEqual(event["techniques"][0]["label"]["de"], "Handschrift (Schreiben)")
        self.assertEqual(event["materials_display"], "Tinte auf Pergament")

        self.assertEqual(
            record["descriptions"],
            [
                {"text": "Die Chronik des Bischofs.", "lang": "de"},
                {"text": "The bishop's chronicle.", "lang": "en"},
            ],
        )
        self.assertEqual(record["inscriptions"][0]["transcription"], "CHRONICON")
        self.assertEqual(
            record["measurements"],
            [
                {
                    "dimension": "Höhe",
                    "value": 32.5,
                    "unit": "cm",
                    "extent": "",
                    "display": "Höhe: 32,5 cm",
                }
            ],
        )
        self.assertEqual(record["subjects"]["concepts"][0]["label"]["en"], "Diocese")
        self.assertEqual(record["rights"]["object"]["uri"], HeritageObject.rights.field.default)
        self.assertEqual(record["rights"]["metadata"]["label"], "CC0 1.0")
        self.assertEqual(record["rights"]["holder"], "Vereinigte Domstifter")
        self.assertEqual(record["source"]["published_id"], "https://example.org/pid/129")
        self.assertEqual(
            record["links"],
            {
                "page": {
                    "de": "http://testserver/objekt/chronik-thietmar/",
                    "en": "http://testserver/en/objekt/chronik-thietmar/",
                },
                "manifest": "http://testserver/iiif/manifest/chronik-thietmar",
                "lido": "http://testserver/objekt/chronik-thietmar/lido.xml",
                "dc": "http://testserver/objekt/chronik-thietmar/dc.xml",
            },
        )
        self.assertEqual(record["linked_media"][0]["url"], "https://example.org/media/129.mp4")
        self.assertEqual(record["linked_media"][0]["rights"]["label"], "CC BY 4.0")

    def test_images_point_to_working_iiif_urls(self):
        record = self.get_json(f"{LIST}/chronik-thietmar", DETAIL)
        self.assertEqual(len(record["images"]), 2)
        first = record["images"][0]
        self.assertTrue(first["primary"])
        self.assertEqual((first["width"], first["height"]), (60, 40))
        self.assertEqual(first["service"] + "/info.json", first["info"])
        self.assertEqual(record["thumbnail"], first["thumbnail"])
        self.assertEqual(first["rights"]["label"], "CC BY 4.0")
        local = lambda url: url.removeprefix("http://testserver")  # noqa: E731
        info = self.client.get(local(first["info"]))
        self.assertEqual(info.status_code, 200)
        self.assertEqual(info.json()["id"], first["service"])
        self.assertEqual(self.client.get(local(first["thumbnail"])).status_code, 200)
        for name in ("manifest", "lido", "dc"):
            with self.subTest(link=name):
                url = local(record["links"][name])
                self.assertEqual(self.client.get(url).status_code, 200)
        self.assertEqual(self.client.get(local(record["links"]["page"]["en"])).status_code, 200)

    def test_relations_name_public_objects_and_works_elsewhere_only(self):
        record = self.get_json(f"{LIST}/chronik-thietmar", DETAIL)
        self.assertEqual(
            [(r["object"] or {}).get("identifier") for r in record["relations"]],
            ["siegel-heinrich", None],
        )
        outside = record["relations"][1]
        self.assertEqual(outside["uri"], "https://example.org/corvey")
        self.assertEqual(outside["label"], "Thietmar-Chronik, Corveyer Überarbeitung")

    def test_unknown_identifier_is_404_with_a_reason(self):
        for identifier in ("gibt-es-nicht", "ä", "a.b", "x" * 300):
            with self.subTest(identifier=identifier):
                data = self.get_json(f"{LIST}/{identifier}", DETAIL, status=404)
                self.assertIn(identifier[:50], data["error"])
                self.assertIsNone(data["parameter"])

    def test_the_record_costs_the_same_queries_however_much_it_holds(self):
        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                self.get_json(f"{LIST}/chronik-thietmar")
            return len(captured)

        before = queries()
        chronicle = self.catalogue.chronicle
        event = chronicle.events.get()
        for n in range(4):
            event.actors.create(agent=factories.make_agent(f"Akteur {n}"), role=event.actors.first().role)
            event.places.create(name=f"Ort {n}").uris.create(uri=f"https://example.org/ort/{n}")
            chronicle.titles.create(text=f"Titel {n}", lang="de")
            chronicle.measurements.create(dimension="Breite", value=n + 1, unit="cm")
            chronicle.linked_resources.create(url=f"https://example.org/{n}")
        factories.make_image(chronicle, order=5, primary=False, size=(20, 20))
        self.assertEqual(queries(), before)
        self.assertLess(before, 45)


class ObjectListTests(APITestCase):
    def identifiers(self, **params: object) -> list[str]:
        data = self.get_json(LIST, LIST, page_size=100, **params)
        return [item["identifier"] for item in data["results"]]

    def test_the_compact_list_holds_only_published_objects(self):
        data = self.get_json(LIST, LIST)
        self.assertEqual(data["count"], 2)
        self.assertEqual((data["page"], data["pages"], data["page_size"]), (1, 1, 20))
        self.assertEqual((data["next"], data["previous"]), (None, None))
        chronicle = data["results"][0]
        self.assertEqual(chronicle["identifier"], "chronik-thietmar")
        self.assertEqual(chronicle["url"], "http://testserver/api/v1/objects/chronik-thietmar")
        self.assertEqual(chronicle["page"], "http://testserver/objekt/chronik-thietmar/")
        self.assertEqual(chronicle["image_count"], 2)
        self.assertTrue(chronicle["thumbnail"].startswith("http://testserver/iiif/3/"))
        self.assertEqual(chronicle["collection"]["slug"], self.catalogue.child.slug)
        self.assertNotIn("events", chronicle)

    def test_filters(self):
        catalogue = self.catalogue
        both = ["chronik-thietmar", "siegel-heinrich"]
        cases = [
            ({"collection": catalogue.top.slug}, both),  # with its sub-collection
            ({"collection": catalogue.child.slug}, ["chronik-thietmar"]),
            ({"collection": catalogue.hidden_collection.slug}, []),
            ({"institution": catalogue.institution.slug}, both),
            ({"institution": catalogue.empty_institution.slug}, []),
            ({"type": catalogue.seal.object_type.slug}, ["siegel-heinrich"]),
            ({"type": catalogue.hidden_type.slug}, []),
            ({"has_images": "true"}, ["chronik-thietmar"]),
            ({"has_images": "false"}, ["siegel-heinrich"]),
            ({"agent": catalogue.thietmar.pk}, ["chronik-thietmar"]),
            ({"agent": catalogue.depicted.pk}, ["siegel-heinrich"]),
            ({"place": catalogue.merseburg.pk}, ["chronik-thietmar"]),
            ({"place": catalogue.halle.pk}, ["siegel-heinrich"]),
            ({"date_from": 1010}, ["chronik-thietmar"]),
            ({"date_to": 1010}, ["siegel-heinrich"]),
            ({"date_from": 1000, "date_to": 1012}, both),
        ]
        for params, expected in cases:
            with self.subTest(**params):
                self.assertEqual(self.identifiers(**params), expected)

    def test_modified_since(self):
        long_ago = timezone.now() - timedelta(days=400)
        HeritageObject.objects.filter(pk=self.catalogue.seal.pk).update(updated_at=long_ago)
        since = (timezone.now() - timedelta(days=1)).isoformat()
        self.assertEqual(self.identifiers(modified_since=since), ["chronik-thietmar"])
        self.assertEqual(
            self.identifiers(modified_since="2000-01-01T00:00:00Z"),
            ["chronik-thietmar", "siegel-heinrich"],
        )
        self.assertEqual(self.identifiers(modified_since="2999-01-01T00:00"), [])

    def test_ordering(self):
        HeritageObject.objects.filter(pk=self.catalogue.seal.pk).update(
            updated_at=timezone.now() - timedelta(days=1)
        )
        cases = {
            "title": ["chronik-thietmar", "siegel-heinrich"],
            "-title": ["siegel-heinrich", "chronik-thietmar"],
            "date": ["siegel-heinrich", "chronik-thietmar"],
            "-date": ["chronik-thietmar", "siegel-heinrich"],
            "modified": ["siegel-heinrich", "chronik-thietmar"],
            "-modified": ["chronik-thietmar", "siegel-heinrich"],
            "identifier": ["chronik-thietmar", "siegel-heinrich"],
            "-identifier": ["siegel-heinrich", "chronik-thietmar"],
        }
        for ordering, expected in cases.items():
            with self.subTest(ordering=ordering):
                self.assertEqual(self.identifiers(ordering=ordering), expected)

    def test_pages_follow_next_and_previous_links(self):
        for n in range(5):
            factories.make_object(institution=self.catalogue.institution, title=f"Blatt {n}")
        first = self.get_json(LIST, LIST, page_size=3)
        self.assertEqual((first["count"], first["pages"]), (7, 3))
        seen = [item["identifier"] for item in first["results"]]
        page = first
        while page["next"]:
            page = self.get_json(page["next"].removeprefix("http://testserver"), LIST)
            seen += [item["identifier"] for item in page["results"]]
        self.assertEqual(page["page"], 3)
        self.assertEqual(len(seen), 7)
        self.assertEqual(len(set(seen)), 7)
        self.assertIn("page=2", page["previous"])
        self.assertIn("page_size=3", page["previous"])

    def test_bad_parameters_get_400_with_the_reason(self):
        cases = {
            "page": ["0", "-1", "abc", "²", "99", "1.5"],
            "page_size": ["0", "101", "zehn"],
            "collection": ["gibt-es-nicht"],
            "institution": ["gibt-es-nicht"],
            "type": ["gibt-es-nicht"],
            "agent": ["abc", str(self.catalogue.secret_agent.pk), "99999999999999999999999"],
            "place": [str(self.catalogue.secret_place.pk), "-1"],
            "date_from": ["gestern", "1.5", "200000"],
            "date_to": ["-200000"],
            "modified_since": ["gestern", "2024-13-01", "0001-01-01T00:00:00+05:00"],
            "has_images": ["vielleicht", "1"],
            "ordering": ["random", "pk"],
        }
        for parameter, values in cases.items():
            for value in values:
                with self.subTest(parameter=parameter, value=value):
                    data = self.get_json(LIST, LIST, status=400, **{parameter: value})
                    self.assertEqual(data["parameter"], parameter)
                    self.assertTrue(data["error"])

    def test_reasons_come_in_german_and_english(self):
        german = self.client.get(LIST, {"ordering": "random"}).json()["error"]
        english = self.client.get(
            LIST, {"ordering": "random"}, HTTP_ACCEPT_LANGUAGE="en"
        ).json()["error"]
        self.assertEqual(german, "Unbekannte Sortierung.")
        self.assertEqual(english, "Unknown sort order.")

    def test_read_only(self):
        for method in ("post", "put", "patch", "delete"):
            with self.subTest(method=method):
                response = getattr(self.client, method)(
                    f"{LIST}/chronik-thietmar", {}, content_type="application/json"
                )
                self.assertEqual(response.status_code, 405)
                self.assertIn("error", response.json())
        self.assertTrue(HeritageObject.objects.filter(identifier="chronik-thietmar").exists())
        response = self.client.get(LIST, HTTP_ACCEPT="text/html")
        self.assertEqual(response.status_code, 406)  # no browsable API with forms

    def test_a_page_costs_the_same_queries_whatever_its_length(self):
        def queries(**params: object) -> int:
            with CaptureQueriesContext(connection) as captured:
                self.get_json(LIST, page_size=100, **params)
            return len(captured)

        small = queries()
        for n in range(12):
            extra = factories.make_object(
                institution=self.catalogue.institution,
                collection=self.catalogue.child,
                object_type=self.catalogue.seal.object_type,
                title=f"Blatt {n}",
            )
            extra.titles.create(text=f"Leaf {n}", lang="en", pref="preferred")
            factories.make_image(extra, size=(20, 20))
        self.assertEqual(queries(), small)
        self.assertLessEqual(small, 6)
        self.assertEqual(
            queries(collection=self.catalogue.top.slug, has_images="true"),
            queries(collection=self.catalogue.top.slug, has_images="false"),
        )
