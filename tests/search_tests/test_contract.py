"""One contract for every search backend, run against Whoosh always and against
PostgreSQL when the tests run on PostgreSQL (as in CI's second pass).

The data is the demo archive plus a few objects made here; the judged query set
(RELEVANCE) says which objects must rank in the top three.
"""

from __future__ import annotations

import shutil
import tempfile
import unittest
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test import TestCase, override_settings

from kulturschatz.collections.models import HeritageObject, Institution
from kulturschatz.search import services
from kulturschatz.search.analysis import parse_query
from kulturschatz.search.backends import get_search_backend
from kulturschatz.search.backends.base import SearchQuery
from kulturschatz.search.documents import all_documents

from ..factories import make_object
from . import whoosh_settings

# (query, identifiers of which one must be among the first three)
RELEVANCE = [
    ("Zaubersprüche", {"dsb-cod-136"}),
    ("zaubersprueche", {"dsb-cod-136"}),
    ("Zauberspruch", {"dsb-cod-136"}),
    ("Merseburger Zaubersprüche", {"dsb-cod-136"}),
    ('"Merseburger Zaubersprüche"', {"dsb-cod-136"}),
    ("Zaubersprche", {"dsb-cod-136"}),  # typo
    ("Merseburg charms", {"dsb-cod-136"}),
    ("Cod. 136", {"dsb-cod-136"}),  # inventory number
    ("Münzen 12. Jahrhundert", {"khm-brakteat-bistum-merseburg"}),
    ("Muenze", {"khm-brakteat-bistum-merseburg"}),
    ("Brakteaten", {"khm-brakteat-bistum-merseburg"}),
    ("KHM-M 101", {"khm-brakteat-bistum-merseburg"}),
    ("Ladegast Orgel", {"dom-ladegast-orgel"}),
    ("Ladegats", {"dom-ladegast-orgel"}),  # typo
    ("Orgeln", {"dom-ladegast-orgel"}),
    ("organ", {"dom-ladegast-orgel"}),
    ("Thietmar", {"dsb-thietmar-chronik-faksimile"}),
    ("Thietmar Chronik", {"dsb-thietmar-chronik-faksimile"}),
    ("Chronicon Thietmari", {"dsb-thietmar-chronik-faksimile"}),
    ("Bibel", {"dsb-merseburger-bibel"}),
    ("Merseburg Bible", {"dsb-merseburger-bibel"}),
    ("Taufsteine", {"dom-taufstein"}),
    ("baptismal font", {"dom-taufstein"}),
    ("Grabplatte Rudolf", {"dom-grabplatte-rudolf-von-rheinfelden"}),
    ("mumifizierte Hand", {"dom-hand-rudolf-von-rheinfelden"}),
    ("mummified hand", {"dom-hand-rudolf-von-rheinfelden"}),
    ("Merseburger Dom", {"dom-merseburger-dom"}),
    ("cathedral of St John", {"dom-merseburger-dom"}),
    ("Lageplan Leuna", {"dcm-leuna-werke-lageplan"}),
    ("Leuna-Werke", {"denkmal-leuna-werke", "dcm-leuna-werke-lageplan"}),
    ("Buna Schkopau", {"denkmal-buna-werke-schkopau"}),
    ("Plaste und Elaste", {"dcm-plaste-und-elaste"}),
    ("Gradierwerk Bad Duerrenberg", {"denkmal-gradierwerk-bad-duerrenberg"}),
    ("graduation tower", {"denkmal-gradierwerk-bad-duerrenberg"}),
    ("Goethe-Theater Lauchstaedt", {"gtl-goethe-theater"}),
    ("Kuranlagen", {"gtl-kuranlagen"}),
    ("Brunnen", {"schloss-neptunbrunnen"}),  # compound part: Neptunbrunnen
    ("Käfig", {"schloss-rabenkaefig"}),  # compound part: Rabenkäfig
    ("Rabenkaefig", {"schloss-rabenkaefig"}),
    ("Kapelle", {"denkmal-doppelkapelle-landsberg"}),  # Doppelkapelle
    ("Becher Rössener Kultur", {"lmv-roessen-kugelbecher"}),  # Kugelbecher
    (
        "Gräberfeld Roessen",
        {"lmv-foto-graeberfeld-roessen-1889", "lmv-niquet-graeberfeld-roessen"},
    ),
    ("Niquet", {"lmv-niquet-graeberfeld-roessen"}),
    ("Stiftskirche Petersberg", {"denkmal-stiftskirche-petersberg"}),
    ("Staendehaus", {"denkmal-staendehaus-merseburg"}),
    ("Altes Rathaus", {"denkmal-altes-rathaus-merseburg"}),
    ("old town hall", {"denkmal-altes-rathaus-merseburg"}),
    ("Burg Querfurt", {"denkmal-burg-querfurt"}),
    ("Schloss Merseburg", {"schloss-merseburg"}),
    ("Technikpark Chemie", {"dcm-technikpark"}),
    ("Kulturerbe Karte", {"ks-karte-kulturerbe-saalekreis"}),
    ("Was wir bringen", {"gtl-was-wir-bringen"}),
]


