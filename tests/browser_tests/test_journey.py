"""The main journey through the public archive in one browser session, the deep-zoom
controls by keyboard alone, and the main pages at phone and desktop width (with
screenshots of both)."""

import re
import struct
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from kulturschatz.collections.demo import data
from kulturschatz.collections.demo.loader import render_jpeg
from kulturschatz.collections.models import Agent, HeritageObject, Place
from kulturschatz.iiif import derivatives

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CHARMS = "dsb-cod-136"
# The test settings render demo images at 4 % (168 px wide for the charms): one
# tile, nothing to zoom into. The charms' page gets a scan large enough for a
# tile pyramid of several levels.
CHARMS_SCALE = 0.4
TILE = re.compile(r"/iiif/3/[^/]+/(\d+),(\d+),(\d+),(\d+)/(\d+),(\d*)/0/default\.jpg$")


@pytest.fixture
def demo_archive() -> HeritageObject:
    """The demo archive, indexed for search, with a larger scan of the charms."""
    call_command("loaddemo", verbosity=0)
    call_command("rebuild_search_index", "--no-progress", verbosity=0)
    charms = HeritageObject.objects.get(identifier=CHARMS)
    spec = next(o for o in data.OBJECTS if o["identifier"] == CHARMS)["images"][0]
    image = charms.images.get(is_primary=True)
    image.master.save(
        "fol-85r.jpg", ContentFile(render_jpeg(spec, charms.title, CHARMS_SCALE))
    )
    derivatives.build_derivatives(image)
    return charms


def tiles(page) -> list[tuple[str, int]]:
    """Image API tile requests answered so far, with their status."""
    return [(url, status) for url, status in page.answered if TILE.search(url)]


def tile_scale(url: str) -> float:
    """Source pixels per delivered pixel: smaller means finer."""
    region_width, size_width = int(TILE.search(url)[3]), int(TILE.search(url)[5])
    return region_width / size_width


def is_tile(response) -> bool:
    return bool(TILE.search(response.url))


# The navigator's frame shows the visible part of the image: it shrinks as one
# zooms in, and fills the navigator for the whole image.
FRAME = "() => document.querySelector('#deepzoom .displayregion').offsetWidth"


def wait_for_viewer(page) -> int:
    """Wait until the viewer shows the image and the page's requests have settled;
    return the width of the navigator's frame."""
    page.wait_for_function(
        f"() => document.querySelector('#deepzoom .displayregion') && ({FRAME})() > 0"
    )
    page.wait_for_load_state("networkidle")
    return page.evaluate(FRAME)


