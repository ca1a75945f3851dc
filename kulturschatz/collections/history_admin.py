"""The admin's side of the history and the trash.

``ObjectHistoryAdminMixin`` gives the object page its history (every version
with a field-level diff against the one before), restoring a version after a
confirmation page, one revision per save of the change form, and deleting
into the trash. ``TrashedObjectAdmin`` is the trash itself (*Papierkorb*),
where Administration restores deleted objects.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import history, services
from .models import HeritageObject, TrashedObject

HISTORY_PAGE_SIZE = 20


class ObjectHistoryAdminMixin:
    """History, restore and trash for the heritage object admin (before
    NestedModelAdmin in the bases: it only wraps ModelAdmin's own hooks)."""

    def get_urls(self):
        opts = self.opts
        return [
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                self.admin_site.admin_view(self.restore_version_view),
                name=f"{opts.app_label}_{opts.model_name}_restore_version",
            ),
        ] + super().get_urls()

    # -- one revision per save ------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # What services record while the form saves (a status change) goes into
        # the one revision log_addition/log_change write once all is saved.
        with history.one_revision_per_object():
            return super().changeform_view(request, object_id, form_url, extra_context)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._record(request, obj, entry, message)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._record(request, obj, entry, message)
        return entry

    @staticmethod
    def _record(request: HttpRequest, obj: HeritageObject, entry, message) -> None:
        # The log entry's message is JSON ("changed": fields …) that
        # Revision.get_comment() shows translated, as the admin's own history does.
        comment = entry.change_message if entry is not None else str(message or "")
        history.record_revisions([obj.pk], user=request.user, comment=comment)

    # -- the history page -----------------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        heritage_object = self.get_object(request, unquote(object_id))
        if heritage_object is None:
            raise Http404
        if not self.has_view_or_change_permission(request, heritage_object):
            raise PermissionDenied
        versions = history.versions_of(heritage_object.pk)
        page = Paginator(versions, HISTORY_PAGE_SIZE).get_page(request.GET.get("p"))
        start = (page.number - 1) * HISTORY_PAGE_SIZE
        # One more than the page shows: the version the page's oldest is compared with.
        shown = list(versions[start : start + HISTORY_PAGE_SIZE + 1])
        states = history.states_of_revisions(
            heritage_object.pk, [v.revision_id for v in shown]
        )
        can_restore = self.has_change_permission(request, heritage_object)
        entries = []
        for index, version in enumerate(shown[:HISTORY_PAGE_SIZE]):
            older = shown[index + 1] if index + 1 < len(shown) else None
            entries.append(
                {
                    "version": version,
                    "revision": version.revision,
                    "comment": version.revision.get_comment(),
                    "first": older is None,
                    "current": page.number == 1 and index == 0,
                    "diff": history.diff_states(
                        states.get(older.revision_id) if older else None,
                        states.get(
                            version.revision_id, history.State(heritage_object.pk)
                        ),
                    ),
                    "restore_url": reverse(
                        "admin:collections_heritageobject_restore_version",
                        args=[heritage_object.pk, version.pk],
                    )
                    if can_restore
                    else None,
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("History of “%(object)s”") % {"object": heritage_object},
            "subtitle": None,
            "object": heritage_object,
            "opts": self.opts,
            "entries": entries,
            "page_obj": page,
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/collections/heritageobject/history.html", context
        )

    def restore_version_view(self, request, object_id, version_id):
        heritage_object = self.get_object(request, unquote(object_id))
        if heritage_object is None:
            raise Http404
        if not self.has_change_permission(request, heritage_object):
            raise PermissionDenied
        version = get_object_or_404(
            history.versions_of(heritage_object.pk), pk=version_id
        )
        history_url = reverse(
            "admin:collections_heritageobject_history", args=[heritage_object.pk]
        )
        when = formats.date_format(
            timezone.localtime(version.revision.date_created), "SHORT_DATETIME_FORMAT"
        )
        if request.method == "POST":
            try:
                result = services.restore_version(version, by=request.user)
            except (history.RestoreError, PermissionDenied) as error:
                self.message_user(request, str(error), messages.ERROR)
                return redirect(history_url)
            self.message_user(
                request,
                gettext(
                    "The version of %(date)s was restored. Status and embargo stay as they were."
                )
                % {"date": when},
                messages.SUCCESS,
            )
            for note in result.notes:
                self.message_user(request, note, messages.WARNING)
            return redirect(
                reverse(
                    "admin:collections_heritageobject_change", args=[heritage_object.pk]
                )
            )
        current = history.current_state(heritage_object)
        target = history.states_of_revisions(
            heritage_object.pk, [version.revision_id]
        ).get(version.revision_id, history.State(heritage_object.pk))
        # Workflow and identity stay as they are now, so they are no change.
        if target.heritage_object and current.heritage_object:
            for name in history.KEPT_ON_RESTORE:
                target.heritage_object.fields[name] = (
                    current.heritage_object.fields.get(name)
                )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Restore the version of %(date)s?") % {"date": when},
            "subtitle": None,
            "object": heritage_object,
            "opts": self.opts,
            "version": version,
            "diff": history.diff_states(current, target),
            "history_url": history_url,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/collections/heritageobject/restore_version.html", context
        )

    # -- deleting into the trash ------------------------------------------------

    def delete_model(self, request, obj) -> None:
        services.delete_object(obj, by=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for heritage_object in queryset:
            services.delete_object(heritage_object, by=request.user)
        self.message_user(request, trash_notice(), messages.INFO)

    def response_delete(self, request, obj_display, obj_id):
        self.message_user(request, trash_notice(), messages.INFO)
        return super().response_delete(request, obj_display, obj_id)


def trash_notice() -> str:
    days = settings.KULTURSCHATZ_TRASH_DAYS
    return ngettext(
        "Deleted objects lie in the trash for %(days)d day; until then the group "
        "Administration can restore them.",
        "Deleted objects lie in the trash for %(days)d days; until then the group "
        "Administration can restore them.",
        days,
    ) % {"days": days}


@admin.register(TrashedObject)
class TrashedObjectAdmin(admin.ModelAdmin):
    """The trash (Papierkorb): deleted objects, restorable by Administration."""

    list_display = [
        "title",
        "inventory_number",
        "identifier",
        "institution_name",
        "status",
        "deleted_at",
        "deleted_by",
        "purged_on",
    ]
    list_filter = ["status"]
    search_fields = ["title", "inventory_number", "identifier", "institution_name"]
    date_hierarchy = "deleted_at"
    list_select_related = ["deleted_by"]
    actions = ["restore_selected"]
    fields = list_display

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # purge_trash removes entries, with their files

    def has_restore_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(services.RESTORE_DELETED_PERMISSION)

    @admin.display(description=_("purged on"))
    def purged_on(self, trashed: TrashedObject) -> str:
        return formats.date_format(
            timezone.localtime(trashed.purge_after), "SHORT_DATE_FORMAT"
        )

    @admin.action(description=_("Restore selected objects"), permissions=["restore"])
    def restore_selected(self, request: HttpRequest, queryset) -> HttpResponse | None:
        restored = []
        for trashed in queryset:
            try:
                result = services.restore_deleted(trashed, by=request.user)
            except (history.RestoreError, PermissionDenied) as error:
                self.message_user(
                    request,
                    gettext("“%(object)s” was not restored: %(reason)s")
                    % {"object": trashed, "reason": error},
                    messages.ERROR,
                )
                continue
            restored.append(result.heritage_object)
            for note in result.notes:
                self.message_user(
                    request, f"{result.heritage_object}: {note}", messages.WARNING
                )
        if restored:
            links = format_html(
                ", ".join(['<a href="{}">{}</a>'] * len(restored)),
                *[
                    part
                    for heritage_object in restored
                    for part in (
                        reverse(
                            "admin:collections_heritageobject_change",
                            args=[heritage_object.pk],
                        ),
                        heritage_object,
                    )
                ],
            )
            self.message_user(
                request,
                format_html(
                    "{} {}",
                    ngettext(
                        "%(count)d object restored:",
                        "%(count)d objects restored:",
                        len(restored),
                    )
                    % {"count": len(restored)},
                    links,
                ),
                messages.SUCCESS,
            )
        return None
