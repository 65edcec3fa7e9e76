"""Who sees which reception, 我的待办 and the reminders [6]."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from core import navigation, workqueue
from deadlines.models import Reminder
from deadlines.services import deadlines_scan
from reception import rules, services
from reception.selectors import receptions_visible_to

from .factories import TODAY, approved, held, record_data, submitted

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _at(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def test_visibility_per_person_6(office):
    """[6]: 综合科 and the office leaders see every request; a county leader those they receive (the county head
    also those above the threshold); other staff and outsiders nothing."""
    mine = submitted(office, receiving_leader="fuxianzhang1")
    other = submitted(office, receiving_leader="fuxianzhang2", by="kezhang")
    big = submitted(office, receiving_leader="changwu", estimated_cost=Decimal("9000"))
    everything = {mine.pk, other.pk, big.pk}
    expected = {
        "guikou1": everything,
        "kezhang": everything,
        "zhuren": everything,
        "fuzhuren": everything,
        "fuzhuren_wenmi": everything,
        "fuxianzhang1": {mine.pk},
        "fuxianzhang2": {other.pk},
        "changwu": {big.pk},
        "xianzhang": {big.pk},
        "fazhi": set(),
        "jiyao": set(),
        "xinxi": set(),
        "shoufa": set(),
        "lianluo": set(),
    }
    for who, ids in expected.items():
        assert set(receptions_visible_to(office[who]).values_list("pk", flat=True)) == ids, who


def test_the_chapter_opens_for_the_general_section_and_the_leaders_6(office):
    """[6]: the 综合事务 group lists 公务接待 for 综合科's chief and line staff, office and county leaders."""
    chapter = navigation.get("reception")
    assert chapter.group == "duties" and chapter.order == 91 and chapter.summary
    for who in ("kezhang", "guikou1", "zhuren", "fuzhuren", "xianzhang", "fuxianzhang2"):
        assert chapter in navigation.members_for(office[who], "duties"), who
    for who in ("fazhi", "jiyao", "xinxi", "shoufa", "dazi", "lianluo"):
        assert not rules.can_open_reception(office[who]), who


def test_todo_for_the_approver_the_handler_and_the_receiving_leader_6(office):
    """[6]: the approver sees requests waiting for them; the handler the 清单 to fill; the leader the visit."""
    waiting = submitted(office)
    visit = approved(office, receiving_leader="fuxianzhang2")
    done = held(office)

    def titles(who):
        return [(i.action, i.url) for i in workqueue.items_for(office[who]) if i.kind == "公务接待"]

    assert any(f"/{waiting.pk}/" in url and "审批" in action for action, url in titles("fuzhuren_wenmi"))
    assert not titles("fuzhuren")
    assert any(f"/{done.pk}/" in url and "清单" in action for action, url in titles("guikou1"))
    assert any(f"/{visit.pk}/" in url and "出席接待" in action for action, url in titles("fuxianzhang2"))
    assert not titles("guikou2")  # registered by guikou1


def test_the_approver_is_reminded_once_after_a_working_day_6(office, clock):
    """[6]: submitted Tuesday 10:00, the approver is reminded from Wednesday 10:00 — once, however many scans."""
    obj = submitted(office)
    deadlines_scan(now=_at(2026, 9, 16, 9), deliver="inline")
    assert not Reminder.objects.filter(rule="reception.approval", item_id=obj.pk).exists()
    for moment in (_at(2026, 9, 16, 10, 5), _at(2026, 9, 16, 11), _at(2026, 9, 17, 9)):
        clock.move_to(moment)
        deadlines_scan(now=moment, deliver="inline")
    told = Reminder.objects.filter(rule="reception.approval", item_id=obj.pk, recipient=office["fuzhuren_wenmi"])
    assert told.count() == 1


def test_the_record_is_reminded_before_five_working_days_after_the_visit_6(office, clock):
    """[6]: the visit ended Tuesday 15 September; the 清单 is due by the end of Monday 21 September — 5 working
    days, Sunday 20 September being a 调休 working day before 国庆; the handler is warned a working day before,
    once, and hears nothing more once it is filled."""
    obj = held(office, arrive_on=TODAY, leave_on=TODAY)
    assert obj.record_due_at.astimezone(SHANGHAI).date().isoformat() == "2026-09-21"
    for moment in (_at(2026, 9, 19, 12), _at(2026, 9, 21, 0, 30), _at(2026, 9, 21, 12)):
        clock.move_to(moment)
        deadlines_scan(now=moment, deliver="inline")
    warned = Reminder.objects.filter(rule="reception.record", item_id=obj.pk, stage="warning")
    assert list(warned.values_list("recipient_id", flat=True)) == [office["guikou1"].pk]
    services.record_reception(actor=office["guikou1"], pk=obj.pk, data=record_data(obj))
    clock.move_to(_at(2026, 9, 22, 10))
    deadlines_scan(now=_at(2026, 9, 22, 10), deliver="inline")
    assert not Reminder.objects.filter(rule="reception.record", item_id=obj.pk, stage="overdue").exists()


def test_the_receiving_leader_is_reminded_the_day_before_6(office, clock):
    """[6]: arriving Thursday 17 September, the receiving leader hears on Wednesday at 09:00 — once, and is never
    told it is overdue."""
    obj = approved(office)
    for moment in (_at(2026, 9, 16, 8), _at(2026, 9, 16, 9, 5), _at(2026, 9, 16, 15), _at(2026, 9, 18, 9)):
        clock.move_to(moment)
        deadlines_scan(now=moment, deliver="inline")
    told = Reminder.objects.filter(rule="reception.arrival", item_id=obj.pk)
    assert [(r.recipient_id, r.stage) for r in told] == [(office["fuxianzhang1"].pk, "warning")]
