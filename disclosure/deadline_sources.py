"""The time limits of 政务公开, as deadline sources [36]: a finding's rectification deadline (整改期限) and an
inspection's planned date.

A finding not yet accepted is reminded a few working days before its deadline (``DISCLOSURE_RECTIFICATION_
WARN_DAYS``, 3 by default, counted on the office's working calendar, so a holiday is skipped) and once when
overdue — to the unit's 联络员 and the office's 政务公开专员; the engine records each reminder once, however
many scans run. A finding carried over (结转) after its inspection closed is still reminded. An approved
inspection not yet started is reminded to the officers one working day before its planned date. Windows and
limits are pushed into SQL (PERFORMANCE.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from functools import cache

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from deadlines.calendar import at, end_of_day
from deadlines.registry import Deadline, DeadlineSource, EarlyWarning, ScanContext
from org.models import Profile
from org.roles import Role
from org.selectors import users_with_role

from .models import Finding, FindingState, Inspection, InspectionState

CHUNK = 2000


def warn_days() -> int:
    return max(1, int(getattr(settings, "DISCLOSURE_RECTIFICATION_WARN_DAYS", 3)))


@cache
def _url_template(name: str) -> tuple[str, str]:
    try:
        head, _, tail = reverse(name, args=[987654321]).partition("987654321")
    except NoReverseMatch:
        return "", ""
    return head, tail


def _url(name: str, pk: int) -> str:
    head, tail = _url_template(name)
    return f"{head}{pk}{tail}" if head else ""


def contacts_of(unit_ids) -> dict[int, list[int]]:
    """Active 单位联络员 per unit, one query [36]."""
    out: dict[int, list[int]] = defaultdict(list)
    rows = Profile.objects.filter(
        unit_id__in=set(unit_ids), user__is_active=True, user__groups__name=Role.UNIT_CONTACT.value
    ).values_list("unit_id", "user_id")
    for unit_id, user_id in rows:
        out[unit_id].append(user_id)
    return out


def officer_ids() -> list[int]:
    return list(users_with_role(Role.DISCLOSURE_OFFICER).values_list("id", flat=True))


def working_days_before(ctx: ScanContext, due_at: datetime, days: int) -> datetime:
    """The same clock time ``days`` working days before the due moment's date (holidays skipped)."""
    moment = due_at
    for _ in range(days):
        moment = ctx.calendar.working_day_before(moment)
    return moment


class RectificationSource(DeadlineSource):
    key = "disclosure.rectification"
    label = "政务公开检查问题整改期限"
    article = "[36]"
    rule_text = "政务公开检查发现的问题，要按要求限期整改"
    item_type = "disclosure.finding"
    notify_clerk = False  # the 政务公开专员 chase rectifications, not the 收发秘书

    def _open(self):
        # The exclude is the partial indexes' predicate, so the planner reads disclosure_finding_open_due.
        return Finding.objects.exclude(state=FindingState.ACCEPTED)

    def horizon(self, ctx: ScanContext) -> datetime:
        """Anything due by the end of the day ``warn_days`` working days ahead may need its warning now."""
        moment = ctx.now
        for _ in range(warn_days()):
            moment = ctx.calendar.working_day_after(moment)
        return end_of_day(_local_date(moment))

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        qs = self._open().filter(due_on__lte=due_before.date())
        if due_from is not None:
            qs = qs.filter(due_on__gte=due_from.date())
        qs = qs.order_by("due_on", "id").values_list(
            "id", "due_on", "problem", "unit_id", "unit__short_name", "unit__name"
        )
        rows = list(qs[:limit]) if limit is not None else list(qs.iterator(chunk_size=CHUNK))
        contacts = contacts_of(r[3] for r in rows)
        officers = ctx.once("disclosure.officers", officer_ids) if rows else []
        days = warn_days()
        for pk, due, problem, unit_id, short_name, name in rows:
            due_at = end_of_day(due)
            if due_at >= due_before or (due_from is not None and due_at < due_from):
                continue
            unit = short_name or name
            # The warning at the start of the working day, ``days`` working days before the deadline.
            warning = working_days_before(ctx, at(due, _start_of_workday()), days)
            yield Deadline(
                item_id=pk,
                due_at=due_at,
                title=f"整改期限：{unit} {problem[:40]}",
                url=_url("disclosure:finding", pk),
                actor_ids=(*contacts.get(unit_id, []), *officers),
                who=unit,
                warnings=(EarlyWarning(at=warning),) if ctx.warnings_wanted else (),
            )

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        rows = self._open().filter(pk__in=item_ids).values_list("pk", "due_on")
        return {pk: end_of_day(due) for pk, due in rows}


def _local_date(moment: datetime):
    from django.utils import timezone

    return timezone.localtime(moment).date()


def _start_of_workday():
    from deadlines.calendar import parse_clock

    return parse_clock(settings.DEADLINES_START_OF_WORKDAY)


class InspectionDateSource(DeadlineSource):
    key = "disclosure.inspection"
    label = "政务公开检查计划日期"
    article = "[36]"
    rule_text = "办公室对各乡（镇）、各部门政务公开工作定期检查"
    item_type = "disclosure.inspection"
    notify_clerk = False

    def _open(self):
        return Inspection.objects.filter(state=InspectionState.PLANNED, approved_at__isnull=False)

    def horizon(self, ctx: ScanContext) -> datetime:
        """Due at the end of its day, warned at the start of the working day before: look to the end of the
        next working day."""
        return end_of_day(_local_date(ctx.calendar.working_day_after(ctx.now)))

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        qs = self._open().filter(planned_on__lte=due_before.date())
        if due_from is not None:
            qs = qs.filter(planned_on__gte=due_from.date())
        qs = qs.order_by("planned_on", "id").values_list("id", "planned_on", "title", "planned_by_id")
        rows = list(qs[:limit]) if limit is not None else list(qs.iterator(chunk_size=CHUNK))
        officers = ctx.once("disclosure.officers", officer_ids) if rows else []
        for pk, planned_on, title, planned_by in rows:
            due_at = end_of_day(planned_on)
            if due_at >= due_before or (due_from is not None and due_at < due_from):
                continue
            yield Deadline(
                item_id=pk,
                due_at=due_at,
                title=f"计划检查：{title[:60]}",
                url=_url("disclosure:inspection", pk),
                actor_ids=tuple(dict.fromkeys((planned_by, *officers))),
                # At the start of the working day before the planned date.
                warnings=(EarlyWarning(at=working_days_before(ctx, at(planned_on, _start_of_workday()), 1)),)
                if ctx.warnings_wanted
                else (),
            )

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        rows = self._open().filter(pk__in=item_ids).values_list("pk", "planned_on")
        return {pk: end_of_day(day) for pk, day in rows}


SOURCES = [RectificationSource(), InspectionDateSource()]
