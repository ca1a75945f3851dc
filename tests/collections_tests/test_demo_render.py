"""Tests for the demonstration image renderer.

The renderer is pure Pillow, so these tests need no Django; they render at
scale 0.1 to stay fast, except for one full-size site plan (marked slow).
"""

from __future__ import annotations

from typing import Any

import pytest
from PIL import Image, ImageStat

from kulturschatz.collections.demo import render as render_mod
from kulturschatz.collections.demo.render import DEMO_CAPTION, render_demo_image

SCALE = 0.1


@pytest.fixture(autouse=True)
def _german_by_default() -> None:
    """Shadow the project-wide autouse fixture of the same name: it needs
    pytest-django's ``settings``, while the renderer tests must also run with
    ``-p no:django``."""


# One spec per kind (plus the variants of the kinds with a style switch), with
# realistic keys as the demo data set uses them.
SPECS: dict[str, dict[str, Any]] = {
    "manuscript": {
        "render": "manuscript",
        "width": 4200,
        "height": 5600,
        "title": "Merseburger Zaubersprüche",
        "heading": "Incipit",
        "folio": "fol. 85r",
        "initial": True,
    },
    "manuscript_2col": {
        "render": "manuscript",
        "width": 4000,
        "height": 5400,
        "title": "Evangeliar",
        "columns": 2,
        "folio": "fol. 12v",
        "lines": ["Liber generationis Iesu Christi filii David filii Abraham."] * 6,
    },
    "printed_page": {
        "render": "printed_page",
        "width": 3600,
        "height": 5200,
        "title": "Theaterzettel",
        "heading": "Mit gnädigster Erlaubniß",
        "lines": ["wird heute aufgeführt:", "WALLENSTEINS LAGER", "", "Anfang 6 Uhr."],
        "footer": "Merseburg, gedruckt bei Kobitzsch.",
    },
    "medal": {
        "render": "medal",
        "width": 4000,
        "height": 4000,
        "title": "Medaille 1000 Jahre Bistum",
        "legend": "MILLE ANNI EPISCOPATVS MERSEBVRGENSIS",
        "center": ["968", "1968"],
        "metal": "bronze",
    },
    "medal_reverse": {
        "render": "medal",
        "width": 4000,
        "height": 4000,
        "title": "Taler, Rückseite",
        "legend": "MONETA NOVA",
        "center": ["1 TALER"],
        "metal": "silver",
        "reverse": True,
    },
    "medal_portrait": {
        "render": "medal",
        "width": 4000,
        "height": 3000,
        "title": "Goldmedaille",
        "metal": "gold",
    },
    "tomb_slab": {
        "render": "tomb_slab",
        "width": 3000,
        "height": 6000,
        "title": "Grabplatte Rudolfs von Rheinfelden",
    },
    "tomb_slab_plain": {
        "render": "tomb_slab",
        "width": 3000,
        "height": 6000,
        "title": "Grabplatte",
        "inscription": "HIC REQUIESCIT",
        "figure": False,
    },
    "organ": {
        "render": "organ",
        "width": 4500,
        "height": 6000,
        "title": "Ladegast-Orgel",
        "label": "Ladegast-Orgel 1855",
    },
    "building_castle": {
        "render": "building",
        "width": 6000,
        "height": 4000,
        "title": "Schloss Merseburg",
        "style": "castle",
        "label": "Schloss Merseburg",
    },
    "building_cathedral": {
        "render": "building",
        "width": 5000,
        "height": 6000,
        "title": "Dom",
        "style": "cathedral",
    },
    "building_theatre": {
        "render": "building",
        "width": 6000,
        "height": 4000,
        "title": "Theater",
        "style": "theatre",
    },
    "building_house": {
        "render": "building",
        "width": 6000,
        "height": 4000,
        "title": "Fachwerkhaus",
        "style": "house",
    },
    "building_church": {
        "render": "building",
        "width": 6000,
        "height": 4000,
        "title": "Stadtkirche",
        "style": "church",
    },
    "fountain": {
        "render": "fountain",
        "width": 4000,
        "height": 5000,
        "title": "Neptunbrunnen",
        "label": "Neptunbrunnen",
    },
    "plan": {
        "render": "plan",
        "width": 10500,
        "height": 7400,
        "title": "Lageplan der Leuna-Werke",
        "label": "Leuna-Werke",
        "seed": 1916,
        "legend_items": ["Produktionsanlagen", "Tanklager", "Gleisanlagen"],
    },
    "industrial": {
        "render": "industrial",
        "width": 6000,
        "height": 4000,
        "title": "Buna-Werke",
        "label": "Chemie gibt Brot, Wohlstand und Schönheit",
    },
    "vessel": {
        "render": "vessel",
        "width": 4000,
        "height": 4000,
        "title": "Kugelbecher",
        "label": "Rössener Kultur",
        "decoration": "stichband",
    },
    "vessel_plain": {
        "render": "vessel",
        "width": 4000,
        "height": 4000,
        "title": "Schale",
        "decoration": "plain",
    },
    "map": {
        "render": "map",
        "width": 6000,
        "height": 4500,
        "title": "Karte der Saaleregion",
        "label": "Merseburg und Umgebung",
        "towns": ["Merseburg", "Halle (Saale)", "Leuna", "Atlantis"],
    },
}
# Variants chosen from the wording of label/title/legend (the demo data uses
# "plan" for ground plans and excavations, too) and landscape close-ups.
SPECS.update(
    {
        "plan_church": {
            "render": "plan",
            "width": 3000,
            "height": 2200,
            "title": "Dom",
            "label": "Merseburger Dom, Grundriss",
            "legend_items": ["Chor", "Querhaus", "Langhaus", "Kreuzgang"],
        },
        "plan_theatre": {
            "render": "plan",
            "width": 3000,
            "height": 2200,
            "title": "Goethe-Theater",
            "legend_items": ["Bühne", "Zuschauerraum", "Foyer"],
        },
        "plan_excavation": {
            "render": "plan",
            "width": 3200,
            "height": 2400,
            "title": "Gräberfeld Rössen",
            "seed": 4600,
            "legend_items": ["Körpergrab", "Brandgrab", "Grabungsgrenze"],
        },
        "tomb_slab_detail": {
            "render": "tomb_slab",
            "width": 2400,
            "height": 1800,
            "title": "Grabplatte, Randinschrift",
            "figure": False,
        },
        "organ_detail": {
            "render": "organ",
            "width": 2400,
            "height": 1800,
            "title": "Orgel, Ausschnitt",
        },
        "industrial_saltworks": {
            "render": "industrial",
            "width": 3400,
            "height": 1800,
            "title": "Gradierwerk Bad Dürrenberg",
            "label": "Gradierwerk",
        },
        "photo_font": {
            "render": "photo_object",
            "width": 2400,
            "height": 2400,
            "title": "Romanischer Taufstein",
            "shape": "generic",
        },
        "photo_excavation": {
            "render": "photo_object",
            "width": 2800,
            "height": 2000,
            "title": "Das Gräberfeld während der Ausgrabung",
            "label": "Gräberfeld Rössen 1889",
            "shape": "generic",
        },
        "photo_cage": {
            "render": "photo_object",
            "width": 2000,
            "height": 2600,
            "title": "Rabenkäfig",
            "shape": "generic",
        },
    }
)
for _shape in ("chalice", "reliquary", "sword", "book", "bell", "generic"):
    SPECS[f"photo_{_shape}"] = {
        "render": "photo_object",
        "width": 4000 if _shape != "sword" else 6000,
        "height": 5000 if _shape != "sword" else 3000,
        "title": f"Objekt {_shape}",
        "label": "Inv.-Nr. 1",
        "shape": _shape,
    }

