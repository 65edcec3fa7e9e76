"""The 印信 admin: read-only pages over the selectors; the few steps offered go through the services
(``ServiceFSMAdminMixin``, after their permission check); the logs and the 用印登记簿 are read, never changed or
deleted [7]."""

from django.contrib import admin

from core.admin_fsm import ServiceFSMAdminMixin, TransitionLogDisplay

from . import services
from .models import Seal, SealApplication, SealApplicationLog, SealLog, SealRequest, SealRequestLog, SealUse
from .selectors import applications_visible_to, requests_visible_to, seals_visible_to, uses_visible_to


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
        return False  # made through the services [7]

    def has_delete_permission(self, request, obj=None):
        return False  # nothing is ever hard-deleted


class SealLogInline(TransitionLogDisplay, ReadOnlyInline):
    model = SealLog
    fields = TransitionLogDisplay.log_fields
    readonly_fields = fields


@admin.register(Seal)
class SealAdmin(ServiceFSMAdminMixin, ReadOnlyAdmin):
    fsm_fields = ["state"]
    fsm_services = {"resume": services.seal_resume}  # 停用 and 缴销 need a reason: on the seal's page [7]
    list_display = ["number", "name", "kind", "unit", "serves", "state", "state_on"]
    list_filter = ["state", "kind", "serves"]
    list_select_related = ["unit"]
    search_fields = ["name", "number"]
    inlines = [SealLogInline]

    def get_queryset(self, request):
        return seals_visible_to(request.user)


class RequestLogInline(TransitionLogDisplay, ReadOnlyInline):
    model = SealRequestLog
    fields = TransitionLogDisplay.log_fields
    readonly_fields = fields


@admin.register(SealRequest)
class SealRequestAdmin(ServiceFSMAdminMixin, ReadOnlyAdmin):
    fsm_fields = ["state"]
    fsm_services = {"approve": services.request_approve}  # 退回 needs a reason: on the request's page [7]
    list_display = ["number", "subject", "seal", "applicant", "copies", "state", "decided_by"]
    list_filter = ["state", "purpose"]
    list_select_related = ["seal", "applicant", "decided_by"]
    search_fields = ["subject", "number"]
    inlines = [RequestLogInline]

    def get_queryset(self, request):
        return requests_visible_to(request.user)


@admin.register(SealUse)
class SealUseAdmin(ReadOnlyAdmin):
    list_display = ["used_at", "seal", "subject", "purpose", "copies", "stamped_by", "voided_at"]
    list_filter = ["purpose", "seal"]
    list_select_related = ["seal", "stamped_by"]
    search_fields = ["subject"]

    def get_queryset(self, request):
        return uses_visible_to(request.user)

    def has_change_permission(self, request, obj=None):
        return False  # append-only; a wrong entry is voided on the register's page [7]


class ApplicationLogInline(TransitionLogDisplay, ReadOnlyInline):
    model = SealApplicationLog
    fields = TransitionLogDisplay.log_fields
    readonly_fields = fields


@admin.register(SealApplication)
class SealApplicationAdmin(ServiceFSMAdminMixin, ReadOnlyAdmin):
    fsm_fields = ["state"]
    fsm_services = {"approve": services.application_approve}  # the office director [7]
    list_display = ["number", "unit", "seal_name", "reason", "state", "decided_by", "handed_on"]
    list_filter = ["state", "reason"]
    list_select_related = ["unit", "decided_by"]
    search_fields = ["seal_name", "number"]
    inlines = [ApplicationLogInline]

    def get_queryset(self, request):
        return applications_visible_to(request.user)
