"""Mapped LIDO records → catalogue rows, one record per transaction.

Shared entities (concepts, agents, places, institutions) are found by their
authority URIs first (services.find_or_create_entity), then by name, and
remembered for the rest of the run; what a failed record created is forgotten
with its rollback.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import tempfile
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import Resolver404, resolve
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kulturschatz.collections import dating, history
from kulturschatz.collections import services as catalogue_services
from kulturschatz.collections.models import (
    Agent,
    Collection,
    Concept,
    Event,
    EventActor,
    HeritageObject,
    Inscription,
    Institution,
    LinkedResource,
    Measurement,
    ObjectDescription,
    ObjectImage,
    ObjectRelation,
    ObjectTitle,
    Place,
    Rights,
)
from kulturschatz.search.services import write_deferred_queue

from .records import (
    EVENT_TYPES,
    ActorData,
    LegalBodyData,
    LidoRecord,
    PlaceData,
    RecordError,
    ResourceData,
    RightsData,
    Term,
)
from .sources import Media, MediaError

Status = HeritageObject.Status
REMOTE_TIMEOUT = 30
REMOTE_MAX_BYTES = 200 * 1024 * 1024
_url_validator = URLValidator(schemes=["http", "https"])


def _normalize_rights_uri(uri: str) -> str:
    text = uri.strip().lower().replace("https://", "http://").replace("://www.", "://")
    for suffix in ("legalcode", "deed.de", "deed.en", "deed"):
        text = text.split(suffix)[0] if suffix in text else text
    text = text.split("?")[0].split("#")[0]
    return text if text.endswith("/") else text + "/"


_RIGHTS_BY_URI = {_normalize_rights_uri(choice.value): choice.value for choice in Rights}
_RIGHTS_BY_LABEL = {str(choice.label).lower(): choice.value for choice in Rights} | {
    "cc0": Rights.CC0,
    "public domain": Rights.PDM,
    "public domain mark": Rights.PDM,
    "gemeinfrei": Rights.PDM,
    "pdm": Rights.PDM,
    "cc by": Rights.CC_BY,
    "cc by-sa": Rights.CC_BY_SA,
    "cc by-nc": Rights.CC_BY_NC,
    "cc by-nc-sa": Rights.CC_BY_NC_SA,
    "cc by-nd": Rights.CC_BY_ND,
    "cc by-nc-nd": Rights.CC_BY_NC_ND,
    "urheberrechtsschutz": Rights.RS_INC,
    "in copyright": Rights.RS_INC,
}


def match_rights(rights: RightsData | None) -> str | None:
    """The catalogue's rights statement for a LIDO rightsType, if it is one we know."""
    if rights is None:
        return None
    for uri in rights.uris:
        value = _RIGHTS_BY_URI.get(_normalize_rights_uri(uri))
        if value:
            return value
    return _RIGHTS_BY_LABEL.get(rights.label.strip().lower())


@dataclass
class Outcome:
    outcome: str  # created, updated, unchanged
    heritage_object: HeritageObject | None
    messages: list[str] = field(default_factory=list)
    images: int = 0


@dataclass
class PendingEvent:
    """An event waiting for flush_children(), with what it links to."""

    event: Event
    places: list[int]
    materials: list[int]
    techniques: list[int]
    actors: list[EventActor]


@dataclass
class Options:
    status: str | None = None
    collection: Collection | None = None
    by: Any = None
    dry_run: bool = False
    fetch_remote: bool = False
    history_comment: str = ""  # the revision comment of every record written


