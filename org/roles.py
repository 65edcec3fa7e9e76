"""The office's roles, one per row of REGULATION.md's role table (第二章, 第十五条).

A role is a Django group named in Chinese. Each role lists the model permissions it carries; apps that
arrive later add theirs to ``ROLE_PERMISSIONS`` in their own ``roles.py`` (through ``grant``).
A person may hold several roles (a section chief who is also line staff, say).

The code's table is a floor, not the whole truth: ``manage.py sync_roles`` (run by the deploy, and by every
``migrate`` through the post_migrate signal) gives each role group every permission the code lists, takes
back only what the code granted before and lists no more, and leaves alone whatever an administrator added
in the admin. ``CodeGrantedPermission`` remembers what the code granted, so the two can be told apart.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from .models import CodeGrantedPermission

logger = logging.getLogger(__name__)


class Role(StrEnum):
    """The group name is what users read, so it is the Chinese title."""

    COUNTY_HEAD = "县长"
    EXECUTIVE_DEPUTY_HEAD = "常务副县长"
    DEPUTY_HEAD = "副县长"
    OFFICE_DIRECTOR = "办公室主任"
    DEPUTY_DIRECTOR = "办公室副主任"
    SECTION_CHIEF = "科长"
    REGISTRY_CLERK = "收发秘书"
    LINE_STAFF = "归口人员"
    TYPIST = "打字员"
    DUTY_OFFICER = "值班人员"
    PETITION_RECEPTIONIST = "信访接待"
    ARCHIVIST = "档案管理员"
    # 政务信息 [44]–[46]: collects, screens, edits and sends the county's information to the province and prefecture.
    INFORMATION_OFFICER = "政务信息员"
    # 政务公开 [35], [36]: keeps the units' disclosure checklists, inspects and assesses them.
    DISCLOSURE_OFFICER = "政务公开专员"
    # A person of a department or township (outside the office) who reports on their own unit's items only:
    # supervision [40], petitions [48], information [46], disclosure [36]. Their unit is ``Profile.unit``.
    UNIT_CONTACT = "单位联络员"


COUNTY_LEADERS = frozenset({Role.COUNTY_HEAD, Role.EXECUTIVE_DEPUTY_HEAD, Role.DEPUTY_HEAD})
OFFICE_LEADERS = frozenset({Role.OFFICE_DIRECTOR, Role.DEPUTY_DIRECTOR})
# People outside the office: they see their own unit's items in the chapters that name them, nothing else.
OUTSIDE_ROLES = frozenset({Role.UNIT_CONTACT})
OFFICE_STAFF = frozenset(set(Role) - COUNTY_LEADERS - OUTSIDE_ROLES)

# Model permissions per role, as "app_label.codename". Permissions of apps not installed yet are skipped.
ROLE_PERMISSIONS: dict[Role, set[str]] = {role: set() for role in Role}
ROLE_PERMISSIONS[Role.OFFICE_DIRECTOR] |= {
    "org.view_unit",
    "org.view_businessline",
    "org.view_absence",
    "org.add_absence",
    "org.change_absence",
}
ROLE_PERMISSIONS[Role.DEPUTY_DIRECTOR] |= {"org.view_unit", "org.view_businessline", "org.view_absence"}
ROLE_PERMISSIONS[Role.REGISTRY_CLERK] |= {
    "org.view_unit",
    "org.add_unit",
    "org.change_unit",
    "org.view_businessline",
    "org.view_absence",
    "org.add_absence",
    "org.change_absence",
}
ROLE_PERMISSIONS[Role.SECTION_CHIEF] |= {"org.view_unit", "org.view_businessline", "org.view_absence"}
ROLE_PERMISSIONS[Role.LINE_STAFF] |= {"org.view_unit", "org.view_businessline"}
ROLE_PERMISSIONS[Role.ARCHIVIST] |= {"org.view_unit"}


def grant(role: Role, permissions: Iterable[str]) -> None:
    """Called by later apps (at import of their ``roles`` module) to add the permissions a role carries."""
    ROLE_PERMISSIONS[role] |= set(permissions)


@dataclass
class RoleSync:
    """What one run of ``sync_roles`` did (or, with ``dry_run``, would do)."""

    groups: dict[Role, Group] = field(default_factory=dict)
    created_groups: list[str] = field(default_factory=list)
    added: list[tuple[str, str]] = field(default_factory=list)  # (group, "app.codename") put (back) in
    removed: list[tuple[str, str]] = field(default_factory=list)  # code granted it once, lists it no more
    code_total: int = 0  # role-permission pairs the code lists and the database has
    extra_kept: int = 0  # pairs an administrator added, left alone
    missing: list[str] = field(default_factory=list)  # listed by the code, not installed (yet)
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.created_groups or self.added or self.removed)

    def summary(self, *, limit: int | None = None) -> str:
        """A short Chinese account: one line, then one line per change (only the count past ``limit``)."""
        prefix = "（试运行，未写入）" if self.dry_run else ""
        if self.changed:
            verb = "将同步" if self.dry_run else "已同步"
            head = (
                f"{prefix}角色权限{verb}：{len(Role)} 个角色组（新建 {len(self.created_groups)} 个），"
                f"补上代码规定的权限 {len(self.added)} 项，撤下代码不再规定的权限 {len(self.removed)} 项，"
                f"保留管理员另加的权限 {self.extra_kept} 项。"
            )
        else:
            head = (
                f"{prefix}角色权限无需变动：{len(Role)} 个角色组，代码规定的权限 {self.code_total} 项齐全，"
                f"保留管理员另加的权限 {self.extra_kept} 项。"
            )
        details = [f"  新建角色组：{name}" for name in self.created_groups]
        details += [f"  补上：{group} ← {perm}" for group, perm in self.added]
        details += [f"  撤下：{group} → {perm}" for group, perm in self.removed]
        if limit is not None and len(details) > limit:
            details = [f"  （逐项改动共 {len(details)} 行，加 -v 2 列出）"]
        if self.missing:
            details.append(f"  代码列出但尚未安装的权限（已跳过）：{'、'.join(self.missing)}")
        return "\n".join([head, *details])


def sync_roles(*, dry_run: bool = False) -> RoleSync:
    """Bring every role group up to the code's table; idempotent, a handful of queries whatever the size.

    - every permission the code lists for a role is in its group (one an administrator removed comes back);
    - a permission the code granted before (``CodeGrantedPermission``) and no longer lists is taken out;
    - any other permission in the group was added by an administrator and is kept;
    - groups that are not roles are never touched.
    """
    report = RoleSync(dry_run=dry_run)
    through = Group.permissions.through
    with transaction.atomic():
        pk_of: dict[str, int] = {}
        for pk, app_label, codename in Permission.objects.values_list("pk", "content_type__app_label", "codename"):
            pk_of[f"{app_label}.{codename}"] = pk
        name_of = {pk: name for name, pk in pk_of.items()}
        wanted_names = {perm for perms in ROLE_PERMISSIONS.values() for perm in perms}
        report.missing = sorted(wanted_names - pk_of.keys())
        if report.missing:
            logger.debug("permissions not installed yet, skipped: %s", report.missing)

        names = [role.value for role in Role]
        existing = {group.name: group for group in Group.objects.filter(name__in=names)}
        report.created_groups = [name for name in names if name not in existing]
        if report.created_groups and not dry_run:
            Group.objects.bulk_create([Group(name=name) for name in report.created_groups], ignore_conflicts=True)
            existing = {group.name: group for group in Group.objects.filter(name__in=names)}
        report.groups = {role: existing[role.value] for role in Role if role.value in existing}

        group_ids = [group.pk for group in report.groups.values()]
        held: dict[int, set[int]] = {pk: set() for pk in group_ids}
        for group_id, perm_id in through.objects.filter(group_id__in=group_ids).values_list(
            "group_id", "permission_id"
        ):
            held[group_id].add(perm_id)
        granted: dict[int, set[int]] = {pk: set() for pk in group_ids}
        for group_id, perm_id in CodeGrantedPermission.objects.filter(group_id__in=group_ids).values_list(
            "group_id", "permission_id"
        ):
            granted[group_id].add(perm_id)

        to_add: list = []
        to_record: list[CodeGrantedPermission] = []
        to_remove: list[tuple[int, set[int]]] = []  # out of the group
        to_forget: list[tuple[int, set[int]]] = []  # out of the record
        for role in Role:
            group = report.groups.get(role)
            has = held.get(group.pk, set()) if group else set()
            had = granted.get(group.pk, set()) if group else set()
            wants = {pk_of[name] for name in ROLE_PERMISSIONS[role] if name in pk_of}
            dropped = had - wants  # the code granted these once and lists them no more
            report.code_total += len(wants)
            report.added += sorted((role.value, name_of[pk]) for pk in wants - has)
            report.removed += sorted((role.value, name_of[pk]) for pk in dropped & has)
            report.extra_kept += len(has - wants - dropped)
            if group is None:  # dry run: the group does not exist yet
                continue
            to_add += [through(group_id=group.pk, permission_id=pk) for pk in wants - has]
            to_record += [CodeGrantedPermission(group=group, permission_id=pk) for pk in wants - had]
            if dropped & has:
                to_remove.append((group.pk, dropped & has))
            if dropped:
                to_forget.append((group.pk, dropped))
        if dry_run:
            return report
        if to_add:
            through.objects.bulk_create(to_add, ignore_conflicts=True)
        if to_record:
            CodeGrantedPermission.objects.bulk_create(to_record, ignore_conflicts=True)
        for group_id, perm_ids in to_remove:
            through.objects.filter(group_id=group_id, permission_id__in=perm_ids).delete()
        for group_id, perm_ids in to_forget:
            CodeGrantedPermission.objects.filter(group_id=group_id, permission_id__in=perm_ids).delete()
    return report


def sync_role_groups() -> dict[Role, Group]:
    """Sync (see ``sync_roles``) and return the role groups; what the demo office and tests need."""
    return sync_roles().groups


@dataclass(frozen=True)
class PermissionOrigins:
    """A role group's permissions as the Group admin page shows them."""

    role: Role | None
    from_code: list[Permission]  # listed by the code: a sync puts them back if removed
    extra: list[Permission]  # added by an administrator: a sync keeps them
    taken_out: list[Permission]  # listed by the code, missing from the group now: the next sync restores them
    withdrawn: list[Permission]  # granted by the code once, listed no more: the next sync removes them


