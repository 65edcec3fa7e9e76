"""The 待办 badge is cached per person (issue 13) and still right on the very next page after every step that adds
work for someone or takes it away: registering [26(1)], distributing [26(2)], each reader's signature [26(6)5],
the hand-over to the handler [26(3)], 办结 [26(4)] and the original's return [26(5)]. The 通知 badge too."""

from __future__ import annotations

import re

from core import notifications, workqueue
from documents.incoming import services
from tests.incoming.factories import act, distribute, read, register

PEOPLE = ("shoufa", "fuzhuren_wenmi", "xianzhang", "fuxianzhang1", "guikou1")


def _badges(client_as, office) -> dict[str, int]:
    """Each person's 待办 badge as their home page shows it (0 when there is none)."""
    out = {}
    for key in PEOPLE:
        html = client_as(key).get("/").content.decode()
        match = re.search(r"data-work-count>(\d+)<", html)
        out[key] = int(match.group(1)) if match else 0
    return out


def _truth(office) -> dict[str, int]:
    return {key: workqueue.count_uncached(office[key]) for key in PEOPLE}


def test_the_badge_follows_each_step_of_an_incoming_document(client_as, office, real_cache):
    before = _badges(client_as, office)  # every count cached now
    assert before == _truth(office)

    def expect(**changes):
        badges = _badges(client_as, office)
        assert badges == _truth(office)  # the cache never shows a stale count
        assert badges == {key: before[key] + changes.get(key, 0) for key in PEOPLE}, changes
        return badges

    doc = register(office, sender_number="测试〔2026〕1号")  # to the 分管文秘副主任 to distribute [26(1)]
    before = expect(fuzhuren_wenmi=+1)
    distribute(
        office,
        doc,
        readers=[act(office, "xianzhang"), read(office, "fuxianzhang1")],
        category="handle",
        lead_handler=office["guikou1"],
    )  # [26(2)]
    before = expect(fuzhuren_wenmi=-1, xianzhang=+1)
    services.incoming_sign(actor=office["xianzhang"], pk=doc.pk, comment="请归口科室研究办理")  # 批示 [26(6)5]
    before = expect(xianzhang=-1, fuxianzhang1=+1)
    services.incoming_sign(actor=office["fuxianzhang1"], pk=doc.pk)  # the last reader: to the handler [26(3)]
    before = expect(fuxianzhang1=-1, guikou1=+1)
    services.incoming_complete(actor=office["guikou1"], pk=doc.pk, result="已按批示办理")  # 办结 [26(4)]
    before = expect(guikou1=-1, shoufa=+1)
    services.incoming_receive_original(actor=office["shoufa"], pk=doc.pk)  # the original back [26(5)]
    expect(shoufa=-1)


def test_a_cached_count_costs_no_query_and_a_write_drops_it(office, real_cache, django_assert_num_queries):
    clerk = office["shoufa"]
    first = workqueue.count_for(clerk)
    with django_assert_num_queries(0):
        assert workqueue.count_for(clerk) == first
    deputy = office["fuzhuren_wenmi"]
    held = workqueue.count_for(deputy)  # cached
    register(office, sender_number="测试〔2026〕2号")  # any write to a chapter's tables drops the counts
    assert workqueue.count_for(deputy) == held + 1 == workqueue.count_uncached(deputy)


def test_the_notifications_badge_follows_new_and_read_notifications(client_as, office, real_cache):
    client = client_as("guikou1")

    def shown() -> int:
        match = re.search(r"data-unread-count>(\d+)<", client.get("/").content.decode())
        return int(match.group(1)) if match else 0

    start = shown()
    notifications.notify([office["guikou1"]], title="测试通知")
    assert shown() == start + 1
    notifications.mark_read(user=office["guikou1"])
    assert shown() == 0


def test_without_a_cache_the_badge_is_counted_every_time(client_as, office):
    # The tests' default cache is none at all: the count is exact, only not remembered.
    register(office, sender_number="测试〔2026〕3号")
    html = client_as("fuzhuren_wenmi").get("/").content.decode()
    assert "data-work-count>1<" in html
