"""Versions of catalogue objects: recorded, read as field-level diffs, restored.

Storage is django-reversion's (``Revision`` = who, when, comment; ``Version`` =
one row serialised). Every revision holds one object *whole*: its own row and
every row that belongs to it (titles, descriptions, inscriptions, measurements,
events with their actors, images, linked media, relations), so any version can
be shown and restored on its own, images included.

Revisions are written by ``record_revisions`` from the database state, not by
reversion's save signals: the importer writes thousands of objects with
``bulk_create`` (no signals), a deletion must be recorded before the rows go,
and the admin wants one revision per save whatever the services did in between.
``record_revisions`` reads the objects back with a fixed number of queries and
inserts the versions in bulk, so it costs the same per object on every path.
The models are still registered with reversion (``follow`` as below), so its
own commands (``createinitialrevisions``, ``deleterevisions``) work on them.
"""

from __future__ import annotations

import difflib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

import reversion
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import formats, timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.encoding import is_protected_type
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from reversion.models import Revision, Version

from .models import (
    Event,
    EventActor,
    HeritageObject,
    Inscription,
    LinkedResource,
    Measurement,
    ObjectDescription,
    ObjectImage,
    ObjectRelation,
    ObjectTitle,
)

# What a version of an object holds besides its own row (reversion's ``follow``).
FOLLOW: dict[type[models.Model], tuple[str, ...]] = {
    HeritageObject: (
        "titles",
        "descriptions",
        "inscriptions",
        "measurements",
        "events",
        "images",
        "linked_resources",
        "relations",
    ),
    Event: ("actors",),
}
# The rows of an object in the order they are shown and restored (parents first).
PART_MODELS: tuple[type[models.Model], ...] = (
    ObjectTitle,
    ObjectDescription,
    Inscription,
    Measurement,
    Event,
    EventActor,
    ObjectImage,
    LinkedResource,
    ObjectRelation,
)
VERSIONED_MODELS = (HeritageObject, *PART_MODELS)

# Fields a diff does not show: bookkeeping, derived values, the parent link.
HIDDEN_IN_DIFF = frozenset(
    {
        "id",
        "heritage_object",
        "event",
        "created_at",
        "updated_at",
        "updated_by",
        "last_editor",
        "import_checksum",
        "earliest_year",
        "latest_year",
        "uuid",
        "sha256",
        "width",
        "height",
        "derivatives_state",
        "derivatives_progress",
        "derivatives_key",
        "derivatives_message",
    }
)
# Fields a restored version does not bring back: they are the object's place in
# the workflow (publishing them needs its own right and the four-eyes check),
# its identity (addresses, import key) and its bookkeeping.
KEPT_ON_RESTORE = (
    "status",
    "published_at",
    "embargo_until",
    "featured",
    "identifier",
    "lido_rec_id",
    "import_checksum",
    "created_at",
    "created_by",
)
# What a proposal under the four-eyes principle leaves as the live object has:
# its place in the workflow, chosen in the same save, and the import bookkeeping.
# The identifier is data here: a proposed new address waits for approval too.
KEPT_ON_PROPOSAL = (
    "status",
    "published_at",
    "embargo_until",
    "featured",
    "lido_rec_id",
    "import_checksum",
    "created_at",
    "created_by",
)


def register_models() -> None:
    """Register the catalogue's object models with django-reversion (once)."""
    for model in VERSIONED_MODELS:
        if not reversion.is_registered(model):
            reversion.register(model, follow=FOLLOW.get(model, ()))


# ---------------------------------------------------------------------------
# Recording
# ---------------------------------------------------------------------------

_collecting: ContextVar[set[int] | None] = ContextVar(
    "history_collecting", default=None
)


@contextmanager
def one_revision_per_object() -> Iterator[set[int]]:
    """Inside: ``record`` only notes the objects; the caller records them once.

    The admin's change form uses it: what the services do while it saves (a
    status change) belongs to the same revision as the edit itself.
    """
    collected: set[int] = set()
    token = _collecting.set(collected)
    try:
        yield collected
    finally:
        _collecting.reset(token)


