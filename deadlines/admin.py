"""管理后台: the reminders sent (a read-only ledger), the calendar overrides, the scans that ran."""

from datetime import date
from importlib import metadata

from django.contrib import admin, messages
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils import timezone

from core import background

from . import registry, tasks
from .calendar import Source, source_of, source_spans, statutory_holiday_runs
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
    date_hierarchy = "day"
    # The page opens with where each year's holidays come from (change_list.html beside this app's templates).
    YEARS_SHOWN = 3  # this year and the next two

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), **calendar_sources(timezone.localdate().year, self.YEARS_SHOWN)}
        return super().changelist_view(request, extra_context)


def calendar_sources(first_year: int, count: int) -> dict:
    """Which source answers for which years, and for the years just ahead what the office has entered."""
    years = range(first_year, first_year + count)
    entered: dict[int, dict[str, int]] = {year: {} for year in years}
    rows = (
        CalendarOverride.objects.filter(day__gte=date(years.start, 1, 1), day__lte=date(years.stop - 1, 12, 31))
        .annotate(year=ExtractYear("day"))
        .values_list("year", "kind")
        .annotate(n=Count("id"))
    )
    for year, kind, n in rows:
        entered[year][kind] = n
    spans = {source: (first, last) for source, first, last in source_spans()}
    return {
        "calendar_versions": {name: _version(name) for name in ("chinesecalendar", "holidays")},
        "chinesecalendar_years": spans[Source.CHINESECALENDAR],
        "holidays_years": spans[Source.HOLIDAYS],
        "overrides_only_from": spans[Source.OVERRIDES_ONLY][0],
        "calendar_years": [
            {
                "year": year,
                "source": source_of(year),
                "workdays": entered[year].get(CalendarOverride.Kind.WORKDAY, 0),
                "holidays": entered[year].get(CalendarOverride.Kind.HOLIDAY, 0),
                "statutory": statutory_holiday_runs(year) if source_of(year) is Source.HOLIDAYS else [],
            }
            for year in years
        ],
    }


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "未安装"


@admin.register(ScanRun)
class ScanRunAdmin(admin.ModelAdmin):
    list_display = ["as_of", "kind", "via", "window_from", "candidates", "recorded", "status", "duration"]
    list_filter = ["kind", "via", "ok"]
    readonly_fields = [f.name for f in ScanRun._meta.fields]
    show_full_result_count = False

    @admin.display(description="结果")
    def status(self, obj):
        if obj.abandoned:
            return "已中止"
        return {True: "成功", False: "失败", None: "进行中"}[obj.ok]

    @admin.display(description="用时（毫秒）")
    def duration(self, obj):
        return obj.duration_ms

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
