"""IIIF viewers served by us draw our images from our Image API tiles."""

import io
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageStat

from kulturschatz.collections.models import ObjectImage
from kulturschatz.iiif import derivatives
from tests import factories

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scanned_object():
    """A published object with a 3000×2000 scan whose tile pyramid is built."""
    picture = Image.new("RGB", (3000, 2000), "#f3e9d2")
    draw = ImageDraw.Draw(picture)
    for n in range(0, 3000, 150):
        draw.rectangle((n, 300, n + 90, 1700), fill=(140, 28 + n % 200, 19))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    heritage_object = factories.make_object(identifier="testscan", title="Testscan")
    image = ObjectImage(heritage_object=heritage_object, is_primary=True, caption="Vorderseite")
    image.master.save("scan.jpg", ContentFile(buffer.getvalue()), save=False)
    image.save()
    derivatives.build_derivatives(image)
    return heritage_object, image


def tile_requests(page, image, live_server) -> list[str]:
    pattern = re.compile(
        rf"^{re.escape(live_server.url)}/iiif/3/{image.iiif_identifier}/\d+,\d+,\d+,\d+/[^/]+/0/default\.jpg$"
    )
    return [url for url in page.requested if pattern.match(url)]


def assert_drawn(page, selector: str) -> None:
    """The element shows a picture: many colours, not an empty box."""
    shot = Image.open(io.BytesIO(page.locator(selector).first.screenshot()))
    assert ImageStat.Stat(shot.convert("L")).stddev[0] > 20


def assert_only_our_origin(page, live_server) -> None:
    foreign = [u for u in page.requested if not u.startswith((live_server.url, "data:", "blob:"))]
    assert foreign == []


def wait_for_tiles(page, image, live_server, minimum: int = 1) -> list[str]:
    page.wait_for_function("() => document.querySelector('canvas') !== null", timeout=30_000)
    for _ in range(60):
        tiles = tile_requests(page, image, live_server)
        if len(tiles) >= minimum:
            return tiles
        page.wait_for_timeout(500)
    raise AssertionError(f"no tile requests; asked for: {page.requested[:20]}")


def test_mirador_draws_the_manifest_from_our_tiles(page, live_server, scanned_object):
    heritage_object, image = scanned_object
    response = page.goto(f"{live_server.url}/iiif/mirador/{heritage_object.identifier}")
    assert response.status == 200
    page.locator("text=Testscan").first.wait_for(state="visible", timeout=30_000)
    tiles = wait_for_tiles(page, image, live_server)
    page.wait_for_load_state("networkidle")
    assert f"{live_server.url}/iiif/manifest/{heritage_object.identifier}" in page.requested
    assert any("/info.json" in url for url in page.requested)
    assert tiles
    assert_drawn(page, "canvas")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "mirador.png")
    assert_only_our_origin(page, live_server)


def test_object_page_deep_zoom_loads_finer_tiles_when_zooming(page, live_server, scanned_object):
    heritage_object, image = scanned_object
    page.goto(f"{live_server.url}/objekt/{heritage_object.identifier}/")
    wait_for_tiles(page, image, live_server)
    page.wait_for_load_state("networkidle")
    assert_drawn(page, "#deepzoom")
    overview = set(tile_requests(page, image, live_server))
    zoom_in = page.get_by_role("button", name="Vergrößern")
    zoom_in.focus()
    for _ in range(4):
        page.keyboard.press("Enter")  # the controls work from the keyboard
        page.wait_for_timeout(300)
    page.wait_for_load_state("networkidle")
    finer = set(tile_requests(page, image, live_server)) - overview
    assert finer, "zooming in loaded no new tiles"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "object-deep-zoom.png")
    # Full-resolution tiles of the grid: 512 px regions at scale factor 1.
    assert any(re.search(r"/\d+,\d+,\d+,\d+/\d+,\d*/0/default\.jpg$", url) for url in finer)
    assert_drawn(page, "#deepzoom")
    assert_only_our_origin(page, live_server)
