"""Where items come from: a meeting's decision taken over [15], [37]; a leader's 批示 on an incoming document
[11], [37]; and the reminders, sent once [39], [40]."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.workflow import ActionRefused
from deadlines.models import Reminder
from deadlines.services import deadlines_scan
from meetings import services as meetings
from meetings.models import DecisionState
from org.models import SecretLevel
from supervision import services
from supervision.models import Item, Source, State
from tests.incoming import factories as incoming
from tests.meetings.factories import held

from .factories import tracked

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _decision(office, m, **overrides):
    values = {
        "text": "测试农牧局牵头完成草场围栏维修",
        "leader": office["fuzhuren"],
        "due_date": date(2026, 9, 30),
        "units": (office.units["department"], office.units["township"]),
    }
    values.update(overrides)
    return meetings.decision_add(actor=office["shoufa"], pk=m.pk, data=meetings.DecisionData(**values))


# --- the meetings' decisions [15], [37] ----------------------------------------------------------------------------


def test_tracking_a_decision_makes_its_item_once_and_the_decision_follows_it_15_37(office):
    """[15], [37]: 立项督办 makes one supervision item with the decision's text, units, leader and deadline;
    when the item is closed the decision is done, when cancelled the decision is voided."""
    m = held(office)
    d = _decision(office, m)
    meetings.decision_track(actor=office["shoufa"], pk=d.pk)
    obj = Item.objects.get(decision=d)
    assert obj.source == Source.MEETING and obj.state == State.TRACKING
    assert obj.text == d.text and obj.deadline == date(2026, 9, 30) and obj.first_responsible == office["fuzhuren"]
    assert obj.lead_unit == office.units["department"] and list(obj.assisting_units.all()) == [office.units["township"]]
    with pytest.raises(ValidationError, match="已立项督办"):
        services.item_from_decision(actor=office["shoufa"], decision_pk=d.pk)
    services.item_submit_close(actor=office["shoufa"], pk=obj.pk, result="围栏已修复")
    services.item_close(actor=office["fuzhuren"], pk=obj.pk)
    d.refresh_from_db()
    assert d.state == DecisionState.DONE and d.result == "围栏已修复"

    other = _decision(office, m, text="另一议定事项")
    meetings.decision_track(actor=office["shoufa"], pk=other.pk)
    with pytest.raises(ActionRefused, match="督查事项"):
        meetings.decision_void(actor=office["shoufa"], pk=other.pk, reason="合并")
    services.item_cancel(actor=office["fuzhuren"], pk=Item.objects.get(decision=other).pk, reason="已并入第1项")
    other.refresh_from_db()
    assert other.state == DecisionState.VOIDED and other.void_reason == "已并入第1项"


def test_a_tracked_decision_is_reminded_by_supervision_only_once_40(office):
    """[40]: the meetings' own reminder leaves tracked decisions alone; supervision reminds the 经办人 and
    the unit contacts — once, however many scans run."""
    m = held(office)
    d = _decision(office, m, units=(office.units["township"],))
    meetings.decision_track(actor=office["shoufa"], pk=d.pk)
    obj = Item.objects.get(decision=d)
    overdue = datetime(2026, 10, 2, 9, 0, tzinfo=SHANGHAI)
    deadlines_scan(now=overdue, deliver="inline")
    deadlines_scan(now=overdue, deliver="inline")
    assert not Reminder.objects.filter(rule="meetings.decision", item_id=d.pk).exists()
    rows = Reminder.objects.filter(rule="supervision.deadline", item_id=obj.pk)
    recipients = sorted(rows.values_list("recipient__username", "stage"))
    assert ("t-lianluo", "overdue") in recipients and ("t-shoufa", "overdue") in recipients
    assert len(recipients) == len(set(recipients))


def test_periodic_reporting_dates_are_reminded_40(office):
    obj = tracked(office, days=None, report_cycle="monthly", report_day=5)
    assert obj.next_report_on == date(2026, 10, 5)
    deadlines_scan(now=datetime(2026, 10, 6, 9, 0, tzinfo=SHANGHAI), deliver="inline")
    assert Reminder.objects.filter(rule="supervision.report", item_id=obj.pk, recipient=office["guikou2"]).exists()


# --- a 批示 on an incoming document [11], [37] ----------------------------------------------------------------------


def _signed(office, *, comment="请农牧局牵头抓好落实，月底前报结果。", **register):
    doc = incoming.register(office, **register)
    incoming.distribute(office, doc, readers=[incoming.act(office, "fuxianzhang1")])
    from documents.incoming import services as incoming_services

    incoming_services.incoming_sign(actor=office["fuxianzhang1"], pk=doc.pk, comment=comment)
    return doc


def test_a_leaders_instruction_becomes_an_item_in_one_action_11_37(client_as, office):
    """[11], [37]: one button on the incoming document makes its 批示 an item, text prefilled, source linked."""
    doc = _signed(office)
    client = client_as("guikou2")
    page = client.get(reverse("incoming:detail", args=[doc.pk])).content.decode()
    assert "data-from-instruction" in page
    reader = doc.readers.get(reader=office["fuxianzhang1"])
    response = client.post(reverse("supervision:from_instruction", args=[reader.pk]))
    assert response.status_code == 302
    obj = Item.objects.get(from_instruction=reader)
    assert obj.source == Source.COUNTY_LEADER and obj.from_incoming_id == doc.pk
    assert obj.text == "请农牧局牵头抓好落实，月底前报结果。" and obj.instructed_by == office["fuxianzhang1"]
    assert obj.state == State.REGISTERED
    # Once only: the button is gone, a second post is refused.
    assert "data-from-instruction" not in client.get(reverse("incoming:detail", args=[doc.pk])).content.decode()
    assert client.post(reverse("supervision:from_instruction", args=[reader.pk])).status_code == 400
    # Not for people who do not run supervision.
    assert (
        "data-from-instruction"
        not in client_as("fuxianzhang1").get(reverse("incoming:detail", args=[doc.pk])).content.decode()
    )


def test_an_item_from_a_classified_document_keeps_its_level_31_32(office):
    """[31], [32]: the item keeps the document's secret level and follows the classified rules."""
    doc = _signed(office, secret_level=SecretLevel.SECRET)
    reader = doc.readers.get(reader=office["fuxianzhang1"])
    with pytest.raises(ActionRefused, match="无权查看该来文"):
        services.item_from_instruction(actor=office["zhuren"], reader_pk=reader.pk)  # not on the document
    obj = services.item_from_instruction(actor=office["shoufa"], reader_pk=reader.pk)
    assert obj.secret_level == SecretLevel.SECRET
    assert not Item.objects.filter(pk=obj.pk, secret_level=0).exists()
    from supervision.selectors import items_visible_to

    assert obj in items_visible_to(office["shoufa"]) and obj in items_visible_to(office["fuzhuren_wenmi"])
    assert obj not in items_visible_to(office["kezhang"]) and obj not in items_visible_to(office["zhuren"])
    assert obj not in items_visible_to(office["lianluo"])
