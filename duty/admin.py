from django.contrib import admin

from core.admin_fsm import ServiceFSMAdminMixin, TransitionLogDisplay

from . import services
from .models import (
    EmergencyLog,
    EmergencyReport,
    Handover,
    HandoverLog,
    LogEntry,
    Roster,
    RosterLog,
    Shift,
    ShiftKind,
    Swap,
    SwapLog,
)
from .selectors import visible


@admin.register(ShiftKind)
class ShiftKindAdmin(admin.ModelAdmin):
    """值班班次: the periods outside working hours and their times, kept by the office [41]. A change applies to
    rosters made afterwards (a roster copies the times)."""

    list_display = ["name", "day_type", "starts", "ends", "people", "is_active", "sort_order"]
    list_editable = ["is_active", "sort_order"]
    list_filter = ["day_type", "is_active"]
    ordering = ["sort_order", "id"]


def _log_inline(log_model):
    class LogInline(TransitionLogDisplay, admin.TabularInline):
        model = log_model
        extra = 0
        can_delete = False
        fields = TransitionLogDisplay.log_fields
        readonly_fields = fields

        def has_add_permission(self, request, obj=None):
            return False

        def has_change_permission(self, request, obj=None):
            return False

    LogInline.__name__ = f"{log_model.__name__}Inline"
    return LogInline


class ReadOnlyServiceAdmin(ServiceFSMAdminMixin, admin.ModelAdmin):
    """Read-only: items change only through the services (offered here after their permission check)."""

    fsm_fields = ["state"]
    show_full_result_count = False

    def get_queryset(self, request):
        return visible(request.user, super().get_queryset(request))

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "id"]

    def has_add_permission(self, request):
        return False


@admin.register(Roster)
class RosterAdmin(ReadOnlyServiceAdmin):
    fsm_services = {"publish": services.roster_publish}
    list_display = ["title", "period", "starts_on", "ends_on", "made_by", "state"]
    list_filter = ["state", "period"]
    list_select_related = ["made_by__profile"]
    date_hierarchy = "starts_on"
    inlines = [_log_inline(RosterLog)]


@admin.register(Shift)
class ShiftAdmin(admin.ModelAdmin):
    list_display = ["day", "kind", "person", "county_leader", "office_leader", "roster", "active"]
    list_filter = ["day_type", "kind", "active"]
    list_select_related = ["kind", "roster", "person__profile", "county_leader__profile", "office_leader__profile"]
    date_hierarchy = "day"
    show_full_result_count = False

    def get_queryset(self, request):
        return visible(request.user, super().get_queryset(request))

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "id"]

    def has_add_permission(self, request):
        return False


@admin.register(Swap)
class SwapAdmin(ReadOnlyServiceAdmin):
    fsm_services = {
        "accept": services.swap_accept,
        "approve": services.swap_approve,
        "withdraw": services.swap_withdraw,
    }
    list_display = ["shift", "requested_by", "other_person", "state", "decided_by"]
    list_filter = ["state"]
    list_select_related = ["shift__kind", "requested_by__profile", "other_person__profile", "decided_by__profile"]
    inlines = [_log_inline(SwapLog)]


@admin.register(Handover)
class HandoverAdmin(ReadOnlyServiceAdmin):
    fsm_services = {"confirm": services.handover_confirm}
    list_display = ["shift", "outgoing_person", "written_at", "incoming_person", "confirmed_at", "state"]
    list_filter = ["state"]
    list_select_related = ["shift__kind", "outgoing_person__profile", "incoming_person__profile"]
    inlines = [_log_inline(HandoverLog)]


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "caller", "content", "recorded_by"]
    search_fields = ["caller", "content", "action_taken"]
    list_select_related = ["recorded_by__profile"]
    date_hierarchy = "at"
    show_full_result_count = False

    def get_queryset(self, request):
        return visible(request.user, super().get_queryset(request))

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "id"]

    def has_add_permission(self, request):
        return False


@admin.register(EmergencyReport)
class EmergencyReportAdmin(ReadOnlyServiceAdmin):
    fsm_services = {}
    list_display = ["title", "received_at", "place", "category", "level", "state", "special_serial"]
    list_filter = ["state", "category", "level"]
    list_select_related = ["recorded_by__profile"]
    date_hierarchy = "received_at"
    inlines = [_log_inline(EmergencyLog)]
