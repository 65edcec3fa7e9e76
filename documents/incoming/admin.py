from django.contrib import admin

from core.admin_fsm import ServiceFSMAdminMixin, TransitionLogDisplay
from core.admin_paging import CappedCountPaginator

from . import services
from .models import Attachment, Chase, IncomingDocument, Reader, ReturnProposal, TransitionLog
from .selectors import incoming_visible_to


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReaderInline(ReadOnlyInline):
    model = Reader
    fields = ["seq", "reader", "duty", "part", "send_first", "status", "reached_at", "signed_at", "comment"]
    readonly_fields = fields


class ChaseInline(ReadOnlyInline):
    model = Chase
    fields = ["at", "by", "target", "method", "note"]
    readonly_fields = fields


class ReturnInline(ReadOnlyInline):
    model = ReturnProposal
    fields = ["ground", "explanation", "proposed_by", "proposed_at", "decision", "decided_by", "decided_at"]
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ["kind", "name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


class LogInline(TransitionLogDisplay, ReadOnlyInline):
    model = TransitionLog
    fields = TransitionLogDisplay.log_fields
    readonly_fields = fields


@admin.register(IncomingDocument)
class IncomingDocumentAdmin(ServiceFSMAdminMixin, admin.ModelAdmin):
    fsm_fields = ["state"]
    fsm_services = {
        "receive_original": services.incoming_receive_original,
        "register_late": services.incoming_register_late,
    }
    list_display = ["serial_label", "title", "source_unit", "state", "secret_level", "received_at", "due_at"]
    list_filter = ["state", "intake", "category", "urgency"]
    search_fields = ["title", "sender_number"]
    list_select_related = ["source_unit"]
    show_full_result_count = False  # PERFORMANCE.md: no full count of a million rows
    paginator = CappedCountPaginator  # nor of the filtered set past 10,000 (issue 13)
    list_per_page = 50
    ordering = ["-received_at", "-id"]
    inlines = [ReaderInline, ChaseInline, ReturnInline, AttachmentInline, LogInline]

    def get_queryset(self, request):
        # The one visibility selector, in the admin too: classified rows only for cleared people on them [32].
        return incoming_visible_to(request.user)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "id"]

    def has_add_permission(self, request):
        return False  # documents enter only through registration [29(1)]

    @admin.display(description="收文流水号", ordering="serial")
    def serial_label(self, obj):
        return obj.serial_label
