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
from .models import ChangeProposal, HeritageObject, TrashedObject

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
            path(
                "<path:object_id>/proposal/<int:proposal_id>/<str:decision>/",
                self.admin_site.admin_view(self.decide_proposal_view),
                name=f"{opts.app_label}_{opts.model_name}_decide_proposal",
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
        live = getattr(obj, "live_before_edit", None)
        if (
            live is not None
            and getattr(obj, "data_changed", False)
            and services.needs_approval(
                obj, status_before=HeritageObject.Status.PUBLISHED, by=request.user
            )
        ):
            # Four eyes: the edit of a published object becomes a proposal and
            # the object returns to its published state, in this transaction.
            request.change_proposal = services.propose_change(
                obj, live=live, by=request.user, comment=comment
            )
            return
        history.record_revisions([obj.pk], user=request.user, comment=comment)

    # -- changes awaiting approval ----------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        heritage_object = self.get_object(request, unquote(object_id))
        proposal = (
            services.pending_proposal(heritage_object) if heritage_object else None
        )
        extra_context = {**(extra_context or {}), "pending_proposal": proposal}
        if proposal is not None:
            extra_context["proposal_url"] = proposal_url(heritage_object)
        return super().change_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        proposal = getattr(request, "change_proposal", None)
        if proposal is not None:
            self.message_user(request, proposal_notice(obj), messages.WARNING)
            # Django's "… was changed successfully" would tell the editor the opposite.
            request.change_proposal_reported = True
        return super().response_change(request, obj)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if level == messages.SUCCESS and getattr(request, "change_proposal_reported", False):
            return
        super().message_user(request, message, level, *args, **kwargs)

    def decide_proposal_view(self, request, object_id, proposal_id, decision):
        if request.method != "POST" or decision not in ("approve", "reject"):
            raise Http404
        heritage_object = self.get_object(request, unquote(object_id))
        if heritage_object is None:
            raise Http404
        if not self.has_view_or_change_permission(request, heritage_object):
            raise PermissionDenied
        proposal = get_object_or_404(
            ChangeProposal, pk=proposal_id, heritage_object=heritage_object
        )
        try:
            if decision == "approve":
                result = services.approve_change(proposal, by=request.user)
            else:
                services.reject_change(
                    proposal, by=request.user, reason=request.POST.get("reason", "")
                )
        except (history.RestoreError, PermissionDenied) as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect(proposal_url(heritage_object))
        if decision == "approve":
            self.message_user(
                request,
                gettext("The proposed change to “%(object)s” was approved and is now public.")
                % {"object": result.heritage_object},
                messages.SUCCESS,
            )
            for note in result.notes:
                self.message_user(request, note, messages.WARNING)
        else:
            self.message_user(
                request,
                gettext("The proposed change to “%(object)s” was rejected; the object stays as it is.")
                % {"object": heritage_object},
                messages.SUCCESS,
            )
        return redirect(
            reverse("admin:collections_heritageobject_change", args=[heritage_object.pk])
        )

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
        proposals = {
            p.revision_id: p
            for p in ChangeProposal.objects.filter(
                heritage_object=heritage_object
            ).select_related("proposed_by", "decided_by")
        }
        # More than the page shows: the live version the page's oldest is
        # compared with, past any proposals (a proposal was never the live state).
        shown = list(versions[start : start + HISTORY_PAGE_SIZE + 1 + len(proposals)])
        states = history.states_of_revisions(
            heritage_object.pk, [v.revision_id for v in shown]
        )
        can_restore = self.has_change_permission(request, heritage_object)
        live_shown = [v for v in shown if v.revision_id not in proposals]
        entries = []
        for index, version in enumerate(shown[:HISTORY_PAGE_SIZE]):
            older = next(
                (v for v in shown[index + 1 :] if v.revision_id not in proposals), None
            )
            entries.append(
                {
                    "version": version,
                    "revision": version.revision,
                    "comment": version.revision.get_comment(),
                    "proposal": proposals.get(version.revision_id),
                    "first": older is None,
                    "current": page.number == 1
                    and bool(live_shown)
                    and version is live_shown[0],
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
        pending = services.pending_proposal(heritage_object)
        pending_context = None
        if pending is not None:
            proposed = history.states_of_revisions(
                heritage_object.pk, [pending.revision_id]
            ).get(pending.revision_id, history.State(heritage_object.pk))
            current = history.current_state(heritage_object)
            # What approving would not change (workflow, bookkeeping) is no change.
            if proposed.heritage_object and current.heritage_object:
                for name in history.KEPT_ON_PROPOSAL:
                    proposed.heritage_object.fields[name] = (
                        current.heritage_object.fields.get(name)
                    )
            own = pending.proposed_by_id == request.user.pk
            pending_context = {
                "proposal": pending,
                "diff": history.diff_states(current, proposed),
                "can_approve": services.can_publish(request.user)
                and not (own and services.four_eyes_binds(request.user)),
                "can_reject": services.can_publish(request.user) or own,
                "own": own,
                "approve_url": reverse(
                    "admin:collections_heritageobject_decide_proposal",
                    args=[heritage_object.pk, pending.pk, "approve"],
                ),
                "reject_url": reverse(
                    "admin:collections_heritageobject_decide_proposal",
                    args=[heritage_object.pk, pending.pk, "reject"],
                ),
            }
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("History of “%(object)s”") % {"object": heritage_object},
            "subtitle": None,
            "object": heritage_object,
            "opts": self.opts,
            "entries": entries,
            "page_obj": page,
            "pending": pending_context,
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
            if result.proposal is not None:
                self.message_user(request, proposal_notice(heritage_object), messages.WARNING)
                return redirect(proposal_url(heritage_object))
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


def proposal_url(heritage_object: HeritageObject) -> str:
    return (
        reverse("admin:collections_heritageobject_history", args=[heritage_object.pk])
        + "#proposal"
    )


def proposal_notice(heritage_object: HeritageObject) -> str:
    return format_html(
        '{} <a href="{}">{}</a>',
        gettext(
            "Your changes to “%(object)s” await approval: the public keeps seeing the "
            "published version until a second member of the editorial team (Redaktion) "
            "approves them. The form shows the published version."
        )
        % {"object": heritage_object},
        proposal_url(heritage_object),
        gettext("Show the proposed changes"),
    )


class PendingProposalFilter(admin.SimpleListFilter):
    """Objects with changes awaiting approval (four-eyes principle)."""

    title = _("approval")
    parameter_name = "approval"

    def lookups(self, request, model_admin):
        return [("pending", _("Changes awaiting approval"))]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.filter(
                pk__in=ChangeProposal.objects.filter(
                    state=ChangeProposal.State.PENDING
                ).values("heritage_object_id")
            )
        return queryset


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
