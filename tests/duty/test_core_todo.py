"""我的待办 for duty [41], [42], [43]: handovers to confirm, swaps to answer and approve, reports waiting for this
leader's agreement — and a badge whose cost does not grow with the data."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from duty import services
from duty.todo import DutyWork

from .factories import published, report

pytestmark = pytest.mark.django_db


def test_each_waiting_step_is_in_its_persons_todo(duty_office, clock):
    roster = published(duty_office, date(2026, 9, 14), date(2026, 9, 16))
    monday, tuesday = list(roster.shifts.select_related("person").order_by("starts_at"))[:2]
    work = DutyWork()
    # [43][8] a report waits for each leader's agreement until they give it.
    r = report(duty_office)
    assert [i.action for i in work.items(duty_office["changwu"], 10)] == ["阅示突发事件报告"]
    services.report_agree(actor=duty_office["changwu"], pk=r.pk)
    assert work.count(duty_office["changwu"]) == 0
    assert work.count(duty_office["zhuren"]) == 1
    # [41] the incoming person confirms the handover.
    clock.move_to(monday.ends_at)
    services.handover_write(actor=monday.person, shift_pk=monday.pk, open_matters="")
    assert "确认接班" in [i.action for i in work.items(tuesday.person, 10)]
    # [42] a swap: the other person answers, then the roster's leader approves.
    third = roster.shifts.order_by("starts_at").last()
    other = next(p for p in duty_office.rota if not roster.shifts.filter(person=p).exists())
    swap = services.swap_request(actor=third.person, shift_pk=third.pk, other_person_pk=other.pk, reason="事")
    assert [i.action for i in work.items(other, 10)] == ["答复换班"]
    services.swap_accept(actor=other, pk=swap.pk)
    assert "审批换班" in [i.action for i in work.items(duty_office["fuzhuren"], 10)]
    assert work.count(other) == 0


def test_the_badge_costs_the_same_with_more_items(duty_office, count_queries, clock):
    leader = duty_office["zhuren"]
    work = DutyWork()
    report(duty_office)
    work.count(leader)  # the person's roles are read once and kept on the user
    with count_queries() as few:
        work.count(leader)
        work.items(leader, 20)
    for _ in range(8):
        clock.shift(timedelta(minutes=1))
        report(duty_office)
    with count_queries() as many:
        assert work.count(leader) == 9
        work.items(leader, 20)
    assert len(many) == len(few)
