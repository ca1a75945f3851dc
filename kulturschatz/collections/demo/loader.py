"""Loads the demo archive (demo/data.py) into the catalogue, idempotently.

Running it again updates every demo record in place and creates nothing twice;
images already rendered are kept, so a second run takes seconds.
"""

import io
import logging
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify

from .. import services
from ..models import (
    Agent,
    Collection,
    Concept,
    Event,
    HeritageObject,
    Institution,
    ObjectImage,
    Place,
)
from . import data

logger = logging.getLogger(__name__)

Progress = Callable[[str], None]

# The objects the demo home page shows, unless the data says otherwise.
FEATURED = {
    "dsb-cod-136",
    "dsb-merseburger-bibel",
    "dom-grabplatte-rudolf-von-rheinfelden",
    "dom-ladegast-orgel",
    "schloss-merseburg",
    "denkmal-leuna-werke",
    "gtl-goethe-theater",
    "lmv-roessen-stichbandgefaess",
}


@dataclass
class DemoReport:
    created: int = 0
    updated: int = 0
    images_rendered: int = 0
    images_kept: int = 0
    messages: list[str] = field(default_factory=list)


def render_jpeg(spec: dict, title: str, scale: float) -> bytes:
    """Render one demo image to JPEG bytes (runs in a worker process)."""
    from .render import render_demo_image

    image = render_demo_image({**spec, "title": title}, scale=scale)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88, optimize=False)
    return buffer.getvalue()


