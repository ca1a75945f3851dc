"""The admin lives at KULTURSCHATZ_ADMIN_PATH; nothing else names its path."""

import importlib
import re
from pathlib import Path

import pytest
from django.urls import clear_url_caches, reverse

import kulturschatz.urls
from tests import factories

pytestmark = pytest.mark.django_db
SOURCE = Path(__file__).resolve().parents[2] / "kulturschatz"


@pytest.fixture
def moved_admin(settings):
    original = settings.ADMIN_PATH
    settings.ADMIN_PATH = "verwaltung-7f3k"
    importlib.reload(kulturschatz.urls)
    clear_url_caches()
    yield "/verwaltung-7f3k/"
    settings.ADMIN_PATH = original
    importlib.reload(kulturschatz.urls)
    clear_url_caches()


def test_the_admin_answers_only_at_its_configured_path(client, moved_admin, login):
    assert reverse("admin:index") == moved_admin
    assert reverse("admin:login_code").startswith(moved_admin)
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/login/").status_code == 404
    response = client.get(moved_admin)
    assert response.status_code == 302
    assert response["Location"] == f"{moved_admin}login/?next={moved_admin}"
    factories.make_staff("Redaktion", username="redaktion")
    assert login("redaktion")["Location"] == moved_admin
    assert client.get(f"{moved_admin}search/indexjob/").status_code == 200


def test_public_pages_name_the_configured_path(client, moved_admin):
    assert f"Disallow: {moved_admin}" in client.get("/robots.txt").content.decode()
    assert f'href="{moved_admin}"' in client.get("/").content.decode()


def test_no_code_or_template_spells_out_the_admin_path():
    pattern = re.compile(r"""["'`]/admin(/|["'`])""")
    offenders = [
        f"{path.relative_to(SOURCE)}:{number}"
        for path in SOURCE.rglob("*")
        if path.suffix in {".py", ".html", ".js", ".txt", ".xml"} and "static/vendor" not in str(path)
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []
