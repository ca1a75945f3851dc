"""Demonstration renderings for the Kulturschatz Merseburg demo archive.

Real photographs of the collection cannot be shipped with the code, so the demo
data set draws its own images with Pillow.  Every picture is a recognisable,
meaningful illustration of its object (a manuscript page, a medal, an organ
façade, a site plan ...) and carries a caption band that labels it as a
demonstration rendering released under CC0.

Design constraints that shape the code below:

* Determinism: all randomness comes from ``random.Random`` instances seeded
  from the title (``zlib.crc32``), and the amount of randomness consumed never
  depends on the output size, so a picture looks the same at every scale and
  reruns produce byte-identical images.
* Memory and speed: some images are 10 000+ px wide.  Textures are generated
  at low resolution and scaled up once, all drawing happens directly on the
  single RGB canvas (an ``RGBA`` *draw mode* blends translucent fills without
  allocating a full-size RGBA intermediate), and there are no per-pixel Python
  loops at full size.
"""

from __future__ import annotations

import functools
import math
import random
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops, ImageDraw, ImageFont, ImageOps

__all__ = ["DEMO_CAPTION", "render_demo_image"]

DEMO_CAPTION = "Demonstrationsdarstellung · CC0 · Kulturschatz Merseburg"

RGB = tuple[int, int, int]
Color = tuple[int, ...]
Point = tuple[float, float]
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
Stops = tuple[tuple[float, RGB], ...]

_BICUBIC = Image.Resampling.BICUBIC
_BILINEAR = Image.Resampling.BILINEAR

_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_FONT_FILES = {
    "serif": "DejaVuSerif.ttf",
    "serif-bold": "DejaVuSerif-Bold.ttf",
    "serif-italic": "DejaVuSerif-Italic.ttf",
    "sans": "DejaVuSans.ttf",
    "sans-bold": "DejaVuSans-Bold.ttf",
}

# Smallest font size worth drawing; below this text is an unreadable smudge,
# so labels are skipped instead (the layout itself stays scale-independent).
_MIN_LEGIBLE = 5


# ---------------------------------------------------------------------------
# Fonts and text
# ---------------------------------------------------------------------------


def _font(style: str, size: float) -> Font:
    return _font_cached(style, max(4, int(round(size))))


@functools.lru_cache(maxsize=512)
def _font_cached(style: str, size: int) -> Font:
    name = _FONT_FILES.get(style, _FONT_FILES["sans"])
    try:
        return ImageFont.truetype(str(_FONT_DIR / name), size)
    except OSError:
        pass
    # DejaVu is missing: Pillow >= 10.1 ships a scalable default font.
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, ValueError, OSError):  # pragma: no cover - very old Pillow
        return ImageFont.load_default()


def _tw(font: Font, text: str) -> float:
    return float(font.getlength(text))


def _ascent(font: Font) -> float:
    if isinstance(font, ImageFont.FreeTypeFont):
        return float(font.getmetrics()[0])
    return float(font.getbbox("Hg")[3])  # pragma: no cover - bitmap fallback


def _fsize(font: Font) -> float:
    return float(getattr(font, "size", 11))


def _put(
    d: ImageDraw.ImageDraw,
    x: float,
    y: float,
    text: str,
    font: Font,
    fill: Color,
    *,
    align: str = "l",
    base: str = "top",
) -> None:
    """Draw text; anchors are computed by hand because bitmap fallback fonts
    do not support Pillow's ``anchor`` argument."""
    if align == "c":
        x -= _tw(font, text) / 2
    elif align == "r":
        x -= _tw(font, text)
    if base == "baseline":
        y -= _ascent(font)
    elif base == "middle":
        box = font.getbbox("H")
        y -= (box[1] + box[3]) / 2
    d.text((x, y), text, font=font, fill=fill)


def _wrap(text: str, font: Font, max_w: float) -> list[str]:
    """Greedy word wrap; words longer than a line are split by characters."""
    lines: list[str] = []
    cur = ""
    for word in text.split():
        cand = f"{cur} {word}" if cur else word
        if _tw(font, cand) <= max_w:
            cur = cand
            continue
        if cur:
            lines.append(cur)
        cur = word
        while _tw(font, cur) > max_w and len(cur) > 1:
            cut = len(cur) - 1
            while cut > 1 and _tw(font, cur[:cut]) > max_w:
                cut -= 1
            lines.append(cur[:cut])
            cur = cur[cut:]
    if cur:
        lines.append(cur)
    return lines


def _ellipsize(text: str, font: Font, max_w: float) -> str:
    if _tw(font, text) <= max_w:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # binary search keeps long titles cheap
        mid = (lo + hi + 1) // 2
        if _tw(font, text[:mid].rstrip() + "…") <= max_w:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…" if lo else ""


def _fit_font(style: str, texts: Sequence[str], max_w: float, size: float) -> Font:
    """Largest font (starting at ``size``) in which every text fits max_w."""
    while size > 4:
        font = _font(style, size)
        if all(_tw(font, t) <= max_w for t in texts):
            return font
        size *= 0.92
    return _font(style, 4)


# ---------------------------------------------------------------------------
# Colours, gradients, textures
# ---------------------------------------------------------------------------


def _clamp8(v: float) -> int:
    return 0 if v < 0 else 255 if v > 255 else int(round(v))


def _shade(c: Sequence[int], f: float) -> RGB:
    return (_clamp8(c[0] * f), _clamp8(c[1] * f), _clamp8(c[2] * f))


def _mix(a: Sequence[int], b: Sequence[int], t: float) -> RGB:
    return (
        _clamp8(a[0] + (b[0] - a[0]) * t),
        _clamp8(a[1] + (b[1] - a[1]) * t),
        _clamp8(a[2] + (b[2] - a[2]) * t),
    )


def _a(c: Sequence[int], alpha: int) -> Color:
    return (int(c[0]), int(c[1]), int(c[2]), alpha)


@functools.lru_cache(maxsize=64)
def _ramp(stops: Stops, n: int = 256) -> Image.Image:
    """A 1-pixel-high colour ramp; resized, it shades cylinders and spheres."""
    buf = bytearray()
    for i in range(n):
        t = i / (n - 1)
        for j in range(len(stops) - 1):
            t0, c0 = stops[j]
            t1, c1 = stops[j + 1]
            if t <= t1 or j == len(stops) - 2:
                f = 0.0 if t1 == t0 else min(1.0, max(0.0, (t - t0) / (t1 - t0)))
                buf += bytes(_mix(c0, c1, f))
                break
    return Image.frombytes("RGB", (n, 1), bytes(buf))


def _box_i(box: Sequence[float]) -> tuple[int, int, int, int]:
    return (
        int(math.floor(box[0])),
        int(math.floor(box[1])),
        int(math.ceil(box[2])),
        int(math.ceil(box[3])),
    )


def _shape_mask(
    box: tuple[int, int, int, int],
    polys: Sequence[Sequence[Point]] = (),
    ellipses: Sequence[Sequence[float]] = (),
) -> Image.Image:
    """An L mask of ``box`` with the given shapes; small masks are drawn at 2x
    and reduced, which antialiases the edges of preview-sized renderings."""
    x0, y0, x1, y1 = box
    ss = 2 if max(x1 - x0, y1 - y0) < 1500 else 1
    m = Image.new("L", (max(1, (x1 - x0) * ss), max(1, (y1 - y0) * ss)), 0)
    md = ImageDraw.Draw(m)
    for poly in polys:
        md.polygon([((x - x0) * ss, (y - y0) * ss) for x, y in poly], fill=255)
    for e in ellipses:
        md.ellipse(
            ((e[0] - x0) * ss, (e[1] - y0) * ss, (e[2] - x0) * ss, (e[3] - y0) * ss),
            fill=255,
        )
    if ss > 1:
        m = m.resize((max(1, x1 - x0), max(1, y1 - y0)), Image.Resampling.BOX)
    return m


def _paste_ramp(
    im: Image.Image,
    box: Sequence[float],
    stops: Stops,
    *,
    polys: Sequence[Sequence[Point]] = (),
    ellipses: Sequence[Sequence[float]] = (),
    vertical: bool = False,
) -> None:
    """Fill shapes with a gradient running across ``box`` (left to right, or
    top to bottom when ``vertical``); this is how metal and wood get depth."""
    bi = _box_i(box)
    bw, bh = bi[2] - bi[0], bi[3] - bi[1]
    if bw < 1 or bh < 1:
        return
    strip = _ramp(stops)
    if vertical:
        strip = strip.transpose(Image.Transpose.TRANSPOSE)
    grad = strip.resize((bw, bh), _BILINEAR)
    mask = _shape_mask(bi, polys, ellipses) if polys or ellipses else None
    im.paste(grad, (bi[0], bi[1]), mask)


def _noise(
    size: tuple[int, int], rng: random.Random, coarse: int, grain: float
) -> Image.Image:
    """Value noise with three octaves, built from tiny random images that are
    scaled up (cheap, and smooth instead of pixel-sharp)."""
    mw, mh = size
    big = max(mw, mh)

    def octave(cells: int) -> Image.Image:
        lw = max(2, round(cells * mw / big))
        lh = max(2, round(cells * mh / big))
        small = Image.frombytes("L", (lw, lh), rng.randbytes(lw * lh))
        return small.resize(size, _BICUBIC)

    low = octave(coarse)
    medium = octave(coarse * 6)
    fine = Image.frombytes("L", size, rng.randbytes(mw * mh))
    mix = Image.blend(Image.blend(low, medium, 0.35), fine, grain)
    return ImageOps.autocontrast(mix, cutoff=0.5)


def _texture(
    size: tuple[int, int],
    dark: RGB,
    light: RGB,
    rng: random.Random,
    *,
    coarse: int = 8,
    grain: float = 0.3,
) -> Image.Image:
    size = (max(2, size[0]), max(2, size[1]))
    return ImageOps.colorize(_noise(size, rng, coarse, grain), dark, light)


def _vignette(
    img: Image.Image, color: RGB, strength: float, power: float = 2.4
) -> Image.Image:
    """Darken the borders of a (low resolution) image towards ``color``."""
    grad = Image.radial_gradient("L").resize(img.size, _BILINEAR)
    lut = [_clamp8(255 * strength * min(1.0, v / 181) ** power) for v in range(256)]
    return Image.composite(Image.new("RGB", img.size, color), img, grad.point(lut))


def _blob(
    cx: float, cy: float, r: float, rng: random.Random, n: int = 22
) -> list[Point]:
    ph1, ph2 = rng.uniform(0, 6.3), rng.uniform(0, 6.3)
    pts = []
    for i in range(n):
        t = 2 * math.pi * i / n
        rr = r * (
            1
            + 0.16 * math.sin(3 * t + ph1)
            + 0.08 * math.sin(5 * t + ph2)
            + rng.uniform(-0.06, 0.06)
        )
        pts.append((cx + rr * math.cos(t), cy + rr * math.sin(t)))
    return pts


def _stain(
    d: ImageDraw.ImageDraw,
    cx: float,
    cy: float,
    r: float,
    rng: random.Random,
    color: RGB = (125, 85, 45),
) -> None:
    """A water stain: faint fill and a darker tide mark at the rim."""
    pts = _blob(cx, cy, r, rng)
    d.polygon(pts, fill=_a(color, 20))
    d.line([*pts, pts[0]], fill=_a(color, 38), width=max(1, round(r * 0.07)))


def _jagged_rect(
    box: Sequence[float], rng: random.Random, jitter: float, n: int = 48
) -> list[Point]:
    """Rectangle with softly irregular edges (parchment / paper sheets): a few
    low-frequency waves plus a little noise, always bending inwards."""
    x0, y0, x1, y1 = box
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    pts: list[Point] = []
    for e in range(4):
        (ax, ay), (bx, by) = corners[e], corners[(e + 1) % 4]
        length = math.hypot(bx - ax, by - ay) or 1.0
        nx, ny = -(by - ay) / length, (bx - ax) / length  # inward normal
        p1, p2 = rng.uniform(0, 6.3), rng.uniform(0, 6.3)
        for i in range(n):
            t = i / n
            off = jitter * (
                0.45
                + 0.3 * math.sin(2 * math.pi * 1.5 * t + p1)
                + 0.15 * math.sin(2 * math.pi * 7 * t + p2)
                + rng.uniform(-0.08, 0.08)
            )
            pts.append((ax + (bx - ax) * t + nx * off, ay + (by - ay) * t + ny * off))
    return pts


def _catmull(points: Sequence[Point], steps: int = 8) -> list[Point]:
    """Smooth polyline through the points (rivers, vessel profiles)."""
    if len(points) < 3:
        return list(points)
    pts = [points[0], *points, points[-1]]
    out: list[Point] = []
    for i in range(1, len(pts) - 2):
        p0, p1, p2, p3 = pts[i - 1], pts[i], pts[i + 1], pts[i + 2]
        for s in range(steps):
            t = s / steps
            t2, t3 = t * t, t * t * t
            out.append(
                tuple(  # type: ignore[arg-type]
                    0.5
                    * (
                        2 * p1[k]
                        + (-p0[k] + p2[k]) * t
                        + (2 * p0[k] - 5 * p1[k] + 4 * p2[k] - p3[k]) * t2
                        + (-p0[k] + 3 * p1[k] - 3 * p2[k] + p3[k]) * t3
                    )
                    for k in range(2)
                )
            )
    out.append(points[-1])
    return out


def _offset_line(pts: Sequence[Point], dist: float) -> list[Point]:
    """Polyline shifted sideways by ``dist`` (river banks, rail pairs)."""
    out: list[Point] = []
    for i, (x, y) in enumerate(pts):
        a = pts[max(0, i - 1)]
        b = pts[min(len(pts) - 1, i + 1)]
        dx, dy = b[0] - a[0], b[1] - a[1]
        n = math.hypot(dx, dy) or 1.0
        out.append((x - dy / n * dist, y + dx / n * dist))
    return out


def _arc_pts(
    cx: float, cy: float, rx: float, ry: float, a0: float, a1: float, n: int = 24
) -> list[Point]:
    return [
        (
            cx + rx * math.cos(a0 + (a1 - a0) * i / n),
            cy + ry * math.sin(a0 + (a1 - a0) * i / n),
        )
        for i in range(n + 1)
    ]


def _hatch_rect(
    d: ImageDraw.ImageDraw,
    box: Sequence[float],
    step: float,
    fill: Color,
    width: int,
    direction: int = 1,
) -> None:
    """45° hatching clipped analytically to an axis-aligned rectangle."""
    x0, y0, x1, y1 = box
    if step <= 0 or x1 <= x0 or y1 <= y0:
        return
    if direction > 0:  # lines x + y = k
        k = x0 + y0 + step
        while k < x1 + y1:
            xa, xb = max(x0, k - y1), min(x1, k - y0)
            d.line((xa, k - xa, xb, k - xb), fill=fill, width=width)
            k += step
    else:  # lines x - y = k
        k = x0 - y1 + step
        while k < x1 - y0:
            xa, xb = max(x0, k + y0), min(x1, k + y1)
            d.line((xa, xa - k, xb, xb - k), fill=fill, width=width)
            k += step


def _rotated_text(
    im: Image.Image,
    cx: float,
    cy: float,
    text: str,
    font: Font,
    fill: Color,
    angle: float,
    offset: Point = (0.0, 0.0),
) -> None:
    """Paste text rotated by ``angle`` degrees (counter-clockwise), centred on
    (cx, cy).  Only a glyph-sized mask is allocated, never a full layer."""
    pad = 2
    asc = _ascent(font)
    bb = font.getbbox(text)
    tw = max(1, int(math.ceil(max(_tw(font, text), bb[2]))) + 2 * pad)
    th = max(1, int(math.ceil(max(asc * 1.25, bb[3]))) + 2 * pad)
    m = Image.new("L", (tw, th), 0)
    ImageDraw.Draw(m).text((pad, pad), text, font=font, fill=255)
    if angle % 360:
        m = m.rotate(angle, resample=_BICUBIC, expand=True)
    im.paste(
        fill[:3],
        (round(cx + offset[0] - m.width / 2), round(cy + offset[1] - m.height / 2)),
        m,
    )


# ---------------------------------------------------------------------------
# Rendering context
# ---------------------------------------------------------------------------


@dataclass
class _Ctx:
    spec: Mapping[str, Any]
    title: str
    W: int
    H: int
    band: int
    seed: int
    im: Image.Image = field(init=False)
    d: ImageDraw.ImageDraw = field(init=False)
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    @property
    def w(self) -> int:
        return self.W

    @property
    def h(self) -> int:
        """Height of the picture area above the caption band."""
        return self.H - self.band

    @property
    def u(self) -> float:
        """Size unit: 1/1000 of the shorter side of the picture area."""
        return min(self.w, self.h) / 1000.0

    def lw(self, k: float = 1.0) -> int:
        return max(1, round(k * self.u))

    def rng_for(self, salt: str) -> random.Random:
        """Independent stream, so e.g. texture noise (whose amount depends on
        the output size) cannot shift the layout randomness."""
        return random.Random(zlib.crc32(salt.encode(), self.seed))

    def mid_size(self, div: float = 5.0, cap: int = 2100) -> tuple[int, int]:
        """Resolution for backgrounds: 1/div of the output, but at least ~600 px
        on the long side (small renders keep crisp sheet edges) and at most
        ``cap`` (huge renders stay cheap)."""
        long_side = max(self.W, self.H)
        f = min(max(1.0 / div, 600 / long_side), 1.0, cap / long_side)
        return max(8, round(self.W * f)), max(8, round(self.H * f))

    def begin(self, mid: Image.Image) -> None:
        """Scale the low-resolution background up once; it becomes the canvas."""
        self.im = mid.convert("RGB").resize((self.W, self.H), _BICUBIC)
        self.d = ImageDraw.Draw(self.im, "RGBA")


def _s(spec: Mapping[str, Any], key: str, default: str = "") -> str:
    v = spec.get(key)
    return default if v is None or str(v).strip() == "" else str(v)


def _str_list(v: Any) -> list[str]:
    if v is None:
        return []
    if isinstance(v, str):
        return [v]
    try:
        return [str(x) for x in v]
    except TypeError:
        return [str(v)]


def _bool(v: Any, default: bool) -> bool:
    if v is None:
        return default
    if isinstance(v, str):
        return v.strip().lower() not in {"", "0", "false", "no", "nein"}
    return bool(v)


def _int(v: Any, default: int) -> int:
    try:
        return int(v)
    except (TypeError, ValueError):
        return default


# ---------------------------------------------------------------------------
# Caption band
# ---------------------------------------------------------------------------


def _band_height(w: int, h: int) -> int:
    return max(10, round(math.sqrt(w * h) * 0.036))


