"""The daily digest at 1.5 million overdue items (issue 13): a source that answers ``overdue_groups`` is counted
and its most overdue items picked in SQL (``registry.grouped_overdue``) — the same messages as walking every
item, in a number of queries that does not grow with the items [26(4)]."""

from __future__ import annotations

from copy import copy

import pytest

from core.models import Notification
from deadlines import registry
from deadlines.models import Reminder, Stage
from deadlines.services import deadlines_digest
from documents.incoming.deadline_sources import CirculationSource, HandlingSource, ReadingSource
from documents.incoming.models import Category
from documents.incoming.services import incoming_sign
from tests.factories import key_of

from .conftest import local

pytestmark = pytest.mark.django_db

DIGEST_KIND = "deadlines:deadlines.digest:digest"


class _Grouped:
    """A source of the incoming chapter answering ``overdue_groups`` through ``grouped_overdue`` (what the
    chapter's own sources are to do): one person who must act per item, a business line."""

    actor = "holder_id"
    line = "line_id"

    def overdue_groups(self, ctx, *, due_before, nearest):
        if _Grouped.walked is not None:
            _Grouped.grouped.append(self.key)
        base = type(self).__mro__[2]  # the chapter's source

        def build(ranked):
            ids = list(ranked.values_list("pk", flat=True))
            rows = copy(self)
            rows._open = lambda: base._open(self).filter(pk__in=ids)
            return base.deadlines(rows, ctx, due_from=None, due_before=due_before)

        return registry.grouped_overdue(
            self._open().filter(due_at__lt=due_before),
            actor=self.actor,
            line=self.line,
            order_by=["due_at", "id"],
            nearest=nearest,
            build=build,
            actors=lambda pk: (pk,) if pk else (),
        )

    def deadlines(self, ctx, *, due_from, due_before, limit=None):
        if due_from is None and limit is None and _Grouped.walked is not None:
            _Grouped.walked.append(self.key)  # the digest walking every overdue item
        return super().deadlines(ctx, due_from=due_from, due_before=due_before, limit=limit)

    walked: list | None = None
    grouped: list = []


class GroupedCirculation(_Grouped, CirculationSource):
    pass


class GroupedHandling(_Grouped, HandlingSource):
    pass


class GroupedReading(_Grouped, ReadingSource):
    actor = "reader_id"
    line = "document__line_id"


def _scenario(clock, docs, office, scan):
    """Items overdue for several people: 传阅件 unsigned (reading [26(6)5] and circulation [26(6)7]), one on
    another line, one classified; one signed; and one reader told of an overdue sign-off this morning."""
    clock(local(2026, 11, 2, 10, 0))
    for i in range(3):
        docs.distributed(category=Category.READ, title=f"传阅{i}")
    docs.distributed(category=Category.READ, title="秘密传阅", secret=1, readers=("xianzhang", "changwu"))
    signed = docs.distributed(category=Category.READ, title="已签", readers=("changwu",))
    incoming_sign(actor=office["changwu"], pk=signed.pk, comment="阅")
    docs.distributed(category=Category.HANDLE, title="办理件", readers=("changwu",), line="agriculture")
    scan(clock(local(2026, 11, 3, 0, 1)))  # yesterday's overdue notices: these go into today's digest
    clock(local(2026, 11, 3, 10, 0))
    docs.distributed(category=Category.READ, title="昨日传阅", readers=("xianzhang",))
    scan(clock(local(2026, 11, 4, 0, 1)))  # 县长 told at 00:01 of yesterday's sign-off: not repeated today


def _digests() -> dict[str, tuple[str, str, str]]:
    notes = Notification.objects.filter(kind=DIGEST_KIND).select_related("recipient")
    return {key_of(n.recipient): (n.title, n.body, n.url) for n in notes}


def _forget_digest():
    Reminder.objects.filter(stage=Stage.DIGEST).delete()
    Notification.objects.filter(kind=DIGEST_KIND).delete()