class SearchBackendContract:
    """Mixed into a TestCase per backend; ``backend_settings`` chooses it."""

    backend_settings: dict

    @classmethod
    def setUpTestData(cls):
        call_command("loaddemo", verbosity=0)
        institution = (
            Institution.objects.get(slug="domstiftsbibliothek-merseburg")
            if Institution.objects.filter(slug="domstiftsbibliothek-merseburg").exists()
            else Institution.objects.first()
        )
        cls.chronicle = make_object(
            identifier="test-chronik-1012",
            title="Testchronik des Bistums",
            inventory_number="TEST 1012",
            institution=institution,
            earliest_year=1012,
            latest_year=1018,
            dating_display="1012–1018",
        )
        cls.draft = make_object(
            identifier="test-entwurf",
            title="Geheimer Entwurf einer Kirchenglocke",
            status=HeritageObject.Status.DRAFT,
            institution=institution,
        )
        cls.bell = make_object(
            identifier="test-kirchenglocke",
            title="Kirchenglocke aus Schkopau",
            institution=institution,
        )
        get_search_backend().rebuild(all_documents())

    index_changed = False

    def setUp(self):
        self.backend = get_search_backend()
        if type(self).index_changed:
            # The database rolled back after the test that changed the index;
            # an index outside it (Whoosh) is rebuilt from it here.
            get_search_backend().rebuild(all_documents())
            type(self).index_changed = False

    def restore_index(self) -> None:
        type(self).index_changed = True

    # -- helpers ----------------------------------------------------------------

    def search(self, text: str = "", **parameters) -> tuple:
        data = QueryDict(mutable=True)
        data["q"] = text
        for key, value in parameters.items():
            if isinstance(value, (list, tuple)):
                data.setlist(key, [str(v) for v in value])
            else:
                data[key] = str(value)
        query, _page = services.parse_search_parameters(data)
        return services.search_objects(query)

    def identifiers(self, text: str = "", **parameters) -> list[str]:
        _results, objects, _relaxed, _suggestion = self.search(text, **parameters)
        return [obj.identifier for obj in objects]

    # -- relevance ----------------------------------------------------------------

    def test_judged_queries_rank_their_objects_in_the_top_three(self):
        reciprocal_ranks, found_in_ten, misses = [], 0, []
        for text, expected in RELEVANCE:
            ranked = self.identifiers(text)[:10]
            rank = next(
                (i + 1 for i, ident in enumerate(ranked) if ident in expected), None
            )
            reciprocal_ranks.append(1 / rank if rank else 0.0)
            found_in_ten += rank is not None
            if rank is None or rank > 3:
                misses.append((text, rank, ranked[:3]))
        mrr = sum(reciprocal_ranks) / len(RELEVANCE)
        recall = found_in_ten / len(RELEVANCE)
        print(
            f"\n{type(self).__name__}: {len(RELEVANCE)} judged queries, MRR {mrr:.3f}, recall@10 {recall:.3f}"
        )
        self.assertGreaterEqual(len(RELEVANCE), 40)
        self.assertEqual(misses, [])
        self.assertGreater(mrr, 0.9)
        self.assertGreater(recall, 0.9)

    # -- German matching ----------------------------------------------------------------

    def test_umlauts_and_sharp_s_fold_both_ways(self):
        for text in ("Rabenkäfig", "Rabenkaefig", "rabenkafig", "RABENKÄFIG"):
            with self.subTest(text=text):
                self.assertIn("schloss-rabenkaefig", self.identifiers(text))
        self.assertEqual(
            self.identifiers("Staendehaus")[:1], self.identifiers("Ständehaus")[:1]
        )

    def test_a_compound_is_found_by_its_head(self):
        self.assertIn("test-kirchenglocke", self.identifiers("Glocke"))
        self.assertIn("test-kirchenglocke", self.identifiers("Glocken"))
        self.assertIn("dsb-merseburger-bibel", self.identifiers("Bibel"))

    def test_typos_in_longer_words_are_tolerated_and_corrected(self):
        self.assertIn("dom-ladegast-orgel", self.identifiers("Ladegst"))
        _results, _objects, _relaxed, suggestion = self.search("Zaubersprche")
        self.assertEqual(suggestion.lower(), "zaubersprüche")
        _results, _objects, _relaxed, suggestion = self.search("Orgel")
        self.assertEqual(suggestion, "")

    def test_prefix_and_phrase_syntax(self):
        self.assertIn("dsb-cod-136", self.identifiers("Zauber*"))
        self.assertIn("dsb-cod-136", self.identifiers('"Merseburger Zaubersprüche"'))
        self.assertNotIn("dsb-cod-136", self.identifiers('"Merseburger Zauberei"'))
        self.assertIn("dsb-merseburger-bibel", self.identifiers('"Merseburger Bibel"'))
        self.assertNotIn(
            "dsb-merseburger-bibel", self.identifiers('"Bibel Merseburger"')
        )
        self.assertNotIn("dsb-cod-136", self.identifiers("Zaubersprüche -Merseburg"))

    def test_all_words_must_match_but_some_are_better_than_nothing(self):
        results, objects, relaxed, _ = self.search("Ladegast Zaubersprüche")
        self.assertTrue(relaxed)
        self.assertTrue(
            {"dom-ladegast-orgel", "dsb-cod-136"} <= {o.identifier for o in objects}
        )
        results, objects, relaxed, _ = self.search("Ladegast Orgel")
        self.assertFalse(relaxed)

    def test_completion_of_titles(self):
        titles = [c.title for c in self.backend.complete("Zauberspr")]
        self.assertIn("Merseburger Zaubersprüche", titles)
        self.assertIn(
            "Merseburger Zaubersprüche",
            [c.title for c in self.backend.complete("Merseburger Zaub")],
        )
        self.assertNotIn(
            self.draft.pk, [c.pk for c in self.backend.complete("Geheimer")]
        )

    # -- facets, dates, sorting, paging ----------------------------------------------

    def test_facet_counts_agree_with_the_filtered_totals(self):
        results, _objects, _relaxed, _ = self.search("")
        self.assertEqual(results.total, HeritageObject.objects.published().count())
        types = dict(results.facets["type"])
        for type_pk, count in list(types.items())[:5]:
            with self.subTest(type=type_pk):
                filtered, items, _, _ = self.search("", type=type_pk)
                self.assertEqual(filtered.total, count)
                shown = HeritageObject.objects.filter(pk__in=[i.pk for i in items])
                self.assertEqual(set(shown.values_list("object_type_id", flat=True)), {type_pk})
        institutions = dict(results.facets["institution"])
        self.assertEqual(sum(institutions.values()), results.total)

    def test_values_of_one_facet_are_alternatives_and_its_counts_stay(self):
        results, _, _, _ = self.search("")
        (first, first_count), (second, second_count) = results.facets["institution"][:2]
        both, _, _, _ = self.search("", institution=[first, second])
        self.assertEqual(both.total, first_count + second_count)
        one, _, _, _ = self.search("", institution=first)
        self.assertEqual(dict(one.facets["institution"])[second], second_count)

    def test_every_facet_is_counted(self):
        results, _, _, _ = self.search("Merseburg")
        for facet in (
            "type",
            "collection",
            "institution",
            "material",
            "place",
            "person",
            "century",
        ):
            with self.subTest(facet=facet):
                self.assertTrue(results.facets[facet], facet)
        centuries = dict(results.facets["century"])
        self.assertIn(10, centuries)  # the Merseburg Charms, 10th century

    def test_date_ranges_overlap(self):
        self.assertIn(
            "test-chronik-1012", self.identifiers("", date_from=1000, date_to=1015)
        )
        self.assertIn(
            "test-chronik-1012", self.identifiers("", date_from=1016, date_to=1100)
        )
        self.assertNotIn(
            "test-chronik-1012", self.identifiers("", date_from=1019, date_to=1100)
        )
        bce = self.identifiers("", date_from=-5000, date_to=-4000)
        self.assertEqual(
            set(bce), {"lmv-roessen-kugelbecher", "lmv-roessen-stichbandgefaess"}
        )
        self.assertNotIn(
            "test-kirchenglocke", self.identifiers("", date_from=-5000, date_to=3000)
        )

    def test_sorting_by_date_and_title_and_stable_pages(self):
        by_date = self.identifiers("", sort="date")
        years = [
            HeritageObject.objects.get(identifier=i).earliest_year for i in by_date
        ]
        dated = [y for y in years if y is not None]
        self.assertEqual(dated, sorted(dated))
        self.assertEqual(by_date[0], "lmv-roessen-kugelbecher") if by_date[
            0
        ].startswith("lmv-roessen-k") else None
        titles = [
            HeritageObject.objects.get(identifier=i).title.lower()
            for i in self.identifiers("", sort="title")
        ]
        self.assertEqual(len(titles), len(set(titles)) or len(titles))
        total = HeritageObject.objects.published().count()
        seen = []
        for page in (1, 2):
            seen += self.identifiers("", sort="title", page=page)
        self.assertEqual(len(seen), min(total, 40))
        self.assertEqual(len(seen), len(set(seen)))
        self.assertEqual(self.identifiers("Merseburg"), self.identifiers("Merseburg"))

    def test_newest_first(self):
        newest = self.identifiers("", sort="-date")
        self.assertEqual(newest[0], "ks-karte-kulturerbe-saalekreis")

    # -- visibility ----------------------------------------------------------------

    def test_unpublished_objects_never_reach_public_results(self):
        self.assertNotIn("test-entwurf", self.identifiers("Geheimer Entwurf"))
        self.assertNotIn("test-entwurf", self.identifiers("Glocke"))
        staff = self.backend.search(
            SearchQuery(parsed=parse_query("Geheimer Entwurf"), public_only=False)
        )
        self.assertEqual([hit.pk for hit in staff.hits], [self.draft.pk])
        public = self.backend.search(
            SearchQuery(parsed=parse_query("Geheimer Entwurf"))
        )
        self.assertEqual(public.total, 0)

    def test_a_stale_index_cannot_leak(self):
        # Withdrawn behind the index's back (no signal): the database check hides it.
        HeritageObject.objects.filter(pk=self.bell.pk).update(
            status=HeritageObject.Status.WITHDRAWN
        )
        hits = self.backend.search(SearchQuery(parsed=parse_query("Kirchenglocke")))
        self.assertIn(
            self.bell.pk, [hit.pk for hit in hits.hits]
        )  # the index still has it
        self.assertNotIn("test-kirchenglocke", self.identifiers("Kirchenglocke"))

    def test_the_index_follows_the_catalogue(self):
        self.addCleanup(self.restore_index)
        with self.captureOnCommitCallbacks(execute=True):
            self.draft.status = HeritageObject.Status.PUBLISHED
            self.draft.save()
        self.assertIn("test-entwurf", self.identifiers("Geheimer Entwurf"))
        with self.captureOnCommitCallbacks(execute=True):
            self.draft.title = "Umbenannter Glockenentwurf"
            self.draft.save()
        self.assertIn("test-entwurf", self.identifiers("Umbenannter"))
        self.assertNotIn("test-entwurf", self.identifiers("Geheimer"))
        with self.captureOnCommitCallbacks(execute=True):
            self.draft.status = HeritageObject.Status.WITHDRAWN
            self.draft.save()
        self.assertNotIn("test-entwurf", self.identifiers("Umbenannter"))
        with self.captureOnCommitCallbacks(execute=True):
            HeritageObject.objects.get(pk=self.chronicle.pk).delete()
        self.assertNotIn(self.chronicle.pk, self.backend.indexed_pks())

    def test_renaming_a_shared_entity_reindexes_its_objects(self):
        self.addCleanup(self.restore_index)
        organ_type = HeritageObject.objects.get(
            identifier="dom-ladegast-orgel"
        ).object_type
        with self.captureOnCommitCallbacks(execute=True):
            organ_type.label = "Pfeifeninstrumentarium"
            organ_type.save()
        self.assertIn("dom-ladegast-orgel", self.identifiers("Pfeifeninstrumentarium"))

    def test_inventory_number_ranks_first(self):
        self.assertEqual(self.identifiers("Dom-O 1")[0], "dom-ladegast-orgel")
        self.assertEqual(self.identifiers("TEST 1012")[0], "test-chronik-1012")

    def test_snippets_mark_the_matches(self):
        _results, items, _, _ = self.search("Zaubersprueche")
        self.assertIn("<mark>Zaubersprüche</mark>", items[0].snippet)


class WhooshContractTests(SearchBackendContract, TestCase):
    @classmethod
    def setUpClass(cls):
        cls.index_dir = Path(tempfile.mkdtemp(prefix="whoosh-contract-"))
        cls._override = whoosh_settings(cls.index_dir)
        cls._override.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls._override.disable()
        shutil.rmtree(cls.index_dir, ignore_errors=True)


@unittest.skipUnless(
    connection.vendor == "postgresql", "the PostgreSQL backend needs PostgreSQL"
)
@override_settings(
    KULTURSCHATZ_SEARCH_BACKENDS={
        "default": {"BACKEND": "kulturschatz.search.backends.postgres.PostgresBackend"}
    }
)
class PostgresContractTests(SearchBackendContract, TestCase):
    pass