def test_search_object_zoom_english_person_and_back_to_a_faceted_search(
    page, live_server, demo_archive
):
    base = live_server.url
    page.answered = []
    page.on(
        "response",
        lambda response: page.answered.append((response.url, response.status)),
    )

    # Home page: search from the header's search box.
    assert page.goto(base + "/").status == 200
    box = page.locator('input[type="search"][name="q"]').first
    box.fill("Zaubersprüche")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/suche/\?q=Zauberspr"))
    result = page.locator(".result a", has_text="Merseburger Zaubersprüche").first
    result.click()
    page.wait_for_url(f"{base}/objekt/{CHARMS}/")
    assert page.locator("h1").inner_text() == "Merseburger Zaubersprüche"

    # Deep zoom: zooming in with the viewer's own buttons fetches finer tiles.
    wait_for_viewer(page)
    overview = tiles(page)
    assert overview and all(status == 200 for _, status in overview), overview
    coarsest = min(tile_scale(url) for url, _ in overview)
    zoom_in = page.get_by_role("button", name="Vergrößern")
    with page.expect_response(lambda r: is_tile(r) and tile_scale(r.url) < coarsest):
        for _ in range(4):
            zoom_in.click()
    page.wait_for_load_state("networkidle")
    finer = [
        (url, status) for url, status in tiles(page) if (url, status) not in overview
    ]
    assert finer, "zooming in requested no new tiles"
    assert all(status == 200 for _, status in finer), finer
    assert min(tile_scale(url) for url, _ in finer) < coarsest

    # Language switch: same object in English, catalogue labels translated.
    page.get_by_role("link", name="English").click()
    page.wait_for_url(f"{base}/en/objekt/{CHARMS}/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Merseburg Charms"
    assert page.locator(".lead").inner_text().startswith("Manuscript")
    history = page.locator(".events")
    assert "Finding" in history.inner_text()
    assert "Discoverer" in history.inner_text()
    assert page.locator("h1").get_attribute("lang") == "en"
    # Text with no English form stays in the original, marked as such.
    assert page.locator(".inscription blockquote").first.get_attribute("lang") == "goh"
    assert page.get_by_role("link", name="Deutsch").get_attribute("hreflang") == "de"

    # A person from the object's history, still in English.
    waitz = Agent.objects.get(name="Georg Waitz")
    history.get_by_role("link", name="Georg Waitz").click()
    page.wait_for_url(f"{base}/en{waitz.get_absolute_url()}")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Georg Waitz"
    assert page.locator(".cards a", has_text="Merseburger Zaubersprüche").count() == 1

    # Back to search from the person's page, then narrow it with a facet.
    box = page.locator('input[type="search"][name="q"]').first
    box.fill("Merseburg")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/en/suche/\?q=Merseburg"))
    everything = page.locator(".result-count").inner_text()
    everything_total = int(re.match(r"\d+", everything)[0])
    facet = page.locator("aside.facets details[open] a").first
    label = facet.inner_text()
    search_url = page.url
    facet.click()
    page.wait_for_url(lambda url: url != search_url)
    faceted_url = page.url
    parameters = parse_qs(urlsplit(faceted_url).query)
    assert urlsplit(faceted_url).path == "/en/suche/"
    assert parameters.pop("q") == ["Merseburg"]
    assert len(parameters) == 1, parameters  # the facet, and only it
    narrowed = page.locator(".result-count").inner_text()
    narrowed_total = int(re.match(r"\d+", narrowed)[0])
    assert 0 < narrowed_total < everything_total, (everything, narrowed)
    assert page.locator("aside.facets a.selected").first.inner_text().endswith(label)
    titles = page.locator(".result-title").all_inner_texts()

    # Bookmarkable: the URL alone gives the same results.
    page.goto(faceted_url)
    assert page.url == faceted_url
    assert page.locator(".result-count").inner_text() == narrowed
    assert page.locator(".result-title").all_inner_texts() == titles
    assert page.locator("aside.facets a.selected").first.inner_text().endswith(label)

    foreign = [u for u in page.requested if not u.startswith((base, "data:", "blob:"))]
    assert foreign == []


def test_viewer_controls_work_by_keyboard_alone(
    page, live_server, demo_archive, screenshot_dir
):
    page.goto(f"{live_server.url}/objekt/{CHARMS}/")
    whole = wait_for_viewer(page)
    names = ["Vergrößern", "Verkleinern", "Ganzes Bild", "Vollbild"]

    # Tab from the top of the page until each control has had the focus.
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => document.activeElement.closest('.viewer-controls') ? "
            "document.activeElement.textContent.trim() : null"
        )
        if focused and focused not in reached:
            reached.append(focused)
            outline, width, shadow = page.evaluate(
                """() => { const s = getComputedStyle(document.activeElement);
                   return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }"""
            )
            visible = (outline != "none" and width != "0px") or shadow != "none"
            assert visible, (focused, outline, width, shadow)
        if len(reached) == len(names):
            break
    assert reached == names

    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")  # back on "Vergrößern"
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    page.wait_for_function(f"() => ({FRAME})() < {whole} * 0.6")
    zoomed = settled_frame(page)  # the zoom animates: measure where it ends
    page.keyboard.press("Tab")  # "Verkleinern"
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => ({FRAME})() > {zoomed} * 1.2")
    page.keyboard.press("Tab")  # "Ganzes Bild"
    page.keyboard.press("Space")
    page.wait_for_function(f"() => Math.abs(({FRAME})() - {whole}) <= 1")
    page.keyboard.press("Tab")  # "Vollbild"
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => ({FULL_PAGE})() && document.fullscreenElement")
    # The controls stay with the viewer in full page, the focus on this button.
    assert page.evaluate("() => document.activeElement.dataset.action") == "full-page"
    assert page.get_by_role("button", name="Vergrößern").is_visible()
    assert page.get_by_role("button", name="Vollbild", pressed=True).is_visible()
    shot = screenshot_dir / "object-full-page-1280.png"
    page.screenshot(path=str(shot))
    assert png_size(shot) == (1280, 900)
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => !({FULL_PAGE})() && !document.fullscreenElement")
    assert page.evaluate("() => document.activeElement.dataset.action") == "full-page"
    assert page.get_by_role("button", name="Vollbild", pressed=False).is_visible()


