"""Writes that enforce the catalogue's rules; the admin, commands and importers call these."""

from collections.abc import Iterable
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from .authorities import normalize_authority_uri
from .models import Agent, Collection, Concept, HeritageObject, Place

Status = HeritageObject.Status
PUBLISH_PERMISSION = "collections.publish_heritageobject"

Entity = TypeVar("Entity", Agent, Place, Concept)


def can_publish(user) -> bool:
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def check_publish_permission(user) -> None:
    if user is not None and not can_publish(user):
        raise PermissionDenied(_("You may not publish or withdraw objects."))


def set_status(heritage_object: HeritageObject, status: str, *, by=None) -> HeritageObject:
    """Move an object to a new status; publishing and withdrawing need the right.

    ``by=None`` is the system itself (demo loader, importer run by an operator).
    """
    if status in (Status.PUBLISHED, Status.WITHDRAWN) or (
        heritage_object.status in (Status.PUBLISHED, Status.WITHDRAWN)
        and status != heritage_object.status
    ):
        check_publish_permission(by)
    heritage_object.status = status
    if status == Status.PUBLISHED and heritage_object.published_at is None:
        heritage_object.published_at = timezone.now()
    if by is not None:
        heritage_object.updated_by = by
    heritage_object.save(update_fields=["status", "published_at", "updated_by", "updated_at"])
    return heritage_object


def publish_object(heritage_object: HeritageObject, *, by=None) -> HeritageObject:
    return set_status(heritage_object, Status.PUBLISHED, by=by)


def withdraw_object(heritage_object: HeritageObject, *, by=None) -> HeritageObject:
    return set_status(heritage_object, Status.WITHDRAWN, by=by)


def move_to_collection(
    objects: Iterable[HeritageObject], collection: Collection, *, by=None
) -> int:
    """Move objects into a collection of their own institution; all or nothing."""
    objects = list(objects)
    foreign = [o for o in objects if o.institution_id != collection.institution_id]
    if foreign:
        raise ValueError(
            _("%(count)d object(s) belong to another institution than the collection.")
            % {"count": len(foreign)}
        )
    with transaction.atomic():
        for heritage_object in objects:
            heritage_object.collection = collection
            if by is not None:
                heritage_object.updated_by = by
            heritage_object.save(update_fields=["collection", "updated_by", "updated_at"])
    return len(objects)


def refresh_dating(heritage_object: HeritageObject) -> None:
    """Copy the production event's dating onto the object (for sorting and facets).

    The first production-type event counts; without one, the earliest dated event.
    """
    events = list(heritage_object.events.select_related("event_type"))
    dated = [e for e in events if e.display_date or e.earliest_year is not None]
    production = [e for e in dated if e.is_production]
    chosen = (production or dated or [None])[0]
    values = (
        (chosen.display_date, chosen.earliest_year, chosen.latest_year)
        if chosen
        else ("", None, None)
    )
    current = (
        heritage_object.dating_display,
        heritage_object.earliest_year,
        heritage_object.latest_year,
    )
    if values != current:
        (
            heritage_object.dating_display,
            heritage_object.earliest_year,
            heritage_object.latest_year,
        ) = values
        HeritageObject.objects.filter(pk=heritage_object.pk).update(
            dating_display=values[0], earliest_year=values[1], latest_year=values[2]
        )


def find_or_create_entity(
    model: type[Entity], *, uris: Iterable[str] = (), lookup: dict, defaults: dict
) -> tuple[Entity, bool]:
    """An agent, place or concept, deduplicated by authority URI, else by lookup.

    Any URI already in the catalogue identifies the entity; URIs it lacks are
    added to it. Without a URI match, ``lookup`` (e.g. kind and label) decides.
    Returns (entity, created).
    """
    uris = [normalize_authority_uri(u) for u in uris if u and u.strip()]
    entity: Model | None = None
    if uris:
        entity = model.objects.with_uri(*uris).distinct().first()
    created = False
    if entity is None:
        entity = model.objects.filter(**lookup).first()
    if entity is None:
        # A default may be a callable, computed only when the entity is created.
        values = {key: value() if callable(value) else value for key, value in defaults.items()}
        entity = model.objects.create(**lookup, **values)
        created = True
    if not uris:
        return entity, created
    known = set() if created else set(entity.uris.values_list("uri", flat=True))
    for uri in uris:
        if uri not in known:
            entity.uris.create(uri=uri)
            known.add(uri)
    return entity, created
