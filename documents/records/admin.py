"""Records in the admin: configuration (classes, retention schedule) is editable; every record is read-only,
seen through the same visibility as the pages, and nothing can be deleted [33], [34]."""

from django.contrib import admin

from .models import ArchiveClass, DestructionList, FileItem, RetentionRule, Transfer
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
