from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.urls import path
from django.utils.html import format_html, format_html_join

from . import absence_sources
from .admin_import import office_import_page, office_template
from .models import Absence, BusinessLine, ConfidentialityPledge, Position, Profile, Section, Unit
from .roles import permission_origins, role_of_group
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
    """外出记录. The clerk records county leaders' absences here [26(6)3]; an absence a chapter wrote (请销假
    writes one per approved request [54]) is shown read-only: its chapter keeps it exact (撤回, 续假, 销假), and
    an edit here would make it disagree with the request."""

    list_display = ["person", "reason", "starts_at", "ends_at", "note", "origin"]
    list_filter = ["reason", "source"]
    list_select_related = ["person__profile"]
    autocomplete_fields = ["person"]
    search_fields = ["person__username", "person__profile__full_name"]
    readonly_fields = ["origin_note"]

    @admin.display(description="来源", ordering="source")
    def origin(self, obj):
        return absence_sources.label_of(obj.source)

    @admin.display(description="来源")
    def origin_note(self, obj):
        if not absence_sources.written_by_a_chapter(obj):
            return absence_sources.label_of(absence_sources.MANUAL)
        label = absence_sources.label_of(obj.source)
        return f"由“{label}”自动生成，不能在此修改或删除；请在“{label}”中撤回、续假或销假。"

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not absence_sources.written_by_a_chapter(obj)

    # Never deleted (core.admin_rules): a request points to its absence; a mistaken one is corrected here.


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["full_name", "user", "section", "position", "clearance", "is_secretarial_deputy"]
    list_filter = ["section", "clearance", "is_secretarial_deputy"]
    list_select_related = ["user", "section", "position"]
    search_fields = ["full_name", "user__username", "phone"]

    def has_delete_permission(self, request, obj=None):
        # People are deactivated, never deleted: documents and logs keep pointing at them.
        return False

    def get_urls(self):
        # 从 Excel 导入办公室 (org/admin_import.py), linked from the org app page and the people lists.
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(office_import_page), {"admin_site": self.admin_site}, name="org_office_import"),
            path("import/template.xlsx", wrap(office_template), name="org_office_template"),
            *super().get_urls(),
        ]


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


# --- Role groups ------------------------------------------------------------------------------------------
# The code's role table is a floor: ``manage.py sync_roles`` (run by the deploy and by every migrate) puts back
# what the code lists and keeps what an administrator adds (第十五条). The page says so, in plain words.

ROLE_GROUP_NOTE = (
    "本组是系统角色“{role}”。“代码规定的权限”由系统代码设定：每次部署时同步角色权限"
    "（manage.py sync_roles；执行 migrate 时也会自动同步）都会补回，在此删去只能维持到下次同步。"
    "管理员在此另加的权限会保留，同步不会删除。"
)
OTHER_GROUP_NOTE = "本组不是系统角色：权限完全由管理员在此管理，同步角色权限时不会改动。"


def _permission_list(perms, missing=()):
    if not perms:
        return "（无）"
    missing = {perm.pk for perm in missing}
    return format_html(
        "<ul>{}</ul>",
        format_html_join(
            "",
            "<li>{}{}</li>",
            ((perm, "（已被删去，下次同步补回）" if perm.pk in missing else "") for perm in perms),
        ),
    )


admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(GroupAdmin):
    """Django's group page, telling which permissions come from the code and which an administrator added."""

    list_display = ["name", "is_role"]

    @admin.display(description="系统角色", boolean=True)
    def is_role(self, obj):
        return role_of_group(obj) is not None

    def _origins(self, obj):
        if not hasattr(obj, "_permission_origins"):
            obj._permission_origins = permission_origins(obj)
        return obj._permission_origins

    @admin.display(description="代码规定的权限（同步时补回）")
    def code_permissions(self, obj):
        origins = self._origins(obj)
        return _permission_list(origins.from_code, missing=origins.taken_out)

    @admin.display(description="管理员另加的权限（同步时保留）")
    def extra_permissions(self, obj):
        return _permission_list(self._origins(obj).extra)

    @admin.display(description="代码已不再规定的权限（下次同步撤下）")
    def withdrawn_permissions(self, obj):
        return _permission_list(self._origins(obj).withdrawn)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and role_of_group(obj):
            # Code and people find a role by its group's name: renaming it would orphan the role.
            return ["name", "code_permissions", "extra_permissions", "withdrawn_permissions"]
        return []

    def get_fieldsets(self, request, obj=None):
        role = role_of_group(obj) if obj is not None else None
        if role is None:
            return [(None, {"fields": ["name", "permissions"], "description": OTHER_GROUP_NOTE})]
        origin_fields = ["code_permissions", "extra_permissions"]
        if self._origins(obj).withdrawn:
            origin_fields.append("withdrawn_permissions")
        return [
            (None, {"fields": ["name", "permissions"], "description": ROLE_GROUP_NOTE.format(role=role.value)}),
            ("权限来源", {"fields": origin_fields}),
        ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and role_of_group(obj) and "permissions" in form.base_fields:
            form.base_fields[
                "permissions"
            ].help_text = "代码规定的权限删去后，下次同步（部署或 migrate）会补回；管理员另加的权限会保留。"
        return form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        group = form.instance
        if role_of_group(group) is None:
            return
        taken_out = permission_origins(group).taken_out
        if taken_out:
            messages.warning(
                request,
                "以下权限由代码规定，下次同步角色权限（部署或 migrate）时将补回："
                + "、".join(str(perm) for perm in taken_out),
            )

    def has_delete_permission(self, request, obj=None):
        # A role group deleted here would come back empty on the next sync, its members gone.
        if obj is not None and role_of_group(obj):
            return False
        return super().has_delete_permission(request, obj)
