"""“经县人民政府研究” rests on a county meeting's decision chosen from the meetings chapter [30(3)2], [6]."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from documents.outgoing.choices import Authority
from documents.outgoing.signing import signing_plan
from meetings import services as meetings
from meetings.kinds import Kind
from tests.meetings.conftest import NOW
from tests.meetings.factories import held

pytestmark = pytest.mark.django_db

BODY = "经县人民政府研究，决定开展春季草原防火检查。"


@pytest.fixture(autouse=True)
def clock():
    """The meetings' factories count from the meetings tests' day."""
    with time_machine.travel(NOW, tick=False):
        yield


def _decision(office, meeting, text):
    data = meetings.DecisionData(
        text=text, leader=office["fuxianzhang1"], due_date=date(2026, 12, 31), units=(office.units["department"],)
    )
    return meetings.decision_add(actor=office["shoufa"], pk=meeting.pk, data=data)


def test_a_chosen_decision_is_the_decided_matter_and_the_document_may_be_signed(office, draft):
    meeting = held(office, Kind.COUNTY_EXECUTIVE, chair=office["xianzhang"], attendees=[office["guikou2"]])
    decision = _decision(office, meeting, "开展春季草原防火检查")
    doc = draft(authority=Authority.OFFICE, body=BODY, basis_decision=decision)
    assert doc.basis_decision == decision
    assert doc.decided_matter.startswith(meeting.number_label + "议定事项第1项")
    assert signing_plan(doc).ok


def test_an_office_meetings_decision_or_one_not_visible_is_refused(office, draft):
    """An office meeting decides the office's own work, not the county government's [18], [30(3)2]."""
    internal = _decision(office, held(office, attendees=[office["guikou2"]]), "综合科编制值班表")
    with pytest.raises(ValidationError, match="县政府会议"):
        draft(authority=Authority.OFFICE, body=BODY, basis_decision=internal)
    hidden = _decision(office, held(office, Kind.COUNTY_EXECUTIVE, chair=office["xianzhang"]), "不公开的决定")
    with pytest.raises(ValidationError, match="无权查看"):
        draft(authority=Authority.OFFICE, body=BODY, basis_decision=hidden)
