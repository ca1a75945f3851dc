"""Search-index bookkeeping: every change that alters what an object's search
document holds queues that object (STYLE.md §2: signals only for this)."""

from __future__ import annotations

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save

from kulturschatz.collections import models as catalogue

from .services import queue_objects

HeritageObject = catalogue.HeritageObject

# Rows that belong to one object: (model, attribute holding the object's pk).
_CHILDREN = [
    (catalogue.ObjectTitle, "heritage_object_id"),
    (catalogue.ObjectDescription, "heritage_object_id"),
    (catalogue.Inscription, "heritage_object_id"),
    (catalogue.Event, "heritage_object_id"),
    (catalogue.ObjectRelation, "heritage_object_id"),
]


def _objects_of_agent(agent) -> list[int]:
    return _pks(HeritageObject.objects.referring_to_agent(agent))


def _objects_of_place(place) -> list[int]:
    return _pks(HeritageObject.objects.referring_to_place(place))


def _objects_of_concept(concept) -> list[int]:
    return _pks(
        HeritageObject.objects.filter(
            Q(object_type=concept)
            | Q(classifications=concept)
            | Q(subject_concepts=concept)
            | Q(events__event_type=concept)
            | Q(events__materials=concept)
            | Q(events__techniques=concept)
            | Q(events__actors__role=concept)
        )
    )


def _objects_of_collection(collection) -> list[int]:
    return _pks(
        HeritageObject.objects.filter(collection_id__in=collection.descendant_ids())
    )


def _objects_of_institution(institution) -> list[int]:
    return _pks(HeritageObject.objects.filter(institution=institution))


def _pks(objects) -> list[int]:
    return list(objects.values_list("pk", flat=True).distinct())


_SHARED = [
    (catalogue.Agent, _objects_of_agent),
    (catalogue.Place, _objects_of_place),
    (catalogue.Concept, _objects_of_concept),
    (catalogue.Collection, _objects_of_collection),
    (catalogue.Institution, _objects_of_institution),
]


def object_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    queue_objects([instance.pk])


def child_changed(attribute: str):
    def receiver(sender, instance, raw: bool = False, **kwargs) -> None:
        queue_objects([getattr(instance, attribute)])

    return receiver


def actor_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    heritage_object_id = (
        catalogue.Event.objects.filter(pk=instance.event_id)
        .values_list("heritage_object_id", flat=True)
        .first()
    )
    queue_objects([heritage_object_id])


def shared_changed(finder):
    def receiver(
        sender, instance, created: bool = False, raw: bool = False, **kwargs
    ) -> None:
        if created:  # nothing refers to it yet
            return
        queue_objects(finder(instance))

    return receiver


def relation_changed(
    sender, instance, action: str, reverse: bool, pk_set=None, **kwargs
) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, HeritageObject):
        queue_objects([instance.pk])
    elif isinstance(instance, catalogue.Event):
        queue_objects([instance.heritage_object_id])
    elif pk_set:  # changed from the other side (an agent's objects, say)
        if sender in (
            catalogue.Event.places.through,
            catalogue.Event.materials.through,
            catalogue.Event.techniques.through,
        ):
            queue_objects(
                catalogue.Event.objects.filter(pk__in=pk_set).values_list(
                    "heritage_object_id", flat=True
                )
            )
        else:
            queue_objects(pk_set)


def connect() -> None:
    post_save.connect(
        object_changed, sender=HeritageObject, dispatch_uid="search-object-save"
    )
    post_delete.connect(
        object_changed, sender=HeritageObject, dispatch_uid="search-object-delete"
    )
    for model, attribute in _CHILDREN:
        receiver = child_changed(attribute)
        post_save.connect(
            receiver,
            sender=model,
            weak=False,
            dispatch_uid=f"search-{model.__name__}-save",
        )
        post_delete.connect(
            receiver,
            sender=model,
            weak=False,
            dispatch_uid=f"search-{model.__name__}-delete",
        )
    post_save.connect(
        actor_changed, sender=catalogue.EventActor, dispatch_uid="search-actor-save"
    )
    post_delete.connect(
        actor_changed, sender=catalogue.EventActor, dispatch_uid="search-actor-delete"
    )
    for model, finder in _SHARED:
        post_save.connect(
            shared_changed(finder),
            sender=model,
            weak=False,
            dispatch_uid=f"search-{model.__name__}-shared",
        )
    for through in (
        HeritageObject.classifications.through,
        HeritageObject.subject_concepts.through,
        HeritageObject.subject_agents.through,
        HeritageObject.subject_places.through,
        catalogue.Event.places.through,
        catalogue.Event.materials.through,
        catalogue.Event.techniques.through,
    ):
        m2m_changed.connect(
            relation_changed,
            sender=through,
            dispatch_uid=f"search-m2m-{through.__name__}",
        )
