"""The admin page for bulk image uploads (kulturschatz.collections.bulk_upload).

A mixin for HeritageObjectAdmin: one more URL beside the changelist, reached by
the button "Bilder hochladen (mehrere / ZIP)", open to users who may add
object images. The upload is handled within the request and answered with its
report; sending the same files again only reports them as already present.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from kulturschatz.iiif import uploads

from . import bulk_upload
from .models import Institution, ObjectImage, Rights

PERMISSION = "collections.add_objectimage"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": f"{uploads.ACCEPT},.zip,application/zip"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(item, initial) for item in data]
        return [single(data or None, initial)]  # none at all: "required"


class BulkImageUploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Image files or zip archives"),
        help_text=_(
            "Each file name starts with the object's inventory number, optionally "
            "followed by a sequence number: Dom-Hs_136_001.jpg, dom-hs-136-2.tif."
        ),
    )
    institution = forms.ModelChoiceField(
        queryset=Institution.objects.order_by("name"),
        required=False,
        empty_label=_("all institutions"),
        label=_("institution"),
        help_text=_(
            "Inventory numbers are unique only within an institution: choose it when "
            "several institutions use similar numbers."
        ),
    )
    rights = forms.ChoiceField(
        choices=Rights.choices,
        initial=ObjectImage._meta.get_field("rights").default,
        label=_("rights of the images"),
    )
    creator = forms.CharField(
        max_length=255, required=False, label=_("photographer / creator")
    )
    make_primary = forms.BooleanField(
        required=False,
        initial=True,
        label=_("Make the first image primary where an object has none"),
    )


class BulkImageUploadMixin:
    """Adds the bulk image upload page to HeritageObjectAdmin."""

    bulk_upload_template = "admin/collections/heritageobject/bulk_upload.html"

    def get_urls(self):
        opts = self.opts  # type: ignore[attr-defined]
        return [
            path(
                "bilder-hochladen/",
                self.admin_site.admin_view(self.bulk_upload_view),  # type: ignore[attr-defined]
                name=f"{opts.app_label}_{opts.model_name}_bulk_upload",
            ),
            *super().get_urls(),  # type: ignore[misc]
        ]

    def bulk_upload_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        report = None
        if request.method == "POST":
            form = BulkImageUploadForm(request.POST, request.FILES)
            if form.is_valid():
                report = bulk_upload.attach_images(
                    form.cleaned_data["files"],
                    by=request.user,
                    institution=form.cleaned_data["institution"],
                    rights=form.cleaned_data["rights"],
                    creator=form.cleaned_data["creator"],
                    make_primary=form.cleaned_data["make_primary"],
                )
                form = BulkImageUploadForm(initial=form.cleaned_data | {"files": None})
        else:
            form = BulkImageUploadForm()
        context = {
            **self.admin_site.each_context(request),  # type: ignore[attr-defined]
            "title": _("Upload images (several / ZIP)"),
            "opts": self.opts,  # type: ignore[attr-defined]
            "form": form,
            "report": report,
            "outcomes": bulk_upload.OUTCOMES,
            "limits": {
                "files": settings.KULTURSCHATZ_BULK_UPLOAD_MAX_FILES,
                "megabytes": uploads.megabytes(
                    settings.KULTURSCHATZ_BULK_UPLOAD_MAX_BYTES
                ),
                "file_megabytes": uploads.megabytes(uploads.max_upload_bytes()),
                "megapixels": uploads.megapixels(uploads.max_pixels()),
                "formats": uploads.ACCEPTED_LIST,
            },
        }
        return TemplateResponse(request, self.bulk_upload_template, context)
