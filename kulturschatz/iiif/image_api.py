"""IIIF Image API 3.0 and 2.1 request parameters: parsing and size arithmetic.

Pure functions: no ORM, no Pillow, no settings. Section numbers refer to the
Image API 3.0 specification (https://iiif.io/api/image/3.0/).
"""

import math
import re
from dataclasses import dataclass

QUALITIES = ("default", "color", "gray", "bitonal")
FORMATS = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "gif": "image/gif",
    "tif": "image/tiff",
}
# Formats the spec names that we do not produce: valid requests, answered 501.
KNOWN_UNSUPPORTED_FORMATS = ("jp2", "pdf")


class IIIFError(Exception):
    """A request the server must refuse; ``status`` is the HTTP status to send."""

    status = 400

    def __init__(self, parameter: str, value: str, reason: str = "") -> None:
        self.parameter = parameter
        self.value = value
        self.reason = reason
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = f"Invalid {self.parameter} '{self.value}'"
        return f"{text}: {self.reason}" if self.reason else text


class IIIFParameterError(IIIFError):
    """Syntax error or impossible value (400)."""


class IIIFNotImplementedError(IIIFError):
    """Valid request for a feature this server does not offer (501)."""

    status = 501

    @property
    def message(self) -> str:
        return f"Unsupported {self.parameter} '{self.value}': {self.reason}"


@dataclass(frozen=True)
class Region:
    kind: str  # "full", "square", "pixels" or "percent"
    values: tuple[float, float, float, float] | None = None


@dataclass(frozen=True)
class Size:
    kind: str  # "max", "width", "height", "percent", "exact", "confined"
    width: int | None = None
    height: int | None = None
    percent: float | None = None
    upscale: bool = False


@dataclass(frozen=True)
class Rotation:
    degrees: float
    mirror: bool = False


@dataclass(frozen=True)
class ImageRequest:
    region: Region
    size: Size
    rotation: Rotation
    quality: str
    format: str


@dataclass(frozen=True)
class Limits:
    """Server-imposed limits declared in info.json (§5.3)."""

    max_width: int | None = None
    max_height: int | None = None
    max_area: int | None = None


@dataclass(frozen=True)
class RenderPlan:
    """What to cut from the source and how big to make it."""

    box: tuple[int, int, int, int]  # x, y, width, height within the full image
    width: int
    height: int
    rotation: Rotation
    quality: str
    format: str


_NUMBER = r"\d+(?:\.\d+)?"
_PIXELS = re.compile(r"^(\d+),(\d+),(\d+),(\d+)$")
_PERCENT = re.compile(rf"^pct:({_NUMBER}),({_NUMBER}),({_NUMBER}),({_NUMBER})$")
_SIZE = re.compile(r"^(!)?(\d+)?,(\d+)?$")
_SIZE_PERCENT = re.compile(rf"^pct:({_NUMBER})$")
_ROTATION = re.compile(rf"^(!)?({_NUMBER})$")
# No rendering comes near this many pixels on a side: larger sizes are refused
# as such, before a 400-digit width overflows the float arithmetic of scaling.
# (Regions only need to be finite: they are clipped to the image.)
LARGEST_SIZE = 10**9


def _check_magnitude(
    parameter: str, text: str, values: tuple[float, ...], largest: float = math.inf
) -> None:
    if not all(math.isfinite(v) and v <= largest for v in values):
        raise IIIFParameterError(parameter, text, "a number is too large")


def parse_region(text: str) -> Region:
    """§4.1: full, square, x,y,w,h or pct:x,y,w,h."""
    if text in ("full", "square"):
        return Region(text)
    if match := _PIXELS.match(text):
        values = tuple(float(v) for v in match.groups())
        kind = "pixels"
    elif match := _PERCENT.match(text):
        values = tuple(float(v) for v in match.groups())
        kind = "percent"
        if any(v > 100 for v in values[:2]):
            raise IIIFParameterError("region", text, "offsets above 100 percent")
    else:
        raise IIIFParameterError("region", text, "expected full, square, x,y,w,h or pct:x,y,w,h")
    _check_magnitude("region", text, values)
    if values[2] <= 0 or values[3] <= 0:
        raise IIIFParameterError("region", text, "width and height must be positive")
    return Region(kind, values)  # type: ignore[arg-type]


