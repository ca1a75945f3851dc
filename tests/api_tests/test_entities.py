"""Collections, institutions, persons and places in the API."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kulturschatz.collections.models import Agent, HeritageObject, Place
from tests import factories

from .base import APITestCase


class CollectionTests(APITestCase):
    def test_collections_as_the_public_pages_show_them(self):
        data = self.get_json("/api/v1/collections", "/api/v1/collections", page_size=100)
        counts = {c["slug"]: c["object_count"] for c in data["results"]}
        catalogue = self.catalogue
        # The top collection counts its sub-collection's object; a hidden object
        # (in review, in the child collection) is not counted anywhere.
        self.assertEqual(counts[catalogue.top.slug], 2)
        self.assertEqual(counts[catalogue.child.slug], 1)
        self.assertEqual(counts[catalogue.hidden_collection.slug], 0)

    def test_one_collection(self):
        catalogue = self.catalogue
        data = self.get_json(
            f"/api/v1/collections/{catalogue.top.slug}", "/api/v1/collections/{slug}"
        )
        self.assertEqual(data["name"], {"de": catalogue.top.name, "en": "Manuscripts"})
        self.assertEqual([c["slug"] for c in data["children"]], [catalogue.child.slug])
        self.assertIsNone(data["parent"])
        self.assertEqual(data["institution"]["slug"], catalogue.institution.slug)
        self.assertEqual(
            data["objects"], f"http://testserver/api/v1/objects?collection={catalogue.top.slug}"
        )
        self.assertEqual(
            data["links"]["page"]["en"], f"http://testserver/en/sammlung/{catalogue.top.slug}/"
        )
        objects = self.client.get(data["objects"].removeprefix("http://testserver")).json()
        self.assertEqual(objects["count"], data["object_count"])
        child = self.get_json(f"/api/v1/collections/{catalogue.child.slug}")
        self.assertEqual(child["parent"]["slug"], catalogue.top.slug)
        self.get_json("/api/v1/collections/keine", "/api/v1/collections/{slug}", status=404)


class InstitutionTests(APITestCase):
    def test_institutions_with_their_public_object_counts(self):
        data = self.get_json("/api/v1/institutions", "/api/v1/institutions")
        counts = {i["slug"]: i["object_count"] for i in data["results"]}
        self.assertEqual(counts[self.catalogue.institution.slug], 2)
        self.assertEqual(counts[self.catalogue.empty_institution.slug], 0)

    def test_one_institution(self):
        catalogue = self.catalogue
        catalogue.institution.place = catalogue.merseburg
        catalogue.institution.isil = "DE-MUS-000001"
        catalogue.institution.save()
        data = self.get_json(
            f"/api/v1/institutions/{catalogue.institution.slug}", "/api/v1/institutions/{slug}"
        )
        self.assertEqual(data["isil"], "DE-MUS-000001")
        self.assertIsNone(data["website"])
        self.assertEqual(data["place"]["uris"], ["https://sws.geonames.org/2871992/"])
        self.assertEqual(
            [c["slug"] for c in data["collections"]],
            [catalogue.top.slug, catalogue.hidden_collection.slug],
        )
        self.get_json("/api/v1/institutions/keine", "/api/v1/institutions/{slug}", status=404)


class AgentTests(APITestCase):
    def test_persons_that_published_objects_refer_to(self):
        data = self.get_json("/api/v1/agents", "/api/v1/agents", page_size=100)
        counts = {a["name"]: a["object_count"] for a in data["results"]}
        # Thietmar acts in the chronicle and in four hidden objects: one counts.
        self.assertEqual(counts, {"Heinrich II.": 1, "Thietmar von Merseburg": 1})

    def test_the_list_follows_the_person_pages_rule(self):
        """An agent is listed exactly when published().referring_to_agent(agent)
        finds something, the query the person page lists objects with."""
        listed = {
            a["id"]
            for a in self.get_json("/api/v1/agents", page_size=100)["results"]
        }
        expected = {
            agent.pk
            for agent in Agent.objects.all()
            if HeritageObject.objects.published().referring_to_agent(agent).exists()
        }
        self.assertEqual(listed, expected)

    def test_one_person(self):
        thietmar = self.catalogue.thietmar
        data = self.get_json(f"/api/v1/agents/{thietmar.pk}", "/api/v1/agents/{id}")
        self.assertEqual(data["uris"], ["https://d-nb.info/gnd/118622110"])
        self.assertEqual((data["birth_year"], data["death_year"]), (975, 1018))
        self.assertEqual(data["object_count"], 1)
        self.assertEqual(data["links"]["page"]["de"], f"http://testserver/person/{thietmar.pk}/")
        objects = self.client.get(data["objects"].removeprefix("http://testserver")).json()
        self.assertEqual([o["identifier"] for o in objects["results"]], ["chronik-thietmar"])

    def test_name_filter(self):
        data = self.get_json("/api/v1/agents", "/api/v1/agents", name="thietmar")
        self.assertEqual([a["name"] for a in data["results"]], ["Thietmar von Merseburg"])
        self.assertEqual(self.get_json("/api/v1/agents", name="Geheimrat")["count"], 0)
        # PostgreSQL cannot compare text holding NUL: refused before any query.
        data = self.get_json("/api/v1/agents", "/api/v1/agents", status=400, name="a\x00")
        self.assertEqual(data["parameter"], "name")

    def test_unknown_ids_are_404(self):
        for key in ("999999", "abc", "-1", "99999999999999999999999"):
            with self.subTest(key=key):
                data = self.get_json(f"/api/v1/agents/{key}", status=404)
                self.assertIn(key, data["error"])

    def test_a_page_costs_the_same_queries_whatever_its_length(self):
        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                self.get_json("/api/v1/agents", page_size=100)
            return len(captured)

        small = queries()
        for n in range(10):
            agent = factories.make_agent(f"Zeuge {n}", uris=[f"https://d-nb.info/gnd/{n}"])
            self.catalogue.seal.subject_agents.add(agent)
        self.assertEqual(queries(), small)


class PlaceTests(APITestCase):
    def test_places_that_published_objects_refer_to(self):
        data = self.get_json("/api/v1/places", "/api/v1/places", page_size=100)
        counts = {p["name"]["de"]: p["object_count"] for p in data["results"]}
        # Saalekreis is only the wider place of Merseburg: no object refers to it.
        self.assertEqual(counts, {"Halle (Saale)": 1, "Merseburg": 1})
        listed = {p["id"] for p in data["results"]}
        expected = {
            place.pk
            for place in Place.objects.all()
            if HeritageObject.objects.published().referring_to_place(place).exists()
        }
        self.assertEqual(listed, expected)

    def test_one_place(self):
        merseburg = self.catalogue.merseburg
        data = self.get_json(f"/api/v1/places/{merseburg.pk}", "/api/v1/places/{id}")
        self.assertEqual(data["part_of"], {"de": "Saalekreis", "en": None})
        self.assertEqual((data["latitude"], data["longitude"]), (51.3547, 11.9928))
        self.assertEqual(data["object_count"], 1)
        halle = self.get_json("/api/v1/places", name="halle")["results"]
        self.assertEqual([p["id"] for p in halle], [self.catalogue.halle.pk])
        saalekreis = merseburg.parent
        self.get_json(f"/api/v1/places/{saalekreis.pk}", "/api/v1/places/{id}", status=404)

    def test_a_page_costs_the_same_queries_whatever_its_length(self):
        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                self.get_json("/api/v1/places", page_size=100)
            return len(captured)

        small = queries()
        for n in range(10):
            place = Place.objects.create(name=f"Dorf {n}", parent=self.catalogue.merseburg)
            self.catalogue.seal.subject_places.add(place)
        self.assertEqual(queries(), small)