def record(
    heritage_objects: Iterable[HeritageObject | int], *, user, comment: str
) -> None:
    """Record the current state of these objects as one revision each."""
    pks = [o if isinstance(o, int) else o.pk for o in heritage_objects]
    collecting = _collecting.get()
    if collecting is not None:
        collecting.update(pks)
        return
    record_revisions(pks, user=user, comment=comment)


def site_language_text(message: str, **params: Any) -> str:
    """A revision comment in the site's language (German), whoever writes it:
    management commands run without an active language. Callers mark the
    message with gettext_noop (so makemessages finds it); times are formatted
    in the site's language too."""

    def text_of(value: Any) -> str:
        if isinstance(value, datetime):
            return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
        return str(value)

    with translation.override(settings.LANGUAGE_CODE):
        text = _(message)
        if not params:
            return text
        return text % {key: text_of(value) for key, value in params.items()}


LiveRow = tuple[models.Model, dict[str, list[Any]]]  # a row and its many-to-many keys


def _m2m_keys(
    model: type[models.Model], pks: Iterable[Any]
) -> dict[Any, dict[str, list[Any]]]:
    """Many-to-many keys of rows of ``model``, read from the link tables."""
    keys: dict[Any, dict[str, list[Any]]] = defaultdict(dict)
    pks = list(pks)
    for model_field in _serialized_fields(model)[1]:
        for pk in pks:
            keys[pk][model_field.name] = []
        through = model_field.remote_field.through
        source, target = (
            model_field.m2m_field_name(),
            model_field.m2m_reverse_field_name(),
        )
        for owner, other in (
            through.objects.filter(**{f"{source}_id__in": pks})
            .order_by("pk")
            .values_list(f"{source}_id", f"{target}_id")
        ):
            keys[owner][model_field.name].append(other)
    return keys


def snapshots(pks: Iterable[int]) -> dict[int, list[LiveRow]]:
    """Each object with every row a version holds, parents first.

    One query per table whatever the number of objects: prefetch_related()
    costs a queryset per object and relation, which made this the larger part
    of a LIDO import.
    """
    objects = {o.pk: o for o in HeritageObject.objects.filter(pk__in=list(pks))}
    if not objects:
        return {}
    rows: dict[int, list[LiveRow]] = {pk: [] for pk in objects}
    object_keys = _m2m_keys(HeritageObject, objects)
    for pk, heritage_object in objects.items():
        rows[pk].append((heritage_object, object_keys[pk]))
    actors: dict[int, list[EventActor]] = defaultdict(list)
    for actor in EventActor.objects.filter(
        event__heritage_object_id__in=list(objects)
    ).select_related("agent", "role"):
        actors[actor.event_id].append(actor)
    querysets = {
        ObjectTitle: ObjectTitle.objects.all(),
        ObjectDescription: ObjectDescription.objects.all(),
        Inscription: Inscription.objects.all(),
        Measurement: Measurement.objects.all(),
        Event: Event.objects.select_related("event_type"),
        ObjectImage: ObjectImage.objects.all(),
        LinkedResource: LinkedResource.objects.all(),
        ObjectRelation: ObjectRelation.objects.select_related(
            "relation_type", "target"
        ),
    }
    for model in PART_MODELS:
        if model is EventActor:
            continue  # with their events
        parts = list(querysets[model].filter(heritage_object_id__in=list(objects)))
        keys = (
            _m2m_keys(model, [part.pk for part in parts])
            if _serialized_fields(model)[1]
            else {}
        )
        for part in parts:
            part.heritage_object = objects[
                part.heritage_object_id
            ]  # for __str__, no query
            rows[part.heritage_object_id].append((part, keys.get(part.pk, {})))
            for actor in actors.get(part.pk, []) if model is Event else []:
                actor.event = part
                rows[part.heritage_object_id].append((actor, {}))
    return rows


class _ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, but times keep their microseconds: a restored
    ``published_at`` is the one the object had."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime):
            text = o.isoformat()
            return (
                text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
            )
        return super().default(o)


