"""Template helpers for the public pages."""

import json
import re
from dataclasses import dataclass

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse, translate_url
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kulturschatz.iiif import links

from ..models import Concept, ObjectImage, Rights, pick_language

register = template.Library()


@register.simple_tag
def iiif_image_url(image, box: int = 400, fmt: str = "jpg") -> str:
    """An Image API 3.0 URL of the whole image fitted into box×box pixels."""
    return links.image_url(image, box, fmt)


@register.simple_tag
def iiif_info_url(image) -> str:
    return links.info_url(image)


@register.filter
def rights_label(uri: str) -> str:
    try:
        return Rights(uri).label
    except ValueError:
        return uri


@register.filter
def year_label(year: int | None) -> str:
    if year is None:
        return ""
    return f"{-year} v. Chr." if year < 0 else str(year)


@register.simple_tag(takes_context=True)
def translated_url(context, language: str) -> str:
    """This page's absolute URL in another language (for hreflang links)."""
    request = context["request"]
    return request.build_absolute_uri(translate_url(request.get_full_path(), language))


@register.filter
def ld_json(data: dict) -> str:
    """A JSON-LD data block's content, safe inside <script type="application/ld+json">."""
    text = json.dumps(data, ensure_ascii=False)
    return mark_safe(text.translate({ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}))


@register.simple_tag
def lang_attr(entity, field: str) -> SafeString:
    """` lang="de"` where a catalogue text falls back to German on a page in
    another language (its ``<field>_en`` translation is empty); nothing otherwise."""
    if entity is None:
        return mark_safe("")
    active = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    values = {"de": getattr(entity, field), "en": getattr(entity, f"{field}_en", "")}
    shown = pick_language(values, "de")[1]
    return format_html(' lang="{}"', shown) if shown != active else mark_safe("")


@register.filter
def concept_url(concept: Concept) -> str:
    """The public page of a concept; Concept has no get_absolute_url because
    only some kinds have pages (views.CONCEPT_REFERENCES)."""
    return reverse("collections:subject-detail", args=[concept.pk])


# -- licences ----------------------------------------------------------------

# Statements under which anyone may copy and pass on the image without asking:
# public domain (CC0, PDM), the CC licences (all allow copying with
# attribution; NC/ND restrict only use and adaptation, which the licence text
# shown next to the links states), and rightsstatements.org's "No Copyright"
# statements. In Copyright (InC*) needs the holder's permission, and CNE/UND
# say nobody has checked: offering a download there would invite infringement.
OPEN_RIGHTS = frozenset(
    {
        Rights.CC0,
        Rights.PDM,
        Rights.CC_BY,
        Rights.CC_BY_SA,
        Rights.CC_BY_NC,
        Rights.CC_BY_NC_SA,
        Rights.CC_BY_ND,
        Rights.CC_BY_NC_ND,
        Rights.RS_NOC_NC,
        Rights.RS_NOC_OKLR,
    }
)

DOWNLOAD_BOXES = (800, 1600)  # long side in pixels; plus the full size

CC_ICON_NAMES = {
    "cc": _("Creative Commons"),
    "by": _("Attribution"),
    "nc": _("Non-commercial"),
    "sa": _("Share alike"),
    "nd": _("No derivatives"),
    "zero": _("Public domain dedication"),
    "pd": _("Public domain"),
}


@register.filter
def allows_download(rights: str) -> bool:
    return rights in OPEN_RIGHTS


@dataclass(frozen=True)
class Download:
    label: str
    url: str
    filename: str


@register.simple_tag
def image_downloads(image: ObjectImage, identifier: str, number: int) -> list[Download]:
    """JPEG downloads of an image through the Image API: the sizes smaller than
    the image, then the full size (capped by the API's limits)."""
    long_side = max(image.width or 0, image.height or 0)
    stem = f"{identifier}-{number}"
    downloads = [
        Download(
            format_html("{} px", box),
            links.image_url(image, box),
            f"{stem}-{box}.jpg",
        )
        for box in DOWNLOAD_BOXES
        if box < long_side
    ]
    downloads.append(
        Download(
            format_html("{} ({} × {} px)", _("full size"), image.width, image.height)
            if image.width
            else str(_("full size")),
            links.image_url(image),
            f"{stem}-max.jpg",
        )
    )
    return downloads


@dataclass(frozen=True)
class LicenceIcon:
    src: str
    alt: str


@register.inclusion_tag("collections/_licence_icons.html")
def licence_icons(rights: str) -> dict:
    """Our own icons of a licence: the CC buttons' parts, or a neutral icon and
    the short code of a rightsstatements.org statement."""
    icons: list[LicenceIcon] = []
    code = ""
    cc = re.match(r"https?://creativecommons\.org/(licenses|publicdomain)/([a-z-]+)/", rights)
    rs = re.match(r"https?://rightsstatements\.org/vocab/([A-Za-z-]+)/", rights)
    if cc:
        parts = {"zero": ["cc", "zero"], "mark": ["pd"]}.get(
            cc.group(2), ["cc", *cc.group(2).split("-")]
        )
        icons = [
            LicenceIcon(static(f"kulturschatz/licences/{part}.svg"), str(CC_ICON_NAMES[part]))
            for part in parts
            if part in CC_ICON_NAMES
        ]
    elif rs:
        code = rs.group(1)
        icons = [LicenceIcon(static("kulturschatz/licences/rs.svg"), "RightsStatements.org")]
    return {"icons": icons, "code": code}
