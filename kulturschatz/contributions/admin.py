"""The moderation queue in the admin: shared treasures and hints (Mitmachen).

The lists open on what awaits moderation, newest first. Nobody adds or
deletes contributions here; while one waits, the editorial team may tidy its
wording, then accept or reject it on a confirmation page each
(kulturschatz.contributions.moderation does the work). Contributed photos are
shown only as downscaled JPEGs without metadata, rendered for staff on
request; the uploaded files are never served.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kulturschatz.collections import services as catalogue_services
from kulturschatz.collections.models import Concept, Event, HeritageObject, Place
from kulturschatz.iiif import image_api, imaging
from kulturschatz.iiif import views as iiif_views

from . import moderation
from .models import ContributionPhoto, Hint, SharedTreasure, State

# Long sides of the renderings staff see: in the list, on the page, enlarged.
LIST_PREVIEW, PAGE_PREVIEW, LARGE_PREVIEW = 160, 480, 1200
PREVIEW_SIZES = (LIST_PREVIEW, PAGE_PREVIEW, LARGE_PREVIEW)
ALL_STATES = "all"


class StateFilter(admin.SimpleListFilter):
    """The state, "awaiting moderation" unless another is chosen; with counts."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        counts = dict(
            model_admin.model.objects.order_by()
            .values_list("state")
            .annotate(count=Count("pk"))
        )
        return [
            (value, f"{label} ({counts.get(value, 0)})") for value, label in State.choices
        ] + [(ALL_STATES, gettext("all (%(count)d)") % {"count": sum(counts.values())})]

    def selected(self) -> str:
        return self.value() or State.SUBMITTED

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.selected() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.selected() == ALL_STATES:
            return queryset
        return queryset.filter(state=self.selected())


def state_badge(contribution) -> str:
    colours = {
        State.SUBMITTED: "#8a5a00",
        State.ACCEPTED: "#1a6e2e",
        State.REJECTED: "#a01818",
        State.WITHDRAWN: "#6b6b6b",
        State.EXPIRED: "#6b6b6b",
    }
    return format_html(
        '<span style="color:{};font-weight:bold">{}</span>',
        colours.get(contribution.state, "#333"),
        contribution.get_state_display(),
    )


def object_links(heritage_object: HeritageObject | None) -> str:
    """Links to an object's admin page and, if public, its public page."""
    if heritage_object is None:
        return "–"
    change = reverse("admin:collections_heritageobject_change", args=[heritage_object.pk])
    if heritage_object.is_public:
        return format_html(
            '<a href="{}">{}</a> (<a href="{}">{}</a>)',
            change,
            heritage_object,
            heritage_object.get_absolute_url(),
            gettext("public page"),
        )
    return format_html(
        '<a href="{}">{}</a> ({})', change, heritage_object, heritage_object.get_status_display()
    )


# -- forms of the decisions ----------------------------------------------------