class DemoLoader:
    def __init__(self, *, scale: float = 1.0, workers: int = 2, progress: Progress | None = None):
        self.scale = scale
        self.workers = workers
        self.progress = progress or (lambda message: None)
        self.places: dict[str, Place] = {}
        self.agents: dict[str, Agent] = {}
        self.concepts: dict[str, Concept] = {}
        self.institutions: dict[str, Institution] = {}
        self.collections: dict[str, Collection] = {}
        self.report = DemoReport()

    def run(self) -> DemoReport:
        with transaction.atomic():
            self.load_places()
            self.load_agents()
            self.load_concepts()
            self.load_institutions()
            self.load_collections()
            objects = {spec["identifier"]: self.load_object(spec) for spec in data.OBJECTS}
            for spec in data.OBJECTS:
                self.load_relations(objects[spec["identifier"]], spec, objects)
        self.load_images(objects)
        # What citizens shared (Mitmachen), through the moderation services.
        from .contributions import load_contributions

        load_contributions(self)
        return self.report

    # -- shared entities ----------------------------------------------------

    def load_places(self) -> None:
        for spec in data.PLACES:
            place, _ = services.find_or_create_entity(
                Place,
                uris=spec.get("uris", []),
                lookup={"name": spec["name"]},
                defaults={},
            )
            place.name = spec["name"]
            place.name_en = spec.get("name_en", "")
            place.parent = self.places.get(spec.get("parent") or "")
            place.latitude = _decimal(spec.get("latitude"))
            place.longitude = _decimal(spec.get("longitude"))
            place.description = spec.get("description", "")
            place.save()
            self.places[spec["key"]] = place

    def load_agents(self) -> None:
        for spec in data.AGENTS:
            agent, _ = services.find_or_create_entity(
                Agent, uris=spec.get("uris", []), lookup={"name": spec["name"]}, defaults={}
            )
            for name in ("kind", "name", "dates", "birth_year", "death_year", "description", "description_en"):
                if name in spec:
                    setattr(agent, name, spec[name])
            agent.save()
            self.agents[spec["key"]] = agent

    def load_concepts(self) -> None:
        for spec in data.CONCEPTS:
            concept, _ = services.find_or_create_entity(
                Concept,
                uris=spec.get("uris", []),
                lookup={"kind": spec["kind"], "slug": slugify(spec["key"])},
                defaults={"label": spec["label"]},
            )
            concept.label = spec["label"]
            concept.label_en = spec.get("label_en", "")
            concept.save()
            self.concepts[spec["key"]] = concept

    def load_institutions(self) -> None:
        for spec in data.INSTITUTIONS:
            institution, _ = Institution.objects.update_or_create(
                slug=slugify(spec["name"]),
                defaults={
                    "name": spec["name"],
                    "name_en": spec.get("name_en", ""),
                    "isil": spec.get("isil", ""),
                    "website": spec.get("website", ""),
                    "place": self.places.get(spec.get("place") or ""),
                    "description": spec.get("description", ""),
                    "description_en": spec.get("description_en", ""),
                },
            )
            self.institutions[spec["key"]] = institution

    def load_collections(self) -> None:
        for order, spec in enumerate(data.COLLECTIONS):
            collection, _ = Collection.objects.update_or_create(
                slug=spec["slug"],
                defaults={
                    "institution": self.institutions[spec["institution"]],
                    "parent": self.collections.get(spec.get("parent") or ""),
                    "name": spec["name"],
                    "name_en": spec.get("name_en", ""),
                    "description": spec.get("description", ""),
                    "description_en": spec.get("description_en", ""),
                    "order": order,
                },
            )
            self.collections[spec["key"]] = collection

    # -- objects ------------------------------------------------------------

    def load_object(self, spec: dict) -> HeritageObject:
        heritage_object, created = HeritageObject.objects.update_or_create(
            identifier=spec["identifier"],
            defaults={
                "institution": self.institutions[spec["institution"]],
                "collection": self.collections.get(spec.get("collection") or ""),
                "inventory_number": spec["inventory_number"],
                "object_type": self.concepts.get(spec.get("object_type") or ""),
                "title": spec["title"],
                "title_lang": spec.get("title_lang", "de"),
                "dimensions_display": spec.get("dimensions_display", ""),
                "provenance": spec.get("provenance", ""),
                "credit_line": spec.get("credit_line", ""),
                "rights": spec.get("rights", data.PDM),
                "metadata_rights": spec.get("metadata_rights", data.CC0),
                "status": HeritageObject.Status.PUBLISHED,
                "featured": spec.get("featured", spec["identifier"] in FEATURED),
            },
        )
        if heritage_object.note_first_publication():
            heritage_object.save(update_fields=["published_at"])
        if created:
            self.report.created += 1
        else:
            self.report.updated += 1
        heritage_object.classifications.set(
            [self.concepts[key] for key in spec.get("classifications", [])]
        )
        subjects = spec.get("subjects", {})
        heritage_object.subject_concepts.set([self.concepts[k] for k in subjects.get("concepts", [])])
        heritage_object.subject_agents.set([self.agents[k] for k in subjects.get("agents", [])])
        heritage_object.subject_places.set([self.places[k] for k in subjects.get("places", [])])
        # Child rows are rebuilt: the demo data is their only source.
        heritage_object.titles.all().delete()
        for order, title in enumerate(spec.get("titles", [])):
            heritage_object.titles.create(
                text=title["text"], lang=title.get("lang", "de"), pref=title.get("pref", "alternative"), order=order
            )
        heritage_object.descriptions.all().delete()
        for order, description in enumerate(spec.get("descriptions", [])):
            heritage_object.descriptions.create(
                text=description["text"], lang=description.get("lang", "de"), order=order
            )
        heritage_object.inscriptions.all().delete()
        for order, inscription in enumerate(spec.get("inscriptions", [])):
            heritage_object.inscriptions.create(
                kind=inscription.get("kind", ""),
                transcription=inscription.get("transcription", ""),
                description=inscription.get("description", ""),
                lang=inscription.get("lang", "de"),
                order=order,
            )
        heritage_object.measurements.all().delete()
        for order, measurement in enumerate(spec.get("measurements", [])):
            heritage_object.measurements.create(
                dimension=measurement["type"],
                value=Decimal(str(measurement["value"])),
                unit=measurement["unit"],
                extent=measurement.get("extent", ""),
                order=order,
            )
        heritage_object.events.all().delete()
        for order, event_spec in enumerate(spec.get("events", [])):
            self.load_event(heritage_object, event_spec, order)
        services.refresh_dating(heritage_object)
        self.progress(f"{heritage_object.identifier}: {heritage_object.title}")
        return heritage_object

    def load_event(self, heritage_object: HeritageObject, spec: dict, order: int) -> Event:
        event = heritage_object.events.create(
            event_type=self.concepts[spec["type"]],
            display_date=spec.get("date", ""),
            method=self.concepts.get(spec.get("method") or ""),
            materials_display=spec.get("materials_display", ""),
            description=spec.get("description", ""),
            order=order,
        )
        event.places.set([self.places[k] for k in spec.get("places", [])])
        event.materials.set([self.concepts[k] for k in spec.get("materials", [])])
        event.techniques.set([self.concepts[k] for k in spec.get("techniques", [])])
        for actor_order, actor in enumerate(spec.get("actors", [])):
            event.actors.create(
                agent=self.agents[actor["agent"]],
                role=self.concepts.get(actor.get("role") or ""),
                attribution=actor.get("qualifier", ""),
                order=actor_order,
            )
        return event

    def load_relations(self, heritage_object: HeritageObject, spec: dict, objects: dict) -> None:
        heritage_object.relations.all().delete()
        for relation in spec.get("related", []):
            heritage_object.relations.create(
                relation_type=self.concepts[relation["type"]],
                target=objects[relation["identifier"]],
            )

    # -- images -------------------------------------------------------------

    def pending_images(self, objects: dict) -> Iterator[tuple[HeritageObject, int, dict]]:
        for spec in data.OBJECTS:
            heritage_object = objects[spec["identifier"]]
            existing = {image.order: image for image in heritage_object.images.all()}
            for order, image_spec in enumerate(spec["images"]):
                image = existing.get(order)
                if image and image.master and image.master.storage.exists(image.master.name):
                    self.update_image_fields(image, image_spec, order)
                    image.save()
                    self.report.images_kept += 1
                    continue
                if image:
                    image.delete()
                yield heritage_object, order, image_spec

    def update_image_fields(self, image: ObjectImage, spec: dict, order: int) -> None:
        image.order = order
        image.is_primary = order == 0
        image.caption = spec.get("caption", "")
        image.caption_en = spec.get("caption_en", "")
        image.creator = "Kulturschatz Merseburg (Demonstrationsdarstellung)"
        image.rights = data.CC0

    def load_images(self, objects: dict) -> None:
        pending = list(self.pending_images(objects))
        if not pending:
            return
        # Rendering dominates the first run: spread it over the cores, and keep
        # the database writes in this process.
        with ProcessPoolExecutor(max_workers=self.workers) as pool:
            futures = [
                pool.submit(render_jpeg, spec, heritage_object.title, self.scale)
                for heritage_object, _, spec in pending
            ]
            for (heritage_object, order, spec), future in zip(pending, futures, strict=True):
                jpeg = future.result()
                image = ObjectImage(heritage_object=heritage_object)
                self.update_image_fields(image, spec, order)
                image.master.save(f"{slugify(spec.get('caption') or 'bild')}.jpg", ContentFile(jpeg), save=False)
                image.save()
                self.report.images_rendered += 1
                self.progress(
                    f"image {heritage_object.identifier} #{order + 1}: {image.width}×{image.height} px"
                )


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 6)))
