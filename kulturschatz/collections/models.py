"""The catalogue: heritage objects shaped after LIDO and mappable to Dublin Core.

See ``shared/standards/CROSSWALK.md`` for which LIDO element each field holds.
"""

import hashlib
import uuid
from datetime import timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import dating
from .authorities import identify_authority, normalize_authority_uri

YEAR_VALIDATORS = [MinValueValidator(-3_000_000), MaxValueValidator(2100)]


class Rights(models.TextChoices):
    """Rights statements aggregators accept (Europeana's list, DDB)."""

    CC0 = "http://creativecommons.org/publicdomain/zero/1.0/", "CC0 1.0"
    PDM = "http://creativecommons.org/publicdomain/mark/1.0/", _("Public Domain Mark 1.0")
    CC_BY = "http://creativecommons.org/licenses/by/4.0/", "CC BY 4.0"
    CC_BY_SA = "http://creativecommons.org/licenses/by-sa/4.0/", "CC BY-SA 4.0"
    CC_BY_NC = "http://creativecommons.org/licenses/by-nc/4.0/", "CC BY-NC 4.0"
    CC_BY_NC_SA = "http://creativecommons.org/licenses/by-nc-sa/4.0/", "CC BY-NC-SA 4.0"
    CC_BY_ND = "http://creativecommons.org/licenses/by-nd/4.0/", "CC BY-ND 4.0"
    CC_BY_NC_ND = "http://creativecommons.org/licenses/by-nc-nd/4.0/", "CC BY-NC-ND 4.0"
    RS_INC = "http://rightsstatements.org/vocab/InC/1.0/", _("In Copyright")
    RS_INC_EDU = (
        "http://rightsstatements.org/vocab/InC-EDU/1.0/",
        _("In Copyright – Educational Use Permitted"),
    )
    RS_INC_OW_EU = (
        "http://rightsstatements.org/vocab/InC-OW-EU/1.0/",
        _("In Copyright – EU Orphan Work"),
    )
    RS_NOC_NC = (
        "http://rightsstatements.org/vocab/NoC-NC/1.0/",
        _("No Copyright – Non-Commercial Use Only"),
    )
    RS_NOC_OKLR = (
        "http://rightsstatements.org/vocab/NoC-OKLR/1.0/",
        _("No Copyright – Other Known Legal Restrictions"),
    )
    RS_CNE = "http://rightsstatements.org/vocab/CNE/1.0/", _("Copyright Not Evaluated")
    RS_UND = "http://rightsstatements.org/vocab/UND/1.0/", _("Copyright Undetermined")


LANGUAGE_HELP = _("ISO 639 code, e.g. de, en, la, goh (Old High German).")


class WebAddressField(models.URLField):
    """A URL; a form entry without scheme gets https:// (Django 6's default)."""

    def formfield(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)


class LanguageField(models.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault("default", "de")
        kwargs.setdefault("verbose_name", _("language"))
        kwargs.setdefault("help_text", LANGUAGE_HELP)
        super().__init__(*args, **kwargs)


def pick_language(values: dict[str, str], fallback: str) -> tuple[str, str]:
    """The text in the active language if catalogued, else the fallback's.

    Returns (text, language code of that text).
    """
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if values.get(language):
        return values[language], language
    return values.get(fallback, ""), fallback


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


# ---------------------------------------------------------------------------
# Shared entities with authority URIs
# ---------------------------------------------------------------------------


class AuthorityURIBase(models.Model):
    """One authority URI (GND, AAT, GeoNames, …) of a shared entity.

    URIs are unique per entity type: the same GND record cannot describe two agents.
    That is what deduplicates imported data.
    """

    uri = WebAddressField(_("authority URI"), max_length=500, unique=True)

    class Meta:
        abstract = True
        ordering = ["uri"]

    def __str__(self) -> str:
        return self.uri

    def save(self, *args, **kwargs) -> None:
        self.uri = normalize_authority_uri(self.uri)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.uri = normalize_authority_uri(self.uri)

    @property
    def source_label(self) -> str:
        source = identify_authority(self.uri)
        return source.label if source else _("Link")


class AuthorityQuerySet(models.QuerySet):
    def with_uri(self, *uris: str) -> "AuthorityQuerySet":
        """Entities carrying any of the given authority URIs."""
        return self.filter(uris__uri__in=[normalize_authority_uri(u) for u in uris])


class Concept(TimestampedModel):
    """A controlled term: object type, material, subject, role, event type …"""

    class Kind(models.TextChoices):
        OBJECT_TYPE = "object_type", _("object type")
        CLASSIFICATION = "classification", _("classification")
        MATERIAL = "material", _("material")
        TECHNIQUE = "technique", _("technique")
        SUBJECT = "subject", _("subject")
        PERIOD = "period", _("period")
        ROLE = "role", _("role")
        EVENT_TYPE = "event_type", _("event type")
        RELATION_TYPE = "relation_type", _("relation type")
        METHOD = "method", _("method")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    slug = models.SlugField(
        _("key"),
        max_length=100,
        help_text=_("Stable key within its kind, e.g. 'production' for an event type."),
    )
    label = models.CharField(_("label (German)"), max_length=255)
    label_en = models.CharField(_("label (English)"), max_length=255, blank=True)
    broader = models.ForeignKey(
        "self",
        verbose_name=_("broader term"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="narrower",
    )
    scope_note = models.TextField(_("scope note"), blank=True)

    objects = AuthorityQuerySet.as_manager()

    class Meta:
        verbose_name = _("concept")
        verbose_name_plural = _("concepts")
        ordering = ["kind", "label"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "slug"], name="concept_unique_slug"),
        ]
        indexes = [models.Index(fields=["kind", "label"])]

    def __str__(self) -> str:
        return self.label

    @property
    def display_label(self) -> str:
        return pick_language({"de": self.label, "en": self.label_en}, "de")[0]


