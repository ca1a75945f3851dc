"""What the OAI-PMH repository holds, with datestamps and sets, read by keyset.

The repository holds

- every object in ``HeritageObject.objects.published()``, with metadata;
- every other object that was published once (``published_at`` set): it is
  withdrawn, back in draft or review, or under embargo again, and is reported
  as deleted;
- every ``DeletedRecord`` (a hard-deleted object that was public once) whose
  identifier no object of the two groups above carries.

Objects never published are not in it at all.

Datestamps: an object's is its ``updated_at``; but an embargo ends without a
save, so once the embargo day has come the datestamp is at least the start of
that day in the site's time zone, when the object became public. A harvest
made before that moment therefore never hides it from the next incremental
one. Every other change of visibility (withdrawing, a new embargo, a status)
is a save and moves ``updated_at``. A tombstone's datestamp is ``deleted_at``.

Lists are ordered by (datestamp, kind, primary key) and read by keyset from
streams merged in Python, each read in its own order: objects whose datestamp
is ``updated_at``, one stream per status so that the (status, updated_at) index
gives the order and a page stops early; objects whose datestamp is their
embargo's start (ordered by ``embargo_until``; few); and tombstones (ordered by
``deleted_at``, indexed).
"""

import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncDate
from django.utils import timezone

from kulturschatz.collections.models import Collection, HeritageObject, Institution
from kulturschatz.metadata.models import DeletedRecord

from .protocol import Key, set_spec_part

OBJECT, TOMBSTONE = 0, 1
OBJECT_FIELDS = (
    "pk",
    "identifier",
    "updated_at",
    "embargo_until",
    "institution_id",
    "collection_id",
)


@dataclass(frozen=True)
class OAISet:
    spec: str
    name: str
    name_en: str
    description: str


@dataclass(frozen=True)
class Entry:
    """One record of the repository, as its header shows it."""

    key: Key
    identifier: str
    deleted: bool
    set_specs: tuple[str, ...]

    @property
    def datestamp(self) -> datetime:
        return self.key[0]

    @property
    def object_pk(self) -> int | None:
        return self.key[2] if self.key[1] == OBJECT else None


def collection_specs(institution_slug: str, slugs: list[str]) -> list[str]:
    """The setSpecs of a collection and its ancestors, ``slugs`` from the top:
    ``<institution>:<top collection>:…:<collection>``."""
    spec = set_spec_part(institution_slug)
    specs = []
    for slug in slugs:
        spec = f"{spec}:{set_spec_part(slug)}"
        specs.append(spec)
    return specs


class SetTree:
    """The sets: one per institution, and under it one per collection as the
    collections nest. An object belongs to its institution's set and to the set
    of its collection and of every collection above it."""

    def __init__(
        self, institutions: list[Institution], collections: list[Collection]
    ) -> None:
        slugs = {institution.pk: institution.slug for institution in institutions}
        by_pk = {collection.pk: collection for collection in collections}
        self.sets: list[OAISet] = []
        self._institution_spec: dict[int, str] = {}
        self._collection_specs: dict[int, list[str]] = {}
        self._filters: dict[str, tuple[str, set[int]]] = {}
        for institution in institutions:
            spec = set_spec_part(institution.slug)
            self._institution_spec[institution.pk] = spec
            self._filters.setdefault(spec, ("institution", {institution.pk}))
            self.sets.append(
                OAISet(
                    spec, institution.name, institution.name_en, institution.description
                )
            )
        for collection in collections:
            chain = self._chain(collection, by_pk)
            specs = collection_specs(slugs.get(collection.institution_id, "_"), chain)
            self._collection_specs[collection.pk] = specs
            self._filters.setdefault(specs[-1], ("collection", set()))
        for collection in collections:
            # A collection's set holds its own objects and those of every
            # collection below it.
            for spec in self._collection_specs[collection.pk]:
                self._filters[spec][1].add(collection.pk)
        for collection in collections:
            self.sets.append(
                OAISet(
                    self._collection_specs[collection.pk][-1],
                    collection.name,
                    collection.name_en,
                    collection.description,
                )
            )
        self.sets.sort(key=lambda item: item.spec)

    @staticmethod
    def _chain(collection: Collection, by_pk: dict[int, Collection]) -> list[str]:
        chain = [collection.slug]
        seen = {collection.pk}
        parent = by_pk.get(collection.parent_id)
        while parent is not None and parent.pk not in seen:
            seen.add(parent.pk)
            chain.append(parent.slug)
            parent = by_pk.get(parent.parent_id)
        return list(reversed(chain))

    def specs_of(
        self, institution_id: int, collection_id: int | None
    ) -> tuple[str, ...]:
        specs = [self._institution_spec[institution_id]]
        if collection_id is not None:
            specs += self._collection_specs.get(collection_id, [])
        return tuple(specs)

    def has(self, spec: str) -> bool:
        return spec in self._filters

    def object_filter(self, spec: str) -> Q:
        kind, pks = self._filters[spec]
        if kind == "institution":
            return Q(institution_id__in=pks)
        return Q(collection_id__in=pks)