class AcceptTreasureForm(forms.Form):
    publish = forms.TypedChoiceField(
        label=_("Visibility"),
        choices=[
            ("1", _("Publish now")),
            ("0", _("Save as a draft (publish later)")),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    place = forms.ModelChoiceField(
        queryset=Place.objects.all(),
        required=False,
        label=_("Place in the catalogue"),
        help_text=_(
            "Optional: the place the contributor means, as a catalogue place. Without "
            "one, the place as written is kept in the record's text."
        ),
    )
    object_type = forms.ModelChoiceField(
        queryset=Concept.objects.filter(kind=Concept.Kind.OBJECT_TYPE),
        required=False,
        label=_("Object type"),
    )

    def __init__(self, *args, admin_site, may_publish: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The autocompletes of the object page (Place and Concept admins' search).
        for name, source in (
            ("place", Event._meta.get_field("places")),
            ("object_type", HeritageObject._meta.get_field("object_type")),
        ):
            field = self.fields[name]
            field.widget = AutocompleteSelect(source, admin_site)
            field.widget.choices = field.choices
        if not may_publish:
            self.fields["publish"].choices = [("0", _("Save as a draft (publish later)"))]
            self.fields["publish"].initial = "0"


class AcceptHintForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("What becomes of the hint"),
        choices=[
            (Hint.Outcome.SHOWN, _("Show it on the object's public page")),
            (
                Hint.Outcome.MERGED,
                _("Merge it into the catalogue record (you edit the object yourself)"),
            ),
        ],
        widget=forms.RadioSelect,
        initial=Hint.Outcome.SHOWN,
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (internal)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Seen by the editorial team only, never by the contributor."),
    )


# -- what both queues share ------------------------------------------------------


class ContributionAdmin(admin.ModelAdmin):
    """Queue behaviour of shared treasures and hints."""

    editable_fields: list[str] = []
    list_filter = [StateFilter]
    list_per_page = 50
    date_hierarchy = None
    change_form_template = "admin/contributions/change_form.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # contributions come from the public forms only

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # rejecting and the purge erase them, with their files

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # Tidying the wording belongs to moderating, and only while it waits.
        return (
            super().has_change_permission(request, obj)
            and moderation.can_moderate(request.user)
            and (obj is None or obj.is_pending)
        )

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        every = [name for group in self.get_fieldsets(request, obj) for name in _flat(group)]
        if obj is not None and self.has_change_permission(request, obj):
            return [name for name in every if name not in self.editable_fields]
        return every

    def get_urls(self):
        opts = self.opts
        prefix = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "<path:object_id>/decide/<str:decision>/",
                self.admin_site.admin_view(self.decide_view),
                name=f"{prefix}_decide",
            ),
            *self.extra_urls(prefix),
            *super().get_urls(),
        ]

    def extra_urls(self, prefix: str) -> list:
        return []

    def decisions(self, request: HttpRequest, obj) -> list[tuple[str, str]]:
        """The decisions offered on the page: (decision, button label)."""
        if not moderation.can_moderate(request.user):
            return []
        if obj.is_pending:
            return [("accept", gettext("Accept…")), ("reject", gettext("Reject…"))]
        return []

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        buttons = []
        if obj is not None:
            buttons = [
                (
                    reverse(
                        f"admin:{self.opts.app_label}_{self.opts.model_name}_decide",
                        args=[obj.pk, decision],
                    ),
                    label,
                    decision,
                )
                for decision, label in self.decisions(request, obj)
            ]
        extra_context = {**(extra_context or {}), "decision_buttons": buttons}
        return super().change_view(request, object_id, form_url, extra_context)

    def decide_view(self, request, object_id, decision):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not moderation.can_moderate(request.user):
            raise PermissionDenied
        if decision not in dict(self.decisions(request, obj)):
            self.message_user(
                request, gettext("This contribution has already been decided."), messages.WARNING
            )
            return redirect(self.change_url(obj))
        form, title, intro, submit = self.decision_form(request, obj, decision)
        if request.method == "POST" and form.is_valid():
            try:
                response = self.apply_decision(request, obj, decision, form.cleaned_data)
            except PermissionDenied as error:
                self.message_user(request, str(error), messages.ERROR)
                return redirect(self.change_url(obj))
            return response
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "opts": self.opts,
            "object": obj,
            "intro": intro,
            "form": form,
            "media": self.media + form.media,
            "submit_label": submit,
            "danger": decision in ("reject", "revoke"),
            "change_url": self.change_url(obj),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/contributions/decide.html", context)

    def decision_form(self, request, obj, decision):
        raise NotImplementedError

    def apply_decision(self, request, obj, decision, data) -> HttpResponse:
        raise NotImplementedError

    def change_url(self, obj) -> str:
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk]
        )

    def changelist_url(self) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")

    def reject_form(self, request, obj):
        return (
            ReasonForm(request.POST or None),
            gettext("Reject “%(contribution)s”?") % {"contribution": obj},
            gettext(
                "Rejecting deletes the uploaded files and the contributor's personal data "
                "(name and e-mail address). This cannot be undone. Nothing is sent to the "
                "contributor."
            ),
            gettext("Yes, reject"),
        )

    def apply_reject(self, request, obj, data) -> HttpResponse:
        moderation.reject(obj, by=request.user, reason=data["reason"])
        self.message_user(
            request,
            gettext("“%(contribution)s” was rejected; its files and personal data are deleted.")
            % {"contribution": obj},
            messages.SUCCESS,
        )
        return redirect(self.changelist_url())

    @admin.display(description=_("state"), ordering="state")
    def state_column(self, obj) -> str:
        return state_badge(obj)

    @admin.display(description=_("name or pseudonym"))
    def credit_column(self, obj) -> str:
        if obj.personal_data_erased_at and not obj.contributor_name:
            return gettext("(erased)")
        return obj.credit

    @admin.display(description=_("e-mail address"))
    def email_given(self, obj) -> str:
        # The address itself is for the publication notice only: not shown.
        if obj.email:
            return gettext("given (only used for the notice of publication)")
        return gettext("none")