class RecordWriter:
    """Writes records of one import run; keeps the run's entity cache."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.cache: dict[tuple, Any] = {}
        self.new_keys: list[tuple] = []
        self.pending_relations: list[tuple[int, tuple[str, ...]]] = []
        self.seen_rec_ids: set[str] = set()
        self.prefetched: dict[str, Any] = {}
        self.pending_rows: dict[Any, list] = defaultdict(list)
        self.pending_events: list[PendingEvent] = []
        self.batch_new_keys: list[tuple] = []
        self.known_objects: dict[str, HeritageObject] = {}
        self.prepared_rec_ids: set[str] = set()
        self.known_numbers: dict[tuple[int, str], tuple[int, str, str | None]] = {}
        self.prepared_numbers: set[str] = set()
        self.prepared_identifiers: set[str] = set()
        self.taken_identifiers: set[str] = set()
        self.undo: list[Any] = []
        # Objects written since the last flush get a revision with it; objects
        # known to have a version need no baseline before they are changed.
        self.history_pks: list[int] = []
        self.versioned: set[int] = set()
        self.held_for_review = 0  # records the four-eyes principle kept from publishing

    # -- the run ---------------------------------------------------------------

    def write(self, record: LidoRecord, media: Media, *, flush: bool = False) -> Outcome:
        """Import one record in its own savepoint; RecordError leaves nothing behind.

        The record's rows are queued for flush_children() unless ``flush`` (or a
        dry run) asks for them at once.
        """
        saved_files: list[str] = []
        self.new_keys = []
        self.undo = []
        pending_before = len(self.pending_relations)
        history_before = len(self.history_pks)
        held_before = self.held_for_review
        rows_before = {model: len(rows) for model, rows in self.pending_rows.items()}
        events_before = len(self.pending_events)
        # Downloads happen before the transaction: no database lock is held
        # while a remote server takes its time.
        self.prefetched = self.prefetch_remote(record) if self.options.fetch_remote else {}
        try:
            with transaction.atomic():
                outcome = self._write(record, media, saved_files)
                if flush or self.options.dry_run:
                    self.flush_children()
                if self.options.dry_run:
                    transaction.set_rollback(True)
        except BaseException:
            for undo in reversed(self.undo):
                undo()
            self.undo = []
            self._forget_new_entities()
            del self.pending_relations[pending_before:]
            for model in list(self.pending_rows):
                del self.pending_rows[model][rows_before.get(model, 0):]
            del self.pending_events[events_before:]
            del self.history_pks[history_before:]
            self.held_for_review = held_before
            for name in saved_files:
                ObjectImage._meta.get_field("master").storage.delete(name)
            raise
        if self.options.dry_run:
            for undo in reversed(self.undo):
                undo()
            self._forget_new_entities()
            del self.pending_relations[pending_before:]
        self.undo = []
        self.seen_rec_ids.add(record.lido_rec_id)
        return outcome

    def flush_children(self) -> None:
        """Insert the queued rows of every record written since the last flush."""
        events = self.pending_events
        Event.objects.bulk_create([e.event for e in events])
        through_rows: dict[Any, list] = defaultdict(list)
        for pending in events:
            pk = pending.event.pk
            through_rows[Event.places.through] += [
                Event.places.through(event_id=pk, place_id=place) for place in pending.places
            ]
            through_rows[Event.materials.through] += [
                Event.materials.through(event_id=pk, concept_id=c) for c in pending.materials
            ]
            through_rows[Event.techniques.through] += [
                Event.techniques.through(event_id=pk, concept_id=c) for c in pending.techniques
            ]
            for actor in pending.actors:
                actor.event = pending.event
            through_rows[EventActor] += pending.actors
        for model, rows in [*self.pending_rows.items(), *through_rows.items()]:
            if rows:
                model.objects.bulk_create(rows, batch_size=500)
        self.pending_rows = defaultdict(list)
        self.pending_events = []
        if self.history_pks and not self.options.dry_run:
            # One revision per record, written with its rows: ~15 queries a batch.
            history.record_revisions(
                self.history_pks, user=self.options.by, comment=self.options.history_comment
            )
            self.versioned.update(self.history_pks)
        self.history_pks = []
        write_deferred_queue()

    def discard_children(self) -> None:
        self.pending_rows = defaultdict(list)
        self.pending_events = []
        self.history_pks = []

    def resolve_pending_relations(self) -> int:
        """Link relations whose target was imported after their source (one pass)."""
        linked = 0
        for relation_pk, object_ids in self.pending_relations:
            target = (
                HeritageObject.objects.filter(_refers_to(object_ids))
                .exclude(relations__pk=relation_pk)
                .first()
            )
            if target is not None:
                ObjectRelation.objects.filter(pk=relation_pk, target__isnull=True).update(target=target)
                linked += 1
        self.pending_relations.clear()
        return linked

    def _forget_new_entities(self) -> None:
        for key in self.new_keys:
            self.cache.pop(key, None)
        self.new_keys = []

    # -- one record ----------------------------------------------------------------

    def _write(self, record: LidoRecord, media: Media, saved_files: list[str]) -> Outcome:
        messages = list(record.warnings)
        if record.lido_rec_id in self.known_objects or record.lido_rec_id in self.prepared_rec_ids:
            existing = self.known_objects.get(record.lido_rec_id)
        else:
            existing = HeritageObject.objects.filter(lido_rec_id=record.lido_rec_id).first()
        checksum = self.checksum(record, media)
        status = self.options.status
        collection = self.options.collection
        held = (
            status == Status.PUBLISHED
            and catalogue_services.four_eyes_binds(self.options.by)
            and (existing is None or existing.status != Status.PUBLISHED)
        )
        if held:  # the uploader wrote the data: a second person publishes it
            status = Status.REVIEW
        if (
            existing is not None
            and existing.import_checksum == checksum
            and (status is None or status == existing.status)
            and (collection is None or collection.pk == existing.collection_id)
        ):
            self.note_held(held, messages)
            return Outcome("unchanged", existing, messages)
        if record.lido_rec_id in self.seen_rec_ids:
            messages.append(_("This lidoRecID came earlier in this run; this record replaced it."))
        self.note_held(held, messages)
        if existing is not None and existing.pk not in self.versioned and not self.options.dry_run:
            # Catalogued before the history existed: keep its state before the update.
            history.ensure_baseline([existing.pk])
            self.versioned.add(existing.pk)
            self.undo.append(lambda pk=existing.pk: self.versioned.discard(pk))

        institution = self.institution(record, collection)
        inventory_number = record.inventory_number
        if not inventory_number:
            inventory_number = (record.record_id or record.lido_rec_id)[:100]
            messages.append(
                _("The record has no inventory number (workID); %(value)s was used.")
                % {"value": inventory_number}
            )
        key = (institution.pk, inventory_number)
        if key in self.known_numbers or inventory_number in self.prepared_numbers:
            holder = self.known_numbers.get(key)
            clash = holder[1:] if holder and (existing is None or holder[0] != existing.pk) else None
        else:
            clash = (
                HeritageObject.objects.filter(institution=institution, inventory_number=inventory_number)
                .exclude(pk=existing.pk if existing else None)
                .values_list("identifier", "lido_rec_id")
                .first()
            )
        if clash:
            raise RecordError(
                [
                    _(
                        "%(institution)s already has an object with the inventory number "
                        "%(number)s (%(identifier)s, lidoRecID %(other)s)."
                    )
                    % {
                        "institution": institution.name,
                        "number": inventory_number,
                        "identifier": clash[0],
                        "other": clash[1] or "–",
                    }
                ]
            )

        heritage_object = existing or HeritageObject(
            identifier=self.new_identifier(record.lido_rec_id),
            lido_rec_id=record.lido_rec_id,
            status=Status.DRAFT,
            created_by=self.options.by,
        )
        main_title = record.main_title
        heritage_object.institution = institution
        if collection is None and record.collections:
            collection = self.own_collection(record, institution, messages)
        if collection is not None:
            heritage_object.collection = collection
        elif heritage_object.collection_id and heritage_object.collection.institution_id != institution.pk:
            heritage_object.collection = None
        heritage_object.inventory_number = inventory_number
        heritage_object.object_type = (
            self.concept(record.object_type, Concept.Kind.OBJECT_TYPE) if record.object_type else None
        )
        heritage_object.title = main_title.text
        heritage_object.title_lang = main_title.lang
        heritage_object.dimensions_display = record.dimensions_display
        heritage_object.provenance = record.provenance
        rights_work = record.rights_work
        object_rights = match_rights(rights_work)
        if rights_work and rights_work.uris and object_rights is None:
            messages.append(
                _("Rights of the object %(value)s are not a statement we know; "
                  "'Copyright Undetermined' was set.") % {"value": ", ".join(rights_work.uris)}
            )
        heritage_object.rights = object_rights or Rights.RS_UND
        heritage_object.rights_holder = rights_work.holder if rights_work else ""
        heritage_object.credit_line = rights_work.credit if rights_work else ""
        metadata_rights = match_rights(record.record_rights)
        if metadata_rights is None:
            messages.append(
                _("The licence of the record (recordRights) is missing or unknown (%(value)s); "
                  "CC0 1.0 was set, check it before publishing.")
                % {"value": ", ".join(record.record_rights.uris or [record.record_rights.label])
                   if record.record_rights else "–"}
            )
        heritage_object.metadata_rights = metadata_rights or Rights.CC0
        heritage_object.published_id = self.pick_published_id(record)[:500]
        heritage_object.source_record_id = record.record_id
        heritage_object.source_record_url = self.pick_info_link(record)[:1000]
        heritage_object.import_checksum = checksum
        heritage_object.updated_by = self.options.by
        heritage_object.last_editor = self.options.by
        if status is not None and status != heritage_object.status:
            heritage_object.status = status
        heritage_object.note_first_publication()
        (
            heritage_object.dating_display,
            heritage_object.earliest_year,
            heritage_object.latest_year,
        ) = object_dating(record)
        self.check_lengths(heritage_object)
        try:
            heritage_object.save()
        except IntegrityError as error:
            raise RecordError([_("The database refused the record: %(error)s") % {"error": error}]) from error
        self.remember_object(heritage_object, existing)
        self.history_pks.append(heritage_object.pk)

        if existing is not None:
            self.clear_children(heritage_object)
        self.write_children(heritage_object, record, main_title, new=existing is None)
        images = self.write_resources(
            heritage_object, record.resources, media, messages, saved_files, new=existing is None
        )
        return Outcome("updated" if existing else "created", heritage_object, messages, images)

    # -- helpers for the object itself ------------------------------------------

    def note_held(self, held: bool, messages: list[str]) -> None:
        """Report a record the four-eyes principle kept from being published."""
        if held:
            self.held_for_review += 1
            messages.append(
                _("Set to 'in review' instead of published: under the four-eyes principle a "
                  "second member of the editorial team (Redaktion) must publish what you imported.")
            )  # fmt: skip

    def checksum(self, record: LidoRecord, media: Media) -> str:
        digest = hashlib.sha256(repr(record).encode())
        # Asking for remote images makes a run worth doing again.
        digest.update(b"fetch" if self.options.fetch_remote else b"")
        for resource in record.resources:
            if not Media.is_remote(resource.link):
                digest.update(media.fingerprint(resource.link).encode())
        return digest.hexdigest()

    @staticmethod
    def is_own_address(value: str) -> bool:
        """A page of this archive (our own exports name it next to the source's)."""
        base = settings.KULTURSCHATZ_PUBLIC_URL.rstrip("/") + "/"
        return value.startswith(base)

    def own_collection(self, record: LidoRecord, institution: Institution, messages: list[str]) -> Collection | None:
        """The collection a record of our own export names (by its page address)."""
        for term in record.collections:
            for uri in term.uris:
                if not self.is_own_address(uri):
                    continue
                try:
                    match = resolve(urlsplit(uri).path)
                except Resolver404:
                    continue
                slug = match.kwargs.get("slug")
                found = Collection.objects.filter(slug=slug, institution=institution).first() if slug else None
                if found is not None:
                    return found
            messages.append(
                _("The collection %(name)s named by the record is not in this catalogue.")
                % {"name": term.main_label}
            )
        return None

    def pick_published_id(self, record: LidoRecord) -> str:
        return next((v for v in record.published_ids if not self.is_own_address(v)), "")

    def pick_info_link(self, record: LidoRecord) -> str:
        return next((v for v in record.record_info_links if not self.is_own_address(v)), "")

    @staticmethod
    def identifier_base(lido_rec_id: str) -> str:
        base = slugify(lido_rec_id.replace("/", "-").replace(":", "-").replace(".", "-"))[:90].strip("-")
        return base or "lido"

    def new_identifier(self, lido_rec_id: str) -> str:
        base = self.identifier_base(lido_rec_id)
        if base in self.prepared_identifiers and base not in self.taken_identifiers:
            return base
        return first_free(
            base,
            lambda candidate: candidate in self.taken_identifiers
            or HeritageObject.objects.filter(identifier=candidate).exists(),
        )

    def prepare_batch(self, records: list[LidoRecord]) -> None:
        """Look up, in three queries, what writing these records needs to know."""
        self.prepared_rec_ids = {r.lido_rec_id for r in records}
        self.known_objects = {
            o.lido_rec_id: o
            for o in HeritageObject.objects.filter(lido_rec_id__in=self.prepared_rec_ids)
        }
        numbers = {n for r in records for n in (r.inventory_number, r.record_id, r.lido_rec_id) if n}
        self.prepared_numbers = numbers
        self.known_numbers = {
            (institution, number): (pk, identifier, rec_id)
            for institution, number, pk, identifier, rec_id in HeritageObject.objects.filter(
                inventory_number__in=numbers
            ).values_list("institution_id", "inventory_number", "pk", "identifier", "lido_rec_id")
        }
        self.prepared_identifiers = {self.identifier_base(r.lido_rec_id) for r in records}
        if not self.options.dry_run:
            self.versioned |= history.pks_with_versions(
                o.pk for o in self.known_objects.values() if o.pk not in self.versioned
            )
        self.taken_identifiers = set(
            HeritageObject.objects.filter(identifier__in=self.prepared_identifiers).values_list(
                "identifier", flat=True
            )
        )

    def remember_object(self, heritage_object: HeritageObject, existing: HeritageObject | None) -> None:
        """Keep the batch's lookups true after a save; undone if the record fails."""
        rec_id = heritage_object.lido_rec_id
        key = (heritage_object.institution_id, heritage_object.inventory_number)
        before = (self.known_objects.get(rec_id), self.known_numbers.get(key))
        identifier_new = heritage_object.identifier not in self.taken_identifiers
        self.known_objects[rec_id] = heritage_object
        self.known_numbers[key] = (heritage_object.pk, heritage_object.identifier, rec_id)
        self.taken_identifiers.add(heritage_object.identifier)

        def undo() -> None:
            for mapping, map_key, value in (
                (self.known_objects, rec_id, before[0]),
                (self.known_numbers, key, before[1]),
            ):
                if value is None:
                    mapping.pop(map_key, None)
                else:
                    mapping[map_key] = value
            if identifier_new:
                self.taken_identifiers.discard(heritage_object.identifier)

        self.undo.append(undo)

    @staticmethod
    def check_lengths(instance: Any) -> None:
        problems = []
        for model_field in instance._meta.concrete_fields:
            limit = getattr(model_field, "max_length", None)
            value = getattr(instance, model_field.attname, None)
            if limit and isinstance(value, str) and len(value) > limit:
                problems.append(
                    _("%(field)s is %(length)d characters long; at most %(max)d fit.")
                    % {"field": model_field.verbose_name, "length": len(value), "max": limit}
                )
        if problems:
            raise RecordError(problems)

    # -- shared entities ------------------------------------------------------------

    def _remember(self, key: tuple, entity: Any, created: bool) -> None:
        self.cache[key] = entity
        if created:
            self.new_keys.append(key)
            self.batch_new_keys.append(key)

    def begin_batch(self) -> None:
        self.batch_new_keys = []
        self.batch_relations = len(self.pending_relations)

    def abort_batch(self) -> None:
        """The batch's transaction was rolled back: forget what it created."""
        for key in self.batch_new_keys:
            self.cache.pop(key, None)
        self.batch_new_keys = []
        del self.pending_relations[self.batch_relations :]
        self.discard_children()
        self.versioned = set()  # baselines of the batch were rolled back too

    def concept(self, term: Term, kind: str, *, key: str = "") -> Concept:
        cache_key = ("concept", kind, key, term.uris, term.labels)
        if cache_key in self.cache:
            return self.cache[cache_key]
        label = term.main_label[:255]
        label_en = term.label("en")[:255]
        if key:
            uri, default_de, default_en, aliases = EVENT_TYPES[key]
            alias_set = {a.lower() for a in aliases}
            uris = [uri, *(u for u in term.uris if u.lower() not in alias_set)]
            concept, created = catalogue_services.find_or_create_entity(
                Concept, uris=uris, lookup={"kind": kind, "slug": key},
                defaults={"label": default_de, "label_en": default_en},
            )  # fmt: skip
        else:
            concept, created = catalogue_services.find_or_create_entity(
                Concept, uris=term.uris, lookup={"kind": kind, "label": label},
                defaults={"slug": lambda: self.concept_slug(kind, label), "label_en": label_en},
            )  # fmt: skip
            if label_en and not concept.label_en:
                Concept.objects.filter(pk=concept.pk).update(label_en=label_en)
        self._remember(cache_key, concept, created)
        return concept

    @staticmethod
    def concept_slug(kind: str, label: str) -> str:
        return first_free(
            slugify(label)[:90] or "begriff",
            lambda candidate: Concept.objects.filter(kind=kind, slug=candidate).exists(),
        )

    def agent(self, actor: ActorData) -> Agent:
        cache_key = ("agent", actor)
        if cache_key in self.cache:
            return self.cache[cache_key]
        agent, created = catalogue_services.find_or_create_entity(
            Agent, uris=actor.uris, lookup={"name": actor.name, "kind": actor.kind},
            defaults={"dates": actor.dates, "birth_year": actor.birth_year,
                      "death_year": actor.death_year},
        )  # fmt: skip
        if not created:
            updates = {
                name: value
                for name, value in (
                    ("dates", actor.dates),
                    ("birth_year", actor.birth_year),
                    ("death_year", actor.death_year),
                )
                if value not in ("", None) and getattr(agent, name) in ("", None)
            }
            if updates:
                Agent.objects.filter(pk=agent.pk).update(**updates)
        self._remember(cache_key, agent, created)
        return agent

    def place(self, data: PlaceData) -> Place:
        cache_key = ("place", data)
        if cache_key in self.cache:
            return self.cache[cache_key]
        parent = self.place(data.parent) if data.parent else None
        place, created = catalogue_services.find_or_create_entity(
            Place, uris=data.uris, lookup={"name": data.name},
            defaults={"name_en": data.name_en, "latitude": data.latitude,
                      "longitude": data.longitude, "parent": parent},
        )  # fmt: skip
        if not created:
            updates: dict[str, Any] = {}
            if data.name_en and not place.name_en:
                updates["name_en"] = data.name_en
            if data.latitude is not None and place.latitude is None:
                updates.update(latitude=data.latitude, longitude=data.longitude)
            if parent is not None and place.parent_id is None and parent.pk != place.pk:
                updates["parent"] = parent
            if updates:
                Place.objects.filter(pk=place.pk).update(**updates)
        self._remember(cache_key, place, created)
        return place

    def institution(self, record: LidoRecord, collection: Collection | None) -> Institution:
        if collection is not None:
            return collection.institution
        body: LegalBodyData | None = record.repository or record.record_source
        if body is None:
            raise RecordError(
                [_("The record names no holding institution (repositoryName or recordSource); "
                   "import it into a collection with --collection.")]
            )  # fmt: skip
        cache_key = ("institution", body.isil, body.name)
        if cache_key in self.cache:
            return self.cache[cache_key]
        institution = None
        if body.isil:
            institution = Institution.objects.filter(isil=body.isil).first()
        if institution is None:
            institution = Institution.objects.filter(name=body.name).first()
        created = institution is None
        if institution is None:
            slug = first_free(
                slugify(body.name)[:90] or "institution",
                lambda candidate: Institution.objects.filter(slug=candidate).exists(),
            )
            institution = Institution.objects.create(
                name=body.name, name_en=body.name_en, slug=slug, isil=body.isil,
                website=body.website[:200],
            )  # fmt: skip
        self._remember(cache_key, institution, created)
        return institution

    # -- rows that belong to the object ------------------------------------------------

    @staticmethod
    def clear_children(heritage_object: HeritageObject) -> None:
        for model in (ObjectTitle, ObjectDescription, Inscription, Measurement, ObjectRelation, LinkedResource):
            model.objects.filter(heritage_object=heritage_object).delete()
        Event.objects.filter(heritage_object=heritage_object).delete()

    def write_children(self, heritage_object: HeritageObject, record: LidoRecord, main_title,
                       *, new: bool) -> None:  # fmt: skip
        """Queue the object's rows; flush_children() inserts them, table by table."""
        rows = self.pending_rows
        rows[ObjectTitle] += [
            ObjectTitle(
                heritage_object=heritage_object, text=title.text, lang=title.lang,
                pref=ObjectTitle.Pref.PREFERRED if title.preferred else ObjectTitle.Pref.ALTERNATIVE,
                order=order,
            )  # fmt: skip
            for order, title in enumerate(t for t in record.titles if t != main_title)
        ]
        rows[ObjectDescription] += [
            ObjectDescription(heritage_object=heritage_object, text=text, lang=lang, order=order)
            for order, (lang, text) in enumerate(record.descriptions)
        ]
        rows[Inscription] += [
            Inscription(
                heritage_object=heritage_object, kind=item.kind, transcription=item.transcription,
                description=item.description, lang=item.lang, order=order,
            )  # fmt: skip
            for order, item in enumerate(record.inscriptions)
        ]
        rows[Measurement] += [
            Measurement(
                heritage_object=heritage_object, dimension=m.dimension, value=m.value,
                unit=m.unit, extent=m.extent, order=order,
            )  # fmt: skip
            for order, m in enumerate(record.measurements)
        ]

        periods: list[Concept] = []
        for order, data in enumerate(record.events):
            event = Event(
                heritage_object=heritage_object,
                event_type=self.concept(data.event_type, Concept.Kind.EVENT_TYPE, key=data.type_key),
                display_date=data.display_date,
                earliest_year=data.earliest_year,
                latest_year=data.latest_year,
                method=self.concept(data.method, Concept.Kind.METHOD) if data.method else None,
                materials_display=data.materials_display,
                description=data.description,
                order=order,
            )
            if event.display_date and event.earliest_year is None:
                event.fill_years_from_date()
            actors = [
                EventActor(
                    agent=self.agent(role.actor),
                    role=self.concept(role.role, Concept.Kind.ROLE) if role.role else None,
                    attribution=role.attribution, order=number,
                )  # fmt: skip
                for number, role in enumerate(data.actors)
            ]
            self.pending_events.append(
                PendingEvent(
                    event,
                    list(dict.fromkeys(self.place(p).pk for p in data.places)),
                    list(dict.fromkeys(self.concept(t, Concept.Kind.MATERIAL).pk for t in data.materials)),
                    list(dict.fromkeys(self.concept(t, Concept.Kind.TECHNIQUE).pk for t in data.techniques)),
                    actors,
                )
            )
            periods += [self.concept(t, Concept.Kind.PERIOD) for t in data.periods]

        subjects = [self.concept(t, Concept.Kind.SUBJECT) for t in record.subject_concepts]
        periods += [self.concept(t, Concept.Kind.PERIOD) for t in record.subject_periods]
        for manager, values, column in (
            (
                HeritageObject.classifications,
                [self.concept(t, Concept.Kind.CLASSIFICATION) for t in record.classifications],
                "concept_id",
            ),
            (HeritageObject.subject_concepts, subjects + periods, "concept_id"),
            (HeritageObject.subject_agents, [self.agent(a) for a in record.subject_agents], "agent_id"),
            (HeritageObject.subject_places, [self.place(p) for p in record.subject_places], "place_id"),
        ):
            # The object's rows were just created or cleared: insert, don't diff.
            through = manager.through
            if not new:
                through.objects.filter(heritageobject_id=heritage_object.pk).delete()
            rows[through] += [
                through(heritageobject_id=heritage_object.pk, **{column: pk})
                for pk in dict.fromkeys(v.pk for v in values)
            ]

        related = Term((), (("de", "steht in Beziehung zu"), ("en", "Related to")))
        for data in record.relations:
            target = None
            if data.object_ids:
                target = (
                    HeritageObject.objects.filter(_refers_to(data.object_ids))
                    .exclude(pk=heritage_object.pk)
                    .first()
                )
            uri = data.uri if len(data.uri) <= 200 else ""
            relation = ObjectRelation.objects.create(
                heritage_object=heritage_object,
                relation_type=self.concept(data.relation_type or related, Concept.Kind.RELATION_TYPE),
                target=target,
                target_label=data.label,
                target_uri=uri,
            )
            if target is None and data.object_ids:
                self.pending_relations.append((relation.pk, data.object_ids))

    # -- images and other media ---------------------------------------------------------

    def write_resources(
        self,
        heritage_object: HeritageObject,
        resources: Iterable[ResourceData],
        media: Media,
        messages: list[str],
        saved_files: list[str],
        *,
        new: bool,
    ) -> int:
        ordered = sorted(enumerate(resources), key=lambda x: (x[1].sortorder is None, x[1].sortorder or 0, x[0]))
        existing = (
            {}
            if new
            else {image.source_url: image for image in heritage_object.images.exclude(source_url="")}
        )
        kept: set[int] = set()
        ingested = 0
        has_primary = (
            not new
            and heritage_object.images.filter(is_primary=True)
            .exclude(source_url__in=list(existing))
            .exists()
        )
        links: list[LinkedResource] = []
        for order, (_index, resource) in enumerate(ordered):
            if self.is_own_address(resource.link):
                continue  # an image this archive serves itself (our own export)
            remote = Media.is_remote(resource.link)
            if remote and not self.options.fetch_remote:
                if resource.link in existing:  # fetched by an earlier run: keep it
                    kept.add(existing[resource.link].pk)
                else:
                    links += self.link_resource(heritage_object, resource, order, messages)
                continue
            try:
                image = self.ingest_image(
                    heritage_object, resource, media, order, existing.get(resource.link),
                    primary=not has_primary, saved_files=saved_files,
                )  # fmt: skip
            except MediaError as error:
                messages.append(str(error))
                if remote:
                    links += self.link_resource(heritage_object, resource, order, messages)
                continue
            if image is not None:
                kept.add(image.pk)
                has_primary = has_primary or image.is_primary
                ingested += 1
        self.pending_rows[LinkedResource] += links
        for image in existing.values():
            if image.pk not in kept:
                # The file stays: earlier versions of the object show it and can
                # bring it back (purge_trash removes what no version needs).
                image.delete()
        return ingested

    def link_resource(self, heritage_object: HeritageObject, resource: ResourceData, order: int,
                      messages: list[str]) -> list[LinkedResource]:  # fmt: skip
        try:
            _url_validator(resource.link)
        except ValidationError:
            messages.append(_("%(link)s is not a valid web address; the media file was skipped.") % {"link": resource.link})
            return []
        captions = dict(resource.captions)
        rights = match_rights(resource.rights)
        return [LinkedResource(
            heritage_object=heritage_object,
            url=resource.link,
            media_type=resource.media_type,
            resource_type=resource.resource_type,
            caption=(captions.get("de") or next(iter(captions.values()), ""))[:500],
            creator=resource.creator,
            rights=rights or (resource.rights.uris[0][:300] if resource.rights and resource.rights.uris else ""),
            order=order,
        )]

    def ingest_image(
        self,
        heritage_object: HeritageObject,
        resource: ResourceData,
        media: Media,
        order: int,
        existing: ObjectImage | None,
        *,
        primary: bool,
        saved_files: list[str],
    ) -> ObjectImage | None:
        from kulturschatz.iiif import derivatives, uploads

        with self.open_media(resource.link, media) as (name, stream):
            spooled = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)
            # Never more than the upload limit, whatever a zip member declares.
            copied = _copy_at_most(stream, spooled, uploads.max_upload_bytes() + 1)
        try:  # the checks every upload passes; the record keeps the reason
            if copied > uploads.max_upload_bytes():
                raise uploads.too_large(resource.link)
            uploads.check_image_file(spooled, name=resource.link, size=copied)
        except ValidationError as error:
            raise MediaError(uploads.message(error)) from None
        digest = hashlib.sha256()
        for chunk in iter(lambda: spooled.read(1 << 20), b""):
            digest.update(chunk)
        spooled.seek(0)
        captions = dict(resource.captions)
        rights = match_rights(resource.rights)
        image = existing or ObjectImage(heritage_object=heritage_object, source_url=resource.link)
        image.caption = (captions.get("de") or next(iter(captions.values()), ""))[:500]
        image.caption_en = captions.get("en", "")[:500] if captions.get("en") != image.caption else ""
        image.creator = resource.creator
        image.rights = rights or image.rights or Rights.CC_BY
        image.order = order
        if existing is None or existing.is_primary or primary:
            image.is_primary = (existing is not None and existing.is_primary) or primary
        if self.options.dry_run:
            return image if existing is None else existing
        if existing is not None and existing.sha256 == digest.hexdigest():
            image.save(update_fields=["caption", "caption_en", "creator", "rights", "order", "is_primary", "updated_at"])
            return image
        image.master = File(spooled, name=name or "image")
        image.save()
        saved_files.append(image.master.name)
        derivatives.schedule_derivatives(image)
        return image

    def prefetch_remote(self, record: LidoRecord) -> dict[str, Any]:
        fetched: dict[str, Any] = {}
        for resource in record.resources:
            if Media.is_remote(resource.link) and resource.link not in fetched:
                try:
                    with _fetch(resource.link) as (name, stream):
                        buffer = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)
                        shutil.copyfileobj(stream, buffer, 1 << 20)
                        buffer.seek(0)
                        fetched[resource.link] = (name, buffer)
                except MediaError as error:
                    fetched[resource.link] = error
        return fetched

    def open_media(self, link: str, media: Media):
        if not Media.is_remote(link):
            return media.open(link)
        return _prefetched(self.prefetched.get(link) or MediaError(link))


