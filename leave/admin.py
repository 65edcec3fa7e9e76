from django.contrib import admin

from core.admin_fsm import ServiceFSMAdminMixin, TransitionLogDisplay

from . import services
from .models import LeaveKind, LeaveRequest, TransitionLog
from .selectors import leave_visible_to


@admin.register(LeaveKind)
class LeaveKindAdmin(admin.ModelAdmin):
    """The national kinds of leave, kept by the office: which need a destination, which may be asked
    afterwards (事后补办), which count against 年休假 [51], [54]."""

    list_display = [
        "name",
        "category",
        "requires_destination",
        "allows_retroactive",
        "is_annual_leave",
        "active",
        "sort_order",
    ]
    list_editable = ["requires_destination", "allows_retroactive", "is_annual_leave", "active", "sort_order"]
    list_filter = ["category", "active"]
    ordering = ["sort_order", "name"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # kinds in use are referred to by requests; retire a kind by unticking 在用


class LogInline(TransitionLogDisplay, admin.TabularInline):
    model = TransitionLog
    extra = 0
    can_delete = False
    fields = TransitionLogDisplay.log_fields
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LeaveRequest)
class LeaveRequestAdmin(ServiceFSMAdminMixin, admin.ModelAdmin):
    """Read-only: requests change only through the services (撤回, 批准, 销假 are offered here after their
    permission check); nothing is deleted."""

    fsm_fields = ["state"]
    fsm_services = {
        "approve": services.leave_approve,
        "withdraw": services.leave_withdraw,
        "report_return": services.leave_return,
    }
    list_display = ["person", "kind", "start_date", "end_date", "working_days", "state", "approver", "retroactive"]
    list_filter = ["state", "kind", "retroactive", "leaves_county"]
    search_fields = ["person__profile__full_name", "person__username", "destination"]
    list_select_related = ["person__profile", "kind", "approver__profile"]
    date_hierarchy = "start_date"
    show_full_result_count = False
    ordering = ["-created_at", "-id"]
    inlines = [LogInline]

    def get_queryset(self, request):
        # The one visibility selector, in the admin too [54].
        return leave_visible_to(request.user)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "id"]

    def has_add_permission(self, request):
        return False  # requests are made by the person on the 请销假 pages