def parse_size(text: str, version: int = 3) -> Size:
    """§4.2 (3.0: max, ^ for upscaling) or 2.1 (full, max; upscaling implicit)."""
    upscale = False
    body = text
    if version == 3 and body.startswith("^"):
        upscale, body = True, body[1:]
    if body == "max" or (version == 2 and body == "full"):
        return Size("max", upscale=upscale)
    if match := _SIZE_PERCENT.match(body):
        percent = float(match.group(1))
        _check_magnitude("size", text, (percent,), LARGEST_SIZE)
        if percent <= 0:
            raise IIIFParameterError("size", text, "percentage must be positive")
        if percent > 100 and version == 3 and not upscale:
            raise IIIFParameterError("size", text, "above 100 percent needs ^")
        return Size("percent", percent=percent, upscale=upscale or version == 2)
    match = _SIZE.match(body)
    if not match:
        raise IIIFParameterError("size", text)
    confined, width, height = match.groups()
    if any(len(number.lstrip("0")) > 10 for number in (width, height) if number):
        raise IIIFParameterError("size", text, "a number is too large")
    w = int(width) if width else None
    h = int(height) if height else None
    _check_magnitude("size", text, tuple(v for v in (w, h) if v is not None), LARGEST_SIZE)
    if w == 0 or h == 0:
        raise IIIFParameterError("size", text, "width and height must be positive")
    upscale = upscale or version == 2  # 2.1 allows sizes above the region's
    if confined:
        if w is None or h is None:
            raise IIIFParameterError("size", text, "!w,h needs both width and height")
        return Size("confined", w, h, upscale=upscale)
    if w is not None and h is not None:
        return Size("exact", w, h, upscale=upscale)
    if w is not None:
        return Size("width", w, upscale=upscale)
    if h is not None:
        return Size("height", None, h, upscale=upscale)
    raise IIIFParameterError("size", text, "width or height required")


def parse_rotation(text: str) -> Rotation:
    """§4.3: degrees clockwise from 0 to 360, "!" mirrors first."""
    match = _ROTATION.match(text)
    if not match:
        raise IIIFParameterError("rotation", text, "expected a number from 0 to 360")
    degrees = float(match.group(2))
    if degrees > 360:
        raise IIIFParameterError("rotation", text, "above 360 degrees")
    return Rotation(degrees % 360, bool(match.group(1)))


def parse_quality(text: str, version: int = 3) -> str:
    if text in QUALITIES or (version == 2 and text == "native"):
        return "default" if text == "native" else text
    raise IIIFParameterError("quality", text, "expected " + ", ".join(QUALITIES))


def parse_format(text: str) -> str:
    if text in FORMATS:
        return text
    if text in KNOWN_UNSUPPORTED_FORMATS:
        raise IIIFNotImplementedError("format", text, "this server does not produce it")
    raise IIIFParameterError("format", text, "expected " + ", ".join(FORMATS))


def parse_request(
    region: str, size: str, rotation: str, quality: str, fmt: str, *, version: int = 3
) -> ImageRequest:
    return ImageRequest(
        parse_region(region),
        parse_size(size, version),
        parse_rotation(rotation),
        parse_quality(quality, version),
        parse_format(fmt),
    )


