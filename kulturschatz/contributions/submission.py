"""Services that take a contribution from the public: a shared treasure, a hint.

Both store what was sent with the state "submitted", return the private
link's token (only its hash is kept) and, once committed, tell the editorial
team (KULTURSCHATZ_MODERATION_EMAILS). A shared treasure is all or nothing:
every photo passes the staff uploads' check and the smaller per-photo limit
before anything is written, and if writing fails no row and no file remains.
"""

import hashlib
import logging
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kulturschatz.collections.models import HeritageObject
from kulturschatz.iiif import imaging, uploads

from . import privacy
from .models import ContributionPhoto, Hint, SharedTreasure, new_token

logger = logging.getLogger(__name__)


def max_photo_bytes() -> int:
    return settings.KULTURSCHATZ_CONTRIBUTION_MAX_UPLOAD_BYTES


def check_photo(photo: UploadedFile) -> imaging.ImageFacts:
    """The staff uploads' check plus the contributions' smaller size limit."""
    name = photo.name or ""
    size = photo.size
    if size is not None and size > max_photo_bytes():
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)s MB (%(size)s MB)."),
            code="too_large",
            params={
                "name": name,
                "limit": uploads.megabytes(max_photo_bytes()),
                "size": uploads.megabytes(size),
            },
        )
    return uploads.check_image_file(photo, name=name, size=size)


def check_photos(photos: list[UploadedFile]) -> list[imaging.ImageFacts]:
    """Check every photo; one ValidationError naming each refused file."""
    facts, errors = [], []
    for photo in photos:
        try:
            facts.append(check_photo(photo))
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    return facts


def submit_treasure(
    *,
    title: str,
    story: str,
    contributor_name: str,
    licence: str,
    photos: list[UploadedFile],
    language: str,
    date_text: str = "",
    place_text: str = "",
    email: str = "",
    share_location: bool = False,
) -> tuple[SharedTreasure, str]:
    """Store a shared treasure with its photos; returns it and its private token.

    The caller has asked for the rights confirmation and the privacy consent.
    Unless ``share_location``, the photos' GPS position is removed before the
    file is stored; otherwise it is kept and read into latitude/longitude.
    Raises ValidationError (nothing stored) if a photo is refused.
    """
    if not photos:
        raise ValidationError(_("Please choose at least one photo."), code="required")
    facts = check_photos(photos)
    token, token_hash = new_token()
    now = timezone.now()
    storage = ContributionPhoto._meta.get_field("file").storage
    stored: list[str] = []
    try:
        with transaction.atomic():
            treasure = SharedTreasure.objects.create(
                title=title,
                story=story,
                date_text=date_text,
                place_text=place_text,
                contributor_name=contributor_name,
                email=email,
                licence=licence,
                share_location=share_location,
                language=language,
                token_hash=token_hash,
                submitted_at=now,
                privacy_consent_at=now,
                rights_confirmed_at=now,
            )
            for order, (upload, photo_facts) in enumerate(zip(photos, facts, strict=True)):
                stored.append(store_photo(treasure, upload, photo_facts, order=order))
    except BaseException:
        privacy.delete_files(storage, stored)  # the rows are rolled back: their files go too
        raise
    transaction.on_commit(lambda: notify_moderators(treasure))
    return treasure, token


def store_photo(
    treasure: SharedTreasure, upload: UploadedFile, facts: imaging.ImageFacts, *, order: int
) -> str:
    """Write one checked photo (GPS removed unless shared); returns the stored name."""
    upload.seek(0)
    data = upload.read()
    latitude = longitude = None
    if treasure.share_location:
        location = imaging.read_location(data)
        if location is not None:
            latitude, longitude = (Decimal(f"{value:.6f}") for value in location)
    else:
        try:
            data = imaging.strip_location(data)
        except imaging.ImageDecodeError:
            # Passed the content check, yet its metadata cannot be followed: the
            # position cannot be removed safely, so the photo is not taken.
            raise ValidationError(
                _(
                    "“%(name)s” could not be processed: the location stored in it "
                    "cannot be removed safely. Please save the photo again (for "
                    "example as a JPEG) and send it once more."
                ),
                code="unprocessable",
                params={"name": upload.name or ""},
            ) from None
    photo = ContributionPhoto(
        treasure=treasure,
        original_name=(upload.name or "")[:255],
        size=len(data),
        width=facts.width,
        height=facts.height,
        sha256=hashlib.sha256(data).hexdigest(),
        latitude=latitude,
        longitude=longitude,
        order=order,
    )
    photo.file.save(upload.name or "photo", ContentFile(data), save=False)
    try:
        photo.save()
    except BaseException:
        photo.file.storage.delete(photo.file.name)
        raise
    return photo.file.name


def submit_hint(
    heritage_object: HeritageObject,
    *,
    kind: str,
    text: str,
    language: str,
    contributor_name: str = "",
    email: str = "",
) -> tuple[Hint, str]:
    """Store a hint on a public object; returns it and its private token.

    The caller has asked for the privacy consent and fetched the object
    through ``published()``.
    """
    token, token_hash = new_token()
    now = timezone.now()
    hint = Hint.objects.create(
        heritage_object=heritage_object,
        kind=kind,
        text=text,
        contributor_name=contributor_name,
        email=email,
        language=language,
        token_hash=token_hash,
        submitted_at=now,
        privacy_consent_at=now,
    )
    transaction.on_commit(lambda: notify_moderators(hint))
    return hint, token


def notify_moderators(contribution: SharedTreasure | Hint) -> None:
    """Mail KULTURSCHATZ_MODERATION_EMAILS that something waits (title and link only)."""
    recipients = settings.KULTURSCHATZ_MODERATION_EMAILS
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        if isinstance(contribution, SharedTreasure):
            subject = gettext("New shared treasure: %(title)s") % {"title": contribution.title}
        else:
            subject = gettext("New hint on: %(title)s") % {
                "title": contribution.heritage_object.title
            }
        lines = [gettext("A new contribution waits for moderation."), ""]
        link = admin_link(contribution)
        if link:
            lines.append(link)
        body = "\n".join(lines) + "\n"
    # Titles come from the public: keep the subject on one line.
    subject = " ".join(subject.split())[:200]
    try:
        send_mail(subject, body, None, recipients, fail_silently=False)
    except Exception:
        logger.exception("could not tell the editorial team of a new contribution")


def admin_link(contribution: SharedTreasure | Hint) -> str:
    """The contribution's change page in the admin, as an absolute address."""
    meta = contribution._meta
    try:
        path = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[contribution.pk])
    except NoReverseMatch:  # not registered in the admin
        return ""
    return settings.KULTURSCHATZ_PUBLIC_URL + path