def _draw_caption(im: Image.Image, title: str, band: int) -> None:
    """Discreet dark band: object title left, CC0 demo notice right (or the
    two stacked when the image is too narrow for one line)."""
    w, h = im.size
    y0 = h - band
    d = ImageDraw.Draw(im, "RGBA")
    d.rectangle((0, y0, w, h), fill=(24, 23, 22, 236))
    d.line((0, y0, w, y0), fill=(255, 255, 255, 55), width=max(1, band // 36))
    pad = band * 0.45
    avail = w - 2 * pad
    tf = _font("serif", band * 0.40)
    cf = _font("sans", band * 0.30)
    title_col = (238, 232, 220, 255)
    cap_col = (190, 186, 178, 255)
    gap = band * 0.8
    if _tw(tf, title) + gap + _tw(cf, DEMO_CAPTION) <= avail:
        ym = y0 + band * 0.52
        _put(d, pad, ym, title, tf, title_col, base="middle")
        _put(d, w - pad, ym, DEMO_CAPTION, cf, cap_col, align="r", base="middle")
        return
    tf = _font("serif", band * 0.34)
    cf = _fit_font("sans", [DEMO_CAPTION], avail, band * 0.25)
    _put(
        d,
        pad,
        y0 + band * 0.33,
        _ellipsize(title, tf, avail),
        tf,
        title_col,
        base="middle",
    )
    _put(
        d,
        pad,
        y0 + band * 0.74,
        _ellipsize(DEMO_CAPTION, cf, avail),
        cf,
        cap_col,
        base="middle",
    )


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def render_demo_image(spec: dict, *, scale: float = 1.0) -> Image.Image:
    """Render the demonstration image described by spec, an RGB image of
    round(spec["width"]*scale) x round(spec["height"]*scale) pixels (at least
    64 px per side)."""
    if not isinstance(spec, Mapping):
        raise ValueError("spec must be a mapping")
    for key in ("width", "height", "title"):
        if spec.get(key) is None:
            raise ValueError(f"spec is missing {key!r}")
    try:
        width, height, fscale = (
            float(spec["width"]),
            float(spec["height"]),
            float(scale),
        )
    except (TypeError, ValueError) as exc:
        raise ValueError("width, height and scale must be numbers") from exc
    if not all(math.isfinite(v) and v > 0 for v in (width, height, fscale)):
        raise ValueError("width, height and scale must be positive")
    w = max(64, round(width * fscale))
    h = max(64, round(height * fscale))
    title = str(spec["title"])
    kind = str(spec.get("render") or "")
    renderer = _RENDERERS.get(kind)
    if renderer is None:
        # Unknown kinds still get a sensible picture instead of an error.
        renderer = _render_photo_object
        spec = {**spec, "shape": "generic"}
    ctx = _Ctx(spec, title, w, h, _band_height(w, h), zlib.crc32(title.encode()))
    renderer(ctx)
    _draw_caption(ctx.im, title, ctx.band)
    return ctx.im


# ---------------------------------------------------------------------------
# Manuscript page
# ---------------------------------------------------------------------------

# The Merseburg Charms (Old High German, 10th century; public domain), used
# when a manuscript spec brings no text of its own.
_CHARMS = (
    "Eiris sazun idisi, sazun hera duoder. suma hapt heptidun, suma heri "
    "lezidun, suma clubodun umbi cuoniouuidi: insprinc haptbandun, inuar "
    "uigandun. H.",
    "Phol ende uuodan uuorun zi holza. du uuart demo balderes uolon sin uuoz "
    "birenkit. thu biguol en sinthgunt, sunna era suister; thu biguol en friia, "
    "uolla era suister; thu biguol en uuodan, so he uuola conda: sose "
    "benrenki, sose bluotrenki, sose lidirenki: ben zi bena, bluot zi bluoda, "
    "lid zi geliden, sose gelimida sin. H.",
)

_INK = (72, 45, 26)
_RUBRIC = (168, 40, 28)


def _sheet_background(
    c: _Ctx,
    page: Sequence[float],
    dark: RGB,
    light: RGB,
    *,
    jitter: float,
    stains: int,
    edge: RGB,
    backdrop: RGB = (24, 22, 21),
) -> None:
    """A sheet (parchment or paper) photographed on a dark scanner backdrop.

    Everything is built at low resolution: the upscale softens the page edge
    like a real photograph and keeps the work independent of output size.
    """
    mw, mh = c.mid_size()
    fx, fy = mw / c.W, mh / c.H
    mid = _texture((mw, mh), backdrop, _shade(backdrop, 1.5), c.rng_for("bg"), coarse=5)
    md = ImageDraw.Draw(mid, "RGBA")
    box = (page[0] * fx, page[1] * fy, page[2] * fx, page[3] * fy)
    outline = _jagged_rect(box, c.rng_for("edge"), jitter * fx)
    off = max(1.0, 0.006 * mw)
    md.polygon([(x + off, y + off) for x, y in outline], fill=(0, 0, 0, 130))
    bi = _box_i(box)
    sheet = _texture(
        (bi[2] - bi[0], bi[3] - bi[1]),
        dark,
        light,
        c.rng_for("sheet"),
        coarse=9,
        grain=0.28,
    )
    sd = ImageDraw.Draw(sheet, "RGBA")
    srng = c.rng_for("stains")
    for _ in range(stains):
        r = srng.uniform(0.03, 0.11) * sheet.width
        _stain(sd, srng.uniform(0, sheet.width), srng.uniform(0, sheet.height), r, srng)
    sheet = _vignette(sheet, edge, 0.42)
    mask = Image.new("L", mid.size, 0)
    ImageDraw.Draw(mask).polygon(outline, fill=255)
    mid.paste(sheet, (bi[0], bi[1]), mask.crop(bi))
    c.begin(mid)


def _justify(
    d: ImageDraw.ImageDraw,
    x: float,
    baseline: float,
    text: str,
    font: Font,
    width: float,
    fill: Color,
    *,
    last: bool,
) -> None:
    """Draw a line justified to ``width`` (word spacing), as scribes and
    printers did, unless it ends a paragraph."""
    words = text.split()
    top = baseline - _ascent(font)
    if last or len(words) < 2:
        d.text((x, top), text, font=font, fill=fill)
        return
    total = sum(_tw(font, wd) for wd in words)
    space = (width - total) / (len(words) - 1)
    if space > _tw(font, " ") * 3.5:
        d.text((x, top), text, font=font, fill=fill)
        return
    for wd in words:
        d.text((x, top), wd, font=font, fill=fill)
        x += _tw(font, wd) + space


def _take_line(words: list[str], font: Font, width: float) -> tuple[str, list[str]]:
    line = ""
    i = 0
    while i < len(words):
        cand = f"{line} {words[i]}" if line else words[i]
        if line and _tw(font, cand) > width:
            break
        line = cand
        i += 1
    return line, words[i:]


def _render_manuscript(c: _Ctx) -> None:
    sp = c.spec
    paras = [p for p in _str_list(sp.get("lines")) if p.strip()] or list(_CHARMS)
    heading = _s(sp, "heading")
    folio = _s(sp, "folio")
    cols = 2 if _int(sp.get("columns"), 1) >= 2 else 1
    want_initial = _bool(sp.get("initial"), True)
    w, h, rng = c.w, c.h, c.rng

    page = (w * 0.045, h * 0.03, w * 0.955, h * 0.975)
    _sheet_background(
        c,
        page,
        (192, 164, 120),
        (236, 220, 184),
        jitter=w * 0.004,
        stains=rng.randint(3, 6),
        edge=(120, 88, 50),
    )
    d = c.d
    px0, py0, px1, py1 = page
    pw, ph = px1 - px0, py1 - py0
    verso = folio.strip().lower().endswith("v")
    inner, outer = pw * 0.13, pw * 0.18
    tx0 = px0 + (outer if verso else inner)
    tx1 = px1 - (inner if verso else outer)
    ty0, ty1 = py0 + ph * 0.09, py1 - ph * 0.2
    nrules = 28 if cols == 1 else 34
    pitch = (ty1 - ty0) / nrules
    gutter = pw * 0.05
    colw = (tx1 - tx0 - gutter * (cols - 1)) / cols
    font = _font("serif", pitch * 0.58)
    rfont = _font("serif-bold", pitch * 0.58)
    rule_col = (150, 100, 62, 48)
    rw = c.lw(0.7)

    # Dry-point ruling and bounding lines, as prepared before the scribe wrote.
    slots: list[tuple[float, float]] = []
    for col in range(cols):
        cx0 = tx0 + col * (colw + gutter)
        for i in range(nrules):
            yb = ty0 + pitch * (i + 1)
            d.line(
                (cx0 - pitch * 0.5, yb, cx0 + colw + pitch * 0.5, yb),
                fill=rule_col,
                width=rw,
            )
            slots.append((cx0, yb))
        for vx in (cx0 - pitch * 0.25, cx0 + colw + pitch * 0.25):
            d.line(
                (vx, ty0 - pitch * 0.2, vx, ty1 + pitch * 0.6), fill=rule_col, width=rw
            )
    prick_x = px0 + pw * 0.04 if verso else px1 - pw * 0.04
    for i in range(nrules):
        yb = ty0 + pitch * (i + 1)
        r = max(0.6, c.u * 1.2)
        d.ellipse((prick_x - r, yb - r, prick_x + r, yb + r), fill=(90, 70, 50, 90))

    slot = 0
    indents: dict[int, float] = {}
    if heading:
        words = heading.split()
        while words and slot < len(slots):
            line, words = _take_line(words, rfont, colw)
            x, yb = slots[slot]
            d.text((x, yb - _ascent(rfont)), line, font=rfont, fill=_a(_RUBRIC, 235))
            slot += 1

    initial = ""
    if want_initial and paras and paras[0][:1].isalpha() and slot + 3 <= len(slots):
        initial, paras = paras[0][0], [paras[0][1:].lstrip(), *paras[1:]]
        side = pitch * 2.95
        x, yb = slots[slot]
        top = yb - pitch * 0.92
        _draw_initial(c, x, top, side, initial)
        for k in range(3):
            indents[slot + k] = side + pitch * 0.3

    for para in paras:
        words = para.split()
        while words and slot < len(slots):
            x, yb = slots[slot]
            ind = indents.get(slot, 0.0)
            line, words = _take_line(words, font, colw - ind)
            ink = _a(
                _mix(_INK, (40, 26, 18), rng.random() * 0.5), rng.randint(200, 240)
            )
            _justify(d, x + ind, yb, line, font, colw - ind, ink, last=not words)
            slot += 1

    if folio:
        ff = _font("serif-italic", pitch * 0.5)
        fx = px0 + pw * 0.06 if verso else px1 - pw * 0.06
        _put(
            d,
            fx,
            py0 + ph * 0.035,
            folio,
            ff,
            (95, 82, 70, 210),
            align="l" if verso else "r",
        )


def _draw_initial(c: _Ctx, x: float, top: float, side: float, letter: str) -> None:
    """Illuminated initial: gold field, blue letter, red pen flourishes."""
    d = c.d
    gold, blue, red = (204, 164, 72), (34, 56, 128), (170, 40, 30)
    _paste_ramp(
        c.im,
        (x, top, x + side, top + side),
        ((0.0, (226, 190, 100)), (0.5, gold), (1.0, (166, 124, 46))),
        vertical=True,
    )
    d.rectangle(
        (x, top, x + side, top + side),
        outline=_a(red, 230),
        width=max(1, round(side * 0.045)),
    )
    inset = side * 0.1
    d.rectangle(
        (x + inset, top + inset, x + side - inset, top + side - inset),
        outline=_a(blue, 200),
        width=max(1, round(side * 0.02)),
    )
    f = _font("serif-bold", side * 0.78)
    lw = _tw(f, letter)
    bb = f.getbbox(letter)
    ly = top + side / 2 - (bb[1] + bb[3]) / 2
    d.text(
        (x + (side - lw) / 2, ly),
        letter,
        font=f,
        fill=blue,
        stroke_width=max(1, round(side * 0.015)),
        stroke_fill=(30, 24, 20),
    )
    # Red pen flourish trailing down the margin, left of the text column.
    width = max(1, round(side * 0.025))
    stem_x = x - side * 0.12
    d.line(
        (stem_x, top + side * 0.1, stem_x, top + side * 2.4),
        fill=_a(red, 210),
        width=width,
    )
    for k in range(4):
        r = side * (0.16 - 0.02 * k)
        cy = top + side * (0.45 + 0.55 * k)
        d.arc(
            (stem_x - 2 * r, cy - r, stem_x, cy + r),
            270,
            450 + 60,
            fill=_a(red, 200),
            width=width,
        )
        d.ellipse(
            (stem_x - r * 1.15, cy - r * 0.15, stem_x - r * 0.85, cy + r * 0.15),
            fill=_a(red, 200),
        )


# ---------------------------------------------------------------------------
# Printed page
# ---------------------------------------------------------------------------


def _render_printed_page(c: _Ctx) -> None:
    sp = c.spec
    heading = _s(sp, "heading", c.title)
    lines = _str_list(sp.get("lines")) or [
        "Merseburg",
        "Gedruckt in der Stiftsbuchdruckerei",
    ]
    footer = _s(sp, "footer")
    w, h, rng = c.w, c.h, c.rng
    page = (w * 0.04, h * 0.03, w * 0.96, h * 0.975)
    _sheet_background(
        c,
        page,
        (218, 206, 178),
        (247, 241, 226),
        jitter=w * 0.002,
        stains=rng.randint(1, 3),
        edge=(170, 140, 95),
        backdrop=(52, 52, 54),
    )
    d = c.d
    # Foxing: small rust-brown spots typical of old rag paper.
    frng = c.rng_for("foxing")
    for _ in range(40):
        fxp = frng.uniform(page[0], page[2])
        fyp = frng.uniform(page[1], page[3])
        r = frng.uniform(0.5, 2.5) * c.u
        d.ellipse((fxp - r, fyp - r, fxp + r, fyp + r), fill=(150, 100, 60, 60))

    px0, py0, px1, py1 = page
    pw = px1 - px0
    ink = (28, 24, 22)
    m = pw * 0.06
    fx0, fy0, fx1, fy1 = px0 + m, py0 + m, px1 - m, py1 - m
    d.rectangle((fx0, fy0, fx1, fy1), outline=_a(ink, 230), width=c.lw(3.5))
    g = c.u * 9
    d.rectangle(
        (fx0 + g, fy0 + g, fx1 - g, fy1 - g), outline=_a(ink, 220), width=c.lw(1.1)
    )
    cx = (fx0 + fx1) / 2
    inner_w = (fx1 - fx0) * 0.84

    # Heading: largest size that wraps into at most two lines.
    size = pw * 0.085
    while True:
        hf = _font("serif-bold", size)
        hl = _wrap(heading, hf, inner_w)
        if len(hl) <= 2 or size < pw * 0.02:
            break
        size *= 0.9
    y = fy0 + g + (fy1 - fy0) * 0.06
    for line in hl:
        _put(d, cx, y, line, hf, _a(ink, 240), align="c")
        y += size * 1.22
    y += size * 0.25
    _ornament_rule(d, cx, y, inner_w * 0.5, c.lw(1.3), _a(ink, 230))
    y += size * 0.55

    bottom = fy1 - g - (fy1 - fy0) * 0.05
    if footer:
        ff = _fit_font("serif-italic", [footer], inner_w, pw * 0.024)
        fl = _wrap(footer, ff, inner_w)[:3]
        fh = len(fl) * _fsize(ff) * 1.3
        fy = bottom - fh
        d.line(
            (cx - inner_w * 0.3, fy - c.u * 12, cx + inner_w * 0.3, fy - c.u * 12),
            fill=_a(ink, 200),
            width=c.lw(1),
        )
        for line in fl:
            _put(d, cx, fy, line, ff, _a(ink, 225), align="c")
            fy += _fsize(ff) * 1.3
        bottom -= fh + c.u * 30

    # Body: largest uniform size at which everything fits; short all-caps
    # lines are set as display lines, like on a playbill.
    def layout(base: float) -> tuple[float, list[tuple[str, Font, float]]]:
        out: list[tuple[str, Font, float]] = []
        total = 0.0
        for raw in lines:
            if not raw.strip():
                total += base * 0.6
                out.append(("", _font("serif", base), base * 0.6))
                continue
            display = raw.isupper() and len(raw) < 48
            fs = base * (1.45 if display else 1.0)
            f = _font("serif-bold" if display else "serif", fs)
            for ln in _wrap(raw, f, inner_w):
                out.append((ln, f, fs * 1.32))
                total += fs * 1.32
            out.append(("", f, base * 0.35))
            total += base * 0.35
        return total, out

    base = pw * 0.045
    avail = bottom - y
    total, rows = layout(base)
    while total > avail and base > 4:
        base *= 0.93
        total, rows = layout(base)
    y += max(0.0, (avail - total) * 0.35)
    for text, f, adv in rows:
        if text:
            # Letterpress: inking varies slightly from line to line.
            _put(
                d,
                cx + rng.uniform(-0.5, 0.5) * c.u,
                y,
                text,
                f,
                _a(ink, rng.randint(215, 248)),
                align="c",
            )
        y += adv


def _ornament_rule(
    d: ImageDraw.ImageDraw, cx: float, y: float, half: float, width: int, fill: Color
) -> None:
    """Printer's rule with a lozenge in the middle."""
    s = width * 4
    d.line((cx - half, y, cx - s * 1.6, y), fill=fill, width=width)
    d.line((cx + s * 1.6, y, cx + half, y), fill=fill, width=width)
    d.polygon(
        [(cx - s, y), (cx, y - s * 0.7), (cx + s, y), (cx, y + s * 0.7)], fill=fill
    )


# ---------------------------------------------------------------------------
# Medal / coin
# ---------------------------------------------------------------------------

# (shadow, body, highlight) per metal, and a velvet that flatters it.
_METALS: dict[str, tuple[RGB, RGB, RGB]] = {
    "bronze": ((62, 36, 18), (150, 96, 52), (236, 184, 124)),
    "silver": ((78, 80, 88), (168, 170, 176), (246, 247, 250)),
    "gold": ((104, 72, 16), (202, 156, 56), (254, 232, 156)),
}
_VELVET: dict[str, RGB] = {
    "bronze": (26, 40, 44),
    "silver": (70, 14, 26),
    "gold": (16, 26, 66),
}


def _metal_disc(
    im: Image.Image,
    cx: float,
    cy: float,
    r: float,
    pal: tuple[RGB, RGB, RGB],
    rng: random.Random,
    *,
    invert: bool = False,
    contrast: float = 1.0,
    gain: float = 1.0,
) -> None:
    """A disc lit from the upper left.  The shading is computed on a 64x64
    grid (plus a little patina noise) and scaled up, so even a 5000 px medal
    costs only one resize and one masked paste."""
    n = 64
    buf = bytearray()
    for yy in range(n):
        for xx in range(n):
            t = (xx + yy) / (2 * (n - 1))
            if invert:
                t = 1 - t
            v = 0.5 + (0.5 - t) * contrast + 0.1 * math.exp(-(((t - 0.3) / 0.12) ** 2))
            buf.append(_clamp8(v * 255))
    g = Image.frombytes("L", (n, n), bytes(buf))
    g = Image.blend(g, Image.frombytes("L", (n, n), rng.randbytes(n * n)), 0.07)
    dark, mid, light = (_shade(col, gain) for col in pal)
    size = max(2, round(2 * r))
    tex = ImageOps.colorize(g, dark, light, mid=mid).resize((size, size), _BICUBIC)
    x0, y0 = round(cx - r), round(cy - r)
    im.paste(
        tex, (x0, y0), _shape_mask((0, 0, size, size), ellipses=[(0, 0, size, size)])
    )


def _relief_text(
    d: ImageDraw.ImageDraw,
    x: float,
    y: float,
    text: str,
    font: Font,
    pal: tuple[RGB, RGB, RGB],
    depth: float,
    *,
    align: str = "c",
) -> None:
    """Raised lettering: highlight up-left, shadow down-right, face on top."""
    _put(d, x + depth, y + depth, text, font, _a(pal[0], 230), align=align)
    _put(d, x - depth * 0.6, y - depth * 0.6, text, font, _a(pal[2], 220), align=align)
    _put(d, x, y, text, font, _mix(pal[1], pal[2], 0.25), align=align)


def _relief_ring(
    d: ImageDraw.ImageDraw,
    cx: float,
    cy: float,
    r: float,
    width: int,
    pal: tuple[RGB, RGB, RGB],
    depth: float,
) -> None:
    for dx, col, alpha in ((depth, pal[0], 200), (-depth * 0.6, pal[2], 190)):
        d.ellipse(
            (cx - r + dx, cy - r + dx, cx + r + dx, cy + r + dx),
            outline=_a(col, alpha),
            width=width,
        )
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=_a(pal[1], 255), width=width)


def _circular_legend(
    c: _Ctx,
    cx: float,
    cy: float,
    radius: float,
    text: str,
    size: float,
    pal: tuple[RGB, RGB, RGB],
    depth: float,
) -> None:
    """Legend written letter by letter along the rim, tops pointing outwards,
    reading clockwise."""
    circ = 2 * math.pi * radius
    font = _font("serif-bold", size)
    track = size * 0.12
    total = sum(_tw(font, ch) + track for ch in text)
    if total > circ * 0.9:
        size *= circ * 0.9 / total
        font = _font("serif-bold", size)
        track = size * 0.12
        total = sum(_tw(font, ch) + track for ch in text)
    if total < circ * 0.7:
        theta = -math.pi / 2 - total / radius / 2  # centred at the top
    else:
        theta = math.pi / 2 + (2 * math.pi - total / radius) / 2  # gap at bottom
    face = _mix(pal[1], pal[2], 0.25)
    for ch in text:
        adv = _tw(font, ch) + track
        a = theta + (adv / 2) / radius
        theta += adv / radius
        if ch.isspace():
            continue
        px, py = cx + radius * math.cos(a), cy + radius * math.sin(a)
        rot = -(math.degrees(a) + 90)
        for off, col in (
            ((depth, depth), pal[0]),
            ((-depth * 0.6, -depth * 0.6), pal[2]),
            ((0.0, 0.0), face),
        ):
            _rotated_text(c.im, px, py, ch, font, col, rot, offset=off)


def _leaf(
    cx: float, cy: float, length: float, width: float, angle: float
) -> list[Point]:
    """Lens-shaped leaf pointing along ``angle`` (radians), base at (cx, cy)."""
    ca, sa = math.cos(angle), math.sin(angle)
    pts = []
    for i in range(13):
        t = i / 12
        pts.append((t * length, math.sin(math.pi * t) * width / 2))
    for i in range(11, 0, -1):
        t = i / 12
        pts.append((t * length, -math.sin(math.pi * t) * width / 2))
    return [(cx + x * ca - y * sa, cy + x * sa + y * ca) for x, y in pts]


def _render_medal(c: _Ctx) -> None:
    sp = c.spec
    metal = _s(sp, "metal", "bronze").lower()
    if metal not in _METALS:
        metal = "bronze"
    pal = _METALS[metal]
    legend = _s(sp, "legend", c.title).upper()
    center = [ln for ln in _str_list(sp.get("center")) if ln.strip()]
    reverse = _bool(sp.get("reverse"), False)
    w, h = c.w, c.h
    cx, cy = w / 2, h / 2
    big_r = 0.43 * min(w, h)

    mw, mh = c.mid_size()
    fx, fy = mw / c.W, mh / c.H
    vel = _VELVET[metal]
    mid = _texture(
        (mw, mh),
        _shade(vel, 0.6),
        _shade(vel, 1.35),
        c.rng_for("velvet"),
        coarse=6,
        grain=0.55,
    )
    mid = _vignette(mid, (0, 0, 0), 0.75)
    md = ImageDraw.Draw(mid, "RGBA")
    for i in range(10):  # soft drop shadow, blurred further by the upscale
        r = big_r * (1.1 - i * 0.012)
        ox, oy = cx + big_r * 0.05, cy + big_r * 0.07
        md.ellipse(
            ((ox - r) * fx, (oy - r) * fy, (ox + r) * fx, (oy + r) * fy),
            fill=(0, 0, 0, 26),
        )
    c.begin(mid)
    d = c.d
    drng = c.rng_for("disc")
    depth = max(1.0, big_r * 0.006)

    # Raised rim, its inner wall, then the slightly sunk field.
    _metal_disc(c.im, cx, cy, big_r, pal, drng, contrast=1.0)
    _metal_disc(c.im, cx, cy, big_r * 0.9, pal, drng, invert=True, contrast=0.9)
    _metal_disc(c.im, cx, cy, big_r * 0.875, pal, drng, contrast=0.45, gain=0.93)
    d.ellipse(
        (cx - big_r, cy - big_r, cx + big_r, cy + big_r),
        outline=_a(pal[0], 160),
        width=max(1, round(big_r * 0.006)),
    )

    # Pearl circle inside the rim.
    n_beads = 110
    br = big_r * 0.012
    rr = big_r * 0.83
    for i in range(n_beads):
        a = 2 * math.pi * i / n_beads
        bx, by = cx + rr * math.cos(a), cy + rr * math.sin(a)
        d.ellipse(
            (bx - br + depth, by - br + depth, bx + br + depth, by + br + depth),
            fill=_a(pal[0], 200),
        )
        d.ellipse((bx - br, by - br, bx + br, by + br), fill=_a(pal[1], 255))
        hr = br * 0.45
        d.ellipse(
            (
                bx - br * 0.55 - hr * 0.2,
                by - br * 0.55 - hr * 0.2,
                bx - br * 0.55 + hr,
                by - br * 0.55 + hr,
            ),
            fill=_a(pal[2], 220),
        )

    _circular_legend(c, cx, cy, big_r * 0.715, legend, big_r * 0.11, pal, depth)
    _relief_ring(d, cx, cy, big_r * 0.6, max(1, round(big_r * 0.006)), pal, depth)

    field_r = big_r * 0.55
    if reverse:
        _medal_wreath(c, cx, cy, big_r * 0.47, pal, depth)
        field_r = big_r * 0.36
    if center:
        _medal_center_text(
            c, cx, cy, field_r, center, pal, depth, ornaments=not reverse
        )
    elif not reverse:
        _medal_bust(c, cx, cy, big_r * 0.82, pal, depth)
    # A soft specular glint sells the metal.
    g = big_r * 0.22
    gx, gy = cx - big_r * 0.42, cy - big_r * 0.45
    for i in range(6):
        rr2 = g * (1 - i * 0.15)
        d.ellipse(
            (gx - rr2, gy - rr2 * 0.6, gx + rr2, gy + rr2 * 0.6), fill=_a(pal[2], 10)
        )


def _medal_center_text(
    c: _Ctx,
    cx: float,
    cy: float,
    radius: float,
    lines: list[str],
    pal: tuple[RGB, RGB, RGB],
    depth: float,
    *,
    ornaments: bool,
) -> None:
    size = radius * 0.42
    while size > 4:
        font = _font("serif-bold", size)
        lh = size * 1.22
        total = lh * len(lines)
        ok = total <= radius * 1.45
        for i, ln in enumerate(lines):
            yc = cy - total / 2 + lh * (i + 0.5)
            half = math.sqrt(max(0.0, radius**2 - (abs(yc - cy) + size * 0.5) ** 2))
            ok = ok and _tw(font, ln) <= 2 * half * 0.92
        if ok:
            break
        size *= 0.92
    font = _font("serif-bold", size)
    lh = size * 1.22
    total = lh * len(lines)
    for i, ln in enumerate(lines):
        yc = cy - total / 2 + lh * (i + 0.5)
        box = font.getbbox("H")
        _relief_text(c.d, cx, yc - (box[1] + box[3]) / 2, ln, font, pal, depth)
    if ornaments:
        for sgn in (-1, 1):
            oy = cy + sgn * (total / 2 + size * 0.45)
            if abs(oy - cy) < radius * 0.85:
                _medal_star(c.d, cx, oy, size * 0.22, pal, depth)


def _medal_star(
    d: ImageDraw.ImageDraw,
    cx: float,
    cy: float,
    r: float,
    pal: tuple[RGB, RGB, RGB],
    depth: float,
) -> None:
    pts = []
    for i in range(12):
        rr = r if i % 2 == 0 else r * 0.45
        a = -math.pi / 2 + math.pi * i / 6
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    d.polygon([(x + depth, y + depth) for x, y in pts], fill=_a(pal[0], 220))
    d.polygon(pts, fill=_mix(pal[1], pal[2], 0.3))


def _medal_wreath(
    c: _Ctx,
    cx: float,
    cy: float,
    radius: float,
    pal: tuple[RGB, RGB, RGB],
    depth: float,
) -> None:
    """Laurel wreath: two branches rising from a bow at the bottom."""
    d = c.d
    face = _mix(pal[1], pal[2], 0.2)
    width = max(1, round(radius * 0.02))
    for side in (-1, 1):
        a0 = math.pi / 2 - side * 0.22
        # Each branch climbs from the bow up one side and stops short of the
        # top; side=+1 runs anticlockwise on screen (the right-hand branch).
        steps = 14
        span = -(math.pi - 0.72) if side > 0 else (math.pi - 0.72)
        pts = [
            (
                cx + radius * math.cos(a0 + span * i / steps),
                cy + radius * math.sin(a0 + span * i / steps),
            )
            for i in range(steps + 1)
        ]
        d.line(
            [(x + depth, y + depth) for x, y in pts], fill=_a(pal[0], 200), width=width
        )
        d.line(pts, fill=face, width=width)
        for i in range(1, steps + 1):
            a = a0 + span * i / steps
            px, py = cx + radius * math.cos(a), cy + radius * math.sin(a)
            tangent = a + (math.pi / 2 if span > 0 else -math.pi / 2)
            for k in (-1, 1):
                la = tangent + k * 0.6
                leaf = _leaf(px, py, radius * 0.2, radius * 0.075, la)
                d.polygon(
                    [(x + depth, y + depth) for x, y in leaf], fill=_a(pal[0], 210)
                )
                d.polygon(leaf, fill=face)
                d.line(
                    (
                        px,
                        py,
                        px + radius * 0.14 * math.cos(la),
                        py + radius * 0.14 * math.sin(la),
                    ),
                    fill=_a(pal[0], 150),
                    width=max(1, width // 2),
                )
    # Ribbon bow tying the branches.
    by = cy + radius
    bw = radius * 0.16
    for sgn in (-1, 1):
        tri = [(cx, by), (cx + sgn * bw, by - bw * 0.5), (cx + sgn * bw, by + bw * 0.5)]
        d.polygon([(x + depth, y + depth) for x, y in tri], fill=_a(pal[0], 210))
        d.polygon(tri, fill=face)
    d.ellipse(
        (cx - bw * 0.25, by - bw * 0.25, cx + bw * 0.25, by + bw * 0.25),
        fill=_mix(pal[1], pal[2], 0.4),
    )


def _medal_bust(
    c: _Ctx,
    cx: float,
    cy: float,
    r: float,
    pal: tuple[RGB, RGB, RGB],
    depth: float,
) -> None:
    """Laureate profile bust facing right, the classic portrait obverse."""
    prof = [
        (0.02, -0.6),
        (0.14, -0.56),
        (0.22, -0.46),
        (0.25, -0.34),
        (0.26, -0.24),
        (0.33, -0.13),
        (0.28, -0.1),
        (0.29, -0.05),
        (0.26, -0.03),
        (0.28, 0.03),
        (0.24, 0.07),
        (0.23, 0.14),
        (0.15, 0.19),
        (0.09, 0.19),
        (0.09, 0.3),
        (0.2, 0.36),
        (0.42, 0.46),
        (0.5, 0.58),
        (-0.5, 0.58),
        (-0.44, 0.45),
        (-0.24, 0.36),
        (-0.17, 0.22),
        (-0.27, 0.1),
        (-0.33, -0.08),
        (-0.33, -0.3),
        (-0.25, -0.48),
        (-0.12, -0.58),
    ]
    pts = [(cx + x * r, cy + y * r) for x, y in prof]
    d = c.d
    d.polygon([(x + depth * 2, y + depth * 2) for x, y in pts], fill=_a(pal[0], 220))
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    _paste_ramp(
        c.im,
        (min(xs), min(ys), max(xs), max(ys)),
        ((0.0, _mix(pal[1], pal[2], 0.55)), (0.55, pal[1]), (1.0, _shade(pal[1], 0.8))),
        polys=[pts],
    )
    width = max(1, round(r * 0.012))
    dark = _a(pal[0], 180)
    # Hair: rows of small curls on the back of the head.
    for row in range(7):
        for k in range(7):
            hx = cx + r * (-0.29 + k * 0.06 + (row % 2) * 0.03)
            hy = cy + r * (-0.47 + row * 0.075)
            # Stay inside the skull, behind the ear and the forehead.
            if hx > cx + r * (0.1 - 0.02 * row) or (row > 3 and hx > cx - r * 0.08):
                continue
            rr = r * 0.03
            d.arc(
                (hx - rr, hy - rr, hx + rr, hy + rr), 150, 350, fill=dark, width=width
            )
    # Laurel wreath along the head, leaves pointing forwards, ribbons behind.
    band = [
        (cx + r * (0.14 - 0.42 * t), cy + r * (-0.53 + 0.4 * t * t))
        for t in (i / 8 for i in range(9))
    ]
    d.line(band, fill=dark, width=width)
    for i in range(1, len(band)):
        (ax, ay), (bx, by) = band[i - 1], band[i]
        fwd = math.atan2(ay - by, ax - bx)
        for k in (-1, 1):
            leaf = _leaf(bx, by, r * 0.1, r * 0.04, fwd + k * 0.55)
            d.polygon([(x + depth, y + depth) for x, y in leaf], fill=_a(pal[0], 200))
            d.polygon(leaf, fill=_mix(pal[1], pal[2], 0.35))
    nx, ny = band[-1]
    for k in range(2):
        d.line(
            [(nx, ny), (nx - r * (0.06 + 0.05 * k), ny + r * (0.14 + 0.06 * k))],
            fill=dark,
            width=width * 2,
        )
    # Ear, eye, mouth and drapery folds.
    d.arc(
        (cx - r * 0.05, cy - r * 0.14, cx + r * 0.06, cy + r * 0.03),
        250,
        110,
        fill=dark,
        width=width,
    )
    d.line(
        (cx + r * 0.23, cy - r * 0.21, cx + r * 0.16, cy - r * 0.22),
        fill=dark,
        width=width,
    )
    d.line(
        (cx + r * 0.25, cy + r * 0.0, cx + r * 0.2, cy + r * 0.01),
        fill=dark,
        width=width,
    )
    for k in range(3):
        d.line(
            [
                (cx - r * (0.4 - 0.15 * k), cy + r * 0.58),
                (cx - r * (0.12 - 0.1 * k), cy + r * (0.4 + 0.03 * k)),
                (cx + r * (0.25 + 0.05 * k), cy + r * 0.58),
            ],
            fill=dark,
            width=width,
        )


# ---------------------------------------------------------------------------
# Bronze tomb slab
# ---------------------------------------------------------------------------

# Epitaph of Rudolf of Rheinfelden (d. 1080) on his bronze slab in Merseburg
# Cathedral; medieval Latin, public domain.
_RUDOLF_EPITAPH = (
    "REX HOC RODVLFVS PATRVM PRO LEGE PEREMPTVS PLORANDVS MERITO CONDITVR IN "
    "TVMVLO REX ILLI SIMILIS SI REGNET TEMPORE PACIS CONSILIO GLADIO NON FVIT "
    "A KAROLO QVA VICERE SVI RVIT HIC SACRA VICTIMA BELLI MORS SIBI VITA FVIT "
    "ECCLESIAE CECIDIT"
)


def _incise(
    d: ImageDraw.ImageDraw,
    pts: Sequence[Point],
    width: int,
    depth: float,
    *,
    closed: bool = False,
    dark: Color = (36, 24, 14, 235),
    light: Color = (214, 164, 100, 150),
) -> None:
    """An engraved line: dark groove with a lit lower edge."""
    seq = [*pts, pts[0]] if closed else list(pts)
    d.line(
        [(x + depth, y + depth) for x, y in seq], fill=light, width=width, joint="curve"
    )
    d.line(seq, fill=dark, width=width, joint="curve")


def _render_tomb_slab(c: _Ctx) -> None:
    sp = c.spec
    text = " ".join(_s(sp, "inscription", _RUDOLF_EPITAPH).upper().split())
    figure = _bool(sp.get("figure"), True)
    w, h = c.w, c.h
    detail = w > h * 1.1
    if detail:
        # A landscape frame cannot hold the tall slab: show a close-up of the
        # upper left corner, where the border inscription begins.
        sw = w * 1.5
        sh = sw / 0.34
        x0, y0 = w * 0.07, h * 0.12
    else:
        sh = h * 0.92
        sw = min(w * 0.88, sh * 0.44)
        sh = min(sh, sw / 0.34)
        x0, y0 = (w - sw) / 2, (h - sh) / 2
    x1, y1 = x0 + sw, y0 + sh

    mw, mh = c.mid_size()
    fx, fy = mw / c.W, mh / c.H
    mid = _texture(
        (mw, mh), (52, 50, 48), (96, 92, 86), c.rng_for("stone"), coarse=7, grain=0.4
    )
    mid = _vignette(mid, (20, 20, 20), 0.6)
    md = ImageDraw.Draw(mid, "RGBA")
    off = sw * 0.025
    for i in range(6):
        g = sw * 0.01 * (6 - i)
        md.rectangle(
            (
                (x0 + off - g) * fx,
                (y0 + off - g) * fy,
                (x1 + off + g) * fx,
                (y1 + off + g) * fy,
            ),
            fill=(0, 0, 0, 40),
        )
    # Only the visible part of the slab gets a texture (the close-up's slab
    # is far larger than the picture); shapes use slab-relative positions.
    full = (x0 * fx, y0 * fy, x1 * fx, y1 * fy)
    sb = _box_i(
        (max(0.0, full[0]), max(0.0, full[1]), min(mw, full[2]), min(mh, full[3]))
    )
    slab = _texture(
        (sb[2] - sb[0], sb[3] - sb[1]),
        (54, 38, 22),
        (150, 108, 62),
        c.rng_for("bronze"),
        coarse=10,
        grain=0.35,
    )
    sd = ImageDraw.Draw(slab, "RGBA")
    ox, oy = full[0] - sb[0], full[1] - sb[1]
    fw, fh = full[2] - full[0], full[3] - full[1]
    prng = c.rng_for("patina")
    for _ in range(24):  # verdigris patches, mostly near the edges
        px = prng.choice([prng.uniform(0, 0.15), prng.uniform(0.85, 1), prng.random()])
        py = prng.random()
        r = prng.uniform(0.02, 0.08) * fw
        sd.polygon(
            _blob(ox + px * fw, oy + py * fh, r, prng),
            fill=(70, 112, 92, prng.randint(25, 55)),
        )
    # Polished by centuries of touching: a lighter zone around the figure.
    for i in range(8):
        rx, ry = fw * (0.3 - i * 0.025), fh * (0.38 - i * 0.03)
        sd.ellipse(
            (
                ox + fw / 2 - rx,
                oy + fh * 0.48 - ry,
                ox + fw / 2 + rx,
                oy + fh * 0.48 + ry,
            ),
            fill=(190, 140, 80, 9),
        )
    if not detail:
        slab = _vignette(slab, (40, 28, 16), 0.35)
    mid.paste(slab, (sb[0], sb[1]))
    c.begin(mid)
    d = c.d

    bev = max(1, round(sw * 0.008))
    d.line([(x0, y1), (x0, y0), (x1, y0)], fill=(225, 175, 110, 150), width=bev)
    d.line([(x1, y0), (x1, y1), (x0, y1)], fill=(25, 16, 8, 190), width=bev)

    lw = max(1, round(sw * 0.006))
    dep = max(1.0, sw * 0.003)
    rim = sw * 0.035
    bw = sw * 0.085
    outer = (x0 + rim, y0 + rim, x1 - rim, y1 - rim)
    inner = (x0 + rim + bw, y0 + rim + bw, x1 - rim - bw, y1 - rim - bw)
    for bx in (outer, inner):
        _incise(
            d,
            [(bx[0], bx[1]), (bx[2], bx[1]), (bx[2], bx[3]), (bx[0], bx[3])],
            lw,
            dep,
            closed=True,
        )
    # Corner squares with rosettes separate the four runs of the inscription.
    for cxq, cyq in (
        (outer[0], outer[1]),
        (inner[2], outer[1]),
        (inner[2], inner[3]),
        (outer[0], inner[3]),
    ):
        _incise(
            d,
            [(cxq, cyq), (cxq + bw, cyq), (cxq + bw, cyq + bw), (cxq, cyq + bw)],
            lw,
            dep,
            closed=True,
        )
        rc = bw * 0.3
        mx, my = cxq + bw / 2, cyq + bw / 2
        _incise(d, _arc_pts(mx, my, rc, rc, 0, 2 * math.pi), lw, dep)
        for k in range(4):
            a = k * math.pi / 4
            _incise(
                d,
                [
                    (mx - rc * math.cos(a), my - rc * math.sin(a)),
                    (mx + rc * math.cos(a), my + rc * math.sin(a)),
                ],
                lw,
                dep,
            )
    _slab_inscription(c, text, outer, bw, dep)
    if figure:
        fb = (
            inner[0] + bw * 0.3,
            inner[1] + bw * 0.3,
            inner[2] - bw * 0.3,
            inner[3] - bw * 0.2,
        )
        _slab_figure(c, fb, lw, dep)


def _slab_inscription(
    c: _Ctx, text: str, outer: Sequence[float], bw: float, dep: float
) -> None:
    """Capitals running clockwise round the border, tops towards the edge."""
    ow, oh = outer[2] - outer[0], outer[3] - outer[1]
    runs = [ow - 2 * bw, oh - 2 * bw, ow - 2 * bw, oh - 2 * bw]
    words = text.split()
    size = bw * 0.62
    sides: list[list[str]] = []
    while size > 4:
        font = _font("serif-bold", size)
        sep = _tw(font, " · ")
        sides = [[] for _ in range(4)]
        side, used = 0, 0.0
        for wd in words:
            need = _tw(font, wd) + (sep if sides[side] else 0.0)
            while side < 4 and used + need > runs[side] * 0.97:
                side += 1
                used = 0.0
                need = _tw(font, wd)
            if side >= 4:
                break
            sides[side].append(wd)
            used += need
        else:
            break
        size *= 0.93
    font = _font("serif-bold", size)
    dark, light = (34, 22, 12), (214, 166, 104)
    last = max(i for i in range(4) if sides[i]) if any(sides) else -1
    for i, ws in enumerate(sides):
        if not ws:
            continue
        run = runs[i]
        mask = Image.new("L", (max(1, round(run)), max(1, round(bw))), 0)
        mdraw = ImageDraw.Draw(mask)
        total = sum(_tw(font, wd) for wd in ws)
        gaps = len(ws) - 1
        natural = _tw(font, " · ")
        gap = natural if (i == last or gaps == 0) else (run * 0.98 - total) / gaps
        x = run * 0.01
        box = font.getbbox("H")
        ty = bw / 2 - (box[1] + box[3]) / 2
        for k, wd in enumerate(ws):
            mdraw.text((x, ty), wd, font=font, fill=255)
            x += _tw(font, wd)
            if k < gaps:
                dot = size * 0.07
                mdraw.ellipse(
                    (x + gap / 2 - dot, bw / 2 - dot, x + gap / 2 + dot, bw / 2 + dot),
                    fill=255,
                )
                x += gap
        if i == 1:
            mask = mask.transpose(Image.Transpose.ROTATE_270)
            pos = (outer[2] - bw, outer[1] + bw)
        elif i == 2:
            mask = mask.transpose(Image.Transpose.ROTATE_180)
            pos = (outer[0] + bw, outer[3] - bw)
        elif i == 3:
            mask = mask.transpose(Image.Transpose.ROTATE_90)
            pos = (outer[0], outer[1] + bw)
        else:
            pos = (outer[0] + bw, outer[1])
        px, py = round(pos[0]), round(pos[1])
        o = max(1, round(dep))
        c.im.paste(light, (px + o, py + o), mask)
        c.im.paste(dark, (px, py), mask)


def _slab_figure(c: _Ctx, box: Sequence[float], lw: int, dep: float) -> None:
    """Incised standing ruler: crown, sceptre with lily, orb with cross, long
    robe and mantle - after the slab of Rudolf of Rheinfelden."""
    bx0, by0, bx1, by1 = box
    # Stretch the figure a little vertically on tall slabs, as Romanesque
    # figures are; never more than 35 %.
    kx = (bx1 - bx0) / 0.6
    ky = min(by1 - by0, kx * 1.35)
    kx = min(kx, ky)
    ox, oy = (bx0 + bx1) / 2, by0 + (by1 - by0 - ky) / 2

    def P(x: float, y: float) -> Point:
        return (ox + x * kx, oy + y * ky)

    def L(pts: Sequence[Point], closed: bool = False, k: float = 1.0) -> None:
        _incise(
            c.d, [P(x, y) for x, y in pts], max(1, round(lw * k)), dep, closed=closed
        )

    robe = [
        (-0.03, 0.2),
        (-0.14, 0.23),
        (-0.17, 0.3),
        (-0.175, 0.45),
        (-0.19, 0.65),
        (-0.215, 0.86),
        (-0.235, 0.935),
        (0.235, 0.935),
        (0.215, 0.86),
        (0.19, 0.65),
        (0.175, 0.45),
        (0.17, 0.3),
        (0.14, 0.23),
        (0.03, 0.2),
    ]
    c.d.polygon([P(x, y) for x, y in robe], fill=(205, 155, 92, 38))
    L(robe, closed=True, k=1.3)
    # Head, hair, beard, face.
    L(_arc_pts(0, 0.118, 0.058, 0.074, 0, 2 * math.pi), k=1.2)
    for sx in (-1, 1):
        L([(sx * 0.058, 0.09), (sx * 0.07, 0.13), (sx * 0.062, 0.17)])
        L([(sx * 0.03, 0.105), (sx * 0.013, 0.104)], k=0.8)
    L([(0, 0.108), (-0.003, 0.135), (0.008, 0.14)], k=0.8)
    L([(-0.015, 0.158), (0.015, 0.158)], k=0.8)
    L([(-0.045, 0.14), (-0.035, 0.18), (0, 0.205), (0.035, 0.18), (0.045, 0.14)])
    for k in range(3):
        L([(-0.02 + 0.02 * k, 0.168), (-0.018 + 0.018 * k, 0.195)], k=0.6)
    # Crown with three lilies.
    L(
        [
            (-0.062, 0.07),
            (-0.062, 0.03),
            (-0.055, 0.006),
            (-0.044, 0.03),
            (-0.02, 0.034),
            (0, 0.0),
            (0.02, 0.034),
            (0.044, 0.03),
            (0.055, 0.006),
            (0.062, 0.03),
            (0.062, 0.07),
        ],
        closed=True,
        k=1.2,
    )
    L([(-0.062, 0.052), (0.062, 0.052)], k=0.8)
    # Mantle: clasp and hems sweeping down, folds of the tunic below.
    L(_arc_pts(0, 0.255, 0.018, 0.018, 0, 2 * math.pi))
    for sx in (-1, 1):
        L([(sx * 0.12, 0.235), (sx * 0.02, 0.255)])
        L([(sx * 0.018, 0.27), (sx * 0.08, 0.45), (sx * 0.1, 0.62), (sx * 0.16, 0.9)])
        L([(sx * 0.15, 0.32), (sx * 0.13, 0.48), (sx * 0.15, 0.62)], k=0.7)
    L([(-0.08, 0.47), (0.08, 0.47)])
    for fxp in (-0.05, -0.015, 0.02, 0.055):
        L([(fxp, 0.5), (fxp * 1.3, 0.7), (fxp * 1.9, 0.925)], k=0.7)
    L([(-0.2, 0.87), (-0.1, 0.89), (0, 0.875), (0.1, 0.89), (0.2, 0.87)], k=0.7)
    # Feet on a small ground line.
    for sx in (-1, 1):
        L(
            _arc_pts(sx * 0.08, 0.95, 0.055, 0.018, math.pi, 2 * math.pi)
            + [(sx * 0.08 + 0.055, 0.955), (sx * 0.08 - 0.055, 0.955)]
        )
    L([(-0.28, 0.965), (0.28, 0.965)])
    # Right hand with sceptre (viewer's left), left hand with orb.
    L([(-0.15, 0.25), (-0.17, 0.36), (-0.1, 0.4)])
    L(_arc_pts(-0.1, 0.4, 0.022, 0.02, 0, 2 * math.pi))
    L([(-0.06, 0.6), (-0.165, 0.1)], k=1.4)
    L(
        [
            (-0.165, 0.1),
            (-0.185, 0.07),
            (-0.19, 0.04),
            (-0.175, 0.055),
            (-0.168, 0.02),
            (-0.155, 0.055),
            (-0.14, 0.04),
            (-0.145, 0.07),
            (-0.165, 0.1),
        ],
        closed=True,
    )
    L([(0.15, 0.25), (0.17, 0.36), (0.12, 0.42)])
    L(_arc_pts(0.125, 0.37, 0.042, 0.042, 0, 2 * math.pi), k=1.2)
    L([(0.083, 0.365), (0.167, 0.365)], k=0.8)
    L([(0.125, 0.328), (0.125, 0.365)], k=0.8)
    L([(0.125, 0.328), (0.125, 0.27)], k=1.1)
    L([(0.105, 0.29), (0.145, 0.29)], k=1.1)


# ---------------------------------------------------------------------------
# Organ façade
# ---------------------------------------------------------------------------

_PIPE_METAL: Stops = (
    (0.0, (72, 74, 80)),
    (0.18, (168, 170, 176)),
    (0.36, (246, 246, 248)),
    (0.5, (210, 212, 216)),
    (0.78, (118, 120, 126)),
    (1.0, (58, 60, 66)),
)
_WOOD = (88, 54, 30)
_WOOD_LIGHT = (132, 86, 50)
_WOOD_DARK = (46, 28, 15)
_GILT = (206, 166, 78)


def _render_organ(c: _Ctx) -> None:
    label = _s(c.spec, "label")
    w, h = c.w, c.h
    mw, mh = c.mid_size()
    wall = _texture(
        (mw, mh),
        (118, 106, 92),
        (176, 164, 146),
        c.rng_for("wall"),
        coarse=6,
        grain=0.3,
    )
    c.begin(_vignette(wall, (40, 34, 28), 0.7))
    d = c.d
    # Organ box keeps a fixed aspect so the case never looks squashed.
    oh = h * 0.97
    ow = min(w * 0.96, oh * 0.92)
    ox, oy = (w - ow) / 2, h - oh
    if w > h * 1.15:
        # Landscape frame: a closer view of the pipe fields instead of a
        # small organ between two empty walls.
        oh = h * 1.5
        ow = oh * 0.92
        ox, oy = (w - ow) / 2, -0.3 * oh

    def X(u: float) -> float:
        return ox + u * ow

    def Y(v: float) -> float:
        return oy + v * oh

    imp = 0.62  # impost: where the pipe feet stand
    # (u0, u1, cornice top, mouth line, number of pipes, tower?)
    half = [
        (0.42, 0.58, 0.07, 0.47, 9, True),
        (0.30, 0.42, 0.27, 0.505, 9, False),
        (0.17, 0.30, 0.14, 0.485, 7, True),
        (0.095, 0.17, 0.33, 0.525, 5, False),
    ]
    sections = list(half)
    for u0, u1, top, mouth, n, tower in half[1:]:
        sections.append((1 - u1, 1 - u0, top, mouth, n, tower))

    # Side wings: gilded acanthus scrolls that widen the silhouette.
    for sgn in (-1, 1):
        base_u = 0.095 if sgn < 0 else 0.905
        wing = [
            (X(base_u), Y(0.38)),
            (X(base_u + sgn * 0.05), Y(0.42)),
            (X(base_u + sgn * 0.075), Y(0.5)),
            (X(base_u + sgn * 0.06), Y(0.58)),
            (X(base_u + sgn * 0.03), Y(0.6)),
            (X(base_u), Y(0.6)),
        ]
        d.polygon(wing, fill=_a(_WOOD_DARK, 255))
        for k in range(4):
            r = ow * (0.012 + 0.006 * k)
            cxw = X(base_u + sgn * (0.025 + 0.012 * k))
            cyw = Y(0.43 + 0.045 * k)
            d.arc(
                (cxw - r, cyw - r, cxw + r, cyw + r),
                0,
                300,
                fill=_a(_GILT, 230),
                width=c.lw(3),
            )
        d.line(wing, fill=_a(_GILT, 220), width=c.lw(2.5))

    # Lower case (Unterbau) with framed panels.
    lx0, lx1 = X(0.12), X(0.88)
    _paste_ramp(
        c.im,
        (lx0, Y(imp), lx1, Y(0.87)),
        (
            (0.0, _WOOD_DARK),
            (0.08, _WOOD),
            (0.5, _WOOD_LIGHT),
            (0.92, _WOOD),
            (1.0, _WOOD_DARK),
        ),
    )
    for i in range(6):
        px0 = lx0 + (lx1 - lx0) * (0.03 + i * 0.162)
        px1 = px0 + (lx1 - lx0) * 0.13
        _panel(d, (px0, Y(imp + 0.05), px1, Y(0.84)), c.lw(3))

    # Pipe fields and their case.
    for u0, u1, top, mouth, n, tower in sections:
        _organ_section(c, X(u0), X(u1), Y(top), Y(mouth), Y(imp), n, tower, oh)
    # Impost cornice across the whole case.
    _cornice(c, X(0.08), X(0.92), Y(imp + 0.006), oh * 0.024)
    # Tower consoles: shallow carved brackets under the projecting towers.
    for u0, u1, _top, _m, _n, tower in sections:
        if tower:
            cw = X(u1) - X(u0)
            ya, yb = Y(imp + 0.012), Y(imp + 0.05)
            poly = [
                (X(u0), ya),
                (X(u1), ya),
                *_arc_pts((X(u0) + X(u1)) / 2, ya, cw / 2, yb - ya, 0, math.pi),
            ]
            _paste_ramp(
                c.im,
                (X(u0), ya, X(u1), yb),
                ((0.0, _WOOD_DARK), (0.45, _WOOD_LIGHT), (1.0, _WOOD_DARK)),
                polys=[poly],
            )
            d.line([*poly, poly[0]], fill=_a(_GILT, 210), width=c.lw(2))
            mxc = (X(u0) + X(u1)) / 2
            for sgn in (-1, 1):
                r = cw * 0.09
                d.arc(
                    (
                        mxc + sgn * cw * 0.16 - r,
                        ya + (yb - ya) * 0.25,
                        mxc + sgn * cw * 0.16 + r,
                        ya + (yb - ya) * 0.25 + 2 * r,
                    ),
                    0,
                    360 - 60,
                    fill=_a(_GILT, 230),
                    width=c.lw(2.5),
                )
            leaf = _leaf(
                mxc, ya + (yb - ya) * 0.15, (yb - ya) * 0.9, cw * 0.12, math.pi / 2
            )
            d.polygon(leaf, fill=_a(_GILT, 235))

    # Gallery parapet across the whole width, label on the middle panel.
    gy0, gy1 = Y(0.87), h
    _paste_ramp(
        c.im,
        (0, gy0, w, gy1),
        ((0.0, (150, 100, 60)), (0.15, (112, 72, 40)), (1.0, (64, 40, 22))),
        vertical=True,
    )
    d.rectangle((0, gy0, w, gy0 + oh * 0.018), fill=_a(_WOOD_LIGHT, 255))
    d.line(
        (0, gy0 + oh * 0.018, w, gy0 + oh * 0.018), fill=_a(_GILT, 220), width=c.lw(2)
    )
    npan = max(3, round(w / (oh * 0.16)))
    if npan % 2 == 0:
        npan += 1
    pw = w / npan
    for i in range(npan):
        _panel(
            d,
            (
                i * pw + pw * 0.1,
                gy0 + oh * 0.03,
                (i + 1) * pw - pw * 0.1,
                gy1 - oh * 0.01,
            ),
            c.lw(3),
        )
    if label:
        mid_x = w / 2
        f = _fit_font("serif-bold", [label], pw * 2.4, oh * 0.03)
        _put(
            d,
            mid_x,
            (gy0 + oh * 0.03 + gy1) / 2,
            label,
            f,
            _a(_GILT, 245),
            align="c",
            base="middle",
        )


def _panel(d: ImageDraw.ImageDraw, box: Sequence[float], width: int) -> None:
    x0, y0, x1, y1 = box
    d.rectangle(box, fill=_a(_WOOD_DARK, 90))
    d.line([(x0, y1), (x0, y0), (x1, y0)], fill=_a(_WOOD_DARK, 230), width=width)
    d.line([(x1, y0), (x1, y1), (x0, y1)], fill=_a(_WOOD_LIGHT, 230), width=width)
    g = width * 2.5
    d.rectangle(
        (x0 + g, y0 + g, x1 - g, y1 - g),
        outline=_a(_GILT, 120),
        width=max(1, width // 2),
    )


def _cornice(c: _Ctx, x0: float, x1: float, y: float, hgt: float) -> None:
    """Moulded cornice: a projecting ovolo lit from above."""
    _paste_ramp(
        c.im,
        (x0, y - hgt, x1, y),
        ((0.0, _WOOD_LIGHT), (0.35, (160, 110, 66)), (0.7, _WOOD), (1.0, _WOOD_DARK)),
        vertical=True,
    )
    c.d.line((x0, y - hgt, x1, y - hgt), fill=_a(_GILT, 230), width=c.lw(2))
    c.d.line(
        (x0, y - hgt * 0.45, x1, y - hgt * 0.45), fill=_a(_GILT, 160), width=c.lw(1)
    )


def _organ_section(
    c: _Ctx,
    x0: float,
    x1: float,
    top: float,
    mouth: float,
    imp: float,
    n: int,
    tower: bool,
    oh: float,
) -> None:
    d = c.d
    sw = x1 - x0
    post = sw * 0.05
    # Dark void behind the pipes.
    d.rectangle((x0, top, x1, imp), fill=(26, 18, 12, 255))
    shade_h = oh * (0.055 if tower else 0.04)
    cornice_h = oh * (0.03 if tower else 0.024)
    field0, field1 = x0 + post, x1 - post
    pitch = (field1 - field0) / n
    pw = pitch * 0.8
    # Pipe lengths: towers peak in the middle, flats rise towards the centre
    # of the organ (mirrored by the section's position).
    centre_side = 1 if (x0 + x1) / 2 < c.w / 2 else -1
    for i in range(n):
        t = i / max(1, n - 1)
        if tower:
            prof = 1 - (2 * t - 1) ** 2
        else:
            prof = t if centre_side > 0 else 1 - t
        ptop = (
            top + cornice_h + shade_h * 0.5 + (1 - prof) * oh * (0.05 if tower else 0.1)
        )
        # Longer pipes are also wider (scaling), which the eye expects.
        pwi = pw * (0.78 + 0.22 * prof)
        px = field0 + pitch * i + (pitch - pwi) / 2
        _pipe(c, px, pwi, ptop, mouth, imp)
    # Pipe shade: carved, gilded openwork hanging over the pipe tops.
    sy0, sy1 = top + cornice_h, top + cornice_h + shade_h
    pts: list[Point] = [(x0, sy0), (x1, sy0), (x1, sy1)]
    nsc = max(2, n // 2 + 1)
    for k in range(nsc, -1, -1):
        sx = x0 + sw * k / nsc
        pts.append((sx, sy1))
        if k:
            pts.extend(
                _arc_pts(
                    sx - sw / nsc / 2, sy1, sw / nsc / 2, shade_h * 0.45, 0, math.pi, 10
                )[::-1][1:-1][::-1]
            )
    pts.append((x0, sy1))
    d.polygon(pts, fill=_a(_WOOD_DARK, 255))
    for k in range(nsc):
        cxs = x0 + sw * (k + 0.5) / nsc
        r = min(sw / nsc * 0.32, shade_h * 0.4)
        d.arc(
            (cxs - r, sy0 + shade_h * 0.1, cxs + r, sy0 + shade_h * 0.1 + 2 * r),
            200,
            340,
            fill=_a(_GILT, 235),
            width=c.lw(2.5),
        )
        d.arc(
            (
                cxs - r * 0.5,
                sy0 + shade_h * 0.3,
                cxs + r * 0.5,
                sy0 + shade_h * 0.3 + r,
            ),
            0,
            180,
            fill=_a(_GILT, 200),
            width=c.lw(2),
        )
    d.line(pts[2:], fill=_a(_GILT, 230), width=c.lw(2))
    # Posts framing the field.
    for px0 in (x0, x1 - post):
        _paste_ramp(
            c.im,
            (px0, top, px0 + post, imp),
            ((0.0, _WOOD_DARK), (0.4, _WOOD_LIGHT), (1.0, _WOOD_DARK)),
        )
    _cornice(c, x0 - sw * 0.03, x1 + sw * 0.03, top + cornice_h, cornice_h)
    # Crowning ornaments.
    cxm = (x0 + x1) / 2
    if tower:
        r = sw * 0.28
        d.chord(
            (cxm - r, top - r * 0.9, cxm + r, top + r * 0.9),
            180,
            360,
            fill=_a(_WOOD, 255),
            outline=_a(_GILT, 230),
            width=c.lw(3),
        )
        # Sunburst on the pediment.
        rs = r * 0.35
        for k in range(12):
            a = math.pi + math.pi * k / 11
            d.line(
                (
                    cxm,
                    top - rs * 0.2,
                    cxm + rs * 1.5 * math.cos(a),
                    top - rs * 0.2 + rs * 1.5 * math.sin(a),
                ),
                fill=_a(_GILT, 230),
                width=c.lw(2),
            )
        d.ellipse(
            (cxm - rs * 0.6, top - rs * 0.8, cxm + rs * 0.6, top + rs * 0.4),
            fill=_a(_GILT, 255),
        )
        for ux in (x0 + post * 0.5, x1 - post * 0.5):
            _urn(d, ux, top - oh * 0.002, sw * 0.11, c)
    else:
        _urn(d, cxm, top - oh * 0.002, sw * 0.12, c)


def _pipe(c: _Ctx, x: float, pw: float, top: float, mouth: float, imp: float) -> None:
    """One façade pipe: shaded body, mouth with upper lip, conical foot."""
    d = c.d
    body = (x, top, x + pw, mouth)
    _paste_ramp(c.im, body, _PIPE_METAL)
    lip = pw * 0.75
    lx0 = x + (pw - lip) / 2
    # Upper lip: a flattened arch, darker than the body.
    d.chord(
        (lx0, mouth - lip * 0.9, lx0 + lip, mouth + lip * 0.4),
        180,
        360,
        fill=(96, 98, 104, 220),
    )
    d.arc(
        (lx0, mouth - lip * 0.9, lx0 + lip, mouth + lip * 0.4),
        180,
        360,
        fill=(40, 40, 44, 230),
        width=max(1, round(pw * 0.05)),
    )
    # The mouth opening itself.
    mh = pw * 0.22
    d.rectangle((lx0, mouth - mh * 0.2, lx0 + lip, mouth + mh), fill=(18, 16, 14, 255))
    foot = [
        (x, mouth + mh),
        (x + pw, mouth + mh),
        (x + pw * 0.62, imp),
        (x + pw * 0.38, imp),
    ]
    _paste_ramp(c.im, (x, mouth + mh, x + pw, imp), _PIPE_METAL, polys=[foot])
    d.line(
        (lx0, mouth + mh, lx0 + lip, mouth + mh),
        fill=(50, 50, 54, 230),
        width=max(1, round(pw * 0.05)),
    )
    # Dark rim at the open top of the pipe.
    d.ellipse((x, top - pw * 0.08, x + pw, top + pw * 0.08), fill=(30, 30, 34, 255))


def _urn(d: ImageDraw.ImageDraw, cx: float, base: float, size: float, c: _Ctx) -> None:
    """Gilded finial vase on top of a cornice."""
    s = size
    body = [
        (cx - s * 0.25, base),
        (cx + s * 0.25, base),
        (cx + s * 0.15, base - s * 0.2),
        (cx + s * 0.42, base - s * 0.55),
        (cx + s * 0.3, base - s * 0.9),
        (cx + s * 0.1, base - s),
        (cx - s * 0.1, base - s),
        (cx - s * 0.3, base - s * 0.9),
        (cx - s * 0.42, base - s * 0.55),
        (cx - s * 0.15, base - s * 0.2),
    ]
    _paste_ramp(
        c.im,
        (cx - s * 0.42, base - s, cx + s * 0.42, base),
        ((0.0, (120, 88, 30)), (0.35, (250, 220, 130)), (1.0, (110, 80, 28))),
        polys=[body],
    )
    d.ellipse(
        (cx - s * 0.12, base - s * 1.3, cx + s * 0.12, base - s * 1.04),
        fill=_a(_GILT, 255),
    )
    d.line((cx, base - s * 1.04, cx, base - s), fill=_a(_GILT, 255), width=c.lw(2))


# ---------------------------------------------------------------------------
# Architectural elevations (buildings, fountain)
# ---------------------------------------------------------------------------

_PAPER_DARK = (228, 218, 196)
_PAPER_LIGHT = (246, 240, 226)
_SEPIA = (58, 44, 36)
_STONE_WASH = (222, 204, 172, 150)
_ROOF_WASH = (118, 124, 138, 120)
_TILE_WASH = (184, 104, 78, 120)
_GLASS_WASH = (64, 70, 84, 160)
_TIMBER_WASH = (104, 66, 42, 190)
_GREEN_WASH = (126, 150, 96, 120)


class _Elev:
    """Elevation drawing helper: x runs 0..1 across the drawing, y is height
    above the ground line in the same unit, so proportions are preserved at
    any image aspect."""

    def __init__(self, c: _Ctx, x0: float, ground: float, unit: float) -> None:
        self.c, self.d = c, c.d
        self.x0, self.g, self.s = x0, ground, unit
        self.lw = max(1, round(unit * 0.0016))

    def p(self, x: float, y: float) -> Point:
        return (self.x0 + x * self.s, self.g - y * self.s)

    def poly(
        self,
        pts: Sequence[Point],
        fill: Color | None = None,
        width: float = 1.0,
        ink: Color = _SEPIA,
    ) -> None:
        q = [self.p(x, y) for x, y in pts]
        if fill is not None:
            self.d.polygon(q, fill=fill)
        self.d.line(
            [*q, q[0]], fill=ink, width=max(1, round(self.lw * width)), joint="curve"
        )

    def line(
        self, pts: Sequence[Point], width: float = 1.0, ink: Color = _SEPIA
    ) -> None:
        self.d.line(
            [self.p(x, y) for x, y in pts],
            fill=ink,
            width=max(1, round(self.lw * width)),
            joint="curve",
        )

    def rect(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        fill: Color | None = None,
        width: float = 1.0,
    ) -> None:
        self.poly([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], fill, width)

    def arch_pts(
        self, x0: float, y0: float, x1: float, y1: float, top: str
    ) -> list[Point]:
        """Outline of an opening from sill y0 to apex y1."""
        wd = x1 - x0
        if top == "round":
            spring = y1 - wd / 2
            # y grows upwards here, so angles pi..0 trace the arch over the top.
            arc = _arc_pts((x0 + x1) / 2, spring, wd / 2, wd / 2, math.pi, 0, 12)
            return [(x0, y0), *arc, (x1, y0)]
        if top == "pointed":
            rise = wd * 0.866
            spring = y1 - rise
            left = [
                (x1 - wd * math.cos(a), spring + wd * math.sin(a))
                for a in (i * math.pi / 3 / 8 for i in range(9))
            ]
            right = [
                (x0 + wd * math.cos(a), spring + wd * math.sin(a))
                for a in (i * math.pi / 3 / 8 for i in range(8, -1, -1))
            ]
            return [(x0, y0), *left, *right[1:], (x1, y0)]
        return [(x0, y0), (x0, y1), (x1, y1), (x1, y0)]

    def window(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        top: str = "flat",
        bars: str = "cross",
        fill: Color = _GLASS_WASH,
    ) -> None:
        pts = self.arch_pts(x0, y0, x1, y1, top)
        self.poly(pts, fill)
        xm = (x0 + x1) / 2
        if bars == "cross":
            ym = y0 + (y1 - y0) * 0.62
            self.line(
                [(xm, y0), (xm, y1 - (x1 - x0) * (0.5 if top != "flat" else 0))], 0.7
            )
            self.line([(x0, ym), (x1, ym)], 0.7)
        elif bars == "mullion":
            self.line([(xm, y0), (xm, y1 - (x1 - x0) * 0.6)], 0.8)
        elif bars == "grid":
            for k in (1, 2):
                yk = y0 + (y1 - y0) * k / 3
                self.line([(x0, yk), (x1, yk)], 0.5)
            self.line([(xm, y0), (xm, y1)], 0.5)

    def hatch(
        self, x0: float, y0: float, x1: float, y1: float, step: float, alpha: int = 110
    ) -> None:
        a, b = self.p(x0, y1), self.p(x1, y0)
        _hatch_rect(
            self.d,
            (a[0], a[1], b[0], b[1]),
            step * self.s,
            _a(_SEPIA, alpha),
            max(1, round(self.lw * 0.6)),
        )

    def hlines(
        self,
        x0: float,
        x1: float,
        y0: float,
        y1: float,
        step: float,
        alpha: int = 70,
        top: tuple[float, float] | None = None,
    ) -> None:
        """Courses of tiles or stone; with ``top`` the lines are clipped to a
        trapezoid whose upper edge runs from top[0] to top[1]."""
        y = y0 + step
        while y < y1:
            t = (y - y0) / (y1 - y0)
            a = x0 + ((top[0] if top else x0) - x0) * t
            b = x1 + ((top[1] if top else x1) - x1) * t
            self.line([(a, y), (b, y)], 0.45, _a(_SEPIA, alpha))
            y += step

    def circle(
        self,
        x: float,
        y: float,
        r: float,
        fill: Color | None = None,
        width: float = 1.0,
    ) -> None:
        cx, cy = self.p(x, y)
        rr = r * self.s
        self.d.ellipse(
            (cx - rr, cy - rr, cx + rr, cy + rr),
            fill=fill,
            outline=_SEPIA,
            width=max(1, round(self.lw * width)),
        )

    def tree(self, x: float, r: float, h: float, rng: random.Random) -> None:
        """Ink tree: trunk and a scalloped crown (outline drawn once)."""
        self.rect(x - r * 0.07, 0, x + r * 0.07, h - r, (120, 90, 60, 120))
        blobs = [
            (
                x + rng.uniform(-0.55, 0.55) * r,
                h - r + rng.uniform(-0.45, 0.5) * r,
                r * rng.uniform(0.42, 0.6),
            )
            for _ in range(9)
        ]
        for bx, by, br in blobs:
            self.circle(bx, by, br, None, 1.0)
        for bx, by, br in blobs:
            cx, cy = self.p(bx, by)
            rr = br * self.s - self.lw
            self.d.ellipse((cx - rr, cy - rr, cx + rr, cy + rr), fill=(214, 218, 180))
        for bx, by, br in blobs:
            cx, cy = self.p(bx, by)
            rr = br * self.s - self.lw
            self.d.ellipse((cx - rr, cy - rr, cx + rr, cy + rr), fill=_GREEN_WASH)


def _paper(c: _Ctx) -> None:
    mw, mh = c.mid_size()
    mid = _texture(
        (mw, mh), _PAPER_DARK, _PAPER_LIGHT, c.rng_for("paper"), coarse=8, grain=0.25
    )
    c.begin(_vignette(mid, (180, 160, 120), 0.35))


def _drawing_frame(
    c: _Ctx,
    label: str,
    subtitle: str,
    metres: float,
    unit: float,
    x_scale0: float,
    ground: float,
) -> None:
    """Border, title cartouche and a metric scale bar below the ground line."""
    d, w, h = c.d, c.w, c.h
    m = c.u * 22
    d.rectangle((m, m, w - m, h - m), outline=_a(_SEPIA, 230), width=c.lw(2.2))
    d.rectangle(
        (m + c.u * 7, m + c.u * 7, w - m - c.u * 7, h - m - c.u * 7),
        outline=_a(_SEPIA, 200),
        width=c.lw(0.8),
    )
    # Title cartouche bottom right.
    tw = w * 0.34
    th = h * 0.085
    x1, y1 = w - m - c.u * 7, h - m - c.u * 7
    x0, y0 = x1 - tw, y1 - th
    d.rectangle(
        (x0, y0, x1, y1),
        fill=(246, 240, 226, 235),
        outline=_a(_SEPIA, 230),
        width=c.lw(1.2),
    )
    lf = _fit_font("serif-bold", [label], tw * 0.9, th * 0.36)
    _put(
        d,
        (x0 + x1) / 2,
        y0 + th * 0.3,
        label,
        lf,
        _a(_SEPIA, 245),
        align="c",
        base="middle",
    )
    sf = _fit_font("serif-italic", [subtitle], tw * 0.9, th * 0.22)
    _put(
        d,
        (x0 + x1) / 2,
        y0 + th * 0.72,
        subtitle,
        sf,
        _a(_SEPIA, 230),
        align="c",
        base="middle",
    )
    # Scale bar in metres, sized from the assumed width of the building.
    if metres > 0:
        px_per_m = unit / metres
        # Largest round step whose four segments span at most half the object.
        step = max([k for k in (1, 2, 5, 10, 20, 50) if 4 * k <= metres * 0.5] or [1])
        seg = px_per_m * step
        sx, sy = x_scale0, ground + (y0 - ground) * 0.55
        bh = c.u * 6
        f = _font("sans", c.u * 13)
        for k in range(4):
            fill = _a(_SEPIA, 230) if k % 2 == 0 else (246, 240, 226, 255)
            d.rectangle(
                (sx + seg * k, sy, sx + seg * (k + 1), sy + bh),
                fill=fill,
                outline=_a(_SEPIA, 230),
                width=c.lw(0.8),
            )
            if c.u * 13 >= _MIN_LEGIBLE:
                _put(
                    d,
                    sx + seg * k,
                    sy + bh * 1.6,
                    str(step * k),
                    f,
                    _a(_SEPIA, 230),
                    align="c",
                )
        if c.u * 13 >= _MIN_LEGIBLE:
            _put(
                d,
                sx + seg * 4,
                sy + bh * 1.6,
                f"{step * 4} m",
                f,
                _a(_SEPIA, 230),
                align="c",
            )


def _ground(e: _Elev, x0: float, x1: float) -> None:
    e.line([(x0, 0), (x1, 0)], 2.2)
    k = x0
    while k < x1:  # earth hatching below the ground line
        e.line([(k, -0.004), (k - 0.012, -0.016)], 0.5, _a(_SEPIA, 120))
        k += 0.014


def _render_building(c: _Ctx) -> None:
    sp = c.spec
    style = _s(sp, "style", "house").lower()
    builders: dict[
        str, tuple[Callable[[_Elev, random.Random], None], float, float, str]
    ] = {
        "castle": (_draw_castle, 0.66, 90.0, "Schloss"),
        "cathedral": (_draw_cathedral, 0.98, 60.0, "Dom"),
        "theatre": (_draw_theatre, 0.42, 45.0, "Theater"),
        "house": (_draw_house, 0.62, 32.0, "Haus"),
        "church": (_draw_church, 0.9, 40.0, "Kirche"),
    }
    draw, height, metres, noun = builders.get(style, builders["house"])
    label = _s(sp, "label", c.title)
    _paper(c)
    w, h = c.w, c.h
    area_w, area_h = w * 0.86, h * 0.72
    unit = min(area_w, area_h / height)
    x0 = (w - unit) / 2
    ground = h * 0.8
    e = _Elev(c, x0, ground, unit)
    _ground(e, -0.06, 1.06)
    draw(e, c.rng_for("building"))
    _drawing_frame(
        c,
        label,
        f"{noun} · Aufriss (Demonstrationszeichnung)",
        metres,
        unit,
        x0,
        ground,
    )


def _draw_castle(e: _Elev, rng: random.Random) -> None:
    """Renaissance palace: three storeys, Zwerchhäuser with volute gables,
    round stair towers with welsche Hauben.  Roof, window axes, gables and
    towers vary with the title, so different castles do not look cloned."""
    roof = rng.choice([_ROOF_WASH, _TILE_WASH])
    n_axes = rng.choice([11, 13, 15])
    gables = rng.choice([(0.3, 0.5, 0.7), (0.35, 0.65), (0.25, 0.42, 0.58, 0.75)])
    towers = rng.choice([(0.075, 0.925), (0.075, 0.925), (0.075,), (0.925,)])
    body_top = 0.22
    e.rect(0.13, 0, 0.87, body_top, _STONE_WASH, 1.3)
    e.rect(0.13, 0, 0.87, 0.025, (200, 184, 156, 120))
    for yy in (0.085, 0.15):
        e.line([(0.13, yy), (0.87, yy)], 0.8)
    # Hipped roof.
    e.poly(
        [(0.12, body_top), (0.88, body_top), (0.82, 0.36), (0.18, 0.36)],
        roof,
        1.3,
    )
    e.hlines(0.12, 0.88, body_top, 0.36, 0.012, 60, top=(0.18, 0.82))
    # Window axes.
    axes = [0.16 + 0.68 * (i + 0.5) / n_axes for i in range(n_axes)]
    for i, ax in enumerate(axes):
        for y0, y1 in ((0.035, 0.07), (0.098, 0.135), (0.163, 0.2)):
            if i == n_axes // 2 and y0 < 0.12:  # portal and coat of arms
                continue
            e.window(ax - 0.014, y0, ax + 0.014, y1, "flat", "cross")
    # Portal: round arch framed by radiating voussoirs and a keystone.
    e.window(0.475, 0, 0.525, 0.075, "round", "none", (70, 60, 54, 170))
    for k in range(9):
        a = math.pi * k / 8
        e.line(
            [
                (0.5 + 0.025 * math.cos(a), 0.05 + 0.025 * math.sin(a)),
                (0.5 + 0.036 * math.cos(a), 0.05 + 0.036 * math.sin(a)),
            ],
            0.7,
        )
    e.line(_arc_pts(0.5, 0.05, 0.036, 0.036, math.pi, 0, 16), 0.9)
    for sgn in (-1, 1):
        e.line([(0.5 + sgn * 0.036, 0.0), (0.5 + sgn * 0.036, 0.05)], 0.9)
    e.rect(0.494, 0.072, 0.506, 0.088, _STONE_WASH, 0.8)
    e.circle(0.5, 0.11, 0.012, (190, 150, 90, 150))
    # Zwerchhäuser: stepped gables with volutes.
    for gx in gables:
        tiers = [
            (0.06, 0.22, 0.285),
            (0.045, 0.285, 0.33),
            (0.03, 0.33, 0.37),
            (0.015, 0.37, 0.4),
        ]
        for hw, ya, yb in tiers:
            e.rect(gx - hw, ya, gx + hw, yb, _STONE_WASH)
        for (hw, _ya, yb), nxt in zip(
            tiers, [*tiers[1:], (0.0, 0.4, 0.4)], strict=True
        ):
            for sgn in (-1, 1):
                cx = gx + sgn * (nxt[0] + (hw - nxt[0]) / 2)
                r = (hw - nxt[0]) / 2
                pts = [
                    (cx + sgn * r * math.cos(a), yb + r * math.sin(a))
                    for a in (i * math.pi / 10 for i in range(11))
                ]
                e.poly(
                    [(gx + sgn * hw, yb), *pts[:6], (gx + sgn * nxt[0], yb)],
                    _STONE_WASH,
                    0.8,
                )
        e.line([(gx, 0.4), (gx, 0.43)], 1.2)
        e.circle(gx, 0.433, 0.004, _STONE_WASH)
        for k, (hw, ya, yb) in enumerate(tiers[:3]):
            n = 2 if k < 2 else 1
            for j in range(n):
                wx = gx + (j - (n - 1) / 2) * hw * 0.9
                e.window(wx - 0.008, ya + 0.012, wx + 0.008, yb - 0.01, "flat", "cross")
    # Round towers with bell-shaped caps, lantern and spire.
    for tx in towers:
        r = 0.055
        e.rect(tx - r, 0, tx + r, 0.4, _STONE_WASH, 1.3)
        e.hatch(tx + r * 0.4, 0, tx + r, 0.4, 0.006, 90)
        for yy in (0.1, 0.2, 0.3):
            e.line([(tx - r, yy), (tx + r, yy)], 0.7)
        for yy in (0.04, 0.14, 0.24, 0.33):
            e.window(tx - 0.01, yy, tx + 0.01, yy + 0.04, "round", "none")
        e.rect(tx - r - 0.006, 0.4, tx + r + 0.006, 0.41, _STONE_WASH)
        haube = [(tx - r, 0.41)]
        for i in range(1, 13):
            t = i / 12
            bulge = r * (1.0 + 0.25 * math.sin(math.pi * t * 1.2)) * (1 - t) ** 0.8
            haube.append((tx - max(bulge, r * 0.22), 0.41 + 0.11 * t))
        cap = [*haube, *[(2 * tx - x, y) for x, y in reversed(haube)]]
        e.poly(cap, _ROOF_WASH, 1.2)
        e.rect(tx - r * 0.24, 0.52, tx + r * 0.24, 0.56, _STONE_WASH)
        e.window(tx - r * 0.1, 0.527, tx + r * 0.1, 0.553, "round", "none")
        e.poly([(tx - r * 0.3, 0.56), (tx + r * 0.3, 0.56), (tx, 0.64)], _ROOF_WASH)
        e.line([(tx, 0.64), (tx, 0.665)], 1.0)
        e.circle(tx, 0.665, 0.004, (190, 150, 90, 160))
    for tx in (-0.03, 1.02):
        e.tree(tx, 0.06, 0.16, rng)


def _draw_cathedral(e: _Elev, rng: random.Random) -> None:
    """West front: two towers with helm spires, portal, rose window, aisles."""
    # Aisles with late Gothic windows.
    for a0, a1, outer in ((0.1, 0.29, 0.1), (0.71, 0.9, 0.9)):
        e.poly(
            [
                (a0, 0),
                (a1, 0),
                (a1, 0.26 if outer < 0.5 else 0.2),
                (a0, 0.2 if outer < 0.5 else 0.26),
            ],
            _STONE_WASH,
            1.2,
        )
        e.poly(
            [(a0 - 0.005, 0.2), (a1, 0.26), (a1, 0.28), (a0 - 0.005, 0.215)]
            if outer < 0.5
            else [(a0, 0.26), (a1 + 0.005, 0.2), (a1 + 0.005, 0.215), (a0, 0.28)],
            _TILE_WASH,
            0.9,
        )
        for k in range(2):
            wx = a0 + (a1 - a0) * (0.3 + 0.4 * k)
            e.window(wx - 0.022, 0.05, wx + 0.022, 0.17, "pointed", "mullion")
        e.line([(a0, 0.02), (a1, 0.02)], 0.7)
    # Nave gable between the towers.
    e.poly(
        [(0.42, 0), (0.58, 0), (0.58, 0.34), (0.5, 0.44), (0.42, 0.34)],
        _STONE_WASH,
        1.3,
    )
    for k, dw in enumerate((0.05, 0.042, 0.034)):
        e.window(
            0.5 - dw,
            0,
            0.5 + dw,
            0.13 - k * 0.008,
            "round",
            "none",
            (200, 184, 156, 120) if k < 2 else (70, 60, 54, 180),
        )
    e.circle(0.5, 0.235, 0.04, _GLASS_WASH, 1.2)
    e.circle(0.5, 0.235, 0.014, (200, 184, 156, 150), 0.8)
    for k in range(8):
        a = k * math.pi / 4
        e.line(
            [
                (0.5 + 0.014 * math.cos(a), 0.235 + 0.014 * math.sin(a)),
                (0.5 + 0.04 * math.cos(a), 0.235 + 0.04 * math.sin(a)),
            ],
            0.7,
        )
    # Arcade frieze under the gable.
    for k in range(6):
        ax = 0.425 + k * 0.025
        e.window(ax, 0.31, ax + 0.025, 0.335, "round", "none", (0, 0, 0, 0))
    # Twin towers.
    for t0 in (0.29, 0.58):
        t1 = t0 + 0.13
        e.rect(t0, 0, t1, 0.64, _STONE_WASH, 1.4)
        e.hatch(t1 - 0.03, 0, t1, 0.64, 0.007, 70)
        for yy in (0.18, 0.32, 0.45, 0.55, 0.64):
            e.rect(t0 - 0.004, yy - 0.006, t1 + 0.004, yy, (200, 184, 156, 160), 0.8)
        tc = (t0 + t1) / 2
        e.window(tc - 0.012, 0.07, tc + 0.012, 0.13, "round", "none")
        e.window(tc - 0.012, 0.22, tc + 0.012, 0.28, "round", "none")
        for yy0, yy1 in ((0.36, 0.43), (0.47, 0.535)):
            for sgn in (-1, 1):
                cx2 = tc + sgn * 0.025
                e.window(cx2 - 0.017, yy0, cx2 + 0.017, yy1, "round", "mullion")
        for k in range(5):  # Lombard band under the eaves
            ax = t0 + k * 0.026
            e.window(ax, 0.6, ax + 0.026, 0.625, "round", "none", (0, 0, 0, 0))
        e.poly([(t0 - 0.006, 0.64), (t1 + 0.006, 0.64), (tc, 0.95)], _ROOF_WASH, 1.3)
        e.line([(t0 + 0.03, 0.64), (tc, 0.95)], 0.6)
        e.line([(tc, 0.95), (tc, 0.985)], 1.1)
        e.line([(tc - 0.008, 0.972), (tc + 0.008, 0.972)], 1.1)
        e.circle(tc, 0.955, 0.004, (190, 150, 90, 160))
    for tx in (0.02, 0.98):
        e.tree(tx, 0.07, 0.2, rng)


def _draw_theatre(e: _Elev, rng: random.Random) -> None:
    """Small classicist theatre: portico with pediment, side wings."""
    for w0, w1 in ((0.08, 0.3), (0.7, 0.92)):
        e.rect(w0, 0, w1, 0.17, _STONE_WASH, 1.2)
        e.poly(
            [
                (w0 - 0.005, 0.17),
                (w1 + 0.005, 0.17),
                (w1 - 0.03, 0.24),
                (w0 + 0.03, 0.24),
            ],
            _TILE_WASH,
            1.1,
        )
        e.line([(w0, 0.085), (w1, 0.085)], 0.7)
        for k in range(3):
            wx = w0 + (w1 - w0) * (k + 0.5) / 3
            e.window(wx - 0.018, 0.02, wx + 0.018, 0.07, "flat", "grid")
            e.window(wx - 0.016, 0.105, wx + 0.016, 0.15, "flat", "grid")
            e.poly([(wx - 0.022, 0.072), (wx + 0.022, 0.072), (wx, 0.082)], None, 0.7)
    e.rect(0.3, 0, 0.7, 0.25, _STONE_WASH, 1.3)
    e.poly([(0.29, 0.25), (0.71, 0.25), (0.66, 0.36), (0.34, 0.36)], _TILE_WASH, 1.2)
    # Steps and portico.
    for k in range(3):
        e.rect(
            0.33 - k * 0.01,
            0.01 * k,
            0.67 + k * 0.01,
            0.01 * (k + 1),
            (200, 184, 156, 160),
            0.7,
        )
    cols = 6
    for k in range(cols):
        cx = 0.355 + k * (0.29 / (cols - 1))
        e.rect(cx - 0.016, 0.03, cx + 0.016, 0.038, _STONE_WASH, 0.8)
        e.poly(
            [
                (cx - 0.012, 0.038),
                (cx + 0.012, 0.038),
                (cx + 0.01, 0.2),
                (cx - 0.01, 0.2),
            ],
            (240, 232, 214, 220),
            1.0,
        )
        e.line([(cx + 0.004, 0.04), (cx + 0.004, 0.198)], 0.4, _a(_SEPIA, 120))
        e.rect(cx - 0.016, 0.2, cx + 0.016, 0.21, _STONE_WASH, 0.8)
    e.window(0.47, 0.03, 0.53, 0.13, "round", "none", (70, 60, 54, 170))
    for wx in (0.4, 0.6):
        e.window(wx - 0.018, 0.06, wx + 0.018, 0.13, "flat", "grid")
    e.rect(0.33, 0.21, 0.67, 0.25, _STONE_WASH, 1.1)
    e.poly([(0.325, 0.25), (0.675, 0.25), (0.5, 0.315)], _STONE_WASH, 1.2)
    e.poly([(0.35, 0.256), (0.65, 0.256), (0.5, 0.305)], None, 0.6)
    e.circle(0.5, 0.275, 0.012, (190, 150, 90, 130), 0.8)
    text = "THEATER"
    f = _fit_font("serif-bold", [text], 0.28 * e.s, 0.028 * e.s)
    x, y = e.p(0.5, 0.23)
    _put(e.d, x, y, text, f, _a(_SEPIA, 230), align="c", base="middle")
    for tx in (0.0, 1.0):
        e.tree(tx, 0.07, 0.22, rng)


def _draw_house(e: _Elev, rng: random.Random) -> None:
    """Half-timbered gabled town house between two eaves-fronted neighbours
    (whose height, colour, roof and windows vary with the title)."""
    walls = [
        (226, 214, 190, 140),
        (232, 200, 170, 150),
        (214, 216, 206, 150),
        (236, 222, 170, 150),
    ]
    for n0, n1 in ((0.02, 0.29), (0.71, 0.98)):
        hgt = rng.uniform(0.19, 0.25)
        roof = rng.choice([_TILE_WASH, _TILE_WASH, _ROOF_WASH])
        n_win = rng.randint(3, 5)
        e.rect(n0, 0, n1, hgt, rng.choice(walls), 1.1)
        e.poly(
            [
                (n0 - 0.01, hgt),
                (n1 + 0.01, hgt),
                (n1 - 0.05, hgt + 0.14),
                (n0 + 0.05, hgt + 0.14),
            ],
            roof,
            1.1,
        )
        e.hlines(
            n0 - 0.01, n1 + 0.01, hgt, hgt + 0.14, 0.014, 60, top=(n0 + 0.05, n1 - 0.05)
        )
        for k in range(n_win):
            wx = n0 + (n1 - n0) * (k + 0.5) / n_win
            for y0 in (0.03, 0.12):
                e.window(wx - 0.018, y0, wx + 0.018, y0 + 0.055, "flat", "cross")
        dx = (n0 + n1) / 2
        e.poly(
            [
                (dx + 0.005, 0.14 + 0.08 + hgt * 0.1),
                (dx + 0.035, 0.14 + 0.08 + hgt * 0.1),
                (dx + 0.02, 0.14 + 0.1 + hgt * 0.1),
            ],
            roof,
            0.6,
        )
    # Stone ground floor.
    e.rect(0.3, 0, 0.7, 0.12, _STONE_WASH, 1.3)
    e.window(0.46, 0, 0.54, 0.1, "round", "none", (104, 66, 42, 200))
    for wx in (0.35, 0.62):
        e.window(wx - 0.025, 0.03, wx + 0.025, 0.09, "flat", "cross")
    # Two jettied timber storeys and the gable.
    storeys = [(0.29, 0.71, 0.12, 0.22), (0.28, 0.72, 0.22, 0.32)]
    for x0, x1, y0, y1 in storeys:
        e.rect(x0, y0, x1, y1, (238, 228, 206, 230), 1.2)
        e.rect(x0, y0, x1, y0 + 0.012, _TIMBER_WASH, 0.8)
        e.rect(x0, y1 - 0.01, x1, y1, _TIMBER_WASH, 0.8)
        n = 8
        for k in range(n + 1):
            px = x0 + (x1 - x0) * k / n
            e.rect(px - 0.006, y0, px + 0.006, y1, _TIMBER_WASH, 0.6)
        for k in range(n):
            bx0 = x0 + (x1 - x0) * k / n
            bx1 = x0 + (x1 - x0) * (k + 1) / n
            if k in (0, n - 1):  # corner braces forming the "Mann" figure
                e.poly(
                    [
                        (bx0 + 0.006, y0 + 0.012),
                        (bx0 + 0.016, y0 + 0.012),
                        (bx1 - 0.006, y1 - 0.02),
                        (bx1 - 0.006, y1 - 0.01),
                        (bx1 - 0.016, y1 - 0.01),
                        (bx0 + 0.006, y0 + 0.022),
                    ]
                    if k == 0
                    else [
                        (bx1 - 0.006, y0 + 0.012),
                        (bx1 - 0.016, y0 + 0.012),
                        (bx0 + 0.006, y1 - 0.02),
                        (bx0 + 0.006, y1 - 0.01),
                        (bx0 + 0.016, y1 - 0.01),
                        (bx1 - 0.006, y0 + 0.022),
                    ],
                    _TIMBER_WASH,
                    0.6,
                )
            else:
                wx = (bx0 + bx1) / 2
                e.window(wx - 0.017, y0 + 0.03, wx + 0.017, y1 - 0.025, "flat", "cross")
                e.line([(bx0 + 0.006, y0 + 0.024), (bx1 - 0.006, y0 + 0.024)], 1.0)
    gx0, gx1, gy, apex = 0.27, 0.73, 0.32, 0.6
    e.poly([(gx0, gy), (gx1, gy), (0.5, apex)], (238, 228, 206, 230), 1.3)

    def half_at(yy: float) -> float:
        return (gx1 - gx0) / 2 * (apex - yy) / (apex - gy)

    levels = [gy, gy + (apex - gy) * 0.4, gy + (apex - gy) * 0.72]
    for yy in levels[1:]:  # collar beams
        hw = half_at(yy)
        e.rect(0.5 - hw, yy - 0.006, 0.5 + hw, yy + 0.006, _TIMBER_WASH, 0.6)
    spans = zip(levels, [*levels[1:], apex], strict=True)
    for (ya, yb), npost in zip(spans, (6, 4, 0), strict=True):
        hw = half_at(yb)
        for k in range(npost + 1):  # posts between sill and collar beam
            px = 0.5 - hw + 2 * hw * k / npost if npost else 0.5
            e.rect(px - 0.006, ya, px + 0.006, yb, _TIMBER_WASH, 0.6)
        if npost:
            for k in range(npost):
                wx = 0.5 - hw + 2 * hw * (k + 0.5) / npost
                if k in (0, npost - 1):  # braces in the outer fields
                    sgn = 1 if k == 0 else -1
                    e.line(
                        [
                            (wx - sgn * hw / npost * 0.8, ya + 0.01),
                            (wx + sgn * hw / npost * 0.8, yb - 0.01),
                        ],
                        3.0,
                        _TIMBER_WASH,
                    )
                elif npost == 6 or k == 1 or k == 2:
                    e.window(
                        wx - 0.014, ya + 0.022, wx + 0.014, yb - 0.018, "flat", "cross"
                    )
    # Roof edge boards along the gable.
    e.line(
        [(gx0 - 0.015, gy - 0.01), (0.5, 0.615), (gx1 + 0.015, gy - 0.01)],
        3.0,
        _TIMBER_WASH,
    )
    e.tree(0.995, 0.05, 0.15, rng)


def _draw_church(e: _Elev, rng: random.Random) -> None:
    """Town church seen from the south: nave, apse and west tower."""
    e.rect(0.3, 0, 0.84, 0.18, _STONE_WASH, 1.3)
    e.poly([(0.295, 0.18), (0.845, 0.18), (0.8, 0.32), (0.34, 0.32)], _TILE_WASH, 1.2)
    e.hlines(0.295, 0.845, 0.18, 0.32, 0.013, 60, top=(0.34, 0.8))
    for k in range(5):
        wx = 0.36 + k * 0.1
        e.window(wx - 0.022, 0.05, wx + 0.022, 0.15, "pointed", "mullion")
        e.poly(
            [
                (wx + 0.044, 0),
                (wx + 0.056, 0),
                (wx + 0.056, 0.1),
                (wx + 0.05, 0.125),
                (wx + 0.044, 0.125),
            ],
            _STONE_WASH,
            0.8,
        )
    e.rect(0.84, 0, 0.92, 0.14, _STONE_WASH, 1.2)
    e.hatch(0.89, 0, 0.92, 0.14, 0.006, 80)
    e.poly([(0.835, 0.14), (0.925, 0.14), (0.84, 0.22)], _TILE_WASH, 1.1)
    e.window(0.865, 0.04, 0.895, 0.11, "pointed", "none")
    # Tower.
    e.rect(0.14, 0, 0.3, 0.46, _STONE_WASH, 1.4)
    e.hatch(0.26, 0, 0.3, 0.46, 0.007, 70)
    for yy in (0.15, 0.3, 0.46):
        e.rect(0.136, yy - 0.006, 0.304, yy, (200, 184, 156, 160), 0.8)
    e.window(0.19, 0, 0.25, 0.1, "pointed", "none", (104, 66, 42, 200))
    e.window(0.205, 0.18, 0.235, 0.25, "round", "none")
    for sgn in (-1, 1):
        wx = 0.22 + sgn * 0.03
        e.window(wx - 0.018, 0.34, wx + 0.018, 0.43, "round", "grid", (80, 70, 60, 140))
    e.circle(0.22, 0.27, 0.018, (240, 232, 214, 220))
    e.line([(0.22, 0.27), (0.22, 0.282)], 0.8)
    e.line([(0.22, 0.27), (0.229, 0.27)], 0.8)
    e.poly([(0.13, 0.46), (0.31, 0.46), (0.22, 0.82)], _ROOF_WASH, 1.3)
    e.line([(0.22, 0.82), (0.22, 0.87)], 1.2)
    e.line([(0.207, 0.852), (0.233, 0.852)], 1.2)
    for tx in (0.03, 0.99):
        e.tree(tx, 0.065, 0.2, rng)


# -- fountain ---------------------------------------------------------------


def _render_fountain(c: _Ctx) -> None:
    label = _s(c.spec, "label", c.title)
    _paper(c)
    w, h = c.w, c.h
    height = 0.94
    unit = min(w * 0.8, h * 0.72 / height)
    x0 = (w - unit) / 2
    ground = h * 0.8
    e = _Elev(c, x0, ground, unit)
    _ground(e, -0.08, 1.08)
    _draw_fountain(e, c.rng_for("fountain"))
    _drawing_frame(
        c, label, "Brunnen · Aufriss (Demonstrationszeichnung)", 9.0, unit, x0, ground
    )


def _draw_fountain(e: _Elev, rng: random.Random) -> None:
    """Renaissance fountain: octagonal basin, column, upper bowl and a Neptune
    with trident on top."""
    water = (120, 160, 190, 150)
    e.rect(0.08, 0, 0.92, 0.015, (200, 184, 156, 160), 1.0)
    e.rect(0.11, 0.015, 0.89, 0.03, (210, 194, 166, 160), 1.0)
    # Basin: three visible faces of the octagon.
    e.rect(0.15, 0.03, 0.85, 0.14, _STONE_WASH, 1.3)
    for fx0, fx1 in ((0.15, 0.33), (0.33, 0.67), (0.67, 0.85)):
        e.rect(fx0, 0.03, fx1, 0.14, None, 1.0)
        e.rect(fx0 + 0.02, 0.05, fx1 - 0.02, 0.12, (210, 194, 166, 120), 0.7)
        cx = (fx0 + fx1) / 2
        if fx1 - fx0 > 0.2:  # a cartouche with a coat of arms on the main face
            e.poly(
                [
                    (cx - 0.035, 0.11),
                    (cx + 0.035, 0.11),
                    (cx + 0.035, 0.075),
                    (cx, 0.055),
                    (cx - 0.035, 0.075),
                ],
                (190, 150, 90, 120),
                0.8,
            )
            e.line([(cx, 0.11), (cx, 0.06)], 0.6)
        else:
            e.circle(cx, 0.085, 0.022, (210, 194, 166, 150), 0.7)
    e.hatch(0.67, 0.03, 0.85, 0.14, 0.008, 70)
    e.rect(0.14, 0.14, 0.86, 0.16, (226, 212, 184, 200), 1.2)
    # Column with pedestal, bands and capital.
    e.rect(0.44, 0.16, 0.56, 0.25, _STONE_WASH, 1.2)
    e.rect(0.43, 0.16, 0.57, 0.175, _STONE_WASH, 0.9)
    e.rect(0.43, 0.235, 0.57, 0.25, _STONE_WASH, 0.9)
    e.poly([(0.475, 0.25), (0.525, 0.25), (0.52, 0.42), (0.48, 0.42)], _STONE_WASH, 1.2)
    for yy in (0.3, 0.36):
        e.rect(0.474, yy, 0.526, yy + 0.01, _STONE_WASH, 0.8)
    e.poly(
        [(0.475, 0.42), (0.525, 0.42), (0.545, 0.445), (0.455, 0.445)], _STONE_WASH, 1.0
    )
    # Upper bowl with lion-mask spouts and water arcs into the basin.
    bowl = [
        (0.38, 0.475),
        (0.62, 0.475),
        (0.6, 0.46),
        *[
            (0.5 + 0.1 * math.cos(a), 0.46 - 0.015 * math.sin(a))
            for a in (i * math.pi / 10 for i in range(11))
        ],
        (0.4, 0.46),
    ]
    e.poly(bowl, _STONE_WASH, 1.2)
    e.rect(0.37, 0.475, 0.63, 0.485, (226, 212, 184, 200), 1.0)
    for sgn in (-1, 1):
        sx = 0.5 + sgn * 0.1
        e.circle(sx, 0.465, 0.008, (190, 150, 90, 150), 0.7)
        pts = []
        for i in range(13):
            t = i / 12
            pts.append((sx + sgn * 0.22 * t, 0.46 - 0.3 * t * t))
        for k in range(3):
            e.line(
                [(x + sgn * 0.004 * k, y + 0.002 * k) for x, y in pts],
                0.8,
                _a(water, 200),
            )
        for k in range(4):
            rx = sx + sgn * (0.2 + 0.012 * k)
            e.line(
                [(rx - 0.01, 0.163 + 0.004 * k), (rx + 0.01, 0.163 + 0.004 * k)],
                0.6,
                _a(water, 200),
            )
    e.rect(0.47, 0.485, 0.53, 0.5, _STONE_WASH, 0.9)
    _neptune(e, 0.5, 0.5, 0.36, rng)
    for tx in (-0.03, 1.03):
        e.tree(tx, 0.08, 0.3, rng)


def _neptune(e: _Elev, cx: float, base: float, hgt: float, rng: random.Random) -> None:
    """Bronze silhouette of Neptune, crowned, with the trident raised."""
    bronze = (62, 70, 62, 235)

    def F(pts: Sequence[Point]) -> list[Point]:
        return [(cx + x * hgt, base + y * hgt) for x, y in pts]

    body = [
        (-0.06, 0.0),
        (-0.02, 0.0),
        (-0.015, 0.22),
        (0.0, 0.3),
        (0.02, 0.22),
        (0.05, 0.0),
        (0.09, 0.0),
        (0.065, 0.26),
        (0.06, 0.46),
        (0.09, 0.52),
        (0.11, 0.62),
        (0.14, 0.74),
        (0.155, 0.82),
        (0.135, 0.83),
        (0.11, 0.74),
        (0.075, 0.66),
        (0.06, 0.72),
        (0.035, 0.76),
        (0.03, 0.8),
        (0.045, 0.84),
        (0.04, 0.9),
        (0.0, 0.93),
        (-0.04, 0.9),
        (-0.045, 0.84),
        (-0.03, 0.79),
        (-0.04, 0.76),
        (-0.075, 0.72),
        (-0.09, 0.62),
        (-0.11, 0.52),
        (-0.13, 0.45),
        (-0.1, 0.43),
        (-0.07, 0.5),
        (-0.065, 0.46),
        (-0.07, 0.26),
    ]
    e.poly(F(body), bronze, 0.8)
    # Crown spikes.
    crown = [
        (-0.04, 0.9),
        (-0.035, 0.96),
        (-0.02, 0.92),
        (0.0, 0.98),
        (0.02, 0.92),
        (0.035, 0.96),
        (0.04, 0.9),
    ]
    e.poly(F(crown), bronze, 0.6)
    # Beard.
    e.poly(F([(-0.035, 0.83), (0.035, 0.83), (0.0, 0.77)]), bronze, 0.6)
    # Trident held high in the right hand.
    e.line(F([(0.145, 0.58), (0.145, 1.15)]), 2.2, bronze)
    e.line(F([(0.115, 1.1), (0.175, 1.1)]), 1.8, bronze)
    for px in (0.115, 0.145, 0.175):
        e.poly(F([(px - 0.008, 1.1), (px + 0.008, 1.1), (px, 1.17)]), bronze, 0.5)


# ---------------------------------------------------------------------------
# Site plan (industrial works)
# ---------------------------------------------------------------------------

_PLAN_INK = (52, 46, 42)
_PLAN_BUILDING = (224, 208, 180)
_PLAN_ADMIN = (196, 124, 102)
_PLAN_TANK = (204, 214, 222)
_PLAN_GREEN = (190, 208, 162)
_PLAN_WATER = (170, 202, 222)
_PLAN_BANK = (62, 104, 146)
_PLAN_PIPE = (176, 60, 48)
_PLAN_ROAD = (250, 247, 238)

_PLANT_NAMES = (
    "Ammoniak",
    "Methanol",
    "Kesselhaus",
    "Kraftwerk",
    "Gaserzeugung",
    "Werkstatt",
    "Hydrierung",
    "Kontaktöfen",
    "Schwefelsäure",
    "Labor",
    "Magazin",
    "Kompressoren",
    "Wasserwerk",
    "Salpetersäure",
    "Sulfat",
    "Lager",
    "Gasreinigung",
    "Destillation",
    "Pumpenhaus",
    "Umformer",
    "Feuerwache",
    "Kantine",
)


def _rail(
    d: ImageDraw.ImageDraw,
    pts: Sequence[Point],
    width: int,
    tie_step: float,
    tie_len: float,
    fill: Color = (34, 34, 34, 255),
) -> None:
    """Railway track: a line with cross ties at regular spacing."""
    d.line(list(pts), fill=fill, width=width, joint="curve")
    carry = 0.0
    for (ax, ay), (bx, by) in zip(pts, pts[1:], strict=False):
        seg = math.hypot(bx - ax, by - ay)
        if seg <= 0:
            continue
        ux, uy = (bx - ax) / seg, (by - ay) / seg
        pos = tie_step - carry
        while pos < seg:
            tx, ty = ax + ux * pos, ay + uy * pos
            d.line(
                (
                    tx - uy * tie_len,
                    ty + ux * tie_len,
                    tx + uy * tie_len,
                    ty - ux * tie_len,
                ),
                fill=fill,
                width=max(1, width // 2),
            )
            pos += tie_step
        carry = seg - (pos - tie_step)


def _plan_style(item: str, index: int) -> str:
    """Pick a legend swatch for a legend text by keyword, else by position."""
    low = item.lower()
    for keys, style in (
        (("tank", "behälter", "gasometer"), "tank"),
        (("gleis", "bahn", "schiene"), "rail"),
        (("rohr", "leitung"), "pipe"),
        (("verwalt", "büro", "direktion", "wohn", "sozial"), "admin"),
        (("grün", "wald", "park", "garten"), "green"),
        (("straß", "weg", "strasse"), "road"),
        (("wasser", "saale", "fluss", "gewässer"), "water"),
        (("kühl",), "cooling"),
        (("lager", "halle", "speicher"), "hatched"),
        (("produktion", "anlage", "fabrik", "betrieb", "bau"), "building"),
    ):
        if any(k in low for k in keys):
            return style
    order = ("building", "tank", "rail", "pipe", "admin", "green", "hatched", "road")
    return order[index % len(order)]


_FLOOR_WORDS = (
    "grundriss",
    "chor",
    "querhaus",
    "langhaus",
    "kreuzgang",
    "bühne",
    "zuschauer",
    "foyer",
    "kirche",
    "kapelle",
)
_DIG_WORDS = (
    "gräberfeld",
    "grabung",
    "befund",
    "fundstelle",
    "bestattung",
    "grab ",
    "gräber",
)


def _render_plan(c: _Ctx) -> None:
    """Plans come in three flavours, picked from an explicit ``variant`` key or
    from the words of label, title and legend, so that a cathedral's ground
    plan or an excavation plan do not turn into a factory site."""
    sp = c.spec
    variant = _s(sp, "variant").lower()
    if variant not in ("site", "floor", "excavation"):
        text = (
            " ".join(
                [_s(sp, "label"), c.title, *_str_list(sp.get("legend_items"))]
            ).lower()
            + " "
        )
        if any(wd in text for wd in _DIG_WORDS):
            variant = "excavation"
        elif any(wd in text for wd in _FLOOR_WORDS):
            variant = "floor"
        else:
            variant = "site"
    if variant == "floor":
        _render_floor_plan(c)
    elif variant == "excavation":
        _render_excavation_plan(c)
    else:
        _render_site_plan(c)


def _render_site_plan(c: _Ctx) -> None:
    sp = c.spec
    label = _s(sp, "label", c.title)
    items = [x for x in _str_list(sp.get("legend_items")) if x.strip()] or [
        "Produktionsanlagen",
        "Tanklager",
        "Gleisanlagen",
        "Rohrbrücken",
        "Verwaltung",
        "Grünflächen",
    ]
    rng = random.Random(zlib.crc32(f"plan:{_int(sp.get('seed'), 0)}".encode(), c.seed))
    mw, mh = c.mid_size()
    mid = _texture(
        (mw, mh),
        (226, 220, 200),
        (246, 242, 230),
        c.rng_for("paper"),
        coarse=8,
        grain=0.2,
    )
    c.begin(_vignette(mid, (190, 176, 140), 0.3))
    d, w, h, u = c.d, c.w, c.h, c.u
    m = u * 18
    ax0, ay0, ax1, ay1 = m * 2.6, m * 2.6, w - m * 2.6, h - m * 2.6
    aw, ah = ax1 - ax0, ay1 - ay0

    def X(f: float) -> float:
        return ax0 + f * aw

    def Y(f: float) -> float:
        return ay0 + f * ah

    lw = c.lw(1.0)
    ink = _a(_PLAN_INK, 255)

    # Coordinate grid with letters/numbers in the margin.
    cell = min(aw, ah) / 14
    ncol, nrow = int(aw // cell) + 1, int(ah // cell) + 1
    gf = _font("sans", u * 11)
    for i in range(ncol + 1):
        gx = ax0 + i * cell
        if gx <= ax1:
            d.line((gx, ay0, gx, ay1), fill=(110, 135, 170, 55), width=lw)
        if i < ncol and ax0 + (i + 0.5) * cell < ax1:
            for gy in (ay0 - m * 1.2, ay1 + m * 1.2):
                _put(
                    d,
                    ax0 + (i + 0.5) * cell,
                    gy,
                    _col_name(i),
                    gf,
                    ink,
                    align="c",
                    base="middle",
                )
    for j in range(nrow + 1):
        gy = ay0 + j * cell
        if gy <= ay1:
            d.line((ax0, gy, ax1, gy), fill=(110, 135, 170, 55), width=lw)
        if j < nrow and ay0 + (j + 0.5) * cell < ay1:
            for gx in (ax0 - m * 1.2, ax1 + m * 1.2):
                _put(
                    d,
                    gx,
                    ay0 + (j + 0.5) * cell,
                    str(j + 1),
                    gf,
                    ink,
                    align="c",
                    base="middle",
                )

    # River Saale along the east side, with meadows on its banks.
    ph1, ph2 = rng.uniform(0, 6.3), rng.uniform(0, 6.3)
    centre = [
        (
            X(
                0.895
                + 0.03 * math.sin(2 * math.pi * 1.2 * t + ph1)
                + 0.012 * math.sin(2 * math.pi * 3.1 * t + ph2)
            ),
            Y(t),
        )
        for t in (i / 40 for i in range(41))
    ]
    centre = _catmull(centre, 6)

    def clip(pts: Sequence[Point]) -> list[Point]:
        # Keep river shapes inside the neat line (they run off top and bottom).
        return [(min(ax1, max(ax0, x)), min(ay1, max(ay0, y))) for x, y in pts]

    rw_px = aw * 0.034
    left = _offset_line(centre, -rw_px / 2)
    right = _offset_line(centre, rw_px / 2)
    meadow_l = _offset_line(centre, -rw_px * 2.2)
    meadow_r = _offset_line(centre, rw_px * 2.0)
    d.polygon(clip([*meadow_l, *reversed(meadow_r)]), fill=_a(_PLAN_GREEN, 150))
    for _ in range(900):  # marsh tufts
        t = rng.random()
        idx = min(len(centre) - 1, int(t * (len(centre) - 1)))
        side = rng.choice((-1, 1))
        off = side * rw_px * rng.uniform(0.7, 2.0)
        px, py = _offset_line(centre[max(0, idx - 1) : idx + 2], off)[min(1, idx)]
        r = u * 1.6
        if not (ay0 + r < py < ay1 - r):
            continue
        d.line((px - r, py, px, py - r, px + r, py), fill=(96, 130, 80, 170), width=lw)
    d.polygon(clip([*left, *reversed(right)]), fill=_a(_PLAN_WATER, 255))
    for k in (0.25, 0.5, 0.75):
        d.line(
            clip(_offset_line(centre, (k - 0.5) * rw_px)),
            fill=(120, 160, 196, 170),
            width=lw,
        )
    for bank in (left, right):
        d.line(clip(bank), fill=_a(_PLAN_BANK, 255), width=c.lw(2))
    rf = _font("serif-italic", u * 34)
    for t in (0.22, 0.62):
        px, py = centre[int(t * (len(centre) - 1))]
        _rotated_text(c.im, px, py, "Saale", rf, _PLAN_BANK, 90)

    # Street grid.
    xs = [0.035]
    while xs[-1] < 0.76:
        xs.append(min(0.8, xs[-1] + rng.uniform(0.075, 0.12)))
    ys = [0.03]
    while ys[-1] < 0.9:
        ys.append(min(0.97, ys[-1] + rng.uniform(0.1, 0.16)))
    main_x = rng.randrange(1, len(xs) - 1)
    main_y = rng.randrange(1, len(ys) - 1)
    rail_rows = {j for j in range(1, len(ys) - 1) if rng.random() < 0.45} | {0}
    road = aw * 0.0055

    def road_w(main: bool) -> float:
        return road * (1.7 if main else 1.0)

    roads = []
    for i, x in enumerate(xs):
        rw2 = road_w(i == main_x) / 2
        roads.append(
            (X(x) - rw2, Y(ys[0]) - road / 2, X(x) + rw2, Y(ys[-1]) + road / 2)
        )
    for j, y in enumerate(ys):
        rw2 = road_w(j == main_y) / 2
        roads.append(
            (X(xs[0]) - road / 2, Y(y) - rw2, X(xs[-1]) + road / 2, Y(y) + rw2)
        )
    edge = c.lw(1.2)
    for r in roads:
        d.rectangle(
            (r[0] - edge, r[1] - edge, r[2] + edge, r[3] + edge),
            fill=(130, 120, 106, 255),
        )
    for r in roads:
        d.rectangle(r, fill=_a(_PLAN_ROAD, 255))

    # Blocks between the streets, recursively split into plots.
    rail_strip = ah * 0.012
    leaves: list[tuple[float, float, float, float]] = []
    for i in range(len(xs) - 1):
        for j in range(len(ys) - 1):
            bx0 = X(xs[i]) + road_w(i == main_x) / 2 + road * 0.5
            bx1 = X(xs[i + 1]) - road_w(i + 1 == main_x) / 2 - road * 0.5
            by0 = Y(ys[j]) + road_w(j == main_y) / 2 + road * 0.5
            by1 = Y(ys[j + 1]) - road_w(j + 1 == main_y) / 2 - road * 0.5
            if j in rail_rows:
                by0 += rail_strip
            _split_plot(rng, (bx0, by0, bx1, by1), 0, aw, leaves)

    names = list(_PLANT_NAMES)
    rng.shuffle(names)
    number = 10
    lf_max = u * 13
    hatch_step = aw * 0.0032
    for bx0, by0, bx1, by1 in leaves:
        kind = rng.random()
        pw, ph = bx1 - bx0, by1 - by0
        inset = min(pw, ph) * rng.uniform(0.06, 0.16)
        x0, y0, x1, y1 = bx0 + inset, by0 + inset, bx1 - inset, by1 - inset
        number += rng.randint(1, 9)
        name = f"Bau {number}"
        if kind < 0.6:
            admin = rng.random() < 0.08
            fill = _PLAN_ADMIN if admin else _PLAN_BUILDING
            lshape = rng.random() < 0.25 and min(x1 - x0, y1 - y0) > aw * 0.02
            if lshape:
                cutx, cuty = x0 + (x1 - x0) * 0.55, y0 + (y1 - y0) * 0.5
                poly = [
                    (x0, y0),
                    (x1, y0),
                    (x1, cuty),
                    (cutx, cuty),
                    (cutx, y1),
                    (x0, y1),
                ]
                d.polygon(poly, fill=_a(fill, 255))
                d.line([*poly, poly[0]], fill=ink, width=c.lw(1.6))
            else:
                d.rectangle(
                    (x0, y0, x1, y1), fill=_a(fill, 255), outline=ink, width=c.lw(1.6)
                )
            style = rng.random()
            if style < 0.35 and not lshape:
                _hatch_rect(
                    d,
                    (x0, y0, x1, y1),
                    hatch_step,
                    (130, 96, 80, 200),
                    lw,
                    rng.choice((-1, 1)),
                )
            elif style < 0.65 and not lshape:
                # Shed roofs of factory halls: thin ridge lines.
                n = max(2, int((x1 - x0) / (aw * 0.006)))
                for k in range(1, n):
                    xx = x0 + (x1 - x0) * k / n
                    d.line((xx, y0, xx, y1), fill=(120, 100, 84, 160), width=lw)
            if rng.random() < 0.3:  # chimney
                cr = aw * 0.0018
                ccx = rng.uniform(x0 + cr * 2, max(x0 + cr * 2, x1 - cr * 2))
                ccy = rng.uniform(y0 + cr * 2, max(y0 + cr * 2, y1 - cr * 2))
                d.ellipse((ccx - cr, ccy - cr, ccx + cr, ccy + cr), fill=ink)
            big = (x1 - x0) * (y1 - y0) > aw * ah * 0.0012
            text = names.pop() if big and names and rng.random() < 0.7 else name
            if admin:
                text = "Verwaltung" if big else name
            _plot_label(d, (x0, y0, x1, y1), text, lf_max, ink)
        elif kind < 0.76:
            # Tank farm: rows of round tanks.
            n = max(1, int((x1 - x0) / (aw * 0.018)))
            mrows = max(1, int((y1 - y0) / (aw * 0.018)))
            cwid, chei = (x1 - x0) / n, (y1 - y0) / mrows
            r = min(cwid, chei) * 0.38
            for a in range(n):
                for b in range(mrows):
                    tx, ty = x0 + cwid * (a + 0.5), y0 + chei * (b + 0.5)
                    d.ellipse(
                        (tx - r, ty - r, tx + r, ty + r),
                        fill=_a(_PLAN_TANK, 255),
                        outline=(70, 80, 96, 255),
                        width=c.lw(1.3),
                    )
                    d.ellipse(
                        (tx - r * 0.12, ty - r * 0.12, tx + r * 0.12, ty + r * 0.12),
                        fill=(70, 80, 96, 255),
                    )
            d.rectangle(
                (
                    x0 - inset * 0.4,
                    y0 - inset * 0.4,
                    x1 + inset * 0.4,
                    y1 + inset * 0.4,
                ),
                outline=(70, 80, 96, 180),
                width=lw,
            )
        elif kind < 0.82:
            # Cooling towers: big double circles.
            n = max(1, min(4, int((x1 - x0) / max(1.0, (y1 - y0)) + 0.5)))
            r = min((x1 - x0) / n, y1 - y0) * 0.42
            for a in range(n):
                tx, ty = x0 + (x1 - x0) * (a + 0.5) / n, (y0 + y1) / 2
                d.ellipse(
                    (tx - r, ty - r, tx + r, ty + r),
                    fill=(214, 216, 214, 255),
                    outline=ink,
                    width=c.lw(1.6),
                )
                d.ellipse(
                    (tx - r * 0.72, ty - r * 0.72, tx + r * 0.72, ty + r * 0.72),
                    outline=ink,
                    width=lw,
                )
                _hatch_rect(
                    d,
                    (tx - r * 0.5, ty - r * 0.5, tx + r * 0.5, ty + r * 0.5),
                    hatch_step * 0.8,
                    (90, 90, 90, 120),
                    lw,
                )
        elif kind < 0.92:
            # Yard / storage: stippled ground with stacks.
            d.rectangle(
                (x0, y0, x1, y1),
                fill=(232, 228, 214, 255),
                outline=(120, 110, 96, 200),
                width=lw,
            )
            n = max(8, int((x1 - x0) * (y1 - y0) / (aw * aw * 0.00004)))
            for _ in range(min(n, 400)):
                sx, sy = rng.uniform(x0, x1), rng.uniform(y0, y1)
                r = u * 0.9
                d.ellipse((sx - r, sy - r, sx + r, sy + r), fill=(110, 100, 90, 200))
        else:
            d.rectangle((x0, y0, x1, y1), fill=_a(_PLAN_GREEN, 255))
            n = max(4, int((x1 - x0) * (y1 - y0) / (aw * aw * 0.00012)))
            for _ in range(min(n, 160)):
                sx, sy = rng.uniform(x0, x1), rng.uniform(y0, y1)
                r = aw * 0.0022
                d.ellipse(
                    (sx - r, sy - r, sx + r, sy + r),
                    outline=(96, 130, 80, 220),
                    width=lw,
                )

    # Railways: the main line west of the works, sidings along some streets.
    track_w = c.lw(1.8)
    tie_step, tie_len = aw * 0.0022, aw * 0.0018
    main_rx = X(0.014)
    _rail(d, [(main_rx, Y(0)), (main_rx, Y(1))], track_w, tie_step, tie_len)
    _rail(
        d,
        [(main_rx - tie_len * 3, Y(0)), (main_rx - tie_len * 3, Y(1))],
        track_w,
        tie_step,
        tie_len,
    )
    for j in sorted(rail_rows):
        yr = Y(ys[j]) + road_w(j == main_y) / 2 + road * 0.5 + rail_strip * 0.5
        rad = aw * 0.02
        end_x = X(xs[rng.randrange(max(2, len(xs) // 2), len(xs))])
        arc = _arc_pts(main_rx + rad, yr - rad, rad, rad, math.pi, math.pi / 2, 10)
        _rail(d, [*arc, (end_x, yr)], track_w, tie_step, tie_len)
        d.line(
            (end_x - tie_len, yr - tie_len * 1.5, end_x - tie_len, yr + tie_len * 1.5),
            fill=ink,
            width=track_w * 2,
        )  # buffer stop
    tf = _font("serif-italic", u * 13)
    if u * 13 >= _MIN_LEGIBLE:
        _rotated_text(
            c.im, main_rx - tie_len * 6, Y(0.1), "nach Merseburg", tf, _PLAN_INK, 90
        )
        _rotated_text(
            c.im, main_rx - tie_len * 6, Y(0.9), "nach Großkorbetha", tf, _PLAN_INK, 90
        )

    # Pipe bridges along a few streets.
    for i in rng.sample(range(1, len(xs) - 1), k=min(3, len(xs) - 2)):
        px = X(xs[i]) + road_w(i == main_x) / 2 + road * 0.25
        y_a, y_b = Y(ys[0]), Y(ys[-1])
        for off in (0.0, road * 0.25):
            d.line((px + off, y_a, px + off, y_b), fill=_a(_PLAN_PIPE, 255), width=lw)
        yy = y_a
        while yy < y_b:
            d.rectangle(
                (px - lw, yy - lw, px + road * 0.25 + lw, yy + lw),
                fill=_a(_PLAN_PIPE, 255),
            )
            yy += aw * 0.008
    for j in rng.sample(range(1, len(ys) - 1), k=min(2, len(ys) - 2)):
        py = Y(ys[j]) - road_w(j == main_y) / 2 - road * 0.3
        for off in (0.0, road * 0.25):
            d.line(
                (X(xs[0]), py - off, X(xs[-1]), py - off),
                fill=_a(_PLAN_PIPE, 255),
                width=lw,
            )

    # Street names on the main streets.
    sf = _font("sans-bold", u * 11)
    if u * 11 >= _MIN_LEGIBLE:
        _rotated_text(
            c.im,
            X(xs[main_x]),
            Y((ys[0] + ys[1]) / 2),
            "Hauptstraße",
            sf,
            _PLAN_INK,
            90,
        )
        _put(
            d,
            X((xs[0] + xs[1]) / 2),
            Y(ys[main_y]),
            "Werkstraße",
            sf,
            ink,
            align="c",
            base="middle",
        )

    # Works boundary: dash-dot line.
    bx0, by0 = X(xs[0]) - road * 2, Y(ys[0]) - road * 2
    bx1, by1 = X(xs[-1]) + road * 2, Y(ys[-1]) + road * 2
    _dashdot(
        d,
        [(bx0, by0), (bx1, by0), (bx1, by1), (bx0, by1), (bx0, by0)],
        aw * 0.01,
        _a((150, 40, 40), 230),
        c.lw(2),
    )

    _plan_legend(c, items, (ax0 + u * 20, ay1 - u * 20), ink)
    _plan_title_block(
        c,
        label,
        (ax1 - u * 20, ay1 - u * 20),
        ink,
        subtitle="Lageplan · Maßstab 1 : 5000 · Blatt 1",
        px_per_m=aw / 3000,
        step_m=100,
    )
    _north_arrow(c, ax1 - aw * 0.035, ay0 + ah * 0.08, min(aw, ah) * 0.045, ink)

    # Neat line and outer frame.
    d.rectangle((ax0, ay0, ax1, ay1), outline=ink, width=c.lw(2.2))
    d.rectangle((m, m, w - m, h - m), outline=ink, width=c.lw(3.5))


def _col_name(i: int) -> str:
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def _split_plot(
    rng: random.Random,
    box: tuple[float, float, float, float],
    depth: int,
    aw: float,
    out: list[tuple[float, float, float, float]],
) -> None:
    x0, y0, x1, y1 = box
    bw, bh = x1 - x0, y1 - y0
    if bw <= 0 or bh <= 0:
        return
    small = max(bw, bh) < aw * 0.035
    if depth >= 4 or small or (depth >= 1 and rng.random() < 0.22 * depth):
        out.append(box)
        return
    f = rng.uniform(0.35, 0.65)
    if bw >= bh:
        xm = x0 + bw * f
        _split_plot(rng, (x0, y0, xm, y1), depth + 1, aw, out)
        _split_plot(rng, (xm, y0, x1, y1), depth + 1, aw, out)
    else:
        ym = y0 + bh * f
        _split_plot(rng, (x0, y0, x1, ym), depth + 1, aw, out)
        _split_plot(rng, (x0, ym, x1, y1), depth + 1, aw, out)


def _plot_label(
    d: ImageDraw.ImageDraw,
    box: Sequence[float],
    text: str,
    max_size: float,
    ink: Color,
) -> None:
    x0, y0, x1, y1 = box
    bw, bh = x1 - x0, y1 - y0
    size = min(max_size, bh * 0.32)
    f = _font("sans", size)
    if _tw(f, text) > bw * 0.86:
        size *= bw * 0.86 / max(1.0, _tw(f, text))
    if size < _MIN_LEGIBLE:
        return
    f = _font("sans", size)
    tw = _tw(f, text)
    pad = size * 0.15
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    d.rectangle(
        (cx - tw / 2 - pad, cy - size * 0.62, cx + tw / 2 + pad, cy + size * 0.62),
        fill=(250, 247, 238, 200),
    )
    _put(d, cx, cy, text, f, ink, align="c", base="middle")


def _dashdot(
    d: ImageDraw.ImageDraw, pts: Sequence[Point], dash: float, fill: Color, width: int
) -> None:
    for (ax, ay), (bx, by) in zip(pts, pts[1:], strict=False):
        seg = math.hypot(bx - ax, by - ay)
        if seg <= 0:
            continue
        ux, uy = (bx - ax) / seg, (by - ay) / seg
        pos = 0.0
        while pos < seg:
            e = min(seg, pos + dash)
            d.line(
                (ax + ux * pos, ay + uy * pos, ax + ux * e, ay + uy * e),
                fill=fill,
                width=width,
            )
            dot = min(seg, e + dash * 0.35)
            d.line(
                (
                    ax + ux * dot,
                    ay + uy * dot,
                    ax + ux * min(seg, dot + dash * 0.1),
                    ay + uy * min(seg, dot + dash * 0.1),
                ),
                fill=fill,
                width=width,
            )
            pos += dash * 1.7


def _plan_legend(c: _Ctx, items: list[str], corner: Point, ink: Color) -> None:
    """Legend box anchored at its bottom-left corner."""
    d, u = c.d, c.u
    fs = u * 15
    f = _font("sans", fs)
    hf = _font("sans-bold", fs * 1.1)
    sw, sh = fs * 2.6, fs * 1.1
    row = fs * 1.7
    width = (
        max([_tw(f, it) for it in items] + [_tw(hf, "Zeichenerklärung")])
        + sw
        + fs * 2.5
    )
    height = row * (len(items) + 1) + fs * 1.2
    x0, y1 = corner
    y0 = y1 - height
    d.rectangle(
        (x0, y0, x0 + width, y1),
        fill=(252, 250, 242, 240),
        outline=ink,
        width=c.lw(1.5),
    )
    _put(d, x0 + fs * 0.8, y0 + fs * 0.6, "Zeichenerklärung", hf, ink)
    lw = c.lw(1.0)
    for k, item in enumerate(items):
        yy = y0 + fs * 0.6 + row * (k + 1)
        sx0, sy0 = x0 + fs * 0.8, yy + (row - sh) / 2 - fs * 0.2
        box = (sx0, sy0, sx0 + sw, sy0 + sh)
        style = _plan_style(item, k)
        cy = (box[1] + box[3]) / 2
        if style in ("building", "hatched", "admin"):
            d.rectangle(
                box,
                fill=_a(_PLAN_ADMIN if style == "admin" else _PLAN_BUILDING, 255),
                outline=ink,
                width=c.lw(1.4),
            )
            if style == "hatched":
                _hatch_rect(d, box, sh * 0.3, (130, 96, 80, 220), lw)
        elif style in ("tank", "cooling"):
            r = sh * 0.45
            for k2 in range(2):
                tx = sx0 + sw * (0.28 + 0.44 * k2)
                d.ellipse(
                    (tx - r, cy - r, tx + r, cy + r),
                    fill=_a(_PLAN_TANK, 255),
                    outline=(70, 80, 96, 255),
                    width=c.lw(1.2),
                )
        elif style == "rail":
            _rail(d, [(box[0], cy), (box[2], cy)], c.lw(1.8), sh * 0.35, sh * 0.25)
        elif style == "pipe":
            for off in (-sh * 0.12, sh * 0.12):
                d.line(
                    (box[0], cy + off, box[2], cy + off),
                    fill=_a(_PLAN_PIPE, 255),
                    width=lw,
                )
        elif style == "green":
            d.rectangle(box, fill=_a(_PLAN_GREEN, 255))
            for k2 in range(3):
                tx = sx0 + sw * (0.2 + 0.3 * k2)
                r = sh * 0.22
                d.ellipse(
                    (tx - r, cy - r, tx + r, cy + r),
                    outline=(96, 130, 80, 255),
                    width=lw,
                )
        elif style == "water":
            d.rectangle(
                box, fill=_a(_PLAN_WATER, 255), outline=_a(_PLAN_BANK, 255), width=lw
            )
        else:
            d.rectangle(box, fill=(130, 120, 106, 255))
            d.rectangle(
                (box[0], box[1] + lw * 1.5, box[2], box[3] - lw * 1.5),
                fill=_a(_PLAN_ROAD, 255),
            )
        _put(d, box[2] + fs * 0.8, cy, item, f, ink, base="middle")


def _plan_title_block(
    c: _Ctx,
    label: str,
    corner: Point,
    ink: Color,
    *,
    subtitle: str,
    px_per_m: float,
    step_m: float,
) -> None:
    """Title block anchored at its bottom-right corner, with a scale bar of
    five ``step_m`` segments."""
    d, u = c.d, c.u
    width, height = u * 420, u * 190
    x1, y1 = corner
    x0, y0 = x1 - width, y1 - height
    d.rectangle((x0, y0, x1, y1), fill=(252, 250, 242, 245), outline=ink, width=c.lw(2))
    rows = [y0 + height * 0.42, y0 + height * 0.62]
    for ry in rows:
        d.line((x0, ry, x1, ry), fill=ink, width=c.lw(1))
    lf = _fit_font("serif-bold", [label], width * 0.9, u * 36)
    ll = _wrap(label, lf, width * 0.9)[:2]
    if len(ll) > 1:
        lf = _fit_font("serif-bold", ll, width * 0.9, u * 26)
    for k, ln in enumerate(ll):
        yy = y0 + height * (0.21 if len(ll) == 1 else 0.13 + 0.17 * k)
        _put(d, (x0 + x1) / 2, yy, ln, lf, ink, align="c", base="middle")
    sf = _fit_font("sans", [subtitle], width * 0.92, u * 13)
    _put(
        d,
        (x0 + x1) / 2,
        (rows[0] + rows[1]) / 2,
        subtitle,
        sf,
        ink,
        align="c",
        base="middle",
    )
    seg = px_per_m * step_m
    # Never let the bar leave the block, whatever the plan's scale.
    while seg * 5 > width * 0.85 and step_m > 0.01:
        step_m /= 2
        seg = px_per_m * step_m
    sx = x0 + (width - seg * 5) / 2
    sy = rows[1] + height * 0.1
    bh = u * 7
    for k in range(5):
        fill = ink if k % 2 == 0 else (252, 250, 242, 255)
        d.rectangle(
            (sx + seg * k, sy, sx + seg * (k + 1), sy + bh),
            fill=fill,
            outline=ink,
            width=c.lw(1),
        )
    tf = _font("sans", u * 10)
    for k in range(6):
        txt = f"{k * step_m:g}" + (" m" if k == 5 else "")
        _put(d, sx + seg * k, sy + bh * 1.5, txt, tf, ink, align="c")
    nf = _font("sans", u * 9.5)
    _put(
        d,
        (x0 + x1) / 2,
        y1 - height * 0.08,
        "Demonstrationsplan – keine historische Vorlage",
        nf,
        ink,
        align="c",
        base="middle",
    )


def _north_arrow(c: _Ctx, cx: float, cy: float, size: float, ink: Color) -> None:
    d = c.d
    d.ellipse(
        (cx - size * 0.7, cy - size * 0.7, cx + size * 0.7, cy + size * 0.7),
        fill=(252, 250, 242, 220),
        outline=ink,
        width=c.lw(1.2),
    )
    top, bot = (cx, cy - size * 0.6), (cx, cy + size * 0.45)
    d.polygon([top, (cx - size * 0.22, bot[1]), (cx, cy + size * 0.2)], fill=ink)
    d.polygon(
        [top, (cx + size * 0.22, bot[1]), (cx, cy + size * 0.2)],
        fill=(252, 250, 242, 255),
        outline=ink,
    )
    f = _font("serif-bold", size * 0.42)
    _put(d, cx, cy - size * 0.95, "N", f, ink, align="c", base="middle")


# ---------------------------------------------------------------------------
# Industrial scene (poster style)
# ---------------------------------------------------------------------------


def _cooling_tower(cx: float, base: float, width: float, height: float) -> list[Point]:
    """Hyperboloid outline: half-width a*sqrt(1+((t-t0)/b)^2)."""
    a, t0 = 0.32, 0.8
    b = t0 / math.sqrt((0.5 / a) ** 2 - 1)
    left, right = [], []
    for i in range(21):
        t = i / 20
        hw = a * math.sqrt(1 + ((t - t0) / b) ** 2) * width
        y = base - t * height
        left.append((cx - hw, y))
        right.append((cx + hw, y))
    return [*left, *reversed(right)]


def _render_industrial(c: _Ctx) -> None:
    label = _s(c.spec, "label")
    if any(k in f"{label} {c.title}".lower() for k in ("gradier", "saline", "sole")):
        _render_saltworks(c, label)
        return
    w, h = c.w, c.h
    rng = c.rng
    horizon = h * 0.78
    # Each works gets its own composition: the layout is drawn from the
    # title's random stream up front (fixed order keeps it deterministic).
    skies: list[Stops] = [
        (
            (0.0, (40, 56, 96)),
            (0.45, (160, 104, 112)),
            (0.72, (236, 150, 84)),
            (1.0, (252, 214, 150)),
        ),
        (
            (0.0, (28, 30, 70)),
            (0.5, (110, 70, 120)),
            (0.8, (214, 112, 96)),
            (1.0, (240, 170, 120)),
        ),
        (
            (0.0, (70, 96, 130)),
            (0.55, (150, 170, 188)),
            (0.85, (222, 210, 186)),
            (1.0, (240, 226, 196)),
        ),
    ]
    sky_stops = skies[rng.randrange(len(skies))]
    sun_x = rng.uniform(0.55, 0.85)
    towers_x = rng.uniform(0.42, 0.6)
    n_towers = rng.randint(1, 3)
    holder_x = rng.uniform(0.26, 0.42)
    spheres_x = rng.uniform(0.6, 0.7)
    n_spheres = rng.randint(2, 4)
    chimney_x = rng.uniform(0.18, 0.3)
    cols: list[tuple[float, float, float]] = []
    for gx0, gx1, count in (
        (0.03, 0.1, (2, 3)),
        (0.3, 0.4, (1, 2)),
        (0.82, 0.9, (1, 3)),
    ):
        x = rng.uniform(gx0, gx1)
        for _ in range(rng.randint(*count)):
            cols.append((x, rng.uniform(0.013, 0.026), rng.uniform(0.38, 0.62)))
            x += rng.uniform(0.04, 0.055)
    # Sky as a vertical ramp, built small and scaled (with a little noise so
    # large flat areas do not band).
    mw, mh = c.mid_size()
    sky = _ramp(sky_stops).transpose(Image.Transpose.TRANSPOSE)
    sky = sky.resize((mw, mh), _BILINEAR)
    grain = _texture(
        (mw, mh), (0, 0, 0), (255, 255, 255), c.rng_for("grain"), coarse=20, grain=0.6
    )
    sky = Image.blend(sky, grain, 0.05)
    # The far layer (skyline, chimneys, cooling towers, plumes) is drawn at
    # low resolution: the upscale blurs it like haze, which also gives depth.
    fx, fy = mw / c.W, mh / c.H
    sd = ImageDraw.Draw(sky, "RGBA")
    sx, sy, sr = w * sun_x, horizon - h * 0.15, min(w, h) * 0.085
    for k in range(8):
        rr = sr * (1 + k * 0.3)
        sd.ellipse(
            ((sx - rr) * fx, (sy - rr) * fy, (sx + rr) * fx, (sy + rr) * fy),
            fill=(255, 226, 170, 16),
        )
    sd.ellipse(
        ((sx - sr) * fx, (sy - sr) * fy, (sx + sr) * fx, (sy + sr) * fy),
        fill=(255, 238, 196, 255),
    )
    far, midc, near = (150, 104, 112), (96, 74, 98), (34, 36, 50)

    def fpoly(pts: Sequence[Point], col: Color) -> None:
        sd.polygon([(x * fx, y * fy) for x, y in pts], fill=col)

    x = 0.0
    while x < w:
        bw = w * rng.uniform(0.03, 0.09)
        bh = h * rng.uniform(0.04, 0.12)
        fpoly(
            [
                (x, horizon - bh),
                (x + bw, horizon - bh),
                (x + bw, horizon),
                (x, horizon),
            ],
            _a(far, 255),
        )
        x += bw * rng.uniform(0.8, 1.1)
    plumes: list[tuple[float, float, float]] = []
    for _k in range(7):
        cx = w * rng.uniform(0.02, 0.98)
        ch = h * rng.uniform(0.22, 0.38)
        cw = w * 0.007
        fpoly(
            [
                (cx - cw, horizon),
                (cx + cw, horizon),
                (cx + cw * 0.7, horizon - ch),
                (cx - cw * 0.7, horizon - ch),
            ],
            _a(far, 255),
        )
        plumes.append((cx, horizon - ch, cw * 1.6))
    for k in range(n_towers):
        tw, th = min(w, h) * 0.2, h * 0.26
        cx = w * towers_x + k * tw * 0.8
        fpoly(_cooling_tower(cx, horizon, tw, th), _a(_mix(far, midc, 0.25), 255))
        plumes.append((cx, horizon - th, tw * 0.2))
    # Smoke and steam drifting east, widening as it goes.
    for px, py, pw in plumes:
        for i in range(18):
            t = i / 17
            cx = px + t * w * 0.18 + math.sin(t * 5) * pw
            cy = py - t * h * 0.1 - pw
            rr = pw * (1 + t * 2.2)
            sd.ellipse(
                (
                    (cx - rr) * fx,
                    (cy - rr * 0.7) * fy,
                    (cx + rr) * fx,
                    (cy + rr * 0.7) * fy,
                ),
                fill=(238, 224, 218, int(70 * (1 - t) + 10)),
            )
    c.begin(sky)
    d = c.d

    # Middle layer: gas holder, spheres, halls.
    gx, gw, gh = w * holder_x, w * 0.08, h * 0.18
    d.rectangle((gx, horizon - gh, gx + gw, horizon), fill=_a(midc, 255))
    d.chord(
        (gx, horizon - gh - gw * 0.15, gx + gw, horizon - gh + gw * 0.15),
        180,
        360,
        fill=_a(midc, 255),
    )
    for k in range(1, 8):
        xx = gx + gw * k / 8
        d.line(
            (xx, horizon - gh, xx, horizon),
            fill=_a(_shade(midc, 0.8), 255),
            width=c.lw(1.5),
        )
    for k in range(1, 5):
        yy = horizon - gh * k / 5
        d.line((gx, yy, gx + gw, yy), fill=_a(_shade(midc, 0.8), 255), width=c.lw(1.5))
    for k in range(n_spheres):
        cx = w * (spheres_x + 0.055 * k)
        r = min(w, h) * 0.042
        cy = horizon - r * 1.9
        for lx in (-0.6, -0.2, 0.2, 0.6):
            d.line(
                (cx + lx * r, cy, cx + lx * r * 1.3, horizon),
                fill=_a(midc, 255),
                width=c.lw(3),
            )
        d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=_a(midc, 255))
        d.arc(
            (cx - r * 0.8, cy - r * 0.8, cx + r * 0.8, cy + r * 0.8),
            200,
            260,
            fill=(190, 140, 130, 200),
            width=c.lw(3),
        )
    x = w * 0.78
    while x < w:
        bw = w * rng.uniform(0.05, 0.1)
        bh = h * rng.uniform(0.1, 0.18)
        d.rectangle((x, horizon - bh, x + bw, horizon), fill=_a(midc, 255))
        nwin = max(2, int(bw / (w * 0.012)))
        for k in range(nwin):
            wx = x + bw * (k + 0.3) / nwin
            d.rectangle(
                (wx, horizon - bh * 0.8, wx + bw / nwin * 0.4, horizon - bh * 0.55),
                fill=(250, 200, 120, 200),
            )
        x += bw * 1.02

    # Near layer: distillation columns with platforms and ladders.
    ground = horizon + h * 0.02
    for fx, fw, fh in cols:
        cx, cw, ch = w * fx, w * fw, h * fh
        top = ground - ch
        d.rectangle((cx - cw, top, cx + cw, ground), fill=_a(near, 255))
        d.chord(
            (cx - cw, top - cw * 0.6, cx + cw, top + cw * 0.6),
            180,
            360,
            fill=_a(near, 255),
        )
        n = int(ch / (h * 0.06))
        for k in range(1, n + 1):
            py = top + ch * k / (n + 1)
            d.rectangle(
                (cx - cw * 1.6, py, cx + cw * 1.6, py + h * 0.004), fill=_a(near, 255)
            )
            for rx in (cx - cw * 1.6, cx + cw * 1.6):
                d.line(
                    (rx, py, rx, py - h * 0.012), fill=_a(near, 255), width=c.lw(1.5)
                )
            d.line(
                (cx - cw * 1.6, py - h * 0.012, cx + cw * 1.6, py - h * 0.012),
                fill=_a(near, 255),
                width=c.lw(1),
            )
        lx = cx + cw * 1.15
        d.line((lx, top + ch * 0.05, lx, ground), fill=_a(near, 255), width=c.lw(1.5))
        d.line(
            (lx + cw * 0.35, top + ch * 0.05, lx + cw * 0.35, ground),
            fill=_a(near, 255),
            width=c.lw(1.5),
        )
        rung = h * 0.008
        yy = top + ch * 0.05
        while yy < ground:
            d.line((lx, yy, lx + cw * 0.35, yy), fill=_a(near, 255), width=c.lw(1))
            yy += rung
    # Tall chimney with red and white aviation bands.
    cx, cw, ch = w * chimney_x, w * 0.014, h * 0.66
    d.polygon(
        [
            (cx - cw, ground),
            (cx + cw, ground),
            (cx + cw * 0.6, ground - ch),
            (cx - cw * 0.6, ground - ch),
        ],
        fill=_a(near, 255),
    )
    for k in range(4):
        y0 = ground - ch + ch * 0.03 * k
        hw = cw * (0.6 + 0.4 * (ch * 0.03 * k) / ch)
        d.rectangle(
            (cx - hw, y0, cx + hw, y0 + ch * 0.03),
            fill=(196, 52, 40, 255) if k % 2 == 0 else (232, 222, 210, 255),
        )
    # Pipe bridge across the foreground.
    py0, py1 = ground - h * 0.11, ground - h * 0.08
    d.rectangle((0, py0, w, py0 + h * 0.004), fill=_a(near, 255))
    d.rectangle((0, py1, w, py1 + h * 0.004), fill=_a(near, 255))
    step = w * 0.025
    xx = 0.0
    k = 0
    while xx < w:
        d.line(
            (xx, py0, xx + step, py1) if k % 2 == 0 else (xx, py1, xx + step, py0),
            fill=_a(near, 255),
            width=c.lw(2),
        )
        if k % 4 == 0:
            d.rectangle(
                (xx - w * 0.002, py1, xx + w * 0.002, ground), fill=_a(near, 255)
            )
        xx += step
        k += 1
    for k, off in enumerate((0.012, 0.02, 0.027)):
        r = h * (0.004 + 0.0015 * k)
        d.rectangle((0, py0 - h * off - r, w, py0 - h * off + r), fill=_a(near, 255))
    # Ground with a railway.
    d.rectangle((0, ground, w, h), fill=_a(_shade(near, 0.8), 255))
    ry = ground + (h - ground) * 0.45
    _rail(
        d,
        [(0, ry), (w, ry)],
        c.lw(3),
        w * 0.01,
        (h - ground) * 0.12,
        fill=(110, 96, 96, 255),
    )

    # Poster lettering.
    if label:
        f = _fit_font("sans-bold", [label], w * 0.86, h * 0.075)
        lines = _wrap(label, f, w * 0.86)
        y = h * 0.06
        bar_h = _fsize(f) * 1.3 * len(lines) + h * 0.03
        d.rectangle(
            (w * 0.04, y - h * 0.015, w * 0.96, y + bar_h - h * 0.015),
            fill=(176, 40, 34, 225),
        )
        for ln in lines:
            _put(d, w * 0.07, y, ln, f, (250, 240, 220, 255))
            y += _fsize(f) * 1.3


def _render_saltworks(c: _Ctx, label: str) -> None:
    """Graduation tower of a salt works (Gradierwerk): a long timber frame
    filled with blackthorn brushwood over which brine trickles."""
    w, h = c.w, c.h
    mw, mh = c.mid_size()
    sky = _ramp(
        ((0.0, (104, 150, 204)), (0.6, (190, 214, 232)), (1.0, (236, 238, 228)))
    ).transpose(Image.Transpose.TRANSPOSE)
    sky = sky.resize((mw, mh), _BILINEAR)
    fx, fy = mw / c.W, mh / c.H
    sd = ImageDraw.Draw(sky, "RGBA")
    crng = c.rng_for("clouds")
    for _ in range(9):  # soft clouds, blurred by the upscale
        cx, cy = crng.uniform(0, w), crng.uniform(0.05, 0.4) * h
        for _ in range(6):
            rx = w * crng.uniform(0.04, 0.08)
            ox = cx + crng.uniform(-1, 1) * rx
            sd.ellipse(
                (
                    (ox - rx) * fx,
                    (cy - rx * 0.35) * fy,
                    (ox + rx) * fx,
                    (cy + rx * 0.35) * fy,
                ),
                fill=(255, 255, 255, 70),
            )
    ground = h * 0.82
    sd.rectangle((0, ground * fy, mw, mh), fill=(120, 140, 90, 255))
    c.begin(sky)
    d, rng = c.d, c.rng
    x0, x1 = w * 0.03, w * 0.97
    top, bot = ground - h * 0.42, ground - h * 0.02
    # Brushwood wall: dark twig texture from many short strokes.
    d.rectangle((x0, top, x1, bot), fill=(66, 58, 50, 255))
    twig = max(1, round(c.u * 1.2))
    for _ in range(2600):
        tx, ty = rng.uniform(x0, x1), rng.uniform(top, bot)
        ln = h * rng.uniform(0.01, 0.03)
        a = rng.uniform(-2.2, -0.9)
        col = (36, 30, 26, 200) if rng.random() < 0.6 else (108, 98, 86, 170)
        d.line(
            (tx, ty, tx + ln * math.cos(a), ty + ln * math.sin(a)), fill=col, width=twig
        )
    # Brine trickling down: faint glistening streaks.
    for _ in range(140):
        tx = rng.uniform(x0, x1)
        ty = rng.uniform(top, bot - h * 0.1)
        d.line(
            (tx, ty, tx, ty + h * rng.uniform(0.04, 0.12)),
            fill=(220, 230, 236, 60),
            width=twig,
        )
    # Timber frame: posts, rails, roof walk with railing.
    wood, wood_dark = (150, 112, 74, 255), (92, 66, 42, 255)
    n = max(8, round((x1 - x0) / (h * 0.09)))
    for k in range(n + 1):
        px = x0 + (x1 - x0) * k / n
        d.rectangle((px - c.u * 4, top - h * 0.01, px + c.u * 4, ground), fill=wood)
        d.line(
            (px + c.u * 4, top, px + c.u * 4, ground), fill=wood_dark, width=c.lw(1.5)
        )
    for yy in (top, (top + bot) / 2, bot):
        d.rectangle((x0, yy - c.u * 4, x1, yy + c.u * 4), fill=wood)
    roof = top - h * 0.05
    d.polygon(
        [
            (x0 - w * 0.01, top - h * 0.008),
            (x1 + w * 0.01, top - h * 0.008),
            (x1 - w * 0.01, roof),
            (x0 + w * 0.01, roof),
        ],
        fill=(96, 70, 46, 255),
    )
    for k in range(n * 2 + 1):
        px = x0 + (x1 - x0) * k / (n * 2)
        d.line((px, roof, px, roof - h * 0.03), fill=wood_dark, width=c.lw(2))
    d.line((x0, roof - h * 0.03, x1, roof - h * 0.03), fill=wood_dark, width=c.lw(3))
    # Brine basin along the foot and the promenade in front.
    d.rectangle(
        (x0, ground - h * 0.02, x1, ground + h * 0.012), fill=(150, 170, 180, 255)
    )
    d.rectangle((0, ground + h * 0.012, w, h), fill=(196, 182, 150, 255))
    # Strollers taking the salty air.
    for k in range(7):
        px = w * (0.12 + 0.12 * k + rng.uniform(-0.03, 0.03))
        ph = h * rng.uniform(0.07, 0.085)
        py = ground + h * 0.1
        col = (40, 40, 48, 255)
        d.ellipse((px - ph * 0.07, py - ph, px + ph * 0.07, py - ph * 0.86), fill=col)
        d.polygon(
            [
                (px - ph * 0.1, py - ph * 0.84),
                (px + ph * 0.1, py - ph * 0.84),
                (px + ph * 0.16, py - ph * 0.3),
                (px - ph * 0.16, py - ph * 0.3),
            ],
            fill=col,
        )
        d.line(
            (px - ph * 0.05, py - ph * 0.3, px - ph * 0.08, py),
            fill=col,
            width=max(1, round(ph * 0.05)),
        )
        d.line(
            (px + ph * 0.05, py - ph * 0.3, px + ph * 0.08, py),
            fill=col,
            width=max(1, round(ph * 0.05)),
        )
    if label:
        f = _fit_font("sans-bold", [label], w * 0.86, h * 0.07)
        lines = _wrap(label, f, w * 0.86)
        y = h * 0.06
        bar_h = _fsize(f) * 1.3 * len(lines) + h * 0.03
        d.rectangle(
            (w * 0.04, y - h * 0.015, w * 0.96, y + bar_h - h * 0.015),
            fill=(30, 70, 120, 220),
        )
        for ln in lines:
            _put(d, w * 0.07, y, ln, f, (250, 246, 236, 255))
            y += _fsize(f) * 1.3


# ---------------------------------------------------------------------------
# Archaeological vessel drawing
# ---------------------------------------------------------------------------


def _stitch(
    d: ImageDraw.ImageDraw, x: float, y: float, size: float, sc: float, ink: Color
) -> None:
    """A double stab mark of the Rössen "Stichband" (two-pronged tool),
    foreshortened horizontally by ``sc`` towards the silhouette."""
    rx, ry = size * 0.22 * sc, size * 0.3
    for dx in (-size * 0.28 * sc, size * 0.28 * sc):
        d.ellipse((x + dx - rx, y - ry, x + dx + rx, y + ry), fill=ink)


def _render_vessel(c: _Ctx) -> None:
    sp = c.spec
    label = _s(sp, "label", c.title)
    deco = _s(sp, "decoration", "stichband").lower()
    rng = c.rng
    mw, mh = c.mid_size()
    mid = _texture(
        (mw, mh),
        (236, 233, 224),
        (250, 249, 244),
        c.rng_for("paper"),
        coarse=8,
        grain=0.2,
    )
    c.begin(mid)
    d, w, h = c.d, c.w, c.h
    ink = (22, 20, 20, 255)
    # Profile: radius (relative to height) from rim (t=0) to base (t=1).
    jit = [rng.uniform(-0.03, 0.03) for _ in range(7)]
    ctrl = [
        (0.0, 0.5 + jit[0]),
        (0.1, 0.45 + jit[1]),
        (0.24, 0.56 + jit[2]),
        (0.48, 0.66 + jit[3]),
        (0.72, 0.56 + jit[4]),
        (0.9, 0.34 + jit[5]),
        (1.0, 0.24 + jit[6]),
    ]
    prof = _catmull([(r, t) for t, r in ctrl], 10)
    hv = min(h * 0.62, w * 0.55 / 0.72)
    cx = w * 0.5
    top = h * 0.14
    base = top + hv

    def R(t: float) -> float:
        for (r0, t0), (r1, t1) in zip(prof, prof[1:], strict=False):
            if t0 <= t <= t1:
                return (r0 + (r1 - r0) * ((t - t0) / (t1 - t0 or 1))) * hv
        return prof[-1][0] * hv

    outer_r = [(cx + r * hv, top + t * hv) for r, t in prof]
    outer_l = [(cx - r * hv, top + t * hv) for r, t in prof]
    wall = hv * 0.035
    lw = c.lw(2.2)

    # Right half: section (solid black wall profile) and interior view.
    inner = [
        (cx + max(0.0, r * hv - wall), top + t * hv)
        for r, t in prof
        if top + t * hv < base - wall * 1.4
    ]
    section = [
        *outer_r,
        (cx, base),
        (cx, base - wall * 1.4),
        (inner[-1][0], base - wall * 1.4),
        *reversed(inner),
    ]
    d.polygon(section, fill=ink)
    # Left half: exterior outline.
    d.line([*outer_l, (cx, base)], fill=ink, width=lw, joint="curve")
    d.line((outer_l[0][0], top, outer_r[0][0], top), fill=ink, width=lw)
    # Central axis (dash-dot), extended beyond the vessel.
    _dashdot(
        d,
        [(cx, top - hv * 0.08), (cx, base + hv * 0.08)],
        hv * 0.03,
        (60, 60, 60, 255),
        c.lw(1),
    )

    def surface(t: float, phi: float) -> Point:
        # Orthographic projection of the point at angle phi (0 = front,
        # pi/2 = left silhouette) on the left half.
        return (cx - R(t) * math.sin(phi), top + t * hv)

    if deco.startswith("stich"):
        # Rössen "Stichband": bands of paired stab marks plus hanging
        # triangles filled with stitched rows.
        mark = hv * 0.012
        for tb in (0.05, 0.2, 0.27):
            for row in (0.0, 0.025):
                n = 34
                for k in range(n):
                    phi = (k + 0.5) / n * (math.pi / 2)
                    x, y = surface(tb + row, phi)
                    _stitch(d, x, y, mark, max(0.25, math.cos(phi)), ink)
        ntri = 5
        for k in range(ntri):
            p0 = k / ntri * (math.pi / 2)
            p1 = (k + 1) / ntri * (math.pi / 2)
            pm = (p0 + p1) / 2
            t0, t1 = 0.31, 0.56
            for row in range(8):
                f = row / 8
                tt = t0 + (t1 - t0) * f
                a = p0 + (pm - p0) * f
                b = p1 - (p1 - pm) * f
                steps = max(1, int(10 * (1 - f)))
                for sidx in range(steps + 1):
                    phi = a + (b - a) * sidx / max(1, steps)
                    x, y = surface(tt, phi)
                    _stitch(d, x, y, mark * 0.85, max(0.25, math.cos(phi)), ink)
            for edge_a, edge_b in ((p0, pm), (p1, pm)):
                pts = [
                    surface(t0 + (t1 - t0) * f, edge_a + (edge_b - edge_a) * f)
                    for f in (i / 10 for i in range(11))
                ]
                d.line(pts, fill=ink, width=c.lw(1.2))
    # Stippling towards the silhouette gives the body its roundness.
    srng = c.rng_for("stipple")
    for _ in range(1700):
        t = srng.uniform(0.02, 0.98)
        phi = math.pi / 2 * (1 - srng.random() ** 4)
        if deco.startswith("stich") and 0.04 < t < 0.57 and phi < math.pi / 2 * 0.92:
            continue
        x, y = surface(t, phi)
        r = max(0.5, hv * 0.0018)
        d.ellipse((x - r, y - r, x + r, y + r), fill=ink)
    # Interior line of the rim on the section side.
    d.line(
        (cx, top + wall * 0.6, inner[0][0], top + wall * 0.6),
        fill=(90, 90, 90, 255),
        width=c.lw(1),
    )

    # Scale bar 0-5 cm (vessel height taken as 14 cm).
    per_cm = hv / 14
    sx, sy = w * 0.5 - per_cm * 2.5, base + h * 0.07
    bh = per_cm * 0.22
    for k in range(5):
        d.rectangle(
            (sx + per_cm * k, sy, sx + per_cm * (k + 1), sy + bh),
            fill=ink if k % 2 == 0 else (250, 249, 244, 255),
            outline=ink,
            width=c.lw(1),
        )
    f = _font("sans", per_cm * 0.32)
    _put(d, sx, sy + bh * 1.6, "0", f, ink, align="c")
    _put(d, sx + per_cm * 5, sy + bh * 1.6, "5 cm", f, ink, align="c")
    lf = _fit_font("serif-italic", [label], w * 0.8, per_cm * 0.5)
    _put(d, w / 2, h * 0.045, label, lf, ink, align="c")
    nf = _font("sans", per_cm * 0.3)
    _put(
        d,
        w / 2,
        sy + bh * 1.6 + per_cm * 0.6,
        "Ansicht und Schnitt · M 1:2",
        nf,
        (80, 80, 80, 255),
        align="c",
    )


# ---------------------------------------------------------------------------
# Studio photograph of an object
# ---------------------------------------------------------------------------

_GOLD: Stops = (
    (0.0, (96, 66, 20)),
    (0.2, (190, 144, 58)),
    (0.36, (255, 236, 162)),
    (0.52, (216, 172, 78)),
    (0.8, (138, 98, 34)),
    (1.0, (78, 54, 16)),
)
_STEEL: Stops = (
    (0.0, (66, 68, 74)),
    (0.22, (164, 166, 172)),
    (0.38, (242, 243, 246)),
    (0.56, (186, 188, 194)),
    (0.82, (106, 108, 114)),
    (1.0, (56, 58, 62)),
)
_BRONZE: Stops = (
    (0.0, (56, 36, 20)),
    (0.22, (132, 88, 48)),
    (0.38, (212, 164, 104)),
    (0.56, (152, 104, 58)),
    (0.82, (92, 60, 32)),
    (1.0, (48, 30, 16)),
)
_LEATHER: Stops = (
    (0.0, (52, 30, 18)),
    (0.25, (104, 62, 36)),
    (0.5, (126, 78, 46)),
    (0.8, (92, 54, 32)),
    (1.0, (58, 34, 20)),
)
_GLAZE: Stops = (
    (0.0, (48, 58, 40)),
    (0.25, (110, 126, 88)),
    (0.4, (206, 214, 176)),
    (0.56, (122, 138, 96)),
    (1.0, (42, 50, 34)),
)


class _Obj:
    """Places an object described in its own units (height 1, x centred)."""

    def __init__(self, c: _Ctx, cx: float, top: float, size: float) -> None:
        self.c, self.d = c, c.d
        self.cx, self.top, self.s = cx, top, size

    def p(self, x: float, y: float) -> Point:
        return (self.cx + x * self.s, self.top + y * self.s)

    def solid(self, prof: Sequence[tuple[float, float]], stops: Stops) -> None:
        """Solid of revolution from (y, radius) pairs, shaded as a cylinder."""
        smooth = (
            _catmull([(r, y) for y, r in prof], 6)
            if len(prof) > 2
            else [(r, y) for y, r in prof]
        )
        right = [self.p(r, y) for r, y in smooth]
        left = [self.p(-r, y) for r, y in reversed(smooth)]
        rmax = max(r for _, r in prof)
        y0 = min(y for y, _ in prof)
        y1 = max(y for y, _ in prof)
        box = (*self.p(-rmax, y0), *self.p(rmax, y1))
        _paste_ramp(self.c.im, box, stops, polys=[[*right, *left]])

    def ellipse(self, x: float, y: float, rx: float, ry: float, stops: Stops) -> None:
        box = (*self.p(x - rx, y - ry), *self.p(x + rx, y + ry))
        _paste_ramp(self.c.im, box, stops, ellipses=[box])

    def poly(self, pts: Sequence[Point], stops: Stops, vertical: bool = False) -> None:
        q = [self.p(x, y) for x, y in pts]
        xs, ys = [a for a, _ in q], [b for _, b in q]
        _paste_ramp(
            self.c.im,
            (min(xs), min(ys), max(xs), max(ys)),
            stops,
            polys=[q],
            vertical=vertical,
        )

    def line(self, pts: Sequence[Point], fill: Color, width: float) -> None:
        self.d.line(
            [self.p(x, y) for x, y in pts],
            fill=fill,
            width=max(1, round(width * self.s)),
            joint="curve",
        )

    def gem(self, x: float, y: float, r: float, color: RGB) -> None:
        cx, cy = self.p(x, y)
        rr = r * self.s
        self.d.ellipse(
            (cx - rr, cy - rr * 1.2, cx + rr, cy + rr * 1.2),
            fill=_a(_shade(color, 0.6), 255),
        )
        self.d.ellipse(
            (cx - rr * 0.75, cy - rr * 0.95, cx + rr * 0.75, cy + rr * 0.95),
            fill=_a(color, 255),
        )
        self.d.ellipse(
            (cx - rr * 0.45, cy - rr * 0.7, cx - rr * 0.05, cy - rr * 0.3),
            fill=(255, 255, 255, 200),
        )


def _studio_background(
    c: _Ctx, floor_y: float, shadow_w: float, flat: bool = False
) -> None:
    mw, mh = c.mid_size()
    fx, fy = mw / c.W, mh / c.H
    bg = _ramp(
        (
            (0.0, (124, 124, 122)),
            (0.55, (200, 200, 197)),
            (0.78, (214, 214, 211)),
            (1.0, (176, 176, 173)),
        )
    ).transpose(Image.Transpose.TRANSPOSE)
    bg = bg.resize((mw, mh), _BILINEAR)
    grain = _texture(
        (mw, mh), (0, 0, 0), (255, 255, 255), c.rng_for("grain"), coarse=10, grain=0.5
    )
    bg = Image.blend(bg, grain, 0.035)
    bg = _vignette(bg, (70, 70, 68), 0.45)
    d = ImageDraw.Draw(bg, "RGBA")
    cx = c.w / 2
    for k in range(12):  # contact shadow, softened by the upscale
        rx = shadow_w * (0.62 - k * 0.035)
        ry = shadow_w * ((0.03 - k * 0.0018) if flat else (0.08 - k * 0.004))
        d.ellipse(
            (
                (cx - rx + shadow_w * 0.05) * fx,
                (floor_y - ry) * fy,
                (cx + rx + shadow_w * 0.05) * fx,
                (floor_y + ry) * fy,
            ),
            fill=(0, 0, 0, 18),
        )
    c.begin(bg)


# Words in label or title that reveal what a "generic" object really is.
_SHAPE_WORDS = (
    (("taufstein", "taufbecken", "taufschale"), "font"),
    (("käfig",), "cage"),
    (("ausgrabung", "grabung", "gräberfeld"), "excavation"),
    (("kelch", "ziborium", "pokal"), "chalice"),
    (("schwert", "degen", "säbel"), "sword"),
    (("glocke",), "bell"),
    (("reliquiar", "schrein", "reliquie"), "reliquary"),
    (("bibel", "buch", "codex", "kodex", "einband", "evangeliar", "psalter"), "book"),
)


def _render_photo_object(c: _Ctx) -> None:
    sp = c.spec
    shape = _s(sp, "shape", "generic").lower()
    label = _s(sp, "label")
    if shape == "generic":
        text = f"{label} {c.title}".lower()
        shape = next(
            (sh for words, sh in _SHAPE_WORDS if any(wd in text for wd in words)),
            "generic",
        )
    if shape == "excavation":
        _render_old_photo(c, label or c.title)
        return
    w, h = c.w, c.h
    horizontal = shape == "sword" and w > h * 1.2
    if shape == "sword":
        size = w * 0.86 if horizontal else h * 0.82
        size = min(size, (h if horizontal else w) * 0.7 / 0.3)
        floor = h * 0.5 + size * 0.06 if horizontal else h * 0.93
        _studio_background(
            c, floor, size * (0.85 if horizontal else 0.2), flat=horizontal
        )
        _draw_sword(c, size, horizontal)
    else:
        size = min(h * 0.74, w * 0.7)
        if shape == "reliquary":
            size = min(h * 0.7, w * 0.62)
        elif shape == "book":
            size = min(h * 0.8, w * 0.78)
        elif shape in ("font", "cage"):
            size = min(h * 0.78, w * 0.66)
        top = h * 0.9 - size
        _studio_background(c, top + size, size * (0.9 if shape == "reliquary" else 0.6))
        o = _Obj(c, w / 2, top, size)
        {
            "chalice": _draw_chalice,
            "reliquary": _draw_reliquary,
            "book": _draw_book,
            "bell": _draw_bell,
            "font": _draw_font,
            "cage": _draw_cage,
        }.get(shape, _draw_vase)(o)
    _museum_props(c, label)


def _render_old_photo(c: _Ctx, caption: str) -> None:
    """A 19th-century excavation photograph: a soft sepia print on a mount
    card showing a trench with a crouched burial, spoil heap, measuring pole
    and two workmen."""
    w, h = c.w, c.h
    mw, mh = c.mid_size()
    card = _texture(
        (mw, mh),
        (206, 194, 168),
        (236, 228, 208),
        c.rng_for("card"),
        coarse=8,
        grain=0.3,
    )
    c.begin(_vignette(card, (150, 130, 96), 0.35))
    d, u = c.d, c.u
    px0, py0, px1, py1 = w * 0.08, h * 0.07, w * 0.92, h * 0.8
    pw, ph = px1 - px0, py1 - py0
    # The scene is drawn small in grey and scaled up: old lenses were soft.
    f = min(1.0, 1400 / max(pw, ph))
    sw, sh = max(8, round(pw * f)), max(8, round(ph * f))
    scene = _ramp(
        ((0.0, (212, 212, 212)), (0.45, (236, 236, 236)), (1.0, (150, 150, 150)))
    ).transpose(Image.Transpose.TRANSPOSE)
    scene = scene.resize((sw, sh), _BILINEAR).convert("L")
    sd = ImageDraw.Draw(scene)
    rng = c.rng

    def S(x: float, y: float) -> Point:
        return (x * sw, y * sh)

    horizon = 0.42
    for _ in range(26):  # tree line on the horizon
        tx, r = rng.uniform(-0.05, 1.05), rng.uniform(0.015, 0.04)
        sd.ellipse(
            (*S(tx - r, horizon - r * 2.2), *S(tx + r, horizon + 0.01)),
            fill=rng.randint(95, 125),
        )
    sd.rectangle((*S(0, horizon), *S(1, 1)), fill=168)
    for k in range(14):  # furrows of the field
        y = horizon + (1 - horizon) * (k / 14) ** 1.6
        sd.line((*S(0, y), *S(1, y)), fill=150, width=max(1, round(sh * 0.003)))
    # Spoil heap and trench with layered walls.
    sd.polygon(
        [S(0.62, 0.62), S(0.74, 0.5), S(0.86, 0.47), S(0.98, 0.52), S(1.02, 0.64)],
        fill=140,
    )
    trench = [S(0.12, 0.6), S(0.7, 0.6), S(0.84, 0.96), S(-0.02, 0.96)]
    sd.polygon(trench, fill=104)
    for k, tone in enumerate((128, 96, 116)):
        y = 0.62 + k * 0.035
        sd.polygon(
            [
                S(0.12 + 0.01 * k, y),
                S(0.7 - 0.01 * k, y),
                S(0.69 - 0.01 * k, y + 0.03),
                S(0.13 + 0.01 * k, y + 0.03),
            ],
            fill=tone,
        )
    # The burial on the trench floor.
    sd.ellipse((*S(0.3, 0.8), *S(0.52, 0.9)), fill=132)
    sd.ellipse((*S(0.32, 0.82), *S(0.35, 0.86)), fill=226)
    sd.line(
        [S(0.35, 0.845), S(0.41, 0.86), S(0.46, 0.85)],
        fill=220,
        width=max(1, round(sh * 0.008)),
    )
    sd.line(
        [S(0.46, 0.85), S(0.43, 0.82), S(0.49, 0.83)],
        fill=220,
        width=max(1, round(sh * 0.007)),
    )
    sd.line(
        [S(0.46, 0.85), S(0.45, 0.88), S(0.5, 0.875)],
        fill=220,
        width=max(1, round(sh * 0.007)),
    )
    # Measuring pole with alternating bands.
    for k in range(8):
        y0 = 0.5 + k * 0.04
        sd.rectangle((*S(0.58, y0), *S(0.59, y0 + 0.04)), fill=30 if k % 2 else 235)
    # Two workmen with spades and hats.
    for bx, by, hgt in ((0.2, 0.6, 0.3), (0.8, 0.53, 0.26)):
        tone = 44
        sd.ellipse(
            (*S(bx - hgt * 0.045, by - hgt), *S(bx + hgt * 0.045, by - hgt * 0.87)),
            fill=tone,
        )
        sd.rectangle(
            (*S(bx - hgt * 0.08, by - hgt * 1.0), *S(bx + hgt * 0.08, by - hgt * 0.96)),
            fill=tone,
        )
        sd.polygon(
            [
                S(bx - hgt * 0.08, by - hgt * 0.86),
                S(bx + hgt * 0.08, by - hgt * 0.86),
                S(bx + hgt * 0.1, by - hgt * 0.42),
                S(bx - hgt * 0.1, by - hgt * 0.42),
            ],
            fill=tone,
        )
        for sgn in (-1, 1):
            sd.line(
                [
                    S(bx + sgn * hgt * 0.04, by - hgt * 0.42),
                    S(bx + sgn * hgt * 0.07, by),
                ],
                fill=tone,
                width=max(1, round(sh * hgt * 0.05)),
            )
        sd.line(
            [S(bx + hgt * 0.1, by - hgt * 0.75), S(bx + hgt * 0.22, by - hgt * 0.05)],
            fill=60,
            width=max(1, round(sh * 0.006)),
        )
        sd.polygon(
            [
                S(bx + hgt * 0.2, by - hgt * 0.1),
                S(bx + hgt * 0.26, by - hgt * 0.1),
                S(bx + hgt * 0.25, by),
                S(bx + hgt * 0.21, by),
            ],
            fill=80,
        )
    # Grain, fading and a few scratches.
    noise = _noise((sw, sh), c.rng_for("grain"), 30, 0.7)
    scene = Image.blend(scene, noise, 0.08)
    sepia = ImageOps.colorize(scene, (52, 36, 22), (238, 222, 190))
    sepia = _vignette(sepia, (120, 90, 60), 0.6)
    srng = c.rng_for("scratch")
    spd = ImageDraw.Draw(sepia, "RGBA")
    for _ in range(5):
        x = srng.uniform(0, sw)
        spd.line(
            (x, 0, x + srng.uniform(-sw * 0.05, sw * 0.05), sh),
            fill=(250, 240, 220, 60),
            width=1,
        )
    # Paste the print with a thin dark keyline, as mounted albumen prints are.
    d.rectangle(
        (px0 - u * 3, py0 - u * 3, px1 + u * 3, py1 + u * 3), fill=(90, 70, 50, 255)
    )
    c.im.paste(sepia.resize((round(pw), round(ph)), _BICUBIC), (round(px0), round(py0)))
    f2 = _fit_font("serif-italic", [caption], pw * 0.8, h * 0.045)
    _put(
        d,
        w / 2,
        py1 + (h - py1) * 0.45,
        caption,
        f2,
        (70, 50, 34, 235),
        align="c",
        base="middle",
    )


def _museum_props(c: _Ctx, label: str) -> None:
    """Grey scale and centimetre ruler, plus an object label card - the usual
    furniture of documentation photographs."""
    d, w, h, u = c.d, c.w, c.h, c.u
    seg = u * 22
    x0, y0 = u * 40, h - u * 60
    for k in range(6):
        g = round(20 + 235 * k / 5)
        d.rectangle(
            (x0 + seg * k, y0, x0 + seg * (k + 1), y0 + seg * 0.8), fill=(g, g, g, 255)
        )
    ry = y0 + seg * 0.8
    for k in range(6):
        d.rectangle(
            (x0 + seg * k, ry, x0 + seg * (k + 1), ry + seg * 0.35),
            fill=(20, 20, 20, 255) if k % 2 == 0 else (245, 245, 245, 255),
        )
    d.rectangle(
        (x0, y0, x0 + seg * 6, ry + seg * 0.35),
        outline=(20, 20, 20, 255),
        width=c.lw(1),
    )
    if label:
        f = _font("sans", u * 17)
        lines = _wrap(label, f, w * 0.26)[:3]
        tw = max(_tw(f, ln) for ln in lines)
        lh = u * 17 * 1.3
        bx1, by1 = w - u * 40, h - u * 30
        bx0, by0 = bx1 - tw - u * 30, by1 - lh * len(lines) - u * 24
        d.rectangle(
            (bx0 + u * 4, by0 + u * 4, bx1 + u * 4, by1 + u * 4), fill=(0, 0, 0, 50)
        )
        d.rectangle((bx0, by0, bx1, by1), fill=(250, 249, 245, 255))
        for k, ln in enumerate(lines):
            _put(d, bx0 + u * 15, by0 + u * 12 + lh * k, ln, f, (40, 40, 40, 255))


def _draw_chalice(o: _Obj) -> None:
    """Gothic chalice: trumpet foot, stem with a jewelled knop, deep cup."""
    foot = [
        (0.68, 0.035),
        (0.76, 0.05),
        (0.84, 0.09),
        (0.9, 0.15),
        (0.94, 0.21),
        (0.965, 0.25),
        (0.985, 0.256),
        (1.0, 0.25),
    ]
    o.solid(foot, _GOLD)
    o.ellipse(0, 0.99, 0.25, 0.018, _GOLD)
    o.solid([(0.36, 0.028), (0.7, 0.028)], _GOLD)
    for yy in (0.44, 0.64):
        o.ellipse(0, yy, 0.045, 0.01, _GOLD)
    o.ellipse(0, 0.54, 0.095, 0.05, _GOLD)
    for k, ang in enumerate((-60, -30, 0, 30, 60)):  # rotuli round the knop
        o.gem(
            0.078 * math.sin(math.radians(ang)),
            0.54,
            0.013 * (0.55 + 0.45 * math.cos(math.radians(ang))),
            (160, 30, 40) if k % 2 else (40, 70, 150),
        )
    cup = [
        (0.02, 0.26),
        (0.06, 0.255),
        (0.16, 0.235),
        (0.25, 0.195),
        (0.31, 0.13),
        (0.35, 0.06),
        (0.365, 0.03),
    ]
    o.solid(cup, _GOLD)
    # Opening of the cup seen slightly from above.
    o.ellipse(
        0,
        0.02,
        0.26,
        0.03,
        ((0.0, (150, 110, 40)), (0.5, (240, 210, 130)), (1.0, (150, 110, 40))),
    )
    o.ellipse(
        0,
        0.024,
        0.24,
        0.022,
        ((0.0, (86, 60, 20)), (0.6, (150, 110, 42)), (1.0, (96, 66, 22))),
    )
    # Engraved calyx of pointed leaves around the lower cup.
    for k in range(7):
        x = -0.15 + k * 0.05
        base = 0.3 + abs(x) * 0.05
        o.line(
            [(x - 0.022, base), (x, 0.22 + abs(x) * 0.2), (x + 0.022, base)],
            (110, 76, 22, 190),
            0.003,
        )
    o.line([(-0.23, 0.12), (0.23, 0.12)], (120, 86, 28, 160), 0.0025)


def _draw_reliquary(o: _Obj) -> None:
    enamel = ((0.0, (16, 36, 92)), (0.4, (40, 72, 150)), (1.0, (14, 30, 80)))
    o.poly([(-0.48, 0.9), (0.48, 0.9), (0.5, 0.98), (-0.5, 0.98)], _GOLD)
    o.poly([(-0.44, 0.5), (0.44, 0.5), (0.44, 0.9), (-0.44, 0.9)], _GOLD)
    n = 4
    for k in range(n):
        x0 = -0.4 + 0.8 * k / n + 0.015
        x1 = -0.4 + 0.8 * (k + 1) / n - 0.015
        arch = [
            (x0, 0.87),
            (x1, 0.87),
            (x1, 0.62),
            *[
                (
                    (x0 + x1) / 2 + (x1 - x0) / 2 * math.cos(a),
                    0.62 - (x1 - x0) / 2 * math.sin(a),
                )
                for a in (i * math.pi / 12 for i in range(13))
            ],
            (x0, 0.62),
        ]
        o.poly(arch, enamel, vertical=True)
        xm = (x0 + x1) / 2
        # A haloed saint in gilt relief under each arch.
        hx, hy = o.p(xm, 0.645)
        hr = 0.034 * o.s
        o.d.ellipse(
            (hx - hr, hy - hr, hx + hr, hy + hr),
            outline=(226, 186, 96, 255),
            width=max(1, round(0.006 * o.s)),
        )
        o.poly(
            [
                (xm - 0.03, 0.69),
                (xm + 0.03, 0.69),
                (xm + 0.036, 0.72),
                (xm + 0.05, 0.86),
                (xm - 0.05, 0.86),
                (xm - 0.036, 0.72),
            ],
            _GOLD,
        )
        o.ellipse(xm, 0.655, 0.02, 0.026, _GOLD)
        o.line([(xm - 0.02, 0.74), (xm + 0.015, 0.76)], (120, 86, 28, 220), 0.004)
        o.line([(xm - 0.012, 0.8), (xm - 0.02, 0.86)], (120, 86, 28, 200), 0.0025)
        o.line([(xm + 0.012, 0.8), (xm + 0.02, 0.86)], (120, 86, 28, 200), 0.0025)
        o.gem(
            x1 + 0.015 if k < n - 1 else x1 + 0.025,
            0.74,
            0.012,
            (150, 24, 36) if k % 2 else (30, 110, 70),
        )
    for yy in (0.52, 0.885):
        for k in range(15):
            o.gem(
                -0.42 + 0.06 * k, yy, 0.008, (150, 24, 36) if k % 2 else (40, 70, 150)
            )
    roof = [(-0.48, 0.5), (0.48, 0.5), (0.42, 0.28), (-0.42, 0.28)]
    o.poly(roof, enamel, vertical=True)
    # Gilt lattice on the roof, clipped to the roof by masking.
    q = [o.p(x, y) for x, y in roof]
    rb = _box_i(
        (
            min(x for x, _ in q),
            min(y for _, y in q),
            max(x for x, _ in q),
            max(y for _, y in q),
        )
    )
    lat = Image.new("L", (rb[2] - rb[0], rb[3] - rb[1]), 0)
    ld = ImageDraw.Draw(lat)
    for k in range(-2, 15):
        x = -0.48 + k * 0.08
        for a, b in (((x, 0.5), (x + 0.06, 0.28)), ((x + 0.06, 0.5), (x, 0.28))):
            pa, pb = o.p(*a), o.p(*b)
            ld.line(
                (pa[0] - rb[0], pa[1] - rb[1], pb[0] - rb[0], pb[1] - rb[1]),
                fill=255,
                width=max(1, round(0.004 * o.s)),
            )
    clip = _shape_mask(rb, [q])
    o.c.im.paste((214, 170, 80), (rb[0], rb[1]), ImageChops.multiply(lat, clip))
    o.line(roof + [roof[0]], (214, 170, 80, 255), 0.008)
    # Openwork ridge crest with crystal knobs.
    for k in range(17):
        x = -0.4 + 0.05 * k
        cx, cy = o.p(x, 0.26)
        r = 0.02 * o.s
        o.d.ellipse(
            (cx - r, cy - r, cx + r, cy + r),
            outline=(214, 170, 80, 255),
            width=max(1, round(0.006 * o.s)),
        )
    o.poly([(-0.42, 0.28), (0.42, 0.28), (0.42, 0.272), (-0.42, 0.272)], _GOLD)
    for x in (-0.44, 0.0, 0.44):
        o.ellipse(
            x,
            0.22,
            0.035,
            0.035,
            ((0.0, (150, 160, 170)), (0.35, (250, 252, 255)), (1.0, (120, 130, 140))),
        )


def _draw_sword(c: _Ctx, size: float, horizontal: bool) -> None:
    w, h = c.w, c.h
    if horizontal:
        x0, cy = (w - size) / 2, h * 0.5
    else:
        cx, y0 = w / 2, h * 0.05

    def P(a: float, b: float) -> Point:
        return (
            (x0 + a * size, cy + b * size)
            if horizontal
            else (cx + b * size, y0 + a * size)
        )

    def part(pts: Sequence[Point], stops: Stops) -> None:
        q = [P(a, b) for a, b in pts]
        xs, ys = [p[0] for p in q], [p[1] for p in q]
        _paste_ramp(
            c.im,
            (min(xs), min(ys), max(xs), max(ys)),
            stops,
            polys=[q],
            vertical=horizontal,
        )

    blade = [(0.22, -0.026), (0.9, -0.018), (1.0, 0.0), (0.9, 0.018), (0.22, 0.026)]
    part(blade, _STEEL)
    d = c.d
    fuller = [P(0.24, 0), P(0.78, 0)]
    d.line(fuller, fill=(90, 92, 98, 220), width=max(1, round(size * 0.008)))
    d.line(
        [P(0.24, 0.004), P(0.78, 0.003)],
        fill=(230, 232, 236, 160),
        width=max(1, round(size * 0.002)),
    )
    rng = c.rng_for("rust")
    for _ in range(60):  # faint corrosion spots of an old blade
        a = rng.uniform(0.25, 0.95)
        b = rng.uniform(-0.016, 0.016)
        px, py = P(a, b)
        r = size * rng.uniform(0.001, 0.004)
        d.ellipse((px - r, py - r, px + r, py + r), fill=(120, 76, 44, 55))
    for sgn in (-1, 1):  # ground edges catch the light
        d.line(
            [P(0.23, sgn * 0.022), P(0.9, sgn * 0.0155)],
            fill=(250, 250, 252, 120),
            width=max(1, round(size * 0.0015)),
        )
    part(
        [
            (0.198, -0.105),
            (0.214, -0.1),
            (0.224, -0.02),
            (0.224, 0.02),
            (0.214, 0.1),
            (0.198, 0.105),
            (0.204, 0.02),
            (0.204, -0.02),
        ],
        _STEEL,
    )
    part([(0.06, -0.018), (0.2, -0.021), (0.2, 0.021), (0.06, 0.018)], _LEATHER)
    for k in range(14):
        a = 0.065 + k * 0.01
        d.line(
            [P(a, -0.019), P(a + 0.006, 0.019)],
            fill=(40, 22, 12, 160),
            width=max(1, round(size * 0.002)),
        )
    box = (*P(0.0, -0.045), *P(0.07, 0.045))
    bb = (
        min(box[0], box[2]),
        min(box[1], box[3]),
        max(box[0], box[2]),
        max(box[1], box[3]),
    )
    _paste_ramp(c.im, bb, _BRONZE, ellipses=[bb], vertical=horizontal)
    cx2, cy2 = P(0.035, 0)
    r = size * 0.018
    d.ellipse(
        (cx2 - r, cy2 - r, cx2 + r, cy2 + r),
        outline=(70, 44, 22, 200),
        width=max(1, round(size * 0.003)),
    )


def _draw_book(o: _Obj) -> None:
    t = 0.03
    # Page block visible below and to the right (book lying at an angle).
    o.poly(
        [
            (-0.36 + t, 0.1 + t),
            (0.36 + t, 0.1 + t),
            (0.36 + t, 0.98 + t),
            (-0.36 + t, 0.98 + t),
        ],
        ((0.0, (210, 198, 170)), (1.0, (236, 226, 200))),
    )
    for k in range(1, 8):
        f = k / 8
        o.line(
            [(0.36 + t * f, 0.1 + t * f), (0.36 + t * f, 0.98 + t * f)],
            (150, 134, 110, 160),
            0.0015,
        )
        o.line(
            [(-0.36 + t * f, 0.98 + t * f), (0.36 + t * f, 0.98 + t * f)],
            (150, 134, 110, 160),
            0.0015,
        )
    o.poly([(-0.36, 0.1), (0.36, 0.1), (0.36, 0.98), (-0.36, 0.98)], _LEATHER)
    o.poly(
        [(-0.36, 0.1), (-0.31, 0.1), (-0.31, 0.98), (-0.36, 0.98)],
        ((0.0, (40, 22, 12)), (0.5, (92, 54, 32)), (1.0, (60, 34, 20))),
    )
    dark, light = (40, 22, 12, 200), (170, 120, 80, 110)
    for inset in (0.04, 0.09):
        box = [
            (-0.36 + inset, 0.1 + inset),
            (0.36 - inset, 0.1 + inset),
            (0.36 - inset, 0.98 - inset),
            (-0.36 + inset, 0.98 - inset),
        ]
        o.line([(x + 0.003, y + 0.003) for x, y in [*box, box[0]]], light, 0.003)
        o.line([*box, box[0]], dark, 0.004)
    # Blind-tooled lozenge lattice in the centre panel, studs at crossings.
    (bx0, by0), (bx1, by1) = o.p(-0.27, 0.19), o.p(0.27, 0.89)
    step = 0.09 * o.s
    width = max(1, round(0.0025 * o.s))
    _hatch_rect(o.d, (bx0, by0, bx1, by1), step, dark, width, 1)
    _hatch_rect(o.d, (bx0, by0, bx1, by1), step, dark, width, -1)
    r = 0.007 * o.s
    for k in range(1, 40):
        a = bx0 + by0 + k * step
        for j in range(1, 40):
            b = bx0 - by1 + j * step
            x, y = (a + b) / 2, (a - b) / 2
            if bx0 + r < x < bx1 - r and by0 + r < y < by1 - r:
                o.d.ellipse((x - r, y - r, x + r, y + r), fill=dark)
    # Brass corners, central boss and clasps.
    for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        cxc, cyc = 0.36 * sx, 0.54 + 0.44 * sy
        tri = [(cxc, cyc), (cxc - 0.12 * sx, cyc), (cxc, cyc - 0.12 * sy)]
        o.poly(tri, _GOLD)
        o.ellipse(cxc - 0.035 * sx, cyc - 0.035 * sy, 0.018, 0.018, _GOLD)
    o.ellipse(0, 0.54, 0.06, 0.06, _GOLD)
    o.ellipse(0, 0.54, 0.025, 0.025, ((0.0, (250, 230, 160)), (1.0, (120, 86, 30))))
    for yy in (0.32, 0.76):
        o.poly(
            [
                (0.26, yy - 0.025),
                (0.4, yy - 0.025),
                (0.4, yy + 0.025),
                (0.26, yy + 0.025),
            ],
            _LEATHER,
            vertical=True,
        )
        o.poly(
            [
                (0.22, yy - 0.03),
                (0.29, yy - 0.03),
                (0.29, yy + 0.03),
                (0.22, yy + 0.03),
            ],
            _GOLD,
        )


def _draw_bell(o: _Obj) -> None:
    prof = [
        (0.06, 0.1),
        (0.07, 0.15),
        (0.09, 0.19),
        (0.12, 0.215),
        (0.17, 0.226),
        (0.3, 0.228),
        (0.5, 0.24),
        (0.66, 0.27),
        (0.78, 0.32),
        (0.87, 0.38),
        (0.93, 0.42),
        (0.97, 0.44),
        (1.0, 0.44),
    ]
    o.solid(prof, _BRONZE)
    o.ellipse(0, 1.0, 0.44, 0.02, _BRONZE)
    o.ellipse(0, 0.065, 0.1, 0.018, _BRONZE)
    # Crown loops (canons) on top.
    for x in (-0.055, 0.0, 0.055):
        cx, cy = o.p(x, 0.06)
        r = 0.05 * o.s
        o.d.arc(
            (cx - r * 0.55, cy - r, cx + r * 0.55, cy + r),
            180,
            360,
            fill=(92, 60, 32, 255),
            width=max(1, round(0.02 * o.s)),
        )
        o.d.arc(
            (cx - r * 0.55, cy - r, cx + r * 0.55, cy + r),
            200,
            290,
            fill=(210, 160, 100, 220),
            width=max(1, round(0.006 * o.s)),
        )
    # Raised ribs and the inscription band.

    def rib(y: float) -> None:
        r = next(rr for yy, rr in reversed(prof) if yy <= y + 1e-9)
        o.line([(-r, y), (r, y)], (70, 46, 26, 200), 0.004)
        o.line([(-r, y - 0.004), (r, y - 0.004)], (230, 180, 120, 150), 0.002)

    for y in (0.16, 0.24, 0.86, 0.9):
        rib(y)
    text = "O REX GLORIE VENI CUM PACE"
    f = _fit_font("serif-bold", [text], 0.36 * o.s, 0.045 * o.s)
    x, y = o.p(0, 0.2)
    _put(
        o.d,
        x + 0.002 * o.s,
        y + 0.002 * o.s,
        text,
        f,
        (60, 40, 22, 200),
        align="c",
        base="middle",
    )
    _put(o.d, x, y, text, f, (200, 150, 90, 230), align="c", base="middle")
    rng = o.c.rng_for("patina")
    for _ in range(70):  # thin green patina run-offs
        x = rng.uniform(-0.22, 0.22)
        y = rng.uniform(0.26, 0.8)
        px, py = o.p(x, y)
        r = rng.uniform(0.002, 0.006) * o.s
        o.d.rounded_rectangle(
            (px - r, py, px + r, py + rng.uniform(0.04, 0.12) * o.s),
            radius=r,
            fill=(80, 124, 100, 28),
        )


_SANDSTONE: Stops = (
    (0.0, (104, 88, 70)),
    (0.25, (168, 146, 118)),
    (0.42, (208, 188, 156)),
    (0.7, (150, 128, 102)),
    (1.0, (88, 74, 60)),
)


def _draw_font(o: _Obj) -> None:
    """Romanesque baptismal font: a sandstone basin with a carved arcade on a
    stout foot and a stepped base."""
    o.solid([(0.9, 0.34), (1.0, 0.34)], _SANDSTONE)
    o.solid([(0.84, 0.26), (0.9, 0.26)], _SANDSTONE)
    o.solid([(0.56, 0.14), (0.64, 0.12), (0.84, 0.15)], _SANDSTONE)
    bowl = [
        (0.06, 0.46),
        (0.12, 0.45),
        (0.3, 0.44),
        (0.44, 0.41),
        (0.52, 0.34),
        (0.58, 0.2),
        (0.6, 0.12),
    ]
    o.solid(bowl, _SANDSTONE)
    o.solid([(0.02, 0.47), (0.1, 0.47)], _SANDSTONE)
    o.ellipse(0, 0.02, 0.47, 0.035, _SANDSTONE)
    o.ellipse(
        0,
        0.025,
        0.42,
        0.025,
        ((0.0, (60, 50, 42)), (0.5, (96, 82, 68)), (1.0, (58, 48, 40))),
    )
    # Carved arcade with figures; niches shrink towards the silhouette.
    shade = (70, 58, 46, 170)
    n = 7
    for k in range(n):
        a0 = -math.pi / 2 + math.pi * k / n
        a1 = -math.pi / 2 + math.pi * (k + 1) / n
        x0, x1 = 0.43 * math.sin(a0), 0.43 * math.sin(a1)
        if x1 - x0 < 0.03:
            continue
        pad = (x1 - x0) * 0.12
        xa, xb = x0 + pad, x1 - pad
        xm, rr = (xa + xb) / 2, (xb - xa) / 2
        niche = [
            (xa, 0.4),
            (xa, 0.2),
            *[
                (xm - rr * math.cos(t), 0.2 - rr * 0.8 * math.sin(t))
                for t in (i * math.pi / 10 for i in range(11))
            ],
            (xb, 0.4),
        ]
        o.d.polygon([o.p(x, y) for x, y in niche], fill=shade)
        # A robed figure in each niche.
        o.d.ellipse(
            (*o.p(xm - rr * 0.28, 0.2), *o.p(xm + rr * 0.28, 0.24)),
            fill=(190, 168, 136, 230),
        )
        o.d.polygon(
            [
                o.p(xm - rr * 0.35, 0.245),
                o.p(xm + rr * 0.35, 0.245),
                o.p(xm + rr * 0.55, 0.395),
                o.p(xm - rr * 0.55, 0.395),
            ],
            fill=(184, 162, 130, 230),
        )
        o.line([(x1, 0.16), (x1, 0.4)], (80, 66, 52, 200), 0.004)
    for y in (0.1, 0.42):  # rope mouldings
        r = 0.45 if y < 0.2 else 0.41
        o.line([(-r, y), (r, y)], (80, 66, 52, 200), 0.006)
        o.line([(-r, y - 0.006), (r, y - 0.006)], (220, 200, 170, 150), 0.003)


def _draw_cage(o: _Obj) -> None:
    """Wrought-iron cage with a domed top and a raven perched inside - the
    raven of Merseburg castle."""
    iron = (38, 38, 42, 255)
    hl = (120, 120, 128, 200)
    base_y, top_y, hw = 0.96, 0.3, 0.3
    # Base plate.
    o.poly([(-0.34, 0.94), (0.34, 0.94), (0.34, 1.0), (-0.34, 1.0)], _STEEL)
    # Raven first, the bars pass in front of it.
    raven = [
        (-0.16, 0.62),
        (-0.05, 0.52),
        (0.05, 0.5),
        (0.1, 0.44),
        (0.16, 0.43),
        (0.22, 0.45),
        (0.18, 0.47),
        (0.15, 0.49),
        (0.13, 0.56),
        (0.08, 0.66),
        (-0.02, 0.72),
        (-0.12, 0.74),
        (-0.26, 0.8),
        (-0.22, 0.72),
    ]
    o.d.polygon([o.p(x, y) for x, y in raven], fill=(16, 16, 20, 255))
    o.line([(0.0, 0.71), (0.0, 0.78)], (30, 30, 30, 255), 0.008)
    o.line([(0.04, 0.7), (0.05, 0.78)], (30, 30, 30, 255), 0.008)
    ex, ey = o.p(0.145, 0.455)
    er = 0.008 * o.s
    o.d.ellipse((ex - er, ey - er, ex + er, ey + er), fill=(200, 200, 200, 255))
    o.line([(-0.3, 0.78), (0.3, 0.78)], (90, 60, 36, 255), 0.014)  # perch
    # Vertical bars, foreshortened like on a cylinder.
    n = 15
    for k in range(n):
        x = hw * math.sin(-math.pi / 2 + math.pi * (k + 0.5) / n)
        top = top_y - math.sqrt(max(0.0, hw * hw - x * x)) * 0.8
        o.line([(x, base_y - 0.02), (x, top_y), (x, top)], iron, 0.006)
        o.line([(x - 0.002, base_y - 0.02), (x - 0.002, top_y)], hl, 0.0015)
    # Rings and dome.
    for y in (0.36, 0.6, 0.92):
        o.line([(-hw, y), (hw, y)], iron, 0.012)
    dome = [
        (hw * math.cos(t), top_y - hw * 0.8 * math.sin(t))
        for t in (i * math.pi / 24 for i in range(25))
    ]
    o.line(dome, iron, 0.01)
    o.line([(0, top_y - hw * 0.8), (0, top_y - hw * 0.8 - 0.04)], iron, 0.01)
    cx, cy = o.p(0, top_y - hw * 0.8 - 0.07)
    r = 0.03 * o.s
    o.d.ellipse(
        (cx - r, cy - r, cx + r, cy + r), outline=iron, width=max(1, round(0.01 * o.s))
    )


def _draw_vase(o: _Obj) -> None:
    prof = [
        (0.0, 0.15),
        (0.04, 0.135),
        (0.12, 0.1),
        (0.2, 0.11),
        (0.38, 0.23),
        (0.58, 0.27),
        (0.78, 0.21),
        (0.92, 0.13),
        (0.96, 0.12),
        (1.0, 0.14),
    ]
    o.solid(prof, _GLAZE)
    o.ellipse(0, 0.0, 0.15, 0.02, ((0.0, (60, 70, 50)), (1.0, (30, 36, 26))))
    for y, r in ((0.4, 0.235), (0.44, 0.25)):
        o.line([(-r, y), (r, y)], (40, 48, 32, 200), 0.004)
    for k in range(9):
        x = -0.21 + k * 0.0525
        o.line(
            [(x, 0.46), (x + 0.02, 0.52), (x + 0.04, 0.46)], (40, 48, 32, 160), 0.003
        )


# ---------------------------------------------------------------------------
# Regional map
# ---------------------------------------------------------------------------

# Approximate positions (longitude, latitude) of places around Merseburg.
_TOWNS: dict[str, tuple[float, float]] = {
    "merseburg": (11.993, 51.355),
    "halle": (11.970, 51.482),
    "leuna": (12.017, 51.318),
    "bad dürrenberg": (12.067, 51.295),
    "schkopau": (11.955, 51.392),
    "weißenfels": (11.967, 51.200),
    "naumburg": (11.810, 51.152),
    "querfurt": (11.600, 51.381),
    "bad lauchstädt": (11.870, 51.387),
    "leipzig": (12.374, 51.340),
    "mücheln": (11.805, 51.297),
    "braunsbedra": (11.887, 51.286),
    "schkeuditz": (12.221, 51.396),
    "lützen": (12.141, 51.258),
    "freyburg": (11.770, 51.213),
    "teutschenthal": (11.800, 51.450),
    "markranstädt": (12.220, 51.300),
    "zeitz": (12.138, 51.048),
    "eisleben": (11.548, 51.528),
    "kötzschau": (12.120, 51.315),
    "günthersdorf": (12.170, 51.350),
    "landsberg": (12.161, 51.528),
    "petersberg": (11.957, 51.596),
    "rössen": (12.010, 51.305),
    "großkorbetha": (12.030, 51.260),
    "wettin": (11.810, 51.580),
}
_RIVERS: dict[str, list[tuple[float, float]]] = {
    "Saale": [
        (11.70, 51.10),
        (11.80, 51.14),
        (11.87, 51.18),
        (11.96, 51.20),
        (12.02, 51.25),
        (12.06, 51.29),
        (12.03, 51.32),
        (12.0, 51.35),
        (11.96, 51.39),
        (11.95, 51.43),
        (11.94, 51.48),
        (11.88, 51.53),
        (11.82, 51.58),
        (11.75, 51.63),
    ],
    "Weiße Elster": [
        (12.45, 51.36),
        (12.32, 51.35),
        (12.2, 51.38),
        (12.08, 51.41),
        (11.97, 51.43),
    ],
    "Unstrut": [(11.45, 51.27), (11.6, 51.24), (11.72, 51.2), (11.8, 51.16)],
    "Geisel": [(11.76, 51.31), (11.85, 51.33), (11.93, 51.345), (11.99, 51.352)],
}


def _render_map(c: _Ctx) -> None:
    sp = c.spec
    label = _s(sp, "label", c.title)
    towns = [t for t in _str_list(sp.get("towns")) if t.strip()] or [
        "Merseburg",
        "Halle (Saale)",
        "Leuna",
        "Schkopau",
        "Bad Dürrenberg",
        "Bad Lauchstädt",
        "Weißenfels",
        "Leipzig",
    ]
    mw, mh = c.mid_size()
    paper = _texture(
        (mw, mh),
        (222, 208, 170),
        (244, 234, 206),
        c.rng_for("paper"),
        coarse=8,
        grain=0.25,
    )
    paper = _vignette(paper, (170, 140, 90), 0.5)
    c.begin(paper)
    d, w, h, u = c.d, c.w, c.h, c.u
    ink = (50, 40, 32, 255)
    m = u * 40
    ax0, ay0, ax1, ay1 = m, m, w - m, h - m
    aw, ah = ax1 - ax0, ay1 - ay0

    # Town positions: known places, others at stable pseudo-random spots.
    pos: list[tuple[str, float, float]] = []
    for name in towns:
        key = name.lower().split("(")[0].strip()
        if key in _TOWNS:
            lon, lat = _TOWNS[key]
        else:
            tr = random.Random(zlib.crc32(key.encode()))
            lon, lat = 11.99 + tr.uniform(-0.3, 0.3), 51.355 + tr.uniform(-0.18, 0.18)
        pos.append((name, lon, lat))
    lons = [p[1] for p in pos] + [11.993]
    lats = [p[2] for p in pos] + [51.355]
    lat0 = (min(lats) + max(lats)) / 2
    kx = math.cos(math.radians(lat0))
    # Fit the extent (plus margin) into the map area without distortion.
    ex0, ex1 = min(lons) * kx, max(lons) * kx
    ey0, ey1 = min(lats), max(lats)
    span = max(ex1 - ex0, (ey1 - ey0) * aw / ah, 0.15)
    span_x = max(span, (ey1 - ey0) * aw / ah) * 1.25
    span_y = span_x * ah / aw
    mx, my = (ex0 + ex1) / 2, (ey0 + ey1) / 2

    def P(lon: float, lat: float) -> Point:
        return (
            ax0 + ((lon * kx - mx) / span_x + 0.5) * aw,
            ay0 + (0.5 - (lat - my) / span_y) * ah,
        )

    rng = c.rng
    # Woods and hills first, as background.
    for _ in range(14):
        fx, fy = rng.uniform(ax0, ax1), rng.uniform(ay0, ay1)
        r = min(aw, ah) * rng.uniform(0.03, 0.07)
        blob = _blob(fx, fy, r, rng, 26)
        d.polygon(blob, fill=(150, 176, 120, 110))
        for _k in range(int(14 * (r / (min(aw, ah) * 0.05)) ** 2)):
            tx = fx + rng.uniform(-0.7, 0.7) * r
            ty = fy + rng.uniform(-0.7, 0.7) * r
            tr_ = u * 4
            d.ellipse(
                (tx - tr_, ty - tr_, tx + tr_, ty + tr_),
                outline=(80, 110, 66, 200),
                width=c.lw(1),
            )
    for _ in range(12):
        _hill_ridge(c, rng, (ax0, ay0, ax1, ay1))

    # Rivers with names.
    rf = _font("serif-italic", u * 20)
    for name, pts in _RIVERS.items():
        line = _catmull([P(lo, la) for lo, la in pts], 8)
        wid = c.lw(7 if name == "Saale" else 4)
        d.line(line, fill=(96, 140, 186, 255), width=wid, joint="curve")
        d.line(line, fill=(160, 196, 226, 255), width=max(1, wid // 3), joint="curve")
        inside = [
            p
            for p in line
            if ax0 + aw * 0.05 < p[0] < ax1 - aw * 0.05
            and ay0 + ah * 0.05 < p[1] < ay1 - ah * 0.05
        ]
        if len(inside) > 4:
            i = len(inside) // 3
            (x1, y1), (x2, y2) = inside[i], inside[min(len(inside) - 1, i + 3)]
            ang = -math.degrees(math.atan2(y2 - y1, x2 - x1))
            if ang > 90:
                ang -= 180
            elif ang < -90:
                ang += 180
            # Set the name beside the river, on the upper side of its course.
            seg = math.hypot(x2 - x1, y2 - y1) or 1.0
            nx, ny = -(y2 - y1) / seg, (x2 - x1) / seg
            if ny > 0:
                nx, ny = -nx, -ny
            off = u * 20
            _rotated_text(
                c.im,
                (x1 + x2) / 2 + nx * off,
                (y1 + y2) / 2 + ny * off,
                name,
                rf,
                (50, 90, 140),
                ang,
            )

    # Roads: each town linked to its two nearest neighbours.
    pts = [(name, *P(lo, la)) for name, lo, la in pos]
    seen: set[tuple[int, int]] = set()
    for i, (_, x, y) in enumerate(pts):
        near = sorted(
            range(len(pts)), key=lambda j: math.hypot(pts[j][1] - x, pts[j][2] - y)
        )
        for j in near[1:3]:
            key = (min(i, j), max(i, j))
            if key in seen:
                continue
            seen.add(key)
            # Old roads wind a little: bend through a jittered midpoint.
            bx, by = pts[j][1], pts[j][2]
            length = math.hypot(bx - x, by - y)
            bend = length * 0.08 * (1 if (i + j) % 2 else -1)
            mx2 = (x + bx) / 2 - (by - y) / (length or 1) * bend
            my2 = (y + by) / 2 + (bx - x) / (length or 1) * bend
            d.line(
                _catmull([(x, y), (mx2, my2), (bx, by)], 10),
                fill=(168, 70, 48, 220),
                width=c.lw(2.5),
                joint="curve",
            )

    # Everything so far may run past the neat line: restore the margins from
    # the (low resolution) paper before the frame and the labels go on.
    _restore_margins(c, paper, (ax0, ay0, ax1, ay1))

    # Towns: markers first, then names placed where they collide least
    # (also with the cartouche and the north arrow drawn afterwards).
    tf = _fit_font("serif-bold", [label], aw * 0.36, u * 40)
    cw_ = max(_tw(tf, label), aw * 0.22) + u * 60
    ch_ = u * 150
    cx0, cy0 = ax0 + u * 30, ay0 + u * 30
    taken: list[tuple[float, float, float, float]] = [
        (cx0, cy0, cx0 + cw_, cy0 + ch_),
        (ax1 - u * 120, ay0 + u * 20, ax1, ay0 + u * 140),
    ]
    for name, x, y in pts:
        main = name.lower().startswith("merseburg")
        r = u * (11 if main else 7)
        d.ellipse(
            (x - r, y - r, x + r, y + r),
            fill=(250, 244, 226, 255),
            outline=ink,
            width=c.lw(2),
        )
        d.ellipse(
            (x - r * 0.5, y - r * 0.5, x + r * 0.5, y + r * 0.5),
            fill=(160, 40, 32, 255) if main else ink,
        )
        taken.append((x - r, y - r, x + r, y + r))
    for name, x, y in pts:
        main = name.lower().startswith("merseburg")
        r = u * (11 if main else 7)
        size = u * (30 if main else 22)
        f = _font("serif-bold" if main else "serif", size)
        tw = _tw(f, name)
        best: tuple[float, float, float, float] | None = None
        best_cost = math.inf
        for dx, dy in ((1, 0), (-1, 0), (1, -1), (1, 1), (-1, -1), (-1, 1)):
            lx = x + r * 1.6 if dx > 0 else x - r * 1.6 - tw
            ly = y + dy * size * 0.9
            box = (lx, ly - size * 0.6, lx + tw, ly + size * 0.6)
            cost = sum(_overlap(box, t) for t in taken)
            if box[0] < ax0 or box[2] > ax1 or box[1] < ay0 or box[3] > ay1:
                cost += tw * size * 10
            if cost < best_cost:
                best, best_cost = box, cost
        if best is None:
            continue
        taken.append(best)
        _put(d, best[0], (best[1] + best[3]) / 2, name, f, ink, base="middle")

    # Title cartouche, compass and scale bar.
    d.rectangle(
        (cx0, cy0, cx0 + cw_, cy0 + ch_),
        fill=(248, 240, 216, 235),
        outline=ink,
        width=c.lw(2),
    )
    d.rectangle(
        (cx0 + u * 8, cy0 + u * 8, cx0 + cw_ - u * 8, cy0 + ch_ - u * 8),
        outline=ink,
        width=c.lw(1),
    )
    _put(d, cx0 + cw_ / 2, cy0 + ch_ * 0.32, label, tf, ink, align="c", base="middle")
    sf = _font("serif-italic", u * 20)
    _put(
        d,
        cx0 + cw_ / 2,
        cy0 + ch_ * 0.56,
        "Übersichtskarte",
        sf,
        ink,
        align="c",
        base="middle",
    )
    km_px = aw / (span_x / kx * 111.3) if kx else 1.0
    step = max([k for k in (1, 2, 5, 10, 20) if k * 4 * km_px <= cw_ * 0.8] or [1])
    bx = cx0 + (cw_ - step * 4 * km_px) / 2
    by = cy0 + ch_ * 0.72
    for k in range(4):
        d.rectangle(
            (bx + k * step * km_px, by, bx + (k + 1) * step * km_px, by + u * 6),
            fill=ink if k % 2 == 0 else (248, 240, 216, 255),
            outline=ink,
            width=c.lw(1),
        )
    kf = _font("sans", u * 12)
    _put(d, bx, by + u * 10, "0", kf, ink, align="c")
    _put(d, bx + 4 * step * km_px, by + u * 10, f"{4 * step} km", kf, ink, align="c")
    _north_arrow(c, ax1 - u * 70, ay0 + u * 90, u * 60, ink)

    # Degree frame with alternating bars and graticule labels.
    bw = u * 10
    d.rectangle((ax0, ay0, ax1, ay1), outline=ink, width=c.lw(2))
    d.rectangle((ax0 - bw, ay0 - bw, ax1 + bw, ay1 + bw), outline=ink, width=c.lw(2))
    gf = _font("sans", u * 11)
    lon_a = (mx - span_x / 2) / kx
    lon_b = (mx + span_x / 2) / kx
    lat_a, lat_b = my - span_y / 2, my + span_y / 2
    step_deg = 0.05
    k = math.ceil(lon_a / step_deg)
    while k * step_deg <= lon_b:
        x, _ = P(k * step_deg, my)
        x2, _ = P((k + 1) * step_deg, my)
        if k % 2 == 0:
            for yy in (ay0 - bw, ay1):
                d.rectangle((x, yy, min(x2, ax1), yy + bw), fill=ink)
        deg = k * step_deg
        _put(
            d,
            x,
            ay0 - bw - u * 14,
            f"{int(deg)}°{round((deg % 1) * 60):02d}'",
            gf,
            ink,
            align="c",
            base="middle",
        )
        k += 1
    k = math.ceil(lat_a / step_deg)
    while k * step_deg <= lat_b:
        _, y = P(lon_a, k * step_deg)
        _, y2 = P(lon_a, (k + 1) * step_deg)
        if k % 2 == 0:
            for xx in (ax0 - bw, ax1):
                d.rectangle((xx, max(y2, ay0), xx + bw, y), fill=ink)
        deg = k * step_deg
        _rotated_text(
            c.im,
            ax0 - bw - u * 14,
            y,
            f"{int(deg)}°{round((deg % 1) * 60):02d}'",
            gf,
            ink[:3],
            90,
        )
        k += 1


def _overlap(a: Sequence[float], b: Sequence[float]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _restore_margins(c: _Ctx, mid: Image.Image, box: Sequence[float]) -> None:
    """Repaint the four strips outside ``box`` from the low-resolution
    background (only strip-sized images are allocated)."""
    fx, fy = mid.width / c.W, mid.height / c.H
    x0, y0, x1, y1 = _box_i(box)
    for sx0, sy0, sx1, sy1 in (
        (0, 0, c.W, y0),
        (0, y1, c.W, c.h),
        (0, y0, x0, y1),
        (x1, y0, c.W, y1),
    ):
        if sx1 - sx0 < 1 or sy1 - sy0 < 1:
            continue
        strip = mid.resize(
            (sx1 - sx0, sy1 - sy0),
            _BICUBIC,
            box=(sx0 * fx, sy0 * fy, sx1 * fx, sy1 * fy),
        )
        c.im.paste(strip, (sx0, sy0))


def _hill_ridge(c: _Ctx, rng: random.Random, area: Sequence[float]) -> None:
    """Caterpillar hachures: short strokes falling away from a ridge line,
    longest at the summit, as on 18th/19th century maps."""
    ax0, ay0, ax1, ay1 = area
    d, u = c.d, c.u
    length = min(ax1 - ax0, ay1 - ay0) * rng.uniform(0.08, 0.16)
    ang = rng.uniform(0, math.pi)
    cx, cy = rng.uniform(ax0, ax1), rng.uniform(ay0, ay1)
    bend = rng.uniform(-0.3, 0.3)
    n = 26
    col = (118, 92, 66, 170)
    for i in range(n + 1):
        t = i / n
        a = ang + bend * (t - 0.5)
        px = (
            cx
            + math.cos(ang) * length * (t - 0.5)
            + math.sin(ang) * bend * length * (t - 0.5) ** 2
        )
        py = (
            cy
            + math.sin(ang) * length * (t - 0.5)
            - math.cos(ang) * bend * length * (t - 0.5) ** 2
        )
        hgt = math.sin(math.pi * t) * length * 0.16 + u * 2
        nx, ny = -math.sin(a), math.cos(a)
        for sgn in (-1, 1):
            d.line(
                (
                    px + sgn * nx * u * 1.5,
                    py + sgn * ny * u * 1.5,
                    px + sgn * nx * hgt,
                    py + sgn * ny * hgt,
                ),
                fill=col,
                width=c.lw(1.1),
            )


# -- architectural ground plans and excavation plans -------------------------


class _PlanSheet:
    """Paper sheet with frame for plans drawn in metres: fits the extent
    (x0, y0, x1, y1 in m, y pointing south/down) into the drawing area."""

    def __init__(
        self, c: _Ctx, extent: Sequence[float], paper: tuple[RGB, RGB]
    ) -> None:
        mw, mh = c.mid_size()
        mid = _texture(
            (mw, mh), paper[0], paper[1], c.rng_for("paper"), coarse=8, grain=0.2
        )
        c.begin(_vignette(mid, (190, 176, 140), 0.3))
        self.c, self.d, self.u = c, c.d, c.u
        u = c.u
        self.m = u * 18
        self.area = (self.m * 2, self.m * 2, c.w - self.m * 2, c.h - self.m * 2)
        ax0, ay0, ax1, ay1 = self.area
        # Leave room on the right for legend and title block.
        dx0, dy0, dx1, dy1 = ax0 + u * 40, ay0 + u * 40, ax1 - u * 470, ay1 - u * 40
        if dx1 - dx0 < (ax1 - ax0) * 0.45:
            dx1 = ax1 - u * 40
            dy1 = ay1 - u * 240
        ex0, ey0, ex1, ey1 = extent
        self.s = min((dx1 - dx0) / (ex1 - ex0), (dy1 - dy0) / (ey1 - ey0))
        self.ox = dx0 + ((dx1 - dx0) - (ex1 - ex0) * self.s) / 2 - ex0 * self.s
        self.oy = dy0 + ((dy1 - dy0) - (ey1 - ey0) * self.s) / 2 - ey0 * self.s

    def p(self, x: float, y: float) -> Point:
        return (self.ox + x * self.s, self.oy + y * self.s)

    def wall(self, pts: Sequence[Point], thick: float, closed: bool = False) -> None:
        q = [self.p(x, y) for x, y in pts]
        if closed:
            q.append(q[0])
        self.d.line(
            q,
            fill=(30, 28, 26, 255),
            width=max(1, round(thick * self.s)),
            joint="curve",
        )
        # Square off the wall ends (joint="curve" only rounds inner joints).
        r = thick * self.s / 2
        for x, y in (q[0], q[-1]):
            self.d.rectangle((x - r, y - r, x + r, y + r), fill=(30, 28, 26, 255))

    def gap(self, x0: float, y0: float, x1: float, y1: float) -> None:
        """Door or arcade opening cut into a wall."""
        a, b = self.p(x0, y0), self.p(x1, y1)
        self.d.rectangle(
            (min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])),
            fill=(244, 239, 224, 255),
        )

    def pier(self, x: float, y: float, r: float) -> None:
        cx, cy = self.p(x, y)
        rr = r * self.s
        self.d.rectangle((cx - rr, cy - rr, cx + rr, cy + rr), fill=(30, 28, 26, 255))

    def dashed(self, a: Point, b: Point, width: int = 1) -> None:
        _dashdot(
            self.d, [self.p(*a), self.p(*b)], self.s * 0.8, (70, 64, 58, 200), width
        )

    def number(self, x: float, y: float, n: int) -> None:
        cx, cy = self.p(x, y)
        r = self.u * 16
        self.d.ellipse(
            (cx - r, cy - r, cx + r, cy + r),
            fill=(252, 250, 242, 255),
            outline=(40, 36, 32, 255),
            width=self.c.lw(1.5),
        )
        f = _font("sans-bold", r * 1.1)
        _put(self.d, cx, cy, str(n), f, (40, 36, 32, 255), align="c", base="middle")

    def finish(
        self,
        label: str,
        subtitle: str,
        step_m: float,
        legend: Sequence[tuple[str, Callable[[Sequence[float]], None]]],
    ) -> None:
        c, d, u = self.c, self.d, self.u
        ink = (40, 36, 32, 255)
        ax0, ay0, ax1, ay1 = self.area
        _plan_title_block(
            c,
            label,
            (ax1 - u * 20, ay1 - u * 20),
            ink,
            subtitle=subtitle,
            px_per_m=self.s,
            step_m=step_m,
        )
        # Legend above the title block.
        fs = u * 15
        f = _font("sans", fs)
        hf = _font("sans-bold", fs * 1.1)
        row = fs * 1.8
        width = u * 420
        height = row * (len(legend) + 1) + fs
        lx1, ly1 = ax1 - u * 20, ay1 - u * 230
        lx0, ly0 = lx1 - width, ly1 - height
        d.rectangle(
            (lx0, ly0, lx1, ly1),
            fill=(252, 250, 242, 240),
            outline=ink,
            width=c.lw(1.5),
        )
        _put(d, lx0 + fs * 0.8, ly0 + fs * 0.6, "Zeichenerklärung", hf, ink)
        for k, (text, swatch) in enumerate(legend):
            yy = ly0 + fs * 0.6 + row * (k + 1)
            box = (lx0 + fs * 0.8, yy, lx0 + fs * 3.4, yy + fs * 1.1)
            swatch(box)
            _put(
                d,
                box[2] + fs * 0.8,
                (box[1] + box[3]) / 2,
                _ellipsize(text, f, width - fs * 5),
                f,
                ink,
                base="middle",
            )
        _north_arrow(c, ax1 - u * 80, ay0 + u * 90, u * 60, ink)
        d.rectangle(self.area, outline=ink, width=c.lw(2.2))
        d.rectangle(
            (self.m, self.m, c.w - self.m, c.h - self.m), outline=ink, width=c.lw(3.5)
        )


def _legend_items(c: _Ctx, default: list[str]) -> list[str]:
    return [x for x in _str_list(c.spec.get("legend_items")) if x.strip()] or default


def _render_floor_plan(c: _Ctx) -> None:
    sp = c.spec
    label = _s(sp, "label", c.title)
    text = (
        label + " " + c.title + " " + " ".join(_str_list(sp.get("legend_items")))
    ).lower()
    theatre = any(k in text for k in ("bühne", "zuschauer", "theater", "foyer"))
    if theatre:
        items = _legend_items(c, ["Bühne", "Zuschauerraum", "Foyer"])
        sheet = _PlanSheet(c, (-4, -6, 46, 28), ((228, 222, 204), (246, 242, 230)))
        zones = _draw_theatre_plan(sheet)
        subtitle = "Grundriss · Maßstab 1 : 200 (schematisch)"
        step = 5.0
    else:
        items = _legend_items(c, ["Chor", "Querhaus", "Langhaus", "Kreuzgang"])
        sheet = _PlanSheet(c, (-6, -12, 92, 70), ((228, 222, 204), (246, 242, 230)))
        zones = _draw_church_plan(sheet)
        subtitle = "Grundriss · Maßstab 1 : 500 (schematisch)"
        step = 10.0
    # Number the rooms named in the legend; unknown names get free spots.
    spare = list(zones.get("", []))
    legend: list[tuple[str, Callable[[Sequence[float]], None]]] = []
    for n, item in enumerate(items, start=1):
        low = item.lower()
        spot = next((pos for key, pos in zones.items() if key and key in low), None)
        if spot is None and spare:
            spot = spare.pop(0)
        if spot is not None:
            sheet.number(spot[0][0], spot[0][1], n)

        def swatch(box: Sequence[float], n: int = n) -> None:
            cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
            r = (box[3] - box[1]) * 0.55
            sheet.d.ellipse(
                (cx - r, cy - r, cx + r, cy + r),
                fill=(252, 250, 242, 255),
                outline=(40, 36, 32, 255),
                width=c.lw(1.5),
            )
            f = _font("sans-bold", r * 1.1)
            _put(
                sheet.d, cx, cy, str(n), f, (40, 36, 32, 255), align="c", base="middle"
            )

        legend.append((item, swatch))

    def wall_swatch(box: Sequence[float]) -> None:
        sheet.d.rectangle(
            (
                box[0],
                box[1] + (box[3] - box[1]) * 0.3,
                box[2],
                box[3] - (box[3] - box[1]) * 0.3,
            ),
            fill=(30, 28, 26, 255),
        )

    def vault_swatch(box: Sequence[float]) -> None:
        _dashdot(
            sheet.d,
            [(box[0], box[1]), (box[2], box[3])],
            (box[2] - box[0]) / 4,
            (70, 64, 58, 200),
            c.lw(1),
        )
        _dashdot(
            sheet.d,
            [(box[0], box[3]), (box[2], box[1])],
            (box[2] - box[0]) / 4,
            (70, 64, 58, 200),
            c.lw(1),
        )

    legend.append(("Mauerwerk", wall_swatch))
    if not theatre:
        legend.append(("Gewölbe (Rippen)", vault_swatch))
    sheet.finish(label, subtitle, step, legend)


def _vault(sheet: _PlanSheet, x0: float, y0: float, x1: float, y1: float) -> None:
    """Rib vault of one bay: dashed diagonals."""
    sheet.dashed((x0, y0), (x1, y1), sheet.c.lw(1))
    sheet.dashed((x0, y1), (x1, y0), sheet.c.lw(1))


def _draw_church_plan(sh: _PlanSheet) -> dict[str, list[Point]]:
    """Cruciform cathedral, choir to the east (right): west towers, aisled
    nave, transept, apsed choir and a cloister on the south side."""
    t = 1.8
    # Nave and aisles.
    sh.wall([(10, 5), (50, 5)], t)
    sh.wall([(10, 29), (50, 29)], t)
    # West towers and porch.
    for y0 in (3, 21):
        sh.wall([(0, y0), (10, y0), (10, y0 + 10), (0, y0 + 10)], t * 1.5, closed=True)
    sh.wall([(0, 13), (0, 21)], t)
    sh.gap(-1.5, 15.5, 1.5, 18.5)
    # Transept arms and crossing.
    sh.wall([(50, 5), (50, -7), (62, -7), (62, 11)], t)
    sh.wall([(50, 29), (50, 41), (62, 41), (62, 23)], t)
    # Choir with apse.
    sh.wall([(62, 11), (80, 11)], t)
    sh.wall([(62, 23), (80, 23)], t)
    apse = [
        (80 + 6 * math.cos(a), 17 + 6 * math.sin(a))
        for a in (-math.pi / 2 + math.pi * i / 16 for i in range(17))
    ]
    sh.wall(apse, t)
    # Piers, vaults.
    for x in (18, 26, 34, 42):
        for y in (11, 23):
            sh.pier(x, y, 1.0)
    bays = [10, 18, 26, 34, 42, 50]
    for xa, xb in zip(bays, bays[1:], strict=False):
        for ya, yb in ((5, 11), (11, 23), (23, 29)):
            _vault(sh, xa, ya, xb, yb)
    for ya, yb in ((-7, 5), (5, 29), (29, 41)):
        _vault(sh, 50, ya, 62, yb)
    _vault(sh, 62, 11, 74, 23)
    for k in range(4):  # steps up into the raised choir
        x = 63 + k * 0.8
        a, b = sh.p(x, 11.8), sh.p(x, 22.2)
        sh.d.line((a, b), fill=(40, 36, 32, 200), width=sh.c.lw(1))
    ax, ay = sh.p(80, 15.5)
    bx, by = sh.p(82, 18.5)
    sh.d.rectangle((ax, ay, bx, by), fill=(40, 36, 32, 255))  # high altar
    # Doors.
    sh.gap(28, 27.5, 32, 30.5)
    sh.gap(54, 39.5, 58, 42.5)
    # Cloister: walks round a garth, arcades on the inner side.
    sh.wall([(14, 29), (14, 63), (48, 63), (48, 41), (50, 41)], t)
    sh.wall([(19, 34), (43, 34), (43, 58), (19, 58)], t * 0.7, closed=True)
    for k in range(6):
        sh.gap(20.5 + k * 3.8, 33, 22.5 + k * 3.8, 35)
        sh.gap(20.5 + k * 3.8, 57, 22.5 + k * 3.8, 59)
    for k in range(6):
        sh.gap(18, 35.5 + k * 3.7, 20, 37.5 + k * 3.7)
        sh.gap(42, 35.5 + k * 3.7, 44, 37.5 + k * 3.7)
    # Garth: a few trees.
    rng = sh.c.rng_for("garth")
    for _ in range(6):
        tx, ty = sh.p(rng.uniform(23, 39), rng.uniform(38, 54))
        r = sh.s * rng.uniform(1.2, 2.0)
        sh.d.ellipse(
            (tx - r, ty - r, tx + r, ty + r),
            fill=(168, 192, 140, 200),
            outline=(90, 120, 80, 255),
            width=sh.c.lw(1),
        )
    return {
        "chor": [(71, 17)],
        "quer": [(56, -1)],
        "lang": [(30, 17)],
        "schiff": [(30, 17)],
        "kreuzgang": [(16.5, 46)],
        "turm": [(5, 8)],
        "krypta": [(74, 17)],
        "vierung": [(56, 17)],
        "": [(56, 35), (5, 26), (31, 46), (80, 17)],
    }


def _draw_theatre_plan(sh: _PlanSheet) -> dict[str, list[Point]]:
    """Small court theatre: foyer, auditorium with benches and side boxes,
    stage with wing flats, dressing rooms behind."""
    t = 0.9
    sh.wall([(0, 0), (42, 0), (42, 22), (0, 22)], t, closed=True)
    sh.gap(-0.6, 9, 0.6, 13)
    sh.gap(-0.6, 3, 0.6, 5)
    sh.gap(-0.6, 17, 0.6, 19)
    sh.wall([(8, 0), (8, 9)], t * 0.7)
    sh.wall([(8, 13), (8, 22)], t * 0.7)
    # Auditorium: benches facing the stage, boxes along the side walls.
    for k in range(9):
        x = 10 + k * 1.3
        a, b = sh.p(x, 5), sh.p(x, 17)
        sh.d.line((a, b), fill=(60, 54, 48, 230), width=max(1, round(0.35 * sh.s)))
    for y0, y1 in ((0.5, 3.5), (18.5, 21.5)):
        for k in range(6):
            x = 9 + k * 2.6
            a, b = sh.p(x, y0), sh.p(x + 2.2, y1)
            sh.d.rectangle(
                (a[0], a[1], b[0], b[1]), outline=(60, 54, 48, 230), width=sh.c.lw(1)
            )
    sh.dashed((9, 4), (25, 4))
    sh.dashed((9, 18), (25, 18))
    # Proscenium and orchestra.
    sh.wall([(26, 0), (26, 6)], t * 1.4)
    sh.wall([(26, 16), (26, 22)], t * 1.4)
    a, b = sh.p(24, 6.5), sh.p(25.5, 15.5)
    sh.d.rectangle(
        (a[0], a[1], b[0], b[1]), outline=(60, 54, 48, 230), width=sh.c.lw(1)
    )
    # Stage with wing flats along both sides.
    for k in range(5):
        x = 27.5 + k * 2.4
        for ya, yb in ((2, 5), (20, 17)):
            sh.d.line(
                (sh.p(x, ya), sh.p(x + 1.2, yb)),
                fill=(60, 54, 48, 255),
                width=max(1, round(0.3 * sh.s)),
            )
    sh.wall([(39, 0), (39, 22)], t * 0.7)
    sh.gap(38.4, 9.5, 39.6, 12.5)
    for y in (7.3, 14.6):
        sh.wall([(39, y), (42, y)], t * 0.6)
    return {
        "bühne": [(33, 11)],
        "zuschauer": [(16, 11)],
        "parkett": [(16, 11)],
        "foyer": [(4, 11)],
        "loge": [(14, 2)],
        "garderobe": [(40.5, 3.5)],
        "": [(40.5, 11), (4, 3), (4, 19)],
    }


def _render_excavation_plan(c: _Ctx) -> None:
    """Excavation plan of a cemetery: trench outline, grave pits (some with
    crouched burials), pits and post holes on a metric grid."""
    sp = c.spec
    label = _s(sp, "label", c.title)
    items = _legend_items(c, ["Grab", "Grube", "Pfostenloch", "Grabungsgrenze"])
    rng = random.Random(zlib.crc32(f"dig:{_int(sp.get('seed'), 0)}".encode(), c.seed))
    sh = _PlanSheet(c, (-2, -2, 42, 30), ((232, 226, 208), (248, 245, 234)))
    d, u = sh.d, sh.u
    ink = (40, 36, 32, 255)
    # Metric grid with labels.
    gf = _font("sans", u * 10)
    for k in range(0, 41, 5):
        d.line((sh.p(k, -1), sh.p(k, 29)), fill=(110, 135, 170, 70), width=c.lw(1))
        _put(d, *sh.p(k, -1.6), f"{k}", gf, ink, align="c", base="middle")
    for k in range(0, 29, 5):
        d.line((sh.p(-1, k), sh.p(41, k)), fill=(110, 135, 170, 70), width=c.lw(1))
        _put(d, *sh.p(-1.8, k), f"{k}", gf, ink, align="c", base="middle")
    # Trench outline.
    edge = [
        (0, 2),
        (14, 0),
        (26, 1),
        (40, 0),
        (40, 12),
        (37, 14),
        (40, 17),
        (39, 28),
        (22, 27),
        (8, 28),
        (0, 26),
        (1, 14),
    ]
    d.polygon([sh.p(x, y) for x, y in edge], fill=(226, 214, 188, 150))
    _dashdot(
        d,
        [sh.p(x, y) for x, y in [*edge, edge[0]]],
        sh.s * 1.2,
        (150, 40, 40, 230),
        c.lw(2.2),
    )
    # Pits (Gruben), hatched.
    placed: list[tuple[float, float, float]] = []
    for _ in range(6):
        gx, gy, r = rng.uniform(4, 36), rng.uniform(4, 24), rng.uniform(1.2, 2.4)
        placed.append((gx, gy, r))
        blob = _blob(gx, gy, r, rng, 20)
        q = [sh.p(x, y) for x, y in blob]
        d.polygon(q, fill=(196, 170, 130, 200))
        d.line([*q, q[0]], fill=ink, width=c.lw(1.2))
        xs, ys = [p[0] for p in q], [p[1] for p in q]
        m = _shape_mask(_box_i((min(xs), min(ys), max(xs), max(ys))), [q])
        hatch = Image.new("L", m.size, 0)
        _hatch_rect(
            ImageDraw.Draw(hatch),
            (0, 0, m.width, m.height),
            sh.s * 0.35,
            (255,),
            max(1, c.lw(0.8)),
        )
        c.im.paste(
            (110, 84, 60), (int(min(xs)), int(min(ys))), ImageChops.multiply(hatch, m)
        )
    # Graves: oriented pits, numbered, half with a crouched skeleton.
    gf2 = _font("sans", u * 11)
    n = 0
    tries = 0
    while n < 22 and tries < 400:
        tries += 1
        gx, gy = rng.uniform(3, 37), rng.uniform(3, 25)
        if any(math.hypot(gx - px, gy - py) < pr + 2.0 for px, py, pr in placed):
            continue
        ang = math.radians(rng.uniform(-25, 25))
        ln, wd = rng.uniform(1.8, 2.3), rng.uniform(0.9, 1.2)
        placed.append((gx, gy, 1.2))
        n += 1
        ca, sa = math.cos(ang), math.sin(ang)

        def G(
            x: float,
            y: float,
            gx: float = gx,
            gy: float = gy,
            ca: float = ca,
            sa: float = sa,
        ) -> Point:
            return sh.p(gx + x * ca - y * sa, gy + x * sa + y * ca)

        pit = [
            G(ln / 2 * math.cos(a), wd / 2 * math.sin(a))
            for a in (2 * math.pi * i / 28 for i in range(28))
        ]
        # Rounded-rectangle pit: a superellipse-like blend of ellipse and box.
        pit = [
            G(
                max(-ln / 2, min(ln / 2, 1.25 * ln / 2 * math.cos(a))),
                max(-wd / 2, min(wd / 2, 1.25 * wd / 2 * math.sin(a))),
            )
            for a in (2 * math.pi * i / 36 for i in range(36))
        ]
        d.polygon(pit, fill=(204, 184, 150, 255))
        d.line([*pit, pit[0]], fill=ink, width=c.lw(1.6))
        if rng.random() < 0.6:
            _crouched_skeleton(d, G, ln, wd, c.lw(1.3), rng.random() < 0.5)
        lx, ly = G(0, -wd / 2 - 0.45)
        if u * 11 >= _MIN_LEGIBLE:
            _put(d, lx, ly, str(n), gf2, ink, align="c", base="middle")
    # Cremation graves (urn pits) only when the legend asks for them.
    low_items = " ".join(items).lower()
    if "brand" in low_items or "urne" in low_items:
        for _ in range(9):
            gx, gy = rng.uniform(3, 37), rng.uniform(3, 25)
            if any(math.hypot(gx - px, gy - py) < pr + 1.2 for px, py, pr in placed):
                continue
            placed.append((gx, gy, 0.5))
            _cremation(d, sh.p(gx, gy), sh.s * 0.45, ink, c.lw(1.4))
    # Post holes.
    for _ in range(34):
        px, py = rng.uniform(2, 38), rng.uniform(2, 26)
        cx, cy = sh.p(px, py)
        r = sh.s * rng.uniform(0.15, 0.25)
        d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=ink)

    def style(item: str) -> Callable[[Sequence[float]], None]:
        low = item.lower()

        def grave(box: Sequence[float]) -> None:
            d.rounded_rectangle(
                box,
                radius=(box[3] - box[1]) * 0.4,
                fill=(204, 184, 150, 255),
                outline=ink,
                width=c.lw(1.4),
            )

        def pit(box: Sequence[float]) -> None:
            d.ellipse(box, fill=(196, 170, 130, 255), outline=ink, width=c.lw(1.2))
            _hatch_rect(d, box, (box[3] - box[1]) * 0.3, (110, 84, 60, 200), c.lw(0.8))

        def post(box: Sequence[float]) -> None:
            cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
            r = (box[3] - box[1]) * 0.25
            d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=ink)

        def boundary(box: Sequence[float]) -> None:
            cy = (box[1] + box[3]) / 2
            _dashdot(
                d,
                [(box[0], cy), (box[2], cy)],
                (box[2] - box[0]) / 3,
                (150, 40, 40, 230),
                c.lw(2),
            )

        def cremation(box: Sequence[float]) -> None:
            cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
            _cremation(d, (cx, cy), (box[3] - box[1]) * 0.5, ink, c.lw(1.2))

        if "grenze" in low or "schnitt" in low:
            return boundary
        if "brand" in low or "urne" in low:
            return cremation
        if "grube" in low or "befund" in low:
            return pit
        if "pfosten" in low:
            return post
        return grave

    sh.finish(
        label,
        "Grabungsplan · Maßstab 1 : 100 (schematisch)",
        2.0,
        [(it, style(it)) for it in items],
    )


def _cremation(
    d: ImageDraw.ImageDraw, centre: Point, r: float, ink: Color, width: int
) -> None:
    """Round urn pit with burnt bone (dots) inside."""
    cx, cy = centre
    d.ellipse(
        (cx - r, cy - r, cx + r, cy + r),
        fill=(214, 196, 164, 255),
        outline=ink,
        width=width,
    )
    d.ellipse(
        (cx - r * 0.55, cy - r * 0.55, cx + r * 0.55, cy + r * 0.55),
        outline=ink,
        width=width,
    )
    for k in range(6):
        a = k * math.pi / 3
        px, py = cx + r * 0.28 * math.cos(a), cy + r * 0.28 * math.sin(a)
        dr = max(0.8, r * 0.07)
        d.ellipse((px - dr, py - dr, px + dr, py + dr), fill=ink)


def _crouched_skeleton(
    d: ImageDraw.ImageDraw,
    G: Callable[[float, float], Point],
    ln: float,
    wd: float,
    width: int,
    flip: bool,
) -> None:
    """Schematic crouched burial (typical for the Neolithic): skull, curved
    spine, drawn-up legs."""
    s = -1 if flip else 1
    hx = -ln * 0.32 * s
    ink = (60, 52, 44, 255)
    skull = [
        G(hx + 0.16 * math.cos(a), 0.13 * math.sin(a))
        for a in (2 * math.pi * i / 16 for i in range(16))
    ]
    d.polygon(skull, fill=(246, 240, 226, 255), outline=ink)
    spine = [G(hx + s * 0.18, 0.02), G(hx + s * 0.45, 0.1), G(hx + s * 0.7, 0.08)]
    d.line(spine, fill=ink, width=width)
    knee = G(hx + s * 0.55, -wd * 0.3)
    d.line([spine[-1], knee, G(hx + s * 0.85, -wd * 0.12)], fill=ink, width=width)
    d.line(
        [spine[-1], G(hx + s * 0.62, -wd * 0.22), G(hx + s * 0.9, -wd * 0.02)],
        fill=ink,
        width=width,
    )
    d.line(
        [
            G(hx + s * 0.25, 0.05),
            G(hx + s * 0.2, -wd * 0.22),
            G(hx + s * 0.02, -wd * 0.2),
        ],
        fill=ink,
        width=width,
    )


# ---------------------------------------------------------------------------
# Registry (filled in as the renderers are defined above)
# ---------------------------------------------------------------------------

_RENDERERS: dict[str, Callable[[_Ctx], None]] = {
    "manuscript": _render_manuscript,
    "printed_page": _render_printed_page,
    "medal": _render_medal,
    "tomb_slab": _render_tomb_slab,
    "organ": _render_organ,
    "building": _render_building,
    "fountain": _render_fountain,
    "plan": _render_plan,
    "industrial": _render_industrial,
    "vessel": _render_vessel,
    "photo_object": _render_photo_object,
    "map": _render_map,
}
