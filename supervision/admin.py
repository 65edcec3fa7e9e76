from django.contrib import admin

from core.admin_fsm import ServiceFSMAdminMixin, TransitionLogDisplay

from . import services
from .models import Bulletin, Extension, Feedback, Item, ItemLog, ProposalAnswer
from .selectors import items_visible_to


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class FeedbackInline(ReadOnlyInline):
    model = Feedback
    fields = ["received_on", "received_via", "unit", "reporter", "text", "late_reason", "recorded_by"]
    readonly_fields = fields


class ExtensionInline(ReadOnlyInline):
    model = Extension
    fields = ["reason", "old_deadline", "new_deadline", "requested_by", "outcome", "decided_by", "comment"]
    readonly_fields = fields


class AnswerInline(ReadOnlyInline):
    model = ProposalAnswer
    fields = ["round", "name", "answered_on", "satisfaction", "uploaded_by"]
    readonly_fields = fields


class LogInline(TransitionLogDisplay, ReadOnlyInline):
    model = ItemLog
    fields = TransitionLogDisplay.log_fields
    readonly_fields = fields


@admin.register(Item)
class ItemAdmin(ServiceFSMAdminMixin, admin.ModelAdmin):
    fsm_fields = ["state"]
    # Only these steps are offered, each through its service and after its permission check: a major item
    # cannot be started here either [39].
    fsm_services = {"start": services.item_start}
    list_display = ["number", "title", "source", "lead_unit", "state", "deadline", "is_major"]
    list_filter = ["state", "source", "is_major"]
    search_fields = ["title"]
    list_select_related = ["lead_unit"]
    show_full_result_count = False  # PERFORMANCE.md: no full count of 100,000 rows
    ordering = ["-year", "-serial"]
    inlines = [FeedbackInline, ExtensionInline, AnswerInline, LogInline]

    def get_queryset(self, request):
        # The one visibility selector, in the admin too [31], [32], [40].
        return items_visible_to(request.user)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "id"]

    def has_add_permission(self, request):
        return False  # items are registered through the services [37]

    @admin.display(description="编号", ordering="serial")
    def number(self, obj):
        return obj.number_label


@admin.register(Bulletin)
class BulletinAdmin(admin.ModelAdmin):
    """督查通报 as issued [11], [40]: numbered and kept as sent to the units, so the admin only reads them."""

    list_display = ["__str__", "period_start", "period_end", "done_on_time", "done_late", "overdue", "issued_at"]
    list_filter = ["year"]
    list_select_related = ["issued_by"]
    readonly_fields = [field.name for field in Bulletin._meta.fields]

    def has_add_permission(self, request):
        return False  # issued through supervision.bulletins with its serial [11]

    def has_change_permission(self, request, obj=None):
        return False