KINDS = sorted(SPECS)


def _expected_size(spec: dict[str, Any], scale: float) -> tuple[int, int]:
    return (
        max(64, round(spec["width"] * scale)),
        max(64, round(spec["height"] * scale)),
    )


@pytest.fixture(scope="module")
def rendered() -> dict[str, Image.Image]:
    """Render every spec once; most tests only inspect the result."""
    return {name: render_demo_image(spec, scale=SCALE) for name, spec in SPECS.items()}


def test_all_kinds_covered() -> None:
    kinds = {spec["render"] for spec in SPECS.values()}
    assert kinds == set(render_mod._RENDERERS)


@pytest.mark.parametrize("name", KINDS)
def test_size_and_mode(name: str, rendered: dict[str, Image.Image]) -> None:
    im = rendered[name]
    assert im.mode == "RGB"
    assert im.size == _expected_size(SPECS[name], SCALE)


@pytest.mark.parametrize("name", KINDS)
def test_deterministic(name: str, rendered: dict[str, Image.Image]) -> None:
    again = render_demo_image(SPECS[name], scale=SCALE)
    assert again.tobytes() == rendered[name].tobytes()


@pytest.mark.parametrize("name", KINDS)
def test_not_blank(name: str, rendered: dict[str, Image.Image]) -> None:
    stddev = ImageStat.Stat(rendered[name]).stddev
    assert sum(stddev) / 3 > 20, stddev