def settled_frame(page) -> float:
    """The navigator frame's width once two readings 250 ms apart agree."""
    page.evaluate("() => { window.__lastFrame = null; }")
    page.wait_for_function(
        f"() => {{ const v = ({FRAME})(); const same = window.__lastFrame === v; "
        "window.__lastFrame = v; return same; }",
        polling=250,
    )
    return page.evaluate(FRAME)


# OpenSeadragon's full-page mode moves the viewer to the top of <body>.
FULL_PAGE = "() => document.getElementById('deepzoom').parentElement === document.body"


def png_size(path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk; fails on anything else."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    assert head[12:16] == b"IHDR", path
    return struct.unpack(">II", head[16:24])


def test_main_pages_fit_phone_and_desktop(
    browser, live_server, demo_archive, screenshot_dir
):
    thietmar = Agent.objects.get(name="Thietmar von Merseburg")
    merseburg = Place.objects.filter(name="Merseburg").first()
    pages = {
        "home": "/",
        "search": "/suche/?q=Merseburg",
        "object": f"/objekt/{CHARMS}/",
        "collection": "/sammlung/handschriften/",
        "person": thietmar.get_absolute_url(),
        "place": merseburg.get_absolute_url(),
    }
    for width in (320, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        for name, path in pages.items():
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            page.wait_for_load_state("networkidle")
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 0, (
                f"{path} scrolls sideways at {width} px by {overflow} px"
            )
            cut = page.evaluate(CUT_TEXT)
            assert cut == [], f"{path} at {width} px cuts text: {cut}"
            box = page.locator('input[type="search"][name="q"]').first.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (path, box)
            assert box["width"] >= min(200, width * 0.6) and box["height"] >= 24, (
                path,
                box,
            )
            shot = screenshot_dir / f"{name}-{width}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert png_size(shot)[0] == width, shot
        context.close()
    expected = {f"{name}-{width}.png" for name in pages for width in (320, 1280)}
    assert expected <= {shot.name for shot in screenshot_dir.glob("*.png")}


# Elements whose text is clipped: content wider than the box while the box hides
# the overflow, or text reaching past the right edge of the window.
CUT_TEXT = """() => {
    const cut = [];
    for (const el of document.body.querySelectorAll('*')) {
        if (!el.offsetParent && getComputedStyle(el).position !== 'fixed') continue;
        const style = getComputedStyle(el);
        if (el.closest('.visually-hidden, .skip-link, #deepzoom, .openseadragon-container')) continue;
        const hides = ['hidden', 'clip'].includes(style.overflowX);
        if (hides && el.scrollWidth > el.clientWidth + 1 && el.textContent.trim()) {
            cut.push(el.tagName + '.' + el.className + ': ' + el.textContent.trim().slice(0, 40));
        }
        const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        const rect = el.getBoundingClientRect();
        if (own && rect.width && rect.right > window.innerWidth + 1) {
            cut.push(el.tagName + ' past the edge: ' + el.textContent.trim().slice(0, 40));
        }
    }
    return cut;
}"""
