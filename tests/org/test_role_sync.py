"""Role permissions (第二章, 第十五条): the code's table is a floor an administrator can build on.

``manage.py sync_roles`` (and every ``migrate``) puts back what the code lists, takes back what the code
granted once and lists no more, and keeps what an administrator added in the admin.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.urls import reverse

from org.models import CodeGrantedPermission
from org.roles import ROLE_PERMISSIONS, Role, permission_origins, sync_roles

pytestmark = pytest.mark.django_db
User = get_user_model()

CODE_PERM = "org.view_unit"  # the code gives it to 归口人员
EXTRA_PERM = "org.delete_unit"  # the code gives it to no role


def perm(name: str) -> Permission:
    app_label, codename = name.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def perms_of(role: Role) -> set[str]:
    group = Group.objects.get(name=role.value)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def sync(*args: str) -> str:
    out = StringIO()
    call_command("sync_roles", *args, stdout=out)
    return out.getvalue()


def state():
    through = Group.permissions.through
    return (
        sorted(Group.objects.values_list("name", flat=True)),
        sorted(through.objects.values_list("group__name", "permission__codename")),
        sorted(CodeGrantedPermission.objects.values_list("group__name", "permission__codename")),
    )


@pytest.fixture
def synced():
    sync_roles()
    assert CODE_PERM in ROLE_PERMISSIONS[Role.LINE_STAFF]
    assert not any(EXTRA_PERM in perms for perms in ROLE_PERMISSIONS.values())


def test_every_role_gets_the_permissions_the_code_lists(synced):
    """第十五条: one group per role, carrying the code's table."""
    installed = {
        f"{app}.{codename}" for app, codename in Permission.objects.values_list("content_type__app_label", "codename")
    }
    for role in Role:
        assert perms_of(role) >= ROLE_PERMISSIONS[role] & installed, role


def test_an_administrators_extra_grant_survives_sync(synced):
    """What an administrator adds in the admin is kept: sync adds, it does not overwrite."""
    Group.objects.get(name=Role.LINE_STAFF.value).permissions.add(perm(EXTRA_PERM))
    output = sync()
    assert EXTRA_PERM in perms_of(Role.LINE_STAFF)
    assert "保留管理员另加的权限 1 项" in output


def test_a_code_permission_removed_in_the_admin_comes_back(synced):
    """The code's table is the floor: a listed permission taken out in the admin is restored on sync."""
    Group.objects.get(name=Role.LINE_STAFF.value).permissions.remove(perm(CODE_PERM))
    output = sync()
    assert CODE_PERM in perms_of(Role.LINE_STAFF)
    assert f"补上：{Role.LINE_STAFF.value} ← {CODE_PERM}" in output


def test_a_permission_the_code_no_longer_lists_is_taken_back_and_extras_stay(synced, monkeypatch):
    """Only what the code itself granted, and has since dropped, is removed."""
    Group.objects.get(name=Role.LINE_STAFF.value).permissions.add(perm(EXTRA_PERM))
    monkeypatch.setitem(ROLE_PERMISSIONS, Role.LINE_STAFF, ROLE_PERMISSIONS[Role.LINE_STAFF] - {CODE_PERM})
    output = sync()
    assert CODE_PERM not in perms_of(Role.LINE_STAFF)
    assert EXTRA_PERM in perms_of(Role.LINE_STAFF)
    assert f"撤下：{Role.LINE_STAFF.value} → {CODE_PERM}" in output
    # Other roles that still list it keep it.
    assert CODE_PERM in perms_of(Role.SECTION_CHIEF)

    # An administrator who wants it back for this role adds it: from now on it is theirs, and stays.
    Group.objects.get(name=Role.LINE_STAFF.value).permissions.add(perm(CODE_PERM))
    sync()
    assert CODE_PERM in perms_of(Role.LINE_STAFF)


def test_a_permission_the_code_starts_listing_is_granted_and_recorded(synced, monkeypatch):
    monkeypatch.setitem(ROLE_PERMISSIONS, Role.TYPIST, ROLE_PERMISSIONS[Role.TYPIST] | {"org.view_section"})
    sync()
    assert "org.view_section" in perms_of(Role.TYPIST)
    assert CodeGrantedPermission.objects.filter(
        group__name=Role.TYPIST.value, permission=perm("org.view_section")
    ).exists()


def test_sync_twice_changes_nothing(synced):
    """Idempotent: the second run writes nothing and says so."""
    Group.objects.get(name=Role.LINE_STAFF.value).permissions.add(perm(EXTRA_PERM))
    Group.objects.get(name=Role.ARCHIVIST.value).permissions.clear()
    sync()
    first = state()
    output = sync()
    assert state() == first
    assert output.startswith("角色权限无需变动")


