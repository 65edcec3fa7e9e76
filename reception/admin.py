"""公务接待 in the admin: read through the one visibility selector, step only through the services; nothing is
added or deleted here [6]."""

from django.contrib import admin

from core.admin_fsm import ServiceFSMAdminMixin, TransitionLogDisplay
from core.admin_paging import CappedCountPaginator

from . import services
from .models import MealLine, Reception, ReceptionLog, ReceptionRecord, ScheduleItem
from .selectors import receptions_visible_to


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ScheduleInline(ReadOnlyInline):
    model = ScheduleItem
    fields = ["day", "start", "item", "place", "accompanied_by", "removed_at"]
    readonly_fields = fields


class LogInline(TransitionLogDisplay, ReadOnlyInline):
    model = ReceptionLog
    fields = TransitionLogDisplay.log_fields
    readonly_fields = fields


@admin.register(Reception)
class ReceptionAdmin(ServiceFSMAdminMixin, admin.ModelAdmin):
    fsm_fields = ["state"]
    # Only a step without a form is offered here, through its service after its permission check [6].
    fsm_services = {"mark_held": services.mark_held}
    list_display = ["title", "kind", "visiting_unit", "arrive_on", "estimated_cost", "state", "registered_at"]
    list_filter = ["state", "kind"]
    search_fields = ["title", "visiting_unit"]
    show_full_result_count = False
    paginator = CappedCountPaginator
    list_per_page = 50
    ordering = ["-registered_at", "-id"]
    inlines = [ScheduleInline, LogInline]

    def get_queryset(self, request):
        return receptions_visible_to(request.user)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "id"]

    def has_add_permission(self, request):
        return False


class MealInline(ReadOnlyInline):
    model = MealLine
    fields = ["served_on", "meal", "diners", "cost"]
    readonly_fields = fields


@admin.register(ReceptionRecord)
class ReceptionRecordAdmin(admin.ModelAdmin):
    """公务接待清单 as signed: read only [6]."""

    list_display = ["reception", "actual_visitor_count", "actual_accompany_count", "total", "signed_by", "signed_at"]
    list_select_related = ["reception", "signed_by"]
    show_full_result_count = False
    inlines = [MealInline]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(reception__in=receptions_visible_to(request.user))

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
