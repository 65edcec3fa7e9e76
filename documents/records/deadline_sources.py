"""秘密文件当天送不出的要放在保险柜中 [31]: classified papers out of the safe, as deadline sources.

One source per archive kind (``core.archive``), added whenever a kind is registered. A paper is due back in
the safe at the end of the working day it went out (or, never placed, the day it came into the office);
whoever holds it and the 机要科 chief must act, and the deadline engine adds the clerk and, once overdue,
the 分管 office leader.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.utils import timezone

from core.archive import ArchiveKind
from deadlines import registry
from deadlines.registry import Deadline, DeadlineSource, ScanContext
from documents.types import SecretLevel

from . import rules
from .selectors import out_of_safe

# 秘密文件当天送不出的要放在保险柜中 [31]. Stored with every reminder: never rename.
CUSTODY_RULE_KEY = "records.custody"
# The first kind's source was keyed before there were others; every later kind's is "records.custody.<kind>".
RULE_KEYS = {"incoming": CUSTODY_RULE_KEY}


def custody_rule_key(kind_key: str) -> str:
    return RULE_KEYS.get(kind_key, f"{CUSTODY_RULE_KEY}.{kind_key}")


def _confidential_chiefs() -> list[int]:
    from org.roles import Role
    from org.selectors import users_with_role

    return [u.pk for u in users_with_role(Role.SECTION_CHIEF) if rules.is_confidential_section_chief(u)]


class CustodySource(DeadlineSource):
    label = "涉密文件当日入柜"
    article = "[31]"
    rule_text = "秘密文件的传递要及时、准确、无误，当天送不出的要放在保险柜中"

    def __init__(self, kind: ArchiveKind) -> None:
        self.kind = kind
        self.key = custody_rule_key(kind.key)
        self.item_type = kind.model._meta.label_lower

    @staticmethod
    def _since(doc) -> datetime:
        """When the paper went out of the safe — or, never placed, came into the office."""
        return doc.custody_since or doc.created_at

    def _due(self, ctx: ScanContext, doc) -> datetime:
        return ctx.end_of_workday(timezone.localtime(self._since(doc)).date())

    def deadlines(self, ctx, *, due_from, due_before, limit=None):
        chiefs = tuple(_confidential_chiefs())
        rows = []
        for doc in out_of_safe(self.kind.key):
            due = self._due(ctx, doc)
            # A paper that came in (or out of the safe) after the day's check is owed it all the same: its due
            # moment lies before it existed, so it is found by when it came, not only by when it was due.
            if (due_from is None or due >= due_from or self._since(doc) >= due_from) and due < due_before:
                holder = (doc.custody_holder_id,) if doc.custody_holder_id else ()
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


def custody_source_for(kind: ArchiveKind) -> Callable[[], None]:
    """Register the custody rule [31] for one archive kind; ``core.archive`` calls this for every kind."""
    source = registry.register(CustodySource(kind))
    return lambda: registry.unregister(source.key)
