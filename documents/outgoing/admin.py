"""发文 in the Django admin, in Chinese. Documents are read here and moved only through the services.

Transitions go through ``core.admin_fsm.ServiceFSMAdminMixin``: the transition's ``permission=`` is checked
and the regulation step's service runs (with its log entry), or the step is refused. Documents
are never deleted, and the list is the visibility selector's [31], [32].
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html_join

from core.admin_fsm import ServiceFSMAdminMixin, TransitionLogDisplay
from org.selectors import display_name

from . import selectors, services
from .models import OutgoingDocument, Series, StandingRecipient, TransitionLog


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["prefix", "name", "authority", "header", "is_letter", "is_active", "sort_order"]
    list_filter = ["authority", "is_active"]
    list_editable = ["is_active", "sort_order"]

    def has_delete_permission(self, request, obj=None):
        # A series that numbered documents stays: deactivate it instead (发文字号 must stay meaningful).
        return False


@admin.register(StandingRecipient)
class StandingRecipientAdmin(admin.ModelAdmin):
    list_display = ["__str__", "unit", "user", "copies", "is_active", "sort_order"]
    list_filter = ["is_active"]
    list_editable = ["copies", "is_active", "sort_order"]
    list_select_related = ["unit", "user__profile"]
    autocomplete_fields = ["user"]


@admin.register(OutgoingDocument)
class OutgoingDocumentAdmin(ServiceFSMAdminMixin, admin.ModelAdmin):
    fsm_fields = ["state"]
    fsm_services = services.ADMIN_STEPS  # 编号登记, 校对签字, 用印 — the rest have pages of their own
    list_display = ["number", "title", "state", "authority", "line", "drafter_name", "created_at"]
    list_filter = ["state", "authority", "series", "importance"]
    list_select_related = ["series", "line", "drafter__profile"]
    search_fields = ["title", "doc_number"]
    ordering = ["-created_at", "-id"]
    show_full_result_count = False  # PERFORMANCE.md: no full count on every admin page
    fieldsets = [
        (
            "文稿",
            {
                "fields": [
                    "authority",
                    "series",
                    "doc_type",
                    "title",
                    "main_recipients",
                    "copy_to",
                    "body",
                    "annotation",
                ]
            },
        ),
        ("归口与拟稿", {"fields": ["line", "importance", "origin", "drafting_unit", "drafter", "secret_level"]}),
        ("编号与印发", {"fields": ["doc_number", "issue_date", "copies", "distributed_at", "state", "version"]}),
        ("审签与记录", {"fields": ["route", "history", "revision_list"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Nothing is edited here: every change is a regulation step with its own service and log entry.
        return [f for fs in self.fieldsets for f in fs[1]["fields"]]

    def get_queryset(self, request):
        return selectors.outgoing_visible_to(request.user)

    def has_add_permission(self, request):
        return False  # drafts are written by line staff on the drafting page [30(1)]

    def has_delete_permission(self, request, obj=None):
        return False  # nothing is ever hard-deleted: the whole history is filed [30(5)]

    def save_model(self, request, obj, form, change):
        pass  # no field is editable; a posted transition goes through ``_apply_fsm_transition`` below

    def save_related(self, request, form, formsets, change):
        pass

    @admin.display(description="发文字号", ordering="doc_number")
    def number(self, obj):
        return obj.number_label

    @admin.display(description="拟稿人", ordering="drafter__profile__full_name")
    def drafter_name(self, obj):
        return display_name(obj.drafter)

    @admin.display(description="审签环节")
    def route(self, obj):
        steps = selectors.all_steps_of(obj)
        return (
            format_html_join(
                "",
                "<div>第{}轮 {} {}（{}）{} {}</div>",
                (
                    (
                        s.round,
                        s.get_kind_display(),
                        display_name(s.assignee),
                        s.get_status_display(),
                        s.acted_at or "",
                        s.opinion,
                    )
                    for s in steps
                ),
            )
            or "—"
        )

    @admin.display(description="办理记录")
    def history(self, obj):
        return (
            format_html_join(
                "",
                "<div>{} {} {} {}</div>",
                ((e.at, display_name(e.actor), e.action_label, e.comment) for e in selectors.history_of(obj)),
            )
            or "—"
        )

    @admin.display(description="文稿版本")
    def revision_list(self, obj):
        return (
            format_html_join(
                "",
                "<div>第{}稿 {} {} {}</div>",
                ((r.number, display_name(r.author), r.created_at, r.note) for r in selectors.revisions_of(obj)),
            )
            or "—"
        )

    def get_fsm_block_label(self, fsm_field_name: str) -> str:
        return "办理"


@admin.register(TransitionLog)
class TransitionLogAdmin(TransitionLogDisplay, admin.ModelAdmin):
    list_display = ["document_title", "action_label", "actor_name", "at", "from_label", "to_label"]
    fields = ["document_title", *TransitionLogDisplay.log_fields]
    readonly_fields = fields
    list_select_related = ["document", "actor__profile"]
    show_full_result_count = False
    ordering = ["-at", "-id"]

    @admin.display(description="发文稿")
    def document_title(self, obj):
        return str(obj.document)

    def get_queryset(self, request):
        # The log of a document is seen only by those who may see the document [32].
        return super().get_queryset(request).filter(document__in=selectors.outgoing_visible_to(request.user))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
