"""The home page's warning that a year's holiday arrangements are missing (registered with ``core.notices``).

For the years ``chinesecalendar`` does not know, the calendar counts the statutory holidays the ``holidays``
package computes, but not the State Council's adjusted working days (调休) and joined-up breaks, which it
announces each year, usually in November. From 1 November, when next year has no 节假日调整 entered, the office
leaders (办公室主任, 办公室副主任) and the administrators are told on 我的待办 — with a link for those who may
enter them, and whom to ask for the others. A year that has begun without any entered stays on the page: every
"one working day before" [26(6)7] of that year may be off.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.notices import Notice
from org.roles import OFFICE_LEADERS, has_role
from org.selectors import display_name

from .calendar import Source, source_of
from .models import CalendarOverride

# From this day (month, day) on, next year's arrangements are due: the State Council's notice for the next
# year usually comes out in November (those for 2025 and 2026 did, in November 2024 and 2025).
WARN_FROM = (11, 1)
EDIT_PERMISSION = "deadlines.add_calendaroverride"
_MAX_NAMED = 5


def concerns(user) -> bool:
    """The office leaders answer for the office's deadlines; the administrators keep the calendar."""
    return user.is_staff or user.is_superuser or has_role(user, *OFFICE_LEADERS)


def can_edit(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm(EDIT_PERMISSION)


def years_missing(today: date) -> list[int]:
    """This year, and from 1 November the next, when ``chinesecalendar`` does not know it and no 节假日调整 has
    been entered for it. No query when both years are known."""
    candidates = [today.year]
    if (today.month, today.day) >= WARN_FROM:
        candidates.append(today.year + 1)
    candidates = [year for year in candidates if source_of(year) is not Source.CHINESECALENDAR]
    if not candidates:
        return []
    entered = {
        day.year
        for day in CalendarOverride.objects.filter(
            day__gte=date(min(candidates), 1, 1), day__lte=date(max(candidates), 12, 31)
        ).dates("day", "year")
    }
    return [year for year in candidates if year not in entered]


def calendar_editors() -> list:
    """The active administrators who may enter 节假日调整, by name (a few)."""
    codename = EDIT_PERMISSION.partition(".")[2]
    granted = Q(user_permissions__codename=codename, user_permissions__content_type__app_label="deadlines") | Q(
        groups__permissions__codename=codename, groups__permissions__content_type__app_label="deadlines"
    )
    users = (
        get_user_model()
        .objects.filter(Q(is_superuser=True) | granted, is_active=True, is_staff=True)
        .select_related("profile")
        .distinct()
        .order_by("id")
    )
    return list(users[:_MAX_NAMED])


def calendar_notices(user) -> list[Notice]:
    if not concerns(user):
        return []
    missing = years_missing(timezone.localdate())
    if not missing:
        return []
    editor = can_edit(user)
    if editor:
        ask = ""
    else:
        names = "、".join(display_name(person) for person in calendar_editors())
        ask = f"（{names}）" if names else ""
    return [_notice(year, editor=editor, ask=ask) for year in missing]


def _notice(year: int, *, editor: bool, ask: str) -> Notice:
    if source_of(year) is Source.HOLIDAYS:
        now = (
            f"系统内置的国务院放假安排（chinesecalendar）尚无 {year} 年的数据，目前按《全国年节及纪念日放假办法》"
            f"推算 {year} 年的法定节假日（含周末补假），但不知道国务院办公厅公布的调休上班日和连休安排，"
        )
    else:
        now = f"系统没有 {year} 年的节假日数据，目前按周一至周五上班计算，"
    now += "期限提醒（提前一个工作日 [26(6)7]）和逾期汇总的日期可能因此有误。"
    what = f"国务院办公厅关于 {year} 年部分节假日安排的通知公布后，"
    how = "逐日录入调休上班的日期（类别选“上班”）和推算之外的放假日期（类别选“放假”）。"
    if editor:
        text = f"{now}{what}请在“节假日调整”中{how}"
    else:
        text = f"{now}{what}请联系系统管理员{ask}在管理后台“节假日调整”中{how}"
    return Notice(
        key=f"deadlines.calendar.{year}",
        title=f"{year} 年节假日调休安排尚未录入",
        text=text,
        link_url=reverse("admin:deadlines_calendaroverride_changelist") if editor else "",
        link_label="前往节假日调整" if editor else "",
    )