def _copy_at_most(source: Any, target: Any, limit: int) -> int:
    """Copy up to ``limit`` bytes; returns how many were copied."""
    copied = 0
    while copied < limit and (chunk := source.read(min(1 << 20, limit - copied))):
        target.write(chunk)
        copied += len(chunk)
    target.seek(0)
    return copied


class _prefetched:
    def __init__(self, entry: Any) -> None:
        self.entry = entry

    def __enter__(self) -> tuple[str, Any]:
        if isinstance(self.entry, MediaError):
            raise self.entry
        name, buffer = self.entry
        buffer.seek(0)
        return name, buffer

    def __exit__(self, *exc_info: object) -> None:
        return None


def first_free(base: str, taken: Callable[[str], bool]) -> str:
    """``base``, else ``base-2``, ``base-3`` … whichever is not taken yet."""
    candidate, number = base, 1
    while taken(candidate):
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def object_dating(record: LidoRecord) -> tuple[str, int | None, int | None]:
    """The object's dating from its events, as services.refresh_dating derives it:
    the first production-type event with a date, else the first dated event."""
    dated = []
    for event in record.events:
        earliest, latest = event.earliest_year, event.latest_year
        if event.display_date and earliest is None:
            parsed = dating.parse_date(event.display_date)
            if parsed is not None:
                earliest, latest = parsed.earliest, parsed.latest
        if event.display_date or earliest is not None:
            dated.append((event.type_key in Event.PRODUCTION_SLUGS, event.display_date, earliest, latest))
    production = [d for d in dated if d[0]]
    chosen = (production or dated or [None])[0]
    return (chosen[1], chosen[2], chosen[3]) if chosen else ("", None, None)


