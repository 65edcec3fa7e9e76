"""The 规范性文件 admin: read-only pages over the selectors; the one step offered (a clean-up's 报请决定) goes
through its service (``ServiceFSMAdminMixin``); the logs are read, never changed or deleted [13]."""

from django.contrib import admin

from core.admin_fsm import ServiceFSMAdminMixin, TransitionLogDisplay

from . import rules, services
from .models import (
    Cleanup,
    CleanupItem,
    CleanupLog,
    Interpretation,
    InterpretationLog,
    NormativeDocument,
    NormativeLog,
    RepealProposal,
    RepealProposalLog,
)
from .selectors import (
    cleanups_visible_to,
    documents_visible_to,
    interpretations_visible_to,
    proposals_visible_to,
)


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
        return False  # made through the services [13]

    def has_delete_permission(self, request, obj=None):
        return False  # nothing is ever hard-deleted

    def has_change_permission(self, request, obj=None):
        return False


class NormativeLogInline(TransitionLogDisplay, ReadOnlyInline):
    model = NormativeLog
    fields = TransitionLogDisplay.log_fields
    readonly_fields = fields


@admin.register(NormativeDocument)
class NormativeDocumentAdmin(ReadOnlyAdmin):
    list_display = ["register_number", "title", "doc_number", "authority", "state", "effective_on", "valid_until"]
    list_filter = ["state", "authority", "register_year"]
    search_fields = ["register_number", "title", "doc_number"]
    inlines = [NormativeLogInline]

    def get_queryset(self, request):
        return documents_visible_to(request.user)


class InterpretationLogInline(TransitionLogDisplay, ReadOnlyInline):
    model = InterpretationLog
    fields = TransitionLogDisplay.log_fields
    readonly_fields = fields


@admin.register(Interpretation)
class InterpretationAdmin(ReadOnlyAdmin):
    list_display = ["document", "asked_by", "asked_on", "answer_due", "state", "answered_on"]
    list_filter = ["state"]
    list_select_related = ["document"]
    search_fields = ["asked_by", "question"]
    inlines = [InterpretationLogInline]

    def get_queryset(self, request):
        return interpretations_visible_to(request.user)


class CleanupItemInline(ReadOnlyInline):
    model = CleanupItem
    fields = ["document", "proposal", "reason", "added_by", "added_at"]
    readonly_fields = fields


class CleanupLogInline(TransitionLogDisplay, ReadOnlyInline):
    model = CleanupLog
    fields = TransitionLogDisplay.log_fields
    readonly_fields = fields


@admin.register(Cleanup)
class CleanupAdmin(ServiceFSMAdminMixin, ReadOnlyAdmin):
    fsm_fields = ["state"]
    fsm_services = {"submit": services.cleanup_submit}  # 法制科 报请决定 [13]
    list_display = ["title", "started_on", "state", "decided_by", "decided_on"]
    list_filter = ["state"]
    list_select_related = ["decided_by"]
    search_fields = ["title"]
    inlines = [CleanupItemInline, CleanupLogInline]

    def get_queryset(self, request):
        return cleanups_visible_to(request.user)

    def has_change_permission(self, request, obj=None):
        # Only to offer 报请决定; the fields themselves are read-only.
        return bool(obj is not None and rules.can_keep_register(obj, request.user))


class RepealProposalLogInline(TransitionLogDisplay, ReadOnlyInline):
    model = RepealProposalLog
    fields = TransitionLogDisplay.log_fields
    readonly_fields = fields


@admin.register(RepealProposal)
class RepealProposalAdmin(ReadOnlyAdmin):
    list_display = ["document", "proposed_by", "proposed_on", "state", "decided_by", "decided_on"]
    list_filter = ["state"]
    list_select_related = ["document", "proposed_by", "decided_by"]
    inlines = [RepealProposalLogInline]

    def get_queryset(self, request):
        return proposals_visible_to(request.user)
