"""Searching in a real browser: completions, results, facets, phone width."""

import re

import pytest
from django.core.management import call_command

from tests.browser_tests.test_viewers import ARTIFACTS

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_visitor_searches_refines_and_opens_an_object(page, live_server):
    call_command("loaddemo", verbosity=0)
    call_command("rebuild_search_index", "--no-progress", verbosity=0)
    base = live_server.url
    ARTIFACTS.mkdir(exist_ok=True)

    page.goto(f"{base}/suche/")
    page.fill("#search-q", "Thietm")
    options = page.locator("#search-suggestions li")
    options.first.wait_for()
    assert "Thietmar von Merseburg" in page.locator("#search-suggestions").inner_text()
    page.keyboard.press("ArrowDown")
    assert page.get_attribute("#search-q", "aria-activedescendant") == "suggestion-0"
    page.keyboard.press("Escape")
    assert page.locator("#search-suggestions").is_hidden()

    page.fill("#search-q", "zaubersprueche")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=zaubersprueche"))
    first = page.locator(".result").first
    assert first.locator(".result-title").inner_text() == "Merseburger Zaubersprüche"
    assert first.locator(".snippet mark").count() >= 1

    page.goto(f"{base}/suche/?q=Merseburg")
    total_before = page.locator(".result-count").inner_text()
    facet = page.locator("aside.facets details").first.locator("a").first
    facet_label = facet.inner_text()
    facet.click()
    page.wait_for_url(re.compile(r"type=\d+"))
    assert page.locator("aside.facets a.selected").first.inner_text().endswith(facet_label)
    assert page.locator(".result-count").inner_text() != total_before
    # The filter in force is shown above the results and removed from there.
    chip = page.locator(".active-filters a")
    assert chip.count() == 1 and facet_label in chip.inner_text()
    assert page.locator("details.refine").get_attribute("open") is not None
    page.screenshot(path=str(ARTIFACTS / "search-desktop.png"), full_page=True)
    chip.click()
    page.wait_for_url(lambda url: "type=" not in url)
    assert page.locator(".result-count").inner_text() == total_before
    assert page.locator(".active-filters").count() == 0

    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{base}/suche/?q=Orgel")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, width
    page.screenshot(path=str(ARTIFACTS / "search-phone.png"), full_page=True)
    # On a phone the facets are folded behind "Refine", so the first result is
    # on the first screen; opening the panel shows them.
    refine = page.locator("details.refine")
    assert refine.get_attribute("open") is None
    assert page.locator("aside.facets details.facet a").first.is_hidden()
    assert page.locator(".result").first.bounding_box()["y"] < 800
    page.locator("details.refine > summary").click()
    phone_facet = page.locator("aside.facets details.facet[open] a").first
    assert phone_facet.is_visible()
    phone_facet.click()
    page.wait_for_url(re.compile(r"(type|collection|institution|century|material|place|person)=\d+"))
    assert page.locator(".active-filters a").count() == 1
    assert "aktiv" in page.locator("details.refine > summary").inner_text()
    page.locator(".result a").first.click()
    page.wait_for_url(re.compile(r"/objekt/"))

    foreign = [u for u in page.requested if not u.startswith((base, "data:", "blob:"))]
    assert foreign == []
