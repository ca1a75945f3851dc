"""The WSGI fast path sends stored derivatives exactly as Django's view would."""

import datetime
import io
import json
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.files.base import ContentFile
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from PIL import Image

from kulturschatz.collections.models import ObjectImage
from kulturschatz.iiif import derivatives
from kulturschatz.iiif.fastpath import StoredDerivatives
from kulturschatz.wsgi import django_application
from tests import factories

pytestmark = pytest.mark.django_db
SAME_HEADERS = [
    "Content-Type", "ETag", "Last-Modified", "Cache-Control", "Access-Control-Allow-Origin",
    "Link", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy",
]


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Django's handler closes connections after each request: not in a test's transaction.

    (Django's test client does the same; these tests call the WSGI application.)
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


class Spy:
    """Django behind the fast path, counting what reaches it."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return django_application(environ, start_response)


def call(app, path: str, **extra) -> tuple[int, dict, bytes]:
    environ = {"PATH_INFO": path, "HTTP_HOST": "testserver", **extra}
    setup_testing_defaults(environ)
    captured = {}

    def start_response(status, headers, exc_info=None):
        captured["status"] = int(status.split()[0])
        captured["headers"] = dict(headers)

    body = b"".join(app(environ, start_response))
    return captured["status"], captured["headers"], body


@pytest.fixture
def image() -> ObjectImage:
    buffer = io.BytesIO()
    Image.radial_gradient("L").resize((1300, 900)).convert("RGB").save(buffer, "JPEG")
    image = ObjectImage(heritage_object=factories.make_object(), is_primary=True)
    image.master.save("scan.jpg", ContentFile(buffer.getvalue()), save=False)
    image.save()
    derivatives.build_derivatives(image)
    image.refresh_from_db()
    return image


@pytest.fixture
def app() -> tuple[StoredDerivatives, Spy]:
    spy = Spy()
    return StoredDerivatives(spy), spy


TILE = "/iiif/3/{id}/512,512,512,388/512,388/0/default.jpg"


def test_a_grid_tile_is_sent_without_django_and_with_the_views_headers(app, image):
    fast, spy = app
    path = TILE.format(id=image.iiif_identifier)
    status, headers, body = call(fast, path)
    assert (status, spy.calls) == (200, 0)
    assert body == derivatives.read_tile(image, derivatives.Tile(1, 1, 1))
    assert headers["Content-Length"] == str(len(body))
    # The same request through Django (a cookie makes the fast path step aside).
    status, django_headers, django_body = call(fast, path, HTTP_COOKIE="sessionid=x")
    assert (status, spy.calls) == (200, 1)
    assert django_body == body
    for name in SAME_HEADERS:
        assert headers.get(name) == django_headers.get(name), name


def test_tiles_of_every_level_and_both_size_forms(app, image):
    fast, spy = app
    base = f"/iiif/3/{image.iiif_identifier}"
    for path in ["0,0,1024,900/512,/0/default.jpg", "0,0,1024,900/512,450/0/default.jpg",
                 "full/325,225/0/default.jpg", "1024,0,276,512/276,/0/default.jpg"]:
        status, _, body = call(fast, f"{base}/{path}")
        assert status == 200 and Image.open(io.BytesIO(body)).format == "JPEG", path
    # "512," lets the server round the height (450): stored tile exact, no Django.
    assert spy.calls == 0
    assert call(fast, f"/iiif/2/{image.iiif_identifier}/0,0,512,512/512,/0/default.jpg")[0] == 200
    assert spy.calls == 0


def test_conditional_and_head_requests(app, image):
    fast, spy = app
    path = TILE.format(id=image.iiif_identifier)
    _, headers, _ = call(fast, path)
    assert call(fast, path, HTTP_IF_NONE_MATCH=headers["ETag"])[0] == 304
    assert call(fast, path, HTTP_IF_MODIFIED_SINCE=headers["Last-Modified"])[0] == 304
    status, head_headers, body = call(fast, path, REQUEST_METHOD="HEAD")
    assert (status, body) == (200, b"") and head_headers["Content-Length"] == headers["Content-Length"]
    assert spy.calls == 0


def test_kept_thumbnails_are_sent_after_django_rendered_them_once(app, image):
    fast, spy = app
    path = f"/iiif/3/{image.iiif_identifier}/full/!200,200/0/default.jpg"
    first = call(fast, path)
    assert (first[0], spy.calls) == (200, 1)  # rendered and kept by Django
    second = call(fast, path)
    assert (second[0], spy.calls) == (200, 1)
    assert second[2] == first[2]


@pytest.mark.parametrize("state", ["draft", "review", "withdrawn", "embargo"])
def test_hidden_objects_fall_through_to_django_and_404(app, image, state):
    fast, spy = app
    heritage_object = image.heritage_object
    if state == "embargo":
        heritage_object.embargo_until = datetime.date.today() + datetime.timedelta(days=1)
    else:
        heritage_object.status = state
    heritage_object.save()
    status, _, _ = call(fast, TILE.format(id=image.iiif_identifier))
    assert (status, spy.calls) == (404, 1)


def test_everything_else_goes_to_django(app, image):
    fast, spy = app
    base = f"/iiif/3/{image.iiif_identifier}"
    for path in [
        f"{base}/100,100,300,300/max/0/default.jpg",  # not a tile
        f"{base}/0,0,512,512/512,512/90/default.jpg",  # rotated
        f"{base}/0,0,512,512/512,512/0/gray.jpg",
        f"{base}/full/max/0/sepia.jpg",  # invalid: Django's 400
        "/iiif/3/00000000000000000000000000000001/full/max/0/default.jpg",
    ]:
        before = spy.calls
        status, _, _ = call(fast, path)
        assert spy.calls == before + 1, path
        assert status in (200, 400, 404), path


def test_a_stale_pyramid_is_never_sent(app, image):
    fast, spy = app
    buffer = io.BytesIO()
    Image.new("RGB", (1300, 900), "red").save(buffer, "JPEG")
    image.master.save("new.jpg", ContentFile(buffer.getvalue()), save=False)
    image.save()  # new file: pending until rebuilt
    status, _, body = call(fast, TILE.format(id=image.iiif_identifier))
    assert (status, spy.calls) == (200, 1)
    assert Image.open(io.BytesIO(body)).getpixel((10, 10))[0] > 200  # the new, red master


@pytest.mark.parametrize("version", ["3", "2"])
@pytest.mark.parametrize("accept", ["application/ld+json", "*/*"])
def test_info_json_equals_djangos(app, image, version, accept):
    fast, spy = app
    path = f"/iiif/{version}/{image.iiif_identifier}/info.json"
    status, headers, body = call(fast, path, HTTP_ACCEPT=accept)
    assert (status, spy.calls) == (200, 0)
    status, django_headers, django_body = call(fast, path, HTTP_ACCEPT=accept, HTTP_COOKIE="a=b")
    assert (status, spy.calls) == (200, 1)
    assert json.loads(body) == json.loads(django_body)
    for name in SAME_HEADERS:
        assert headers.get(name) == django_headers.get(name), name
    assert call(fast, path, HTTP_IF_NONE_MATCH=headers["ETag"])[0] == 304
    image.heritage_object.status = "draft"
    image.heritage_object.save()
    assert call(fast, path)[0] == 404 and spy.calls == 2
