"""我的待办: providers contribute items; each person sees only theirs, urgent and nearest deadline first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core import workqueue
from core.models import Notification

pytestmark = pytest.mark.django_db


class NotificationTasks(workqueue.Provider):
    """A test provider: each unread notification of a person is a thing for them to do, due by its body."""

    key = "tests.notifications"
    label = "测试"

    def _qs(self, user):
        return Notification.objects.filter(recipient=user, read_at__isnull=True)

    def items(self, user, limit):
        now = timezone.now()
        items = []
        for note in self._qs(user).order_by("id")[:limit]:
            days = int(note.body) if note.body.lstrip("-").isdigit() else None
            items.append(
                workqueue.WorkItem(
                    title=note.title,
                    url=f"/n/{note.pk}",
                    kind="测试",
                    due_at=now + timedelta(days=days) if days is not None else None,
                    urgent=note.kind == "urgent",
                )
            )
        return sorted(items, key=lambda item: item.sort_key)

    def count(self, user):
        return self._qs(user).count()


@pytest.fixture
def provider():
    with workqueue.registered(NotificationTasks()) as p:
        yield p


def _task(user, title, days=None, urgent=False):
    Notification.objects.create(
        recipient=user, title=title, body="" if days is None else str(days), kind="urgent" if urgent else ""
    )


def _titles(html: str) -> list[str]:
    return [part.split("</span>", 1)[0] for part in html.split('<span class="title">')[1:]]


def test_items_show_to_their_person_only(client_as, office, provider):
    _task(office["shoufa"], "登记州政府来文", days=1)
    _task(office["guikou1"], "承办教育局请示", days=2)
    html = client_as("shoufa").get(reverse("core:home")).content.decode()
    assert _titles(html) == ["登记州政府来文"]


def test_items_are_ordered_by_nearest_deadline_with_overdue_marked(client_as, office, provider):
    clerk = office["shoufa"]
    _task(clerk, "无期限事项")
    _task(clerk, "十天后到期", days=10)
    _task(clerk, "已逾期两天", days=-2)
    _task(clerk, "明天到期", days=1)
    html = client_as("shoufa").get(reverse("core:home")).content.decode()
    assert _titles(html) == ["已逾期两天", "明天到期", "十天后到期", "无期限事项"]
    assert html.count("已逾期</strong>") == 1


def test_urgent_items_go_to_the_top(client_as, office, provider):
    # 紧急公文应随到随办 [26(6)4]
    _task(office["shoufa"], "明天到期", days=1)
    _task(office["shoufa"], "特急件", days=5, urgent=True)
    assert _titles(client_as("shoufa").get("/").content.decode()) == ["特急件", "明天到期"]


def test_badge_counts_waiting_items(client_as, office, provider):
    for i in range(3):
        _task(office["shoufa"], f"事项{i}", days=i)
    html = client_as("shoufa").get("/").content.decode()
    assert "data-work-count>3</span>" in html


def test_empty_queue_says_nothing_is_waiting(client_as):
    assert "目前没有等待您办理的事项" in client_as("guikou3").get("/").content.decode()


def test_registry_merges_several_providers(office, provider):
    class Other(NotificationTasks):
        key = "tests.other"

        def items(self, user, limit):
            return [workqueue.WorkItem(title="另一来源", url="/x", kind="其他", due_at=timezone.now())]

        def count(self, user):
            return 1

    _task(office["shoufa"], "三天后", days=3)
    with workqueue.registered(Other()):
        titles = [item.title for item in workqueue.items_for(office["shoufa"])]
        assert titles == ["另一来源", "三天后"]
        assert workqueue.count_for(office["shoufa"]) == 2
    assert "tests.other" not in {p.key for p in workqueue.providers()}


def test_home_page_query_count_stays_flat(client_as, office, provider, count_queries):
    client = client_as("shoufa")
    for i in range(5):
        _task(office["shoufa"], f"事项{i}", days=i)
    client.get("/")
    with count_queries() as few:
        client.get("/")
    for i in range(5, 60):
        _task(office["shoufa"], f"事项{i}", days=i)
    with count_queries() as many:
        client.get("/")
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


class Fixed(workqueue.Provider):
    """A test provider with a fixed queue, recording whether it was asked for its items."""

    def __init__(self, key, titles):
        self.key, self.label, self.titles, self.asked = key, "测试", titles, 0

    def items(self, user, limit):
        self.asked += 1
        return [workqueue.WorkItem(title=t, url=f"/{self.key}/{i}", kind="测试") for i, t in enumerate(self.titles)]

    def count(self, user):
        return len(self.titles)


def test_the_home_page_asks_items_only_of_chapters_with_something_waiting(client_as, office):
    """我的待办 reads each chapter's count (cached with the badge) and asks for items only where something waits:
    the same list, without a query per empty chapter (issue 13)."""
    empty, busy = Fixed("tests.empty", []), Fixed("tests.busy", ["核对会议纪要"])
    with workqueue.registered(empty), workqueue.registered(busy):
        client = client_as("kezhang")
        for _ in range(2):  # counted, then read from the cache
            page = client.get(reverse("core:home")).content.decode()
            assert "核对会议纪要" in _titles(page)
        assert workqueue.counts_for(office["kezhang"])["tests.busy"] == 1
    assert (empty.asked, busy.asked) == (0, 2)