def role_of_group(group: Group) -> Role | None:
    try:
        return Role(group.name)
    except ValueError:
        return None


def permission_origins(group: Group) -> PermissionOrigins:
    """Which of a group's permissions the code sets and which an administrator added (three queries)."""
    role = role_of_group(group)
    held = list(group.permissions.select_related("content_type")) if group.pk else []
    if role is None:
        return PermissionOrigins(role=None, from_code=[], extra=held, taken_out=[], withdrawn=[])
    listed = Q(pk__in=[])
    for name in ROLE_PERMISSIONS[role]:
        app_label, _, codename = name.partition(".")
        listed |= Q(content_type__app_label=app_label, codename=codename)
    code = list(Permission.objects.filter(listed).select_related("content_type"))
    code_ids = {perm.pk for perm in code}
    granted_ids = (
        set(CodeGrantedPermission.objects.filter(group=group).values_list("permission_id", flat=True))
        if group.pk
        else set()
    )
    held_ids = {perm.pk for perm in held}
    return PermissionOrigins(
        role=role,
        from_code=code,
        extra=[perm for perm in held if perm.pk not in code_ids and perm.pk not in granted_ids],
        taken_out=[perm for perm in code if perm.pk not in held_ids],
        withdrawn=[perm for perm in held if perm.pk not in code_ids and perm.pk in granted_ids],
    )


def roles_of(user) -> frozenset[Role]:
    """The roles a user holds, read once per request and cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_zaduo_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(role for role in Role if role.value in names)
        user._zaduo_roles = cached
    return cached


def has_role(user, *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))
