"""The 协调事项 admin: read-only pages over the one visibility selector; the one step without a form (开始协调)
goes through its service (``ServiceFSMAdminMixin``); nothing is added, changed or deleted here [9]."""

from django.contrib import admin

from core.admin_fsm import ServiceFSMAdminMixin, TransitionLogDisplay

from . import services
from .models import Matter, MatterLog, Party, Talk
from .selectors import matters_visible_to


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PartyInline(ReadOnlyInline):
    model = Party
    fields = ["unit"]
    readonly_fields = fields


class TalkInline(ReadOnlyInline):
    model = Talk
    fields = ["held_on", "kind", "attendees", "content", "recorded_by"]
    readonly_fields = fields


class LogInline(TransitionLogDisplay, ReadOnlyInline):
    model = MatterLog
    fields = TransitionLogDisplay.log_fields
    readonly_fields = fields


@admin.register(Matter)
class MatterAdmin(ServiceFSMAdminMixin, admin.ModelAdmin):
    fsm_fields = ["state"]
    fsm_services = {"start": services.matter_start}
    list_display = ["__str__", "origin", "state", "lead", "handler", "leader", "due_on", "created_at"]
    list_filter = ["state", "origin", "year"]
    search_fields = ["title"]
    list_select_related = ["lead", "handler", "leader"]
    show_full_result_count = False
    list_per_page = 50
    ordering = ["-created_at", "-id"]
    inlines = [PartyInline, TalkInline, LogInline]

    def get_queryset(self, request):
        # The one visibility selector, in the admin too [9].
        return matters_visible_to(request.user)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "id"]

    def has_add_permission(self, request):
        return False  # registered through the pages [9]

    def has_delete_permission(self, request, obj=None):
        return False  # nothing is ever hard-deleted