@pytest.mark.parametrize("name", KINDS)
def test_caption_band(name: str, rendered: dict[str, Image.Image]) -> None:
    im = rendered[name]
    w, h = im.size
    band_h = render_mod._band_height(w, h)
    band = im.crop((0, h - band_h + 2, w, h))
    # The band background is a uniform dark neutral: its left padding strip
    # (no text there) is flat and dark on every kind of picture.
    pad = im.crop((0, h - band_h + 2, max(2, band_h // 4), h))
    mean, dev = ImageStat.Stat(pad).mean, ImageStat.Stat(pad).stddev
    assert max(mean) < 75 and max(mean) - min(mean) < 20, mean
    assert max(dev) < 8, dev
    # ... and it carries light lettering (title and CC0 notice).
    assert band.convert("L").getextrema()[1] > 150


@pytest.mark.parametrize("name", ["printed_page", "plan", "vessel", "map"])
def test_caption_band_differs_from_top(
    name: str, rendered: dict[str, Image.Image]
) -> None:
    im = rendered[name]
    w, h = im.size
    band_h = render_mod._band_height(w, h)
    top = ImageStat.Stat(im.crop((0, 0, w, band_h))).mean
    bottom = ImageStat.Stat(im.crop((0, h - band_h + 2, w, h))).mean
    assert sum(abs(a - b) for a, b in zip(top, bottom, strict=True)) > 60


def test_caption_shows_title() -> None:
    """Only the title differs, so the band must differ."""
    spec = dict(SPECS["vessel"])
    a = render_demo_image(spec, scale=SCALE)
    b = render_demo_image({**spec, "title": "Kugelbecher"}, scale=SCALE)
    assert a.tobytes() == b.tobytes()
    c = render_demo_image({**spec, "title": "Ganz anderer Titel"}, scale=SCALE)
    w, h = c.size
    band_h = render_mod._band_height(w, h)
    box = (0, h - band_h, w, h)
    assert a.crop(box).tobytes() != c.crop(box).tobytes()


@pytest.mark.parametrize("name", ["manuscript", "medal", "plan", "photo_generic"])
def test_different_titles_give_different_images(name: str) -> None:
    spec = SPECS[name]
    a = render_demo_image(spec, scale=SCALE)
    b = render_demo_image({**spec, "title": spec["title"] + " (2)"}, scale=SCALE)
    assert a.size == b.size
    assert a.tobytes() != b.tobytes()
    # The picture itself changes too, not only the caption text.
    band_h = render_mod._band_height(*a.size)
    box = (0, 0, a.width, a.height - band_h)
    assert a.crop(box).tobytes() != b.crop(box).tobytes()


@pytest.mark.parametrize(
    "a, b",
    [
        ("plan", "plan_church"),
        ("plan_church", "plan_theatre"),
        ("plan", "plan_excavation"),
        ("photo_generic", "photo_font"),
        ("photo_generic", "photo_cage"),
        ("photo_generic", "photo_excavation"),
        ("tomb_slab", "tomb_slab_detail"),
    ],
)
def test_variants_are_really_different_pictures(
    a: str, b: str, rendered: dict[str, Image.Image]
) -> None:
    """Keyword-chosen variants must not be the default picture in disguise:
    compare small grey thumbnails of the picture area."""

    def thumb(im: Image.Image) -> list[int]:
        band_h = render_mod._band_height(*im.size)
        body = im.crop((0, 0, im.width, im.height - band_h)).convert("L")
        return list(body.resize((16, 16), Image.Resampling.BOX).getdata())

    ta, tb = thumb(rendered[a]), thumb(rendered[b])
    assert sum(abs(x - y) for x, y in zip(ta, tb, strict=True)) / len(ta) > 8


def test_unknown_kind_falls_back_to_generic_photo() -> None:
    spec = {"render": "hologram", "width": 800, "height": 600, "title": "Unbekannt"}
    im = render_demo_image(spec, scale=0.5)
    assert im.size == (400, 300) and im.mode == "RGB"
    generic = render_demo_image(
        {**spec, "render": "photo_object", "shape": "generic"}, scale=0.5
    )
    assert im.tobytes() == generic.tobytes()


def test_missing_render_key_falls_back() -> None:
    im = render_demo_image({"width": 640, "height": 640, "title": "x"}, scale=0.1)
    assert im.size == (64, 64)


@pytest.mark.parametrize("missing", ["width", "height", "title"])
def test_missing_required_key_raises(missing: str) -> None:
    spec = {"render": "medal", "width": 1000, "height": 1000, "title": "Medaille"}
    del spec[missing]
    with pytest.raises(ValueError):
        render_demo_image(spec, scale=SCALE)


@pytest.mark.parametrize(
    "spec, scale",
    [
        ({"render": "medal", "width": 0, "height": 100, "title": "t"}, 1.0),
        ({"render": "medal", "width": "breit", "height": 100, "title": "t"}, 1.0),
        ({"render": "medal", "width": 100, "height": 100, "title": "t"}, 0.0),
    ],
)
def test_invalid_numbers_raise(spec: dict[str, Any], scale: float) -> None:
    with pytest.raises(ValueError):
        render_demo_image(spec, scale=scale)


def test_minimum_size_and_rounding() -> None:
    tiny = render_demo_image(
        {"render": "plan", "width": 300, "height": 200, "title": "t"}, scale=0.05
    )
    assert tiny.size == (64, 64)
    odd = render_demo_image(
        {"render": "medal", "width": 4201, "height": 3999, "title": "t"}, scale=0.1
    )
    assert odd.size == (420, 400)


def test_caption_text_constant() -> None:
    assert DEMO_CAPTION == "Demonstrationsdarstellung · CC0 · Kulturschatz Merseburg"


def test_works_without_dejavu_fonts(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    """Machines without DejaVu fall back to Pillow's built-in scalable font."""
    monkeypatch.setattr(render_mod, "_FONT_DIR", tmp_path)
    render_mod._font_cached.cache_clear()
    try:
        im = render_demo_image(SPECS["printed_page"], scale=SCALE)
    finally:
        render_mod._font_cached.cache_clear()
    assert im.size == _expected_size(SPECS["printed_page"], SCALE)
    assert sum(ImageStat.Stat(im).stddev) / 3 > 20


@pytest.mark.slow
def test_full_size_plan() -> None:
    im = render_demo_image(SPECS["plan"], scale=1.0)
    assert im.size == (10500, 7400)
    assert im.mode == "RGB"
