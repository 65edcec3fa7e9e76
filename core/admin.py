from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from .models import AccessRecord, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "created_at", "read_at", "email_status", "emailed_at"]
    list_filter = ["kind", "email_status"]
    list_select_related = ["recipient"]
    search_fields = ["title", "recipient__username"]
    readonly_fields = [
        "recipient",
        "title",
        "body",
        "url",
        "kind",
        "created_at",
        "read_at",
        "email_status",
        "emailed_at",
        "email_attempts",
        "email_error",
        "email_next_try_at",
    ]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False


@admin.register(AccessRecord)
class AccessRecordAdmin(admin.ModelAdmin):
    """访问记录: who opened which classified document (and whose personal data), when [32]. Read-only: the record
    is written by core.audit and nobody edits or deletes it here."""

    list_display = ["at", "user", "what", "item", "secret_level", "request_id"]
    list_filter = ["what", ("at", admin.DateFieldListFilter), "user", "content_type"]
    list_select_related = ["user"]
    # 收文2026-4 as people write it; "=17" finds the item with id 17.
    search_fields = ["label", "=object_id"]
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER  # no counting a table that only grows
    readonly_fields = [
        "at",
        "user",
        "what",
        "content_type",
        "object_id",
        "label",
        "secret_level",
        "request_id",
    ]
    fields = readonly_fields

    @admin.display(description="文件", ordering="label")
    def item(self, obj: AccessRecord):
        """The label, linking to the item's own admin page (built from the cached content type: no query)."""
        content_type = ContentType.objects.get_for_id(obj.content_type_id)  # cached per process: no query per row
        text = obj.label or f"{content_type.name} {obj.object_id}"
        try:
            url = reverse(f"admin:{content_type.app_label}_{content_type.model}_change", args=[obj.object_id])
        except NoReverseMatch:
            return text
        return format_html('<a href="{}">{}</a>', url, text)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
