"""`make run` end to end: set-up on an empty installation, the production server
(gunicorn, WhiteNoise, DEBUG off) over real HTTP, and a second run that neither
fails nor duplicates data."""

import os
import re
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class Server:
    def __init__(self, env: dict, port: int, log: Path) -> None:
        self.log = log
        self.process = subprocess.Popen(
            ["make", "run", f"PORT={port}", "WORKERS=2"],
            cwd=ROOT,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"make run exited:\n{log.read_text()[-3000:]}")
            try:
                if fetch(self.base + "/robots.txt")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"server did not start:\n{log.read_text()[-3000:]}")

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def installation(tmp_path_factory):
    root = tmp_path_factory.mktemp("installation")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DATABASE_URL": f"sqlite:///{root / 'var' / 'db.sqlite3'}",
        "KULTURSCHATZ_VAR_DIR": str(root / "var"),
        "KULTURSCHATZ_MEDIA_ROOT": str(root / "media"),
        "KULTURSCHATZ_STATIC_ROOT": str(root / "static"),
        "KULTURSCHATZ_DEMO_IMAGE_SCALE": "0.05",
    }
    return root, env


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "manage.py", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True,
    )
    return result.stdout


def count_rows(root: Path, table: str) -> int:
    with sqlite3.connect(root / "var" / "db.sqlite3") as db:
        return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_make_run_serves_the_demo_archive_twice(installation):
    root, env = installation
    server = Server(env, free_port(), root / "run1.log")
    try:
        status, headers, body = fetch(server.base + "/")
        assert status == 200
        page = body.decode()
        assert "Merseburger Zaubersprüche" in page
        # DEBUG is off and static files come hashed through WhiteNoise.
        css = re.search(r'href="(/static/kulturschatz/site\.[0-9a-f]+\.css)"', page)
        assert css, "static files are not served with hashed names"
        status, headers, _ = fetch(server.base + css.group(1))
        assert status == 200 and "max-age=315360000" in headers.get("Cache-Control", "")
        status, _, body = fetch(server.base + "/gibt-es-nicht/")
        assert status == 404 and b"Traceback" not in body

        status, _, body = fetch(server.base + "/admin/login/")
        assert status == 200 and b'name="password"' in body

        status, _, body = fetch(server.base + "/sitemap.xml")
        assert status == 200
        locations = etree.fromstring(body).xpath(
            "//s:loc/text()", namespaces={"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
        )
        objects = [loc for loc in locations if "/objekt/" in loc and "/en/" not in loc]
        published = count_rows(root, "collections_heritageobject")
        assert len(objects) == published >= 25

        # Every object page answers and its primary image comes through IIIF.
        for url in objects[:8]:
            status, _, body = fetch(url)
            assert status == 200, url
            image = re.search(r'src="(/iiif/3/[0-9a-f]{32}/full/(?:max|![0-9,]+)/0/default\.jpg)"', body.decode())
            assert image, url
            status, headers, _ = fetch(server.base + image.group(1))
            assert status == 200 and headers["Content-Type"] == "image/jpeg"
        # Masters are never served from media/.
        assert fetch(server.base + "/media/masters/")[0] == 404
        # The task queue's consumer runs beside gunicorn: a queued rebuild completes.
        rebuild = (
            "from django.db import transaction\n"
            "from kulturschatz.collections.models import ObjectImage\n"
            "from kulturschatz.iiif.derivatives import schedule_derivatives\n"
            "image = ObjectImage.objects.order_by('pk').first()\n"
            "with transaction.atomic():\n"
            "    schedule_derivatives(image)\n"
            "print(image.pk)\n"
        )
        image_id = manage(env, "shell", "-c", rebuild).strip().splitlines()[-1]
        deadline = time.monotonic() + 60
        state = ""
        while time.monotonic() < deadline and state != "ready":
            time.sleep(0.5)
            with sqlite3.connect(root / "var" / "db.sqlite3") as db:
                state = db.execute(
                    "SELECT derivatives_state FROM collections_objectimage WHERE id = ?",
                    (image_id,),
                ).fetchone()[0]
        assert state == "ready"
    finally:
        server.stop()

    log = (root / "run1.log").read_text()
    assert "password:" in log
    first_counts = {
        table: count_rows(root, table)
        for table in ["collections_heritageobject", "collections_objectimage", "collections_agent",
                      "collections_place", "collections_concept", "collections_event", "auth_user"]
    }

    server = Server(env, free_port(), root / "run2.log")
    try:
        assert fetch(server.base + "/")[0] == 200
    finally:
        server.stop()
    second_counts = {table: count_rows(root, table) for table in first_counts}
    assert second_counts == first_counts
    assert "0 objects created" in (root / "run2.log").read_text()
    assert "0 images rendered" in (root / "run2.log").read_text()
