"""Staff cataloguing in the Django admin: one object, all its data, one page."""

import nested_admin
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from kulturschatz.iiif import derivatives, links, uploads

from . import history, services
from .bulk_upload_admin import BulkImageUploadMixin  # the bulk image upload page
from .history_admin import (  # history, restore, trash, proposals
    ObjectHistoryAdminMixin,
    PendingProposalFilter,
    proposal_notice,
)
from .models import (
    Agent,
    AgentURI,
    Collection,
    Concept,
    ConceptURI,
    Event,
    EventActor,
    HeritageObject,
    Inscription,
    Institution,
    LinkedResource,
    Measurement,
    ObjectDescription,
    ObjectImage,
    ObjectRelation,
    ObjectTitle,
    Place,
    PlaceURI,
)

admin.site.site_header = _("Kulturschatz Merseburg – cataloguing")
admin.site.site_title = _("Kulturschatz Merseburg")
admin.site.index_title = _("Catalogue administration")


def image_thumbnail(image: ObjectImage | None, size: int = 120) -> str:
    if image is None or not image.master:
        return "–"
    url = links.image_url(image, size)
    return format_html(
        '<img src="{}" alt="{}" loading="lazy" style="max-width:{}px;max-height:{}px">',
        url,
        image.caption,
        size,
        size,
    )


# -- shared entities --------------------------------------------------------


class AgentURIInline(admin.TabularInline):
    model = AgentURI
    extra = 1


class PlaceURIInline(admin.TabularInline):
    model = PlaceURI
    extra = 1


class ConceptURIInline(admin.TabularInline):
    model = ConceptURI
    extra = 1


class AuthorityLinksMixin:
    @admin.display(description=_("authority links"))
    def authority_links(self, entity) -> str:
        links = [
            format_html('<a href="{}" rel="noopener">{}</a>', u.uri, u.source_label)
            for u in entity.uris.all()
        ]
        return format_html(", ".join(["{}"] * len(links)), *links) if links else "–"


