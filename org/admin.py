from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .models import Absence, BusinessLine, ConfidentialityPledge, Position, Profile, Section, Unit
from .selectors import display_name

User = get_user_model()


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "is_active", "sort_order"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name"]
    list_editable = ["sort_order"]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "leader", "sort_order"]
    list_select_related = ["leader_in_charge__profile"]

    @admin.display(description="分管办公室领导", ordering="leader_in_charge__profile__full_name")
    def leader(self, obj):
        # No 分管 leader: the section's staff report to the office director [54], [15(1)].
        return display_name(obj.leader_in_charge) if obj.leader_in_charge else "—（由办公室主任负责）"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "leader_in_charge":
            field.queryset = field.queryset.select_related("profile").order_by("profile__sort_order", "pk")
            field.label_from_instance = lambda user: f"{display_name(user)}（{user.get_username()}）"
        return field


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["name", "rank", "sort_order"]
    list_filter = ["rank"]


@admin.register(BusinessLine)
class BusinessLineAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "deputy_head", "deputy_director"]
    search_fields = ["name", "code"]
    filter_horizontal = ["staff"]
    autocomplete_fields = ["deputy_head", "deputy_director"]


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    list_display = ["person", "reason", "starts_at", "ends_at", "note", "source"]
    list_filter = ["reason", "source"]
    list_select_related = ["person__profile"]
    autocomplete_fields = ["person"]
    search_fields = ["person__username", "person__profile__full_name"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["full_name", "user", "section", "position", "clearance", "is_secretarial_deputy"]
    list_filter = ["section", "clearance", "is_secretarial_deputy"]
    list_select_related = ["user", "section", "position"]
    search_fields = ["full_name", "user__username", "phone"]

    def has_delete_permission(self, request, obj=None):
        # People are deactivated, never deleted: documents and logs keep pointing at them.
        return False


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    verbose_name_plural = "人员档案"


admin.site.unregister(User)


@admin.register(User)
class OfficeUserAdmin(UserAdmin):
    inlines = [ProfileInline]
    list_display = ["username", "full_name", "section", "is_active", "is_staff"]
    list_select_related = ["profile__section"]
    search_fields = ["username", "profile__full_name", "email"]

    @admin.display(description="姓名", ordering="profile__full_name")
    def full_name(self, obj):
        return getattr(getattr(obj, "profile", None), "full_name", "")

    @admin.display(description="科室")
    def section(self, obj):
        profile = getattr(obj, "profile", None)
        return profile.section if profile else ""

    def has_delete_permission(self, request, obj=None):
        # Accounts are deactivated (is_active off), never deleted: the audit trail must keep its people.
        return False


@admin.register(ConfidentialityPledge)
class ConfidentialityPledgeAdmin(admin.ModelAdmin):
    list_display = ["user", "year", "acknowledged_at"]
    list_filter = ["year"]
    list_select_related = ["user"]
    readonly_fields = ["user", "year", "acknowledged_at"]

    def has_add_permission(self, request):
        return False  # each person confirms for themselves [32]

    def has_delete_permission(self, request, obj=None):
        return False