@cache
def _serialized_fields(
    model: type[models.Model],
) -> tuple[list[models.Field], list[models.Field]]:
    """The fields Django's serializer writes for a model: (concrete, many-to-many)."""
    opts = model._meta.concrete_model._meta
    return (
        [f for f in opts.local_fields if f.serialize],
        [
            f
            for f in opts.local_many_to_many
            if f.serialize and f.remote_field.through._meta.auto_created
        ],
    )


def serialize_row(instance: models.Model, many: dict[str, list[Any]]) -> dict[str, Any]:
    """What ``serializers.serialize("python", [instance])`` gives for one row,
    with the many-to-many keys given (``many``, field name → keys).

    Written out because Django's serializer builds a queryset for every
    many-to-many field even when the values are prefetched; tests compare the two.
    """
    concrete, many_fields = _serialized_fields(type(instance))
    fields: dict[str, Any] = {}
    for model_field in concrete:
        value = model_field.value_from_object(instance)
        # str passes through value_to_string unchanged: skip the call (hot loop).
        fields[model_field.name] = (
            value
            if type(value) is str or is_protected_type(value)
            else model_field.value_to_string(instance)
        )
    for model_field in many_fields:
        fields[model_field.name] = list(many.get(model_field.name, []))
    return {"model": instance._meta.label_lower, "pk": instance.pk, "fields": fields}


def serialize_rows(rows: list[LiveRow]) -> list[Version]:
    """Unsaved versions of these rows, in reversion's format (JSON, all fields)."""
    content_types = {
        model: ContentType.objects.get_for_model(model)
        for model in {type(row) for row, _many in rows}
    }
    return [
        Version(
            content_type=content_types[type(row)],
            object_id=str(row.pk),
            db="default",
            format="json",
            serialized_data=json.dumps(
                [serialize_row(row, many)], cls=_ExactJSONEncoder, ensure_ascii=False
            ),
            object_repr=str(row)[:2000],
        )
        for row, many in rows
    ]


def record_revisions(
    pks: Iterable[int],
    *,
    user,
    comment: str,
    extra_rows: dict[int, list[models.Model]] | None = None,
) -> dict[int, Revision]:
    """One revision per object with its current state; returns them by object.

    ``extra_rows`` adds rows of other objects to an object's revision (the
    relations pointing at an object that is about to be deleted).
    """
    user = user if user is not None and user.is_authenticated else None
    now = timezone.now()
    revisions: dict[int, Revision] = {}
    states = list(snapshots(pks).items())
    for pk, rows in states:
        rows += [
            (row, _m2m_keys(type(row), [row.pk])[row.pk])
            for row in (extra_rows or {}).get(pk, [])
        ]
    if not states:
        return revisions
    created = Revision.objects.bulk_create(
        [Revision(date_created=now, user=user, comment=comment[:2000]) for _ in states]
    )
    versions = []
    for (pk, rows), revision in zip(states, created, strict=True):
        revisions[pk] = revision
        for version in serialize_rows(rows):
            version.revision = revision
            versions.append(version)
    Version.objects.bulk_create(versions, batch_size=500)
    return revisions


def pks_with_versions(pks: Iterable[int]) -> set[int]:
    keys = [str(pk) for pk in pks]
    if not keys:
        return set()
    return {
        int(object_id)
        for object_id in versions_of_objects()
        .filter(object_id__in=keys)
        .values_list("object_id", flat=True)
        .distinct()
    }


def ensure_baseline(pks: Iterable[int]) -> None:
    """Record objects that have no version yet as they are, before a change.

    Objects catalogued before the history existed (or by a path that does not
    record) get their state kept once, so their first recorded change has
    something to be compared with and restored to.
    """
    pks = [pk for pk in pks if pk is not None]
    missing = set(pks) - pks_with_versions(pks)
    if missing:
        record_revisions(
            missing,
            user=None,
            comment=site_language_text(gettext_noop("State before the first recorded change")),
        )


def versions_of_objects() -> models.QuerySet[Version]:
    return Version.objects.get_for_model(HeritageObject)


