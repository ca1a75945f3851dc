"""Time to answer the manifest of an object with many images, on the production server.

Usage: .venv/bin/python bench/iiif_manifest.py [--images 500] [--requests 200]

A temporary installation gets one published object with N images (catalogue
rows with realistic sizes; the manifest needs no pixels), then gunicorn as in
`make run` is asked for its manifest: once cold (built with iiif-prezi3 and
stored), then repeatedly warm (stored JSON), then once more after a change to
the object: once right away with no task queue running (rebuilt on request),
once after the task queue's consumer (as `make run` starts it) had a moment
to pre-build it. Prints the times in milliseconds.
"""

import argparse
import http.client
import os
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from support import PYTHON, ROOT, free_port, manage


def timed_get(port: int, path: str) -> tuple[float, int, int]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    return (time.perf_counter() - started) * 1000, response.status, len(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=500)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kulturschatz-manifest-"))
    port = free_port()
    env = {
        "KULTURSCHATZ_PUBLIC_URL": f"http://127.0.0.1:{port}",
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "KULTURSCHATZ_VAR_DIR": str(work / "var"),
        "KULTURSCHATZ_MEDIA_ROOT": str(work / "media"),
        "KULTURSCHATZ_STATIC_ROOT": str(work / "static"),
    }
    process = None
    try:
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        manage(env, "shell", "-c", (
            "import uuid\n"
            "from kulturschatz.collections.models import *\n"
            "i = Institution.objects.create(name='Domstiftsbibliothek', slug='dsb')\n"
            "o = HeritageObject.objects.create(institution=i, identifier='codex', "
            "inventory_number='Cod. 1', title='Codex', status='published')\n"
            "ObjectImage.objects.bulk_create([ObjectImage(heritage_object=o, uuid=uuid.uuid4(), "
            "master=f'masters/codex/{n}.jpg', width=4000, height=5400, sha256='0' * 64, "
            f"order=n, is_primary=n == 0, caption=f'fol. {{n}}r') for n in range({args.images})])\n"
        ))
        process = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "kulturschatz.wsgi:application",
             "--bind", f"127.0.0.1:{port}", "--workers", "3", "--threads", "4",
             "--worker-class", "gthread"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(100):
            try:
                timed_get(port, "/robots.txt")
                break
            except OSError:
                time.sleep(0.2)
        path = "/iiif/manifest/codex"
        cold, status, size = timed_get(port, path)
        assert status == 200, status
        warm = [timed_get(port, path)[0] for _ in range(args.requests)]
        manage(env, "shell", "-c", (
            "from kulturschatz.collections.models import HeritageObject\n"
            "o = HeritageObject.objects.get(identifier='codex'); o.title = 'Codex (neu)'; o.save()\n"
        ))
        changed, _, _ = timed_get(port, path)
        consumer = subprocess.Popen(
            [str(PYTHON), "manage.py", "run_huey", "--quiet"], cwd=ROOT, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        try:
            time.sleep(2)  # the consumer picks up the queued tasks
            manage(env, "shell", "-c", (
                "from kulturschatz.collections.models import HeritageObject\n"
                "o = HeritageObject.objects.get(identifier='codex'); o.title = 'Codex (2)'; o.save()\n"
            ))
            time.sleep(2)  # … and pre-builds the manifest
            prebuilt, _, _ = timed_get(port, path)
        finally:
            os.killpg(consumer.pid, signal.SIGTERM)
            consumer.wait(timeout=30)
        warm.sort()
        print(f"manifest with {args.images} canvases, {size / 1024:.0f} KB, gunicorn 3×4 gthread")
        print(f"  first request (built with iiif-prezi3, stored): {cold:7.1f} ms")
        print(f"  after a change, no task queue (rebuilt):       {changed:7.1f} ms")
        print(f"  after a change, pre-built by the task queue:   {prebuilt:7.1f} ms")
        print(
            f"  stored, {args.requests} requests: p50 {statistics.median(warm):.1f} ms, "
            f"p95 {warm[int(len(warm) * 0.95) - 1]:.1f} ms, max {warm[-1]:.1f} ms"
        )
    finally:
        if process is not None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
