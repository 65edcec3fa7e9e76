"""秘密文件当天送不出的要放在保险柜中 [31]: classified papers out of the safe, as deadline sources.

One source per document kind. A paper is due back in the safe at the end of the working day it went out
(or, never placed, the day it came into the office); whoever holds it and the 机要科 chief must act, and
the deadline engine adds the clerk and, once overdue, the 分管 office leader.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from django.utils import timezone

from deadlines.registry import Deadline, DeadlineSource, ScanContext
from documents.incoming.deadline_sources import ArchiveSource
from documents.types import SecretLevel

from . import rules
from .kinds import KINDS
from .selectors import out_of_safe

# 秘密文件当天送不出的要放在保险柜中 [31]. Stored with every reminder: never rename.
CUSTODY_RULE_KEY = "records.custody"


def _confidential_chiefs() -> list[int]:
    from org.roles import Role
    from org.selectors import users_with_role

    return [u.pk for u in users_with_role(Role.SECTION_CHIEF) if rules.is_confidential_section_chief(u)]


class CustodySource(DeadlineSource):
    label = "涉密文件当日入柜"
    article = "[31]"
    rule_text = "秘密文件的传递要及时、准确、无误，当天送不出的要放在保险柜中"

    def __init__(self, kind_key: str, key: str) -> None:
        self.kind = KINDS[kind_key]
        self.key = key
        self.item_type = f"{self.kind.model._meta.app_label}.{self.kind.model._meta.model_name}"

    def _due(self, ctx: ScanContext, doc) -> datetime:
        custody = getattr(doc, "custody", None)
        since = custody.since if custody is not None else doc.created_at
        return ctx.end_of_workday(timezone.localtime(since).date())

    def deadlines(self, ctx, *, due_from, due_before, limit=None):
        chiefs = tuple(_confidential_chiefs())
        rows = []
        for doc in out_of_safe(self.kind.key):
            due = self._due(ctx, doc)
            if (due_from is None or due >= due_from) and due < due_before:
                custody = getattr(doc, "custody", None)
                holder = (custody.holder_id,) if custody is not None and custody.holder_id else ()
                rows.append(
                    Deadline(
                        item_id=doc.pk,
                        due_at=due,
                        # Number and level only: reminders reach people who may not be cleared [32].
                        title=f"{self.kind.label}{self.kind.number(doc)}（{SecretLevel(doc.secret_level).label}）",
                        url="/records/custody/",
                        actor_ids=tuple(dict.fromkeys(holder + chiefs)),
                        detail="请核实去向并登记“放入保险柜”。",
                    )
                )
        rows.sort(key=lambda d: (d.due_at, d.item_id))
        return rows[:limit] if limit is not None else rows

    def still_open(self, ctx, item_ids):
        return {doc.pk: self._due(ctx, doc) for doc in out_of_safe(self.kind.key).filter(pk__in=item_ids)}


SOURCES = [CustodySource("incoming", CUSTODY_RULE_KEY), CustodySource("outgoing", CUSTODY_RULE_KEY + ".outgoing")]


class OutgoingArchiveSource(ArchiveSource):
    """每年6月30日以前将上年度的公文立卷归档后转交县档案局 [33], for the documents the office issued: one item per
    numbering year, open while any numbered document of that year is not filed."""

    key = "outgoing.archive"
    label = "上年度发文归档移交"
    item_type = "outgoing.archive_year"

    def _unfiled(self):
        from documents.outgoing.choices import State
        from documents.outgoing.models import OutgoingDocument

        return OutgoingDocument.objects.filter(year__isnull=False).exclude(state__in=[State.FILED, State.ABANDONED])

    def _deadline(self, ctx, year: int, count: int) -> Deadline:
        return replace(
            super()._deadline(ctx, year, count),
            title=f"{year}年度发文立卷归档并移交县档案局",
            url="/records/",
            detail=f"尚有 {count} 件{year}年度发文未归档。",
        )


SOURCES.append(OutgoingArchiveSource())