def versions_of(object_pk: int) -> models.QuerySet[Version]:
    """An object's versions, newest first."""
    return (
        versions_of_objects()
        .filter(object_id=str(object_pk))
        .select_related("revision__user")
        .order_by("-revision__date_created", "-pk")
    )


# ---------------------------------------------------------------------------
# Reading: a revision as rows, and the difference of two
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One row of a version: its model, primary key, fields (as serialised)."""

    model: type[models.Model]
    pk: int
    fields: dict[str, Any]
    label: str


@dataclass
class State:
    """An object as one version (or the database now) holds it."""

    object_pk: int
    rows: dict[tuple[type[models.Model], int], Row] = field(default_factory=dict)

    @property
    def heritage_object(self) -> Row | None:
        return self.rows.get((HeritageObject, self.object_pk))

    def parts(self, model: type[models.Model]) -> list[Row]:
        return [row for (m, _pk), row in self.rows.items() if m is model]


def _row_from_version(version: Version) -> Row:
    data = json.loads(version.serialized_data)[0]
    return Row(version._model, int(data["pk"]), data["fields"], version.object_repr)


def state_from_versions(object_pk: int, versions: Iterable[Version]) -> State:
    """The object's rows among a revision's versions (leaving other objects')."""
    state = State(object_pk)
    rows = [_row_from_version(v) for v in versions if v._model in VERSIONED_MODELS]
    own_events = set()
    for row in rows:
        if row.model is HeritageObject:
            if row.pk == object_pk:
                state.rows[(HeritageObject, row.pk)] = row
        elif (
            row.model is not EventActor
            and row.fields.get("heritage_object") == object_pk
        ):
            state.rows[(row.model, row.pk)] = row
            if row.model is Event:
                own_events.add(row.pk)
    for row in rows:
        if row.model is EventActor and row.fields.get("event") in own_events:
            state.rows[(EventActor, row.pk)] = row
    return state


def snapshot_versions(object_pk: int) -> list[Version]:
    """The object's rows as they are now, as unsaved versions: what a revision
    would hold, kept in memory to be restored without being recorded."""
    return serialize_rows(snapshots([object_pk]).get(object_pk, []))


def current_state(heritage_object: HeritageObject) -> State:
    """The object as the database holds it now, in the same form as a version."""
    rows = snapshots([heritage_object.pk]).get(heritage_object.pk)
    if rows is None:
        return State(heritage_object.pk)
    return state_from_versions(heritage_object.pk, serialize_rows(rows))


def states_of_revisions(
    object_pk: int, revision_ids: Iterable[int]
) -> dict[int, State]:
    by_revision: dict[int, list[Version]] = defaultdict(list)
    for version in Version.objects.filter(
        revision_id__in=list(revision_ids)
    ).select_related("content_type"):
        by_revision[version.revision_id].append(version)
    return {
        revision_id: state_from_versions(object_pk, versions)
        for revision_id, versions in by_revision.items()
    }


@dataclass
class FieldChange:
    label: str
    old: str
    new: str
    inline: SafeString | None = None  # word-level diff of longer texts


@dataclass
class RowChange:
    kind: str  # "added", "removed", "changed"
    section: str  # the model's verbose name, e.g. "Bild"
    title: str
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class Diff:
    fields: list[FieldChange] = field(default_factory=list)
    rows: list[RowChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.fields or self.rows)


class _Labels:
    """Display texts of referenced entities (concepts, agents …), fetched in bulk."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self.found: dict[type[models.Model], dict[Any, str]] = {}

    def want(self, model: type[models.Model], value: Any) -> None:
        values = value if isinstance(value, list) else [value]
        self.wanted[model].update(v for v in values if v is not None)

    def load(self) -> None:
        for model, pks in self.wanted.items():
            self.found[model] = {
                pk: str(instance)
                for pk, instance in model._base_manager.in_bulk(pks).items()
            }

    def text(self, model: type[models.Model], pk: Any) -> str:
        if pk is None:
            return "–"
        label = self.found.get(model, {}).get(pk)
        return label if label is not None else _("#%(pk)s (deleted since)") % {"pk": pk}


@cache
def _visible_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        f
        for f in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if f.name not in HIDDEN_IN_DIFF
    ]


def _display(model_field: models.Field, value: Any, labels: _Labels) -> str:
    if isinstance(model_field, models.ManyToManyField):
        names = sorted(labels.text(model_field.related_model, pk) for pk in value or [])
        return ", ".join(names) if names else "–"
    if model_field.is_relation:
        return labels.text(model_field.related_model, value)
    if value in (None, ""):
        return "–"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(model_field, models.DateTimeField):
        moment = parse_datetime(value) if isinstance(value, str) else value
        return (
            formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
            if moment
            else str(value)
        )
    if isinstance(model_field, models.DateField):
        day = parse_date(value) if isinstance(value, str) else value
        return (
            formats.date_format(day, "SHORT_DATE_FORMAT")
            if isinstance(day, date)
            else str(value)
        )
    if isinstance(model_field, models.DecimalField):
        number = Decimal(str(value)).normalize()
        return formats.localize(number if number == number.to_integral() else number)
    return str(value)


def _comparable(model_field: models.Field, value: Any) -> Any:
    if isinstance(model_field, models.ManyToManyField):
        return sorted(value or [])
    if isinstance(model_field, models.DecimalField) and value not in (None, ""):
        return Decimal(str(value))
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _inline_diff(old: str, new: str) -> SafeString:
    """Word-level differences, removed words in <del>, added in <ins>."""
    old_words, new_words = old.split(" "), new.split(" ")
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(("{}", " ".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            parts.append(("<del>{}</del>", " ".join(old_words[a1:a2])))
        if b2 > b1:
            parts.append(("<ins>{}</ins>", " ".join(new_words[b1:b2])))
    return format_html_join(" ", "{}", ((format_html(t, text),) for t, text in parts))


def _field_changes(
    model: type[models.Model], old: dict, new: dict, labels: _Labels
) -> list[FieldChange]:
    changes = []
    for model_field in _visible_fields(model):
        before, after = old.get(model_field.name), new.get(model_field.name)
        if _comparable(model_field, before) == _comparable(model_field, after):
            continue
        old_text, new_text = (
            _display(model_field, before, labels),
            _display(model_field, after, labels),
        )
        inline = None
        if (
            before
            and after
            and not model_field.choices
            and (
                isinstance(model_field, models.TextField)
                or isinstance(model_field, models.CharField)
                and max(len(old_text), len(new_text)) > 60
            )
        ):
            inline = _inline_diff(str(before), str(after))
        changes.append(
            FieldChange(str(model_field.verbose_name), old_text, new_text, inline)
        )
    return changes


def _signature(row: Row, state: State) -> tuple:
    """What a row says, without its primary key: re-imports write the same
    parts anew, and a diff should not call that a change."""
    values = [
        (name, json.dumps(value, sort_keys=True, default=str))
        for name, value in sorted(row.fields.items())
        if name not in ("heritage_object", "event")
    ]
    if row.model is EventActor:
        event = state.rows.get((Event, row.fields.get("event")))
        values.append(("event", _signature(event, state) if event else None))
    return tuple(values)


def _want_labels(rows: Iterable[Row], labels: _Labels) -> None:
    for row in rows:
        for model_field in _visible_fields(row.model):
            if model_field.is_relation and model_field.name in row.fields:
                labels.want(model_field.related_model, row.fields[model_field.name])


def diff_states(old: State | None, new: State) -> Diff:
    """What changed from ``old`` to ``new``: object fields and parts."""
    labels = _Labels()
    _want_labels(new.rows.values(), labels)
    if old is not None:
        _want_labels(old.rows.values(), labels)
    labels.load()
    diff = Diff()
    if old is None:
        return diff
    old_object, new_object = old.heritage_object, new.heritage_object
    if old_object and new_object:
        diff.fields = _field_changes(
            HeritageObject, old_object.fields, new_object.fields, labels
        )
    for model in PART_MODELS:
        section = str(model._meta.verbose_name)
        before = {row.pk: row for row in old.parts(model)}
        after = {row.pk: row for row in new.parts(model)}
        for pk in sorted(before.keys() & after.keys()):
            changes = _field_changes(model, before[pk].fields, after[pk].fields, labels)
            if changes:
                diff.rows.append(
                    RowChange("changed", section, after[pk].label, changes)
                )
        removed = [before[pk] for pk in sorted(before.keys() - after.keys())]
        added = [after[pk] for pk in sorted(after.keys() - before.keys())]
        # Rows written anew with the same content (a re-import) are no change.
        unmatched_added = list(added)
        for row in removed:
            signature = _signature(row, old)
            twin = next(
                (a for a in unmatched_added if _signature(a, new) == signature), None
            )
            if twin is not None:
                unmatched_added.remove(twin)
                continue
            diff.rows.append(
                RowChange("removed", section, row.label, _describe(row, labels))
            )
        for row in unmatched_added:
            diff.rows.append(
                RowChange("added", section, row.label, _describe(row, labels))
            )
    return diff


def _describe(row: Row, labels: _Labels) -> list[FieldChange]:
    """The filled-in fields of an added or removed row."""
    described = []
    for model_field in _visible_fields(row.model):
        value = row.fields.get(model_field.name)
        if value in (None, "", []) or model_field.name == "order":
            continue
        text = _display(model_field, value, labels)
        described.append(FieldChange(str(model_field.verbose_name), "", text))
    return described


# ---------------------------------------------------------------------------
# Files a version still needs
# ---------------------------------------------------------------------------


def image_references(
    revision_ids: Iterable[int] | None = None,
) -> tuple[set[str], set[str]]:
    """Master file names and IIIF identifiers (uuid hex) of the images kept in
    versions: in the given revisions, or in all."""
    versions = Version.objects.get_for_model(ObjectImage)
    if revision_ids is not None:
        versions = versions.filter(revision_id__in=list(revision_ids))
    masters: set[str] = set()
    ids: set[str] = set()
    for data in versions.values_list("serialized_data", flat=True).iterator(chunk_size=2000):
        fields = json.loads(data)[0]["fields"]
        if fields.get("master"):
            masters.add(fields["master"])
        if fields.get("uuid"):
            ids.add(fields["uuid"].replace("-", ""))
    return masters, ids


def referenced_images() -> tuple[set[str], set[str]]:
    """Master files and IIIF identifiers that a current image or any recorded
    version names, read in one pass over the versions."""
    masters, ids = image_references()
    masters.update(ObjectImage.objects.exclude(master="").values_list("master", flat=True))
    ids.update(uuid.hex for uuid in ObjectImage.objects.values_list("uuid", flat=True))
    return masters, ids


# ---------------------------------------------------------------------------
# Restoring
# ---------------------------------------------------------------------------


class RestoreError(Exception):
    """A version cannot be restored; the message tells staff why."""


@dataclass
class RestorePlan:
    """What restoring a version writes: checked before anything is written."""

    object_pk: int
    heritage_object: Any  # DeserializedObject of the object's row
    parts: list[Any]  # DeserializedObjects, parents before children
    notes: list[str] = field(default_factory=list)


def _deserialize(version: Version):
    try:
        item = next(
            serializers.deserialize(
                "json", version.serialized_data, ignorenonexistent=True
            )
        )
        item.label = version.object_repr  # str() of the row could need deleted rows
        return item
    except (serializers.base.DeserializationError, StopIteration, LookupError) as error:
        raise RestoreError(
            _("The version of %(row)s can no longer be read (%(error)s).")
            % {"row": version.object_repr, "error": error}
        ) from error


def plan_restore(
    versions: Iterable[Version],
    object_pk: int,
    *,
    with_relations_to_it: bool = False,
    keep_from: HeritageObject | None = None,
    keep: Iterable[str] = KEPT_ON_RESTORE,
) -> RestorePlan:
    """Check a revision's rows of one object against today's catalogue.

    References to entities deleted since are left out where the catalogue
    allows it (and noted); a missing master file, a missing institution or an
    identifier or inventory number taken meanwhile makes it impossible.
    ``with_relations_to_it`` also brings back other objects' relations to this
    one (kept with a deletion, removed by it). ``keep_from`` keeps that
    object's KEPT_ON_RESTORE fields (workflow, identity) instead of the version's.
    """
    deserialized = [
        (v, _deserialize(v)) for v in versions if v._model in VERSIONED_MODELS
    ]
    own = None
    parts = []
    event_pks = set()
    for _version, item in deserialized:
        instance = item.object
        if isinstance(instance, HeritageObject):
            if instance.pk == object_pk:
                own = item
        elif isinstance(instance, EventActor):
            continue
        elif instance.heritage_object_id == object_pk:
            parts.append(item)
            if isinstance(instance, Event):
                event_pks.add(instance.pk)
        elif (
            with_relations_to_it
            and isinstance(instance, ObjectRelation)
            and instance.target_id == object_pk
        ):
            parts.append(item)
    parts += [
        item
        for _version, item in deserialized
        if isinstance(item.object, EventActor) and item.object.event_id in event_pks
    ]
    if own is None:
        raise RestoreError(_("This version holds no data of the object."))
    if keep_from is not None:
        for name in keep:
            attname = HeritageObject._meta.get_field(name).attname
            setattr(own.object, attname, getattr(keep_from, attname))
    plan = RestorePlan(object_pk, own, [])
    _check_references(plan, [own, *parts])
    order = {model: number for number, model in enumerate(PART_MODELS)}
    plan.parts.sort(key=lambda item: order[type(item.object)])
    _check_identity(own.object)
    _check_files(plan.parts)
    return plan


def _check_references(plan: RestorePlan, items: list[Any]) -> None:
    """Drop or clear references to rows that no longer exist; keep the rest."""
    user_model = HeritageObject._meta.get_field("created_by").related_model
    restored = {(type(item.object), item.object.pk) for item in items}
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for item in items:
        for model_field in item.object._meta.concrete_fields:
            if model_field.is_relation:
                value = getattr(item.object, model_field.attname)
                if value is not None:
                    wanted[model_field.related_model].add(value)
        for name, values in (item.m2m_data or {}).items():
            related = item.object._meta.get_field(name).related_model
            wanted[related].update(values)
    existing = {
        model: set(model._base_manager.filter(pk__in=pks).values_list("pk", flat=True))
        for model, pks in wanted.items()
    }

    def exists(model: type[models.Model], pk: Any) -> bool:
        return pk in existing.get(model, set()) or (model, pk) in restored

    dropped: set[tuple[type[models.Model], Any]] = set()
    kept = []
    for item in items:
        instance = item.object
        row = (
            _("the object")
            if item is plan.heritage_object
            else _("%(kind)s “%(row)s”")
            % {"kind": instance._meta.verbose_name, "row": item.label}
        )
        drop = False
        for model_field in instance._meta.concrete_fields:
            if not model_field.is_relation:
                continue
            value = getattr(instance, model_field.attname)
            related = model_field.related_model
            if (
                value is None
                or exists(related, value)
                and (related, value) not in dropped
            ):
                continue
            if related is user_model:
                setattr(
                    instance, model_field.attname, None
                )  # staff accounts come and go
                continue
            if (
                isinstance(instance, ObjectRelation)
                and model_field.name == "target"
                and instance.target_label
            ):
                setattr(instance, model_field.attname, None)
                plan.notes.append(
                    _(
                        "%(row)s: the related object no longer exists; only its name is kept."
                    )
                    % {"row": row}
                )
                continue
            if model_field.null:
                setattr(instance, model_field.attname, None)
                plan.notes.append(
                    _(
                        "%(row)s: %(field)s no. %(pk)s no longer exists and was left empty."
                    )
                    % {"row": row, "field": model_field.verbose_name, "pk": value}
                )
                continue
            if item is plan.heritage_object:
                raise RestoreError(
                    _(
                        "The object cannot be restored: its %(field)s (no. %(pk)s) no longer exists."
                    )
                    % {"field": model_field.verbose_name, "pk": value}
                )
            drop = True
            plan.notes.append(
                _("%(row)s was left out: its %(field)s (no. %(pk)s) no longer exists.")
                % {"row": row, "field": model_field.verbose_name, "pk": value}
            )
            break
        if drop:
            dropped.add((type(instance), instance.pk))
            continue
        for name, values in (item.m2m_data or {}).items():
            model_field = instance._meta.get_field(name)
            present = [pk for pk in values if exists(model_field.related_model, pk)]
            if len(present) != len(values):
                plan.notes.append(
                    _(
                        "%(row)s: %(count)d of the %(field)s no longer exist and were left out."
                    )
                    % {
                        "row": row,
                        "count": len(values) - len(present),
                        "field": model_field.verbose_name,
                    }
                )
                item.m2m_data[name] = present
        kept.append(item)
    plan.parts = [item for item in kept if item is not plan.heritage_object]


def _check_identity(instance: HeritageObject) -> None:
    others = HeritageObject.objects.exclude(pk=instance.pk)
    clashes = [
        (
            others.filter(identifier=instance.identifier),
            _("identifier %(value)s"),
            instance.identifier,
        ),
        (
            others.filter(
                institution_id=instance.institution_id,
                inventory_number=instance.inventory_number,
            ),
            _("inventory number %(value)s"),
            instance.inventory_number,
        ),
    ]
    if instance.lido_rec_id:
        clashes.append(
            (
                others.filter(lido_rec_id=instance.lido_rec_id),
                _("LIDO record ID %(value)s"),
                instance.lido_rec_id,
            )
        )
    for queryset, what, value in clashes:
        other = queryset.first()
        if other is not None:
            raise RestoreError(
                _("The object cannot be restored: %(what)s is now used by “%(other)s”.")
                % {"what": what % {"value": value}, "other": other}
            )


def _check_files(parts: list[Any]) -> None:
    storage = ObjectImage._meta.get_field("master").storage
    missing = [
        item.object.master.name
        for item in parts
        if isinstance(item.object, ObjectImage)
        and item.object.master
        and not storage.exists(item.object.master.name)
    ]
    if missing:
        raise RestoreError(
            _(
                "The version cannot be restored: these image files are no longer stored: %(files)s"
            )
            % {"files": ", ".join(missing)}
        )


def apply_restore(plan: RestorePlan, *, delete_other_parts: bool) -> HeritageObject:
    """Write a checked plan: the object's row, then its parts (parents first).

    With ``delete_other_parts`` the object's current parts that the version
    does not hold are deleted (their image files stay for other versions).
    Saves are raw, as reversion's: model ``save()`` side effects do not run and
    every value comes from the version.
    """
    from django.db import connection

    keep = defaultdict(set)
    for item in plan.parts:
        keep[type(item.object)].add(item.object.pk)
    if delete_other_parts:
        for model in reversed(PART_MODELS):
            if model is EventActor:
                current = model.objects.filter(event__heritage_object_id=plan.object_pk)
            else:
                current = model.objects.filter(heritage_object_id=plan.object_pk)
            current.exclude(pk__in=keep[model]).delete()
    # One primary image per object is a constraint checked row by row: let the
    # version decide afresh.
    ObjectImage.objects.filter(
        heritage_object_id=plan.object_pk, is_primary=True
    ).update(is_primary=False)
    plan.heritage_object.save()
    for item in plan.parts:
        item.save()
    # Foreign keys are checked at commit (deferred); check them now, so that a
    # reference the plan missed fails here, inside the caller's transaction.
    connection.check_constraints(
        table_names=[model._meta.db_table for model in VERSIONED_MODELS]
        + [
            f.remote_field.through._meta.db_table
            for m in VERSIONED_MODELS
            for f in m._meta.many_to_many
        ]
    )
    return HeritageObject.objects.get(pk=plan.object_pk)
