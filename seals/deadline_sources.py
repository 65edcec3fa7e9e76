"""The time limits of 印信 (第七条 [7]), as deadline sources. [7] sets no day counts; these are the office's
decisions (docs/decisions.md):

- ``seals.request_expiry``: an approved 用印申请 not stamped within ``SEALS_REQUEST_EXPIRES_DAYS`` (30) days
  lapses — the clerk may no longer stamp it (``services.is_lapsed``). Its applicant and the clerk are warned
  three working days before its last day, and told once when it has lapsed.
- ``seals.application_decision``: a 刻制印章申请 waiting for a decision more than 5 working days reminds the
  office director.
- ``seals.application_making``: an approved application not made within 30 days reminds the clerk.

The engine records each reminder once, however many scans run. Each source reads one indexed range (the
models' partial indexes); the exact due moment is computed in Python from a slightly wider window (a source
may return a little more than asked, never less).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from functools import cache

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from deadlines.calendar import at, end_of_day, parse_clock
from deadlines.registry import Deadline, DeadlineSource, EarlyWarning, ScanContext
from org.roles import Role
from org.selectors import users_with_role

from .models import ApplicationState, RequestState, SealApplication, SealRequest
from .services import expires_days

CHUNK = 2000
DECISION_WORKING_DAYS = 5
MAKING_DAYS = 30
WARN_WORKING_DAYS = 3


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


def _ids(role: Role) -> list[int]:
    return list(users_with_role(role).values_list("id", flat=True))


def _start_of_workday():
    return parse_clock(settings.DEADLINES_START_OF_WORKDAY)


def _working_days_before(ctx: ScanContext, moment: datetime, days: int) -> datetime:
    for _ in range(days):
        moment = ctx.calendar.working_day_before(moment)
    return moment


def _working_days_after(ctx: ScanContext, moment: datetime, days: int) -> datetime:
    for _ in range(days):
        moment = ctx.calendar.working_day_after(moment)
    return moment


def _in_window(due_at: datetime, due_from, due_before) -> bool:
    return due_at < due_before and (due_from is None or due_at >= due_from)


class RequestExpirySource(DeadlineSource):
    """An approved request lapses when not stamped in time; warned before, told once when lapsed [7]."""

    key = "seals.request_expiry"
    label = "用印申请批准后用印期限"
    article = "[7]"
    rule_text = "负责县政府的印信管理；经批准的用印申请应及时用印，逾期未用印的批准失效，须重新申请"
    item_type = "seals.sealrequest"
    notify_clerk = True  # the clerk keeps the seals and stamps [7]

    def _open(self):
        return SealRequest.objects.filter(state=RequestState.APPROVED)

    def _due_at(self, decided_at: datetime) -> datetime:
        return end_of_day(timezone.localtime(decided_at).date() + timedelta(days=expires_days()))

    def horizon(self, ctx: ScanContext) -> datetime:
        return end_of_day(timezone.localtime(_working_days_after(ctx, ctx.now, WARN_WORKING_DAYS)).date())

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        days = expires_days()
        # due_at = end of (local decision date + days): decided before due_before - days (+1 day of slack).
        qs = self._open().filter(decided_at__lt=due_before - timedelta(days=days - 1))
        if due_from is not None:
            qs = qs.filter(decided_at__gte=due_from - timedelta(days=days + 1))
        qs = qs.order_by("decided_at", "id").values_list("id", "decided_at", "number", "subject", "applicant_id")
        rows = list(qs[:limit]) if limit is not None else qs.iterator(chunk_size=CHUNK)
        for pk, decided_at, number, subject, applicant_id in rows:
            due_at = self._due_at(decided_at)
            if not _in_window(due_at, due_from, due_before):
                continue
            warning = _working_days_before(
                ctx, at(timezone.localtime(due_at).date(), _start_of_workday()), WARN_WORKING_DAYS
            )
            yield Deadline(
                item_id=pk,
                due_at=due_at,
                title=f"用印申请{number}批准后未用印，到期失效：{subject[:40]}",
                url=_url("seals:request", pk),
                actor_ids=(applicant_id,),
                warnings=(EarlyWarning(at=warning),) if ctx.warnings_wanted else (),
                detail=f"批准后{days}天内未用印，批准失效，须重新申请 [7]。",
            )

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        rows = self._open().filter(pk__in=item_ids).values_list("pk", "decided_at")
        return {pk: self._due_at(decided_at) for pk, decided_at in rows}


class ApplicationDecisionSource(DeadlineSource):
    """A 刻制印章申请 waiting for the director more than 5 working days [7]."""

    key = "seals.application_decision"
    label = "刻制印章申请审批期限"
    article = "[7]"
    rule_text = "负责县政府各部门印章制发的管理工作；刻制印章申请应在5个工作日内审批"
    item_type = "seals.sealapplication"
    notify_clerk = False  # the director decides; the clerk has nothing to chase yet

    def _open(self):
        return SealApplication.objects.filter(state=ApplicationState.SUBMITTED)

    def _due_at(self, ctx: ScanContext, submitted_at: datetime) -> datetime:
        return _working_days_after(ctx, submitted_at, DECISION_WORKING_DAYS)

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        # Five working days are at least five calendar days, and (with the longest holiday) at most about 15.
        qs = self._open().filter(submitted_at__lt=due_before - timedelta(days=DECISION_WORKING_DAYS))
        if due_from is not None:
            qs = qs.filter(submitted_at__gte=due_from - timedelta(days=21))
        qs = qs.order_by("submitted_at", "id").values_list(
            "id", "submitted_at", "number", "seal_name", "unit__short_name", "unit__name"
        )
        rows = list(qs[:limit]) if limit is not None else list(qs.iterator(chunk_size=CHUNK))
        directors = ctx.once("seals.directors", lambda: _ids(Role.OFFICE_DIRECTOR)) if rows else []
        for pk, submitted_at, number, seal_name, short_name, name in rows:
            due_at = self._due_at(ctx, submitted_at)
            if not _in_window(due_at, due_from, due_before):
                continue
            yield Deadline(
                item_id=pk,
                due_at=due_at,
                title=f"刻制印章申请{number}待审批已超过5个工作日：{short_name or name} {seal_name[:30]}",
                url=_url("seals:application", pk),
                actor_ids=tuple(directors),
                who=short_name or name,
            )

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        rows = self._open().filter(pk__in=item_ids).values_list("pk", "submitted_at")
        return {pk: self._due_at(ctx, submitted_at) for pk, submitted_at in rows}


class ApplicationMakingSource(DeadlineSource):
    """An approved application not made within 30 days reminds the clerk [7]."""

    key = "seals.application_making"
    label = "批准刻制印章的刻制期限"
    article = "[7]"
    rule_text = "负责县政府各部门印章制发的管理工作；批准刻制的印章应在30日内刻制完成"
    item_type = "seals.sealapplication"
    notify_clerk = False  # the clerk is the one who must act: named in actor_ids

    def _open(self):
        return SealApplication.objects.filter(state=ApplicationState.APPROVED)

    def _due_at(self, decided_at: datetime) -> datetime:
        return end_of_day(timezone.localtime(decided_at).date() + timedelta(days=MAKING_DAYS))

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        qs = self._open().filter(decided_at__lt=due_before - timedelta(days=MAKING_DAYS - 1))
        if due_from is not None:
            qs = qs.filter(decided_at__gte=due_from - timedelta(days=MAKING_DAYS + 1))
        qs = qs.order_by("decided_at", "id").values_list(
            "id", "decided_at", "number", "seal_name", "unit__short_name", "unit__name"
        )
        rows = list(qs[:limit]) if limit is not None else list(qs.iterator(chunk_size=CHUNK))
        keepers = ctx.once("seals.clerks", lambda: _ids(Role.REGISTRY_CLERK)) if rows else []
        for pk, decided_at, number, seal_name, short_name, name in rows:
            due_at = self._due_at(decided_at)
            if not _in_window(due_at, due_from, due_before):
                continue
            yield Deadline(
                item_id=pk,
                due_at=due_at,
                title=f"刻制印章申请{number}批准已满30日尚未刻制：{short_name or name} {seal_name[:30]}",
                url=_url("seals:application", pk),
                actor_ids=tuple(keepers),
                who=short_name or name,
                warnings=ctx.one_working_day_before(due_at),
            )

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        rows = self._open().filter(pk__in=item_ids).values_list("pk", "decided_at")
        return {pk: self._due_at(decided_at) for pk, decided_at in rows}


SOURCES = [RequestExpirySource(), ApplicationDecisionSource(), ApplicationMakingSource()]
