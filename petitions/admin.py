"""The admin's view of petitions: read-only, through the one visibility selector, personal data always masked.

Superusers browse it as office leaders do: every case, but a petitioner's ID number, phone and address only as
``6301**********1234`` — the admin never shows the clear values, nor offers the encrypted fields as form
fields (个人信息保护法; issue 19) [48]. Steps are taken on the pages through the services; nothing is deleted.
"""

from django.contrib import admin

from core.admin_fsm import ServiceFSMAdminMixin, TransitionLogDisplay

from .models import Case, CaseAttachment, CaseLog, Extension, Incident, LookupLog, Petitioner, Referral, Review
from .selectors import cases_visible_to, show_petitioner


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PetitionerInline(ReadOnlyInline):
    """Masked for everyone here: the admin is no place to read a petitioner's numbers [48]."""

    model = Petitioner
    fields = ["position", "name", "masked_id_number", "masked_phone", "masked_address", "township", "is_representative"]
    readonly_fields = fields

    def get_queryset(self, request):
        # The encrypted columns are read only to be masked; the inline never renders a model form for them.
        return super().get_queryset(request).select_related("township")

    @admin.display(description="身份证号码")
    def masked_id_number(self, obj):
        return show_petitioner(obj, clear=False).id_number

    @admin.display(description="联系电话")
    def masked_phone(self, obj):
        return show_petitioner(obj, clear=False).phone

    @admin.display(description="住址")
    def masked_address(self, obj):
        return show_petitioner(obj, clear=False).address


class ReferralInline(ReadOnlyInline):
    model = Referral
    fields = ["unit", "kind", "opinion", "routed_at", "routed_by", "due", "answer", "answered_at", "superseded_at"]
    readonly_fields = fields


class ExtensionInline(ReadOnlyInline):
    model = Extension
    fields = ["reason", "days", "old_due", "new_due", "requested_by", "approved", "decided_by", "comment"]
    readonly_fields = fields


class ReviewInline(ReadOnlyInline):
    model = Review
    fields = ["kind", "requested_on", "due", "opinion", "upheld", "decided_at"]
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = CaseAttachment
    fields = ["name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


class LogInline(TransitionLogDisplay, ReadOnlyInline):
    model = CaseLog
    fields = TransitionLogDisplay.log_fields
    readonly_fields = fields


@admin.register(Case)
class CaseAdmin(ServiceFSMAdminMixin, admin.ModelAdmin):
    fsm_fields = ["state"]
    fsm_services: dict = {}  # every step needs a reason, an opinion or a person: taken on the case's page
    list_display = ["number", "title", "channel", "category", "township", "unit", "state", "received_at"]
    list_filter = ["state", "channel", "category", "is_group", "is_repeat"]
    search_fields = ["number", "title"]  # never a petitioner: that search is logged, on the desk's page [48]
    list_select_related = ["township", "unit"]
    show_full_result_count = False  # PERFORMANCE.md: no full count of a million rows
    ordering = ["-received_at", "-id"]
    inlines = [PetitionerInline, ReferralInline, ExtensionInline, ReviewInline, AttachmentInline, LogInline]

    def get_queryset(self, request):
        # The one visibility selector, in the admin too.
        return cases_visible_to(request.user)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "id"] + ["earlier"]

    def has_add_permission(self, request):
        return False  # every case is registered at the desk, through register_case [48]


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    """信访突发事件 [49], as recorded."""

    list_display = ["occurred_at", "place", "people_count", "case"]
    list_select_related = ["case"]
    show_full_result_count = False
    ordering = ["-occurred_at", "-id"]
    readonly_fields = [f.name for f in Incident._meta.fields if f.name != "id"]
    exclude = ["petitioners"]  # the people are shown on the case, masked

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LookupLog)
class LookupLogAdmin(admin.ModelAdmin):
    """Who looked a person up, when and why [48]; the keyed hash only, never the number searched."""

    list_display = ["at", "user", "kind", "reason", "result_count"]
    list_filter = ["kind"]
    list_select_related = ["user"]
    show_full_result_count = False
    ordering = ["-at", "-id"]
    readonly_fields = [f.name for f in LookupLog._meta.fields if f.name != "id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
