"""What the deadline pages show, and who may see them."""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import datetime
from itertools import islice

from django.contrib.auth import get_user_model
from django.utils import timezone

from org.roles import Role, has_role

from . import registry
from .calendar import end_of_day
from .models import Reminder, ScanRun
from .registry import Deadline, DeadlineSource, ScanContext

User = get_user_model()

# The 收发秘书 chases every document [26(4)]; the office leaders answer for the office's work [15].
BOARD_ROLES = (Role.REGISTRY_CLERK, Role.OFFICE_DIRECTOR, Role.DEPUTY_DIRECTOR)


def can_view_board(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.is_active and has_role(user, *BOARD_ROLES)


def board_user_ids() -> set[int]:
    return set(
        User.objects.filter(is_active=True, groups__name__in=[r.value for r in BOARD_ROLES]).values_list(
            "pk", flat=True
        )
    )


@dataclass(frozen=True)
class BoardRow:
    source: DeadlineSource
    deadline: Deadline
    now: datetime

    @property
    def overdue(self) -> bool:
        return self.deadline.due_at <= self.now

    @property
    def days_overdue(self) -> int:
        return (timezone.localtime(self.now).date() - timezone.localtime(self.deadline.due_at).date()).days


@dataclass(frozen=True)
class Board:
    overdue: list[BoardRow]
    overdue_more: bool
    upcoming: list[BoardRow]
    upcoming_more: bool
    upcoming_until: datetime
    last_scan: ScanRun | None
    pending: int


def _merged(ctx: ScanContext, due_from, due_before, limit: int) -> tuple[list[BoardRow], bool]:
    """The ``limit`` nearest deadlines over every source: each source gives at most limit + 1 rows from
    its own indexed range, nearest first, and the lists are merged."""
    lists = []
    for source in registry.sources():
        rows = source.deadlines(ctx, due_from=due_from, due_before=due_before, limit=limit + 1)
        lists.append([BoardRow(source, deadline, ctx.now) for deadline in rows])
    merged = list(islice(heapq.merge(*lists, key=lambda row: (row.deadline.due_at, row.source.key)), limit + 1))
    return merged[:limit], len(merged) > limit


def board(*, now: datetime | None = None, working_days: int = 2, limit: int = 100) -> Board:
    """期限一览 for the 收发秘书 and the office leaders: what is overdue (longest overdue first) and what
    falls due within the next ``working_days`` working days, over every registered source."""
    ctx = ScanContext(now=now or timezone.now(), warnings_wanted=False)
    day = ctx.today
    for _ in range(working_days):
        day = ctx.calendar.next_working_day(day)
    until = end_of_day(day)
    overdue, overdue_more = _merged(ctx, None, ctx.now, limit)
    upcoming, upcoming_more = _merged(ctx, ctx.now, until, limit)
    return Board(
        overdue=overdue,
        overdue_more=overdue_more,
        upcoming=upcoming,
        upcoming_more=upcoming_more,
        upcoming_until=until,
        last_scan=ScanRun.objects.filter(kind=ScanRun.Kind.SCAN, ok=True).order_by("-as_of").first(),
        pending=Reminder.objects.filter(status=Reminder.Status.PENDING).count(),
    )
