"""Finding a person by ID number or phone, and the record of every such look-up [48] (个人信息保护法 第五十一条:
access to personal information is controlled and recorded).

- ``look_up_person(user, kind=, value=, reason=)``: petition staff only, a reason required, an exact match through
  the blind index (the clear number is never compared, stored or logged); the look-up is written to ``LookupLog``
  (who, when, why, what kind, the keyed hash, how many) by ``services.lookup_petitioner``; the cases returned are
  the ones this person may see.
- ``lookup_log_rows(user, …)``: the log for office leaders — who looked up whom, the person masked. The log keeps
  only the keyed hash, so "whom" is found again through the same index, and shown masked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from org.roles import OFFICE_LEADERS, has_role
from org.selectors import display_name

from . import selectors, services
from .identity import mask_id_number, mask_name, mask_phone
from .models import Case, LookupKind, LookupLog, Petitioner


def look_up_person(user, *, kind: str, value: str, reason: str) -> list[Case]:
    """按身份证号码或电话查询信访人 [48]: the person's cases, newest first, each look-up logged."""
    cases = services.lookup_petitioner(actor=user, kind=kind, value=value, reason=reason)
    if not cases:
        return []
    visible = set(selectors.cases_visible_to(user).filter(pk__in=[c.pk for c in cases]).values_list("pk", flat=True))
    return [case for case in cases if case.pk in visible]


def can_view_lookup_log(user) -> bool:
    """查询记录: the office's leaders (办公室主任、副主任) and superusers oversee who looked up whom [48]."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return False
    return user.is_superuser or has_role(user, *OFFICE_LEADERS)


def lookup_log_for(user) -> QuerySet[LookupLog]:
    if not can_view_lookup_log(user):
        raise PermissionDenied("信访人查询记录供办公室主任、副主任查看 [48]。")
    return LookupLog.objects.select_related("user__profile")


@dataclass(frozen=True)
class LookupRow:
    pk: int
    at: datetime
    who: str
    kind: str
    whom: str  # masked: 6327**********1234 · 才***
    reason: str
    result_count: int


def lookup_rows(logs: list[LookupLog]) -> list[LookupRow]:
    """The page's rows; whom each look-up was for, masked, in one more query for the whole page."""
    by_kind: dict[str, set[str]] = {LookupKind.ID_NUMBER: set(), LookupKind.PHONE: set()}
    for log in logs:
        if log.kind in by_kind and log.searched_index:
            by_kind[log.kind].add(log.searched_index)
    found: dict[tuple[str, str], Petitioner] = {}
    if any(by_kind.values()):
        people = Petitioner.objects.filter(
            Q(id_index__in=by_kind[LookupKind.ID_NUMBER]) | Q(phone_index__in=by_kind[LookupKind.PHONE])
        ).only("name", "id_number", "id_index", "phone", "phone_index")
        for person in people.order_by("-id"):
            found.setdefault((LookupKind.ID_NUMBER, person.id_index), person)
            found.setdefault((LookupKind.PHONE, person.phone_index), person)
    rows = []
    for log in logs:
        person = found.get((log.kind, log.searched_index))
        if person is None:
            whom = "（未查到此人）"
        elif log.kind == LookupKind.ID_NUMBER:
            whom = f"{mask_id_number(person.id_number)} · {mask_name(person.name)}"
        else:
            whom = f"{mask_phone(person.phone)} · {mask_name(person.name)}"
        rows.append(
            LookupRow(
                pk=log.pk,
                at=log.at,
                who=display_name(log.user),
                kind=log.get_kind_display(),
                whom=whom,
                reason=log.reason,
                result_count=log.result_count,
            )
        )
    return rows
