"""The tile pyramid: built once, served without decoding the master."""

import io
import math

import pytest
from django.core.management import call_command
from PIL import Image, ImageChops, ImageStat

from kulturschatz.collections.models import ObjectImage
from kulturschatz.iiif import derivatives, imaging
from kulturschatz.iiif.image_api import (
    RenderPlan,
    Rotation,
    Tile,
    match_tile,
    tile_region,
    tiles_covering,
)
from tests import factories

pytestmark = pytest.mark.django_db

WIDTH, HEIGHT = 1300, 900  # three levels: factors 1, 2, 4


def photo_like(size=(WIDTH, HEIGHT)) -> bytes:
    """Gradients and shapes, so that wrong tiles or offsets show in comparisons."""
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    red = Image.radial_gradient("L").resize(size)
    image = Image.merge("RGB", (red, image.getchannel("G"), image.getchannel("B").rotate(90, expand=False)))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


@pytest.fixture
def image() -> ObjectImage:
    from django.core.files.base import ContentFile

    image = ObjectImage(heritage_object=factories.make_object(), is_primary=True)
    image.master.save("photo.jpg", ContentFile(photo_like()), save=False)
    image.save()
    return image


@pytest.fixture
def built(image) -> ObjectImage:
    derivatives.build_derivatives(image)
    image.refresh_from_db()
    return image