def resolve_region(region: Region, width: int, height: int) -> tuple[int, int, int, int]:
    """The region as a pixel box clipped to the image (§4.1)."""
    if region.kind == "full":
        return (0, 0, width, height)
    if region.kind == "square":
        side = min(width, height)
        return ((width - side) // 2, (height - side) // 2, side, side)
    assert region.values is not None
    x, y, w, h = region.values
    if region.kind == "percent":
        x, w = x * width / 100, w * width / 100
        y, h = y * height / 100, h * height / 100
    left, top = round(x), round(y)
    # Clip before rounding: x + w of two huge (finite) numbers may be infinite.
    right = round(min(x + w, width))
    bottom = round(min(y + h, height))
    if left >= width or top >= height or right <= left or bottom <= top:
        text = ",".join(f"{v:g}" for v in region.values)
        raise IIIFParameterError(
            "region", text, f"lies outside the image of {width}×{height} pixels"
        )
    return (left, top, right - left, bottom - top)


def resolve_size(size: Size, region_width: int, region_height: int, limits: Limits) -> tuple[int, int]:
    """Output dimensions for a region (§4.2), honouring upscaling and limits."""
    rw, rh = region_width, region_height
    if size.kind == "max":
        w, h = rw, rh
        if size.upscale:
            w, h = _scale_to_limits(rw, rh, limits, allow_up=True)
        else:
            w, h = _scale_to_limits(rw, rh, limits, allow_up=False)
        return w, h
    if size.kind == "percent":
        assert size.percent is not None
        w = max(1, round(rw * size.percent / 100))
        h = max(1, round(rh * size.percent / 100))
    elif size.kind == "width":
        assert size.width is not None
        w, h = size.width, max(1, round(rh * size.width / rw))
    elif size.kind == "height":
        assert size.height is not None
        w, h = max(1, round(rw * size.height / rh)), size.height
    elif size.kind == "exact":
        assert size.width is not None and size.height is not None
        w, h = size.width, size.height
    else:  # confined: best fit inside w×h, keeping the aspect ratio
        assert size.width is not None and size.height is not None
        # §4.2: without "^" the result may not be larger than the region; the
        # official validator (size_noup) expects a 400 rather than a silent cap.
        scale = min(size.width / rw, size.height / rh)
        w = max(1, min(size.width, math.floor(rw * scale + 0.5)))
        h = max(1, min(size.height, math.floor(rh * scale + 0.5)))
    if not size.upscale and (w > rw or h > rh):
        raise IIIFParameterError(
            "size", _describe(size), f"larger than the region ({rw}×{rh}); use ^ to upscale"
        )
    if (
        (limits.max_width and w > limits.max_width)
        or (limits.max_height and h > limits.max_height)
        or (limits.max_area and w * h > limits.max_area)
    ):
        raise IIIFParameterError("size", _describe(size), "exceeds the server's size limits")
    return w, h


def _scale_to_limits(w: int, h: int, limits: Limits, *, allow_up: bool) -> tuple[int, int]:
    scale = math.inf if allow_up else 1.0
    if limits.max_width:
        scale = min(scale, limits.max_width / w)
    if limits.max_height:
        scale = min(scale, limits.max_height / h)
    if limits.max_area:
        scale = min(scale, math.sqrt(limits.max_area / (w * h)))
    if scale == math.inf:
        scale = 1.0
    if scale >= 1.0 and not allow_up:
        return w, h
    return max(1, math.floor(w * scale)), max(1, math.floor(h * scale))


def _describe(size: Size) -> str:
    prefix = "^" if size.upscale else ""
    if size.kind == "percent":
        return f"{prefix}pct:{size.percent:g}"
    if size.kind == "confined":
        return f"{prefix}!{size.width},{size.height}"
    return f"{prefix}{size.width or ''},{size.height or ''}"


def canonical_parameters(plan: RenderPlan, width: int, height: int) -> str:
    """§4.7: region/size/rotation/quality.format in their canonical form."""
    region = (
        "full" if plan.box == (0, 0, width, height) else ",".join(map(str, plan.box))
    )
    rotation = f"{'!' if plan.rotation.mirror else ''}{plan.rotation.degrees:g}"
    return f"{region}/{plan.width},{plan.height}/{rotation}/{plan.quality}.{plan.format}"


def plan_request(request: ImageRequest, width: int, height: int, limits: Limits) -> RenderPlan:
    box = resolve_region(request.region, width, height)
    out_w, out_h = resolve_size(request.size, box[2], box[3], limits)
    return RenderPlan(box, out_w, out_h, request.rotation, request.quality, request.format)


def fitting_size(width: int, height: int, box: int) -> str:
    """The size parameter for "fit into box×box, never enlarge" (3.0 syntax)."""
    if width <= box and height <= box:
        return "max"
    return f"!{box},{box}"


# -- the tile pyramid (§5.6 "tiles" in info.json) ------------------------------

TILE_SIZE = 512


def scale_factors(width: int, height: int, tile_size: int = TILE_SIZE) -> list[int]:
    """Powers of two from 1 until the whole image fits into one tile."""
    factors = [1]
    while max(width, height) / factors[-1] > tile_size:
        factors.append(factors[-1] * 2)
    return factors


def level_size(width: int, height: int, factor: int) -> tuple[int, int]:
    return math.ceil(width / factor), math.ceil(height / factor)


@dataclass(frozen=True)
class Tile:
    factor: int
    column: int
    row: int


def tile_region(
    tile: Tile, width: int, height: int, tile_size: int = TILE_SIZE
) -> tuple[int, int, int, int]:
    """The full-resolution region a grid tile covers, clipped at the edges."""
    span = tile_size * tile.factor
    x, y = tile.column * span, tile.row * span
    return x, y, min(span, width - x), min(span, height - y)


def match_tile(
    plan: RenderPlan, width: int, height: int, tile_size: int = TILE_SIZE
) -> Tile | None:
    """The grid tile a request asks for, if it asks for one (any size syntax).

    Clients compute edge tiles' heights slightly differently ("512," lets the
    server round, "w,h" has the client ceil), so one pixel either way still
    names the tile; the caller rescales when the size is not exact.
    """
    x, y, w, h = plan.box
    for factor in scale_factors(width, height, tile_size):
        span = tile_size * factor
        if x % span or y % span:
            continue
        tile = Tile(factor, x // span, y // span)
        if (x, y, w, h) != tile_region(tile, width, height, tile_size):
            continue
        if abs(plan.width - math.ceil(w / factor)) <= 1 and abs(
            plan.height - math.ceil(h / factor)
        ) <= 1:
            return tile
    return None


def choose_factor(plan: RenderPlan, width: int, height: int) -> int:
    """The coarsest pyramid level that still has at least the requested detail."""
    scale = max(plan.width / plan.box[2], plan.height / plan.box[3])
    best = 1
    for factor in scale_factors(width, height):
        if 1 / factor >= scale:
            best = factor
    return best


def tiles_covering(
    box: tuple[int, int, int, int], factor: int, width: int, height: int,
    tile_size: int = TILE_SIZE,
) -> list[Tile]:
    """Tiles of one level that together contain a full-resolution region."""
    x, y, w, h = box
    span = tile_size * factor
    columns = range(x // span, (min(x + w, width) - 1) // span + 1)
    rows = range(y // span, (min(y + h, height) - 1) // span + 1)
    return [Tile(factor, c, r) for r in rows for c in columns]


# -- image information (§5) ------------------------------------------------------

CONTEXTS = {
    3: "http://iiif.io/api/image/3/context.json",
    2: "http://iiif.io/api/image/2/context.json",
}
PROFILES = {
    3: "http://iiif.io/api/image/3/level2.json",
    2: "http://iiif.io/api/image/2/level2.json",
}


def image_sizes(width: int, height: int) -> list[dict[str, int]]:
    """Whole-image sizes worth pre-rendering: halvings down to thumbnail size."""
    sizes = []
    w, h = width, height
    while w > 100 or h > 100:
        w, h = (w + 1) // 2, (h + 1) // 2
        sizes.append({"width": w, "height": h})
    return sorted(sizes, key=lambda s: s["width"])


def info_document(
    base: str, width: int, height: int, rights: str, version: int, limits: Limits
) -> dict:
    """info.json of one image: level 2 and what we offer beyond it."""
    common = {
        "protocol": "http://iiif.io/api/image",
        "width": width,
        "height": height,
        "sizes": image_sizes(width, height),
        "tiles": [
            {
                "width": TILE_SIZE,
                "height": TILE_SIZE,
                "scaleFactors": scale_factors(width, height),
            }
        ],
    }
    if version == 3:
        return {
            "@context": CONTEXTS[3],
            "id": base,
            "type": "ImageService3",
            **common,
            "profile": "level2",
            "maxWidth": limits.max_width,
            "maxHeight": limits.max_height,
            "maxArea": limits.max_area,
            "extraQualities": ["color", "gray", "bitonal"],
            "extraFormats": ["webp", "gif", "tif"],
            "extraFeatures": [
                "canonicalLinkHeader",
                "mirroring",
                "profileLinkHeader",
                "rotationArbitrary",
                "sizeUpscaling",
            ],
            "rights": rights,
        }
    return {
        "@context": CONTEXTS[2],
        "@id": base,
        **common,
        "profile": [
            PROFILES[2],
            {
                "formats": ["jpg", "png", "webp", "gif", "tif"],
                "qualities": ["default", "color", "gray", "bitonal"],
                "supports": [
                    "baseUriRedirect",
                    "canonicalLinkHeader",
                    "cors",
                    "jsonldMediaType",
                    "mirroring",
                    "profileLinkHeader",
                    "regionSquare",
                    "rotationArbitrary",
                    "sizeAboveFull",
                ],
                "maxWidth": limits.max_width,
                "maxHeight": limits.max_height,
                "maxArea": limits.max_area,
            },
        ],
    }
