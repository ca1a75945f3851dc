"""Tombstones for OAI-PMH: a deleted object that was public once stays reported.

The tombstone is written in the deleting transaction itself (not deferred with
``on_commit`` like the search bookkeeping): a deletion that commits always
leaves its tombstone, and one that rolls back leaves none.
"""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from kulturschatz.collections.models import HeritageObject

from .oai.repository import record_deletion


@receiver(post_delete, sender=HeritageObject, dispatch_uid="metadata.oai.tombstone")
def keep_tombstone(
    sender: type[HeritageObject], instance: HeritageObject, **kwargs: object
) -> None:
    record_deletion(instance)
