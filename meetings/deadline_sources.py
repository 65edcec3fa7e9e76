"""The time limits of meetings, as deadline sources: each decision (议定事项) is due by the end of its
办结时限 day; the responsible leader is reminded one working day before and when it is overdue [37], [39],
[40]. A decision made a supervision item (立项督办, state 督办中) is reminded by the supervision chapter
(``supervision.deadline_sources``), not here, so no deadline is reminded twice. A classified meeting's decision
is named by its meeting and number only [32].
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from functools import cache

from django.urls import reverse

from deadlines.calendar import end_of_day
from deadlines.registry import Deadline, DeadlineSource, ScanContext

from .kinds import spec_of
from .models import Decision, DecisionState

CHUNK = 2000
OPEN = [DecisionState.OPEN]  # a tracked decision's deadline is its supervision item's


@cache
def _url_template() -> tuple[str, str]:
    head, _, tail = reverse("meetings:decision", args=[987654321]).partition("987654321")
    return head, tail


def decision_url(pk: int) -> str:
    head, tail = _url_template()
    return f"{head}{pk}{tail}"


class DecisionSource(DeadlineSource):
    key = "meetings.decision"
    label = "会议议定事项办结时限"
    article = "[37][40]"
    rule_text = "会议议定事项明确办结时限的，要按照要求及时办结并反馈；不能按期办结的，要说明原因"
    item_type = "meetings.decision"
    notify_clerk = False  # the office's organisers see them on the decision list; the leader is the one to act

    def _open(self):
        return Decision.objects.filter(state__in=OPEN)

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        # Due at the end of the 办结时限 day: compare by date, then the exact moment.
        qs = self._open().filter(due_date__lte=due_before.date())
        if due_from is not None:
            qs = qs.filter(due_date__gte=due_from.date())
        qs = qs.order_by("due_date", "id").values_list(
            "id",
            "due_date",
            "position",
            "text",
            "leader_id",
            "leader__username",
            "leader__profile__full_name",
            "meeting__kind",
            "meeting__year",
            "meeting__serial",
            "meeting__secret_level",
        )
        rows = qs[:limit] if limit is not None else qs.iterator(chunk_size=CHUNK)
        for pk, due, position, text, leader, username, name, kind, year, serial, level in rows:
            due_at = end_of_day(due)
            if due_at >= due_before or (due_from is not None and due_at < due_from):
                continue
            meeting = f"{year}年第{serial}次{spec_of(kind).label}" if serial else spec_of(kind).label
            title = f"{meeting}议定事项第{position}项" if level else f"{meeting}议定事项：{text[:30]}"
            yield Deadline(
                item_id=pk,
                due_at=due_at,
                title=title,
                url=decision_url(pk),
                actor_ids=(leader,),
                who=name or username,
                warnings=ctx.one_working_day_before(due_at),
            )

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        return {pk: end_of_day(due) for pk, due in self._open().filter(pk__in=item_ids).values_list("pk", "due_date")}


SOURCES = [DecisionSource()]
