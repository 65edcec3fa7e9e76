"""The 《信访工作条例》's time limits, counted in calendar days with the last day moved off weekends and holidays
(民法典 第二百零一条、第二百零三条), as deadline sources and in 我的待办 [47]–[50]."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core import workqueue
from deadlines import registry
from deadlines.registry import ScanContext
from petitions import services
from petitions.models import State

from . import factories as f

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 9, 14), date(2026, 9, 29)),  # Monday + 15 = Tuesday, a working day: as counted
        (date(2026, 9, 11), date(2026, 9, 28)),  # + 15 = Saturday 26th: Monday 28th
        (date(2026, 9, 16), date(2026, 10, 8)),  # + 15 = 1 October (国庆): the first working day after, the 8th
        (date(2026, 9, 25), date(2026, 10, 10)),  # + 15 = Saturday 10 October, a working day (调休): kept
    ],
)
def test_accept_limit_fifteen_days_across_weekends_and_holidays(received, due):
    """《信访工作条例》第三十一条: decide within 15 days of receipt; 日 are calendar days, the receipt day not
    counted, a last day on a rest day moved to the next working day."""
    assert services.accept_due_for(received) == due


def test_handle_limit_sixty_days_and_the_extension():
    """《信访工作条例》第三十五条: 60 days from acceptance, an approved extension on top (≤ 30)."""
    assert services.handle_due_for(date(2026, 9, 14)) == date(2026, 11, 13)  # Friday
    assert services.handle_due_for(date(2026, 9, 29)) == date(2026, 11, 30)  # Saturday 28th → Monday
    assert services.handle_due_for(date(2026, 9, 14), 30) == date(2026, 12, 14)  # Sunday 13th → Monday


def test_review_limits_thirty_days():
    """《信访工作条例》第三十五条、第三十六条: 复查 / 复核 decided within 30 days of the request."""
    assert services.review_due_for(date(2026, 9, 1), "review") == date(2026, 10, 8)  # 1 October → the 8th
    assert services.review_due_for(date(2026, 9, 14), "rereview") == date(2026, 10, 14)


def test_registered_and_accepted_cases_carry_their_limits(office, clock):
    """The limits are set by the steps: 15 days at 登记, 60 at 受理 [48]."""
    clock.move_to(datetime(2026, 9, 16, 10, 0, tzinfo=TZ))
    case = f.registered(office, received_at=datetime(2026, 9, 16, 9, 0, tzinfo=TZ))
    assert case.accept_due == date(2026, 10, 8)
    clock.move_to(datetime(2026, 10, 9, 10, 0, tzinfo=TZ))  # a day late
    case = services.accept_case(actor=office["xinfang"], pk=case.pk, handler=office["guikou2"])
    assert case.decided_on_time is False
    assert case.handle_due == date(2026, 12, 8) and case.handling_since == date(2026, 10, 9)


def _scan(key, *, days=120):
    ctx = ScanContext(now=f.NOW, warnings_wanted=False)
    source = registry.get(key)
    return list(source.deadlines(ctx, due_from=None, due_before=f.NOW + timedelta(days=days)))


def test_each_limit_is_a_registered_deadline_source(office):
    """Each time limit is a source of the reminder engine, naming the case by number, never the person."""
    registered = f.registered(office, people=[f.person(1)])
    referred = f.referred(office, people=[f.person(2)])
    answered = f.answered(office, people=[f.person(3)])
    services.request_review(
        actor=office["xinfang"], pk=answered.pk, kind="review", requested_on=f.TODAY, request="不服"
    )
    accept = _scan("petitions.accept")
    assert [d.item_id for d in accept] == [registered.pk]
    assert set(accept[0].actor_ids) == {office["xinfang"].pk}
    handle = _scan("petitions.handle")
    assert [d.item_id for d in handle] == [referred.pk]
    assert {office["lianluo"].pk, office["xinfang"].pk} <= set(handle[0].actor_ids)
    assert len(_scan("petitions.review")) == 1
    assert all(f.id_number(1) not in d.title and "才仁" not in d.title for d in accept + handle)
    ctx = ScanContext(now=f.NOW, warnings_wanted=False)
    assert registry.get("petitions.handle").still_open(ctx, [referred.pk, registered.pk]).keys() == {referred.pk}


def _todo(user):
    provider = next(p for p in workqueue.providers() if p.key == "petitions")
    items = provider.items(user, 50)
    assert provider.count(user) == len(items)
    return items


def test_todo_for_staff_handler_head_and_contact(office):
    """我的待办: the staff's cases to decide, the handler's, the 办公室主任's extensions, the contact's referrals."""
    registered = f.registered(office, people=[f.person(1)])
    own = f.accepted(office, people=[f.person(2)], handler=office["guikou3"])
    referred = f.referred(office, people=[f.person(3)])
    services.request_extension(actor=office["guikou3"], pk=own.pk, reason="复杂", days=10)
    assert {i.title for i in _todo(office["xinfang"])} >= {services.FLOW.name(registered), services.FLOW.name(referred)}
    assert [i.title for i in _todo(office["guikou3"])] == [services.FLOW.name(own)]
    assert [i.title for i in _todo(office["zhuren"])] == [services.FLOW.name(own)]
    assert [i.title for i in _todo(office["lianluo"])] == [services.FLOW.name(referred)]
    assert _todo(office["dazi"]) == []
    services.record_unit_answer(actor=office["lianluo"], pk=referred.pk, answer="已办结")
    assert _todo(office["lianluo"]) == []
    assert referred.state == State.HANDLING
