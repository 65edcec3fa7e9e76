"""Records in the admin: configuration (classes, retention schedule) is editable; every record is read-only,
seen through the same visibility as the pages, and nothing can be deleted [33], [34]."""

from django.contrib import admin

from .models import ArchiveClass, DestructionList, FileItem, FixityCheck, FixityProblem, RetentionRule, Transfer
from .selectors import destruction_lists_visible_to, items_visible_to


class NoDelete:
    def has_delete_permission(self, request, obj=None):
        return False  # nothing is ever hard-deleted


class ReadOnly(NoDelete):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ArchiveClass)
class ArchiveClassAdmin(NoDelete, admin.ModelAdmin):
    list_display = ["code", "name", "sort_order"]


@admin.register(RetentionRule)
class RetentionRuleAdmin(NoDelete, admin.ModelAdmin):
    list_display = ["kind", "retention", "archive_class", "priority"]
    list_editable = ["retention", "archive_class", "priority"]


@admin.register(FileItem)
class FileItemAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["archive_code", "title", "year", "retention", "archive_class", "transfer"]
    list_filter = ["year", "retention", "archive_class"]
    search_fields = ["archive_code", "title"]
    show_full_result_count = False

    def get_queryset(self, request):
        return items_visible_to(request.user)


@admin.register(Transfer)
class TransferAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["year", "handed_at", "handed_by", "received_by"]


@admin.register(DestructionList)
class DestructionListAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["title", "state", "drawn_up_by", "approved_by", "destroyed_at"]
    list_filter = ["state"]

    def get_queryset(self, request):
        return destruction_lists_visible_to(request.user)


@admin.register(FixityCheck)
class FixityCheckAdmin(ReadOnly, admin.ModelAdmin):
    """What each run of the integrity check did [33]; written only by the check."""

    list_display = ["started_at", "via", "checked", "mismatched", "missing", "unreadable", "new_problems"]
    list_filter = ["via"]


@admin.register(FixityProblem)
class FixityProblemAdmin(ReadOnly, admin.ModelAdmin):
    """Problems by 档号 and part only: the 件's title stays on the records pages, behind its visibility [32]."""

    list_display = ["component_id", "kind", "found_by", "last_seen_by", "closed_by", "reported_at"]
    list_filter = ["kind", ("closed_by", admin.EmptyFieldListFilter)]
    fields = ["kind", "expected_sha256", "found_sha256", "found_size", "detail", "found_by", "last_seen_by"]
