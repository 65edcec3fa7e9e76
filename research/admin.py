"""调研与文字综合 in the admin: read and step through the services; versions, opinions, fieldwork and the log are
read-only on the task's page (a version is never overwritten) [4], [5]."""

from django.contrib import admin

from core.admin_fsm import ServiceFSMAdminMixin, TransitionLogDisplay
from core.admin_paging import CappedCountPaginator

from . import services
from .models import Fieldwork, Member, Opinion, Reviewer, Task, TaskLog, Version
from .selectors import tasks_visible_to


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MemberInline(ReadOnlyInline):
    model = Member
    fields = ["user"]
    readonly_fields = fields


class ReviewerInline(ReadOnlyInline):
    model = Reviewer
    fields = ["order", "user"]
    readonly_fields = fields


class VersionInline(ReadOnlyInline):
    model = Version
    fields = ["number", "made_by", "made_at", "note", "file_name"]
    readonly_fields = fields


class OpinionInline(ReadOnlyInline):
    model = Opinion
    fields = ["version", "by", "at", "verdict", "text"]
    readonly_fields = fields


class FieldworkInline(ReadOnlyInline):
    model = Fieldwork
    fields = ["on", "place", "findings", "recorded_by"]
    readonly_fields = fields


class LogInline(TransitionLogDisplay, ReadOnlyInline):
    model = TaskLog
    fields = TransitionLogDisplay.log_fields
    readonly_fields = fields


def _start(*, actor, pk, **kwargs):
    return services.start_task(actor=actor, pk=pk, **kwargs)


@admin.register(Task)
class TaskAdmin(ServiceFSMAdminMixin, admin.ModelAdmin):
    fsm_fields = ["state"]
    # Only steps without a form are offered here, each through its service after its permission check.
    fsm_services = {"start_research": _start, "start_drafting": _start}
    list_display = ["title", "kind", "genre", "leader", "lead", "due_on", "state", "version_count"]
    list_filter = ["kind", "state", "year"]
    search_fields = ["title"]
    list_select_related = ["leader", "lead"]
    show_full_result_count = False
    paginator = CappedCountPaginator
    list_per_page = 50
    ordering = ["-created_at", "-id"]
    inlines = [MemberInline, ReviewerInline, VersionInline, OpinionInline, FieldworkInline, LogInline]

    def get_queryset(self, request):
        # The one visibility selector, in the admin too.
        return tasks_visible_to(request.user)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "id"] + ["units"]

    def has_add_permission(self, request):
        return False  # tasks are registered on the chapter's pages (立项 / 交办)
