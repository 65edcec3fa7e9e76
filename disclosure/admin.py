"""The 政务公开 admin: read-only pages over the selectors; the few steps offered go through the services
(``ServiceFSMAdminMixin``); the logs are read, never changed or deleted [35], [36]."""

from django.contrib import admin

from core.admin_fsm import ServiceFSMAdminMixin, TransitionLogDisplay

from . import services
from .models import (
    Assessment,
    AssessmentLog,
    AssessmentScheme,
    Catalogue,
    CatalogueEntry,
    CatalogueLog,
    Criterion,
    Finding,
    FindingLog,
    Inspection,
    InspectionLog,
    Score,
)
from .selectors import assessments_visible_to, catalogues_visible_to, findings_visible_to, inspections_visible_to


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    show_full_result_count = False  # PERFORMANCE.md: no full count of a large table

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "id"]

    def has_add_permission(self, request):
        return False  # made through the services [35], [36]

    def has_delete_permission(self, request, obj=None):
        return False  # nothing is ever hard-deleted


class EntryInline(ReadOnlyInline):
    model = CatalogueEntry
    fields = ["order", "title", "category", "published_where", "frequency", "exempt", "legal_basis", "active"]
    readonly_fields = fields


_ENTRY_STATES = {"active": "在用", "retired": "停用", "": "—"}


class CatalogueLogInline(ReadOnlyInline):
    model = CatalogueLog
    fields = ["at", "actor", "action_label", "entry_state", "comment"]
    readonly_fields = fields

    @admin.display(description="事项状态")
    def entry_state(self, obj) -> str:
        return f"{_ENTRY_STATES.get(obj.from_state, obj.from_state)} → {_ENTRY_STATES.get(obj.to_state, obj.to_state)}"


@admin.register(Catalogue)
class CatalogueAdmin(ReadOnlyAdmin):
    list_display = ["unit", "updated_at", "updated_by"]
    list_select_related = ["unit", "updated_by"]
    search_fields = ["unit__name"]
    inlines = [EntryInline, CatalogueLogInline]

    def get_queryset(self, request):
        return catalogues_visible_to(request.user)

    def has_change_permission(self, request, obj=None):
        return False


class InspectionLogInline(TransitionLogDisplay, ReadOnlyInline):
    model = InspectionLog
    fields = TransitionLogDisplay.log_fields
    readonly_fields = fields


@admin.register(Inspection)
class InspectionAdmin(ServiceFSMAdminMixin, ReadOnlyAdmin):
    fsm_fields = ["state"]
    fsm_services = {"start": services.inspection_start}  # only an approved plan starts [36]
    list_display = ["title", "period", "planned_on", "state", "leader"]
    list_filter = ["state", "year"]
    list_select_related = ["leader"]
    search_fields = ["title"]
    inlines = [InspectionLogInline]

    def get_queryset(self, request):
        return inspections_visible_to(request.user)


class FindingLogInline(TransitionLogDisplay, ReadOnlyInline):
    model = FindingLog
    fields = TransitionLogDisplay.log_fields
    readonly_fields = fields


@admin.register(Finding)
class FindingAdmin(ServiceFSMAdminMixin, ReadOnlyAdmin):
    fsm_fields = ["state"]
    fsm_services = {"accept": services.rectification_accept}  # 验收 by the office [36]
    list_display = ["unit", "inspection", "due_on", "state", "carried_over"]
    list_filter = ["state", "carried_over"]
    list_select_related = ["unit", "inspection"]
    search_fields = ["problem"]
    ordering = ["due_on", "id"]
    inlines = [FindingLogInline]

    def get_queryset(self, request):
        return findings_visible_to(request.user)


class CriterionInline(ReadOnlyInline):
    model = Criterion
    fields = ["order", "name", "max_points", "description"]
    readonly_fields = fields


@admin.register(AssessmentScheme)
class SchemeAdmin(ReadOnlyAdmin):
    list_display = ["year", "name", "created_by"]
    list_select_related = ["created_by"]
    inlines = [CriterionInline]

    def has_change_permission(self, request, obj=None):
        return False


class ScoreInline(ReadOnlyInline):
    model = Score
    fields = ["criterion", "points", "note"]
    readonly_fields = fields


class AssessmentLogInline(TransitionLogDisplay, ReadOnlyInline):
    model = AssessmentLog
    fields = TransitionLogDisplay.log_fields
    readonly_fields = fields


@admin.register(Assessment)
class AssessmentAdmin(ServiceFSMAdminMixin, ReadOnlyAdmin):
    fsm_fields = ["state"]
    fsm_services = {"confirm": services.assessment_confirm}  # an office leader, fully scored [36]
    list_display = ["unit", "scheme", "state", "confirmed_by", "confirmed_at"]
    list_filter = ["state", "scheme__year"]
    list_select_related = ["unit", "scheme", "confirmed_by"]
    inlines = [ScoreInline, AssessmentLogInline]

    def get_queryset(self, request):
        return assessments_visible_to(request.user)
