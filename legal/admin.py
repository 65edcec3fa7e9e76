"""The 行政复议与应诉 admin: read-only pages over the selectors, the private party always masked (the admin is
for the maintainer and the leaders, not 法制科's work); the few steps offered go through the services; the
logs and decisions are read, never changed or deleted [13]."""

from django.contrib import admin

from core.admin_fsm import ServiceFSMAdminMixin, TransitionLogDisplay

from . import services
from .models import Case, CaseAttachment, CaseLog, LicensingCleanup, LicensingDecision, LicensingItem, LicensingItemLog
from .selectors import (
    cases_visible_to,
    cleanups_visible_to,
    items_visible_to,
    mask_id_number,
    mask_name,
    mask_phone,
)

PERSONAL = ("party_name", "party_id_number", "party_phone")


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "id" and f.name not in PERSONAL]

    def has_add_permission(self, request):
        return False  # made through the services [13]

    def has_delete_permission(self, request, obj=None):
        return False  # nothing is ever hard-deleted


class CaseLogInline(TransitionLogDisplay, ReadOnlyInline):
    model = CaseLog
    fields = TransitionLogDisplay.log_fields
    readonly_fields = fields


class CaseAttachmentInline(ReadOnlyInline):
    model = CaseAttachment
    fields = ["kind", "name", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


@admin.register(Case)
class CaseAdmin(ServiceFSMAdminMixin, ReadOnlyAdmin):
    fsm_fields = ["state"]
    fsm_services = {"start": services.case_start, "hear": services.case_hear}  # the steps without a form [13]
    list_display = ["number", "kind", "masked_party", "unit", "received_on", "reply_due_on", "state"]
    list_filter = ["state", "kind"]
    list_select_related = ["unit"]
    search_fields = ["number"]  # never the party: nobody finds a person they may not read
    exclude = list(PERSONAL)
    inlines = [CaseAttachmentInline, CaseLogInline]

    def get_queryset(self, request):
        return cases_visible_to(request.user)

    def get_readonly_fields(self, request, obj=None):
        return ["masked_party", "masked_id_number", "masked_phone", *super().get_readonly_fields(request, obj)]

    @admin.display(description="申请人/原告")
    def masked_party(self, obj) -> str:
        return obj.party_name if obj.party_kind == "organisation" else mask_name(obj.party_name)

    @admin.display(description="身份证号码/代码")
    def masked_id_number(self, obj) -> str:
        return mask_id_number(obj.party_id_number)

    @admin.display(description="联系电话")
    def masked_phone(self, obj) -> str:
        return mask_phone(obj.party_phone)


class DecisionInline(ReadOnlyInline):
    model = LicensingDecision
    fields = ["decided_on", "from_status", "to_status", "document_number", "basis", "cleanup", "recorded_by"]
    readonly_fields = fields


class ItemLogInline(TransitionLogDisplay, ReadOnlyInline):
    model = LicensingItemLog
    fields = TransitionLogDisplay.log_fields
    readonly_fields = fields


@admin.register(LicensingItem)
class LicensingItemAdmin(ServiceFSMAdminMixin, ReadOnlyAdmin):
    fsm_fields = ["state"]
    fsm_services: dict = {}  # a status changes only by a recorded decision, on the item's page [13]
    list_display = ["name", "code", "unit", "state", "document_number", "decided_on"]
    list_filter = ["state"]
    list_select_related = ["unit"]
    search_fields = ["name", "code"]
    inlines = [DecisionInline, ItemLogInline]

    def get_queryset(self, request):
        return items_visible_to(request.user)


@admin.register(LicensingCleanup)
class LicensingCleanupAdmin(ReadOnlyAdmin):
    list_display = ["year", "title", "document_number", "decided_on", "closed_at"]
    inlines = [DecisionInline]

    def get_queryset(self, request):
        return cleanups_visible_to(request.user)

    def has_change_permission(self, request, obj=None):
        return False
