"""A separate installation for robustness tests: its own database, media, var
directory and search index, driven through real ``manage.py`` subprocesses and
a real gunicorn server, as an operator would.

The database is a SQLite file in a temporary folder, or a fresh PostgreSQL
database on the server that ``DATABASE_URL`` names when the suite runs against
PostgreSQL (CI's second pass).
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
MARKER = "@@RESULT@@ "


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


class Installation:
    """One installation of the archive in ``root`` (var/, media/, static/)."""

    def __init__(self, root: Path, *, postgres: bool | None = None, **extra_env: str) -> None:
        self.root = root
        self.var = root / "var"
        self.media = root / "media"
        self.var.mkdir(parents=True, exist_ok=True)
        server = postgres_url() if postgres is None or postgres else None
        if postgres and server is None:
            raise RuntimeError("DATABASE_URL does not name PostgreSQL")
        self.pg_name: str | None = None
        self.pg_server = server
        if server:
            self.pg_name = f"krobust_{uuid.uuid4().hex[:10]}"
            self._pg_admin(f'CREATE DATABASE "{self.pg_name}"')
            parts = urlsplit(server)
            self.database_url = urlunsplit(parts._replace(path=f"/{self.pg_name}"))
        else:
            self.database_url = f"sqlite:///{self.var / 'db.sqlite3'}"
        inherited = {
            key: value
            for key, value in os.environ.items()
            # Not the test run's settings, database, shared Redis or task mode.
            if not key.startswith(("DJANGO_", "KULTURSCHATZ_", "PYTEST", "REDIS_"))
            and key != "DATABASE_URL"
        }
        self.env = {
            **inherited,
            "DJANGO_SETTINGS_MODULE": "kulturschatz.settings",
            "DJANGO_SECRET_KEY": "robustness-tests-" + "x" * 40,
            "DATABASE_URL": self.database_url,
            "KULTURSCHATZ_VAR_DIR": str(self.var),
            "KULTURSCHATZ_MEDIA_ROOT": str(self.media),
            "KULTURSCHATZ_STATIC_ROOT": str(root / "static"),
            "KULTURSCHATZ_DEMO_IMAGE_SCALE": "0.04",
            "KULTURSCHATZ_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            **extra_env,
        }

    # -- processes ------------------------------------------------------------

    def command(self, *args: str) -> list[str]:
        return [sys.executable, str(ROOT / "manage.py"), *args]

    def manage(self, *args: str, timeout: float = 300, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            self.command(*args), cwd=ROOT, env=self.env, capture_output=True,
            text=True, timeout=timeout,
        )  # fmt: skip
        if check and result.returncode:
            raise AssertionError(
                f"manage.py {' '.join(args)} exited {result.returncode}:\n"
                f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
        return result

    def start(self, *args: str, log: Path | None = None) -> subprocess.Popen:
        """A manage.py command in the background (in its own process group)."""
        output = log.open("w") if log else subprocess.DEVNULL
        return subprocess.Popen(
            self.command(*args), cwd=ROOT, env=self.env, stdout=output,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    def python(self, code: str, timeout: float = 120) -> object:
        """Run code with Django set up; it calls ``result(value)`` to hand back JSON."""
        prelude = (
            "import json\n"
            f"def result(value):\n    print({MARKER!r} + json.dumps(value, default=str), flush=True)\n"
        )
        output = self.manage("shell", "-c", prelude + code, timeout=timeout).stdout
        lines = [line for line in output.splitlines() if line.startswith(MARKER)]
        return json.loads(lines[-1][len(MARKER):]) if lines else None

    def setup(self) -> None:
        self.manage("migrate", "--noinput", "-v", "0")

    def destroy(self) -> None:
        if self.pg_name:
            self._pg_admin(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
        shutil.rmtree(self.root, ignore_errors=True)

    def _pg_admin(self, sql: str) -> None:
        import psycopg

        assert self.pg_server
        with psycopg.connect(self.pg_server, autocommit=True) as connection:
            connection.execute(sql)

    # -- what is stored -------------------------------------------------------

    def query(self, sql: str) -> list[tuple]:
        """Rows of one SQL query, read beside whatever the installation runs."""
        if self.pg_name:
            import psycopg

            with psycopg.connect(self.database_url) as connection:
                return connection.execute(sql).fetchall()
        connection = sqlite3.connect(f"file:{self.var / 'db.sqlite3'}?mode=ro", uri=True, timeout=30)
        try:
            return connection.execute(sql).fetchall()
        finally:
            connection.close()

    def table_rows(self) -> dict[str, list[tuple]]:
        """Every row of every table of the database, sorted: the raw content."""
        tables: dict[str, list[tuple]] = {}
        if self.pg_name:
            import psycopg

            with psycopg.connect(self.database_url) as connection:
                names = [
                    row[0]
                    for row in connection.execute(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                    )
                ]
                for name in names:
                    rows = connection.execute(f'SELECT * FROM "{name}"').fetchall()
                    tables[name] = sorted(rows, key=repr)
        else:
            uri = f"file:{self.var / 'db.sqlite3'}?mode=ro"
            connection = sqlite3.connect(uri, uri=True)
            try:
                names = [
                    row[0]
                    for row in connection.execute(
                        "SELECT name FROM sqlite_master WHERE type = 'table'"
                    )
                ]
                for name in names:
                    rows = connection.execute(f'SELECT * FROM "{name}"').fetchall()
                    tables[name] = sorted(rows, key=repr)
            finally:
                connection.close()
        return tables

    def database_fingerprint(self) -> dict[str, tuple[int, str]]:
        """Per table: number of rows and a checksum of their content."""
        return {
            name: (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
            for name, rows in self.table_rows().items()
        }


def wait_for(condition, *, timeout: float, interval: float = 0.05, process=None, what: str = ""):
    """Poll until condition() is truthy; fail early if the process has exited."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the process exited ({process.returncode}) before {what}")
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what}")


