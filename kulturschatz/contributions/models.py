"""Contributions from citizens: shared treasures and hints on catalogue objects.

Nothing here is public by itself. A contribution waits in the moderation queue
(state ``submitted``) until a member of Redaktion accepts it, which turns a
shared treasure into a catalogue object (kulturschatz.contributions.moderation)
or shows a hint on its object's page. What identifies a person (name, e-mail
address, the photos' files before acceptance) is erased on rejection and
withdrawal, and after KULTURSCHATZ_CONTRIBUTION_RETENTION_DAYS by
``purge_contributions`` (kulturschatz.contributions.privacy).

The contributor's private link carries a random token; only its SHA-256 is
stored (``token_hash``), so the database alone cannot withdraw anything.
"""

import hashlib
import secrets
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kulturschatz.collections.models import HeritageObject, Rights


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A private link's token and the hash that is stored of it."""
    token = secrets.token_urlsafe(24)
    return token, hash_token(token)


class State(models.TextChoices):
    SUBMITTED = "submitted", _("awaiting moderation")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn by the contributor")
    EXPIRED = "expired", _("expired without moderation")


class Licence(models.TextChoices):
    """The licences a contributor may choose (a subset of the catalogue's Rights)."""

    CC_BY = Rights.CC_BY.value, "CC BY 4.0"
    CC_BY_SA = Rights.CC_BY_SA.value, "CC BY-SA 4.0"
    CC0 = Rights.CC0.value, "CC0 1.0"


class ContributionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=State.SUBMITTED)

    def with_personal_data(self):
        return self.filter(personal_data_erased_at__isnull=True)


class HintQuerySet(ContributionQuerySet):
    def shown(self):
        """What the public sees on an object's page: accepted to be shown, oldest first."""
        return self.filter(state=State.ACCEPTED, outcome=Hint.Outcome.SHOWN).order_by(
            "submitted_at", "pk"
        )


class Contribution(models.Model):
    """What shared treasures and hints have in common: who, when, what became of it."""

    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.SUBMITTED, db_index=True
    )
    contributor_name = models.CharField(
        _("name or pseudonym"),
        max_length=120,
        blank=True,
        help_text=_("How the contributor wishes to be credited."),
    )
    email = models.EmailField(
        _("e-mail address"),
        blank=True,
        help_text=_("Only used to tell the contributor when the contribution is published."),
    )
    language = models.CharField(
        _("language of the submission"), max_length=8, default="de", editable=False
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    privacy_consent_at = models.DateTimeField(_("consent to the privacy notice"), null=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderator_note = models.TextField(
        _("internal note"),
        blank=True,
        help_text=_("Seen by the editorial team only, never by the contributor."),
    )
    notified_at = models.DateTimeField(_("contributor notified"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    personal_data_erased_at = models.DateTimeField(
        _("personal data erased"), null=True, blank=True
    )

    objects = ContributionQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-submitted_at"]

    @property
    def is_pending(self) -> bool:
        return self.state == State.SUBMITTED

    @property
    def credit(self) -> str:
        """The name shown publicly; a contribution without one is anonymous."""
        return self.contributor_name or str(_("anonymous"))


class SharedTreasure(Contribution):
    """A citizen's own treasure: photos with a title and its story."""

    title = models.CharField(_("title"), max_length=300)
    story = models.TextField(_("story"))
    date_text = models.CharField(
        _("date as the contributor knows it"), max_length=100, blank=True
    )
    place_text = models.CharField(_("place"), max_length=200, blank=True)
    licence = models.URLField(
        _("licence"), max_length=300, choices=Licence.choices, default=Licence.CC_BY
    )
    rights_confirmed_at = models.DateTimeField(_("rights confirmed at"), null=True)
    share_location = models.BooleanField(
        _("share the photos' location"),
        default=False,
        help_text=_("Without this the GPS position is removed from the photos on arrival."),
    )
    heritage_object = models.ForeignKey(
        HeritageObject,
        verbose_name=_("catalogue object"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shared_treasures",
    )

    class Meta(Contribution.Meta):
        verbose_name = _("shared treasure")
        verbose_name_plural = _("shared treasures")
        permissions = [("moderate_contribution", _("Can accept and reject contributions"))]

    def __str__(self) -> str:
        return self.title


def photo_upload_path(instance: "ContributionPhoto", filename: str) -> str:
    """contributions/<uuid>.<ext>: the uploaded name is kept in a field only."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"contributions/{instance.uuid.hex}{suffix}"


class ContributionPhoto(models.Model):
    """A photo of a shared treasure, kept outside the catalogue until accepted.

    The file lies in the default storage under contributions/, which no web
    server serves; staff see it through a downscaled, metadata-free rendering.
    """

    treasure = models.ForeignKey(
        SharedTreasure,
        verbose_name=_("shared treasure"),
        on_delete=models.CASCADE,
        related_name="photos",
    )
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(_("file"), upload_to=photo_upload_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    width = models.PositiveIntegerField(_("width (px)"), null=True)
    height = models.PositiveIntegerField(_("height (px)"), null=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.original_name or self.uuid.hex


class Hint(Contribution):
    """A correction or a memory about a catalogue object ("Hinweis geben")."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("correction")
        MEMORY = "memory", _("memory")
        ADDITION = "addition", _("additional information")

    class Outcome(models.TextChoices):
        SHOWN = "shown", _("shown on the object's page")
        MERGED = "merged", _("merged into the catalogue record")

    heritage_object = models.ForeignKey(
        HeritageObject,
        verbose_name=_("catalogue object"),
        on_delete=models.CASCADE,
        related_name="hints",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MEMORY)
    text = models.TextField(_("text"))
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, blank=True
    )

    objects = HintQuerySet.as_manager()

    class Meta(Contribution.Meta):
        verbose_name = _("hint")
        verbose_name_plural = _("hints")
        indexes = [models.Index(fields=["heritage_object", "state"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="") | Q(state=State.ACCEPTED),
                name="hint_outcome_only_when_accepted",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.heritage_object}"

    @property
    def is_shown(self) -> bool:
        return self.state == State.ACCEPTED and self.outcome == self.Outcome.SHOWN
