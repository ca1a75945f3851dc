"""Staff see what the search index is doing: rebuilds and the update queue."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import IndexJob, PendingIndexUpdate


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IndexJob)
class IndexJobAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "state", "progress", "total", "finished_at", "backend"]
    list_filter = ["state"]
    readonly_fields = ["started_at", "finished_at", "state", "backend", "total", "done", "message"]

    @admin.display(description=_("progress"))
    def progress(self, job: IndexJob) -> str:
        return f"{job.done} / {job.total} ({job.percent} %)"


@admin.register(PendingIndexUpdate)
class PendingIndexUpdateAdmin(ReadOnlyAdmin):
    list_display = ["object_id", "queued_at", "done_at"]
    list_filter = [("done_at", admin.EmptyFieldListFilter)]
    search_fields = ["=object_id"]
