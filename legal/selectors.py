"""Who sees which case — the one place that decides it — and the reads built on it [13].

法制科 sees every case with the private party's identity in clear. The office's director and deputy directors and
the county leaders see every case, masked. A department's 单位联络员 sees the cases about their own department's
acts, masked. Everyone else sees no case. A superuser (the maintainer, in the admin) sees every case, masked.
Views, the admin, 我的待办, exports and the PDF read cases through ``cases_visible_to`` and show the party
through ``party_of`` (masked unless ``rules.sees_personal_data``).

Licensing items are public within the system: ``items_in_force`` for everyone who opens the chapter; the whole
register with cancelled items and clean-ups for 法制科 and the leaders (``items_visible_to``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.http import Http404

from . import rules
from .models import IN_FORCE, OPEN_STATES, Case, CaseState, LicensingCleanup, LicensingItem, PartyKind


def case_condition(user) -> Q | None:
    """The rule as a ``Q`` on Case; None: nothing; ``Q()``: everything."""
    if not getattr(user, "is_active", False):
        return None
    if rules.is_legal_section(user) or rules.is_overseer(user) or getattr(user, "is_superuser", False):
        return Q()
    unit_id = rules.contact_unit_id(user)
    if unit_id is not None:
        return Q(unit_id=unit_id)
    return None


def cases_visible_to(user) -> QuerySet[Case]:
    cond = case_condition(user)
    return Case.objects.none() if cond is None else Case.objects.filter(cond)


def get_case_for(user, pk) -> Case:
    """404 for "missing" and "not yours" alike."""
    try:
        return cases_visible_to(user).select_related("unit", "handler__profile", "registered_by__profile").get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该案件。") from None


# --- personal data ------------------------------------------------------------------------------------------


def mask_name(value: str) -> str:
    """张** — the family name stays."""
    if not value:
        return ""
    return value[0] + "*" * max(len(value) - 1, 1)


def mask_id_number(value: str) -> str:
    """6327**********1234."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    """139****1234."""
    if not value:
        return ""
    if len(value) <= 7:
        return value[:1] + "*" * (len(value) - 1)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


@dataclass(frozen=True)
class Party:
    name: str
    id_number: str
    phone: str
    masked: bool


def party_of(case: Case, user) -> Party:
    """The applicant or plaintiff as this person may read them: in clear for 法制科, masked for everyone else.
    An organisation's name is not personal data; its code and phone are still masked [13]."""
    if rules.sees_personal_data(user):
        return Party(case.party_name, case.party_id_number, case.party_phone, masked=False)
    name = case.party_name if case.party_kind == PartyKind.ORGANISATION else mask_name(case.party_name)
    return Party(name, mask_id_number(case.party_id_number), mask_phone(case.party_phone), masked=True)


# --- the register's reads -------------------------------------------------------------------------------------

LIST_COLUMNS = (
    "id", "kind", "number", "party_kind", "party_name", "party_id_number", "party_phone", "act", "received_on",
    "reply_due_on", "hearing_on", "replied_on", "outcome", "closed_on", "state", "version",
    "unit__id", "unit__name", "unit__short_name", "handler__id", "handler__username",
    "handler__profile__id", "handler__profile__full_name",
)  # fmt: skip


def case_rows(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.select_related("unit", "handler__profile").only(*LIST_COLUMNS)


def due_soon(qs: QuerySet[Case], today: date, days: int) -> QuerySet[Case]:
    """The reply still owed and due within ``days`` (not yet overdue)."""
    return qs.filter(state__in=OPEN_STATES, reply_due_on__gte=today, reply_due_on__lte=today + timedelta(days=days))


def overdue(qs: QuerySet[Case], today: date) -> QuerySet[Case]:
    return qs.filter(state__in=OPEN_STATES, reply_due_on__lt=today)


def to_handle(user) -> QuerySet[Case]:
    """我的待办: the handler's cases whose reply is still owed, or whose outcome is still to be recorded [13]."""
    if not rules.is_legal_section(user):
        return Case.objects.none()
    return cases_visible_to(user).filter(
        handler=user, state__in=[CaseState.RECEIVED, CaseState.REPLYING, CaseState.REPLIED, CaseState.HEARD]
    )


# --- licensing items -------------------------------------------------------------------------------------------


def sees_item_register(user) -> bool:
    return rules.is_legal_section(user) or rules.is_overseer(user)


def items_visible_to(user) -> QuerySet[LicensingItem]:
    """Every item with its history (cancelled ones too): 法制科 and the leaders; everyone else in the chapter the
    items in force only [13]."""
    if sees_item_register(user):
        return LicensingItem.objects.all()
    if rules.can_open_legal(user):
        return items_in_force()
    return LicensingItem.objects.none()


def items_in_force() -> QuerySet[LicensingItem]:
    """行政许可事项目录: the items in force (保留、下放、调整), public [13]."""
    return LicensingItem.objects.filter(state__in=[s.value for s in IN_FORCE])


def cleanups_visible_to(user) -> QuerySet[LicensingCleanup]:
    return LicensingCleanup.objects.all() if sees_item_register(user) else LicensingCleanup.objects.none()


def get_item_for(user, pk) -> LicensingItem:
    try:
        return items_visible_to(user).select_related("unit").get(pk=pk)
    except (LicensingItem.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该行政许可事项。") from None


def get_cleanup_for(user, pk) -> LicensingCleanup:
    try:
        return cleanups_visible_to(user).get(pk=pk)
    except (LicensingCleanup.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该清理。") from None
