"""IIIF Presentation API 3.0: manifests and collections, built with iiif-prezi3.

Callers pass public objects only (``HeritageObject.objects.published()``) and
the absolute base URL of the site; nothing here queries visibility itself.
"""

from collections.abc import Callable, Iterable

from django.utils import translation
from iiif_prezi3 import (
    Annotation,
    AnnotationBody,
    AnnotationPage,
    Canvas,
    Collection,
    CollectionRef,
    KeyValueString,
    Manifest,
    ManifestRef,
    ServiceV2,
    ServiceV3,
)

from kulturschatz.collections.models import (
    Collection as Sammlung,
)
from kulturschatz.collections.models import (
    HeritageObject,
    ObjectImage,
    Rights,
)

LANGUAGES = ("de", "en")
# Object types whose images are the pages of a book: viewers show them as spreads.
PAGED_TYPES = frozenset({"handschrift", "buch", "codex", "druck", "kodex", "inkunabel"})
Url = Callable[[str], str]  # absolute URL for a site path


def language_map(values: dict[str, str], fallback: str = "none") -> dict[str, list[str]]:
    """A IIIF language map from texts by language, leaving out empty ones."""
    result = {lang: [text] for lang, text in values.items() if text}
    return result or {fallback: [""]}


def in_languages(render: Callable[[], str]) -> dict[str, list[str]]:
    """The same text rendered under each interface language (for labels)."""
    texts = {}
    for language in LANGUAGES:
        with translation.override(language):
            texts[language] = str(render())
    if texts["de"] == texts["en"]:
        return {"none": [texts["de"]]}
    return {language: [text] for language, text in texts.items()}


def pair(label_de: str, label_en: str, value: dict[str, str] | str) -> KeyValueString:
    value_map = language_map(value) if isinstance(value, dict) else {"none": [value]}
    return KeyValueString(label={"de": [label_de], "en": [label_en]}, value=value_map)


def image_services(url: Url, image: ObjectImage) -> list:
    """Image API 3.0 for current viewers, 2.1 declared too for older ones."""
    return [
        ServiceV3(
            id=url(f"/iiif/3/{image.iiif_identifier}"), type="ImageService3", profile="level2"
        ),
        ServiceV2(
            id=url(f"/iiif/2/{image.iiif_identifier}"),
            type="ImageService2",
            profile="http://iiif.io/api/image/2/level2.json",
        ),
    ]


def thumbnail(url: Url, image: ObjectImage, box: int = 400) -> AnnotationBody:
    width, height = image.width or 1, image.height or 1
    scale = min(1.0, box / max(width, height))
    size = "max" if scale == 1.0 else f"!{box},{box}"
    return AnnotationBody(
        id=url(f"/iiif/3/{image.iiif_identifier}/full/{size}/0/default.jpg"),
        type="Image",
        format="image/jpeg",
        width=max(1, round(width * scale)),
        height=max(1, round(height * scale)),
        service=image_services(url, image),
    )


def metadata(heritage_object: HeritageObject) -> list[KeyValueString]:
    """The pairs a researcher needs, in German and English where catalogued."""
    pairs = []
    if heritage_object.object_type:
        concept = heritage_object.object_type
        pairs.append(pair("Objektart", "Object type", {"de": concept.label, "en": concept.label_en}))
    if heritage_object.dating_display:
        pairs.append(pair("Datierung", "Date", heritage_object.dating_display))
    events = list(heritage_object.events.all())
    makers = [
        f"{actor.agent.name}{f' ({actor.role.label})' if actor.role else ''}"
        for event in events
        if event.is_production
        for actor in event.actors.all()
    ]
    if makers:
        pairs.append(pair("Hersteller/Künstler", "Maker/Artist", "; ".join(makers)))
    places = [p.name for e in events if e.is_production for p in e.places.all()]
    if places:
        pairs.append(pair("Ort", "Place", ", ".join(dict.fromkeys(places))))
    materials = [
        e.materials_display
        or ", ".join(c.label for c in [*e.materials.all(), *e.techniques.all()])
        for e in events
        if e.is_production
    ]
    if any(materials):
        pairs.append(pair("Material/Technik", "Material/Technique", "; ".join(m for m in materials if m)))
    dimensions = heritage_object.dimensions_display or "; ".join(
        str(m) for m in heritage_object.measurements.all()
    )
    if dimensions:
        pairs.append(pair("Maße", "Dimensions", dimensions))
    pairs.append(pair("Inventarnummer", "Inventory number", heritage_object.inventory_number))
    if heritage_object.collection:
        collection = heritage_object.collection
        pairs.append(pair("Sammlung", "Collection", {"de": collection.name, "en": collection.name_en}))
    institution = heritage_object.institution
    pairs.append(pair("Institution", "Institution", {"de": institution.name, "en": institution.name_en}))
    return pairs


