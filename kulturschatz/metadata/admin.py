"""LIDO import in the admin: upload a file, follow the run, read the report."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kulturschatz.collections.models import Collection, HeritageObject
from kulturschatz.collections.services import can_publish

from .models import DeletedRecord, ImportRecordOutcome, ImportRun

Status = HeritageObject.Status
REPORT_ROWS = 200


class ImportUploadForm(forms.ModelForm):
    """What staff choose for an import: the file and what becomes of its records."""

    upload = forms.FileField(
        label=_("LIDO file"),
        help_text=_(
            "An XML file with lido:lido records or a lido:lidoWrap, or a zip archive "
            "of such files; images named by linkResource may lie in the zip archive."
        ),
    )
    status = forms.ChoiceField(
        label=_("status of the records"),
        required=False,
        choices=[("", _("new records as drafts, existing ones keep their status"))]
        + [(s.value, s.label) for s in Status],
    )
    collection = forms.ModelChoiceField(
        label=_("collection"),
        queryset=Collection.objects.select_related("institution", "parent"),
        required=False,
        help_text=_("Put every record into this collection (and its institution)."),
    )
    fetch_remote = forms.BooleanField(
        label=_("download remote images"),
        required=False,
        help_text=_("Off: images on other servers are only linked."),
    )

    class Meta:
        model = ImportRun
        fields = ["upload", "dry_run"]

    def __init__(self, *args, request: HttpRequest | None = None, **kwargs) -> None:
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        head = upload.read(512)
        upload.seek(0)
        text = head.lstrip(b"\xef\xbb\xbf").lstrip()
        if not (head.startswith(b"PK\x03\x04") or text.startswith(b"<") or head[:2] in (b"\xff\xfe", b"\xfe\xff")):
            raise forms.ValidationError(_("The file is neither XML nor a zip archive."))
        return upload

    def clean_status(self):
        status = self.cleaned_data.get("status") or None
        user = self.request.user if self.request else None
        if status in (Status.PUBLISHED, Status.WITHDRAWN) and not can_publish(user):
            raise forms.ValidationError(
                _("You may not publish or withdraw objects; choose draft or review.")
            )
        return status


class OutcomeInline(admin.TabularInline):
    model = ImportRecordOutcome
    extra = 0
    can_delete = False
    show_change_link = False
    fields = ["position", "location", "lido_rec_id", "outcome", "object_link", "message_list", "images"]
    readonly_fields = fields
    verbose_name_plural = _("failed records")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(outcome=ImportRecordOutcome.Outcome.FAILED)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("heritage object"))
    def object_link(self, outcome: ImportRecordOutcome) -> str:
        return _object_link(outcome)

    @admin.display(description=_("messages"))
    def message_list(self, outcome: ImportRecordOutcome) -> str:
        return _message_list(outcome)


def _object_link(outcome: ImportRecordOutcome) -> str:
    if outcome.heritage_object_id is None:
        return "–"
    url = reverse("admin:collections_heritageobject_change", args=[outcome.heritage_object_id])
    return format_html('<a href="{}">{}</a>', url, outcome.heritage_object)


def _message_list(outcome: ImportRecordOutcome) -> str:
    if not outcome.messages:
        return "–"
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((m,) for m in outcome.messages)))


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["created_at", "source_name", "started_by", "state", "progress", "created",
                    "updated", "unchanged", "failed", "images", "dry_run"]  # fmt: skip
    list_filter = ["state", "dry_run"]
    search_fields = ["source_name"]
    date_hierarchy = "created_at"
    inlines = [OutcomeInline]
    readonly_fields = ["source_name", "started_by", "created_at", "finished_at", "state", "progress",
                       "dry_run", "options", "created", "updated", "unchanged", "failed", "images",
                       "message", "report_link"]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["source_name", "state", "progress", "message", "report_link"]}),
        (_("Counts"), {"fields": ["created", "updated", "unchanged", "failed", "images"]}),
        (_("Run"), {"fields": ["started_by", "created_at", "finished_at", "dry_run", "options"]}),
    ]

    @admin.display(description=_("progress"))
    def progress(self, run: ImportRun) -> str:
        return format_html(
            '<progress max="100" value="{}">{} %</progress> {} % · {}',
            run.progress_percent,
            run.progress_percent,
            run.progress_percent,
            gettext("%(count)d records") % {"count": run.records_done},
        )

    @admin.display(description=_("report"))
    def report_link(self, run: ImportRun) -> str:
        url = reverse("admin:metadata_importrecordoutcome_changelist") + f"?run__id__exact={run.pk}"
        return format_html('<a href="{}">{}</a>', url, gettext("All records of this import"))

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            form = ImportUploadForm

            class RequestForm(form):
                def __init__(self, *args, **kw):
                    super().__init__(*args, request=request, **kw)

            return RequestForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ["upload", "collection", "status", "dry_run", "fetch_remote"]})]
        return self.fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def get_inlines(self, request, obj):
        return [] if obj is None else self.inlines

    def has_change_permission(self, request, obj=None):
        # Runs are records of what happened: readable, not editable.
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def save_model(self, request, obj: ImportRun, form, change) -> None:
        collection = form.cleaned_data.get("collection")
        obj.started_by = request.user
        obj.source_name = form.cleaned_data["upload"].name
        obj.options = {
            "status": form.cleaned_data.get("status"),
            "collection": collection.slug if collection else None,
            "fetch_remote": form.cleaned_data.get("fetch_remote", False),
        }
        super().save_model(request, obj, form, change)
        from .tasks import run_import_task

        run_pk = obj.pk
        transaction.on_commit(lambda: run_import_task(run_pk))

    def response_add(self, request, obj, post_url_continue=None):
        messages.info(request, gettext("The import has started; this page shows its progress."))
        return HttpResponseRedirect(reverse("admin:metadata_importrun_change", args=[obj.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        run = ImportRun.objects.filter(pk=object_id).first()
        extra_context = {
            **(extra_context or {}),
            "refresh": run is not None and run.state in (ImportRun.State.QUEUED, ImportRun.State.RUNNING),
        }
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(ImportRecordOutcome)
class ImportRecordOutcomeAdmin(admin.ModelAdmin):
    list_display = ["position", "location", "lido_rec_id", "outcome", "object_link", "message_list", "images"]
    list_filter = ["outcome", "run"]
    search_fields = ["lido_rec_id", "location"]
    list_select_related = ["heritage_object"]
    list_per_page = REPORT_ROWS

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("heritage object"))
    def object_link(self, outcome: ImportRecordOutcome) -> str:
        return _object_link(outcome)

    @admin.display(description=_("messages"))
    def message_list(self, outcome: ImportRecordOutcome) -> str:
        return _message_list(outcome)


@admin.register(DeletedRecord)
class DeletedRecordAdmin(admin.ModelAdmin):
    list_display = ["identifier", "deleted_at"]
    search_fields = ["identifier"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