def load_sets() -> SetTree:
    return SetTree(
        list(
            Institution.objects.order_by("pk").only(
                "slug", "name", "name_en", "description"
            )
        ),
        list(
            Collection.objects.order_by("pk").only(
                "slug", "name", "name_en", "description", "institution_id", "parent_id"
            )
        ),
    )


def specs_of_object(heritage_object: HeritageObject) -> list[str]:
    """The setSpecs of one object, read along its collection's parents."""
    specs = [set_spec_part(heritage_object.institution.slug)]
    if heritage_object.collection_id:
        chain = heritage_object.collection.ancestors(include_self=True)
        specs += collection_specs(
            heritage_object.institution.slug, [c.slug for c in chain]
        )
    return specs


# ---------------------------------------------------------------------------
# Datestamps
# ---------------------------------------------------------------------------


def embargo_start(day: date) -> datetime:
    """When an object with an embargo until ``day`` becomes public (published()
    compares the embargo with the local date): midnight in the site's zone."""
    return datetime.combine(day, time.min).replace(
        tzinfo=timezone.get_current_timezone()
    )


def first_day_from(moment: datetime) -> date:
    """The first day whose embargo start lies at or after ``moment``."""
    try:
        day = timezone.localdate(moment)
        return day if embargo_start(day) >= moment else day + timedelta(days=1)
    except OverflowError:
        return date.max


def datestamp_of(
    updated_at: datetime, embargo_until: date | None, today: date
) -> datetime:
    if embargo_until is not None and embargo_until <= today:
        return max(updated_at, embargo_start(embargo_until))
    return updated_at


def dated_by_update(today: date) -> Q:
    """Objects whose datestamp is ``updated_at``: no embargo, one still running,
    or one that ended before the last save. The cheap tests come first, so that
    SQLite calls its Python date conversion only for ended embargoes."""
    return (
        Q(embargo_until__isnull=True)
        | Q(embargo_until__gt=today)
        | Q(embargo_until__lte=TruncDate("updated_at"))
    )


def dated_by_embargo(today: date) -> Q:
    """Objects whose embargo ended (by ``today``) after their last save: their
    datestamp is the embargo's start, not ``updated_at``."""
    return Q(embargo_until__lte=today) & Q(embargo_until__gt=TruncDate("updated_at"))


# ---------------------------------------------------------------------------
# Querysets
# ---------------------------------------------------------------------------


def repository_objects() -> QuerySet[HeritageObject]:
    """Objects in the repository: public now, or published once (then deleted)."""
    return HeritageObject.objects.published() | HeritageObject.objects.filter(
        published_at__isnull=False
    )


def counting_tombstones() -> QuerySet[DeletedRecord]:
    """Tombstones of identifiers no object in the repository carries again."""
    return DeletedRecord.objects.filter(
        ~Exists(repository_objects().filter(identifier=OuterRef("identifier")))
    )


def tombstone_in_set(spec: str) -> Q | RawSQL:
    if connection.vendor == "sqlite":  # SQLite has no JSON containment lookup
        return RawSQL(
            f'EXISTS (SELECT 1 FROM json_each("{DeletedRecord._meta.db_table}".'
            '"set_specs") WHERE json_each.value = %s)',
            [spec],
            output_field=BooleanField(),
        )
    return Q(set_specs__contains=[spec])


@dataclass(frozen=True)
class Scope:
    """What a list covers: datestamps in [after, before), optionally one set."""

    before: datetime
    after: datetime | None = None
    set_spec: str | None = None


