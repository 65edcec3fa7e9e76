"""The duty room's time limits, as deadline sources [41], [42]:

- ``duty.handover`` — a handover not confirmed: a shift's handover must be confirmed by the incoming person within
  ``DUTY_HANDOVER_GRACE_MINUTES`` of the next shift's start (交接班); past that it is a missed handover.
- ``duty.unmanned`` — a shift with no one on post when it starts: nobody on it, or the person on it away.

Each is told once, when it happens, to the office leader who made the roster (the engine's ledger makes it
exactly once [42]); the engine adds the 分管文秘副主任 to an overdue notice, as for every source without a line.
A lapse is a record of the past afterwards (the statistics count it), not an item the daily digest lists for
years: see ``_window``. The queries read the
``duty_shift_starts`` index over a window of a few days, whatever the number of rosters.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q

from deadlines.calendar import start_of_day
from deadlines.registry import Deadline, DeadlineSource, ScanContext
from org.models import Absence
from org.selectors import display_name

from . import conf
from .models import HandoverState, RosterState, Shift
from .services import _url

# A shift and the next one are at most this far apart (the longest working day between two duty shifts).
MAX_GAP = timedelta(days=2)


def _window(ctx: ScanContext, due_from, due_before):
    """A scan looks back at most ``DUTY_LAPSE_LOOKBACK_DAYS`` (catching up after an outage); the daily digest and
    the board (no lower bound) see today's lapses only, so a lapse told by its reminder is not listed again on the
    following days."""
    if due_from is None:
        return start_of_day(ctx.today), due_before
    return max(due_from, ctx.now - conf.lapse_lookback()), due_before


def _shifts():
    return Shift.objects.filter(active=True, roster__state=RosterState.PUBLISHED)


def _names(shift) -> str:
    return f"{shift.day:%m月%d日}{shift.kind.name}"


class HandoverSource(DeadlineSource):
    key = "duty.handover"
    label = "交接班确认"
    article = "[41][42]"
    rule_text = "值班人员要坚守岗位，按时交接班；发生漏岗的，追究有关人员责任"
    item_type = "duty.shift"
    notify_clerk = False  # the office leader who made the roster is told [42]

    def _due(self, shift, following) -> datetime:
        return max(shift.ends_at, following.starts_at) + conf.handover_grace()

    def _lapses(self, start: datetime, end: datetime, item_ids=None):
        """(shift, next shift, due) for the shifts whose handover was not confirmed in time, due in [start, end)."""
        grace = conf.handover_grace()
        qs = _shifts().select_related("kind", "roster__made_by__profile", "person__profile")
        if item_ids is not None:
            qs = qs.filter(pk__in=item_ids)
        else:
            qs = qs.filter(ends_at__gte=start - MAX_GAP - grace, ends_at__lt=end)
        shifts = list(qs.order_by("starts_at", "seat", "id"))
        if not shifts:
            return []
        low = min(s.ends_at for s in shifts)
        following = list(
            _shifts()
            .filter(starts_at__gte=low, starts_at__lt=max(s.ends_at for s in shifts) + MAX_GAP)
            .order_by("starts_at", "seat", "id")
            .values_list("id", "starts_at")
        )
        confirmed = dict(
            Shift.objects.filter(pk__in=[s.pk for s in shifts], handover__state=HandoverState.CONFIRMED).values_list(
                "pk", "handover__confirmed_at"
            )
        )
        out = []
        for shift in shifts:
            nxt = next(((pk, at) for pk, at in following if at >= shift.ends_at and pk != shift.pk), None)
            if nxt is None or shift.person_id is None:
                continue
            due = max(shift.ends_at, nxt[1]) + grace
            if not (start <= due < end) and item_ids is None:
                continue
            done = confirmed.get(shift.pk)
            if done is not None and done <= due:
                continue
            out.append((shift, due))
        return out

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        start, end = _window(ctx, due_from, due_before)
        rows = self._lapses(start, end)
        for shift, due in rows[:limit] if limit is not None else rows:
            yield Deadline(
                item_id=shift.pk,
                due_at=due,
                title=f"未按时交接班：{_names(shift)}",
                url=_url("duty:roster", shift.roster_id),
                actor_ids=(shift.roster.made_by_id,),
                who=display_name(shift.person),
                detail="交班人未交班或接班人未在规定时间内确认接班 [42]。",
            )

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        return {shift.pk: due for shift, due in self._lapses(ctx.now, ctx.now, item_ids=item_ids)}


class UnmannedSource(DeadlineSource):
    key = "duty.unmanned"
    label = "值班岗位无人"
    article = "[41][42]"
    rule_text = "值班人员要坚守岗位，不得擅自离岗；发生漏岗的，追究有关人员责任"
    item_type = "duty.shift"
    notify_clerk = False

    def _qs(self):
        away = Absence.objects.filter(
            person_id=OuterRef("person_id"), starts_at__lte=OuterRef("starts_at"), ends_at__gt=OuterRef("starts_at")
        )
        return (
            _shifts()
            .annotate(away=Exists(away))
            .filter(Q(person__isnull=True) | Q(away=True))
            .select_related("kind", "roster")
        )

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        start, end = _window(ctx, due_from, due_before)
        qs = self._qs().filter(starts_at__gte=start, starts_at__lt=end).order_by("starts_at", "id")
        for shift in qs[:limit] if limit is not None else qs:
            yield Deadline(
                item_id=shift.pk,
                due_at=shift.starts_at,
                title=f"值班岗位无人：{_names(shift)}",
                url=_url("duty:roster", shift.roster_id),
                actor_ids=(shift.roster.made_by_id,),
                detail="该班次开始时无人在岗（未安排或值班人员外出）[41][42]。",
            )

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        return dict(self._qs().filter(pk__in=item_ids).values_list("pk", "starts_at"))


SOURCES = [HandoverSource(), UnmannedSource()]
