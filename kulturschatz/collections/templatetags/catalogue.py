"""Template helpers for the public pages."""

import json

from django import template
from django.urls import translate_url
from django.utils.safestring import mark_safe

from kulturschatz.iiif import links

from ..models import Rights

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