class Listing:
    """The records of one list request (ListIdentifiers, ListRecords)."""

    def __init__(self, scope: Scope, sets: SetTree, today: date | None = None) -> None:
        self.scope = scope
        self.sets = sets
        self.today = today or timezone.localdate()
        objects = repository_objects()
        tombstones = counting_tombstones()
        if scope.set_spec is not None:
            objects = objects.filter(sets.object_filter(scope.set_spec))
            tombstones = tombstones.filter(tombstone_in_set(scope.set_spec))
        by_update = Q(updated_at__lt=scope.before)
        by_embargo = Q(embargo_until__lt=first_day_from(scope.before))
        self.tombstones = tombstones.filter(deleted_at__lt=scope.before)
        if scope.after is not None:
            by_update &= Q(updated_at__gte=scope.after)
            by_embargo &= Q(embargo_until__gte=first_day_from(scope.after))
            self.tombstones = self.tombstones.filter(deleted_at__gte=scope.after)
        by_update &= dated_by_update(self.today)
        by_embargo = dated_by_embargo(self.today) & by_embargo
        self.objects = objects.filter(by_update | by_embargo)
        # One stream per status, so that each is read in the order of the
        # (status, updated_at) index and stops after a page.
        self.plain = [
            objects.filter(by_update, status=status)
            for status in HeritageObject.Status.values
        ]
        self.lifted = objects.filter(by_embargo)

    def count(self) -> int:
        """How many records the list holds (objects counted in one scan)."""
        return self.objects.count() + self.tombstones.count()

    def page(self, last: Key | None, size: int) -> tuple[list[Entry], bool]:
        """Up to ``size`` entries after ``last``, and whether more follow."""
        plain, lifted, tombstones = self.plain, self.lifted, self.tombstones
        if last is not None:
            moment, kind, pk = last
            after_last = (
                Q(updated_at__gt=moment) | Q(updated_at=moment, pk__gt=pk)
                if kind == OBJECT
                else Q(updated_at__gt=moment)
            )
            # The plain range condition lets the index start at the position;
            # the OR alone would be a filter over every row before it.
            plain = [
                stream.filter(after_last, updated_at__gte=moment) for stream in plain
            ]
            day = timezone.localdate(moment)
            later = Q(embargo_until__gt=day)
            if kind == OBJECT and embargo_start(day) == moment:
                later |= Q(embargo_until=day, pk__gt=pk)
            lifted = lifted.filter(later, embargo_until__gte=day)
            tombstones = tombstones.filter(deleted_at__gte=moment).filter(
                Q(deleted_at__gt=moment) | Q(deleted_at=moment, pk__gt=pk)
                if kind == TOMBSTONE
                else Q(deleted_at__gte=moment)
            )
        rows = heapq.merge(
            *[
                self._objects(stream.order_by("updated_at", "pk"), size)
                for stream in plain
            ],
            self._objects(lifted.order_by("embargo_until", "pk"), size),
            self._tombstones(tombstones.order_by("deleted_at", "pk"), size),
            key=lambda item: item[0],
        )
        chosen = [row for _, row in zip(range(size + 1), rows, strict=False)]
        public = set(
            HeritageObject.objects.published()
            .filter(pk__in=[key[2] for key, _, _ in chosen if key[1] == OBJECT])
            .values_list("pk", flat=True)
        )
        entries = [
            Entry(
                key=key,
                identifier=identifier,
                deleted=key[1] == TOMBSTONE or key[2] not in public,
                set_specs=specs,
            )
            for key, identifier, specs in chosen[:size]
        ]
        return entries, len(chosen) > size

    def _objects(
        self, queryset: QuerySet[HeritageObject], size: int
    ) -> Iterator[tuple[Key, str, tuple[str, ...]]]:
        for row in queryset.values(*OBJECT_FIELDS)[: size + 1]:
            moment = datestamp_of(row["updated_at"], row["embargo_until"], self.today)
            yield (
                (moment, OBJECT, row["pk"]),
                row["identifier"],
                self.sets.specs_of(row["institution_id"], row["collection_id"]),
            )

    @staticmethod
    def _tombstones(
        queryset: QuerySet[DeletedRecord], size: int
    ) -> Iterator[tuple[Key, str, tuple[str, ...]]]:
        for row in queryset.values("pk", "identifier", "deleted_at", "set_specs")[
            : size + 1
        ]:
            yield (
                (row["deleted_at"], TOMBSTONE, row["pk"]),
                row["identifier"],
                tuple(row["set_specs"]),
            )


def find_entry(identifier: str, sets: SetTree) -> Entry | None:
    """The record of one object identifier, public, deleted or a tombstone."""
    today = timezone.localdate()
    row = (
        repository_objects()
        .filter(identifier=identifier)
        .values(*OBJECT_FIELDS)
        .first()
    )
    if row is not None:
        public = HeritageObject.objects.published().filter(pk=row["pk"]).exists()
        return Entry(
            key=(
                datestamp_of(row["updated_at"], row["embargo_until"], today),
                OBJECT,
                row["pk"],
            ),
            identifier=row["identifier"],
            deleted=not public,
            set_specs=sets.specs_of(row["institution_id"], row["collection_id"]),
        )
    tombstone = DeletedRecord.objects.filter(identifier=identifier).first()
    if tombstone is None:
        return None
    return Entry(
        key=(tombstone.deleted_at, TOMBSTONE, tombstone.pk),
        identifier=tombstone.identifier,
        deleted=True,
        set_specs=tuple(tombstone.set_specs),
    )


def earliest_datestamp() -> datetime | None:
    """A lower bound of every datestamp in the repository."""
    candidates = [
        repository_objects()
        .filter(status=status)
        .order_by("updated_at")
        .values_list("updated_at", flat=True)
        .first()
        for status in HeritageObject.Status.values
    ]
    candidates.append(
        counting_tombstones()
        .order_by("deleted_at")
        .values_list("deleted_at", flat=True)
        .first()
    )
    found = [moment for moment in candidates if moment is not None]
    return min(found) if found else None


def sample_identifier() -> str | None:
    return (
        HeritageObject.objects.published()
        .order_by("pk")
        .values_list("identifier", flat=True)
        .first()
    )


def record_deletion(heritage_object: HeritageObject) -> None:
    """Keep a tombstone of a deleted object that was public once."""
    if heritage_object.published_at is None and not heritage_object.is_public:
        return
    DeletedRecord.objects.update_or_create(
        identifier=heritage_object.identifier,
        defaults={
            "deleted_at": timezone.now(),
            "set_specs": specs_of_object(heritage_object),
        },
    )
