"""The time limits of supervision, as deadline sources [39], [40]: each tracked item's deadline (办结时限)
and each periodic reporting date (定期报送). The office's 经办人 and the contacts of the item's lead unit are
reminded one working day before and when it is overdue; the engine sends each reminder once. A classified
item is named by its number and level only [32]. Windows and limits are pushed into SQL (PERFORMANCE.md).

A meeting's decision made an item (立项督办) is reminded here only: the meetings' own source leaves tracked
decisions alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from functools import cache

from django.db.models import Q
from django.urls import reverse

from deadlines.calendar import end_of_day
from deadlines.registry import Deadline, DeadlineSource, ScanContext
from org.models import Profile
from org.roles import Role

from .models import ENDED_STATES, Item, State

CHUNK = 2000
TRACKED = [State.TRACKING, State.PENDING_CLOSE]


@cache
def _url_template() -> tuple[str, str]:
    head, _, tail = reverse("supervision:detail", args=[987654321]).partition("987654321")
    return head, tail


def item_url(pk: int) -> str:
    head, tail = _url_template()
    return f"{head}{pk}{tail}"


def contacts_of(unit_ids) -> dict[int, list[int]]:
    """Active 单位联络员 per unit, one query [40]."""
    out: dict[int, list[int]] = defaultdict(list)
    rows = Profile.objects.filter(
        unit_id__in=set(unit_ids), user__is_active=True, user__groups__name=Role.UNIT_CONTACT.value
    ).values_list("unit_id", "user_id")
    for unit_id, user_id in rows:
        out[unit_id].append(user_id)
    return out


class _ItemSource(DeadlineSource):
    item_type = "supervision.item"
    notify_clerk = False  # the 经办人 chases, not the 收发秘书
    field = "deadline"

    def _open(self):
        # The exclude is the partial indexes' predicate, so the planner reads supervision_open_due (PERFORMANCE.md).
        return Item.objects.filter(state__in=TRACKED).exclude(state__in=ENDED_STATES)

    def _label(self, row) -> str:
        raise NotImplementedError

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        qs = self._open().filter(**{f"{self.field}__lte": due_before.date()})
        if due_from is not None:
            qs = qs.filter(**{f"{self.field}__gte": due_from.date()})
        qs = qs.order_by(self.field, "id").values_list(
            "id",
            self.field,
            "year",
            "serial",
            "title",
            "secret_level",
            "lead_unit_id",
            "handler_id",
            "handler__username",
            "handler__profile__full_name",
        )
        rows = list(qs[:limit]) if limit is not None else list(qs.iterator(chunk_size=CHUNK))
        # Unit contacts of unclassified items' lead units, in one query for the batch [40], [32].
        contacts = contacts_of(r[6] for r in rows if not r[5] and r[6])
        for pk, due, year, serial, title, level, unit_id, handler, username, name in rows:
            due_at = end_of_day(due)
            if due_at >= due_before or (due_from is not None and due_at < due_from):
                continue
            number = f"督查〔{year}〕{serial}号"
            label = f"{number}（涉密）" if level else f"{number} {title[:40]}"
            yield Deadline(
                item_id=pk,
                due_at=due_at,
                title=f"{self.prefix}{label}",
                url=item_url(pk),
                actor_ids=(handler, *([] if level else contacts.get(unit_id, []))),
                who=name or username,
                warnings=ctx.one_working_day_before(due_at),
            )

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        rows = self._open().filter(pk__in=item_ids).exclude(**{f"{self.field}__isnull": True})
        return {pk: end_of_day(due) for pk, due in rows.values_list("pk", self.field)}


class ItemDeadlineSource(_ItemSource):
    key = "supervision.deadline"
    label = "督查事项办结时限"
    article = "[39][40]"
    rule_text = "督查事项有时限要求的，要按时报送办理结果；不能按时办结的，要说明原因和工作进展"
    field = "deadline"
    prefix = "办结时限："


class ReportDateSource(_ItemSource):
    key = "supervision.report"
    label = "督查事项定期报送"
    article = "[40]"
    rule_text = "督查事项要按要求定期报送办理进展"
    field = "next_report_on"
    prefix = "定期报送："

    def _open(self):
        return super()._open().filter(~Q(report_cycle=""))


SOURCES = [ItemDeadlineSource(), ReportDateSource()]
