"""What the organisation answers: who holds a role, who is in charge of a line or a person, who is away."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from .models import Absence, BusinessLine, Profile, Section
from .roles import COUNTY_LEADERS, OUTSIDE_ROLES, Role, roles_of

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


def _holds(*roles: Role) -> Exists:
    """Annotation: the outer user is in the group of one of ``roles``."""
    names = [role.value for role in roles]
    return Exists(User.groups.through.objects.filter(user_id=OuterRef("pk"), group__name__in=names))


def leader_in_charge_of(person) -> User | None:
    """The leader this person reports to (分管领导): whom leave [54], [51], supervision [38] and duty ask.

    - office director (办公室主任) → the 常务副县长, or the 县长 when there is none. The text is silent
      (第五十二、五十三条 are missing); the director assists the county head and deputy heads [15(1)], and the
      常务副县长 is the county leader who runs the government's day-to-day work, the office's included.
    - deputy director (办公室副主任) → the office director [51].
    - anyone else in the office (科长, 归口人员, 收发秘书 …) → the 分管办公室领导 of their section [54], [15(2)];
      the office director when the section has none, or the person has no section [15(1)].
    - county leaders (县长, 副县长) → None: the office's rules do not govern their absences.
    - None also when nobody fits (the post is vacant, the leader's account is inactive), or ``person`` is not
      a signed-in user. Never raises.

    A person holding several roles is answered for the highest. Only active accounts are returned, never the
    person themself. Cheap: reading ``person``'s roles (one query, cached on the user object) and one query for
    the answer. Whether the leader is away at the moment is the caller's question (``away_user_ids``).
    """
    if person is None or not getattr(person, "is_authenticated", False) or person.pk is None:
        return None
    roles = roles_of(person)
    candidates = User.objects.filter(is_active=True).exclude(pk=person.pk).select_related("profile")
    by_sort_order = (F("profile__sort_order").asc(nulls_last=True), "pk")
    if Role.OFFICE_DIRECTOR in roles:
        candidates = candidates.alias(
            executive=_holds(Role.EXECUTIVE_DEPUTY_HEAD), head=_holds(Role.COUNTY_HEAD)
        ).filter(Q(executive=True) | Q(head=True))
        return candidates.order_by(F("executive").desc(), *by_sort_order).first()
    if Role.DEPUTY_DIRECTOR in roles:
        return (
            candidates.alias(director=_holds(Role.OFFICE_DIRECTOR))
            .filter(director=True)
            .order_by(*by_sort_order)
            .first()
        )
    if roles & COUNTY_LEADERS:
        return None
    # Their section's 分管 leader, provided they still are an office leader with an active account [15(2)];
    # the director otherwise [15(1)].
    leads_their_section = Exists(Section.objects.filter(leader_in_charge=OuterRef("pk"), members__user_id=person.pk))
    candidates = candidates.alias(
        section_leader=leads_their_section,
        office_leader=_holds(Role.OFFICE_DIRECTOR, Role.DEPUTY_DIRECTOR),
        director=_holds(Role.OFFICE_DIRECTOR),
    )
    candidates = candidates.filter(Q(section_leader=True, office_leader=True) | Q(director=True))
    return candidates.order_by(F("section_leader").desc(), *by_sort_order).first()


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


def section_code_of(user) -> str:
    """The code of the person's section (``Section.Code``), "" without one — read once and cached on the user
    object, since chapter rules ask it on every page (法制科 keeps the normative register and the cases [13];
    综合科 handles receptions [6])."""
    cached = getattr(user, "_zaduo_section_code", None)
    if cached is None:
        profile = getattr(user, "profile", None) if getattr(user, "is_authenticated", False) else None
        section = profile.section if profile is not None and profile.section_id is not None else None
        cached = section.code if section is not None else ""
        user._zaduo_section_code = cached
    return cached


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


# --- people pickers --------------------------------------------------------------------------------------------
# Every form that asks "which person" (readers, handlers, recipients, 送交对象, 工作交接人 …) lists the same people
# the same way: the office's active staff who hold a role, by name and position — never an account name, never
# the superuser or an account that holds no role (system and test accounts), never an inactive one.


def pickable_people(*roles: Role) -> QuerySet:
    """Active people with a profile who hold one of ``roles`` (any office role when none is given: a unit's
    联络员 is offered only where a caller names the role); superusers never. Ordered as the office lists them,
    with what ``person_label`` reads joined (no query per option)."""
    names = [role.value for role in (roles or (set(Role) - OUTSIDE_ROLES))]
    return (
        User.objects.filter(is_active=True, is_superuser=False, profile__isnull=False)
        .filter(Exists(User.groups.through.objects.filter(user_id=OuterRef("pk"), group__name__in=names)))
        .select_related("profile__position")
        .order_by(F("profile__sort_order").asc(nulls_last=True), "id")
    )


def cleared_for(level: int) -> QuerySet:
    """The pickable people whose clearance covers ``level`` [31], [32]: whom a classified paper may go to, who may
    stand in at a classified meeting. Pickers offer these; the services check the clearance again."""
    people = pickable_people()
    return people.filter(profile__clearance__gte=level) if level > 0 else people


def person_label(user) -> str:
    """姓名（职务）, and 分管文秘 for the secretarial deputy director so the two deputies differ [26(1)]:
    “扎西拉姆（办公室副主任·分管文秘）”. Never the account name."""
    try:
        profile = user.profile
    except Profile.DoesNotExist:
        return user.get_full_name() or "（未填姓名）"
    parts = [profile.position.name] if profile.position_id else []
    if profile.is_secretarial_deputy:
        parts.append("分管文秘")
    return f"{profile.full_name}（{'·'.join(parts)}）" if parts else profile.full_name
