"""What people do to the organisation's records. Absences are written here (later by the leave app)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from .models import Absence, Profile


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