class ConceptURI(AuthorityURIBase):
    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="uris")

    class Meta(AuthorityURIBase.Meta):
        verbose_name = _("authority URI")
        verbose_name_plural = _("authority URIs")


class Place(TimestampedModel):
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    description = models.TextField(_("description"), blank=True)

    objects = AuthorityQuerySet.as_manager()

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="place_coordinates_complete",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("collections:place-detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        return pick_language({"de": self.name, "en": self.name_en}, "de")[0]


class PlaceURI(AuthorityURIBase):
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="uris")

    class Meta(AuthorityURIBase.Meta):
        verbose_name = _("authority URI")
        verbose_name_plural = _("authority URIs")


class Agent(TimestampedModel):
    """A person or an organisation acting in events or depicted as a subject."""

    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        ORGANISATION = "organisation", _("organisation")
        FAMILY = "family", _("family")

    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.PERSON
    )
    name = models.CharField(_("name"), max_length=255)
    dates = models.CharField(
        _("life dates"),
        max_length=100,
        blank=True,
        help_text=_("As catalogued, e.g. '975–1018' or 'gegr. 1916'."),
    )
    birth_year = models.IntegerField(
        _("year of birth / founding"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    death_year = models.IntegerField(
        _("year of death / dissolution"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
    )
    description = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    objects = AuthorityQuerySet.as_manager()

    class Meta:
        verbose_name = _("agent")
        verbose_name_plural = _("agents")
        ordering = ["name"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.dates})" if self.dates else self.name

    def get_absolute_url(self) -> str:
        return reverse("collections:agent-detail", args=[self.pk])

    def clean(self) -> None:
        if (
            self.birth_year is not None
            and self.death_year is not None
            and self.birth_year > self.death_year
        ):
            raise ValidationError(
                {"death_year": _("The year of death lies before the year of birth.")}
            )

    @property
    def display_description(self) -> str:
        return pick_language(
            {"de": self.description, "en": self.description_en}, "de"
        )[0]


class AgentURI(AuthorityURIBase):
    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="uris")

    class Meta(AuthorityURIBase.Meta):
        verbose_name = _("authority URI")
        verbose_name_plural = _("authority URIs")


# ---------------------------------------------------------------------------
# Holding institutions and their collections
# ---------------------------------------------------------------------------


class Institution(TimestampedModel):
    name = models.CharField(_("name"), max_length=255, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    slug = models.SlugField(_("URL key"), max_length=100, unique=True)
    isil = models.CharField(
        "ISIL",
        max_length=40,
        blank=True,
        help_text=_("International Standard Identifier for Libraries, e.g. DE-MUS-123456."),
    )
    website = WebAddressField(_("web address"), blank=True)
    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.SET_NULL, null=True, blank=True
    )
    description = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["isil"], condition=~Q(isil=""), name="institution_unique_isil"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("collections:institution-detail", args=[self.slug])

    @property
    def display_name(self) -> str:
        return pick_language({"de": self.name, "en": self.name_en}, "de")[0]

    @property
    def display_description(self) -> str:
        return pick_language(
            {"de": self.description, "en": self.description_en}, "de"
        )[0]


class Collection(TimestampedModel):
    """A Sammlung: a hierarchical grouping of objects within one institution."""

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="collections",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent collection"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    slug = models.SlugField(_("URL key"), max_length=100, unique=True)
    description = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return " › ".join(c.name for c in self.ancestors(include_self=True))

    def get_absolute_url(self) -> str:
        return reverse("collections:collection-detail", args=[self.slug])

    def clean(self) -> None:
        if self.parent_id is None:
            return
        if self.parent.institution_id != self.institution_id:
            raise ValidationError(
                {"parent": _("The parent collection belongs to another institution.")}
            )
        ancestor: Collection | None = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError(
                    {"parent": _("A collection cannot lie inside itself.")}
                )
            ancestor = ancestor.parent

    def ancestors(self, *, include_self: bool = False) -> list["Collection"]:
        """The chain from the top-level collection down to this one."""
        chain = [self] if include_self else []
        node = self.parent
        seen = {self.pk}
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def descendant_ids(self) -> set[int]:
        """Primary keys of this collection and everything below it."""
        ids = {self.pk}
        frontier = {self.pk}
        while frontier:
            frontier = set(
                Collection.objects.filter(parent_id__in=frontier).values_list(
                    "pk", flat=True
                )
            ) - ids
            ids |= frontier
        return ids

    @property
    def display_name(self) -> str:
        return pick_language({"de": self.name, "en": self.name_en}, "de")[0]

    @property
    def display_description(self) -> str:
        return pick_language(
            {"de": self.description, "en": self.description_en}, "de"
        )[0]


# ---------------------------------------------------------------------------
# Heritage objects
# ---------------------------------------------------------------------------


# How many levels of parent places (Place.parent) with_full_record() fetches for
# the places of events and subjects; LIDO writes them as nested partOfPlace.
PLACE_ANCESTOR_LEVELS = 5


def place_lookups(prefix: str) -> list[str]:
    """Prefetch lookups for places under ``prefix``: their URIs and their parents'."""
    return [
        f"{prefix}{'__parent' * level}__uris" for level in range(PLACE_ANCESTOR_LEVELS + 1)
    ]


class HeritageObjectQuerySet(models.QuerySet):
    def published(self) -> "HeritageObjectQuerySet":
        """Objects the public may see: published, and any embargo has passed.

        This is the one definition of public visibility; every public path
        (pages, IIIF, search, OAI-PMH, exports, sitemaps) starts from it.
        """
        return self.filter(status=HeritageObject.Status.PUBLISHED).exclude(
            embargo_until__gt=timezone.localdate()
        )

    def visible_to(self, user) -> "HeritageObjectQuerySet":
        """What a user may open: staff with view rights see drafts (preview)."""
        if user.is_authenticated and user.is_staff and user.has_perm(
            "collections.view_heritageobject"
        ):
            return self.all()
        return self.published()

    # Written as two key subqueries rather than one OR over joins: each side
    # uses its own index (10-35 ms instead of 130-800 ms at 100,000 objects),
    # and no object comes twice.
    def referring_to_agent(self, agent) -> "HeritageObjectQuerySet":
        """Objects a person or body took part in (made, owned …) or shows."""
        return self.filter(
            Q(pk__in=Event.objects.filter(actors__agent=agent).values("heritage_object_id"))
            | Q(
                pk__in=HeritageObject.subject_agents.through.objects.filter(
                    agent=agent
                ).values("heritageobject_id")
            )
        )

    def referring_to_place(self, place) -> "HeritageObjectQuerySet":
        """Objects an event happened at, or that show the place."""
        return self.filter(
            Q(pk__in=Event.objects.filter(places=place).values("heritage_object_id"))
            | Q(
                pk__in=HeritageObject.subject_places.through.objects.filter(
                    place=place
                ).values("heritageobject_id")
            )
        )

    def with_full_record(self) -> "HeritageObjectQuerySet":
        """Everything an object page, a LIDO record or a manifest shows, with the
        authority URIs, in a fixed number of queries whatever the object holds."""
        return self.select_related(
            "institution", "collection__parent", "object_type"
        ).prefetch_related(
            "titles",
            "descriptions",
            "inscriptions",
            "measurements",
            "images",
            "linked_resources",
            "object_type__uris",
            "classifications__uris",
            "subject_concepts__uris",
            "subject_agents__uris",
            *place_lookups("subject_places"),
            models.Prefetch(
                "events",
                queryset=Event.objects.select_related("event_type", "method").prefetch_related(
                    "event_type__uris",
                    "method__uris",
                    *place_lookups("places"),
                    "materials__uris",
                    "techniques__uris",
                    models.Prefetch(
                        "actors",
                        queryset=EventActor.objects.select_related(
                            "agent", "role"
                        ).prefetch_related("agent__uris", "role__uris"),
                    ),
                ),
            ),
            models.Prefetch(
                "relations",
                queryset=ObjectRelation.objects.select_related(
                    "relation_type", "target"
                ).prefetch_related("relation_type__uris"),
            ),
        )

    def with_display_data(self) -> "HeritageObjectQuerySet":
        """Prefetch what cards and lists show, in a fixed number of queries."""
        return self.select_related(
            "institution", "collection", "object_type"
        ).prefetch_related("titles", "images")


class HeritageObject(TimestampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        REVIEW = "review", _("in review")
        PUBLISHED = "published", _("published")
        WITHDRAWN = "withdrawn", _("withdrawn")

    identifier = models.SlugField(
        _("identifier"),
        max_length=100,
        unique=True,
        help_text=_(
            "Permanent public identifier used in web addresses and IIIF; "
            "do not change once published."
        ),
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="heritage_objects",
    )
    collection = models.ForeignKey(
        Collection,
        verbose_name=_("collection"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="heritage_objects",
    )
    inventory_number = models.CharField(_("inventory number"), max_length=100)
    object_type = models.ForeignKey(
        Concept,
        verbose_name=_("object type"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Concept.Kind.OBJECT_TYPE},
    )
    classifications = models.ManyToManyField(
        Concept,
        verbose_name=_("classifications"),
        blank=True,
        related_name="classified_objects",
        limit_choices_to={"kind": Concept.Kind.CLASSIFICATION},
    )
    title = models.CharField(
        _("title"),
        max_length=500,
        help_text=_("Preferred title in the language of the catalogue."),
    )
    title_lang = LanguageField(verbose_name=_("language of the title"))
    dimensions_display = models.CharField(
        _("dimensions (display)"),
        max_length=500,
        blank=True,
        help_text=_("As people read them, e.g. '84,5 × 112 cm'."),
    )
    provenance = models.TextField(_("provenance"), blank=True)
    credit_line = models.CharField(_("credit line"), max_length=500, blank=True)
    rights = models.URLField(
        _("rights of the object"),
        max_length=300,
        choices=Rights.choices,
        default=Rights.RS_UND,
    )
    rights_holder = models.CharField(_("rights holder"), max_length=255, blank=True)
    metadata_rights = models.URLField(
        _("rights of the metadata"),
        max_length=300,
        choices=Rights.choices,
        default=Rights.CC0,
    )
    subject_concepts = models.ManyToManyField(
        Concept,
        verbose_name=_("subjects: concepts and periods"),
        blank=True,
        related_name="subject_of",
        limit_choices_to={"kind__in": [Concept.Kind.SUBJECT, Concept.Kind.PERIOD]},
    )
    subject_agents = models.ManyToManyField(
        Agent, verbose_name=_("subjects: persons"), blank=True, related_name="subject_of"
    )
    subject_places = models.ManyToManyField(
        Place, verbose_name=_("subjects: places"), blank=True, related_name="subject_of"
    )
    # Derived from the production event (see services.refresh_dating) so that
    # lists sort and filter by date without joining events.
    dating_display = models.CharField(_("dating"), max_length=255, blank=True)
    earliest_year = models.IntegerField(_("earliest year"), null=True, blank=True)
    latest_year = models.IntegerField(_("latest year"), null=True, blank=True)

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    featured = models.BooleanField(
        _("featured on the home page"),
        default=False,
        help_text=_("Published objects marked here are shown on the home page."),
    )
    embargo_until = models.DateField(
        _("embargo until"),
        null=True,
        blank=True,
        help_text=_("A published object stays hidden until this date."),
    )
    lido_rec_id = models.CharField(
        _("LIDO record ID"),
        max_length=255,
        null=True,
        blank=True,
        unique=True,
        help_text=_("lidoRecID of imported records; re-imports update this object."),
    )
    # What the source of an imported record said about it (LIDO recordWrap,
    # objectPublishedID); exports carry these on so aggregators keep their keys.
    published_id = models.CharField(
        _("persistent identifier at the source"),
        max_length=500,
        blank=True,
        help_text=_("objectPublishedID of an imported record, e.g. a DOI or URI."),
    )
    source_record_id = models.CharField(
        _("record number at the source"), max_length=255, blank=True
    )
    source_record_url = models.CharField(
        _("record page at the source"),
        max_length=1000,
        blank=True,
        help_text=_("recordInfoLink of an imported record."),
    )
    # Digest of the imported record as mapped: an unchanged source skips the
    # write on re-import, and leaves staff edits alone.
    import_checksum = models.CharField(max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    # Who made the last change to the catalogue data (not to status, embargo or
    # featuring) or submitted the object for review: under the four-eyes
    # principle (services.check_four_eyes) that person may not publish it.
    last_editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited or submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = HeritageObjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("heritage object")
        verbose_name_plural = _("heritage objects")
        ordering = ["title"]
        permissions = [("publish_heritageobject", _("Can publish and withdraw objects"))]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "inventory_number"],
                name="object_unique_inventory_number",
                violation_error_message=_(
                    "This institution already has an object with this inventory number."
                ),
            ),
            models.CheckConstraint(
                condition=Q(earliest_year__isnull=True)
                | Q(latest_year__isnull=True)
                | Q(earliest_year__lte=models.F("latest_year")),
                name="object_dating_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "updated_at"]),
            models.Index(fields=["earliest_year", "latest_year"]),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.inventory_number})"

    def get_absolute_url(self) -> str:
        return reverse("collections:object-detail", args=[self.identifier])

    def clean(self) -> None:
        if (
            self.collection_id
            and self.institution_id
            and self.collection.institution_id != self.institution_id
        ):
            raise ValidationError(
                {"collection": _("This collection belongs to another institution.")}
            )

    def note_first_publication(self) -> bool:
        """Set ``published_at`` if the object is public now and never was before.

        ``published_at`` means "was public once", which OAI-PMH reports as a
        deleted record when the object is hidden again; an object published
        under an embargo that lies ahead is not public yet (release_embargoes
        sets it when the day has come).
        """
        if self.published_at is None and self.is_public:
            self.published_at = timezone.now()
            return True
        return False

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and not (
            self.embargo_until and self.embargo_until > timezone.localdate()
        )

    def title_map(self) -> dict[str, str]:
        """Preferred titles by language, the catalogue title first."""
        titles = {self.title_lang: self.title}
        for entry in self.titles.all():
            if entry.pref == ObjectTitle.Pref.PREFERRED:
                titles.setdefault(entry.lang, entry.text)
        return titles

    def display_title(self) -> tuple[str, str]:
        """(title, language) in the active language where catalogued."""
        return pick_language(self.title_map(), self.title_lang)

    def primary_image(self) -> "ObjectImage | None":
        images = list(self.images.all())  # prefetched by with_display_data()
        for image in images:
            if image.is_primary:
                return image
        return images[0] if images else None


class ObjectTitle(models.Model):
    """A further title: a translation or an alternative title (LIDO titleSet)."""

    class Pref(models.TextChoices):
        PREFERRED = "preferred", _("preferred")
        ALTERNATIVE = "alternative", _("alternative")

    heritage_object = models.ForeignKey(
        HeritageObject, on_delete=models.CASCADE, related_name="titles"
    )
    text = models.CharField(_("title"), max_length=500)
    lang = LanguageField()
    pref = models.CharField(
        _("type"), max_length=20, choices=Pref.choices, default=Pref.ALTERNATIVE
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("title")
        verbose_name_plural = _("further titles")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class ObjectDescription(models.Model):
    heritage_object = models.ForeignKey(
        HeritageObject, on_delete=models.CASCADE, related_name="descriptions"
    )
    text = models.TextField(_("description"))
    lang = LanguageField()
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("description")
        verbose_name_plural = _("descriptions")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Inscription(models.Model):
    """Text on the object: the transcription verbatim, the description of where/how."""

    heritage_object = models.ForeignKey(
        HeritageObject, on_delete=models.CASCADE, related_name="inscriptions"
    )
    kind = models.CharField(
        _("type"),
        max_length=100,
        blank=True,
        help_text=_("e.g. Umschrift, Signatur, front, back"),
    )
    transcription = models.TextField(_("transcription"), blank=True)
    description = models.TextField(_("description"), blank=True)
    lang = LanguageField(help_text=_("Language of the transcription."))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return (self.transcription or self.description)[:80]

    def clean(self) -> None:
        if not (self.transcription.strip() or self.description.strip()):
            raise ValidationError(_("Give a transcription or a description."))


class Measurement(models.Model):
    """One measured dimension (LIDO measurementsSet: type, unit and value)."""

    heritage_object = models.ForeignKey(
        HeritageObject, on_delete=models.CASCADE, related_name="measurements"
    )
    dimension = models.CharField(
        _("type"), max_length=100, help_text=_("e.g. Höhe, Breite, Durchmesser, Gewicht")
    )
    value = models.DecimalField(
        _("value"),
        max_digits=14,
        decimal_places=4,
        validators=[MinValueValidator(0)],
    )
    unit = models.CharField(_("unit"), max_length=20, help_text=_("e.g. cm, mm, g, kg"))
    extent = models.CharField(
        _("part measured"), max_length=255, blank=True, help_text=_("e.g. Sockel, Blatt")
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        value = f"{self.value.normalize():f}".replace(".", ",")
        text = f"{self.dimension}: {value} {self.unit}"
        return f"{text} ({self.extent})" if self.extent else text


class Event(models.Model):
    """Something that happened to the object: production, finding, acquisition …"""

    heritage_object = models.ForeignKey(
        HeritageObject, on_delete=models.CASCADE, related_name="events"
    )
    event_type = models.ForeignKey(
        Concept,
        verbose_name=_("event type"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Concept.Kind.EVENT_TYPE},
    )
    display_date = models.CharField(
        _("date"),
        max_length=255,
        blank=True,
        help_text=_("As catalogued, e.g. 'um 1080', '2. Hälfte 15. Jh.', '1853–1855'."),
    )
    earliest_year = models.IntegerField(
        _("earliest year"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("Filled in from the date if left empty; negative for BCE."),
    )
    latest_year = models.IntegerField(
        _("latest year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    places = models.ManyToManyField(
        Place, verbose_name=_("places"), blank=True, related_name="events"
    )
    materials = models.ManyToManyField(
        Concept,
        verbose_name=_("materials"),
        blank=True,
        related_name="material_events",
        limit_choices_to={"kind": Concept.Kind.MATERIAL},
    )
    techniques = models.ManyToManyField(
        Concept,
        verbose_name=_("techniques"),
        blank=True,
        related_name="technique_events",
        limit_choices_to={"kind": Concept.Kind.TECHNIQUE},
    )
    method = models.ForeignKey(
        Concept,
        verbose_name=_("method"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Concept.Kind.METHOD},
        help_text=_("For acquisitions: purchase, gift, bequest …"),
    )
    materials_display = models.CharField(
        _("materials and techniques (display)"),
        max_length=500,
        blank=True,
        help_text=_("As people read it, e.g. 'Tinte auf Pergament'."),
    )
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    # Event types whose date and actors say when and by whom the object was made
    # (LIDO terminology: production, creation, designing).
    PRODUCTION_SLUGS = frozenset({"production", "creation", "designing", "construction"})

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(earliest_year__isnull=True)
                | Q(latest_year__isnull=True)
                | Q(earliest_year__lte=models.F("latest_year")),
                name="event_dating_ordered",
            ),
        ]

    def __str__(self) -> str:
        return " ".join(filter(None, [str(self.event_type), self.display_date]))

    def save(self, *args, **kwargs) -> None:
        # Deriving the year range from the catalogued date touches only this row.
        if self.display_date and self.earliest_year is None and self.latest_year is None:
            self.fill_years_from_date()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        years = (self.earliest_year, self.latest_year)
        if None not in years and years[0] > years[1]:
            raise ValidationError(
                {"latest_year": _("The latest year lies before the earliest year.")}
            )
        if self.display_date and years == (None, None):
            self.fill_years_from_date()

    def fill_years_from_date(self) -> None:
        parsed = dating.parse_date(self.display_date)
        if parsed is not None:
            self.earliest_year, self.latest_year = parsed.earliest, parsed.latest

    @property
    def is_production(self) -> bool:
        return self.event_type.slug in self.PRODUCTION_SLUGS


class EventActor(models.Model):
    """An agent acting in an event in a role (LIDO actorInRole)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="actors")
    agent = models.ForeignKey(
        Agent, verbose_name=_("agent"), on_delete=models.PROTECT, related_name="roles"
    )
    role = models.ForeignKey(
        Concept,
        verbose_name=_("role"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Concept.Kind.ROLE},
    )
    attribution = models.CharField(
        _("attribution"),
        max_length=100,
        blank=True,
        help_text=_("e.g. zugeschrieben, Werkstatt des, Umkreis von"),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        parts = [self.attribution, self.agent.name]
        text = " ".join(p for p in parts if p)
        return f"{text} ({self.role})" if self.role_id else text


class ObjectRelation(models.Model):
    """A link to a related object, in the catalogue or elsewhere (LIDO relatedWorkSet)."""

    heritage_object = models.ForeignKey(
        HeritageObject, on_delete=models.CASCADE, related_name="relations"
    )
    relation_type = models.ForeignKey(
        Concept,
        verbose_name=_("relation type"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Concept.Kind.RELATION_TYPE},
    )
    target = models.ForeignKey(
        HeritageObject,
        verbose_name=_("related object"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="inverse_relations",
    )
    target_label = models.CharField(
        _("related work (outside the catalogue)"), max_length=500, blank=True
    )
    target_uri = WebAddressField(_("web address of the related work"), blank=True)

    class Meta:
        verbose_name = _("related object")
        verbose_name_plural = _("related objects")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target__isnull=False) | ~Q(target_label=""),
                name="relation_has_target",
                violation_error_message=_(
                    "Choose a related object or name the related work."
                ),
            ),
        ]

    def __str__(self) -> str:
        target = self.target.title if self.target_id else self.target_label
        return f"{self.relation_type}: {target}"

    def clean(self) -> None:
        if self.target_id and self.target_id == self.heritage_object_id:
            raise ValidationError({"target": _("An object cannot relate to itself.")})


class LinkedResource(models.Model):
    """A media file kept elsewhere (a LIDO resourceSet pointing to a remote URL).

    The importer records these without fetching them unless asked to; exports
    carry them on, and object pages link to them.
    """

    heritage_object = models.ForeignKey(
        HeritageObject, on_delete=models.CASCADE, related_name="linked_resources"
    )
    url = WebAddressField(_("web address"), max_length=1000)
    media_type = models.CharField(
        _("media type"), max_length=100, blank=True, help_text=_("e.g. image/jpeg")
    )
    resource_type = models.CharField(
        _("type"), max_length=100, blank=True, help_text=_("e.g. Bild, image, Foto")
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    creator = models.CharField(_("photographer / creator"), max_length=255, blank=True)
    rights = WebAddressField(_("rights of the file"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("linked media file")
        verbose_name_plural = _("linked media files")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.caption or self.url


def master_upload_path(instance: "ObjectImage", filename: str) -> str:
    """masters/<object identifier>/<image uuid>.<ext>; the uploaded name is not kept.

    A module-level function so that migrations can reference it.
    """
    suffix = PurePosixPath(filename).suffix.lower() or ".bin"
    return f"masters/{instance.heritage_object.identifier}/{instance.uuid.hex}{suffix}"


class ObjectImage(TimestampedModel):
    """A digitised image of an object: the master file and its catalogue data.

    Masters are never served as they are: the IIIF views read them, check that
    the object is public, and send derivatives.
    """

    heritage_object = models.ForeignKey(
        HeritageObject, on_delete=models.CASCADE, related_name="images"
    )
    uuid = models.UUIDField(_("image identifier"), default=uuid.uuid4, unique=True, editable=False)
    class DerivativeState(models.TextChoices):
        PENDING = "pending", _("waiting")
        BUILDING = "building", _("in progress")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    master = models.ImageField(
        _("master file"), upload_to=master_upload_path, max_length=300
    )
    width = models.PositiveIntegerField(_("width (px)"), null=True, editable=False)
    height = models.PositiveIntegerField(_("height (px)"), null=True, editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True, editable=False)
    order = models.PositiveIntegerField(_("order"), default=0)
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    caption_en = models.CharField(_("caption (English)"), max_length=500, blank=True)
    creator = models.CharField(_("photographer / creator"), max_length=255, blank=True)
    rights = models.URLField(
        _("rights of the image"),
        max_length=300,
        choices=Rights.choices,
        default=Rights.CC_BY,
    )
    is_primary = models.BooleanField(_("primary image"), default=False)
    source_url = models.CharField(
        _("imported from"),
        max_length=1000,
        blank=True,
        editable=False,
        help_text=_("The LIDO linkResource this file was ingested from."),
    )
    # The tile pyramid and thumbnails the IIIF views serve (kulturschatz.iiif).
    derivatives_state = models.CharField(
        _("derivatives"),
        max_length=20,
        choices=DerivativeState.choices,
        default=DerivativeState.PENDING,
        editable=False,
    )
    derivatives_progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, editable=False
    )
    derivatives_key = models.CharField(max_length=64, blank=True, editable=False)
    derivatives_message = models.CharField(
        _("message"), max_length=500, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["-is_primary", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["heritage_object"],
                condition=Q(is_primary=True),
                name="image_one_primary_per_object",
                violation_error_message=_("An object has only one primary image."),
            ),
        ]

    def __str__(self) -> str:
        return self.caption or f"{self.heritage_object.identifier} #{self.order}"

    def save(self, *args, **kwargs) -> None:
        # Checksum and displayed size belong to the file: read them whenever a
        # new file is assigned (an uncommitted upload).
        if self.master and (
            not self.sha256
            or not self.master._committed
            or self.width is None
            or self.master_changed()
        ):
            self.derivatives_state = self.DerivativeState.PENDING
            self.derivatives_progress = 0
            from kulturschatz.iiif.imaging import probe

            self.sha256 = compute_sha256(self.master)
            self.master.open("rb")
            try:
                self.master.seek(0)
                self.width, self.height = probe(self.master)
                self.master.seek(0)
            finally:
                if self.master._committed:
                    self.master.close()
        super().save(*args, **kwargs)

    def master_changed(self) -> bool:
        """A different file than the one stored (FieldFile.save commits at once)."""
        if self.pk is None:
            return True
        stored = (
            ObjectImage.objects.filter(pk=self.pk).values_list("master", flat=True).first()
        )
        return stored != self.master.name

    @staticmethod
    def max_pixels() -> int:
        return settings.KULTURSCHATZ_MAX_IMAGE_PIXELS

    @property
    def iiif_identifier(self) -> str:
        return self.uuid.hex

    @property
    def derivatives_ready(self) -> bool:
        """The tile pyramid of the current master file is complete."""
        return (
            self.derivatives_state == self.DerivativeState.READY
            and self.derivatives_key == self.sha256[:16]
        )

    @property
    def display_caption(self) -> str:
        return pick_language({"de": self.caption, "en": self.caption_en}, "de")[0]


def compute_sha256(field_file) -> str:
    digest = hashlib.sha256()
    field_file.open("rb")
    try:
        field_file.seek(0)
        for chunk in iter(lambda: field_file.read(1 << 20), b""):
            digest.update(chunk)
        field_file.seek(0)
    finally:
        # An uploaded file stays open for the storage to save it.
        if field_file._committed:
            field_file.close()
    return digest.hexdigest()


class TrashedObject(models.Model):
    """A deleted object, restorable from its last version until it is purged.

    The object's rows are gone (so no public path can show it); what it held is
    kept in the history (django-reversion), in ``revision``. The identifier is
    copied here so that the trash lists and finds it without reading versions.
    """

    object_id = models.BigIntegerField(_("former object number"), unique=True)
    identifier = models.SlugField(_("identifier"), max_length=100)
    title = models.CharField(_("title"), max_length=500)
    inventory_number = models.CharField(_("inventory number"), max_length=100)
    institution_name = models.CharField(_("institution"), max_length=255)
    status = models.CharField(
        _("status when deleted"), max_length=20, choices=HeritageObject.Status.choices
    )
    deleted_at = models.DateTimeField(_("deleted at"), db_index=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deleted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revision = models.ForeignKey(
        "reversion.Revision",
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("deleted object")
        verbose_name_plural = _("trash")
        ordering = ["-deleted_at"]
        permissions = [("restore_trashedobject", _("Can restore deleted objects"))]

    def __str__(self) -> str:
        return f"{self.title} ({self.inventory_number})"

    @property
    def purge_after(self):
        """When ``purge_trash`` removes it for good."""
        return self.deleted_at + timedelta(days=settings.KULTURSCHATZ_TRASH_DAYS)


class ChangeProposal(models.Model):
    """A change to a published object's data that waits for a second person.

    Under the four-eyes principle an edit of a published object by someone it
    binds is not written live: its state is kept as a version (``revision``,
    django-reversion) and the object stays as the public sees it until a
    member of Redaktion other than the proposer approves it. The row stays
    after the decision, so the history can show what was proposed and what
    became of it.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("awaiting approval")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        SUPERSEDED = "superseded", _("superseded by a newer proposal")

    heritage_object = models.ForeignKey(
        HeritageObject,
        verbose_name=_("heritage object"),
        on_delete=models.CASCADE,
        related_name="change_proposals",
    )
    revision = models.OneToOneField(
        "reversion.Revision",
        verbose_name=_("proposed version"),
        on_delete=models.CASCADE,
        related_name="change_proposal",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PENDING
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason for rejection"), blank=True)

    class Meta:
        verbose_name = _("change proposal")
        verbose_name_plural = _("change proposals")
        ordering = ["-proposed_at"]
        constraints = [
            # A newer proposal supersedes the older one: one pending at a time.
            models.UniqueConstraint(
                fields=["heritage_object"],
                condition=Q(state="pending"),
                name="one_pending_proposal_per_object",
            )
        ]

    def __str__(self) -> str:
        return f"{self.heritage_object} ({self.get_state_display()})"
