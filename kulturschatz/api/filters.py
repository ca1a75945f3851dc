"""Query parameters of the object list (django-filter), each refused with a reason."""

from datetime import UTC, datetime

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from kulturschatz.collections.models import (
    Collection,
    Concept,
    HeritageObject,
    Institution,
    ObjectImage,
)

from .errors import ParameterError
from .querysets import public_agents, public_places, published_objects

YEAR_LIMIT = 100_000
ORDERINGS = {
    "title": ["title", "pk"],
    "-title": ["-title", "-pk"],
    "date": [F("earliest_year").asc(nulls_last=True), "title", "pk"],
    "-date": [F("latest_year").desc(nulls_last=True), "title", "pk"],
    "modified": ["updated_at", "pk"],
    "-modified": ["-updated_at", "-pk"],
    "identifier": ["identifier"],
    "-identifier": ["-identifier"],
}
DEFAULT_ORDERING = "title"
KEY_PATTERN = r"^[-a-zA-Z0-9_]+$"


def described(schema: dict, description: str) -> dict:
    """A parameter's schema with its description: drf-spectacular takes the
    description from an explicit schema, not from the filter's help_text."""
    return {**schema, "description": description}


KEY = {"type": "string", "pattern": KEY_PATTERN}
YEAR = {"type": "integer", "minimum": -YEAR_LIMIT, "maximum": YEAR_LIMIT}
ID = {"type": "integer", "minimum": 1}


def choice_error(message: str) -> dict[str, str]:
    return {"invalid_choice": message, "invalid_pk_value": message}


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("min_value", -YEAR_LIMIT)
        kwargs.setdefault("max_value", YEAR_LIMIT)
        super().__init__(**kwargs)


class ObjectFilter(django_filters.FilterSet):
    collection = extend_schema_field(
        described(
            {**KEY, "examples": ["handschriften"]},
            "Key (slug) of a collection: its objects and those of its sub-collections.",
        )
    )(
        django_filters.ModelChoiceFilter(
            queryset=Collection.objects.all(),
            to_field_name="slug",
            method="filter_collection",
            error_messages=choice_error(_("There is no collection with this key.")),
        )
    )
    institution = extend_schema_field(
        described(
            {**KEY, "examples": ["domstiftsbibliothek-merseburg"]},
            "Key (slug) of the holding institution.",
        )
    )(
        django_filters.ModelChoiceFilter(
            queryset=Institution.objects.all(),
            to_field_name="slug",
            error_messages=choice_error(_("There is no institution with this key.")),
        )
    )
    type = extend_schema_field(
        described(
            {**KEY, "examples": ["handschrift"]},
            "Key of an object type, as in `object_type.slug`.",
        )
    )(
        django_filters.ModelChoiceFilter(
            field_name="object_type",
            queryset=Concept.objects.filter(kind=Concept.Kind.OBJECT_TYPE),
            to_field_name="slug",
            error_messages=choice_error(_("There is no object type with this key.")),
        )
    )
    agent = extend_schema_field(
        described(ID, "Id of a person or body: objects it took part in or shows.")
    )(
        django_filters.ModelChoiceFilter(
            queryset=lambda request: public_agents(),
            method="filter_agent",
            error_messages=choice_error(_("There is no person with this id.")),
        )
    )
    place = extend_schema_field(
        described(ID, "Id of a place: objects an event happened at, or that show it.")
    )(
        django_filters.ModelChoiceFilter(
            queryset=lambda request: public_places(),
            method="filter_place",
            error_messages=choice_error(_("There is no place with this id.")),
        )
    )
    date_from = extend_schema_field(
        described(YEAR, "Year (negative for BCE): objects dated in it or later.")
    )(YearFilter(field_name="latest_year", lookup_expr="gte"))
    date_to = extend_schema_field(
        described(YEAR, "Year (negative for BCE): objects dated in it or earlier.")
    )(YearFilter(field_name="earliest_year", lookup_expr="lte"))
    modified_since = extend_schema_field(
        described(
            {"type": "string", "format": "date-time"},
            "ISO 8601 date and time: objects changed at or after it "
            "(`updated_at >=`); without an offset it is read as Europe/Berlin time.",
        )
    )(django_filters.IsoDateTimeFilter(method="filter_modified_since"))
    has_images = extend_schema_field(
        described(
            {"type": "string", "enum": ["true", "false"]},
            "`true`: only objects with images; `false`: only objects without.",
        )
    )(
        django_filters.ChoiceFilter(
            choices=[("true", "true"), ("false", "false")],
            method="filter_has_images",
            error_messages=choice_error(_("Please give true or false.")),
        )
    )
    ordering = extend_schema_field(
        described(
            {"type": "string", "enum": list(ORDERINGS), "default": DEFAULT_ORDERING},
            "Sort order: `date` oldest first, `-date` newest first, `modified` by "
            "the time of the last change; ties fall back to the title.",
        )
    )(
        django_filters.ChoiceFilter(
            choices=[(key, key) for key in ORDERINGS],
            method="filter_ordering",
            error_messages=choice_error(_("Unknown sort order.")),
        )
    )

    class Meta:
        model = HeritageObject
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("ordering"):
            queryset = queryset.order_by(*ORDERINGS[DEFAULT_ORDERING])
        return queryset

    def filter_collection(
        self, queryset: QuerySet, name: str, value: Collection
    ) -> QuerySet:
        return queryset.filter(collection_id__in=value.descendant_ids())

    def filter_agent(self, queryset: QuerySet, name: str, value: object) -> QuerySet:
        # A subquery rather than a join: an object naming the agent twice stays
        # one row, with no DISTINCT.
        referring = published_objects().referring_to_agent(value).values("pk")
        return queryset.filter(pk__in=referring)

    def filter_place(self, queryset: QuerySet, name: str, value: object) -> QuerySet:
        referring = published_objects().referring_to_place(value).values("pk")
        return queryset.filter(pk__in=referring)

    def filter_modified_since(
        self, queryset: QuerySet, name: str, value: datetime
    ) -> QuerySet:
        try:
            value.astimezone(UTC)  # year 1 with an offset lies before year 1 in UTC
        except (OverflowError, ValueError):
            raise ParameterError(
                "modified_since", str(_("The date lies outside the supported range."))
            ) from None
        return queryset.filter(updated_at__gte=value)

    def filter_has_images(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        images = Exists(ObjectImage.objects.filter(heritage_object=OuterRef("pk")))
        return queryset.filter(images if value == "true" else ~images)

    def filter_ordering(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.order_by(*ORDERINGS[value])
