"""The ten confidentiality rules of 第三十二条, shown to every staff member, who pledges once a year."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ConfidentialityPledge
from .roles import Role, roles_of
from .selectors import clearance_of

RULES = [
    "不该说的机密，绝对不说；",
    "不该问的机密，绝对不问；",
    "不该看的机密，绝对不看；",
    "不该记录的机密，绝对不记录；",
    "不在非保密本上记录机密；",
    "不在私人通信中涉及机密；",
    "不在公共场所和家属、子女、亲友面前谈论机密；",
    "不在不利于保密的地方存放机密文件、资料；",
    "不在普通电话、明码电报、普通邮局传达机密事项；",
    "不携带机密材料游览、参观、探亲、访友和出入公共场所。",
]


def current_year() -> int:
    return timezone.localdate().year


# Roles whose work puts classified papers in their hands whatever their own clearance: the clerk signs for and
# registers them [26(1)], [31]; the archivist files and hands them over [33].
CLASSIFIED_ROLES = frozenset({Role.REGISTRY_CLERK, Role.ARCHIVIST})


def handles_classified(user) -> bool:
    """Does this person's work touch classified documents — a clearance, or a role that handles them? Only
    they are asked, on every page, for this year's pledge [32]; nobody else ever opens a classified paper."""
    if not getattr(user, "is_authenticated", False):
        return False
    return clearance_of(user) > 0 or bool(roles_of(user) & CLASSIFIED_ROLES)


def has_pledged(user, year: int | None = None) -> bool:
    """Has this person pledged this year? Read once per request (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return False
    year = year or current_year()
    cache = user.__dict__.setdefault("_zaduo_pledged", {})
    if year not in cache:
        cache[year] = ConfidentialityPledge.objects.filter(user=user, year=year).exists()
    return cache[year]


def pledge(*, user) -> ConfidentialityPledge:
    """The person confirms they have read the rules of [32] and will keep them (once a year)."""
    year = current_year()
    try:
        with transaction.atomic():
            record = ConfidentialityPledge.objects.create(user=user, year=year)
    except IntegrityError:
        record = ConfidentialityPledge.objects.get(user=user, year=year)
    user.__dict__.setdefault("_zaduo_pledged", {})[year] = True
    return record
