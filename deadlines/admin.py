"""管理后台: the reminders sent (a read-only ledger), the calendar overrides, the scans that ran."""

from django.contrib import admin, messages

from core import background

from . import registry, tasks
from .calendar import covered_years
from .models import CalendarOverride, Reminder, ScanRun
from .services import DIGEST_RULE


class RuleFilter(admin.SimpleListFilter):
    """The rules come from the registry, not from a SELECT DISTINCT over the whole ledger (PERFORMANCE.md)."""

    title = "规则"
    parameter_name = "rule"

    def lookups(self, request, model_admin):
        rules = [(source.key, f"{source.label} {source.article}") for source in registry.sources()]
        return [*rules, (DIGEST_RULE, "每日逾期汇总")]

    def queryset(self, request, queryset):
        return queryset.filter(rule=self.value()) if self.value() else queryset


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["created_at", "title", "recipient", "rule", "article", "stage", "due_at", "status", "delivered_at"]
    list_filter = ["status", "stage", RuleFilter]
    list_select_related = ["recipient__profile"]
    search_fields = ["title", "recipient__username", "recipient__profile__full_name"]
    readonly_fields = [f.name for f in Reminder._meta.fields]
    ordering = ["-created_at", "-id"]
    # 1M-row tables: no full count, no date hierarchy (PERFORMANCE.md).
    show_full_result_count = False
    actions = ["resend_pending"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # The ledger is what keeps a reminder from going out twice; it is also the record of who was told.
        return False

    @admin.action(description="重新投递所选的待发送提醒")
    def resend_pending(self, request, queryset):
        ids = list(queryset.filter(status=Reminder.Status.PENDING).values_list("pk", flat=True)[:5000])
        if not ids:
            self.message_user(request, "所选提醒中没有待发送的。", messages.INFO)
            return
        if background.enqueue(tasks.deliver, ids):
            self.message_user(request, f"已将 {len(ids)} 条提醒交给后台发送。", messages.SUCCESS)
        else:
            self.message_user(
                request, "消息队列暂时无法连接，提醒仍为“待发送”，恢复后系统会自动补发。", messages.WARNING
            )


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["day", "kind", "note", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["note"]

    def changelist_view(self, request, extra_context=None):
        years = covered_years()
        extra_context = {
            **(extra_context or {}),
            "subtitle": (
                f"全国节假日及调休数据（chinesecalendar）覆盖 {years.start}–{years.stop - 1} 年；"
                f"之后的年份在数据更新前按周一至周五上班计算，请在此补录放假和调休上班的日期。"
            ),
        }
        return super().changelist_view(request, extra_context)


@admin.register(ScanRun)
class ScanRunAdmin(admin.ModelAdmin):
    list_display = ["as_of", "kind", "via", "window_from", "candidates", "recorded", "ok", "duration"]
    list_filter = ["kind", "via", "ok"]
    readonly_fields = [f.name for f in ScanRun._meta.fields]
    show_full_result_count = False

    @admin.display(description="用时（毫秒）")
    def duration(self, obj):
        return obj.duration_ms

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
