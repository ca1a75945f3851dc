"""Moderation: Redaktion accepts or rejects what citizens contributed.

Accepting a shared treasure makes it a catalogue object in the collection
"Bürgerschätze" (KULTURSCHATZ_CONTRIBUTION_COLLECTION), with the photos copied
into object images that go through the normal image pipeline. Accepting a hint
shows it on its object's page or marks it as merged into the record. Rejecting
erases the uploaded files and the personal data.

Who may decide: users with ``contributions.moderate_contribution`` (the groups
Redaktion and Administration, and superusers). ``by=None`` is the system
itself (the demo loader), as in kulturschatz.collections.services.

Four-eyes principle: the citizen wrote the data, the moderator reviews it, so
the moderator is the second pair of eyes. The new object's ``last_editor``
(which services.check_four_eyes reads) therefore stays empty, and one member
of Redaktion can accept and publish in one step. Tidying the wording in the
queue before accepting does not change that: it is copy-editing of what the
citizen wrote, done as part of the review. Whoever edits the object later is
its last editor as usual.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kulturschatz.collections import history, services
from kulturschatz.collections.models import (
    Collection,
    Concept,
    Event,
    HeritageObject,
    Institution,
    ObjectImage,
    Place,
    TrashedObject,
)

from . import privacy
from .models import Contribution, Hint, SharedTreasure, State

MODERATE_PERMISSION = "contributions.moderate_contribution"
# LIDO event type "production" (what the contributor's date refers to).
PRODUCTION_URI = "http://terminology.lido-schema.org/lido00007"


class AlreadyDecidedError(PermissionDenied):
    """The contribution is no longer waiting: someone decided it already."""


def can_moderate(user) -> bool:
    return bool(user and user.is_active and user.has_perm(MODERATE_PERMISSION))


def check_moderation_permission(by) -> None:
    if by is not None and not can_moderate(by):
        raise PermissionDenied(
            _("Only the editorial team (Redaktion) may accept or reject contributions.")
        )


def _user(by):
    return by if by is not None and by.is_authenticated else None


def _lock(contribution: Contribution, *, state: str = State.SUBMITTED) -> None:
    """Lock the contribution's row; refuse if it left ``state`` meanwhile."""
    current = (
        type(contribution)
        .objects.select_for_update()
        .filter(pk=contribution.pk)
        .values_list("state", flat=True)
        .first()
    )
    if current != state:
        raise AlreadyDecidedError(
            _("This contribution has already been decided.")
            if state == State.SUBMITTED
            else _("Only an accepted hint can be taken back.")
        )


