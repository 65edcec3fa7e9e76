"""What people do to the organisation's records. Absences are written here (later by the leave app)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from .models import Absence, Profile, Unit, UnitKind


@transaction.atomic
def absence_record(
    *,
    actor,
    person,
    starts_at: datetime,
    ends_at: datetime,
    reason: str = Absence.Reason.TRIP,
    note: str = "",
    source: str = "manual",
) -> Absence:
    """Record that ``person`` is away; circulation passes over them while away [26(6)3]."""
    if actor != person and not actor.has_perm("org.add_absence"):
        raise PermissionDenied("您无权为他人登记外出。")
    if ends_at <= starts_at:
        raise ValidationError("结束时间必须晚于开始时间。")
    absence = Absence(person=person, starts_at=starts_at, ends_at=ends_at, reason=reason, note=note, source=source)
    absence.full_clean()
    absence.save()
    return absence


def password_changed(*, user) -> None:
    """The person chose their own password: the one-time password's restriction ends (org.middleware)."""
    Profile.objects.filter(user=user, must_change_password=True).update(must_change_password=False)


@transaction.atomic
def unit_create(*, actor, name: str, kind: str, short_name: str = "") -> Unit:
    """A new 来文单位, added by the clerk from the registration form when a new sender appears [26(1)]. Its kind
    decides the route [26]–[28], so it is asked for. A name already known (an inactive unit included) is
    refused with a pointer to the list rather than made twice."""
    if not actor.has_perm("org.add_unit"):
        raise PermissionDenied("您无权新增单位。")
    name, short_name = " ".join(name.split()), " ".join(short_name.split())
    if not name:
        raise ValidationError("请填写单位全称。")
    if kind not in UnitKind.values:
        raise ValidationError("请选择单位类别（决定来文按上级来文还是下级来文办理 [26]–[28]）。")
    existing = Unit.objects.filter(name=name).first()
    if existing is not None:
        state = "" if existing.is_active else "（已停用，请管理员恢复）"
        raise ValidationError(f"已有单位“{existing.name}”{state}，请在来文单位列表中选择。")
    unit = Unit(name=name, short_name=short_name, kind=kind, sort_order=900)
    unit.full_clean()
    unit.save()
    return unit