def _refers_to(object_ids: tuple[str, ...]) -> Q:
    """Objects an objectID of a relatedWork may name: by lidoRecID, our identifier,
    the source's record number or its persistent ID."""
    return (
        Q(lido_rec_id__in=object_ids)
        | Q(identifier__in=object_ids)
        | Q(source_record_id__in=object_ids)
        | Q(published_id__in=object_ids)
    )


class _fetch:
    """Download a remote media file (only when the run was asked to), size-limited."""

    def __init__(self, link: str) -> None:
        self.link = link

    def __enter__(self) -> tuple[str, io.BufferedIOBase]:
        request = urllib.request.Request(self.link, headers={"User-Agent": f"Kulturschatz/{settings.KULTURSCHATZ_PUBLIC_URL}"})
        try:
            self.response = urllib.request.urlopen(request, timeout=REMOTE_TIMEOUT)  # noqa: S310 (http/https only)
        except Exception as error:
            raise MediaError(_("%(link)s could not be fetched: %(error)s") % {"link": self.link, "error": error}) from None
        length = self.response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > REMOTE_MAX_BYTES:
            self.response.close()
            raise MediaError(_("%(link)s is larger than %(max)d MB.") % {"link": self.link, "max": REMOTE_MAX_BYTES >> 20})
        buffer = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)
        total = 0
        while chunk := self.response.read(1 << 20):
            total += len(chunk)
            if total > REMOTE_MAX_BYTES:
                self.response.close()
                raise MediaError(_("%(link)s is larger than %(max)d MB.") % {"link": self.link, "max": REMOTE_MAX_BYTES >> 20})
            buffer.write(chunk)
        buffer.seek(0)
        name = self.link.rstrip("/").rsplit("/", 1)[-1].split("?")[0] or "image"
        return name, buffer

    def __exit__(self, *exc_info: object) -> None:
        self.response.close()
