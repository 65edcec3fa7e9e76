"""What the organisation answers: who holds a role, who is in charge of a line, who is away."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from .models import Absence, BusinessLine, Profile
from .roles import Role

User = get_user_model()


@dataclass(frozen=True)
class LineCharge:
    """Who is in charge of one business line (归口)."""

    line: BusinessLine
    deputy_head: object | None  # 分管副县长
    deputy_director: object | None  # 分管副主任
    staff: list = field(default_factory=list)  # 归口人员


def line_in_charge(line: BusinessLine | str) -> LineCharge:
    """The one question routing asks: who is in charge of this line? Accepts a line or its code."""
    if isinstance(line, str):
        line = BusinessLine.objects.select_related("deputy_head", "deputy_director").get(code=line)
    staff = list(line.staff.filter(is_active=True).select_related("profile").order_by("profile__sort_order"))
    return LineCharge(line=line, deputy_head=line.deputy_head, deputy_director=line.deputy_director, staff=staff)


def users_with_role(role: Role) -> QuerySet:
    return (
        User.objects.filter(is_active=True, groups__name=role.value)
        .select_related("profile")
        .order_by("profile__sort_order", "id")
    )


def secretarial_deputy():
    """The deputy director holding the secretarial portfolio (分管文秘副主任) [26(1)], or None."""
    profile = Profile.objects.filter(is_secretarial_deputy=True, user__is_active=True).select_related("user").first()
    return profile.user if profile else None


def away_user_ids(at: datetime | None = None, among=None) -> set[int]:
    """Ids of people away at the moment ``at`` (now by default) [26(6)3]."""
    at = at or timezone.now()
    qs = Absence.objects.filter(starts_at__lte=at, ends_at__gt=at)
    if among is not None:
        qs = qs.filter(person__in=among)
    return set(qs.values_list("person_id", flat=True))


def is_away(user, at: datetime | None = None) -> bool:
    return user.pk in away_user_ids(at, among=[user.pk])


def clearance_of(user) -> int:
    """The person's clearance (涉密等级) [31], [32]; no profile means none."""
    try:
        return int(user.profile.clearance)
    except (Profile.DoesNotExist, AttributeError):
        return 0


def display_name(user) -> str:
    """姓名 if the person has a profile, the account name otherwise."""
    try:
        return user.profile.full_name
    except Profile.DoesNotExist:
        return user.get_full_name() or user.get_username()
