"""The production set-up of deploy/: `check --deploy` passes with the documented
environment, gunicorn under it sends the security headers and secure cookies,
and nginx with deploy/nginx in front of it serves the archive over TLS, keeps
media/ private and rate-limits the login. systemd-analyze checks the units."""

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import ssl
import subprocess
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
HOST = "kulturschatz.merseburg.de"  # as in deploy/env.example
pytestmark = pytest.mark.slow


def documented_environment() -> dict[str, str]:
    """The variables deploy/env.example sets (commented-out ones left out)."""
    values = {}
    for line in (DEPLOY / "env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def production_env(root: Path, **overrides: str) -> dict[str, str]:
    """The documented environment, with this test's folders and a real key."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "KULTURSCHATZ_", "DATABASE_URL", "REDIS_URL"))
    }
    return {
        **inherited,
        **documented_environment(),
        "DJANGO_SETTINGS_MODULE": "kulturschatz.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{root / 'var' / 'db.sqlite3'}",
        "KULTURSCHATZ_VAR_DIR": str(root / "var"),
        "KULTURSCHATZ_MEDIA_ROOT": str(root / "media"),
        "KULTURSCHATZ_STATIC_ROOT": str(root / "static"),
        **overrides,
    }


def manage(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=check,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- manage.py check --deploy ------------------------------------------------


def test_check_deploy_passes_with_the_documented_environment(tmp_path):
    result = manage(
        production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING", check=False
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output


@pytest.mark.parametrize(
    ("overrides", "warning"),
    [
        # The example's placeholder key must be replaced.
        ({"DJANGO_SECRET_KEY": documented_environment()["DJANGO_SECRET_KEY"]}, "security.W009"),
        ({"DJANGO_HTTPS": "0"}, "security.W008"),
        ({"DJANGO_DEBUG": "1"}, "security.W018"),
    ],
)
def test_check_deploy_fails_when_a_setting_is_missing(tmp_path, overrides, warning):
    result = manage(
        production_env(tmp_path, **overrides),
        "check", "--deploy", "--fail-level", "WARNING", check=False,
    )
    assert result.returncode != 0 and warning in result.stdout + result.stderr


# -- gunicorn under production settings ----------------------------------------


class Gunicorn:
    def __init__(self, env: dict, root: Path) -> None:
        self.port = free_port()
        self.socket = root / "gunicorn.sock"
        self.log = root / "gunicorn.log"
        self.process = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"), "kulturschatz.wsgi:application",
                "--bind", f"127.0.0.1:{self.port}", "--bind", f"unix:{self.socket}",
                "--workers", "1", "--threads", "4", "--worker-class", "gthread",
            ],
            cwd=ROOT, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for_port(self.port, self.process, self.log)

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited:\n{log.read_text()[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"server did not start:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """A production installation: migrated, static files collected, two staff."""
    root = tmp_path_factory.mktemp("production")
    # Two failures lock out here, so a lock-out needs few (rate-limited) logins.
    env = production_env(root, KULTURSCHATZ_LOGIN_FAILURE_LIMIT="2")
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(
        env, "shell", "-c",
        "from tests.factories import make_staff\n"
        "make_staff('Redaktion', username='redaktion')\n"
        "make_staff('Katalogisierung', username='katalog')\n",
    )
    master = root / "media" / "masters" / "geheim.tif"
    master.parent.mkdir(parents=True)
    master.write_bytes(b"II*\x00 an unpublished master")
    server = Gunicorn(env, root)
    yield root, env, server
    server.stop()


class Client:
    """HTTP(S) with the headers exactly as sent and received, cookies kept."""

    def __init__(self, port: int, *, tls: bool = False, headers: dict | None = None) -> None:
        self.port, self.tls, self.headers, self.cookies = port, tls, headers or {}, {}

    def request(self, method: str, path: str, form: dict | None = None):
        if self.tls:
            context = ssl.create_default_context()
            context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
            connection = http.client.HTTPSConnection("127.0.0.1", self.port, context=context, timeout=30)
        else:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": HOST, **self.headers}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"https://{HOST}",
                "Referer": f"https://{HOST}{path}",
            }
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.body = response.read()
        connection.close()
        response.set_cookies = response.headers.get_all("Set-Cookie") or []
        for header in response.set_cookies:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response

    def log_in(self, username: str, password: str = "Merseburg-1080-Test"):
        self.request("GET", "/admin/login/")
        return self.request(
            "POST", "/admin/login/",
            {
                "csrfmiddlewaretoken": self.cookies["__Host-csrftoken"],
                "username": username, "password": password, "next": "/admin/",
            },
        )


def cookie_attributes(set_cookie: str) -> set[str]:
    return {part.strip().split("=")[0].lower() for part in set_cookie.split(";")[1:]}


def assert_security_headers(response) -> None:
    headers = response.headers
    assert headers.get_all("Strict-Transport-Security") == [
        "max-age=31536000; includeSubDomains; preload"
    ]
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"


def test_plain_http_is_sent_to_https(production):
    _root, _env, server = production
    response = Client(server.port).request("GET", "/objekte/?q=Dom")
    assert response.status == 301
    assert response.headers["Location"] == f"https://{HOST}/objekte/?q=Dom"


def test_production_responses_carry_the_security_headers(production):
    _root, _env, server = production
    client = Client(server.port, headers={"X-Forwarded-Proto": "https"})
    response = client.request("GET", "/")
    assert response.status == 200
    assert_security_headers(response)
    assert response.set_cookies == []  # public visitors get no cookie


def test_staff_cookies_are_secure_host_only_and_end_with_the_browser(production):
    _root, _env, server = production
    client = Client(server.port, headers={"X-Forwarded-Proto": "https"})
    page = client.request("GET", "/admin/login/")
    assert page.status == 200
    assert_security_headers(page)
    (csrf,) = page.set_cookies
    assert csrf.startswith("__Host-csrftoken=")
    assert {"secure", "httponly", "samesite", "path"} <= cookie_attributes(csrf)
    assert "domain" not in cookie_attributes(csrf)
    response = client.log_in("redaktion")
    assert response.status == 302 and response.headers["Location"] == "/admin/"
    (session,) = [c for c in response.set_cookies if c.startswith("__Host-sessionid=")]
    attributes = cookie_attributes(session)
    assert {"secure", "httponly", "samesite", "path"} <= attributes
    assert "expires" not in attributes and "max-age" not in attributes
    assert "SameSite=Lax" in session
    assert client.request("GET", "/admin/").status == 200


# -- nginx in front (deploy/nginx) ---------------------------------------------


def replace(text: str, old: str, new: str, count: int) -> str:
    """Swap a production value for the test's, failing if deploy/ changed shape."""
    assert text.count(old) == count, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


@pytest.fixture(scope="module")
def nginx(production):
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if binary is None:
        pytest.skip("nginx is not installed (Debian: apt-get install nginx)")
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    root, _env, server = production
    conf = root / "nginx"
    for folder in ["body", "proxy", "fastcgi", "uwsgi", "scgi", "acme"]:
        (conf / folder).mkdir(parents=True)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", f"/CN={HOST}", "-keyout", conf / "key.pem", "-out", conf / "cert.pem"],
        check=True, capture_output=True,
    )
    http_port, https_port = free_port(), free_port()
    site = (DEPLOY / "nginx" / "kulturschatz.conf").read_text()
    site = replace(site, "listen 80;", f"listen 127.0.0.1:{http_port};", 1)
    site = replace(site, "listen [::]:80;", "", 1)
    site = replace(site, "listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;", 1)
    site = replace(site, "listen [::]:443 ssl http2;", "", 1)
    site = replace(site, f"/etc/letsencrypt/live/{HOST}/fullchain.pem", str(conf / "cert.pem"), 1)
    site = replace(site, f"/etc/letsencrypt/live/{HOST}/privkey.pem", str(conf / "key.pem"), 1)
    site = replace(site, "unix:/run/kulturschatz/gunicorn.sock", f"unix:{server.socket}", 1)
    site = replace(site, "/srv/kulturschatz/staticfiles/", f"{root / 'static'}/", 1)
    site = replace(site, "/var/log/nginx/", f"{conf}/", 1)
    site = replace(site, "root /var/www/letsencrypt;", f"root {conf / 'acme'};", 1)
    site = replace(
        site, "/etc/nginx/snippets/kulturschatz-proxy.conf", str(conf / "proxy.conf"), 4
    )
    (conf / "site.conf").write_text(site)
    shutil.copy(DEPLOY / "nginx" / "kulturschatz-proxy.conf", conf / "proxy.conf")
    temp_paths = "\n".join(
        f"    {kind}_temp_path {conf / folder};"
        for kind, folder in [("client_body", "body"), ("proxy", "proxy"),
                             ("fastcgi", "fastcgi"), ("uwsgi", "uwsgi"), ("scgi", "scgi")]
    )
    # As Debian's nginx.conf wraps sites-enabled/*, minus what needs /var or /run.
    user = "user root root;" if os.geteuid() == 0 else ""
    (conf / "nginx.conf").write_text(
        f"{user}\nworker_processes 1;\npid {conf / 'nginx.pid'};\nerror_log {conf / 'error.log'};\n"
        "events { worker_connections 64; }\n"
        "http {\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n"
        f"    sendfile on;\n{temp_paths}\n    include {conf / 'site.conf'};\n}}\n"
    )
    command = [binary, "-p", str(conf), "-c", str(conf / "nginx.conf")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    log = conf / "nginx.out"
    process = subprocess.Popen(
        [*command, "-g", "daemon off;"], stdout=log.open("w"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    wait_for_port(https_port, process, log)
    yield http_port, https_port
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def test_nginx_sends_http_to_https(nginx):
    http_port, _https_port = nginx
    response = Client(http_port).request("GET", "/objekt/dsb-cod-136/")
    assert response.status == 301
    assert response.headers["Location"] == f"https://{HOST}/objekt/dsb-cod-136/"


def test_nginx_serves_the_archive_over_tls_with_the_security_headers(nginx):
    _http_port, https_port = nginx
    client = Client(https_port, tls=True)
    page = client.request("GET", "/")
    assert page.status == 200
    assert_security_headers(page)  # Django's, once each: nginx adds none of its own
    assert page.set_cookies == []
    assert page.headers["Server"] == "nginx"  # no version (server_tokens off)
    stylesheet = re.search(rb'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page.body).group(1)
    css = client.request("GET", stylesheet.decode())
    assert css.status == 200 and css.headers["Content-Type"].startswith("text/css")
    assert css.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert css.headers["X-Content-Type-Options"] == "nosniff"
    assert css.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_nginx_never_serves_media(nginx, production):
    root, _env, _server = production
    assert (root / "media" / "masters" / "geheim.tif").exists()
    client = Client(nginx[1], tls=True)
    for path in ["/media/masters/geheim.tif", "/media/", "/static/../media/masters/geheim.tif"]:
        response = client.request("GET", path)
        assert response.status in (400, 404), path
        assert b"unpublished master" not in response.body


def test_nginx_passes_the_client_address_to_the_lockout(nginx, production):
    root, _env, _server = production
    client = Client(nginx[1], tls=True)
    assert client.log_in("katalog", password="falsch").status == 200
    locked = client.log_in("katalog", password="falsch")
    assert locked.status == 429 and b"nginx" not in locked.body  # Django's lock-out page
    with sqlite3.connect(root / "var" / "db.sqlite3") as db:
        rows = db.execute("SELECT ip_address FROM axes_accessattempt WHERE username='katalog'")
        # The address nginx saw (X-Real-IP), not gunicorn's socket peer.
        assert [row[0] for row in rows] == ["127.0.0.1"]
    # nginx's own rate limit on the login: 10 a minute, bursts of 5.
    statuses = [Client(nginx[1], tls=True).request("GET", "/admin/login/").status for _ in range(12)]
    assert 429 in statuses
    assert Client(nginx[1], tls=True).request("GET", "/").status == 200  # public pages are not limited


def test_uploads_are_refused_outside_the_admin(nginx):
    client = Client(nginx[1], tls=True)
    response = client.request("POST", "/api/search", {"q": "x" * (2 * 1024 * 1024)})
    assert response.status == 413


def test_the_share_a_treasure_form_may_take_photos(nginx):
    client = Client(nginx[1], tls=True)
    body = {"story": "x" * (2 * 1024 * 1024)}
    for path in ["/mitmachen/schatz-teilen/", "/en/mitmachen/schatz-teilen/"]:
        # Passed on to Django, which refuses the POST without a CSRF token;
        # nginx's own limit would answer 413.
        assert client.request("POST", path, body).status == 403, path
    assert client.request("POST", "/mitmachen/", body).status == 413


# -- systemd units ----------------------------------------------------------------


def test_systemd_units_verify(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    units = sorted((DEPLOY / "systemd").iterdir())
    assert {unit.name for unit in units} == {
        "kulturschatz.socket", "kulturschatz.service", "kulturschatz-tasks.service",
        "kulturschatz-housekeeping.service", "kulturschatz-housekeeping.timer",
    }
    env_file = tmp_path / "env"
    env_file.write_text((DEPLOY / "env.example").read_text())
    for unit in units:
        # The units name the server's paths; here the checkout stands in for them.
        text = unit.read_text().replace("/srv/kulturschatz", str(ROOT))
        text = text.replace("/etc/kulturschatz/env", str(env_file))
        (tmp_path / unit.name).write_text(text)
    result = subprocess.run(
        [analyze, "verify", "--man=no", *(f"./{unit.name}" for unit in units)],
        cwd=tmp_path, capture_output=True, text=True,
    )
    # Unknown keys and missing programs are only reported, so no output is success.
    assert result.returncode == 0 and result.stdout + result.stderr == "", result.stderr
    service = (DEPLOY / "systemd" / "kulturschatz.service").read_text()
    makefile = (ROOT / "Makefile").read_text()
    # The service runs gunicorn as `make run` does.
    for option in ["--threads 4", "--worker-class gthread", "--timeout 120"]:
        assert option in service and option in makefile
