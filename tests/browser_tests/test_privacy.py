"""A visit touches only our own origin, sets no cookie and breaks no CSP rule."""

import json

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
PATHS = [
    "/",
    "/objekte/?q=Orgel",
    "/objekt/dsb-cod-136/",
    "/en/objekt/dom-ladegast-orgel/",
    "/sammlung/handschriften/",
    "/iiif/mirador/dsb-cod-136",
]


def test_anonymous_visits_stay_on_our_origin(page, live_server):
    call_command("loaddemo", verbosity=0)
    call_command("build_derivatives", verbosity=0)
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    for path in PATHS:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
    foreign = [u for u in page.requested if not u.startswith((live_server.url, "data:", "blob:"))]
    assert foreign == []
    assert page.context.cookies() == []
    assert violations == []


def test_object_page_describes_itself_for_search_engines_and_sharing(client):
    call_command("loaddemo", verbosity=0)
    page = client.get("/objekt/dom-grabplatte-rudolf-von-rheinfelden/").content.decode()
    start = page.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    data = json.loads(page[start : page.index("</script>", start)])
    assert data["@type"] == "CreativeWork" and data["name"] == "Bronzegrabplatte Rudolfs von Rheinfelden"
    assert data["identifier"] and data["license"].startswith("http")
    assert data["image"].startswith("http://testserver/iiif/3/")
    assert '<meta property="og:title" content="Bronzegrabplatte Rudolfs von Rheinfelden">' in page
    assert '<meta property="og:image" content="http://testserver/iiif/3/' in page


def test_the_admin_works_under_the_policy(page, live_server):
    from kulturschatz.collections.models import HeritageObject
    from tests import factories

    call_command("loaddemo", verbosity=0)
    factories.make_staff("Redaktion", username="redakteurin")
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "redakteurin")
    page.fill("#id_password", "Merseburg-1080-Test")
    page.click("input[type=submit]")
    charms = HeritageObject.objects.get(identifier="dsb-cod-136")
    page.goto(f"{live_server.url}/admin/collections/heritageobject/{charms.pk}/change/")
    page.wait_for_load_state("networkidle")
    # The nested inlines' JavaScript runs: "add another actor" links exist.
    assert page.locator(".djn-add-item").count() > 0
    assert violations == []
