"""The Whoosh index on disk: atomic rebuilds, crashes, several processes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from django.test import SimpleTestCase

from kulturschatz.search.analysis import parse_query
from kulturschatz.search.backends.base import SearchQuery
from kulturschatz.search.backends.whoosh import WhooshBackend
from kulturschatz.search.documents import SearchDocument

ROOT = Path(__file__).resolve().parents[2]


def document(
    pk: int, title: str, *, public: bool = True, year: int | None = None
) -> SearchDocument:
    return SearchDocument(
        pk=pk,
        public=public,
        title=title,
        description=f"Beschreibung von {title} aus der Sammlung.",
        other="Merseburg",
        english="",
        sort_title=title.lower(),
        earliest=year,
        latest=year,
        facets={"type": (1 + pk % 3,)},
    )


def found(backend: WhooshBackend, text: str) -> list[int]:
    return [
        hit.pk for hit in backend.search(SearchQuery(parsed=parse_query(text))).hits
    ]


def run_python(code: str, index_dir: Path, **kwargs) -> subprocess.Popen:
    """A second process with the project on its path, using the same index."""
    script = textwrap.dedent(
        f"""
        import os, sys, time
        sys.path.insert(0, {str(ROOT)!r})
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
        import django
        django.setup()
        from kulturschatz.search.backends.whoosh import WhooshBackend
        from tests.search_tests.test_whoosh_index import document, found
        backend = WhooshBackend({str(index_dir)!r}, procs=1)
        """
    ) + textwrap.dedent(code)
    return subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


class WhooshIndexTests(SimpleTestCase):
    def setUp(self):
        self.index_dir = Path(tempfile.mkdtemp(prefix="whoosh-index-"))
        self.addCleanup(shutil.rmtree, self.index_dir, ignore_errors=True)
        self.backend = WhooshBackend(self.index_dir, procs=1)
        self.backend.rebuild([document(1, "Kirchenglocke"), document(2, "Taufstein")])

    def generations(self) -> list[str]:
        return sorted(p.name for p in self.index_dir.glob("gen-*"))

    def test_a_rebuild_is_swapped_in_whole(self):
        reader = WhooshBackend(self.index_dir, procs=1)
        self.assertEqual(found(reader, "Glocke"), [1])
        self.backend.rebuild([document(3, "Glockenstuhl"), document(4, "Altar")])
        time.sleep(0.3)  # readers look for a new generation every 0.2 s
        self.assertEqual(sorted(found(reader, "Glocke*")), [3])
        self.assertEqual(found(reader, "Taufstein"), [])
        # The generation before stays for readers still using it; older ones go.
        self.backend.rebuild([document(5, "Orgel")])
        self.assertEqual(len(self.generations()), 2)

    def test_a_failed_rebuild_changes_nothing(self):
        before = os.readlink(self.index_dir / "current")

        def broken():
            yield document(7, "Orgel")
            raise RuntimeError("the database went away")

        with self.assertRaises(RuntimeError):
            self.backend.rebuild(broken())
        self.assertEqual(os.readlink(self.index_dir / "current"), before)
        self.assertEqual(found(self.backend, "Kirchenglocke"), [1])
        self.assertEqual(len(self.generations()), 1)

    def test_a_killed_rebuild_leaves_a_usable_index(self):
        process = run_python(
            """
            def slow():
                for pk in range(100, 10_000):
                    if pk == 150:
                        print("writing", flush=True)
                    yield document(pk, f"Objekt {pk}")
                    time.sleep(0.002)
            backend.rebuild(slow())
            """,
            self.index_dir,
        )
        self.assertEqual(
            process.stdout.readline().strip(),
            "writing",
            process.stderr.read() if process.poll() else "",
        )
        process.send_signal(signal.SIGKILL)
        process.wait()
        self.assertEqual(found(WhooshBackend(self.index_dir), "Kirchenglocke"), [1])
        self.assertEqual(len(self.generations()), 2)  # the abandoned one
        self.backend.rebuild([document(1, "Kirchenglocke")])
        self.assertEqual(len(self.generations()), 2)  # abandoned removed, previous kept
        self.assertEqual(found(self.backend, "Kirchenglocke"), [1])

    def test_a_killed_writer_releases_the_index(self):
        process = run_python(
            """
            def slow():
                yield document(50, "Kelch")
                print("writing", flush=True)
                time.sleep(60)
                yield document(51, "Patene")
            backend.index(slow())
            """,
            self.index_dir,
        )
        self.assertEqual(process.stdout.readline().strip(), "writing")
        process.send_signal(signal.SIGKILL)
        process.wait()
        started = time.monotonic()
        self.backend.index([document(60, "Leuchter")])
        self.assertLess(time.monotonic() - started, 5)
        self.backend.refresh()
        self.assertEqual(found(self.backend, "Leuchter"), [60])
        self.assertEqual(found(self.backend, "Kelch"), [])  # never committed

    def test_other_processes_search_while_one_writes(self):
        reader = run_python(
            """
            deadline = time.time() + 20
            seen = set()
            while time.time() < deadline and len(seen) < 10:
                seen.update(found(backend, "Reliquiar"))
            print(sorted(seen), flush=True)
            """,
            self.index_dir,
        )
        for pk in range(200, 210):
            self.backend.index([document(pk, f"Reliquiar {pk}")])
        out, err = reader.communicate(timeout=60)
        self.assertEqual(reader.returncode, 0, err)
        self.assertEqual(out.strip(), str(list(range(200, 210))))

    def test_updates_replace_and_deletes_remove(self):
        self.backend.index([document(1, "Kirchenglocke", public=False)])
        self.backend.refresh()
        self.assertEqual(found(self.backend, "Kirchenglocke"), [])
        staff = self.backend.search(
            SearchQuery(parsed=parse_query("Kirchenglocke"), public_only=False)
        )
        self.assertEqual([hit.pk for hit in staff.hits], [1])
        self.backend.delete([2])
        self.backend.refresh()
        self.assertEqual(self.backend.indexed_pks(), {1})
