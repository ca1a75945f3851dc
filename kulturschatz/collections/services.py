"""Writes that enforce the catalogue's rules; the admin, commands and importers call these."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from reversion.models import Revision, Version

from . import history
from .authorities import normalize_authority_uri
from .history import RestoreError
from .models import (
    Agent,
    ChangeProposal,
    Collection,
    Concept,
    HeritageObject,
    ObjectImage,
    ObjectRelation,
    Place,
    TrashedObject,
)

Status = HeritageObject.Status
PUBLISH_PERMISSION = "collections.publish_heritageobject"
DELETE_PERMISSION = "collections.delete_heritageobject"
RESTORE_DELETED_PERMISSION = "collections.restore_trashedobject"

Entity = TypeVar("Entity", Agent, Place, Concept)


class FourEyesError(PermissionDenied):
    """Publishing refused: the publisher made the last change or submission."""


def can_publish(user) -> bool:
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def check_publish_permission(user) -> None:
    if user is not None and not can_publish(user):
        raise PermissionDenied(_("You may not publish or withdraw objects."))


def four_eyes_binds(user) -> bool:
    """Whether the four-eyes principle applies to what this user publishes.

    ``None`` is the system itself (demo loader, an operator's import); a
    superuser is the technical account that may do everything anyway.
    """
    return bool(settings.KULTURSCHATZ_FOUR_EYES and user is not None and not user.is_superuser)


def check_four_eyes(heritage_object: HeritageObject, by) -> None:
    """FourEyesError if ``by`` last changed the object's data or submitted it."""
    if not four_eyes_binds(by):
        return
    # Read from the database: the instance at hand may predate a colleague's edit.
    last_editor = (
        HeritageObject.objects.filter(pk=heritage_object.pk)
        .values_list("last_editor_id", flat=True)
        .first()
    )
    if last_editor == by.pk:
        raise FourEyesError(
            _(
                "Four-eyes principle: you changed “%(object)s” last or submitted it for "
                "review yourself, so a second member of the editorial team (Redaktion) "
                "must publish it."
            )
            % {"object": heritage_object}
        )


def note_content_change(heritage_object: HeritageObject, *, by) -> None:
    """Remember who changed the object's data last (for the four-eyes check)."""
    last_editor = by if by is not None and by.is_authenticated else None
    heritage_object.last_editor = last_editor
    HeritageObject.objects.filter(pk=heritage_object.pk).update(last_editor=last_editor)


def record_edit(heritage_object: HeritageObject, *, by, comment: str) -> None:
    """After a change of an object's data outside the admin's object page and
    these services (the bulk image upload, say): remember who made it (four
    eyes) and record the new version. Call ``history.ensure_baseline([pk])``
    before such a change, so that the state before it is kept too."""
    note_content_change(heritage_object, by=by)
    history.record([heritage_object], user=by, comment=comment)


# ---------------------------------------------------------------------------
# Changes to published objects under the four-eyes principle
# ---------------------------------------------------------------------------


def needs_approval(heritage_object: HeritageObject, *, status_before: str, by) -> bool:
    """Whether a change of this object's data by ``by`` must wait for a second
    person: it was published before the change and still is after it, and the
    four-eyes principle binds ``by``. Drafts, objects in review and withdrawn
    objects are not public, so their edits are written at once."""
    return (
        four_eyes_binds(by)
        and status_before == Status.PUBLISHED
        and heritage_object.status == Status.PUBLISHED
    )


def pending_proposal(heritage_object: HeritageObject | int) -> ChangeProposal | None:
    pk = heritage_object if isinstance(heritage_object, int) else heritage_object.pk
    return (
        ChangeProposal.objects.filter(heritage_object_id=pk, state=ChangeProposal.State.PENDING)
        .select_related("proposed_by", "revision")
        .first()
    )


def propose_change(
    heritage_object: HeritageObject, *, live: list[Version], by, comment: str
) -> ChangeProposal:
    """Keep the object's current (changed) state as a proposal and put its
    rows back to ``live``, the state before the change (unsaved versions from
    ``history.snapshot_versions``). Called inside the transaction that made the
    change, after it: the proposal and the return to the live state are
    written together or not at all. A pending proposal of the object is
    superseded: the newest wins, and the older stays in the history."""
    user = by if by is not None and by.is_authenticated else None
    with transaction.atomic():
        revision = history.record_revisions(
            [heritage_object.pk],
            user=user,
            comment=comment,
        )[heritage_object.pk]
        ChangeProposal.objects.filter(
            heritage_object=heritage_object, state=ChangeProposal.State.PENDING
        ).update(state=ChangeProposal.State.SUPERSEDED, decided_at=timezone.now())
        proposal = ChangeProposal.objects.create(
            heritage_object=heritage_object,
            revision=revision,
            proposed_by=user,
            proposed_at=revision.date_created,
        )
        current = HeritageObject.objects.get(pk=heritage_object.pk)
        plan = history.plan_restore(
            live, heritage_object.pk, keep_from=current, keep=history.KEPT_ON_PROPOSAL
        )
        history.apply_restore(plan, delete_other_parts=True)
        heritage_object.refresh_from_db()
    return proposal


def build_on_pending_proposal(heritage_object: HeritageObject) -> bool:
    """Write the object's waiting proposal into its rows, inside the caller's
    transaction, so that a further change extends the proposal instead of
    replacing it (the bulk image upload: several files for one object). The
    caller then proposes the result with ``propose_change``, which returns the
    rows to the live state. False if nothing is waiting."""
    pending = pending_proposal(heritage_object)
    if pending is None:
        return False
    versions = list(pending.revision.version_set.select_related("content_type"))
    current = HeritageObject.objects.get(pk=heritage_object.pk)
    plan = history.plan_restore(
        versions, current.pk, keep_from=current, keep=history.KEPT_ON_PROPOSAL
    )
    history.apply_restore(plan, delete_other_parts=True)
    return True


def check_decision_permission(proposal: ChangeProposal, by, *, approving: bool) -> None:
    """Approving needs the publish right and a second person (four-eyes);
    rejecting needs the publish right, or being the proposer (who may take
    their own proposal back)."""
    if proposal.state != ChangeProposal.State.PENDING:
        raise PermissionDenied(_("This proposal has already been decided."))
    own = by is not None and proposal.proposed_by_id == by.pk
    if not approving and own:
        return
    check_publish_permission(by)
    if approving and own and four_eyes_binds(by):
        raise FourEyesError(
            _(
                "Four-eyes principle: you proposed this change yourself, so a second "
                "member of the editorial team (Redaktion) must approve it."
            )
        )


def approve_change(proposal: ChangeProposal, *, by=None) -> "RestoreResult":
    """Make a pending proposal the object's live state, as a save would (search
    index, OAI-PMH datestamp, IIIF change stream and caches follow the rows'
    signals and the moved ``updated_at``); recorded as a version."""
    check_decision_permission(proposal, by, approving=True)
    versions = list(proposal.revision.version_set.select_related("content_type"))
    with transaction.atomic():
        # Lock the proposal: two approvals at once apply it once.
        locked = ChangeProposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.state != ChangeProposal.State.PENDING:
            raise PermissionDenied(_("This proposal has already been decided."))
        current = HeritageObject.objects.get(pk=proposal.heritage_object_id)
        history.ensure_baseline([current.pk])
        plan = history.plan_restore(
            versions, current.pk, keep_from=current, keep=history.KEPT_ON_PROPOSAL
        )
        heritage_object = history.apply_restore(plan, delete_other_parts=True)
        _after_restore(heritage_object, by=by)
        # Who wrote the data stays its last editor: they may not publish it
        # themselves should it be withdrawn and published again.
        HeritageObject.objects.filter(pk=heritage_object.pk).update(
            last_editor=proposal.proposed_by
        )
        heritage_object.refresh_from_db()
        history.record(
            [heritage_object],
            user=by,
            comment=history.site_language_text(
                gettext_noop("Approved: the change proposed by %(user)s on %(date)s"),
                user=_user_name(proposal.proposed_by),
                date=proposal.proposed_at,
            ),
        )
        ChangeProposal.objects.filter(pk=proposal.pk).update(
            state=ChangeProposal.State.APPROVED,
            decided_by=by if by is not None and by.is_authenticated else None,
            decided_at=timezone.now(),
        )
    proposal.refresh_from_db()
    return RestoreResult(heritage_object, plan.notes)


def reject_change(proposal: ChangeProposal, *, by=None, reason: str = "") -> ChangeProposal:
    """Discard a pending proposal; the object stays as it is. The proposal
    stays in the history (staff only), marked rejected, with the reason."""
    check_decision_permission(proposal, by, approving=False)
    with transaction.atomic():
        updated = ChangeProposal.objects.filter(
            pk=proposal.pk, state=ChangeProposal.State.PENDING
        ).update(
            state=ChangeProposal.State.REJECTED,
            decided_by=by if by is not None and by.is_authenticated else None,
            decided_at=timezone.now(),
            reason=reason.strip(),
        )
        if not updated:
            raise PermissionDenied(_("This proposal has already been decided."))
    proposal.refresh_from_db()
    return proposal


def _user_name(user) -> str:
    if user is None:
        return history.site_language_text(gettext_noop("system (import, command)"))
    return user.get_full_name() or user.get_username()


def set_status(heritage_object: HeritageObject, status: str, *, by=None) -> HeritageObject:
    """Move an object to a new status; publishing and withdrawing need the right,
    publishing also a second person (four-eyes) where that is switched on.

    ``by=None`` is the system itself (demo loader, importer run by an operator).
    Submitting for review makes ``by`` the object's last editor.
    """
    before = heritage_object.status
    if status in (Status.PUBLISHED, Status.WITHDRAWN) or (
        before in (Status.PUBLISHED, Status.WITHDRAWN) and status != before
    ):
        check_publish_permission(by)
    if status == Status.PUBLISHED and before != Status.PUBLISHED:
        check_four_eyes(heritage_object, by)
    if status == before and not (
        heritage_object.published_at is None and heritage_object.is_public
    ):
        return heritage_object
    with transaction.atomic():
        history.ensure_baseline([heritage_object.pk])
        heritage_object.status = status
        heritage_object.note_first_publication()
        fields = ["status", "published_at", "updated_at"]
        if by is not None:
            heritage_object.updated_by = by
            fields.append("updated_by")
            if status == Status.REVIEW and before != Status.REVIEW:
                heritage_object.last_editor = by
                fields.append("last_editor")
        heritage_object.save(update_fields=fields)
        labels = dict(Status.choices)
        history.record(
            [heritage_object],
            user=by,
            comment=history.site_language_text(
                gettext_noop("Status: %(before)s → %(after)s"),
                before=labels[before],
                after=labels[status],
            ),
        )
    return heritage_object


def publish_object(heritage_object: HeritageObject, *, by=None) -> HeritageObject:
    return set_status(heritage_object, Status.PUBLISHED, by=by)


def withdraw_object(heritage_object: HeritageObject, *, by=None) -> HeritageObject:
    return set_status(heritage_object, Status.WITHDRAWN, by=by)


def submit_for_review(heritage_object: HeritageObject, *, by=None) -> HeritageObject:
    return set_status(heritage_object, Status.REVIEW, by=by)


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
        history.ensure_baseline([o.pk for o in objects])
        for heritage_object in objects:
            heritage_object.collection = collection
            if by is not None:
                heritage_object.updated_by = by
                heritage_object.last_editor = by
            heritage_object.save(
                update_fields=["collection", "updated_by", "last_editor", "updated_at"]
            )
        history.record(
            objects,
            user=by,
            comment=history.site_language_text(
                gettext_noop("Moved to the collection %(collection)s"), collection=collection
            ),
        )
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


# ---------------------------------------------------------------------------
# Deleting, the trash, restoring versions
# ---------------------------------------------------------------------------


@dataclass
class RestoreResult:
    heritage_object: HeritageObject
    notes: list[str] = field(default_factory=list)  # what could not come back
    proposal: ChangeProposal | None = None  # set when the restore awaits approval


def delete_object(heritage_object: HeritageObject, *, by=None) -> TrashedObject:
    """Delete an object into the trash: its rows go, its last version stays.

    Every public path stops showing it at once (the rows are gone); OAI-PMH
    reports it as deleted (metadata.signals), the search index and the IIIF
    change stream follow their signals. Image files stay until ``purge_trash``.
    """
    if by is not None and not by.has_perm(DELETE_PERMISSION):
        raise PermissionDenied(_("You may not delete objects."))
    with transaction.atomic():
        # Relations of other objects to this one go with it (on_delete
        # CASCADE): keep them in the deletion's revision, to come back with it.
        pointing_here = list(
            ObjectRelation.objects.filter(target=heritage_object)
            .exclude(heritage_object=heritage_object)
            .select_related("relation_type", "target")
        )
        revisions = history.record_revisions(
            [heritage_object.pk],
            user=by,
            comment=history.site_language_text(gettext_noop("Deleted (moved to the trash)")),
            extra_rows={heritage_object.pk: pointing_here},
        )
        trashed = TrashedObject.objects.create(
            object_id=heritage_object.pk,
            identifier=heritage_object.identifier,
            title=heritage_object.title,
            inventory_number=heritage_object.inventory_number,
            institution_name=heritage_object.institution.name,
            status=heritage_object.status,
            deleted_at=timezone.now(),
            deleted_by=by if by is not None and by.is_authenticated else None,
            revision=revisions[heritage_object.pk],
        )
        heritage_object.delete()
    return trashed


def restore_deleted(trashed: TrashedObject, *, by=None) -> RestoreResult:
    """Bring a deleted object back as it was deleted: same number, identifier,
    addresses, status, parts and images (Administration only)."""
    if by is not None and not by.has_perm(RESTORE_DELETED_PERMISSION):
        raise PermissionDenied(_("Only the group Administration may restore deleted objects."))
    versions = list(trashed.revision.version_set.select_related("content_type"))
    with transaction.atomic():
        plan = history.plan_restore(versions, trashed.object_id, with_relations_to_it=True)
        heritage_object = history.apply_restore(plan, delete_other_parts=False)
        _after_restore(heritage_object, by=by)
        history.record(
            [heritage_object],
            user=by,
            comment=history.site_language_text(gettext_noop("Restored from the trash")),
        )
        trashed.delete()
    return RestoreResult(heritage_object, plan.notes)


def restore_version(version: Version, *, by=None) -> RestoreResult:
    """Make an object's data and parts (images included) those of an earlier
    version. Its status, embargo, featuring and identity stay as they are now:
    restoring edits the data, it does not publish or withdraw."""
    if version.content_type.model_class() is not HeritageObject:
        raise RestoreError(_("This is not a version of an object."))
    current = HeritageObject.objects.filter(pk=int(version.object_id)).first()
    if current is None:
        raise RestoreError(_("The object has been deleted; restore it from the trash first."))
    if by is not None and not by.has_perm("collections.change_heritageobject"):
        raise PermissionDenied(_("You may not change objects."))
    versions = list(version.revision.version_set.select_related("content_type"))
    comment = history.site_language_text(
        gettext_noop("Restored the version of %(date)s"), date=version.revision.date_created
    )
    with transaction.atomic():
        history.ensure_baseline([current.pk])
        # Restoring edits: on a published object, under four eyes, it waits for approval.
        live = (
            history.snapshot_versions(current.pk)
            if needs_approval(current, status_before=current.status, by=by)
            else None
        )
        plan = history.plan_restore(versions, current.pk, keep_from=current)
        heritage_object = history.apply_restore(plan, delete_other_parts=True)
        _after_restore(heritage_object, by=by, edited=True)
        if live is not None:
            proposal = propose_change(heritage_object, live=live, by=by, comment=comment)
            return RestoreResult(heritage_object, plan.notes, proposal)
        history.record([heritage_object], user=by, comment=comment)
    return RestoreResult(heritage_object, plan.notes)


def _after_restore(heritage_object: HeritageObject, *, by, edited: bool = False) -> None:
    """What a save would have done after the raw writes of a restore."""
    from kulturschatz.iiif import derivatives

    now = timezone.now()
    user = by if by is not None and by.is_authenticated else None
    changes: dict = {"updated_at": now, "updated_by": user}
    if edited:
        changes["last_editor"] = user
    HeritageObject.objects.filter(pk=heritage_object.pk).update(**changes)
    # Fresh Last-Modified for the restored images (HTTP caches of IIIF responses).
    ObjectImage.objects.filter(heritage_object=heritage_object).update(updated_at=now)
    heritage_object.refresh_from_db()
    refresh_dating(heritage_object)
    storage = derivatives.derivative_storage()
    for image in heritage_object.images.all():
        if not image.derivatives_ready or not storage.exists(derivatives.image_prefix(image)):
            derivatives.schedule_derivatives(image)


@dataclass
class PurgeReport:
    objects: list[str] = field(default_factory=list)  # identifiers purged
    files: int = 0  # master files deleted


def purge_trash(*, now=None) -> PurgeReport:
    """Delete for good what lies in the trash longer than KULTURSCHATZ_TRASH_DAYS:
    its versions, then the master files and derivatives no version needs."""
    from kulturschatz.iiif import derivatives

    cutoff = (now or timezone.now()) - timedelta(days=settings.KULTURSCHATZ_TRASH_DAYS)
    report = PurgeReport()
    masters: set[str] = set()
    image_ids: set[str] = set()
    identifiers: set[str] = set()
    for trashed in TrashedObject.objects.filter(deleted_at__lt=cutoff).order_by("pk"):
        with transaction.atomic():
            revision_ids = list(
                history.versions_of(trashed.object_id).values_list("revision_id", flat=True)
            )
            named_masters, named_ids = history.image_references(revision_ids)
            masters |= named_masters
            image_ids |= named_ids
            Revision.objects.filter(pk__in=[*revision_ids, trashed.revision_id]).delete()
            TrashedObject.objects.filter(pk=trashed.pk).delete()
        report.objects.append(trashed.identifier)
        identifiers.add(trashed.identifier)
    if not report.objects:
        return report
    # Files go after the database, and only those nothing refers to any more.
    storage = ObjectImage._meta.get_field("master").storage
    kept_masters, kept_ids = history.referenced_images()
    for name in masters - kept_masters:
        if storage.exists(name):
            storage.delete(name)
            report.files += 1
    derivative_storage = derivatives.derivative_storage()
    for image_id in image_ids - kept_ids:
        if derivative_storage.exists(image_id):
            derivatives.delete_tree(derivative_storage, image_id)
    live = set(
        HeritageObject.objects.filter(identifier__in=identifiers).values_list("identifier", flat=True)
    )
    for identifier in identifiers - live:
        folder = f"manifests/{identifier}"
        if derivative_storage.exists(folder):
            derivatives.delete_tree(derivative_storage, folder)
    return report


# ---------------------------------------------------------------------------
# Embargoes
# ---------------------------------------------------------------------------


def release_embargoes() -> list[str]:
    """Do for objects whose embargo has ended what a save would have done:
    reindex them (search facets, the home page's cache key), announce them in
    the IIIF change stream, prebuild their manifests, and move ``updated_at``
    (sitemaps, OAI-PMH datestamps, HTTP caches).

    Idempotent: an object counts while its embargo ended after its last save,
    and moving ``updated_at`` ends that.
    """
    from kulturschatz.iiif.discovery import record_after_commit
    from kulturschatz.search.services import queue_objects

    rows = list(
        HeritageObject.objects.published()
        .filter(embargo_until__isnull=False, embargo_until__gt=TruncDate("updated_at"))
        .values_list("pk", "identifier")
    )
    if not rows:
        return []
    with transaction.atomic():
        now = timezone.now()
        HeritageObject.objects.filter(pk__in=[pk for pk, _identifier in rows]).update(
            updated_at=now
        )
        # Public from today on: from now on OAI-PMH reports it as deleted if
        # it is hidden again (published_at: "was public once").
        HeritageObject.objects.filter(
            pk__in=[pk for pk, _identifier in rows], published_at__isnull=True
        ).update(published_at=now)
        queue_objects(pk for pk, _identifier in rows)
        for _pk, identifier in rows:
            record_after_commit(identifier)
    return [identifier for _pk, identifier in rows]
