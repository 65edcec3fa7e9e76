"""The organisation: roles, units, lines in charge, absences (第二章, 第十五条, [26]–[28], [26(6)3])."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from org import selectors, services
from org.demo import PEOPLE, build_demo_office
from org.models import BusinessLine, Profile, SecretLevel, Unit, UnitKind
from org.roles import Role, has_role, roles_of

pytestmark = pytest.mark.django_db


def _snapshot():
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.order_by("username")
    return {
        "users": [
            (u.username, u.email, u.is_staff, sorted(u.groups.values_list("name", flat=True)), u.password)
            for u in users
        ],
        "profiles": list(
            Profile.objects.order_by("user__username").values_list(
                "user__username",
                "full_name",
                "section__code",
                "position__name",
                "clearance",
                "is_secretarial_deputy",
            )
        ),
        "units": list(Unit.objects.order_by("name").values_list("name", "short_name", "kind")),
        "lines": [
            (
                line.code,
                line.deputy_head.username,
                line.deputy_director.username,
                sorted(line.staff.values_list("username", flat=True)),
            )
            for line in BusinessLine.objects.order_by("code")
        ],
        "groups": sorted(
            (g.name, sorted(g.permissions.values_list("codename", flat=True))) for g in Group.objects.all()
        ),
    }


def test_seed_demo_twice_gives_the_same_office():
    call_command("seed_demo", stdout=StringIO())
    first = _snapshot()
    call_command("seed_demo", stdout=StringIO())
    assert _snapshot() == first
    assert len(first["users"]) == len(PEOPLE)


def test_demo_office_has_one_person_per_role():
    held = {role for user in build_demo_office().values() for role in roles_of(user)}
    assert held == set(Role)


def test_every_role_is_a_group_named_in_chinese(office):
    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}


def test_demo_units_cover_every_kind():
    build_demo_office()
    assert set(Unit.objects.values_list("kind", flat=True)) == set(UnitKind.values)
    assert Unit.objects.count() >= 12


@pytest.mark.parametrize(
    ("kind", "superior_route"),
    [
        (UnitKind.SUPERIOR, True),  # [26]
        (UnitKind.COUNTY_ORGAN, True),  # [27]
        (UnitKind.PEER, True),  # [27]
        (UnitKind.TOWNSHIP, False),  # [28]
        (UnitKind.DEPARTMENT, False),  # [28]
        (UnitKind.COUNTY_UNIT, False),  # [28]
    ],
)
def test_unit_kind_decides_the_route(kind, superior_route):
    assert Unit(name="x", kind=kind).follows_superior_route is superior_route


def test_who_is_in_charge_of_a_line(office):
    charge = selectors.line_in_charge(office.lines["agriculture"])
    assert charge.deputy_head == office["fuxianzhang1"]
    assert charge.deputy_director == office["fuzhuren"]
    assert charge.staff == [office["guikou2"]]


def test_secretarial_deputy_is_the_flagged_deputy_director(office):
    # 分管文秘副主任 [26(1)]
    assert selectors.secretarial_deputy() == office["fuzhuren_wenmi"]


def test_only_one_secretarial_deputy(office):
    with pytest.raises(IntegrityError), transaction.atomic():
        Profile.objects.filter(user=office["fuzhuren"]).update(is_secretarial_deputy=True)


def test_away_leader_is_known_during_the_absence_only(office):
    # Circulation passes over a leader who is away [26(6)3].
    now = timezone.now()
    leader = office["fuxianzhang1"]
    services.absence_record(
        actor=office["shoufa"],
        person=leader,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=2),
    )
    assert selectors.is_away(leader)
    assert not selectors.is_away(leader, now + timedelta(days=3))
    assert not selectors.is_away(office["fuxianzhang2"])
    assert selectors.away_user_ids() == {leader.pk}


def test_absence_needs_permission_to_record_for_others(office):
    now = timezone.now()
    with pytest.raises(PermissionDenied):
        services.absence_record(
            actor=office["guikou1"], person=office["guikou2"], starts_at=now, ends_at=now + timedelta(hours=2)
        )
    with pytest.raises(ValidationError):
        services.absence_record(actor=office["guikou1"], person=office["guikou1"], starts_at=now, ends_at=now)


def test_clearances_of_demo_people():
    demo = build_demo_office()
    assert demo["xianzhang"].profile.clearance == SecretLevel.TOP_SECRET
    assert demo["guikou3"].profile.clearance == SecretLevel.NONE


def test_has_role(office):
    assert has_role(office["fazhi"], Role.LINE_STAFF)
    assert has_role(office["fazhi"], Role.SECTION_CHIEF)
    assert not has_role(office["fazhi"], Role.REGISTRY_CLERK)