def _site_credit(contribution: Contribution) -> str:
    """The public credit in the catalogue's language (an anonymous one included)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(contribution.credit)


# ---------------------------------------------------------------------------
# The "Bürgerschätze" collection and numbering
# ---------------------------------------------------------------------------


def contribution_collection() -> Collection:
    """The collection accepted treasures go to, created on first use."""
    collection = (
        Collection.objects.select_related("institution")
        .filter(slug=settings.KULTURSCHATZ_CONTRIBUTION_COLLECTION)
        .first()
    )
    if collection is not None:
        return collection
    institution, _created = Institution.objects.get_or_create(
        slug=settings.KULTURSCHATZ_CONTRIBUTION_INSTITUTION,
        defaults={
            "name": "Kulturschatz Merseburg",
            "name_en": "Kulturschatz Merseburg",
            "description": "Das Archiv Kulturschatz Merseburg und seine Bürgerinnen und "
            "Bürger.",
            "description_en": "The Kulturschatz Merseburg archive and the people of the town.",
        },
    )
    collection, _created = Collection.objects.get_or_create(
        slug=settings.KULTURSCHATZ_CONTRIBUTION_COLLECTION,
        defaults={
            "institution": institution,
            "name": "Bürgerschätze",
            "name_en": "Citizens' treasures",
            "description": "Schätze, die Bürgerinnen und Bürger über „Mitmachen“ mit dem "
            "Archiv geteilt haben: Fotos von Gegenständen, Gebäuden und alten Ansichtskarten, "
            "mit ihren Geschichten. Die Angaben stammen von den Einsendenden; die Redaktion "
            "hat sie vor der Veröffentlichung geprüft.",
            "description_en": "Treasures that people shared with the archive through "
            "“Mitmachen” (take part): photos of objects, buildings and old postcards, with "
            "their stories. The information comes from the contributors; the editorial team "
            "reviewed it before publication.",
            "order": 1000,
        },
    )
    return collection


def _next_number(institution: Institution, year: int) -> int:
    """The next free running number of the year, among live and trashed objects
    (a trashed object keeps its identifier for a restore)."""
    identifier = re.compile(rf"^buergerschatz-{year}-(\d+)$")
    inventory = re.compile(rf"^BS-{year}-(\d+)$")
    used = [0]
    for value in [
        *HeritageObject.objects.filter(identifier__startswith=f"buergerschatz-{year}-")
        .values_list("identifier", flat=True),
        *TrashedObject.objects.filter(identifier__startswith=f"buergerschatz-{year}-")
        .values_list("identifier", flat=True),
    ]:
        if match := identifier.match(value):
            used.append(int(match[1]))
    for value in [
        *HeritageObject.objects.filter(
            institution=institution, inventory_number__startswith=f"BS-{year}-"
        ).values_list("inventory_number", flat=True),
        *TrashedObject.objects.filter(inventory_number__startswith=f"BS-{year}-")
        .values_list("inventory_number", flat=True),
    ]:
        if match := inventory.match(value):
            used.append(int(match[1]))
    return max(used) + 1


def _production_type() -> Concept:
    concept, _created = services.find_or_create_entity(
        Concept,
        uris=[PRODUCTION_URI],
        lookup={"kind": Concept.Kind.EVENT_TYPE, "slug": "production"},
        defaults={"label": "Herstellung", "label_en": "Production"},
    )
    return concept


# ---------------------------------------------------------------------------
# Shared treasures
# ---------------------------------------------------------------------------


def accept_treasure(
    treasure: SharedTreasure,
    *,
    by,
    publish: bool,
    title: str | None = None,
    story: str | None = None,
    place: Place | None = None,
    object_type: Concept | None = None,
) -> HeritageObject:
    """Make a shared treasure a catalogue object in "Bürgerschätze", published
    or as a draft, its photos as the object's images (derivatives built in the
    task queue). The contribution keeps its credit and e-mail address (for the
    publication notice); its own photo files and rows are deleted, the
    catalogue owns copies now.

    ``place`` becomes the production event's place; without it the place the
    contributor wrote is kept as text in that event's description.
    """
    check_moderation_permission(by)
    if publish:
        services.check_publish_permission(by)
    if object_type is not None and object_type.kind != Concept.Kind.OBJECT_TYPE:
        raise ValueError(f"{object_type!r} is no object type")
    stored: list[str] = []  # master files written, to delete should it fail
    try:
        with transaction.atomic():
            _lock(treasure)
            heritage_object = _create_object(
                treasure,
                by=by,
                title=(title if title is not None else treasure.title).strip(),
                story=(story if story is not None else treasure.story).strip(),
                place=place,
                object_type=object_type,
                stored=stored,
            )
            history.record(
                [heritage_object],
                user=_user(by),
                comment=history.site_language_text(
                    gettext_noop("Created from a shared treasure (Mitmachen), shared by %(name)s"),
                    name=_site_credit(treasure),
                ),
            )
            if publish:
                services.publish_object(heritage_object, by=by)
            privacy.delete_photos(treasure)
            treasure.state = State.ACCEPTED
            treasure.heritage_object = heritage_object
            treasure.decided_at = timezone.now()
            treasure.decided_by = _user(by)
            treasure.save(
                update_fields=["state", "heritage_object", "decided_at", "decided_by"]
            )
            if publish:
                # The notice to the contributor, sent by the task queue after
                # the commit; the privacy module erases the address once sent.
                privacy.schedule_notifications()
    except BaseException:
        # The rows are rolled back: their files go too.
        privacy.delete_files(ObjectImage._meta.get_field("master").storage, stored)
        raise
    return heritage_object


def _create_object(
    treasure: SharedTreasure,
    *,
    by,
    title: str,
    story: str,
    place: Place | None,
    object_type: Concept | None,
    stored: list[str],
) -> HeritageObject:
    collection = contribution_collection()
    # One acceptance at a time numbers the objects of the collection.
    Collection.objects.select_for_update().filter(pk=collection.pk).first()
    year = timezone.localdate().year
    number = _next_number(collection.institution, year)
    credit = _site_credit(treasure)
    language = (treasure.language or "de").split("-")[0]
    heritage_object = HeritageObject.objects.create(
        identifier=f"buergerschatz-{year}-{number:04d}",
        inventory_number=f"BS-{year}-{number:04d}",
        institution=collection.institution,
        collection=collection,
        object_type=object_type,
        title=title or treasure.title,
        title_lang=language,
        credit_line=history.site_language_text(
            gettext_noop("Citizens' treasure, shared by %(name)s"), name=credit
        ),
        rights=treasure.licence,
        rights_holder=credit,
        status=HeritageObject.Status.DRAFT,
        created_by=_user(by),
        updated_by=_user(by),
        # last_editor stays empty: the citizen wrote the data (four eyes, see above).
    )
    if story:
        heritage_object.descriptions.create(text=story, lang=language)
    if treasure.date_text or place is not None or treasure.place_text:
        event = Event(
            heritage_object=heritage_object,
            event_type=_production_type(),
            display_date=treasure.date_text.strip(),  # Event.save reads the years
        )
        if place is None and treasure.place_text.strip():
            event.description = history.site_language_text(
                gettext_noop("Place (as the contributor gave it): %(place)s"),
                place=treasure.place_text.strip(),
            )
        event.save()
        if place is not None:
            event.places.add(place)
        services.refresh_dating(heritage_object)
    photos = list(treasure.photos.all())
    from kulturschatz.iiif import derivatives

    for order, photo in enumerate(photos):
        image = ObjectImage(
            heritage_object=heritage_object,
            order=order,
            is_primary=order == 0,
            caption=title if len(photos) == 1 else f"{title} ({order + 1}/{len(photos)})",
            creator=credit,
            rights=treasure.licence,
        )
        with photo.file.open("rb") as handle:
            # Stored as masters/<object>/<image uuid>.<ending> (master_upload_path).
            image.master = File(handle, name=photo.file.name)
            image.save()
        stored.append(image.master.name)
        derivatives.schedule_derivatives(image)
    return heritage_object


def reject(contribution: Contribution, *, by, reason: str = "") -> None:
    """Refuse a contribution: its uploaded files and personal data are erased.
    ``reason`` is an internal note for the editorial team, never sent."""
    check_moderation_permission(by)
    with transaction.atomic():
        _lock(contribution)
        contribution.state = State.REJECTED
        contribution.decided_at = timezone.now()
        contribution.decided_by = _user(by)
        contribution.moderator_note = reason.strip()
        contribution.save(update_fields=["state", "decided_at", "decided_by", "moderator_note"])
        privacy.erase_personal_data(contribution)


# ---------------------------------------------------------------------------
# Hints
# ---------------------------------------------------------------------------


def accept_hint(hint: Hint, *, by, outcome: Hint.Outcome | str) -> Hint:
    """Accept a hint: ``shown`` puts it on the object's public page, ``merged``
    records that the editor works it into the catalogue record (the admin links
    to the object's page for that). The contributor's name stays as the credit
    and the e-mail address for the notice."""
    check_moderation_permission(by)
    outcome = Hint.Outcome(outcome)
    with transaction.atomic():
        _lock(hint)
        hint.state = State.ACCEPTED
        hint.outcome = outcome
        hint.decided_at = timezone.now()
        hint.decided_by = _user(by)
        hint.save(update_fields=["state", "outcome", "decided_at", "decided_by"])
        _touch(hint.heritage_object)
        if hint.heritage_object.is_public:
            privacy.schedule_notifications()
    return hint


def revoke_hint(hint: Hint, *, by, reason: str = "") -> Hint:
    """Take an accepted hint off the object's page again; its personal data go."""
    check_moderation_permission(by)
    with transaction.atomic():
        _lock(hint, state=State.ACCEPTED)
        hint.state = State.REJECTED
        hint.outcome = ""
        hint.decided_at = timezone.now()
        hint.decided_by = _user(by)
        if reason.strip():
            hint.moderator_note = reason.strip()
        hint.save(
            update_fields=["state", "outcome", "decided_at", "decided_by", "moderator_note"]
        )
        privacy.erase_personal_data(hint)
        _touch(hint.heritage_object)
    return hint


def _touch(heritage_object: HeritageObject) -> None:
    """Move the object's ``updated_at``: its public page cache (keyed on
    search.services.last_change) and the search queue follow the save."""
    heritage_object.save(update_fields=["updated_at"])


def pending_counts() -> dict[str, int]:
    """How many contributions wait for moderation, by kind."""
    return {
        "treasures": SharedTreasure.objects.pending().count(),
        "hints": Hint.objects.pending().count(),
    }

