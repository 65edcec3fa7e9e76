"""The office's roles, one per row of REGULATION.md's role table (第二章, 第十五条).

A role is a Django group named in Chinese. Each role lists the model permissions it carries; apps that
arrive later add theirs to ``ROLE_PERMISSIONS`` in their own ``roles.py`` and they are synced on migrate.
A person may hold several roles (a section chief who is also line staff, say).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from enum import StrEnum

from django.contrib.auth.models import Group, Permission

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


COUNTY_LEADERS = frozenset({Role.COUNTY_HEAD, Role.EXECUTIVE_DEPUTY_HEAD, Role.DEPUTY_HEAD})
OFFICE_LEADERS = frozenset({Role.OFFICE_DIRECTOR, Role.DEPUTY_DIRECTOR})
OFFICE_STAFF = frozenset(set(Role) - COUNTY_LEADERS)

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


def sync_role_groups() -> dict[Role, Group]:
    """Create one group per role and give it exactly the permissions listed above. Idempotent."""
    wanted = {perm for perms in ROLE_PERMISSIONS.values() for perm in perms}
    by_name: dict[str, Permission] = {}
    for perm in Permission.objects.select_related("content_type"):
        by_name[f"{perm.content_type.app_label}.{perm.codename}"] = perm
    missing = sorted(wanted - by_name.keys())
    if missing:
        logger.debug("permissions not installed yet, skipped: %s", missing)
    groups = {}
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        group.permissions.set([by_name[p] for p in ROLE_PERMISSIONS[role] if p in by_name])
        groups[role] = group
    return groups


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