def test_the_command_prints_a_short_chinese_summary(synced):
    output = sync()
    assert output.strip().splitlines() == [
        f"角色权限无需变动：{len(Role)} 个角色组，"
        f"代码规定的权限 {sync_roles(dry_run=True).code_total} 项齐全，保留管理员另加的权限 0 项。"
    ]


def test_missing_role_groups_are_created(synced):
    Group.objects.filter(name=Role.DUTY_OFFICER.value).delete()
    output = sync()
    assert Group.objects.filter(name=Role.DUTY_OFFICER.value).exists()
    assert f"新建角色组：{Role.DUTY_OFFICER.value}" in output


def test_dry_run_writes_nothing(synced):
    Group.objects.get(name=Role.LINE_STAFF.value).permissions.remove(perm(CODE_PERM))
    before = state()
    output = sync("--dry-run")
    assert state() == before
    assert output.startswith("（试运行，未写入）角色权限将同步")
    assert CODE_PERM in output


def test_groups_that_are_not_roles_are_never_touched(synced):
    own = Group.objects.create(name="临时专班")
    own.permissions.add(perm(CODE_PERM), perm(EXTRA_PERM))
    sync()
    assert set(own.permissions.values_list("codename", flat=True)) == {"view_unit", "delete_unit"}


def test_migrate_still_syncs_the_roles(synced):
    """The post_migrate signal runs the same sync, so a bare ``migrate`` leaves the roles right."""
    Group.objects.get(name=Role.LINE_STAFF.value).permissions.remove(perm(CODE_PERM))
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert CODE_PERM in perms_of(Role.LINE_STAFF)


def test_sync_costs_a_handful_of_queries(synced, django_assert_max_num_queries):
    """It runs after every migrate and in every test's demo office: a few queries, not a few per role."""
    with django_assert_max_num_queries(6):
        sync_roles()


# --- The Group admin page says where each permission comes from -----------------------------------------


@pytest.fixture
def admin_client(client, synced):
    superuser = User.objects.create_superuser("root", password="x")
    client.force_login(superuser)
    return client


def test_the_group_page_says_which_permissions_come_from_code_and_that_extras_are_kept(admin_client):
    group = Group.objects.get(name=Role.LINE_STAFF.value)
    group.permissions.add(perm(EXTRA_PERM))
    html = admin_client.get(reverse("admin:auth_group_change", args=[group.pk])).content.decode()
    assert "代码规定的权限（同步时补回）" in html
    assert "管理员另加的权限（同步时保留）" in html
    assert "管理员在此另加的权限会保留，同步不会删除" in html
    assert "manage.py sync_roles" in html
    origins = permission_origins(group)
    assert {p.codename for p in origins.extra} == {"delete_unit"}
    assert "view_unit" in {p.codename for p in origins.from_code}


def test_the_group_page_of_a_non_role_group_says_sync_leaves_it_alone(admin_client):
    group = Group.objects.create(name="临时专班")
    html = admin_client.get(reverse("admin:auth_group_change", args=[group.pk])).content.decode()
    assert "本组不是系统角色" in html


def test_removing_a_code_permission_in_the_admin_warns_it_will_come_back(admin_client):
    group = Group.objects.get(name=Role.LINE_STAFF.value)
    keep = [p.pk for p in group.permissions.all() if p.codename != "view_unit"]
    url = reverse("admin:auth_group_change", args=[group.pk])
    response = admin_client.post(url, {"permissions": keep}, follow=True)
    assert response.status_code == 200
    assert "下次同步角色权限（部署或 migrate）时将补回" in response.content.decode()
    assert CODE_PERM not in perms_of(Role.LINE_STAFF)
    assert "已被删去，下次同步补回" in admin_client.get(url).content.decode()
    sync()
    assert CODE_PERM in perms_of(Role.LINE_STAFF)


def test_a_role_group_can_be_neither_renamed_nor_deleted_in_the_admin(admin_client):
    """Roles are found by their group's name; a deleted one would come back empty on the next sync."""
    group = Group.objects.get(name=Role.LINE_STAFF.value)
    admin_client.post(reverse("admin:auth_group_change", args=[group.pk]), {"name": "改名", "permissions": []})
    group.refresh_from_db()
    assert group.name == Role.LINE_STAFF.value
    assert admin_client.get(reverse("admin:auth_group_delete", args=[group.pk])).status_code == 403