def kill(process: subprocess.Popen) -> None:
    """SIGKILL a process started in its own session, and its children."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def files_fingerprint(directory: Path, *, skip: tuple[str, ...] = ()) -> dict[str, tuple]:
    """relative path -> (size, SHA-256) of every file; symlinks by their target."""
    found: dict[str, tuple] = {}
    if not directory.exists():
        return found
    for path in sorted(directory.rglob("*")):
        relative = path.relative_to(directory).as_posix()
        if relative.startswith(skip):
            continue
        if path.is_symlink():
            found[relative] = ("->", os.readlink(path))
        elif path.is_file():
            found[relative] = (path.stat().st_size, hashlib.sha256(path.read_bytes()).hexdigest())
    return found


def sqlite_fingerprint(path: Path) -> dict[str, str]:
    """Content of every table of a SQLite file (the huey task queue)."""
    if not path.exists():
        return {}
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {
            name: hashlib.sha256(
                repr(sorted(connection.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)).encode()
            ).hexdigest()
            for name in names
        }
    finally:
        connection.close()


class Server:
    """The production WSGI application (with the IIIF fast path) under gunicorn."""

    def __init__(self, installation: Installation, *, workers: int = 2) -> None:
        self.port = free_port()
        self.host = f"127.0.0.1:{self.port}"
        self.base = f"http://{self.host}"
        self.log = installation.root / f"gunicorn-{self.port}.log"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "kulturschatz.wsgi:application",
             "--bind", self.host, "--workers", str(workers), "--threads", "4",
             "--worker-class", "gthread", "--timeout", "60", "--graceful-timeout", "5"],
            cwd=ROOT, env=installation.env, stdout=self.log.open("w"),
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited:\n{self.log.read_text()[-3000:]}")
            try:
                if self.request("GET", "/robots.txt")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise AssertionError(f"gunicorn did not start:\n{self.log.read_text()[-3000:]}")

    def request(
        self, method: str, target: str, *, headers: dict | None = None, body: bytes | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.putrequest(method, target, skip_accept_encoding=True)
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            if body is not None:
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def log_tail(self, characters: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-characters:]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


SECRET = "Verschlusssache"
HIDDEN_OBJECTS = """
from datetime import date
from kulturschatz.collections.models import HeritageObject
from tests import factories

charms = HeritageObject.objects.get(identifier="dsb-cod-136")
for status in ("draft", "review", "withdrawn", "published"):
    hidden = factories.make_object(
        identifier=f"verschluss-{status}",
        title=f"SECRET ({status})",
        institution=charms.institution,
        collection=charms.collection,
        object_type=charms.object_type,
        status=status,
        embargo_until=date(2999, 1, 1) if status == "published" else None,
    )
    factories.make_image(hidden, size=(1100, 700))
    hidden.subject_agents.add(factories.make_agent(f"SECRET, Person {status}"))
# A public image larger than one tile, so that pyramids have several levels.
large = factories.make_object(
    identifier="grosses-bild", title="Großes Bild", institution=charms.institution,
    collection=charms.collection, object_type=charms.object_type,
)
factories.make_image(large, size=(1300, 900))
""".replace("SECRET", SECRET)


def load_demo_archive(installation: Installation) -> None:
    """The demo archive (small renderings) plus hidden objects with images,
    with complete tile pyramids and a search index."""
    installation.setup()
    installation.manage("collectstatic", "--noinput", "-v", "0")
    installation.manage("loaddemo", "--workers", "1", "-v", "0")
    installation.manage("shell", "-c", HIDDEN_OBJECTS)
    installation.manage("build_derivatives", "--missing", "-v", "0")
    installation.manage("rebuild_search_index", "--no-progress", "-v", "0")
