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


def _merged(lists: list[list[BoardRow]], limit: int) -> tuple[list[BoardRow], bool]:
    """The ``limit`` nearest rows of every source's list (each nearest first, at most limit + 1)."""
    merged = list(islice(heapq.merge(*lists, key=lambda row: (row.deadline.due_at, row.source.key)), limit + 1))
    return merged[:limit], len(merged) > limit


def _windows(ctx: ScanContext, until: datetime, limit: int) -> tuple[list[list[BoardRow]], list[list[BoardRow]]]:
    """Each source's overdue rows (due before now, longest overdue first) and upcoming ones (due from now until
    ``until``, nearest first), at most limit + 1 of each. One read a source covers both windows — most sources
    have a few rows or none — and only a source with more than ``limit`` rows in all is asked again for its
    upcoming ones: the board's queries are about one per source, not two (issue 13)."""
    overdue, upcoming = [], []
    for source in registry.sources():
        rows = list(source.deadlines(ctx, due_from=None, due_before=until, limit=limit + 1))
        # Nearest first: the rows before now are the first overdue ones however the list was cut.
        overdue.append([BoardRow(source, d, ctx.now) for d in rows if d.due_at < ctx.now])
        if len(rows) > limit:  # cut: the upcoming rows may go on past the cut
            rows = list(source.deadlines(ctx, due_from=ctx.now, due_before=until, limit=limit + 1))
        upcoming.append([BoardRow(source, d, ctx.now) for d in rows if d.due_at >= ctx.now])
    return overdue, upcoming


def board(*, now: datetime | None = None, working_days: int = 2, limit: int = 100) -> Board:
    """期限一览 for the 收发秘书 and the office leaders: what is overdue (longest overdue first) and what
    falls due within the next ``working_days`` working days, over every registered source."""
    ctx = ScanContext(now=now or timezone.now(), warnings_wanted=False)
    day = ctx.today
    for _ in range(working_days):
        day = ctx.calendar.next_working_day(day)
    until = end_of_day(day)
    overdue_lists, upcoming_lists = _windows(ctx, until, limit)
    overdue, overdue_more = _merged(overdue_lists, limit)
    upcoming, upcoming_more = _merged(upcoming_lists, limit)
    return Board(
        overdue=overdue,
        overdue_more=overdue_more,
        upcoming=upcoming,
        upcoming_more=upcoming_more,
        upcoming_until=until,
        last_scan=ScanRun.objects.filter(kind=ScanRun.Kind.SCAN, ok=True).order_by("-as_of").first(),
        pending=Reminder.objects.filter(status=Reminder.Status.PENDING).count(),
    )
