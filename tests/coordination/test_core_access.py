"""Who sees which 协调事项 (the one visibility selector), the to-do queues and the reminders [9], [15]."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from coordination import selectors, services
from coordination.deadline_sources import DecisionSource, DueDateSource
from coordination.rules import can_open_coordination
from coordination.todo import CoordinationWork
from deadlines.registry import ScanContext
from tests import factories as people

from . import factories
from .factories import TODAY

pytestmark = pytest.mark.django_db


def _visible(user):
    return set(selectors.matters_visible_to(user).values_list("pk", flat=True))


def test_office_leaders_chiefs_and_the_county_head_see_every_matter_9_15(office):
    """[9][15]: the director, the deputies, the section chiefs and the 县长 read every matter."""
    a = factories.registered(office)
    b = factories.registered(office, parties=("county_unit", "department"), handler=office["guikou3"])
    for who in ("zhuren", "fuzhuren", "fuzhuren_wenmi", "kezhang", "xianzhang"):
        assert {a.pk, b.pk} <= _visible(office[who]), who


def test_the_handler_sees_their_own_matters_only_9(office):
    """[9]: an 归口人员 sees the matters they handle, not a colleague's."""
    mine = factories.registered(office, handler=office["guikou3"], by="zhuren")
    other = factories.registered(office, by="zhuren")
    assert mine.pk in _visible(office["guikou3"]) and other.pk not in _visible(office["guikou3"])


def test_a_deputy_head_sees_what_was_put_before_them_9(office):
    """[9]: the county leader asked sees the matter; another deputy head does not."""
    matter = factories.proposed(office)
    assert matter.pk in _visible(office["fuxianzhang1"])
    assert matter.pk not in _visible(office["fuxianzhang2"])


def test_a_contact_sees_only_their_units_matters_9(office):
    """[9]: a party's 联络员 sees their unit's matters; not the others'."""
    theirs = factories.registered(office)
    others = factories.registered(
        office, parties=("county_unit", "department"), requested_by=office.units["county_unit"]
    )
    visible = _visible(office["lianluo"])
    assert theirs.pk in visible and others.pk not in visible


def test_the_navigation_asks_roles_only_9(office, django_assert_num_queries):
    """[9]: the office, county leaders and contacts see the chapter; the typist does not; no query."""
    users = {k: office[k] for k in ("zhuren", "guikou1", "xianzhang", "lianluo", "dazi", "xinxi")}
    for user in users.values():
        user.groups.all()  # warm nothing: roles_of caches per user object
        can_open_coordination(user)
    with django_assert_num_queries(0):
        assert can_open_coordination(users["zhuren"]) and can_open_coordination(users["lianluo"])
        assert can_open_coordination(users["xianzhang"]) and can_open_coordination(users["guikou1"])
        assert not can_open_coordination(users["dazi"]) and not can_open_coordination(users["xinxi"])


def test_the_todo_holds_the_handlers_and_the_leaders_steps_9(office):
    """[9]: the handler coordinates and carries out the decision; the leader asked decides."""
    work = CoordinationWork()
    factories.registered(office)
    proposed = factories.proposed(office)
    assert work.count(office["guikou2"]) == 1
    assert [i.action for i in work.items(office["guikou2"], 10)] == ["组织协调并提出处理意见 [9]"]
    assert work.count(office["fuxianzhang1"]) == 1 and work.count(office["fuxianzhang2"]) == 0
    services.matter_decide(actor=office["fuxianzhang1"], pk=proposed.pk, decision="同意。")
    assert work.count(office["fuxianzhang1"]) == 0 and work.count(office["guikou2"]) == 2


def test_a_proposal_waiting_five_working_days_reminds_the_leader_9(office, settings):
    """[9]: COORDINATION_DECISION_WARN_DAYS (5) working days after the proposal: due; 国庆 days not counted."""
    matter = factories.proposed(office)
    source = DecisionSource()
    ctx = ScanContext(now=matter.proposed_at)
    far = matter.proposed_at + timedelta(days=60)
    (deadline,) = list(source.deadlines(ctx, due_from=None, due_before=far))
    assert office["fuxianzhang1"].pk in deadline.actor_ids and office["fuzhuren"].pk in deadline.actor_ids
    # Tuesday 15 September + 5 working days: 16, 17, 18, Sunday 20 (a working day swapped for 国庆), Monday 21.
    assert deadline.due_at.date() == datetime(2026, 9, 21).date()
    settings.COORDINATION_DECISION_WARN_DAYS = 2
    (deadline,) = list(source.deadlines(ctx, due_from=None, due_before=far))
    assert deadline.due_at.date() == datetime(2026, 9, 17).date()
    services.matter_decide(actor=office["fuxianzhang1"], pk=matter.pk, decision="同意")
    assert source.still_open(ctx, [matter.pk]) == {}


def test_a_due_date_reminds_the_handler_9(office):
    """[9]: a matter with a 协调时限 is due at the end of that day; the handler and the lead are told."""
    matter = factories.registered(office, due_on=TODAY + timedelta(days=3))
    ctx = ScanContext(now=matter.created_at)
    (deadline,) = list(DueDateSource().deadlines(ctx, due_from=None, due_before=matter.created_at + timedelta(days=9)))
    assert deadline.item_id == matter.pk and office["guikou2"].pk in deadline.actor_ids
    assert deadline.due_at.date() == TODAY + timedelta(days=3)


def test_a_stranger_sees_nothing_9(office):
    """[9]: a person of no working role sees no matter."""
    factories.registered(office)
    stranger = people.person(username="t-stranger", full_name="路人")
    assert _visible(stranger) == set()