@pytest.fixture
def master_must_not_be_decoded(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the master was decoded")

    monkeypatch.setattr(imaging, "render_from_master", refuse)
    monkeypatch.setattr(imaging, "decode_master", refuse)


def grid(width: int, height: int) -> list[tuple[Tile, tuple[int, int, int, int]]]:
    tiles = []
    for factor in (1, 2, 4):
        span = 512 * factor
        for row in range(math.ceil(height / span)):
            for column in range(math.ceil(width / span)):
                tile = Tile(factor, column, row)
                tiles.append((tile, tile_region(tile, width, height)))
    return tiles


def test_tile_arithmetic_matches_the_grid():
    plan = RenderPlan((1024, 512, 276, 388), 276, 388, Rotation(0), "default", "jpg")
    assert match_tile(plan, WIDTH, HEIGHT) == Tile(1, 2, 1)
    plan = RenderPlan((0, 0, 1024, 900), 512, 450, Rotation(0), "default", "jpg")
    assert match_tile(plan, WIDTH, HEIGHT) == Tile(2, 0, 0)
    plan = RenderPlan((0, 0, 1300, 900), 325, 225, Rotation(0), "default", "jpg")
    assert match_tile(plan, WIDTH, HEIGHT) == Tile(4, 0, 0)
    plan = RenderPlan((10, 0, 512, 512), 512, 512, Rotation(0), "default", "jpg")
    assert match_tile(plan, WIDTH, HEIGHT) is None
    assert tiles_covering((500, 500, 100, 100), 1, WIDTH, HEIGHT) == [
        Tile(1, 0, 0), Tile(1, 1, 0), Tile(1, 0, 1), Tile(1, 1, 1)
    ]


def test_build_writes_every_tile_and_marks_the_image_ready(built):
    assert built.derivatives_ready
    assert built.derivatives_progress == 100
    storage = derivatives.derivative_storage()
    tiles = grid(WIDTH, HEIGHT)
    assert len(tiles) == derivatives.count_tiles(WIDTH, HEIGHT) == 6 + 2 + 1
    for tile, region in tiles:
        with storage.open(derivatives.tile_name(built, tile)) as handle:
            stored = Image.open(handle)
            assert stored.size == (math.ceil(region[2] / tile.factor), math.ceil(region[3] / tile.factor))


@pytest.mark.parametrize("size_syntax", ["w,", "w,h"])
def test_every_grid_tile_is_served_without_decoding_the_master(
    client, built, master_must_not_be_decoded, size_syntax
):
    info = client.get(f"/iiif/3/{built.iiif_identifier}/info.json").json()
    assert info["tiles"][0]["scaleFactors"] == [1, 2, 4]
    for tile, (x, y, w, h) in grid(WIDTH, HEIGHT):
        out_w, out_h = math.ceil(w / tile.factor), math.ceil(h / tile.factor)
        size = f"{out_w}," if size_syntax == "w," else f"{out_w},{out_h}"
        response = client.get(f"/iiif/3/{built.iiif_identifier}/{x},{y},{w},{h}/{size}/0/default.jpg")
        assert response.status_code == 200, response.content
        rendered = Image.open(io.BytesIO(response.content))
        assert abs(rendered.width - out_w) <= 1 and abs(rendered.height - out_h) <= 1
        if size_syntax == "w,h":  # exact: the stored file itself
            assert response.content == derivatives.read_tile(built, tile)


def test_arbitrary_regions_come_from_the_pyramid_and_match_the_master(
    client, image, monkeypatch
):
    paths = [
        "100,150,700,500/max/0/default.png",
        "pct:20,20,50,50/300,/0/default.png",
        "full/!200,200/0/default.png",
        "square/128,128/90/gray.png",
    ]
    from_master = [client.get(f"/iiif/3/{image.iiif_identifier}/{p}").content for p in paths]
    derivatives.build_derivatives(image)

    def refuse(*args, **kwargs):
        raise AssertionError("the master was decoded")

    monkeypatch.setattr(imaging, "decode_master", refuse)
    for path, reference in zip(paths, from_master, strict=True):
        response = client.get(f"/iiif/3/{image.iiif_identifier}/{path}")
        assert response.status_code == 200, path
        ours = Image.open(io.BytesIO(response.content)).convert("RGB")
        theirs = Image.open(io.BytesIO(reference)).convert("RGB")
        assert ours.size == theirs.size, path
        difference = ImageStat.Stat(ImageChops.difference(ours, theirs)).mean
        assert max(difference) < 6, (path, difference)


def test_an_interrupted_build_is_not_served_and_a_rerun_completes(client, image, monkeypatch):
    real_write = derivatives.write
    calls = {"n": 0}

    def failing_write(name, data):
        calls["n"] += 1
        if calls["n"] == 4:
            raise OSError("disk full")
        real_write(name, data)

    monkeypatch.setattr(derivatives, "write", failing_write)
    with pytest.raises(OSError):
        derivatives.build_derivatives(image)
    image.refresh_from_db()
    assert image.derivatives_state == "failed" and "disk full" in image.derivatives_message
    assert not image.derivatives_ready
    # Still answered, from the master.
    assert client.get(f"/iiif/3/{image.iiif_identifier}/0,0,512,512/512,/0/default.jpg").status_code == 200
    monkeypatch.setattr(derivatives, "write", real_write)
    call_command("build_derivatives", "--missing", verbosity=0)
    image.refresh_from_db()
    assert image.derivatives_ready


def test_a_new_master_gets_a_new_pyramid_and_the_old_one_is_removed(built):
    from django.core.files.base import ContentFile

    old_prefix = derivatives.image_prefix(built)
    built.master.save("other.jpg", ContentFile(photo_like((700, 500))), save=False)
    built.save()
    assert not built.derivatives_ready
    derivatives.build_derivatives(built)
    storage = derivatives.derivative_storage()
    folders, _ = storage.listdir(built.iiif_identifier)
    assert folders == [built.sha256[:16]]
    assert derivatives.image_prefix(built) != old_prefix


def test_withdrawn_objects_stop_serving_tiles(client, built):
    url = f"/iiif/3/{built.iiif_identifier}/0,0,512,512/512,512/0/default.jpg"
    assert client.get(url).status_code == 200
    built.heritage_object.status = "withdrawn"
    built.heritage_object.save()
    assert client.get(url).status_code == 404


def test_admin_upload_returns_at_once_and_queues_the_build(client, django_capture_on_commit_callbacks, settings):
    settings.KULTURSCHATZ_FOUR_EYES = False  # a cataloguer's images for a published object would wait
    heritage_object = factories.make_object()
    client.force_login(factories.make_staff("Katalogisierung"))
    from tests.collections_tests.test_admin import empty_inlines

    data = {
        "title": heritage_object.title,
        "title_lang": "de",
        "institution": str(heritage_object.institution_id),
        "inventory_number": heritage_object.inventory_number,
        "identifier": heritage_object.identifier,
        "status": "published",
        "rights": heritage_object.rights,
        "metadata_rights": heritage_object.metadata_rights,
        **empty_inlines(images=2),
    }
    for n in range(2):
        data[f"images-{n}-master"] = factories.uploaded_image(f"scan{n}.jpg", size=(900, 700))
        data[f"images-{n}-order"] = str(n)
        data[f"images-{n}-rights"] = "http://creativecommons.org/licenses/by/4.0/"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(f"/admin/collections/heritageobject/{heritage_object.pk}/change/", data)
    assert response.status_code == 302
    images = list(ObjectImage.objects.filter(heritage_object=heritage_object))
    assert [i.derivatives_state for i in images] == ["pending", "pending"]
    assert len(callbacks) >= 2  # the builds (and change discovery) wait for the commit
    for callback in callbacks:
        callback()  # the queue runs immediately in tests
    assert all(i.derivatives_ready for i in ObjectImage.objects.filter(heritage_object=heritage_object))
    listing = client.get("/admin/collections/objectimage/").content.decode()
    assert "bereit" in listing


def test_build_derivatives_command_reports(built, capsys):
    from io import StringIO

    out = StringIO()
    call_command("build_derivatives", "--missing", stdout=out, verbosity=0)
    assert "for 0 images" in out.getvalue()
    call_command("build_derivatives", built.iiif_identifier, stdout=out, verbosity=0)
    assert "for 1 images (9 tiles)" in out.getvalue()