def _flat(fieldset) -> list[str]:
    names: list[str] = []
    for entry in fieldset[1]["fields"]:
        names.extend(entry if isinstance(entry, (list, tuple)) else [entry])
    return names


# -- shared treasures ----------------------------------------------------------------


@admin.register(SharedTreasure)
class SharedTreasureAdmin(ContributionAdmin):
    list_display = [
        "preview_column",
        "title",
        "credit_column",
        "submitted_at",
        "photo_count",
        "state_column",
        "object_column",
    ]
    list_display_links = ["preview_column", "title"]
    search_fields = ["title", "story", "place_text", "contributor_name"]
    editable_fields = ["title", "story", "date_text", "place_text"]
    fieldsets = [
        (None, {"fields": ["state_column", "title", "story", "date_text", "place_text"]}),
        (_("Photos"), {"fields": ["photos_preview"]}),
        (
            _("Contributor"),
            {
                "fields": [
                    "credit_column",
                    "email_given",
                    "licence",
                    "rights_confirmed_at",
                    "share_location",
                    "privacy_consent_at",
                    "submitted_at",
                    "language",
                ]
            },
        ),
        (
            _("Moderation"),
            {
                "fields": [
                    "decided_at",
                    "decided_by",
                    "moderator_note",
                    "object_column",
                    "notified_at",
                    "withdrawn_at",
                    "personal_data_erased_at",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("heritage_object", "decided_by")
            .prefetch_related("photos")
            .annotate(photos_counted=Count("photos"))
        )

    def extra_urls(self, prefix: str) -> list:
        return [
            path(
                "<path:object_id>/photo/<uuid:photo_uuid>/<int:size>/",
                self.admin_site.admin_view(self.photo_view),
                name=f"{prefix}_photo",
            )
        ]

    def photo_view(self, request, object_id, photo_uuid, size):
        """A downscaled JPEG of a contributed photo, without any metadata."""
        treasure = self.get_object(request, unquote(object_id))
        if treasure is None:
            raise Http404
        if not self.has_view_permission(request, treasure):
            raise PermissionDenied
        if size not in PREVIEW_SIZES:
            raise Http404
        photo = get_object_or_404(ContributionPhoto, treasure=treasure, uuid=photo_uuid)
        try:
            data = render_preview(photo, size)
        except (OSError, imaging.ImageDecodeError):
            raise Http404 from None
        response = HttpResponse(data, content_type="image/jpeg")
        response["Cache-Control"] = "private, no-store"
        return response

    def photo_url(self, photo: ContributionPhoto, size: int) -> str:
        return reverse(
            "admin:contributions_sharedtreasure_photo",
            args=[photo.treasure_id, photo.uuid, size],
        )

    @admin.display(description=_("photo"))
    def preview_column(self, treasure: SharedTreasure) -> str:
        photos = list(treasure.photos.all())
        if not photos:
            return "–"
        return format_html(
            '<img src="{}" alt="" loading="lazy" style="max-width:80px;max-height:80px">',
            self.photo_url(photos[0], LIST_PREVIEW),
        )

    @admin.display(description=_("photos"), ordering="photos_counted")
    def photo_count(self, treasure: SharedTreasure) -> int:
        return getattr(treasure, "photos_counted", None) or treasure.photos.count()

    @admin.display(description=_("photos"))
    def photos_preview(self, treasure: SharedTreasure) -> str:
        photos = list(treasure.photos.all())
        if not photos:
            if treasure.heritage_object_id:
                return gettext("The photos are now images of the catalogue object.")
            return gettext("No photos (any more).")
        return format_html_join(
            "",
            '<figure style="display:inline-block;margin:0 1em 1em 0;vertical-align:top">'
            '<a href="{}" target="_blank" rel="noopener"><img src="{}" alt="{}" '
            'style="max-width:320px;max-height:320px"></a><figcaption>{}</figcaption></figure>',
            (
                (
                    self.photo_url(photo, LARGE_PREVIEW),
                    self.photo_url(photo, PAGE_PREVIEW),
                    photo.original_name,
                    photo_facts(photo),
                )
                for photo in photos
            ),
        )

    @admin.display(description=_("catalogue object"))
    def object_column(self, treasure: SharedTreasure) -> str:
        return object_links(treasure.heritage_object)

    # -- decisions ---------------------------------------------------------------

    def decision_form(self, request, obj, decision):
        if decision == "reject":
            return self.reject_form(request, obj)
        initial = {}
        if obj.place_text.strip():
            match = Place.objects.filter(name__iexact=obj.place_text.strip()).first()
            if match is not None:
                initial["place"] = match.pk
        form = AcceptTreasureForm(
            request.POST or None,
            initial=initial,
            admin_site=self.admin_site,
            may_publish=catalogue_services.can_publish(request.user),
        )
        return (
            form,
            gettext("Accept “%(contribution)s”?") % {"contribution": obj},
            gettext(
                "Accepting makes the treasure a catalogue object in the collection "
                "“Bürgerschätze”, credited to %(credit)s under %(licence)s. Its photos become "
                "the object's images. You can edit the object afterwards like any other."
            )
            % {"credit": obj.credit, "licence": obj.get_licence_display()},
            gettext("Accept"),
        )

    def apply_decision(self, request, obj, decision, data) -> HttpResponse:
        if decision == "reject":
            return self.apply_reject(request, obj, data)
        heritage_object = moderation.accept_treasure(
            obj,
            by=request.user,
            publish=data["publish"],
            place=data["place"],
            object_type=data["object_type"],
        )
        message = (
            gettext("Accepted and published as %(object)s.")
            if data["publish"]
            else gettext("Accepted as the draft %(object)s.")
        )
        self.message_user(
            request,
            format_html(message.replace("%(object)s", "{}"), object_links(heritage_object)),
            messages.SUCCESS,
        )
        return redirect(self.changelist_url())


def photo_facts(photo: ContributionPhoto) -> str:
    """Size and, where the contributor shared it, the position of a photo."""
    parts = []
    if photo.width and photo.height:
        parts.append(format_html("{} × {} px", photo.width, photo.height))
    if photo.latitude is not None and photo.longitude is not None:
        parts.append(
            format_html(
                '{}: <a href="https://www.openstreetmap.org/?mlat={}&amp;mlon={}#map=17/{}/{}" '
                'rel="noopener noreferrer" target="_blank">{}, {}</a>',
                gettext("Location"),
                photo.latitude,
                photo.longitude,
                photo.latitude,
                photo.longitude,
                photo.latitude,
                photo.longitude,
            )
        )
    return format_html_join(mark_safe("<br>"), "{}", ((part,) for part in parts))


def render_preview(photo: ContributionPhoto, size: int) -> bytes:
    """The photo fitted into ``size``×``size`` (never enlarged), rendered as the
    IIIF Image API renders from a master: orientation and colours normalised,
    a JPEG with pixels only (no EXIF, GPS, XMP or comment)."""
    with photo.file.open("rb") as handle:
        width, height = imaging.probe(handle)
        handle.seek(0)
        request = image_api.parse_request(
            "full", image_api.fitting_size(width, height, size), "0", "default", "jpg"
        )
        plan = image_api.plan_request(request, width, height, iiif_views.limits())
        return imaging.render_from_master(handle, plan, (width, height))


# -- hints -----------------------------------------------------------------------------


@admin.register(Hint)
class HintAdmin(ContributionAdmin):
    list_display = [
        "excerpt",
        "kind",
        "object_column",
        "credit_column",
        "submitted_at",
        "state_column",
        "outcome",
    ]
    list_display_links = ["excerpt"]
    search_fields = ["text", "contributor_name", "heritage_object__title"]
    editable_fields = ["text"]
    fieldsets = [
        (None, {"fields": ["state_column", "object_column", "kind", "text"]}),
        (
            _("Contributor"),
            {
                "fields": [
                    "credit_column",
                    "email_given",
                    "privacy_consent_at",
                    "submitted_at",
                    "language",
                ]
            },
        ),
        (
            _("Moderation"),
            {
                "fields": [
                    "outcome",
                    "decided_at",
                    "decided_by",
                    "moderator_note",
                    "notified_at",
                    "withdrawn_at",
                    "personal_data_erased_at",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("heritage_object", "decided_by")

    @admin.display(description=_("text"))
    def excerpt(self, hint: Hint) -> str:
        return Truncator(hint.text).chars(90)

    @admin.display(description=_("catalogue object"))
    def object_column(self, hint: Hint) -> str:
        return object_links(hint.heritage_object)

    def decisions(self, request, obj):
        if moderation.can_moderate(request.user) and obj.is_shown:
            return [("revoke", gettext("Take off the object's page…"))]
        return super().decisions(request, obj)

    def decision_form(self, request, obj, decision):
        if decision == "reject":
            return self.reject_form(request, obj)
        if decision == "revoke":
            return (
                ReasonForm(request.POST or None),
                gettext("Take the hint off the page of “%(object)s”?")
                % {"object": obj.heritage_object},
                gettext(
                    "The hint disappears from the object's public page, and the "
                    "contributor's personal data are deleted. This cannot be undone."
                ),
                gettext("Yes, take it off the page"),
            )
        return (
            AcceptHintForm(request.POST or None),
            gettext("Accept the hint on “%(object)s”?") % {"object": obj.heritage_object},
            gettext(
                "Shown on the page, the hint appears below the object's record with the "
                "contributor's name as given. Merged, it does not appear itself: you work "
                "what it says into the catalogue record."
            ),
            gettext("Accept"),
        )

    def apply_decision(self, request, obj, decision, data) -> HttpResponse:
        if decision == "reject":
            return self.apply_reject(request, obj, data)
        if decision == "revoke":
            moderation.revoke_hint(obj, by=request.user, reason=data["reason"])
            self.message_user(
                request,
                gettext("The hint was taken off the object's page."),
                messages.SUCCESS,
            )
            return redirect(self.changelist_url())
        hint = moderation.accept_hint(obj, by=request.user, outcome=data["outcome"])
        heritage_object = hint.heritage_object
        if hint.outcome == Hint.Outcome.MERGED:
            self.message_user(
                request,
                format_html(
                    "{} <a href=\"{}\">{}</a>",
                    gettext("The hint was accepted. Now work it into the record:"),
                    reverse(
                        "admin:collections_heritageobject_change", args=[heritage_object.pk]
                    ),
                    heritage_object,
                ),
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                format_html(
                    "{} {}",
                    gettext("The hint was accepted and is shown on the object's page:"),
                    object_links(heritage_object),
                ),
                messages.SUCCESS,
            )
        return redirect(self.changelist_url())