@pytest.fixture
def grouped_sources():
    with (
        registry.registered(GroupedCirculation()),
        registry.registered(GroupedHandling()),
        registry.registered(GroupedReading()),
    ):
        _Grouped.walked, _Grouped.grouped = [], []
        yield
        _Grouped.walked = None


@pytest.mark.parametrize("items", [20, 2])
def test_grouped_digest_says_what_walking_every_item_says_26_4(
    clock, docs, office, scan, digest, settings, django_capture_on_commit_callbacks, items
):
    """[26(4)] the same message for every person — count, the most overdue lines, "另有 N 件", the link —
    whether the sources walk every item or answer in groups; today's overdue notices are not repeated."""
    settings.DEADLINES_DIGEST_ITEMS = items
    _scenario(clock, docs, office, scan)
    now = clock(local(2026, 11, 4, 8, 30))
    digest(now)
    walked = _digests()
    assert walked and "xianzhang" in walked and "shoufa" in walked
    _forget_digest()
    with (
        registry.registered(GroupedCirculation()),
        registry.registered(GroupedHandling()),
        registry.registered(GroupedReading()),
    ):
        _Grouped.walked, _Grouped.grouped = [], []
        try:
            digest(now)
            assert _Grouped.walked == [] and set(_Grouped.grouped) >= {"incoming.reading", "incoming.circulation"}
        finally:
            _Grouped.walked = None
    assert _digests() == walked


def _overdue(docs, n):
    for i in range(n):
        docs.distributed(category=Category.READ, title=f"文件{i}", readers=("xianzhang", "changwu"))


def test_grouped_digest_queries_do_not_grow_with_the_items_26_4(clock, docs, office, grouped_sources, count_queries):
    """[26(4)] 5 and then 25 overdue 传阅件: the digest counts and records in the same number of queries (no read
    per item or per person; delivery, after the commit, is the deliver task's)."""

    def cost(day):
        _forget_digest()
        with count_queries() as ctx:
            run = deadlines_digest(now=clock(local(2026, 11, day, 8, 30)), via="test", deliver="inline")
        return len(ctx), run

    clock(local(2026, 11, 2, 10, 0))
    _overdue(docs, 5)
    small, _ = cost(10)
    clock(local(2026, 11, 2, 11, 0))
    _overdue(docs, 20)
    large, run = cost(11)
    assert large <= small
    # 25 documents: the first reader's sign-off of each, and each one's circulation [26(6)5][26(6)7].
    assert run.candidates == 50 and _Grouped.walked == []
    clerk = Reminder.objects.get(stage=Stage.DIGEST, recipient=office["shoufa"])
    assert clerk.title == "逾期事项汇总：共 50 件（11月11日）" and "另有 30 件" in clerk.body


def test_custody_digest_in_groups_says_what_walking_says_31(clock, docs, office, scan, digest, monkeypatch):
    """[31] classified papers out of the safe past their day: the custody source answers in groups (by who holds
    them, the 机要科 chief with each) and the digest says what walking every paper says — number and level only."""
    from documents.records.deadline_sources import CustodySource

    clock(local(2026, 11, 2, 10, 0))
    for i in range(3):
        docs.distributed(category=Category.READ, title=f"机密件{i}", secret=1)
    now = clock(local(2026, 11, 5, 8, 30))
    monkeypatch.setattr(CustodySource, "overdue_groups", lambda self, ctx, **kw: None)
    digest(now)
    walked = _digests()
    monkeypatch.undo()
    _forget_digest()
    with registry.registered(GroupedCirculation()), registry.registered(GroupedReading()):
        digest(now)
    grouped = _digests()
    assert grouped == walked
    assert "涉密文件（秘密）" in grouped["shoufa"][1] and "机密件" not in grouped["shoufa"][1]
    assert any("涉密文件当日入柜 [31]" in body for _, body, _ in grouped.values())