@admin.register(Agent)
class AgentAdmin(AuthorityLinksMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "dates", "authority_links"]
    list_filter = ["kind"]
    search_fields = ["name", "uris__uri"]
    inlines = [AgentURIInline]
    fieldsets = [
        (None, {"fields": ["kind", "name", "dates", ("birth_year", "death_year")]}),
        (_("Description"), {"fields": ["description", "description_en"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("uris")


@admin.register(Place)
class PlaceAdmin(AuthorityLinksMixin, admin.ModelAdmin):
    list_display = ["name", "parent", "latitude", "longitude", "authority_links"]
    search_fields = ["name", "name_en", "uris__uri"]
    autocomplete_fields = ["parent"]
    inlines = [PlaceURIInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent").prefetch_related("uris")


@admin.register(Concept)
class ConceptAdmin(AuthorityLinksMixin, admin.ModelAdmin):
    list_display = ["label", "label_en", "kind", "slug", "authority_links"]
    list_filter = ["kind"]
    search_fields = ["label", "label_en", "slug", "uris__uri"]
    prepopulated_fields = {"slug": ["label"]}
    autocomplete_fields = ["broader"]
    inlines = [ConceptURIInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("uris")


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "isil", "website", "object_count"]
    search_fields = ["name", "name_en", "isil"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["place"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(object_count=Count("heritage_objects"))

    @admin.display(description=_("objects"), ordering="object_count")
    def object_count(self, institution) -> int:
        return institution.object_count


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "institution", "slug", "object_count"]
    list_filter = ["institution"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("institution", "parent__parent")
            .annotate(object_count=Count("heritage_objects"))
        )

    @admin.display(description=_("objects"), ordering="object_count")
    def object_count(self, collection) -> int:
        return collection.object_count


# -- the heritage object page ------------------------------------------------


class ObjectTitleInline(nested_admin.NestedTabularInline):
    model = ObjectTitle
    extra = 0
    fields = ["text", "lang", "pref", "order"]


class ObjectDescriptionInline(nested_admin.NestedStackedInline):
    model = ObjectDescription
    extra = 0
    fields = [("lang", "order"), "text"]


class InscriptionInline(nested_admin.NestedStackedInline):
    model = Inscription
    extra = 0
    fields = [("kind", "lang", "order"), "transcription", "description"]


class MeasurementInline(nested_admin.NestedTabularInline):
    model = Measurement
    extra = 0
    fields = ["dimension", "value", "unit", "extent", "order"]


class EventActorInline(nested_admin.NestedTabularInline):
    model = EventActor
    extra = 0
    autocomplete_fields = ["agent", "role"]
    fields = ["agent", "role", "attribution", "order"]


class EventInline(nested_admin.NestedStackedInline):
    model = Event
    extra = 0
    autocomplete_fields = ["event_type", "places", "materials", "techniques", "method"]
    inlines = [EventActorInline]
    fields = [
        ("event_type", "order"),
        ("display_date", "earliest_year", "latest_year"),
        "places",
        ("materials", "techniques"),
        "materials_display",
        "method",
        "description",
    ]


class ObjectRelationInline(nested_admin.NestedTabularInline):
    model = ObjectRelation
    fk_name = "heritage_object"
    extra = 0
    autocomplete_fields = ["relation_type", "target"]
    fields = ["relation_type", "target", "target_label", "target_uri"]


class LinkedResourceInline(nested_admin.NestedTabularInline):
    model = LinkedResource
    extra = 0
    fields = ["url", "caption", "resource_type", "media_type", "creator", "rights", "order"]


class MasterImageField(forms.ImageField):
    """An image upload checked by its content, as every way images come in is.

    kulturschatz.iiif.uploads refuses what is no image, other formats, files
    or pictures above the limits, decompression bombs and damaged files, with
    the file name and the reason in German. Django's own Pillow check is not
    run on top: ours is stricter and says why.
    """

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if "accept" in attrs:
            attrs["accept"] = uploads.ACCEPT
        return attrs

    def to_python(self, data):
        uploaded = forms.FileField.to_python(self, data)
        if uploaded is not None:
            uploads.check_image_file(uploaded, name=uploaded.name, size=uploaded.size)
        return uploaded


class ObjectImageForm(forms.ModelForm):
    class Meta:
        model = ObjectImage
        fields = ["master", "is_primary", "order", "caption", "caption_en", "creator", "rights"]
        field_classes = {"master": MasterImageField}


class ObjectImageInline(nested_admin.NestedStackedInline):
    model = ObjectImage
    form = ObjectImageForm
    extra = 0
    readonly_fields = ["thumbnail", "pixel_size", "sha256", "derivatives"]
    fields = [
        ("thumbnail", "master"),
        ("is_primary", "order"),
        ("caption", "caption_en"),
        ("creator", "rights"),
        ("pixel_size", "sha256"),
        "derivatives",
    ]

    @admin.display(description=_("derivatives"))
    def derivatives(self, image: ObjectImage) -> str:
        return derivatives_status(image) if image.pk else "–"

    @admin.display(description=_("preview"))
    def thumbnail(self, image: ObjectImage) -> str:
        return image_thumbnail(image if image.pk else None, 160)

    @admin.display(description=_("size"))
    def pixel_size(self, image: ObjectImage) -> str:
        return f"{image.width} × {image.height} px" if image.width else "–"


def derivatives_status(image: ObjectImage) -> str:
    """State of the tile pyramid, with progress while it is being built."""
    colours = {"pending": "#6b6b6b", "building": "#1a5fb4", "ready": "#1a6e2e", "failed": "#a01818"}
    label = image.get_derivatives_state_display()
    if image.derivatives_state == ObjectImage.DerivativeState.BUILDING:
        return format_html(
            '<progress max="100" value="{}">{} %</progress> {} ({} %)',
            image.derivatives_progress,
            image.derivatives_progress,
            label,
            image.derivatives_progress,
        )
    return format_html(
        '<span style="color:{}">{}</span>{}',
        colours[image.derivatives_state],
        label,
        f" – {image.derivatives_message}" if image.derivatives_message else "",
    )


@admin.register(ObjectImage)
class ObjectImageAdmin(admin.ModelAdmin):
    """All images with the state of their derivatives: what the task queue does."""

    list_display = [
        "list_thumbnail",
        "__str__",
        "heritage_object",
        "pixel_size",
        "derivatives_column",
        "updated_at",
    ]
    list_filter = ["derivatives_state", "rights"]
    list_select_related = ["heritage_object"]
    search_fields = ["caption", "heritage_object__title", "heritage_object__inventory_number"]
    readonly_fields = ["heritage_object", "master", "pixel_size", "sha256", "derivatives_column"]
    fields = [
        "heritage_object",
        "master",
        ("caption", "caption_en"),
        ("creator", "rights"),
        ("pixel_size", "sha256"),
        "derivatives_column",
    ]
    actions = ["rebuild_derivatives"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # images are added on their object's page

    def save_model(self, request, obj, form, change) -> None:
        history.ensure_baseline([obj.heritage_object_id])
        if form.has_changed() and services.needs_approval(
            obj.heritage_object, status_before=obj.heritage_object.status, by=request.user
        ):
            obj.live_before_edit = history.snapshot_versions(obj.heritage_object_id)
        super().save_model(request, obj, form, change)
        services.note_content_change(obj.heritage_object, by=request.user)

    def log_change(self, request, obj, message):
        # An image belongs to its object's history, as a change on the object page would.
        entry = super().log_change(request, obj, message)
        comment = entry.change_message if entry else ""
        live = getattr(obj, "live_before_edit", None)
        if live is not None:  # published, four eyes: it waits for approval
            services.propose_change(obj.heritage_object, live=live, by=request.user, comment=comment)
            self.message_user(request, proposal_notice(obj.heritage_object), messages.WARNING)
            return entry
        history.record_revisions([obj.heritage_object_id], user=request.user, comment=comment)
        return entry

    @admin.display(description=_("image"))
    def list_thumbnail(self, image: ObjectImage) -> str:
        return image_thumbnail(image, 64)

    @admin.display(description=_("size"))
    def pixel_size(self, image: ObjectImage) -> str:
        return f"{image.width} × {image.height} px" if image.width else "–"

    @admin.display(description=_("derivatives"), ordering="derivatives_state")
    def derivatives_column(self, image: ObjectImage) -> str:
        return derivatives_status(image)

    @admin.action(description=_("Rebuild derivatives"), permissions=["change"])
    def rebuild_derivatives(self, request, queryset) -> None:
        for image in queryset:
            derivatives.schedule_derivatives(image)
        self.message_user(
            request,
            gettext("%(count)d image(s) queued for processing.") % {"count": queryset.count()},
            messages.SUCCESS,
        )


class HeritageObjectForm(forms.ModelForm):
    """The object form; the status choices depend on what the user may do."""

    user = None  # set by HeritageObjectAdmin.get_form

    class Meta:
        model = HeritageObject
        exclude: list[str] = []  # the admin's fieldsets choose what is shown

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "status" in self.fields and not services.can_publish(self.user):
            allowed = {HeritageObject.Status.DRAFT, HeritageObject.Status.REVIEW}
            if self.instance.pk:
                allowed.add(self.instance.status)
            self.fields["status"].choices = [
                choice
                for choice in HeritageObject.Status.choices
                if choice[0] in allowed
            ]

    def clean_status(self) -> str:
        status = self.cleaned_data["status"]
        before = self.instance.status if self.instance.pk else None
        public_states = {HeritageObject.Status.PUBLISHED, HeritageObject.Status.WITHDRAWN}
        if status != before and (status in public_states or before in public_states):
            if not services.can_publish(self.user):
                raise ValidationError(
                    _("Only the editorial team (Redaktion) may publish or withdraw objects.")
                )
        return status


class StatusFilter(admin.SimpleListFilter):
    title = _("visibility")
    parameter_name = "visibility"

    def lookups(self, request, model_admin):
        return [("public", _("visible to the public")), ("hidden", _("not public"))]

    def queryset(self, request, queryset):
        public = HeritageObject.objects.published().values("pk")
        if self.value() == "public":
            return queryset.filter(pk__in=public)
        if self.value() == "hidden":
            return queryset.exclude(pk__in=public)
        return queryset


class MoveToCollectionForm(forms.Form):
    collection = forms.ModelChoiceField(
        queryset=Collection.objects.select_related("institution", "parent"),
        label=_("collection"),
    )


@admin.register(HeritageObject)
class HeritageObjectAdmin(
    ObjectHistoryAdminMixin, BulkImageUploadMixin, nested_admin.NestedModelAdmin
):
    form = HeritageObjectForm
    list_display = [
        "list_thumbnail",
        "title",
        "inventory_number",
        "institution",
        "collection",
        "object_type",
        "dating_display",
        "status_badge",
        "updated_at",
    ]
    list_display_links = ["list_thumbnail", "title"]
    list_filter = [
        "status",
        PendingProposalFilter,
        StatusFilter,
        "featured",
        "institution",
        "collection",
        "object_type",
    ]
    list_select_related = ["institution", "collection", "object_type"]
    list_per_page = 50
    search_fields = [
        "title",
        "inventory_number",
        "identifier",
        "titles__text",
        "descriptions__text",
        "events__actors__agent__name",
    ]
    search_help_text = _(
        "Searches all catalogue text, drafts included, as the public search does "
        "(umlauts, word forms, compounds, typos), and inventory numbers."
    )

    def get_search_results(self, request, queryset, search_term):
        """The text search of the catalogue's index (drafts included) joined to
        Django's substring search, which finds what the index has not taken in yet."""
        from kulturschatz.search.services import staff_search_pks

        filtered = queryset
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        pks = staff_search_pks(search_term)
        if pks:
            queryset = queryset | filtered.filter(pk__in=pks)
            may_have_duplicates = True
        return queryset, may_have_duplicates
    date_hierarchy = "updated_at"
    prepopulated_fields = {"identifier": ["inventory_number"]}
    autocomplete_fields = [
        "institution",
        "collection",
        "object_type",
        "classifications",
        "subject_concepts",
        "subject_agents",
        "subject_places",
    ]
    readonly_fields = [
        "dating_display",
        "earliest_year",
        "latest_year",
        "published_at",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
        "last_editor",
        "lido_rec_id",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("title", "title_lang"),
                    ("institution", "collection"),
                    ("inventory_number", "identifier"),
                    ("object_type", "classifications"),
                    ("status", "embargo_until"),
                    "featured",
                ]
            },
        ),
        (
            _("Physical description"),
            {"fields": ["dimensions_display"]},
        ),
        (
            _("Subjects"),
            {"fields": ["subject_concepts", "subject_agents", "subject_places"]},
        ),
        (
            _("Rights and provenance"),
            {
                "fields": [
                    ("rights", "rights_holder"),
                    "metadata_rights",
                    "credit_line",
                    "provenance",
                ]
            },
        ),
        (
            _("Record"),
            {
                "classes": ["collapse"],
                "fields": [
                    ("dating_display", "earliest_year", "latest_year"),
                    ("published_at", "lido_rec_id"),
                    ("source_record_id", "published_id"),
                    "source_record_url",
                    ("created_at", "created_by"),
                    ("updated_at", "updated_by"),
                    "last_editor",
                ],
            },
        ),
    ]
    inlines = [
        ObjectTitleInline,
        ObjectDescriptionInline,
        EventInline,
        MeasurementInline,
        InscriptionInline,
        ObjectImageInline,
        LinkedResourceInline,
        ObjectRelationInline,
    ]
    actions = ["publish_selected", "withdraw_selected", "submit_for_review", "move_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("images")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        else:
            history.ensure_baseline([obj.pk])  # the state before this first recorded edit
            if services.four_eyes_binds(request.user) and (
                form.initial.get("status") == HeritageObject.Status.PUBLISHED
            ):
                # The published state, kept to return to should this save
                # become a proposal (ObjectHistoryAdminMixin.log_change).
                obj.live_before_edit = history.snapshot_versions(obj.pk)
        obj.updated_by = request.user
        # The status chosen on the form is set by services.set_status once the
        # object and its parts are saved (save_related): the publish right and
        # the four-eyes principle are checked there, as for every other path.
        obj.requested_status = obj.status
        obj.status = form.initial.get("status", obj.status) if change else HeritageObject.Status.DRAFT
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change) -> None:
        super().save_formset(request, form, formset, change)
        if formset.model is ObjectImage:
            # New or replaced masters get their derivatives built in the
            # background, so an upload of many scans returns at once.
            for image_form in formset.forms:
                image = image_form.instance
                if image.pk and "master" in image_form.changed_data:
                    derivatives.schedule_derivatives(image)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        heritage_object = form.instance
        services.refresh_dating(heritage_object)
        workflow_fields = {"status", "embargo_until", "featured"}
        if (
            not change
            or set(form.changed_data) - workflow_fields
            or any(formset.has_changed() for formset in formsets)
        ):
            services.note_content_change(heritage_object, by=request.user)
            heritage_object.data_changed = True
        requested = getattr(heritage_object, "requested_status", heritage_object.status)
        if requested == heritage_object.status:
            # A published object whose embargo was cleared or moved into the
            # past: public from now on ("was public once" for OAI-PMH).
            if heritage_object.note_first_publication():
                heritage_object.save(update_fields=["published_at"])
            return
        try:
            services.set_status(heritage_object, requested, by=request.user)
        except services.FourEyesError as error:
            if heritage_object.status != HeritageObject.Status.REVIEW:
                services.set_status(heritage_object, HeritageObject.Status.REVIEW, by=request.user)
            self.message_user(
                request,
                f"{error} {gettext('The object was saved and set to “in review”.')}",
                messages.WARNING,
            )
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return services.can_publish(request.user)

    @admin.display(description=_("image"))
    def list_thumbnail(self, obj: HeritageObject) -> str:
        return image_thumbnail(obj.primary_image(), 64)

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj: HeritageObject) -> str:
        colours = {
            "draft": "#6b6b6b",
            "review": "#8a5a00",
            "published": "#1a6e2e",
            "withdrawn": "#a01818",
        }
        return format_html(
            '<span style="color:{};font-weight:bold">{}</span>',
            colours[obj.status],
            obj.get_status_display(),
        )

    def _change_status(self, request, queryset, status: str, message: str) -> None:
        changed = 0
        held: list[str] = []  # kept back by the four-eyes principle
        for heritage_object in queryset:
            if heritage_object.status == status:
                continue
            try:
                services.set_status(heritage_object, status, by=request.user)
            except services.FourEyesError:
                held.append(str(heritage_object))
            except PermissionDenied as error:
                self.message_user(request, str(error), messages.ERROR)
                return
            else:
                changed += 1
        if changed or not held:
            self.message_user(request, message % {"count": changed}, messages.SUCCESS)
        if held:
            self.message_user(
                request,
                ngettext(
                    "Not published, under the four-eyes principle (you changed it last or "
                    "submitted it for review yourself; a second member of the editorial "
                    "team must publish it): %(objects)s",
                    "Not published, under the four-eyes principle (you changed them last or "
                    "submitted them for review yourself; a second member of the editorial "
                    "team must publish them): %(objects)s",
                    len(held),
                )
                % {"objects": "; ".join(held)},
                messages.WARNING,
            )

    @admin.action(description=_("Publish selected objects"), permissions=["publish"])
    def publish_selected(self, request, queryset) -> None:
        self._change_status(
            request, queryset, HeritageObject.Status.PUBLISHED, gettext("%(count)d object(s) published.")
        )

    @admin.action(description=_("Withdraw selected objects"), permissions=["publish"])
    def withdraw_selected(self, request, queryset) -> None:
        self._change_status(
            request, queryset, HeritageObject.Status.WITHDRAWN, gettext("%(count)d object(s) withdrawn.")
        )

    @admin.action(description=_("Submit selected objects for review"), permissions=["change"])
    def submit_for_review(self, request, queryset) -> None:
        self._change_status(
            request,
            queryset.filter(status=HeritageObject.Status.DRAFT),
            HeritageObject.Status.REVIEW,
            gettext("%(count)d object(s) submitted for review."),
        )

    @admin.action(description=_("Move selected objects to a collection"), permissions=["change"])
    def move_selected(self, request, queryset):
        if "apply" in request.POST:
            form = MoveToCollectionForm(request.POST)
            if form.is_valid():
                try:
                    count = services.move_to_collection(
                        queryset, form.cleaned_data["collection"], by=request.user
                    )
                except ValueError as error:
                    self.message_user(request, str(error), messages.ERROR)
                    return None
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d object moved to %(collection)s.",
                        "%(count)d objects moved to %(collection)s.",
                        count,
                    )
                    % {"count": count, "collection": form.cleaned_data["collection"]},
                    messages.SUCCESS,
                )
                return None
        else:
            form = MoveToCollectionForm()
        return render(
            request,
            "admin/collections/heritageobject/move_to_collection.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Move objects to a collection"),
                "objects": queryset,
                "form": form,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )
