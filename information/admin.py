"""政务信息 in the admin: read and step through the services; the log is read-only (on the item's page); the scoring
table only grows (a change is a new row from a date, never an edit) [46]. Lists never count the whole table
(PERFORMANCE.md)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied

from core.admin_fsm import ServiceFSMAdminMixin, TransitionLogDisplay
from core.admin_paging import CappedCountPaginator

from . import rules, services
from .models import (
    Adoption,
    Attachment,
    InformationItem,
    InformationLog,
    Publication,
    PublicationEntry,
    Revision,
    ScoringRule,
    Sending,
)
from .selectors import items_visible_to


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RevisionInline(ReadOnlyInline):
    model = Revision
    fields = ["number", "title", "edited_by", "edited_at", "note"]
    readonly_fields = fields


class SendingInline(ReadOnlyInline):
    model = Sending
    fields = ["target", "sent_on", "channel", "sent_by", "note"]
    readonly_fields = fields


class AdoptionInline(ReadOnlyInline):
    model = Adoption
    fields = ["level", "publication", "adopted_on", "instruction", "instructed_by", "recorded_by"]
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ["name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


class LogInline(TransitionLogDisplay, ReadOnlyInline):
    model = InformationLog
    fields = TransitionLogDisplay.log_fields
    readonly_fields = fields


def _archive(*, actor, pk, **kwargs):
    return services.archive_item(actor=actor, pk=pk, **kwargs)


@admin.register(InformationItem)
class InformationItemAdmin(ServiceFSMAdminMixin, admin.ModelAdmin):
    fsm_fields = ["state"]
    # Only steps without a form are offered here, each through its service after its permission check [46].
    fsm_services = {"archive": _archive, "to_review": services.submit_for_review}
    list_display = ["title", "kind", "unit", "author", "state", "submitted_at", "first_sent_on", "adopted_on"]
    list_filter = ["state", "kind"]
    search_fields = ["title"]
    list_select_related = ["unit"]
    show_full_result_count = False  # PERFORMANCE.md: no full count of 500,000 rows
    paginator = CappedCountPaginator  # nor of the filtered set past 10,000
    list_per_page = 50
    ordering = ["-submitted_at", "-id"]
    inlines = [RevisionInline, SendingInline, AdoptionInline, AttachmentInline, LogInline]

    def get_queryset(self, request):
        # The one visibility selector, in the admin too [45].
        return items_visible_to(request.user)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "id"]

    def has_add_permission(self, request):
        return False  # items enter only through 来稿 [46]


class ScoringRuleForm(forms.ModelForm):
    class Meta:
        model = ScoringRule
        fields = ["key", "points", "effective_from", "note"]

    def clean(self):
        data = super().clean()
        if not self.errors:
            for problem in services.scoring_rule_problems(
                key=data.get("key"), points=data.get("points"), effective_from=data.get("effective_from")
            ):
                self.add_error(None, problem)
        return data


@admin.register(ScoringRule)
class ScoringRuleAdmin(admin.ModelAdmin):
    """计分标准 [46]: add-only. A change is a new row from a date (``services.set_scoring_rule``); the rows of
    earlier dates stay as they were, so a past year's ranking is recomputed exactly."""

    list_display = ["key", "points", "effective_from", "changed_by", "changed_at", "note"]
    list_filter = ["key"]
    list_select_related = ["changed_by"]
    ordering = ["key", "-effective_from"]
    fields = ["key", "points", "effective_from", "note"]
    form = ScoringRuleForm

    def has_add_permission(self, request):
        return rules.can_manage_scoring(request.user)

    def has_change_permission(self, request, obj=None):
        return obj is None and rules.can_manage_scoring(request.user)  # the list page, never a row's edit

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            raise PermissionDenied("计分标准不能修改，请新增一条起用日期更晚的标准 [46]。")
        saved = services.set_scoring_rule(
            actor=request.user, key=obj.key, points=obj.points, effective_from=obj.effective_from, note=obj.note
        )
        obj.pk = saved.pk
        obj.changed_by = saved.changed_by
        obj.changed_at = saved.changed_at


class EntryInline(ReadOnlyInline):
    model = PublicationEntry
    fields = ["order", "item"]
    readonly_fields = fields


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    """《政务信息》 as assembled and issued: made through the services (numbered at issue), read here."""

    list_display = ["__str__", "state", "issued_on", "editor", "created_by"]
    list_filter = ["year", "state"]
    list_select_related = ["created_by"]
    ordering = ["-year", "-number", "-id"]
    inlines = [EntryInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