def build_manifest(heritage_object: HeritageObject, url: Url) -> Manifest:
    """The Presentation 3.0 manifest of one public object."""
    identifier = heritage_object.identifier
    manifest_id = url(f"/iiif/manifest/{identifier}")
    titles = heritage_object.title_map()
    descriptions = {}
    for description in heritage_object.descriptions.all():
        descriptions.setdefault(description.lang, description.text)
    institution = heritage_object.institution
    manifest = Manifest(
        id=manifest_id,
        label=language_map(titles),
        metadata=metadata(heritage_object),
        rights=heritage_object.rights if heritage_object.rights in Rights.values else None,
        provider=[
            {
                "id": url(institution.get_absolute_url()),
                "type": "Agent",
                "label": language_map({"de": institution.name, "en": institution.name_en}),
                "homepage": [
                    {
                        "id": institution.website or url(institution.get_absolute_url()),
                        "type": "Text",
                        "label": language_map({"de": institution.name, "en": institution.name_en}),
                        "format": "text/html",
                    }
                ],
            }
        ],
        homepage=[
            {
                "id": url(heritage_object.get_absolute_url()),
                "type": "Text",
                "label": language_map(titles),
                "format": "text/html",
                "language": ["de"],
            }
        ],
    )
    manifest.seeAlso = [
        {
            "id": url(f"/objekt/{identifier}/lido.xml"),
            "type": "Dataset",
            "label": {"none": ["LIDO"]},
            "format": "application/xml",
            "profile": "http://www.lido-schema.org",
        },
        {
            "id": url(f"/objekt/{identifier}/dc.xml"),
            "type": "Dataset",
            "label": {"none": ["Dublin Core"]},
            "format": "application/xml",
            "profile": "http://www.openarchives.org/OAI/2.0/oai_dc/",
        },
    ]
    if descriptions:
        manifest.summary = language_map(
            {lang: text for lang, text in descriptions.items() if lang in LANGUAGES}
            or descriptions
        )
    if heritage_object.credit_line:
        manifest.requiredStatement = KeyValueString(
            label={"de": ["Nachweis"], "en": ["Attribution"]},
            value={"none": [heritage_object.credit_line]},
        )
    if heritage_object.earliest_year and heritage_object.earliest_year > 0:
        manifest.navDate = f"{heritage_object.earliest_year:04d}-01-01T00:00:00Z"
    if heritage_object.collection_id:
        manifest.partOf = [
            {"id": url(f"/iiif/collection/{c.slug}"), "type": "Collection"}
            for c in heritage_object.collection.ancestors(include_self=True)
        ]
    images = list(heritage_object.images.all())
    if images:
        primary = heritage_object.primary_image() or images[0]
        manifest.thumbnail = [thumbnail(url, primary)]
    object_type = heritage_object.object_type
    if object_type and object_type.slug in PAGED_TYPES and len(images) > 1:
        manifest.behavior = ["paged"]
        manifest.viewingDirection = "left-to-right"
    manifest.items = [canvas(url, manifest_id, image, n) for n, image in enumerate(images, 1)]
    return manifest


def canvas(url: Url, manifest_id: str, image: ObjectImage, number: int) -> Canvas:
    canvas_id = f"{manifest_id}/canvas/{number}"
    width, height = image.width or 1, image.height or 1
    label = image.caption or image.caption_en or str(number)
    body = AnnotationBody(
        id=url(f"/iiif/3/{image.iiif_identifier}/full/max/0/default.jpg"),
        type="Image",
        format="image/jpeg",
        width=width,
        height=height,
        service=image_services(url, image),
    )
    annotation = Annotation(
        id=f"{canvas_id}/annotation/1",
        motivation="painting",
        body=body,
        target=canvas_id,
    )
    return Canvas(
        id=canvas_id,
        label=language_map({"de": image.caption, "en": image.caption_en}, fallback="none")
        if image.caption or image.caption_en
        else {"none": [label]},
        width=width,
        height=height,
        # No canvas thumbnails: viewers derive them from the image service.
        items=[AnnotationPage(id=f"{canvas_id}/page/1", items=[annotation])],
    )


def collection_label(collection: Sammlung) -> dict[str, list[str]]:
    return language_map({"de": collection.name, "en": collection.name_en})


def build_collection(
    collection: Sammlung,
    children: Iterable[Sammlung],
    objects: Iterable[HeritageObject],
    url: Url,
    *,
    page_id: str | None = None,
    pages: list[str] | None = None,
) -> Collection:
    """One Sammlung as a IIIF Collection: its sub-collections, then its manifests.

    A large collection lists page collections (``pages``) instead of its manifests.
    """
    iiif_collection = Collection(
        id=page_id or url(f"/iiif/collection/{collection.slug}"),
        label=collection_label(collection),
        homepage=[
            {
                "id": url(collection.get_absolute_url()),
                "type": "Text",
                "label": collection_label(collection),
                "format": "text/html",
            }
        ],
    )
    if collection.description or collection.description_en:
        iiif_collection.summary = language_map(
            {"de": collection.description, "en": collection.description_en}
        )
    if collection.parent_id:
        iiif_collection.partOf = [
            {"id": url(f"/iiif/collection/{collection.parent.slug}"), "type": "Collection"}
        ]
    items: list = [
        CollectionRef(
            id=url(f"/iiif/collection/{child.slug}"), type="Collection", label=collection_label(child)
        )
        for child in children
    ]
    if pages:
        items += [
            CollectionRef(id=page, type="Collection", label={"none": [f"{collection.name} ({n})"]})
            for n, page in enumerate(pages, 1)
        ]
    else:
        items += [manifest_reference(o, url) for o in objects]
    iiif_collection.items = items
    return iiif_collection


def manifest_reference(heritage_object: HeritageObject, url: Url) -> ManifestRef:
    reference = ManifestRef(
        id=url(f"/iiif/manifest/{heritage_object.identifier}"),
        type="Manifest",
        label=language_map(heritage_object.title_map()),
    )
    image = heritage_object.primary_image()
    if image is not None:
        reference.thumbnail = [thumbnail(url, image, 200)]
    return reference


def build_top_collection(collections: Iterable[Sammlung], url: Url) -> Collection:
    return Collection(
        id=url("/iiif/collection/top"),
        label={"de": ["Kulturschatz Merseburg: alle Sammlungen"], "en": ["Kulturschatz Merseburg: all collections"]},
        items=[
            CollectionRef(id=url(f"/iiif/collection/{c.slug}"), type="Collection", label=collection_label(c))
            for c in collections
        ],
    )
